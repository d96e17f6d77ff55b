/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `kiosk-admin print` as the attendant's scripts use it: the slips it writes to a file:
 * printer decode into pictures whose QR codes verify, the PDF and PNG it writes instead, the
 * Z report it takes (numbered, stored before printing), "copy" on the second paper, and a
 * clear refusal (exit 2, nothing printed) for unknown references and bad arguments. */
#define G_LOG_DOMAIN "test-admin-print"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "kiosk-escpos-test.h"
#include "kiosk-receipts.h"
#include "kiosk-services.h"
#include "kiosk-test-util.h"
#include "kiosk-token.h"

static const KioskPaymentAuth card = { KIOSK_PAYMENT_APPROVED_ONLINE, "123456", "4242" };

typedef struct
{
  char *dir;
  char *db;
  char *capture;
  char *spec;
  char *paid;     /* a fine payment's record reference */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KioskStore) store = NULL;
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GPtrArray) fines = NULL;
  g_autoptr(GError) error = NULL;
  const char *numbers[2] = { NULL, NULL };

  f->dir = kiosk_test_make_dir ();
  f->db = g_build_filename (f->dir, "kiosk.db", NULL);
  f->capture = g_build_filename (f->dir, "paper.bin", NULL);
  f->spec = g_strconcat ("file:", f->capture, NULL);
  store = kiosk_test_store_new (f->dir, TRUE);
  fines = kiosk_services_list_unpaid_fines (store, NULL, 1, &error);
  g_assert_no_error (error);
  numbers[0] = ((KioskFine *) fines->pdata[0])->number;
  g_assert_true (kiosk_services_pay_fines (store, ((KioskFine *) fines->pdata[0])->plate, numbers,
                                           &card, &ref, &error));
  g_assert_no_error (error);
  f->paid = g_strdup (ref.reference);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kiosk_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->capture);
  g_free (f->spec);
  g_free (f->paid);
}

G_GNUC_NULL_TERMINATED static int
run_admin (Fixture  *f,
           char    **out_stdout,
           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("KIOSK_ADMIN"));
  g_ptr_array_add (args, "print");
  g_ptr_array_add (args, "--db");
  g_ptr_array_add (args, f->db);
  va_start (ap, out_stdout);
  for (const char *arg = va_arg (ap, const char *); arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_assert_nonnull (args->pdata[0]);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", out, err);
  g_assert_true (g_subprocess_get_if_exited (process));
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  return g_subprocess_get_exit_status (process);
}

static GPtrArray *
pages_printed (Fixture *f)
{
  g_autofree char *bytes = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *pages;
  gsize length = 0;

  if (!g_file_test (f->capture, G_FILE_TEST_EXISTS))
    return g_ptr_array_new ();
  g_assert_true (g_file_get_contents (f->capture, &bytes, &length, &error));
  pages = kiosk_escpos_test_decode ((const guint8 *) bytes, length, &error);
  g_assert_no_error (error);
  return pages;
}

static void
assert_scans (Fixture           *f,
              const KioskBitmap *page,
              const char        *reference)
{
  g_autoptr(KioskStore) store = kiosk_store_open (f->db, KIOSK_STORE_OPEN_EXISTING, NULL);
  g_autoptr(GPtrArray) payloads = kiosk_escpos_test_scan (page);
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (payloads->len, ==, 1);
  g_assert_true (kiosk_token_verify (store, payloads->pdata[0], -1, KIOSK_TOKEN_ANY, &token,
                                     &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_token_get_fields (token)->reference, ==, reference);
}

static void
test_receipt_last_then_copy (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) pages = NULL;
  KioskBitmap *first, *second;

  g_assert_cmpint (run_admin (f, NULL, "--printer", f->spec, "receipt", "--last", NULL), ==, 0);
  g_assert_cmpint (run_admin (f, NULL, "--printer", f->spec, "receipt", f->paid, NULL), ==, 0);
  pages = pages_printed (f);
  g_assert_cmpuint (pages->len, ==, 2);
  first = pages->pdata[0];
  second = pages->pdata[1];
  assert_scans (f, first, f->paid);
  assert_scans (f, second, f->paid);
  /* The second paper carries the COPY band: a longer slip. */
  g_assert_cmpint (second->height, >, first->height);
  {
    g_autoptr(KioskStore) store = kiosk_store_open (f->db, KIOSK_STORE_OPEN_EXISTING, NULL);
    g_autoptr(KioskReceipt) receipt = kiosk_receipts_get_by_reference (store, f->paid, NULL);

    g_assert_cmpuint (receipt->print_count, ==, 2);
  }
}

static void
test_z_report_numbered_and_reprinted (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) references = NULL;

  g_assert_cmpint (run_admin (f, &out, "--printer", f->spec, "z-report", "--actor", "salim",
                              NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Z report 1 "));
  g_assert_cmpint (run_admin (f, NULL, "--printer", f->spec, "z-report", "--number", "1",
                              NULL), ==, 0);
  pages = pages_printed (f);
  g_assert_cmpuint (pages->len, ==, 2);
  {
    g_autoptr(KioskStore) store = kiosk_store_open (f->db, KIOSK_STORE_OPEN_EXISTING, NULL);

    references = kiosk_test_query_column (store, "SELECT reference FROM z_reports", NULL);
    g_assert_cmpuint (references->len, ==, 1);
    g_assert_cmpint (kiosk_test_query_int (store, "SELECT count (*) FROM outbox WHERE kind ="
                                           " 'z_report'", NULL), ==, 1);
  }
  assert_scans (f, pages->pdata[0], references->pdata[0]);
  assert_scans (f, pages->pdata[1], references->pdata[0]);
}

static void
test_pdf_png_and_test_page (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "receipt.pdf", NULL);
  g_autofree char *png = g_build_filename (f->dir, "test.png", NULL);
  g_autofree char *head = NULL;
  g_autoptr(GPtrArray) pages = NULL;

  g_assert_cmpint (run_admin (f, NULL, "--pdf", pdf, "receipt", f->paid, NULL), ==, 0);
  g_assert_true (g_file_get_contents (pdf, &head, NULL, NULL));
  g_assert_true (g_str_has_prefix (head, "%PDF-"));
  g_assert_cmpint (run_admin (f, NULL, "--png", png, "test-page", NULL), ==, 0);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (run_admin (f, NULL, "--printer", f->spec, "test-page", NULL), ==, 0);
  pages = pages_printed (f);
  g_assert_cmpuint (pages->len, ==, 1);
}

static void
test_refusals_print_nothing (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) pages = NULL;

  g_assert_cmpint (run_admin (f, NULL, "--printer", f->spec, "receipt", "TST01-261130-9999",
                              NULL), ==, 2);
  g_assert_cmpint (run_admin (f, NULL, "--printer", f->spec, "voucher", f->paid, NULL), ==, 2);
  g_assert_cmpint (run_admin (f, NULL, "--printer", f->spec, "lease-form", f->paid, NULL), ==, 2);
  g_assert_cmpint (run_admin (f, NULL, "--printer", "escpos:/dev/usb/lp0", "test-page", NULL),
                   ==, 2);
  g_assert_cmpint (run_admin (f, NULL, "--printer", f->spec, "--pdf", "x.pdf", "test-page",
                              NULL), ==, 2);
  g_assert_cmpint (run_admin (f, NULL, "--printer", f->spec, "receipt", NULL), ==, 2);
  g_assert_cmpint (run_admin (f, NULL, "--printer", f->spec, "--language", "fr", "test-page",
                              NULL), ==, 2);
  g_assert_cmpint (run_admin (f, NULL, "--printer", f->spec, "poster", NULL), ==, 2);
  pages = pages_printed (f);
  g_assert_cmpuint (pages->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/kiosk/admin/print/receipt-last-then-copy", Fixture, NULL, fixture_set_up,
              test_receipt_last_then_copy, fixture_tear_down);
  g_test_add ("/kiosk/admin/print/z-report-numbered-and-reprinted", Fixture, NULL,
              fixture_set_up, test_z_report_numbered_and_reprinted, fixture_tear_down);
  g_test_add ("/kiosk/admin/print/pdf-png-and-test-page", Fixture, NULL, fixture_set_up,
              test_pdf_png_and_test_page, fixture_tear_down);
  g_test_add ("/kiosk/admin/print/refusals-print-nothing", Fixture, NULL, fixture_set_up,
              test_refusals_print_nothing, fixture_tear_down);
  return g_test_run ();
}
