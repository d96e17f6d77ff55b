/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every statement the staff console and the Open311 endpoint run, and nothing else: staff,
 * sessions and the audit trail, the report index staff filter on, status changes into the
 * changes feed, and Open311 clients. One SQL text for SQLite and PostgreSQL through
 * kiosk-central-db.h, numbered parameters, times as integer seconds. */
#pragma once

#include <glib.h>

#include "kiosk-central-db.h"

G_BEGIN_DECLS

/* Staff ------------------------------------------------------------------------------------ */

typedef struct
{
  char   *username;
  char   *display_name;
  char   *role;           /* "officer" or "supervisor" */
  char   *password_hash;  /* Argon2id, crypto_pwhash_str's form */
  guint   failed_logins;
  gint64  locked_until;
} KioskCentralStaff;

void      kiosk_central_staff_free              (KioskCentralStaff *staff);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCentralStaff, kiosk_central_staff_free)

/* Creates the account or gives it a new password, name and role (unlocked); audited. */
gboolean  kiosk_central_store_staff_put         (KioskCentralDb  *db,
                                                 const char      *username,
                                                 const char      *display_name,
                                                 const char      *role,
                                                 const char      *password_hash,
                                                 const char      *actor,
                                                 GError         **error);
/* NULL without error when there is no such account. */
KioskCentralStaff *kiosk_central_store_staff_get (KioskCentralDb  *db,
                                                 const char      *username,
                                                 GError         **error);
/* A wrong password: one more failure, and locked until `lock_until` once `max_failures` is
 * reached (then the count starts again). Audited. */
gboolean  kiosk_central_store_staff_failed      (KioskCentralDb  *db,
                                                 const char      *username,
                                                 guint            max_failures,
                                                 gint64           lock_until,
                                                 GError         **error);

/* Sessions: only the token's SHA-256 is stored. */
gboolean  kiosk_central_store_session_add       (KioskCentralDb  *db,
                                                 const char      *token_sha256,
                                                 const char      *username,
                                                 const char      *csrf_token,
                                                 gint64           expires_at,
                                                 GError         **error);
/* The signed-in person and the session's CSRF token, or NULL (no error) when the session is
 * unknown or expired. */
KioskCentralStaff *kiosk_central_store_session_get (KioskCentralDb  *db,
                                                 const char      *token_sha256,
                                                 char           **out_csrf_token,
                                                 GError         **error);
gboolean  kiosk_central_store_session_remove    (KioskCentralDb  *db,
                                                 const char      *token_sha256,
                                                 GError         **error);

gboolean  kiosk_central_store_audit             (KioskCentralDb  *db,
                                                 const char      *actor,
                                                 const char      *action,
                                                 const char      *subject,
                                                 const char      *detail,
                                                 GError         **error);

/* Reports ---------------------------------------------------------------------------------- */

typedef struct
{
  char     *uuid;
  char     *reference;
  char     *source;         /* a kiosk's code, or "open311:<client>" */
  char     *category_code;
  char     *priority;       /* HIGH, MEDIUM, LOW */
  char     *wilayat_code;
  char     *area_code;
  char     *landmark;
  char     *description;
  char     *status;
  char     *note_ar;
  char     *note_en;
  gint64    created_at;
  gint64    status_at;
  gboolean  has_position;
  gint64    latitude_e6;
  gint64    longitude_e6;
} KioskCentralReport;

void      kiosk_central_report_free             (KioskCentralReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCentralReport, kiosk_central_report_free)

/* NULL or "" in a string field: no filter on it; 0 in a time: none. */
typedef struct
{
  const char *status;
  const char *category_code;
  const char *priority;
  const char *wilayat_code;
  const char *area_code;
  const char *source;
  const char *reference;       /* exact */
  gint64      created_after;   /* inclusive */
  gint64      created_before;  /* exclusive */
  guint       offset;
  guint       limit;
  gboolean    newest_first;    /* else HIGH first, then oldest first (staff's work order) */
} KioskCentralReportFilter;

/* Brings the index up to the records received since it was last read (reports and
 * additions a kiosk sent); cheap when there are none. */
gboolean  kiosk_central_store_reports_catch_up  (KioskCentralDb  *db,
                                                 GError         **error);
/* KioskCentralReport*; `out_total` counts every match, not only the page. */
GPtrArray *kiosk_central_store_reports_list     (KioskCentralDb                 *db,
                                                 const KioskCentralReportFilter *filter,
                                                 guint                          *out_total,
                                                 GError                        **error);
/* By UUID or by reference (exactly one non-NULL); NULL without error when absent. */
KioskCentralReport *kiosk_central_store_report_get (KioskCentralDb  *db,
                                                 const char      *uuid,
                                                 const char      *reference,
                                                 GError         **error);
/* The current rows of a reference dataset as JSON object texts, in no particular order. */
GPtrArray *kiosk_central_store_reference_data   (KioskCentralDb  *db,
                                                 const char      *dataset,
                                                 GError         **error);

/* The SHA-256 of each photo of a record (a report or an addition), in order. */
GPtrArray *kiosk_central_store_record_photos    (KioskCentralDb  *db,
                                                 const char      *record_uuid,
                                                 GError         **error);

typedef struct
{
  char   *uuid;
  char   *note;
  gint64  created_at;
} KioskCentralAddition;

void      kiosk_central_addition_free           (KioskCentralAddition *addition);

/* KioskCentralAddition*, oldest first. */
GPtrArray *kiosk_central_store_report_additions (KioskCentralDb  *db,
                                                 const char      *report_uuid,
                                                 GError         **error);
/* The report_status changes the feed carried for it, oldest first, as JSON object text
 * ({uuid, status, at, note_ar, note_en}). */
GPtrArray *kiosk_central_store_report_history   (KioskCentralDb  *db,
                                                 const char      *report_uuid,
                                                 GError         **error);
/* Whether a report or an addition names this photo: only those are shown to staff. */
gboolean  kiosk_central_store_photo_is_report_photo (KioskCentralDb *db,
                                                 const char      *sha256,
                                                 gboolean        *out_is,
                                                 GError         **error);

/* In one transaction: the new status (only if the current one is still `expected`, else
 * KIOSK_ERROR_CONFLICT), its change in the feed for the report's kiosk, and the audit row. */
gboolean  kiosk_central_store_report_set_status (KioskCentralDb  *db,
                                                 const char      *uuid,
                                                 const char      *expected,
                                                 const char      *status,
                                                 const char      *note_ar,
                                                 const char      *note_en,
                                                 const char      *actor,
                                                 GError         **error);

/* Reference data as staff see it ------------------------------------------------------------ */

typedef struct
{
  char *code;
  char *name_ar;
  char *name_en;
  char *parent;   /* areas: the wilayat; report_categories: the group; else NULL */
  char *priority; /* report_categories only */
} KioskCentralName;

void      kiosk_central_name_free               (KioskCentralName *name);

/* The current rows of a named reference dataset (wilayats, areas, category_groups,
 * report_categories), KioskCentralName* in the dataset's sort order. */
GPtrArray *kiosk_central_store_names            (KioskCentralDb  *db,
                                                 const char      *dataset,
                                                 GError         **error);
/* Every kiosk's code, sorted. */
GPtrArray *kiosk_central_store_kiosk_codes      (KioskCentralDb  *db,
                                                 GError         **error);

/* Money and queue health ------------------------------------------------------------------- */

typedef struct
{
  char   *case_reference;
  char   *fine_number;
  gint64  amount_baisa;
  char   *kiosk_code;     /* where the second payment was taken */
  gint64  opened_at;
  gint64  resolved_at;    /* 0 while open */
  char   *resolved_by;
  char   *note;
} KioskCentralRefund;

void       kiosk_central_refund_free            (KioskCentralRefund *refund);

/* Every refund case's fines, open ones first, oldest first. */
GPtrArray *kiosk_central_store_refunds          (KioskCentralDb  *db,
                                                 GError         **error);
/* Marks the case settled, audited; KIOSK_ERROR_NOT_FOUND for no such case,
 * KIOSK_ERROR_CONFLICT when it already is. */
gboolean   kiosk_central_store_refund_resolve   (KioskCentralDb  *db,
                                                 const char      *case_reference,
                                                 const char      *note,
                                                 const char      *actor,
                                                 GError         **error);

typedef struct
{
  char     *code;
  gboolean  enabled;
  gint64    last_received_at;  /* 0: nothing received yet */
  gint64    accepted;
  gint64    rejected;
  /* As its agent last reported it (reported_at 0: never, e.g. an older agent). */
  gint64    reported_at;
  char     *agent_version;
  gint64    queue_depth;
  gint64    parked;
} KioskCentralKioskHealth;

void       kiosk_central_kiosk_health_free      (KioskCentralKioskHealth *kiosk);

GPtrArray *kiosk_central_store_kiosk_health     (KioskCentralDb  *db,
                                                 GError         **error);

typedef struct
{
  char   *uuid;
  char   *kiosk_code;
  char   *kind;
  char   *code;
  char   *reason;
  gint64  received_at;
} KioskCentralRejected;

void       kiosk_central_rejected_free          (KioskCentralRejected *record);

/* The newest `limit` records the server refused, of one kiosk or ("" or NULL) all. */
GPtrArray *kiosk_central_store_rejected         (KioskCentralDb  *db,
                                                 const char      *kiosk_code,
                                                 guint            limit,
                                                 GError         **error);

/* Open311 ---------------------------------------------------------------------------------- */

gboolean  kiosk_central_store_open311_client_put (KioskCentralDb  *db,
                                                 const char      *name,
                                                 const char      *api_key_sha256,
                                                 GError         **error);
/* The client's name, or NULL (no error) for an unknown key. */
char     *kiosk_central_store_open311_client_find (KioskCentralDb *db,
                                                 const char      *api_key_sha256,
                                                 GError         **error);
/* The SHA-256 of the client's API key (what its media URLs are signed with), or NULL (no
 * error) for an unknown client. */
char     *kiosk_central_store_open311_client_key  (KioskCentralDb *db,
                                                 const char      *name,
                                                 GError         **error);

typedef struct
{
  const char *uuid;
  const char *reference;
  const char *client;          /* the source becomes "open311:<client>" */
  const char *category_code;
  const char *priority;
  const char *description;
  const char *address;         /* kept as the landmark */
  const char *payload;         /* the request as received, JSON object text */
  gboolean    has_position;
  gint64      latitude_e6;
  gint64      longitude_e6;
} KioskCentralNewReport;

/* A report from another channel: its record, `received` status and index row, in one
 * transaction, audited as the client's. */
gboolean  kiosk_central_store_open311_add_report (KioskCentralDb             *db,
                                                 const KioskCentralNewReport *report,
                                                 GError                     **error);

G_END_DECLS
