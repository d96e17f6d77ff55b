/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A kiosk agent's report of itself (see the header). */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-kiosk-status.h"

#include <string.h>

#include "kiosk-error.h"

#define MAX_VERSION_CHARS 32
#define MAX_COUNT         G_GINT64_CONSTANT (1000000000)

static gboolean
version_is_valid (const char *version)
{
  gsize len = strlen (version);

  if (len < 1 || len > MAX_VERSION_CHARS)
    return FALSE;
  for (const char *p = version; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr (".+~-", *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
parse_count (const char  *text,
             const char  *header,
             gint64      *out_count,
             GError     **error)
{
  guint64 value = 0;

  /* Digits only: g_ascii_string_to_unsigned alone would also take a leading '+'. */
  if (*text == '\0' || strspn (text, "0123456789") != strlen (text) ||
      !g_ascii_string_to_unsigned (text, 10, 0, MAX_COUNT, &value, NULL))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "%s must be a whole number from 0 to 1000000000", header);
      return FALSE;
    }
  *out_count = (gint64) value;
  return TRUE;
}

gboolean
kiosk_central_kiosk_status_parse (const char               *agent_version,
                                  const char               *queue_depth,
                                  const char               *parked,
                                  KioskCentralKioskStatus **out_status,
                                  GError                  **error)
{
  g_autoptr(KioskCentralKioskStatus) status = NULL;

  *out_status = NULL;
  if (agent_version == NULL && queue_depth == NULL && parked == NULL)
    return TRUE;
  if (agent_version == NULL || queue_depth == NULL || parked == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "%s, %s and %s are sent together or not at all",
                   KIOSK_CENTRAL_AGENT_VERSION_HEADER, KIOSK_CENTRAL_QUEUE_DEPTH_HEADER,
                   KIOSK_CENTRAL_PARKED_HEADER);
      return FALSE;
    }
  if (!version_is_valid (agent_version))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "%s must be 1 to 32 of A-Z a-z 0-9 . + ~ -",
                   KIOSK_CENTRAL_AGENT_VERSION_HEADER);
      return FALSE;
    }
  status = g_new0 (KioskCentralKioskStatus, 1);
  if (!parse_count (queue_depth, KIOSK_CENTRAL_QUEUE_DEPTH_HEADER, &status->queue_depth,
                    error) ||
      !parse_count (parked, KIOSK_CENTRAL_PARKED_HEADER, &status->parked, error))
    return FALSE;
  status->agent_version = g_strdup (agent_version);
  *out_status = g_steal_pointer (&status);
  return TRUE;
}

gboolean
kiosk_central_kiosk_status_store (KioskCentralDb                *db,
                                  const char                    *kiosk_code,
                                  const KioskCentralKioskStatus *status,
                                  GError                       **error)
{
  KioskCentralStmt *stmt;

  stmt = kiosk_central_db_prepare (db,
                                   "INSERT INTO kiosk_status (kiosk_code, agent_version,"
                                   " queue_depth, parked, reported_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5)"
                                   " ON CONFLICT (kiosk_code) DO UPDATE SET"
                                   " agent_version = excluded.agent_version,"
                                   " queue_depth = excluded.queue_depth,"
                                   " parked = excluded.parked,"
                                   " reported_at = excluded.reported_at",
                                   error);
  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_text (stmt, 1, kiosk_code);
  kiosk_central_stmt_bind_text (stmt, 2, status->agent_version);
  kiosk_central_stmt_bind_int64 (stmt, 3, status->queue_depth);
  kiosk_central_stmt_bind_int64 (stmt, 4, status->parked);
  kiosk_central_stmt_bind_int64 (stmt, 5, kiosk_central_now ());
  return kiosk_central_db_step_done (db, stmt, error);
}

void
kiosk_central_kiosk_status_free (KioskCentralKioskStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->agent_version);
  g_free (status);
}
