/* What a visitor does in the UI tests of the report, track and scan flows: touch a home tile,
 * type on the on-screen keyboard, hold up a QR code (a PNG the test camera source shows). */
#pragma once

#include "kiosk-ui-test-util.h"

G_BEGIN_DECLS

/* Touches the home tile of `code` and waits for its page. */
void         kiosk_ui_visitor_open_service (KioskWindow *window,
                                            const char  *code);
/* Types `text` on the window's keyboard, one key per character, switching layouts with the
 * keyboard's own keys; fails the test when no key types a character. */
void         kiosk_ui_visitor_type         (KioskWindow *window,
                                            const char  *text);
/* The descendant of the window with template id `id`; fails the test when there is none. */
GtkWidget   *kiosk_ui_visitor_by_id        (KioskWindow *window,
                                            const char  *id);
/* Writes `text` as a QR code (the kiosk's own encoder, up to 8 px a module, quiet zone, black
 * on white, centred on a 640×480 picture) to `path` as PNG, and returns the camera source
 * description that shows it as a live picture. */
char        *kiosk_ui_visitor_qr_source    (const char  *text,
                                            const char  *path);

G_END_DECLS
