/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: a receipt with its QR code from "Finish" to the last byte at the printer:
 * the slip built from the store, laid out, rasterised, encoded and sent through the
 * escpos-tcp driver (status asked first) to the fake printer on 127.0.0.1. Against the
 * floor: the same bytes written on a fresh connection by plain GIO. p50/p99 over N
 * (200 by default), after 5 warm-up prints. */
#define G_LOG_DOMAIN "bench-print"

#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>

#include "kiosk-escpos-test.h"
#include "kiosk-printer.h"
#include "kiosk-receipts.h"
#include "kiosk-services.h"
#include "kiosk-slips.h"
#include "kiosk-test-util.h"

static const KioskPaymentAuth card = { KIOSK_PAYMENT_APPROVED_ONLINE, "123456", "4242" };

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
} Wait;

static void
printed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->ok = kiosk_printer_print_finish (KIOSK_PRINTER (object), result, &error);
  if (!wait->ok)
    g_printerr ("print failed: %s\n", error->message);
  g_main_loop_quit (wait->loop);
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *name,
        GArray     *ms)
{
  g_array_sort (ms, compare);
  printf ("%-34s n=%u p50=%7.2f ms p99=%7.2f ms\n", name, ms->len,
          g_array_index (ms, double, ms->len / 2),
          g_array_index (ms, double, MIN (ms->len - 1, ms->len * 99 / 100)));
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 200;
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autoptr(KioskStore) store = kiosk_test_store_new (dir, TRUE);
  KioskEscposFake *fake = kiosk_escpos_fake_start (KIOSK_ESCPOS_FAKE_READY);
  g_autofree char *spec = g_strdup_printf ("escpos-tcp:127.0.0.1:%u",
                                           kiosk_escpos_fake_get_port (fake));
  g_autoptr(KioskPrinter) printer = kiosk_printer_new_for_spec (spec, NULL);
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) build = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) render = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  gsize bytes = 0;

  n = CLAMP (n, 10, 100000);
  kiosk_slips_bind_catalogues ();
  for (guint i = 0; i < n + 5; i++)
    {
      g_auto(KioskRecordRef) ref = { NULL, NULL };
      g_autoptr(KioskReceipt) receipt = NULL;
      g_autoptr(KioskSlip) slip = NULL;
      g_autoptr(GBytes) escpos = NULL;
      g_autoptr(GError) error = NULL;
      Wait wait = { g_main_loop_new (NULL, FALSE), FALSE };
      gint64 t0, t1, t2, t3;

      if (!kiosk_services_request_parking_permit (store, "1234 AB", "PZ-RUWI", 1, NULL, &card,
                                                  &ref, &error))
        g_error ("%s", error->message);
      /* "Finish": the service is committed, the receipt is read and printed. */
      t0 = g_get_monotonic_time ();
      receipt = kiosk_receipts_get_for_record (store, ref.uuid, &error);
      slip = kiosk_slips_for_receipt (store, receipt, i % 2 ? "en" : "ar",
                                      KIOSK_DIGITS_ARABIC_INDIC, &error);
      t1 = g_get_monotonic_time ();
      kiosk_printer_print_async (printer, slip, NULL, printed_cb, &wait);
      g_main_loop_run (wait.loop);
      g_main_loop_unref (wait.loop);
      t2 = g_get_monotonic_time ();
      if (!wait.ok)
        return 1;

      /* The parts, measured apart: rendering and encoding alone, and the floor. */
      escpos = kiosk_slip_render_escpos (slip, &error);
      t3 = g_get_monotonic_time ();
      {
        g_autoptr(GSocketConnection) connection = NULL;
        gint64 f0 = g_get_monotonic_time ();
        gsize length;
        const guint8 *data = g_bytes_get_data (escpos, &length);

        connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                      kiosk_escpos_fake_get_port (fake), NULL,
                                                      &error);
        g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                   data, length, NULL, NULL, &error);
        g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
        if (i >= 5)
          {
            double f = (g_get_monotonic_time () - f0) / 1000.0;

            g_array_append_val (floor_ms, f);
          }
        bytes = length;
      }
      if (i >= 5)
        {
          double a = (t2 - t0) / 1000.0, b = (t1 - t0) / 1000.0, c = (t3 - t2) / 1000.0;

          g_array_append_val (total, a);
          g_array_append_val (build, b);
          g_array_append_val (render, c);
        }
    }
  kiosk_escpos_fake_stop (fake);

  printf ("receipt with QR, %zu bytes of ESC/POS, Arabic and English alternately\n", bytes);
  report ("finish -> last byte at printer", total);
  report ("  slip built from the store", build);
  report ("  layout + raster + encode alone", render);
  report ("floor: same bytes, plain socket", floor_ms);
  store = (kiosk_store_close (store), NULL);
  kiosk_test_remove_dir (dir);
  return 0;
}
