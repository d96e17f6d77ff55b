/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the attendant's desk acts on, read from the store: receipts that did not print, card
 * payments taken but neither recorded nor given back, and payments the central server
 * refused (payment_rejections, issue 18); and finding a receipt of the last 7 days to
 * reprint, by its reference or the code on it. Every action the desk takes is audited
 * (kiosk_attendants_audit) and so reaches the server. */
#pragma once

#include <glib.h>

#include "kiosk-money.h"
#include "kiosk-receipts.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

/* How far back a receipt can be reprinted. */
#define KIOSK_DESK_REPRINT_DAYS 7

typedef enum
{
  KIOSK_DESK_ALERT_NOT_PRINTED,      /* a receipt of the last 7 days the printer did not print */
  KIOSK_DESK_ALERT_REVERSAL_FAILED,  /* money taken, nothing recorded, not given back */
  KIOSK_DESK_ALERT_PAYMENT_REJECTED, /* the central refused a payment of this kiosk */
} KioskDeskAlertKind;

typedef struct
{
  KioskDeskAlertKind  kind;
  char               *id;          /* the receipt's reference, the failure's audit UUID, the
                                    * refused record's UUID */
  char               *reference;   /* what staff quote: receipt or payment reference, or NULL */
  gint64              at;
  KioskBaisa          amount;      /* 0 when not known */
  char               *code;        /* printer state, approval code, or refusal code */
  char               *reason;      /* the server's reason (rejections), else NULL */
  char               *card_last4;  /* reversals, else NULL */
} KioskDeskAlert;

void           kiosk_desk_alert_free          (KioskDeskAlert  *alert);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskDeskAlert, kiosk_desk_alert_free)

/* Everything waiting for the attendant, newest first within each kind: receipts not printed
 * (until one is printed), failed reversals (until handled), the server's refusals. */
GPtrArray     *kiosk_desk_list_alerts         (KioskStore      *store,
                                               GError         **error);

/* The attendant dealt with a failed reversal (refunded by hand, or found recorded): it leaves
 * the list. KIOSK_ERROR_NOT_FOUND for no such failure, ALREADY_PAID when already handled. */
gboolean       kiosk_desk_handle_reversal     (KioskStore      *store,
                                               const char      *attendant_id,
                                               const char      *alert_uuid,
                                               const char      *note,
                                               GError         **error);

/* The receipt to reprint: `text` is a receipt's reference (typed, either digit set) or a
 * scanned receipt or tracking code of this kiosk (verified). KIOSK_ERROR_NOT_FOUND when no
 * receipt of the last KIOSK_DESK_REPRINT_DAYS days matches; a forged or foreign code gets
 * its KIOSK_ERROR_TOKEN_… code. */
KioskReceipt  *kiosk_desk_find_receipt        (KioskStore      *store,
                                               const char      *text,
                                               GError         **error);

G_END_DECLS
