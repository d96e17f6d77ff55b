/* The one place where a failure becomes a sentence for the visitor, in the language on
 * screen: every flow shows errors through here, never error->message (that is for logs). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A short, polite sentence for `error` in the current language (static, from the catalogue).
 * KIOSK_ERROR codes get their own sentence; anything else gets the general one. */
const char *kiosk_error_text (const GError *error);

/* The same for a bare KIOSK_ERROR code, for pages that keep the code to re-say it after a
 * language switch. */
const char *kiosk_error_text_for_code (int code);

G_END_DECLS
