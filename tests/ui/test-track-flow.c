/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tracking a report in the kiosk window under Xvfb, as a visitor does it: the digits of the
 * tracking number on the number pad (several kiosks' reports listed when they share them),
 * the mobile number (masked list), and a receipt's QR code held up to the camera (a PNG shown
 * by the test camera source, read by the real scanner, verified by the real token code). */
#define G_LOG_DOMAIN "test-track-flow"

#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "steps/kiosk-choice-row.h"
#include "kiosk-i18n.h"
#include "kiosk-services.h"
#include "kiosk-store-private.h"
#include "kiosk-track-flow.h"
#include "kiosk-scan-view.h"
#include "kiosk-ui-visitor.h"
#include "kiosk-validate.h"

typedef KioskTestFixture Fixture;

#define by_id kiosk_ui_visitor_by_id

/* 2026-11-29 18:30 in Muscat: the last sync the kiosk had. */
#define LAST_SYNC 1795962600

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kiosk_test_fixture_set_up_seeded (f, data);
  kiosk_i18n_set_language ("ar");
  /* Two reports of another kiosk learnt from the server, one sharing this kiosk's first
   * number, with their history; and the sync that brought them. */
  g_assert_true (kiosk_store_exec (f->store,
    "INSERT INTO reports (uuid, reference, origin, category_code, priority, wilayat_code,"
    " area_code, landmark, description, status, status_updated_at, created_at) VALUES"
    " ('0b5f4c1e-7a4d-4e2f-9b61-0c8d5a7e1f21', 'OTHER1-261130-0001', 'server', 'pothole',"
    "  'MEDIUM', 'MTR', 'MTR-RUWI', 'near the roundabout', 'x', 'in_progress', 1795940000,"
    "  1795900000),"
    " ('0b5f4c1e-7a4d-4e2f-9b61-0c8d5a7e1f22', 'OTHER1-261125-0042', 'server', 'pothole',"
    "  'MEDIUM', 'MTR', 'MTR-RUWI', '', 'x', 'resolved', 1795940000, 1795600000);"
    "INSERT INTO report_status_history (report_uuid, status, at, note_ar, note_en) VALUES"
    " ('0b5f4c1e-7a4d-4e2f-9b61-0c8d5a7e1f21', 'assigned', 1795920000, 'أحيل إلى فريق الطرق',"
    "  'Sent to the roads team'),"
    " ('0b5f4c1e-7a4d-4e2f-9b61-0c8d5a7e1f21', 'in_progress', 1795940000, '', '');"
    "INSERT INTO sync_runs (started_at, finished_at, outcome) VALUES (1795962590, "
    G_STRINGIFY (LAST_SYNC) ", 'ok');",
    &error));
  g_assert_no_error (error);
}

static KioskRecordRef
file_report (Fixture    *f,
             const char *phone)
{
  KioskReportInput input = {
    .category_code = "pothole",
    .wilayat_code = "MTR",
    .area_code = "MTR-RUWI",
    .landmark = "قرب دوار روي",
    .description = "حفرة كبيرة",
    .phone = phone,
  };
  KioskRecordRef ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_services_file_report (f->store, &input, &ref, NULL, &error));
  g_assert_no_error (error);
  return ref;
}

static const char *
step (KioskWindow *window)
{
  return kiosk_flow_get_step (KIOSK_FLOW (kiosk_window_get_page (window)));
}

static const char *
label_text (KioskWindow *window,
            const char  *id)
{
  return gtk_label_get_label (GTK_LABEL (by_id (window, id)));
}

static guint
count_results (KioskWindow *window)
{
  g_autoptr(GPtrArray) rows = kiosk_ui_find_all (by_id (window, "results_box"),
                                                 KIOSK_TYPE_CHOICE_ROW);

  return rows->len;
}

static GtkWidget *
result_for (KioskWindow *window,
            const char  *reference)
{
  g_autoptr(GPtrArray) rows = kiosk_ui_find_all (by_id (window, "results_box"),
                                                 KIOSK_TYPE_CHOICE_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (kiosk_ui_holds_text (g_ptr_array_index (rows, i), reference))
      return g_ptr_array_index (rows, i);
  g_error ("no result for %s", reference);
}

static void
test_by_number_on_the_pad (Fixture       *f,
                           gconstpointer  data)
{
  g_auto(KioskRecordRef) mine = file_report (f, NULL);
  KioskWindow *window = kiosk_ui_show_window (f->store, NULL);
  KioskKeyboard *keyboard = kiosk_window_get_keyboard (window);
  g_autofree char *sync_time = kiosk_i18n_localize_digits ("29/11/2026 18:30");

  g_assert_cmpstr (mine.reference, ==, "TST01-261130-0001");
  kiosk_ui_visitor_open_service (window, "track_report");
  kiosk_ui_maybe_screenshot (window, "track-method-ar.png");
  kiosk_ui_click (kiosk_ui_find_choice (GTK_WIDGET (window), "number"));
  g_assert_cmpstr (step (window), ==, "number");

  /* The number pad, not the letters. */
  KIOSK_UI_WAIT_FOR (kiosk_window_get_keyboard_shown (window));
  g_assert_cmpint (kiosk_keyboard_get_layout (keyboard), ==, KIOSK_KEYBOARD_NUMERIC);
  kiosk_ui_visitor_type (window, "2611300001");
  kiosk_ui_maybe_screenshot (window, "track-number-ar.png");
  kiosk_ui_click (by_id (window, "number_next_button"));

  /* This kiosk's report and the other kiosk's share the digits: both are listed. */
  g_assert_cmpstr (step (window), ==, "results");
  g_assert_cmpuint (count_results (window), ==, 2);
  kiosk_ui_maybe_screenshot (window, "track-results-ar.png");
  kiosk_ui_click (result_for (window, "OTHER1-261130-0001"));

  g_assert_cmpstr (step (window), ==, "status");
  g_assert_cmpstr (label_text (window, "status_reference"), ==, "OTHER1-261130-0001");
  g_assert_cmpstr (kiosk_track_flow_get_reference (KIOSK_TRACK_FLOW (kiosk_window_get_page (window))),
                   ==, "OTHER1-261130-0001");
  g_assert_cmpstr (label_text (window, "status_value"), ==, _("In progress"));
  g_assert_true (kiosk_ui_shows_label (by_id (window, "status_history"), "أحيل إلى فريق الطرق"));
  g_assert_true (kiosk_ui_holds_text (by_id (window, "status_history"), _("Assigned to a team")));
  g_assert_true (strstr (label_text (window, "status_sync"), sync_time) != NULL);
  g_assert_true (strstr (label_text (window, "status_place"), "near the roundabout") != NULL);
  kiosk_ui_maybe_screenshot (window, "track-status-ar.png");

  /* Another look-up, with the Arabic-Indic digits a visitor may copy from a printed slip. */
  kiosk_ui_click (by_id (window, "status_other_button"));
  g_assert_cmpstr (step (window), ==, "method");
  kiosk_ui_click (kiosk_ui_find_choice (GTK_WIDGET (window), "number"));
  gtk_editable_set_text (GTK_EDITABLE (by_id (window, "number_entry")), "٢٦١١٢٥٠٠٤٢");
  kiosk_ui_click (by_id (window, "number_next_button"));
  g_assert_cmpstr (step (window), ==, "status");
  g_assert_cmpstr (label_text (window, "status_reference"), ==, "OTHER1-261125-0042");
  g_assert_cmpstr (label_text (window, "status_value"), ==, _("Resolved"));

  /* This kiosk's own report, not sent yet: the page says so instead of a sync time. */
  kiosk_ui_click (by_id (window, "status_other_button"));
  kiosk_ui_click (kiosk_ui_find_choice (GTK_WIDGET (window), "number"));
  gtk_editable_set_text (GTK_EDITABLE (by_id (window, "number_entry")), mine.reference);
  kiosk_ui_click (by_id (window, "number_next_button"));
  g_assert_cmpstr (label_text (window, "status_reference"), ==, mine.reference);
  /* Issue 11, item 9: not "Received" while the municipality has not got it, anywhere on the
   * page, in either language. */
  g_assert_cmpstr (label_text (window, "status_value"), ==,
                   "بانتظار الإرسال إلى البلدية");
  g_assert_false (kiosk_ui_holds_text (by_id (window, "status_value"), _("Received")));
  g_assert_false (kiosk_ui_holds_text (by_id (window, "status_history"), _("Received")));
  g_assert_null (strstr (label_text (window, "status_sync"), sync_time));
  kiosk_ui_maybe_screenshot (window, "track-status-waiting-ar.png");
  kiosk_window_set_language (window, "en");
  kiosk_ui_wait_for_frame (window);
  g_assert_cmpstr (label_text (window, "status_value"), ==,
                   "Waiting to be sent to the municipality");
  kiosk_window_set_language (window, "ar");

  /* Once the server has acknowledged it, it is received. */
  {
    g_autofree char *ack = g_strdup_printf ("UPDATE outbox SET state = 'acked'"
                                            " WHERE record_uuid = '%s'", mine.uuid);
    g_autoptr(GError) error = NULL;

    g_assert_true (kiosk_store_exec (f->store, ack, &error));
    g_assert_no_error (error);
  }
  kiosk_ui_click (by_id (window, "status_other_button"));
  kiosk_ui_click (kiosk_ui_find_choice (GTK_WIDGET (window), "number"));
  gtk_editable_set_text (GTK_EDITABLE (by_id (window, "number_entry")), mine.reference);
  kiosk_ui_click (by_id (window, "number_next_button"));
  g_assert_cmpstr (label_text (window, "status_value"), ==, _("Received"));

  kiosk_ui_close_window (window);
}

static void
test_unknown_and_bad_numbers_are_explained (Fixture       *f,
                                            gconstpointer  data)
{
  KioskWindow *window;
  g_autofree char *before = kiosk_test_snapshot_tables (f->store);
  g_autofree char *after = NULL;
  GtkWidget *error_label;

  kiosk_i18n_set_language ("en");
  window = kiosk_ui_show_window (f->store, NULL);
  kiosk_window_set_language (window, "en");
  kiosk_ui_visitor_open_service (window, "track_report");
  kiosk_ui_click (kiosk_ui_find_choice (GTK_WIDGET (window), "number"));
  error_label = kiosk_ui_find_step_error (GTK_WIDGET (window), "number");

  kiosk_ui_visitor_type (window, "2611309999");
  kiosk_ui_click (by_id (window, "number_next_button"));
  g_assert_cmpstr (step (window), ==, "number");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (error_label)),
                                   "No report with this number is known here."));
  kiosk_ui_maybe_screenshot (window, "track-number-unknown-en.png");

  /* Typing again clears the error; a number too short to be one is another sentence. */
  gtk_editable_set_text (GTK_EDITABLE (by_id (window, "number_entry")), "");
  g_assert_false (gtk_widget_get_visible (error_label));
  kiosk_ui_visitor_type (window, "26113");
  kiosk_ui_click (by_id (window, "number_next_button"));
  g_assert_cmpstr (step (window), ==, "number");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (error_label)),
                                   "Please type the digits of the tracking number"));

  after = kiosk_test_snapshot_tables (f->store);
  g_assert_cmpstr (after, ==, before);
  kiosk_ui_close_window (window);
}

static void
test_by_phone_lists_masked (Fixture       *f,
                            gconstpointer  data)
{
  g_auto(KioskRecordRef) first = file_report (f, "92123456");
  g_auto(KioskRecordRef) second = file_report (f, "92123456");
  g_auto(KioskRecordRef) other = file_report (f, "99887766");
  g_autofree char *masked = kiosk_phone_mask ("+96892123456");
  KioskWindow *window = kiosk_ui_show_window (f->store, NULL);
  GtkWidget *error_label;

  kiosk_ui_visitor_open_service (window, "track_report");
  kiosk_ui_click (kiosk_ui_find_choice (GTK_WIDGET (window), "phone"));
  g_assert_cmpstr (step (window), ==, "phone");
  error_label = kiosk_ui_find_step_error (GTK_WIDGET (window), "phone");

  /* Not a mobile number: the sentence for it, and the visitor stays. */
  kiosk_ui_visitor_type (window, "1234");
  kiosk_ui_click (by_id (window, "phone_next_button"));
  g_assert_cmpstr (step (window), ==, "phone");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_INVALID_PHONE));

  /* A valid number nobody used. */
  gtk_editable_set_text (GTK_EDITABLE (by_id (window, "phone_entry")), "");
  kiosk_ui_visitor_type (window, "71234567");
  kiosk_ui_click (by_id (window, "phone_next_button"));
  g_assert_cmpstr (step (window), ==, "phone");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), !=,
                   kiosk_error_text_for_code (KIOSK_ERROR_INVALID_PHONE));

  gtk_editable_set_text (GTK_EDITABLE (by_id (window, "phone_entry")), "");
  kiosk_ui_visitor_type (window, "92123456");
  kiosk_ui_click (by_id (window, "phone_next_button"));
  g_assert_cmpstr (step (window), ==, "results");
  g_assert_cmpuint (count_results (window), ==, 2);
  g_assert_true (kiosk_ui_holds_text (by_id (window, "results_box"), masked));
  g_assert_false (kiosk_ui_holds_text (by_id (window, "results_box"), "9212 3456"));
  g_assert_false (kiosk_ui_holds_text (by_id (window, "results_box"), "92123456"));
  g_assert_false (kiosk_ui_holds_text (by_id (window, "results_box"), other.reference));
  kiosk_ui_maybe_screenshot (window, "track-phone-results-ar.png");

  kiosk_ui_click (result_for (window, first.reference));
  g_assert_cmpstr (label_text (window, "status_reference"), ==, first.reference);
  g_assert_cmpstr (label_text (window, "status_phone"), ==, masked);
  (void) second;

  kiosk_ui_close_window (window);
}

static char *
receipt_token (Fixture    *f,
               const char *record_uuid)
{
  g_autoptr(GPtrArray) tokens = kiosk_test_query_column (f->store,
                                                          "SELECT qr_payload FROM receipts"
                                                          " WHERE record_uuid = ?1",
                                                          record_uuid, NULL);

  g_assert_cmpuint (tokens->len, ==, 1);
  g_assert_nonnull (g_ptr_array_index (tokens, 0));
  return g_strdup (g_ptr_array_index (tokens, 0));
}

/* Waits for the scanner on a real camera pipeline: longer than a tap. */
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
scan_with_camera_showing (Fixture     *f,
                          const char  *token,
                          KioskWindow **out_window)
{
  g_autofree char *path = g_build_filename (f->dir, "held-up.png", NULL);
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();
  KioskWindow *window;

  g_free (config->camera);
  config->camera = kiosk_ui_visitor_qr_source (token, path);
  window = kiosk_ui_show_window (f->store, config);
  kiosk_ui_visitor_open_service (window, "track_report");
  kiosk_ui_click (kiosk_ui_find_choice (GTK_WIDGET (window), "scan"));
  g_assert_cmpstr (step (window), ==, "scan");
  *out_window = window;
}

static void
test_by_scanning_the_receipt (Fixture       *f,
                              gconstpointer  data)
{
  g_auto(KioskRecordRef) mine = file_report (f, NULL);
  g_autofree char *token = receipt_token (f, mine.uuid);
  KioskWindow *window;

  scan_with_camera_showing (f, token, &window);
  WAIT_FOR_SCAN (g_strcmp0 (step (window), "status") == 0);
  g_assert_cmpstr (label_text (window, "status_reference"), ==, mine.reference);
  /* The page left: the camera is given back. */
  g_assert_false (kiosk_scan_view_is_running (KIOSK_SCAN_VIEW (by_id (window, "scan_view"))));
  kiosk_ui_close_window (window);
}

static void
test_forged_receipt_is_refused (Fixture       *f,
                                gconstpointer  data)
{
  g_auto(KioskRecordRef) mine = file_report (f, NULL);
  g_autofree char *token = receipt_token (f, mine.uuid);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  KioskWindow *window;
  GtkWidget *error_label;
  /* Inside the signature: every base64url character there is a full 6 bits (the last one
   * is not, and changing it may make the text malformed rather than forged). */
  char *inside = token + strlen (token) - 10;

  /* One character of the signature changed, as a forger would. */
  *inside = *inside == 'A' ? 'B' : 'A';
  before = kiosk_test_snapshot_tables (f->store);
  scan_with_camera_showing (f, token, &window);
  error_label = kiosk_ui_find_step_error (GTK_WIDGET (window), "scan");
  WAIT_FOR_SCAN (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (step (window), ==, "scan");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_TOKEN_BAD_SIGNATURE));
  kiosk_ui_maybe_screenshot (window, "track-scan-forged-ar.png");
  after = kiosk_test_snapshot_tables (f->store);
  g_assert_cmpstr (after, ==, before);
  kiosk_ui_close_window (window);
}

static void
test_no_camera_offers_typing_the_number (Fixture       *f,
                                         gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_show_window (f->store, NULL);  /* camera "none" */

  /* Issue 11, item 7: no "scan the receipt" here; typing the number is the first way, and it
   * works. */
  kiosk_ui_visitor_open_service (window, "track_report");
  kiosk_ui_wait_for_frame (window);
  g_assert_null (kiosk_ui_find_choice (GTK_WIDGET (window), "scan"));
  g_assert_false (kiosk_ui_holds_text (kiosk_ui_find_by_id (GTK_WIDGET (window), "method_list"),
                                       _("Scan the receipt")));
  kiosk_ui_click (kiosk_ui_find_choice (GTK_WIDGET (window), "number"));
  g_assert_cmpstr (step (window), ==, "number");
  kiosk_ui_close_window (window);
}

/* Issue 11, item 15: numbers read left to right but sit where the screen's text starts. */
static double
center_x (GtkWidget *widget,
          GtkWidget *page)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, page, &bounds));
  return (bounds.origin.x + bounds.size.width / 2) / gtk_widget_get_width (page);
}

static void
test_numbers_sit_on_the_reading_side (Fixture       *f,
                                      gconstpointer  data)
{
  g_auto(KioskRecordRef) mine = file_report (f, "92123456");
  KioskWindow *window = kiosk_ui_show_window (f->store, NULL);
  GtkWidget *entry, *reference, *phone, *page;

  kiosk_ui_visitor_open_service (window, "track_report");
  kiosk_ui_click (kiosk_ui_find_choice (GTK_WIDGET (window), "number"));
  entry = by_id (window, "number_entry");
  g_assert_cmpint (gtk_widget_get_direction (entry), ==, GTK_TEXT_DIR_LTR);
  /* An empty field's caret, and the digits typed, begin on the right. */
  g_assert_cmpfloat (gtk_editable_get_alignment (GTK_EDITABLE (entry)), ==, 1);

  page = GTK_WIDGET (kiosk_window_get_page (window));
  g_assert_true (kiosk_track_flow_show_report (KIOSK_TRACK_FLOW (page), mine.reference));
  kiosk_ui_wait_for_frame (window);
  reference = by_id (window, "status_reference");
  phone = by_id (window, "status_phone");
  g_assert_cmpint (gtk_widget_get_direction (reference), ==, GTK_TEXT_DIR_LTR);
  g_assert_cmpfloat (center_x (reference, page), >, 0.5);
  g_assert_cmpfloat (gtk_label_get_xalign (GTK_LABEL (phone)), ==, 1);
  kiosk_ui_maybe_screenshot (window, "track-status-rtl-ar.png");

  kiosk_window_set_language (window, "en");
  kiosk_ui_wait_for_frame (window);
  g_assert_cmpfloat (center_x (reference, page), <, 0.5);
  g_assert_cmpfloat (gtk_label_get_xalign (GTK_LABEL (phone)), ==, 0);
  g_assert_cmpfloat (gtk_editable_get_alignment (GTK_EDITABLE (entry)), ==, 0);
  kiosk_ui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  kiosk_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/kiosk/ui/track/" path, Fixture, NULL, fixture_set_up, func, \
              kiosk_test_fixture_tear_down)
  ADD ("by-number-on-the-pad-lists-every-kiosks-match", test_by_number_on_the_pad);
  ADD ("unknown-and-bad-numbers-are-explained", test_unknown_and_bad_numbers_are_explained);
  ADD ("by-phone-lists-reports-masked", test_by_phone_lists_masked);
  ADD ("by-scanning-the-receipt-qr", test_by_scanning_the_receipt);
  ADD ("forged-receipt-is-refused-and-changes-nothing", test_forged_receipt_is_refused);
  ADD ("no-camera-offers-typing-the-number", test_no_camera_offers_typing_the_number);
  ADD ("numbers-sit-on-the-reading-side", test_numbers_sit_on_the_reading_side);
#undef ADD

  return g_test_run ();
}
