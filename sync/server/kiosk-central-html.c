/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTML escaping and the console's tiny template (see the header). */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-html.h"

#include <stdarg.h>
#include <string.h>

void
kiosk_central_html_escape (GString    *out,
                           const char *text)
{
  if (text == NULL)
    return;
  for (const char *p = text; *p; p++)
    switch (*p)
      {
      case '&':
        g_string_append (out, "&amp;");
        break;
      case '<':
        g_string_append (out, "&lt;");
        break;
      case '>':
        g_string_append (out, "&gt;");
        break;
      case '"':
        g_string_append (out, "&quot;");
        break;
      case '\'':
        g_string_append (out, "&#39;");
        break;
      default:
        g_string_append_c (out, *p);
        break;
      }
}

void
kiosk_central_html_add (GString    *out,
                        const char *template,
                        ...)
{
  va_list args;
  const char *p = template;
  const char *hole;

  va_start (args, template);
  while ((hole = strstr (p, "{}")) != NULL)
    {
      g_string_append_len (out, p, hole - p);
      kiosk_central_html_escape (out, va_arg (args, const char *));
      p = hole + 2;
    }
  g_string_append (out, p);
  va_end (args);
}
