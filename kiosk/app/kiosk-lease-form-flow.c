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
  GPtrArray        *wilayats;       /* KioskCatalogItem */
  GPtrArray        *areas;
  KioskCatalogItem *wilayat;        /* in `wilayats` */
  KioskCatalogItem *area;           /* in `areas` */
  gboolean          print_now;
  int               tenant_error;
  int               landlord_error;
  int               review_error;
  KioskRecordRef    ref;

  GtkLabel         *tenant_heading;
  GtkLabel         *tenant_hint;
  GtkLabel         *tenant_error_label;
  GtkLabel         *tenant_name_caption;
  GtkEntry         *tenant_name_entry;
  GtkLabel         *civil_caption;
  GtkEntry         *civil_entry;
  GtkLabel         *phone_caption;
  GtkEntry         *phone_entry;
  GtkButton        *tenant_next_button;

  GtkLabel         *landlord_heading;
  GtkLabel         *landlord_hint;
  GtkLabel         *landlord_error_label;
  GtkLabel         *landlord_caption;
  GtkEntry         *landlord_entry;
  GtkLabel         *building_caption;
  GtkEntry         *building_entry;
  GtkLabel         *contract_caption;
  GtkEntry         *contract_entry;
  GtkButton        *landlord_next_button;

  GtkLabel         *wilayat_heading;
  GtkBox           *wilayat_list;
  GtkLabel         *area_heading;
  GtkBox           *area_list;

  GtkLabel         *delivery_heading;
  GtkButton        *print_button;
  GtkButton        *counter_button;

  GtkLabel         *review_heading;
  GtkGrid          *review_grid;
  GtkLabel         *review_error_label;
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
focus_entry (GtkEntry *entry)
{
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
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
fill_places (GtkBox     *box,
             GPtrArray  *items,
             const char *action)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      KioskCatalogItem *item = g_ptr_array_index (items, i);
      const char *name = kiosk_i18n_pick (item->name_ar, item->name_en);
      GtkWidget *button = gtk_button_new_with_label (name);

      gtk_widget_add_css_class (button, "kiosk-choice");
      gtk_widget_set_name (button, item->code);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", item->code);
      kiosk_accessible_set_label (button, name);
      gtk_box_append (box, button);
    }
}

static void
update_review (KioskLeaseFormFlow *self)
{
  g_autofree char *civil = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *place = NULL;
  int row = 0;

  if (self->tenant_name == NULL || self->area == NULL)
    return;
  civil = kiosk_i18n_localize_digits (self->civil_number);
  phone = g_strdup_printf ("+968 %.4s %.4s", self->phone + 4, self->phone + 8);
  /* The area, then its wilayat, with the language's own comma. */
  place = g_strdup_printf (kiosk_i18n_is_rtl () ? "%s، %s" : "%s, %s",
                           kiosk_i18n_pick (self->area->name_ar, self->area->name_en),
                           kiosk_i18n_pick (self->wilayat->name_ar, self->wilayat->name_en));
  /* Translators: lease form, review, caption over the tenant's name. */
  set_row (self->review_grid, row++, _("Tenant"), self->tenant_name, FALSE);
  /* Translators: lease form, review, caption over the tenant's civil number. */
  set_row (self->review_grid, row++, _("Civil number"), civil, TRUE);
  /* Translators: lease form, review, caption over the tenant's mobile number. */
  set_row (self->review_grid, row++, _("Mobile number"), phone, TRUE);
  /* Translators: lease form, review, caption over the landlord's name. */
  set_row (self->review_grid, row++, _("Landlord"), self->landlord_name, FALSE);
  /* Translators: lease form, review, caption over the wilayat and area. */
  set_row (self->review_grid, row++, _("Place"), place, FALSE);
  /* Translators: lease form, review, caption over the building details. */
  set_row (self->review_grid, row++, _("Building"), self->building, FALSE);
  /* Translators: lease form, review, caption over the current contract number. */
  set_row (self->review_grid, row++, _("Contract number"),
           /* Translators: lease form, review, in place of a contract number not given. */
           self->contract != NULL ? self->contract : _("Not given"), self->contract != NULL);
  /* Translators: lease form, review, caption over how the form is delivered. */
  set_row (self->review_grid, row++, _("Form"),
           self->print_now
             /* Translators: lease form, review: the form is printed at the kiosk. */
             ? _("Printed here now")
             /* Translators: lease form, review: the form is prepared at the counter. */
             : _("Collected at the counter"), FALSE);
  kiosk_flow_show_sentence (self->review_error_label, kiosk_error_text_or_none (self->review_error));
}

static void
kiosk_lease_form_flow_retranslate (KioskPage *page)
{
  KioskLeaseFormFlow *self = KIOSK_LEASE_FORM_FLOW (page);

  /* Left-to-right fields sit on the reading side of the screen, under their captions. */
  gtk_widget_set_halign (GTK_WIDGET (self->civil_entry), kiosk_i18n_is_rtl () ? GTK_ALIGN_END
                                                                                : GTK_ALIGN_START);
  gtk_widget_set_halign (GTK_WIDGET (self->phone_entry), kiosk_i18n_is_rtl () ? GTK_ALIGN_END
                                                                                : GTK_ALIGN_START);
  gtk_widget_set_halign (GTK_WIDGET (self->contract_entry), kiosk_i18n_is_rtl () ? GTK_ALIGN_END
                                                                                   : GTK_ALIGN_START);

  /* Translators: title of the lease-contract renewal form service, in the header. */
  kiosk_page_set_title (page, _("Lease contract renewal form"));

  /* Translators: lease form, first step. */
  gtk_label_set_label (self->tenant_heading, _("About you, the tenant"));
  /* Translators: lease form, under the heading of the tenant step. */
  gtk_label_set_label (self->tenant_hint, _("Your details as they are on your civil ID card."));
  kiosk_flow_show_sentence (self->tenant_error_label, kiosk_error_text_or_none (self->tenant_error));
  /* Translators: lease form, the tenant's full name field. */
  set_field (self->tenant_name_caption, self->tenant_name_entry, _("Full name"));
  /* Translators: lease form, the tenant's civil number field. */
  set_field (self->civil_caption, self->civil_entry, _("Civil number"));
  /* Translators: lease form, the tenant's mobile number field. */
  set_field (self->phone_caption, self->phone_entry, _("Mobile number"));
  kiosk_accessible_set_button_label (self->tenant_next_button, _("Next"));

  /* Translators: lease form, second step. */
  gtk_label_set_label (self->landlord_heading, _("The rented place"));
  /* Translators: lease form, under the heading of the landlord step. */
  gtk_label_set_label (self->landlord_hint, _("The contract number is on your current lease contract; leave it empty if you do not have it."));
  kiosk_flow_show_sentence (self->landlord_error_label, kiosk_error_text_or_none (self->landlord_error));
  /* Translators: lease form, the landlord's name field. */
  set_field (self->landlord_caption, self->landlord_entry, _("Landlord's name"));
  /* Translators: lease form, the building details field (building, floor, flat). */
  set_field (self->building_caption, self->building_entry, _("Building, floor and flat"));
  /* Translators: lease form, the optional current contract number field. */
  set_field (self->contract_caption, self->contract_entry, _("Contract number (optional)"));
  kiosk_accessible_set_button_label (self->landlord_next_button, _("Next"));

  /* Translators: lease form, heading of the wilayat step. */
  gtk_label_set_label (self->wilayat_heading, _("In which wilayat is the place?"));
  fill_places (self->wilayat_list, self->wilayats, "lease.wilayat");
  /* Translators: lease form, heading of the area step. */
  gtk_label_set_label (self->area_heading, _("In which area?"));
  fill_places (self->area_list, self->areas, "lease.area");

  /* Translators: lease form, heading of the delivery step. */
  gtk_label_set_label (self->delivery_heading, _("How would you like the form?"));
  /* Translators: lease form, the form is printed at the kiosk now. */
  kiosk_accessible_set_button_label (self->print_button, _("Print it here now"));
  /* Translators: lease form, the form is prepared for the visitor at the counter. */
  kiosk_accessible_set_button_label (self->counter_button, _("Collect it at the counter"));

  /* Translators: lease form, heading of the review step. */
  gtk_label_set_label (self->review_heading, _("Please check before sending"));
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
    focus_entry (self->tenant_name_entry);
  else if (g_strcmp0 (step, "landlord") == 0)
    focus_entry (self->landlord_entry);
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

/* Validates one field; on failure shows the sentence on `label` and focuses the field. */
static gboolean
check (char      **out,
       char       *valid,
       GError     *error,
       GtkEntry   *entry,
       int        *error_code,
       GtkLabel   *label)
{
  if (valid == NULL)
    {
      *error_code = kiosk_error_code_of (error);
      kiosk_flow_show_sentence (label, kiosk_error_text_or_none (*error_code));
      focus_entry (entry);
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
  if (!check (&self->tenant_name, v, e1, self->tenant_name_entry, &self->tenant_error,
              self->tenant_error_label))
    return;
  v = kiosk_validate_civil_number (entry_text (self->civil_entry), &e2);
  if (!check (&self->civil_number, v, e2, self->civil_entry, &self->tenant_error,
              self->tenant_error_label))
    return;
  v = kiosk_validate_phone (entry_text (self->phone_entry), &e3);
  if (!check (&self->phone, v, e3, self->phone_entry, &self->tenant_error,
              self->tenant_error_label))
    return;
  self->tenant_error = KIOSK_ERROR_TEXT_NONE;
  kiosk_flow_show_sentence (self->tenant_error_label, NULL);
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
  if (!check (&self->landlord_name, v, e1, self->landlord_entry, &self->landlord_error,
              self->landlord_error_label))
    return;
  v = kiosk_validate_text (entry_text (self->building_entry), KIOSK_LANDMARK_MAX_CHARS, TRUE,
                           &e2);
  if (!check (&self->building, v, e2, self->building_entry, &self->landlord_error,
              self->landlord_error_label))
    return;
  v = kiosk_validate_text (entry_text (self->contract_entry), CONTRACT_MAX_CHARS, FALSE, &e3);
  if (!check (&self->contract, v, e3, self->contract_entry, &self->landlord_error,
              self->landlord_error_label))
    return;
  if (self->contract[0] == '\0')
    g_clear_pointer (&self->contract, g_free);

  if (self->wilayats == NULL)
    {
      self->wilayats = kiosk_catalog_list_wilayats (store, &e4);
      if (self->wilayats == NULL)
        {
          g_message ("wilayats not listed: %s", e4->message);
          self->landlord_error = kiosk_error_code_of (e4);
          kiosk_flow_show_sentence (self->landlord_error_label, kiosk_error_text_or_none (self->landlord_error));
          return;
        }
      fill_places (self->wilayat_list, self->wilayats, "lease.wilayat");
    }
  self->landlord_error = KIOSK_ERROR_TEXT_NONE;
  kiosk_flow_show_sentence (self->landlord_error_label, NULL);
  kiosk_flow_go_to (KIOSK_FLOW (self), "wilayat");
}

static KioskCatalogItem *
find_item (GPtrArray  *items,
           const char *code)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    if (g_str_equal (((KioskCatalogItem *) g_ptr_array_index (items, i))->code, code))
      return g_ptr_array_index (items, i);
  return NULL;
}

static void
wilayat_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KioskLeaseFormFlow *self = KIOSK_LEASE_FORM_FLOW (widget);
  KioskCatalogItem *wilayat = find_item (self->wilayats, g_variant_get_string (parameter, NULL));
  g_autoptr(GPtrArray) areas = NULL;
  g_autoptr(GError) error = NULL;

  if (wilayat == NULL)
    return;
  areas = kiosk_catalog_list_areas (kiosk_flow_get_store (KIOSK_FLOW (self)), wilayat->code,
                                    &error);
  if (areas == NULL)
    {
      g_message ("areas of %s not listed: %s", wilayat->code, error->message);
      return;
    }
  self->wilayat = wilayat;
  self->area = NULL;
  g_clear_pointer (&self->areas, g_ptr_array_unref);
  self->areas = g_steal_pointer (&areas);
  fill_places (self->area_list, self->areas, "lease.area");
  kiosk_flow_go_to (KIOSK_FLOW (self), "area");
}

static void
area_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KioskLeaseFormFlow *self = KIOSK_LEASE_FORM_FLOW (widget);
  KioskCatalogItem *area = find_item (self->areas, g_variant_get_string (parameter, NULL));

  if (area == NULL)
    return;
  self->area = area;
  kiosk_flow_go_to (KIOSK_FLOW (self), "delivery");
}

static void
delivery_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KioskLeaseFormFlow *self = KIOSK_LEASE_FORM_FLOW (widget);

  self->print_now = g_str_equal (g_variant_get_string (parameter, NULL), "print");
  self->review_error = KIOSK_ERROR_TEXT_NONE;
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

  if (self->ref.uuid != NULL || self->area == NULL)
    return;  /* sent already: a double tap files nothing twice */
  input = (KioskLeaseFormInput) {
    .tenant_name = self->tenant_name,
    .civil_number = self->civil_number,
    .phone = self->phone,
    .landlord_name = self->landlord_name,
    .wilayat_code = self->wilayat->code,
    .area_code = self->area->code,
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
      self->review_error = kiosk_error_code_of (error);
      kiosk_flow_show_sentence (self->review_error_label, kiosk_error_text_or_none (self->review_error));
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
  /* Typing again puts the hint back: the sentence was about the text as it was. */
  if (self->tenant_error != KIOSK_ERROR_TEXT_NONE)
    {
      self->tenant_error = KIOSK_ERROR_TEXT_NONE;
      kiosk_flow_show_sentence (self->tenant_error_label, NULL);
    }
  if (self->landlord_error != KIOSK_ERROR_TEXT_NONE)
    {
      self->landlord_error = KIOSK_ERROR_TEXT_NONE;
      kiosk_flow_show_sentence (self->landlord_error_label, NULL);
    }
}

static gboolean
kiosk_lease_form_flow_go_back (KioskPage *page)
{
  if (KIOSK_LEASE_FORM_FLOW (page)->ref.uuid != NULL)
    return FALSE;
  return KIOSK_PAGE_CLASS (kiosk_lease_form_flow_parent_class)->go_back (page);
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
  GtkEntry *entries[] = { self->tenant_name_entry, self->civil_entry, self->phone_entry,
                          self->landlord_entry, self->building_entry, self->contract_entry };

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    if (entries[i] != NULL)
      g_signal_handlers_disconnect_by_data (entries[i], self);
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
  g_clear_pointer (&self->wilayats, g_ptr_array_unref);
  g_clear_pointer (&self->areas, g_ptr_array_unref);
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
  page_class->go_back = kiosk_lease_form_flow_go_back;
  page_class->reset = kiosk_lease_form_flow_reset;
  flow_class->step_shown = kiosk_lease_form_flow_step_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/kiosk-lease-form-flow.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskLeaseFormFlow, name)
  BIND (tenant_heading);
  BIND (tenant_hint);
  BIND (tenant_name_caption);
  BIND (tenant_name_entry);
  BIND (civil_caption);
  BIND (civil_entry);
  BIND (phone_caption);
  BIND (phone_entry);
  BIND (tenant_next_button);
  BIND (landlord_heading);
  BIND (landlord_hint);
  BIND (landlord_caption);
  BIND (landlord_entry);
  BIND (building_caption);
  BIND (building_entry);
  BIND (contract_caption);
  BIND (contract_entry);
  BIND (landlord_next_button);
  BIND (wilayat_heading);
  BIND (wilayat_list);
  BIND (area_heading);
  BIND (area_list);
  BIND (delivery_heading);
  BIND (print_button);
  BIND (counter_button);
  BIND (review_heading);
  BIND (review_grid);
  BIND (submit_button);
#undef BIND
  gtk_widget_class_bind_template_child_full (widget_class, "tenant_error", FALSE,
                                             G_STRUCT_OFFSET (KioskLeaseFormFlow,
                                                              tenant_error_label));
  gtk_widget_class_bind_template_child_full (widget_class, "landlord_error", FALSE,
                                             G_STRUCT_OFFSET (KioskLeaseFormFlow,
                                                              landlord_error_label));
  gtk_widget_class_bind_template_child_full (widget_class, "review_error", FALSE,
                                             G_STRUCT_OFFSET (KioskLeaseFormFlow,
                                                              review_error_label));

  gtk_widget_class_install_action (widget_class, "lease.tenant-next", NULL, tenant_next_action);
  gtk_widget_class_install_action (widget_class, "lease.landlord-next", NULL,
                                   landlord_next_action);
  gtk_widget_class_install_action (widget_class, "lease.wilayat", "s", wilayat_action);
  gtk_widget_class_install_action (widget_class, "lease.area", "s", area_action);
  gtk_widget_class_install_action (widget_class, "lease.delivery", "s", delivery_action);
  gtk_widget_class_install_action (widget_class, "lease.submit", NULL, submit_action);
}

static void
kiosk_lease_form_flow_init (KioskLeaseFormFlow *self)
{
  GtkEntry *entries[6];

  self->tenant_error = KIOSK_ERROR_TEXT_NONE;
  self->landlord_error = KIOSK_ERROR_TEXT_NONE;
  self->review_error = KIOSK_ERROR_TEXT_NONE;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->receipt = KIOSK_RECEIPT_PAGE (kiosk_receipt_page_new ());
  kiosk_flow_add_step (KIOSK_FLOW (self), "receipt", GTK_WIDGET (self->receipt));

  /* Numbers read left to right in both languages. */
  gtk_widget_set_direction (GTK_WIDGET (self->civil_entry), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (self->phone_entry), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (self->contract_entry), GTK_TEXT_DIR_LTR);
  entries[0] = self->tenant_name_entry;
  entries[1] = self->civil_entry;
  entries[2] = self->phone_entry;
  entries[3] = self->landlord_entry;
  entries[4] = self->building_entry;
  entries[5] = self->contract_entry;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    g_signal_connect (entries[i], "changed", G_CALLBACK (entry_changed_cb), self);
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
