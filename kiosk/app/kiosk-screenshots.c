/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The screenshot tour: a table of scenes, each a page name and the steps that reach it. */
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
#include "kiosk-payment-simulated.h"
#include "kiosk-receipts.h"
#include "kiosk-report-flow.h"
#include "kiosk-scan-page.h"
#include "kiosk-services.h"
#include "kiosk-screenshot.h"
#include "kiosk-screenshots-news.h"
#include "kiosk-screenshots-paper.h"
#include "widgets/kiosk-payment-step.h"

/* Longer than any transition on the kiosk (200 ms): pictures show where things settle. */
#define SETTLE_MS 450
/* A walk without pictures runs with animations off: what a page does at once is done. */
#define WALK_SETTLE_MS 120
/* Frames drawn after that time, before the picture or the visit: the keyboard's room settles
 * over a few (the field scrolled back, the bar told what is scrolled out, the room it
 * leaves), and on a loaded machine the time alone can pass before any of them is drawn. */
#define SETTLE_FRAMES 5

typedef struct
{
  KioskWindow *window;        /* the kiosk's, not owned */
  KioskWindow *not_ready;     /* a second window for the not-ready page */
  char        *dir;
  const char  *language;
  guint        lang_index;
  guint        scene;
  guint        timeout_id;
  guint        frames_seen;   /* of SETTLE_FRAMES, since the time to settle passed */
  KioskScreenshotsVisit visit;  /* a walk: called instead of taking pictures */
  gpointer     visit_data;
} Tour;

typedef void (*Prepare) (Tour *tour);

/* One thing done to reach a scene's state. */
typedef enum
{
  DO_NOTHING = 0,   /* ends a scene's list */
  DO_OPEN,          /* open service `arg` */
  DO_ACT,           /* activate `action` (target `arg`, or none) on the page shown, or on the
                     * widget with template id `id` under it (a step of the kit) */
  DO_ACT_INT,       /* activate `action` with the integer `number` on the page shown */
  DO_ENTRY,         /* type `arg` (`arg_en` in English when given) into the entry `id` */
  DO_TEXT,          /* the same into the page's text view */
  DO_SET,           /* set the window's boolean property `action` to `number` */
  DO_KEYBOARD,      /* show the keyboard layout `number` */
  DO_FOCUS,         /* touch the field `id`, which opens the keyboard */
  DO_CALL,          /* `call` (tour): a state no step above reaches */
} Do;

typedef struct
{
  Do          what;
  const char *id;
  const char *action;
  const char *arg;
  const char *arg_en;
  int         number;
  Prepare     call;
} Step;

#define OPEN(service)           { .what = DO_OPEN, .arg = (service) }
#define ACT(action_, target)    { .what = DO_ACT, .action = (action_), .arg = (target) }
#define ON(id_, action_, target) { .what = DO_ACT, .id = (id_), .action = (action_), .arg = (target) }
#define ACT_INT(action_, n)     { .what = DO_ACT_INT, .action = (action_), .number = (n) }
#define ENTRY(id_, text)        { .what = DO_ENTRY, .id = (id_), .arg = (text) }
#define ENTRY2(id_, ar, en)     { .what = DO_ENTRY, .id = (id_), .arg = (ar), .arg_en = (en) }
#define TEXT(ar, en)            { .what = DO_TEXT, .arg = (ar), .arg_en = (en) }
#define SET(property, value)    { .what = DO_SET, .action = (property), .number = (value) }
#define KEYBOARD(layout)        { .what = DO_KEYBOARD, .number = (layout) }
#define FOCUS(id_)              { .what = DO_FOCUS, .id = (id_) }
#define CALL(function)          { .what = DO_CALL, .call = (function) }

/* A parking permit's payment step from a fresh flow: what a payment scene starts from. */
#define PERMIT_PAYMENT                                                              \
  OPEN ("parking_permit"), ENTRY ("plate_entry", "9415 H"),                          \
  ON ("plate", "plate.next", NULL), ACT ("permit.zone", "PZ-QURUM"),                 \
  ON ("period", "period.choose", "period_3"), ACT ("permit.pay", NULL)

/* Which passes take a scene: 0 is every language, every orientation. */
enum { LANG_AR = 1 << 0, LANG_EN = 1 << 1 };
enum { PORTRAIT = 1 << 0, LANDSCAPE = 1 << 1 };

#define MAX_STEPS 8

typedef struct
{
  const char *page;          /* the picture is <page>-<lang>.png */
  guint       languages;     /* LANG_*, 0 for both */
  guint       orientations;  /* PORTRAIT, LANDSCAPE, 0 for both */
  Step        steps[MAX_STEPS];
  Prepare     after;         /* once the picture is written (puts back what the scene changed) */
} Scene;

/* The sample a visitor types in the text steps. */
#define SAMPLE_AR "إنارة الشارع الداخلي في الخوير مطفأة منذ أسبوع، والمشي ليلاً صعب على كبار السن. " \
                  "أرجو إصلاحها في أقرب وقت."
#define SAMPLE_EN "The street lights on the inner road of Al Khuwair have been off for a week, and " \
                  "walking at night is hard for older people. Please repair them soon."

static const char *languages[] = { "ar", "en" };

static GtkWidget *
flow (Tour *tour)
{
  return GTK_WIDGET (kiosk_window_get_page (tour->window));
}

typedef gboolean (*Match) (GtkWidget  *widget,
                           const void *data);

/* The first of `widget` and its descendants, depth first, that `match` takes, or NULL. */
static GtkWidget *
find (GtkWidget  *widget,
      Match       match,
      const void *data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_text_view (GtkWidget  *widget,
              const void *data)
{
  return GTK_IS_TEXT_VIEW (widget);
}

/* By template id: a flow's own ("landmark_entry") or a step's ("phone_entry"). */
static gboolean
has_id (GtkWidget  *widget,
        const void *id)
{
  return g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0;
}

/* By widget name: the attendant pages name their fields. */
static gboolean
has_name (GtkWidget  *widget,
          const void *name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

/* The preparations of the states no table step reaches. ---------------------------------- */

static void
end_session (Tour *tour)
{
  kiosk_window_end_session (tour->window);
}

static void
start_session (Tour *tour)
{
  kiosk_window_start_session (tour->window, tour->language);
}

static void
select_fines (Tour *tour)
{
  /* A demo plate with three unpaid fines, two of them ticked (as after a notice's scan). */
  const char *numbers[] = { "PF2025-001066", "PF2026-004255", NULL };

  kiosk_fines_flow_select (KIOSK_FINES_FLOW (flow (tour)), "90562 M", numbers);
}

static void
attendant_sign_in (Tour       *tour,
                   const char *pin)
{
  gtk_editable_set_text (GTK_EDITABLE (find (flow (tour), has_name, "attendant-id")), "demo");
  gtk_editable_set_text (GTK_EDITABLE (find (flow (tour), has_name, "attendant-pin")), pin);
  g_signal_emit_by_name (find (flow (tour), has_name, "attendant-sign-in"), "clicked");
}

static void
attendant_wrong_pin (Tour *tour)
{
  attendant_sign_in (tour, "0000");
}

static void
attendant_desk (Tour *tour)
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

/* The desk's other two pages: receipts (reprint and the alerts list) and devices (health
 * and the Z report). The desk's own buttons go there; the tour goes the same way. */
static void
attendant_receipts (Tour *tour)
{
  kiosk_flow_go_to (KIOSK_FLOW (flow (tour)), "receipts");
}

static void
attendant_devices (Tour *tour)
{
  kiosk_flow_go_to (KIOSK_FLOW (flow (tour)), "devices");
}

/* Payments: a simulated card terminal on the flow's payment step, as `[devices] payment =
 * simulated:approve` gives a kiosk, and the visitor's choice tapped. */

static gboolean
is_payment_step (GtkWidget  *widget,
                 const void *data)
{
  return KIOSK_IS_PAYMENT_STEP (widget);
}

static void
tap_payment (Tour       *tour,
             const char *button,
             guint       card_delay_ms)
{
  GtkWidget *step = find (flow (tour), is_payment_step, NULL);
  GtkWidget *target = step != NULL ? find (step, has_name, button) : NULL;

  if (target == NULL)
    {
      g_message ("screenshots: no %s on a payment step", button);
      return;
    }
  if (card_delay_ms > 0)
    {
      g_autoptr(KioskPaymentSimulated) terminal =
        kiosk_payment_simulated_new (kiosk_window_get_store (tour->window),
                                     KIOSK_SIMULATED_APPROVE);

      kiosk_payment_simulated_set_delay (terminal, card_delay_ms);
      kiosk_payment_step_set_terminal (KIOSK_PAYMENT_STEP (step),
                                       KIOSK_PAYMENT_TERMINAL (terminal));
    }
  g_signal_emit_by_name (target, "clicked");
}

/* The terminal waits for the card as long as the picture takes. */
static void
card_waiting (Tour *tour)
{
  tap_payment (tour, "payment-card", 60 * 1000);
}

static void
cancel_card (Tour *tour)
{
  tap_payment (tour, "payment-cancel", 0);
}

static void
pay_by_card (Tour *tour)
{
  tap_payment (tour, "payment-card", 10);
}

static void
pay_at_counter (Tour *tour)
{
  tap_payment (tour, "payment-counter", 0);
}

/* Report, track and scan pages. The camera of the tour's window is the configured one (none
 * by default), so the photo and scan pages show how "no camera" reads. */

static void
file_earlier_report (Tour *tour)
{
  KioskStore *store = kiosk_window_get_store (tour->window);
  KioskReportInput earlier = { "fallen_tree", "MTR", "MTR-RUWI", "قرب المسجد", "شجرة ساقطة",
                               "92123456", NULL };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  /* One open report like it, filed earlier at this kiosk, for "already reported?". */
  if (!kiosk_services_file_report (store, &earlier, &ref, NULL, &error))
    g_message ("screenshots: no earlier report: %s", error->message);
}

static void
keep_report_reference (Tour *tour)
{
  if (KIOSK_IS_REPORT_FLOW (flow (tour)))
    g_object_set_data_full (G_OBJECT (tour->window), "kiosk-tour-report",
                            g_strdup (kiosk_report_flow_get_reference (KIOSK_REPORT_FLOW (flow (tour)))),
                            g_free);
}

static void
type_tracking_number (Tour *tour)
{
  const char *reference = g_object_get_data (G_OBJECT (tour->window), "kiosk-tour-report");
  const char *digits = reference != NULL ? strchr (reference, '-') : NULL;
  GtkWidget *entry = find (flow (tour), has_id, "number_entry");
  g_autofree char *typed = NULL;

  /* What a visitor types: the day and number, without the kiosk code and dashes. */
  if (digits != NULL && entry != NULL)
    {
      typed = g_strdup (digits + 1);
      for (char *p = typed, *q = typed;; p++)
        if (*p != '-' && (*q++ = *p) == '\0')
          break;
      gtk_editable_set_text (GTK_EDITABLE (entry), typed);
    }
}

static void
scan_own_receipt (Tour *tour)
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

/* Without a camera the scan page is not offered; one that fails shows how the page reads
 * then (and the codes are handed to it as the camera would). */
static void
open_scan_with_failing_camera (Tour *tour)
{
  kiosk_window_set_camera_source (tour->window, "kiosk-no-such-camera");
  kiosk_window_open_service (tour->window, "scan");
}

static void
give_back_no_camera (Tour *tour)
{
  kiosk_window_set_camera_source (tour->window, "none");
}

static void
scan_forged_code (Tour *tour)
{
  kiosk_scan_page_handle_code (KIOSK_SCAN_PAGE (flow (tour)), "MK1.FN.AAAA.server-1.AAAA");
}

static void
show_idle_warning (Tour *tour)
{
  KioskIdleMonitor *idle = kiosk_window_get_idle_monitor (tour->window);

  /* The warning as the configured countdown starts; the flow behind it is the session. */
  kiosk_idle_monitor_set_times (idle, 1, 20 * 1000);
  kiosk_idle_monitor_poke (idle);
}

static void
hide_idle_warning (Tour *tour)
{
  KioskIdleMonitor *idle = kiosk_window_get_idle_monitor (tour->window);

  kiosk_idle_monitor_set_times (idle, 60 * 1000, 20 * 1000);
  kiosk_idle_monitor_poke (idle);
}

static void
show_not_ready (Tour *tour)
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

/* The news, the guide and the attract screen's announcements: kiosk-screenshots-news.c
 * knows how to reach each of them by the scene's name. */
static void
show_news (Tour *tour)
{
  kiosk_screenshots_news_prepare (tour->window, tour->language,
                                  kiosk_screenshots_get_pages ()[tour->scene]);
}

/* The tour. ------------------------------------------------------------------------------ */

/* Every page in the order it is taken; each scene goes on from the state the one before left
 * (its flow, its entries). A state the steps cannot reach gets a small function above. */
static const Scene scenes[] = {
  { "attract", 0, 0, { CALL (end_session) } },
  { "home", 0, 0, { CALL (start_session) } },
  { "home-large-text", 0, 0, { SET ("large-text", TRUE) } },
  { "home-high-contrast", 0, 0, { SET ("large-text", FALSE), SET ("high-contrast", TRUE) } },
  { "lease-tenant", 0, 0, { SET ("high-contrast", FALSE), OPEN ("lease_form") } },
  { "feedback-kind", 0, 0, { OPEN ("feedback") } },
  { "feedback-text", 0, 0, { ACT ("feedback.choose-kind", "complaint"),
                             TEXT (SAMPLE_AR, SAMPLE_EN) } },
  { "feedback-text-error", 0, 0, { TEXT ("", ""), ACT ("feedback.text-next", NULL) } },
  { "keyboard-arabic", 0, 0, { TEXT (SAMPLE_AR, SAMPLE_EN), KEYBOARD (KIOSK_KEYBOARD_ARABIC) } },
  { "keyboard-english", 0, 0, { TEXT (SAMPLE_AR, SAMPLE_EN), KEYBOARD (KIOSK_KEYBOARD_ENGLISH) } },
  { "keyboard-symbols", 0, 0, { TEXT (SAMPLE_AR, SAMPLE_EN), KEYBOARD (KIOSK_KEYBOARD_SYMBOLS) } },
  { "feedback-phone", 0, 0, { ACT ("feedback.text-next", NULL), ENTRY ("phone_entry", "9123 45") } },
  { "feedback-phone-error", 0, 0, { ENTRY ("phone_entry", "1234"),
                                    ON ("phone", "phone.next", NULL) } },
  { "feedback-review", 0, 0, { ENTRY ("phone_entry", "9123 4567"),
                               ON ("phone", "phone.next", NULL) } },
  { "feedback-done", 0, 0, { ACT ("feedback.submit", NULL) } },
  { "fines-plate", 0, 0, { OPEN ("fines") } },
  { "fines-plate-error", 0, 0, { ENTRY ("plate_entry", "123456 Q"),
                                 ON ("plate", "plate.next", NULL) } },
  { "fines-list", 0, 0, { CALL (select_fines) } },
  { "fines-pay", 0, 0, { ACT ("fines.pay", NULL) } },
  { "lease-tenant-error", 0, 0, { OPEN ("lease_form"),
                                  ENTRY ("tenant_name_entry", "سالم بن حمد البلوشي"),
                                  ENTRY ("civil_entry", "1234"),
                                  ACT ("lease.tenant-next", NULL) } },
  { "lease-landlord", 0, 0, { ENTRY ("civil_entry", "12345678"),
                              ENTRY ("phone_entry", "9123 4567"),
                              ACT ("lease.tenant-next", NULL) } },
  { "lease-wilayat", 0, 0, { ENTRY ("landlord_entry", "حمد بن سعيد الحارثي"),
                             ENTRY ("building_entry", "مبنى 12، الطابق 3، شقة 7"),
                             ACT ("lease.landlord-next", NULL) } },
  { "lease-area", 0, 0, { ON ("wilayat", "place.choose", "BSH") } },
  { "lease-delivery", 0, 0, { ON ("area", "place.choose", "BSH-KHUWAIR") } },
  { "lease-review", 0, 0, { ACT ("lease.delivery", "counter") } },
  { "lease-receipt", 0, 0, { ACT ("lease.submit", NULL) } },
  { "shop-licence-find", 0, 0, { OPEN ("shop_licence") } },
  { "shop-licence-error", 0, 0, { ENTRY ("find_entry", "12"), ACT ("licence.find", NULL) } },
  { "shop-licence-details", 0, 0, { ENTRY ("find_entry", "88926205"),
                                    ACT ("licence.find", NULL) } },
  { "shop-licence-quote", 0, 0, { ACT_INT ("licence.period", 24) } },
  { "shop-licence-pay", 0, 0, { ACT ("licence.pay", NULL) } },
  { "shop-licence-choose", 0, 0, { OPEN ("shop_licence"), ACT ("licence.by", "cr"),
                                   ENTRY ("find_entry", "1306216"),
                                   ACT ("licence.find", NULL) } },
  { "shop-licence-blocked", 0, 0, { OPEN ("shop_licence"), ENTRY ("find_entry", "36987457"),
                                    ACT ("licence.find", NULL) } },
  { "vehicle-licence-fines", 0, 0, { OPEN ("vehicle_licence"), ENTRY ("find_entry", "230 أ"),
                                     ACT ("licence.find", NULL) } },
  { "vehicle-licence-quote", 0, 0, { OPEN ("vehicle_licence"), ENTRY ("find_entry", "9343 RR"),
                                     ACT ("licence.find", NULL),
                                     ACT_INT ("licence.period", 12) } },
  { "vehicle-permit-find", 0, 0, { OPEN ("vehicle_permit") } },
  { "vehicle-permit-details", 0, 0, { ENTRY ("find_entry", "VP-2025-01471"),
                                      ACT ("licence.find", NULL) } },
  { "parking-permit-plate", 0, 0, { OPEN ("parking_permit") } },
  { "parking-permit-zone", 0, 0, { ENTRY ("plate_entry", "9415 H"),
                                   ON ("plate", "plate.next", NULL) } },
  { "parking-permit-period", 0, 0, { ACT ("permit.zone", "PZ-QURUM") } },
  { "parking-permit-review", 0, 0, { ON ("period", "period.choose", "period_3") } },
  { "parking-permit-pay", 0, 0, { ACT ("permit.pay", NULL) } },
  { "parking-permit-card-waiting", 0, 0, { CALL (card_waiting) }, cancel_card },
  { "parking-permit-paid-receipt", 0, 0, { PERMIT_PAYMENT, CALL (pay_by_card) } },
  { "parking-permit-counter-voucher", 0, 0, { PERMIT_PAYMENT, CALL (pay_at_counter) } },
  { "attendant-sign-in", 0, 0, { OPEN (KIOSK_ATTENDANT_SERVICE) } },
  { "attendant-wrong-pin", 0, 0, { CALL (attendant_wrong_pin) } },
  { "attendant-desk", 0, 0, { CALL (attendant_desk) } },
  { "attendant-receipts", 0, 0, { CALL (attendant_receipts) } },
  { "attendant-reprint-keyboard", 0, 0, { FOCUS ("reprint_entry") } },
  { "attendant-devices", 0, 0, { CALL (attendant_devices) } },
  { "report-category", 0, 0, { OPEN ("report") } },
  { "report-urgent", 0, 0, { ACT ("report.choose-category", "fallen_tree") } },
  { "report-photos-no-camera", 0, 0, { ACT ("report.urgent-next", NULL) } },
  { "report-photo-phone", 0, 0, { ACT ("report.use-phone", NULL) } },
  { "report-wilayat", 0, 0, { ACT ("report.use-camera", NULL), ACT ("report.photos-next", NULL) } },
  { "report-area", 0, 0, { ON ("wilayat", "place.choose", "MTR") } },
  { "report-landmark", 0, 0, { ON ("area", "place.choose", "MTR-RUWI"),
                               ENTRY2 ("landmark_entry", "قرب دوار روي", "Near Ruwi roundabout") } },
  { "report-description", 0, 0, { ACT ("report.landmark-next", NULL),
                                  TEXT ("شجرة كبيرة سقطت على الطريق وتسد المسار الأيمن.",
                                        "A large tree fell on the road and blocks the right lane.") } },
  { "report-phone", 0, 0, { ACT ("report.description-next", NULL) } },
  { "report-already-reported", 0, 0, { CALL (file_earlier_report),
                                       ON ("phone", "phone.skip", NULL) } },
  { "report-review", 0, 0, { ACT ("report.file-new", NULL) } },
  { "report-receipt", 0, 0, { ACT ("report.submit", NULL), CALL (keep_report_reference) } },
  { "track-method", 0, 0, { OPEN ("track_report") } },
  { "track-number", 0, 0, { ACT ("track.choose", "number"), CALL (type_tracking_number) } },
  { "track-status", 0, 0, { ACT ("track.find-number", NULL) } },
  { "track-number-unknown", 0, 0, { ACT ("track.again", NULL), ACT ("track.choose", "number"),
                                    ENTRY ("number_entry", "2611309999"),
                                    ACT ("track.find-number", NULL) } },
  { "track-phone", 0, 0, { ACT ("track.again", NULL), ACT ("track.choose", "phone"),
                           ENTRY ("phone_entry", "9212 3456") } },
  { "track-phone-results", 0, 0, { ON ("phone", "phone.next", NULL) } },
  { "track-scan-no-camera", 0, 0, { ACT ("track.again", NULL), ACT ("track.choose", "scan") } },
  { "scan-camera-failed", 0, 0, { CALL (open_scan_with_failing_camera) } },
  { "scan-receipt", 0, 0, { CALL (scan_own_receipt) } },
  { "scan-forged", 0, 0, { ACT ("scan.again", NULL), CALL (scan_forged_code) } },
  { "home-no-camera", 0, 0, { CALL (give_back_no_camera) } },
  { "attract-news", 0, 0, { CALL (show_news) } },
  { "news-list", 0, 0, { CALL (show_news) } },
  { "news-detail", 0, 0, { CALL (show_news) } },
  { "guide-categories", 0, 0, { CALL (show_news) } },
  { "guide-search-keyboard", 0, 0, { CALL (show_news) } },
  { "guide-no-result", 0, 0, { CALL (show_news) } },
  { "guide-detail-kiosk", 0, 0, { CALL (show_news) } },
  { "guide-detail-office", 0, 0, { CALL (show_news) } },
  { "idle-warning", 0, 0, { CALL (show_idle_warning) }, hide_idle_warning },
  { "not-ready", 0, 0, { CALL (show_not_ready) } },
};

static void
run_step (Tour       *tour,
          const Step *step)
{
  const char *text = step->arg_en != NULL && g_str_equal (tour->language, "en")
                       ? step->arg_en : step->arg;
  GtkWidget *target;

  switch (step->what)
    {
    case DO_NOTHING:
      break;
    case DO_OPEN:
      kiosk_window_open_service (tour->window, step->arg);
      break;
    case DO_ACT:
      target = step->id != NULL ? find (flow (tour), has_id, step->id) : flow (tour);
      if (target == NULL)
        g_message ("screenshots: no \"%s\" for %s", step->id, step->action);
      else if (step->arg != NULL)
        gtk_widget_activate_action (target, step->action, "s", step->arg);
      else
        gtk_widget_activate_action (target, step->action, NULL);
      break;
    case DO_ACT_INT:
      gtk_widget_activate_action (flow (tour), step->action, "i", step->number);
      break;
    case DO_ENTRY:
      target = find (flow (tour), has_id, step->id);
      if (target != NULL)
        gtk_editable_set_text (GTK_EDITABLE (target), text);
      break;
    case DO_TEXT:
      target = find (flow (tour), is_text_view, NULL);
      if (target != NULL)
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (target)), text, -1);
      break;
    case DO_SET:
      g_object_set (tour->window, step->action, (gboolean) step->number, NULL);
      break;
    case DO_KEYBOARD:
      kiosk_keyboard_set_layout (kiosk_window_get_keyboard (tour->window), step->number);
      break;
    case DO_FOCUS:
      target = find (flow (tour), has_id, step->id);
      if (target != NULL)
        gtk_widget_grab_focus (target);
      break;
    case DO_CALL:
      step->call (tour);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Whether the pass in `tour->language` at the window's orientation takes `scene`. */
static gboolean
scene_is_taken (Tour        *tour,
                const Scene *scene)
{
  guint language = g_str_equal (tour->language, "ar") ? LANG_AR : LANG_EN;
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (tour->window), &width, &height);
  return (scene->languages == 0 || (scene->languages & language) != 0) &&
         (scene->orientations == 0 ||
          (scene->orientations & (width > height ? LANDSCAPE : PORTRAIT)) != 0);
}

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

/* Puts back what the scene changed and goes on to the next one. */
static void
next_scene (GTask *task)
{
  Tour *tour = g_task_get_task_data (task);

  if (tour->not_ready != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (tour->not_ready));
      g_clear_object (&tour->not_ready);
    }
  if (scenes[tour->scene].after != NULL)
    scenes[tour->scene].after (tour);

  tour->scene++;
  run_scene (task);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!kiosk_screenshot_save_finish (GTK_WIDGET (object), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  next_scene (task);
}

/* What the scene says aloud (kiosk_window_get_spoken_text ()), beside its picture as
 * speech/<page>-<lang>.txt: the tour's test checks every page has words in its language. */
static void
save_spoken_text (Tour       *tour,
                  KioskWindow *window)
{
  g_autofree char *folder = g_build_filename (tour->dir, "speech", NULL);
  g_autofree char *file = g_strdup_printf ("%s-%s.txt", scenes[tour->scene].page,
                                           tour->language);
  g_autofree char *path = g_build_filename (folder, file, NULL);
  g_autofree char *text = kiosk_window_get_spoken_text_in (window, tour->language);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (folder, 0755) != 0 ||
      !g_file_set_contents (path, text, -1, &error))
    g_message ("screenshots: %s: not written: %s", path,
               error != NULL ? error->message : g_strerror (errno));
}

/* The scene as it settled: visited on a walk, else its picture and its spoken words. */
static void
take_scene (GTask     *task,
            GtkWidget *shot)
{
  Tour *tour = g_task_get_task_data (task);
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (tour->visit != NULL)
    {
      tour->visit (shot, scenes[tour->scene].page, tour->language, tour->visit_data);
      next_scene (task);
      return;
    }
  file = g_strdup_printf ("%s-%s.png", scenes[tour->scene].page, tour->language);
  path = g_build_filename (tour->dir, file, NULL);
  g_print ("%s\n", path);
  save_spoken_text (tour, KIOSK_WINDOW (shot));
  kiosk_screenshot_save_after_frame (shot, path, saved_cb, task);
}

static gboolean
settle_frame_cb (GtkWidget     *shot,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  GTask *task = user_data;
  Tour *tour = g_task_get_task_data (task);

  if (++tour->frames_seen < SETTLE_FRAMES)
    return G_SOURCE_CONTINUE;
  take_scene (task, shot);
  return G_SOURCE_REMOVE;
}

static gboolean
settled_cb (gpointer user_data)
{
  GTask *task = user_data;
  Tour *tour = g_task_get_task_data (task);
  GtkWidget *shot = tour->not_ready != NULL ? GTK_WIDGET (tour->not_ready)
                                            : GTK_WIDGET (tour->window);

  tour->timeout_id = 0;
  tour->frames_seen = 0;
  gtk_widget_add_tick_callback (shot, settle_frame_cb, task, NULL);
  return G_SOURCE_REMOVE;
}

/* Takes the scene `tour->scene` or the next one this pass takes, passing on to the next
 * language at the end of the table; returns the task once the last pass is done. */
static void
run_scene (GTask *task)
{
  Tour *tour = g_task_get_task_data (task);

  for (;;)
    {
      if (tour->scene == G_N_ELEMENTS (scenes))
        {
          tour->scene = 0;
          tour->lang_index++;
        }
      if (tour->lang_index == G_N_ELEMENTS (languages))
        {
          kiosk_window_start_session (tour->window, NULL);
          g_task_return_boolean (task, TRUE);
          g_object_unref (task);
          return;
        }
      tour->language = languages[tour->lang_index];
      if (scene_is_taken (tour, &scenes[tour->scene]))
        break;
      tour->scene++;
    }
  /* Each scene starts in the language of the pass; a scene may change what it shows. Each is
   * a touch too: a slow pass (a loaded machine) never meets the idle warning by chance. */
  if (tour->scene > 0)
    kiosk_window_set_language (tour->window, tour->language);
  kiosk_idle_monitor_poke (kiosk_window_get_idle_monitor (tour->window));
  for (guint i = 0; i < MAX_STEPS; i++)
    run_step (tour, &scenes[tour->scene].steps[i]);
  tour->timeout_id = g_timeout_add (tour->visit != NULL ? WALK_SETTLE_MS : SETTLE_MS,
                                    settled_cb, task);
}

/* A task holding a new tour of `window`; it holds itself until the last scene is done. */
static GTask *
tour_task_new (KioskWindow         *window,
               gpointer             source_tag,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (window, NULL, callback, user_data);
  Tour *tour = g_new0 (Tour, 1);

  g_task_set_source_tag (task, source_tag);
  tour->window = window;
  g_task_set_task_data (task, tour, (GDestroyNotify) tour_free);
  return task;
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

  task = tour_task_new (window, kiosk_screenshots_run, callback, user_data);
  tour = g_task_get_task_data (task);
  tour->dir = g_strdup (dir);

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
  kiosk_screenshots_paper_run (window, dir, (void (*) (gpointer)) run_scene, task);
}

void
kiosk_screenshots_walk (KioskWindow           *window,
                        KioskScreenshotsVisit  visit,
                        gpointer               data,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  GTask *task;
  Tour *tour;

  g_return_if_fail (KIOSK_IS_WINDOW (window));
  g_return_if_fail (visit != NULL);

  task = tour_task_new (window, kiosk_screenshots_walk, callback, user_data);
  tour = g_task_get_task_data (task);
  tour->visit = visit;
  tour->visit_data = data;
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
