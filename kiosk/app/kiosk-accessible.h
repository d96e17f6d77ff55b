/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Accessible names: every control gets one in the language on screen, and tests can read it
 * back (GTK 4.8 offers no getter for accessible properties). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Sets the accessible label of `widget` (what a screen reader says) and remembers it. */
void        kiosk_accessible_set_label (GtkWidget  *widget,
                                        const char *label);

/* The label last set with kiosk_accessible_set_label (), or NULL. */
const char *kiosk_accessible_get_label (GtkWidget  *widget);

/* A button's visible label, which is also its accessible name. */
void        kiosk_accessible_set_button_label (GtkButton  *button,
                                               const char *label);

G_END_DECLS
