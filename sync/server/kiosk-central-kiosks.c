/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Kiosk registration and bearer-token checks for the central server. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-kiosks.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "kiosk-error.h"

#define TOKEN_BYTES 32

gboolean
kiosk_central_kiosk_code_is_valid (const char *code)
{
  gsize len;

  if (code == NULL)
    return FALSE;
  len = strlen (code);
  if (len < 2 || len > 12)
    return FALSE;
  for (const char *p = code; *p; p++)
    if (!g_ascii_isupper (*p) && !g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

char *
kiosk_central_token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* 256 bits from the kernel's CSPRNG, base64url without padding: safe in a header, no '+'. */
char *
kiosk_central_token_new (GError **error)
{
  guint8 bytes[TOKEN_BYTES];
  gsize done = 0;
  char *token;

  while (done < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + done, sizeof bytes - done, 0);
      if (n < 0)
        {
          int saved = errno;
          if (saved == EINTR)
            continue;
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "no random bytes: %s",
                       g_strerror (saved));
          return NULL;
        }
      done += (gsize) n;
    }

  token = g_base64_encode (bytes, sizeof bytes);
  for (char *p = token; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        *p = '\0';
    }
  memset (bytes, 0, sizeof bytes);
  return token;
}

char *
kiosk_central_kiosks_add (KioskCentralDb *db,
                          const char     *code,
                          GError        **error)
{
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  KioskCentralStmt *stmt;
  gint64 now = kiosk_central_now ();
  gboolean disabled;
  KioskCentralStep rc;

  if (!kiosk_central_kiosk_code_is_valid (code))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "kiosk code \"%s\" is not 2 to 12 capital letters or digits", code);
      return NULL;
    }

  /* A kiosk the municipality disabled (a stolen or retired device) is not switched back on
   * as a side effect of giving it a new token: that takes --enable, on purpose. */
  stmt = kiosk_central_db_prepare (db, "SELECT enabled FROM kiosks WHERE code = ?1", error);
  if (stmt == NULL)
    return NULL;
  kiosk_central_stmt_bind_text (stmt, 1, code);
  rc = kiosk_central_stmt_step (stmt);
  disabled = rc == KIOSK_CENTRAL_ROW && kiosk_central_stmt_column_int64 (stmt, 0) == 0;
  kiosk_central_stmt_reset (stmt);
  if (rc != KIOSK_CENTRAL_ROW && rc != KIOSK_CENTRAL_DONE)
    {
      kiosk_central_db_fail (db, rc, "look up the kiosk", error);
      return NULL;
    }
  if (disabled)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_REQUEST_FORBIDDEN,
                   "kiosk %s is disabled; add --enable %s to enable it and give it a new token",
                   code, code);
      return NULL;
    }

  token = kiosk_central_token_new (error);
  if (token == NULL)
    return NULL;
  hash = kiosk_central_token_hash (token);

  stmt = kiosk_central_db_prepare (db,
                                   "INSERT INTO kiosks (code, token_sha256, enabled, created_at,"
                                   " updated_at) VALUES (?1, ?2, 1, ?3, ?3)"
                                   " ON CONFLICT (code) DO UPDATE SET"
                                   " token_sha256 = excluded.token_sha256,"
                                   " updated_at = excluded.updated_at",
                                   error);
  if (stmt == NULL)
    return NULL;
  kiosk_central_stmt_bind_text (stmt, 1, code);
  kiosk_central_stmt_bind_text (stmt, 2, hash);
  kiosk_central_stmt_bind_int64 (stmt, 3, now);
  if (!kiosk_central_db_step_done (db, stmt, error))
    return NULL;

  return g_steal_pointer (&token);
}

gboolean
kiosk_central_kiosks_set_enabled (KioskCentralDb *db,
                                  const char     *code,
                                  gboolean        enabled,
                                  GError        **error)
{
  KioskCentralStmt *stmt;

  stmt = kiosk_central_db_prepare (db,
                                   "UPDATE kiosks SET enabled = ?2, updated_at = ?3"
                                   " WHERE code = ?1",
                                   error);
  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_text (stmt, 1, code);
  kiosk_central_stmt_bind_int64 (stmt, 2, enabled ? 1 : 0);
  kiosk_central_stmt_bind_int64 (stmt, 3, kiosk_central_now ());
  if (!kiosk_central_db_step_done (db, stmt, error))
    return FALSE;

  if (kiosk_central_db_changes (db) == 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no kiosk %s", code);
      return FALSE;
    }
  return TRUE;
}

gboolean
kiosk_central_kiosks_authenticate (KioskCentralDb   *db,
                                   const char       *token,
                                   KioskCentralAuth *out_auth,
                                   char            **out_code,
                                   GError          **error)
{
  g_autofree char *hash = NULL;
  KioskCentralStmt *stmt;
  KioskCentralStep rc;

  *out_auth = KIOSK_CENTRAL_AUTH_UNKNOWN;
  *out_code = NULL;
  if (token == NULL || *token == '\0')
    return TRUE;

  hash = kiosk_central_token_hash (token);
  stmt = kiosk_central_db_prepare (db,
                                   "SELECT code, enabled FROM kiosks WHERE token_sha256 = ?1",
                                   error);
  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_text (stmt, 1, hash);
  rc = kiosk_central_stmt_step (stmt);
  if (rc == KIOSK_CENTRAL_ROW)
    {
      *out_code = g_strdup (kiosk_central_stmt_column_text (stmt, 0));
      *out_auth = kiosk_central_stmt_column_int64 (stmt, 1) ? KIOSK_CENTRAL_AUTH_OK
                                               : KIOSK_CENTRAL_AUTH_DISABLED;
    }
  kiosk_central_stmt_reset (stmt);
  if (rc != KIOSK_CENTRAL_ROW && rc != KIOSK_CENTRAL_DONE)
    return kiosk_central_db_fail (db, rc, "look up the token", error);
  return TRUE;
}
