/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a visitor does in the UI tests of the service flows: touch a home tile, type on the
 * on-screen keyboard, hold up a QR code (a PNG the test camera source shows); and what those
 * tests look at on screen (the flow's step, an error label, a widget by name). */
#pragma once

#include "kiosk-ui-test-util.h"

G_BEGIN_DECLS

/* Fixture set-up of the flow tests: the temp database seeded with the demo data, Arabic. */
void         kiosk_ui_visitor_set_up_arabic (KioskTestFixture *f,
                                             gconstpointer     data);

/* The home tile of `code`, or NULL when the home page does not offer it. */
GtkWidget   *kiosk_ui_visitor_find_tile    (KioskWindow *window,
                                            const char  *code);
/* Touches the home tile of `code` and waits for its page. */
void         kiosk_ui_visitor_open_service (KioskWindow *window,
                                            const char  *code);
/* Shows a new window on `store`, touches the home tile of `code` (asserting there is one) and
 * asserts its page is shown at once; with `keyboard`, then waits for the on-screen keyboard. */
KioskWindow *kiosk_ui_visitor_show_service (KioskStore  *store,
                                            const char  *code,
                                            gboolean     keyboard);
/* Types `text` on the window's keyboard, one key per character, switching layouts with the
 * keyboard's own keys; fails the test when no key types a character. */
void         kiosk_ui_visitor_type         (KioskWindow *window,
                                            const char  *text);
/* As kiosk_ui_visitor_type(), but asserts the keyboard is already shown instead of waiting. */
void         kiosk_ui_visitor_type_shown   (KioskWindow *window,
                                            const char  *text);
/* The step of the flow the window shows. */
const char  *kiosk_ui_visitor_step         (KioskWindow *window);
/* The text of the error label of the step with template id `id` (or of the label with that
 * id) once a frame is drawn, or NULL when the label is not drawn. */
const char  *kiosk_ui_visitor_error_shown  (KioskWindow *window,
                                            const char  *id);
/* The child (not deeper) of `parent` whose widget name is `name`, or NULL. */
GtkWidget   *kiosk_ui_visitor_named_child  (GtkWidget   *parent,
                                            const char  *name);
/* The first descendant of `root`, depth first, whose widget name is `name`, or NULL. */
GtkWidget   *kiosk_ui_visitor_by_name      (GtkWidget   *root,
                                            const char  *name);
/* The descendant of the window with template id `id`; fails the test when there is none. */
GtkWidget   *kiosk_ui_visitor_by_id        (KioskWindow *window,
                                            const char  *id);
/* The QR payload of the receipt written for record `record_uuid`, or NULL. */
char        *kiosk_ui_visitor_receipt_qr   (KioskStore  *store,
                                            const char  *record_uuid);
/* Writes `text` as a QR code (the kiosk's own encoder, up to 8 px a module, quiet zone, black
 * on white, centred on a 640×480 picture) to `path` as PNG, and returns the camera source
 * description that shows it as a live picture. */
char        *kiosk_ui_visitor_qr_source    (const char  *text,
                                            const char  *path);

G_END_DECLS
