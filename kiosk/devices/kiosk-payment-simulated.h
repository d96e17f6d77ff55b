/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulated card terminal: in process, for the demo and the tests. Its mode (from
 * [devices] payment = simulated:MODE) decides every payment's outcome after a short,
 * realistic delay. Offline approvals go through the same store-and-forward check a real
 * driver makes. The test card ends in 4242. */
#pragma once

#include "kiosk-payment-terminal.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_SIMULATED_APPROVE,          /* approved online */
  KIOSK_SIMULATED_APPROVE_OFFLINE,  /* acquirer unreachable: approved offline within the caps */
  KIOSK_SIMULATED_DECLINE,
  KIOSK_SIMULATED_TIMEOUT,
  KIOSK_SIMULATED_CANCEL,           /* the visitor pressed Cancel on the terminal */
} KioskSimulatedMode;

/* "approve", "approve-offline", "decline", "timeout", "cancel". */
gboolean kiosk_simulated_mode_parse (const char         *text,
                                     KioskSimulatedMode *out_mode);

#define KIOSK_TYPE_PAYMENT_SIMULATED (kiosk_payment_simulated_get_type ())

G_DECLARE_FINAL_TYPE (KioskPaymentSimulated, kiosk_payment_simulated, KIOSK, PAYMENT_SIMULATED,
                      GObject)

/* `store` is not owned and must outlive the terminal. */
KioskPaymentSimulated *kiosk_payment_simulated_new       (KioskStore            *store,
                                                          KioskSimulatedMode     mode);
void                   kiosk_payment_simulated_set_mode  (KioskPaymentSimulated *self,
                                                          KioskSimulatedMode     mode);
/* How long the "card holder" takes; 2 s by default, $KIOSK_SIMULATED_PAYMENT_MS overrides
 * it (tests use a few milliseconds). */
void                   kiosk_payment_simulated_set_delay (KioskPaymentSimulated *self,
                                                          guint                  delay_ms);

/* How many approved payments were reversed (for tests). */
guint                  kiosk_payment_simulated_get_reversals (KioskPaymentSimulated *self);

G_END_DECLS
