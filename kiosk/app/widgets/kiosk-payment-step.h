/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskPaymentStep: the payment step any flow puts among its steps. Given the amount, what
 * it is for and a function that performs the service write with a KioskPaymentAuth, it lets
 * the visitor pay by card (the configured KioskPaymentTerminal) or at the counter (a signed
 * voucher), and ends with "finished" (the record's UUID and reference: show the receipt
 * page) — the write function is called exactly once per finished payment.
 *
 * A card payment declined, timed out or cancelled on the terminal leaves the visitor on the
 * step with the reason and both choices; a card payment refused for the offline caps (by the
 * driver or, last line, by the service write) hides the card choice and offers the counter.
 * Other write errors are shown on the step (the flow may go back to fix input).
 *
 * Usage, in a flow:
 *
 *   static gboolean
 *   write_cb (KioskStore *store, const KioskPaymentAuth *auth, KioskRecordRef *out_ref,
 *             gpointer user_data, GError **error)
 *   {
 *     MyFlow *self = user_data;
 *     return kiosk_services_pay_fines (store, self->plate, (const char * const *) self->numbers,
 *                                      auth, out_ref, error);
 *   }
 *
 *   // when the visitor reaches the step:
 *   kiosk_payment_step_set_request (self->payment_step, store, total,
 *                                   _("Parking fines"), write_cb, self, NULL);
 *   kiosk_flow_go_to (KIOSK_FLOW (self), "pay");
 *
 *   // "finished" handler:
 *   kiosk_receipt_page_show_record (self->receipt_page, store, uuid, &error);
 *   kiosk_flow_go_to_final (KIOSK_FLOW (self), "receipt");
 *
 * The flow calls kiosk_payment_step_retranslate () from its retranslate and
 * kiosk_payment_step_reset () from its reset (also cancels a payment on the terminal).
 * The kiosk's terminal comes from kiosk_payment_step_set_default_spec () ([devices] payment),
 * or a test's own with kiosk_payment_step_set_terminal (). */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-money.h"
#include "kiosk-payment-terminal.h"
#include "kiosk-services.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

/* Performs the service write for `auth` in its transaction; fills `out_ref` with the record
 * whose receipt is to be shown. */
typedef gboolean (*KioskPaymentWriteFunc) (KioskStore             *store,
                                           const KioskPaymentAuth *auth,
                                           KioskRecordRef         *out_ref,
                                           gpointer                user_data,
                                           GError                **error);

#define KIOSK_TYPE_PAYMENT_STEP (kiosk_payment_step_get_type ())

G_DECLARE_FINAL_TYPE (KioskPaymentStep, kiosk_payment_step, KIOSK, PAYMENT_STEP, GtkWidget)

/* [devices] payment of the kiosk ("simulated:approve", "opi:HOST:PORT", "counter-only"):
 * the terminal every new payment step uses. Called once at start by the application. */
void        kiosk_payment_step_set_default_spec (const char             *spec);
/* That spec ("counter-only" until set), for the attendant's desk. */
const char *kiosk_payment_step_get_default_spec (void);

GtkWidget  *kiosk_payment_step_new              (void);

void        kiosk_payment_step_set_request      (KioskPaymentStep       *self,
                                                 KioskStore             *store,
                                                 KioskBaisa              amount,
                                                 const char             *purpose,
                                                 KioskPaymentWriteFunc   write_func,
                                                 gpointer                user_data,
                                                 GDestroyNotify          destroy);
/* NULL: counter only. */
void        kiosk_payment_step_set_terminal     (KioskPaymentStep       *self,
                                                 KioskPaymentTerminal   *terminal);
void        kiosk_payment_step_retranslate      (KioskPaymentStep       *self);
void        kiosk_payment_step_reset            (KioskPaymentStep       *self);

/* The last error shown (a KioskError code), or -1. For tests and the flow's logs. */
int         kiosk_payment_step_get_error_code   (KioskPaymentStep       *self);
/* TRUE while the terminal has the payment. */
gboolean    kiosk_payment_step_is_busy          (KioskPaymentStep       *self);
gboolean    kiosk_payment_step_offers_card      (KioskPaymentStep       *self);

G_END_DECLS
