/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: payments at the kiosk. Time per call (p50/p99) of a counter payment (the
 * service write with its CV voucher signed in the transaction) against a card payment (the
 * same write without a voucher), of an attendant confirming a voucher (token verified, three
 * rows and an outbox record in one transaction), and of an attendant's PIN check (Argon2id,
 * interactive limits). `bench-payments [N]`, N payments of each kind (500). Not a pass/fail
 * test. */
#define G_LOG_DOMAIN "bench-payments"

#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "kiosk-attendants.h"
#include "kiosk-payments.h"
#include "kiosk-receipts.h"
#include "kiosk-services.h"
#include "kiosk-test-util.h"

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

static void
report (const char *name,
        GArray     *us)
{
  g_array_sort (us, compare_gint64);
  printf ("%-34s n=%-5u p50=%8.2f ms p99=%8.2f ms\n", name, us->len,
          g_array_index (us, gint64, us->len / 2) / 1000.0,
          g_array_index (us, gint64, us->len * 99 / 100) / 1000.0);
}

static char *
request (KioskStore             *store,
         const KioskPaymentAuth *auth,
         GArray                 *times)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (!kiosk_services_request_parking_permit (store, "1234 AB", "PZ-RUWI", 1, NULL, auth, &ref,
                                              &error))
    g_error ("payment: %s", error->message);
  g_array_append_val (times, (gint64) { g_get_monotonic_time () - start });
  return g_steal_pointer (&ref.uuid);
}

int
main (int    argc,
      char **argv)
{
  const KioskPaymentAuth counter = { KIOSK_PAYMENT_AWAITING_COUNTER, NULL, NULL };
  const KioskPaymentAuth card = { KIOSK_PAYMENT_APPROVED_ONLINE, "123456", "4242" };
  guint n = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 500;
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autoptr(KioskStore) store = kiosk_test_store_new (dir, TRUE);
  g_autoptr(GArray) card_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) counter_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) confirm_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) login_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) vouchers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  if (n == 0)
    n = 500;
  if (!kiosk_attendants_add (store, "bench", "Bench", "2468", &error))
    g_error ("attendant: %s", error->message);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *card_uuid = request (store, &card, card_us);
      g_autofree char *uuid = request (store, &counter, counter_us);
      g_autoptr(KioskReceipt) receipt = kiosk_receipts_get_for_record (store, uuid, &error);

      if (receipt == NULL || receipt->voucher_token == NULL)
        g_error ("no voucher");
      g_ptr_array_add (vouchers, g_strdup (receipt->voucher_token));
    }
  for (guint i = 0; i < vouchers->len; i++)
    {
      gint64 start = g_get_monotonic_time ();

      if (!kiosk_payments_confirm_counter (store, vouchers->pdata[i], "bench", NULL, &error))
        g_error ("confirm: %s", error->message);
      g_array_append_val (confirm_us, (gint64) { g_get_monotonic_time () - start });
    }
  for (guint i = 0; i < 20; i++)
    {
      gint64 start = g_get_monotonic_time ();

      if (!kiosk_attendants_login (store, "bench", "2468", NULL, &error))
        g_error ("login: %s", error->message);
      g_array_append_val (login_us, (gint64) { g_get_monotonic_time () - start });
    }

  printf ("bench-payments: %u payments of each kind, SQLite WAL synchronous=FULL\n", n);
  report ("card payment (write)", card_us);
  report ("counter payment (write + CV sign)", counter_us);
  report ("attendant confirms voucher", confirm_us);
  report ("attendant PIN check (Argon2id)", login_us);

  g_clear_pointer (&store, kiosk_store_close);
  kiosk_test_remove_dir (dir);
  return 0;
}
