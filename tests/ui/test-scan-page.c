/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scan page under Xvfb: a fine notice held up to the test camera opens fine payment with
 * its fines ticked; a report's receipt or tracking slip opens the report's status; other
 * receipts, notices and vouchers show their details; forged and altered codes are refused
 * with their sentence and nothing changes in the store. Codes are signed with real keys the
 * store trusts, read by the real scanner or handed over as a scanner would. */
#define G_LOG_DOMAIN "test-scan-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-attendant-flow.h"
#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-fines-flow.h"
#include "kiosk-i18n.h"
#include "kiosk-keys.h"
#include "kiosk-receipts.h"
#include "kiosk-scan-page.h"
#include "kiosk-services.h"
#include "kiosk-token.h"
#include "kiosk-track-flow.h"
#include "kiosk-ui-visitor.h"

#define by_id kiosk_ui_visitor_by_id

typedef struct
{
  KioskTestFixture  base;
  KioskSigningKey  *server;
  char             *before;  /* snapshot of every table before the scan */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kiosk_test_fixture_set_up_seeded (&f->base, data);
  kiosk_i18n_set_language ("ar");
  f->server = kiosk_signing_key_generate ();
  g_assert_true (kiosk_keys_trust (f->base.store, KIOSK_KEY_OWNER_SERVER,
                                   kiosk_signing_key_get_public_key (f->server), 0, 0, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->server, kiosk_signing_key_free);
  g_clear_pointer (&f->before, g_free);
  kiosk_test_fixture_tear_down (&f->base, data);
}

static char *
fine_notice (Fixture            *f,
             const char         *plate,
             const char * const *numbers)
{
  KioskTokenFields fields = {
    .fine_numbers = numbers,
    .plate = plate,
    .amount = 5000,
    .time = 1771500188,
  };
  g_autoptr(GError) error = NULL;
  char *text = kiosk_token_sign_with_key (f->server, KIOSK_TOKEN_FINE_NOTICE, &fields, &error);

  g_assert_no_error (error);
  return text;
}

static KioskRecordRef
file_report (Fixture *f)
{
  KioskReportInput input = { "pothole", "MTR", "MTR-RUWI", "", "حفرة كبيرة", NULL, NULL };
  KioskRecordRef ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_services_file_report (f->base.store, &input, &ref, NULL, &error));
  g_assert_no_error (error);
  return ref;
}

static char *
receipt_of (Fixture    *f,
            const char *record_uuid)
{
  g_autoptr(GPtrArray) tokens = kiosk_test_query_column (f->base.store,
                                                          "SELECT qr_payload FROM receipts"
                                                          " WHERE record_uuid = ?1",
                                                          record_uuid, NULL);

  g_assert_cmpuint (tokens->len, ==, 1);
  return g_strdup (g_ptr_array_index (tokens, 0));
}

/* A camera configured that cannot start: the page is offered, and codes are handed to it as
 * a scanner would. */
#define FAILING_CAMERA "kiosk-no-such-camera"

static KioskWindow *
open_scan (Fixture    *f,
           const char *camera)
{
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();
  KioskWindow *window;

  g_free (config->camera);
  config->camera = g_strdup (camera != NULL ? camera : FAILING_CAMERA);
  f->before = kiosk_test_snapshot_tables (f->base.store);
  window = kiosk_ui_show_window (f->base.store, config);
  kiosk_ui_visitor_open_service (window, "scan");
  return window;
}

static KioskScanPage *
scan_page (KioskWindow *window)
{
  KioskPage *page = kiosk_window_get_page (window);

  g_assert_true (KIOSK_IS_SCAN_PAGE (page));
  return KIOSK_SCAN_PAGE (page);
}

static void
assert_store_unchanged (Fixture *f)
{
  g_autofree char *after = kiosk_test_snapshot_tables (f->base.store);

  g_assert_cmpstr (after, ==, f->before);
}

#define WAIT_FOR_SCAN(expr)                                                         \
  G_STMT_START {                                                                    \
    gint64 deadline_ = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;               \
    while (!(expr))                                                                 \
      {                                                                             \
        if (g_get_monotonic_time () > deadline_)                                    \
          g_error ("timed out waiting for %s", #expr);                             \
        kiosk_ui_iterate ();                                                        \
      }                                                                             \
  } G_STMT_END

static void
test_fine_notice_opens_fines_with_them_ticked (Fixture       *f,
                                               gconstpointer  data)
{
  const char *numbers[] = { "PF2026-001676", NULL };
  g_autofree char *notice = fine_notice (f, "9415 H", numbers);
  g_autofree char *path = g_build_filename (f->base.dir, "notice.png", NULL);
  g_autofree char *camera = kiosk_ui_visitor_qr_source (notice, path);
  KioskWindow *window = open_scan (f, camera);
  g_auto(GStrv) selected = NULL;
  KioskFinesFlow *fines;

  kiosk_ui_maybe_screenshot (window, "scan-ar.png");
  WAIT_FOR_SCAN (g_strcmp0 (kiosk_window_get_page_name (window), "fines") == 0);
  fines = KIOSK_FINES_FLOW (kiosk_window_get_page (window));
  g_assert_cmpstr (kiosk_fines_flow_get_plate (fines), ==, "9415 H");
  selected = kiosk_fines_flow_dup_selected (fines);
  /* The plate's other unpaid fine is listed but not ticked: the notice named one. */
  g_assert_cmpstrv (selected, numbers);
  assert_store_unchanged (f);
  kiosk_ui_close_window (window);
}

static void
test_report_receipt_and_slip_open_the_status (Fixture       *f,
                                              gconstpointer  data)
{
  g_auto(KioskRecordRef) ref = file_report (f);
  g_autofree char *receipt = receipt_of (f, ref.uuid);
  g_autofree char *slip = NULL;
  KioskTokenFields fields = { .reference = ref.reference, .uuid = ref.uuid };
  g_autoptr(GError) error = NULL;
  KioskWindow *window;

  slip = kiosk_token_sign (f->base.store, KIOSK_TOKEN_REPORT_TRACKING, &fields, &error);
  g_assert_no_error (error);

  window = open_scan (f, NULL);
  kiosk_scan_page_handle_code (scan_page (window), receipt);
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "track_report");
  g_assert_cmpstr (kiosk_track_flow_get_reference (KIOSK_TRACK_FLOW (kiosk_window_get_page (window))),
                   ==, ref.reference);
  g_assert_cmpstr (kiosk_flow_get_step (KIOSK_FLOW (kiosk_window_get_page (window))), ==, "status");

  /* Home, then the scan tile again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.home", NULL);
  kiosk_ui_wait_for_frame (window);
  kiosk_ui_visitor_open_service (window, "scan");
  kiosk_scan_page_handle_code (scan_page (window), slip);
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "track_report");
  g_assert_cmpstr (kiosk_track_flow_get_reference (KIOSK_TRACK_FLOW (kiosk_window_get_page (window))),
                   ==, ref.reference);
  assert_store_unchanged (f);
  kiosk_ui_close_window (window);
}

static void
test_other_codes_show_their_details (Fixture       *f,
                                     gconstpointer  data)
{
  g_auto(KioskRecordRef) feedback = { NULL, NULL };
  g_autofree char *receipt = NULL;
  g_autofree char *notice = NULL;
  g_autoptr(GError) error = NULL;
  KioskTokenFields licence = {
    .number = "17656559", .subject = "shop", .expiry_date = "2027-05-31", .amount = 25000,
  };
  KioskWindow *window;

  g_assert_true (kiosk_services_submit_feedback (f->base.store, KIOSK_FEEDBACK_SUGGESTION,
                                                 "مقترح", NULL, &feedback, &error));
  g_assert_no_error (error);
  receipt = receipt_of (f, feedback.uuid);
  notice = kiosk_token_sign_with_key (f->server, KIOSK_TOKEN_LICENCE_NOTICE, &licence, &error);
  g_assert_no_error (error);

  window = open_scan (f, NULL);
  kiosk_scan_page_handle_code (scan_page (window), receipt);
  g_assert_cmpstr (kiosk_flow_get_step (KIOSK_FLOW (scan_page (window))), ==, "details");
  g_assert_false (gtk_widget_get_visible (by_id (window, "attendant_button")));
  g_assert_true (kiosk_ui_shows_label (by_id (window, "details_box"), feedback.reference));
  g_assert_true (kiosk_ui_shows_label (by_id (window, "details_box"),
                                       _("Suggestion, complaint or inquiry")));
  kiosk_ui_maybe_screenshot (window, "scan-receipt-ar.png");

  kiosk_ui_click (by_id (window, "again_button"));
  g_assert_cmpstr (kiosk_flow_get_step (KIOSK_FLOW (scan_page (window))), ==, "scan");
  kiosk_scan_page_handle_code (scan_page (window), notice);
  g_assert_cmpstr (kiosk_flow_get_step (KIOSK_FLOW (scan_page (window))), ==, "details");
  g_assert_true (kiosk_ui_shows_label (by_id (window, "details_box"), "17656559"));
  /* A date, day first in the screen's digits (issue 11, item 16); the number as printed. */
  g_assert_true (kiosk_ui_shows_label (by_id (window, "details_box"), "٣١/٠٥/٢٠٢٧"));
  kiosk_ui_maybe_screenshot (window, "scan-licence-notice-ar.png");

  /* A counter voucher held up by a visitor: for the attendant, and nothing is paid. */
  {
    const KioskPaymentAuth counter = { KIOSK_PAYMENT_AWAITING_COUNTER, NULL, NULL };
    g_auto(KioskRecordRef) permit = { NULL, NULL };
    g_autoptr(KioskReceipt) voucher = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;

    g_assert_true (kiosk_services_request_parking_permit (f->base.store, "1234 AB", "PZ-RUWI", 1,
                                                          NULL, &counter, &permit, &error));
    g_assert_no_error (error);
    voucher = kiosk_receipts_get_for_record (f->base.store, permit.uuid, &error);
    g_assert_no_error (error);
    g_assert_nonnull (voucher->voucher_token);
    before = kiosk_test_snapshot_tables (f->base.store);

    kiosk_ui_click (by_id (window, "again_button"));
    kiosk_scan_page_handle_code (scan_page (window), voucher->voucher_token);
    g_assert_cmpstr (kiosk_flow_get_step (KIOSK_FLOW (scan_page (window))), ==, "details");
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (by_id (window, "details_hint"))), ==,
                     _("Please show this voucher to the attendant at the counter to pay."));
    after = kiosk_test_snapshot_tables (f->base.store);
    g_assert_cmpstr (after, ==, before);

    /* Staff take it to attendant mode, which asks them to sign in before anything. */
    g_assert_true (gtk_widget_get_visible (by_id (window, "attendant_button")));
    kiosk_ui_click (by_id (window, "attendant_button"));
    g_assert_cmpstr (kiosk_window_get_page_name (window), ==, KIOSK_ATTENDANT_SERVICE);
    g_assert_null (kiosk_attendant_flow_get_attendant (
      KIOSK_ATTENDANT_FLOW (kiosk_window_get_page (window))));
    g_free (after);
    after = kiosk_test_snapshot_tables (f->base.store);
    g_assert_cmpstr (after, ==, before);
  }
  kiosk_ui_close_window (window);
}

static void
test_forged_and_altered_codes_are_refused (Fixture       *f,
                                           gconstpointer  data)
{
  const char *numbers[] = { "PF2026-001676", NULL };
  g_autoptr(KioskSigningKey) stranger = kiosk_signing_key_generate ();
  KioskTokenFields fields = { .fine_numbers = numbers, .plate = "9415 H", .amount = 5000,
                              .time = 1771500188 };
  g_autoptr(GError) error = NULL;
  g_autofree char *forged = kiosk_token_sign_with_key (stranger, KIOSK_TOKEN_FINE_NOTICE,
                                                       &fields, &error);
  g_autofree char *altered = fine_notice (f, "9415 H", numbers);
  KioskWindow *window;
  GtkWidget *error_label;

  g_assert_no_error (error);
  /* Another notice's fields put under a genuine notice's signature. */
  {
    const char *other_numbers[] = { "PF2025-000042", NULL };
    g_autofree char *other = fine_notice (f, "9415 H", other_numbers);
    g_auto(GStrv) parts = g_strsplit (altered, ".", -1);
    g_auto(GStrv) other_parts = g_strsplit (other, ".", -1);

    g_assert_cmpuint (g_strv_length (parts), ==, 5);
    g_assert_cmpstr (parts[2], !=, other_parts[2]);
    g_free (parts[2]);
    parts[2] = g_strdup (other_parts[2]);
    g_free (altered);
    altered = g_strjoinv (".", parts);
  }

  window = open_scan (f, NULL);
  error_label = by_id (window, "scan_error");
  kiosk_scan_page_handle_code (scan_page (window), forged);
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "scan");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_TOKEN_UNKNOWN_KEY));

  kiosk_scan_page_handle_code (scan_page (window), altered);
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "scan");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_TOKEN_BAD_SIGNATURE));

  kiosk_scan_page_handle_code (scan_page (window), "https://example.com/not-a-kiosk-code");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_TOKEN_MALFORMED));
  kiosk_ui_maybe_screenshot (window, "scan-forged-ar.png");
  assert_store_unchanged (f);
  kiosk_ui_close_window (window);
}

static void
test_no_camera_no_tile (Fixture       *f,
                        gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_show_window (f->base.store, NULL);  /* camera "none" */

  /* Issue 11, item 7: nothing offered that can only say "no camera". */
  kiosk_ui_wait_for_frame (window);
  g_assert_null (kiosk_ui_visitor_find_tile (window, "scan"));
  kiosk_window_open_service (window, "scan");
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "home");
  /* A camera configured (the test source): the tile is there. */
  kiosk_window_set_camera_source (window, "videotestsrc is-live=true");
  kiosk_ui_wait_for_frame (window);
  g_assert_nonnull (kiosk_ui_visitor_find_tile (window, "scan"));
  kiosk_ui_close_window (window);
}

static void
test_failed_camera_offers_typing (Fixture       *f,
                                  gconstpointer  data)
{
  KioskWindow *window = open_scan (f, FAILING_CAMERA);
  GtkWidget *error_label = by_id (window, "scan_error");
  GtkWidget *type_button = by_id (window, "type_number_button");

  /* Each its own sentence, not the general apology. */
  g_assert_cmpstr (kiosk_error_text_for_code (KIOSK_ERROR_CAMERA), !=,
                   kiosk_error_text_for_code (KIOSK_ERROR_FAILED));
  for (int code = KIOSK_ERROR_TOKEN_MALFORMED; code <= KIOSK_ERROR_TOKEN_KEY_NOT_VALID; code++)
    g_assert_cmpstr (kiosk_error_text_for_code (code), !=,
                     kiosk_error_text_for_code (KIOSK_ERROR_FAILED));
  KIOSK_UI_WAIT_FOR (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_CAMERA));
  /* Not the visitor's mistake: no red, and a way on. */
  g_assert_false (gtk_widget_has_css_class (error_label, "kiosk-error"));
  g_assert_true (gtk_widget_get_visible (type_button));
  kiosk_ui_maybe_screenshot (window, "scan-camera-failed-ar.png");
  kiosk_ui_click (type_button);
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "track_report");
  g_assert_cmpstr (kiosk_ui_visitor_step (window), ==, "number");
  kiosk_ui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  kiosk_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/kiosk/ui/scan/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("fine-notice-through-the-camera-opens-fines-with-them-ticked",
       test_fine_notice_opens_fines_with_them_ticked);
  ADD ("report-receipt-and-tracking-slip-open-the-status",
       test_report_receipt_and_slip_open_the_status);
  ADD ("other-receipts-and-notices-show-their-details", test_other_codes_show_their_details);
  ADD ("forged-and-altered-codes-are-refused-and-change-nothing",
       test_forged_and_altered_codes_are_refused);
  ADD ("no-camera-no-tile-a-camera-shows-it", test_no_camera_no_tile);
  ADD ("failed-camera-offers-typing-the-number", test_failed_camera_offers_typing);
#undef ADD

  return g_test_run ();
}
