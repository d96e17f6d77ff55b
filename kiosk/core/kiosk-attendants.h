/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attendants: the staff who confirm cash paid at the counter and look after the kiosk. A
 * PIN is kept only as a libsodium crypto_pwhash (Argon2id) hash with its own random salt;
 * after 5 wrong PINs in a row an attendant is locked out for 15 minutes. Every login, wrong
 * PIN and lock-out goes to the audit log. */
#pragma once

#include <glib.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

/* Audit actions the attendant's desk lists for action. */
#define KIOSK_AUDIT_CARD_REVERSAL_FAILED  "card_reversal_failed"   /* money taken, not given back */
#define KIOSK_AUDIT_CARD_REVERSAL_HANDLED "card_reversal_handled"  /* record_uuid: the failure's */
#define KIOSK_AUDIT_RECEIPT_NOT_PRINTED   "receipt_not_printed"
#define KIOSK_AUDIT_RECEIPT_REPRINTED     "receipt_reprinted"

#define KIOSK_ATTENDANT_PIN_MIN         4
#define KIOSK_ATTENDANT_PIN_MAX         8
#define KIOSK_ATTENDANT_MAX_FAILURES    5
#define KIOSK_ATTENDANT_LOCKOUT_SECONDS (15 * 60)

/* A new attendant (or a new PIN and name for an existing one). `id`: 1-32 of A-Z a-z 0-9 . _ -;
 * `pin`: 4-8 digits (either digit set). */
gboolean kiosk_attendants_add    (KioskStore  *store,
                                  const char  *id,
                                  const char  *name,
                                  const char  *pin,
                                  GError     **error);

/* Checks `pin` for `id`: TRUE and the attendant's name, or KIOSK_ERROR_WRONG_PIN (also for an
 * unknown or inactive attendant: nobody learns which ids exist) or KIOSK_ERROR_LOCKED_OUT. */
gboolean kiosk_attendants_login  (KioskStore  *store,
                                  const char  *id,
                                  const char  *pin,
                                  char       **out_name,
                                  GError     **error);

/* Appends to the audit log for `actor` (an attendant id, or "kiosk" for what the kiosk
 * itself noticed); `detail_json` (a JSON object) may be NULL. The entry is queued for the
 * central server (kind audit_entry) with it, inside the caller's transaction if one is open,
 * else in its own. */
gboolean kiosk_attendants_audit  (KioskStore  *store,
                                  const char  *actor,
                                  const char  *action,
                                  const char  *record_uuid,
                                  const char  *detail_json,
                                  GError     **error);

G_END_DECLS
