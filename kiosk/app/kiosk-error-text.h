/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one place where a failure becomes a sentence for the visitor, in the language on
 * screen: every flow shows errors through here, never error->message (that is for logs). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A short, polite sentence for `error` in the current language (static, from the catalogue).
 * KIOSK_ERROR codes get their own sentence; anything else gets the general one. */
const char *kiosk_error_text (const GError *error);

/* The same for a bare KIOSK_ERROR code, for pages that keep the code to re-say it after a
 * language switch. */
const char *kiosk_error_text_for_code (int code);

/* "No error shown" where a page keeps the code of the sentence it shows. */
#define KIOSK_ERROR_TEXT_NONE (-1)

/* The sentence for `code`, or NULL for KIOSK_ERROR_TEXT_NONE. */
const char *kiosk_error_text_or_none (int code);
/* TRUE for the kiosk's own state rather than the visitor's mistake (no camera, the camera
 * stopped): told calmly beside the way on, not in the red of an error. */
gboolean    kiosk_error_is_notice (int code);
/* Styles the label showing a sentence: an error's red box, or a notice's plain text. */
void        kiosk_error_style_label (GtkWidget *label,
                                     gboolean   notice);
/* The KioskError code of `error`; KIOSK_ERROR_FAILED for any other domain. */
int         kiosk_error_code_of (const GError *error);

G_END_DECLS
