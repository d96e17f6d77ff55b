/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The receipt printer end to end: slips rendered to ESC/POS raster, written through the
 * file: driver and to a fake network printer on 127.0.0.1, decoded back into pictures whose
 * QR codes the project's decoder reads and kiosk_token_verify accepts, in Arabic and
 * English; DLE EOT answers mapped to states; nothing sent to a printer that cannot print;
 * each job sent exactly once; the queue's bound. */
#define G_LOG_DOMAIN "test-printer"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "kiosk-error.h"
#include "kiosk-escpos-test.h"
#include "kiosk-printer.h"
#include "kiosk-receipts.h"
#include "kiosk-services.h"
#include "kiosk-slips.h"
#include "kiosk-test-util.h"
#include "kiosk-token.h"
#include "kiosk-z-report.h"

static const KioskPaymentAuth card = { KIOSK_PAYMENT_APPROVED_ONLINE, "123456", "4242" };
static const KioskPaymentAuth counter = { KIOSK_PAYMENT_AWAITING_COUNTER, NULL, NULL };

/* Waiting for a job ------------------------------------------------------------------- */

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
  guint      pending;
} Wait;

static void
printed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;
  GError *error = NULL;

  wait->ok = kiosk_printer_print_finish (KIOSK_PRINTER (object), result, &error);
  if (error != NULL)
    {
      g_clear_error (&wait->error);
      wait->error = error;
    }
  if (--wait->pending == 0)
    g_main_loop_quit (wait->loop);
}

static gboolean
too_long_cb (gpointer data)
{
  g_error ("the printer did not finish in 30 s");
  return G_SOURCE_REMOVE;
}

static void
run (Wait *wait)
{
  guint guard = g_timeout_add_seconds (30, too_long_cb, NULL);

  if (wait->pending > 0)
    g_main_loop_run (wait->loop);
  g_source_remove (guard);
}

static gboolean
print_slip (KioskPrinter *printer,
            KioskSlip    *slip,
            GError      **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), FALSE, NULL, 1 };

  kiosk_printer_print_async (printer, slip, NULL, printed_cb, &wait);
  run (&wait);
  g_main_loop_unref (wait.loop);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.ok;
}

/* The store ------------------------------------------------------------------------------ */

typedef struct
{
  KioskTestFixture base;
  char            *capture;   /* the file: printer's file */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  kiosk_test_fixture_set_up_seeded (&f->base, data);
  f->capture = g_build_filename (f->base.dir, "printer.bin", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->capture);
  kiosk_test_fixture_tear_down (&f->base, data);
}

static char *
pay_a_fine (Fixture *f)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GPtrArray) fines = NULL;
  g_autoptr(GError) error = NULL;
  KioskFine *fine;
  const char *numbers[2] = { NULL, NULL };

  fines = kiosk_services_list_unpaid_fines (f->base.store, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fines->len, ==, 1);
  fine = g_ptr_array_index (fines, 0);
  numbers[0] = fine->number;
  g_assert_true (kiosk_services_pay_fines (f->base.store, fine->plate, numbers, &card, &ref,
                                           &error));
  g_assert_no_error (error);
  return g_strdup (ref.reference);
}

static char *
request_permit_at_counter (Fixture *f)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_services_request_parking_permit (f->base.store, "1234 AB", "PZ-RUWI", 1,
                                                        NULL, &counter, &ref, &error));
  g_assert_no_error (error);
  return g_strdup (ref.reference);
}

static char *
request_lease_form (Fixture *f)
{
  const KioskLeaseFormInput input = {
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
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_services_request_lease_form (f->base.store, &input, &ref, &error));
  g_assert_no_error (error);
  return g_strdup (ref.reference);
}

static char *
file_report (Fixture *f)
{
  const KioskReportInput input = {
    "pothole", "MTR", "MTR-RUWI", "قرب الدوار", "حفرة في الطريق", NULL, NULL,
  };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_services_file_report (f->base.store, &input, &ref, NULL, &error));
  g_assert_no_error (error);
  return g_strdup (ref.reference);
}

/* The round trip --------------------------------------------------------------------------- */

typedef struct
{
  const char *slip;      /* receipt, voucher, lease-form, tracking, z-report */
  const char *language;
} Case;

static KioskSlip *
make_slip (Fixture    *f,
           const Case *c,
           char      **out_reference,
           KioskTokenKind *out_kind)
{
  g_autoptr(GError) error = NULL;
  KioskDigits digits = KIOSK_DIGITS_ARABIC_INDIC;
  KioskSlip *slip = NULL;

  if (g_str_equal (c->slip, "receipt"))
    {
      *out_reference = pay_a_fine (f);
      *out_kind = KIOSK_TOKEN_RECEIPT;
      slip = kiosk_slips_for_reference (f->base.store, KIOSK_SLIP_KIND_RECEIPT, *out_reference,
                                        c->language, digits, &error);
    }
  else if (g_str_equal (c->slip, "voucher"))
    {
      g_autofree char *record = request_permit_at_counter (f);
      g_autoptr(KioskReceipt) receipt = kiosk_receipts_get_by_reference (f->base.store, record,
                                                                         &error);

      g_assert_no_error (error);
      /* A counter payment's receipt prints as its voucher. */
      g_autoptr(GPtrArray) payment = NULL;

      slip = kiosk_slips_for_receipt (f->base.store, receipt, c->language, digits, &error);
      /* The voucher's code names the payment, by its own reference. */
      payment = kiosk_test_query_column (f->base.store, "SELECT reference FROM payments"
                                         " WHERE uuid = ?1", receipt->payment_uuid, NULL);
      g_assert_cmpuint (payment->len, ==, 1);
      *out_reference = g_strdup (payment->pdata[0]);
      *out_kind = KIOSK_TOKEN_COUNTER_VOUCHER;
    }
  else if (g_str_equal (c->slip, "lease-form"))
    {
      *out_reference = request_lease_form (f);
      *out_kind = KIOSK_TOKEN_RECEIPT;
      slip = kiosk_slips_for_reference (f->base.store, KIOSK_SLIP_KIND_LEASE_FORM,
                                        *out_reference, c->language, digits, &error);
    }
  else if (g_str_equal (c->slip, "tracking"))
    {
      *out_reference = file_report (f);
      *out_kind = KIOSK_TOKEN_REPORT_TRACKING;
      slip = kiosk_slips_for_reference (f->base.store, KIOSK_SLIP_KIND_TRACKING,
                                        *out_reference, c->language, digits, &error);
    }
  else if (g_str_equal (c->slip, "z-report"))
    {
      g_autofree char *paid = pay_a_fine (f);
      g_autoptr(KioskZReport) report = kiosk_z_report_take (f->base.store, "salim", &error);

      g_assert_no_error (error);
      *out_reference = g_strdup (report->reference);
      *out_kind = KIOSK_TOKEN_RECEIPT;
      slip = kiosk_slips_z_report (report, "TST01", c->language, digits, &error);
    }
  g_assert_no_error (error);
  g_assert_nonnull (slip);
  return slip;
}

static void
check_page_scans (Fixture           *f,
                  const KioskBitmap *page,
                  const char        *reference,
                  KioskTokenKind     kind)
{
  g_autoptr(GPtrArray) payloads = kiosk_escpos_test_scan (page);
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (payloads->len, ==, 1);
  g_assert_true (kiosk_token_verify (f->base.store, g_ptr_array_index (payloads, 0), -1,
                                     KIOSK_TOKEN_ANY, &token, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_token_get_kind (token), ==, kind);
  g_assert_cmpstr (kiosk_token_get_fields (token)->reference, ==, reference);
}

static void
test_slip_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  const Case *c = data;
  g_autofree char *reference = NULL;
  KioskTokenKind kind = 0;
  g_autoptr(KioskSlip) slip = make_slip (f, c, &reference, &kind);
  g_autofree char *spec = g_strconcat ("file:", f->capture, NULL);
  g_autoptr(KioskPrinter) printer = NULL;
  g_autoptr(KioskBitmap) bitmap = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  guint unknown = G_MAXUINT;
  gsize length = 0;

  /* Every glyph of every string was in a font: no .notdef box on paper. */
  bitmap = kiosk_slip_render_bitmap (slip, &unknown, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unknown, ==, 0);
  g_assert_cmpint (bitmap->width, ==, KIOSK_ESCPOS_WIDTH_DOTS);

  printer = kiosk_printer_new_for_spec (spec, &error);
  g_assert_no_error (error);
  g_assert_true (print_slip (printer, slip, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (f->capture, &bytes, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_printer_get_bytes_sent (printer), ==, length);
  pages = kiosk_escpos_test_decode ((const guint8 *) bytes, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, 1);
  /* What was sent is what the renderer drew, dot for dot. */
  g_assert_cmpint (((KioskBitmap *) pages->pdata[0])->height, ==, bitmap->height);
  g_assert_cmpmem (((KioskBitmap *) pages->pdata[0])->bits,
                   (gsize) bitmap->stride * bitmap->height,
                   bitmap->bits, (gsize) bitmap->stride * bitmap->height);
  check_page_scans (f, pages->pdata[0], reference, kind);

  /* The same slip to a network printer: the same raster arrives and scans. */
  {
    KioskEscposFake *fake = kiosk_escpos_fake_start (KIOSK_ESCPOS_FAKE_READY);
    g_autofree char *tcp = g_strdup_printf ("escpos-tcp:127.0.0.1:%u",
                                            kiosk_escpos_fake_get_port (fake));
    g_autoptr(KioskPrinter) network = kiosk_printer_new_for_spec (tcp, NULL);
    g_autoptr(GPtrArray) jobs = NULL;
    g_autoptr(GPtrArray) sent = NULL;
    const guint8 *raw;
    gsize size;

    g_assert_true (print_slip (network, slip, &error));
    g_assert_no_error (error);
    kiosk_escpos_fake_wait_connections (fake, 1);
    jobs = kiosk_escpos_fake_dup_jobs (fake);
    kiosk_escpos_fake_stop (fake);
    g_assert_cmpuint (jobs->len, ==, 1);
    raw = g_bytes_get_data (jobs->pdata[0], &size);
    sent = kiosk_escpos_test_decode (raw, size, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sent->len, ==, 1);
    check_page_scans (f, sent->pdata[0], reference, kind);
  }

  if (g_getenv ("KIOSK_SLIP_PNG_DIR") != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s-%s.png", c->slip, c->language);
      g_autofree char *png = g_build_filename (g_getenv ("KIOSK_SLIP_PNG_DIR"), name, NULL);

      g_assert_true (kiosk_slip_write_png (slip, png, &error));
      g_assert_no_error (error);
    }
}

/* A reprint says "copy": the copy's raster differs from the first (the band), its code
 * still scans. */
static void
test_reprint_is_marked_copy (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *reference = pay_a_fine (f);
  g_autoptr(KioskSlip) first = NULL;
  g_autoptr(KioskSlip) second = NULL;
  g_autoptr(KioskBitmap) a = NULL;
  g_autoptr(KioskBitmap) b = NULL;
  g_autoptr(GError) error = NULL;

  first = kiosk_slips_for_reference (f->base.store, KIOSK_SLIP_KIND_RECEIPT, reference, "en",
                                     KIOSK_DIGITS_LATIN, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kiosk_slip_get_receipt_uuid (first));
  g_assert_true (kiosk_receipts_mark_printed (f->base.store, kiosk_slip_get_receipt_uuid (first),
                                              &error));
  g_assert_no_error (error);
  second = kiosk_slips_for_reference (f->base.store, KIOSK_SLIP_KIND_RECEIPT, reference, "en",
                                      KIOSK_DIGITS_LATIN, &error);
  g_assert_no_error (error);
  a = kiosk_slip_render_bitmap (first, NULL, &error);
  b = kiosk_slip_render_bitmap (second, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (b->height, >, a->height);
  check_page_scans (f, b, reference, KIOSK_TOKEN_RECEIPT);
}

/* Asked for the receipt (a reprint at the desk), an unpaid counter payment gets its receipt,
 * whose code is the RC receipt, not the voucher. */
static void
test_receipt_of_unpaid_voucher (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *reference = request_permit_at_counter (f);
  g_autoptr(KioskSlip) slip = NULL;
  g_autoptr(KioskBitmap) bitmap = NULL;
  g_autoptr(GError) error = NULL;
  guint unknown = G_MAXUINT;

  slip = kiosk_slips_for_reference (f->base.store, KIOSK_SLIP_KIND_RECEIPT, reference, "ar",
                                    KIOSK_DIGITS_ARABIC_INDIC, &error);
  g_assert_no_error (error);
  bitmap = kiosk_slip_render_bitmap (slip, &unknown, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unknown, ==, 0);
  check_page_scans (f, bitmap, reference, KIOSK_TOKEN_RECEIPT);
}

static void
test_slip_pdf_and_png (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *reference = request_lease_form (f);
  g_autofree char *pdf = g_build_filename (f->base.dir, "form.pdf", NULL);
  g_autofree char *png = g_build_filename (f->base.dir, "form.png", NULL);
  g_autoptr(KioskSlip) slip = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  gsize length = 0;

  slip = kiosk_slips_for_reference (f->base.store, KIOSK_SLIP_KIND_LEASE_FORM, reference, "ar",
                                    KIOSK_DIGITS_ARABIC_INDIC, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_slip_write_pdf (slip, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &head, &length, &error));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (head, "%PDF-"));
  g_assert_true (kiosk_slip_write_png (slip, png, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
}

static void
test_slip_unknown_reference (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *paid = pay_a_fine (f);
  g_autoptr(GError) error = NULL;

  g_assert_null (kiosk_slips_for_reference (f->base.store, KIOSK_SLIP_KIND_RECEIPT,
                                            "TST01-261130-9999", "en", KIOSK_DIGITS_LATIN,
                                            &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* A card payment has no voucher, a fine no lease form. */
  g_assert_null (kiosk_slips_for_reference (f->base.store, KIOSK_SLIP_KIND_VOUCHER, paid, "en",
                                            KIOSK_DIGITS_LATIN, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (kiosk_slips_for_reference (f->base.store, KIOSK_SLIP_KIND_LEASE_FORM, paid,
                                            "en", KIOSK_DIGITS_LATIN, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND);
}

/* Status --------------------------------------------------------------------------------- */

static void
test_status_bytes_map_to_states (void)
{
  static const struct
  {
    guint8            answer[4];
    gsize             length;
    KioskPrinterState state;
  } cases[] = {
    { { 0x12, 0x12, 0x12, 0x12 }, 4, KIOSK_PRINTER_STATE_READY },
    { { 0x12, 0x12, 0x12, 0x1e }, 4, KIOSK_PRINTER_STATE_PAPER_NEAR_END },
    { { 0x1a, 0x32, 0x12, 0x72 }, 4, KIOSK_PRINTER_STATE_PAPER_OUT },
    { { 0x12, 0x12, 0x12, 0x72 }, 4, KIOSK_PRINTER_STATE_PAPER_OUT },
    { { 0x1a, 0x16, 0x12, 0x12 }, 4, KIOSK_PRINTER_STATE_COVER_OPEN },
    { { 0x1a, 0x52, 0x1a, 0x12 }, 4, KIOSK_PRINTER_STATE_ERROR },
    { { 0x12, 0x12, 0x32, 0x12 }, 4, KIOSK_PRINTER_STATE_ERROR },
    { { 0x1a, 0x12, 0x12, 0x12 }, 4, KIOSK_PRINTER_STATE_OFFLINE },
    { { 0x12, 0x12, 0x12 }, 3, KIOSK_PRINTER_STATE_OFFLINE },
    { { 0 }, 0, KIOSK_PRINTER_STATE_OFFLINE },
    /* Not status bytes: the fixed bits are wrong. */
    { { 0x00, 0x12, 0x12, 0x12 }, 4, KIOSK_PRINTER_STATE_OFFLINE },
    { { 0x12, 0x12, 0x92, 0x12 }, 4, KIOSK_PRINTER_STATE_OFFLINE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %zu", i);
      g_assert_cmpint (kiosk_escpos_parse_status (cases[i].answer, cases[i].length), ==,
                       cases[i].state);
    }
}

typedef struct
{
  KioskEscposFakeScript script;
  KioskPrinterState     state;
  int                   error_code;  /* 0: printed */
} StatusCase;

static void
fault_cb (KioskPrinter *printer,
          int           state,
          const char   *message,
          gpointer      user_data)
{
  (*(guint *) user_data)++;
}

static void
test_status_answer_decides (Fixture       *f,
                            gconstpointer  data)
{
  const StatusCase *c = data;
  KioskEscposFake *fake = kiosk_escpos_fake_start (c->script);
  g_autofree char *spec = g_strdup_printf ("escpos-tcp:127.0.0.1:%u",
                                           kiosk_escpos_fake_get_port (fake));
  g_autoptr(KioskPrinter) printer = kiosk_printer_new_for_spec (spec, NULL);
  g_autoptr(KioskSlip) slip = kiosk_slips_test_page (spec, KIOSK_PRINTER_STATE_UNKNOWN, 1796018400,
                                                     "en", KIOSK_DIGITS_LATIN);
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  guint faults = 0;
  gboolean ok;

  kiosk_printer_set_status_timeout (printer, 300);
  g_signal_connect (printer, "fault", G_CALLBACK (fault_cb), &faults);
  ok = print_slip (printer, slip, &error);
  kiosk_escpos_fake_wait_connections (fake, 1);
  jobs = kiosk_escpos_fake_dup_jobs (fake);
  kiosk_escpos_fake_stop (fake);

  g_assert_cmpint (kiosk_printer_get_state (printer), ==, c->state);
  if (c->error_code == 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpuint (jobs->len, ==, 1);
      g_assert_cmpuint (faults, ==, 0);
    }
  else
    {
      g_assert_error (error, KIOSK_ERROR, c->error_code);
      g_assert_false (ok);
      /* A printer that cannot print gets nothing: no slip comes out later, when someone
       * has already reprinted it. */
      g_assert_cmpuint (jobs->len, ==, 0);
      g_assert_cmpuint (faults, ==, 1);
    }
}

static void
test_unreachable_printer_is_offline (Fixture       *f,
                                     gconstpointer  data)
{
  KioskEscposFake *fake = kiosk_escpos_fake_start (KIOSK_ESCPOS_FAKE_READY);
  guint16 port = kiosk_escpos_fake_get_port (fake);
  g_autofree char *spec = NULL;
  g_autoptr(KioskPrinter) printer = NULL;
  g_autoptr(KioskSlip) slip = NULL;
  g_autoptr(GError) error = NULL;

  /* A port that was just free: nobody listens there now. */
  kiosk_escpos_fake_stop (fake);
  spec = g_strdup_printf ("escpos-tcp:127.0.0.1:%u", port);
  printer = kiosk_printer_new_for_spec (spec, &error);
  g_assert_no_error (error);
  slip = kiosk_slips_test_page (spec, KIOSK_PRINTER_STATE_UNKNOWN, 1796018400, "ar",
                                KIOSK_DIGITS_ARABIC_INDIC);
  g_assert_false (print_slip (printer, slip, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_PRINTER);
  g_assert_cmpint (kiosk_printer_get_state (printer), ==, KIOSK_PRINTER_STATE_OFFLINE);
}

/* One request, one job: the bytes arrive once and are exactly the slip's. */
static void
test_job_sent_exactly_once (Fixture       *f,
                            gconstpointer  data)
{
  KioskEscposFake *fake = kiosk_escpos_fake_start (KIOSK_ESCPOS_FAKE_READY);
  g_autofree char *spec = g_strdup_printf ("escpos-tcp:127.0.0.1:%u",
                                           kiosk_escpos_fake_get_port (fake));
  g_autoptr(KioskPrinter) printer = kiosk_printer_new_for_spec (spec, NULL);
  g_autofree char *reference = pay_a_fine (f);
  g_autoptr(KioskSlip) slip = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const guint8 *bytes;

  slip = kiosk_slips_for_reference (f->base.store, KIOSK_SLIP_KIND_RECEIPT, reference, "ar",
                                    KIOSK_DIGITS_ARABIC_INDIC, &error);
  g_assert_no_error (error);
  g_assert_true (print_slip (printer, slip, &error));
  g_assert_no_error (error);
  kiosk_escpos_fake_wait_connections (fake, 1);
  jobs = kiosk_escpos_fake_dup_jobs (fake);
  g_assert_cmpuint (kiosk_escpos_fake_get_status_requests (fake), ==, 4);
  kiosk_escpos_fake_stop (fake);

  g_assert_cmpuint (jobs->len, ==, 1);
  expected = kiosk_slip_render_escpos (slip, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (jobs->pdata[0], expected));
  bytes = g_bytes_get_data (jobs->pdata[0], &length);
  pages = kiosk_escpos_test_decode (bytes, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, 1);
  check_page_scans (f, pages->pdata[0], reference, KIOSK_TOKEN_RECEIPT);
  g_assert_cmpint (kiosk_printer_get_state (printer), ==, KIOSK_PRINTER_STATE_READY);
}

/* USB: /dev/usb/lpN is a character device read and written like a file; a pseudo-terminal
 * in raw mode stands in for it, a thread on the other side answering as a printer. */
typedef struct
{
  int         master;
  gboolean    paper_out;
  GByteArray *job;
  GMutex      mutex;
  gboolean    stop;
  GThread    *thread;
} FakeUsb;

static gpointer
fake_usb_thread (gpointer data)
{
  FakeUsb *usb = data;
  g_autoptr(GByteArray) pending = g_byte_array_new ();

  for (;;)
    {
      struct pollfd pfd = { usb->master, POLLIN, 0 };
      guint8 buffer[4096];
      gssize got, n;

      g_mutex_lock (&usb->mutex);
      if (usb->stop)
        {
          g_mutex_unlock (&usb->mutex);
          break;
        }
      g_mutex_unlock (&usb->mutex);
      if (poll (&pfd, 1, 50) <= 0)
        continue;
      got = read (usb->master, buffer, sizeof buffer);
      if (got <= 0)
        {
          g_usleep (10000);   /* EIO while no one has the device open */
          continue;
        }
      g_byte_array_append (pending, buffer, (guint) got);
      while ((n = kiosk_escpos_test_command_length (pending->data, pending->len)) > 0)
        {
          if (n == 3 && pending->data[0] == 0x10)
            {
              guint8 n4 = pending->data[2];
              guint8 answer = usb->paper_out && (n4 == 4) ? 0x72 : usb->paper_out && n4 == 2
                              ? 0x32 : 0x12;

              g_assert_cmpint (write (usb->master, &answer, 1), ==, 1);
            }
          else
            {
              g_mutex_lock (&usb->mutex);
              g_byte_array_append (usb->job, pending->data, (guint) n);
              g_mutex_unlock (&usb->mutex);
            }
          g_byte_array_remove_range (pending, 0, (guint) n);
        }
      g_assert_cmpint (n, ==, 0);
    }
  return NULL;
}

static void
test_usb_device (Fixture       *f,
                 gconstpointer  data)
{
  FakeUsb usb = { -1, FALSE, g_byte_array_new () };
  g_autofree char *spec = NULL;
  g_autoptr(KioskPrinter) printer = NULL;
  g_autoptr(KioskSlip) slip = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = pay_a_fine (f);
  struct termios raw;
  int slave;

  usb.master = posix_openpt (O_RDWR | O_NOCTTY);
  g_assert_cmpint (usb.master, >=, 0);
  g_assert_cmpint (grantpt (usb.master), ==, 0);
  g_assert_cmpint (unlockpt (usb.master), ==, 0);
  spec = g_strconcat ("escpos-usb:", ptsname (usb.master), NULL);
  /* Raw: every byte passes as it is, as on a USB printer class device. */
  slave = open (ptsname (usb.master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (slave, >=, 0);
  g_assert_cmpint (tcgetattr (slave, &raw), ==, 0);
  cfmakeraw (&raw);
  g_assert_cmpint (tcsetattr (slave, TCSANOW, &raw), ==, 0);
  g_mutex_init (&usb.mutex);
  usb.thread = g_thread_new ("fake-usb", fake_usb_thread, &usb);

  printer = kiosk_printer_new_for_spec (spec, &error);
  g_assert_no_error (error);
  slip = kiosk_slips_for_reference (f->base.store, KIOSK_SLIP_KIND_RECEIPT, reference, "ar",
                                    KIOSK_DIGITS_ARABIC_INDIC, &error);
  g_assert_no_error (error);
  g_assert_true (print_slip (printer, slip, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_printer_get_state (printer), ==, KIOSK_PRINTER_STATE_READY);

  /* Out of paper: the status answer says so and nothing more is sent. */
  usb.paper_out = TRUE;
  g_assert_false (print_slip (printer, slip, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_PRINTER_NOT_READY);
  g_clear_error (&error);
  g_assert_cmpint (kiosk_printer_get_state (printer), ==, KIOSK_PRINTER_STATE_PAPER_OUT);

  /* The bytes of the first job drain through the terminal: wait for its cut. */
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GBytes) expected = kiosk_slip_render_escpos (slip, NULL);
      gboolean whole;

      g_mutex_lock (&usb.mutex);
      whole = usb.job->len >= g_bytes_get_size (expected);
      g_mutex_unlock (&usb.mutex);
      if (whole)
        break;
      g_usleep (20000);
    }
  g_mutex_lock (&usb.mutex);
  usb.stop = TRUE;
  g_mutex_unlock (&usb.mutex);
  g_thread_join (usb.thread);
  close (slave);
  close (usb.master);
  g_mutex_clear (&usb.mutex);

  pages = kiosk_escpos_test_decode (usb.job->data, usb.job->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, 1);
  check_page_scans (f, pages->pdata[0], reference, KIOSK_TOKEN_RECEIPT);
  g_byte_array_unref (usb.job);
}

static void
state_notified_cb (GObject    *object,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  GMainLoop *loop = user_data;

  g_main_loop_quit (loop);
}

static KioskPrinterState
wait_for_state_change (KioskPrinter *printer)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  gulong id = g_signal_connect (printer, "notify::state", G_CALLBACK (state_notified_cb), loop);
  guint guard = g_timeout_add_seconds (30, too_long_cb, NULL);

  g_main_loop_run (loop);
  g_source_remove (guard);
  g_signal_handler_disconnect (printer, id);
  return kiosk_printer_get_state (printer);
}

/* The desk learns of a fault between jobs: the poll asks, the state changes, "fault" is
 * emitted; and the printer coming back is seen too. */
static void
test_polling_sees_faults (Fixture       *f,
                          gconstpointer  data)
{
  KioskEscposFake *fake = kiosk_escpos_fake_start (KIOSK_ESCPOS_FAKE_READY);
  g_autofree char *spec = g_strdup_printf ("escpos-tcp:127.0.0.1:%u",
                                           kiosk_escpos_fake_get_port (fake));
  g_autoptr(KioskPrinter) printer = kiosk_printer_new_for_spec (spec, NULL);
  g_autoptr(GPtrArray) jobs = NULL;
  guint faults = 0;

  g_signal_connect (printer, "fault", G_CALLBACK (fault_cb), &faults);
  kiosk_printer_set_status_timeout (printer, 300);
  kiosk_printer_set_poll_interval (printer, 1);
  g_assert_cmpint (wait_for_state_change (printer), ==, KIOSK_PRINTER_STATE_READY);
  kiosk_escpos_fake_set_script (fake, KIOSK_ESCPOS_FAKE_COVER_OPEN);
  g_assert_cmpint (wait_for_state_change (printer), ==, KIOSK_PRINTER_STATE_COVER_OPEN);
  g_assert_cmpuint (faults, ==, 1);
  kiosk_escpos_fake_set_script (fake, KIOSK_ESCPOS_FAKE_SILENT);
  g_assert_cmpint (wait_for_state_change (printer), ==, KIOSK_PRINTER_STATE_OFFLINE);
  g_assert_cmpuint (faults, ==, 2);
  kiosk_escpos_fake_set_script (fake, KIOSK_ESCPOS_FAKE_READY);
  g_assert_cmpint (wait_for_state_change (printer), ==, KIOSK_PRINTER_STATE_READY);
  kiosk_printer_set_poll_interval (printer, 0);
  jobs = kiosk_escpos_fake_dup_jobs (fake);
  kiosk_escpos_fake_stop (fake);
  /* Status questions only: a poll never prints. */
  g_assert_cmpuint (jobs->len, ==, 0);
}

/* Queue ----------------------------------------------------------------------------------- */

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  guint      printed;
  guint      busy;
  guint      cancelled;
} Tally;

static void
tally_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Tally *tally = user_data;
  g_autoptr(GError) error = NULL;

  if (kiosk_printer_print_finish (KIOSK_PRINTER (object), result, &error))
    tally->printed++;
  else if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_PRINTER_BUSY))
    tally->busy++;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    tally->cancelled++;
  else
    g_error ("unexpected: %s", error->message);
  if (--tally->pending == 0)
    g_main_loop_quit (tally->loop);
}

static guint
pages_in (const char *path)
{
  g_autofree char *bytes = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &bytes, &length, &error));
  pages = kiosk_escpos_test_decode ((const guint8 *) bytes, length, &error);
  g_assert_no_error (error);
  return pages->len;
}

static void
test_queue_is_bounded_and_cancellable (Fixture       *f,
                                       gconstpointer  data)
{
  g_autofree char *spec = g_strconcat ("file:", f->capture, NULL);
  g_autoptr(KioskPrinter) printer = kiosk_printer_new_for_spec (spec, NULL);
  g_autoptr(KioskSlip) slip = kiosk_slips_test_page (spec, KIOSK_PRINTER_STATE_READY, 1796018400,
                                                     "en", KIOSK_DIGITS_LATIN);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Tally tally = { g_main_loop_new (NULL, FALSE), KIOSK_PRINTER_MAX_JOBS + 1, 0, 0, 0 };
  guint guard;

  /* The second waits behind the first and is cancelled before its turn. */
  kiosk_printer_print_async (printer, slip, NULL, tally_cb, &tally);
  kiosk_printer_print_async (printer, slip, cancellable, tally_cb, &tally);
  for (guint i = 2; i < KIOSK_PRINTER_MAX_JOBS + 1; i++)
    kiosk_printer_print_async (printer, slip, NULL, tally_cb, &tally);
  g_cancellable_cancel (cancellable);
  guard = g_timeout_add_seconds (30, too_long_cb, NULL);
  g_main_loop_run (tally.loop);
  g_source_remove (guard);
  g_main_loop_unref (tally.loop);

  g_assert_cmpuint (tally.busy, ==, 1);
  g_assert_cmpuint (tally.cancelled, ==, 1);
  g_assert_cmpuint (tally.printed, ==, KIOSK_PRINTER_MAX_JOBS - 1);
  g_assert_cmpuint (pages_in (f->capture), ==, KIOSK_PRINTER_MAX_JOBS - 1);
}

static void
test_no_printer (void)
{
  g_autoptr(KioskPrinter) printer = NULL;
  g_autoptr(KioskSlip) slip = NULL;
  g_autoptr(GError) error = NULL;

  printer = kiosk_printer_new_for_spec ("none", &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_printer_get_state (printer), ==, KIOSK_PRINTER_STATE_NONE);
  slip = kiosk_slips_test_page ("none", KIOSK_PRINTER_STATE_NONE, 1796018400, "en",
                                KIOSK_DIGITS_LATIN);
  g_assert_false (print_slip (printer, slip, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NO_PRINTER);
}

/* The test page, both scripts on it whatever the language: every glyph in a font. */
static void
test_test_page_glyphs (void)
{
  static const char *const languages[] = { "ar", "en" };

  for (gsize i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autoptr(KioskSlip) slip = kiosk_slips_test_page ("escpos-tcp:10.0.0.9:9100",
                                                         KIOSK_PRINTER_STATE_READY, 1796018400,
                                                         languages[i], KIOSK_DIGITS_ARABIC_INDIC);
      g_autoptr(KioskBitmap) bitmap = NULL;
      g_autoptr(GPtrArray) payloads = NULL;
      g_autoptr(GError) error = NULL;
      guint unknown = G_MAXUINT;

      bitmap = kiosk_slip_render_bitmap (slip, &unknown, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (unknown, ==, 0);
      payloads = kiosk_escpos_test_scan (bitmap);
      g_assert_cmpuint (payloads->len, ==, 1);
      g_assert_cmpstr (payloads->pdata[0], ==, "MUSCAT-KIOSK-PRINTER-TEST");
    }
}

static void
test_specs (void)
{
  static const char *const good[] = {
    "none", "file:/tmp/receipts.bin", "escpos-usb:/dev/usb/lp0", "escpos-tcp:10.1.2.3:9100",
    "escpos-tcp:printer.hall.local:9100",
  };
  static const char *const bad[] = {
    "", "escpos:/dev/usb/lp0", "file:", "escpos-usb:lp0", "escpos-tcp:10.1.2.3",
    "escpos-tcp:10.1.2.3:0", "escpos-tcp::9100", "pdf:/tmp", "cups:office",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KioskPrinter) printer = kiosk_printer_new_for_spec (good[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (kiosk_printer_get_spec (printer), ==, good[i]);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("spec \"%s\"", bad[i]);
      g_assert_null (kiosk_printer_new_for_spec (bad[i], &error));
      g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG);
    }
}

/* The threshold keeps text and modules sharp; the dithered emblem keeps shades. */
static void
test_dither_only_inside_pictures (void)
{
  guint8 gray[16 * 4];
  const int picture[4] = { 8, 0, 8, 4 };
  g_autoptr(KioskBitmap) bitmap = NULL;
  guint left = 0, right = 0;

  memset (gray, 160, sizeof gray);
  bitmap = kiosk_bitmap_from_gray (gray, 16, 4, 16, picture, 1);
  for (int y = 0; y < 4; y++)
    for (int x = 0; x < 16; x++)
      {
        if (x < 8)
          left += kiosk_bitmap_get (bitmap, x, y);
        else
          right += kiosk_bitmap_get (bitmap, x, y);
      }
  /* Light gray: white by threshold, about a third black by error diffusion. */
  g_assert_cmpuint (left, ==, 0);
  g_assert_cmpuint (right, >=, 6);
  g_assert_cmpuint (right, <=, 16);
}

int
main (int    argc,
      char **argv)
{
  static const char *const slips[] = { "receipt", "voucher", "lease-form", "tracking",
                                       "z-report" };
  static const char *const languages[] = { "ar", "en" };
  static const StatusCase status_cases[] = {
    { KIOSK_ESCPOS_FAKE_READY, KIOSK_PRINTER_STATE_READY, 0 },
    { KIOSK_ESCPOS_FAKE_PAPER_NEAR_END, KIOSK_PRINTER_STATE_PAPER_NEAR_END, 0 },
    { KIOSK_ESCPOS_FAKE_PAPER_OUT, KIOSK_PRINTER_STATE_PAPER_OUT, KIOSK_ERROR_PRINTER_NOT_READY },
    { KIOSK_ESCPOS_FAKE_COVER_OPEN, KIOSK_PRINTER_STATE_COVER_OPEN,
      KIOSK_ERROR_PRINTER_NOT_READY },
    { KIOSK_ESCPOS_FAKE_ERROR, KIOSK_PRINTER_STATE_ERROR, KIOSK_ERROR_PRINTER_NOT_READY },
    { KIOSK_ESCPOS_FAKE_SILENT, KIOSK_PRINTER_STATE_OFFLINE, KIOSK_ERROR_PRINTER_NOT_READY },
  };
  static const char *const status_names[] = { "ready", "paper-near-end", "paper-out",
                                              "cover-open", "error", "no-answer" };
  static Case cases[G_N_ELEMENTS (slips) * G_N_ELEMENTS (languages)];

  g_test_init (&argc, &argv, NULL);
  kiosk_slips_bind_catalogues ();

  for (gsize i = 0; i < G_N_ELEMENTS (slips); i++)
    for (gsize j = 0; j < G_N_ELEMENTS (languages); j++)
      {
        Case *c = &cases[i * G_N_ELEMENTS (languages) + j];
        g_autofree char *path = g_strdup_printf ("/kiosk/printer/%s/%s/file-and-tcp-raster-qr-scans-and-verifies",
                                                 slips[i], languages[j]);

        c->slip = slips[i];
        c->language = languages[j];
        g_test_add (path, Fixture, c, fixture_set_up, test_slip_round_trip, fixture_tear_down);
      }
  for (gsize i = 0; i < G_N_ELEMENTS (status_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/kiosk/printer/status/%s", status_names[i]);

      g_test_add (path, Fixture, &status_cases[i], fixture_set_up, test_status_answer_decides,
                  fixture_tear_down);
    }
  g_test_add_func ("/kiosk/printer/status/bytes-map-to-states", test_status_bytes_map_to_states);
  g_test_add ("/kiosk/printer/status/unreachable-is-offline", Fixture, NULL, fixture_set_up,
              test_unreachable_printer_is_offline, fixture_tear_down);
  g_test_add ("/kiosk/printer/tcp/job-sent-exactly-once", Fixture, NULL, fixture_set_up,
              test_job_sent_exactly_once, fixture_tear_down);
  g_test_add ("/kiosk/printer/usb/prints-and-reads-status", Fixture, NULL, fixture_set_up,
              test_usb_device, fixture_tear_down);
  g_test_add ("/kiosk/printer/status/polling-sees-faults-and-recovery", Fixture, NULL,
              fixture_set_up, test_polling_sees_faults, fixture_tear_down);
  g_test_add ("/kiosk/printer/queue/bounded-and-cancellable", Fixture, NULL, fixture_set_up,
              test_queue_is_bounded_and_cancellable, fixture_tear_down);
  g_test_add_func ("/kiosk/printer/none-prints-nothing", test_no_printer);
  g_test_add_func ("/kiosk/printer/specs", test_specs);
  g_test_add_func ("/kiosk/printer/slips/test-page-every-glyph-and-code", test_test_page_glyphs);
  g_test_add_func ("/kiosk/printer/raster/dither-only-inside-pictures",
                   test_dither_only_inside_pictures);
  g_test_add ("/kiosk/printer/slips/reprint-is-marked-copy", Fixture, NULL, fixture_set_up,
              test_reprint_is_marked_copy, fixture_tear_down);
  g_test_add ("/kiosk/printer/slips/receipt-of-unpaid-voucher", Fixture, NULL, fixture_set_up,
              test_receipt_of_unpaid_voucher, fixture_tear_down);
  g_test_add ("/kiosk/printer/slips/lease-form-pdf-and-png", Fixture, NULL, fixture_set_up,
              test_slip_pdf_and_png, fixture_tear_down);
  g_test_add ("/kiosk/printer/slips/unknown-reference", Fixture, NULL, fixture_set_up,
              test_slip_unknown_reference, fixture_tear_down);
  return g_test_run ();
}
