/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskKeyboardBar: the strip just above the on-screen keyboard that keeps the step's error
 * and its primary button (Next, Sign in, Confirm…) in view while the keyboard takes the
 * lower part of the screen. Its button stands for the step's own: same text, same
 * sensitivity, and a tap clicks the step's button. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_KEYBOARD_BAR (kiosk_keyboard_bar_get_type ())

G_DECLARE_FINAL_TYPE (KioskKeyboardBar, kiosk_keyboard_bar, KIOSK, KEYBOARD_BAR, GtkWidget)

GtkWidget *kiosk_keyboard_bar_new         (void);

/* Follows the step of `field` (the focused text input, or NULL for none): the mapped
 * button styled kiosk-primary and the label styled kiosk-error nearest to it, searched
 * among its ancestors' descendants up to `page` (excluded: what lies around the page, such
 * as notices, is not the step's). Hidden when the step has neither. */
void       kiosk_keyboard_bar_follow      (KioskKeyboardBar *self,
                                           GtkWidget        *field,
                                           GtkWidget        *page);

/* The step's button the bar stands for, and its error label (shown or not), or NULL. */
GtkWidget *kiosk_keyboard_bar_get_primary (KioskKeyboardBar *self);
GtkWidget *kiosk_keyboard_bar_get_error   (KioskKeyboardBar *self);

/* Whether the step's button and its error need the bar: the window says so when they are
 * scrolled out of the room above the keyboard (both, until it says otherwise). */
void       kiosk_keyboard_bar_set_needed  (KioskKeyboardBar *self,
                                           gboolean          primary,
                                           gboolean          error);

G_END_DECLS
