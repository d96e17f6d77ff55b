/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskReceiptPage: the last step of every service flow. The record's reference in large
 * type, what was done and the amount, the receipt's signed QR code (receipts.qr_payload,
 * drawn from kiosk_qr_encode), and a Done button (win.home). For a payment left for the
 * counter it shows the counter voucher's QR (CV token) instead, with instructions to pay
 * at the counter.
 *
 * Usage, in a flow (the page is one of the flow's steps, e.g. <child> with id "receipt"):
 *
 *   if (!kiosk_receipt_page_show_record (self->receipt, store, ref.uuid, &error))
 *     … show kiosk_error_text (error) …
 *   kiosk_flow_go_to_final (KIOSK_FLOW (self), "receipt");
 *
 * and from the flow's retranslate: kiosk_receipt_page_retranslate (self->receipt);
 * from its reset: kiosk_receipt_page_clear (self->receipt).
 *
 * In a KioskWindow with a printer ([devices] printer), showing a record also prints its slip
 * (kiosk_slips_for_receipt: receipt, counter voucher, lease form or tracking slip) in the
 * background, once per receipt shown; a slip that could not be printed leaves the receipt on
 * screen saying so, and an audit line (receipt_not_printed) for the attendant's desk. */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-receipts.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_RECEIPT_PAGE (kiosk_receipt_page_get_type ())

typedef enum
{
  KIOSK_RECEIPT_PRINT_NONE,       /* no printer, or nothing shown */
  KIOSK_RECEIPT_PRINT_PRINTING,
  KIOSK_RECEIPT_PRINT_PRINTED,
  KIOSK_RECEIPT_PRINT_FAILED,
} KioskReceiptPrint;

G_DECLARE_FINAL_TYPE (KioskReceiptPage, kiosk_receipt_page, KIOSK, RECEIPT_PAGE, GtkWidget)

GtkWidget          *kiosk_receipt_page_new          (void);

/* Loads the receipt of `record_uuid` and shows it. */
gboolean            kiosk_receipt_page_show_record  (KioskReceiptPage  *self,
                                                     KioskStore        *store,
                                                     const char        *record_uuid,
                                                     GError           **error);
void                kiosk_receipt_page_retranslate  (KioskReceiptPage  *self);
void                kiosk_receipt_page_clear        (KioskReceiptPage  *self);

const KioskReceipt *kiosk_receipt_page_get_receipt  (KioskReceiptPage  *self);
/* The token in the QR code on screen (receipt or voucher), or NULL. */
const char         *kiosk_receipt_page_get_qr_text  (KioskReceiptPage  *self);

/* What became of the slip of the receipt showing. */
KioskReceiptPrint   kiosk_receipt_page_get_print    (KioskReceiptPage  *self);

/* A short name of a service for receipts ("Parking fines"), in the current language. */
const char         *kiosk_receipt_service_name      (const char        *service);

G_END_DECLS
