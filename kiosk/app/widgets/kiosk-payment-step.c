/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The payment step: card through the configured terminal, or a voucher for the counter. */
#define G_LOG_DOMAIN "kiosk-payment-step"

#include "config.h"

#include "kiosk-payment-step.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "kiosk-accessible.h"
#include "kiosk-attendants.h"
#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-i18n.h"

enum
{
  REVERSAL_NONE,
  REVERSAL_DONE,    /* the terminal gave the money back */
  REVERSAL_FAILED,  /* it could not: an attendant must see to it */
};

struct _KioskPaymentStep
{
  GtkWidget              parent_instance;

  KioskStore            *store;
  KioskBaisa             amount;
  char                  *purpose;
  KioskPaymentWriteFunc  write_func;
  gpointer               user_data;
  GDestroyNotify         destroy;

  KioskPaymentTerminal  *terminal;
  GCancellable          *cancellable;   /* the card payment on the terminal, while busy */
  gboolean               card_blocked;  /* the offline caps refused a card payment */
  gboolean               done;          /* the write succeeded: nothing more is taken */
  int                    error_code;
  int                    reversal;      /* after a card approval the write refused */
  gboolean               reversing;     /* the terminal is giving the money back */
  KioskCardApproval      reversed;      /* what is being given back */

  GtkWidget             *scroller;
  GtkLabel              *heading;
  GtkLabel              *purpose_label;
  GtkLabel              *amount_label;
  GtkLabel              *hint;
  GtkLabel              *error_label;
  GtkSpinner            *spinner;
  GtkButton             *card_button;
  GtkButton             *counter_button;
  GtkButton             *cancel_button;
};

G_DEFINE_FINAL_TYPE (KioskPaymentStep, kiosk_payment_step, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
static char *default_spec;

void
kiosk_payment_step_set_default_spec (const char *spec)
{
  g_free (default_spec);
  default_spec = g_strdup (spec);
}

const char *
kiosk_payment_step_get_default_spec (void)
{
  return default_spec != NULL ? default_spec : "counter-only";
}

static gboolean
is_busy (KioskPaymentStep *self)
{
  return self->cancellable != NULL;
}

/* While the terminal has the card, leaving would strand the payment: the toolbar's Back and
 * Home are greyed out until it answers (Cancel payment is on the step). */
static void
hold_navigation (KioskPaymentStep *self,
                 gboolean          hold)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (root == NULL)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (root), "win.home", !hold);
  gtk_widget_action_set_enabled (GTK_WIDGET (root), "win.back", !hold);
}

static void
update_state (KioskPaymentStep *self)
{
  gboolean busy = is_busy (self);

  /* Disposed, and a terminal's answer arrived late: nothing is on screen any more. */
  if (self->card_button == NULL)
    return;

  hold_navigation (self, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->card_button),
                          !busy && self->terminal != NULL && !self->card_blocked);
  gtk_widget_set_visible (GTK_WIDGET (self->counter_button), !busy);
  /* A reversal is not the visitor's to stop. */
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), busy && !self->reversing);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->counter_button), !self->done);
  gtk_widget_set_sensitive (GTK_WIDGET (self->card_button), !self->done);

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error_code != KIOSK_ERROR_TEXT_NONE);
  if (self->error_code == KIOSK_ERROR_TEXT_NONE)
    gtk_label_set_label (self->error_label, "");
  else if (self->reversal == REVERSAL_NONE)
    gtk_label_set_label (self->error_label, kiosk_error_text_for_code (self->error_code));
  else
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf ("%s %s", kiosk_error_text_for_code (self->error_code),
                              self->reversal == REVERSAL_DONE
                              /* Translators: payment step, after the card was approved but the
                               * service could not be recorded and the terminal reversed it. */
                              ? _("Your card was not charged.")
                              /* Translators: payment step, when even the reversal failed. */
                              : _("Please ask the attendant: your card payment must be refunded."));
      gtk_label_set_label (self->error_label, text);
    }
}

void
kiosk_payment_step_retranslate (KioskPaymentStep *self)
{
  g_autofree char *amount = NULL;

  g_return_if_fail (KIOSK_IS_PAYMENT_STEP (self));

  if (self->heading == NULL)
    return;
  /* Translators: heading of the payment step. */
  gtk_label_set_label (self->heading, _("Amount to pay"));
  gtk_label_set_label (self->purpose_label, self->purpose ? self->purpose : "");
  amount = kiosk_money_format (self->amount, kiosk_i18n_get_lang (), kiosk_i18n_get_digits ());
  gtk_label_set_label (self->amount_label, amount);
  if (is_busy (self))
    /* Translators: payment step, while the card terminal handles the payment. */
    gtk_label_set_label (self->hint, _("Please follow the instructions on the card terminal."));
  else if (self->card_blocked)
    /* Translators: payment step, when the card cannot be taken now (offline limits). */
    gtk_label_set_label (self->hint, _("Card payment is not available at the moment. You can pay at the counter."));
  else if (self->terminal == NULL)
    /* Translators: payment step on a kiosk that takes no cards. */
    gtk_label_set_label (self->hint, _("This kiosk takes payment at the counter."));
  else
    /* Translators: payment step, under the amount: the two ways to pay. */
    gtk_label_set_label (self->hint, _("Pay by bank card here, or take a voucher and pay at the counter."));
  /* Translators: payment step button: pay with a bank card on the terminal. */
  kiosk_accessible_set_button_label (self->card_button, _("Pay by card"));
  /* Translators: payment step button: get a voucher to pay in cash at the counter. */
  kiosk_accessible_set_button_label (self->counter_button, _("Pay at the counter"));
  /* Translators: payment step button: stop the card payment in progress. */
  kiosk_accessible_set_button_label (self->cancel_button, _("Cancel payment"));
  update_state (self);
}

static void
show_error (KioskPaymentStep *self,
            const GError     *error)
{
  self->error_code = error->domain == KIOSK_ERROR ? error->code : KIOSK_ERROR_FAILED;
  kiosk_payment_step_retranslate (self);
}

static gboolean
write_and_finish (KioskPaymentStep       *self,
                  const KioskPaymentAuth *auth)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  if (self->done)
    return TRUE;
  self->reversal = REVERSAL_NONE;
  if (self->store == NULL || self->write_func == NULL)
    g_set_error_literal (&error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN, "no payment request");
  else
    self->write_func (self->store, auth, &ref, self->user_data, &error);

  if (error != NULL)
    {
      g_message ("payment not recorded: %s", error->message);
      if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_OFFLINE_LIMIT))
        self->card_blocked = TRUE;
      show_error (self, error);
      return FALSE;
    }

  self->done = TRUE;
  self->error_code = KIOSK_ERROR_TEXT_NONE;
  update_state (self);
  g_debug ("payment recorded for %s (%s)", ref.reference, ref.uuid);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, ref.uuid, ref.reference);
  return TRUE;
}

static void
note_failed_reversal (KioskPaymentStep *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;

  if (self->store == NULL)
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "amount_baisa");
  json_builder_add_int_value (builder, self->amount);
  json_builder_set_member_name (builder, "purpose");
  json_builder_add_string_value (builder, self->purpose ? self->purpose : "");
  json_builder_set_member_name (builder, "auth_code");
  json_builder_add_string_value (builder, self->reversed.auth_code);
  json_builder_set_member_name (builder, "card_last4");
  json_builder_add_string_value (builder, self->reversed.card_last4);
  json_builder_set_member_name (builder, "offline");
  json_builder_add_boolean_value (builder, self->reversed.offline);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  detail = json_to_string (root, FALSE);
  if (!kiosk_attendants_audit (self->store, "kiosk", KIOSK_AUDIT_CARD_REVERSAL_FAILED, NULL,
                               detail, &error))
    g_message ("ALERT not recorded: %s", error->message);
}

static void
reversed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KioskPaymentStep) self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->cancellable);
  self->reversing = FALSE;
  if (kiosk_payment_terminal_reverse_finish (KIOSK_PAYMENT_TERMINAL (source), result, &error))
    self->reversal = REVERSAL_DONE;
  else
    {
      /* Money taken and nothing recorded: the attendant must know (the desk lists these
       * until one is handled). */
      g_message ("ALERT: card payment approved but neither recorded nor reversed: %s",
                 error->message);
      self->reversal = REVERSAL_FAILED;
      note_failed_reversal (self);
    }
  kiosk_payment_step_retranslate (self);
}

static void
paid_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KioskPaymentStep) self = user_data;
  g_autofree KioskCardApproval *approval = NULL;
  g_autoptr(GError) error = NULL;
  KioskPaymentAuth auth;

  approval = kiosk_payment_terminal_pay_finish (KIOSK_PAYMENT_TERMINAL (source), result, &error);
  g_clear_object (&self->cancellable);
  if (approval == NULL)
    {
      /* The kiosk cancelled (reset, leaving the page): nothing to say. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->error_code = KIOSK_ERROR_TEXT_NONE;
          kiosk_payment_step_retranslate (self);
          return;
        }
      g_message ("card payment failed: %s", error->message);
      if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_OFFLINE_LIMIT))
        self->card_blocked = TRUE;
      show_error (self, error);
      return;
    }
  auth = kiosk_card_approval_to_auth (approval);
  if (!write_and_finish (self, &auth))
    {
      /* The terminal took the money but the service refused (e.g. the fine was paid in
       * the meantime, the disk is full): give it back before the visitor leaves. */
      self->cancellable = g_cancellable_new ();
      self->reversing = TRUE;
      self->reversed = *approval;
      update_state (self);
      kiosk_payment_terminal_reverse_async (KIOSK_PAYMENT_TERMINAL (source), approval,
                                            self->amount, self->cancellable, reversed_cb,
                                            g_object_ref (self));
    }
}

static void
card_clicked_cb (GtkButton        *button,
                 KioskPaymentStep *self)
{
  g_autofree char *reference = NULL;

  if (is_busy (self) || self->done || self->terminal == NULL || self->amount <= 0)
    return;
  self->error_code = KIOSK_ERROR_TEXT_NONE;
  self->cancellable = g_cancellable_new ();
  kiosk_payment_step_retranslate (self);
  /* The record's reference exists only once the write commits; the terminal gets the
   * purpose as the merchant reference. */
  kiosk_payment_terminal_pay_async (self->terminal, self->amount, self->purpose,
                                    self->cancellable, paid_cb, g_object_ref (self));
}

static void
counter_clicked_cb (GtkButton        *button,
                    KioskPaymentStep *self)
{
  KioskPaymentAuth auth = { KIOSK_PAYMENT_AWAITING_COUNTER, NULL, NULL };

  if (is_busy (self))
    return;
  write_and_finish (self, &auth);
}

static void
cancel_clicked_cb (GtkButton        *button,
                   KioskPaymentStep *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

void
kiosk_payment_step_reset (KioskPaymentStep *self)
{
  g_return_if_fail (KIOSK_IS_PAYMENT_STEP (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  self->card_blocked = FALSE;
  self->done = FALSE;
  self->error_code = KIOSK_ERROR_TEXT_NONE;
  self->reversal = REVERSAL_NONE;
  kiosk_payment_step_retranslate (self);
}

void
kiosk_payment_step_set_terminal (KioskPaymentStep     *self,
                                 KioskPaymentTerminal *terminal)
{
  g_return_if_fail (KIOSK_IS_PAYMENT_STEP (self));

  g_set_object (&self->terminal, terminal);
  kiosk_payment_step_retranslate (self);
}

void
kiosk_payment_step_set_request (KioskPaymentStep      *self,
                                KioskStore            *store,
                                KioskBaisa             amount,
                                const char            *purpose,
                                KioskPaymentWriteFunc  write_func,
                                gpointer               user_data,
                                GDestroyNotify         destroy)
{
  g_return_if_fail (KIOSK_IS_PAYMENT_STEP (self));
  g_return_if_fail (amount > 0);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->destroy != NULL)
    self->destroy (self->user_data);
  self->store = store;
  self->amount = amount;
  g_free (self->purpose);
  self->purpose = g_strdup (purpose);
  self->write_func = write_func;
  self->user_data = user_data;
  self->destroy = destroy;
  self->done = FALSE;
  self->card_blocked = FALSE;
  self->error_code = KIOSK_ERROR_TEXT_NONE;
  self->reversal = REVERSAL_NONE;

  if (self->terminal == NULL && store != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->terminal = kiosk_payment_terminal_new_for_spec (default_spec ? default_spec
                                                            : "counter-only", store, &error);
      if (error != NULL)
        g_message ("no card terminal: %s", error->message);
    }
  kiosk_payment_step_retranslate (self);
}

int
kiosk_payment_step_get_error_code (KioskPaymentStep *self)
{
  g_return_val_if_fail (KIOSK_IS_PAYMENT_STEP (self), KIOSK_ERROR_TEXT_NONE);

  return self->error_code;
}

gboolean
kiosk_payment_step_is_busy (KioskPaymentStep *self)
{
  g_return_val_if_fail (KIOSK_IS_PAYMENT_STEP (self), FALSE);

  return is_busy (self);
}

gboolean
kiosk_payment_step_offers_card (KioskPaymentStep *self)
{
  g_return_val_if_fail (KIOSK_IS_PAYMENT_STEP (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->card_button));
}

/* Shown: the focus moves to the first way to pay, which also puts away an on-screen
 * keyboard left up by the step before (this step has nothing to type). */
static void
kiosk_payment_step_map (GtkWidget *widget)
{
  KioskPaymentStep *self = KIOSK_PAYMENT_STEP (widget);

  GTK_WIDGET_CLASS (kiosk_payment_step_parent_class)->map (widget);
  if (gtk_widget_get_visible (GTK_WIDGET (self->card_button)))
    gtk_widget_grab_focus (GTK_WIDGET (self->card_button));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->counter_button));
}

static void
kiosk_payment_step_unmap (GtkWidget *widget)
{
  /* Leaving the screen (the session ended): the window's navigation is not left held. */
  hold_navigation (KIOSK_PAYMENT_STEP (widget), FALSE);
  GTK_WIDGET_CLASS (kiosk_payment_step_parent_class)->unmap (widget);
}

static void
kiosk_payment_step_dispose (GObject *object)
{
  KioskPaymentStep *self = KIOSK_PAYMENT_STEP (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_PAYMENT_STEP);
  if (self->destroy != NULL)
    self->destroy (self->user_data);
  self->destroy = NULL;
  self->write_func = NULL;
  g_clear_object (&self->terminal);

  G_OBJECT_CLASS (kiosk_payment_step_parent_class)->dispose (object);
}

static void
kiosk_payment_step_finalize (GObject *object)
{
  KioskPaymentStep *self = KIOSK_PAYMENT_STEP (object);

  g_clear_object (&self->cancellable);
  g_free (self->purpose);

  G_OBJECT_CLASS (kiosk_payment_step_parent_class)->finalize (object);
}

static void
kiosk_payment_step_class_init (KioskPaymentStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_payment_step_dispose;
  object_class->finalize = kiosk_payment_step_finalize;
  widget_class->map = kiosk_payment_step_map;
  widget_class->unmap = kiosk_payment_step_unmap;

  /* The service write succeeded: (record UUID, reference). */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/widgets/kiosk-payment-step.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskPaymentStep, name)
  BIND (scroller);
  BIND (heading);
  BIND (purpose_label);
  BIND (amount_label);
  BIND (hint);
  BIND (error_label);
  BIND (spinner);
  BIND (card_button);
  BIND (counter_button);
  BIND (cancel_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, card_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, counter_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kioskpaymentstep");
}

static void
kiosk_payment_step_init (KioskPaymentStep *self)
{
  self->error_code = KIOSK_ERROR_TEXT_NONE;
  gtk_widget_init_template (GTK_WIDGET (self));
  kiosk_payment_step_retranslate (self);
}

GtkWidget *
kiosk_payment_step_new (void)
{
  return g_object_new (KIOSK_TYPE_PAYMENT_STEP, NULL);
}
