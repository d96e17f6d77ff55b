/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The seed corpus of the token fuzz target: genuine tokens of every kind and one of each way a
 * payload is refused, signed with the fixed keys of fuzz-token-target.c. */
#define G_LOG_DOMAIN "fuzz-token"

#include "config.h"

#include "fuzz-token-target.h"

#include <string.h>

#include "kiosk-token-private.h"
#include "kiosk-token.h"

#define UUID "6f1c2a9e-3b7d-4e58-9a10-2c4b8d7e6f01"
#define NOW 1796018400

static const char * const fines[] = { "PF2025-000042", "PF2025-000147", NULL };

static char *
sign (FuzzKey                 which,
      KioskTokenKind          kind,
      const KioskTokenFields *fields)
{
  g_autoptr(KioskSigningKey) key = fuzz_token_dup_key (which);
  g_autoptr(GError) error = NULL;
  char *text = kiosk_token_sign_with_key (key, kind, fields, &error);

  if (text == NULL)
    g_error ("seed: %s", error->message);
  return text;
}

static gboolean
put (const char *dir,
     const char *name,
     const char *data,
     gssize      len,
     GError    **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_set_contents (path, data, len, error);
}

gboolean
fuzz_token_write_seeds (const char *dir,
                        GError    **error)
{
  const KioskTokenFields fine = { .fine_numbers = fines, .plate = "9415 H", .amount = 10000,
                                  .time = 1735811407 };
  const KioskTokenFields licence = { .number = "17656559", .subject = "shop",
                                     .expiry_date = "2027-05-31", .amount = 120000 };
  const KioskTokenFields permit = { .number = "VP-2025-00759", .subject = "vehicle",
                                    .expiry_date = "2026-10-31", .amount = 30000 };
  const KioskTokenFields receipt = { .reference = "TST01-261130-0001", .uuid = UUID,
                                     .service = "vehicle_licence", .amount = 25000,
                                     .time = NOW };
  const KioskTokenFields voucher = { .reference = "TST01-261130-0002", .uuid = UUID,
                                     .amount = 15000, .expires_at = NOW + 86400 };
  const KioskTokenFields old_voucher = { .reference = "TST01-261101-0002", .uuid = UUID,
                                         .amount = 15000, .expires_at = NOW - 86400 };
  const KioskTokenFields tracking = { .reference = "TST01-261130-0003", .uuid = UUID };
  const KioskTokenFields other_receipt = { .reference = "MCT02-261129-0042", .uuid = UUID,
                                           .service = "fines", .amount = 5000, .time = NOW };
  g_autofree char *fn = sign (FUZZ_KEY_SERVER, KIOSK_TOKEN_FINE_NOTICE, &fine);
  g_autofree char *rc = sign (FUZZ_KEY_OWN, KIOSK_TOKEN_RECEIPT, &receipt);
  g_autofree char *stranger_fn = sign (FUZZ_KEY_STRANGER, KIOSK_TOKEN_FINE_NOTICE, &fine);
  g_autofree char *stranger_rc = sign (FUZZ_KEY_STRANGER, KIOSK_TOKEN_RECEIPT, &receipt);
  g_autoptr(KioskSigningKey) own = fuzz_token_dup_key (FUZZ_KEY_OWN);
  /* A tracking slip naming its reference twice, correctly signed. */
  const char duplicate_field[] = "r\021TST01-261130-0003r\021TST01-261130-0004";
  g_autofree char *bad_fields = kiosk_token_sign_raw (own, "RT",
                                                      (const guint8 *) duplicate_field,
                                                      sizeof duplicate_field - 1);
  g_autofree char *signed_part = g_strndup (rc, (gsize) (strrchr (rc, '.') - rc));
  g_autofree char *forged = NULL;
  g_autofree char *too_long = NULL;
  g_autofree char *padded = NULL;
  struct
  {
    const char *name;
    char       *text;
  } seeds[] = {
    { "ok-fine-notice", g_strdup (fn) },
    { "ok-licence-notice", sign (FUZZ_KEY_SERVER, KIOSK_TOKEN_LICENCE_NOTICE, &licence) },
    { "ok-permit-notice", sign (FUZZ_KEY_SERVER, KIOSK_TOKEN_PERMIT_NOTICE, &permit) },
    { "ok-receipt", g_strdup (rc) },
    { "ok-counter-voucher", sign (FUZZ_KEY_OWN, KIOSK_TOKEN_COUNTER_VOUCHER, &voucher) },
    { "ok-report-tracking", sign (FUZZ_KEY_OWN, KIOSK_TOKEN_REPORT_TRACKING, &tracking) },
    { "ok-receipt-of-another-kiosk", sign (FUZZ_KEY_OTHER_KIOSK, KIOSK_TOKEN_RECEIPT,
                                           &other_receipt) },
    { "malformed-empty", g_strdup ("") },
    { "malformed-truncated", g_strndup (rc, strlen (rc) - 1) },
    { "malformed-trailing-newline", g_strconcat (rc, "\n", NULL) },
    { "malformed-unknown-kind", g_strdup_printf ("MK1.XX%s", rc + 6) },
    { "malformed-duplicate-field", g_strdup (bad_fields) },
    { "version-2", g_strdup_printf ("MK2%s", rc + 3) },
    { "unknown-key-fine-notice", g_strdup (stranger_fn) },
    { "expired-counter-voucher", sign (FUZZ_KEY_OWN, KIOSK_TOKEN_COUNTER_VOUCHER,
                                       &old_voucher) },
    { "key-not-valid-expired-server-key", sign (FUZZ_KEY_EXPIRED_SERVER,
                                                KIOSK_TOKEN_FINE_NOTICE, &fine) },
    { "key-not-valid-kiosk-signs-a-fine", sign (FUZZ_KEY_OWN, KIOSK_TOKEN_FINE_NOTICE, &fine) },
    { "bad-signature-another-keys-signature", NULL },
    { "malformed-padded-base64", NULL },
    { "too-long", NULL },
  };
  gboolean ok = TRUE;

  /* The receipt's own key id in front of a stranger's signature of the same text. */
  forged = g_strconcat (signed_part, strrchr (stranger_rc, '.'), NULL);
  seeds[G_N_ELEMENTS (seeds) - 3].text = g_strdup (forged);
  padded = g_strconcat (fn, "==", NULL);
  seeds[G_N_ELEMENTS (seeds) - 2].text = g_strdup (padded);
  too_long = g_strnfill (KIOSK_TOKEN_MAX_LENGTH + 1, 'A');
  memcpy (too_long, rc, strlen (rc));
  seeds[G_N_ELEMENTS (seeds) - 1].text = g_strdup (too_long);

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      if (ok)
        ok = put (dir, seeds[i].name, seeds[i].text, -1, error);
      g_free (seeds[i].text);
    }
  return ok;
}
