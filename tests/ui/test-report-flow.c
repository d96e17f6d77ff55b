/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Filing a report in the kiosk window under Xvfb, as a visitor does: a category, the wilayat
 * and area, a landmark and description typed on the on-screen keyboard, photos taken from the
 * test camera source (with a retake), the phone skipped; it ends with the report row, its
 * photo file, its outbox row and its receipt in the real SQLite file. A HIGH priority report
 * shows the 1111 guidance and wakes the sync agent (a datagram on <db>.sync-wake); "already
 * reported?" adds the photos and note to an open report instead; no camera is explained and
 * the report goes on without a photo; bad input is explained on its step. */
#define G_LOG_DOMAIN "test-report-flow"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kiosk-camera-view.h"
#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-i18n.h"
#include "kiosk-outbox.h"
#include "kiosk-photos.h"
#include "kiosk-receipt-page.h"
#include "kiosk-report-flow.h"
#include "kiosk-services.h"
#include "kiosk-ui-visitor.h"
#include "kiosk-wake.h"

typedef KioskTestFixture Fixture;

#define by_id kiosk_ui_visitor_by_id
#define TEST_CAMERA "videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=480"

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  kiosk_test_fixture_set_up_seeded (f, data);
  kiosk_i18n_set_language ("ar");
}

static KioskWindow *
open_report (Fixture    *f,
             const char *camera)
{
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();
  KioskWindow *window;

  g_free (config->camera);
  config->camera = g_strdup (camera);
  window = kiosk_ui_show_window (f->store, config);
  kiosk_ui_visitor_open_service (window, "report");
  return window;
}

static KioskReportFlow *
flow_of (KioskWindow *window)
{
  return KIOSK_REPORT_FLOW (kiosk_window_get_page (window));
}

static const char *
step (KioskWindow *window)
{
  return kiosk_flow_get_step (KIOSK_FLOW (kiosk_window_get_page (window)));
}

/* The button on screen that runs `action` with `target`. */
static GtkWidget *
action_button (KioskWindow *window,
               const char  *action,
               const char  *target)
{
  g_autoptr(GPtrArray) buttons = kiosk_ui_find_all (GTK_WIDGET (window), GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkActionable *button = g_ptr_array_index (buttons, i);
      GVariant *value = gtk_actionable_get_action_target_value (button);

      if (g_strcmp0 (gtk_actionable_get_action_name (button), action) == 0 &&
          (target == NULL ||
           (value != NULL && g_str_equal (g_variant_get_string (value, NULL), target))) &&
          gtk_widget_is_drawable (GTK_WIDGET (button)))
        return GTK_WIDGET (button);
    }
  g_error ("no button for %s %s", action, target ? target : "");
}

/* The error label of step `id` (KioskStep). */
static GtkWidget *
step_error (KioskWindow *window,
            const char  *id)
{
  GtkWidget *label = kiosk_ui_find_step_error (GTK_WIDGET (window), id);

  if (label == NULL)
    g_error ("no step \"%s\" on screen", id);
  return label;
}

/* The button of place `code` on the place step `id`. */
static GtkWidget *
place (KioskWindow *window,
       const char  *id,
       const char  *code)
{
  GtkWidget *button = kiosk_ui_find_choice (by_id (window, id), code);

  if (button == NULL)
    g_error ("no place \"%s\" on step \"%s\"", code, id);
  return button;
}

static guint
count_thumbnails (KioskWindow *window)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (by_id (window, "thumbnails"));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static void
take_photo (KioskWindow *window,
            guint        expected)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* The camera must have sent a frame before there is anything to take. */
  while (!gtk_widget_get_sensitive (by_id (window, "capture_button")) ||
         kiosk_camera_view_get_frames_shown (KIOSK_CAMERA_VIEW (by_id (window, "camera_view"))) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      kiosk_ui_iterate ();
    }
  kiosk_ui_click (by_id (window, "capture_button"));
  while (count_thumbnails (window) != expected)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      kiosk_ui_iterate ();
    }
}

/* The category (and the 1111 guidance of an urgent one); ends on the photo step. */
static void
walk_to_photos (KioskWindow *window,
                const char  *category)
{
  kiosk_ui_click (action_button (window, "report.choose-category", category));
  if (g_str_equal (step (window), "urgent"))
    kiosk_ui_click (by_id (window, "urgent_next_button"));
  g_assert_cmpstr (step (window), ==, "photos");
}

/* From the photo step's Next: wilayat Muttrah, area Ruwi, landmark, description; ends on the
 * mobile number step. */
static void
walk_to_phone (KioskWindow *window,
               const char  *landmark,
               const char  *description)
{
  kiosk_ui_click (by_id (window, "photos_next_button"));
  g_assert_cmpstr (step (window), ==, "wilayat");
  kiosk_ui_click (place (window, "wilayat", "MTR"));
  g_assert_cmpstr (step (window), ==, "area");
  kiosk_ui_click (place (window, "area", "MTR-RUWI"));
  g_assert_cmpstr (step (window), ==, "landmark");
  if (landmark != NULL)
    {
      kiosk_ui_visitor_type (window, landmark);
      kiosk_ui_click (by_id (window, "landmark_next_button"));
    }
  else
    kiosk_ui_click (by_id (window, "landmark_skip_button"));
  g_assert_cmpstr (step (window), ==, "description");
  kiosk_ui_visitor_type (window, description);
  kiosk_ui_click (by_id (window, "description_next_button"));
  g_assert_cmpstr (step (window), ==, "phone");
}

static void
test_report_with_photo_is_filed (Fixture       *f,
                                 gconstpointer  data)
{
  KioskWindow *window = open_report (f, TEST_CAMERA);
  KioskReportFlow *flow = flow_of (window);
  const KioskReceipt *receipt;
  g_autofree char *photo = NULL;
  g_autofree char *path = NULL;
  const char *uuid;

  kiosk_ui_maybe_screenshot (window, "report-category-ar.png");
  walk_to_photos (window, "pothole");

  /* A photo, removed, and another one: the retake. */
  take_photo (window, 1);
  kiosk_ui_click (action_button (window, "report.remove-photo", "0"));
  g_assert_cmpuint (count_thumbnails (window), ==, 0);
  /* With a working camera, a report needs a photo. */
  kiosk_ui_click (by_id (window, "photos_next_button"));
  g_assert_cmpstr (step (window), ==, "photos");
  g_assert_true (gtk_widget_get_visible (step_error (window, "photos")));
  take_photo (window, 1);
  kiosk_ui_maybe_screenshot (window, "report-photos-ar.png");
  photo = g_strdup (kiosk_report_flow_get_photos (flow)[0]);
  g_assert_true (kiosk_sha256_is_valid (photo));
  g_assert_null (kiosk_report_flow_get_photos (flow)[1]);
  walk_to_phone (window, "روي", "حفرة");

  kiosk_ui_click (by_id (window, "phone_skip_button"));
  g_assert_cmpstr (step (window), ==, "review");
  g_assert_true (kiosk_ui_shows_label (by_id (window, "review_list"), "حفرة"));
  kiosk_ui_maybe_screenshot (window, "report-review-ar.png");
  kiosk_ui_click (by_id (window, "review_submit_button"));

  g_assert_cmpstr (step (window), ==, "receipt");
  uuid = kiosk_report_flow_get_uuid (flow);
  g_assert_nonnull (uuid);
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM reports WHERE uuid = ?1"
                                         " AND reference = ?2 AND category_code = 'pothole'"
                                         " AND wilayat_code = 'MTR' AND area_code = 'MTR-RUWI'"
                                         " AND landmark = 'روي' AND description = 'حفرة'"
                                         " AND phone IS NULL AND priority = 'MEDIUM'",
                                         uuid, kiosk_report_flow_get_reference (flow), NULL),
                   ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM report_photos WHERE report_uuid = ?1"
                                         " AND position = 0 AND sha256 = ?2", uuid, photo, NULL),
                   ==, 1);
  path = kiosk_photos_path (f->store, photo);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM outbox WHERE record_uuid = ?1"
                                         " AND kind = 'report' AND state = 'queued'", uuid, NULL),
                   ==, 1);
  receipt = kiosk_receipt_page_get_receipt (KIOSK_RECEIPT_PAGE (by_id (window, "receipt")));
  g_assert_nonnull (receipt);
  g_assert_cmpstr (receipt->reference, ==, kiosk_report_flow_get_reference (flow));
  g_assert_cmpstr (receipt->service, ==, "report");
  g_assert_nonnull (receipt->qr_payload);
  kiosk_ui_maybe_screenshot (window, "report-receipt-ar.png");
  kiosk_ui_close_window (window);
}

static void
test_high_priority_wakes_the_agent_without_camera (Fixture       *f,
                                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) wake = kiosk_wake_listen (kiosk_store_get_path (f->store), &error);
  KioskWindow *window;
  g_autofree char *urgent_priority = g_strdup_printf ("%d", KIOSK_OUTBOX_PRIORITY_URGENT);
  guint woken = 0;
  gint64 deadline;

  g_assert_no_error (error);
  window = open_report (f, "none");
  kiosk_ui_click (action_button (window, "report.choose-category", "fallen_tree"));
  g_assert_cmpstr (step (window), ==, "urgent");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (by_id (window, "urgent_number"))), ==, "1111");
  kiosk_ui_maybe_screenshot (window, "report-urgent-ar.png");
  kiosk_ui_click (by_id (window, "urgent_next_button"));

  /* No camera: said so, no photo can be taken, and the report goes on. */
  g_assert_cmpstr (step (window), ==, "photos");
  g_assert_true (gtk_widget_get_visible (step_error (window, "photos")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (step_error (window, "photos"))), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_NO_CAMERA));
  /* Not the visitor's mistake: a calm note, not the red of an error (issue 11, item 17). */
  g_assert_false (gtk_widget_has_css_class (step_error (window, "photos"), "kiosk-error"));
  g_assert_false (gtk_widget_get_sensitive (by_id (window, "capture_button")));
  g_assert_false (gtk_widget_get_visible (by_id (window, "capture_button")));
  g_assert_false (gtk_widget_get_visible (by_id (window, "camera_view")));
  kiosk_ui_maybe_screenshot (window, "report-no-camera-ar.png");
  walk_to_phone (window, NULL, "شجرة");
  kiosk_ui_click (by_id (window, "phone_skip_button"));
  g_assert_cmpuint (kiosk_wake_drain (wake), ==, 0);
  kiosk_ui_click (by_id (window, "review_submit_button"));
  g_assert_cmpstr (step (window), ==, "receipt");

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while ((woken += kiosk_wake_drain (wake)) == 0 && g_get_monotonic_time () < deadline)
    kiosk_ui_iterate ();
  g_assert_cmpuint (woken, ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM outbox o JOIN reports r"
                                         " ON r.uuid = o.record_uuid WHERE r.priority = 'HIGH'"
                                         " AND o.priority = ?1 AND r.category_code = 'fallen_tree'",
                                         urgent_priority, NULL),
                   ==, 1);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "report_photos"), ==, 0);
  kiosk_ui_close_window (window);
}

static void
test_already_reported_adds_to_it (Fixture       *f,
                                  gconstpointer  data)
{
  KioskReportInput earlier = { "pothole", "MTR", "MTR-RUWI", "قرب الدوار", "حفرة كبيرة", NULL,
                               NULL };
  g_auto(KioskRecordRef) first = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  KioskWindow *window;
  KioskReportFlow *flow;
  g_autofree char *photo = NULL;

  g_assert_true (kiosk_services_file_report (f->store, &earlier, &first, NULL, &error));
  g_assert_no_error (error);

  window = open_report (f, TEST_CAMERA);
  flow = flow_of (window);
  walk_to_photos (window, "pothole");
  take_photo (window, 1);
  photo = g_strdup (kiosk_report_flow_get_photos (flow)[0]);
  walk_to_phone (window, NULL, "اكبر");
  kiosk_ui_click (by_id (window, "phone_skip_button"));

  g_assert_cmpstr (step (window), ==, "similar");
  /* Told apart from other open reports: the problem, the place, its photos (item 17). */
  g_assert_true (kiosk_ui_shows_label (by_id (window, "similar_box"), "حفرة في الطريق"));
  g_assert_true (kiosk_ui_holds_text (by_id (window, "similar_box"), "قرب الدوار"));
  g_assert_true (kiosk_ui_holds_text (by_id (window, "similar_box"), "لا توجد صور"));
  kiosk_ui_maybe_screenshot (window, "report-similar-ar.png");
  kiosk_ui_click (action_button (window, "report.add-to", first.uuid));

  g_assert_cmpstr (step (window), ==, "receipt");
  g_assert_cmpint (kiosk_test_count_rows (f->store, "reports"), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM report_additions a"
                                         " JOIN report_addition_photos p ON p.addition_uuid = a.uuid"
                                         " WHERE a.uuid = ?1 AND a.report_uuid = ?2"
                                         " AND a.note = 'اكبر' AND p.sha256 = ?3",
                                         kiosk_report_flow_get_uuid (flow), first.uuid, photo,
                                         NULL),
                   ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM outbox WHERE record_uuid = ?1"
                                         " AND kind = 'report_addition'",
                                         kiosk_report_flow_get_uuid (flow), NULL),
                   ==, 1);
  kiosk_ui_close_window (window);
}

static void
test_bad_input_is_explained_on_its_step (Fixture       *f,
                                         gconstpointer  data)
{
  KioskWindow *window = open_report (f, "none");
  g_autofree char *before = kiosk_test_snapshot_tables (f->store);
  g_autofree char *after = NULL;

  kiosk_ui_click (action_button (window, "report.choose-category", "pothole"));
  kiosk_ui_click (by_id (window, "photos_next_button"));
  kiosk_ui_click (place (window, "wilayat", "MTR"));
  kiosk_ui_click (place (window, "area", "MTR-RUWI"));

  /* A control character pasted into the landmark. */
  gtk_editable_set_text (GTK_EDITABLE (by_id (window, "landmark_entry")), "a\001b");
  kiosk_ui_click (by_id (window, "landmark_next_button"));
  g_assert_cmpstr (step (window), ==, "landmark");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (step_error (window, "landmark"))), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_INVALID_TEXT));
  kiosk_ui_click (by_id (window, "landmark_skip_button"));

  /* No description. */
  kiosk_ui_click (by_id (window, "description_next_button"));
  g_assert_cmpstr (step (window), ==, "description");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (step_error (window, "description"))), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_EMPTY));
  kiosk_ui_visitor_type (window, "حفرة");
  kiosk_ui_click (by_id (window, "description_next_button"));

  /* Not a mobile number. */
  kiosk_ui_visitor_type (window, "123");
  kiosk_ui_click (by_id (window, "phone_next_button"));
  g_assert_cmpstr (step (window), ==, "phone");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (step_error (window, "phone"))), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_INVALID_PHONE));
  kiosk_ui_maybe_screenshot (window, "report-phone-error-ar.png");

  after = kiosk_test_snapshot_tables (f->store);
  g_assert_cmpstr (after, ==, before);
  kiosk_ui_close_window (window);
}

/* A window whose phone link listens on `listen` (ADDRESS:PORT). */
static KioskWindow *
open_report_listening (Fixture    *f,
                       const char *listen)
{
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();
  g_autofree char *assignment = g_strconcat ("phone-upload.listen=", listen, NULL);
  g_autoptr(GError) error = NULL;
  KioskWindow *window;

  g_assert_true (kiosk_config_override (config, assignment, &error));
  g_assert_no_error (error);
  g_free (config->camera);
  config->camera = g_strdup (TEST_CAMERA);
  window = kiosk_ui_show_window (f->store, config);
  kiosk_ui_visitor_open_service (window, "report");
  return window;
}

static void
test_phone_link_busy_port_is_explained (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) taken = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *listen = NULL;
  KioskWindow *window;
  GtkWidget *error_label;

  /* Somebody else listens on the configured port. */
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (taken, any_port, FALSE, &error));
  g_assert_true (g_socket_listen (taken, &error));
  bound = g_socket_get_local_address (taken, &error);
  g_assert_no_error (error);
  listen = g_strdup_printf ("127.0.0.1:%u",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  window = open_report_listening (f, listen);
  walk_to_photos (window, "pothole");
  kiosk_ui_click (by_id (window, "phone_button"));
  kiosk_ui_wait_for_frame (window);
  /* Said in the visitor's language; no code; the camera one tap away. */
  error_label = by_id (window, "error_label");
  g_assert_true (gtk_widget_is_drawable (error_label));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (error_label)), "إرسال الصور"));
  g_assert_false (gtk_widget_get_visible (by_id (window, "qr_picture")));
  g_assert_false (kiosk_phone_upload_is_active (kiosk_window_get_phone_upload (window)));
  kiosk_ui_maybe_screenshot (window, "report-photo-phone-error-ar.png");
  kiosk_ui_click (by_id (window, "camera_button"));
  take_photo (window, 1);
  kiosk_ui_close_window (window);
}

static void
test_phone_link_dies_with_the_step_and_home (Fixture       *f,
                                             gconstpointer  data)
{
  KioskWindow *window = open_report_listening (f, "127.0.0.1:0");
  KioskPhoneUpload *upload = kiosk_window_get_phone_upload (window);

  walk_to_photos (window, "pothole");
  kiosk_ui_click (by_id (window, "phone_button"));
  g_assert_true (kiosk_phone_upload_is_active (upload));
  g_assert_true (gtk_widget_get_visible (by_id (window, "qr_picture")));
  g_assert_false (gtk_widget_get_visible (by_id (window, "capture_button")));

  /* Next: the link is dead; back: a new one. */
  kiosk_ui_click (by_id (window, "photos_next_button"));
  g_assert_cmpstr (step (window), ==, "wilayat");
  g_assert_false (kiosk_phone_upload_is_active (upload));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  KIOSK_UI_WAIT_FOR (g_strcmp0 (step (window), "photos") == 0);
  g_assert_true (kiosk_phone_upload_is_active (upload));

  /* Home ends it too. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.home", NULL);
  KIOSK_UI_WAIT_FOR (g_strcmp0 (kiosk_window_get_page_name (window), "home") == 0);
  g_assert_false (kiosk_phone_upload_is_active (upload));

  /* And so does the end of the session, from the middle of the step. */
  kiosk_ui_visitor_open_service (window, "report");
  walk_to_photos (window, "pothole");
  kiosk_ui_click (by_id (window, "phone_button"));
  g_assert_true (kiosk_phone_upload_is_active (upload));
  kiosk_window_end_session (window);
  g_assert_false (kiosk_phone_upload_is_active (upload));
  kiosk_ui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  kiosk_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/kiosk/ui/report/" path, Fixture, NULL, fixture_set_up, func, \
              kiosk_test_fixture_tear_down)
  ADD ("with-a-photo-and-a-retake-is-filed-with-receipt", test_report_with_photo_is_filed);
  ADD ("high-priority-wakes-the-agent-and-goes-on-without-camera",
       test_high_priority_wakes_the_agent_without_camera);
  ADD ("already-reported-adds-photo-and-note-to-it", test_already_reported_adds_to_it);
  ADD ("bad-input-is-explained-on-its-step", test_bad_input_is_explained_on_its_step);
  ADD ("phone-link-on-a-busy-port-is-explained-camera-stays",
       test_phone_link_busy_port_is_explained);
  ADD ("phone-link-dies-when-leaving-the-step-home-or-session",
       test_phone_link_dies_with_the_step_and_home);
#undef ADD

  return g_test_run ();
}
