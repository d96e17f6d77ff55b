/* Reading back the receipt a service wrote (receipts row, its payment's state and the
 * counter voucher if the visitor chose to pay at the counter), for the receipt page. */
#pragma once

#include <glib.h>

#include "kiosk-money.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

typedef struct
{
  char       *uuid;
  char       *reference;       /* the record's human reference */
  char       *service;         /* "fines", "shop_licence", "report", … */
  char       *record_uuid;
  char       *payment_uuid;    /* NULL for a service without payment */
  char       *payment_status;  /* "approved_online", "awaiting_counter", …, or NULL */
  char       *voucher_token;   /* CV token of an awaiting_counter payment, or NULL */
  char       *qr_payload;      /* the receipt's RC token, NULL for a kiosk without a key */
  KioskBaisa  amount;
  gint64      created_at;
} KioskReceipt;

void          kiosk_receipt_free              (KioskReceipt *receipt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskReceipt, kiosk_receipt_free)

/* The newest receipt of the record `record_uuid` (the KioskRecordRef.uuid a service
 * returned); KIOSK_ERROR_NOT_FOUND when it has none. */
KioskReceipt *kiosk_receipts_get_for_record   (KioskStore  *store,
                                               const char  *record_uuid,
                                               GError     **error);

G_END_DECLS
