/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskCounterNotice: the card that slides up over the pages when a visitor taps a service
 * the kiosk cannot do by itself yet: the service's name, "available at the counter for now"
 * and OK (win.dismiss-notice). The window says which service and when it shows. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_COUNTER_NOTICE (kiosk_counter_notice_get_type ())

G_DECLARE_FINAL_TYPE (KioskCounterNotice, kiosk_counter_notice, KIOSK, COUNTER_NOTICE, GtkWidget)

GtkWidget  *kiosk_counter_notice_new          (void);

/* The service's name in the current language; NULL or "" shows none. */
const char *kiosk_counter_notice_get_title    (KioskCounterNotice *self);
void        kiosk_counter_notice_set_title    (KioskCounterNotice *self,
                                               const char         *title);
/* Slides the card in (and focuses OK) or out. */
gboolean    kiosk_counter_notice_get_revealed (KioskCounterNotice *self);
void        kiosk_counter_notice_set_revealed (KioskCounterNotice *self,
                                               gboolean            revealed);
/* Rewrites the notice's own texts in the current language. */
void        kiosk_counter_notice_retranslate  (KioskCounterNotice *self);

G_END_DECLS
