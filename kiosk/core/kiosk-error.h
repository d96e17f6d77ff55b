/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk's one error domain: every failure a person or an operator can see has a code here,
 * so the UI can turn it into a sentence in the visitor's language. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_ERROR (kiosk_error_quark ())

typedef enum
{
  KIOSK_ERROR_FAILED,

  /* Store */
  KIOSK_ERROR_STORE_OPEN,           /* the database file cannot be opened or created */
  KIOSK_ERROR_STORE_TOO_NEW,        /* written by a newer kiosk: refused, never downgraded */
  KIOSK_ERROR_STORE_MIGRATION,      /* a migration failed and was rolled back */
  KIOSK_ERROR_STORE_CORRUPT,        /* integrity_check found problems */
  KIOSK_ERROR_STORE_BUSY,           /* another process held the lock past the busy timeout */
  KIOSK_ERROR_STORE_IO,             /* disk full, read-only, I/O error */
  KIOSK_ERROR_STORE_SQL,            /* any other SQLite failure */
  KIOSK_ERROR_NOT_FOUND,            /* the record asked for does not exist */
  KIOSK_ERROR_CONFLICT,             /* e.g. a fine already paid */
  KIOSK_ERROR_PHOTO,                /* a photo file could not be stored or read */

  /* Service rules */
  KIOSK_ERROR_ALREADY_PAID,         /* a fine already paid (here or known paid) */
  KIOSK_ERROR_LICENCE_BLOCKED,      /* suspended or cancelled: renew at the counter */
  KIOSK_ERROR_UNPAID_FINES,         /* a vehicle with unpaid fines cannot renew */
  KIOSK_ERROR_NO_FEE,               /* no fee defined for that service, variant and period */
  KIOSK_ERROR_OFFLINE_LIMIT,        /* an offline card payment beyond the store-and-forward caps */
  KIOSK_ERROR_WRONG_PIN,            /* an attendant's PIN does not match (or no such attendant) */
  KIOSK_ERROR_LOCKED_OUT,           /* too many wrong PINs: the attendant waits before trying again */

  /* Validation of what a person typed or scanned */
  KIOSK_ERROR_EMPTY,                /* a required field is empty */
  KIOSK_ERROR_TOO_LONG,             /* longer than the field allows */
  KIOSK_ERROR_INVALID_TEXT,         /* NUL, control characters or invalid UTF-8 */
  KIOSK_ERROR_INVALID_PHONE,        /* not an Omani mobile number */
  KIOSK_ERROR_INVALID_CIVIL_NUMBER, /* not an Omani civil number */
  KIOSK_ERROR_INVALID_PLATE,        /* not an Omani vehicle plate */
  KIOSK_ERROR_INVALID_LICENCE,      /* not a municipal licence number */
  KIOSK_ERROR_INVALID_CR_NUMBER,    /* not a commercial registration number */
  KIOSK_ERROR_INVALID_AMOUNT,       /* not an amount of money in OMR */
  KIOSK_ERROR_INVALID_VALUE,        /* any other field out of its range */

  /* Configuration */
  KIOSK_ERROR_CONFIG,               /* a configuration file or flag has a bad value */

  /* Sync with the central server */
  KIOSK_ERROR_SYNC_NETWORK,         /* the server cannot be reached, or the transfer failed */
  KIOSK_ERROR_SYNC_TLS,             /* certificate or pinned key refused: not the real server */
  KIOSK_ERROR_SYNC_AUTH,            /* 401/403: the kiosk's token is wrong or the kiosk disabled */
  KIOSK_ERROR_SYNC_SERVER,          /* 5xx, 429: the server failed or asked to slow down */
  KIOSK_ERROR_SYNC_PROTOCOL,        /* an answer that does not follow the API contract */
  KIOSK_ERROR_SYNC_BUSY,            /* another sync agent already works on this database */

  /* The central server refusing a request (sync/server) */
  KIOSK_ERROR_REQUEST_FORBIDDEN,    /* 403: the kiosk is disabled, or speaks for another kiosk */
  KIOSK_ERROR_REQUEST_TOO_LARGE,    /* 413: over a size or count limit */

  /* Tokens: signed QR payloads (kiosk-token.h) */
  KIOSK_ERROR_TOKEN_MALFORMED,      /* not the token grammar: a bad part, field or encoding */
  KIOSK_ERROR_TOKEN_TOO_LONG,       /* longer than any token can be */
  KIOSK_ERROR_TOKEN_UNKNOWN_KEY,    /* signed with a key this kiosk does not know */
  KIOSK_ERROR_TOKEN_BAD_SIGNATURE,  /* the signature does not match: forged or altered */
  KIOSK_ERROR_TOKEN_WRONG_KIND,     /* genuine, but not the kind of code this screen reads */
  KIOSK_ERROR_TOKEN_EXPIRED,        /* a voucher past its expiry time */
  KIOSK_ERROR_TOKEN_VERSION,        /* a token version this kiosk cannot read */
  KIOSK_ERROR_TOKEN_KEY_NOT_VALID,  /* a known key, outside its validity or not for this kind */

  /* Devices */
  KIOSK_ERROR_NO_CAMERA,            /* this kiosk has no camera (configured "none") */
  KIOSK_ERROR_CAMERA,               /* the camera failed, was unplugged or cannot be set up */
  KIOSK_ERROR_PAYMENT_DECLINED,     /* the card terminal or the card's bank declined */
  KIOSK_ERROR_PAYMENT_TIMED_OUT,    /* the card terminal gave no answer in time */
  KIOSK_ERROR_PAYMENT_CANCELLED,    /* the visitor cancelled on the card terminal */
  KIOSK_ERROR_PAYMENT_TERMINAL,     /* the card terminal cannot be reached or answered nonsense */
  KIOSK_ERROR_NO_AUDIO,             /* no audio output: spoken guidance cannot be heard here */
  KIOSK_ERROR_NO_PRINTER,           /* this kiosk has no printer (configured "none") */
  KIOSK_ERROR_PRINTER_NOT_READY,    /* paper out, cover open or a printer error: nothing sent */
  KIOSK_ERROR_PRINTER,              /* the printer cannot be reached or the job was cut short */
  KIOSK_ERROR_PRINTER_BUSY,         /* the print queue is full */
} KioskError;

GQuark kiosk_error_quark (void);

G_END_DECLS
