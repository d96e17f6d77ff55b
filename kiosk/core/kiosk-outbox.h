/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The outbox: what the kiosk did, waiting for the central server. Services add to it in the
 * same transaction as their domain row; the sync agent claims batches and reports results. */
#pragma once

#include <glib.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

/* The kinds of record the kiosk sends; each is one domain table (see kiosk-outbox.c). */
#define KIOSK_KIND_REPORT                 "report"
#define KIOSK_KIND_FEEDBACK               "feedback"
#define KIOSK_KIND_PAYMENT                "payment"
#define KIOSK_KIND_LICENCE_RENEWAL        "licence_renewal"
#define KIOSK_KIND_LEASE_FORM_REQUEST     "lease_form_request"
#define KIOSK_KIND_PARKING_PERMIT_REQUEST "parking_permit_request"
#define KIOSK_KIND_VEHICLE_PERMIT_RENEWAL "vehicle_permit_renewal"
#define KIOSK_KIND_REPORT_ADDITION        "report_addition"
#define KIOSK_KIND_COUNTER_PAYMENT        "counter_payment"
#define KIOSK_KIND_Z_REPORT               "z_report"
#define KIOSK_KIND_AUDIT_ENTRY            "audit_entry"

/* Every kind above, NULL-terminated: what a sync server must understand. */
const char * const *kiosk_outbox_known_kinds (void);

/* Lower goes first. Payments are forwarded before anything else (store-and-forward limits),
 * then HIGH priority reports, then the rest in order of creation. */
typedef enum
{
  KIOSK_OUTBOX_PRIORITY_PAYMENT = 10,
  KIOSK_OUTBOX_PRIORITY_URGENT  = 20,
  KIOSK_OUTBOX_PRIORITY_NORMAL  = 50,
} KioskOutboxPriority;

typedef struct
{
  gint64  id;
  char   *record_uuid;
  char   *kind;
  char   *payload;       /* JSON object text */
  GStrv   attachments;   /* SHA-256 hex of the photos it names; uploaded before the batch */
  int     attempts;      /* including this one */
  gint64  created_at;
} KioskOutboxRecord;

typedef struct
{
  char      *claim_id;
  GPtrArray *records;    /* KioskOutboxRecord*, in the order they must be sent */
  gsize      payload_bytes;
} KioskOutboxBatch;

typedef enum
{
  KIOSK_OUTBOX_RESULT_ACCEPTED,   /* the server has it (first time or a duplicate) */
  KIOSK_OUTBOX_RESULT_REJECTED,   /* never retried; parked for the attendant */
  KIOSK_OUTBOX_RESULT_RETRY,      /* try again at next_attempt_at */
} KioskOutboxResultKind;

typedef struct
{
  const char            *record_uuid;
  KioskOutboxResultKind  kind;
  const char            *server_reference;  /* ACCEPTED */
  const char            *reason;            /* REJECTED or RETRY */
  gint64                 next_attempt_at;   /* RETRY */
} KioskOutboxResult;

typedef struct
{
  gint64 queued;
  gint64 in_flight;
  gint64 acked;
  gint64 rejected;
  gint64 ready;             /* queued and due now */
  gint64 queued_bytes;
  gint64 oldest_queued_at;  /* 0 when nothing waits */
} KioskOutboxStats;

/* Claims up to `max_records` due records whose payloads add up to at most `max_bytes`
 * (a single larger record is still claimed alone, so it cannot block the queue).
 * Returns a batch with no records when nothing is due. */
KioskOutboxBatch *kiosk_outbox_claim          (KioskStore              *store,
                                               guint                    max_records,
                                               gsize                    max_bytes,
                                               GError                 **error);
void              kiosk_outbox_batch_free     (KioskOutboxBatch        *batch);

/* Applies the server's per-record answers in one transaction. */
gboolean          kiosk_outbox_apply_results  (KioskStore              *store,
                                               const KioskOutboxResult *results,
                                               guint                    n_results,
                                               GError                 **error);

/* Gives a whole claimed batch back (network failure) to be tried at `next_attempt_at`. */
gboolean          kiosk_outbox_release        (KioskStore              *store,
                                               const char              *claim_id,
                                               gint64                   next_attempt_at,
                                               const char              *reason,
                                               GError                 **error);

/* Puts records left in flight by a crashed agent back in the queue: those claimed more than
 * `older_than` seconds ago, or all of them with 0. Returns how many, or -1 on error. */
gint64            kiosk_outbox_reclaim        (KioskStore              *store,
                                               gint64                   older_than,
                                               GError                 **error);

/* Puts parked (rejected) records back in the queue, due now, once what parked them was fixed
 * (a wrong server URL, a server bug): the UUIDs given, or every parked record with NULL. Each
 * is written to the audit log with `actor` and the reason it had been parked. One
 * transaction: a UUID that is not a parked record (KIOSK_ERROR_NOT_FOUND) changes nothing.
 * Returns how many, or -1 on error. */
gint64            kiosk_outbox_requeue        (KioskStore              *store,
                                               const char * const      *uuids,
                                               const char              *actor,
                                               GError                 **error);

gboolean          kiosk_outbox_get_stats      (KioskStore              *store,
                                               KioskOutboxStats        *stats,
                                               GError                 **error);

/* Domain rows with no outbox row and outbox rows with no domain row; one line each. */
gboolean          kiosk_outbox_check          (KioskStore              *store,
                                               GPtrArray              **problems,
                                               GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskOutboxBatch, kiosk_outbox_batch_free)

G_END_DECLS
