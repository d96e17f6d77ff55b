/* The services as core operations. Each public function follows one shape: validate and
 * look up outside the transaction, then BEGIN IMMEDIATE, write the domain rows, the receipt
 * and the outbox row, COMMIT; on any failure ROLLBACK, so nothing half-done is ever kept. */
#define G_LOG_DOMAIN "kiosk-services"

#include "config.h"

#include "kiosk-services.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>

#include "kiosk-ids.h"
#include "kiosk-outbox-private.h"
#include "kiosk-payments.h"
#include "kiosk-photos.h"
#include "kiosk-places.h"
#include "kiosk-store-private.h"
#include "kiosk-token.h"
#include "kiosk-validate.h"

void
kiosk_record_ref_clear (KioskRecordRef *ref)
{
  g_clear_pointer (&ref->uuid, g_free);
  g_clear_pointer (&ref->reference, g_free);
}

void
kiosk_quote_clear (KioskQuote *quote)
{
  g_clear_pointer (&quote->new_expiry, g_free);
  quote->fee = quote->penalty = 0;
  quote->months_late = 0;
}

/* Payloads ------------------------------------------------------------------------------ */

static void
add_column (JsonBuilder  *builder,
            sqlite3_stmt *stmt,
            int           column)
{
  json_builder_set_member_name (builder, sqlite3_column_name (stmt, column));
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
      break;
    case SQLITE_TEXT:
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, column));
      break;
    default:
      json_builder_add_null_value (builder);
      break;
    }
}

/* Adds the rows `sql` returns for `uuid`: as members of the open object when `member` is
 * NULL (exactly one row expected), else as an array of objects under `member`. */
static gboolean
add_rows (KioskStore  *store,
          JsonBuilder *builder,
          const char  *member,
          const char  *sql,
          const char  *uuid,
          GError     **error)
{
  sqlite3_stmt *stmt = kiosk_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, uuid);

  if (member != NULL)
    {
      json_builder_set_member_name (builder, member);
      json_builder_begin_array (builder);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (member != NULL)
        json_builder_begin_object (builder);
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        add_column (builder, stmt, i);
      if (member != NULL)
        json_builder_end_object (builder);
    }
  if (member != NULL)
    json_builder_end_array (builder);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return kiosk_store_fail (store, rc, "build payload", error);
  return TRUE;
}

typedef struct
{
  const char *member;
  const char *sql;
} ChildRows;

/* Queues the record `uuid` of `table`: its row (and child rows) as the JSON payload. */
static gboolean
enqueue_row (KioskStore         *store,
             const char         *kind,
             KioskOutboxPriority priority,
             const char         *table,
             const char         *uuid,
             const ChildRows    *children,
             const char * const *attachments,
             GError            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *row_sql = g_strdup_printf ("SELECT * FROM %s WHERE uuid = ?1", table);
  g_autofree char *payload = NULL;

  json_builder_begin_object (builder);
  if (!add_rows (store, builder, NULL, row_sql, uuid, error))
    return FALSE;
  for (guint i = 0; children != NULL && children[i].member != NULL; i++)
    if (!add_rows (store, builder, children[i].member, children[i].sql, uuid, error))
      return FALSE;
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  payload = json_to_string (root, FALSE);
  return kiosk_outbox_enqueue (store, uuid, kind, priority, payload, attachments, error);
}

/* Shared steps ------------------------------------------------------------------------- */

static gboolean
new_ref (KioskStore     *store,
         KioskRecordRef *ref,
         GError        **error)
{
  ref->reference = kiosk_store_next_reference (store, error);
  if (ref->reference == NULL)
    return FALSE;
  ref->uuid = kiosk_uuid_new ();
  return TRUE;
}

static char *
optional_phone (const char *phone,
                GError    **error)
{
  /* Only blanks or invisible marks (an Arabic keyboard leaves a lone RLM behind) means
   * the visitor left the optional field empty. */
  g_autofree char *visible = kiosk_validate_text (phone ? phone : "", 64, FALSE, NULL);

  if (visible != NULL && *visible == '\0')
    return g_strdup ("");
  return kiosk_validate_phone (phone, error);
}

static gboolean
insert_receipt (KioskStore *store,
                const char *service,
                const char *record_uuid,
                const char *reference,
                const char *payment_uuid,
                KioskBaisa  amount,
                GError    **error)
{
  g_autofree char *uuid = kiosk_uuid_new ();
  g_autofree char *qr_payload = NULL;
  gint64 now = kiosk_store_now (store);
  sqlite3_stmt *stmt;

  /* Signed in the same transaction, so a receipt never exists without its QR code (unless
   * the kiosk has no key yet, which only logs a warning). */
  if (!kiosk_token_sign_receipt (store, reference, record_uuid, service, amount, now,
                                 &qr_payload, error))
    return FALSE;

  stmt = kiosk_store_prepare (store,
                              "INSERT INTO receipts (uuid, reference, service, record_uuid,"
                              " payment_uuid, amount_baisa, created_at, qr_payload)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, uuid);
  kiosk_bind_text (stmt, 2, reference);
  kiosk_bind_text (stmt, 3, service);
  kiosk_bind_text (stmt, 4, record_uuid);
  kiosk_bind_text (stmt, 5, payment_uuid);
  sqlite3_bind_int64 (stmt, 6, amount);
  sqlite3_bind_int64 (stmt, 7, now);
  kiosk_bind_text (stmt, 8, qr_payload);
  return kiosk_store_step_done (store, stmt, error);
}

static const char *
payment_status_name (KioskPaymentStatus status)
{
  switch (status)
    {
    case KIOSK_PAYMENT_APPROVED_ONLINE:
      return "approved_online";
    case KIOSK_PAYMENT_APPROVED_OFFLINE:
      return "approved_offline";
    case KIOSK_PAYMENT_AWAITING_COUNTER:
      return "awaiting_counter";
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
check_auth (const KioskPaymentAuth *auth,
            GError                **error)
{
  if (auth == NULL || payment_status_name (auth->status) == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "no valid payment");
      return FALSE;
    }
  if (auth->card_last4 != NULL)
    {
      if (strlen (auth->card_last4) != 4)
        goto bad_card;
      for (guint i = 0; i < 4; i++)
        if (!g_ascii_isdigit (auth->card_last4[i]))
          goto bad_card;
    }
  return TRUE;

bad_card:
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "card digits must be 4 digits");
  return FALSE;
}

/* Inserts the payment and queues it; payments go to the head of the queue. */
static gboolean
insert_payment (KioskStore             *store,
                const char             *purpose,
                KioskBaisa              amount,
                const KioskPaymentAuth *auth,
                KioskRecordRef         *out_ref,
                GError                **error)
{
  g_autofree char *voucher = NULL;
  sqlite3_stmt *stmt;

  /* The last line of defence for store-and-forward: whatever a payment driver decided, an
   * offline approval beyond the caps is not recorded (checked inside the transaction, so
   * the held total cannot change between check and write). */
  if (auth->status == KIOSK_PAYMENT_APPROVED_OFFLINE)
    {
      KioskOfflineExposure exposure = { 0 };
      KioskOfflineVerdict verdict;

      if (!kiosk_payments_get_exposure (store, &exposure, error))
        return FALSE;
      verdict = kiosk_payments_check_offline (kiosk_payments_get_limits (store), &exposure,
                                              amount, kiosk_store_now (store));
      if (verdict != KIOSK_OFFLINE_ALLOWED)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_OFFLINE_LIMIT,
                       "offline payment of %" G_GINT64_FORMAT " baisa refused (limit %d)",
                       amount, verdict);
          return FALSE;
        }
    }

  if (!new_ref (store, out_ref, error))
    return FALSE;

  /* The counter voucher is signed in the payment's transaction, like a receipt's code. */
  if (auth->status == KIOSK_PAYMENT_AWAITING_COUNTER &&
      !kiosk_payments_sign_voucher (store, out_ref->reference, out_ref->uuid, amount,
                                    kiosk_store_now (store), &voucher, error))
    return FALSE;

  stmt = kiosk_store_prepare (store,
                              "INSERT INTO payments (uuid, reference, purpose, method, status,"
                              " amount_baisa, auth_code, card_last4, created_at, voucher_token)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, out_ref->uuid);
  kiosk_bind_text (stmt, 2, out_ref->reference);
  kiosk_bind_text (stmt, 3, purpose);
  kiosk_bind_text (stmt, 4, auth->status == KIOSK_PAYMENT_AWAITING_COUNTER ? "counter" : "card");
  kiosk_bind_text (stmt, 5, payment_status_name (auth->status));
  sqlite3_bind_int64 (stmt, 6, amount);
  kiosk_bind_text (stmt, 7, auth->auth_code);
  kiosk_bind_text (stmt, 8, auth->card_last4);
  sqlite3_bind_int64 (stmt, 9, kiosk_store_now (store));
  kiosk_bind_text (stmt, 10, voucher);
  return kiosk_store_step_done (store, stmt, error);
}

static const ChildRows payment_children[] = {
  { "fines", "SELECT fine_number, plate, amount_baisa FROM fine_payments"
             " WHERE payment_uuid = ?1 ORDER BY fine_number" },
  { NULL, NULL },
};

static gboolean
enqueue_payment (KioskStore *store,
                 const char *payment_uuid,
                 GError    **error)
{
  return enqueue_row (store, KIOSK_KIND_PAYMENT, KIOSK_OUTBOX_PRIORITY_PAYMENT, "payments",
                      payment_uuid, payment_children, NULL, error);
}

static gboolean
lookup_exists (KioskStore *store,
               const char *sql,
               const char *a,
               const char *b,
               GError    **error)
{
  sqlite3_stmt *stmt = kiosk_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, a);
  if (b != NULL)
    kiosk_bind_text (stmt, 2, b);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return kiosk_store_fail (store, rc, "look up", error);
  return FALSE;
}

static gboolean
check_place (KioskStore *store,
             const char *wilayat_code,
             const char *area_code,
             GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (wilayat_code == NULL || area_code == NULL ||
      !lookup_exists (store, "SELECT 1 FROM areas WHERE code = ?1 AND wilayat_code = ?2",
                      area_code, wilayat_code, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                     "unknown area %s in wilayat %s", area_code ? area_code : "(none)",
                     wilayat_code ? wilayat_code : "(none)");
      return FALSE;
    }
  return TRUE;
}

/* Runs `write` inside one transaction. */
typedef gboolean (*WriteFunc) (KioskStore *store,
                               gpointer    data,
                               GError    **error);

static gboolean
in_transaction (KioskStore *store,
                WriteFunc   write,
                gpointer    data,
                GError    **error)
{
  if (!kiosk_store_begin (store, error))
    return FALSE;
  if (!write (store, data, error))
    {
      kiosk_store_rollback (store);
      return FALSE;
    }
  return kiosk_store_commit (store, error);
}

/* Suggestions, complaints, inquiries ------------------------------------------------------ */

typedef struct
{
  const char     *kind;
  char           *body;
  char           *phone;
  KioskRecordRef *ref;
} FeedbackWrite;

static gboolean
write_feedback (KioskStore *store,
                gpointer    data,
                GError    **error)
{
  FeedbackWrite *w = data;
  sqlite3_stmt *stmt;

  if (!new_ref (store, w->ref, error))
    return FALSE;
  stmt = kiosk_store_prepare (store,
                              "INSERT INTO feedback (uuid, reference, kind, body, phone,"
                              " created_at) VALUES (?1, ?2, ?3, ?4, nullif (?5, ''), ?6)",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, w->ref->uuid);
  kiosk_bind_text (stmt, 2, w->ref->reference);
  kiosk_bind_text (stmt, 3, w->kind);
  kiosk_bind_text (stmt, 4, w->body);
  kiosk_bind_text (stmt, 5, w->phone);
  sqlite3_bind_int64 (stmt, 6, kiosk_store_now (store));

  return kiosk_store_step_done (store, stmt, error) &&
         insert_receipt (store, "feedback", w->ref->uuid, w->ref->reference, NULL, 0, error) &&
         enqueue_row (store, KIOSK_KIND_FEEDBACK, KIOSK_OUTBOX_PRIORITY_NORMAL, "feedback",
                      w->ref->uuid, NULL, NULL, error);
}

gboolean
kiosk_services_submit_feedback (KioskStore        *store,
                                KioskFeedbackKind  kind,
                                const char        *text,
                                const char        *phone,
                                KioskRecordRef    *out_ref,
                                GError           **error)
{
  static const char *kinds[] = { "suggestion", "complaint", "inquiry" };
  g_autofree char *body = NULL;
  g_autofree char *clean_phone = NULL;
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  FeedbackWrite w;

  if ((guint) kind >= G_N_ELEMENTS (kinds))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "unknown feedback kind");
      return FALSE;
    }
  body = kiosk_validate_text (text, KIOSK_FEEDBACK_MAX_CHARS, TRUE, error);
  if (body == NULL)
    return FALSE;
  clean_phone = optional_phone (phone, error);
  if (clean_phone == NULL)
    return FALSE;

  w = (FeedbackWrite) { kinds[kind], body, clean_phone, &ref };
  if (!in_transaction (store, write_feedback, &w, error))
    return FALSE;

  if (out_ref != NULL)
    *out_ref = (KioskRecordRef) { g_steal_pointer (&ref.uuid), g_steal_pointer (&ref.reference) };
  return TRUE;
}

/* Reports with photos ------------------------------------------------------------------- */

typedef struct
{
  const KioskReportInput *input;
  char                   *priority;
  char                   *landmark;
  char                   *description;
  char                   *phone;
  KioskRecordRef         *ref;
} ReportWrite;

static const ChildRows report_children[] = {
  { "photos", "SELECT position, sha256 FROM report_photos WHERE report_uuid = ?1"
              " ORDER BY position" },
  { NULL, NULL },
};

static gboolean
write_report (KioskStore *store,
              gpointer    data,
              GError    **error)
{
  ReportWrite *w = data;
  const char * const *photos = w->input->photo_hashes;
  gint64 now = kiosk_store_now (store);
  sqlite3_stmt *stmt;

  if (!new_ref (store, w->ref, error))
    return FALSE;

  stmt = kiosk_store_prepare (store,
                              "INSERT INTO reports (uuid, reference, category_code, priority,"
                              " wilayat_code, area_code, landmark, description, phone,"
                              " created_at, latitude_e6, longitude_e6) VALUES (?1, ?2, ?3, ?4,"
                              " ?5, ?6, ?7, ?8, nullif (?9, ''), ?10, ?11, ?12)",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, w->ref->uuid);
  kiosk_bind_text (stmt, 2, w->ref->reference);
  kiosk_bind_text (stmt, 3, w->input->category_code);
  kiosk_bind_text (stmt, 4, w->priority);
  kiosk_bind_text (stmt, 5, w->input->wilayat_code);
  kiosk_bind_text (stmt, 6, w->input->area_code);
  kiosk_bind_text (stmt, 7, w->landmark);
  kiosk_bind_text (stmt, 8, w->description);
  kiosk_bind_text (stmt, 9, w->phone);
  sqlite3_bind_int64 (stmt, 10, now);
  /* Microdegrees, like the reference points (migration 0005); unbound is NULL. */
  if (w->input->has_position)
    {
      sqlite3_bind_int64 (stmt, 11, llround (w->input->latitude * 1e6));
      sqlite3_bind_int64 (stmt, 12, llround (w->input->longitude * 1e6));
    }
  if (!kiosk_store_step_done (store, stmt, error))
    return FALSE;

  for (guint i = 0; photos != NULL && photos[i] != NULL; i++)
    {
      g_autofree char *path = kiosk_photos_path (store, photos[i]);
      GStatBuf st;

      /* The file was written and fsynced before this transaction; the row only names it. */
      if (g_stat (path, &st) != 0)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "photo %s is not stored",
                       photos[i]);
          return FALSE;
        }

      stmt = kiosk_store_prepare (store,
                                  "INSERT INTO photos (sha256, bytes, created_at)"
                                  " VALUES (?1, ?2, ?3) ON CONFLICT (sha256) DO NOTHING",
                                  error);
      if (stmt == NULL)
        return FALSE;
      kiosk_bind_text (stmt, 1, photos[i]);
      sqlite3_bind_int64 (stmt, 2, st.st_size);
      sqlite3_bind_int64 (stmt, 3, now);
      if (!kiosk_store_step_done (store, stmt, error))
        return FALSE;

      stmt = kiosk_store_prepare (store,
                                  "INSERT INTO report_photos (report_uuid, position, sha256)"
                                  " VALUES (?1, ?2, ?3)",
                                  error);
      if (stmt == NULL)
        return FALSE;
      kiosk_bind_text (stmt, 1, w->ref->uuid);
      sqlite3_bind_int (stmt, 2, (int) i);
      kiosk_bind_text (stmt, 3, photos[i]);
      if (!kiosk_store_step_done (store, stmt, error))
        return FALSE;
    }

  return insert_receipt (store, "report", w->ref->uuid, w->ref->reference, NULL, 0, error) &&
         enqueue_row (store, KIOSK_KIND_REPORT,
                      g_str_equal (w->priority, "HIGH") ? KIOSK_OUTBOX_PRIORITY_URGENT
                                                        : KIOSK_OUTBOX_PRIORITY_NORMAL,
                      "reports", w->ref->uuid, report_children, photos, error);
}

static char *
lookup_category_priority (KioskStore *store,
                          const char *category_code,
                          GError    **error)
{
  sqlite3_stmt *stmt;
  char *priority = NULL;
  int rc;

  stmt = kiosk_store_prepare (store,
                              "SELECT priority FROM report_categories"
                              " WHERE code = ?1 AND active = 1",
                              error);
  if (stmt == NULL)
    return NULL;
  kiosk_bind_text (stmt, 1, category_code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    priority = kiosk_column_dup_text (stmt, 0);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "unknown report category %s",
                 category_code);
  else if (rc != SQLITE_ROW)
    kiosk_store_fail (store, rc, "look up category", error);
  return priority;
}

gboolean
kiosk_services_file_report (KioskStore             *store,
                            const KioskReportInput *input,
                            KioskRecordRef         *out_ref,
                            gboolean               *out_urgent,
                            GError                **error)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  ReportWrite w = { input, NULL, NULL, NULL, NULL, &ref };
  gboolean ok = FALSE;
  guint n_photos = input->photo_hashes ? g_strv_length ((GStrv) input->photo_hashes) : 0;

  if (n_photos > KIOSK_REPORT_MAX_PHOTOS)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "at most %d photos",
                   KIOSK_REPORT_MAX_PHOTOS);
      return FALSE;
    }
  for (guint i = 0; i < n_photos; i++)
    if (!kiosk_sha256_is_valid (input->photo_hashes[i]))
      {
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "not a photo name");
        return FALSE;
      }

  if (input->category_code == NULL ||
      (w.priority = lookup_category_priority (store, input->category_code, error)) == NULL)
    {
      if (input->category_code == NULL)
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY, "no category chosen");
      goto out;
    }
  if (!check_place (store, input->wilayat_code, input->area_code, error))
    goto out;
  if (input->has_position && !kiosk_places_position_is_valid (input->latitude, input->longitude))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "not a position on Earth");
      goto out;
    }
  if ((w.landmark = kiosk_validate_text (input->landmark ? input->landmark : "",
                                         KIOSK_LANDMARK_MAX_CHARS, FALSE, error)) == NULL ||
      (w.description = kiosk_validate_text (input->description, KIOSK_DESCRIPTION_MAX_CHARS,
                                            TRUE, error)) == NULL ||
      (w.phone = optional_phone (input->phone, error)) == NULL)
    goto out;

  if (!in_transaction (store, write_report, &w, error))
    goto out;

  if (out_urgent != NULL)
    *out_urgent = g_str_equal (w.priority, "HIGH");
  if (out_ref != NULL)
    *out_ref = (KioskRecordRef) { g_steal_pointer (&ref.uuid), g_steal_pointer (&ref.reference) };
  ok = TRUE;

out:
  g_free (w.priority);
  g_free (w.landmark);
  g_free (w.description);
  g_free (w.phone);
  return ok;
}

/* Additions to a report already filed ---------------------------------------------------- */

typedef struct
{
  const KioskReportAdditionInput *input;
  char                           *note;
  char                           *phone;
  KioskRecordRef                 *ref;
} AdditionWrite;

static const ChildRows addition_children[] = {
  { "photos", "SELECT position, sha256 FROM report_addition_photos WHERE addition_uuid = ?1"
              " ORDER BY position" },
  { NULL, NULL },
};

/* Names a photo file that kiosk_photos_write () already stored and fsynced. */
static gboolean
insert_photo_row (KioskStore *store,
                  const char *sha256,
                  gint64      now,
                  GError    **error)
{
  g_autofree char *path = kiosk_photos_path (store, sha256);
  sqlite3_stmt *stmt;
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "photo %s is not stored", sha256);
      return FALSE;
    }
  stmt = kiosk_store_prepare (store,
                              "INSERT INTO photos (sha256, bytes, created_at)"
                              " VALUES (?1, ?2, ?3) ON CONFLICT (sha256) DO NOTHING",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, sha256);
  sqlite3_bind_int64 (stmt, 2, st.st_size);
  sqlite3_bind_int64 (stmt, 3, now);
  return kiosk_store_step_done (store, stmt, error);
}

static gboolean
write_addition (KioskStore *store,
                gpointer    data,
                GError    **error)
{
  AdditionWrite *w = data;
  const char * const *photos = w->input->photo_hashes;
  gint64 now = kiosk_store_now (store);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  /* Checked inside the transaction: a pull replacing the server's reports cannot slip in
   * between the check and the write. */
  if (!lookup_exists (store, "SELECT 1 FROM reports WHERE uuid = ?1", w->input->report_uuid,
                      NULL, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no report %s",
                     w->input->report_uuid);
      return FALSE;
    }

  if (!new_ref (store, w->ref, error))
    return FALSE;
  stmt = kiosk_store_prepare (store,
                              "INSERT INTO report_additions (uuid, reference, report_uuid, note,"
                              " phone, created_at) VALUES (?1, ?2, ?3, ?4, nullif (?5, ''), ?6)",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, w->ref->uuid);
  kiosk_bind_text (stmt, 2, w->ref->reference);
  kiosk_bind_text (stmt, 3, w->input->report_uuid);
  kiosk_bind_text (stmt, 4, w->note);
  kiosk_bind_text (stmt, 5, w->phone);
  sqlite3_bind_int64 (stmt, 6, now);
  if (!kiosk_store_step_done (store, stmt, error))
    return FALSE;

  for (guint i = 0; photos != NULL && photos[i] != NULL; i++)
    {
      if (!insert_photo_row (store, photos[i], now, error))
        return FALSE;
      stmt = kiosk_store_prepare (store,
                                  "INSERT INTO report_addition_photos (addition_uuid, position,"
                                  " sha256) VALUES (?1, ?2, ?3)",
                                  error);
      if (stmt == NULL)
        return FALSE;
      kiosk_bind_text (stmt, 1, w->ref->uuid);
      sqlite3_bind_int (stmt, 2, (int) i);
      kiosk_bind_text (stmt, 3, photos[i]);
      if (!kiosk_store_step_done (store, stmt, error))
        return FALSE;
    }

  return insert_receipt (store, "report_addition", w->ref->uuid, w->ref->reference, NULL, 0,
                         error) &&
         enqueue_row (store, KIOSK_KIND_REPORT_ADDITION, KIOSK_OUTBOX_PRIORITY_NORMAL,
                      "report_additions", w->ref->uuid, addition_children, photos, error);
}

gboolean
kiosk_services_add_to_report (KioskStore                     *store,
                              const KioskReportAdditionInput *input,
                              KioskRecordRef                 *out_ref,
                              GError                        **error)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  AdditionWrite w = { input, NULL, NULL, &ref };
  gboolean ok = FALSE;
  guint n_photos = input->photo_hashes ? g_strv_length ((GStrv) input->photo_hashes) : 0;

  if (input->report_uuid == NULL || !kiosk_uuid_is_valid (input->report_uuid))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "not a report UUID");
      return FALSE;
    }
  if (n_photos > KIOSK_REPORT_MAX_PHOTOS)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "at most %d photos",
                   KIOSK_REPORT_MAX_PHOTOS);
      return FALSE;
    }
  for (guint i = 0; i < n_photos; i++)
    if (!kiosk_sha256_is_valid (input->photo_hashes[i]))
      {
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "not a photo name");
        return FALSE;
      }

  if ((w.note = kiosk_validate_text (input->note ? input->note : "",
                                     KIOSK_DESCRIPTION_MAX_CHARS, FALSE, error)) == NULL ||
      (w.phone = optional_phone (input->phone, error)) == NULL)
    goto out;
  /* An addition with nothing in it would only queue an empty record. */
  if (n_photos == 0 && w.note[0] == '\0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY, "neither a photo nor a note");
      goto out;
    }

  if (!in_transaction (store, write_addition, &w, error))
    goto out;

  if (out_ref != NULL)
    *out_ref = (KioskRecordRef) { g_steal_pointer (&ref.uuid), g_steal_pointer (&ref.reference) };
  ok = TRUE;

out:
  g_free (w.note);
  g_free (w.phone);
  return ok;
}

/* Parking fines -------------------------------------------------------------------------- */

void
kiosk_fine_free (KioskFine *fine)
{
  if (fine == NULL)
    return;
  g_free (fine->number);
  g_free (fine->plate);
  g_free (fine->place_ar);
  g_free (fine->place_en);
  g_free (fine->violation_ar);
  g_free (fine->violation_en);
  g_free (fine);
}

GPtrArray *
kiosk_services_list_unpaid_fines (KioskStore *store,
                                  const char *plate,
                                  guint       limit,
                                  GError    **error)
{
  g_autoptr(GPtrArray) fines = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_fine_free);
  g_autofree char *canonical = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (plate != NULL && (canonical = kiosk_validate_plate (plate, error)) == NULL)
    return NULL;

  stmt = kiosk_store_prepare (store,
                              "SELECT number, plate, issued_at, place_ar, place_en,"
                              " violation_ar, violation_en, amount_baisa FROM fines"
                              " WHERE status = 'unpaid' AND (?1 IS NULL OR plate = ?1)"
                              " ORDER BY issued_at, number LIMIT ?2",
                              error);
  if (stmt == NULL)
    return NULL;
  kiosk_bind_text (stmt, 1, canonical);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (sqlite3_int64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KioskFine *fine = g_new0 (KioskFine, 1);

      fine->number = kiosk_column_dup_text (stmt, 0);
      fine->plate = kiosk_column_dup_text (stmt, 1);
      fine->issued_at = sqlite3_column_int64 (stmt, 2);
      fine->place_ar = kiosk_column_dup_text (stmt, 3);
      fine->place_en = kiosk_column_dup_text (stmt, 4);
      fine->violation_ar = kiosk_column_dup_text (stmt, 5);
      fine->violation_en = kiosk_column_dup_text (stmt, 6);
      fine->amount = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (fines, fine);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kiosk_store_fail (store, rc, "list fines", error);
      return NULL;
    }
  return g_steal_pointer (&fines);
}

typedef struct
{
  const char             *plate;
  const char * const     *numbers;
  const KioskPaymentAuth *auth;
  KioskRecordRef         *ref;
} FinesWrite;

static gboolean
write_fine_payment (KioskStore *store,
                    gpointer    data,
                    GError    **error)
{
  FinesWrite *w = data;
  sqlite3_stmt *stmt;
  KioskBaisa total = 0;

  /* Amounts come from the store, never from the caller. */
  for (guint i = 0; w->numbers[i] != NULL; i++)
    {
      int rc;
      g_autofree char *status = NULL;

      stmt = kiosk_store_prepare (store,
                                  "SELECT amount_baisa, status FROM fines"
                                  " WHERE number = ?1 AND plate = ?2",
                                  error);
      if (stmt == NULL)
        return FALSE;
      kiosk_bind_text (stmt, 1, w->numbers[i]);
      kiosk_bind_text (stmt, 2, w->plate);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          total += sqlite3_column_int64 (stmt, 0);
          status = kiosk_column_dup_text (stmt, 1);
        }
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no fine %s on plate %s",
                       w->numbers[i], w->plate);
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        return kiosk_store_fail (store, rc, "look up fine", error);
      if (!g_str_equal (status, "unpaid"))
        {
          /* A cancelled fine is not owed; telling the visitor it is "paid" would be wrong. */
          g_set_error (error, KIOSK_ERROR,
                       g_str_equal (status, "paid") ? KIOSK_ERROR_ALREADY_PAID
                                                    : KIOSK_ERROR_CONFLICT,
                       "fine %s is %s", w->numbers[i], status);
          return FALSE;
        }
    }

  if (!insert_payment (store, "fines", total, w->auth, w->ref, error))
    return FALSE;

  for (guint i = 0; w->numbers[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;

      stmt = kiosk_store_prepare (store,
                                  "INSERT INTO fine_payments (payment_uuid, fine_number, plate,"
                                  " amount_baisa) SELECT ?1, number, plate, amount_baisa"
                                  " FROM fines WHERE number = ?2",
                                  error);
      if (stmt == NULL)
        return FALSE;
      kiosk_bind_text (stmt, 1, w->ref->uuid);
      kiosk_bind_text (stmt, 2, w->numbers[i]);
      if (!kiosk_store_step_done (store, stmt, &local_error))
        {
          /* The partial unique index: this kiosk already took money for it. */
          if (g_error_matches (local_error, KIOSK_ERROR, KIOSK_ERROR_CONFLICT))
            g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_ALREADY_PAID,
                         "fine %s is already paid at this kiosk (or listed twice)",
                         w->numbers[i]);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      stmt = kiosk_store_prepare (store,
                                  "UPDATE fines SET status = 'paid', updated_at = ?2"
                                  " WHERE number = ?1",
                                  error);
      if (stmt == NULL)
        return FALSE;
      kiosk_bind_text (stmt, 1, w->numbers[i]);
      sqlite3_bind_int64 (stmt, 2, kiosk_store_now (store));
      if (!kiosk_store_step_done (store, stmt, error))
        return FALSE;
    }

  return insert_receipt (store, "fines", w->ref->uuid, w->ref->reference, w->ref->uuid, total,
                         error) &&
         enqueue_payment (store, w->ref->uuid, error);
}

gboolean
kiosk_services_pay_fines (KioskStore             *store,
                          const char             *plate,
                          const char * const     *fine_numbers,
                          const KioskPaymentAuth *auth,
                          KioskRecordRef         *out_payment,
                          GError                **error)
{
  g_autofree char *canonical = NULL;
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  FinesWrite w;

  canonical = kiosk_validate_plate (plate, error);
  if (canonical == NULL || !check_auth (auth, error))
    return FALSE;
  if (fine_numbers == NULL || fine_numbers[0] == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY, "no fine selected");
      return FALSE;
    }

  w = (FinesWrite) { canonical, fine_numbers, auth, &ref };
  if (!in_transaction (store, write_fine_payment, &w, error))
    return FALSE;

  if (out_payment != NULL)
    *out_payment = (KioskRecordRef) { g_steal_pointer (&ref.uuid),
                                      g_steal_pointer (&ref.reference) };
  return TRUE;
}

/* Fees and renewals ----------------------------------------------------------------------- */

static GDate *
parse_date (const char *iso)
{
  GDate *date = g_date_new ();
  int y, m, d;
  char tail;

  if (iso != NULL && sscanf (iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
      g_date_valid_dmy (d, m, y))
    g_date_set_dmy (date, d, m, y);
  return date;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static GDate *
today (KioskStore *store)
{
  g_autoptr(GDateTime) now = kiosk_store_now_local (store);

  return g_date_new_dmy (g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                         g_date_time_get_year (now));
}

/* Fee for the period, and the late penalty: per month started since expiry, up to the cap. */
static gboolean
quote (KioskStore *store,
       const char *service,
       const char *variant,
       int         period_months,
       const char *expires_on,
       KioskQuote *out,
       GError    **error)
{
  g_autoptr(GDate) expiry = parse_date (expires_on);
  g_autoptr(GDate) now = today (store);
  g_autoptr(GDate) base = NULL;
  sqlite3_stmt *stmt;
  KioskBaisa per_month = 0, cap = 0;
  int rc;

  stmt = kiosk_store_prepare (store,
                              "SELECT amount_baisa, late_penalty_baisa, late_penalty_cap_baisa"
                              " FROM fees WHERE service = ?1 AND variant = ?2"
                              " AND period_months = ?3",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, service);
  kiosk_bind_text (stmt, 2, variant);
  sqlite3_bind_int (stmt, 3, period_months);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->fee = sqlite3_column_int64 (stmt, 0);
      per_month = sqlite3_column_int64 (stmt, 1);
      cap = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NO_FEE, "no fee for %s %s over %d months",
                   service, variant, period_months);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return kiosk_store_fail (store, rc, "look up fee", error);

  /* Months are counted from the expiry itself each time: stepping one month at a time
   * would carry GLib's end-of-month clamping (31st -> 30th -> 28th) into later months. */
  out->months_late = 0;
  if (g_date_valid (expiry) && g_date_compare (expiry, now) < 0)
    {
      g_autoptr(GDate) step = g_date_copy (expiry);
      while (g_date_compare (step, now) < 0 && out->months_late < 1200)
        {
          out->months_late++;
          *step = *expiry;
          g_date_add_months (step, (guint) out->months_late);
        }
    }
  out->penalty = MIN (per_month * out->months_late, cap > 0 ? cap : per_month * out->months_late);

  /* A renewal extends from the old expiry when still valid, else from today. */
  base = g_date_copy (g_date_valid (expiry) && g_date_compare (expiry, now) >= 0 ? expiry : now);
  g_date_add_months (base, (guint) period_months);
  g_free (out->new_expiry);
  out->new_expiry = format_date (base);
  return TRUE;
}

typedef struct
{
  char *kind;
  char *fee_variant;
  char *expires_on;
  char *status;
  char *block_reason;
  char *plate;
} Licence;

static void
licence_clear (Licence *licence)
{
  g_free (licence->kind);
  g_free (licence->fee_variant);
  g_free (licence->expires_on);
  g_free (licence->status);
  g_free (licence->block_reason);
  g_free (licence->plate);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Licence, licence_clear)

static gboolean
load_licence (KioskStore *store,
              const char *number,
              Licence    *out,
              GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = kiosk_store_prepare (store,
                              "SELECT kind, fee_variant, expires_on, status, block_reason, plate"
                              " FROM licences WHERE number = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->kind = kiosk_column_dup_text (stmt, 0);
      out->fee_variant = kiosk_column_dup_text (stmt, 1);
      out->expires_on = kiosk_column_dup_text (stmt, 2);
      out->status = kiosk_column_dup_text (stmt, 3);
      out->block_reason = kiosk_column_dup_text (stmt, 4);
      out->plate = kiosk_column_dup_text (stmt, 5);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no licence %s", number);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return kiosk_store_fail (store, rc, "look up licence", error);

  if (!g_str_equal (out->status, "active"))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_LICENCE_BLOCKED, "licence %s is %s%s%s",
                   number, out->status, out->block_reason ? ": " : "",
                   out->block_reason ? out->block_reason : "");
      return FALSE;
    }

  if (out->plate != NULL && g_str_equal (out->kind, "vehicle") &&
      lookup_exists (store, "SELECT 1 FROM fines WHERE plate = ?1 AND status = 'unpaid'",
                     out->plate, NULL, NULL))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_UNPAID_FINES,
                   "plate %s has unpaid parking fines", out->plate);
      return FALSE;
    }
  return TRUE;
}

gboolean
kiosk_services_quote_licence (KioskStore *store,
                              const char *licence_number,
                              int         period_months,
                              KioskQuote *out_quote,
                              GError    **error)
{
  g_autofree char *number = kiosk_validate_licence_number (licence_number, error);
  g_auto(Licence) licence = { 0 };
  g_autofree char *service = NULL;

  if (number == NULL || !load_licence (store, number, &licence, error))
    return FALSE;
  service = g_strconcat (licence.kind, "_licence", NULL);
  return quote (store, service, licence.fee_variant, period_months, licence.expires_on,
                out_quote, error);
}

typedef struct
{
  const char             *table;    /* licence_renewals or vehicle_permit_renewals */
  const char             *kind;     /* outbox kind */
  const char             *purpose;  /* payments.purpose */
  const char             *number;
  const char             *licence_kind;
  const char             *plate;
  int                     period_months;
  const KioskQuote       *quote;
  const KioskPaymentAuth *auth;
  KioskRecordRef         *ref;
} RenewalWrite;

static gboolean
write_renewal (KioskStore *store,
               gpointer    data,
               GError    **error)
{
  RenewalWrite *w = data;
  g_auto(KioskRecordRef) payment = { NULL, NULL };
  KioskBaisa total = w->quote->fee + w->quote->penalty;
  gboolean licence = g_str_equal (w->table, "licence_renewals");
  sqlite3_stmt *stmt;

  if (total <= 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NO_FEE, "no amount to pay");
      return FALSE;
    }
  if (!insert_payment (store, w->purpose, total, w->auth, &payment, error) ||
      !enqueue_payment (store, payment.uuid, error) ||
      !new_ref (store, w->ref, error))
    return FALSE;

  stmt = kiosk_store_prepare (store,
                              licence
                              ? "INSERT INTO licence_renewals (uuid, reference, licence_number,"
                                " kind, period_months, fee_baisa, penalty_baisa, new_expiry,"
                                " payment_uuid, created_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                              : "INSERT INTO vehicle_permit_renewals (uuid, reference,"
                                " permit_number, plate, period_months, fee_baisa, new_expiry,"
                                " payment_uuid, created_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6 + ?7, ?8, ?9, ?10)",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, w->ref->uuid);
  kiosk_bind_text (stmt, 2, w->ref->reference);
  kiosk_bind_text (stmt, 3, w->number);
  kiosk_bind_text (stmt, 4, licence ? w->licence_kind : w->plate);
  sqlite3_bind_int (stmt, 5, w->period_months);
  sqlite3_bind_int64 (stmt, 6, w->quote->fee);
  sqlite3_bind_int64 (stmt, 7, w->quote->penalty);
  kiosk_bind_text (stmt, 8, w->quote->new_expiry);
  kiosk_bind_text (stmt, 9, payment.uuid);
  sqlite3_bind_int64 (stmt, 10, kiosk_store_now (store));
  if (!kiosk_store_step_done (store, stmt, error))
    return FALSE;

  /* The local copy shows the new expiry at once; the next pull confirms it. */
  stmt = kiosk_store_prepare (store,
                              licence
                              ? "UPDATE licences SET expires_on = ?2, updated_at = ?3"
                                " WHERE number = ?1"
                              : "UPDATE vehicle_permits SET expires_on = ?2, updated_at = ?3"
                                " WHERE number = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, w->number);
  kiosk_bind_text (stmt, 2, w->quote->new_expiry);
  sqlite3_bind_int64 (stmt, 3, kiosk_store_now (store));
  if (!kiosk_store_step_done (store, stmt, error))
    return FALSE;

  return insert_receipt (store, w->purpose, w->ref->uuid, w->ref->reference, payment.uuid,
                         total, error) &&
         enqueue_row (store, w->kind, KIOSK_OUTBOX_PRIORITY_NORMAL, w->table, w->ref->uuid,
                      NULL, NULL, error);
}

static gboolean
run_renewal (KioskStore     *store,
             RenewalWrite   *w,
             KioskRecordRef *out_ref,
             GError        **error)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };

  if (!check_auth (w->auth, error))
    return FALSE;
  w->ref = &ref;
  if (!in_transaction (store, write_renewal, w, error))
    return FALSE;
  if (out_ref != NULL)
    *out_ref = (KioskRecordRef) { g_steal_pointer (&ref.uuid), g_steal_pointer (&ref.reference) };
  return TRUE;
}

gboolean
kiosk_services_renew_licence (KioskStore             *store,
                              const char             *licence_number,
                              int                     period_months,
                              const KioskPaymentAuth *auth,
                              KioskRecordRef         *out_ref,
                              GError                **error)
{
  g_autofree char *number = kiosk_validate_licence_number (licence_number, error);
  g_autofree char *purpose = NULL;
  g_auto(Licence) licence = { 0 };
  g_auto(KioskQuote) q = { 0 };
  RenewalWrite w = { 0 };

  if (number == NULL || !load_licence (store, number, &licence, error))
    return FALSE;
  purpose = g_strconcat (licence.kind, "_licence", NULL);
  if (!quote (store, purpose, licence.fee_variant, period_months, licence.expires_on, &q,
              error))
    return FALSE;

  w = (RenewalWrite) { "licence_renewals", KIOSK_KIND_LICENCE_RENEWAL, purpose, number,
                       licence.kind, licence.plate, period_months, &q, auth, NULL };
  return run_renewal (store, &w, out_ref, error);
}

/* An active permit's plate and expiry, or an error saying why it cannot be renewed here. */
static gboolean
load_permit (KioskStore *store,
             const char *permit_number,
             char      **out_plate,
             char      **out_expires_on,
             GError    **error)
{
  g_autofree char *status = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (permit_number == NULL || *permit_number == '\0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY, "no permit number");
      return FALSE;
    }
  stmt = kiosk_store_prepare (store,
                              "SELECT plate, expires_on, status FROM vehicle_permits"
                              " WHERE number = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, permit_number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_plate = kiosk_column_dup_text (stmt, 0);
      *out_expires_on = kiosk_column_dup_text (stmt, 1);
      status = kiosk_column_dup_text (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no vehicle permit %s",
                   permit_number);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return kiosk_store_fail (store, rc, "look up permit", error);
  if (!g_str_equal (status, "active"))
    {
      g_clear_pointer (out_plate, g_free);
      g_clear_pointer (out_expires_on, g_free);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_LICENCE_BLOCKED, "permit %s is %s",
                   permit_number, status);
      return FALSE;
    }
  return TRUE;
}

gboolean
kiosk_services_quote_vehicle_permit (KioskStore *store,
                                     const char *permit_number,
                                     int         period_months,
                                     KioskQuote *out_quote,
                                     GError    **error)
{
  g_autofree char *plate = NULL;
  g_autofree char *expires_on = NULL;

  return load_permit (store, permit_number, &plate, &expires_on, error) &&
         quote (store, "vehicle_permit", "standard", period_months, expires_on, out_quote,
                error);
}

gboolean
kiosk_services_renew_vehicle_permit (KioskStore             *store,
                                     const char             *permit_number,
                                     int                     period_months,
                                     const KioskPaymentAuth *auth,
                                     KioskRecordRef         *out_ref,
                                     GError                **error)
{
  g_autofree char *plate = NULL;
  g_autofree char *expires_on = NULL;
  g_auto(KioskQuote) q = { 0 };
  RenewalWrite w = { 0 };

  if (!load_permit (store, permit_number, &plate, &expires_on, error) ||
      !quote (store, "vehicle_permit", "standard", period_months, expires_on, &q, error))
    return FALSE;

  w = (RenewalWrite) { "vehicle_permit_renewals", KIOSK_KIND_VEHICLE_PERMIT_RENEWAL,
                       "vehicle_permit", permit_number, NULL, plate, period_months, &q, auth,
                       NULL };
  return run_renewal (store, &w, out_ref, error);
}

/* Parking permits ----------------------------------------------------------------------- */

typedef struct
{
  char                   *plate;
  const char             *zone_code;
  int                     period_months;
  KioskBaisa              fee;
  char                   *phone;
  const KioskPaymentAuth *auth;
  KioskRecordRef         *ref;
} PermitWrite;

static gboolean
write_parking_permit (KioskStore *store,
                      gpointer    data,
                      GError    **error)
{
  PermitWrite *w = data;
  g_auto(KioskRecordRef) payment = { NULL, NULL };
  sqlite3_stmt *stmt;

  if (!insert_payment (store, "parking_permit", w->fee, w->auth, &payment, error) ||
      !enqueue_payment (store, payment.uuid, error) ||
      !new_ref (store, w->ref, error))
    return FALSE;

  stmt = kiosk_store_prepare (store,
                              "INSERT INTO parking_permit_requests (uuid, reference, plate,"
                              " zone_code, period_months, fee_baisa, phone, payment_uuid,"
                              " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, nullif (?7, ''),"
                              " ?8, ?9)",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, w->ref->uuid);
  kiosk_bind_text (stmt, 2, w->ref->reference);
  kiosk_bind_text (stmt, 3, w->plate);
  kiosk_bind_text (stmt, 4, w->zone_code);
  sqlite3_bind_int (stmt, 5, w->period_months);
  sqlite3_bind_int64 (stmt, 6, w->fee);
  kiosk_bind_text (stmt, 7, w->phone);
  kiosk_bind_text (stmt, 8, payment.uuid);
  sqlite3_bind_int64 (stmt, 9, kiosk_store_now (store));

  return kiosk_store_step_done (store, stmt, error) &&
         insert_receipt (store, "parking_permit", w->ref->uuid, w->ref->reference,
                         payment.uuid, w->fee, error) &&
         enqueue_row (store, KIOSK_KIND_PARKING_PERMIT_REQUEST, KIOSK_OUTBOX_PRIORITY_NORMAL,
                      "parking_permit_requests", w->ref->uuid, NULL, NULL, error);
}

gboolean
kiosk_services_quote_parking_permit (KioskStore *store,
                                     const char *zone_code,
                                     int         period_months,
                                     KioskQuote *out_quote,
                                     GError    **error)
{
  if (zone_code == NULL || *zone_code == '\0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY, "no parking zone chosen");
      return FALSE;
    }
  /* A new permit starts today: no expiry to extend, no penalty. */
  return quote (store, "parking_permit", zone_code, period_months, NULL, out_quote, error);
}

gboolean
kiosk_services_request_parking_permit (KioskStore             *store,
                                       const char             *plate,
                                       const char             *zone_code,
                                       int                     period_months,
                                       const char             *phone,
                                       const KioskPaymentAuth *auth,
                                       KioskRecordRef         *out_ref,
                                       GError                **error)
{
  g_autofree char *clean_plate = NULL;
  g_autofree char *clean_phone = NULL;
  g_auto(KioskQuote) q = { 0 };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  PermitWrite w;

  if ((clean_plate = kiosk_validate_plate (plate, error)) == NULL ||
      (clean_phone = optional_phone (phone, error)) == NULL ||
      !check_auth (auth, error))
    return FALSE;
  if (!kiosk_services_quote_parking_permit (store, zone_code, period_months, &q, error))
    return FALSE;

  w = (PermitWrite) { clean_plate, zone_code, period_months, q.fee, clean_phone, auth, &ref };
  if (!in_transaction (store, write_parking_permit, &w, error))
    return FALSE;
  if (out_ref != NULL)
    *out_ref = (KioskRecordRef) { g_steal_pointer (&ref.uuid), g_steal_pointer (&ref.reference) };
  return TRUE;
}

/* Lease-contract renewal forms ----------------------------------------------------------- */

typedef struct
{
  const KioskLeaseFormInput *input;
  char                      *fields[6];  /* tenant, civil, phone, landlord, building, contract */
  KioskRecordRef            *ref;
} LeaseWrite;

static gboolean
write_lease_form (KioskStore *store,
                  gpointer    data,
                  GError    **error)
{
  LeaseWrite *w = data;
  sqlite3_stmt *stmt;

  if (!new_ref (store, w->ref, error))
    return FALSE;
  stmt = kiosk_store_prepare (store,
                              "INSERT INTO lease_form_requests (uuid, reference, tenant_name,"
                              " civil_number, phone, landlord_name, wilayat_code, area_code,"
                              " building_details, contract_number, delivery, created_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, nullif (?10, ''),"
                              " ?11, ?12)",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, w->ref->uuid);
  kiosk_bind_text (stmt, 2, w->ref->reference);
  kiosk_bind_text (stmt, 3, w->fields[0]);
  kiosk_bind_text (stmt, 4, w->fields[1]);
  kiosk_bind_text (stmt, 5, w->fields[2]);
  kiosk_bind_text (stmt, 6, w->fields[3]);
  kiosk_bind_text (stmt, 7, w->input->wilayat_code);
  kiosk_bind_text (stmt, 8, w->input->area_code);
  kiosk_bind_text (stmt, 9, w->fields[4]);
  kiosk_bind_text (stmt, 10, w->fields[5]);
  kiosk_bind_text (stmt, 11, w->input->print_now ? "print" : "queue");
  sqlite3_bind_int64 (stmt, 12, kiosk_store_now (store));

  return kiosk_store_step_done (store, stmt, error) &&
         insert_receipt (store, "lease_form", w->ref->uuid, w->ref->reference, NULL, 0, error) &&
         enqueue_row (store, KIOSK_KIND_LEASE_FORM_REQUEST, KIOSK_OUTBOX_PRIORITY_NORMAL,
                      "lease_form_requests", w->ref->uuid, NULL, NULL, error);
}

gboolean
kiosk_services_request_lease_form (KioskStore                *store,
                                   const KioskLeaseFormInput *input,
                                   KioskRecordRef            *out_ref,
                                   GError                   **error)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  LeaseWrite w = { input, { NULL }, &ref };
  gboolean ok = FALSE;

  if ((w.fields[0] = kiosk_validate_text (input->tenant_name, KIOSK_NAME_MAX_CHARS, TRUE,
                                          error)) == NULL ||
      (w.fields[1] = kiosk_validate_civil_number (input->civil_number, error)) == NULL ||
      (w.fields[2] = kiosk_validate_phone (input->phone, error)) == NULL ||
      (w.fields[3] = kiosk_validate_text (input->landlord_name, KIOSK_NAME_MAX_CHARS, TRUE,
                                          error)) == NULL ||
      (w.fields[4] = kiosk_validate_text (input->building_details, KIOSK_LANDMARK_MAX_CHARS,
                                          TRUE, error)) == NULL ||
      (w.fields[5] = kiosk_validate_text (input->contract_number ? input->contract_number : "",
                                          32, FALSE, error)) == NULL ||
      !check_place (store, input->wilayat_code, input->area_code, error) ||
      !in_transaction (store, write_lease_form, &w, error))
    goto out;

  if (out_ref != NULL)
    *out_ref = (KioskRecordRef) { g_steal_pointer (&ref.uuid), g_steal_pointer (&ref.reference) };
  ok = TRUE;

out:
  for (guint i = 0; i < G_N_ELEMENTS (w.fields); i++)
    g_free (w.fields[i]);
  return ok;
}
