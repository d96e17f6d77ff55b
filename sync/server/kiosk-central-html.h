/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one place text becomes HTML: the console's pages are written with
 * kiosk_central_html_add(), whose template is trusted markup and whose every argument is
 * escaped. Nothing else in the server writes HTML from data. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends `text` with & < > " ' escaped (safe in element content and quoted attributes). */
void  kiosk_central_html_escape (GString    *out,
                                 const char *text);

/* Appends `template`, replacing each "{}" by the next argument (a const char *, NULL taken
 * as empty), escaped. The template must be a literal: it is the markup. The number of
 * arguments must match the number of "{}". */
void  kiosk_central_html_add    (GString    *out,
                                 const char *template,
                                 ...);

G_END_DECLS
