/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who may use the staff console: Argon2id password hashes (libsodium), lock-out after
 * repeated wrong passwords, sessions whose token only the browser holds (the database keeps
 * its SHA-256), and the CSRF token each session's forms carry. */
#pragma once

#include <glib.h>

#include "kiosk-central-console-store.h"
#include "kiosk-central-db.h"

G_BEGIN_DECLS

#define KIOSK_CENTRAL_SESSION_SECONDS  (8 * 3600)
#define KIOSK_CENTRAL_LOGIN_FAILURES   5
#define KIOSK_CENTRAL_LOCKOUT_SECONDS  (15 * 60)
#define KIOSK_CENTRAL_MIN_PASSWORD     10

/* A staff username or an Open311 client's name: 2-32 of a-z 0-9 . _ - */
gboolean  kiosk_central_account_name_is_valid (const char    *name);

/* `kiosk-central add-staff`: checks the username (2-32 of a-z 0-9 . _ -), role and password
 * (at least KIOSK_CENTRAL_MIN_PASSWORD characters), hashes it and stores the account. */
gboolean  kiosk_central_console_add_staff   (KioskCentralDb  *db,
                                             const char      *username,
                                             const char      *display_name,
                                             const char      *role,
                                             const char      *password,
                                             GError         **error);

typedef enum
{
  KIOSK_CENTRAL_LOGIN_OK,
  KIOSK_CENTRAL_LOGIN_WRONG,    /* unknown user or wrong password: the same answer */
  KIOSK_CENTRAL_LOGIN_LOCKED,
} KioskCentralLogin;

/* Checks the password (a locked account is not checked at all) and, when it is right,
 * opens a session: `out_token` for the cookie. FALSE only when the database failed. */
gboolean  kiosk_central_console_login       (KioskCentralDb     *db,
                                             const char         *username,
                                             const char         *password,
                                             KioskCentralLogin  *out_result,
                                             char              **out_token,
                                             GError            **error);

/* The signed-in person for a session cookie (and the session's CSRF token), or NULL without
 * error for none, an unknown or an expired one. */
KioskCentralStaff *kiosk_central_console_session (KioskCentralDb  *db,
                                             const char      *token,
                                             char           **out_csrf_token,
                                             GError         **error);
gboolean  kiosk_central_console_logout      (KioskCentralDb  *db,
                                             const char      *token,
                                             const char      *username,
                                             GError         **error);

/* Constant-time comparison of a form's CSRF token with the expected one (NULL never
 * matches). */
gboolean  kiosk_central_console_csrf_ok     (const char      *expected,
                                             const char      *given);

G_END_DECLS
