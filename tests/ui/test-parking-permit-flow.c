/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The parking permit flow in the kiosk window under Xvfb, driven as a visitor drives it: the
 * plate typed on the on-screen keyboard, a zone, a period with its fee from the table, the
 * review, the card payment and the receipt; a bad plate is explained and kept. */
#define G_LOG_DOMAIN "test-parking-permit-flow"

#include "config.h"

#include <gtk/gtk.h>
#include <sqlite3.h>

#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-i18n.h"
#include "kiosk-money.h"
#include "kiosk-parking-permit-flow.h"
#include "steps/kiosk-choice-row.h"
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
#define by_name kiosk_ui_visitor_by_name

/* The zone names as listed, top to bottom, joined by "|". */
static char *
listed_zones (KioskWindow *window)
{
  g_autoptr(GPtrArray) rows = kiosk_ui_find_all (by_id (window, "zone_list"),
                                                 KIOSK_TYPE_CHOICE_ROW);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (names, "%s%s", i ? "|" : "",
                            gtk_label_get_label (GTK_LABEL (kiosk_ui_find_by_id (
                              rows->pdata[i], "title_label"))));
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
test_permit_for_a_zone_and_period_is_paid_and_receipted (Fixture       *f,
                                                         gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, "parking_permit", TRUE);
  KioskParkingPermitFlow *flow = KIOSK_PARKING_PERMIT_FLOW (kiosk_window_get_page (window));
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *qr = NULL;
  g_autofree char *fee = NULL;
  g_autofree char *zones = NULL;
  const char *uuid;

  g_assert_cmpint (kiosk_keyboard_get_layout (kiosk_window_get_keyboard (window)), ==,
                   KIOSK_KEYBOARD_ARABIC_DIGITS);
  type (window, "9415 ه");
  kiosk_ui_click (by_id (window, "plate_next_button"));
  g_assert_cmpstr (step (window), ==, "zone");
  kiosk_ui_wait_for_frame (window);
  kiosk_ui_maybe_screenshot (window, "parking-permit-zone-ar.png");
  /* In the alphabetical order of the visitor's language (issue 11, item 17). */
  zones = listed_zones (window);
  g_assert_true (g_str_has_prefix (zones, "الخوض|الخوير|"));
  g_assert_true (g_str_has_suffix (zones, "|كورنيش مطرح"));
  kiosk_window_set_language (window, "en");
  g_free (zones);
  zones = listed_zones (window);
  g_assert_true (g_str_has_prefix (zones, "Al Ghubrah|Al Khoudh|"));
  g_assert_true (g_str_has_suffix (zones, "|Seeb Souq"));
  kiosk_window_set_language (window, "ar");
  kiosk_ui_click (kiosk_ui_find_choice (by_id (window, "zone_list"), "PZ-QURUM"));
  g_assert_cmpstr (step (window), ==, "period");
  /* Every period the table prices, each with its fee: 3 months in Qurum is 71.000. */
  g_assert_nonnull (kiosk_ui_find_choice (by_id (window, "period_list"), "period_1"));
  g_assert_nonnull (kiosk_ui_find_choice (by_id (window, "period_list"), "period_12"));
  fee = kiosk_money_format (71000, KIOSK_LANG_AR, kiosk_i18n_get_digits ());
  g_assert_true (kiosk_ui_holds_text (kiosk_ui_find_choice (by_id (window, "period_list"), "period_3"), fee));
  kiosk_ui_click (kiosk_ui_find_choice (by_id (window, "period_list"), "period_3"));
  g_assert_cmpstr (step (window), ==, "review");
  g_assert_true (kiosk_ui_shows_label (by_id (window, "review_grid"), fee));
  g_assert_true (kiosk_ui_holds_text (by_id (window, "review_grid"), "القرم"));
  kiosk_ui_maybe_screenshot (window, "parking-permit-review-ar.png");
  g_assert_cmpint (kiosk_test_count_rows (f->store, "parking_permit_requests"), ==, 0);

  kiosk_ui_click (by_id (window, "pay_button"));
  g_assert_cmpstr (step (window), ==, "pay");
  kiosk_ui_click (by_name (GTK_WIDGET (window), "payment-card"));
  KIOSK_UI_WAIT_FOR (g_strcmp0 (step (window), "receipt") == 0);
  uuid = kiosk_parking_permit_flow_get_uuid (flow);
  g_assert_nonnull (uuid);
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM parking_permit_requests r"
                                         " JOIN payments p ON p.uuid = r.payment_uuid"
                                         " WHERE r.uuid = ?1 AND r.reference = ?2"
                                         " AND r.plate = '9415 H' AND r.zone_code = 'PZ-QURUM'"
                                         " AND r.period_months = 3 AND p.amount_baisa = 71000"
                                         " AND p.status = 'approved_online'",
                                         uuid, kiosk_parking_permit_flow_get_reference (flow),
                                         NULL), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM outbox WHERE record_uuid = ?1"
                                         " AND kind = 'parking_permit_request'",
                                         uuid, NULL), ==, 1);
  qr = receipt_qr (f->store, uuid);
  g_assert_nonnull (qr);
  g_assert_true (kiosk_token_verify (f->store, qr, -1, KIOSK_TOKEN_RECEIPT, &token, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_token_get_fields (token)->amount, ==, 71000);
  kiosk_ui_wait_for_frame (window);
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window),
                                       kiosk_parking_permit_flow_get_reference (flow)));
  kiosk_ui_maybe_screenshot (window, "parking-permit-receipt-ar.png");
  g_assert_false (kiosk_page_go_back (kiosk_window_get_page (window)));
  kiosk_ui_close_window (window);
}

static void
test_bad_plate_is_explained_and_kept (Fixture       *f,
                                      gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, "parking_permit", TRUE);

  kiosk_ui_click (by_id (window, "plate_next_button"));
  g_assert_cmpstr (step (window), ==, "plate");
  g_assert_cmpstr (error_shown (window, "plate"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_EMPTY));
  type (window, "123456 ق");
  g_assert_null (error_shown (window, "plate"));
  kiosk_ui_click (by_id (window, "plate_next_button"));
  g_assert_cmpstr (step (window), ==, "plate");
  g_assert_cmpstr (error_shown (window, "plate"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_INVALID_PLATE));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (by_id (window, "plate_entry"))), ==,
                   "123456 ق");
  g_assert_cmpint (kiosk_test_count_rows (f->store, "outbox"), ==, 0);
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
  g_test_add ("/kiosk/ui/parking-permit/" path, Fixture, NULL, fixture_set_up, func, \
              kiosk_test_fixture_tear_down)

  ADD ("permit-for-a-zone-and-period-is-paid-and-receipted",
       test_permit_for_a_zone_and_period_is_paid_and_receipted);
  ADD ("bad-plate-is-explained-and-kept", test_bad_plate_is_explained_and_kept);

#undef ADD

  return g_test_run ();
}
