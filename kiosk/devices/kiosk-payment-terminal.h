/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskPaymentTerminal: what the kiosk asks of a card terminal, whichever it is — the
 * simulated one (demo, tests; kiosk-payment-simulated.h) or a real one on the network
 * (kiosk-payment-opi.h). One asynchronous call: take `amount` for `reference`.
 *
 * Outcomes:
 *   approved online   → a KioskCardApproval with offline = FALSE, the issuer's auth code and
 *                       the card's last 4 digits;
 *   acquirer offline  → the driver asks the kiosk (kiosk_payment_terminal_check_offline) and
 *                       approves offline (offline = TRUE, store-and-forward) only within the
 *                       store's caps, else KIOSK_ERROR_OFFLINE_LIMIT;
 *   declined          → KIOSK_ERROR_PAYMENT_DECLINED;
 *   no answer in time → KIOSK_ERROR_PAYMENT_TIMED_OUT;
 *   visitor pressed Cancel on the terminal → KIOSK_ERROR_PAYMENT_CANCELLED;
 *   terminal unreachable or answering nonsense → KIOSK_ERROR_PAYMENT_TERMINAL;
 *   the kiosk cancelled through `cancellable` → G_IO_ERROR_CANCELLED.
 *
 * Usage:
 *
 *   terminal = kiosk_payment_terminal_new_for_spec ("simulated:approve", store, &error);
 *   kiosk_payment_terminal_pay_async (terminal, 5000, "MCT01-261130-0004", cancellable,
 *                                     paid_cb, self);
 *   …
 *   approval = kiosk_payment_terminal_pay_finish (terminal, result, &error);
 *   auth = kiosk_card_approval_to_auth (approval);  // then the service write
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-money.h"
#include "kiosk-services.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean offline;        /* stored to forward later */
  char     auth_code[16];  /* issuer's code online; the terminal's own offline */
  char     card_last4[5];
} KioskCardApproval;

/* The service write's view of an approval (points into `approval`). */
KioskPaymentAuth kiosk_card_approval_to_auth (const KioskCardApproval *approval);

#define KIOSK_TYPE_PAYMENT_TERMINAL (kiosk_payment_terminal_get_type ())

G_DECLARE_INTERFACE (KioskPaymentTerminal, kiosk_payment_terminal, KIOSK, PAYMENT_TERMINAL,
                     GObject)

struct _KioskPaymentTerminalInterface
{
  GTypeInterface g_iface;

  void               (*pay_async)  (KioskPaymentTerminal *self,
                                    KioskBaisa            amount,
                                    const char           *reference,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
  KioskCardApproval *(*pay_finish) (KioskPaymentTerminal *self,
                                    GAsyncResult         *result,
                                    GError              **error);
  void               (*reverse_async)  (KioskPaymentTerminal    *self,
                                        const KioskCardApproval *approval,
                                        KioskBaisa               amount,
                                        GCancellable            *cancellable,
                                        GAsyncReadyCallback      callback,
                                        gpointer                 user_data);
  gboolean           (*reverse_finish) (KioskPaymentTerminal    *self,
                                        GAsyncResult            *result,
                                        GError                 **error);
};

void               kiosk_payment_terminal_pay_async   (KioskPaymentTerminal *self,
                                                       KioskBaisa            amount,
                                                       const char           *reference,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
/* A new approval (g_free it), or NULL with `error` set. */
KioskCardApproval *kiosk_payment_terminal_pay_finish  (KioskPaymentTerminal *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* Gives back a payment the terminal approved but the kiosk could not record (the service
 * write failed): the card holder is not charged. */
void               kiosk_payment_terminal_reverse_async  (KioskPaymentTerminal    *self,
                                                          const KioskCardApproval *approval,
                                                          KioskBaisa               amount,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
gboolean           kiosk_payment_terminal_reverse_finish (KioskPaymentTerminal    *self,
                                                          GAsyncResult            *result,
                                                          GError                 **error);

/* For drivers: may `amount` be approved offline now, given the store's limits and what it
 * already holds? FALSE with KIOSK_ERROR_OFFLINE_LIMIT (or a store error) if not. */
gboolean           kiosk_payment_terminal_check_offline (KioskStore  *store,
                                                         KioskBaisa   amount,
                                                         GError     **error);

/* The terminal [devices] payment names: "simulated:MODE" or "opi:HOST:PORT". "counter-only"
 * gives NULL without an error: this kiosk takes no cards. */
KioskPaymentTerminal *kiosk_payment_terminal_new_for_spec (const char  *spec,
                                                           KioskStore  *store,
                                                           GError     **error);

G_END_DECLS
