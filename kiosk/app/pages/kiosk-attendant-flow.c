/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attendant sign-in and desk: counter vouchers, sync health, offline warning. */
#define G_LOG_DOMAIN "kiosk-attendant-flow"

#include "config.h"

#include "kiosk-attendant-flow.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-attendants.h"
#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-i18n.h"
#include "kiosk-payments.h"
#include "kiosk-scan-view.h"
#include "kiosk-sync-health.h"
#include "kiosk-token.h"
#include "kiosk-window.h"

struct _KioskAttendantFlow
{
  KioskFlow       parent_instance;

  char           *attendant_id;   /* signed in, or NULL */
  char           *attendant_name;
  char           *voucher;        /* a scanned CV token waiting for confirmation */
  KioskRecordRef  confirmation;
  int             login_error;
  int             desk_error;

  GtkLabel       *login_heading;
  GtkLabel       *id_caption;
  GtkEntry       *id_entry;
  GtkLabel       *pin_caption;
  GtkEntry       *pin_entry;
  GtkLabel       *login_error_label;
  GtkButton      *login_button;

  GtkLabel       *desk_heading;
  GtkLabel       *sync_label;
  GtkLabel       *warning_label;
  GtkLabel       *voucher_caption;
  GtkLabel       *voucher_label;   /* the scanned voucher: reference and amount */
  GtkEntry       *reference_entry;
  GtkButton      *confirm_button;
  GtkButton      *scan_button;
  KioskScanView  *scan_view;
  GtkLabel       *desk_error_label;
  GtkLabel       *result_label;
  GtkButton      *leave_button;
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
  g_auto(KioskSyncHealth) health = { 0 };
  KioskOfflineExposure exposure = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *sync_text = NULL;

  if (store == NULL)
    return;

  if (kiosk_sync_health_get (store, 5, &health, &error))
    {
      g_autofree char *queued = kiosk_i18n_format_int (health.outbox.queued);
      g_autofree char *success = NULL;

      if (health.last_success_at > 0)
        success = kiosk_i18n_format_time (health.last_success_at, TRUE);

      if (success != NULL)
        /* Translators: attendant desk, sync health: %1$s records waiting, %2$s the date and
         * time of the last successful sync. */
        sync_text = g_strdup_printf (_("Waiting to send: %1$s. Last successful sync: %2$s."),
                                     queued, success);
      else
        /* Translators: attendant desk, sync health when the kiosk never synced. */
        sync_text = g_strdup_printf (_("Waiting to send: %s. This kiosk has not synced yet."),
                                     queued);
    }
  else
    {
      g_message ("sync health unavailable: %s", error->message);
      g_clear_error (&error);
    }
  gtk_label_set_label (self->sync_label, sync_text ? sync_text : "");

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
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), self->confirmation.reference != NULL);
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
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_ATTENDANT_FLOW);

  G_OBJECT_CLASS (kiosk_attendant_flow_parent_class)->dispose (object);
}

static void
kiosk_attendant_flow_finalize (GObject *object)
{
  KioskAttendantFlow *self = KIOSK_ATTENDANT_FLOW (object);

  g_free (self->voucher);
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
  BIND (sync_label);
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
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, code_found_cb);
  gtk_widget_class_bind_template_callback (widget_class, confirm_cb);
  gtk_widget_class_bind_template_callback (widget_class, leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, login_cb);
  gtk_widget_class_bind_template_callback (widget_class, scan_cb);
  gtk_widget_class_bind_template_callback (widget_class, scan_failed_cb);
}

static void
kiosk_attendant_flow_init (KioskAttendantFlow *self)
{
  self->login_error = KIOSK_ERROR_TEXT_NONE;
  self->desk_error = KIOSK_ERROR_TEXT_NONE;
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Staff numbers and references are Latin in both languages. */
  gtk_widget_set_direction (GTK_WIDGET (self->id_entry), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (self->pin_entry), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (self->reference_entry), GTK_TEXT_DIR_LTR);
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
