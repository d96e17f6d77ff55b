/* The track-a-report flow's steps and rules. */
#define G_LOG_DOMAIN "kiosk-track-flow"

#include "config.h"

#include "kiosk-track-flow.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-i18n.h"
#include "widgets/kiosk-scan-view.h"
#include "kiosk-token.h"
#include "kiosk-tracking.h"
#include "kiosk-validate.h"
#include "kiosk-window.h"

/* What a step's error line says; NONE shows the step's hint instead. */
typedef enum
{
  PROBLEM_NONE,
  PROBLEM_CODE,          /* the sentence for a KioskError code */
  PROBLEM_NO_SUCH_NUMBER,
  PROBLEM_NOT_A_NUMBER,
  PROBLEM_NO_SUCH_PHONE,
  PROBLEM_NOT_A_REPORT,  /* a genuine receipt, of another service */
} Problem;

typedef struct
{
  Problem problem;
  int     code;
} StepError;

struct _KioskTrackFlow
{
  KioskFlow          parent_instance;

  StepError          number_error;
  StepError          phone_error;
  StepError          scan_error;
  gboolean           results_by_phone;
  GPtrArray         *results;   /* KioskReportStatus*, for the list step */
  KioskReportStatus *current;   /* on the status step */

  GtkLabel          *method_heading;
  GtkWidget         *by_number_button;
  GtkLabel          *by_number_title;
  GtkLabel          *by_number_text;
  GtkWidget         *by_scan_button;
  GtkLabel          *by_scan_title;
  GtkLabel          *by_scan_text;
  GtkWidget         *by_phone_button;
  GtkLabel          *by_phone_title;
  GtkLabel          *by_phone_text;

  GtkLabel          *number_heading;
  GtkLabel          *number_hint;
  GtkLabel          *number_error_label;
  GtkEntry          *number_entry;
  GtkButton         *number_next_button;

  GtkLabel          *scan_heading;
  GtkLabel          *scan_hint;
  GtkLabel          *scan_error_label;
  KioskScanView     *scan_view;

  GtkLabel          *phone_heading;
  GtkLabel          *phone_hint;
  GtkLabel          *phone_error_label;
  GtkEntry          *phone_entry;
  GtkButton         *phone_next_button;

  GtkLabel          *results_heading;
  GtkLabel          *results_hint;
  GtkBox            *results_box;

  GtkLabel          *status_heading;
  GtkLabel          *status_reference;
  GtkLabel          *status_value_caption;
  GtkLabel          *status_value;
  GtkLabel          *status_filed_caption;
  GtkLabel          *status_filed;
  GtkLabel          *status_place_caption;
  GtkLabel          *status_place;
  GtkLabel          *status_phone_caption;
  GtkLabel          *status_phone;
  GtkLabel          *status_history_caption;
  GtkBox            *status_history;
  GtkLabel          *status_sync;
  GtkButton         *status_other_button;
  GtkButton         *status_done_button;
};

G_DEFINE_FINAL_TYPE (KioskTrackFlow, kiosk_track_flow, KIOSK_TYPE_FLOW)

static const char *
status_name (const char *status)
{
  if (g_strcmp0 (status, "assigned") == 0)
    /* Translators: report status: handed to the team that will deal with it (أحيل). */
    return _("Assigned to a team");
  if (g_strcmp0 (status, "in_progress") == 0)
    /* Translators: report status: work on it has started. */
    return _("In progress");
  if (g_strcmp0 (status, "resolved") == 0)
    /* Translators: report status: the problem was fixed. */
    return _("Resolved");
  if (g_strcmp0 (status, "closed") == 0)
    /* Translators: report status: closed (after being resolved or merged). */
    return _("Closed");
  if (g_strcmp0 (status, "rejected") == 0)
    /* Translators: report status: not accepted (e.g. not the municipality's responsibility). */
    return _("Not accepted");
  /* Translators: report status: received, not yet dealt with. */
  return _("Received");
}

static const char *
problem_text (const StepError *error)
{
  switch (error->problem)
    {
    case PROBLEM_CODE:
      return kiosk_error_text_for_code (error->code);
    case PROBLEM_NO_SUCH_NUMBER:
      /* Translators: track a report: the number typed matches no report this kiosk knows. */
      return _("No report with this number is known here. A report filed at another kiosk or online appears after the kiosk's next connection.");
    case PROBLEM_NOT_A_NUMBER:
      /* Translators: track a report: what was typed is not a tracking number. */
      return _("Please type the digits of the tracking number as printed on your receipt.");
    case PROBLEM_NO_SUCH_PHONE:
      /* Translators: track a report: no report was filed with this mobile number. */
      return _("No report filed with this mobile number is known here.");
    case PROBLEM_NOT_A_REPORT:
      /* Translators: track a report: the scanned receipt is for a payment or another service. */
      return _("This receipt is not for a report. Please scan the code on your report receipt.");
    case PROBLEM_NONE:
    default:
      return "";
    }
}

/* An error takes the place of the step's hint, as in every flow. */
static void
show_error (GtkLabel        *label,
            const StepError *error)
{
  GtkWidget *hint = gtk_widget_get_prev_sibling (GTK_WIDGET (label));
  gboolean shown = error->problem != PROBLEM_NONE;

  gtk_widget_set_visible (GTK_WIDGET (label), shown);
  gtk_label_set_label (label, problem_text (error));
  if (hint != NULL && gtk_widget_has_css_class (hint, "kiosk-step-text"))
    gtk_widget_set_visible (hint, !shown);
}

static void
set_error (KioskTrackFlow *self,
           StepError      *error,
           GtkLabel       *label,
           Problem         problem,
           int             code)
{
  *error = (StepError) { problem, code };
  show_error (label, error);
}

static StepError
error_from (const GError *error)
{
  return (StepError) { PROBLEM_CODE,
                       error->domain == KIOSK_ERROR ? error->code : KIOSK_ERROR_FAILED };
}

static void
focus_entry (GtkEntry *entry)
{
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
}

static void
set_choice (GtkWidget  *button,
            GtkLabel   *title_label,
            GtkLabel   *text_label,
            const char *title,
            const char *text)
{
  g_autofree char *accessible = g_strdup_printf ("%s. %s", title, text);

  gtk_label_set_label (title_label, title);
  gtk_label_set_label (text_label, text);
  kiosk_accessible_set_label (button, accessible);
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
render_status (KioskTrackFlow *self)
{
  KioskReportStatus *report = self->current;
  gint64 last_sync;
  g_autofree char *filed = NULL;
  g_autofree char *place = NULL;

  if (report == NULL)
    return;

  gtk_label_set_label (self->status_heading,
                       kiosk_i18n_pick (report->category_ar, report->category_en));
  gtk_label_set_label (self->status_reference, report->reference);
  gtk_label_set_label (self->status_value, status_name (report->status));
  filed = kiosk_i18n_format_time (report->created_at, TRUE);
  gtk_label_set_label (self->status_filed, filed);
  if (report->landmark != NULL && report->landmark[0] != '\0')
    /* Translators: a report's place: "area — landmark or street". */
    place = g_strdup_printf (C_("report place", "%s — %s"),
                             kiosk_i18n_pick (report->area_ar, report->area_en),
                             report->landmark);
  else
    place = g_strdup (kiosk_i18n_pick (report->area_ar, report->area_en));
  gtk_label_set_label (self->status_place, place);
  gtk_widget_set_visible (GTK_WIDGET (self->status_phone_caption), report->phone_masked != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->status_phone), report->phone_masked != NULL);
  gtk_label_set_label (self->status_phone, report->phone_masked ? report->phone_masked : "");

  clear_box (self->status_history);
  for (guint i = 0; i < report->history->len; i++)
    {
      KioskStatusEvent *event = g_ptr_array_index (report->history, i);
      g_autofree char *when = kiosk_i18n_format_time (event->at, TRUE);
      g_autofree char *line = NULL;
      const char *note = kiosk_i18n_pick (event->note_ar, event->note_en);

      /* Translators: one line of a report's history: "date time — status". */
      line = g_strdup_printf (C_("report history", "%s — %s"), when, status_name (event->status));
      gtk_box_append (self->status_history, new_label (line, "kiosk-review-value"));
      if (note != NULL && note[0] != '\0')
        gtk_box_append (self->status_history, new_label (note, "kiosk-step-text"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->status_history_caption), report->history->len > 0);

  last_sync = kiosk_tracking_last_sync (kiosk_flow_get_store (KIOSK_FLOW (self)));
  if (!report->acknowledged)
    /* Translators: status page: the report is still waiting at this kiosk to be sent. */
    gtk_label_set_label (self->status_sync, _("This report has not reached the municipality yet. The kiosk sends it as soon as it is connected."));
  else if (last_sync == 0)
    /* Translators: status page: the kiosk never received statuses from the municipality. */
    gtk_label_set_label (self->status_sync, _("Status as known at this kiosk: it has not been updated from the municipality yet."));
  else
    {
      g_autofree char *when = kiosk_i18n_format_time (last_sync, TRUE);
      g_autofree char *text = NULL;

      /* Translators: status page, %s is a date and time: when the kiosk last received
       * statuses from the municipality. */
      text = g_strdup_printf (_("Status as known at the last update, on %s."), when);
      gtk_label_set_label (self->status_sync, text);
    }
}

static void
show_status (KioskTrackFlow    *self,
             KioskReportStatus *report)
{
  g_clear_pointer (&self->current, kiosk_report_status_free);
  self->current = report;
  render_status (self);
  kiosk_flow_go_to (KIOSK_FLOW (self), "status");
}

static void
render_results (KioskTrackFlow *self)
{
  clear_box (self->results_box);
  if (self->results == NULL)
    return;
  for (guint i = 0; i < self->results->len; i++)
    {
      KioskReportStatus *report = g_ptr_array_index (self->results, i);
      g_autofree char *filed = kiosk_i18n_format_time (report->created_at, TRUE);
      g_autofree char *details = NULL;
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *reference = new_label (report->reference, "kiosk-choice-title");
      g_autofree char *accessible = NULL;

      /* Translators: a line of the list of reports found: "category · status · date". */
      details = g_strdup_printf (C_("report list", "%s · %s · %s"),
                                 kiosk_i18n_pick (report->category_ar, report->category_en),
                                 status_name (report->status), filed);
      gtk_widget_set_direction (reference, GTK_TEXT_DIR_LTR);
      gtk_box_append (GTK_BOX (box), reference);
      gtk_box_append (GTK_BOX (box), new_label (details, "kiosk-choice-text"));
      if (report->phone_masked != NULL && self->results_by_phone)
        {
          GtkWidget *phone = new_label (report->phone_masked, "kiosk-choice-text");

          gtk_widget_set_direction (phone, GTK_TEXT_DIR_LTR);
          gtk_box_append (GTK_BOX (box), phone);
        }
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "kiosk-choice");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "track.open");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", report->reference);
      accessible = g_strdup_printf ("%s. %s", report->reference, details);
      kiosk_accessible_set_label (button, accessible);
      gtk_box_append (self->results_box, button);
    }
}

/* One match opens its status; several are listed to choose from. Takes `found`. */
static void
show_found (KioskTrackFlow *self,
            GPtrArray      *found,
            gboolean        by_phone)
{
  if (found->len == 1 && !by_phone)
    {
      show_status (self, g_ptr_array_steal_index (found, 0));
      g_ptr_array_unref (found);
      return;
    }
  g_clear_pointer (&self->results, g_ptr_array_unref);
  self->results = found;
  self->results_by_phone = by_phone;
  render_results (self);
  kiosk_page_retranslate (KIOSK_PAGE (self));
  kiosk_flow_go_to (KIOSK_FLOW (self), "results");
}

static void
kiosk_track_flow_retranslate (KioskPage *page)
{
  KioskTrackFlow *self = KIOSK_TRACK_FLOW (page);

  /* Translators: title of the track-a-report service, in the header. */
  kiosk_page_set_title (page, _("Track a report"));

  /* Translators: track a report, first step: how to find the report. */
  gtk_label_set_label (self->method_heading, _("How would you like to find your report?"));
  set_choice (self->by_number_button, self->by_number_title, self->by_number_text,
              /* Translators: choice: type the tracking number. */
              _("Tracking number"),
              /* Translators: under "Tracking number". */
              _("Type the number printed on your receipt"));
  set_choice (self->by_scan_button, self->by_scan_title, self->by_scan_text,
              /* Translators: choice: scan the QR code of the receipt. */
              _("Scan the receipt"),
              /* Translators: under "Scan the receipt". */
              _("Hold the QR code of your receipt up to the camera"));
  set_choice (self->by_phone_button, self->by_phone_title, self->by_phone_text,
              /* Translators: choice: find reports by mobile number. */
              _("Mobile number"),
              /* Translators: under "Mobile number". */
              _("See the reports filed with your mobile number"));

  /* Translators: heading of the step where the tracking number is typed. */
  gtk_label_set_label (self->number_heading, _("Type your tracking number"));
  /* Translators: under the heading; the example is the digits of a tracking number. */
  gtk_label_set_label (self->number_hint, _("The digits after the kiosk code are enough, for example 2611300001."));
  /* Translators: accessible name of the tracking number field. */
  kiosk_accessible_set_label (GTK_WIDGET (self->number_entry), _("Tracking number"));
  show_error (self->number_error_label, &self->number_error);
  /* Translators: button that looks the report up. */
  kiosk_accessible_set_button_label (self->number_next_button, _("Find"));

  /* Translators: heading of the step that scans a receipt. */
  gtk_label_set_label (self->scan_heading, _("Scan your receipt"));
  /* Translators: under the heading of the scan step. */
  gtk_label_set_label (self->scan_hint, _("Hold the QR code inside the frame, about 20 cm from the camera."));
  show_error (self->scan_error_label, &self->scan_error);

  /* Translators: heading of the step where the mobile number is typed. */
  gtk_label_set_label (self->phone_heading, _("Your mobile number"));
  /* Translators: under the heading of the mobile number step of tracking. */
  gtk_label_set_label (self->phone_hint, _("The number you gave when you filed the report."));
  /* Translators: accessible name of the mobile number field. */
  kiosk_accessible_set_label (GTK_WIDGET (self->phone_entry), _("Mobile number"));
  show_error (self->phone_error_label, &self->phone_error);
  kiosk_accessible_set_button_label (self->phone_next_button, _("Find"));

  if (self->results_by_phone)
    /* Translators: heading of the list of reports filed with a mobile number. */
    gtk_label_set_label (self->results_heading, _("Reports filed with this mobile number"));
  else
    /* Translators: heading of the list when several kiosks' reports have the same number. */
    gtk_label_set_label (self->results_heading, _("Several reports have this number"));
  /* Translators: under the heading of a list of reports. */
  gtk_label_set_label (self->results_hint, _("Choose your report to see its status."));
  render_results (self);

  /* Translators: status page, caption over the status. */
  gtk_label_set_label (self->status_value_caption, _("Status"));
  /* Translators: status page, caption over the date the report was filed. */
  gtk_label_set_label (self->status_filed_caption, _("Filed on"));
  /* Translators: status page, caption over the area and landmark. */
  gtk_label_set_label (self->status_place_caption, _("Place"));
  gtk_label_set_label (self->status_phone_caption, _("Mobile number"));
  /* Translators: status page, caption over the list of status changes. */
  gtk_label_set_label (self->status_history_caption, _("History"));
  render_status (self);
  /* Translators: status page, button to look up another report. */
  kiosk_accessible_set_button_label (self->status_other_button, _("Another report"));
  /* Translators: button that ends and returns to the home screen. */
  kiosk_accessible_set_button_label (self->status_done_button, _("Finish"));
}

static const char *
camera_source (KioskTrackFlow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return KIOSK_IS_WINDOW (root) ? kiosk_window_get_camera_source (KIOSK_WINDOW (root)) : "none";
}

static void
kiosk_track_flow_step_shown (KioskFlow  *flow,
                             const char *step)
{
  KioskTrackFlow *self = KIOSK_TRACK_FLOW (flow);

  if (g_strcmp0 (step, "scan") != 0)
    kiosk_scan_view_stop (self->scan_view);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (g_strcmp0 (step, "number") == 0)
    focus_entry (self->number_entry);
  else if (g_strcmp0 (step, "phone") == 0)
    focus_entry (self->phone_entry);
  else if (g_strcmp0 (step, "scan") == 0)
    {
      self->scan_error = (StepError) { PROBLEM_NONE, 0 };
      show_error (self->scan_error_label, &self->scan_error);
      kiosk_scan_view_start (self->scan_view, camera_source (self));
    }
  else if (g_strcmp0 (step, "status") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->status_done_button));
  else if (g_strcmp0 (step, "results") == 0)
    {
      GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (self->results_box));

      if (first != NULL)
        gtk_widget_grab_focus (first);
    }
  else
    gtk_widget_grab_focus (self->by_number_button);
}

static GtkWidget *
kiosk_track_flow_get_initial_focus (KioskPage *page)
{
  return KIOSK_TRACK_FLOW (page)->by_number_button;
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KioskTrackFlow *self = KIOSK_TRACK_FLOW (widget);
  const char *how = g_variant_get_string (parameter, NULL);

  if (g_str_equal (how, "number") || g_str_equal (how, "phone") || g_str_equal (how, "scan"))
    kiosk_flow_go_to (KIOSK_FLOW (self), how);
  else
    g_warning ("unknown way to track \"%s\"", how);
}

static void
find_number_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KioskTrackFlow *self = KIOSK_TRACK_FLOW (widget);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->number_entry));
  g_autoptr(GError) error = NULL;
  GPtrArray *found;

  found = kiosk_tracking_find_by_number (kiosk_flow_get_store (KIOSK_FLOW (self)), typed, &error);
  if (found == NULL)
    {
      if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE))
        set_error (self, &self->number_error, self->number_error_label, PROBLEM_NOT_A_NUMBER, 0);
      else
        {
          g_message ("tracking look-up failed: %s", error->message);
          self->number_error = error_from (error);
          show_error (self->number_error_label, &self->number_error);
        }
      focus_entry (self->number_entry);
      return;
    }
  if (found->len == 0)
    {
      g_ptr_array_unref (found);
      set_error (self, &self->number_error, self->number_error_label, PROBLEM_NO_SUCH_NUMBER, 0);
      focus_entry (self->number_entry);
      return;
    }
  set_error (self, &self->number_error, self->number_error_label, PROBLEM_NONE, 0);
  show_found (self, found, FALSE);
}

static void
find_phone_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KioskTrackFlow *self = KIOSK_TRACK_FLOW (widget);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->phone_entry));
  g_autoptr(GError) error = NULL;
  GPtrArray *found;

  found = kiosk_tracking_find_by_phone (kiosk_flow_get_store (KIOSK_FLOW (self)), typed, &error);
  if (found == NULL)
    {
      g_message ("phone look-up refused: %s", error->message);
      self->phone_error = error_from (error);
      show_error (self->phone_error_label, &self->phone_error);
      focus_entry (self->phone_entry);
      return;
    }
  if (found->len == 0)
    {
      g_ptr_array_unref (found);
      set_error (self, &self->phone_error, self->phone_error_label, PROBLEM_NO_SUCH_PHONE, 0);
      focus_entry (self->phone_entry);
      return;
    }
  set_error (self, &self->phone_error, self->phone_error_label, PROBLEM_NONE, 0);
  show_found (self, found, TRUE);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kiosk_track_flow_show_report (KIOSK_TRACK_FLOW (widget), g_variant_get_string (parameter, NULL));
}

static void
again_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KioskTrackFlow *self = KIOSK_TRACK_FLOW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->number_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_entry), "");
  kiosk_flow_go_to (KIOSK_FLOW (self), "method");
}

static void
code_found_cb (KioskScanView  *view,
               const char     *payload,
               KioskTrackFlow *self)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(GError) error = NULL;
  const KioskTokenFields *fields;

  if (!kiosk_token_verify (store, payload, -1,
                           KIOSK_TOKEN_RECEIPT | KIOSK_TOKEN_REPORT_TRACKING, &token, &error))
    {
      g_message ("scanned code refused: %s", error->message);
      self->scan_error = error_from (error);
      show_error (self->scan_error_label, &self->scan_error);
      return;
    }
  fields = kiosk_token_get_fields (token);
  if (kiosk_token_get_kind (token) == KIOSK_TOKEN_RECEIPT &&
      g_strcmp0 (fields->service, "report") != 0)
    {
      set_error (self, &self->scan_error, self->scan_error_label, PROBLEM_NOT_A_REPORT, 0);
      return;
    }
  if (kiosk_track_flow_show_report (self, fields->reference))
    return;
  /* Genuine, but this kiosk has not heard of it yet (filed elsewhere, not synced). */
  set_error (self, &self->scan_error, self->scan_error_label, PROBLEM_NO_SUCH_NUMBER, 0);
}

static void
scan_failed_cb (KioskScanView  *view,
                const GError   *error,
                KioskTrackFlow *self)
{
  /* No camera: the visitor can still type the number. */
  self->scan_error = error_from (error);
  show_error (self->scan_error_label, &self->scan_error);
}

static void
number_changed_cb (GtkEditable    *editable,
                   KioskTrackFlow *self)
{
  if (self->number_error.problem != PROBLEM_NONE)
    set_error (self, &self->number_error, self->number_error_label, PROBLEM_NONE, 0);
}

static void
phone_changed_cb (GtkEditable    *editable,
                  KioskTrackFlow *self)
{
  if (self->phone_error.problem != PROBLEM_NONE)
    set_error (self, &self->phone_error, self->phone_error_label, PROBLEM_NONE, 0);
}

static void
kiosk_track_flow_dispose (GObject *object)
{
  KioskTrackFlow *self = KIOSK_TRACK_FLOW (object);

  if (self->scan_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->scan_view, self);
      kiosk_scan_view_stop (self->scan_view);
    }
  if (self->number_entry != NULL)
    g_signal_handlers_disconnect_by_data (self->number_entry, self);
  if (self->phone_entry != NULL)
    g_signal_handlers_disconnect_by_data (self->phone_entry, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_TRACK_FLOW);

  G_OBJECT_CLASS (kiosk_track_flow_parent_class)->dispose (object);
}

static void
kiosk_track_flow_finalize (GObject *object)
{
  KioskTrackFlow *self = KIOSK_TRACK_FLOW (object);

  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->current, kiosk_report_status_free);

  G_OBJECT_CLASS (kiosk_track_flow_parent_class)->finalize (object);
}

static void
kiosk_track_flow_class_init (KioskTrackFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);
  KioskFlowClass *flow_class = KIOSK_FLOW_CLASS (klass);

  object_class->dispose = kiosk_track_flow_dispose;
  object_class->finalize = kiosk_track_flow_finalize;
  page_class->retranslate = kiosk_track_flow_retranslate;
  page_class->get_initial_focus = kiosk_track_flow_get_initial_focus;
  flow_class->step_shown = kiosk_track_flow_step_shown;

  g_type_ensure (KIOSK_TYPE_SCAN_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/kiosk-track-flow.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskTrackFlow, name)
  BIND (method_heading);
  BIND (by_number_button);
  BIND (by_number_title);
  BIND (by_number_text);
  BIND (by_scan_button);
  BIND (by_scan_title);
  BIND (by_scan_text);
  BIND (by_phone_button);
  BIND (by_phone_title);
  BIND (by_phone_text);
  BIND (number_heading);
  BIND (number_hint);
  BIND (number_entry);
  BIND (number_next_button);
  BIND (scan_heading);
  BIND (scan_hint);
  BIND (scan_view);
  BIND (phone_heading);
  BIND (phone_hint);
  BIND (phone_entry);
  BIND (phone_next_button);
  BIND (results_heading);
  BIND (results_hint);
  BIND (results_box);
  BIND (status_heading);
  BIND (status_reference);
  BIND (status_value_caption);
  BIND (status_value);
  BIND (status_filed_caption);
  BIND (status_filed);
  BIND (status_place_caption);
  BIND (status_place);
  BIND (status_phone_caption);
  BIND (status_phone);
  BIND (status_history_caption);
  BIND (status_history);
  BIND (status_sync);
  BIND (status_other_button);
  BIND (status_done_button);
#undef BIND
  gtk_widget_class_bind_template_child_full (widget_class, "number_error", FALSE,
                                             G_STRUCT_OFFSET (KioskTrackFlow, number_error_label));
  gtk_widget_class_bind_template_child_full (widget_class, "phone_error", FALSE,
                                             G_STRUCT_OFFSET (KioskTrackFlow, phone_error_label));
  gtk_widget_class_bind_template_child_full (widget_class, "scan_error", FALSE,
                                             G_STRUCT_OFFSET (KioskTrackFlow, scan_error_label));

  gtk_widget_class_install_action (widget_class, "track.choose", "s", choose_action);
  gtk_widget_class_install_action (widget_class, "track.find-number", NULL, find_number_action);
  gtk_widget_class_install_action (widget_class, "track.find-phone", NULL, find_phone_action);
  gtk_widget_class_install_action (widget_class, "track.open", "s", open_action);
  gtk_widget_class_install_action (widget_class, "track.again", NULL, again_action);
}

static void
kiosk_track_flow_init (KioskTrackFlow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Numbers read left to right in both languages. */
  gtk_widget_set_direction (GTK_WIDGET (self->number_entry), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (self->phone_entry), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (self->status_reference), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (self->status_phone), GTK_TEXT_DIR_LTR);
  g_signal_connect (self->number_entry, "changed", G_CALLBACK (number_changed_cb), self);
  g_signal_connect (self->phone_entry, "changed", G_CALLBACK (phone_changed_cb), self);
  g_signal_connect (self->scan_view, "code-found", G_CALLBACK (code_found_cb), self);
  g_signal_connect (self->scan_view, "failed", G_CALLBACK (scan_failed_cb), self);
  kiosk_track_flow_retranslate (KIOSK_PAGE (self));
}

GtkWidget *
kiosk_track_flow_new (KioskStore *store)
{
  return g_object_new (KIOSK_TYPE_TRACK_FLOW, "store", store, NULL);
}

gboolean
kiosk_track_flow_show_report (KioskTrackFlow *self,
                              const char     *reference)
{
  g_autoptr(GError) error = NULL;
  KioskReportStatus *report;

  g_return_val_if_fail (KIOSK_IS_TRACK_FLOW (self), FALSE);

  report = kiosk_tracking_find_by_reference (kiosk_flow_get_store (KIOSK_FLOW (self)),
                                             reference, &error);
  if (report == NULL)
    {
      g_message ("report %s not shown: %s", reference, error->message);
      set_error (self, &self->number_error, self->number_error_label,
                 g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND)
                   ? PROBLEM_NO_SUCH_NUMBER : PROBLEM_NOT_A_NUMBER, 0);
      return FALSE;
    }
  show_status (self, report);
  return TRUE;
}

const char *
kiosk_track_flow_get_reference (KioskTrackFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_TRACK_FLOW (self), NULL);

  return self->current != NULL ? self->current->reference : NULL;
}
