/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Slips and the screens of paper for the screenshot tour. */
#define G_LOG_DOMAIN "kiosk-screenshots-paper"

#include "config.h"

#include "kiosk-screenshots-paper.h"

#include "kiosk-i18n.h"
#include "kiosk-receipts.h"
#include "kiosk-services.h"
#include "kiosk-slips.h"
#include "kiosk-z-report.h"

static const char *languages[] = { "ar", "en" };

typedef struct
{
  KioskWindow *window;
  KioskStore  *store;
  char        *dir;
  void       (*then) (gpointer);
  gpointer     data;
  /* The records the slips print. */
  char        *card_record;
  char        *counter_record;
  char        *lease_reference;
  char        *report_reference;
  KioskZReport *z;
} Paper;

static void
paper_free (Paper *paper)
{
  g_free (paper->dir);
  g_free (paper->card_record);
  g_free (paper->counter_record);
  g_free (paper->lease_reference);
  g_free (paper->report_reference);
  kiosk_z_report_free (paper->z);
  g_free (paper);
}

/* Slips ----------------------------------------------------------------------------------- */

static const char *slip_names[] = { "receipt", "voucher", "lease-form", "tracking-slip",
                                    "z-report" };

static gboolean
make_records (Paper   *paper,
              GError **error)
{
  const KioskPaymentAuth card = { KIOSK_PAYMENT_APPROVED_ONLINE, "482913", "4242" };
  const KioskPaymentAuth counter = { KIOSK_PAYMENT_AWAITING_COUNTER, NULL, NULL };
  const KioskLeaseFormInput lease = {
    .tenant_name = "سالم بن سعيد الهنائي",
    .civil_number = "12345678",
    .phone = "+968 9123 4567",
    .landlord_name = "Ahmed Al Balushi",
    .wilayat_code = "SEB",
    .area_code = "SEB-MAWALEH",
    .building_details = "مبنى 12، سكة 3412، شقة 4",
    .contract_number = "LC-2024-0042",
    .print_now = TRUE,
  };
  const KioskReportInput report = {
    "pothole", "MTR", "MTR-RUWI", "قرب الدوار", "حفرة عميقة في الطريق أمام المدرسة", NULL, NULL,
  };
  g_auto(KioskRecordRef) ref = { NULL, NULL };

  if (!kiosk_services_request_parking_permit (paper->store, "9415 H", "PZ-QURUM", 3, NULL,
                                              &card, &ref, error))
    return FALSE;
  paper->card_record = g_steal_pointer (&ref.uuid);
  kiosk_record_ref_clear (&ref);
  if (!kiosk_services_request_parking_permit (paper->store, "6345 NE", "PZ-RUWI", 1, NULL,
                                              &counter, &ref, error))
    return FALSE;
  paper->counter_record = g_steal_pointer (&ref.uuid);
  kiosk_record_ref_clear (&ref);
  if (!kiosk_services_request_lease_form (paper->store, &lease, &ref, error))
    return FALSE;
  paper->lease_reference = g_steal_pointer (&ref.reference);
  kiosk_record_ref_clear (&ref);
  if (!kiosk_services_file_report (paper->store, &report, &ref, NULL, error))
    return FALSE;
  paper->report_reference = g_steal_pointer (&ref.reference);
  paper->z = kiosk_z_report_take (paper->store, "kiosk-screenshots", error);
  return paper->z != NULL;
}

static KioskSlip *
make_slip (Paper       *paper,
           guint        kind,
           const char  *language,
           GError     **error)
{
  KioskDigits digits = g_str_equal (language, "ar") ? kiosk_i18n_get_digits ()
                                                    : KIOSK_DIGITS_LATIN;
  g_autoptr(KioskReceipt) receipt = NULL;
  g_autofree char *code = NULL;

  switch (kind)
    {
    case 0:
    case 1:
      receipt = kiosk_receipts_get_for_record (paper->store, kind == 0 ? paper->card_record
                                                                       : paper->counter_record,
                                               error);
      return receipt ? kiosk_slips_for_receipt (paper->store, receipt, language, digits, error)
                     : NULL;
    case 2:
      return kiosk_slips_for_reference (paper->store, KIOSK_SLIP_KIND_LEASE_FORM,
                                        paper->lease_reference, language, digits, error);
    case 3:
      return kiosk_slips_for_reference (paper->store, KIOSK_SLIP_KIND_TRACKING,
                                        paper->report_reference, language, digits, error);
    default:
      code = kiosk_store_dup_kiosk_code (paper->store, NULL);
      return kiosk_slips_z_report (paper->z, code, language, digits, error);
    }
}

static void
write_slips (Paper *paper)
{
  g_autoptr(GError) error = NULL;

  if (!make_records (paper, &error))
    {
      g_message ("screenshots: no slips: %s", error->message);
      return;
    }
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    for (guint kind = 0; kind < G_N_ELEMENTS (slip_names); kind++)
      {
        g_autoptr(KioskSlip) slip = make_slip (paper, kind, languages[l], &error);
        g_autofree char *file = g_strdup_printf ("slip-%s-%s.png", slip_names[kind],
                                                 languages[l]);
        g_autofree char *path = g_build_filename (paper->dir, file, NULL);

        if (slip == NULL || !kiosk_slip_write_png (slip, path, &error))
          {
            g_message ("screenshots: %s: %s", file, error->message);
            g_clear_error (&error);
            continue;
          }
        g_print ("%s\n", path);
        if (kind == 2)
          {
            g_autofree char *pdf_file = g_strdup_printf ("lease-form-%s.pdf", languages[l]);
            g_autofree char *pdf = g_build_filename (paper->dir, pdf_file, NULL);

            if (!kiosk_slip_write_pdf (slip, pdf, &error))
              {
                g_message ("screenshots: %s: %s", pdf_file, error->message);
                g_clear_error (&error);
              }
            else
              g_print ("%s\n", pdf);
          }
      }
}

const char * const *
kiosk_screenshots_paper_get_files (void)
{
  static GPtrArray *files = NULL;

  if (files == NULL)
    {
      files = g_ptr_array_new ();
      for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
        {
          for (guint i = 0; i < G_N_ELEMENTS (slip_names); i++)
            g_ptr_array_add (files, g_strdup_printf ("slip-%s-%s.png", slip_names[i],
                                                     languages[l]));
          g_ptr_array_add (files, g_strdup_printf ("lease-form-%s.pdf", languages[l]));
        }
      g_ptr_array_add (files, NULL);
    }
  return (const char * const *) files->pdata;
}

static void
finish (Paper *paper)
{
  paper->then (paper->data);
  paper_free (paper);
}

void
kiosk_screenshots_paper_run (KioskWindow *window,
                             const char  *dir,
                             void       (*then) (gpointer data),
                             gpointer     data)
{
  Paper *paper = g_new0 (Paper, 1);

  paper->window = window;
  paper->store = kiosk_window_get_store (window);
  paper->dir = g_build_filename (dir, "paper", NULL);
  paper->then = then;
  paper->data = data;
  if (paper->store == NULL || g_mkdir_with_parents (paper->dir, 0755) != 0)
    {
      g_message ("screenshots: no paper pictures in %s", paper->dir);
      finish (paper);
      return;
    }
  write_slips (paper);
  finish (paper);
}
