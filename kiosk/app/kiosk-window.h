/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk's one window: the attract screen while nobody is there; during a session the
 * header band (municipality, language button), a toolbar (back, home, page title, large
 * text, high contrast) over the pages, and the on-screen keyboard under them. It owns the
 * session: idle warning, and the reset that forgets everything a visitor entered. Full
 * screen on a kiosk. */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-config.h"
#include "kiosk-idle-monitor.h"
#include "kiosk-keyboard.h"
#include "kiosk-page.h"
#include "kiosk-phone-upload.h"
#include "kiosk-printer.h"
#include "kiosk-speech.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_WINDOW (kiosk_window_get_type ())

G_DECLARE_FINAL_TYPE (KioskWindow, kiosk_window, KIOSK, WINDOW, GtkApplicationWindow)

/* `application` may be NULL (tests). `store` is not owned and must outlive the window; NULL
 * shows the not-ready page. Full screen unless $KIOSK_WINDOWED is 1. Session defaults
 * (language, idle times, digits) are the built-in ones. */
KioskWindow *kiosk_window_new              (GtkApplication *application,
                                            KioskStore     *store);
/* The same with the session defaults of `config` (copied; may be NULL). */
KioskWindow *kiosk_window_new_with_config  (GtkApplication    *application,
                                            KioskStore        *store,
                                            const KioskConfig *config);

KioskStore  *kiosk_window_get_store        (KioskWindow    *self);

/* "ar" or "en": switches the whole process's language (see kiosk-i18n.h) and rewrites every
 * text on screen. */
const char  *kiosk_window_get_language     (KioskWindow    *self);
void         kiosk_window_set_language     (KioskWindow    *self,
                                            const char     *language);

/* Replaces whatever is shown by the not-ready page; `error` says why, for the attendant. */
void         kiosk_window_show_not_ready   (KioskWindow    *self,
                                            const GError   *error);

/* "attract", "home", "not-ready", or the code of the service whose flow is showing. */
const char  *kiosk_window_get_page_name    (KioskWindow    *self);
/* The page showing in the session's stack (home, not-ready or a flow). */
KioskPage   *kiosk_window_get_page         (KioskWindow    *self);

/* What a tile does: opens the service's flow, or the "at the counter" notice. */
void         kiosk_window_open_service     (KioskWindow    *self,
                                            const char     *code);
/* The service whose "available at the counter" notice is showing, or NULL. */
const char  *kiosk_window_get_notice_service (KioskWindow  *self);

KioskKeyboard    *kiosk_window_get_keyboard        (KioskWindow *self);
gboolean          kiosk_window_get_keyboard_shown  (KioskWindow *self);
KioskIdleMonitor *kiosk_window_get_idle_monitor    (KioskWindow *self);
gboolean          kiosk_window_get_idle_warning_shown (KioskWindow *self);

/* A session begins (from the attract screen) in `language` (NULL: the default one). */
void         kiosk_window_start_session    (KioskWindow    *self,
                                            const char     *language);
/* A session ends: every flow page is destroyed with what was typed into it, the language,
 * text size and contrast go back to their defaults, and the attract screen shows. */
void         kiosk_window_end_session      (KioskWindow    *self);

/* Lays the pages out for a landscape screen (1920×1080) instead of a portrait one
 * (1080×1920). Set before the window is shown: a window does not shrink by itself. */
void         kiosk_window_set_landscape    (KioskWindow    *self,
                                            gboolean        landscape);

/* The configured camera ([devices] camera): a GStreamer source description, or "none". */
const char  *kiosk_window_get_camera_source (KioskWindow   *self);

/* Another camera than the configured one (the screenshot tour's, a failing one); the home
 * page goes back to the services it makes possible. */
void         kiosk_window_set_camera_source (KioskWindow  *self,
                                             const char   *source);

/* The configured receipt printer ([devices] printer), or NULL for "none". */
KioskPrinter *kiosk_window_get_printer     (KioskWindow   *self);

/* The phone upload server ([phone-upload]) the report's photo step opens links on, or NULL
 * without a store. Its session ends with the visitor's. */
KioskPhoneUpload *kiosk_window_get_phone_upload (KioskWindow *self);

/* Spoken guidance ([speech] mode, kiosk-speech.h), pressed through win.speak. */
KioskSpeech *kiosk_window_get_speech       (KioskWindow   *self);
/* What the screen showing now says aloud, in the session's language, through
 * kiosk_spoken_text (): the words the synthesizer is given. */
char        *kiosk_window_get_spoken_text  (KioskWindow   *self);
/* The same in `language` ("ar" or "en"): the bilingual attract and out-of-service screens,
 * shown outside any session, have words in either; a page has them in its session's. */
char        *kiosk_window_get_spoken_text_in (KioskWindow *self,
                                              const char  *language);
/* Whether the header says that this kiosk cannot read aloud (after the speak button). */
gboolean     kiosk_window_get_speech_message_shown (KioskWindow *self);

G_END_DECLS
