/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The parking fines flow's steps and rules. */
#define G_LOG_DOMAIN "kiosk-fines-flow"

#include "config.h"

#include "kiosk-fines-flow.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-fine-item.h"
#include "kiosk-fine-row.h"
#include "kiosk-i18n.h"
#include "kiosk-payment-step.h"
#include "kiosk-receipt-page.h"
#include "kiosk-services.h"
#include "kiosk-validate.h"
#include "steps/kiosk-plate-step.h"

/* More than any plate has at once; a longer list would be a data problem for the counter. */
#define MAX_FINES 200

struct _KioskFinesFlow
{
  KioskFlow         parent_instance;

  char             *plate;         /* canonical, after a look-up */
  GListStore       *fines;         /* KioskFineItem, oldest first */
  gboolean          all_selected;
  char            **paying;        /* the fine numbers handed to the payment step */
  KioskRecordRef    ref;           /* the payment, once made */

  KioskPlateStep   *plate_step;
  KioskStep        *list_step;
  GtkCheckButton   *select_all;
  GtkListBox       *fine_list;
  GtkLabel         *total_caption;
  GtkLabel         *total_label;
  GtkButton        *pay_button;

  KioskPaymentStep *payment;
  KioskReceiptPage *receipt;
};

G_DEFINE_FINAL_TYPE (KioskFinesFlow, kiosk_fines_flow, KIOSK_TYPE_FLOW)

enum
{
  PROP_0,
  PROP_ALL_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static KioskBaisa
selected_total (KioskFinesFlow *self,
                guint          *out_count,
                guint          *out_listed)
{
  KioskBaisa total = 0;
  guint count = 0;
  guint n = self->fines != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->fines)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KioskFineItem) item = g_list_model_get_item (G_LIST_MODEL (self->fines), i);

      if (kiosk_fine_item_get_selected (item))
        {
          total += kiosk_fine_item_get_fine (item)->amount;
          count++;
        }
    }
  if (out_count != NULL)
    *out_count = count;
  if (out_listed != NULL)
    *out_listed = n;
  return total;
}

static void
update_total (KioskFinesFlow *self)
{
  guint count = 0;
  guint listed = 0;
  KioskBaisa total = selected_total (self, &count, &listed);
  g_autofree char *money = kiosk_i18n_format_money (total);
  g_autofree char *n = kiosk_i18n_format_int (count);
  g_autofree char *caption = NULL;
  g_autofree char *pay = NULL;
  gboolean all = listed > 0 && count == listed;

  gtk_label_set_label (self->total_label, money);
  /* Translators: fines flow, over the running total: "Total of 2 fines". */
  caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Total of %s fine", "Total of %s fines",
                                          count), n);
  gtk_label_set_label (self->total_caption, caption);
  /* Translators: fines flow, the button that goes to payment with the amount: "Pay OMR 15.000". */
  pay = g_strdup_printf (_("Pay %s"), money);
  kiosk_accessible_set_button_label (self->pay_button, pay);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pay_button), count > 0);

  /* "Select all" shows what the ticks add up to; only a tap on it changes the ticks. */
  if (self->all_selected != all)
    {
      self->all_selected = all;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALL_SELECTED]);
    }
}

static void
set_all_selected (KioskFinesFlow *self,
                  gboolean        selected)
{
  for (guint i = 0; self->fines != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->fines)); i++)
    {
      g_autoptr(KioskFineItem) item = g_list_model_get_item (G_LIST_MODEL (self->fines), i);

      kiosk_fine_item_set_selected (item, selected);
    }
  update_total (self);
}

static GtkWidget *
create_fine_row (gpointer item,
                 gpointer user_data)
{
  return kiosk_fine_row_new (KIOSK_FINE_ITEM (item));
}

static void
update_list_texts (KioskFinesFlow *self)
{
  g_autofree char *plate = NULL;
  g_autofree char *heading = NULL;

  if (self->plate != NULL)
    plate = kiosk_i18n_plate (self->plate);
  /* Translators: fines flow, heading of the list, with the vehicle plate: "Unpaid fines of
   * 9415 H". */
  heading = g_strdup_printf (_("Unpaid fines of %s"), plate != NULL ? plate : "");
  kiosk_step_set_heading_text (self->list_step, heading);
  update_total (self);
}

static void
kiosk_fines_flow_retranslate (KioskPage *page)
{
  KioskFinesFlow *self = KIOSK_FINES_FLOW (page);

  KIOSK_PAGE_CLASS (kiosk_fines_flow_parent_class)->retranslate (page);

  /* Translators: title of the parking fines service, in the header. */
  kiosk_page_set_title (page, _("Pay parking fines"));
  /* Translators: fines flow, the check box that ticks every fine at once. */
  gtk_check_button_set_label (self->select_all, _("Select all"));
  /* The rows say their fine in the new language; the ticks are the items'. */
  if (self->fines != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->fines));

      g_list_model_items_changed (G_LIST_MODEL (self->fines), 0, n, n);
    }
  update_list_texts (self);
  kiosk_payment_step_retranslate (self->payment);
  kiosk_receipt_page_retranslate (self->receipt);
}

static void
kiosk_fines_flow_step_shown (KioskFlow  *flow,
                             const char *step)
{
  KioskFinesFlow *self = KIOSK_FINES_FLOW (flow);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (g_strcmp0 (step, "plate") == 0)
    kiosk_plate_step_focus (self->plate_step);
  else if (g_strcmp0 (step, "list") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->pay_button));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self));  /* payment, receipt: no field, no keyboard */
}

static GtkWidget *
kiosk_fines_flow_get_initial_focus (KioskPage *page)
{
  return kiosk_plate_step_get_entry (KIOSK_FINES_FLOW (page)->plate_step);
}

static void
fine_selected_cb (KioskFinesFlow *self)
{
  kiosk_step_set_error (self->list_step, KIOSK_ERROR_TEXT_NONE);
  update_total (self);
}

/* Looks `typed` up; on success the list holds the plate's unpaid fines, all ticked. */
static gboolean
look_up (KioskFinesFlow *self,
         const char     *typed)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  g_autofree char *plate = NULL;
  g_autoptr(GPtrArray) fines = NULL;
  g_autoptr(GError) error = NULL;

  plate = kiosk_validate_plate (typed, &error);
  if (plate != NULL)
    {
      if (store == NULL)
        g_set_error_literal (&error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN, "no store");
      else
        fines = kiosk_services_list_unpaid_fines (store, plate, MAX_FINES, &error);
    }
  if (error != NULL)
    {
      g_message ("fines not looked up: %s", error->message);
      kiosk_step_set_error (KIOSK_STEP (self->plate_step), kiosk_error_code_of (error));
      return FALSE;
    }
  if (fines->len == 0)
    {
      kiosk_step_set_error_message (KIOSK_STEP (self->plate_step),
                                    /* Translators: fines flow, the plate typed has no unpaid parking fine at this kiosk. */
                                    N_("There are no unpaid parking fines for this plate."));
      return FALSE;
    }
  kiosk_step_set_error (KIOSK_STEP (self->plate_step), KIOSK_ERROR_TEXT_NONE);

  g_free (self->plate);
  self->plate = g_steal_pointer (&plate);
  g_list_store_remove_all (self->fines);
  for (guint i = 0; i < fines->len; i++)
    {
      /* The item takes the fine over from the array. */
      g_autoptr(KioskFineItem) item = kiosk_fine_item_new (g_steal_pointer (&fines->pdata[i]));

      kiosk_fine_item_set_selected (item, TRUE);
      g_signal_connect_object (item, "notify::selected", G_CALLBACK (fine_selected_cb), self,
                               G_CONNECT_SWAPPED);
      g_list_store_append (self->fines, item);
    }
  kiosk_step_set_error (self->list_step, KIOSK_ERROR_TEXT_NONE);
  update_list_texts (self);
  return TRUE;
}

static void
plate_done_cb (KioskPlateStep *step,
               const char     *plate,
               KioskFinesFlow *self)
{
  if (!look_up (self, plate))
    {
      kiosk_plate_step_focus (self->plate_step);
      return;
    }
  kiosk_flow_go_to (KIOSK_FLOW (self), "list");
}

/* In the payment's transaction: the fines are marked paid with it, or nothing is written. */
static gboolean
write_payment_cb (KioskStore             *store,
                  const KioskPaymentAuth *auth,
                  KioskRecordRef         *out_ref,
                  gpointer                user_data,
                  GError                **error)
{
  KioskFinesFlow *self = user_data;

  return kiosk_services_pay_fines (store, self->plate, (const char * const *) self->paying,
                                   auth, out_ref, error);
}

static void
pay_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  KioskFinesFlow *self = KIOSK_FINES_FLOW (widget);
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  guint count = 0;
  KioskBaisa total = selected_total (self, &count, NULL);

  if (count == 0)
    {
      kiosk_step_set_error (self->list_step, KIOSK_ERROR_EMPTY);
      return;
    }
  if (self->ref.uuid != NULL)
    return;  /* paid already */
  g_strfreev (self->paying);
  self->paying = kiosk_fines_flow_dup_selected (self);
  kiosk_payment_step_set_request (self->payment, store, total,
                                  kiosk_receipt_service_name ("fines"),
                                  write_payment_cb, self, NULL);
  kiosk_flow_go_to (KIOSK_FLOW (self), "pay");
}

static void
payment_finished_cb (KioskPaymentStep *step,
                     const char       *uuid,
                     const char       *reference,
                     KioskFinesFlow   *self)
{
  g_autoptr(GError) error = NULL;

  kiosk_record_ref_clear (&self->ref);
  self->ref = (KioskRecordRef) { g_strdup (uuid), g_strdup (reference) };
  /* The payment is committed whatever happens to the page: the reference is on it. */
  if (!kiosk_receipt_page_show_record (self->receipt, kiosk_flow_get_store (KIOSK_FLOW (self)),
                                       uuid, &error))
    g_warning ("receipt of payment %s not shown: %s", uuid, error->message);
  kiosk_flow_go_to_final (KIOSK_FLOW (self), "receipt");
}

static gboolean
kiosk_fines_flow_go_back (KioskPage *page)
{
  KioskFinesFlow *self = KIOSK_FINES_FLOW (page);

  /* After paying, "back" would only offer the paid fines again: leave instead. */
  if (self->ref.uuid != NULL)
    return FALSE;
  if (kiosk_payment_step_is_busy (self->payment))
    return TRUE;  /* the terminal has the card: it is cancelled there or times out */
  return KIOSK_PAGE_CLASS (kiosk_fines_flow_parent_class)->go_back (page);
}

static void
kiosk_fines_flow_reset (KioskPage *page)
{
  KioskFinesFlow *self = KIOSK_FINES_FLOW (page);

  kiosk_payment_step_reset (self->payment);
  kiosk_receipt_page_clear (self->receipt);
  KIOSK_PAGE_CLASS (kiosk_fines_flow_parent_class)->reset (page);
}

static void
kiosk_fines_flow_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_FINES_FLOW);

  G_OBJECT_CLASS (kiosk_fines_flow_parent_class)->dispose (object);
}

static void
kiosk_fines_flow_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ALL_SELECTED:
      g_value_set_boolean (value, KIOSK_FINES_FLOW (object)->all_selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_fines_flow_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ALL_SELECTED:
      set_all_selected (KIOSK_FINES_FLOW (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_fines_flow_finalize (GObject *object)
{
  KioskFinesFlow *self = KIOSK_FINES_FLOW (object);

  g_clear_pointer (&self->plate, g_free);
  g_clear_object (&self->fines);
  g_clear_pointer (&self->paying, g_strfreev);
  kiosk_record_ref_clear (&self->ref);

  G_OBJECT_CLASS (kiosk_fines_flow_parent_class)->finalize (object);
}

static void
kiosk_fines_flow_class_init (KioskFinesFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);
  KioskFlowClass *flow_class = KIOSK_FLOW_CLASS (klass);

  object_class->dispose = kiosk_fines_flow_dispose;
  object_class->finalize = kiosk_fines_flow_finalize;
  page_class->retranslate = kiosk_fines_flow_retranslate;
  page_class->get_initial_focus = kiosk_fines_flow_get_initial_focus;
  page_class->go_back = kiosk_fines_flow_go_back;
  page_class->reset = kiosk_fines_flow_reset;
  flow_class->step_shown = kiosk_fines_flow_step_shown;

  object_class->get_property = kiosk_fines_flow_get_property;
  object_class->set_property = kiosk_fines_flow_set_property;

  /* Every fine ticked; setting it ticks or unticks them all ("Select all"). */
  properties[PROP_ALL_SELECTED] =
    g_param_spec_boolean ("all-selected", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KIOSK_TYPE_PLATE_STEP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/flows/fines/kiosk-fines-flow.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskFinesFlow, name)
#define BIND_STEP(id, field) \
  gtk_widget_class_bind_template_child_full (widget_class, id, FALSE, \
                                             G_STRUCT_OFFSET (KioskFinesFlow, field))
  BIND_STEP ("plate", plate_step);
  BIND_STEP ("list", list_step);
  BIND (select_all);
  BIND (fine_list);
  BIND (total_caption);
  BIND (total_label);
  BIND (pay_button);
#undef BIND_STEP
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, plate_done_cb);

  gtk_widget_class_install_property_action (widget_class, "fines.select-all", "all-selected");
  gtk_widget_class_install_action (widget_class, "fines.pay", NULL, pay_action);
}

/* The steps every visitor goes through, numbered on screen. */
static const char * const numbered_steps[] = {
  "plate", "list", "pay", NULL
};

static void
kiosk_fines_flow_init (KioskFinesFlow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kiosk_flow_set_numbered_steps (KIOSK_FLOW (self), numbered_steps);
  self->fines = g_list_store_new (KIOSK_TYPE_FINE_ITEM);
  gtk_list_box_bind_model (self->fine_list, G_LIST_MODEL (self->fines), create_fine_row,
                           NULL, NULL);
  /* Translators: fines flow, button that looks the plate's fines up. */
  kiosk_plate_step_set_next_label (self->plate_step, N_("Show my fines"));
  /* Translators: fines flow, under the heading of the list. */
  kiosk_step_set_hint (self->list_step, N_("Tick the fines you want to pay now."));

  self->payment = KIOSK_PAYMENT_STEP (kiosk_payment_step_new ());
  self->receipt = KIOSK_RECEIPT_PAGE (kiosk_receipt_page_new ());
  kiosk_flow_add_step (KIOSK_FLOW (self), "pay", GTK_WIDGET (self->payment));
  kiosk_flow_add_step (KIOSK_FLOW (self), "receipt", GTK_WIDGET (self->receipt));
  g_signal_connect_object (self->payment, "finished", G_CALLBACK (payment_finished_cb), self, 0);
  kiosk_fines_flow_retranslate (KIOSK_PAGE (self));
}

GtkWidget *
kiosk_fines_flow_new (KioskStore *store)
{
  return g_object_new (KIOSK_TYPE_FINES_FLOW, "store", store, NULL);
}

gboolean
kiosk_fines_flow_select (KioskFinesFlow     *self,
                         const char         *plate,
                         const char * const *numbers)
{
  g_return_val_if_fail (KIOSK_IS_FINES_FLOW (self), FALSE);
  g_return_val_if_fail (plate != NULL, FALSE);

  /* The plate stays in its field, so "back" shows what the notice said. */
  kiosk_plate_step_set_text (self->plate_step, plate);
  if (!look_up (self, plate))
    {
      kiosk_flow_go_to (KIOSK_FLOW (self), "plate");
      return FALSE;
    }
  for (guint i = 0; numbers != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->fines)); i++)
    {
      g_autoptr(KioskFineItem) item = g_list_model_get_item (G_LIST_MODEL (self->fines), i);

      kiosk_fine_item_set_selected (item, g_strv_contains (numbers,
                                                           kiosk_fine_item_get_fine (item)->number));
    }
  kiosk_flow_go_to (KIOSK_FLOW (self), "list");
  return TRUE;
}

const char *
kiosk_fines_flow_get_plate (KioskFinesFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FINES_FLOW (self), NULL);

  return self->plate;
}

char **
kiosk_fines_flow_dup_selected (KioskFinesFlow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (KIOSK_IS_FINES_FLOW (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->fines)); i++)
    {
      g_autoptr(KioskFineItem) item = g_list_model_get_item (G_LIST_MODEL (self->fines), i);

      if (kiosk_fine_item_get_selected (item))
        g_strv_builder_add (builder, kiosk_fine_item_get_fine (item)->number);
    }
  return g_strv_builder_end (builder);
}

KioskBaisa
kiosk_fines_flow_get_total (KioskFinesFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FINES_FLOW (self), 0);

  return selected_total (self, NULL, NULL);
}

const char *
kiosk_fines_flow_get_reference (KioskFinesFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FINES_FLOW (self), NULL);

  return self->ref.reference;
}

const char *
kiosk_fines_flow_get_payment_uuid (KioskFinesFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FINES_FLOW (self), NULL);

  return self->ref.uuid;
}
