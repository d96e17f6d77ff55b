/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskError codes as sentences for the visitor. */
#define G_LOG_DOMAIN "kiosk-error-text"

#include "config.h"

#include "kiosk-error-text.h"

#include <glib/gi18n.h>

#include "kiosk-error.h"

static const char *
general_text (void)
{
  /* Translators: shown to a visitor when the kiosk failed for a reason they cannot fix. */
  return _("Sorry, something went wrong on this kiosk. Please try again or ask the service attendant.");
}

const char *
kiosk_error_text_for_code (int code)
{
  switch ((KioskError) code)
    {
    case KIOSK_ERROR_STORE_BUSY:
      /* Translators: the kiosk's database was busy for a moment; the visitor may retry. */
      return _("The kiosk is busy for a moment. Please try again.");
    case KIOSK_ERROR_STORE_IO:
    case KIOSK_ERROR_STORE_OPEN:
    case KIOSK_ERROR_STORE_CORRUPT:
    case KIOSK_ERROR_STORE_TOO_NEW:
    case KIOSK_ERROR_STORE_MIGRATION:
    case KIOSK_ERROR_STORE_SQL:
    case KIOSK_ERROR_PHOTO:
      /* Translators: the kiosk could not save what the visitor did (disk or database
       * trouble); nothing was recorded. */
      return _("The kiosk could not save this. Nothing was recorded. Please ask the service attendant.");
    case KIOSK_ERROR_NOT_FOUND:
      /* Translators: a number the visitor looked up is not known to the kiosk. */
      return _("We could not find this. Please check the number and try again.");
    case KIOSK_ERROR_CONFLICT:
      /* Translators: what the visitor asked for clashes with an earlier record. */
      return _("This was already done earlier. Please ask the service attendant.");
    case KIOSK_ERROR_ALREADY_PAID:
      /* Translators: a fine or fee the visitor tried to pay is already paid. */
      return _("This has already been paid.");
    case KIOSK_ERROR_LICENCE_BLOCKED:
      /* Translators: a suspended or cancelled licence cannot be renewed at the kiosk. */
      return _("This licence cannot be renewed here. Please visit the counter.");
    case KIOSK_ERROR_UNPAID_FINES:
      /* Translators: a vehicle with unpaid parking fines cannot renew before paying them. */
      return _("This vehicle has unpaid fines. Please pay them first.");
    case KIOSK_ERROR_NO_FEE:
      /* Translators: the kiosk has no fee for the chosen option; the counter can help. */
      return _("The fee for this option is not available here. Please visit the counter.");
    case KIOSK_ERROR_EMPTY:
      /* Translators: the visitor left a required field empty. */
      return _("Please write something here first.");
    case KIOSK_ERROR_TOO_LONG:
      /* Translators: the visitor's text is over the field's limit; what they typed is kept. */
      return _("This is too long. Please shorten it.");
    case KIOSK_ERROR_INVALID_TEXT:
      /* Translators: the visitor's text holds characters the kiosk cannot accept. */
      return _("This text contains characters that cannot be used. Please change it.");
    case KIOSK_ERROR_INVALID_PHONE:
      /* Translators: not an Omani mobile number; the example ends the sentence and keeps its
       * no-break space, so it is never split over two lines or reordered by punctuation. */
      return _("This is not an Omani mobile number. It has 8 digits and starts with 7 or 9, for example: 9123 4567");
    case KIOSK_ERROR_INVALID_CIVIL_NUMBER:
      /* Translators: the civil (ID card) number typed is not valid. */
      return _("This is not a valid civil number. Please check it against your ID card.");
    case KIOSK_ERROR_INVALID_PLATE:
      /* Translators: the vehicle plate typed is not an Omani plate. */
      return _("This is not a valid vehicle plate. Please type the numbers and letters as on the plate.");
    case KIOSK_ERROR_INVALID_LICENCE:
      /* Translators: the municipal licence number typed is not valid. */
      return _("This is not a valid licence number. Please check it against your licence.");
    case KIOSK_ERROR_INVALID_CR_NUMBER:
      /* Translators: the commercial registration number typed is not valid. */
      return _("This is not a valid commercial registration number.");
    case KIOSK_ERROR_INVALID_AMOUNT:
      /* Translators: an amount of money that the kiosk cannot accept. */
      return _("This amount is not valid.");
    case KIOSK_ERROR_INVALID_VALUE:
      /* Translators: a choice or value outside what the form allows. */
      return _("Please check this value and try again.");
    case KIOSK_ERROR_OFFLINE_LIMIT:
      /* Translators: the kiosk cannot take a card payment now (offline store-and-forward
       * limits reached); paying at the counter still works. */
      return _("Card payment is not possible at the moment. Please pay at the counter.");
    case KIOSK_ERROR_PAYMENT_DECLINED:
      /* Translators: the bank card was declined on the card terminal. */
      return _("The card was declined. You can try another card or pay at the counter.");
    case KIOSK_ERROR_PAYMENT_TIMED_OUT:
      /* Translators: the card terminal gave no answer in time; nothing was charged. */
      return _("The card terminal did not answer in time. Nothing was charged. Please try again.");
    case KIOSK_ERROR_PAYMENT_CANCELLED:
      /* Translators: the visitor cancelled the payment on the card terminal. */
      return _("The card payment was cancelled. Nothing was charged.");
    case KIOSK_ERROR_PAYMENT_TERMINAL:
      /* Translators: the card terminal is out of order or cannot be reached. */
      return _("The card terminal is not working at the moment. Please pay at the counter.");
    case KIOSK_ERROR_WRONG_PIN:
      /* Translators: an attendant typed a wrong PIN (or a staff number that does not exist). */
      return _("Wrong staff number or PIN.");
    case KIOSK_ERROR_LOCKED_OUT:
      /* Translators: an attendant typed too many wrong PINs and must wait. */
      return _("Too many wrong PINs. Please wait 15 minutes and try again.");
    case KIOSK_ERROR_TOKEN_MALFORMED:
    case KIOSK_ERROR_TOKEN_TOO_LONG:
    case KIOSK_ERROR_TOKEN_VERSION:
      /* Translators: a scanned QR code that is not one the municipality or a kiosk issued. */
      return _("This code is not a municipality notice or kiosk receipt. Please scan the code printed on it.");
    case KIOSK_ERROR_TOKEN_UNKNOWN_KEY:
    case KIOSK_ERROR_TOKEN_KEY_NOT_VALID:
      /* Translators: a scanned code signed by someone the kiosk does not trust (or a key no
       * longer valid): it may be forged, or issued after the kiosk's last update. */
      return _("This code could not be confirmed as issued by the municipality. Please ask the service attendant.");
    case KIOSK_ERROR_TOKEN_BAD_SIGNATURE:
      /* Translators: a scanned code whose contents were changed after it was issued. */
      return _("This code has been altered and cannot be accepted. Please ask the service attendant.");
    case KIOSK_ERROR_TOKEN_WRONG_KIND:
      /* Translators: a genuine code, but not the kind this screen reads. */
      return _("This code is genuine but cannot be used here.");
    case KIOSK_ERROR_TOKEN_EXPIRED:
      /* Translators: a counter payment voucher past its expiry time. */
      return _("This voucher has expired. Please start the service again.");
    case KIOSK_ERROR_NO_CAMERA:
      /* Translators: this kiosk has no camera; the visitor can go on without it. */
      return _("This kiosk has no camera. You can go on without it.");
    case KIOSK_ERROR_CAMERA:
      /* Translators: the camera is not working at the moment; the visitor can go on. */
      return _("The camera is not working at the moment. You can go on without it.");
    case KIOSK_ERROR_FAILED:
    case KIOSK_ERROR_CONFIG:
    default:
      return general_text ();
    }
}

const char *
kiosk_error_text (const GError *error)
{
  if (error == NULL || error->domain != KIOSK_ERROR)
    return general_text ();
  return kiosk_error_text_for_code (error->code);
}

const char *
kiosk_error_text_or_none (int code)
{
  return code != KIOSK_ERROR_TEXT_NONE ? kiosk_error_text_for_code (code) : NULL;
}

int
kiosk_error_code_of (const GError *error)
{
  return error->domain == KIOSK_ERROR ? error->code : KIOSK_ERROR_FAILED;
}

gboolean
kiosk_error_is_notice (int code)
{
  return code == KIOSK_ERROR_NO_CAMERA || code == KIOSK_ERROR_CAMERA;
}

void
kiosk_error_style_label (GtkWidget *label,
                         gboolean   notice)
{
  if (notice)
    {
      gtk_widget_remove_css_class (label, "kiosk-error");
      gtk_widget_add_css_class (label, "kiosk-step-text");
    }
  else
    {
      gtk_widget_remove_css_class (label, "kiosk-step-text");
      gtk_widget_add_css_class (label, "kiosk-error");
    }
}
