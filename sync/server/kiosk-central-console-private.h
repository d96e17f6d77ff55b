/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the console's page files share (kiosk-central-console.c, the routing and the report
 * pages; kiosk-central-console-content.c, announcements and the services guide): one
 * request's context, the page frame, and the answers every page gives. */
#pragma once

#include "kiosk-central-console-store.h"
#include "kiosk-central-console-text.h"
#include "kiosk-central-web.h"

G_BEGIN_DECLS

typedef struct
{
  const KioskCentralWebRequest *request;
  ConsoleLang                   lang;
  KioskCentralStaff            *staff;   /* NULL when not signed in */
  char                         *csrf;
  char                         *token;
} ConsoleContext;

const char              *console_tr           (ConsoleContext *context,
                                               ConsoleText     text);
/* A stored word (a status, a role…) in the page's language, or the word itself. */
const char              *console_word         (ConsoleContext *context,
                                               const char     *value);
/* A query field of at most 64 characters, or "". */
const char              *console_query        (ConsoleContext *context,
                                               const char     *name);
/* Muscat time (UTC+4), "YYYY-MM-DD HH:MM". */
char                    *console_format_time  (gint64          at);

/* A form's text with browser line ends (CRLF) made LF, checked by kiosk_validate_text: NULL
 * when too long or not allowed; "" for NULL. */
char                    *console_clean_text   (const char     *text,
                                               gsize           max_chars,
                                               GError        **error);

KioskCentralWebResponse *console_redirect     (const char     *location);
/* The document up to <main>: title, stylesheet, the bar with its links. */
void                     console_page_begin   (ConsoleContext *context,
                                               GString        *out,
                                               const char     *title);
KioskCentralWebResponse *console_page_end     (GString        *out,
                                               guint           status);
/* A page with only a heading and a sentence (not found, refused). */
KioskCentralWebResponse *console_message_page (ConsoleContext *context,
                                               guint           status,
                                               ConsoleText     text);
KioskCentralWebResponse *console_server_error (ConsoleContext *context,
                                               GError         *error);
/* A <select> of `codes` (char *, shown through console_word) or of `names`
 * (KioskCentralName *), with an empty "any" first. */
void                     console_add_select   (ConsoleContext *context,
                                               GString        *out,
                                               ConsoleText     label,
                                               const char     *name,
                                               const char     *current,
                                               GPtrArray      *codes,
                                               GPtrArray      *names);

G_END_DECLS
