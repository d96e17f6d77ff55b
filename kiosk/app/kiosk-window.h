/* The kiosk's one window: the header band (municipality, language button) over the pages,
 * full screen on a kiosk. For now the pages are the home screen and "not ready". */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_WINDOW (kiosk_window_get_type ())

G_DECLARE_FINAL_TYPE (KioskWindow, kiosk_window, KIOSK, WINDOW, GtkApplicationWindow)

/* `application` may be NULL (tests). `store` is not owned and must outlive the window; NULL
 * shows the not-ready page. Full screen unless $KIOSK_WINDOWED is 1. */
KioskWindow *kiosk_window_new              (GtkApplication *application,
                                            KioskStore     *store);

KioskStore  *kiosk_window_get_store        (KioskWindow    *self);

/* "ar" or "en": switches the whole process's language (see kiosk-i18n.h) and rewrites every
 * text on screen. */
const char  *kiosk_window_get_language     (KioskWindow    *self);
void         kiosk_window_set_language     (KioskWindow    *self,
                                            const char     *language);

/* Replaces whatever is shown by the not-ready page; `error` says why, for the attendant. */
void         kiosk_window_show_not_ready   (KioskWindow    *self,
                                            const GError   *error);

/* "home" or "not-ready". */
const char  *kiosk_window_get_page_name    (KioskWindow    *self);

/* The service whose "available at the counter" notice is showing, or NULL. */
const char  *kiosk_window_get_notice_service (KioskWindow  *self);

G_END_DECLS
