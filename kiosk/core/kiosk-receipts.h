/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading back the receipt a service wrote (receipts row, its payment's state and the
 * counter voucher if the visitor chose to pay at the counter), for the receipt page and the
 * printed slips; and what a lease-contract form request holds, for its printed form. */
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
  char       *payment_method;  /* "card" or "counter", NULL without payment */
  char       *card_last4;      /* a card payment's last 4 digits, or NULL */
  gint64      paid_at;         /* a counter payment confirmed at the counter, else 0 */
  guint       print_count;     /* slips printed before: a reprint is marked "copy" */
  char       *payment_reference; /* the payment's own reference (typed at the counter) */
} KioskReceipt;

void          kiosk_receipt_free              (KioskReceipt *receipt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskReceipt, kiosk_receipt_free)

/* The newest receipt of the record `record_uuid` (the KioskRecordRef.uuid a service
 * returned); KIOSK_ERROR_NOT_FOUND when it has none. */
KioskReceipt *kiosk_receipts_get_for_record   (KioskStore  *store,
                                               const char  *record_uuid,
                                               GError     **error);

/* The newest receipt carrying `reference` (a record's human reference, the one on screen
 * and on paper); KIOSK_ERROR_NOT_FOUND when none does. */
KioskReceipt *kiosk_receipts_get_by_reference (KioskStore  *store,
                                               const char  *reference,
                                               GError     **error);
/* The newest receipt of all; KIOSK_ERROR_NOT_FOUND when the kiosk has written none. */
KioskReceipt *kiosk_receipts_get_last         (KioskStore  *store,
                                               GError     **error);
/* Counts a slip of the receipt `uuid` that came out of the printer. */
gboolean      kiosk_receipts_mark_printed     (KioskStore  *store,
                                               const char  *uuid,
                                               GError     **error);

/* A lease-contract renewal form request as the visitor gave it, with the names of its
 * wilayat and area in both languages. Personal fields are NULL once purged. */
typedef struct
{
  char   *uuid;
  char   *reference;
  char   *tenant_name;
  char   *civil_number;
  char   *phone;
  char   *landlord_name;
  char   *wilayat_ar;
  char   *wilayat_en;
  char   *area_ar;
  char   *area_en;
  char   *building_details;
  char   *contract_number;   /* NULL when the visitor gave none */
  char   *delivery;          /* "print" or "queue" */
  gint64  created_at;
} KioskLeaseForm;

void            kiosk_lease_form_free          (KioskLeaseForm *form);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskLeaseForm, kiosk_lease_form_free)

/* KIOSK_ERROR_NOT_FOUND when no lease form request has that reference. */
KioskLeaseForm *kiosk_receipts_get_lease_form  (KioskStore  *store,
                                                const char  *reference,
                                                GError     **error);

G_END_DECLS
