/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signed QR payloads ("tokens"): fine, licence and permit notices from the municipality,
 * and the receipts, counter-payment vouchers and report tracking slips a kiosk prints.
 * Signing, and offline verification against the keys in the store. The grammar is in
 * kiosk-token.c and in README.md ("Signed QR codes"). */
#pragma once

#include <glib.h>

#include "kiosk-keys.h"
#include "kiosk-money.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

/* The longest token: what a version-10 QR code holds at error correction M in byte mode.
 * Every token the rules below allow fits; anything longer is refused before it is read. */
#define KIOSK_TOKEN_MAX_LENGTH 213

/* Bits, so a screen can accept several kinds at once. */
typedef enum
{
  KIOSK_TOKEN_FINE_NOTICE      = 1 << 0,  /* FN, signed by the server */
  KIOSK_TOKEN_LICENCE_NOTICE   = 1 << 1,  /* LN, signed by the server */
  KIOSK_TOKEN_PERMIT_NOTICE    = 1 << 2,  /* PN, signed by the server */
  KIOSK_TOKEN_RECEIPT          = 1 << 3,  /* RC, signed by the kiosk that wrote it */
  KIOSK_TOKEN_COUNTER_VOUCHER  = 1 << 4,  /* CV, signed by the kiosk that printed it */
  KIOSK_TOKEN_REPORT_TRACKING  = 1 << 5,  /* RT, signed by the kiosk that filed the report */
} KioskTokenKind;

#define KIOSK_TOKEN_ANY ((KioskTokenKind) 0x3f)

/* Limits of the fields. */
#define KIOSK_TOKEN_MAX_FINES        3   /* fine numbers on one fine notice */
#define KIOSK_TOKEN_MAX_CODE_CHARS  16   /* a fine or permit number */
#define KIOSK_TOKEN_MAX_SERVICE     16   /* a receipt's service name */
/* Times are Unix seconds from 1 to 2^35 - 1 (the year 3058). */
#define KIOSK_TOKEN_MAX_TIME  G_GINT64_CONSTANT (34359738367)

/* What a token says. Each kind uses some members and ignores the others:
 *
 *   FN  fine_numbers, plate, amount (the total), time (when issued)
 *   LN  number (licence), subject ("shop" or "vehicle"), expiry_date, amount (the fee)
 *   PN  number (permit), subject ("parking" or "vehicle"), expiry_date, amount (the fee)
 *   RC  reference, uuid (the record), service, amount, time (when written)
 *   CV  reference, uuid (the payment), amount, expires_at
 *   RT  reference, uuid (the report)
 *
 * The kiosk code of RC, CV and RT is the first part of their reference. */
typedef struct
{
  const char * const *fine_numbers;  /* NULL-terminated, 1 to KIOSK_TOKEN_MAX_FINES */
  const char         *plate;         /* canonical, as kiosk_validate_plate () returns it */
  const char         *number;
  const char         *subject;
  const char         *expiry_date;   /* YYYY-MM-DD */
  const char         *reference;     /* KIOSKCODE-YYMMDD-NNNN */
  const char         *uuid;
  const char         *service;       /* [a-z_], e.g. "fines", "vehicle_licence" */
  KioskBaisa          amount;        /* >= 0 */
  gint64              time;
  gint64              expires_at;
} KioskTokenFields;

typedef struct _KioskToken KioskToken;

/* Signs with the kiosk's own key: only the kinds a kiosk issues (RC, CV, RT), for its own
 * references. KIOSK_ERROR_NOT_FOUND when the kiosk has no key yet, KIOSK_ERROR_TOKEN_WRONG_KIND
 * for a notice, a validation code (KIOSK_ERROR_INVALID_…) for a bad field. */
char       *kiosk_token_sign            (KioskStore              *store,
                                         KioskTokenKind           kind,
                                         const KioskTokenFields  *fields,
                                         GError                 **error);
/* Signs with any key: the central server signs its notices this way. */
char       *kiosk_token_sign_with_key   (const KioskSigningKey   *key,
                                         KioskTokenKind           kind,
                                         const KioskTokenFields  *fields,
                                         GError                 **error);

/* The QR payload of a receipt, signed with the kiosk's key. A kiosk without a key yet (a
 * database from before keys existed), or any other reason not to sign short of the store
 * failing, gets TRUE and a NULL payload with a warning logged: a missing QR code must never
 * cost a visitor a transaction that was paid for. */
gboolean    kiosk_token_sign_receipt    (KioskStore              *store,
                                         const char              *reference,
                                         const char              *record_uuid,
                                         const char              *service,
                                         KioskBaisa               amount,
                                         gint64                   written_at,
                                         char                   **out_payload,
                                         GError                 **error);

/* Reads and checks a scanned payload offline: the grammar and every field, a key the store
 * knows and trusts for that kind at this time, the signature, a kind in `accept`, and a
 * voucher's expiry. `length` is the byte count, or -1 for a NUL-terminated string. Only
 * reads the store. On failure `out_token` is left NULL and `error` has a
 * KIOSK_ERROR_TOKEN_… code. */
gboolean    kiosk_token_verify          (KioskStore              *store,
                                         const char              *text,
                                         gssize                   length,
                                         KioskTokenKind           accept,
                                         KioskToken             **out_token,
                                         GError                 **error);

void                     kiosk_token_free            (KioskToken       *token);
KioskTokenKind           kiosk_token_get_kind        (const KioskToken *token);
const KioskTokenFields  *kiosk_token_get_fields      (const KioskToken *token);
/* RC, CV and RT: the kiosk that issued it; NULL for notices. */
const char              *kiosk_token_get_kiosk_code  (const KioskToken *token);
const char              *kiosk_token_get_key_id      (const KioskToken *token);
/* Who signed it: "server" or "kiosk:CODE". */
const char              *kiosk_token_get_signer      (const KioskToken *token);
/* Signed with one of this kiosk's own keys. */
gboolean                 kiosk_token_is_own          (const KioskToken *token);
const char              *kiosk_token_get_text        (const KioskToken *token);

/* "FN", "LN", … as written in the payload. */
const char              *kiosk_token_kind_to_code    (KioskTokenKind    kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskToken, kiosk_token_free)

G_END_DECLS
