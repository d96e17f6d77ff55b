/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosks the central server knows and their bearer tokens. Only a token's SHA-256 is
 * stored, so the database alone does not let anyone speak for a kiosk. */
#pragma once

#include <glib.h>

#include "kiosk-central-db.h"

G_BEGIN_DECLS

/* ^[A-Z0-9]{2,12}$, as in the contract's Batch.kiosk_id. */
gboolean  kiosk_central_kiosk_code_is_valid    (const char      *code);

/* A new secret: 256 bits from the kernel's CSPRNG, base64url without padding (safe in a
 * header or a cookie). Kiosk tokens, staff sessions and Open311 keys are all made so. */
char     *kiosk_central_token_new              (GError         **error);
/* Its SHA-256 in hex: what the database keeps instead of the secret. */
char     *kiosk_central_token_hash             (const char      *token);

/* Registers `code` (or gives it a new token, which retires the old one, and enables it).
 * Returns the token: shown once, never stored. */
char     *kiosk_central_kiosks_add             (KioskCentralDb  *db,
                                                const char      *code,
                                                GError         **error);
gboolean  kiosk_central_kiosks_set_enabled     (KioskCentralDb  *db,
                                                const char      *code,
                                                gboolean         enabled,
                                                GError         **error);

typedef enum
{
  KIOSK_CENTRAL_AUTH_OK,
  KIOSK_CENTRAL_AUTH_UNKNOWN,   /* no such token: 401 */
  KIOSK_CENTRAL_AUTH_DISABLED,  /* a disabled kiosk's token: 403 */
} KioskCentralAuth;

/* Looks the token up; `out_code` gets the kiosk's code unless UNKNOWN. FALSE only when the
 * database failed. */
gboolean  kiosk_central_kiosks_authenticate    (KioskCentralDb   *db,
                                                const char       *token,
                                                KioskCentralAuth *out_auth,
                                                char            **out_code,
                                                GError          **error);

G_END_DECLS
