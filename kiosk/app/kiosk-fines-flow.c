/* The parking fines flow's steps and rules. */
#define G_LOG_DOMAIN "kiosk-fines-flow"

#include "config.h"

#include "kiosk-fines-flow.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-i18n.h"
#include "kiosk-payment-step.h"
#include "kiosk-receipt-page.h"
#include "kiosk-services.h"
#include "kiosk-validate.h"

/* More than any plate has at once; a longer list would be a data problem for the counter. */
#define MAX_FINES 200

struct _KioskFinesFlow
{
  KioskFlow       parent_instance;

  char           *plate;         /* canonical, after a look-up */
  GPtrArray      *fines;         /* KioskFine, oldest first */
  GPtrArray      *checks;        /* GtkCheckButton per fine, same order */
  int             plate_error;   /* KioskError code shown on the plate step, or KIOSK_ERROR_TEXT_NONE */
  gboolean        plate_none;    /* the plate has no unpaid fine */
  int             list_error;
  gboolean        updating;      /* ticking boxes from code: no "select all" feedback loop */
  char          **paying;        /* the fine numbers handed to the payment step */
  KioskRecordRef  ref;           /* the payment, once made */

  GtkLabel       *plate_heading;
  GtkLabel       *plate_hint;
  GtkLabel       *plate_error_label;
  GtkEntry       *plate_entry;
  GtkButton      *plate_next_button;

  GtkLabel       *list_heading;
  GtkLabel       *list_hint;
  GtkLabel       *list_error_label;
  GtkCheckButton *select_all;
  GtkListBox     *fine_list;
  GtkLabel       *total_caption;
  GtkLabel       *total_label;
  GtkButton      *pay_button;

  KioskPaymentStep *payment;
  KioskReceiptPage *receipt;
};

G_DEFINE_FINAL_TYPE (KioskFinesFlow, kiosk_fines_flow, KIOSK_TYPE_FLOW)

/* An error takes the place of the step's hint (as in the feedback flow). */

static void
show_plate_error (KioskFinesFlow *self)
{
  if (self->plate_none)
    /* Translators: fines flow, the plate typed has no unpaid parking fine at this kiosk. */
    kiosk_flow_show_sentence (self->plate_error_label, _("There are no unpaid parking fines for this plate."));
  else
    kiosk_flow_show_sentence (self->plate_error_label, self->plate_error != KIOSK_ERROR_TEXT_NONE
                     ? kiosk_error_text_for_code (self->plate_error) : NULL);
}

static KioskBaisa
selected_total (KioskFinesFlow *self,
                guint          *out_count)
{
  KioskBaisa total = 0;
  guint count = 0;

  for (guint i = 0; self->checks != NULL && i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      {
        total += ((KioskFine *) g_ptr_array_index (self->fines, i))->amount;
        count++;
      }
  if (out_count != NULL)
    *out_count = count;
  return total;
}

static void
update_total (KioskFinesFlow *self)
{
  guint count = 0;
  KioskBaisa total = selected_total (self, &count);
  g_autofree char *money = kiosk_i18n_format_money (total);
  g_autofree char *n = kiosk_i18n_format_int (count);
  g_autofree char *caption = NULL;
  g_autofree char *pay = NULL;

  gtk_label_set_label (self->total_label, money);
  /* Translators: fines flow, over the running total: "Total of 2 fines". */
  caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Total of %s fine", "Total of %s fines",
                                          count), n);
  gtk_label_set_label (self->total_caption, caption);
  /* Translators: fines flow, the button that goes to payment with the amount: "Pay OMR 15.000". */
  pay = g_strdup_printf (_("Pay %s"), money);
  kiosk_accessible_set_button_label (self->pay_button, pay);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pay_button), count > 0);

  self->updating = TRUE;
  gtk_check_button_set_active (self->select_all,
                               self->checks != NULL && count == self->checks->len && count > 0);
  self->updating = FALSE;
}

static GtkWidget *
fine_row_content (KioskFine *fine)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *day = kiosk_i18n_format_time (fine->issued_at, FALSE);
  g_autofree char *money = kiosk_i18n_format_money (fine->amount);
  g_autofree char *line = g_strdup_printf ("%s · %s", day, kiosk_i18n_pick (fine->place_ar,
                                                                             fine->place_en));
  GtkWidget *violation = gtk_label_new (kiosk_i18n_pick (fine->violation_ar, fine->violation_en));
  GtkWidget *where = gtk_label_new (line);
  /* Fine numbers are printed in Latin on the notice: shown as printed. */
  GtkWidget *num = gtk_label_new (fine->number);
  GtkWidget *amount = gtk_label_new (money);

  for (GtkWidget *l = violation; l != NULL; l = l == violation ? where : l == where ? num : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_label_set_wrap (GTK_LABEL (l), TRUE);
      gtk_box_append (GTK_BOX (text), l);
    }
  gtk_widget_add_css_class (violation, "kiosk-choice-title");
  gtk_widget_add_css_class (where, "kiosk-choice-text");
  gtk_widget_add_css_class (num, "kiosk-choice-text");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_add_css_class (amount, "kiosk-choice-title");
  gtk_widget_set_valign (amount, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), amount);
  return box;
}

static void fine_toggled_cb (GtkCheckButton *check,
                             KioskFinesFlow *self);

static void
clear_list (KioskFinesFlow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fine_list))) != NULL)
    gtk_list_box_remove (self->fine_list, child);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->fines, g_ptr_array_unref);
}

static void
fill_list (KioskFinesFlow *self)
{
  GtkWidget *child;

  /* The rows are rebuilt on a language switch: keep the ticks. */
  g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (gboolean));

  for (guint i = 0; self->checks != NULL && i < self->checks->len; i++)
    {
      gboolean on = gtk_check_button_get_active (g_ptr_array_index (self->checks, i));

      g_array_append_val (ticks, on);
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fine_list))) != NULL)
    gtk_list_box_remove (self->fine_list, child);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  if (self->fines == NULL)
    return;

  self->checks = g_ptr_array_new ();
  for (guint i = 0; i < self->fines->len; i++)
    {
      KioskFine *fine = g_ptr_array_index (self->fines, i);
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *money = kiosk_i18n_format_money (fine->amount);
      g_autofree char *day = kiosk_i18n_format_time (fine->issued_at, FALSE);
      g_autofree char *accessible = g_strdup_printf ("%s, %s, %s, %s",
                                                     kiosk_i18n_pick (fine->violation_ar,
                                                                      fine->violation_en),
                                                     day,
                                                     kiosk_i18n_pick (fine->place_ar,
                                                                      fine->place_en),
                                                     money);

      gtk_check_button_set_child (GTK_CHECK_BUTTON (check), fine_row_content (fine));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   i < ticks->len ? g_array_index (ticks, gboolean, i) : TRUE);
      gtk_widget_add_css_class (check, "kiosk-fine");
      gtk_widget_set_name (check, fine->number);
      kiosk_accessible_set_label (check, accessible);
      g_signal_connect (check, "toggled", G_CALLBACK (fine_toggled_cb), self);
      g_ptr_array_add (self->checks, check);
      gtk_list_box_append (self->fine_list, check);
    }
}

static void
update_list_texts (KioskFinesFlow *self)
{
  g_autofree char *plate = NULL;
  g_autofree char *heading = NULL;

  if (self->plate != NULL)
    {
      g_autofree char *shown = kiosk_plate_display (self->plate, kiosk_i18n_get_lang ());

      plate = kiosk_i18n_localize_digits (shown);
    }
  /* Translators: fines flow, heading of the list, with the vehicle plate: "Unpaid fines of
   * 9415 H". */
  heading = g_strdup_printf (_("Unpaid fines of %s"), plate != NULL ? plate : "");
  gtk_label_set_label (self->list_heading, heading);
  kiosk_flow_show_sentence (self->list_error_label, self->list_error != KIOSK_ERROR_TEXT_NONE
                   ? kiosk_error_text_for_code (self->list_error) : NULL);
  /* Paid fines are no longer unpaid: the list stays as it was when paid. */
  if (self->ref.uuid == NULL)
    fill_list (self);
  update_total (self);
}

static void
kiosk_fines_flow_retranslate (KioskPage *page)
{
  KioskFinesFlow *self = KIOSK_FINES_FLOW (page);

  /* Left-to-right fields sit on the reading side of the screen, under their captions. */
  gtk_widget_set_halign (GTK_WIDGET (self->plate_entry), kiosk_i18n_is_rtl () ? GTK_ALIGN_END
                                                                                : GTK_ALIGN_START);

  /* Translators: title of the parking fines service, in the header. */
  kiosk_page_set_title (page, _("Pay parking fines"));

  /* Translators: fines flow, first step. */
  gtk_label_set_label (self->plate_heading, _("Your vehicle plate"));
  /* Translators: fines flow, under the heading of the plate step. */
  gtk_label_set_label (self->plate_hint, _("Type the numbers and the letters of the plate, in Arabic or English letters, for example 9415 H."));
  /* Translators: accessible name of the plate field. */
  kiosk_accessible_set_label (GTK_WIDGET (self->plate_entry), _("Vehicle plate"));
  show_plate_error (self);
  /* Translators: fines flow, button that looks the plate's fines up. */
  kiosk_accessible_set_button_label (self->plate_next_button, _("Show my fines"));

  /* Translators: fines flow, under the heading of the list. */
  gtk_label_set_label (self->list_hint, _("Tick the fines you want to pay now."));
  /* Translators: fines flow, the check box that ticks every fine at once. */
  gtk_check_button_set_label (self->select_all, _("Select all"));
  update_list_texts (self);
  kiosk_payment_step_retranslate (self->payment);
  kiosk_receipt_page_retranslate (self->receipt);
}

static void
focus_entry (GtkEntry *entry)
{
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
}

static void
kiosk_fines_flow_step_shown (KioskFlow  *flow,
                             const char *step)
{
  KioskFinesFlow *self = KIOSK_FINES_FLOW (flow);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (g_strcmp0 (step, "plate") == 0)
    focus_entry (self->plate_entry);
  else if (g_strcmp0 (step, "list") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->pay_button));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self));  /* payment, receipt: no field, no keyboard */
}

static GtkWidget *
kiosk_fines_flow_get_initial_focus (KioskPage *page)
{
  return GTK_WIDGET (KIOSK_FINES_FLOW (page)->plate_entry);
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

  self->plate_none = FALSE;
  self->plate_error = KIOSK_ERROR_TEXT_NONE;
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
      self->plate_error = error->domain == KIOSK_ERROR ? error->code : KIOSK_ERROR_FAILED;
    }
  else if (fines->len == 0)
    self->plate_none = TRUE;
  show_plate_error (self);
  if (error != NULL || self->plate_none)
    return FALSE;

  clear_list (self);
  g_free (self->plate);
  self->plate = g_steal_pointer (&plate);
  self->fines = g_steal_pointer (&fines);
  self->list_error = KIOSK_ERROR_TEXT_NONE;
  update_list_texts (self);
  return TRUE;
}

static void
plate_next_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KioskFinesFlow *self = KIOSK_FINES_FLOW (widget);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->plate_entry));

  if (!look_up (self, typed))
    {
      focus_entry (self->plate_entry);
      return;
    }
  kiosk_flow_go_to (KIOSK_FLOW (self), "list");
}

static void
fine_toggled_cb (GtkCheckButton *check,
                 KioskFinesFlow *self)
{
  if (self->updating)
    return;
  if (self->list_error != KIOSK_ERROR_TEXT_NONE)
    {
      self->list_error = KIOSK_ERROR_TEXT_NONE;
      kiosk_flow_show_sentence (self->list_error_label, NULL);
    }
  update_total (self);
}

static void
select_all_toggled_cb (GtkCheckButton *check,
                       KioskFinesFlow *self)
{
  gboolean on = gtk_check_button_get_active (check);

  if (self->updating || self->checks == NULL)
    return;
  self->updating = TRUE;
  for (guint i = 0; i < self->checks->len; i++)
    gtk_check_button_set_active (g_ptr_array_index (self->checks, i), on);
  self->updating = FALSE;
  update_total (self);
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
  KioskBaisa total = selected_total (self, &count);

  if (count == 0)
    {
      self->list_error = KIOSK_ERROR_EMPTY;
      kiosk_flow_show_sentence (self->list_error_label, kiosk_error_text_for_code (self->list_error));
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
plate_changed_cb (GtkEditable    *editable,
                  KioskFinesFlow *self)
{
  if (self->plate_error != KIOSK_ERROR_TEXT_NONE || self->plate_none)
    {
      self->plate_error = KIOSK_ERROR_TEXT_NONE;
      self->plate_none = FALSE;
      show_plate_error (self);
    }
}

static void
plate_activate_cb (GtkEntry       *entry,
                   KioskFinesFlow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "fines.plate-next", NULL);
}

static void
kiosk_fines_flow_dispose (GObject *object)
{
  KioskFinesFlow *self = KIOSK_FINES_FLOW (object);

  if (self->plate_entry != NULL)
    g_signal_handlers_disconnect_by_data (self->plate_entry, self);
  if (self->select_all != NULL)
    g_signal_handlers_disconnect_by_data (self->select_all, self);
  if (self->payment != NULL)
    g_signal_handlers_disconnect_by_data (self->payment, self);
  for (guint i = 0; self->checks != NULL && i < self->checks->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->checks, i), self);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_FINES_FLOW);

  G_OBJECT_CLASS (kiosk_fines_flow_parent_class)->dispose (object);
}

static void
kiosk_fines_flow_finalize (GObject *object)
{
  KioskFinesFlow *self = KIOSK_FINES_FLOW (object);

  g_clear_pointer (&self->plate, g_free);
  g_clear_pointer (&self->fines, g_ptr_array_unref);
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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/kiosk-fines-flow.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskFinesFlow, name)
  BIND (plate_heading);
  BIND (plate_hint);
  BIND (plate_entry);
  BIND (plate_next_button);
  BIND (list_heading);
  BIND (list_hint);
  BIND (select_all);
  BIND (fine_list);
  BIND (total_caption);
  BIND (total_label);
  BIND (pay_button);
#undef BIND
  gtk_widget_class_bind_template_child_full (widget_class, "plate_error", FALSE,
                                             G_STRUCT_OFFSET (KioskFinesFlow, plate_error_label));
  gtk_widget_class_bind_template_child_full (widget_class, "list_error", FALSE,
                                             G_STRUCT_OFFSET (KioskFinesFlow, list_error_label));

  gtk_widget_class_install_action (widget_class, "fines.plate-next", NULL, plate_next_action);
  gtk_widget_class_install_action (widget_class, "fines.pay", NULL, pay_action);
}

static void
kiosk_fines_flow_init (KioskFinesFlow *self)
{
  self->plate_error = KIOSK_ERROR_TEXT_NONE;
  self->list_error = KIOSK_ERROR_TEXT_NONE;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->payment = KIOSK_PAYMENT_STEP (kiosk_payment_step_new ());
  self->receipt = KIOSK_RECEIPT_PAGE (kiosk_receipt_page_new ());
  kiosk_flow_add_step (KIOSK_FLOW (self), "pay", GTK_WIDGET (self->payment));
  kiosk_flow_add_step (KIOSK_FLOW (self), "receipt", GTK_WIDGET (self->receipt));
  g_signal_connect (self->payment, "finished", G_CALLBACK (payment_finished_cb), self);

  /* Plates read left to right in both languages (digits, then letters). */
  gtk_widget_set_direction (GTK_WIDGET (self->plate_entry), GTK_TEXT_DIR_LTR);
  g_signal_connect (self->plate_entry, "changed", G_CALLBACK (plate_changed_cb), self);
  g_signal_connect (self->plate_entry, "activate", G_CALLBACK (plate_activate_cb), self);
  g_signal_connect (self->select_all, "toggled", G_CALLBACK (select_all_toggled_cb), self);
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
  gtk_editable_set_text (GTK_EDITABLE (self->plate_entry), plate);
  if (!look_up (self, plate))
    {
      kiosk_flow_go_to (KIOSK_FLOW (self), "plate");
      return FALSE;
    }
  if (numbers != NULL)
    {
      self->updating = TRUE;
      for (guint i = 0; i < self->checks->len; i++)
        {
          KioskFine *fine = g_ptr_array_index (self->fines, i);

          gtk_check_button_set_active (g_ptr_array_index (self->checks, i),
                                       g_strv_contains (numbers, fine->number));
        }
      self->updating = FALSE;
      update_total (self);
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

  for (guint i = 0; self->checks != NULL && i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      g_strv_builder_add (builder,
                          ((KioskFine *) g_ptr_array_index (self->fines, i))->number);
  return g_strv_builder_end (builder);
}

KioskBaisa
kiosk_fines_flow_get_total (KioskFinesFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FINES_FLOW (self), 0);

  return selected_total (self, NULL);
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
