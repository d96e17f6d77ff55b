/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The parking permit flow's steps and rules. */
#define G_LOG_DOMAIN "kiosk-parking-permit-flow"

#include "config.h"

#include "kiosk-parking-permit-flow.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-catalog.h"
#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-i18n.h"
#include "kiosk-payment-step.h"
#include "kiosk-receipt-page.h"
#include "kiosk-services.h"
#include "kiosk-validate.h"
#include "steps/kiosk-choice-list.h"
#include "steps/kiosk-period-step.h"
#include "steps/kiosk-plate-step.h"
#include "steps/kiosk-review-list.h"

/* The periods the fee table prices for every zone. */
static const int periods[] = { 1, 3, 6, 12 };

struct _KioskParkingPermitFlow
{
  KioskFlow         parent_instance;

  char             *plate;       /* canonical */
  GListStore       *zones;       /* KioskChoiceItem */
  KioskChoiceItem  *zone;        /* in `zones` */
  int               period;
  KioskQuote        quote;
  KioskRecordRef    ref;

  KioskPlateStep   *plate_step;
  KioskStep        *zone_step;
  KioskChoiceList  *zone_list;
  KioskPeriodStep  *period_step;
  KioskStep        *review_step;
  KioskReviewList  *review_grid;
  GtkButton        *pay_button;

  KioskPaymentStep *payment;
  KioskReceiptPage *receipt;
};

G_DEFINE_FINAL_TYPE (KioskParkingPermitFlow, kiosk_parking_permit_flow, KIOSK_TYPE_FLOW)

/* One button a period, with its fee in this zone; periods the table lacks are left out. */
static void
fill_periods (KioskParkingPermitFlow *self)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));

  kiosk_period_step_clear (self->period_step);
  if (self->zone == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      g_auto(KioskQuote) q = { 0 };
      g_autoptr(GError) error = NULL;
      const char *zone = kiosk_choice_item_get_code (self->zone);

      if (!kiosk_services_quote_parking_permit (store, zone, periods[i], &q, &error))
        {
          g_debug ("no %d-month permit in %s: %s", periods[i], zone, error->message);
          continue;
        }
      kiosk_period_step_add (self->period_step, periods[i], q.fee);
    }
}

static void
update_review (KioskParkingPermitFlow *self)
{
  g_autofree char *plate = NULL;
  g_autofree char *period = NULL;
  g_autofree char *fee = NULL;
  g_autofree char *expiry = NULL;
  g_autofree char *pay = NULL;

  if (self->plate == NULL || self->zone == NULL || self->period == 0)
    return;
  plate = kiosk_i18n_plate (self->plate);
  period = kiosk_period_step_name (self->period);
  fee = kiosk_i18n_format_money (self->quote.fee);
  expiry = kiosk_i18n_format_date (self->quote.new_expiry);
  /* Translators: parking permit review, caption over the vehicle plate. */
  kiosk_review_list_set_row (self->review_grid, 0, _("Plate"), plate, KIOSK_REVIEW_ROW_LTR);
  /* Translators: parking permit review, caption over the paid-parking zone. */
  kiosk_review_list_set_row (self->review_grid, 1, _("Zone"), kiosk_choice_item_get_title (self->zone),
                             KIOSK_REVIEW_ROW_PLAIN);
  /* Translators: parking permit review, caption over the period. */
  kiosk_review_list_set_row (self->review_grid, 2, _("Period"), period, KIOSK_REVIEW_ROW_PLAIN);
  /* Translators: parking permit review, caption over the last day the permit is valid. */
  kiosk_review_list_set_row (self->review_grid, 3, _("Valid until"), expiry, KIOSK_REVIEW_ROW_LTR);
  /* Translators: parking permit review, caption over the fee. */
  kiosk_review_list_set_row (self->review_grid, 4, _("Fee"), fee, KIOSK_REVIEW_ROW_PLAIN);
  pay = g_strdup_printf (_("Pay %s"), fee);
  kiosk_accessible_set_button_label (self->pay_button, pay);
}

static void
kiosk_parking_permit_flow_retranslate (KioskPage *page)
{
  KioskParkingPermitFlow *self = KIOSK_PARKING_PERMIT_FLOW (page);

  KIOSK_PAGE_CLASS (kiosk_parking_permit_flow_parent_class)->retranslate (page);
  /* The zones have no order of their own: alphabetical in the visitor's language. */
  if (self->zones != NULL)
    kiosk_choice_list_sort_by_title (self->zones);

  /* Translators: title of the parking permit service, in the header. */
  kiosk_page_set_title (page, _("Request a parking permit"));
  update_review (self);
  kiosk_payment_step_retranslate (self->payment);
  kiosk_receipt_page_retranslate (self->receipt);
}

static void
kiosk_parking_permit_flow_step_shown (KioskFlow  *flow,
                                      const char *step)
{
  KioskParkingPermitFlow *self = KIOSK_PARKING_PERMIT_FLOW (flow);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (g_strcmp0 (step, "plate") == 0)
    kiosk_plate_step_focus (self->plate_step);
  else if (g_strcmp0 (step, "review") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->pay_button));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

static GtkWidget *
kiosk_parking_permit_flow_get_initial_focus (KioskPage *page)
{
  return kiosk_plate_step_get_entry (KIOSK_PARKING_PERMIT_FLOW (page)->plate_step);
}

static void
plate_done_cb (KioskPlateStep         *step,
               const char             *plate,
               KioskParkingPermitFlow *self)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  g_autoptr(GError) error = NULL;

  g_free (self->plate);
  self->plate = g_strdup (plate);
  if (self->zones == NULL)
    {
      g_autoptr(GPtrArray) zones = kiosk_catalog_list_zones (store, &error);

      if (zones == NULL)
        {
          g_message ("zones not listed: %s", error->message);
          kiosk_step_set_error (KIOSK_STEP (self->plate_step), kiosk_error_code_of (error));
          return;
        }
      self->zones = kiosk_choice_list_store_catalog (zones);
      kiosk_choice_list_sort_by_title (self->zones);
      kiosk_choice_list_set_model (self->zone_list, G_LIST_MODEL (self->zones));
    }
  kiosk_flow_go_to (KIOSK_FLOW (self), "zone");
}

static void
zone_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KioskParkingPermitFlow *self = KIOSK_PARKING_PERMIT_FLOW (widget);
  const char *code = g_variant_get_string (parameter, NULL);

  for (guint i = 0; self->zones != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->zones)); i++)
    {
      g_autoptr(KioskChoiceItem) zone = g_list_model_get_item (G_LIST_MODEL (self->zones), i);

      if (g_str_equal (kiosk_choice_item_get_code (zone), code))
        {
          self->zone = zone;
          fill_periods (self);
          kiosk_step_set_error (self->zone_step,
                                kiosk_period_step_get_n_periods (self->period_step) == 0
                                ? KIOSK_ERROR_NO_FEE : KIOSK_ERROR_TEXT_NONE);
          if (kiosk_step_get_error (self->zone_step) == KIOSK_ERROR_TEXT_NONE)
            kiosk_flow_go_to (KIOSK_FLOW (self), "period");
          return;
        }
    }
}

static void
period_chosen_cb (KioskPeriodStep        *step,
                  int                     months,
                  KioskParkingPermitFlow *self)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  g_auto(KioskQuote) q = { 0 };
  g_autoptr(GError) error = NULL;

  if (self->zone == NULL)
    return;
  if (!kiosk_services_quote_parking_permit (store, kiosk_choice_item_get_code (self->zone),
                                            months, &q, &error))
    {
      g_message ("no parking permit quote: %s", error->message);
      kiosk_step_set_error (self->zone_step, kiosk_error_code_of (error));
      kiosk_flow_go_to (KIOSK_FLOW (self), "zone");
      return;
    }
  kiosk_quote_clear (&self->quote);
  self->quote = q;
  q = (KioskQuote) { 0 };
  self->period = months;
  update_review (self);
  kiosk_flow_go_to (KIOSK_FLOW (self), "review");
}

static gboolean
write_request_cb (KioskStore             *store,
                  const KioskPaymentAuth *auth,
                  KioskRecordRef         *out_ref,
                  gpointer                user_data,
                  GError                **error)
{
  KioskParkingPermitFlow *self = user_data;

  return kiosk_services_request_parking_permit (store, self->plate,
                                                kiosk_choice_item_get_code (self->zone),
                                                self->period, NULL, auth, out_ref, error);
}

static void
pay_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  KioskParkingPermitFlow *self = KIOSK_PARKING_PERMIT_FLOW (widget);

  if (self->plate == NULL || self->zone == NULL || self->period == 0 || self->ref.uuid != NULL)
    return;
  kiosk_payment_step_set_request (self->payment, kiosk_flow_get_store (KIOSK_FLOW (self)),
                                  self->quote.fee, kiosk_receipt_service_name ("parking_permit"),
                                  write_request_cb, self, NULL);
  kiosk_flow_go_to (KIOSK_FLOW (self), "pay");
}

static void
payment_finished_cb (KioskPaymentStep       *step,
                     const char             *uuid,
                     const char             *reference,
                     KioskParkingPermitFlow *self)
{
  g_autoptr(GError) error = NULL;

  kiosk_record_ref_clear (&self->ref);
  self->ref = (KioskRecordRef) { g_strdup (uuid), g_strdup (reference) };
  if (!kiosk_receipt_page_show_record (self->receipt, kiosk_flow_get_store (KIOSK_FLOW (self)),
                                       uuid, &error))
    g_warning ("receipt of permit request %s not shown: %s", uuid, error->message);
  kiosk_flow_go_to_final (KIOSK_FLOW (self), "receipt");
}

static gboolean
kiosk_parking_permit_flow_go_back (KioskPage *page)
{
  KioskParkingPermitFlow *self = KIOSK_PARKING_PERMIT_FLOW (page);

  if (self->ref.uuid != NULL)
    return FALSE;
  if (kiosk_payment_step_is_busy (self->payment))
    return TRUE;
  return KIOSK_PAGE_CLASS (kiosk_parking_permit_flow_parent_class)->go_back (page);
}

static void
kiosk_parking_permit_flow_reset (KioskPage *page)
{
  KioskParkingPermitFlow *self = KIOSK_PARKING_PERMIT_FLOW (page);

  kiosk_payment_step_reset (self->payment);
  kiosk_receipt_page_clear (self->receipt);
  KIOSK_PAGE_CLASS (kiosk_parking_permit_flow_parent_class)->reset (page);
}

static void
kiosk_parking_permit_flow_dispose (GObject *object)
{
  KioskParkingPermitFlow *self = KIOSK_PARKING_PERMIT_FLOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_PARKING_PERMIT_FLOW);

  G_OBJECT_CLASS (kiosk_parking_permit_flow_parent_class)->dispose (object);
}

static void
kiosk_parking_permit_flow_finalize (GObject *object)
{
  KioskParkingPermitFlow *self = KIOSK_PARKING_PERMIT_FLOW (object);

  g_clear_pointer (&self->plate, g_free);
  g_clear_object (&self->zones);
  kiosk_quote_clear (&self->quote);
  kiosk_record_ref_clear (&self->ref);

  G_OBJECT_CLASS (kiosk_parking_permit_flow_parent_class)->finalize (object);
}

static void
kiosk_parking_permit_flow_class_init (KioskParkingPermitFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);
  KioskFlowClass *flow_class = KIOSK_FLOW_CLASS (klass);

  object_class->dispose = kiosk_parking_permit_flow_dispose;
  object_class->finalize = kiosk_parking_permit_flow_finalize;
  page_class->retranslate = kiosk_parking_permit_flow_retranslate;
  page_class->get_initial_focus = kiosk_parking_permit_flow_get_initial_focus;
  page_class->go_back = kiosk_parking_permit_flow_go_back;
  page_class->reset = kiosk_parking_permit_flow_reset;
  flow_class->step_shown = kiosk_parking_permit_flow_step_shown;

  g_type_ensure (KIOSK_TYPE_CHOICE_LIST);
  g_type_ensure (KIOSK_TYPE_PERIOD_STEP);
  g_type_ensure (KIOSK_TYPE_PLATE_STEP);
  g_type_ensure (KIOSK_TYPE_REVIEW_LIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/flows/parking-permit/kiosk-parking-permit-flow.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, KioskParkingPermitFlow, name)
#define BIND_STEP(id, field) \
  gtk_widget_class_bind_template_child_full (widget_class, id, FALSE, \
                                             G_STRUCT_OFFSET (KioskParkingPermitFlow, field))
  BIND_STEP ("plate", plate_step);
  BIND_STEP ("zone", zone_step);
  BIND (zone_list);
  BIND_STEP ("period", period_step);
  BIND_STEP ("review", review_step);
  BIND (review_grid);
  BIND (pay_button);
#undef BIND_STEP
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, plate_done_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_chosen_cb);

  gtk_widget_class_install_action (widget_class, "permit.zone", "s", zone_action);
  gtk_widget_class_install_action (widget_class, "permit.pay", NULL, pay_action);
}

/* The steps every visitor goes through, numbered on screen. */
static const char * const numbered_steps[] = {
  "plate", "zone", "period", "review", "pay", NULL
};

static void
kiosk_parking_permit_flow_init (KioskParkingPermitFlow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kiosk_flow_set_numbered_steps (KIOSK_FLOW (self), numbered_steps);
  /* Translators: parking permit, heading of the zone step. */
  kiosk_step_set_heading (self->zone_step, N_("Where do you want to park?"));
  /* Translators: parking permit, heading of the period step. */
  kiosk_step_set_heading (KIOSK_STEP (self->period_step), N_("For how long?"));
  /* Translators: parking permit, heading of the review step. */
  kiosk_step_set_heading (self->review_step, N_("Please check before paying"));
  self->payment = KIOSK_PAYMENT_STEP (kiosk_payment_step_new ());
  self->receipt = KIOSK_RECEIPT_PAGE (kiosk_receipt_page_new ());
  kiosk_flow_add_step (KIOSK_FLOW (self), "pay", GTK_WIDGET (self->payment));
  kiosk_flow_add_step (KIOSK_FLOW (self), "receipt", GTK_WIDGET (self->receipt));
  g_signal_connect_object (self->payment, "finished", G_CALLBACK (payment_finished_cb), self, 0);
  kiosk_parking_permit_flow_retranslate (KIOSK_PAGE (self));
}

const char *
kiosk_parking_permit_flow_get_reference (KioskParkingPermitFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_PARKING_PERMIT_FLOW (self), NULL);

  return self->ref.reference;
}

const char *
kiosk_parking_permit_flow_get_uuid (KioskParkingPermitFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_PARKING_PERMIT_FLOW (self), NULL);

  return self->ref.uuid;
}
