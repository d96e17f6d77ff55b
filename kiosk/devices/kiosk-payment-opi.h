/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The card terminal driver for terminals on the network that speak OPI (Open Payment
 * Initiative, IFSF): CardServiceRequest / CardServiceResponse XML documents over TCP, each
 * framed by a 4-byte big-endian length. [devices] payment = opi:HOST:PORT.
 *
 * The subset spoken (one request per connection):
 *
 *   kiosk → terminal  <CardServiceRequest RequestType="CardPayment" ApplicationSender="MuscatKiosk"
 *                       WorkstationID="KIOSKCODE" RequestID="N">
 *                       <POSdata><POSTimeStamp>ISO 8601</POSTimeStamp></POSdata>
 *                       <TotalAmount Currency="OMR">5.000</TotalAmount>
 *                     </CardServiceRequest>
 *   terminal → kiosk  <CardServiceResponse RequestType="CardPayment" WorkstationID="…"
 *                       RequestID="N" OverallResult="Success|Failure|Aborted|TimedOut|
 *                       DeviceUnavailable">
 *                       <Tender><TotalAmount Currency="OMR">5.000</TotalAmount>
 *                       <Authorisation ApprovalCode="123456" CardPAN="…4242"/></Tender>
 *                     </CardServiceResponse>
 *
 * Store-and-forward (this driver's extension, as OPI leaves the offline decision to the
 * terminal's configuration): when the acquirer cannot be reached the terminal answers
 * OverallResult="OfflineApprovalRequest"; the kiosk checks its offline caps and sends the
 * same request again with OfflineApproval="Allowed" or "Refused"; the terminal's final answer
 * is Success with Offline="true" on the Authorisation, or Aborted. Refused → the driver
 * reports KIOSK_ERROR_OFFLINE_LIMIT.
 *
 * A payment the kiosk could not record after the terminal approved it is given back with
 * RequestType="PaymentReversal" carrying <OriginalTransaction ApprovalCode="…"/> and the
 * amount; the terminal answers OverallResult="Success" when reversed.
 *
 * Anything else — wrong document, RequestID or amount, a frame over 64 KiB, a closed
 * connection — is KIOSK_ERROR_PAYMENT_TERMINAL; no answer within the timeout is
 * KIOSK_ERROR_PAYMENT_TIMED_OUT. */
#pragma once

#include "kiosk-payment-terminal.h"

G_BEGIN_DECLS

#define KIOSK_OPI_MAX_FRAME 65536

#define KIOSK_TYPE_PAYMENT_OPI (kiosk_payment_opi_get_type ())

G_DECLARE_FINAL_TYPE (KioskPaymentOpi, kiosk_payment_opi, KIOSK, PAYMENT_OPI, GObject)

/* `store` is not owned and must outlive the terminal; `workstation` is the kiosk code. */
KioskPaymentOpi *kiosk_payment_opi_new         (KioskStore      *store,
                                                const char      *host,
                                                guint16          port,
                                                const char      *workstation);
/* Seconds to wait for each answer (the card holder is at the terminal); 120 by default. */
void             kiosk_payment_opi_set_timeout (KioskPaymentOpi *self,
                                                guint            seconds);

/* "HOST:PORT" → host and port; FALSE for anything else. */
gboolean         kiosk_payment_opi_parse_address (const char    *address,
                                                  char         **out_host,
                                                  guint16       *out_port);

G_END_DECLS
