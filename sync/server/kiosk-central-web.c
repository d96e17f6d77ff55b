/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The console's and Open311's responses (see the header). */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-web.h"

KioskCentralWebResponse *
kiosk_central_web_response_new (guint       status,
                                const char *type,
                                GBytes     *body)
{
  KioskCentralWebResponse *response = g_new0 (KioskCentralWebResponse, 1);

  response->status = status;
  response->type = type;
  response->body = body;
  response->headers = g_ptr_array_new_with_free_func (g_free);
  return response;
}

KioskCentralWebResponse *
kiosk_central_web_response_text (guint       status,
                                 const char *type,
                                 GString    *text)
{
  return kiosk_central_web_response_new (status, type, g_string_free_to_bytes (text));
}

void
kiosk_central_web_response_add_header (KioskCentralWebResponse *response,
                                       const char              *name,
                                       const char              *value)
{
  g_ptr_array_add (response->headers, g_strdup (name));
  g_ptr_array_add (response->headers, g_strdup (value));
}

void
kiosk_central_web_response_free (KioskCentralWebResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->headers, g_ptr_array_unref);
  g_free (response);
}

const char *
kiosk_central_web_get (GHashTable *fields,
                       const char *name)
{
  return fields ? g_hash_table_lookup (fields, name) : NULL;
}
