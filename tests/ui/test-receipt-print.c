/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Paper at Finish: a visitor finishes a service in the kiosk window (a parking permit, by card
 * or at the counter) and its slip comes out of the configured printer — the `file:` driver
 * and a fake network printer on 127.0.0.1 — once per press, decoded back from the ESC/POS
 * bytes and its QR code scanned and verified. A printer out of paper, with its cover open or
 * not answering never blocks: the service is committed, the receipt stays on screen saying
 * the paper could not be printed, and the fault is left for the attendant's desk. */
#define G_LOG_DOMAIN "test-receipt-print"

#include "config.h"

#include <gtk/gtk.h>

#include "kiosk-desk.h"
#include "kiosk-escpos-test.h"
#include "kiosk-i18n.h"
#include "kiosk-parking-permit-flow.h"
#include "kiosk-payment-step.h"
#include "kiosk-receipt-page.h"
#include "kiosk-store-private.h"
#include "kiosk-token.h"
#include "kiosk-ui-visitor.h"

typedef KioskTestFixture Fixture;

#define by_id kiosk_ui_visitor_by_id
#define step kiosk_ui_visitor_step
#define by_name kiosk_ui_visitor_by_name

static KioskWindow *
window_with_printer (Fixture    *f,
                     const char *spec)
{
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();
  KioskWindow *window;

  g_free (config->printer);
  config->printer = g_strdup (spec);
  window = kiosk_ui_show_window (f->store, config);
  kiosk_window_start_session (window, "ar");
  return window;
}

/* Plate, zone, period, review, then the way to pay named `payment` ("payment-card",
 * "payment-counter") touched `presses` times as fast as a hand can; returns the receipt page. */
static KioskReceiptPage *
finish_parking_permit (KioskWindow *window,
                       const char  *payment,
                       guint        presses)
{
  g_autoptr(GPtrArray) pages = NULL;
  GtkWidget *button;

  kiosk_ui_visitor_open_service (window, "parking_permit");
  KIOSK_UI_WAIT_FOR (kiosk_window_get_keyboard_shown (window));
  kiosk_ui_visitor_type_shown (window, "9415 ه");
  kiosk_ui_click (by_id (window, "plate_next_button"));
  kiosk_ui_click (kiosk_ui_find_choice (by_id (window, "zone_list"), "PZ-QURUM"));
  kiosk_ui_click (kiosk_ui_find_choice (by_id (window, "period_list"), "period_3"));
  kiosk_ui_click (by_id (window, "pay_button"));
  g_assert_cmpstr (step (window), ==, "pay");
  button = by_name (GTK_WIDGET (window), payment);
  /* A second touch before the first is answered: the page goes on once, one slip. */
  for (guint i = 0; i < presses; i++)
    gtk_widget_activate (button);
  KIOSK_UI_WAIT_FOR (g_strcmp0 (step (window), "receipt") == 0);
  pages = kiosk_ui_find_all (GTK_WIDGET (window), KIOSK_TYPE_RECEIPT_PAGE);
  g_assert_cmpuint (pages->len, ==, 1);
  return KIOSK_RECEIPT_PAGE (pages->pdata[0]);
}

static gboolean
print_settled (KioskReceiptPage *page)
{
  KioskReceiptPrint print = kiosk_receipt_page_get_print (page);

  return print == KIOSK_RECEIPT_PRINT_PRINTED || print == KIOSK_RECEIPT_PRINT_FAILED;
}

/* The one page of `bytes`, its one QR code verified as `kind` naming `reference`. */
static void
assert_slip_scans (GBytes         *bytes,
                   Fixture        *f,
                   KioskTokenKind  kind,
                   const char     *reference)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(KioskToken) token = NULL;
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  pages = kiosk_escpos_test_decode (data, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, 1);
  codes = kiosk_escpos_test_scan (pages->pdata[0]);
  g_assert_cmpuint (codes->len, ==, 1);
  g_assert_true (kiosk_token_verify (f->store, codes->pdata[0], -1, kind, &token, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_token_get_fields (token)->reference, ==, reference);
}

static void
test_card_receipt_prints_once_through_file (Fixture       *f,
                                            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "printer.bin", NULL);
  g_autofree char *spec = g_strconcat ("file:", path, NULL);
  KioskWindow *window = window_with_printer (f, spec);
  KioskReceiptPage *page = finish_parking_permit (window, "payment-card", 2);
  const KioskReceipt *receipt = kiosk_receipt_page_get_receipt (page);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  KIOSK_UI_WAIT_FOR (print_settled (page));
  g_assert_cmpint (kiosk_receipt_page_get_print (page), ==, KIOSK_RECEIPT_PRINT_PRINTED);
  g_assert_true (kiosk_ui_holds_text (GTK_WIDGET (page), "يرجى أخذ الإيصال المطبوع"));
  /* Showing the same receipt again (a language switch rebuilds the texts) prints nothing. */
  g_assert_true (kiosk_receipt_page_show_record (page, f->store, receipt->record_uuid, &error));
  g_assert_no_error (error);
  kiosk_window_set_language (window, "en");
  kiosk_ui_spin (300);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  /* Exactly one slip: one cut. */
  assert_slip_scans (bytes, f, KIOSK_TOKEN_RECEIPT,
                     kiosk_receipt_page_get_receipt (page)->reference);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT print_count FROM receipts"
                                         " WHERE reference = ?1",
                                         kiosk_receipt_page_get_receipt (page)->reference, NULL),
                   ==, 1);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "payments"), ==, 1);
  kiosk_ui_close_window (window);
}

static void
test_counter_voucher_prints_on_network_printer (Fixture       *f,
                                                gconstpointer  data)
{
  KioskEscposFake *fake = kiosk_escpos_fake_start (KIOSK_ESCPOS_FAKE_READY);
  g_autofree char *spec = g_strdup_printf ("escpos-tcp:127.0.0.1:%u",
                                           kiosk_escpos_fake_get_port (fake));
  KioskWindow *window = window_with_printer (f, spec);
  KioskReceiptPage *page = finish_parking_permit (window, "payment-counter", 1);
  const KioskReceipt *receipt = kiosk_receipt_page_get_receipt (page);
  g_autoptr(GPtrArray) jobs = NULL;

  KIOSK_UI_WAIT_FOR (print_settled (page));
  g_assert_cmpint (kiosk_receipt_page_get_print (page), ==, KIOSK_RECEIPT_PRINT_PRINTED);
  kiosk_ui_spin (300);
  jobs = kiosk_escpos_fake_dup_jobs (fake);
  g_assert_cmpuint (jobs->len, ==, 1);
  /* The voucher's code names the payment, by the payment's own reference. */
  assert_slip_scans (jobs->pdata[0], f, KIOSK_TOKEN_COUNTER_VOUCHER, receipt->payment_reference);
  kiosk_ui_close_window (window);
  kiosk_escpos_fake_stop (fake);
}

typedef struct
{
  KioskEscposFakeScript script;
  const char           *state;     /* kiosk_printer_state_to_string */
} Fault;

static const Fault paper_out = { KIOSK_ESCPOS_FAKE_PAPER_OUT, "paper-out" };
static const Fault cover_open = { KIOSK_ESCPOS_FAKE_COVER_OPEN, "cover-open" };
static const Fault no_answer = { KIOSK_ESCPOS_FAKE_SILENT, "offline" };

static void
test_printer_fault_leaves_receipt_on_screen (Fixture       *f,
                                             gconstpointer  data)
{
  const Fault *fault = data;
  KioskEscposFake *fake = kiosk_escpos_fake_start (fault->script);
  g_autofree char *spec = g_strdup_printf ("escpos-tcp:127.0.0.1:%u",
                                           kiosk_escpos_fake_get_port (fake));
  KioskWindow *window = window_with_printer (f, spec);
  KioskReceiptPage *page;
  const KioskReceipt *receipt;
  g_autoptr(GPtrArray) jobs = NULL;

  kiosk_printer_set_status_timeout (kiosk_window_get_printer (window), 300);
  page = finish_parking_permit (window, "payment-card", 1);
  receipt = kiosk_receipt_page_get_receipt (page);
  /* The service was committed before the printer was asked anything. */
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM parking_permit_requests"
                                         " WHERE reference = ?1", receipt->reference, NULL),
                   ==, 1);
  KIOSK_UI_WAIT_FOR (print_settled (page));
  g_assert_cmpint (kiosk_receipt_page_get_print (page), ==, KIOSK_RECEIPT_PRINT_FAILED);
  kiosk_ui_wait_for_frame (window);
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (page),
                                       "تعذّرت طباعة الإيصال — يمكن للموظف إعادة طباعته."));
  /* The receipt and its code stay on screen. */
  g_assert_nonnull (kiosk_receipt_page_get_qr_text (page));
  g_assert_true (gtk_widget_get_visible (by_id (window, "done_button")));
  g_assert_cmpstr (kiosk_printer_state_to_string (kiosk_printer_get_state (
                     kiosk_window_get_printer (window))), ==, fault->state);
  /* Left for the desk: the receipt not printed, and why. */
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM audit_log"
                                         " WHERE action = 'receipt_not_printed'"
                                         " AND record_uuid = ?1"
                                         " AND json_extract (detail, '$.printer') = ?2",
                                         receipt->uuid, fault->state, NULL), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT print_count FROM receipts"
                                         " WHERE uuid = ?1", receipt->uuid, NULL), ==, 0);
  /* The attendant's desk lists it, with the printer's reason. */
  {
    g_autoptr(GPtrArray) alerts = kiosk_desk_list_alerts (f->store, NULL);
    const KioskDeskAlert *alert;

    g_assert_cmpuint (alerts->len, ==, 1);
    alert = alerts->pdata[0];
    g_assert_cmpint (alert->kind, ==, KIOSK_DESK_ALERT_NOT_PRINTED);
    g_assert_cmpstr (alert->reference, ==, receipt->reference);
    g_assert_cmpstr (alert->code, ==, fault->state);
  }
  kiosk_ui_maybe_screenshot (window, "receipt-not-printed-ar.png");
  jobs = kiosk_escpos_fake_dup_jobs (fake);
  g_assert_cmpuint (jobs->len, ==, 0);
  kiosk_ui_close_window (window);
  kiosk_escpos_fake_stop (fake);
}

int
main (int   argc,
      char *argv[])
{
  kiosk_ui_test_init (&argc, &argv);
  g_setenv ("KIOSK_SIMULATED_PAYMENT_MS", "20", TRUE);
  kiosk_payment_step_set_default_spec ("simulated:approve");

#define ADD(path, func, data) \
  g_test_add ("/kiosk/ui/receipt-print/" path, Fixture, data, kiosk_ui_visitor_set_up_arabic, \
              func, kiosk_test_fixture_tear_down)
  ADD ("card-receipt-prints-once-through-file-and-scans",
       test_card_receipt_prints_once_through_file, NULL);
  ADD ("counter-voucher-prints-on-network-printer-and-scans",
       test_counter_voucher_prints_on_network_printer, NULL);
  ADD ("paper-out-leaves-receipt-on-screen", test_printer_fault_leaves_receipt_on_screen,
       &paper_out);
  ADD ("cover-open-leaves-receipt-on-screen", test_printer_fault_leaves_receipt_on_screen,
       &cover_open);
  ADD ("no-answer-leaves-receipt-on-screen", test_printer_fault_leaves_receipt_on_screen,
       &no_answer);
#undef ADD

  return g_test_run ();
}
