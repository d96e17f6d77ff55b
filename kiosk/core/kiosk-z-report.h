/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The end-of-day ("Z") report: what the kiosk took since the last one, by service and by
 * payment method, with the card payments still held offline, the counter vouchers issued,
 * confirmed and expired, and the sync records parked for an attendant. Each Z is numbered
 * 1, 2, 3 … on this kiosk (a missing number on paper or at the server is visible), stored
 * with every payment and receipt it counts marked with its number, and queued for the server
 * as a `z_report` record, all in one transaction: each payment is counted in exactly one Z,
 * whatever crashed in between. */
#pragma once

#include <glib.h>

#include "kiosk-money.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

typedef struct
{
  char       *key;     /* a service ("fines", …) or a method ("card_online", "card_offline",
                        * "counter") */
  gint64      count;
  KioskBaisa  total;
} KioskZLine;

typedef struct
{
  gint64      number;
  gint64      previous_number;     /* 0 for the kiosk's first */
  char       *uuid;
  char       *reference;           /* KIOSKCODE-YYMMDD-NNNN, the day it was taken */
  char       *actor;               /* who asked for it: an attendant's id, or "kiosk-admin" */
  gint64      from_at;             /* the previous Z's time, 0 for the first */
  gint64      until_at;
  GPtrArray  *by_service;          /* KioskZLine *: every receipt counted, paid or not */
  GPtrArray  *by_method;           /* KioskZLine *: money taken */
  gint64      payments_count;
  KioskBaisa  payments_total;
  gint64      offline_held_count;  /* card payments approved offline, not yet forwarded */
  KioskBaisa  offline_held_total;
  gint64      vouchers_issued;
  gint64      vouchers_confirmed;
  gint64      vouchers_expired;
  gint64      parked_records;      /* outbox records the server rejected */
  char       *qr_payload;          /* an RC token of the Z record (service "z_report"), or NULL */
} KioskZReport;

void          kiosk_z_report_free  (KioskZReport  *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskZReport, kiosk_z_report_free)

/* Takes the next Z now: counts everything not yet in a Z, stores and queues it. */
KioskZReport *kiosk_z_report_take  (KioskStore    *store,
                                    const char    *actor,
                                    GError       **error);

/* A Z taken before: `number`, or the last when 0. KIOSK_ERROR_NOT_FOUND when there is none. */
KioskZReport *kiosk_z_report_get   (KioskStore    *store,
                                    gint64         number,
                                    GError       **error);

G_END_DECLS
