/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers every UI test shares: GTK set up as the kiosk sets it up, a window on a seeded
 * store, waiting on the main loop, and looking through the widget tree as a visitor sees it. */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-test-util.h"
#include "kiosk-window.h"

G_BEGIN_DECLS

/* GtkButton's activate only clicks after ~250 ms; animations take a few hundred more. */
#define KIOSK_UI_WAIT_MS 5000

/* gtk_test_init (), the catalogues, the kiosk's fonts, icons and style sheet. */
void         kiosk_ui_test_init          (int          *argc,
                                          char       ***argv);

/* Runs the main loop until `cond (data)` holds; fails the test after KIOSK_UI_WAIT_MS. */
void         kiosk_ui_wait_for           (gboolean    (*cond) (gpointer data),
                                          gpointer      data,
                                          const char   *what);
#define KIOSK_UI_WAIT_FOR(expr)                                                         \
  G_STMT_START {                                                                        \
    gint64 deadline_ = g_get_monotonic_time () + KIOSK_UI_WAIT_MS * G_TIME_SPAN_MILLISECOND; \
    while (!(expr))                                                                     \
      {                                                                                 \
        if (g_get_monotonic_time () > deadline_)                                        \
          g_error ("timed out waiting for %s", #expr);                                 \
        kiosk_ui_iterate ();                                                            \
      }                                                                                 \
  } G_STMT_END

/* One main-loop iteration that never blocks for more than 10 ms. */
void         kiosk_ui_iterate            (void);
/* Runs the main loop for `ms` milliseconds. */
void         kiosk_ui_spin               (guint         ms);

/* A window on `store` with `config`'s session defaults (NULL: the built-in ones), shown and
 * painted once. The test holds a reference: close it with kiosk_ui_close_window (), which
 * asserts it is freed. */
KioskWindow *kiosk_ui_show_window        (KioskStore        *store,
                                          const KioskConfig *config);
void         kiosk_ui_close_window       (KioskWindow       *window);
/* Until the window has laid out and drawn what it shows now. */
void         kiosk_ui_wait_for_frame     (KioskWindow       *window);

/* The descendant of `widget` (or itself) whose template id is `id`, or NULL. */
GtkWidget   *kiosk_ui_find_by_id         (GtkWidget         *widget,
                                          const char        *id);
/* The choice button (KioskChoiceRow) of the item with `code` under `widget`, or NULL. */
GtkWidget   *kiosk_ui_find_choice        (GtkWidget         *widget,
                                          const char        *code);
/* The error label of the step (KioskStep) with template id `id` under `widget`; for any
 * other widget with that id, the widget itself; NULL when there is none. */
GtkWidget   *kiosk_ui_find_step_error    (GtkWidget         *widget,
                                          const char        *id);
/* Every descendant of `widget` (and itself) of `type`, in tree order. */
GPtrArray   *kiosk_ui_find_all           (GtkWidget         *widget,
                                          GType              type);
/* A label that a visitor can see showing exactly `text`. */
gboolean     kiosk_ui_shows_label        (GtkWidget         *widget,
                                          const char        *text);
/* A label that a visitor can see showing the identifier `id` as printed: its ASCII digits
 * unconverted, isolated left to right (U+2066 … U+2069) in a left-to-right label, so that
 * no Arabic around it reorders its parts. */
gboolean     kiosk_ui_shows_identifier   (GtkWidget         *widget,
                                          const char        *id);
/* Any label, button, editable or text view under `widget` (drawn or not) whose text contains
 * `needle`. */
gboolean     kiosk_ui_holds_text         (GtkWidget         *widget,
                                          const char        *needle);

/* Clicks `button` the way a touch does (activate), and waits for the click. */
void         kiosk_ui_click              (GtkWidget         *button);

/* `widget` (mapped) drawn as the screen shows it: premultiplied B G R A bytes, rows of
 * 4 × width; free with g_free. */
guint8      *kiosk_ui_render             (GtkWidget         *widget,
                                          int               *out_width,
                                          int               *out_height);
/* The QR codes `widget` shows, read from a picture of it (rendered by its window's renderer,
 * once mapped and laid out) with the kiosk's own decoder: what a camera held to the screen
 * would get. An empty array when there is none. */
GPtrArray   *kiosk_ui_read_qr_codes      (GtkWidget         *widget);

/* With $KIOSK_TEST_SCREENSHOT_DIR set, keeps a picture of the window to look at. */
void         kiosk_ui_maybe_screenshot   (KioskWindow       *window,
                                          const char        *name);

G_END_DECLS
