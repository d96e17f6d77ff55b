/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading the kiosk's fontconfig setting. */
#define G_LOG_DOMAIN "kiosk-fonts"

#include "config.h"

#include "kiosk-fonts.h"

#include <fontconfig/fontconfig.h>
#include <gio/gio.h>

#include "kiosk-error.h"

#define FONTS_RESOURCE "/om/gov/muscat/Kiosk/fontconfig/kiosk-fonts.conf"

gboolean
kiosk_fonts_init (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  FcConfig *config;
  gsize size;

  bytes = g_resources_lookup_data (FONTS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;
  /* fontconfig wants a NUL-terminated string. */
  text = g_strndup (g_bytes_get_data (bytes, &size), g_bytes_get_size (bytes));

  config = FcConfigGetCurrent ();
  if (config == NULL || !FcConfigParseAndLoadFromMemory (config, (const FcChar8 *) text, FcTrue))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED,
                   "fontconfig refused the kiosk's font setting (%s)", FONTS_RESOURCE);
      return FALSE;
    }
  return TRUE;
}
