/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attendant sign-in and desk: counter vouchers, sync health, offline warning. */
#define G_LOG_DOMAIN "kiosk-attendant-flow"

#include "config.h"

#include "kiosk-attendant-flow.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-attendants.h"
#include "kiosk-desk.h"
#include "kiosk-desk-alert-item.h"
#include "kiosk-desk-alert-row.h"
#include "kiosk-desk-health.h"
#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-i18n.h"
#include "kiosk-keyboard.h"
#include "kiosk-payment-step.h"
#include "kiosk-payments.h"
#include "kiosk-scan-view.h"
#include "kiosk-slips.h"
#include "kiosk-token.h"
#include "kiosk-window.h"
#include "kiosk-z-report.h"

struct _KioskAttendantFlow
{
  KioskFlow       parent_instance;

  char           *attendant_id;   /* signed in, or NULL */
  char           *attendant_name;
  char           *voucher;        /* a scanned CV token waiting for confirmation */
  KioskRecordRef  confirmation;
  char           *voided;         /* the reference of the last voucher voided */
  int             login_error;
  int             desk_error;
  char           *reprint_text;   /* what the reprint or Z result says, or NULL */
  char           *z_text;
  GListStore     *alerts;         /* KioskDeskAlertItem */

  GtkLabel       *login_heading;
  GtkLabel       *id_caption;
  GtkEntry       *id_entry;
  GtkLabel       *pin_caption;
  GtkEntry       *pin_entry;
  GtkLabel       *login_error_label;
  GtkButton      *login_button;

  GtkLabel       *desk_heading;
  GtkLabel       *warning_label;
  GtkLabel       *voucher_caption;
  GtkLabel       *voucher_label;   /* the scanned voucher: reference and amount */
  GtkEntry       *reference_entry;
  GtkButton      *confirm_button;
  GtkButton      *scan_button;
  KioskScanView  *scan_view;
  GtkLabel       *desk_error_label;
  GtkLabel       *result_label;
  GtkButton      *void_button;
  GtkButton      *receipts_button;
  GtkButton      *devices_button;
  GtkButton      *leave_button;

  GtkLabel       *reprint_heading;
  GtkEntry       *reprint_entry;
  KioskScanView  *reprint_scan_view;
  GtkLabel       *reprint_result_label;
  GtkButton      *reprint_button;
  GtkButton      *reprint_scan_button;
  GtkLabel       *alerts_heading;
  GtkLabel       *alerts_empty_label;
  GtkListBox     *alerts_list;

  GtkLabel       *devices_heading;
  KioskDeskHealth *health;
  GtkLabel       *z_result_label;
  GtkButton      *z_button;
};

G_DEFINE_FINAL_TYPE (KioskAttendantFlow, kiosk_attendant_flow, KIOSK_TYPE_FLOW)

static void
show_error (GtkLabel *label,
            int       code)
{
  gtk_widget_set_visible (GTK_WIDGET (label), code != KIOSK_ERROR_TEXT_NONE);
  gtk_label_set_label (label, code != KIOSK_ERROR_TEXT_NONE ? kiosk_error_text_for_code (code) : "");
}

static void
update_desk (KioskAttendantFlow *self)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  KioskOfflineExposure exposure = { 0 };
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), FALSE);
  if (kiosk_payments_get_exposure (store, &exposure, &error) &&
      kiosk_payments_should_warn (kiosk_payments_get_limits (store), &exposure,
                                  kiosk_store_now (store)))
    {
      g_autofree char *total = kiosk_money_format (exposure.total, kiosk_i18n_get_lang (),
                                                   kiosk_i18n_get_digits ());
      g_autofree char *text = NULL;

      /* Translators: attendant desk warning: card payments approved offline are close to
       * the limit; %s is the amount held ("OMR 45.000"). */
      text = g_strdup_printf (_("Card payments held offline: %s. The offline limit is near: please restore the network connection so they can be sent."),
                              total);
      gtk_label_set_label (self->warning_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->warning_label), TRUE);
    }
  else if (error != NULL)
    g_message ("offline exposure unavailable: %s", error->message);

  /* A voucher handed over from the scan page: what it is, before the cash is taken. */
  gtk_widget_set_visible (GTK_WIDGET (self->voucher_label), self->voucher != NULL);
  if (self->voucher != NULL)
    {
      g_autoptr(KioskToken) token = NULL;
      g_autoptr(GError) token_error = NULL;

      if (kiosk_token_verify (store, self->voucher, -1, KIOSK_TOKEN_COUNTER_VOUCHER, &token,
                              &token_error))
        {
          const KioskTokenFields *fields = kiosk_token_get_fields (token);
          g_autofree char *amount = kiosk_money_format (fields->amount, kiosk_i18n_get_lang (),
                                                        kiosk_i18n_get_digits ());
          g_autofree char *text = NULL;

          /* Translators: attendant desk, the scanned voucher: %1$s its reference, %2$s the
           * amount to take in cash. */
          text = g_strdup_printf (_("Voucher %1$s: collect %2$s"), fields->reference, amount);
          gtk_label_set_label (self->voucher_label, text);
        }
      else
        {
          gtk_label_set_label (self->voucher_label, kiosk_error_text (token_error));
        }
    }
}

static KioskPrinter *
window_printer (KioskAttendantFlow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return KIOSK_IS_WINDOW (root) ? kiosk_window_get_printer (KIOSK_WINDOW (root)) : NULL;
}

static void
refresh_alerts (KioskAttendantFlow *self)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GError) error = NULL;

  g_list_store_remove_all (self->alerts);
  if (store != NULL && (alerts = kiosk_desk_list_alerts (store, &error)) == NULL)
    g_message ("desk alerts unavailable: %s", error->message);
  for (guint i = 0; alerts != NULL && i < alerts->len; i++)
    {
      g_autoptr(KioskDeskAlertItem) item = kiosk_desk_alert_item_new (g_steal_pointer (&alerts->pdata[i]));

      g_list_store_append (self->alerts, item);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->alerts_empty_label),
                          g_list_model_get_n_items (G_LIST_MODEL (self->alerts)) == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->alerts_list),
                          g_list_model_get_n_items (G_LIST_MODEL (self->alerts)) > 0);
}

static void
refresh_health (KioskAttendantFlow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  kiosk_desk_health_refresh (self->health, kiosk_flow_get_store (KIOSK_FLOW (self)),
                             window_printer (self),
                             KIOSK_IS_WINDOW (root)
                             ? kiosk_window_get_camera_source (KIOSK_WINDOW (root)) : "none",
                             kiosk_payment_step_get_default_spec ());
}

static void
kiosk_attendant_flow_retranslate (KioskPage *page)
{
  KioskAttendantFlow *self = KIOSK_ATTENDANT_FLOW (page);
  g_autofree char *hello = NULL;

  /* Translators: title of the attendant (staff) pages, in the header. */
  kiosk_page_set_title (page, _("Staff"));
  /* Translators: attendant sign-in heading. */
  gtk_label_set_label (self->login_heading, _("Staff sign-in"));
  /* Translators: caption of the staff number field. */
  gtk_label_set_label (self->id_caption, _("Staff number"));
  kiosk_accessible_set_label (GTK_WIDGET (self->id_entry), _("Staff number"));
  /* Translators: caption of the attendant's PIN field. */
  gtk_label_set_label (self->pin_caption, _("PIN"));
  kiosk_accessible_set_label (GTK_WIDGET (self->pin_entry), _("PIN"));
  /* Translators: attendant sign-in button. */
  kiosk_accessible_set_button_label (self->login_button, _("Sign in"));
  show_error (self->login_error_label, self->login_error);

  /* Translators: attendant desk heading; %s is the attendant's name. */
  hello = g_strdup_printf (_("Attendant desk — %s"), self->attendant_name ? self->attendant_name : "");
  gtk_label_set_label (self->desk_heading, hello);
  /* Translators: attendant desk, caption over the voucher reference field. */
  gtk_label_set_label (self->voucher_caption, _("Counter voucher: scan it, or type its reference"));
  kiosk_accessible_set_label (GTK_WIDGET (self->reference_entry), _("Voucher reference"));
  /* Translators: attendant desk button: the cash for the voucher was received. */
  kiosk_accessible_set_button_label (self->confirm_button, _("Confirm cash received"));
  /* Translators: attendant desk button: scan a voucher with the kiosk's camera. */
  kiosk_accessible_set_button_label (self->scan_button, _("Scan voucher"));
  /* Translators: attendant desk button: sign out and go back to the home screen. */
  kiosk_accessible_set_button_label (self->leave_button, _("Sign out"));
  show_error (self->desk_error_label, self->desk_error);
  if (self->confirmation.reference != NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: attendant desk, after confirming a voucher; %s is the confirmation's
       * reference number. */
      text = g_strdup_printf (_("Payment confirmed. Confirmation number: %s"),
                              self->confirmation.reference);
      gtk_label_set_label (self->result_label, text);
    }
  else if (self->voided != NULL)
    {
      g_autofree char *reference = kiosk_i18n_ltr (self->voided);
      g_autofree char *text = NULL;

      /* Translators: attendant desk, after voiding a voucher; %s its reference. */
      text = g_strdup_printf (_("Voucher %s voided. Nothing it was for was renewed or paid."),
                              reference);
      gtk_label_set_label (self->result_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->result_label),
                          self->confirmation.reference != NULL || self->voided != NULL);
  /* Translators: attendant desk button: cancel a voucher nobody paid. */
  kiosk_accessible_set_button_label (self->void_button, _("Void unpaid voucher"));
  /* Translators: attendant desk button: reprint receipts and see what needs action. */
  kiosk_accessible_set_button_label (self->receipts_button, _("Receipts and alerts"));
  /* Translators: attendant desk button: device health and the end-of-day report. */
  kiosk_accessible_set_button_label (self->devices_button, _("Devices and end of day"));

  /* Translators: attendant, heading of the reprint part. */
  gtk_label_set_label (self->reprint_heading, _("Reprint a receipt of the last 7 days: type its reference or scan its code"));
  kiosk_accessible_set_label (GTK_WIDGET (self->reprint_entry), _("Receipt reference"));
  /* Translators: attendant button: print the receipt again (marked "copy"). */
  kiosk_accessible_set_button_label (self->reprint_button, _("Reprint"));
  /* Translators: attendant button: scan a receipt's code with the kiosk's camera. */
  kiosk_accessible_set_button_label (self->reprint_scan_button, _("Scan receipt"));
  gtk_label_set_label (self->reprint_result_label, self->reprint_text ? self->reprint_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reprint_result_label), self->reprint_text != NULL);
  /* Translators: attendant, heading of the list of what waits for action. */
  gtk_label_set_label (self->alerts_heading, _("Needs attention"));
  /* Translators: attendant, the list of what waits for action is empty. */
  gtk_label_set_label (self->alerts_empty_label, _("Nothing is waiting for you."));

  /* Translators: attendant, heading of the devices and end-of-day step. */
  gtk_label_set_label (self->devices_heading, _("Devices and end of day"));
  /* Translators: attendant button: take and print the end-of-day (Z) report. */
  kiosk_accessible_set_button_label (self->z_button, _("Print end-of-day report"));
  gtk_label_set_label (self->z_result_label, self->z_text ? self->z_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->z_result_label), self->z_text != NULL);
  if (g_strcmp0 (kiosk_flow_get_step (KIOSK_FLOW (self)), "receipts") == 0)
    refresh_alerts (self);
  update_desk (self);
}

static void
kiosk_attendant_flow_step_shown (KioskFlow  *flow,
                                 const char *step)
{
  KioskAttendantFlow *self = KIOSK_ATTENDANT_FLOW (flow);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (g_strcmp0 (step, "desk") == 0)
    {
      update_desk (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->reference_entry));
    }
  else if (g_strcmp0 (step, "receipts") == 0)
    {
      refresh_alerts (self);
      /* The list first: the keyboard comes up when the attendant touches the field. */
      gtk_widget_grab_focus (GTK_WIDGET (self->reprint_button));
    }
  else if (g_strcmp0 (step, "devices") == 0)
    {
      refresh_health (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->z_button));
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->id_entry));
}

static GtkWidget *
kiosk_attendant_flow_get_initial_focus (KioskPage *page)
{
  return GTK_WIDGET (KIOSK_ATTENDANT_FLOW (page)->id_entry);
}

static void
login_cb (KioskAttendantFlow *self)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  g_autofree char *id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->id_entry))));
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    g_set_error_literal (&error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN, "no store");
  else
    kiosk_attendants_login (store, id,
                            gtk_editable_get_text (GTK_EDITABLE (self->pin_entry)), &name,
                            &error);
  /* The PIN never stays on screen or in a buffer longer than needed. */
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  if (error != NULL)
    {
      g_message ("attendant sign-in refused: %s", error->message);
      self->login_error = error->domain == KIOSK_ERROR ? error->code : KIOSK_ERROR_FAILED;
      show_error (self->login_error_label, self->login_error);
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
      return;
    }

  self->login_error = KIOSK_ERROR_TEXT_NONE;
  g_free (self->attendant_id);
  self->attendant_id = g_steal_pointer (&id);
  g_free (self->attendant_name);
  self->attendant_name = g_steal_pointer (&name);
  kiosk_attendant_flow_retranslate (KIOSK_PAGE (self));
  kiosk_flow_go_to_final (KIOSK_FLOW (self), "desk");
}

static void
confirm (KioskAttendantFlow *self,
         const char         *voucher_text)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  if (self->attendant_id == NULL || store == NULL)
    return;
  if (!kiosk_payments_confirm_counter (store, voucher_text, self->attendant_id, &ref, &error))
    {
      g_message ("voucher not confirmed: %s", error->message);
      self->desk_error = error->domain == KIOSK_ERROR ? error->code : KIOSK_ERROR_FAILED;
      kiosk_attendant_flow_retranslate (KIOSK_PAGE (self));
      return;
    }
  self->desk_error = KIOSK_ERROR_TEXT_NONE;
  g_clear_pointer (&self->voided, g_free);
  kiosk_record_ref_clear (&self->confirmation);
  self->confirmation = (KioskRecordRef) { g_steal_pointer (&ref.uuid),
                                          g_steal_pointer (&ref.reference) };
  g_clear_pointer (&self->voucher, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->reference_entry), "");
  kiosk_attendant_flow_retranslate (KIOSK_PAGE (self));
}

static void
confirm_cb (KioskAttendantFlow *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->reference_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (typed));

  /* A typed reference wins over a voucher waiting from the scan page. */
  if (stripped[0] == '\0' && self->voucher != NULL)
    {
      g_autofree char *voucher = g_strdup (self->voucher);

      confirm (self, voucher);
    }
  else
    confirm (self, stripped);
}

static void
code_found_cb (KioskScanView      *view,
               const char         *payload,
               KioskAttendantFlow *self)
{
  kiosk_scan_view_stop (view);
  gtk_widget_set_visible (GTK_WIDGET (view), FALSE);
  kiosk_attendant_flow_set_voucher (self, payload);
}

static void
scan_failed_cb (KioskScanView      *view,
                const GError       *error,
                KioskAttendantFlow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (view), FALSE);
  self->desk_error = error->domain == KIOSK_ERROR ? error->code : KIOSK_ERROR_FAILED;
  kiosk_attendant_flow_retranslate (KIOSK_PAGE (self));
}

static void
scan_cb (KioskAttendantFlow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *source = KIOSK_IS_WINDOW (root) ? kiosk_window_get_camera_source (KIOSK_WINDOW (root))
                                             : "none";

  gtk_widget_set_visible (GTK_WIDGET (self->scan_view), TRUE);
  kiosk_scan_view_start (self->scan_view, source);
}

/* Paper from the desk ---------------------------------------------------------------------
 * A reprint or a Z report goes to the kiosk's printer in the background; its outcome is
 * said on the step that asked, audited, and a receipt that came out is counted (the next
 * slip of it says "copy"). */

typedef struct
{
  GWeakRef  flow;
  KioskStore *store;        /* outlives the window */
  char     *attendant_id;
  char     *receipt_uuid;   /* a reprint's receipt, or NULL for a Z report */
  char     *reference;
  gboolean  copy;
} DeskJob;

static void
desk_job_free (DeskJob *job)
{
  g_weak_ref_clear (&job->flow);
  g_free (job->attendant_id);
  g_free (job->receipt_uuid);
  g_free (job->reference);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskJob, desk_job_free)

static void
set_paper_text (KioskAttendantFlow *self,
                gboolean            z_report,
                char               *text)
{
  char **slot = z_report ? &self->z_text : &self->reprint_text;

  g_free (*slot);
  *slot = text;
  kiosk_attendant_flow_retranslate (KIOSK_PAGE (self));
}

static void
desk_printed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DeskJob) job = user_data;
  g_autoptr(KioskAttendantFlow) self = g_weak_ref_get (&job->flow);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *reference = kiosk_i18n_ltr (job->reference);
  char *text;
  gboolean printed = kiosk_printer_print_finish (KIOSK_PRINTER (source), result, &error);

  if (!printed)
    g_message ("%s not printed: %s", job->reference, error->message);
  if (job->receipt_uuid != NULL)
    {
      if (printed && !kiosk_receipts_mark_printed (job->store, job->receipt_uuid, &store_error))
        g_message ("reprint not counted: %s", store_error->message);
      detail = g_strdup_printf ("{\"reference\":\"%s\",\"copy\":%s,\"printed\":%s}",
                                job->reference, job->copy ? "true" : "false",
                                printed ? "true" : "false");
      g_clear_error (&store_error);
      if (!kiosk_attendants_audit (job->store, job->attendant_id, KIOSK_AUDIT_RECEIPT_REPRINTED,
                                   job->receipt_uuid, detail, &store_error))
        g_message ("reprint not audited: %s", store_error->message);
    }
  if (self == NULL || self->alerts == NULL)
    return;
  if (job->receipt_uuid != NULL)
    text = printed
      /* Translators: attendant, a receipt was reprinted; %s its reference. */
      ? g_strdup_printf (_("Receipt %s printed."), reference)
      /* Translators: attendant, a reprint failed; %s the receipt's reference. */
      : g_strdup_printf (_("Receipt %s could not be printed: see the printer's state under Devices."), reference);
  else
    text = printed
      /* Translators: attendant, the end-of-day report came out; %s its reference. */
      ? g_strdup_printf (_("End-of-day report %s taken and printed."), reference)
      /* Translators: attendant, the end-of-day report was taken (and will reach the
       * municipality) but the printer failed; %s its reference. */
      : g_strdup_printf (_("End-of-day report %s taken, but it could not be printed. Fix the printer and print it again with kiosk-admin print z-report."), reference);
  set_paper_text (self, job->receipt_uuid == NULL, text);
  if (job->receipt_uuid != NULL)
    refresh_alerts (self);
}

/* Sends `slip`; FALSE (and nothing sent) when the kiosk has no printer. */
static gboolean
desk_print (KioskAttendantFlow *self,
            KioskSlip          *slip,
            const char         *receipt_uuid,
            const char         *reference,
            gboolean            copy)
{
  KioskPrinter *printer = window_printer (self);
  DeskJob *job;

  if (printer == NULL)
    return FALSE;
  job = g_new0 (DeskJob, 1);
  g_weak_ref_init (&job->flow, self);
  job->store = kiosk_flow_get_store (KIOSK_FLOW (self));
  job->attendant_id = g_strdup (self->attendant_id);
  job->receipt_uuid = g_strdup (receipt_uuid);
  job->reference = g_strdup (reference);
  job->copy = copy;
  kiosk_printer_print_async (printer, slip, NULL, desk_printed_cb, job);
  return TRUE;
}

static void
reprint (KioskAttendantFlow *self,
         const char         *text)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  g_autoptr(KioskReceipt) receipt = NULL;
  g_autoptr(KioskSlip) slip = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = NULL;

  if (self->attendant_id == NULL || store == NULL)
    return;
  receipt = kiosk_desk_find_receipt (store, text, &error);
  if (receipt != NULL)
    slip = kiosk_slips_for_receipt (store, receipt, kiosk_i18n_get_language (),
                                    kiosk_i18n_get_digits (), &error);
  if (slip == NULL)
    {
      g_message ("no reprint: %s", error->message);
      set_paper_text (self, FALSE,
                      g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND)
                      /* Translators: attendant, reprint: nothing matches what was typed or
                       * scanned. */
                      ? g_strdup (_("No receipt of the last 7 days has this reference."))
                      : g_strdup (kiosk_error_text (error)));
      return;
    }
  reference = kiosk_i18n_ltr (receipt->reference);
  if (!desk_print (self, slip, receipt->uuid, receipt->reference, receipt->print_count > 0))
    {
      /* Translators: attendant, reprint on a kiosk configured without a printer. */
      set_paper_text (self, FALSE, g_strdup (_("This kiosk has no receipt printer.")));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->reprint_entry), "");
  /* Translators: attendant, a reprint was sent to the printer; %s the receipt's reference. */
  set_paper_text (self, FALSE, g_strdup_printf (_("Printing receipt %s…"), reference));
}

static void
reprint_cb (KioskAttendantFlow *self)
{
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reprint_entry))));

  reprint (self, typed);
}

static void
reprint_code_found_cb (KioskScanView      *view,
                       const char         *payload,
                       KioskAttendantFlow *self)
{
  kiosk_scan_view_stop (view);
  gtk_widget_set_visible (GTK_WIDGET (view), FALSE);
  reprint (self, payload);
}

static void
reprint_scan_cb (KioskAttendantFlow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_widget_set_visible (GTK_WIDGET (self->reprint_scan_view), TRUE);
  kiosk_scan_view_start (self->reprint_scan_view,
                         KIOSK_IS_WINDOW (root) ? kiosk_window_get_camera_source (KIOSK_WINDOW (root))
                                                : "none");
}

static void
z_report_cb (KioskAttendantFlow *self)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  g_autoptr(KioskZReport) report = NULL;
  g_autoptr(KioskSlip) slip = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *reference = NULL;

  if (self->attendant_id == NULL || store == NULL)
    return;
  report = kiosk_z_report_take (store, self->attendant_id, &error);
  if (report == NULL)
    {
      g_message ("no Z report: %s", error->message);
      set_paper_text (self, TRUE, g_strdup (kiosk_error_text (error)));
      return;
    }
  reference = kiosk_i18n_ltr (report->reference);
  code = kiosk_store_dup_kiosk_code (store, NULL);
  slip = kiosk_slips_z_report (report, code, kiosk_i18n_get_language (),
                               kiosk_i18n_get_digits (), &error);
  if (slip == NULL)
    {
      g_message ("Z report %s not laid out: %s", report->reference, error->message);
      set_paper_text (self, TRUE, g_strdup (kiosk_error_text (error)));
      return;
    }
  if (!desk_print (self, slip, NULL, report->reference, FALSE))
    /* Translators: attendant, the end-of-day report was taken on a kiosk without a
     * printer; %s its reference. */
    set_paper_text (self, TRUE, g_strdup_printf (_("End-of-day report %s taken. This kiosk has no receipt printer."), reference));
  else
    /* Translators: attendant, the end-of-day report was taken and is printing; %s its
     * reference. */
    set_paper_text (self, TRUE, g_strdup_printf (_("End-of-day report %s taken: printing…"), reference));
}

static void
alert_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KioskAttendantFlow *self = KIOSK_ATTENDANT_FLOW (widget);
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  const char *target = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (self->attendant_id == NULL || store == NULL)
    return;
  if (g_str_has_prefix (target, "print:"))
    reprint (self, target + strlen ("print:"));
  else if (g_str_has_prefix (target, "reversal:"))
    {
      if (!kiosk_desk_handle_reversal (store, self->attendant_id, target + strlen ("reversal:"),
                                       NULL, &error))
        g_message ("reversal not marked handled: %s", error->message);
      refresh_alerts (self);
    }
}

static void
void_cb (KioskAttendantFlow *self)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reference_entry))));
  g_autofree char *text = typed[0] == '\0' && self->voucher != NULL ? g_strdup (self->voucher)
                                                                    : g_strdup (typed);
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskToken) token = NULL;

  if (self->attendant_id == NULL || store == NULL)
    return;
  if (!kiosk_payments_void_counter (store, text, self->attendant_id, NULL, &error))
    {
      g_message ("voucher not voided: %s", error->message);
      self->desk_error = error->domain == KIOSK_ERROR ? error->code : KIOSK_ERROR_FAILED;
      kiosk_attendant_flow_retranslate (KIOSK_PAGE (self));
      return;
    }
  self->desk_error = KIOSK_ERROR_TEXT_NONE;
  kiosk_record_ref_clear (&self->confirmation);
  g_free (self->voided);
  /* What the attendant typed or scanned, said back as the voucher's reference. */
  if (kiosk_token_verify (store, text, -1, KIOSK_TOKEN_COUNTER_VOUCHER, &token, NULL))
    self->voided = g_strdup (kiosk_token_get_fields (token)->reference);
  else
    self->voided = g_ascii_strup (text, -1);
  g_clear_pointer (&self->voucher, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->reference_entry), "");
  kiosk_attendant_flow_retranslate (KIOSK_PAGE (self));
}

static void
receipts_cb (KioskAttendantFlow *self)
{
  kiosk_flow_go_to (KIOSK_FLOW (self), "receipts");
}

static void
devices_cb (KioskAttendantFlow *self)
{
  kiosk_flow_go_to (KIOSK_FLOW (self), "devices");
}

static void
sign_out (KioskAttendantFlow *self)
{
  if (self->attendant_id != NULL)
    {
      KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
      g_autoptr(GError) error = NULL;

      if (store != NULL &&
          !kiosk_attendants_audit (store, self->attendant_id, "attendant_logout", NULL, NULL,
                                   &error))
        g_message ("sign-out not audited: %s", error->message);
    }
  g_clear_pointer (&self->attendant_id, g_free);
  g_clear_pointer (&self->attendant_name, g_free);
}

static void
leave_cb (KioskAttendantFlow *self)
{
  sign_out (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.home", NULL);
}

static void
kiosk_attendant_flow_dispose (GObject *object)
{
  KioskAttendantFlow *self = KIOSK_ATTENDANT_FLOW (object);

  /* The session ended or the page was left: the attendant is signed out with it. */
  sign_out (self);
  if (self->scan_view != NULL)
    kiosk_scan_view_stop (self->scan_view);
  if (self->reprint_scan_view != NULL)
    kiosk_scan_view_stop (self->reprint_scan_view);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_ATTENDANT_FLOW);

  G_OBJECT_CLASS (kiosk_attendant_flow_parent_class)->dispose (object);
}

static void
kiosk_attendant_flow_finalize (GObject *object)
{
  KioskAttendantFlow *self = KIOSK_ATTENDANT_FLOW (object);

  g_free (self->voucher);
  g_free (self->voided);
  g_free (self->reprint_text);
  g_free (self->z_text);
  g_clear_object (&self->alerts);
  kiosk_record_ref_clear (&self->confirmation);

  G_OBJECT_CLASS (kiosk_attendant_flow_parent_class)->finalize (object);
}

static void
kiosk_attendant_flow_class_init (KioskAttendantFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);
  KioskFlowClass *flow_class = KIOSK_FLOW_CLASS (klass);

  object_class->dispose = kiosk_attendant_flow_dispose;
  object_class->finalize = kiosk_attendant_flow_finalize;
  page_class->retranslate = kiosk_attendant_flow_retranslate;
  page_class->get_initial_focus = kiosk_attendant_flow_get_initial_focus;
  flow_class->step_shown = kiosk_attendant_flow_step_shown;

  g_type_ensure (KIOSK_TYPE_SCAN_VIEW);
  g_type_ensure (KIOSK_TYPE_DESK_HEALTH);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/pages/kiosk-attendant-flow.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskAttendantFlow, name)
  BIND (login_heading);
  BIND (id_caption);
  BIND (id_entry);
  BIND (pin_caption);
  BIND (pin_entry);
  BIND (login_error_label);
  BIND (login_button);
  BIND (desk_heading);
  BIND (warning_label);
  BIND (voucher_caption);
  BIND (voucher_label);
  BIND (reference_entry);
  BIND (confirm_button);
  BIND (scan_button);
  BIND (scan_view);
  BIND (desk_error_label);
  BIND (result_label);
  BIND (leave_button);
  BIND (void_button);
  BIND (receipts_button);
  BIND (devices_button);
  BIND (reprint_heading);
  BIND (reprint_entry);
  BIND (reprint_scan_view);
  BIND (reprint_result_label);
  BIND (reprint_button);
  BIND (reprint_scan_button);
  BIND (alerts_heading);
  BIND (alerts_empty_label);
  BIND (alerts_list);
  BIND (devices_heading);
  BIND (health);
  BIND (z_result_label);
  BIND (z_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, code_found_cb);
  gtk_widget_class_bind_template_callback (widget_class, confirm_cb);
  gtk_widget_class_bind_template_callback (widget_class, leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, login_cb);
  gtk_widget_class_bind_template_callback (widget_class, scan_cb);
  gtk_widget_class_bind_template_callback (widget_class, scan_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, void_cb);
  gtk_widget_class_bind_template_callback (widget_class, receipts_cb);
  gtk_widget_class_bind_template_callback (widget_class, devices_cb);
  gtk_widget_class_bind_template_callback (widget_class, reprint_cb);
  gtk_widget_class_bind_template_callback (widget_class, reprint_scan_cb);
  gtk_widget_class_bind_template_callback (widget_class, reprint_code_found_cb);
  gtk_widget_class_bind_template_callback (widget_class, z_report_cb);
  gtk_widget_class_install_action (widget_class, "desk.alert", "s", alert_action);
}

static GtkWidget *
create_alert_row (gpointer item,
                  gpointer user_data)
{
  return kiosk_desk_alert_row_new (KIOSK_DESK_ALERT_ITEM (item));
}

static void
kiosk_attendant_flow_init (KioskAttendantFlow *self)
{
  self->login_error = KIOSK_ERROR_TEXT_NONE;
  self->desk_error = KIOSK_ERROR_TEXT_NONE;
  self->alerts = g_list_store_new (KIOSK_TYPE_DESK_ALERT_ITEM);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_bind_model (self->alerts_list, G_LIST_MODEL (self->alerts), create_alert_row,
                           NULL, NULL);

  /* Staff numbers and references are Latin in both languages. */
  gtk_widget_set_direction (GTK_WIDGET (self->id_entry), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (self->pin_entry), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (self->reference_entry), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (self->reprint_entry), GTK_TEXT_DIR_LTR);
  /* ... and typed on the Latin keyboard with its digits, also in an Arabic session. */
  kiosk_keyboard_declare_field (GTK_WIDGET (self->id_entry), KIOSK_FIELD_LATIN_DIGITS);
  kiosk_keyboard_declare_field (GTK_WIDGET (self->pin_entry), KIOSK_FIELD_DIGITS);
  kiosk_keyboard_declare_field (GTK_WIDGET (self->reference_entry), KIOSK_FIELD_LATIN_DIGITS);
  kiosk_keyboard_declare_field (GTK_WIDGET (self->reprint_entry), KIOSK_FIELD_LATIN_DIGITS);
  kiosk_attendant_flow_retranslate (KIOSK_PAGE (self));
}

GtkWidget *
kiosk_attendant_flow_new (KioskStore *store)
{
  return g_object_new (KIOSK_TYPE_ATTENDANT_FLOW, "store", store, NULL);
}

void
kiosk_attendant_flow_set_voucher (KioskAttendantFlow *self,
                                  const char         *voucher_text)
{
  g_return_if_fail (KIOSK_IS_ATTENDANT_FLOW (self));

  g_free (self->voucher);
  self->voucher = g_strdup (voucher_text);
  self->desk_error = KIOSK_ERROR_TEXT_NONE;
  kiosk_attendant_flow_retranslate (KIOSK_PAGE (self));
}

gboolean
kiosk_attendant_flow_open_voucher (GtkWidget  *from,
                                   const char *voucher_text)
{
  GtkRoot *root = gtk_widget_get_root (from);
  KioskPage *page;

  if (!KIOSK_IS_WINDOW (root))
    return FALSE;
  kiosk_window_open_service (KIOSK_WINDOW (root), KIOSK_ATTENDANT_SERVICE);
  page = kiosk_window_get_page (KIOSK_WINDOW (root));
  if (!KIOSK_IS_ATTENDANT_FLOW (page))
    return FALSE;
  kiosk_attendant_flow_set_voucher (KIOSK_ATTENDANT_FLOW (page), voucher_text);
  return TRUE;
}

const char *
kiosk_attendant_flow_get_attendant (KioskAttendantFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_ATTENDANT_FLOW (self), NULL);

  return self->attendant_id;
}

int
kiosk_attendant_flow_get_error_code (KioskAttendantFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_ATTENDANT_FLOW (self), KIOSK_ERROR_TEXT_NONE);

  return kiosk_flow_get_step (KIOSK_FLOW (self)) != NULL &&
         g_str_equal (kiosk_flow_get_step (KIOSK_FLOW (self)), "desk")
         ? self->desk_error : self->login_error;
}

const char *
kiosk_attendant_flow_get_confirmation (KioskAttendantFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_ATTENDANT_FLOW (self), NULL);

  return self->confirmation.reference;
}
