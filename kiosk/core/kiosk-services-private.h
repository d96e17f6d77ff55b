/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the service families (kiosk-services-*.c) share and nobody else sees: the record's
 * reference, its receipt, its outbox payload, payments and the one-transaction shape. */
#pragma once

#include <glib.h>

#include "kiosk-outbox-private.h"
#include "kiosk-services.h"
#include "kiosk-store-private.h"

G_BEGIN_DECLS

/* Child rows of a record's payload: `sql` selects them by the record's UUID (?1); they go
 * into the payload as an array of objects under `member`. A list ends with { NULL, NULL }. */
typedef struct
{
  const char *member;
  const char *sql;
} KioskChildRows;

/* Queues the record `uuid` of `table`: its row (and child rows) as the JSON payload. */
gboolean kiosk_services_enqueue_row     (KioskStore             *store,
                                         const char             *kind,
                                         KioskOutboxPriority     priority,
                                         const char             *table,
                                         const char             *uuid,
                                         const KioskChildRows   *children,
                                         const char * const     *attachments,
                                         GError                **error);

/* A new record's UUID and today's next human reference, inside the caller's transaction. */
gboolean kiosk_services_new_ref         (KioskStore             *store,
                                         KioskRecordRef         *ref,
                                         GError                **error);

/* Hands `ref` over to the caller's `out_ref`, which may be NULL (then `ref` keeps it). */
void     kiosk_services_give_ref        (KioskRecordRef         *ref,
                                         KioskRecordRef         *out_ref);

/* An optional phone: "" when the visitor left it empty, else the canonical number. */
char    *kiosk_services_optional_phone  (const char             *phone,
                                         GError                **error);

gboolean kiosk_services_insert_receipt  (KioskStore             *store,
                                         const char             *service,
                                         const char             *record_uuid,
                                         const char             *reference,
                                         const char             *payment_uuid,
                                         KioskBaisa              amount,
                                         GError                **error);

/* Steps `stmt`, which returns at most one row: TRUE with the row to read (the caller resets
 * `stmt` once it has read it); else FALSE with `error` set, `missing` and the message when
 * there is no row, or a failure to `what`. */
gboolean kiosk_services_step_row        (KioskStore             *store,
                                         sqlite3_stmt           *stmt,
                                         const char             *what,
                                         KioskError              missing,
                                         GError                **error,
                                         const char             *format,
                                         ...) G_GNUC_PRINTF (6, 7);

/* Whether `sql` returns a row for ?1 = `a` (and ?2 = `b` unless NULL). FALSE without an
 * error when there is none. */
gboolean kiosk_services_exists          (KioskStore             *store,
                                         const char             *sql,
                                         const char             *a,
                                         const char             *b,
                                         GError                **error);

gboolean kiosk_services_check_place     (KioskStore             *store,
                                         const char             *wilayat_code,
                                         const char             *area_code,
                                         GError                **error);

typedef gboolean (*KioskWriteFunc) (KioskStore *store,
                                    gpointer    data,
                                    GError    **error);

/* Runs `write` inside one transaction, rolled back when it fails. */
gboolean kiosk_services_in_transaction  (KioskStore             *store,
                                         KioskWriteFunc          write,
                                         gpointer                data,
                                         GError                **error);

/* Payments (kiosk-services-fines.c) ------------------------------------------------------ */

gboolean kiosk_services_check_auth      (const KioskPaymentAuth *auth,
                                         GError                **error);

/* Inserts the payment for `amount` and fills `out_ref` with its UUID and reference. */
gboolean kiosk_services_insert_payment  (KioskStore             *store,
                                         const char             *purpose,
                                         KioskBaisa              amount,
                                         const KioskPaymentAuth *auth,
                                         KioskRecordRef         *out_ref,
                                         GError                **error);

/* Queues the payment (with the fines it paid); payments go to the head of the queue. */
gboolean kiosk_services_enqueue_payment (KioskStore             *store,
                                         const char             *payment_uuid,
                                         GError                **error);

G_END_DECLS
