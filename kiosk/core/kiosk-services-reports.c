/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reports and feedback: suggestions, complaints and inquiries, reports with photos, and a
 * visitor's photos and note added to a report already filed. */
#define G_LOG_DOMAIN "kiosk-services"

#include "config.h"

#include "kiosk-services-private.h"

#include <glib/gstdio.h>
#include <math.h>

#include "kiosk-ids.h"
#include "kiosk-photos.h"
#include "kiosk-places.h"
#include "kiosk-validate.h"

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

  if (!kiosk_services_new_ref (store, w->ref, error))
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
         kiosk_services_insert_receipt (store, "feedback", w->ref->uuid, w->ref->reference,
                                        NULL, 0, error) &&
         kiosk_services_enqueue_row (store, KIOSK_KIND_FEEDBACK, KIOSK_OUTBOX_PRIORITY_NORMAL,
                                     "feedback", w->ref->uuid, NULL, NULL, error);
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
  clean_phone = kiosk_services_optional_phone (phone, error);
  if (clean_phone == NULL)
    return FALSE;

  w = (FeedbackWrite) { kinds[kind], body, clean_phone, &ref };
  if (!kiosk_services_in_transaction (store, write_feedback, &w, error))
    return FALSE;

  kiosk_services_give_ref (&ref, out_ref);
  return TRUE;
}

/* Photos ---------------------------------------------------------------------------------- */

/* Up to KIOSK_REPORT_MAX_PHOTOS names of photo files; `out_n` (may be NULL) is how many. */
static gboolean
check_photo_names (const char * const *photo_hashes,
                   guint              *out_n,
                   GError            **error)
{
  guint n_photos = photo_hashes ? g_strv_length ((GStrv) photo_hashes) : 0;

  if (n_photos > KIOSK_REPORT_MAX_PHOTOS)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "at most %d photos",
                   KIOSK_REPORT_MAX_PHOTOS);
      return FALSE;
    }
  for (guint i = 0; i < n_photos; i++)
    if (!kiosk_sha256_is_valid (photo_hashes[i]))
      {
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "not a photo name");
        return FALSE;
      }
  if (out_n != NULL)
    *out_n = n_photos;
  return TRUE;
}

/* Names each photo file that kiosk_photos_write () already stored and fsynced, before this
 * transaction, and links it to its record with `link_sql` (?1 record UUID, ?2 position,
 * ?3 SHA-256). */
static gboolean
insert_photos (KioskStore         *store,
               const char         *link_sql,
               const char         *record_uuid,
               const char * const *photos,
               gint64              now,
               GError            **error)
{
  for (guint i = 0; photos != NULL && photos[i] != NULL; i++)
    {
      g_autofree char *path = kiosk_photos_path (store, photos[i]);
      sqlite3_stmt *stmt;
      GStatBuf st;

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

      stmt = kiosk_store_prepare (store, link_sql, error);
      if (stmt == NULL)
        return FALSE;
      kiosk_bind_text (stmt, 1, record_uuid);
      sqlite3_bind_int (stmt, 2, (int) i);
      kiosk_bind_text (stmt, 3, photos[i]);
      if (!kiosk_store_step_done (store, stmt, error))
        return FALSE;
    }
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

static const KioskChildRows report_children[] = {
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

  if (!kiosk_services_new_ref (store, w->ref, error))
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
  /* Microdegrees, like the reference points (kiosk-places.h); unbound is NULL. */
  if (w->input->has_position)
    {
      sqlite3_bind_int64 (stmt, 11, llround (w->input->latitude * 1e6));
      sqlite3_bind_int64 (stmt, 12, llround (w->input->longitude * 1e6));
    }
  if (!kiosk_store_step_done (store, stmt, error) ||
      !insert_photos (store,
                      "INSERT INTO report_photos (report_uuid, position, sha256)"
                      " VALUES (?1, ?2, ?3)",
                      w->ref->uuid, photos, now, error))
    return FALSE;

  return kiosk_services_insert_receipt (store, "report", w->ref->uuid, w->ref->reference,
                                        NULL, 0, error) &&
         kiosk_services_enqueue_row (store, KIOSK_KIND_REPORT,
                                     g_str_equal (w->priority, "HIGH")
                                     ? KIOSK_OUTBOX_PRIORITY_URGENT
                                     : KIOSK_OUTBOX_PRIORITY_NORMAL,
                                     "reports", w->ref->uuid, report_children, photos, error);
}

static char *
lookup_category_priority (KioskStore *store,
                          const char *category_code,
                          GError    **error)
{
  sqlite3_stmt *stmt;
  char *priority;

  stmt = kiosk_store_prepare (store,
                              "SELECT priority FROM report_categories"
                              " WHERE code = ?1 AND active = 1",
                              error);
  if (stmt == NULL)
    return NULL;
  kiosk_bind_text (stmt, 1, category_code);
  if (!kiosk_services_step_row (store, stmt, "look up category", KIOSK_ERROR_INVALID_VALUE,
                                error, "unknown report category %s", category_code))
    return NULL;
  priority = kiosk_column_dup_text (stmt, 0);
  sqlite3_reset (stmt);
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

  if (!check_photo_names (input->photo_hashes, NULL, error))
    return FALSE;

  if (input->category_code == NULL ||
      (w.priority = lookup_category_priority (store, input->category_code, error)) == NULL)
    {
      if (input->category_code == NULL)
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY, "no category chosen");
      goto out;
    }
  if (!kiosk_services_check_place (store, input->wilayat_code, input->area_code, error))
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
      (w.phone = kiosk_services_optional_phone (input->phone, error)) == NULL)
    goto out;

  if (!kiosk_services_in_transaction (store, write_report, &w, error))
    goto out;

  if (out_urgent != NULL)
    *out_urgent = g_str_equal (w.priority, "HIGH");
  kiosk_services_give_ref (&ref, out_ref);
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

static const KioskChildRows addition_children[] = {
  { "photos", "SELECT position, sha256 FROM report_addition_photos WHERE addition_uuid = ?1"
              " ORDER BY position" },
  { NULL, NULL },
};

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
  if (!kiosk_services_exists (store, "SELECT 1 FROM reports WHERE uuid = ?1",
                              w->input->report_uuid, NULL, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no report %s",
                     w->input->report_uuid);
      return FALSE;
    }

  if (!kiosk_services_new_ref (store, w->ref, error))
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
  if (!kiosk_store_step_done (store, stmt, error) ||
      !insert_photos (store,
                      "INSERT INTO report_addition_photos (addition_uuid, position, sha256)"
                      " VALUES (?1, ?2, ?3)",
                      w->ref->uuid, photos, now, error))
    return FALSE;

  return kiosk_services_insert_receipt (store, "report_addition", w->ref->uuid,
                                        w->ref->reference, NULL, 0, error) &&
         kiosk_services_enqueue_row (store, KIOSK_KIND_REPORT_ADDITION,
                                     KIOSK_OUTBOX_PRIORITY_NORMAL, "report_additions",
                                     w->ref->uuid, addition_children, photos, error);
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
  guint n_photos;

  if (input->report_uuid == NULL || !kiosk_uuid_is_valid (input->report_uuid))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "not a report UUID");
      return FALSE;
    }
  if (!check_photo_names (input->photo_hashes, &n_photos, error))
    return FALSE;

  if ((w.note = kiosk_validate_text (input->note ? input->note : "",
                                     KIOSK_DESCRIPTION_MAX_CHARS, FALSE, error)) == NULL ||
      (w.phone = kiosk_services_optional_phone (input->phone, error)) == NULL)
    goto out;
  /* An addition with nothing in it would only queue an empty record. */
  if (n_photos == 0 && w.note[0] == '\0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY, "neither a photo nor a note");
      goto out;
    }

  if (!kiosk_services_in_transaction (store, write_addition, &w, error))
    goto out;

  kiosk_services_give_ref (&ref, out_ref);
  ok = TRUE;

out:
  g_free (w.note);
  g_free (w.phone);
  return ok;
}
