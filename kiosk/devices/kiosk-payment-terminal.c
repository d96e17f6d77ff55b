/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The card terminal interface and the choice of driver from the configuration. */
#define G_LOG_DOMAIN "kiosk-payment"

#include "config.h"

#include "kiosk-payment-terminal.h"

#include <string.h>

#include "kiosk-error.h"
#include "kiosk-payment-opi.h"
#include "kiosk-payment-simulated.h"
#include "kiosk-payments.h"

G_DEFINE_INTERFACE (KioskPaymentTerminal, kiosk_payment_terminal, G_TYPE_OBJECT)

static void
kiosk_payment_terminal_default_init (KioskPaymentTerminalInterface *iface)
{
}

KioskPaymentAuth
kiosk_card_approval_to_auth (const KioskCardApproval *approval)
{
  return (KioskPaymentAuth) {
    approval->offline ? KIOSK_PAYMENT_APPROVED_OFFLINE : KIOSK_PAYMENT_APPROVED_ONLINE,
    approval->auth_code[0] != '\0' ? approval->auth_code : NULL,
    approval->card_last4[0] != '\0' ? approval->card_last4 : NULL,
  };
}

void
kiosk_payment_terminal_pay_async (KioskPaymentTerminal *self,
                                  KioskBaisa            amount,
                                  const char           *reference,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  g_return_if_fail (KIOSK_IS_PAYMENT_TERMINAL (self));
  g_return_if_fail (amount > 0);

  KIOSK_PAYMENT_TERMINAL_GET_IFACE (self)->pay_async (self, amount, reference, cancellable,
                                                      callback, user_data);
}

KioskCardApproval *
kiosk_payment_terminal_pay_finish (KioskPaymentTerminal *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (KIOSK_IS_PAYMENT_TERMINAL (self), NULL);

  return KIOSK_PAYMENT_TERMINAL_GET_IFACE (self)->pay_finish (self, result, error);
}

void
kiosk_payment_terminal_reverse_async (KioskPaymentTerminal    *self,
                                      const KioskCardApproval *approval,
                                      KioskBaisa               amount,
                                      GCancellable            *cancellable,
                                      GAsyncReadyCallback      callback,
                                      gpointer                 user_data)
{
  g_return_if_fail (KIOSK_IS_PAYMENT_TERMINAL (self));
  g_return_if_fail (approval != NULL);

  KIOSK_PAYMENT_TERMINAL_GET_IFACE (self)->reverse_async (self, approval, amount, cancellable,
                                                          callback, user_data);
}

gboolean
kiosk_payment_terminal_reverse_finish (KioskPaymentTerminal  *self,
                                       GAsyncResult          *result,
                                       GError               **error)
{
  g_return_val_if_fail (KIOSK_IS_PAYMENT_TERMINAL (self), FALSE);

  return KIOSK_PAYMENT_TERMINAL_GET_IFACE (self)->reverse_finish (self, result, error);
}

gboolean
kiosk_payment_terminal_check_offline (KioskStore  *store,
                                      KioskBaisa   amount,
                                      GError     **error)
{
  KioskOfflineExposure exposure = { 0 };
  KioskOfflineVerdict verdict;

  if (!kiosk_payments_get_exposure (store, &exposure, error))
    return FALSE;
  verdict = kiosk_payments_check_offline (kiosk_payments_get_limits (store), &exposure, amount,
                                          kiosk_store_now (store));
  if (verdict != KIOSK_OFFLINE_ALLOWED)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_OFFLINE_LIMIT,
                   "offline approval of %" G_GINT64_FORMAT " baisa refused (verdict %d)",
                   amount, verdict);
      return FALSE;
    }
  return TRUE;
}

KioskPaymentTerminal *
kiosk_payment_terminal_new_for_spec (const char  *spec,
                                     KioskStore  *store,
                                     GError     **error)
{
  g_return_val_if_fail (spec != NULL, NULL);

  if (g_str_equal (spec, "counter-only"))
    return NULL;
  if (g_str_has_prefix (spec, "simulated:"))
    {
      KioskSimulatedMode mode;

      if (!kiosk_simulated_mode_parse (spec + strlen ("simulated:"), &mode))
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                       "unknown simulated terminal mode in \"%s\"", spec);
          return NULL;
        }
      return KIOSK_PAYMENT_TERMINAL (kiosk_payment_simulated_new (store, mode));
    }
  if (g_str_has_prefix (spec, "opi:"))
    {
      g_autofree char *host = NULL;
      g_autofree char *code = NULL;
      guint16 port = 0;

      if (!kiosk_payment_opi_parse_address (spec + strlen ("opi:"), &host, &port))
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                       "\"%s\" is not opi:HOST:PORT", spec);
          return NULL;
        }
      /* The terminal knows the kiosk by its code, as the server does. */
      code = kiosk_store_dup_kiosk_code (store, NULL);
      return KIOSK_PAYMENT_TERMINAL (kiosk_payment_opi_new (store, host, port, code));
    }
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG, "unknown payment terminal \"%s\"", spec);
  return NULL;
}
