/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The payment step and the receipt page under Xvfb, as a flow uses them: the visitor taps
 * "Pay by card" (the simulated terminal answers) or "Pay at the counter"; the service write
 * runs once; the receipt page shows the reference and a QR code that the kiosk's own decoder
 * reads back from the rendered page — the signed receipt, or the counter voucher. */
#define G_LOG_DOMAIN "test-payment-step"

#include "config.h"

#include <gtk/gtk.h>

#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-i18n.h"
#include "kiosk-payment-simulated.h"
#include "kiosk-payment-step.h"
#include "kiosk-payments.h"
#include "kiosk-receipt-page.h"
#include "kiosk-services.h"
#include "kiosk-token.h"
#include "kiosk-ui-test-util.h"

typedef struct
{
  KioskTestFixture       base;
  GtkWidget             *window;
  GtkStack              *stack;
  KioskPaymentStep      *step;
  KioskReceiptPage      *receipt;
  KioskPaymentSimulated *terminal;
  KioskRecordRef         ref;
  guint                  writes;
  gboolean               refuse_write;  /* the service refuses, as for a fine paid meanwhile */
} Fixture;

static gboolean
write_permit_cb (KioskStore             *store,
                 const KioskPaymentAuth *auth,
                 KioskRecordRef         *out_ref,
                 gpointer                user_data,
                 GError                **error)
{
  Fixture *f = user_data;

  f->writes++;
  if (f->refuse_write)
    {
      g_set_error_literal (error, KIOSK_ERROR, KIOSK_ERROR_ALREADY_PAID, "paid meanwhile");
      return FALSE;
    }
  return kiosk_services_request_parking_permit (store, "1234 AB", "PZ-RUWI", 1, NULL, auth,
                                                out_ref, error);
}

static void
finished_cb (KioskPaymentStep *step,
             const char       *uuid,
             const char       *reference,
             Fixture          *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (f->ref.uuid);
  f->ref.uuid = g_strdup (uuid);
  f->ref.reference = g_strdup (reference);
  g_assert_true (kiosk_receipt_page_show_record (f->receipt, f->base.store, uuid, &error));
  g_assert_no_error (error);
  gtk_stack_set_visible_child (f->stack, GTK_WIDGET (f->receipt));
}

static KioskBaisa
permit_fee (Fixture *f)
{
  return kiosk_test_query_int (f->base.store, "SELECT amount_baisa FROM fees WHERE service ="
                                              " 'parking_permit' AND variant = 'PZ-RUWI'"
                                              " AND period_months = 1", NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  kiosk_test_fixture_set_up_seeded (&f->base, data);
  kiosk_i18n_set_language ("ar");

  f->terminal = kiosk_payment_simulated_new (f->base.store, KIOSK_SIMULATED_APPROVE);
  kiosk_payment_simulated_set_delay (f->terminal, 20);
  f->step = KIOSK_PAYMENT_STEP (kiosk_payment_step_new ());
  kiosk_payment_step_set_terminal (f->step, KIOSK_PAYMENT_TERMINAL (f->terminal));
  f->receipt = KIOSK_RECEIPT_PAGE (kiosk_receipt_page_new ());
  g_signal_connect (f->step, "finished", G_CALLBACK (finished_cb), f);

  f->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (f->stack, GTK_WIDGET (f->step), "pay");
  gtk_stack_add_named (f->stack, GTK_WIDGET (f->receipt), "receipt");
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1080, 1920);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->stack));
  g_object_ref (f->window);
  gtk_window_present (GTK_WINDOW (f->window));

  kiosk_payment_step_set_request (f->step, f->base.store, permit_fee (f),
                                  "Vehicle parking permit", write_permit_cb, f, NULL);
  KIOSK_UI_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->step)));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  kiosk_ui_spin (20);
  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->terminal);
  kiosk_record_ref_clear (&f->ref);
  kiosk_test_fixture_tear_down (&f->base, data);
}

static GtkWidget *
by_name (GtkWidget  *root,
         const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      found = by_name (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
tap (Fixture    *f,
     const char *name)
{
  GtkWidget *button = by_name (GTK_WIDGET (f->stack), name);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  kiosk_ui_click (button);
}

/* The receipt page as drawn, read back by the kiosk's QR decoder. */
static char *
decode_receipt_page (Fixture *f)
{
  g_autoptr(GPtrArray) found = kiosk_ui_read_qr_codes (GTK_WIDGET (f->receipt));

  g_assert_cmpuint (found->len, ==, 1);
  return g_strdup (found->pdata[0]);
}

static void
test_card_approved (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *decoded = NULL;

  g_assert_true (kiosk_payment_step_offers_card (f->step));
  tap (f, "payment-card");
  KIOSK_UI_WAIT_FOR (f->ref.uuid != NULL);
  g_assert_cmpuint (f->writes, ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->base.store, "SELECT count (*) FROM payments p"
                                         " JOIN parking_permit_requests r"
                                         " ON r.payment_uuid = p.uuid WHERE r.uuid = ?1"
                                         " AND p.status = 'approved_online'"
                                         " AND p.card_last4 = '4242'",
                                         f->ref.uuid, NULL), ==, 1);

  /* The page shows the reference in large type and the signed receipt as a QR code. */
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (f->receipt), f->ref.reference));
  decoded = decode_receipt_page (f);
  g_assert_cmpstr (decoded, ==, kiosk_receipt_page_get_qr_text (f->receipt));
  g_assert_true (kiosk_token_verify (f->base.store, decoded, -1, KIOSK_TOKEN_RECEIPT, &token,
                                     &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_token_get_fields (token)->reference, ==, f->ref.reference);
  g_assert_cmpstr (kiosk_token_get_fields (token)->uuid, ==, f->ref.uuid);
  g_assert_cmpint (kiosk_token_get_fields (token)->amount, ==, permit_fee (f));
}

static void
test_declined_then_counter (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *decoded = NULL;

  kiosk_payment_simulated_set_mode (f->terminal, KIOSK_SIMULATED_DECLINE);
  tap (f, "payment-card");
  KIOSK_UI_WAIT_FOR (kiosk_payment_step_get_error_code (f->step) == KIOSK_ERROR_PAYMENT_DECLINED);
  g_assert_false (kiosk_payment_step_is_busy (f->step));
  g_assert_cmpuint (f->writes, ==, 0);
  g_assert_cmpint (kiosk_test_count_rows (f->base.store, "payments"), ==, 0);
  /* Both ways are still there. */
  g_assert_true (kiosk_payment_step_offers_card (f->step));

  tap (f, "payment-counter");
  KIOSK_UI_WAIT_FOR (f->ref.uuid != NULL);
  g_assert_cmpuint (f->writes, ==, 1);
  g_assert_cmpstr (kiosk_receipt_page_get_receipt (f->receipt)->payment_status, ==,
                   "awaiting_counter");

  /* The page shows the voucher: a CV token for this payment, for the attendant. */
  decoded = decode_receipt_page (f);
  g_assert_true (kiosk_token_verify (f->base.store, decoded, -1, KIOSK_TOKEN_COUNTER_VOUCHER,
                                     &token, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_token_get_fields (token)->uuid, ==,
                   kiosk_receipt_page_get_receipt (f->receipt)->payment_uuid);
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (f->receipt), f->ref.reference));
}

static void
test_caps_offer_counter (Fixture       *f,
                         gconstpointer  data)
{
  KioskOfflineLimits limits = { permit_fee (f) - 1, 100000000, 72 };

  kiosk_payments_set_limits (f->base.store, &limits);
  kiosk_payment_simulated_set_mode (f->terminal, KIOSK_SIMULATED_APPROVE_OFFLINE);
  tap (f, "payment-card");
  KIOSK_UI_WAIT_FOR (kiosk_payment_step_get_error_code (f->step) == KIOSK_ERROR_OFFLINE_LIMIT);
  g_assert_cmpuint (f->writes, ==, 0);
  /* The card way is gone; the counter is offered. */
  g_assert_false (kiosk_payment_step_offers_card (f->step));
  g_assert_true (gtk_widget_get_visible (by_name (GTK_WIDGET (f->stack), "payment-counter")));

  tap (f, "payment-counter");
  KIOSK_UI_WAIT_FOR (f->ref.uuid != NULL);
  g_assert_cmpint (kiosk_test_query_int (f->base.store, "SELECT count (*) FROM payments"
                                         " WHERE status = 'awaiting_counter'", NULL), ==, 1);
}

static void
test_offline_within_caps (Fixture       *f,
                          gconstpointer  data)
{
  kiosk_payment_simulated_set_mode (f->terminal, KIOSK_SIMULATED_APPROVE_OFFLINE);
  tap (f, "payment-card");
  KIOSK_UI_WAIT_FOR (f->ref.uuid != NULL);
  g_assert_cmpint (kiosk_test_query_int (f->base.store, "SELECT count (*) FROM payments"
                                         " WHERE status = 'approved_offline'"
                                         " AND auth_code LIKE 'Y1%'", NULL), ==, 1);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  /* The visitor presses Cancel on the terminal itself. */
  kiosk_payment_simulated_set_mode (f->terminal, KIOSK_SIMULATED_CANCEL);
  tap (f, "payment-card");
  KIOSK_UI_WAIT_FOR (kiosk_payment_step_get_error_code (f->step) == KIOSK_ERROR_PAYMENT_CANCELLED);

  /* Or taps "Cancel payment" on the kiosk while the terminal waits for the card. */
  kiosk_payment_simulated_set_mode (f->terminal, KIOSK_SIMULATED_APPROVE);
  kiosk_payment_simulated_set_delay (f->terminal, 60000);
  tap (f, "payment-card");
  g_assert_true (kiosk_payment_step_is_busy (f->step));
  g_assert_false (gtk_widget_get_visible (by_name (GTK_WIDGET (f->stack), "payment-counter")));
  tap (f, "payment-cancel");
  KIOSK_UI_WAIT_FOR (!kiosk_payment_step_is_busy (f->step));
  g_assert_cmpint (kiosk_payment_step_get_error_code (f->step), ==, -1);
  g_assert_true (kiosk_payment_step_offers_card (f->step));
  g_assert_cmpuint (f->writes, ==, 0);
  g_assert_cmpint (kiosk_test_count_rows (f->base.store, "payments"), ==, 0);
  g_assert_null (f->ref.uuid);
}

static void
test_refused_write_reverses_card (Fixture       *f,
                                  gconstpointer  data)
{
  f->refuse_write = TRUE;
  tap (f, "payment-card");
  KIOSK_UI_WAIT_FOR (kiosk_payment_simulated_get_reversals (f->terminal) == 1 &&
                     !kiosk_payment_step_is_busy (f->step));
  g_assert_cmpuint (f->writes, ==, 1);
  g_assert_cmpint (kiosk_payment_step_get_error_code (f->step), ==, KIOSK_ERROR_ALREADY_PAID);
  g_assert_cmpint (kiosk_test_count_rows (f->base.store, "payments"), ==, 0);
  g_assert_null (f->ref.uuid);
  /* The visitor is told why, and that the card was not charged. */
  g_assert_true (kiosk_ui_holds_text (GTK_WIDGET (f->step),
                                      kiosk_error_text_for_code (KIOSK_ERROR_ALREADY_PAID)));
  g_assert_true (kiosk_ui_holds_text (GTK_WIDGET (f->step), "لم يُخصم أي مبلغ من بطاقتك"));
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  kiosk_payment_simulated_set_mode (f->terminal, KIOSK_SIMULATED_TIMEOUT);
  tap (f, "payment-card");
  KIOSK_UI_WAIT_FOR (kiosk_payment_step_get_error_code (f->step) == KIOSK_ERROR_PAYMENT_TIMED_OUT);
  g_assert_cmpint (kiosk_test_count_rows (f->base.store, "payments"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  kiosk_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/kiosk/ui/payment/card-approved-receipt-qr-decodes", test_card_approved);
  ADD ("/kiosk/ui/payment/declined-then-counter-voucher-qr-decodes", test_declined_then_counter);
  ADD ("/kiosk/ui/payment/offline-caps-offer-counter", test_caps_offer_counter);
  ADD ("/kiosk/ui/payment/offline-within-caps-approved", test_offline_within_caps);
  ADD ("/kiosk/ui/payment/cancel-on-terminal-or-kiosk", test_cancel);
  ADD ("/kiosk/ui/payment/terminal-timeout", test_timeout);
  ADD ("/kiosk/ui/payment/refused-write-reverses-card-payment", test_refused_write_reverses_card);
#undef ADD

  return g_test_run ();
}
