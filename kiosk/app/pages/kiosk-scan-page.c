/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scan page's routing of what the camera reads. */
#define G_LOG_DOMAIN "kiosk-scan-page"

#include "config.h"

#include "kiosk-scan-page.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-attendant-flow.h"
#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-fines-flow.h"
#include "kiosk-i18n.h"
#include "kiosk-receipt-page.h"
#include "kiosk-receipts.h"
#include "kiosk-token.h"
#include "kiosk-track-flow.h"
#include "kiosk-tracking.h"
#include "kiosk-window.h"
#include "kiosk-scan-view.h"

/* Not a KioskError: a genuine report receipt or slip for a report this kiosk has not heard of. */
#define UNKNOWN_REPORT (-2)

struct _KioskScanPage
{
  KioskFlow      parent_instance;

  int            error_code;  /* KioskError shown on the scan step, KIOSK_ERROR_TEXT_NONE or UNKNOWN_REPORT */
  KioskToken    *token;       /* on the details step */
  KioskReceipt  *receipt;     /* this kiosk's record of a scanned receipt, or NULL */

  GtkLabel      *scan_heading;
  GtkLabel      *scan_hint;
  GtkLabel      *scan_error_label;
  KioskScanView *scan_view;
  GtkButton     *type_number_button;

  GtkLabel      *details_heading;
  GtkBox        *details_box;
  GtkLabel      *details_hint;
  GtkButton     *attendant_button;
  GtkButton     *again_button;
  GtkButton     *done_button;
};

G_DEFINE_FINAL_TYPE (KioskScanPage, kiosk_scan_page, KIOSK_TYPE_FLOW)

static void
show_error (KioskScanPage *self,
            int            code)
{
  GtkWidget *label = GTK_WIDGET (self->scan_error_label);

  gboolean no_camera = kiosk_error_is_notice (code);

  self->error_code = code;
  gtk_widget_set_visible (label, code != KIOSK_ERROR_TEXT_NONE);
  /* No camera is not the visitor's mistake: said calmly, with the way on (typing the number). */
  kiosk_error_style_label (label, no_camera);
  gtk_widget_set_visible (GTK_WIDGET (self->type_number_button), no_camera);
  gtk_widget_set_visible (GTK_WIDGET (self->scan_view), !no_camera);
  gtk_widget_set_visible (GTK_WIDGET (self->scan_hint), code == KIOSK_ERROR_TEXT_NONE);
  if (code == UNKNOWN_REPORT)
    /* Translators: scan page: a genuine receipt of a report this kiosk does not know yet. */
    gtk_label_set_label (self->scan_error_label, _("This report is not known here yet. It appears after the kiosk's next connection."));
  else
    gtk_label_set_label (self->scan_error_label,
                         code != KIOSK_ERROR_TEXT_NONE ? kiosk_error_text_for_code (code) : "");
}

static void
add_row (KioskScanPage *self,
         const char    *caption,
         const char    *value,
         gboolean       left_to_right)
{
  GtkWidget *caption_label = gtk_label_new (caption);
  GtkWidget *value_label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (caption_label), 0);
  gtk_widget_add_css_class (caption_label, "kiosk-review-caption");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_widget_add_css_class (value_label, "kiosk-review-value");
  if (left_to_right)
    {
      /* Numbers and references keep their order; the label still sits on the reading side. */
      gtk_widget_set_halign (value_label, GTK_ALIGN_START);
      kiosk_i18n_place_ltr (value_label);
    }
  gtk_box_append (self->details_box, caption_label);
  gtk_box_append (self->details_box, value_label);
}

static void
add_money_row (KioskScanPage *self,
               const char    *caption,
               KioskBaisa     amount)
{
  g_autofree char *money = kiosk_money_format (amount, kiosk_i18n_get_lang (),
                                               kiosk_i18n_get_digits ());

  add_row (self, caption, money, FALSE);
}

static void
add_time_row (KioskScanPage *self,
              const char    *caption,
              gint64         unix_time)
{
  g_autofree char *shown = kiosk_i18n_format_time (unix_time, TRUE);

  if (*shown == '\0')
    return;
  add_row (self, caption, shown, FALSE);
}

static const char *
payment_state (const char *status)
{
  if (g_strcmp0 (status, "approved_online") == 0)
    /* Translators: scan page, a receipt's payment: paid by card. */
    return _("Paid by card");
  if (g_strcmp0 (status, "approved_offline") == 0)
    /* Translators: scan page, a receipt's payment: card, confirmed when the kiosk connects. */
    return _("Paid by card, to be confirmed when the kiosk connects");
  if (g_strcmp0 (status, "awaiting_counter") == 0)
    /* Translators: scan page, a receipt's payment: not paid yet, to pay at the counter. */
    return _("Waiting for payment at the counter");
  if (g_strcmp0 (status, "paid_counter") == 0)
    /* Translators: scan page, a receipt's payment: paid in cash at the counter. */
    return _("Paid at the counter");
  return NULL;
}

static void
render_details (KioskScanPage *self)
{
  const KioskTokenFields *fields;
  g_autofree char *expiry = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details_box))) != NULL)
    gtk_box_remove (self->details_box, child);
  /* Only a counter voucher goes on to the attendant desk (which asks for staff sign-in). */
  gtk_widget_set_visible (GTK_WIDGET (self->attendant_button),
                          self->token != NULL &&
                          kiosk_token_get_kind (self->token) == KIOSK_TOKEN_COUNTER_VOUCHER);
  if (self->token == NULL)
    return;
  fields = kiosk_token_get_fields (self->token);

  switch (kiosk_token_get_kind (self->token))
    {
    case KIOSK_TOKEN_RECEIPT:
      /* Translators: scan page heading for a receipt that is not a report's. */
      gtk_label_set_label (self->details_heading, _("Receipt"));
      /* Translators: scan page, caption over a reference number. */
      add_row (self, _("Reference number"), fields->reference, TRUE);
      /* Translators: scan page, caption over what the receipt is for. */
      add_row (self, _("Service"), kiosk_receipt_service_name (fields->service), FALSE);
      if (fields->amount > 0)
        /* Translators: scan page, caption over an amount paid or due. */
        add_money_row (self, _("Amount"), fields->amount);
      /* Translators: scan page, caption over when the receipt was issued. */
      add_time_row (self, _("Date"), fields->time);
      if (self->receipt != NULL && payment_state (self->receipt->payment_status) != NULL)
        /* Translators: scan page, caption over the state of the receipt's payment. */
        add_row (self, _("Payment"), payment_state (self->receipt->payment_status), FALSE);
      if (self->receipt == NULL)
        /* Translators: scan page: a genuine receipt issued at another kiosk. */
        gtk_label_set_label (self->details_hint, _("This receipt is genuine. It was issued at another kiosk, so only what it shows is known here."));
      else
        /* Translators: scan page: a genuine receipt issued at this kiosk. */
        gtk_label_set_label (self->details_hint, _("This receipt is genuine and was issued at this kiosk."));
      break;

    case KIOSK_TOKEN_LICENCE_NOTICE:
    case KIOSK_TOKEN_PERMIT_NOTICE:
      if (kiosk_token_get_kind (self->token) == KIOSK_TOKEN_LICENCE_NOTICE)
        /* Translators: scan page heading for a licence renewal notice. */
        gtk_label_set_label (self->details_heading, _("Licence renewal notice"));
      else
        /* Translators: scan page heading for a permit renewal notice. */
        gtk_label_set_label (self->details_heading, _("Permit renewal notice"));
      /* Translators: scan page, caption over a licence or permit number. */
      add_row (self, _("Number"), fields->number, TRUE);
      /* Translators: scan page, caption over the expiry date of a licence or permit. */
      expiry = kiosk_i18n_format_date (fields->expiry_date != NULL ? fields->expiry_date : "");
      add_row (self, _("Expires on"), expiry, TRUE);
      if (fields->amount > 0)
        /* Translators: scan page, caption over the renewal fee on a notice. */
        add_money_row (self, _("Renewal fee"), fields->amount);
      /* Translators: scan page, under a licence or permit notice. */
      gtk_label_set_label (self->details_hint, _("To renew it, go back to the home screen and choose the renewal service."));
      break;

    case KIOSK_TOKEN_COUNTER_VOUCHER:
      /* Translators: scan page heading for a voucher to pay at the counter. */
      gtk_label_set_label (self->details_heading, _("Counter payment voucher"));
      add_row (self, _("Reference number"), fields->reference, TRUE);
      add_money_row (self, _("Amount"), fields->amount);
      /* Translators: scan page, under a counter voucher a visitor scanned. */
      gtk_label_set_label (self->details_hint, _("Please show this voucher to the attendant at the counter to pay."));
      break;

    default:
      break;
    }
}

static void
kiosk_scan_page_retranslate (KioskPage *page)
{
  KioskScanPage *self = KIOSK_SCAN_PAGE (page);

  /* Translators: title of the scan page, in the header. */
  kiosk_page_set_title (page, _("Scan a QR code"));
  /* Translators: scan page heading. */
  gtk_label_set_label (self->scan_heading, _("Hold the QR code up to the camera"));
  /* Translators: scan page hint under the heading. */
  gtk_label_set_label (self->scan_hint, _("A fine notice, a licence or permit notice, or a receipt from a kiosk. Hold it inside the frame, about 20 cm away."));
  show_error (self, self->error_code);
  render_details (self);
  /* Translators: scan page, under a counter voucher: staff take it to the attendant desk. */
  kiosk_accessible_set_button_label (self->attendant_button, _("Staff: confirm payment"));
  /* Translators: scan page, button to scan another code. */
  kiosk_accessible_set_button_label (self->again_button, _("Scan another code"));
  /* Translators: scan page without a working camera: type the receipt's number instead. */
  kiosk_accessible_set_button_label (self->type_number_button, _("Type the number instead"));
  kiosk_accessible_set_button_label (self->done_button, _("Finish"));
}

static const char *
camera_source (KioskScanPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return KIOSK_IS_WINDOW (root) ? kiosk_window_get_camera_source (KIOSK_WINDOW (root)) : "none";
}

static void
kiosk_scan_page_step_shown (KioskFlow  *flow,
                            const char *step)
{
  KioskScanPage *self = KIOSK_SCAN_PAGE (flow);

  if (g_strcmp0 (step, "details") == 0)
    {
      kiosk_scan_view_stop (self->scan_view);
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        gtk_widget_grab_focus (GTK_WIDGET (self->done_button));
      return;
    }
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && !kiosk_scan_view_is_running (self->scan_view))
    kiosk_scan_view_start (self->scan_view, camera_source (self));
}

static void
kiosk_scan_page_map (GtkWidget *widget)
{
  KioskScanPage *self = KIOSK_SCAN_PAGE (widget);

  GTK_WIDGET_CLASS (kiosk_scan_page_parent_class)->map (widget);
  /* The page opens on its scan step: the camera starts as soon as it is on screen. */
  if (g_strcmp0 (kiosk_flow_get_step (KIOSK_FLOW (self)), "scan") == 0 &&
      !kiosk_scan_view_is_running (self->scan_view))
    kiosk_scan_view_start (self->scan_view, camera_source (self));
}

/* Opens `code`'s flow in the window in place of this page. */
static KioskPage *
open_flow (KioskScanPage *self,
           const char    *code)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  KioskPage *page;

  if (!KIOSK_IS_WINDOW (root))
    return NULL;
  kiosk_window_open_service (KIOSK_WINDOW (root), code);
  page = kiosk_window_get_page (KIOSK_WINDOW (root));
  return g_strcmp0 (kiosk_window_get_page_name (KIOSK_WINDOW (root)), code) == 0 ? page : NULL;
}

static void
open_report (KioskScanPage *self,
             const char    *reference)
{
  g_autoptr(KioskReportStatus) report = NULL;
  g_autoptr(GError) error = NULL;
  KioskPage *page;

  /* Checked before leaving the page, so an unknown report is explained here. */
  report = kiosk_tracking_find_by_reference (kiosk_flow_get_store (KIOSK_FLOW (self)),
                                             reference, &error);
  if (report == NULL)
    {
      g_message ("scanned report %s: %s", reference, error->message);
      show_error (self, UNKNOWN_REPORT);
      return;
    }
  page = open_flow (self, "track_report");
  if (page != NULL && KIOSK_IS_TRACK_FLOW (page))
    kiosk_track_flow_show_report (KIOSK_TRACK_FLOW (page), reference);
}

static void
open_fines (KioskScanPage          *self,
            const KioskTokenFields *fields)
{
  g_autofree char *plate = g_strdup (fields->plate);
  g_auto(GStrv) numbers = g_strdupv ((char **) fields->fine_numbers);
  KioskPage *page = open_flow (self, "fines");

  /* `self` is gone now: the fines flow took its place. */
  if (page != NULL && KIOSK_IS_FINES_FLOW (page))
    kiosk_fines_flow_select (KIOSK_FINES_FLOW (page), plate, (const char * const *) numbers);
}

void
kiosk_scan_page_handle_code (KioskScanPage *self,
                             const char    *payload)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(GError) error = NULL;
  const KioskTokenFields *fields;

  g_return_if_fail (KIOSK_IS_SCAN_PAGE (self));

  if (!kiosk_token_verify (store, payload, -1, KIOSK_TOKEN_ANY, &token, &error))
    {
      g_message ("scanned code refused: %s", error->message);
      show_error (self, error->domain == KIOSK_ERROR ? error->code : KIOSK_ERROR_FAILED);
      return;
    }
  show_error (self, KIOSK_ERROR_TEXT_NONE);
  fields = kiosk_token_get_fields (token);

  switch (kiosk_token_get_kind (token))
    {
    case KIOSK_TOKEN_FINE_NOTICE:
      open_fines (self, fields);
      return;
    case KIOSK_TOKEN_REPORT_TRACKING:
      open_report (self, fields->reference);
      return;
    case KIOSK_TOKEN_RECEIPT:
      if (g_strcmp0 (fields->service, "report") == 0)
        {
          open_report (self, fields->reference);
          return;
        }
      g_clear_pointer (&self->receipt, kiosk_receipt_free);
      if (kiosk_token_is_own (token))
        self->receipt = kiosk_receipts_get_for_record (store, fields->uuid, NULL);
      break;
    default:
      g_clear_pointer (&self->receipt, kiosk_receipt_free);
      break;
    }

  g_clear_pointer (&self->token, kiosk_token_free);
  self->token = g_steal_pointer (&token);
  render_details (self);
  kiosk_flow_go_to (KIOSK_FLOW (self), "details");
}

static void
code_found_cb (KioskScanView *view,
               const char    *payload,
               KioskScanPage *self)
{
  /* Routing may replace this page in the window; keep it alive until it returns. */
  g_autoptr(KioskScanPage) alive = g_object_ref (self);

  kiosk_scan_page_handle_code (self, payload);
}

static void
scan_failed_cb (KioskScanView *view,
                const GError  *error,
                KioskScanPage *self)
{
  show_error (self, error->domain == KIOSK_ERROR ? error->code : KIOSK_ERROR_CAMERA);
}

static void
again_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KioskScanPage *self = KIOSK_SCAN_PAGE (widget);

  g_clear_pointer (&self->token, kiosk_token_free);
  g_clear_pointer (&self->receipt, kiosk_receipt_free);
  show_error (self, KIOSK_ERROR_TEXT_NONE);
  kiosk_flow_go_to (KIOSK_FLOW (self), "scan");
}

/* Without a camera, the receipt's number is typed on the track page. */
static void
type_number_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KioskPage *page = open_flow (KIOSK_SCAN_PAGE (widget), "track_report");

  if (page != NULL)
    kiosk_flow_go_to (KIOSK_FLOW (page), "number");
}

static void
to_attendant_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KioskScanPage *self = KIOSK_SCAN_PAGE (widget);
  g_autoptr(KioskScanPage) alive = g_object_ref (self);
  g_autofree char *voucher = NULL;

  if (self->token == NULL || kiosk_token_get_kind (self->token) != KIOSK_TOKEN_COUNTER_VOUCHER)
    return;
  /* Attendant mode replaces this page; the voucher waits there until a staff member signs in. */
  voucher = g_strdup (kiosk_token_get_text (self->token));
  kiosk_attendant_flow_open_voucher (GTK_WIDGET (self), voucher);
}

static void
kiosk_scan_page_dispose (GObject *object)
{
  KioskScanPage *self = KIOSK_SCAN_PAGE (object);

  if (self->scan_view != NULL)
    kiosk_scan_view_stop (self->scan_view);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_SCAN_PAGE);

  G_OBJECT_CLASS (kiosk_scan_page_parent_class)->dispose (object);
}

static void
kiosk_scan_page_finalize (GObject *object)
{
  KioskScanPage *self = KIOSK_SCAN_PAGE (object);

  g_clear_pointer (&self->token, kiosk_token_free);
  g_clear_pointer (&self->receipt, kiosk_receipt_free);

  G_OBJECT_CLASS (kiosk_scan_page_parent_class)->finalize (object);
}

static void
kiosk_scan_page_class_init (KioskScanPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);
  KioskFlowClass *flow_class = KIOSK_FLOW_CLASS (klass);

  object_class->dispose = kiosk_scan_page_dispose;
  object_class->finalize = kiosk_scan_page_finalize;
  widget_class->map = kiosk_scan_page_map;
  page_class->retranslate = kiosk_scan_page_retranslate;
  flow_class->step_shown = kiosk_scan_page_step_shown;

  g_type_ensure (KIOSK_TYPE_SCAN_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/pages/kiosk-scan-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskScanPage, name)
  BIND (scan_heading);
  BIND (scan_hint);
  BIND (scan_view);
  BIND (details_heading);
  BIND (details_box);
  BIND (details_hint);
  BIND (attendant_button);
  BIND (again_button);
  BIND (done_button);
  BIND (type_number_button);
#undef BIND
  gtk_widget_class_bind_template_child_full (widget_class, "scan_error", FALSE,
                                             G_STRUCT_OFFSET (KioskScanPage, scan_error_label));

  gtk_widget_class_bind_template_callback (widget_class, code_found_cb);
  gtk_widget_class_bind_template_callback (widget_class, scan_failed_cb);

  gtk_widget_class_install_action (widget_class, "scan.again", NULL, again_action);
  gtk_widget_class_install_action (widget_class, "scan.to-attendant", NULL, to_attendant_action);
  gtk_widget_class_install_action (widget_class, "scan.type-number", NULL, type_number_action);
}

static void
kiosk_scan_page_init (KioskScanPage *self)
{
  self->error_code = KIOSK_ERROR_TEXT_NONE;
  gtk_widget_init_template (GTK_WIDGET (self));

  kiosk_scan_page_retranslate (KIOSK_PAGE (self));
}

GtkWidget *
kiosk_scan_page_new (KioskStore *store)
{
  return g_object_new (KIOSK_TYPE_SCAN_PAGE, "store", store, NULL);
}
