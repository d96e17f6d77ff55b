/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The licence renewal flows' steps and rules (shop and vehicle). */
#define G_LOG_DOMAIN "kiosk-licence-flow"

#include "config.h"

#include "kiosk-licence-flow.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kiosk-accessible.h"
#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-fines-flow.h"
#include "kiosk-i18n.h"
#include "kiosk-keyboard.h"
#include "kiosk-payment-step.h"
#include "kiosk-receipt-page.h"
#include "kiosk-services.h"
#include "kiosk-validate.h"
#include "kiosk-window.h"
#include "steps/kiosk-choice-list.h"
#include "steps/kiosk-review-list.h"
#include "steps/kiosk-step.h"

/* The periods a visitor may choose; the fee table says which of them a licence has. */
static const int periods[] = { 12, 24 };

typedef struct
{
  KioskLookupBy   by;
  GPtrArray      *licences;       /* KioskLicence found by the last look-up */
  KioskLicence   *licence;        /* the one on the details step, in `licences` */
  int             refusal;        /* why this licence cannot be renewed here, or KIOSK_ERROR_TEXT_NONE */
  int             period;
  KioskQuote      quote;
  KioskRecordRef  ref;            /* the renewal, once paid */

  KioskStep      *find_step;
  GtkWidget      *by_box;
  GtkToggleButton *by_number_button;
  GtkToggleButton *by_cr_button;
  GtkEntry       *find_entry;
  GtkButton      *find_next_button;

  KioskStep      *choose_step;
  KioskChoiceList *choose_list;
  GListStore     *choices;        /* KioskChoiceItem, one a licence of `licences` */

  KioskStep      *details_step;
  KioskReviewList *details_grid;
  GtkButton      *fines_button;
  GtkButton      *leave_button;
  GtkLabel       *period_heading;
  GtkBox         *period_box;

  KioskStep      *quote_step;
  KioskReviewList *quote_grid;
  GtkButton      *pay_button;

  KioskPaymentStep *payment;
  KioskReceiptPage *receipt;
} KioskLicenceFlowPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KioskLicenceFlow, kiosk_licence_flow, KIOSK_TYPE_FLOW)

#define KIND_IS(self, KIND) (kiosk_licence_flow_get_kind (self) == KIOSK_LICENCE_KIND_##KIND)

/* The kind as the lookup data and the services name it. */
static const char *
licence_kind_code (KioskLicenceFlow *self)
{
  switch (kiosk_licence_flow_get_kind (self))
    {
    case KIOSK_LICENCE_KIND_VEHICLE:
      return "vehicle";
    case KIOSK_LICENCE_KIND_PERMIT:
      return "permit";
    case KIOSK_LICENCE_KIND_SHOP:
    default:
      return "shop";
    }
}

static const char *
service_code (KioskLicenceFlow *self)
{
  switch (kiosk_licence_flow_get_kind (self))
    {
    case KIOSK_LICENCE_KIND_VEHICLE:
      return "vehicle_licence";
    case KIOSK_LICENCE_KIND_PERMIT:
      return "vehicle_permit";
    case KIOSK_LICENCE_KIND_SHOP:
    default:
      return "shop_licence";
    }
}

static gboolean
quote (KioskLicenceFlow *self,
       const char       *number,
       int               months,
       KioskQuote       *out_quote,
       GError          **error)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));

  if (KIND_IS (self, PERMIT))
    return kiosk_services_quote_vehicle_permit (store, number, months, out_quote, error);
  return kiosk_services_quote_licence (store, number, months, out_quote, error);
}

/* A vehicle permit shown as the licence it is for the visitor: its zone in place of the
 * activity. */
static KioskLicence *
licence_from_permit (const KioskVehiclePermit *permit)
{
  KioskLicence *l = g_new0 (KioskLicence, 1);

  l->number = g_strdup (permit->number);
  l->kind = g_strdup ("permit");
  l->holder_ar = g_strdup (permit->holder_ar);
  l->holder_en = g_strdup (permit->holder_en);
  l->plate = g_strdup (permit->plate);
  l->activity_ar = g_strdup (permit->zone_ar);
  l->activity_en = g_strdup (permit->zone_en);
  l->expires_on = g_strdup (permit->expires_on);
  l->status = g_strdup (permit->status);
  l->awaiting_counter = permit->awaiting_counter;
  return l;
}

/* A caption and its value on row `row` of a review list; a NULL value hides the row. */
static void
set_row (KioskReviewList     *list,
         guint                row,
         const char          *caption,
         const char          *value,
         KioskReviewRowFlags  flags)
{
  kiosk_review_list_set_row (list, row, caption, value, flags);
  kiosk_review_list_set_row_visible (list, row, value != NULL);
}

/* Whether the licence's last valid day is behind Muscat's today: it is still "active" in the
 * reference data, but the next page charges its lateness. */
static gboolean
is_expired (KioskLicenceFlow   *self,
            const KioskLicence *l)
{
  g_autoptr(GDateTime) now = kiosk_store_now_local (kiosk_flow_get_store (KIOSK_FLOW (self)));
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  /* ISO days compare as strings. */
  return l->expires_on != NULL && strcmp (l->expires_on, today) < 0;
}

static const char *
status_name (KioskLicenceFlow   *self,
             const KioskLicence *l)
{
  if (g_strcmp0 (l->status, "suspended") == 0)
    /* Translators: licence status. */
    return _("Suspended");
  if (g_strcmp0 (l->status, "cancelled") == 0)
    /* Translators: licence status. */
    return _("Cancelled");
  if (is_expired (self, l))
    /* Translators: licence status: its expiry date has passed (renewing it costs a late
     * penalty). */
    return _("Expired");
  /* Translators: licence status. */
  return _("Active");
}

/* Translators: licence details, in the error's place: a suspended or cancelled licence. */
static const char BLOCKED_GO_TO_OFFICE[] = N_("This licence cannot be renewed at the kiosk. Please go to the office below with its number.");

/* The office that holds the licence's file: its wilayat's municipality office, or the
 * head office's customer service when the reference data names no wilayat. */
static char *
office_shown (const KioskLicence *l)
{
  const char *wilayat = kiosk_i18n_pick (l->wilayat_ar, l->wilayat_en);

  if (wilayat[0] == '\0')
    /* Translators: where to go with a licence the kiosk cannot renew, when its wilayat is
     * not known. */
    return g_strdup (_("Customer service centre, Muscat Municipality head office, Ruwi"));
  /* Translators: where to go with a licence the kiosk cannot renew: %s is the wilayat,
   * "Muttrah". */
  return g_strdup_printf (_("Municipality office of %s"), wilayat);
}

static void
update_details (KioskLicenceFlow *self)
{
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);
  KioskLicence *l = priv->licence;
  g_autofree char *number = NULL;
  g_autofree char *expiry = NULL;
  g_autofree char *plate = NULL;
  int row = 0;

  if (l == NULL)
    return;
  /* Numbers and plates as printed on the licence and the car: never in other digits. */
  number = kiosk_i18n_ltr (l->number);
  expiry = kiosk_i18n_format_date (l->expires_on);
  if (l->plate != NULL)
    plate = kiosk_i18n_plate (l->plate);

  if (KIND_IS (self, PERMIT))
    /* Translators: vehicle permit details, caption over the permit number. */
    set_row (priv->details_grid, row++, _("Permit number"), number, KIOSK_REVIEW_ROW_LTR);
  else
    /* Translators: licence details, caption over the licence number. */
    set_row (priv->details_grid, row++, _("Licence number"), number, KIOSK_REVIEW_ROW_LTR);
  /* Translators: licence details, caption over the masked holder's name. */
  set_row (priv->details_grid, row++, _("Holder"), kiosk_i18n_pick (l->holder_ar, l->holder_en),
           KIOSK_REVIEW_ROW_NAME);
  /* Translators: licence details, caption over the vehicle plate. */
  set_row (priv->details_grid, row++, _("Plate"), plate, KIOSK_REVIEW_ROW_LTR);
  set_row (priv->details_grid, row++,
           KIND_IS (self, PERMIT)
             /* Translators: vehicle permit details, caption over the parking zone. */
             ? _("Zone")
             /* Translators: licence details, caption over the shop's or vehicle's activity. */
             : _("Activity"),
           kiosk_i18n_pick (l->activity_ar, l->activity_en), KIOSK_REVIEW_ROW_PLAIN);
  /* Translators: licence details, caption over the date the licence expires (YYYY-MM-DD). */
  set_row (priv->details_grid, row++, _("Expires on"), expiry, KIOSK_REVIEW_ROW_LTR);
  /* Translators: licence details, caption over the status (active, suspended, cancelled). */
  set_row (priv->details_grid, row++, _("Status"),
           l->awaiting_counter
             /* Translators: licence status while a renewal's voucher waits for its cash at
              * the counter (nothing is renewed until then). */
             ? _("Awaiting payment at the counter") : status_name (self, l),
           KIOSK_REVIEW_ROW_PLAIN);

  if (priv->refusal == KIOSK_ERROR_LICENCE_BLOCKED)
    {
      g_autofree char *office = office_shown (l);

      /* Translators: licence details, caption over why the licence is suspended or cancelled,
       * as the municipality recorded it. */
      set_row (priv->details_grid, row++, _("Reason"), l->block_reason, KIOSK_REVIEW_ROW_LONG);
      set_row (priv->details_grid, row++,
               /* Translators: licence details, caption over the office a visitor goes to
                * with a licence the kiosk cannot renew. */
               _("Office to visit"), office, KIOSK_REVIEW_ROW_PLAIN);
      kiosk_step_set_error_message (priv->details_step, BLOCKED_GO_TO_OFFICE);
    }
  else
    {
      kiosk_review_list_truncate (priv->details_grid, row);
      kiosk_step_set_error (priv->details_step, priv->refusal);
    }
  gtk_widget_set_visible (GTK_WIDGET (priv->leave_button),
                          priv->refusal == KIOSK_ERROR_LICENCE_BLOCKED);
  gtk_widget_set_visible (GTK_WIDGET (priv->fines_button),
                          priv->refusal == KIOSK_ERROR_UNPAID_FINES && l->plate != NULL);
  gtk_widget_set_visible (GTK_WIDGET (priv->period_heading), priv->refusal == KIOSK_ERROR_TEXT_NONE);
  gtk_widget_set_visible (GTK_WIDGET (priv->period_box), priv->refusal == KIOSK_ERROR_TEXT_NONE);

  for (GtkWidget *b = gtk_widget_get_first_child (GTK_WIDGET (priv->period_box)); b != NULL;
       b = gtk_widget_get_next_sibling (b))
    {
      int months = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (b), "months"));
      g_autofree char *n = kiosk_i18n_format_int (months / 12);
      g_autofree char *text = NULL;

      /* Translators: a renewal period button: "1 year", "2 years". */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s year", "%s years", months / 12),
                              n);
      kiosk_accessible_set_button_label (GTK_BUTTON (b), text);
    }
}

static void
update_quote (KioskLicenceFlow *self)
{
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);
  g_autofree char *fee = kiosk_i18n_format_money (priv->quote.fee);
  g_autofree char *penalty = NULL;
  g_autofree char *total = kiosk_i18n_format_money (priv->quote.fee + priv->quote.penalty);
  g_autofree char *expiry = NULL;
  g_autofree char *pay = NULL;

  if (priv->quote.new_expiry == NULL)
    return;
  expiry = kiosk_i18n_format_date (priv->quote.new_expiry);
  if (priv->quote.penalty > 0)
    {
      g_autofree char *money = kiosk_i18n_format_money (priv->quote.penalty);
      g_autofree char *months = kiosk_i18n_format_int (priv->quote.months_late);

      /* Translators: the late penalty with the months late: "OMR 4.000 (2 months late)". */
      penalty = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%s month late)",
                                              "%s (%s months late)", priv->quote.months_late),
                                 money, months);
    }
  /* Translators: renewal quote, caption over the fee for the period. */
  set_row (priv->quote_grid, 0, _("Renewal fee"), fee, KIOSK_REVIEW_ROW_PLAIN);
  /* Translators: renewal quote, caption over the late penalty (shown only when there is one). */
  set_row (priv->quote_grid, 1, _("Late penalty"), penalty, KIOSK_REVIEW_ROW_PLAIN);
  /* Translators: renewal quote, caption over the expiry date after renewing. */
  set_row (priv->quote_grid, 2, _("New expiry date"), expiry, KIOSK_REVIEW_ROW_LTR);
  /* Translators: renewal quote, caption over the amount to pay. */
  set_row (priv->quote_grid, 3, _("Total to pay"), total, KIOSK_REVIEW_ROW_PLAIN);
  /* Translators: button that goes to payment with the amount: "Pay OMR 15.000". */
  pay = g_strdup_printf (_("Pay %s"), total);
  kiosk_accessible_set_button_label (priv->pay_button, pay);
}

/* One choice a licence found: its number, the holder (masked) and the activity, in the
 * language on screen. */
static void
update_choices (KioskLicenceFlow *self)
{
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (priv->choices)); i++)
    {
      g_autoptr(KioskChoiceItem) item = g_list_model_get_item (G_LIST_MODEL (priv->choices), i);
      KioskLicence *l = g_ptr_array_index (priv->licences, i);
      g_autofree char *number = kiosk_i18n_ltr (l->number);
      g_autofree char *text = g_strdup_printf ("%s\n%s",
                                               kiosk_i18n_pick (l->holder_ar, l->holder_en),
                                               kiosk_i18n_pick (l->activity_ar, l->activity_en));

      kiosk_choice_item_set_title (item, number);
      kiosk_choice_item_set_text (item, text);
    }
}

static void
fill_choices (KioskLicenceFlow *self)
{
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);

  g_list_store_remove_all (priv->choices);
  for (guint i = 0; priv->licences != NULL && i < priv->licences->len; i++)
    {
      KioskLicence *l = g_ptr_array_index (priv->licences, i);
      g_autoptr(KioskChoiceItem) item = kiosk_choice_item_new (l->number, NULL, NULL, NULL);

      kiosk_choice_item_set_title_is_identifier (item, TRUE);
      g_list_store_append (priv->choices, item);
    }
  update_choices (self);
}

static void
update_find_texts (KioskLicenceFlow *self)
{
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);

  if (KIND_IS (self, PERMIT) && priv->by == KIOSK_LOOKUP_BY_NUMBER)
    {
      /* Translators: vehicle permit renewal, first step when looking up by permit number. */
      kiosk_step_set_heading (priv->find_step, N_("Your permit number"));
      /* Translators: under the heading, permit number. */
      kiosk_step_set_hint (priv->find_step, N_("Type the number printed on the permit, for example VP-2025-00759."));
      /* Translators: accessible name of the permit number field. */
      kiosk_accessible_set_label (GTK_WIDGET (priv->find_entry), _("Permit number"));
    }
  else if (KIND_IS (self, VEHICLE) || KIND_IS (self, PERMIT))
    {
      /* Translators: vehicle licence renewal, first step. */
      kiosk_step_set_heading (priv->find_step, N_("Your vehicle plate"));
      /* Translators: vehicle licence renewal, under the heading of the plate step. */
      kiosk_step_set_hint (priv->find_step, N_("Type the numbers and the letters of the plate, in Arabic or English letters, for example 9415 H."));
      /* Translators: accessible name of the plate field. */
      kiosk_accessible_set_label (GTK_WIDGET (priv->find_entry), _("Vehicle plate"));
    }
  else if (priv->by == KIOSK_LOOKUP_BY_CR)
    {
      /* Translators: shop licence renewal, first step when looking up by commercial
       * registration. */
      kiosk_step_set_heading (priv->find_step, N_("Your commercial registration number"));
      /* Translators: under the heading, commercial registration. */
      kiosk_step_set_hint (priv->find_step, N_("Type the number as it is on the registration certificate."));
      /* Translators: accessible name of the commercial registration field. */
      kiosk_accessible_set_label (GTK_WIDGET (priv->find_entry), _("Commercial registration number"));
    }
  else
    {
      /* Translators: shop licence renewal, first step when looking up by licence number. */
      kiosk_step_set_heading (priv->find_step, N_("Your licence number"));
      /* Translators: under the heading, licence number. */
      kiosk_step_set_hint (priv->find_step, N_("Type the number printed on the municipal licence (6 to 10 digits)."));
      /* Translators: accessible name of the licence number field. */
      kiosk_accessible_set_label (GTK_WIDGET (priv->find_entry), _("Licence number"));
    }
  if (KIND_IS (self, PERMIT))
    {
      /* Translators: vehicle permit renewal, look up by the permit number. */
      gtk_button_set_label (GTK_BUTTON (priv->by_number_button), _("Permit number"));
      /* Translators: vehicle permit renewal, look up by the vehicle plate. */
      gtk_button_set_label (GTK_BUTTON (priv->by_cr_button), _("Vehicle plate"));
    }
  else
    {
      /* Translators: shop licence renewal, look up by the licence number. */
      gtk_button_set_label (GTK_BUTTON (priv->by_number_button), _("Licence number"));
      /* Translators: shop licence renewal, look up by the commercial registration. */
      gtk_button_set_label (GTK_BUTTON (priv->by_cr_button), _("Commercial registration"));
    }
  /* Translators: button that looks the licence up. */
  kiosk_accessible_set_button_label (priv->find_next_button, _("Find"));
}

/* The keyboard the look-up field opens: the numeric pad for licence and registration
 * numbers, letters and digits for a plate, Latin letters and digits for a permit number
 * (VP-2025-01471) in either language. */
static void
declare_find_keys (KioskLicenceFlow *self)
{
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  KioskFieldKeys keys = KIOSK_FIELD_DIGITS;

  if (priv->by == KIOSK_LOOKUP_BY_PLATE)
    keys = KIOSK_FIELD_PLATE;
  else if (KIND_IS (self, PERMIT))
    keys = KIOSK_FIELD_LATIN_DIGITS;
  gtk_entry_set_input_purpose (priv->find_entry, keys == KIOSK_FIELD_DIGITS
                                                   ? GTK_INPUT_PURPOSE_DIGITS
                                                   : GTK_INPUT_PURPOSE_FREE_FORM);
  kiosk_keyboard_declare_field (GTK_WIDGET (priv->find_entry), keys);

  /* The field keeps the focus when the visitor changes the way to look up: its new keyboard
   * comes up at once. */
  if (KIOSK_IS_WINDOW (root))
    {
      KioskKeyboard *keyboard = kiosk_window_get_keyboard (KIOSK_WINDOW (root));
      GtkWidget *target = kiosk_keyboard_get_target (keyboard);

      if (target != NULL && gtk_widget_is_ancestor (target, GTK_WIDGET (priv->find_entry)))
        kiosk_keyboard_set_layout (keyboard, kiosk_keyboard_layout_for (target,
                                                                        kiosk_i18n_get_language ()));
    }
}

static void
kiosk_licence_flow_retranslate (KioskPage *page)
{
  KioskLicenceFlow *self = KIOSK_LICENCE_FLOW (page);
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);

  KIOSK_PAGE_CLASS (kiosk_licence_flow_parent_class)->retranslate (page);

  kiosk_i18n_place_ltr (GTK_WIDGET (priv->find_entry));

  if (KIND_IS (self, PERMIT))
    /* Translators: title of the vehicle permit renewal service, in the header. */
    kiosk_page_set_title (page, _("Renew a vehicle permit"));
  else if (KIND_IS (self, VEHICLE))
    /* Translators: title of the vehicle licence renewal service, in the header. */
    kiosk_page_set_title (page, _("Renew a vehicle licence"));
  else
    /* Translators: title of the shop licence renewal service, in the header. */
    kiosk_page_set_title (page, _("Renew a shop licence"));

  update_find_texts (self);
  update_choices (self);
  /* Translators: licence renewal, button that opens the parking fines of the plate. */
  kiosk_accessible_set_button_label (priv->fines_button, _("Pay the parking fines"));
  /* Translators: licence renewal, button that leaves a licence the kiosk cannot renew. */
  kiosk_accessible_set_button_label (priv->leave_button, _("Finish"));
  /* Translators: licence renewal, heading over the period buttons. */
  gtk_label_set_label (priv->period_heading, _("Renew for"));
  update_details (self);
  update_quote (self);
  kiosk_payment_step_retranslate (priv->payment);
  kiosk_receipt_page_retranslate (priv->receipt);
}


static void
kiosk_licence_flow_step_shown (KioskFlow  *flow,
                               const char *step)
{
  KioskLicenceFlow *self = KIOSK_LICENCE_FLOW (flow);
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (g_strcmp0 (step, "find") == 0)
    kiosk_step_focus_entry (priv->find_entry);
  else if (g_strcmp0 (step, "quote") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (priv->pay_button));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

static GtkWidget *
kiosk_licence_flow_get_initial_focus (KioskPage *page)
{
  KioskLicenceFlowPrivate *priv =
    kiosk_licence_flow_get_instance_private (KIOSK_LICENCE_FLOW (page));

  return GTK_WIDGET (priv->find_entry);
}

/* Shows `licence` with what the reference data says about renewing it here: a quote for
 * the shortest period succeeds, or its refusal is the reason. */
static void
show_licence (KioskLicenceFlow *self,
              KioskLicence     *licence)
{
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);
  GtkWidget *child;

  priv->licence = licence;
  priv->refusal = KIOSK_ERROR_TEXT_NONE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (priv->period_box))) != NULL)
    gtk_box_remove (priv->period_box, child);
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      g_auto(KioskQuote) q = { 0 };
      g_autoptr(GError) error = NULL;
      GtkWidget *button;

      if (!quote (self, licence->number, periods[i], &q, &error))
        {
          /* A period the fee table lacks is simply not offered; anything else refuses. */
          if (kiosk_error_code_of (error) != KIOSK_ERROR_NO_FEE && priv->refusal == KIOSK_ERROR_TEXT_NONE)
            {
              g_message ("licence %s not renewable here: %s", licence->number, error->message);
              priv->refusal = kiosk_error_code_of (error);
            }
          continue;
        }
      button = gtk_button_new ();
      g_object_set_data (G_OBJECT (button), "months", GINT_TO_POINTER (periods[i]));
      gtk_widget_set_name (button, i == 0 ? "period_12" : "period_24");
      gtk_widget_add_css_class (button, "kiosk-primary");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "licence.period");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "i", periods[i]);
      gtk_box_append (priv->period_box, button);
    }
  if (priv->refusal == KIOSK_ERROR_TEXT_NONE && gtk_widget_get_first_child (GTK_WIDGET (priv->period_box)) == NULL)
    priv->refusal = KIOSK_ERROR_NO_FEE;
  if (priv->refusal != KIOSK_ERROR_TEXT_NONE)
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (priv->period_box))) != NULL)
      gtk_box_remove (priv->period_box, child);
  update_details (self);
  kiosk_flow_go_to (KIOSK_FLOW (self), "details");
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KioskLicenceFlow *self = KIOSK_LICENCE_FLOW (widget);
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (priv->find_entry));
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    g_set_error_literal (&error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN, "no store");
  else if (KIND_IS (self, PERMIT))
    {
      g_autoptr(GPtrArray) permits = kiosk_lookup_vehicle_permits (store, priv->by, typed, &error);

      if (permits != NULL)
        {
          found = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_licence_free);
          for (guint i = 0; i < permits->len; i++)
            g_ptr_array_add (found, licence_from_permit (g_ptr_array_index (permits, i)));
        }
    }
  else
    found = kiosk_lookup_licences (store, priv->by, typed, &error);
  /* A plate's licence is a vehicle's; a number could name either kind: keep this flow's. */
  if (found != NULL && !KIND_IS (self, PERMIT))
    for (guint i = found->len; i > 0; i--)
      if (g_strcmp0 (((KioskLicence *) g_ptr_array_index (found, i - 1))->kind,
                     licence_kind_code (self)) != 0)
        g_ptr_array_remove_index (found, i - 1);
  if (error == NULL && found->len == 0)
    g_set_error_literal (&error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no licence");
  if (error != NULL)
    {
      g_message ("licence not found: %s", error->message);
      kiosk_step_set_error (priv->find_step, kiosk_error_code_of (error));
      kiosk_step_focus_entry (priv->find_entry);
      return;
    }

  g_clear_pointer (&priv->licences, g_ptr_array_unref);
  priv->licences = g_steal_pointer (&found);
  priv->licence = NULL;
  if (priv->licences->len > 1)
    {
      fill_choices (self);
      kiosk_flow_go_to (KIOSK_FLOW (self), "choose");
      return;
    }
  show_licence (self, g_ptr_array_index (priv->licences, 0));
}

static void
by_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  KioskLicenceFlow *self = KIOSK_LICENCE_FLOW (widget);
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);
  const char *by = g_variant_get_string (parameter, NULL);

  /* The second way is the registration for shops, the plate for permits. */
  priv->by = !g_str_equal (by, "cr") ? KIOSK_LOOKUP_BY_NUMBER
             : KIND_IS (self, PERMIT) ? KIOSK_LOOKUP_BY_PLATE : KIOSK_LOOKUP_BY_CR;
  gtk_toggle_button_set_active (priv->by_number_button, priv->by == KIOSK_LOOKUP_BY_NUMBER);
  gtk_toggle_button_set_active (priv->by_cr_button, priv->by != KIOSK_LOOKUP_BY_NUMBER);
  declare_find_keys (self);
  kiosk_step_set_error (priv->find_step, KIOSK_ERROR_TEXT_NONE);
  update_find_texts (self);
  kiosk_step_focus_entry (priv->find_entry);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KioskLicenceFlow *self = KIOSK_LICENCE_FLOW (widget);
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);
  const char *number = g_variant_get_string (parameter, NULL);

  for (guint i = 0; priv->licences != NULL && i < priv->licences->len; i++)
    if (g_str_equal (((KioskLicence *) g_ptr_array_index (priv->licences, i))->number, number))
      {
        show_licence (self, g_ptr_array_index (priv->licences, i));
        return;
      }
}

static void
period_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KioskLicenceFlow *self = KIOSK_LICENCE_FLOW (widget);
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);
  int months = g_variant_get_int32 (parameter);
  g_auto(KioskQuote) q = { 0 };
  g_autoptr(GError) error = NULL;

  if (priv->licence == NULL || priv->refusal != KIOSK_ERROR_TEXT_NONE)
    return;
  if (!quote (self, priv->licence->number, months, &q, &error))
    {
      /* The reference data changed under the visitor (a sync): say why on the details. */
      g_message ("licence %s: no quote: %s", priv->licence->number, error->message);
      priv->refusal = kiosk_error_code_of (error);
      update_details (self);
      return;
    }
  kiosk_quote_clear (&priv->quote);
  priv->quote = q;
  q = (KioskQuote) { 0 };
  priv->period = months;
  kiosk_step_set_error (priv->quote_step, KIOSK_ERROR_TEXT_NONE);
  update_quote (self);
  kiosk_flow_go_to (KIOSK_FLOW (self), "quote");
}

static void
pay_fines_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KioskLicenceFlow *self = KIOSK_LICENCE_FLOW (widget);
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *plate = NULL;
  KioskPage *page;

  if (priv->licence == NULL || priv->licence->plate == NULL || !KIOSK_IS_WINDOW (root))
    return;
  /* This flow is dropped when the window opens another service: keep the plate. */
  plate = g_strdup (priv->licence->plate);
  kiosk_window_open_service (KIOSK_WINDOW (root), "fines");
  page = kiosk_window_get_page (KIOSK_WINDOW (root));
  if (KIOSK_IS_FINES_FLOW (page))
    kiosk_fines_flow_select (KIOSK_FINES_FLOW (page), plate, NULL);
}

/* In the payment's transaction: the renewal is written with it, or nothing is. */
static gboolean
write_renewal_cb (KioskStore             *store,
                  const KioskPaymentAuth *auth,
                  KioskRecordRef         *out_ref,
                  gpointer                user_data,
                  GError                **error)
{
  KioskLicenceFlow *self = user_data;
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);

  if (KIND_IS (self, PERMIT))
    return kiosk_services_renew_vehicle_permit (store, priv->licence->number, priv->period, auth,
                                                out_ref, error);
  return kiosk_services_renew_licence (store, priv->licence->number, priv->period, auth,
                                       out_ref, error);
}

static void
pay_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  KioskLicenceFlow *self = KIOSK_LICENCE_FLOW (widget);
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);

  if (priv->licence == NULL || priv->period == 0 || priv->ref.uuid != NULL)
    return;
  kiosk_payment_step_set_request (priv->payment, kiosk_flow_get_store (KIOSK_FLOW (self)),
                                  priv->quote.fee + priv->quote.penalty,
                                  kiosk_receipt_service_name (service_code (self)),
                                  write_renewal_cb, self, NULL);
  kiosk_flow_go_to (KIOSK_FLOW (self), "pay");
}

static void
payment_finished_cb (KioskPaymentStep *step,
                     const char       *uuid,
                     const char       *reference,
                     KioskLicenceFlow *self)
{
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);
  g_autoptr(GError) error = NULL;

  kiosk_record_ref_clear (&priv->ref);
  priv->ref = (KioskRecordRef) { g_strdup (uuid), g_strdup (reference) };
  if (!kiosk_receipt_page_show_record (priv->receipt, kiosk_flow_get_store (KIOSK_FLOW (self)),
                                       uuid, &error))
    g_warning ("receipt of renewal %s not shown: %s", uuid, error->message);
  kiosk_flow_go_to_final (KIOSK_FLOW (self), "receipt");
}

static gboolean
kiosk_licence_flow_go_back (KioskPage *page)
{
  KioskLicenceFlowPrivate *priv =
    kiosk_licence_flow_get_instance_private (KIOSK_LICENCE_FLOW (page));

  if (priv->ref.uuid != NULL)
    return FALSE;  /* renewed: leave rather than show the quote again */
  if (kiosk_payment_step_is_busy (priv->payment))
    return TRUE;   /* the terminal has the card */
  return KIOSK_PAGE_CLASS (kiosk_licence_flow_parent_class)->go_back (page);
}

static void
kiosk_licence_flow_reset (KioskPage *page)
{
  KioskLicenceFlowPrivate *priv =
    kiosk_licence_flow_get_instance_private (KIOSK_LICENCE_FLOW (page));

  kiosk_payment_step_reset (priv->payment);
  kiosk_receipt_page_clear (priv->receipt);
  KIOSK_PAGE_CLASS (kiosk_licence_flow_parent_class)->reset (page);
}

static void
find_changed_cb (GtkEditable      *editable,
                 KioskLicenceFlow *self)
{
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);

  if (kiosk_step_get_error (priv->find_step) != KIOSK_ERROR_TEXT_NONE)
    kiosk_step_set_error (priv->find_step, KIOSK_ERROR_TEXT_NONE);
}

static void
find_activate_cb (GtkEntry         *entry,
                  KioskLicenceFlow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "licence.find", NULL);
}

static void
kiosk_licence_flow_dispose (GObject *object)
{
  KioskLicenceFlowPrivate *priv =
    kiosk_licence_flow_get_instance_private (KIOSK_LICENCE_FLOW (object));

  g_clear_object (&priv->choices);
  /* No gtk_widget_dispose_template (): GTK 4.8 looks for the template on the instance's own
   * class, and a service subclass has none. The steps are all widgets inside the flow's
   * stack, which KioskFlow's dispose unparents; nothing else of the template holds a
   * reference. */

  G_OBJECT_CLASS (kiosk_licence_flow_parent_class)->dispose (object);
}

static void
kiosk_licence_flow_finalize (GObject *object)
{
  KioskLicenceFlowPrivate *priv =
    kiosk_licence_flow_get_instance_private (KIOSK_LICENCE_FLOW (object));

  g_clear_pointer (&priv->licences, g_ptr_array_unref);
  kiosk_quote_clear (&priv->quote);
  kiosk_record_ref_clear (&priv->ref);

  G_OBJECT_CLASS (kiosk_licence_flow_parent_class)->finalize (object);
}

static void
kiosk_licence_flow_constructed (GObject *object)
{
  KioskLicenceFlow *self = KIOSK_LICENCE_FLOW (object);
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);

  G_OBJECT_CLASS (kiosk_licence_flow_parent_class)->constructed (object);

  kiosk_step_set_heading (priv->choose_step, KIND_IS (self, PERMIT)
                          /* Translators: permit renewal, several permits match the plate. */
                          ? N_("Which permit do you want to renew?")
                          /* Translators: licence renewal, several licences match the registration. */
                          : N_("Which licence do you want to renew?"));
  kiosk_step_set_heading (priv->details_step, KIND_IS (self, PERMIT)
                          /* Translators: permit renewal, heading of the permit's details. */
                          ? N_("Your permit")
                          /* Translators: licence renewal, heading of the licence's details. */
                          : N_("Your licence"));
  /* Translators: licence renewal, heading of the amount to pay. */
  kiosk_step_set_heading (priv->quote_step, N_("Amount to pay"));
  priv->by = KIND_IS (self, VEHICLE) ? KIOSK_LOOKUP_BY_PLATE : KIOSK_LOOKUP_BY_NUMBER;
  gtk_widget_set_visible (priv->by_box, !KIND_IS (self, VEHICLE));
  declare_find_keys (self);
  kiosk_licence_flow_retranslate (KIOSK_PAGE (self));
}

static void
setup_template (GtkWidgetClass *widget_class)
{
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/flows/licence/kiosk-licence-flow.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child_private (widget_class, KioskLicenceFlow, name)
#define BIND_STEP(id, field) \
  gtk_widget_class_bind_template_child_full (widget_class, id, FALSE, \
                                             G_PRIVATE_OFFSET (KioskLicenceFlow, field))
  BIND_STEP ("find", find_step);
  BIND (by_box);
  BIND (by_number_button);
  BIND (by_cr_button);
  BIND (find_entry);
  BIND (find_next_button);
  BIND_STEP ("choose", choose_step);
  BIND (choose_list);
  BIND_STEP ("details", details_step);
  BIND (details_grid);
  BIND (fines_button);
  BIND (leave_button);
  BIND (period_heading);
  BIND (period_box);
  BIND_STEP ("quote", quote_step);
  BIND (quote_grid);
  BIND (pay_button);
#undef BIND_STEP
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, find_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_activate_cb);
}

static void
kiosk_licence_flow_class_init (KioskLicenceFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);
  KioskFlowClass *flow_class = KIOSK_FLOW_CLASS (klass);

  object_class->dispose = kiosk_licence_flow_dispose;
  object_class->finalize = kiosk_licence_flow_finalize;
  object_class->constructed = kiosk_licence_flow_constructed;
  page_class->retranslate = kiosk_licence_flow_retranslate;
  page_class->get_initial_focus = kiosk_licence_flow_get_initial_focus;
  page_class->go_back = kiosk_licence_flow_go_back;
  page_class->reset = kiosk_licence_flow_reset;
  flow_class->step_shown = kiosk_licence_flow_step_shown;

  g_type_ensure (KIOSK_TYPE_CHOICE_LIST);
  g_type_ensure (KIOSK_TYPE_REVIEW_LIST);
  g_type_ensure (KIOSK_TYPE_STEP);
  /* On the base class: its instance init runs with the base as the instance's class, so
   * both services build from the one template. */
  setup_template (widget_class);

  gtk_widget_class_install_action (widget_class, "licence.by", "s", by_action);
  gtk_widget_class_install_action (widget_class, "licence.find", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "licence.choose", "s", choose_action);
  gtk_widget_class_install_action (widget_class, "licence.period", "i", period_action);
  gtk_widget_class_install_action (widget_class, "licence.pay-fines", NULL, pay_fines_action);
  gtk_widget_class_install_action (widget_class, "licence.pay", NULL, pay_action);
}

/* The steps every visitor goes through, numbered on screen; choosing one of several licences
 * is an aside. */
static const char * const numbered_steps[] = {
  "find", "details", "quote", "pay", NULL
};

static void
kiosk_licence_flow_init (KioskLicenceFlow *self)
{
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);

  priv->refusal = KIOSK_ERROR_TEXT_NONE;

  gtk_widget_init_template (GTK_WIDGET (self));
  kiosk_flow_set_numbered_steps (KIOSK_FLOW (self), numbered_steps);
  priv->payment = KIOSK_PAYMENT_STEP (kiosk_payment_step_new ());
  priv->receipt = KIOSK_RECEIPT_PAGE (kiosk_receipt_page_new ());
  kiosk_flow_add_step (KIOSK_FLOW (self), "pay", GTK_WIDGET (priv->payment));
  kiosk_flow_add_step (KIOSK_FLOW (self), "receipt", GTK_WIDGET (priv->receipt));
  g_signal_connect_object (priv->payment, "finished", G_CALLBACK (payment_finished_cb), self, 0);
  priv->choices = g_list_store_new (KIOSK_TYPE_CHOICE_ITEM);
  kiosk_choice_list_set_model (priv->choose_list, G_LIST_MODEL (priv->choices));
}

KioskLicenceKind
kiosk_licence_flow_get_kind (KioskLicenceFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_LICENCE_FLOW (self), KIOSK_LICENCE_KIND_SHOP);

  return KIOSK_LICENCE_FLOW_GET_CLASS (self)->kind;
}

const KioskLicence *
kiosk_licence_flow_get_licence (KioskLicenceFlow *self)
{
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);

  g_return_val_if_fail (KIOSK_IS_LICENCE_FLOW (self), NULL);

  return priv->licence;
}

int
kiosk_licence_flow_get_period (KioskLicenceFlow *self)
{
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);

  g_return_val_if_fail (KIOSK_IS_LICENCE_FLOW (self), 0);

  return priv->period;
}

const char *
kiosk_licence_flow_get_reference (KioskLicenceFlow *self)
{
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);

  g_return_val_if_fail (KIOSK_IS_LICENCE_FLOW (self), NULL);

  return priv->ref.reference;
}

const char *
kiosk_licence_flow_get_uuid (KioskLicenceFlow *self)
{
  KioskLicenceFlowPrivate *priv = kiosk_licence_flow_get_instance_private (self);

  g_return_val_if_fail (KIOSK_IS_LICENCE_FLOW (self), NULL);

  return priv->ref.uuid;
}

/* The two services ----------------------------------------------------------------------- */

struct _KioskShopLicenceFlow
{
  KioskLicenceFlow parent_instance;
};

G_DEFINE_FINAL_TYPE (KioskShopLicenceFlow, kiosk_shop_licence_flow, KIOSK_TYPE_LICENCE_FLOW)

static void
kiosk_shop_licence_flow_class_init (KioskShopLicenceFlowClass *klass)
{
  KIOSK_LICENCE_FLOW_CLASS (klass)->kind = KIOSK_LICENCE_KIND_SHOP;
}

static void
kiosk_shop_licence_flow_init (KioskShopLicenceFlow *self)
{
}

struct _KioskVehicleLicenceFlow
{
  KioskLicenceFlow parent_instance;
};

G_DEFINE_FINAL_TYPE (KioskVehicleLicenceFlow, kiosk_vehicle_licence_flow,
                     KIOSK_TYPE_LICENCE_FLOW)

static void
kiosk_vehicle_licence_flow_class_init (KioskVehicleLicenceFlowClass *klass)
{
  KIOSK_LICENCE_FLOW_CLASS (klass)->kind = KIOSK_LICENCE_KIND_VEHICLE;
}

static void
kiosk_vehicle_licence_flow_init (KioskVehicleLicenceFlow *self)
{
}

struct _KioskVehiclePermitFlow
{
  KioskLicenceFlow parent_instance;
};

G_DEFINE_FINAL_TYPE (KioskVehiclePermitFlow, kiosk_vehicle_permit_flow, KIOSK_TYPE_LICENCE_FLOW)

static void
kiosk_vehicle_permit_flow_class_init (KioskVehiclePermitFlowClass *klass)
{
  KIOSK_LICENCE_FLOW_CLASS (klass)->kind = KIOSK_LICENCE_KIND_PERMIT;
}

static void
kiosk_vehicle_permit_flow_init (KioskVehiclePermitFlow *self)
{
}
