/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskIdleWarning: the card over everything that asks "Are you still there?" with the
 * seconds left before the session is erased, and a Continue button (win.continue-session).
 * The window shows it when its KioskIdleMonitor warns and feeds it the countdown. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_IDLE_WARNING (kiosk_idle_warning_get_type ())

G_DECLARE_FINAL_TYPE (KioskIdleWarning, kiosk_idle_warning, KIOSK, IDLE_WARNING, GtkWidget)

GtkWidget *kiosk_idle_warning_new         (void);

/* The seconds left, written in the screen's digits (kiosk-i18n.h). */
guint      kiosk_idle_warning_get_seconds (KioskIdleWarning *self);
void       kiosk_idle_warning_set_seconds (KioskIdleWarning *self,
                                           guint             seconds);
/* The visitor was typing: the button offers more time rather than "Continue". */
void       kiosk_idle_warning_set_typing  (KioskIdleWarning *self,
                                           gboolean          typing);
/* Rewrites every text in the current language. */
void       kiosk_idle_warning_retranslate (KioskIdleWarning *self);

G_END_DECLS
