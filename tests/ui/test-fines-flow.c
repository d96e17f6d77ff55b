/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The parking fines flow in the kiosk window under Xvfb, driven as a visitor drives it: the
 * fines tile, the plate typed on the on-screen keyboard (Arabic letters), fines ticked and
 * unticked with a running total; bad plates, unknown plates and the scan page's hand-over. */
#define G_LOG_DOMAIN "test-fines-flow"

#include "config.h"

#include <gtk/gtk.h>
#include <sqlite3.h>

#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-fines-flow.h"
#include "kiosk-i18n.h"
#include "kiosk-money.h"
#include "kiosk-payment-step.h"
#include "kiosk-receipt-page.h"
#include "kiosk-services.h"
#include "kiosk-store-private.h"
#include "kiosk-token.h"
#include "kiosk-ui-visitor.h"

typedef KioskTestFixture Fixture;

/* The shared helpers of kiosk-ui-visitor, under the short names the tests read with. */
#define fixture_set_up kiosk_ui_visitor_set_up_arabic
#define by_id kiosk_ui_visitor_by_id
#define step kiosk_ui_visitor_step
#define type kiosk_ui_visitor_type_shown
#define error_shown kiosk_ui_visitor_error_shown
#define by_name kiosk_ui_visitor_by_name

/* In the demo seed: 90562 M has three unpaid fines (5.000, 20.000, 5.000) and one paid. */
#define PLATE "90562 M"
#define PAID_FINE "PF2025-007554"

static KioskFinesFlow *
flow_of (KioskWindow *window)
{
  return KIOSK_FINES_FLOW (kiosk_window_get_page (window));
}

static GtkWidget *
fine_check (KioskWindow *window,
            const char  *number)
{
  g_autoptr(GPtrArray) checks = kiosk_ui_find_all (by_id (window, "fine_list"),
                                                   GTK_TYPE_CHECK_BUTTON);

  for (guint i = 0; i < checks->len; i++)
    if (g_str_equal (gtk_widget_get_name (g_ptr_array_index (checks, i)), number))
      return g_ptr_array_index (checks, i);
  return NULL;
}

/* A touch on a check box: it toggles on activation (GtkCheckButton is no GtkButton). */
static void
tap_check (GtkWidget *check)
{
  gboolean before = gtk_check_button_get_active (GTK_CHECK_BUTTON (check));

  g_assert_true (gtk_widget_is_sensitive (check) && gtk_widget_is_drawable (check));
  g_assert_true (gtk_widget_activate (check));
  KIOSK_UI_WAIT_FOR (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)) != before);
  kiosk_ui_iterate ();
}

static guint
fines_listed (KioskWindow *window)
{
  g_autoptr(GPtrArray) checks = kiosk_ui_find_all (by_id (window, "fine_list"),
                                                   GTK_TYPE_CHECK_BUTTON);

  return checks->len;
}

static char *
money (KioskBaisa amount)
{
  return kiosk_money_format (amount, kiosk_i18n_get_lang (), kiosk_i18n_get_digits ());
}

static void
assert_total (KioskWindow *window,
              KioskBaisa   expected)
{
  g_autofree char *shown = money (expected);

  g_assert_cmpint (kiosk_fines_flow_get_total (flow_of (window)), ==, expected);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (by_id (window, "total_label"))), ==, shown);
}

static void
test_plate_lists_unpaid_fines_with_a_running_total (Fixture       *f,
                                                     gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, "fines", FALSE);
  KioskKeyboard *keyboard = kiosk_window_get_keyboard (window);
  g_auto(GStrv) selected = NULL;
  g_autofree char *snapshot = kiosk_test_snapshot_tables (f->store);
  g_autofree char *after = NULL;

  g_assert_cmpstr (step (window), ==, "plate");
  KIOSK_UI_WAIT_FOR (kiosk_window_get_keyboard_shown (window));
  /* A GtkEntry's text lives in its GtkText child. */
  g_assert_true (gtk_widget_is_ancestor (kiosk_keyboard_get_target (keyboard),
                                         by_id (window, "plate_entry")));
  g_assert_true (gtk_entry_get_input_hints (GTK_ENTRY (by_id (window, "plate_entry"))) &
                 GTK_INPUT_HINT_INHIBIT_OSK);
  /* A plate field: the Arabic letters with a row of digits (issue 11, item 8). */
  g_assert_cmpint (kiosk_keyboard_get_layout (keyboard), ==, KIOSK_KEYBOARD_ARABIC_DIGITS);
  g_assert_nonnull (kiosk_keyboard_find_key (keyboard, "9"));
  g_assert_nonnull (kiosk_keyboard_find_key (keyboard, "م"));

  /* The plate as printed in Arabic: digits, then the letter. */
  type (window, "90562 م");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (by_id (window, "plate_entry"))), ==,
                   "90562 م");
  kiosk_ui_click (by_id (window, "plate_next_button"));
  g_assert_cmpstr (step (window), ==, "list");
  g_assert_cmpstr (kiosk_fines_flow_get_plate (flow_of (window)), ==, PLATE);
  kiosk_ui_wait_for_frame (window);
  kiosk_ui_maybe_screenshot (window, "fines-list-ar.png");

  /* The three unpaid fines, all ticked; the paid one is not offered. */
  g_assert_cmpuint (fines_listed (window), ==, 3);
  g_assert_null (fine_check (window, PAID_FINE));
  g_assert_true (kiosk_ui_holds_text (by_id (window, "fine_list"), "موقف سوق مطرح"));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (by_id (window, "select_all"))));
  assert_total (window, 30000);
  g_assert_true (gtk_widget_get_sensitive (by_id (window, "pay_button")));

  /* Untick the 20.000 one: 10.000 left, and "select all" is no longer ticked. */
  tap_check (fine_check (window, "PF2026-004255"));
  assert_total (window, 10000);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (by_id (window, "select_all"))));
  selected = kiosk_fines_flow_dup_selected (flow_of (window));
  g_assert_cmpuint (g_strv_length (selected), ==, 2);
  g_assert_cmpstr (selected[0], ==, "PF2025-001066");
  g_assert_cmpstr (selected[1], ==, "PF2026-008252");

  /* "Select all" ticks every one again; unticking it leaves nothing to pay. */
  tap_check (by_id (window, "select_all"));
  assert_total (window, 30000);
  tap_check (by_id (window, "select_all"));
  assert_total (window, 0);
  g_assert_false (gtk_widget_get_sensitive (by_id (window, "pay_button")));
  gtk_widget_activate_action (GTK_WIDGET (flow_of (window)), "fines.pay", NULL);
  g_assert_cmpstr (step (window), ==, "list");
  g_assert_cmpstr (error_shown (window, "list"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_EMPTY));
  /* Ticking one takes the message away. */
  tap_check (fine_check (window, "PF2025-001066"));
  g_assert_null (error_shown (window, "list"));
  assert_total (window, 5000);

  /* English: the same ticks, Latin digits, English places. */
  kiosk_window_set_language (window, "en");
  kiosk_ui_wait_for_frame (window);
  assert_total (window, 5000);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (fine_check (window,
                                                                            "PF2025-001066"))));
  g_assert_true (kiosk_ui_holds_text (by_id (window, "fine_list"), "Muttrah Souq car park"));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "Unpaid fines of \u206690562 M\u2069"));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "OMR 5.000"));
  kiosk_ui_maybe_screenshot (window, "fines-list-en.png");

  /* Looking and ticking wrote nothing. */
  after = kiosk_test_snapshot_tables (f->store);
  g_assert_cmpstr (after, ==, snapshot);

  /* Back returns to the plate, with the plate as typed. */
  kiosk_page_go_back (kiosk_window_get_page (window));
  g_assert_cmpstr (step (window), ==, "plate");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (by_id (window, "plate_entry"))), ==,
                   "90562 م");
  kiosk_ui_close_window (window);
}

/* The box `widget` takes in the window. */
static graphene_rect_t
bounds_in_window (GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (gtk_widget_get_root (widget)),
                                            &bounds));
  return bounds;
}

/* A tick a visitor can hit: the whole row (or "Select all") at least 72 px high, with a
 * check box of at least 40 px one can see. */
static void
assert_touch_target (GtkWidget *check)
{
  GtkWidget *indicator = NULL;

  g_assert_cmpint (gtk_widget_get_height (check), >=, 72);
  g_assert_cmpint (gtk_widget_get_width (check), >=, 72);
  for (GtkWidget *c = gtk_widget_get_first_child (check); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (g_strcmp0 (gtk_widget_get_css_name (c), "check") == 0)
      indicator = c;
  g_assert_nonnull (indicator);
  g_assert_cmpint (gtk_widget_get_width (indicator), >=, 40);
  g_assert_cmpint (gtk_widget_get_height (indicator), >=, 40);
}

static void
test_ticks_are_touch_targets_with_room_between (Fixture       *f,
                                                gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, "fines", TRUE);
  g_autoptr(GPtrArray) checks = NULL;
  GtkWidget *all;

  type (window, "90562 م");
  kiosk_ui_click (by_id (window, "plate_next_button"));
  g_assert_cmpstr (step (window), ==, "list");
  kiosk_ui_wait_for_frame (window);

  /* Issue 11, item 2: "Select all" and each fine's tick, each a finger's size, with at
   * least 16 px between two of them so that one touch never lands on its neighbour. */
  all = by_id (window, "select_all");
  assert_touch_target (all);
  checks = kiosk_ui_find_all (by_id (window, "fine_list"), GTK_TYPE_CHECK_BUTTON);
  g_assert_cmpuint (checks->len, ==, 3);
  for (guint i = 0; i < checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (checks, i);
      graphene_rect_t here = bounds_in_window (check);
      graphene_rect_t above = bounds_in_window (i == 0 ? all : g_ptr_array_index (checks, i - 1));

      assert_touch_target (check);
      g_assert_cmpfloat (here.origin.y - (above.origin.y + above.size.height), >=, 16);
    }
  kiosk_ui_close_window (window);
}

static void
test_bad_and_unknown_plates_are_explained_and_kept (Fixture       *f,
                                                    gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, "fines", FALSE);
  GtkEditable *entry = GTK_EDITABLE (by_id (window, "plate_entry"));
  g_autofree char *snapshot = kiosk_test_snapshot_tables (f->store);
  g_autofree char *after = NULL;

  KIOSK_UI_WAIT_FOR (kiosk_window_get_keyboard_shown (window));

  /* Empty. */
  g_assert_null (error_shown (window, "plate"));
  kiosk_ui_click (by_id (window, "plate_next_button"));
  g_assert_cmpstr (step (window), ==, "plate");
  g_assert_cmpstr (error_shown (window, "plate"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_EMPTY));

  /* Six digits and a letter no plate carries: not a plate; typing again clears the message. */
  type (window, "123456 ق");
  g_assert_null (error_shown (window, "plate"));
  kiosk_ui_click (by_id (window, "plate_next_button"));
  g_assert_cmpstr (step (window), ==, "plate");
  g_assert_cmpstr (error_shown (window, "plate"), ==,
                   "رقم اللوحة غير صحيح. يُرجى كتابة الأرقام والحروف كما هي على اللوحة.");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "123456 ق");
  kiosk_ui_maybe_screenshot (window, "fines-plate-error-ar.png");

  /* A valid plate with nothing unpaid. */
  gtk_editable_set_text (entry, "");
  type (window, "4 ب");
  kiosk_ui_click (by_id (window, "plate_next_button"));
  g_assert_cmpstr (step (window), ==, "plate");
  g_assert_cmpstr (error_shown (window, "plate"), ==,
                   "لا توجد مخالفات وقوف غير مدفوعة لهذه اللوحة.");
  kiosk_window_set_language (window, "en");
  g_assert_cmpstr (error_shown (window, "plate"), ==,
                   "There are no unpaid parking fines for this plate.");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "4 ب");

  after = kiosk_test_snapshot_tables (f->store);
  g_assert_cmpstr (after, ==, snapshot);
  kiosk_ui_close_window (window);
}

static void
test_scan_hand_over_ticks_the_notice_fines (Fixture       *f,
                                            gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, "fines", FALSE);
  KioskFinesFlow *flow = flow_of (window);
  const char *numbers[] = { "PF2026-004255", "PF-NOT-THIS-PLATE", PAID_FINE, NULL };

  /* The notice's fines are ticked, nothing else; numbers that are not unpaid fines of the
   * plate change nothing. */
  g_assert_true (kiosk_fines_flow_select (flow, PLATE, numbers));
  g_assert_cmpstr (step (window), ==, "list");
  g_assert_cmpuint (fines_listed (window), ==, 3);
  assert_total (window, 20000);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (fine_check (window,
                                                                            "PF2026-004255"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (fine_check (window,
                                                                             "PF2025-001066"))));

  /* No numbers: every fine of the plate. */
  g_assert_true (kiosk_fines_flow_select (flow, "90562 م", NULL));
  assert_total (window, 30000);

  /* A bad plate lands on the plate step with the reason. */
  g_assert_false (kiosk_fines_flow_select (flow, "ABC", numbers));
  g_assert_cmpstr (step (window), ==, "plate");
  kiosk_ui_wait_for_frame (window);
  g_assert_cmpstr (error_shown (window, "plate"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_INVALID_PLATE));
  kiosk_ui_close_window (window);
}

/* The receipt's QR payload written for payment `uuid`, or NULL. */
static char *
receipt_qr (KioskStore *store,
            const char *uuid)
{
  sqlite3_stmt *stmt = NULL;
  char *qr = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (kiosk_store_get_db (store),
                                       "SELECT qr_payload FROM receipts WHERE payment_uuid = ?1"
                                       " AND service = 'fines' AND amount_baisa = 10000",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    qr = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return qr;
}

static void
test_paying_marks_the_ticked_fines_paid_with_a_signed_receipt (Fixture       *f,
                                                               gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, "fines", FALSE);
  KioskFinesFlow *flow = flow_of (window);
  const char *numbers[] = { "PF2025-001066", "PF2026-008252", NULL };
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *qr = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_auto(KioskRecordRef) again = { NULL, NULL };
  KioskPaymentAuth auth = { KIOSK_PAYMENT_APPROVED_ONLINE, "A1B2C3", "4242" };
  const char *uuid;

  g_assert_true (kiosk_fines_flow_select (flow, "90562 م", numbers));
  assert_total (window, 10000);
  kiosk_ui_click (by_id (window, "pay_button"));
  g_assert_cmpstr (step (window), ==, "pay");
  kiosk_ui_wait_for_frame (window);
  /* No field on the payment step: the keyboard goes away. */
  KIOSK_UI_WAIT_FOR (!kiosk_window_get_keyboard_shown (window));
  kiosk_ui_maybe_screenshot (window, "fines-pay-ar.png");
  /* Nothing is written before the card is approved. */
  g_assert_cmpint (kiosk_test_count_rows (f->store, "payments"), ==, 0);

  kiosk_ui_click (by_name (GTK_WIDGET (window), "payment-card"));
  /* Issue 11, item 17: while the terminal waits for the card, Back and Home cannot strand it. */
  g_assert_false (gtk_widget_is_sensitive (by_id (window, "back_button")));
  g_assert_false (gtk_widget_is_sensitive (by_id (window, "home_button")));
  KIOSK_UI_WAIT_FOR (g_strcmp0 (step (window), "receipt") == 0);
  g_assert_true (gtk_widget_is_sensitive (by_id (window, "home_button")));
  uuid = kiosk_fines_flow_get_payment_uuid (flow);
  g_assert_nonnull (uuid);
  kiosk_ui_wait_for_frame (window);
  kiosk_ui_maybe_screenshot (window, "fines-receipt-ar.png");

  /* One payment of 10.000 for the two ticked fines, each recorded against it; the third
   * fine is still unpaid; the payment's outbox row; the receipt with its signed QR. */
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM payments WHERE uuid = ?1"
                                         " AND purpose = 'fines' AND amount_baisa = 10000"
                                         " AND status = 'approved_online' AND reference = ?2",
                                         uuid, kiosk_fines_flow_get_reference (flow), NULL), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM fine_payments WHERE payment_uuid = ?1"
                                         " AND fine_number IN ('PF2025-001066', 'PF2026-008252')"
                                         " AND plate = '90562 M'", uuid, NULL), ==, 2);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "fine_payments"), ==, 2);
  left = kiosk_services_list_unpaid_fines (f->store, PLATE, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 1);
  g_assert_cmpstr (((KioskFine *) g_ptr_array_index (left, 0))->number, ==, "PF2026-004255");
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM outbox WHERE record_uuid = ?1"
                                         " AND kind = 'payment' AND state = 'queued'",
                                         uuid, NULL), ==, 1);
  qr = receipt_qr (f->store, uuid);
  g_assert_nonnull (qr);
  g_assert_true (kiosk_token_verify (f->store, qr, -1, KIOSK_TOKEN_RECEIPT, &token, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_token_get_fields (token)->amount, ==, 10000);
  /* The receipt page shows the reference and that very QR code. */
  pages = kiosk_ui_find_all (GTK_WIDGET (window), KIOSK_TYPE_RECEIPT_PAGE);
  g_assert_cmpuint (pages->len, ==, 1);
  g_assert_true (kiosk_ui_shows_label (g_ptr_array_index (pages, 0),
                                       kiosk_fines_flow_get_reference (flow)));
  g_assert_cmpstr (kiosk_receipt_page_get_qr_text (g_ptr_array_index (pages, 0)), ==, qr);

  /* Back leaves the flow; the same fines cannot be paid twice. */
  g_assert_false (kiosk_page_go_back (KIOSK_PAGE (flow)));
  g_clear_error (&error);
  g_assert_false (kiosk_services_pay_fines (f->store, PLATE, numbers, &auth, &again, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_ALREADY_PAID);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "fine_payments"), ==, 2);
  kiosk_ui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  kiosk_ui_test_init (&argc, &argv);
  /* The card terminal a kiosk without one has for demos, approving at once. */
  g_setenv ("KIOSK_SIMULATED_PAYMENT_MS", "20", TRUE);
  kiosk_payment_step_set_default_spec ("simulated:approve");

#define ADD(path, func) \
  g_test_add ("/kiosk/ui/fines/" path, Fixture, NULL, fixture_set_up, func, \
              kiosk_test_fixture_tear_down)

  ADD ("plate-lists-unpaid-fines-with-a-running-total",
       test_plate_lists_unpaid_fines_with_a_running_total);
  ADD ("ticks-are-touch-targets-with-room-between", test_ticks_are_touch_targets_with_room_between);
  ADD ("bad-and-unknown-plates-are-explained-and-kept",
       test_bad_and_unknown_plates_are_explained_and_kept);
  ADD ("scan-hand-over-ticks-the-notice-fines", test_scan_hand_over_ticks_the_notice_fines);
  ADD ("paying-marks-the-ticked-fines-paid-with-a-signed-receipt",
       test_paying_marks_the_ticked_fines_paid_with_a_signed_receipt);

#undef ADD

  return g_test_run ();
}
