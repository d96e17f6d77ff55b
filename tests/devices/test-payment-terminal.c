/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The card terminal drivers behind KioskPaymentTerminal: the simulated terminal in every
 * mode, and the OPI driver against a protocol-level fake terminal on 127.0.0.1 — approve,
 * decline, cancel, the terminal's own timeout, store-and-forward within and beyond the
 * offline caps, no answer, and malformed answers. */
#define G_LOG_DOMAIN "test-payment-terminal"

#include "config.h"

#include "kiosk-error.h"
#include "kiosk-opi-fake.h"
#include "kiosk-payment-opi.h"
#include "kiosk-payment-simulated.h"
#include "kiosk-payments.h"
#include "kiosk-test-util.h"

typedef struct
{
  gboolean           done;
  KioskCardApproval *approval;
  GError            *error;
} Result;

static void
paid_cb (GObject      *source,
         GAsyncResult *async,
         gpointer      data)
{
  Result *result = data;

  result->approval = kiosk_payment_terminal_pay_finish (KIOSK_PAYMENT_TERMINAL (source), async,
                                                        &result->error);
  result->done = TRUE;
}

static void
pay (KioskPaymentTerminal *terminal,
     KioskBaisa            amount,
     GCancellable         *cancellable,
     Result               *result)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  *result = (Result) { FALSE, NULL, NULL };
  kiosk_payment_terminal_pay_async (terminal, amount, "TEST", cancellable, paid_cb, result);
  while (!result->done)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
}

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->approval, g_free);
  g_clear_error (&result->error);
}

/* Simulated ------------------------------------------------------------------------------ */

static void
test_simulated_modes (KioskTestFixture *f,
                      gconstpointer     data)
{
  static const struct
  {
    KioskSimulatedMode mode;
    int                code;   /* -1: approved */
    gboolean           offline;
  } cases[] = {
    { KIOSK_SIMULATED_APPROVE, -1, FALSE },
    { KIOSK_SIMULATED_APPROVE_OFFLINE, -1, TRUE },
    { KIOSK_SIMULATED_DECLINE, KIOSK_ERROR_PAYMENT_DECLINED, FALSE },
    { KIOSK_SIMULATED_TIMEOUT, KIOSK_ERROR_PAYMENT_TIMED_OUT, FALSE },
    { KIOSK_SIMULATED_CANCEL, KIOSK_ERROR_PAYMENT_CANCELLED, FALSE },
  };
  g_autoptr(KioskPaymentSimulated) terminal = kiosk_payment_simulated_new (f->store,
                                                                           KIOSK_SIMULATED_APPROVE);

  kiosk_payment_simulated_set_delay (terminal, 5);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Result result;

      kiosk_payment_simulated_set_mode (terminal, cases[i].mode);
      pay (KIOSK_PAYMENT_TERMINAL (terminal), 5000, NULL, &result);
      if (cases[i].code == -1)
        {
          g_assert_no_error (result.error);
          g_assert_nonnull (result.approval);
          g_assert_cmpint (result.approval->offline, ==, cases[i].offline);
          g_assert_cmpstr (result.approval->card_last4, ==, "4242");
          g_assert_cmpuint (strlen (result.approval->auth_code), ==, 6);
        }
      else
        {
          g_assert_error (result.error, KIOSK_ERROR, cases[i].code);
          g_assert_null (result.approval);
        }
      result_clear (&result);
    }
}

static void
test_simulated_offline_caps (KioskTestFixture *f,
                             gconstpointer     data)
{
  const KioskOfflineLimits limits = { 10000, 15000, 72 };
  g_autoptr(KioskPaymentSimulated) terminal =
    kiosk_payment_simulated_new (f->store, KIOSK_SIMULATED_APPROVE_OFFLINE);
  Result result;

  kiosk_payments_set_limits (f->store, &limits);
  kiosk_payment_simulated_set_delay (terminal, 5);
  pay (KIOSK_PAYMENT_TERMINAL (terminal), 10000, NULL, &result);
  g_assert_no_error (result.error);
  result_clear (&result);
  pay (KIOSK_PAYMENT_TERMINAL (terminal), 10001, NULL, &result);
  g_assert_error (result.error, KIOSK_ERROR, KIOSK_ERROR_OFFLINE_LIMIT);
  result_clear (&result);
}

static void
test_simulated_cancel_from_kiosk (KioskTestFixture *f,
                                  gconstpointer     data)
{
  g_autoptr(KioskPaymentSimulated) terminal = kiosk_payment_simulated_new (f->store,
                                                                           KIOSK_SIMULATED_APPROVE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result result = { FALSE, NULL, NULL };
  gint64 start = g_get_monotonic_time ();

  kiosk_payment_simulated_set_delay (terminal, 30000);
  kiosk_payment_terminal_pay_async (KIOSK_PAYMENT_TERMINAL (terminal), 5000, "TEST", cancellable,
                                    paid_cb, &result);
  g_main_context_iteration (NULL, FALSE);
  g_cancellable_cancel (cancellable);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  /* At once, not after the 30 s the "card holder" would take. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  result_clear (&result);
}

static void
test_spec (KioskTestFixture *f,
           gconstpointer     data)
{
  static const char *bad[] = { "simulated:maybe", "opi:", "opi:host", "opi::80", "opi:h:0",
                               "opi:h:70000", "opi:a b:80", "paypal", "" };
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskPaymentTerminal) simulated = NULL;
  g_autoptr(KioskPaymentTerminal) opi = NULL;

  simulated = kiosk_payment_terminal_new_for_spec ("simulated:decline", f->store, &error);
  g_assert_no_error (error);
  g_assert_true (KIOSK_IS_PAYMENT_SIMULATED (simulated));
  opi = kiosk_payment_terminal_new_for_spec ("opi:127.0.0.1:20002", f->store, &error);
  g_assert_no_error (error);
  g_assert_true (KIOSK_IS_PAYMENT_OPI (opi));
  g_assert_null (kiosk_payment_terminal_new_for_spec ("counter-only", f->store, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (kiosk_payment_terminal_new_for_spec (bad[i], f->store, &error));
      g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG);
      g_clear_error (&error);
    }
}

/* OPI ------------------------------------------------------------------------------------ */

typedef struct
{
  KioskTestFixture  base;
  KioskOpiFake     *fake;
  KioskPaymentOpi  *terminal;
} OpiFixture;

static void
opi_set_up (OpiFixture    *f,
            gconstpointer  data)
{
  kiosk_test_fixture_set_up (&f->base, data);
  f->fake = kiosk_opi_fake_start (KIOSK_OPI_FAKE_APPROVE);
  f->terminal = kiosk_payment_opi_new (f->base.store, "127.0.0.1",
                                       kiosk_opi_fake_get_port (f->fake), "TST01");
  kiosk_payment_opi_set_timeout (f->terminal, 1);
}

static void
opi_tear_down (OpiFixture    *f,
               gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* A worker thread lets go of its task (and the terminal) just after the answer. */
  while (G_OBJECT (f->terminal)->ref_count > 1 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (f->terminal);
  kiosk_opi_fake_stop (f->fake);
  kiosk_test_fixture_tear_down (&f->base, data);
}

static void
test_opi_approve (OpiFixture    *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) requests = NULL;
  Result result;

  pay (KIOSK_PAYMENT_TERMINAL (f->terminal), 25500, NULL, &result);
  g_assert_no_error (result.error);
  g_assert_false (result.approval->offline);
  g_assert_cmpstr (result.approval->auth_code, ==, "A1B2C3");
  g_assert_cmpstr (result.approval->card_last4, ==, "1881");
  result_clear (&result);

  requests = kiosk_opi_fake_dup_requests (f->fake);
  g_assert_cmpuint (requests->len, ==, 1);
  g_assert_nonnull (strstr (requests->pdata[0], "<CardServiceRequest RequestType=\"CardPayment\""));
  g_assert_nonnull (strstr (requests->pdata[0], "WorkstationID=\"TST01\""));
  g_assert_nonnull (strstr (requests->pdata[0], "<TotalAmount Currency=\"OMR\">25.500</TotalAmount>"));
}

static void
reversed_cb (GObject      *source,
             GAsyncResult *async,
             gpointer      data)
{
  Result *result = data;

  if (kiosk_payment_terminal_reverse_finish (KIOSK_PAYMENT_TERMINAL (source), async,
                                             &result->error))
    result->approval = g_new0 (KioskCardApproval, 1);
  result->done = TRUE;
}

static void
test_opi_reversal (OpiFixture    *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) requests = NULL;
  KioskCardApproval approval = { FALSE, "A1B2C3", "1881" };
  Result result = { FALSE, NULL, NULL };

  kiosk_payment_terminal_reverse_async (KIOSK_PAYMENT_TERMINAL (f->terminal), &approval, 7000,
                                        NULL, reversed_cb, &result);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (result.error);
  g_assert_nonnull (result.approval);
  result_clear (&result);

  requests = kiosk_opi_fake_dup_requests (f->fake);
  g_assert_cmpuint (requests->len, ==, 1);
  g_assert_nonnull (strstr (requests->pdata[0], "RequestType=\"PaymentReversal\""));
  g_assert_nonnull (strstr (requests->pdata[0], "<OriginalTransaction ApprovalCode=\"A1B2C3\"/>"));
  g_assert_nonnull (strstr (requests->pdata[0], ">7.000</TotalAmount>"));
}

static void
test_opi_refusals (OpiFixture    *f,
                   gconstpointer  data)
{
  static const struct
  {
    KioskOpiFakeScript script;
    int                code;
  } cases[] = {
    { KIOSK_OPI_FAKE_DECLINE, KIOSK_ERROR_PAYMENT_DECLINED },
    { KIOSK_OPI_FAKE_ABORT, KIOSK_ERROR_PAYMENT_CANCELLED },
    { KIOSK_OPI_FAKE_CARD_TIMEOUT, KIOSK_ERROR_PAYMENT_TIMED_OUT },
    { KIOSK_OPI_FAKE_STALL, KIOSK_ERROR_PAYMENT_TIMED_OUT },
    { KIOSK_OPI_FAKE_GARBAGE, KIOSK_ERROR_PAYMENT_TERMINAL },
    { KIOSK_OPI_FAKE_WRONG_ID, KIOSK_ERROR_PAYMENT_TERMINAL },
    { KIOSK_OPI_FAKE_WRONG_AMOUNT, KIOSK_ERROR_PAYMENT_TERMINAL },
    { KIOSK_OPI_FAKE_HUGE_FRAME, KIOSK_ERROR_PAYMENT_TERMINAL },
    { KIOSK_OPI_FAKE_CLOSE, KIOSK_ERROR_PAYMENT_TERMINAL },
    { KIOSK_OPI_FAKE_UNASKED_OFFLINE, KIOSK_ERROR_PAYMENT_TERMINAL },
    { KIOSK_OPI_FAKE_BAD_APPROVAL, KIOSK_ERROR_PAYMENT_TERMINAL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Result result;

      g_test_message ("script %d", cases[i].script);
      kiosk_opi_fake_set_script (f->fake, cases[i].script);
      pay (KIOSK_PAYMENT_TERMINAL (f->terminal), 5000, NULL, &result);
      g_assert_error (result.error, KIOSK_ERROR, cases[i].code);
      g_assert_null (result.approval);
      result_clear (&result);
    }
}

static void
test_opi_offline (OpiFixture    *f,
                  gconstpointer  data)
{
  const KioskOfflineLimits limits = { 10000, 50000, 72 };
  g_autoptr(GPtrArray) requests = NULL;
  Result result;

  kiosk_payments_set_limits (f->base.store, &limits);
  kiosk_opi_fake_set_script (f->fake, KIOSK_OPI_FAKE_OFFLINE);

  /* Within the caps: the kiosk allows, the terminal approves offline. */
  pay (KIOSK_PAYMENT_TERMINAL (f->terminal), 10000, NULL, &result);
  g_assert_no_error (result.error);
  g_assert_true (result.approval->offline);
  g_assert_cmpstr (result.approval->auth_code, ==, "Y10042");
  result_clear (&result);

  /* Over the per-transaction cap: the kiosk refuses and says so. */
  pay (KIOSK_PAYMENT_TERMINAL (f->terminal), 10001, NULL, &result);
  g_assert_error (result.error, KIOSK_ERROR, KIOSK_ERROR_OFFLINE_LIMIT);
  result_clear (&result);

  requests = kiosk_opi_fake_dup_requests (f->fake);
  g_assert_cmpuint (requests->len, ==, 4);
  g_assert_null (strstr (requests->pdata[0], "OfflineApproval"));
  g_assert_nonnull (strstr (requests->pdata[1], "OfflineApproval=\"Allowed\""));
  g_assert_nonnull (strstr (requests->pdata[3], "OfflineApproval=\"Refused\""));
}

static void
test_opi_unreachable (KioskTestFixture *f,
                      gconstpointer     data)
{
  /* A port nobody listens on: the fake, started and stopped. */
  KioskOpiFake *fake = kiosk_opi_fake_start (KIOSK_OPI_FAKE_APPROVE);
  guint16 port = kiosk_opi_fake_get_port (fake);
  g_autoptr(KioskPaymentOpi) terminal = NULL;
  Result result;

  kiosk_opi_fake_stop (fake);
  terminal = kiosk_payment_opi_new (f->store, "127.0.0.1", port, "TST01");
  pay (KIOSK_PAYMENT_TERMINAL (terminal), 5000, NULL, &result);
  g_assert_error (result.error, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_TERMINAL);
  result_clear (&result);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, KioskTestFixture, NULL, kiosk_test_fixture_set_up, func, \
              kiosk_test_fixture_tear_down)
#define ADD_OPI(path, func) \
  g_test_add (path, OpiFixture, NULL, opi_set_up, func, opi_tear_down)
  ADD ("/kiosk/payment/simulated/every-mode", test_simulated_modes);
  ADD ("/kiosk/payment/simulated/offline-caps-enforced", test_simulated_offline_caps);
  ADD ("/kiosk/payment/simulated/cancel-from-kiosk-answers-at-once",
       test_simulated_cancel_from_kiosk);
  ADD ("/kiosk/payment/terminal-from-config", test_spec);
  ADD_OPI ("/kiosk/payment/opi/approve", test_opi_approve);
  ADD_OPI ("/kiosk/payment/opi/decline-cancel-timeout-and-malformed-answers",
           test_opi_refusals);
  ADD_OPI ("/kiosk/payment/opi/offline-asks-kiosk-within-caps", test_opi_offline);
  ADD_OPI ("/kiosk/payment/opi/reversal", test_opi_reversal);
  ADD ("/kiosk/payment/opi/terminal-unreachable", test_opi_unreachable);
#undef ADD
#undef ADD_OPI

  return g_test_run ();
}
