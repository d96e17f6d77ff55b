/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Staff passwords, lock-out, sessions and CSRF tokens (see the header). */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-console-auth.h"

#include <sodium.h>
#include <string.h>

#include "kiosk-central-kiosks.h"
#include "kiosk-error.h"
#include "kiosk-validate.h"

#define MAX_PASSWORD 256

static void
ensure_sodium (void)
{
  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
}

gboolean
kiosk_central_account_name_is_valid (const char *username)
{
  gsize len = username ? strlen (username) : 0;

  if (len < 2 || len > 32)
    return FALSE;
  for (const char *p = username; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

gboolean
kiosk_central_console_add_staff (KioskCentralDb *db,
                                 const char     *username,
                                 const char     *display_name,
                                 const char     *role,
                                 const char     *password,
                                 GError        **error)
{
  char hash[crypto_pwhash_STRBYTES];
  g_autofree char *name = NULL;
  gboolean ok;

  ensure_sodium ();
  if (!kiosk_central_account_name_is_valid (username))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "a username is 2 to 32 of a-z, 0-9, '.', '_' and '-'");
      return FALSE;
    }
  if (g_strcmp0 (role, "officer") != 0 && g_strcmp0 (role, "supervisor") != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "the role is officer or supervisor");
      return FALSE;
    }
  if (password == NULL || g_utf8_strlen (password, -1) < KIOSK_CENTRAL_MIN_PASSWORD ||
      strlen (password) > MAX_PASSWORD || !g_utf8_validate (password, -1, NULL))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "a password is %d to %d characters", KIOSK_CENTRAL_MIN_PASSWORD,
                   MAX_PASSWORD);
      return FALSE;
    }
  name = kiosk_validate_text (display_name ? display_name : username, 80, FALSE, error);
  if (name == NULL)
    return FALSE;
  if (crypto_pwhash_str (hash, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED,
                   "not enough memory to hash the password");
      return FALSE;
    }
  ok = kiosk_central_store_staff_put (db, username, *name ? name : username, role, hash, "cli",
                                      error);
  sodium_memzero (hash, sizeof hash);
  return ok;
}

/* A hash of nothing anyone types: an unknown username is checked against it, so it costs
 * the same time as a wrong password and timing the answer tells no one which accounts
 * exist. */
static const char *
unknown_user_hash (void)
{
  static gsize done = 0;
  static char hash[crypto_pwhash_STRBYTES];

  if (g_once_init_enter (&done))
    {
      guint8 secret[32];

      randombytes_buf (secret, sizeof secret);
      if (crypto_pwhash_str (hash, (const char *) secret, sizeof secret,
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        g_error ("not enough memory to hash a password");
      g_once_init_leave (&done, 1);
    }
  return hash;
}

gboolean
kiosk_central_console_login (KioskCentralDb     *db,
                             const char         *username,
                             const char         *password,
                             KioskCentralLogin  *out_result,
                             char              **out_token,
                             GError            **error)
{
  g_autoptr(KioskCentralStaff) staff = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *csrf = NULL;
  gint64 now = kiosk_central_now ();

  ensure_sodium ();
  *out_result = KIOSK_CENTRAL_LOGIN_WRONG;
  *out_token = NULL;
  if (!kiosk_central_account_name_is_valid (username) || password == NULL ||
      strlen (password) > MAX_PASSWORD)
    return TRUE;
  staff = kiosk_central_store_staff_get (db, username, error);
  if (staff == NULL)
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      /* Always a mismatch; only the time it takes matters. */
      if (crypto_pwhash_str_verify (unknown_user_hash (), password, strlen (password)) == 0)
        g_warn_if_reached ();
      return TRUE;
    }
  if (staff->locked_until > now)
    {
      *out_result = KIOSK_CENTRAL_LOGIN_LOCKED;
      return TRUE;
    }
  if (crypto_pwhash_str_verify (staff->password_hash, password, strlen (password)) != 0)
    {
      if (!kiosk_central_store_staff_failed (db, username, KIOSK_CENTRAL_LOGIN_FAILURES,
                                             now + KIOSK_CENTRAL_LOCKOUT_SECONDS, error))
        return FALSE;
      /* The attempt that reaches the limit already says so. */
      if (staff->failed_logins + 1 >= KIOSK_CENTRAL_LOGIN_FAILURES)
        *out_result = KIOSK_CENTRAL_LOGIN_LOCKED;
      return TRUE;
    }

  token = kiosk_central_token_new (error);
  csrf = token ? kiosk_central_token_new (error) : NULL;
  if (csrf == NULL)
    return FALSE;
  hash = kiosk_central_token_hash (token);
  if (!kiosk_central_store_session_add (db, hash, username, csrf,
                                        now + KIOSK_CENTRAL_SESSION_SECONDS, error))
    return FALSE;
  *out_result = KIOSK_CENTRAL_LOGIN_OK;
  *out_token = g_steal_pointer (&token);
  return TRUE;
}

KioskCentralStaff *
kiosk_central_console_session (KioskCentralDb *db,
                               const char     *token,
                               char          **out_csrf_token,
                               GError        **error)
{
  g_autofree char *hash = NULL;

  *out_csrf_token = NULL;
  if (token == NULL || *token == '\0' || strlen (token) > 128)
    return NULL;
  hash = kiosk_central_token_hash (token);
  return kiosk_central_store_session_get (db, hash, out_csrf_token, error);
}

gboolean
kiosk_central_console_logout (KioskCentralDb *db,
                              const char     *token,
                              const char     *username,
                              GError        **error)
{
  g_autofree char *hash = kiosk_central_token_hash (token);

  return kiosk_central_store_session_remove (db, hash, error) &&
         kiosk_central_store_audit (db, username, "logout", username, "", error);
}

gboolean
kiosk_central_console_csrf_ok (const char *expected,
                               const char *given)
{
  gsize len;

  if (expected == NULL || given == NULL || *expected == '\0')
    return FALSE;
  len = strlen (expected);
  if (strlen (given) != len)
    return FALSE;
  return sodium_memcmp (expected, given, len) == 0;
}
