/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The licence renewal flows (shop, vehicle) in the kiosk window under Xvfb, driven as a
 * visitor drives them: the tile, the number or plate typed on the on-screen keyboard, the
 * licence shown masked, the period, the quote with its late penalty; refusals with their
 * reasons, a choice among several licences, and the way from unpaid fines to the fines flow. */
#define G_LOG_DOMAIN "test-licence-flow"

#include "config.h"

#include <gtk/gtk.h>
#include <sqlite3.h>

#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-fines-flow.h"
#include "kiosk-i18n.h"
#include "kiosk-licence-flow.h"
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
#define receipt_qr kiosk_ui_visitor_receipt_qr
#define step kiosk_ui_visitor_step
#define type kiosk_ui_visitor_type_shown
#define error_shown kiosk_ui_visitor_error_shown
#define named_child kiosk_ui_visitor_named_child
#define by_name kiosk_ui_visitor_by_name

static KioskLicenceFlow *
flow_of (KioskWindow *window)
{
  return KIOSK_LICENCE_FLOW (kiosk_window_get_page (window));
}

static char *
money (KioskBaisa amount)
{
  return kiosk_money_format (amount, kiosk_i18n_get_lang (), kiosk_i18n_get_digits ());
}

static void
test_shop_by_number_is_quoted_with_its_late_penalty (Fixture       *f,
                                                     gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, "shop_licence", TRUE);
  KioskKeyboard *keyboard = kiosk_window_get_keyboard (window);
  g_auto(KioskQuote) expected = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *snapshot = kiosk_test_snapshot_tables (f->store);
  g_autofree char *after = NULL;
  g_autofree char *fee = NULL;
  g_autofree char *total = NULL;
  g_autofree char *expiry = NULL;

  g_assert_cmpstr (step (window), ==, "find");
  /* A licence number gets the numeric pad. */
  g_assert_cmpint (kiosk_keyboard_get_layout (keyboard), ==, KIOSK_KEYBOARD_NUMERIC);
  type (window, "88926205");
  kiosk_ui_click (by_id (window, "find_next_button"));
  g_assert_cmpstr (step (window), ==, "details");
  kiosk_ui_wait_for_frame (window);
  kiosk_ui_maybe_screenshot (window, "shop-licence-details-ar.png");

  /* The holder masked: first word, then initials; never the whole name. */
  g_assert_true (kiosk_ui_holds_text (by_id (window, "details_grid"), "مطعم"));
  g_assert_false (kiosk_ui_holds_text (by_id (window, "details_grid"), "مطعم اللبان"));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "١٥/٠٩/٢٠٢٦"));
  /* Expired on 15 September (issue 11, item 4): not "active" while the quote charges
   * lateness. */
  g_assert_true (kiosk_ui_shows_label (by_id (window, "details_grid"), "منتهي"));
  g_assert_false (kiosk_ui_shows_label (by_id (window, "details_grid"), "ساري"));
  g_assert_false (gtk_widget_is_drawable (kiosk_ui_find_step_error (GTK_WIDGET (window), "details")));

  /* Two periods in the fee table for a restaurant: one and two years. */
  g_assert_nonnull (named_child (by_id (window, "period_box"), "period_12"));
  kiosk_ui_click (named_child (by_id (window, "period_box"), "period_24"));
  g_assert_cmpstr (step (window), ==, "quote");
  g_assert_cmpint (kiosk_licence_flow_get_period (flow_of (window)), ==, 24);
  kiosk_ui_wait_for_frame (window);
  kiosk_ui_maybe_screenshot (window, "shop-licence-quote-ar.png");

  /* The breakdown is the core's quote, in the screen's digits: 115.000 for two years and
   * 5.000 for each started month since 15 September. */
  g_assert_true (kiosk_services_quote_licence (f->store, "88926205", 24, &expected, &error));
  g_assert_no_error (error);
  g_assert_cmpint (expected.fee, ==, 115000);
  g_assert_cmpint (expected.months_late, ==, 3);
  g_assert_cmpint (expected.penalty, ==, 15000);
  fee = money (expected.fee);
  total = money (expected.fee + expected.penalty);
  g_assert_true (kiosk_ui_shows_label (by_id (window, "quote_grid"), fee));
  g_assert_true (kiosk_ui_shows_label (by_id (window, "quote_grid"), total));
  g_assert_true (kiosk_ui_holds_text (by_id (window, "quote_grid"), "تأخير ٣ أشهر"));
  expiry = kiosk_i18n_format_date (expected.new_expiry);
  g_assert_true (kiosk_ui_shows_label (by_id (window, "quote_grid"), expiry));

  kiosk_window_set_language (window, "en");
  kiosk_ui_wait_for_frame (window);
  g_assert_true (kiosk_ui_shows_label (by_id (window, "quote_grid"), "OMR 130.000"));
  g_assert_true (kiosk_ui_shows_label (by_id (window, "quote_grid"), "OMR 15.000 (3 months late)"));
  g_free (expiry);
  expiry = kiosk_i18n_format_date (expected.new_expiry);
  g_assert_true (kiosk_ui_shows_label (by_id (window, "quote_grid"), expiry));
  kiosk_ui_maybe_screenshot (window, "shop-licence-quote-en.png");

  /* Looking and quoting wrote nothing. */
  after = kiosk_test_snapshot_tables (f->store);
  g_assert_cmpstr (after, ==, snapshot);
  kiosk_ui_close_window (window);
}

static void
test_shop_registration_with_two_licences_offers_a_choice (Fixture       *f,
                                                          gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, "shop_licence", TRUE);
  GtkWidget *choice;

  kiosk_ui_click (by_id (window, "by_cr_button"));
  /* Not a registration number: its own sentence, what was typed kept. */
  type (window, "12");
  kiosk_ui_click (by_id (window, "find_next_button"));
  g_assert_cmpstr (step (window), ==, "find");
  g_assert_cmpstr (error_shown (window, "find"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_INVALID_CR_NUMBER));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (by_id (window, "find_entry"))), ==, "12");
  gtk_editable_set_text (GTK_EDITABLE (by_id (window, "find_entry")), "");
  type (window, "1306216");
  kiosk_ui_click (by_id (window, "find_next_button"));
  g_assert_cmpstr (step (window), ==, "choose");
  kiosk_ui_wait_for_frame (window);
  g_assert_nonnull (kiosk_ui_find_choice (by_id (window, "choose_list"), "17656559"));
  choice = kiosk_ui_find_choice (by_id (window, "choose_list"), "71124893");
  g_assert_nonnull (choice);
  kiosk_ui_click (choice);
  g_assert_cmpstr (step (window), ==, "details");
  g_assert_cmpstr (kiosk_licence_flow_get_licence (flow_of (window))->number, ==, "71124893");
  /* Valid until 2028: active. */
  kiosk_ui_wait_for_frame (window);
  g_assert_true (kiosk_ui_shows_label (by_id (window, "details_grid"), "ساري"));
  kiosk_ui_close_window (window);
}

static void
test_refusals_and_bad_numbers_are_explained (Fixture       *f,
                                             gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, "shop_licence", TRUE);
  GtkEditable *entry = GTK_EDITABLE (by_id (window, "find_entry"));
  g_autofree char *snapshot = kiosk_test_snapshot_tables (f->store);
  g_autofree char *after = NULL;

  /* Empty, too short, unknown: each its sentence, what was typed kept. */
  kiosk_ui_click (by_id (window, "find_next_button"));
  g_assert_cmpstr (error_shown (window, "find"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_EMPTY));
  type (window, "12");
  g_assert_null (error_shown (window, "find"));
  kiosk_ui_click (by_id (window, "find_next_button"));
  g_assert_cmpstr (step (window), ==, "find");
  g_assert_cmpstr (error_shown (window, "find"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_INVALID_LICENCE));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "12");
  type (window, "3456");
  kiosk_ui_click (by_id (window, "find_next_button"));
  g_assert_cmpstr (step (window), ==, "find");
  g_assert_cmpstr (error_shown (window, "find"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_NOT_FOUND));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "123456");

  /* Suspended: shown, with no period to choose and the counter's sentence. */
  gtk_editable_set_text (entry, "");
  type (window, "36987457");
  kiosk_ui_click (by_id (window, "find_next_button"));
  g_assert_cmpstr (step (window), ==, "details");
  g_assert_cmpstr (error_shown (window, "details"), ==,
                   "لا يمكن تجديد هذا الترخيص في جهاز الخدمة الذاتية. يرجى مراجعة الجهة المذكورة"
                   " أدناه مع رقم الترخيص.");
  g_assert_true (kiosk_ui_shows_label (by_id (window, "details_grid"), "موقوف"));
  g_assert_null (gtk_widget_get_first_child (by_id (window, "period_box")));
  g_assert_false (gtk_widget_is_drawable (by_id (window, "fines_button")));
  /* Issue 11, item 6: why (the municipality's record) and which office, from the data: the
   * café is in Muttrah. */
  kiosk_ui_wait_for_frame (window);
  g_assert_true (kiosk_ui_shows_label (by_id (window, "details_grid"), "السبب"));
  g_assert_true (kiosk_ui_holds_text (by_id (window, "details_grid"),
                                      "failed food hygiene inspection"));
  g_assert_true (kiosk_ui_shows_label (by_id (window, "details_grid"), "مكتب البلدية في ولاية مطرح"));
  g_assert_true (gtk_widget_is_drawable (by_id (window, "leave_button")));
  kiosk_ui_maybe_screenshot (window, "shop-licence-blocked-ar.png");
  kiosk_window_set_language (window, "en");
  kiosk_ui_wait_for_frame (window);
  g_assert_true (kiosk_ui_shows_label (by_id (window, "details_grid"), "Municipality office of Muttrah"));
  g_assert_cmpstr (error_shown (window, "details"), ==,
                   "This licence cannot be renewed at the kiosk. Please go to the office below"
                   " with its number.");
  kiosk_ui_maybe_screenshot (window, "shop-licence-blocked-en.png");

  after = kiosk_test_snapshot_tables (f->store);
  g_assert_cmpstr (after, ==, snapshot);

  /* The button to leave takes the visitor home. */
  kiosk_ui_click (by_id (window, "leave_button"));
  KIOSK_UI_WAIT_FOR (g_strcmp0 (kiosk_window_get_page_name (window), "home") == 0);
  kiosk_ui_close_window (window);
}

static void
test_vehicle_with_unpaid_fines_leads_to_its_fines (Fixture       *f,
                                                   gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, "vehicle_licence", TRUE);
  KioskFinesFlow *fines;

  /* A plate: letters as well as digits, on one Arabic keyboard with a digits row. */
  g_assert_cmpint (kiosk_keyboard_get_layout (kiosk_window_get_keyboard (window)), ==,
                   KIOSK_KEYBOARD_ARABIC_DIGITS);
  g_assert_nonnull (kiosk_keyboard_find_key (kiosk_window_get_keyboard (window), "2"));
  type (window, "230 أ");
  kiosk_ui_click (by_id (window, "find_next_button"));
  g_assert_cmpstr (step (window), ==, "details");
  g_assert_cmpstr (error_shown (window, "details"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_UNPAID_FINES));
  g_assert_null (gtk_widget_get_first_child (by_id (window, "period_box")));
  kiosk_ui_maybe_screenshot (window, "vehicle-licence-fines-ar.png");

  /* The button opens the fines flow on that plate's fines, all ticked. */
  kiosk_ui_click (by_id (window, "fines_button"));
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "fines");
  fines = KIOSK_FINES_FLOW (kiosk_window_get_page (window));
  g_assert_cmpstr (kiosk_flow_get_step (KIOSK_FLOW (fines)), ==, "list");
  g_assert_cmpstr (kiosk_fines_flow_get_plate (fines), ==, "230 A");
  g_assert_cmpint (kiosk_fines_flow_get_total (fines), ==, 50000);
  kiosk_ui_close_window (window);
}

static void
test_vehicle_long_expired_pays_the_capped_penalty (Fixture       *f,
                                                   gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, "vehicle_licence", TRUE);

  type (window, "9343 رر");
  kiosk_ui_click (by_id (window, "find_next_button"));
  g_assert_cmpstr (step (window), ==, "details");
  /* The fee table has only one year for a light vehicle. */
  g_assert_null (named_child (by_id (window, "period_box"), "period_24"));
  kiosk_ui_click (named_child (by_id (window, "period_box"), "period_12"));
  g_assert_cmpstr (step (window), ==, "quote");
  kiosk_window_set_language (window, "en");
  kiosk_ui_wait_for_frame (window);
  /* 15.000 and 1.000 a started month since 31 October 2025, capped at 12.000. */
  g_assert_true (kiosk_ui_shows_label (by_id (window, "quote_grid"), "OMR 15.000"));
  g_assert_true (kiosk_ui_shows_label (by_id (window, "quote_grid"), "OMR 12.000 (13 months late)"));
  g_assert_true (kiosk_ui_shows_label (by_id (window, "quote_grid"), "OMR 27.000"));
  kiosk_ui_close_window (window);
}

static void
test_shop_renewal_paid_by_card_ends_on_its_receipt (Fixture       *f,
                                                    gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, "shop_licence", TRUE);
  KioskLicenceFlow *flow = flow_of (window);
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *qr = NULL;
  const char *uuid;

  type (window, "88926205");
  kiosk_ui_click (by_id (window, "find_next_button"));
  kiosk_ui_click (named_child (by_id (window, "period_box"), "period_12"));
  g_assert_cmpstr (step (window), ==, "quote");
  kiosk_ui_click (by_id (window, "pay_button"));
  g_assert_cmpstr (step (window), ==, "pay");
  g_assert_cmpint (kiosk_test_count_rows (f->store, "licence_renewals"), ==, 0);
  kiosk_ui_click (by_name (GTK_WIDGET (window), "payment-card"));
  KIOSK_UI_WAIT_FOR (g_strcmp0 (step (window), "receipt") == 0);
  kiosk_ui_wait_for_frame (window);
  kiosk_ui_maybe_screenshot (window, "shop-licence-receipt-ar.png");

  /* The renewal (60.000 and three months of 5.000 late) with its card payment, both queued,
   * and a receipt whose QR verifies. */
  uuid = kiosk_licence_flow_get_uuid (flow);
  g_assert_nonnull (uuid);
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM licence_renewals r JOIN payments p"
                                         " ON p.uuid = r.payment_uuid WHERE r.uuid = ?1"
                                         " AND r.reference = ?2 AND r.licence_number = '88926205'"
                                         " AND r.kind = 'shop' AND r.period_months = 12"
                                         " AND r.fee_baisa = 60000 AND r.penalty_baisa = 15000"
                                         " AND p.amount_baisa = 75000"
                                         " AND p.status = 'approved_online'"
                                         " AND p.purpose = 'shop_licence'",
                                         uuid, kiosk_licence_flow_get_reference (flow), NULL), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM outbox WHERE record_uuid = ?1"
                                         " AND kind = 'licence_renewal' AND state = 'queued'",
                                         uuid, NULL), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM outbox o JOIN licence_renewals r"
                                         " ON o.record_uuid = r.payment_uuid"
                                         " WHERE r.uuid = ?1 AND o.kind = 'payment'",
                                         uuid, NULL), ==, 1);
  qr = receipt_qr (f->store, uuid);
  g_assert_nonnull (qr);
  g_assert_true (kiosk_token_verify (f->store, qr, -1, KIOSK_TOKEN_RECEIPT, &token, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_token_get_fields (token)->amount, ==, 75000);
  pages = kiosk_ui_find_all (GTK_WIDGET (window), KIOSK_TYPE_RECEIPT_PAGE);
  g_assert_cmpuint (pages->len, ==, 1);
  g_assert_cmpstr (kiosk_receipt_page_get_qr_text (g_ptr_array_index (pages, 0)), ==, qr);
  g_assert_true (kiosk_ui_shows_label (g_ptr_array_index (pages, 0),
                                       kiosk_licence_flow_get_reference (flow)));

  /* Back leaves; the flow renews nothing twice. */
  g_assert_false (kiosk_page_go_back (KIOSK_PAGE (flow)));
  gtk_widget_activate_action (GTK_WIDGET (flow), "licence.pay", NULL);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "licence_renewals"), ==, 1);
  kiosk_ui_close_window (window);
}

static void
test_vehicle_permit_by_plate_is_renewed_and_paid (Fixture       *f,
                                                  gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, "vehicle_permit", TRUE);
  KioskLicenceFlow *flow = flow_of (window);
  g_auto(KioskQuote) expected = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *total = NULL;
  const char *uuid;

  g_assert_cmpstr (step (window), ==, "find");
  /* By permit number first, printed in Latin: in an Arabic session too, the Latin keyboard
   * with its digits and dash (issue 11, item 8). */
  g_assert_cmpint (kiosk_keyboard_get_layout (kiosk_window_get_keyboard (window)), ==,
                   KIOSK_KEYBOARD_ENGLISH_DIGITS);
  g_assert_nonnull (kiosk_keyboard_find_key (kiosk_window_get_keyboard (window), "-"));
  g_assert_nonnull (kiosk_keyboard_find_key (kiosk_window_get_keyboard (window), "7"));
  /* The plate is the other way: letters of the language and digits. */
  kiosk_ui_click (by_id (window, "by_cr_button"));
  KIOSK_UI_WAIT_FOR (kiosk_keyboard_get_layout (kiosk_window_get_keyboard (window))
                     == KIOSK_KEYBOARD_ARABIC_DIGITS);
  type (window, "2451 دج");
  kiosk_ui_click (by_id (window, "find_next_button"));
  g_assert_cmpstr (step (window), ==, "details");
  g_assert_cmpstr (kiosk_licence_flow_get_licence (flow)->number, ==, "VP-2025-01471");
  /* Permit number and plate exactly as printed, in an Arabic screen with Arabic-Indic
   * digits: Western digits, isolated left to right (issue 11, item 3). */
  g_assert_true (kiosk_i18n_get_arabic_digits ());
  kiosk_ui_wait_for_frame (window);
  g_assert_true (kiosk_ui_shows_identifier (by_id (window, "details_grid"), "VP-2025-01471"));
  g_assert_true (kiosk_ui_shows_identifier (by_id (window, "details_grid"), "2451 د ج"));
  g_assert_false (kiosk_ui_holds_text (by_id (window, "details_grid"), "٠١٤٧١"));
  /* The expiry is a date, not an identifier: it keeps the screen's digits. */
  g_assert_true (kiosk_ui_holds_text (by_id (window, "details_grid"), "٢٠"));
  kiosk_window_set_language (window, "en");
  kiosk_ui_wait_for_frame (window);
  g_assert_true (kiosk_ui_shows_identifier (by_id (window, "details_grid"), "VP-2025-01471"));
  g_assert_true (kiosk_ui_shows_identifier (by_id (window, "details_grid"), "2451 DJ"));
  kiosk_window_set_language (window, "ar");
  kiosk_ui_wait_for_frame (window);
  /* The zone, and the holder masked. */
  g_assert_true (kiosk_ui_holds_text (by_id (window, "details_grid"), "الغبرة"));
  g_assert_false (kiosk_ui_holds_text (by_id (window, "details_grid"), "مريم بنت علي الفارسي"));
  kiosk_ui_maybe_screenshot (window, "vehicle-permit-details-ar.png");

  kiosk_ui_click (named_child (by_id (window, "period_box"), "period_12"));
  g_assert_cmpstr (step (window), ==, "quote");
  g_assert_true (kiosk_services_quote_vehicle_permit (f->store, "VP-2025-01471", 12, &expected,
                                                      &error));
  g_assert_no_error (error);
  total = money (expected.fee + expected.penalty);
  g_assert_true (kiosk_ui_shows_label (by_id (window, "quote_grid"), total));

  kiosk_ui_click (by_id (window, "pay_button"));
  kiosk_ui_click (by_name (GTK_WIDGET (window), "payment-card"));
  KIOSK_UI_WAIT_FOR (g_strcmp0 (step (window), "receipt") == 0);
  uuid = kiosk_licence_flow_get_uuid (flow);
  g_assert_nonnull (uuid);
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM outbox WHERE record_uuid = ?1"
                                         " AND kind = 'vehicle_permit_renewal'"
                                         " AND json_extract (payload, '$.permit_number')"
                                         "     = 'VP-2025-01471'",
                                         uuid, NULL), ==, 1);
  {
    g_autofree char *qr = receipt_qr (f->store, uuid);

    g_assert_nonnull (qr);
  }
  kiosk_ui_close_window (window);
}

static void
test_cancelled_and_unknown_permits_are_explained (Fixture       *f,
                                                  gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, "vehicle_permit", TRUE);
  g_autofree char *snapshot = kiosk_test_snapshot_tables (f->store);
  g_autofree char *after = NULL;

  gtk_editable_set_text (GTK_EDITABLE (by_id (window, "find_entry")), "VP-2025-02334");
  kiosk_ui_click (by_id (window, "find_next_button"));
  g_assert_cmpstr (step (window), ==, "details");
  g_assert_nonnull (error_shown (window, "details"));
  g_assert_null (gtk_widget_get_first_child (by_id (window, "period_box")));
  /* No wilayat for a permit: the head office's customer service. */
  kiosk_ui_wait_for_frame (window);
  g_assert_true (kiosk_ui_shows_label (by_id (window, "details_grid"),
                                       "مركز خدمة العملاء، المبنى الرئيسي لبلدية مسقط، روي"));
  g_assert_true (gtk_widget_is_drawable (by_id (window, "leave_button")));

  kiosk_page_go_back (kiosk_window_get_page (window));
  g_assert_cmpstr (step (window), ==, "find");
  gtk_editable_set_text (GTK_EDITABLE (by_id (window, "find_entry")), "VP-1999-99999");
  kiosk_ui_click (by_id (window, "find_next_button"));
  g_assert_cmpstr (step (window), ==, "find");
  g_assert_cmpstr (error_shown (window, "find"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_NOT_FOUND));
  gtk_editable_set_text (GTK_EDITABLE (by_id (window, "find_entry")), "VP 2025 ✓");
  kiosk_ui_click (by_id (window, "find_next_button"));
  g_assert_cmpstr (step (window), ==, "find");
  g_assert_nonnull (error_shown (window, "find"));

  after = kiosk_test_snapshot_tables (f->store);
  g_assert_cmpstr (after, ==, snapshot);
  kiosk_ui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  kiosk_ui_test_init (&argc, &argv);
  g_setenv ("KIOSK_SIMULATED_PAYMENT_MS", "20", TRUE);
  kiosk_payment_step_set_default_spec ("simulated:approve");

#define ADD(path, func) \
  g_test_add ("/kiosk/ui/licence/" path, Fixture, NULL, fixture_set_up, func, \
              kiosk_test_fixture_tear_down)

  ADD ("shop-by-number-is-quoted-with-its-late-penalty",
       test_shop_by_number_is_quoted_with_its_late_penalty);
  ADD ("shop-registration-with-two-licences-offers-a-choice",
       test_shop_registration_with_two_licences_offers_a_choice);
  ADD ("refusals-and-bad-numbers-are-explained", test_refusals_and_bad_numbers_are_explained);
  ADD ("vehicle-with-unpaid-fines-leads-to-its-fines",
       test_vehicle_with_unpaid_fines_leads_to_its_fines);
  ADD ("vehicle-long-expired-pays-the-capped-penalty",
       test_vehicle_long_expired_pays_the_capped_penalty);

  ADD ("shop-renewal-paid-by-card-ends-on-its-receipt",
       test_shop_renewal_paid_by_card_ends_on_its_receipt);

  ADD ("vehicle-permit-by-plate-is-renewed-and-paid",
       test_vehicle_permit_by_plate_is_renewed_and_paid);
  ADD ("cancelled-and-unknown-permits-are-explained",
       test_cancelled_and_unknown_permits_are_explained);

#undef ADD

  return g_test_run ();
}
