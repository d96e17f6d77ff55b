/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Record UUIDs and human references. */
#define G_LOG_DOMAIN "kiosk-core"

#include "config.h"

#include "kiosk-ids.h"

#include <string.h>

char *
kiosk_uuid_new (void)
{
  /* Version 4, from GLib's CSPRNG-seeded generator: collisions across kiosks are not a
   * practical concern, and the server dedupes on it forever. */
  return g_uuid_string_random ();
}

gboolean
kiosk_uuid_is_valid (const char *text)
{
  return text != NULL && g_uuid_string_is_valid (text);
}

char *
kiosk_reference_format (const char *kiosk_code,
                        const char *yymmdd,
                        gint64      sequence)
{
  g_return_val_if_fail (kiosk_code != NULL && yymmdd != NULL, NULL);
  g_return_val_if_fail (sequence > 0, NULL);

  /* Four digits cover a busy day; the field grows rather than wraps past 9999. */
  return g_strdup_printf ("%s-%s-%04" G_GINT64_FORMAT, kiosk_code, yymmdd, sequence);
}

gboolean
kiosk_reference_is_valid (const char *text)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL || strlen (text) > 32)
    return FALSE;

  parts = g_strsplit (text, "-", -1);
  if (g_strv_length (parts) != 3)
    return FALSE;

  if (strlen (parts[0]) < 2 || strlen (parts[0]) > 12 || strlen (parts[1]) != 6 ||
      strlen (parts[2]) < 4 || strlen (parts[2]) > 9)
    return FALSE;

  for (const char *p = parts[0]; *p; p++)
    if (!g_ascii_isupper (*p) && !g_ascii_isdigit (*p))
      return FALSE;
  for (guint i = 1; i < 3; i++)
    for (const char *p = parts[i]; *p; p++)
      if (!g_ascii_isdigit (*p))
        return FALSE;

  return TRUE;
}
