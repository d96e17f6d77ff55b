/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The content of each printed slip, in the slip's language; see kiosk-slips.h. */
#define G_LOG_DOMAIN "kiosk-printer"

#include "config.h"

#include "kiosk-slips.h"

#include <libintl.h>
#include <locale.h>

#include "kiosk-error.h"
#include "kiosk-payments.h"
#include "kiosk-qr-image.h"
#include "kiosk-token.h"
#include "kiosk-tracking.h"
#include "kiosk-validate.h"

#define _(String) dgettext (GETTEXT_PACKAGE, String)
#define N_(String) (String)

/* A voucher is read by the attendant's scanner across the counter: larger modules. */
#define VOUCHER_MODULE_DOTS 8

static gboolean
locale_is_c (const char *name)
{
  return name == NULL || g_str_equal (name, "C") || g_str_equal (name, "POSIX");
}

void
kiosk_slips_bind_catalogues (void)
{
  const char *from_env = g_getenv ("KIOSK_LOCALEDIR");
  g_autofree char *installed = g_build_filename (LOCALEDIR, "ar", "LC_MESSAGES",
                                                 GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *dir = NULL;

  /* glibc ignores LANGUAGE under the C locale; C.UTF-8 honours it (see kiosk-i18n.c). */
  if (locale_is_c (setlocale (LC_MESSAGES, NULL)))
    setlocale (LC_MESSAGES, "C.UTF-8");
  if (locale_is_c (setlocale (LC_CTYPE, NULL)))
    setlocale (LC_CTYPE, "C.UTF-8");
  if (from_env != NULL && from_env[0] != '\0')
    dir = g_strdup (from_env);
  else if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
    dir = g_strdup (LOCALEDIR);
  else
    dir = g_build_filename (KIOSK_BUILD_DIR, "locale", NULL);
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}

/* The slip's language for gettext while it is built, then the one before. */
typedef struct
{
  char        *saved;
  const char  *language;
  KioskLang    lang;
  KioskDigits  digits;
} Speaking;

static void
speak (Speaking    *speaking,
       const char  *language,
       KioskDigits  digits)
{
  speaking->saved = g_strdup (g_getenv ("LANGUAGE"));
  speaking->language = g_strcmp0 (language, "ar") == 0 ? "ar" : "en";
  speaking->lang = g_str_equal (speaking->language, "ar") ? KIOSK_LANG_AR : KIOSK_LANG_EN;
  /* Arabic-Indic digits only on Arabic slips, as on screen. */
  speaking->digits = speaking->lang == KIOSK_LANG_AR ? digits : KIOSK_DIGITS_LATIN;
  g_setenv ("LANGUAGE", speaking->language, TRUE);
  /* Setting the text domain again is glibc's signal that the environment changed. */
  textdomain (GETTEXT_PACKAGE);
}

static void
stop_speaking (Speaking *speaking)
{
  if (speaking->saved != NULL)
    g_setenv ("LANGUAGE", speaking->saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  textdomain (GETTEXT_PACKAGE);
  g_clear_pointer (&speaking->saved, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Speaking, stop_speaking)

const char *
kiosk_slips_service_name (const char *service)
{
  if (g_strcmp0 (service, "fines") == 0)
    /* Translators: receipt, what was done: parking fines paid. */
    return _("Parking fines");
  if (g_strcmp0 (service, "shop_licence") == 0)
    /* Translators: receipt, what was done: a shop licence renewed. */
    return _("Shop licence renewal");
  if (g_strcmp0 (service, "vehicle_licence") == 0)
    /* Translators: receipt, what was done: a vehicle licence renewed. */
    return _("Vehicle licence renewal");
  if (g_strcmp0 (service, "parking_permit") == 0)
    /* Translators: receipt, what was done: a parking permit requested. */
    return _("Vehicle parking permit");
  if (g_strcmp0 (service, "vehicle_permit") == 0)
    /* Translators: receipt, what was done: a vehicle permit renewed. */
    return _("Vehicle permit renewal");
  if (g_strcmp0 (service, "report") == 0)
    /* Translators: receipt, what was done: a report filed. */
    return _("Report filed");
  if (g_strcmp0 (service, "report_addition") == 0)
    /* Translators: receipt, what was done: a photo or note added to a report. */
    return _("Addition to a report");
  if (g_strcmp0 (service, "lease_form") == 0)
    /* Translators: receipt, what was done: a lease-contract renewal form requested. */
    return _("Lease contract renewal form");
  if (g_strcmp0 (service, "feedback") == 0)
    /* Translators: receipt, what was done: a suggestion, complaint or inquiry sent. */
    return _("Suggestion, complaint or inquiry");
  /* Translators: receipt, what was done, for a service without a name of its own. */
  return _("Municipal service");
}

static char *
money (Speaking   *speaking,
       KioskBaisa  amount)
{
  return kiosk_money_format (amount, speaking->lang, speaking->digits);
}

static char *
moment (Speaking *speaking,
        gint64    unix_time)
{
  return kiosk_format_muscat_time (unix_time, TRUE, speaking->digits);
}

static char *
count (Speaking *speaking,
       gint64    value)
{
  g_autofree char *latin = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return kiosk_digits_localize (latin, speaking->digits);
}

static KioskSlip *
slip_with_header (Speaking   *speaking,
                  const char *kiosk_code,
                  gboolean    copy)
{
  KioskSlip *slip = kiosk_slip_new (speaking->language);
  g_autofree char *kiosk = NULL;

  kiosk_slip_add_emblem (slip);
  /* Translators: the header of every printed slip. */
  kiosk_slip_add_text (slip, KIOSK_SLIP_TITLE, _("Muscat Municipality"));
  if (kiosk_code != NULL)
    {
      /* Translators: under the header of a printed slip; %s is the kiosk's code (MCT01). */
      kiosk = g_strdup_printf (_("Self-service kiosk %s"), kiosk_code);
      kiosk_slip_add_text (slip, KIOSK_SLIP_SMALL, kiosk);
    }
  if (copy)
    /* Translators: a band across a reprinted receipt: not the original. */
    kiosk_slip_add_banner (slip, _("COPY"));
  kiosk_slip_add_rule (slip);
  return slip;
}

static void
add_reference (KioskSlip  *slip,
               const char *caption,
               const char *reference)
{
  kiosk_slip_add_text (slip, KIOSK_SLIP_BODY, caption);
  kiosk_slip_add_identifier (slip, KIOSK_SLIP_REFERENCE, reference);
}

static char *
payment_method (const KioskReceipt *receipt)
{
  if (g_strcmp0 (receipt->payment_status, "approved_online") == 0 && receipt->card_last4)
    /* Translators: receipt, how it was paid; %s is the card's last 4 digits. */
    return g_strdup_printf (_("Bank card ending %s"), receipt->card_last4);
  if (g_strcmp0 (receipt->payment_status, "approved_offline") == 0 && receipt->card_last4)
    /* Translators: receipt, how it was paid: a card approved while the bank could not be
     * reached, forwarded later; %s is the card's last 4 digits. */
    return g_strdup_printf (_("Bank card ending %s (approved offline)"), receipt->card_last4);
  if (g_strcmp0 (receipt->payment_method, "card") == 0)
    /* Translators: receipt, how it was paid: by bank card. */
    return g_strdup (_("Bank card"));
  if (g_strcmp0 (receipt->payment_status, "paid_counter") == 0)
    /* Translators: receipt, how it was paid: cash taken by the attendant. */
    return g_strdup (_("Cash at the counter"));
  if (g_strcmp0 (receipt->payment_status, "awaiting_counter") == 0)
    /* Translators: receipt, how it will be paid: at the counter, not yet. */
    return g_strdup (_("At the counter, not yet paid"));
  if (g_strcmp0 (receipt->payment_status, "voided") == 0)
    /* Translators: receipt of a counter voucher the attendant cancelled before payment. */
    return g_strdup (_("Voided at the counter, not paid"));
  if (g_strcmp0 (receipt->payment_status, "declined") == 0)
    /* Translators: receipt of a card payment the bank declined. */
    return g_strdup (_("Declined, not paid"));
  return NULL;
}

static void
add_qr_or_note (KioskSlip  *slip,
                const char *token,
                int         module_dots)
{
  g_autoptr(GError) error = NULL;

  if (token == NULL || !kiosk_slip_add_qr (slip, token, module_dots, &error))
    {
      if (error != NULL)
        g_warning ("no QR code on the slip: %s", error->message);
      /* Translators: printed where the QR code would be, on a kiosk without a signing key. */
      kiosk_slip_add_text (slip, KIOSK_SLIP_SMALL, _("Keep this reference number to follow up."));
    }
}

static void
add_footer (KioskSlip *slip)
{
  kiosk_slip_add_rule (slip);
  /* Translators: the last line of a printed receipt. */
  kiosk_slip_add_text (slip, KIOSK_SLIP_BOLD, _("Keep this receipt."));
}

static KioskSlip *
receipt_slip (Speaking           *speaking,
              const char         *kiosk_code,
              const KioskReceipt *receipt)
{
  g_autoptr(KioskSlip) slip = slip_with_header (speaking, kiosk_code, receipt->print_count > 0);
  g_autofree char *when = moment (speaking, receipt->created_at);
  g_autofree char *method = payment_method (receipt);

  kiosk_slip_set_receipt_uuid (slip, receipt->uuid);
  kiosk_slip_add_text (slip, KIOSK_SLIP_HEADING, kiosk_slips_service_name (receipt->service));
  /* Translators: receipt, above the reference number in large type. */
  add_reference (slip, _("Your reference number"), receipt->reference);
  if (receipt->amount > 0)
    {
      g_autofree char *amount = money (speaking, receipt->amount);

      const char *status = receipt->payment_status;

      if (g_strcmp0 (status, "awaiting_counter") == 0)
        kiosk_slip_add_field (slip, _("To pay"), amount, FALSE);
      else if (g_strcmp0 (status, "voided") == 0 || g_strcmp0 (status, "declined") == 0)
        /* Translators: printed receipt, caption of an amount that was not paid. */
        kiosk_slip_add_field (slip, _("Amount"), amount, FALSE);
      else
        /* Translators: printed receipt, caption of the amount paid. */
        kiosk_slip_add_field (slip, _("Amount paid"), amount, FALSE);
    }
  if (method != NULL)
    /* Translators: printed receipt, caption of how it was paid. */
    kiosk_slip_add_field (slip, _("Payment method"), method, FALSE);
  /* Translators: printed slip, caption of the date and time (Muscat). */
  kiosk_slip_add_field (slip, _("Date"), when, FALSE);
  kiosk_slip_add_space (slip, 8);
  add_qr_or_note (slip, receipt->qr_payload, KIOSK_SLIP_QR_MODULE_DOTS);
  if (receipt->qr_payload != NULL)
    /* Translators: printed receipt, under its QR code. */
    kiosk_slip_add_text (slip, KIOSK_SLIP_SMALL, _("Scanning this code at any kiosk shows the receipt."));
  add_footer (slip);
  return g_steal_pointer (&slip);
}

static KioskSlip *
voucher_slip (Speaking           *speaking,
              const char         *kiosk_code,
              const KioskReceipt *receipt)
{
  g_autoptr(KioskSlip) slip = slip_with_header (speaking, kiosk_code, receipt->print_count > 0);
  g_autofree char *amount = money (speaking, receipt->amount);
  g_autofree char *until = moment (speaking, receipt->created_at + KIOSK_VOUCHER_VALID_SECONDS);

  kiosk_slip_set_receipt_uuid (slip, receipt->uuid);
  /* Translators: printed counter voucher, its title. */
  kiosk_slip_add_text (slip, KIOSK_SLIP_HEADING, _("Please pay at the counter"));
  kiosk_slip_add_text (slip, KIOSK_SLIP_BODY, kiosk_slips_service_name (receipt->service));
  add_reference (slip, _("Your reference number"), receipt->reference);
  if (receipt->payment_reference != NULL)
    /* Translators: printed counter voucher, caption of the payment's own number, which the
     * attendant types when the code cannot be scanned. */
    kiosk_slip_add_field (slip, _("Voucher number"), receipt->payment_reference, TRUE);
  /* Translators: printed counter voucher, caption of the amount to pay in cash. */
  kiosk_slip_add_field (slip, _("To pay"), amount, FALSE);
  /* Translators: printed counter voucher, caption of the time after which it is void. */
  kiosk_slip_add_field (slip, _("Pay before"), until, FALSE);
  kiosk_slip_add_space (slip, 8);
  add_qr_or_note (slip, receipt->voucher_token, VOUCHER_MODULE_DOTS);
  /* Translators: receipt page for a counter payment, under the voucher's QR code. */
  kiosk_slip_add_text (slip, KIOSK_SLIP_BODY, _("Show this voucher code to the attendant at the counter and pay there. Your request is completed once paid."));
  return g_steal_pointer (&slip);
}

static const char *
or_dash (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : "—";
}

static KioskSlip *
lease_form_slip (Speaking             *speaking,
                 const char           *kiosk_code,
                 const KioskLeaseForm *form,
                 const KioskReceipt   *receipt)
{
  g_autoptr(KioskSlip) slip = slip_with_header (speaking, kiosk_code,
                                                receipt != NULL && receipt->print_count > 0);
  g_autofree char *when = moment (speaking, form->created_at);
  gboolean ar = speaking->lang == KIOSK_LANG_AR;

  if (receipt != NULL)
    kiosk_slip_set_receipt_uuid (slip, receipt->uuid);
  kiosk_slip_add_text (slip, KIOSK_SLIP_HEADING, kiosk_slips_service_name ("lease_form"));
  /* Translators: printed lease form, above its request number. */
  add_reference (slip, _("Request number"), form->reference);
  kiosk_slip_add_field (slip, _("Date"), when, FALSE);
  kiosk_slip_add_rule (slip);
  /* Translators: printed lease form, caption: the tenant's full name. */
  kiosk_slip_add_field (slip, _("Tenant's name"), or_dash (form->tenant_name), FALSE);
  /* Translators: printed lease form, caption: the tenant's civil (ID card) number. */
  kiosk_slip_add_field (slip, _("Civil number"), or_dash (form->civil_number), TRUE);
  /* Translators: printed lease form, caption: the tenant's mobile number. */
  kiosk_slip_add_field (slip, _("Mobile number"), or_dash (form->phone), TRUE);
  /* Translators: printed lease form, caption: the landlord's name. */
  kiosk_slip_add_field (slip, _("Landlord's name"), or_dash (form->landlord_name), FALSE);
  /* Translators: printed lease form, caption: the wilayat of the building. */
  kiosk_slip_add_field (slip, _("Wilayat"), ar ? form->wilayat_ar : form->wilayat_en, FALSE);
  /* Translators: printed lease form, caption: the area of the building. */
  kiosk_slip_add_field (slip, _("Area"), ar ? form->area_ar : form->area_en, FALSE);
  /* Translators: printed lease form, caption: building, flat, plot as the visitor gave them. */
  kiosk_slip_add_field (slip, _("Building details"), or_dash (form->building_details), FALSE);
  /* Translators: printed lease form, caption: the number of the contract being renewed. */
  kiosk_slip_add_field (slip, _("Current contract number"), or_dash (form->contract_number),
                        TRUE);
  kiosk_slip_add_rule (slip);
  /* Translators: printed lease form, under the fields: what the visitor does next. */
  kiosk_slip_add_text (slip, KIOSK_SLIP_SMALL, _("Sign this form and hand it in at the counter with the current contract."));
  /* Translators: printed lease form, caption under a line to sign on. */
  kiosk_slip_add_signature (slip, _("Tenant's signature"));
  /* Translators: printed lease form, caption under a line to sign on. */
  kiosk_slip_add_signature (slip, _("Landlord's signature"));
  /* Translators: printed lease form, caption under the line where the municipality's officer
   * writes their name, signs and stamps. */
  kiosk_slip_add_signature (slip, _("Municipality officer: name, signature and stamp"));
  kiosk_slip_add_space (slip, 16);
  add_qr_or_note (slip, receipt != NULL ? receipt->qr_payload : NULL,
                  KIOSK_SLIP_QR_MODULE_DOTS);
  return g_steal_pointer (&slip);
}

static KioskSlip *
tracking_slip (Speaking                *speaking,
               KioskStore              *store,
               const char              *kiosk_code,
               const KioskReportStatus *report,
               const KioskReceipt      *receipt,
               GError                 **error)
{
  g_autoptr(KioskSlip) slip = slip_with_header (speaking, kiosk_code,
                                                receipt != NULL && receipt->print_count > 0);
  g_autofree char *when = moment (speaking, report->created_at);
  g_autofree char *token = NULL;
  KioskTokenFields fields = { 0 };
  gboolean ar = speaking->lang == KIOSK_LANG_AR;
  GError *local = NULL;

  if (receipt != NULL)
    kiosk_slip_set_receipt_uuid (slip, receipt->uuid);
  fields.reference = report->reference;
  fields.uuid = report->uuid;
  token = kiosk_token_sign (store, KIOSK_TOKEN_REPORT_TRACKING, &fields, &local);
  /* A kiosk without a key still prints the slip, without a code, as its receipts. */
  if (token == NULL && !g_error_matches (local, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, local);
      return NULL;
    }
  g_clear_error (&local);

  /* Translators: printed report tracking slip, its title. */
  kiosk_slip_add_text (slip, KIOSK_SLIP_HEADING, _("Report tracking slip"));
  /* Translators: printed tracking slip, above the report's tracking number. */
  add_reference (slip, _("Tracking number"), report->reference);
  /* Translators: printed tracking slip, caption: what the report is about. */
  kiosk_slip_add_field (slip, _("Subject"), ar ? report->category_ar : report->category_en,
                        FALSE);
  kiosk_slip_add_field (slip, _("Area"), ar ? report->area_ar : report->area_en, FALSE);
  /* Translators: printed tracking slip, caption: when the report was filed. */
  kiosk_slip_add_field (slip, _("Filed on"), when, FALSE);
  kiosk_slip_add_space (slip, 8);
  add_qr_or_note (slip, token, KIOSK_SLIP_QR_MODULE_DOTS);
  /* Translators: printed tracking slip, under its QR code. */
  kiosk_slip_add_text (slip, KIOSK_SLIP_SMALL, _("Scan this code at any kiosk, or type the tracking number, to follow your report."));
  add_footer (slip);
  return g_steal_pointer (&slip);
}

KioskSlip *
kiosk_slips_for_receipt (KioskStore          *store,
                         const KioskReceipt  *receipt,
                         const char          *language,
                         KioskDigits          digits,
                         GError             **error)
{
  g_auto(Speaking) speaking = { 0 };
  g_autofree char *code = kiosk_store_dup_kiosk_code (store, NULL);

  g_return_val_if_fail (receipt != NULL, NULL);

  if (g_strcmp0 (receipt->payment_status, "awaiting_counter") == 0)
    {
      speak (&speaking, language, digits);
      return voucher_slip (&speaking, code, receipt);
    }
  /* A lease form asked to be printed here comes out as the form to sign; a report as its
   * tracking slip (the same code, with what tracking needs). */
  if (g_strcmp0 (receipt->service, "lease_form") == 0)
    {
      g_autoptr(KioskLeaseForm) form = kiosk_receipts_get_lease_form (store, receipt->reference,
                                                                       error);

      if (form == NULL)
        return NULL;
      if (g_strcmp0 (form->delivery, "print") == 0)
        return kiosk_slips_for_reference (store, KIOSK_SLIP_KIND_LEASE_FORM, receipt->reference,
                                          language, digits, error);
    }
  if (g_strcmp0 (receipt->service, "report") == 0)
    return kiosk_slips_for_reference (store, KIOSK_SLIP_KIND_TRACKING, receipt->reference,
                                      language, digits, error);
  speak (&speaking, language, digits);
  return receipt_slip (&speaking, code, receipt);
}

KioskSlip *
kiosk_slips_for_reference (KioskStore     *store,
                           KioskSlipKind   kind,
                           const char     *reference,
                           const char     *language,
                           KioskDigits     digits,
                           GError        **error)
{
  g_auto(Speaking) speaking = { 0 };
  g_autofree char *code = kiosk_store_dup_kiosk_code (store, NULL);
  g_autoptr(KioskReceipt) receipt = NULL;
  GError *local = NULL;

  g_return_val_if_fail (reference != NULL, NULL);

  receipt = kiosk_receipts_get_by_reference (store, reference, &local);
  if (receipt == NULL && !g_error_matches (local, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, local);
      return NULL;
    }
  g_clear_error (&local);

  speak (&speaking, language, digits);
  switch (kind)
    {
    case KIOSK_SLIP_KIND_RECEIPT:
      if (receipt == NULL)
        break;
      return receipt_slip (&speaking, code, receipt);
    case KIOSK_SLIP_KIND_VOUCHER:
      if (receipt == NULL || g_strcmp0 (receipt->payment_method, "counter") != 0 ||
          receipt->voucher_token == NULL)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND,
                       "%s has no counter voucher", reference);
          return NULL;
        }
      return voucher_slip (&speaking, code, receipt);
    case KIOSK_SLIP_KIND_LEASE_FORM:
      {
        g_autoptr(KioskLeaseForm) form = kiosk_receipts_get_lease_form (store, reference, error);

        return form != NULL ? lease_form_slip (&speaking, code, form, receipt) : NULL;
      }
    case KIOSK_SLIP_KIND_TRACKING:
      {
        g_autoptr(KioskReportStatus) report = kiosk_tracking_find_by_reference (store, reference,
                                                                                error);

        if (report == NULL)
          return NULL;
        if (!report->local)
          {
            g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND,
                         "report %s was not filed at this kiosk", reference);
            return NULL;
          }
        return tracking_slip (&speaking, store, code, report, receipt, error);
      }
    default:
      break;
    }
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no receipt %s", reference);
  return NULL;
}

static const char *
method_name (const char *method)
{
  if (g_strcmp0 (method, "card_online") == 0)
    /* Translators: end-of-day report, a payment method: bank card, approved online. */
    return _("Bank card (online)");
  if (g_strcmp0 (method, "card_offline") == 0)
    /* Translators: end-of-day report, a payment method: bank card approved offline. */
    return _("Bank card (approved offline)");
  /* Translators: end-of-day report, a payment method: cash taken at the counter. */
  return _("Cash at the counter");
}

static void
add_z_line (Speaking   *speaking,
            KioskSlip  *slip,
            const char *name,
            gint64      n,
            KioskBaisa  total)
{
  g_autofree char *number = count (speaking, n);
  g_autofree char *amount = money (speaking, total);
  /* Translators: end-of-day report, one line's figures: how many, and their total;
   * "3 × OMR 15.000". */
  g_autofree char *value = g_strdup_printf (_("%s × %s"), number, amount);

  kiosk_slip_add_field (slip, name, value, FALSE);
}

static void
add_z_count (Speaking   *speaking,
             KioskSlip  *slip,
             const char *name,
             gint64      n)
{
  g_autofree char *number = count (speaking, n);

  kiosk_slip_add_field (slip, name, number, FALSE);
}

KioskSlip *
kiosk_slips_z_report (const KioskZReport  *report,
                      const char          *kiosk_code,
                      const char          *language,
                      KioskDigits          digits,
                      GError             **error)
{
  g_auto(Speaking) speaking = { 0 };
  g_autoptr(KioskSlip) slip = NULL;
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  speak (&speaking, language, digits);
  slip = slip_with_header (&speaking, kiosk_code, FALSE);
  number = count (&speaking, report->number);
  /* Translators: end-of-day report title; %s is its number on this kiosk (1, 2, 3 …). */
  title = g_strdup_printf (_("End-of-day report (Z) no. %s"), number);
  kiosk_slip_add_text (slip, KIOSK_SLIP_HEADING, title);
  if (report->previous_number > 0)
    {
      g_autofree char *before = count (&speaking, report->previous_number);

      /* Translators: end-of-day report, the number of the one before (a gap shows a lost
       * report). */
      previous = g_strdup_printf (_("Previous report: no. %s"), before);
    }
  else
    /* Translators: end-of-day report: there is no report before this one. */
    previous = g_strdup (_("First report of this kiosk"));
  kiosk_slip_add_text (slip, KIOSK_SLIP_SMALL, previous);
  kiosk_slip_add_identifier (slip, KIOSK_SLIP_BOLD, report->reference);
  until = moment (&speaking, report->until_at);
  if (report->from_at > 0)
    {
      from = moment (&speaking, report->from_at);
      /* Translators: end-of-day report, caption: the start of the period it covers. */
      kiosk_slip_add_field (slip, _("From"), from, FALSE);
    }
  /* Translators: end-of-day report, caption: the end of the period it covers. */
  kiosk_slip_add_field (slip, _("Until"), until, FALSE);

  kiosk_slip_add_rule (slip);
  /* Translators: end-of-day report, section: counts and money per service. */
  kiosk_slip_add_text (slip, KIOSK_SLIP_BOLD, _("By service"));
  for (guint i = 0; i < report->by_service->len; i++)
    {
      KioskZLine *line = g_ptr_array_index (report->by_service, i);

      add_z_line (&speaking, slip, kiosk_slips_service_name (line->key), line->count, line->total);
    }
  if (report->by_service->len == 0)
    /* Translators: end-of-day report, a section with nothing in it. */
    kiosk_slip_add_text (slip, KIOSK_SLIP_SMALL, _("None"));

  /* Translators: end-of-day report, section: money taken per payment method. */
  kiosk_slip_add_text (slip, KIOSK_SLIP_BOLD, _("By payment method"));
  for (guint i = 0; i < report->by_method->len; i++)
    {
      KioskZLine *line = g_ptr_array_index (report->by_method, i);

      add_z_line (&speaking, slip, method_name (line->key), line->count, line->total);
    }
  if (report->by_method->len == 0)
    kiosk_slip_add_text (slip, KIOSK_SLIP_SMALL, _("None"));
  /* Translators: end-of-day report: the number and sum of every payment it counts. */
  add_z_line (&speaking, slip, _("Total taken"), report->payments_count, report->payments_total);

  kiosk_slip_add_rule (slip);
  /* Translators: end-of-day report: card payments approved offline, not yet forwarded to
   * the bank through the server. */
  add_z_line (&speaking, slip, _("Card payments held offline"), report->offline_held_count,
              report->offline_held_total);
  /* Translators: end-of-day report: counter vouchers printed in the period. */
  add_z_count (&speaking, slip, _("Vouchers issued"), report->vouchers_issued);
  /* Translators: end-of-day report: counter vouchers paid in cash in the period. */
  add_z_count (&speaking, slip, _("Vouchers paid at the counter"), report->vouchers_confirmed);
  /* Translators: end-of-day report: counter vouchers that expired unpaid in the period. */
  add_z_count (&speaking, slip, _("Vouchers expired unpaid"), report->vouchers_expired);
  /* Translators: end-of-day report: records the central server refused, waiting for an
   * attendant. */
  add_z_count (&speaking, slip, _("Sync records parked"), report->parked_records);
  /* Translators: end-of-day report, caption: the staff number of who printed it. */
  kiosk_slip_add_field (slip, _("Taken by"), report->actor, TRUE);
  kiosk_slip_add_space (slip, 8);
  add_qr_or_note (slip, report->qr_payload, KIOSK_SLIP_QR_MODULE_DOTS);
  /* Translators: end-of-day report, caption under a line to sign on. */
  kiosk_slip_add_signature (slip, _("Attendant's signature"));
  return g_steal_pointer (&slip);
}

KioskSlip *
kiosk_slips_test_page (const char        *printer_spec,
                       KioskPrinterState  state,
                       gint64             now,
                       const char        *language,
                       KioskDigits        digits)
{
  g_auto(Speaking) speaking = { 0 };
  g_autoptr(KioskSlip) slip = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GError) error = NULL;

  speak (&speaking, language, digits);
  slip = slip_with_header (&speaking, NULL, FALSE);
  when = moment (&speaking, now);
  /* Translators: the title of the printer's test page. */
  kiosk_slip_add_text (slip, KIOSK_SLIP_HEADING, _("Printer test page"));
  /* Translators: printer test page, caption: how the kiosk reaches the printer. */
  kiosk_slip_add_field (slip, _("Printer"), printer_spec, TRUE);
  /* Translators: printer test page, caption: what the printer said about itself. */
  kiosk_slip_add_field (slip, _("Status"), kiosk_printer_state_to_string (state), TRUE);
  kiosk_slip_add_field (slip, _("Date"), when, FALSE);
  kiosk_slip_add_rule (slip);
  /* Both scripts whatever the language: the test shows both print. */
  kiosk_slip_add_text (slip, KIOSK_SLIP_BODY, "بلدية مسقط ترحب بكم");
  kiosk_slip_add_text (slip, KIOSK_SLIP_BODY, "Muscat Municipality welcomes you");
  kiosk_slip_add_identifier (slip, KIOSK_SLIP_REFERENCE, "0123456789 ٠١٢٣٤٥٦٧٨٩");
  if (!kiosk_slip_add_qr (slip, "MUSCAT-KIOSK-PRINTER-TEST", KIOSK_SLIP_QR_MODULE_DOTS, &error))
    g_warning ("test page without a QR code: %s", error->message);
  /* Translators: printer test page, under its QR code: what a good print looks like. */
  kiosk_slip_add_text (slip, KIOSK_SLIP_SMALL, _("The emblem, both scripts and the code above must be sharp and complete."));
  return g_steal_pointer (&slip);
}
