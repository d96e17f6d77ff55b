/* The screenshot tour. */
#define G_LOG_DOMAIN "kiosk-screenshots"

#include "config.h"

#include "kiosk-screenshots.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiosk-attendant-flow.h"
#include "kiosk-attendants.h"
#include "kiosk-error.h"
#include "kiosk-feedback-flow.h"
#include "kiosk-fines-flow.h"
#include "kiosk-i18n.h"
#include "kiosk-receipts.h"
#include "kiosk-report-flow.h"
#include "kiosk-scan-page.h"
#include "kiosk-services.h"
#include "kiosk-screenshot.h"
#include "kiosk-screenshots-news.h"
#include "steps/kiosk-period-step.h"
#include "steps/kiosk-phone-step.h"
#include "steps/kiosk-plate-step.h"

/* Longer than any transition on the kiosk (200 ms): pictures show where things settle. */
#define SETTLE_MS 450

typedef struct
{
  KioskWindow *window;        /* the kiosk's, not owned */
  KioskWindow *not_ready;     /* a second window for the not-ready page */
  char        *dir;
  const char  *language;
  guint        lang_index;
  guint        scene;
  guint        timeout_id;
} Tour;

typedef void (*Prepare) (Tour *tour);

static const char *languages[] = { "ar", "en" };

static GtkWidget *
flow (Tour *tour)
{
  return GTK_WIDGET (kiosk_window_get_page (tour->window));
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkTextBuffer *
flow_buffer (Tour *tour)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_type (flow (tour), GTK_TYPE_TEXT_VIEW)));
}

static GtkEditable *
phone_entry (Tour *tour)
{
  return GTK_EDITABLE (find_type (flow (tour), GTK_TYPE_ENTRY));
}

static const char *
sample_text (Tour *tour)
{
  if (g_str_equal (tour->language, "ar"))
    return "إنارة الشارع الداخلي في الخوير مطفأة منذ أسبوع، والمشي ليلاً صعب على كبار السن. "
           "أرجو إصلاحها في أقرب وقت.";
  return "The street lights on the inner road of Al Khuwair have been off for a week, and "
         "walking at night is hard for older people. Please repair them soon.";
}

static void
act (Tour       *tour,
     const char *action,
     const char *target)
{
  if (target != NULL)
    gtk_widget_activate_action (flow (tour), action, "s", target);
  else
    gtk_widget_activate_action (flow (tour), action, NULL);
}

/* A step of the kit (kiosk/app/steps/) answers its own actions ("phone.next"). */
static void
act_on_step (Tour       *tour,
             GType       step_type,
             const char *action,
             const char *target)
{
  GtkWidget *step = find_type (flow (tour), step_type);

  if (target != NULL)
    gtk_widget_activate_action (step, action, "s", target);
  else
    gtk_widget_activate_action (step, action, NULL);
}

static void
prepare_attract (Tour *tour)
{
  kiosk_window_end_session (tour->window);
}

static void
prepare_home (Tour *tour)
{
  kiosk_window_start_session (tour->window, tour->language);
}

static void
prepare_large_text (Tour *tour)
{
  g_object_set (tour->window, "large-text", TRUE, NULL);
}

static void
prepare_high_contrast (Tour *tour)
{
  g_object_set (tour->window, "large-text", FALSE, "high-contrast", TRUE, NULL);
}

/* Every home tile has its flow now: the first service page after the home screens. */
static void
prepare_lease_tenant (Tour *tour)
{
  g_object_set (tour->window, "high-contrast", FALSE, NULL);
  kiosk_window_open_service (tour->window, "lease_form");
}

static void
prepare_feedback_kind (Tour *tour)
{
  kiosk_window_open_service (tour->window, "feedback");
}

static void
prepare_feedback_text (Tour *tour)
{
  act (tour, "feedback.choose-kind", "complaint");
  gtk_text_buffer_set_text (flow_buffer (tour), sample_text (tour), -1);
}

static void
prepare_feedback_text_error (Tour *tour)
{
  gtk_text_buffer_set_text (flow_buffer (tour), "", -1);
  act (tour, "feedback.text-next", NULL);
}

static void
prepare_keyboard (Tour                *tour,
                  KioskKeyboardLayout  layout)
{
  gtk_text_buffer_set_text (flow_buffer (tour), sample_text (tour), -1);
  kiosk_keyboard_set_layout (kiosk_window_get_keyboard (tour->window), layout);
}

static void
prepare_keyboard_arabic (Tour *tour)
{
  prepare_keyboard (tour, KIOSK_KEYBOARD_ARABIC);
}

static void
prepare_keyboard_english (Tour *tour)
{
  prepare_keyboard (tour, KIOSK_KEYBOARD_ENGLISH);
}

static void
prepare_keyboard_symbols (Tour *tour)
{
  prepare_keyboard (tour, KIOSK_KEYBOARD_SYMBOLS);
}

static void
prepare_feedback_phone (Tour *tour)
{
  act (tour, "feedback.text-next", NULL);
  gtk_editable_set_text (phone_entry (tour), "9123 45");
}

static void
prepare_feedback_phone_error (Tour *tour)
{
  gtk_editable_set_text (phone_entry (tour), "1234");
  act_on_step (tour, KIOSK_TYPE_PHONE_STEP, "phone.next", NULL);
}

static void
prepare_feedback_review (Tour *tour)
{
  gtk_editable_set_text (phone_entry (tour), "9123 4567");
  act_on_step (tour, KIOSK_TYPE_PHONE_STEP, "phone.next", NULL);
}

static void
prepare_feedback_done (Tour *tour)
{
  act (tour, "feedback.submit", NULL);
}

static void
prepare_fines_plate (Tour *tour)
{
  kiosk_window_open_service (tour->window, "fines");
}

static void
prepare_fines_plate_error (Tour *tour)
{
  gtk_editable_set_text (phone_entry (tour), "123456 Q");
  act_on_step (tour, KIOSK_TYPE_PLATE_STEP, "plate.next", NULL);
}

static void
prepare_fines_list (Tour *tour)
{
  /* A demo plate with three unpaid fines, two of them ticked (as after a notice's scan). */
  const char *numbers[] = { "PF2025-001066", "PF2026-004255", NULL };

  kiosk_fines_flow_select (KIOSK_FINES_FLOW (flow (tour)), "90562 M", numbers);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
attendant_sign_in (Tour       *tour,
                   const char *pin)
{
  gtk_editable_set_text (GTK_EDITABLE (find_named (flow (tour), "attendant-id")), "demo");
  gtk_editable_set_text (GTK_EDITABLE (find_named (flow (tour), "attendant-pin")), pin);
  g_signal_emit_by_name (find_named (flow (tour), "attendant-sign-in"), "clicked");
}

static void
prepare_attendant_sign_in (Tour *tour)
{
  kiosk_window_open_service (tour->window, KIOSK_ATTENDANT_SERVICE);
}

static void
prepare_attendant_wrong_pin (Tour *tour)
{
  attendant_sign_in (tour, "0000");
}

static void
prepare_attendant_desk (Tour *tour)
{
  KioskStore *store = kiosk_window_get_store (tour->window);
  const KioskPaymentAuth counter = { KIOSK_PAYMENT_AWAITING_COUNTER, NULL, NULL };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(KioskReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;

  /* The tour's own demo database: a demo attendant, and a voucher waiting at the desk as
   * the scan page hands it over. */
  if (!kiosk_attendants_add (store, "demo", g_str_equal (tour->language, "ar")
                             ? "سالم الحارثي" : "Salim Al-Harthi", "2468", &error) ||
      !kiosk_services_request_parking_permit (store, "1234 AB", "PZ-RUWI", 1, NULL, &counter,
                                              &ref, &error) ||
      (receipt = kiosk_receipts_get_for_record (store, ref.uuid, &error)) == NULL)
    {
      g_message ("screenshots: no attendant desk: %s", error->message);
      return;
    }
  attendant_sign_in (tour, "2468");
  kiosk_attendant_flow_set_voucher (KIOSK_ATTENDANT_FLOW (flow (tour)), receipt->voucher_token);
}

/* Report, track and scan pages. The camera of the tour's window is the configured one (none
 * by default), so the photo and scan pages show how "no camera" reads. */

static GtkWidget *
find_id (GtkWidget  *widget,
         const char *id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_id (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
set_entry (Tour       *tour,
           const char *id,
           const char *text)
{
  GtkWidget *entry = find_id (flow (tour), id);

  if (entry != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
prepare_report_category (Tour *tour)
{
  kiosk_window_open_service (tour->window, "report");
}

static void
prepare_report_urgent (Tour *tour)
{
  act (tour, "report.choose-category", "fallen_tree");
}

static void
prepare_report_wilayat (Tour *tour)
{
  act (tour, "report.urgent-next", NULL);
}

static void
prepare_report_area (Tour *tour)
{
  act (tour, "report.choose-wilayat", "MTR");
}

static void
prepare_report_landmark (Tour *tour)
{
  act (tour, "report.choose-area", "MTR-RUWI");
  set_entry (tour, "landmark_entry", g_str_equal (tour->language, "ar")
                                       ? "قرب دوار روي" : "Near Ruwi roundabout");
}

static void
prepare_report_description (Tour *tour)
{
  act (tour, "report.landmark-next", NULL);
  gtk_text_buffer_set_text (flow_buffer (tour), g_str_equal (tour->language, "ar")
                              ? "شجرة كبيرة سقطت على الطريق وتسد المسار الأيمن."
                              : "A large tree fell on the road and blocks the right lane.", -1);
}

static void
prepare_report_photos (Tour *tour)
{
  act (tour, "report.description-next", NULL);
}

static void
prepare_report_phone (Tour *tour)
{
  act (tour, "report.photos-next", NULL);
}

static void
prepare_report_similar (Tour *tour)
{
  KioskStore *store = kiosk_window_get_store (tour->window);
  KioskReportInput earlier = { "fallen_tree", "MTR", "MTR-RUWI", "قرب المسجد", "شجرة ساقطة",
                               "92123456", NULL };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  /* One open report like it, filed earlier at this kiosk, for "already reported?". */
  if (!kiosk_services_file_report (store, &earlier, &ref, NULL, &error))
    g_message ("screenshots: no earlier report: %s", error->message);
  act (tour, "report.phone-skip", NULL);
}

static void
prepare_report_review (Tour *tour)
{
  act (tour, "report.file-new", NULL);
}

static void
prepare_report_receipt (Tour *tour)
{
  act (tour, "report.submit", NULL);
  if (KIOSK_IS_REPORT_FLOW (flow (tour)))
    g_object_set_data_full (G_OBJECT (tour->window), "kiosk-tour-report",
                            g_strdup (kiosk_report_flow_get_reference (KIOSK_REPORT_FLOW (flow (tour)))),
                            g_free);
}

static void
prepare_track_method (Tour *tour)
{
  kiosk_window_open_service (tour->window, "track_report");
}

static void
prepare_track_number (Tour *tour)
{
  const char *reference = g_object_get_data (G_OBJECT (tour->window), "kiosk-tour-report");
  const char *digits = reference != NULL ? strchr (reference, '-') : NULL;
  g_autofree char *typed = NULL;

  act (tour, "track.choose", "number");
  /* What a visitor types: the day and number, without the kiosk code and dashes. */
  if (digits != NULL)
    {
      typed = g_strdup (digits + 1);
      for (char *p = typed, *q = typed;; p++)
        if (*p != '-' && (*q++ = *p) == '\0')
          break;
      set_entry (tour, "number_entry", typed);
    }
}

static void
prepare_track_status (Tour *tour)
{
  act (tour, "track.find-number", NULL);
}

static void
prepare_track_number_unknown (Tour *tour)
{
  act (tour, "track.again", NULL);
  act (tour, "track.choose", "number");
  set_entry (tour, "number_entry", "2611309999");
  act (tour, "track.find-number", NULL);
}

static void
prepare_track_phone (Tour *tour)
{
  act (tour, "track.again", NULL);
  act (tour, "track.choose", "phone");
  set_entry (tour, "phone_entry", "9212 3456");
}

static void
prepare_track_phone_results (Tour *tour)
{
  act_on_step (tour, KIOSK_TYPE_PHONE_STEP, "phone.next", NULL);
}

static void
prepare_track_scan (Tour *tour)
{
  act (tour, "track.again", NULL);
  act (tour, "track.choose", "scan");
}

static void
prepare_scan (Tour *tour)
{
  kiosk_window_open_service (tour->window, "scan");
}

static void
prepare_scan_receipt (Tour *tour)
{
  KioskStore *store = kiosk_window_get_store (tour->window);
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(KioskReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;

  /* A receipt this kiosk issued, held up to the camera. */
  if (!kiosk_services_submit_feedback (store, KIOSK_FEEDBACK_SUGGESTION, "مقترح", NULL, &ref,
                                       &error) ||
      (receipt = kiosk_receipts_get_for_record (store, ref.uuid, &error)) == NULL ||
      receipt->qr_payload == NULL)
    {
      g_message ("screenshots: no receipt to scan: %s", error ? error->message : "no QR");
      return;
    }
  kiosk_scan_page_handle_code (KIOSK_SCAN_PAGE (flow (tour)), receipt->qr_payload);
}

static void
prepare_scan_forged (Tour *tour)
{
  act (tour, "scan.again", NULL);
  kiosk_scan_page_handle_code (KIOSK_SCAN_PAGE (flow (tour)), "MK1.FN.AAAA.server-1.AAAA");
}

static void
act_int (Tour       *tour,
         const char *action,
         int         target)
{
  gtk_widget_activate_action (flow (tour), action, "i", target);
}

static void
prepare_fines_pay (Tour *tour)
{
  act (tour, "fines.pay", NULL);
}

static void
prepare_lease_tenant_error (Tour *tour)
{
  kiosk_window_open_service (tour->window, "lease_form");
  set_entry (tour, "tenant_name_entry", "سالم بن حمد البلوشي");
  set_entry (tour, "civil_entry", "1234");
  act (tour, "lease.tenant-next", NULL);
}

static void
prepare_lease_landlord (Tour *tour)
{
  set_entry (tour, "civil_entry", "12345678");
  set_entry (tour, "phone_entry", "9123 4567");
  act (tour, "lease.tenant-next", NULL);
}

static void
prepare_lease_wilayat (Tour *tour)
{
  set_entry (tour, "landlord_entry", "حمد بن سعيد الحارثي");
  set_entry (tour, "building_entry", "مبنى 12، الطابق 3، شقة 7");
  act (tour, "lease.landlord-next", NULL);
}

static void
prepare_lease_area (Tour *tour)
{
  act (tour, "lease.wilayat", "BSH");
}

static void
prepare_lease_delivery (Tour *tour)
{
  act (tour, "lease.area", "BSH-KHUWAIR");
}

static void
prepare_lease_review (Tour *tour)
{
  act (tour, "lease.delivery", "counter");
}

static void
prepare_lease_receipt (Tour *tour)
{
  act (tour, "lease.submit", NULL);
}

static void
prepare_shop_licence_find (Tour *tour)
{
  kiosk_window_open_service (tour->window, "shop_licence");
}

static void
prepare_shop_licence_error (Tour *tour)
{
  set_entry (tour, "find_entry", "12");
  act (tour, "licence.find", NULL);
}

static void
prepare_shop_licence_details (Tour *tour)
{
  set_entry (tour, "find_entry", "88926205");
  act (tour, "licence.find", NULL);
}

static void
prepare_shop_licence_quote (Tour *tour)
{
  act_int (tour, "licence.period", 24);
}

static void
prepare_shop_licence_pay (Tour *tour)
{
  act (tour, "licence.pay", NULL);
}

static void
prepare_shop_licence_choose (Tour *tour)
{
  kiosk_window_open_service (tour->window, "shop_licence");
  act (tour, "licence.by", "cr");
  set_entry (tour, "find_entry", "1306216");
  act (tour, "licence.find", NULL);
}

static void
prepare_shop_licence_blocked (Tour *tour)
{
  kiosk_window_open_service (tour->window, "shop_licence");
  set_entry (tour, "find_entry", "36987457");
  act (tour, "licence.find", NULL);
}

static void
prepare_vehicle_licence_fines (Tour *tour)
{
  kiosk_window_open_service (tour->window, "vehicle_licence");
  set_entry (tour, "find_entry", "230 أ");
  act (tour, "licence.find", NULL);
}

static void
prepare_vehicle_licence_quote (Tour *tour)
{
  kiosk_window_open_service (tour->window, "vehicle_licence");
  set_entry (tour, "find_entry", "9343 RR");
  act (tour, "licence.find", NULL);
  act_int (tour, "licence.period", 12);
}

static void
prepare_vehicle_permit_find (Tour *tour)
{
  kiosk_window_open_service (tour->window, "vehicle_permit");
}

static void
prepare_vehicle_permit_details (Tour *tour)
{
  set_entry (tour, "find_entry", "VP-2025-01471");
  act (tour, "licence.find", NULL);
}

static void
prepare_parking_permit_plate (Tour *tour)
{
  kiosk_window_open_service (tour->window, "parking_permit");
}

static void
prepare_parking_permit_zone (Tour *tour)
{
  set_entry (tour, "plate_entry", "9415 H");
  act_on_step (tour, KIOSK_TYPE_PLATE_STEP, "plate.next", NULL);
}

static void
prepare_parking_permit_period (Tour *tour)
{
  act (tour, "permit.zone", "PZ-QURUM");
}

static void
prepare_parking_permit_review (Tour *tour)
{
  act_on_step (tour, KIOSK_TYPE_PERIOD_STEP, "period.choose", "period_3");
}

static void
prepare_idle_warning (Tour *tour)
{
  KioskIdleMonitor *idle = kiosk_window_get_idle_monitor (tour->window);

  /* The warning as the configured countdown starts; the flow behind it is the session. */
  kiosk_idle_monitor_set_times (idle, 1, 20 * 1000);
  kiosk_idle_monitor_poke (idle);
}

static void
prepare_not_ready (Tour *tour)
{
  g_autoptr(GError) error = NULL;
  int width, height;

  kiosk_window_end_session (tour->window);
  gtk_window_get_default_size (GTK_WINDOW (tour->window), &width, &height);
  tour->not_ready = kiosk_window_new (NULL, NULL);
  g_object_ref_sink (tour->not_ready);
  gtk_window_set_default_size (GTK_WINDOW (tour->not_ready), width, height);
  kiosk_window_set_landscape (tour->not_ready, width > height);
  g_set_error (&error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN,
               "/var/lib/muscat-kiosk/kiosk.db: unable to open database file");
  kiosk_window_show_not_ready (tour->not_ready, error);
  gtk_window_present (GTK_WINDOW (tour->not_ready));
}

static void
prepare_news (Tour *tour)
{
  kiosk_screenshots_news_prepare (tour->window, tour->language,
                                  kiosk_screenshots_get_pages ()[tour->scene]);
}

static const struct
{
  const char *page;
  Prepare     prepare;
} scenes[] = {
  { "attract", prepare_attract },
  { "home", prepare_home },
  { "home-large-text", prepare_large_text },
  { "home-high-contrast", prepare_high_contrast },
  { "lease-tenant", prepare_lease_tenant },
  { "feedback-kind", prepare_feedback_kind },
  { "feedback-text", prepare_feedback_text },
  { "feedback-text-error", prepare_feedback_text_error },
  { "keyboard-arabic", prepare_keyboard_arabic },
  { "keyboard-english", prepare_keyboard_english },
  { "keyboard-symbols", prepare_keyboard_symbols },
  { "feedback-phone", prepare_feedback_phone },
  { "feedback-phone-error", prepare_feedback_phone_error },
  { "feedback-review", prepare_feedback_review },
  { "feedback-done", prepare_feedback_done },
  { "fines-plate", prepare_fines_plate },
  { "fines-plate-error", prepare_fines_plate_error },
  { "fines-list", prepare_fines_list },
  { "fines-pay", prepare_fines_pay },
  { "lease-tenant-error", prepare_lease_tenant_error },
  { "lease-landlord", prepare_lease_landlord },
  { "lease-wilayat", prepare_lease_wilayat },
  { "lease-area", prepare_lease_area },
  { "lease-delivery", prepare_lease_delivery },
  { "lease-review", prepare_lease_review },
  { "lease-receipt", prepare_lease_receipt },
  { "shop-licence-find", prepare_shop_licence_find },
  { "shop-licence-error", prepare_shop_licence_error },
  { "shop-licence-details", prepare_shop_licence_details },
  { "shop-licence-quote", prepare_shop_licence_quote },
  { "shop-licence-pay", prepare_shop_licence_pay },
  { "shop-licence-choose", prepare_shop_licence_choose },
  { "shop-licence-blocked", prepare_shop_licence_blocked },
  { "vehicle-licence-fines", prepare_vehicle_licence_fines },
  { "vehicle-licence-quote", prepare_vehicle_licence_quote },
  { "vehicle-permit-find", prepare_vehicle_permit_find },
  { "vehicle-permit-details", prepare_vehicle_permit_details },
  { "parking-permit-plate", prepare_parking_permit_plate },
  { "parking-permit-zone", prepare_parking_permit_zone },
  { "parking-permit-period", prepare_parking_permit_period },
  { "parking-permit-review", prepare_parking_permit_review },
  { "attendant-sign-in", prepare_attendant_sign_in },
  { "attendant-wrong-pin", prepare_attendant_wrong_pin },
  { "attendant-desk", prepare_attendant_desk },
  { "report-category", prepare_report_category },
  { "report-urgent", prepare_report_urgent },
  { "report-wilayat", prepare_report_wilayat },
  { "report-area", prepare_report_area },
  { "report-landmark", prepare_report_landmark },
  { "report-description", prepare_report_description },
  { "report-photos-no-camera", prepare_report_photos },
  { "report-phone", prepare_report_phone },
  { "report-already-reported", prepare_report_similar },
  { "report-review", prepare_report_review },
  { "report-receipt", prepare_report_receipt },
  { "track-method", prepare_track_method },
  { "track-number", prepare_track_number },
  { "track-status", prepare_track_status },
  { "track-number-unknown", prepare_track_number_unknown },
  { "track-phone", prepare_track_phone },
  { "track-phone-results", prepare_track_phone_results },
  { "track-scan-no-camera", prepare_track_scan },
  { "scan-no-camera", prepare_scan },
  { "scan-receipt", prepare_scan_receipt },
  { "scan-forged", prepare_scan_forged },
  KIOSK_SCREENSHOTS_NEWS_SCENES (prepare_news)
  { "idle-warning", prepare_idle_warning },
  { "not-ready", prepare_not_ready },
};

const char * const *
kiosk_screenshots_get_pages (void)
{
  static const char *pages[G_N_ELEMENTS (scenes) + 1];

  for (guint i = 0; i < G_N_ELEMENTS (scenes); i++)
    pages[i] = scenes[i].page;
  return pages;
}

static void
tour_free (Tour *tour)
{
  g_clear_handle_id (&tour->timeout_id, g_source_remove);
  if (tour->not_ready != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (tour->not_ready));
      g_clear_object (&tour->not_ready);
    }
  g_free (tour->dir);
  g_free (tour);
}

static void run_scene (GTask *task);

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Tour *tour = g_task_get_task_data (task);
  GError *error = NULL;

  if (!kiosk_screenshot_save_finish (GTK_WIDGET (object), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (tour->not_ready != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (tour->not_ready));
      g_clear_object (&tour->not_ready);
    }
  if (g_str_equal (scenes[tour->scene].page, "idle-warning"))
    {
      KioskIdleMonitor *idle = kiosk_window_get_idle_monitor (tour->window);

      kiosk_idle_monitor_set_times (idle, 60 * 1000, 20 * 1000);
      kiosk_idle_monitor_poke (idle);
    }

  tour->scene++;
  if (tour->scene == G_N_ELEMENTS (scenes))
    {
      tour->scene = 0;
      tour->lang_index++;
      if (tour->lang_index == G_N_ELEMENTS (languages))
        {
          kiosk_window_start_session (tour->window, NULL);
          g_task_return_boolean (task, TRUE);
          g_object_unref (task);
          return;
        }
    }
  run_scene (task);
}

static gboolean
settled_cb (gpointer user_data)
{
  GTask *task = user_data;
  Tour *tour = g_task_get_task_data (task);
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GtkWidget *shot = tour->not_ready != NULL ? GTK_WIDGET (tour->not_ready)
                                            : GTK_WIDGET (tour->window);

  tour->timeout_id = 0;
  file = g_strdup_printf ("%s-%s.png", scenes[tour->scene].page, tour->language);
  path = g_build_filename (tour->dir, file, NULL);
  g_print ("%s\n", path);
  kiosk_screenshot_save_after_frame (shot, path, saved_cb, task);
  return G_SOURCE_REMOVE;
}

static void
run_scene (GTask *task)
{
  Tour *tour = g_task_get_task_data (task);

  tour->language = languages[tour->lang_index];
  /* Each scene starts in the language of the pass; a scene may change what it shows. */
  if (tour->scene > 0)
    kiosk_window_set_language (tour->window, tour->language);
  scenes[tour->scene].prepare (tour);
  tour->timeout_id = g_timeout_add (SETTLE_MS, settled_cb, task);
}

void
kiosk_screenshots_run (KioskWindow         *window,
                       const char          *dir,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;
  Tour *tour;

  g_return_if_fail (KIOSK_IS_WINDOW (window));
  g_return_if_fail (dir != NULL);

  task = g_task_new (window, NULL, callback, user_data);
  g_task_set_source_tag (task, kiosk_screenshots_run);
  tour = g_new0 (Tour, 1);
  tour->window = window;
  tour->dir = g_strdup (dir);
  g_task_set_task_data (task, tour, (GDestroyNotify) tour_free);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, KIOSK_ERROR, KIOSK_ERROR_FAILED,
                               "%s: cannot create the folder: %s", dir,
                               g_strerror (saved_errno));
      g_object_unref (task);
      return;
    }
  /* The task holds itself until the last picture is written. */
  run_scene (task);
}

gboolean
kiosk_screenshots_run_finish (KioskWindow   *window,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, window), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
