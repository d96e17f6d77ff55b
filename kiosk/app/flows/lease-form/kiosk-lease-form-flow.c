/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lease-contract renewal form flow's steps and rules. */
#define G_LOG_DOMAIN "kiosk-lease-form-flow"

#include "config.h"

#include "kiosk-lease-form-flow.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-catalog.h"
#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-i18n.h"
#include "kiosk-receipt-page.h"
#include "kiosk-services.h"
#include "kiosk-validate.h"
#include "steps/kiosk-place-step.h"
#include "steps/kiosk-review-list.h"
#include "steps/kiosk-step.h"

/* What the service allows for a contract number. */
#define CONTRACT_MAX_CHARS 32

struct _KioskLeaseFormFlow
{
  KioskFlow         parent_instance;

  char             *tenant_name;    /* validated, as the service will store them */
  char             *civil_number;
  char             *phone;
  char             *landlord_name;
  char             *building;
  char             *contract;       /* NULL when not given */
  gboolean          print_now;
  KioskRecordRef    ref;

  KioskStep        *tenant_step;
  GtkLabel         *tenant_name_caption;
  GtkEntry         *tenant_name_entry;
  GtkLabel         *civil_caption;
  GtkEntry         *civil_entry;
  GtkLabel         *phone_caption;
  GtkEntry         *phone_entry;
  GtkButton        *tenant_next_button;

  KioskStep        *landlord_step;
  GtkLabel         *landlord_caption;
  GtkEntry         *landlord_entry;
  GtkLabel         *building_caption;
  GtkEntry         *building_entry;
  GtkLabel         *contract_caption;
  GtkEntry         *contract_entry;
  GtkButton        *landlord_next_button;

  KioskPlaceStep   *wilayat_step;
  KioskPlaceStep   *area_step;

  KioskStep        *delivery_step;
  GtkButton        *print_button;
  GtkButton        *counter_button;

  KioskStep        *review_step;
  KioskReviewList  *review_grid;
  GtkButton        *submit_button;

  KioskReceiptPage *receipt;
};

G_DEFINE_FINAL_TYPE (KioskLeaseFormFlow, kiosk_lease_form_flow, KIOSK_TYPE_FLOW)

static void
set_field (GtkLabel   *caption,
           GtkEntry   *entry,
           const char *text)
{
  gtk_label_set_label (caption, text);
  kiosk_accessible_set_label (GTK_WIDGET (entry), text);
}

static void
update_review (KioskLeaseFormFlow *self)
{
  KioskChoiceItem *wilayat = kiosk_place_step_get_chosen (self->wilayat_step);
  KioskChoiceItem *area = kiosk_place_step_get_chosen (self->area_step);
  g_autofree char *civil = NULL;
  g_autofree char *contract = NULL;
  g_autofree char *place = NULL;
  int row = 0;

  if (self->tenant_name == NULL || wilayat == NULL || area == NULL)
    return;
  /* The civil number as on the card, never in other digits. */
  civil = kiosk_i18n_ltr (self->civil_number);
  contract = kiosk_i18n_ltr (self->contract);
  /* The area, then its wilayat, with the language's own comma. */
  place = g_strdup_printf (kiosk_i18n_is_rtl () ? "%s، %s" : "%s, %s",
                           kiosk_choice_item_get_title (area),
                           kiosk_choice_item_get_title (wilayat));
  /* Translators: lease form, review, caption over the tenant's name. */
  kiosk_review_list_set_row (self->review_grid, row++, _("Tenant"), self->tenant_name,
                             KIOSK_REVIEW_ROW_NAME);
  /* Translators: lease form, review, caption over the tenant's civil number. */
  kiosk_review_list_set_row (self->review_grid, row++, _("Civil number"), civil,
                             KIOSK_REVIEW_ROW_LTR);
  /* Translators: lease form, review, caption over the tenant's mobile number. */
  kiosk_review_list_set_row (self->review_grid, row++, _("Mobile number"), self->phone,
                             KIOSK_REVIEW_ROW_PHONE);
  /* Translators: lease form, review, caption over the landlord's name. */
  kiosk_review_list_set_row (self->review_grid, row++, _("Landlord"), self->landlord_name,
                             KIOSK_REVIEW_ROW_NAME);
  /* Translators: lease form, review, caption over the wilayat and area. */
  kiosk_review_list_set_row (self->review_grid, row++, _("Place"), place, KIOSK_REVIEW_ROW_PLAIN);
  /* Translators: lease form, review, caption over the building details. */
  kiosk_review_list_set_row (self->review_grid, row++, _("Building"), self->building,
                             KIOSK_REVIEW_ROW_PLAIN);
  /* Translators: lease form, review, caption over the current contract number. */
  kiosk_review_list_set_row (self->review_grid, row++, _("Contract number"),
                             /* Translators: lease form, review, in place of a contract number not given. */
                             self->contract != NULL ? contract : _("Not given"),
                             self->contract != NULL ? KIOSK_REVIEW_ROW_LTR : KIOSK_REVIEW_ROW_PLAIN);
  /* Translators: lease form, review, caption over how the form is delivered. */
  kiosk_review_list_set_row (self->review_grid, row++, _("Form"),
                             self->print_now
                               /* Translators: lease form, review: the form is printed at the kiosk. */
                               ? _("Printed here now")
                               /* Translators: lease form, review: the form is prepared at the counter. */
                               : _("Collected at the counter"), KIOSK_REVIEW_ROW_PLAIN);
}

static void
kiosk_lease_form_flow_retranslate (KioskPage *page)
{
  KioskLeaseFormFlow *self = KIOSK_LEASE_FORM_FLOW (page);

  KIOSK_PAGE_CLASS (kiosk_lease_form_flow_parent_class)->retranslate (page);

  kiosk_i18n_place_ltr (GTK_WIDGET (self->civil_entry));
  kiosk_i18n_place_ltr (GTK_WIDGET (self->phone_entry));
  kiosk_i18n_place_ltr (GTK_WIDGET (self->contract_entry));

  /* Translators: title of the lease-contract renewal form service, in the header. */
  kiosk_page_set_title (page, _("Lease contract renewal form"));

  /* Translators: lease form, the tenant's full name field. */
  set_field (self->tenant_name_caption, self->tenant_name_entry, _("Full name"));
  /* Translators: lease form, the tenant's civil number field. */
  set_field (self->civil_caption, self->civil_entry, _("Civil number"));
  /* Translators: lease form, the tenant's mobile number field. */
  set_field (self->phone_caption, self->phone_entry, _("Mobile number"));
  kiosk_accessible_set_button_label (self->tenant_next_button, _("Next"));

  /* Translators: lease form, the landlord's name field. */
  set_field (self->landlord_caption, self->landlord_entry, _("Landlord's name"));
  /* Translators: lease form, the building details field (building, floor, flat). */
  set_field (self->building_caption, self->building_entry, _("Building, floor and flat"));
  /* Translators: lease form, the optional current contract number field. */
  set_field (self->contract_caption, self->contract_entry, _("Contract number (optional)"));
  kiosk_accessible_set_button_label (self->landlord_next_button, _("Next"));

  /* Translators: lease form, the form is printed at the kiosk now. */
  kiosk_accessible_set_button_label (self->print_button, _("Print it here now"));
  /* Translators: lease form, the form is prepared for the visitor at the counter. */
  kiosk_accessible_set_button_label (self->counter_button, _("Collect it at the counter"));

  update_review (self);
  /* Translators: lease form, button that sends the request. */
  kiosk_accessible_set_button_label (self->submit_button, _("Send"));
  kiosk_receipt_page_retranslate (self->receipt);
}

static void
kiosk_lease_form_flow_step_shown (KioskFlow  *flow,
                                  const char *step)
{
  KioskLeaseFormFlow *self = KIOSK_LEASE_FORM_FLOW (flow);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (g_strcmp0 (step, "tenant") == 0)
    kiosk_step_focus_entry (self->tenant_name_entry);
  else if (g_strcmp0 (step, "landlord") == 0)
    kiosk_step_focus_entry (self->landlord_entry);
  else if (g_strcmp0 (step, "review") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->submit_button));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

static GtkWidget *
kiosk_lease_form_flow_get_initial_focus (KioskPage *page)
{
  return GTK_WIDGET (KIOSK_LEASE_FORM_FLOW (page)->tenant_name_entry);
}

static const char *
entry_text (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

/* Validates one field; on failure shows the sentence on `step` and focuses the field. */
static gboolean
check (char      **out,
       char       *valid,
       GError     *error,
       GtkEntry   *entry,
       KioskStep  *step)
{
  if (valid == NULL)
    {
      kiosk_step_set_error (step, kiosk_error_code_of (error));
      kiosk_step_focus_entry (entry);
      return FALSE;
    }
  g_free (*out);
  *out = valid;
  return TRUE;
}

static void
tenant_next_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KioskLeaseFormFlow *self = KIOSK_LEASE_FORM_FLOW (widget);
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  char *v;

  v = kiosk_validate_text (entry_text (self->tenant_name_entry), KIOSK_NAME_MAX_CHARS, TRUE, &e1);
  if (!check (&self->tenant_name, v, e1, self->tenant_name_entry, self->tenant_step))
    return;
  v = kiosk_validate_civil_number (entry_text (self->civil_entry), &e2);
  if (!check (&self->civil_number, v, e2, self->civil_entry, self->tenant_step))
    return;
  v = kiosk_validate_phone (entry_text (self->phone_entry), &e3);
  if (!check (&self->phone, v, e3, self->phone_entry, self->tenant_step))
    return;
  kiosk_step_set_error (self->tenant_step, KIOSK_ERROR_TEXT_NONE);
  kiosk_flow_go_to (KIOSK_FLOW (self), "landlord");
}

static void
landlord_next_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KioskLeaseFormFlow *self = KIOSK_LEASE_FORM_FLOW (widget);
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GError) e4 = NULL;
  char *v;

  v = kiosk_validate_text (entry_text (self->landlord_entry), KIOSK_NAME_MAX_CHARS, TRUE, &e1);
  if (!check (&self->landlord_name, v, e1, self->landlord_entry, self->landlord_step))
    return;
  v = kiosk_validate_text (entry_text (self->building_entry), KIOSK_LANDMARK_MAX_CHARS, TRUE,
                           &e2);
  if (!check (&self->building, v, e2, self->building_entry, self->landlord_step))
    return;
  v = kiosk_validate_text (entry_text (self->contract_entry), CONTRACT_MAX_CHARS, FALSE, &e3);
  if (!check (&self->contract, v, e3, self->contract_entry, self->landlord_step))
    return;
  if (self->contract[0] == '\0')
    g_clear_pointer (&self->contract, g_free);

  if (kiosk_place_step_get_chosen (self->wilayat_step) == NULL &&
      !kiosk_place_step_show_wilayats (self->wilayat_step, store, &e4))
    {
      g_message ("wilayats not listed: %s", e4->message);
      kiosk_step_set_error (self->landlord_step, kiosk_error_code_of (e4));
      return;
    }
  kiosk_step_set_error (self->landlord_step, KIOSK_ERROR_TEXT_NONE);
  kiosk_flow_go_to (KIOSK_FLOW (self), "wilayat");
}

static void
wilayat_chosen_cb (KioskPlaceStep     *step,
                   KioskChoiceItem    *wilayat,
                   KioskLeaseFormFlow *self)
{
  const char *code = kiosk_choice_item_get_code (wilayat);
  g_autoptr(GError) error = NULL;

  if (!kiosk_place_step_show_areas (self->area_step, kiosk_flow_get_store (KIOSK_FLOW (self)),
                                    code, &error))
    {
      g_message ("areas of %s not listed: %s", code, error->message);
      return;
    }
  kiosk_flow_go_to (KIOSK_FLOW (self), "area");
}

static void
area_chosen_cb (KioskPlaceStep     *step,
                KioskChoiceItem    *area,
                KioskLeaseFormFlow *self)
{
  kiosk_flow_go_to (KIOSK_FLOW (self), "delivery");
}

static void
delivery_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KioskLeaseFormFlow *self = KIOSK_LEASE_FORM_FLOW (widget);

  self->print_now = g_str_equal (g_variant_get_string (parameter, NULL), "print");
  kiosk_step_set_error (self->review_step, KIOSK_ERROR_TEXT_NONE);
  update_review (self);
  kiosk_flow_go_to (KIOSK_FLOW (self), "review");
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KioskLeaseFormFlow *self = KIOSK_LEASE_FORM_FLOW (widget);
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  KioskLeaseFormInput input = { 0 };
  KioskChoiceItem *wilayat = kiosk_place_step_get_chosen (self->wilayat_step);
  KioskChoiceItem *area = kiosk_place_step_get_chosen (self->area_step);

  if (self->ref.uuid != NULL || wilayat == NULL || area == NULL)
    return;  /* sent already: a double tap files nothing twice */
  input = (KioskLeaseFormInput) {
    .tenant_name = self->tenant_name,
    .civil_number = self->civil_number,
    .phone = self->phone,
    .landlord_name = self->landlord_name,
    .wilayat_code = kiosk_choice_item_get_code (wilayat),
    .area_code = kiosk_choice_item_get_code (area),
    .building_details = self->building,
    .contract_number = self->contract,
    .print_now = self->print_now,
  };
  if (store == NULL)
    g_set_error_literal (&error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN, "no store");
  else
    kiosk_services_request_lease_form (store, &input, &ref, &error);
  if (error != NULL)
    {
      g_message ("lease form request not saved: %s", error->message);
      kiosk_step_set_error (self->review_step, kiosk_error_code_of (error));
      return;
    }
  self->ref = (KioskRecordRef) { g_steal_pointer (&ref.uuid), g_steal_pointer (&ref.reference) };
  if (!kiosk_receipt_page_show_record (self->receipt, store, self->ref.uuid, &error))
    g_warning ("receipt of lease form request %s not shown: %s", self->ref.uuid,
               error->message);
  kiosk_flow_go_to_final (KIOSK_FLOW (self), "receipt");
}

static void
entry_changed_cb (GtkEditable        *editable,
                  KioskLeaseFormFlow *self)
{
  KioskStep *steps[] = { self->tenant_step, self->landlord_step };

  /* Typing again puts the hint back: the sentence was about the text as it was. */
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (kiosk_step_get_error (steps[i]) != KIOSK_ERROR_TEXT_NONE)
      kiosk_step_set_error (steps[i], KIOSK_ERROR_TEXT_NONE);
}

static void
kiosk_lease_form_flow_reset (KioskPage *page)
{
  kiosk_receipt_page_clear (KIOSK_LEASE_FORM_FLOW (page)->receipt);
  KIOSK_PAGE_CLASS (kiosk_lease_form_flow_parent_class)->reset (page);
}

static void
kiosk_lease_form_flow_dispose (GObject *object)
{
  KioskLeaseFormFlow *self = KIOSK_LEASE_FORM_FLOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_LEASE_FORM_FLOW);

  G_OBJECT_CLASS (kiosk_lease_form_flow_parent_class)->dispose (object);
}

static void
kiosk_lease_form_flow_finalize (GObject *object)
{
  KioskLeaseFormFlow *self = KIOSK_LEASE_FORM_FLOW (object);

  g_clear_pointer (&self->tenant_name, g_free);
  g_clear_pointer (&self->civil_number, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->landlord_name, g_free);
  g_clear_pointer (&self->building, g_free);
  g_clear_pointer (&self->contract, g_free);
  kiosk_record_ref_clear (&self->ref);

  G_OBJECT_CLASS (kiosk_lease_form_flow_parent_class)->finalize (object);
}

static void
kiosk_lease_form_flow_class_init (KioskLeaseFormFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);
  KioskFlowClass *flow_class = KIOSK_FLOW_CLASS (klass);

  object_class->dispose = kiosk_lease_form_flow_dispose;
  object_class->finalize = kiosk_lease_form_flow_finalize;
  page_class->retranslate = kiosk_lease_form_flow_retranslate;
  page_class->get_initial_focus = kiosk_lease_form_flow_get_initial_focus;
  page_class->reset = kiosk_lease_form_flow_reset;
  flow_class->step_shown = kiosk_lease_form_flow_step_shown;

  g_type_ensure (KIOSK_TYPE_PLACE_STEP);
  g_type_ensure (KIOSK_TYPE_REVIEW_LIST);
  g_type_ensure (KIOSK_TYPE_STEP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/flows/lease-form/kiosk-lease-form-flow.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskLeaseFormFlow, name)
#define BIND_STEP(id, field) \
  gtk_widget_class_bind_template_child_full (widget_class, id, FALSE, \
                                             G_STRUCT_OFFSET (KioskLeaseFormFlow, field))
  BIND_STEP ("tenant", tenant_step);
  BIND (tenant_name_caption);
  BIND (tenant_name_entry);
  BIND (civil_caption);
  BIND (civil_entry);
  BIND (phone_caption);
  BIND (phone_entry);
  BIND (tenant_next_button);
  BIND_STEP ("landlord", landlord_step);
  BIND (landlord_caption);
  BIND (landlord_entry);
  BIND (building_caption);
  BIND (building_entry);
  BIND (contract_caption);
  BIND (contract_entry);
  BIND (landlord_next_button);
  BIND_STEP ("wilayat", wilayat_step);
  BIND_STEP ("area", area_step);
  BIND_STEP ("delivery", delivery_step);
  BIND (print_button);
  BIND (counter_button);
  BIND_STEP ("review", review_step);
  BIND (review_grid);
  BIND (submit_button);
#undef BIND_STEP
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, wilayat_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, area_chosen_cb);

  gtk_widget_class_install_action (widget_class, "lease.tenant-next", NULL, tenant_next_action);
  gtk_widget_class_install_action (widget_class, "lease.landlord-next", NULL,
                                   landlord_next_action);
  gtk_widget_class_install_action (widget_class, "lease.delivery", "s", delivery_action);
  gtk_widget_class_install_action (widget_class, "lease.submit", NULL, submit_action);
}

/* The steps every visitor goes through, numbered on screen. */
static const char * const numbered_steps[] = {
  "tenant", "landlord", "wilayat", "area", "delivery", "review", NULL
};

static void
kiosk_lease_form_flow_init (KioskLeaseFormFlow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kiosk_flow_set_numbered_steps (KIOSK_FLOW (self), numbered_steps);
  self->receipt = KIOSK_RECEIPT_PAGE (kiosk_receipt_page_new ());
  kiosk_flow_add_step (KIOSK_FLOW (self), "receipt", GTK_WIDGET (self->receipt));

  /* Translators: lease form, first step. */
  kiosk_step_set_heading (self->tenant_step, N_("About you, the tenant"));
  /* Translators: lease form, under the heading of the tenant step. */
  kiosk_step_set_hint (self->tenant_step, N_("Your details as they are on your civil ID card."));
  /* Translators: lease form, second step. */
  kiosk_step_set_heading (self->landlord_step, N_("The rented place"));
  /* Translators: lease form, under the heading of the landlord step. */
  kiosk_step_set_hint (self->landlord_step, N_("The contract number is on your current lease contract; leave it empty if you do not have it."));
  /* Translators: lease form, heading of the wilayat step. */
  kiosk_step_set_heading (KIOSK_STEP (self->wilayat_step), N_("In which wilayat is the place?"));
  /* Translators: lease form, heading of the area step. */
  kiosk_step_set_heading (KIOSK_STEP (self->area_step), N_("In which area?"));
  /* Translators: lease form, heading of the delivery step. */
  kiosk_step_set_heading (self->delivery_step, N_("How would you like the form?"));
  /* Translators: lease form, heading of the review step. */
  kiosk_step_set_heading (self->review_step, N_("Please check before sending"));

  kiosk_lease_form_flow_retranslate (KIOSK_PAGE (self));
}

const char *
kiosk_lease_form_flow_get_reference (KioskLeaseFormFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_LEASE_FORM_FLOW (self), NULL);

  return self->ref.reference;
}

const char *
kiosk_lease_form_flow_get_uuid (KioskLeaseFormFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_LEASE_FORM_FLOW (self), NULL);

  return self->ref.uuid;
}
