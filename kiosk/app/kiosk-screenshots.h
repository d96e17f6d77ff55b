/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `kiosk --screenshots DIR`: drives the window through every page (attract, home and its
 * large-text and high-contrast variants, every step of the service flows with errors shown,
 * each keyboard layout, the attendant pages, the idle warning, not-ready) in Arabic and in
 * English, and writes DIR/<page>-<lang>.png for each. The pages are one table in
 * kiosk-screenshots.c: a new one is a line there (and, for a state the table's steps cannot
 * reach, a small function). */
#pragma once

#include "kiosk-window.h"

G_BEGIN_DECLS

/* The page names, in the order they are taken (NULL-terminated). */
const char * const *kiosk_screenshots_get_pages (void);

/* `window` must work on a store that may receive a test record (the tour submits one
 * feedback). Calls `callback` once every picture is written or one failed. */
void     kiosk_screenshots_run        (KioskWindow         *window,
                                       const char          *dir,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean kiosk_screenshots_run_finish (KioskWindow         *window,
                                       GAsyncResult        *result,
                                       GError             **error);

/* What kiosk_screenshots_walk () calls at each page instead of taking its picture: `shown`
 * is the window showing it (the tour's, or the not-ready page's own). */
typedef void (*KioskScreenshotsVisit) (GtkWidget  *shown,
                                       const char *page,
                                       const char *language,
                                       gpointer    data);

/* The same tour without pictures nor paper: `visit` looks at each page once it has settled
 * (the layout checks of tests/ui). Finish with kiosk_screenshots_run_finish (). */
void     kiosk_screenshots_walk       (KioskWindow           *window,
                                       KioskScreenshotsVisit  visit,
                                       gpointer               data,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data);

G_END_DECLS
