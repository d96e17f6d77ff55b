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

/* The periods the fee table prices for every zone. */
static const int periods[] = { 1, 3, 6, 12 };

struct _KioskParkingPermitFlow
{
  KioskFlow         parent_instance;

  char             *plate;       /* canonical */
  GPtrArray        *zones;       /* KioskCatalogItem */
  KioskCatalogItem *zone;        /* in `zones` */
  int               period;
  KioskQuote        quote;
  int               plate_error;
  int               zone_error;
  KioskRecordRef    ref;

  GtkLabel         *plate_heading;
  GtkLabel         *plate_hint;
  GtkLabel         *plate_error_label;
  GtkEntry         *plate_entry;
  GtkButton        *plate_next_button;

  GtkLabel         *zone_heading;
  GtkLabel         *zone_error_label;
  GtkBox           *zone_list;

  GtkLabel         *period_heading;
  GtkBox           *period_list;

  GtkLabel         *review_heading;
  GtkGrid          *review_grid;
  GtkButton        *pay_button;

  KioskPaymentStep *payment;
  KioskReceiptPage *receipt;
};

G_DEFINE_FINAL_TYPE (KioskParkingPermitFlow, kiosk_parking_permit_flow, KIOSK_TYPE_FLOW)

static char *
period_name (int months)
{
  g_autofree char *n = kiosk_i18n_format_int (months);

  /* Translators: a parking permit period: "1 month", "3 months". */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s month", "%s months", months), n);
}

static void
set_row (GtkGrid    *grid,
         int         row,
         const char *caption,
         const char *value,
         gboolean    ltr)
{
  GtkWidget *c = gtk_grid_get_child_at (grid, 0, row);
  GtkWidget *v = gtk_grid_get_child_at (grid, 1, row);

  if (c == NULL)
    {
      c = gtk_label_new (NULL);
      v = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (c), 0);
      gtk_label_set_xalign (GTK_LABEL (v), 0);
      gtk_label_set_wrap (GTK_LABEL (v), TRUE);
      gtk_widget_set_hexpand (v, TRUE);
      gtk_widget_add_css_class (c, "kiosk-review-caption");
      gtk_widget_add_css_class (v, "kiosk-review-value");
      gtk_grid_attach (grid, c, 0, row, 1, 1);
      gtk_grid_attach (grid, v, 1, row, 1, 1);
    }
  gtk_label_set_label (GTK_LABEL (c), caption);
  gtk_label_set_label (GTK_LABEL (v), value != NULL ? value : "");
  /* Numbers and dates keep their order, on the same side as the other values. */
  gtk_widget_set_direction (v, ltr ? GTK_TEXT_DIR_LTR : GTK_TEXT_DIR_NONE);
  gtk_label_set_xalign (GTK_LABEL (v), ltr && kiosk_i18n_is_rtl () ? 1 : 0);
}

static void
fill_zones (KioskParkingPermitFlow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->zone_list))) != NULL)
    gtk_box_remove (self->zone_list, child);
  for (guint i = 0; self->zones != NULL && i < self->zones->len; i++)
    {
      KioskCatalogItem *zone = g_ptr_array_index (self->zones, i);
      const char *name = kiosk_i18n_pick (zone->name_ar, zone->name_en);
      GtkWidget *button = gtk_button_new_with_label (name);

      gtk_widget_add_css_class (button, "kiosk-choice");
      gtk_widget_set_name (button, zone->code);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "permit.zone");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", zone->code);
      kiosk_accessible_set_label (button, name);
      gtk_box_append (self->zone_list, button);
    }
}

/* One button a period, with its fee in this zone; periods the table lacks are left out. */
static void
fill_periods (KioskParkingPermitFlow *self)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->period_list))) != NULL)
    gtk_box_remove (self->period_list, child);
  if (self->zone == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      g_auto(KioskQuote) q = { 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *name = NULL;
      g_autofree char *fee = NULL;
      g_autofree char *text = NULL;
      g_autofree char *id = NULL;
      GtkWidget *button;

      if (!kiosk_services_quote_parking_permit (store, self->zone->code, periods[i], &q, &error))
        {
          g_debug ("no %d-month permit in %s: %s", periods[i], self->zone->code, error->message);
          continue;
        }
      name = period_name (periods[i]);
      fee = kiosk_i18n_format_money (q.fee);
      text = g_strdup_printf ("%s — %s", name, fee);
      id = g_strdup_printf ("period_%d", periods[i]);
      button = gtk_button_new_with_label (text);
      gtk_widget_add_css_class (button, "kiosk-choice");
      gtk_widget_set_name (button, id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "permit.period");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "i", periods[i]);
      kiosk_accessible_set_label (button, text);
      gtk_box_append (self->period_list, button);
    }
}

static void
update_review (KioskParkingPermitFlow *self)
{
  g_autofree char *plate = NULL;
  g_autofree char *plate_local = NULL;
  g_autofree char *period = NULL;
  g_autofree char *fee = NULL;
  g_autofree char *expiry = NULL;
  g_autofree char *pay = NULL;

  if (self->plate == NULL || self->zone == NULL || self->period == 0)
    return;
  plate = kiosk_plate_display (self->plate, kiosk_i18n_get_lang ());
  plate_local = kiosk_i18n_localize_digits (plate);
  period = period_name (self->period);
  fee = kiosk_i18n_format_money (self->quote.fee);
  expiry = kiosk_i18n_localize_digits (self->quote.new_expiry);
  /* Translators: parking permit review, caption over the vehicle plate. */
  set_row (self->review_grid, 0, _("Plate"), plate_local, FALSE);
  /* Translators: parking permit review, caption over the paid-parking zone. */
  set_row (self->review_grid, 1, _("Zone"), kiosk_i18n_pick (self->zone->name_ar,
                                                             self->zone->name_en), FALSE);
  /* Translators: parking permit review, caption over the period. */
  set_row (self->review_grid, 2, _("Period"), period, FALSE);
  /* Translators: parking permit review, caption over the last day the permit is valid. */
  set_row (self->review_grid, 3, _("Valid until"), expiry, TRUE);
  /* Translators: parking permit review, caption over the fee. */
  set_row (self->review_grid, 4, _("Fee"), fee, FALSE);
  pay = g_strdup_printf (_("Pay %s"), fee);
  kiosk_accessible_set_button_label (self->pay_button, pay);
}

static void
kiosk_parking_permit_flow_retranslate (KioskPage *page)
{
  KioskParkingPermitFlow *self = KIOSK_PARKING_PERMIT_FLOW (page);

  /* Left-to-right fields sit on the reading side of the screen, under their captions. */
  gtk_widget_set_halign (GTK_WIDGET (self->plate_entry), kiosk_i18n_is_rtl () ? GTK_ALIGN_END
                                                                                : GTK_ALIGN_START);

  /* Translators: title of the parking permit service, in the header. */
  kiosk_page_set_title (page, _("Request a parking permit"));
  gtk_label_set_label (self->plate_heading, _("Your vehicle plate"));
  gtk_label_set_label (self->plate_hint, _("Type the numbers and the letters of the plate, in Arabic or English letters, for example 9415 H."));
  kiosk_accessible_set_label (GTK_WIDGET (self->plate_entry), _("Vehicle plate"));
  kiosk_flow_show_sentence (self->plate_error_label, kiosk_error_text_or_none (self->plate_error));
  /* Translators: button that goes to the next step. */
  kiosk_accessible_set_button_label (self->plate_next_button, _("Next"));
  /* Translators: parking permit, heading of the zone step. */
  gtk_label_set_label (self->zone_heading, _("Where do you want to park?"));
  kiosk_flow_show_sentence (self->zone_error_label, kiosk_error_text_or_none (self->zone_error));
  fill_zones (self);
  /* Translators: parking permit, heading of the period step. */
  gtk_label_set_label (self->period_heading, _("For how long?"));
  fill_periods (self);
  /* Translators: parking permit, heading of the review step. */
  gtk_label_set_label (self->review_heading, _("Please check before paying"));
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
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->plate_entry));
      gtk_editable_set_position (GTK_EDITABLE (self->plate_entry), -1);
    }
  else if (g_strcmp0 (step, "review") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->pay_button));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

static GtkWidget *
kiosk_parking_permit_flow_get_initial_focus (KioskPage *page)
{
  return GTK_WIDGET (KIOSK_PARKING_PERMIT_FLOW (page)->plate_entry);
}

static void
plate_next_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KioskParkingPermitFlow *self = KIOSK_PARKING_PERMIT_FLOW (widget);
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  g_autoptr(GError) error = NULL;
  char *plate = kiosk_validate_plate (gtk_editable_get_text (GTK_EDITABLE (self->plate_entry)),
                                      &error);

  if (plate == NULL)
    {
      self->plate_error = kiosk_error_code_of (error);
      kiosk_flow_show_sentence (self->plate_error_label, kiosk_error_text_or_none (self->plate_error));
      gtk_widget_grab_focus (GTK_WIDGET (self->plate_entry));
      return;
    }
  g_free (self->plate);
  self->plate = plate;
  if (self->zones == NULL)
    {
      self->zones = kiosk_catalog_list_zones (store, &error);
      if (self->zones == NULL)
        {
          g_message ("zones not listed: %s", error->message);
          self->plate_error = kiosk_error_code_of (error);
          kiosk_flow_show_sentence (self->plate_error_label, kiosk_error_text_or_none (self->plate_error));
          return;
        }
      fill_zones (self);
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

  for (guint i = 0; self->zones != NULL && i < self->zones->len; i++)
    {
      KioskCatalogItem *zone = g_ptr_array_index (self->zones, i);

      if (g_str_equal (zone->code, code))
        {
          self->zone = zone;
          fill_periods (self);
          self->zone_error = gtk_widget_get_first_child (GTK_WIDGET (self->period_list)) == NULL
                             ? KIOSK_ERROR_NO_FEE : KIOSK_ERROR_TEXT_NONE;
          kiosk_flow_show_sentence (self->zone_error_label, kiosk_error_text_or_none (self->zone_error));
          if (self->zone_error == KIOSK_ERROR_TEXT_NONE)
            kiosk_flow_go_to (KIOSK_FLOW (self), "period");
          return;
        }
    }
}

static void
period_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KioskParkingPermitFlow *self = KIOSK_PARKING_PERMIT_FLOW (widget);
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  int months = g_variant_get_int32 (parameter);
  g_auto(KioskQuote) q = { 0 };
  g_autoptr(GError) error = NULL;

  if (self->zone == NULL)
    return;
  if (!kiosk_services_quote_parking_permit (store, self->zone->code, months, &q, &error))
    {
      g_message ("no parking permit quote: %s", error->message);
      self->zone_error = kiosk_error_code_of (error);
      kiosk_flow_show_sentence (self->zone_error_label, kiosk_error_text_or_none (self->zone_error));
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

  return kiosk_services_request_parking_permit (store, self->plate, self->zone->code,
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

static void
plate_changed_cb (GtkEditable            *editable,
                  KioskParkingPermitFlow *self)
{
  if (self->plate_error != KIOSK_ERROR_TEXT_NONE)
    {
      self->plate_error = KIOSK_ERROR_TEXT_NONE;
      kiosk_flow_show_sentence (self->plate_error_label, NULL);
    }
}

static void
plate_activate_cb (GtkEntry               *entry,
                   KioskParkingPermitFlow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "permit.plate-next", NULL);
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

  if (self->plate_entry != NULL)
    g_signal_handlers_disconnect_by_data (self->plate_entry, self);
  if (self->payment != NULL)
    g_signal_handlers_disconnect_by_data (self->payment, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_PARKING_PERMIT_FLOW);

  G_OBJECT_CLASS (kiosk_parking_permit_flow_parent_class)->dispose (object);
}

static void
kiosk_parking_permit_flow_finalize (GObject *object)
{
  KioskParkingPermitFlow *self = KIOSK_PARKING_PERMIT_FLOW (object);

  g_clear_pointer (&self->plate, g_free);
  g_clear_pointer (&self->zones, g_ptr_array_unref);
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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/kiosk-parking-permit-flow.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, KioskParkingPermitFlow, name)
  BIND (plate_heading);
  BIND (plate_hint);
  BIND (plate_entry);
  BIND (plate_next_button);
  BIND (zone_heading);
  BIND (zone_list);
  BIND (period_heading);
  BIND (period_list);
  BIND (review_heading);
  BIND (review_grid);
  BIND (pay_button);
#undef BIND
  gtk_widget_class_bind_template_child_full (widget_class, "plate_error", FALSE,
                                             G_STRUCT_OFFSET (KioskParkingPermitFlow,
                                                              plate_error_label));
  gtk_widget_class_bind_template_child_full (widget_class, "zone_error", FALSE,
                                             G_STRUCT_OFFSET (KioskParkingPermitFlow,
                                                              zone_error_label));

  gtk_widget_class_install_action (widget_class, "permit.plate-next", NULL, plate_next_action);
  gtk_widget_class_install_action (widget_class, "permit.zone", "s", zone_action);
  gtk_widget_class_install_action (widget_class, "permit.period", "i", period_action);
  gtk_widget_class_install_action (widget_class, "permit.pay", NULL, pay_action);
}

static void
kiosk_parking_permit_flow_init (KioskParkingPermitFlow *self)
{
  self->plate_error = KIOSK_ERROR_TEXT_NONE;
  self->zone_error = KIOSK_ERROR_TEXT_NONE;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->payment = KIOSK_PAYMENT_STEP (kiosk_payment_step_new ());
  self->receipt = KIOSK_RECEIPT_PAGE (kiosk_receipt_page_new ());
  kiosk_flow_add_step (KIOSK_FLOW (self), "pay", GTK_WIDGET (self->payment));
  kiosk_flow_add_step (KIOSK_FLOW (self), "receipt", GTK_WIDGET (self->receipt));
  g_signal_connect (self->payment, "finished", G_CALLBACK (payment_finished_cb), self);
  gtk_widget_set_direction (GTK_WIDGET (self->plate_entry), GTK_TEXT_DIR_LTR);
  g_signal_connect (self->plate_entry, "changed", G_CALLBACK (plate_changed_cb), self);
  g_signal_connect (self->plate_entry, "activate", G_CALLBACK (plate_activate_cb), self);
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
