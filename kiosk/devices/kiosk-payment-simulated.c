/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulated card terminal. */
#define G_LOG_DOMAIN "kiosk-payment"

#include "config.h"

#include "kiosk-payment-simulated.h"

#include "kiosk-error.h"

#define DEFAULT_DELAY_MS 2000

struct _KioskPaymentSimulated
{
  GObject             parent_instance;

  KioskStore         *store;
  KioskSimulatedMode  mode;
  guint               delay_ms;
  guint               sequence;
  guint               reversals;
};

static void kiosk_payment_simulated_iface_init (KioskPaymentTerminalInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskPaymentSimulated, kiosk_payment_simulated, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KIOSK_TYPE_PAYMENT_TERMINAL,
                                                      kiosk_payment_simulated_iface_init))

static const char *mode_names[] = { "approve", "approve-offline", "decline", "timeout", "cancel" };

gboolean
kiosk_simulated_mode_parse (const char         *text,
                            KioskSimulatedMode *out_mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (mode_names); i++)
    if (g_strcmp0 (text, mode_names[i]) == 0)
      {
        *out_mode = (KioskSimulatedMode) i;
        return TRUE;
      }
  return FALSE;
}

typedef struct
{
  KioskBaisa  amount;
  guint       source_id;
  gulong      cancel_id;
} Pending;

static void
pending_free (Pending *pending)
{
  g_clear_handle_id (&pending->source_id, g_source_remove);
  g_free (pending);
}

/* Once, whichever comes first: the delay ran out or the kiosk cancelled. */
static void
finish (GTask *task)
{
  KioskPaymentSimulated *self = g_task_get_source_object (task);
  Pending *pending = g_task_get_task_data (task);
  g_autofree KioskCardApproval *approval = NULL;
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  switch (self->mode)
    {
    case KIOSK_SIMULATED_APPROVE:
    case KIOSK_SIMULATED_APPROVE_OFFLINE:
      approval = g_new0 (KioskCardApproval, 1);
      approval->offline = self->mode == KIOSK_SIMULATED_APPROVE_OFFLINE;
      if (approval->offline &&
          !kiosk_payment_terminal_check_offline (self->store, pending->amount, &error))
        break;
      /* Offline, the terminal makes its own code; "Y1" is EMV's offline-approved code. */
      g_snprintf (approval->auth_code, sizeof approval->auth_code,
                  approval->offline ? "Y1%04u" : "%06u", ++self->sequence % 10000);
      g_strlcpy (approval->card_last4, "4242", sizeof approval->card_last4);
      g_task_return_pointer (task, g_steal_pointer (&approval), g_free);
      return;
    case KIOSK_SIMULATED_DECLINE:
      g_set_error_literal (&error, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_DECLINED,
                           "simulated terminal: declined");
      break;
    case KIOSK_SIMULATED_TIMEOUT:
      g_set_error_literal (&error, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_TIMED_OUT,
                           "simulated terminal: no answer");
      break;
    case KIOSK_SIMULATED_CANCEL:
    default:
      g_set_error_literal (&error, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_CANCELLED,
                           "simulated terminal: cancelled by the card holder");
      break;
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

static gboolean
delay_done_cb (gpointer data)
{
  GTask *task = data;
  Pending *pending = g_task_get_task_data (task);

  pending->source_id = 0;
  g_cancellable_disconnect (g_task_get_cancellable (task), pending->cancel_id);
  pending->cancel_id = 0;
  finish (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      data)
{
  GTask *task = data;
  Pending *pending = g_task_get_task_data (task);

  /* Answer at once rather than after the delay: the visitor is waiting. Running the source
   * now (from an idle) keeps the one path that finishes and drops the task. */
  g_clear_handle_id (&pending->source_id, g_source_remove);
  pending->source_id = g_idle_add (delay_done_cb, task);
}

static void
kiosk_payment_simulated_pay_async (KioskPaymentTerminal *terminal,
                                   KioskBaisa            amount,
                                   const char           *reference,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  KioskPaymentSimulated *self = KIOSK_PAYMENT_SIMULATED (terminal);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Pending *pending = g_new0 (Pending, 1);

  g_task_set_source_tag (task, kiosk_payment_simulated_pay_async);
  pending->amount = amount;
  g_task_set_task_data (task, pending, (GDestroyNotify) pending_free);
  g_debug ("simulated terminal: %" G_GINT64_FORMAT " baisa for %s, mode %s", amount,
           reference, mode_names[self->mode]);

  pending->source_id = g_timeout_add (self->delay_ms, delay_done_cb, task);
  if (cancellable != NULL)
    pending->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), task,
                                                NULL);
}

static KioskCardApproval *
kiosk_payment_simulated_pay_finish (KioskPaymentTerminal *terminal,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, terminal), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
kiosk_payment_simulated_reverse_async (KioskPaymentTerminal    *terminal,
                                       const KioskCardApproval *approval,
                                       KioskBaisa               amount,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data)
{
  KioskPaymentSimulated *self = KIOSK_PAYMENT_SIMULATED (terminal);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, kiosk_payment_simulated_reverse_async);
  /* A reversal needs no card holder: answered at once. */
  self->reversals++;
  g_debug ("simulated terminal: reversed %s, %" G_GINT64_FORMAT " baisa", approval->auth_code,
           amount);
  g_task_return_boolean (task, TRUE);
}

static gboolean
kiosk_payment_simulated_reverse_finish (KioskPaymentTerminal  *terminal,
                                        GAsyncResult          *result,
                                        GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, terminal), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
kiosk_payment_simulated_iface_init (KioskPaymentTerminalInterface *iface)
{
  iface->pay_async = kiosk_payment_simulated_pay_async;
  iface->pay_finish = kiosk_payment_simulated_pay_finish;
  iface->reverse_async = kiosk_payment_simulated_reverse_async;
  iface->reverse_finish = kiosk_payment_simulated_reverse_finish;
}

static void
kiosk_payment_simulated_class_init (KioskPaymentSimulatedClass *klass)
{
}

static void
kiosk_payment_simulated_init (KioskPaymentSimulated *self)
{
  const char *env = g_getenv ("KIOSK_SIMULATED_PAYMENT_MS");
  guint64 ms;

  self->delay_ms = DEFAULT_DELAY_MS;
  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 0, 60000, &ms, NULL))
    self->delay_ms = (guint) ms;
}

KioskPaymentSimulated *
kiosk_payment_simulated_new (KioskStore         *store,
                             KioskSimulatedMode  mode)
{
  KioskPaymentSimulated *self = g_object_new (KIOSK_TYPE_PAYMENT_SIMULATED, NULL);

  self->store = store;
  self->mode = mode;
  return self;
}

void
kiosk_payment_simulated_set_mode (KioskPaymentSimulated *self,
                                  KioskSimulatedMode     mode)
{
  g_return_if_fail (KIOSK_IS_PAYMENT_SIMULATED (self));

  self->mode = mode;
}

void
kiosk_payment_simulated_set_delay (KioskPaymentSimulated *self,
                                   guint                  delay_ms)
{
  g_return_if_fail (KIOSK_IS_PAYMENT_SIMULATED (self));

  self->delay_ms = delay_ms;
}

guint
kiosk_payment_simulated_get_reversals (KioskPaymentSimulated *self)
{
  g_return_val_if_fail (KIOSK_IS_PAYMENT_SIMULATED (self), 0);

  return self->reversals;
}
