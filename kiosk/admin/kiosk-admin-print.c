/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `kiosk-admin print`: the kiosk's slips from the command line, for the attendant's scripts,
 * support and tests: to a printer given as in the configuration, or to a PDF or PNG file. */
#define G_LOG_DOMAIN "kiosk-admin"

#include "config.h"

#include "kiosk-admin-print.h"

#include <string.h>

#include "kiosk-error.h"
#include "kiosk-printer.h"
#include "kiosk-receipts.h"
#include "kiosk-slips.h"
#include "kiosk-store.h"
#include "kiosk-z-report.h"

/* The slips and what each takes; kiosk-cli's --help shows the options. */
#define USAGE "print --db PATH (--printer SPEC | --pdf OUT | --png OUT) [--language ar|en]\n" \
  "    receipt (REFERENCE | --last) | voucher REFERENCE | lease-form REFERENCE |\n" \
  "    tracking-slip REFERENCE | z-report [--number N] | test-page"

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} Wait;

static void
printed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = kiosk_printer_print_finish (KIOSK_PRINTER (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static gboolean
print_on (const char  *spec,
          KioskSlip   *slip,
          GError     **error)
{
  g_autoptr(KioskPrinter) printer = kiosk_printer_new_for_spec (spec, error);
  Wait wait = { NULL, FALSE, NULL };

  if (printer == NULL)
    return FALSE;
  wait.loop = g_main_loop_new (NULL, FALSE);
  kiosk_printer_print_async (printer, slip, NULL, printed_cb, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  if (!wait.ok)
    g_propagate_error (error, wait.error);
  return wait.ok;
}

static int
fail (GError *error)
{
  g_printerr ("kiosk-admin print: %s\n", error->message);
  return KIOSK_CLI_EXIT_USAGE;
}

static int
usage (void)
{
  g_printerr ("usage: kiosk-admin " USAGE "\n");
  return KIOSK_CLI_EXIT_USAGE;
}

const GOptionEntry kiosk_admin_print_entries[] = {
  { "printer", 0, 0, G_OPTION_ARG_STRING, NULL,
    "none, file:PATH, escpos-usb:DEVICE or escpos-tcp:HOST:PORT", "SPEC" },
  { "pdf", 0, 0, G_OPTION_ARG_FILENAME, NULL, "Write the slip as a PDF file", "OUT" },
  { "png", 0, 0, G_OPTION_ARG_FILENAME, NULL, "Write the raster as a PNG file", "OUT" },
  { "language", 0, 0, G_OPTION_ARG_STRING, NULL, "ar (default) or en", "LANG" },
  { "last", 0, 0, G_OPTION_ARG_NONE, NULL, "receipt: the newest one", NULL },
  { "number", 0, 0, G_OPTION_ARG_INT, NULL, "z-report: print report N again", "N" },
  { "actor", 0, 0, G_OPTION_ARG_STRING, NULL, "z-report: who takes it", "ID" },
  G_OPTION_ENTRY_NULL,
};

int
kiosk_admin_print (KioskCli  *cli,
                   int        argc,
                   char     **argv)
{
  const char *db = kiosk_cli_get_string (cli, "db");
  const char *printer = kiosk_cli_get_string (cli, "printer");
  const char *pdf = kiosk_cli_get_string (cli, "pdf");
  const char *png = kiosk_cli_get_string (cli, "png");
  const char *language = kiosk_cli_get_string (cli, "language");
  const char *actor = kiosk_cli_get_string (cli, "actor");
  gboolean last = kiosk_cli_get_flag (cli, "last");
  int number = kiosk_cli_get_int (cli, "number", 0);
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(KioskSlip) slip = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  const char *what = argc > 1 ? argv[1] : NULL;
  const char *reference = argc > 2 ? argv[2] : NULL;
  KioskDigits digits;

  if (what == NULL || (printer != NULL) + (pdf != NULL) + (png != NULL) != 1 || number < 0)
    return usage ();
  if (language == NULL)
    language = "ar";
  if (!g_str_equal (language, "ar") && !g_str_equal (language, "en"))
    {
      g_printerr ("kiosk-admin print: --language must be ar or en, not \"%s\"\n", language);
      return KIOSK_CLI_EXIT_USAGE;
    }
  digits = g_str_equal (language, "ar") ? KIOSK_DIGITS_ARABIC_INDIC : KIOSK_DIGITS_LATIN;
  kiosk_slips_bind_catalogues ();

  store = kiosk_store_open (db, KIOSK_STORE_OPEN_EXISTING, &error);
  if (store == NULL)
    return fail (error);
  code = kiosk_store_dup_kiosk_code (store, NULL);

  if (g_str_equal (what, "receipt") && (reference != NULL) != last)
    {
      g_autoptr(KioskReceipt) receipt = last ? kiosk_receipts_get_last (store, &error)
                                             : kiosk_receipts_get_by_reference (store, reference,
                                                                                &error);

      /* The receipt itself, even of a payment still awaiting the counter. */
      if (receipt != NULL)
        slip = kiosk_slips_for_reference (store, KIOSK_SLIP_KIND_RECEIPT, receipt->reference,
                                          language, digits, &error);
    }
  else if (g_str_equal (what, "voucher") && reference != NULL)
    slip = kiosk_slips_for_reference (store, KIOSK_SLIP_KIND_VOUCHER, reference, language,
                                      digits, &error);
  else if (g_str_equal (what, "lease-form") && reference != NULL)
    slip = kiosk_slips_for_reference (store, KIOSK_SLIP_KIND_LEASE_FORM, reference, language,
                                      digits, &error);
  else if (g_str_equal (what, "tracking-slip") && reference != NULL)
    slip = kiosk_slips_for_reference (store, KIOSK_SLIP_KIND_TRACKING, reference, language,
                                      digits, &error);
  else if (g_str_equal (what, "z-report") && reference == NULL)
    {
      g_autoptr(KioskZReport) report = NULL;

      /* A new Z is stored and queued before it is printed: a printer fault loses nothing,
       * and --number prints it again. */
      report = number > 0 ? kiosk_z_report_get (store, number, &error)
                          : kiosk_z_report_take (store, actor ? actor : "kiosk-admin", &error);
      if (report != NULL)
        {
          if (number == 0)
            g_print ("Z report %" G_GINT64_FORMAT " (%s): %" G_GINT64_FORMAT " payments, %"
                     G_GINT64_FORMAT " baisa\n", report->number, report->reference,
                     report->payments_count, report->payments_total);
          slip = kiosk_slips_z_report (report, code, language, digits, &error);
        }
    }
  else if (g_str_equal (what, "test-page") && reference == NULL)
    slip = kiosk_slips_test_page (printer ? printer : "pdf", KIOSK_PRINTER_STATE_UNKNOWN,
                                  kiosk_store_now (store), language, digits);
  else
    return usage ();
  if (slip == NULL)
    return fail (error);

  if (pdf != NULL ? !kiosk_slip_write_pdf (slip, pdf, &error)
      : png != NULL ? !kiosk_slip_write_png (slip, png, &error)
      : !print_on (printer, slip, &error))
    return fail (error);
  /* Only paper counts: the next paper of this receipt says "copy". */
  if (printer != NULL && kiosk_slip_get_receipt_uuid (slip) != NULL &&
      !kiosk_receipts_mark_printed (store, kiosk_slip_get_receipt_uuid (slip), &error))
    return fail (error);
  return KIOSK_CLI_EXIT_OK;
}
