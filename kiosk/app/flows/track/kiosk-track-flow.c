/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include "steps/kiosk-choice-list.h"
#include "steps/kiosk-phone-step.h"

struct _KioskTrackFlow
{
  KioskFlow          parent_instance;

  gboolean           results_by_phone;
  GListStore        *results;   /* KioskChoiceItem: a report found, by reference */
  KioskReportStatus *current;   /* on the status step */

  KioskStep         *method_step;
  KioskChoiceList   *method_list;

  KioskStep         *number_step;
  GtkEntry          *number_entry;
  GtkButton         *number_next_button;

  KioskStep         *scan_step;
  KioskScanView     *scan_view;

  KioskPhoneStep    *phone_step;

  KioskStep         *results_step;
  KioskChoiceList   *results_box;

  KioskStep         *status_step;
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

  GListStore        *methods;       /* KioskChoiceItem: number, scan (with a camera), phone */
  KioskChoiceItem   *by_scan;
};

G_DEFINE_FINAL_TYPE (KioskTrackFlow, kiosk_track_flow, KIOSK_TYPE_FLOW)

const char *
kiosk_track_flow_status_name (const char *status)
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

const char *
kiosk_track_flow_report_status_name (const KioskReportStatus *report,
                                     const char              *status)
{
  g_return_val_if_fail (report != NULL, NULL);

  if (!report->acknowledged)
    /* Translators: report status while the report is still at this kiosk: the municipality
     * has not received it yet. */
    return _("Waiting to be sent to the municipality");
  return kiosk_track_flow_status_name (status);
}

/* The sentences of this flow's own (message ids), in an error's place on a step. */
/* Translators: track a report: nothing known under the number typed or scanned. */
static const char NO_SUCH_NUMBER[] = N_("No report with this number is known here. A report filed at another kiosk or online appears after the kiosk's next connection.");
/* Translators: track a report: what was typed is not a tracking number. */
static const char NOT_A_NUMBER[] = N_("Please type the digits of the tracking number as printed on your receipt.");
/* Translators: track a report: no report was filed with this mobile number. */
static const char NO_SUCH_PHONE[] = N_("No report filed with this mobile number is known here.");
/* Translators: track a report: the scanned receipt is for a payment or another service. */
static const char NOT_A_REPORT[] = N_("This receipt is not for a report. Please scan the code on your report receipt.");

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

  kiosk_step_set_heading_text (self->status_step,
                               kiosk_i18n_pick (report->category_ar, report->category_en));
  gtk_label_set_label (self->status_reference, report->reference);
  gtk_label_set_label (self->status_value,
                       kiosk_track_flow_report_status_name (report, report->status));
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
      line = g_strdup_printf (C_("report history", "%s — %s"), when,
                             kiosk_track_flow_report_status_name (report, event->status));
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

/* The texts of a found report's choice, in the language on screen. */
static void
set_result_texts (KioskTrackFlow    *self,
                  KioskChoiceItem   *item,
                  KioskReportStatus *report)
{
  g_autofree char *filed = kiosk_i18n_format_time (report->created_at, TRUE);
  g_autofree char *details = NULL;

  /* Translators: a line of the list of reports found: "category · status · date". */
  details = g_strdup_printf (C_("report list", "%s · %s · %s"),
                             kiosk_i18n_pick (report->category_ar, report->category_en),
                             kiosk_track_flow_report_status_name (report, report->status),
                             filed);
  kiosk_choice_item_set_text (item, details);
}

static void
render_results (KioskTrackFlow *self)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->results)); i++)
    {
      g_autoptr(KioskChoiceItem) item = g_list_model_get_item (G_LIST_MODEL (self->results), i);

      set_result_texts (self, item, g_object_get_data (G_OBJECT (item), "report"));
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
  g_list_store_remove_all (self->results);
  while (found->len > 0)
    {
      KioskReportStatus *report = g_ptr_array_steal_index (found, 0);
      g_autoptr(KioskChoiceItem) item = kiosk_choice_item_new (report->reference, NULL, NULL, NULL);

      kiosk_choice_item_set_title (item, report->reference);
      kiosk_choice_item_set_title_is_identifier (item, TRUE);
      if (by_phone)
        kiosk_choice_item_set_note (item, report->phone_masked);
      /* The item keeps its report for the texts it says again after a language switch. */
      g_object_set_data_full (G_OBJECT (item), "report", report,
                              (GDestroyNotify) kiosk_report_status_free);
      set_result_texts (self, item, report);
      g_list_store_append (self->results, item);
    }
  g_ptr_array_unref (found);
  self->results_by_phone = by_phone;
  kiosk_page_retranslate (KIOSK_PAGE (self));
  kiosk_flow_go_to (KIOSK_FLOW (self), "results");
}

static void
kiosk_track_flow_retranslate (KioskPage *page)
{
  KioskTrackFlow *self = KIOSK_TRACK_FLOW (page);

  KIOSK_PAGE_CLASS (kiosk_track_flow_parent_class)->retranslate (page);

  kiosk_i18n_place_ltr (GTK_WIDGET (self->number_entry));
  kiosk_i18n_place_ltr (GTK_WIDGET (self->status_reference));
  kiosk_i18n_place_ltr (GTK_WIDGET (self->status_phone));

  /* Translators: title of the track-a-report service, in the header. */
  kiosk_page_set_title (page, _("Track a report"));

  /* Translators: accessible name of the tracking number field. */
  kiosk_accessible_set_label (GTK_WIDGET (self->number_entry), _("Tracking number"));
  /* Translators: button that looks the report up. */
  kiosk_accessible_set_button_label (self->number_next_button, _("Find"));

  if (self->results_by_phone)
    /* Translators: heading of the list of reports filed with a mobile number. */
    kiosk_step_set_heading (self->results_step, N_("Reports filed with this mobile number"));
  else
    /* Translators: heading of the list when several kiosks' reports have the same number. */
    kiosk_step_set_heading (self->results_step, N_("Several reports have this number"));
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

/* Scanning the receipt is offered only where a camera can read it; typing the number is
 * always the first way. */
static void
offer_scan (KioskTrackFlow *self,
            gboolean        offered)
{
  guint position;
  gboolean listed = g_list_store_find (self->methods, self->by_scan, &position);

  if (offered && !listed)
    g_list_store_insert (self->methods, 1, self->by_scan);
  else if (!offered && listed)
    g_list_store_remove (self->methods, position);
}

/* On screen, the window (and its camera) is known. */
static void
kiosk_track_flow_map (GtkWidget *widget)
{
  KioskTrackFlow *self = KIOSK_TRACK_FLOW (widget);

  offer_scan (self, g_strcmp0 (camera_source (self), "none") != 0);
  GTK_WIDGET_CLASS (kiosk_track_flow_parent_class)->map (widget);
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
    kiosk_step_focus_entry (self->number_entry);
  else if (g_strcmp0 (step, "phone") == 0)
    kiosk_phone_step_focus (self->phone_step);
  else if (g_strcmp0 (step, "scan") == 0)
    {
      kiosk_step_set_error (self->scan_step, KIOSK_ERROR_TEXT_NONE);
      kiosk_scan_view_start (self->scan_view, camera_source (self));
    }
  else if (g_strcmp0 (step, "status") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->status_done_button));
  else if (g_strcmp0 (step, "results") == 0)
    {
      GtkWidget *first = kiosk_choice_list_get_first_row (self->results_box);

      if (first != NULL)
        gtk_widget_grab_focus (first);
    }
  else
    gtk_widget_grab_focus (kiosk_choice_list_get_first_row (self->method_list));
}

static GtkWidget *
kiosk_track_flow_get_initial_focus (KioskPage *page)
{
  return kiosk_choice_list_get_first_row (KIOSK_TRACK_FLOW (page)->method_list);
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
        kiosk_step_set_error_message (self->number_step, NOT_A_NUMBER);
      else
        {
          g_message ("tracking look-up failed: %s", error->message);
          kiosk_step_set_error (self->number_step, kiosk_error_code_of (error));
        }
      kiosk_step_focus_entry (self->number_entry);
      return;
    }
  if (found->len == 0)
    {
      g_ptr_array_unref (found);
      kiosk_step_set_error_message (self->number_step, NO_SUCH_NUMBER);
      kiosk_step_focus_entry (self->number_entry);
      return;
    }
  kiosk_step_set_error (self->number_step, KIOSK_ERROR_TEXT_NONE);
  show_found (self, found, FALSE);
}

static void
phone_done_cb (KioskPhoneStep *step,
               const char     *phone,
               KioskTrackFlow *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *found;

  found = kiosk_tracking_find_by_phone (kiosk_flow_get_store (KIOSK_FLOW (self)), phone, &error);
  if (found == NULL)
    {
      g_message ("phone look-up refused: %s", error->message);
      kiosk_step_set_error (KIOSK_STEP (step), kiosk_error_code_of (error));
      kiosk_phone_step_focus (step);
      return;
    }
  if (found->len == 0)
    {
      g_ptr_array_unref (found);
      kiosk_step_set_error_message (KIOSK_STEP (step), NO_SUCH_PHONE);
      kiosk_phone_step_focus (step);
      return;
    }
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
  kiosk_phone_step_clear (self->phone_step);
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
      kiosk_step_set_error (self->scan_step, kiosk_error_code_of (error));
      return;
    }
  fields = kiosk_token_get_fields (token);
  if (kiosk_token_get_kind (token) == KIOSK_TOKEN_RECEIPT &&
      g_strcmp0 (fields->service, "report") != 0)
    {
      kiosk_step_set_error_message (self->scan_step, NOT_A_REPORT);
      return;
    }
  if (kiosk_track_flow_show_report (self, fields->reference))
    return;
  /* Genuine, but this kiosk has not heard of it yet (filed elsewhere, not synced). */
  kiosk_step_set_error_message (self->scan_step, NO_SUCH_NUMBER);
}

static void
scan_failed_cb (KioskScanView  *view,
                const GError   *error,
                KioskTrackFlow *self)
{
  /* No camera: the visitor can still type the number. */
  kiosk_step_set_error (self->scan_step, kiosk_error_code_of (error));
}

/* Typing again puts the hint back: the error was about the number as it was. */
static void
number_changed_cb (GtkEditable    *editable,
                   KioskTrackFlow *self)
{
  kiosk_step_set_error (self->number_step, KIOSK_ERROR_TEXT_NONE);
}

static void
kiosk_track_flow_dispose (GObject *object)
{
  KioskTrackFlow *self = KIOSK_TRACK_FLOW (object);

  if (self->scan_view != NULL)
    kiosk_scan_view_stop (self->scan_view);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_TRACK_FLOW);
  g_clear_object (&self->methods);
  g_clear_object (&self->by_scan);

  G_OBJECT_CLASS (kiosk_track_flow_parent_class)->dispose (object);
}

static void
kiosk_track_flow_finalize (GObject *object)
{
  KioskTrackFlow *self = KIOSK_TRACK_FLOW (object);

  g_clear_object (&self->results);
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
  widget_class->map = kiosk_track_flow_map;
  object_class->finalize = kiosk_track_flow_finalize;
  page_class->retranslate = kiosk_track_flow_retranslate;
  page_class->get_initial_focus = kiosk_track_flow_get_initial_focus;
  flow_class->step_shown = kiosk_track_flow_step_shown;

  g_type_ensure (KIOSK_TYPE_CHOICE_LIST);
  g_type_ensure (KIOSK_TYPE_PHONE_STEP);
  g_type_ensure (KIOSK_TYPE_SCAN_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/flows/track/kiosk-track-flow.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskTrackFlow, name)
#define BIND_STEP(id, field) \
  gtk_widget_class_bind_template_child_full (widget_class, id, FALSE, \
                                             G_STRUCT_OFFSET (KioskTrackFlow, field))
  BIND_STEP ("method", method_step);
  BIND (method_list);
  BIND_STEP ("number", number_step);
  BIND (number_entry);
  BIND (number_next_button);
  BIND_STEP ("scan", scan_step);
  BIND (scan_view);
  BIND_STEP ("phone", phone_step);
  BIND_STEP ("results", results_step);
  BIND (results_box);
  BIND_STEP ("status", status_step);
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
#undef BIND_STEP
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, number_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_found_cb);
  gtk_widget_class_bind_template_callback (widget_class, scan_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, phone_done_cb);

  gtk_widget_class_install_action (widget_class, "track.choose", "s", choose_action);
  gtk_widget_class_install_action (widget_class, "track.find-number", NULL, find_number_action);
  gtk_widget_class_install_action (widget_class, "track.open", "s", open_action);
  gtk_widget_class_install_action (widget_class, "track.again", NULL, again_action);
}

static void
kiosk_track_flow_init (KioskTrackFlow *self)
{
  g_autoptr(KioskChoiceItem) by_number = NULL;
  g_autoptr(KioskChoiceItem) by_phone = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Translators: track a report, first step: how to find the report. */
  kiosk_step_set_heading (self->method_step, N_("How would you like to find your report?"));
  /* Translators: heading of the step where the tracking number is typed. */
  kiosk_step_set_heading (self->number_step, N_("Type your tracking number"));
  /* Translators: under the heading; the example is the digits of a tracking number. */
  kiosk_step_set_hint (self->number_step, N_("The digits after the kiosk code are enough, for example 2611300001."));
  /* Translators: heading of the step that scans a receipt. */
  kiosk_step_set_heading (self->scan_step, N_("Scan your receipt"));
  /* Translators: under the heading of the scan step. */
  kiosk_step_set_hint (self->scan_step, N_("Hold the QR code inside the frame, about 20 cm from the camera."));
  /* Translators: heading of the step where the mobile number is typed. */
  kiosk_step_set_heading (KIOSK_STEP (self->phone_step), N_("Your mobile number"));
  /* Translators: under the heading of the mobile number step of tracking. */
  kiosk_step_set_hint (KIOSK_STEP (self->phone_step), N_("The number you gave when you filed the report."));
  /* Translators: under the heading of a list of reports. */
  kiosk_step_set_hint (self->results_step, N_("Choose your report to see its status."));

  by_number = kiosk_choice_item_new ("number", "kiosk-track-report-symbolic",
                                     /* Translators: choice: type the tracking number. */
                                     N_("Tracking number"),
                                     /* Translators: under "Tracking number". */
                                     N_("Type the number printed on your receipt"));
  self->by_scan = kiosk_choice_item_new ("scan", "kiosk-scan-symbolic",
                                   /* Translators: choice: scan the QR code of the receipt. */
                                   N_("Scan the receipt"),
                                   /* Translators: under "Scan the receipt". */
                                   N_("Hold the QR code of your receipt up to the camera"));
  by_phone = kiosk_choice_item_new ("phone", "kiosk-feedback-symbolic",
                                    /* Translators: choice: find reports by mobile number. */
                                    N_("Mobile number"),
                                    /* Translators: under "Mobile number". */
                                    N_("See the reports filed with your mobile number"));
  self->methods = g_list_store_new (KIOSK_TYPE_CHOICE_ITEM);
  g_list_store_append (self->methods, by_number);
  g_list_store_append (self->methods, self->by_scan);
  g_list_store_append (self->methods, by_phone);
  kiosk_choice_list_set_model (self->method_list, G_LIST_MODEL (self->methods));
  self->results = g_list_store_new (KIOSK_TYPE_CHOICE_ITEM);
  kiosk_choice_list_set_model (self->results_box, G_LIST_MODEL (self->results));

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
      kiosk_step_set_error_message (self->number_step,
                                    g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND)
                                    ? NO_SUCH_NUMBER : NOT_A_NUMBER);
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
