/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scanner's worker: payloads announced on the main context, the newest frame only (a slow
 * decode drops frames instead of queueing them, so memory stays bounded), a bounded rate, and
 * one announcement for a code held in front of the camera. */
#define G_LOG_DOMAIN "test-scanner"

#include "config.h"

#include "kiosk-qr-synth.h"
#include "kiosk-scanner.h"

#define PAYLOAD "MK1.F.0004711.12345 AB.MUSCAT.2026-11-14.10000.Qx9v3Jr6Tb0sWn2Lm8Kd4Hf7Gp1Zc5Ya3Eu9Ri6Oq"

static GBytes *
frame_bytes (const char *payload,
             guint      *width,
             guint      *height)
{
  KioskSynthParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskGrayImage) image = NULL;

  kiosk_synth_params_init (&params);
  image = kiosk_synth_qr (payload, &params, 1280, 720, &error);
  g_assert_no_error (error);
  *width = image->width;
  *height = image->height;
  return g_bytes_new (image->pixels, image->stride * image->height);
}

typedef struct
{
  GPtrArray *payloads;
  GThread   *thread;
} Found;

static void
code_found_cb (KioskScanner *scanner,
               const char   *payload,
               Found        *found)
{
  g_ptr_array_add (found->payloads, g_strdup (payload));
  found->thread = g_thread_self ();
}

static void
wait_until (gboolean (*done) (gpointer),
            gpointer   data,
            guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

static gboolean
found_one (gpointer data)
{
  return ((Found *) data)->payloads->len > 0;
}

static void
test_announces_on_main_context (void)
{
  KioskScanner *scanner = kiosk_scanner_new ();
  Found found = { g_ptr_array_new_with_free_func (g_free), NULL };
  g_autoptr(GBytes) frame = NULL;
  guint width, height;

  g_signal_connect (scanner, "code-found", G_CALLBACK (code_found_cb), &found);
  frame = frame_bytes (PAYLOAD, &width, &height);
  g_assert_true (kiosk_scanner_push_frame (scanner, frame, width, height, width));
  wait_until (found_one, &found, 5000);

  g_assert_cmpuint (found.payloads->len, ==, 1);
  g_assert_cmpstr (found.payloads->pdata[0], ==, PAYLOAD);
  g_assert_true (found.thread == g_thread_self ());
  g_assert_cmpuint (kiosk_scanner_get_frames_decoded (scanner), ==, 1);

  g_ptr_array_unref (found.payloads);
  g_assert_finalize_object (scanner);
}

static void
test_repeat_announced_once (void)
{
  KioskScanner *scanner = kiosk_scanner_new ();
  Found found = { g_ptr_array_new_with_free_func (g_free), NULL };
  g_autoptr(GBytes) frame = NULL;
  guint width, height;

  kiosk_scanner_set_max_rate (scanner, 60);
  g_signal_connect (scanner, "code-found", G_CALLBACK (code_found_cb), &found);
  frame = frame_bytes (PAYLOAD, &width, &height);

  /* The same code in front of the camera for a while: decoded again and again, told once. */
  for (guint i = 0; i < 5; i++)
    {
      guint before = kiosk_scanner_get_frames_decoded (scanner);
      gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      g_assert_true (kiosk_scanner_push_frame (scanner, frame, width, height, width));
      while (kiosk_scanner_get_frames_decoded (scanner) == before &&
             g_get_monotonic_time () < deadline)
        g_usleep (1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_cmpuint (kiosk_scanner_get_frames_decoded (scanner), ==, 5);
  /* Deliveries may still be in flight: let them land before counting. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_cmpuint (found.payloads->len, ==, 1);

  g_ptr_array_unref (found.payloads);
  g_assert_finalize_object (scanner);
}

/* Counts the frames the scanner still holds: each frame's bytes decrement on release. */
static gint live_frames;
static gint peak_live_frames;

static void
frame_released (gpointer data)
{
  g_atomic_int_add (&live_frames, -1);
  g_free (data);
}

static GBytes *
tracked_frame (const guint8 *pixels,
               gsize         size)
{
  int now = g_atomic_int_add (&live_frames, 1) + 1;
  guint8 *copy = g_memdup2 (pixels, size);
  int peak;

  while ((peak = g_atomic_int_get (&peak_live_frames)) < now &&
         !g_atomic_int_compare_and_exchange (&peak_live_frames, peak, now))
    ;
  return g_bytes_new_with_free_func (copy, size, frame_released, copy);
}

static void
test_slow_decode_drops_frames (void)
{
  KioskScanner *scanner = kiosk_scanner_new ();
  guint width = 2048, height = 2048;
  gsize size = (gsize) width * height;
  g_autofree guint8 *pixels = g_malloc (size);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  guint offered = 60;
  guint decoded, dropped;

  /* A huge noise frame: every pass runs and finds nothing, far slower than frames arrive. */
  for (gsize i = 0; i < size; i++)
    pixels[i] = (guint8) g_rand_int_range (rand, 0, 256);
  kiosk_scanner_set_max_rate (scanner, 60);

  for (guint i = 0; i < offered; i++)
    {
      GBytes *frame = tracked_frame (pixels, size);
      /* The bytes are shared by the caller and the scanner until it lets go. */
      g_assert_true (kiosk_scanner_push_frame (scanner, frame, width, height, width));
      g_bytes_unref (frame);
      g_usleep (2000);
    }
  decoded = kiosk_scanner_get_frames_decoded (scanner);
  dropped = kiosk_scanner_get_frames_dropped (scanner);
  g_test_message ("offered %u, decoded %u, dropped %u, peak frames held %d", offered, decoded,
                  dropped, peak_live_frames);

  g_assert_cmpuint (kiosk_scanner_get_frames_offered (scanner), ==, offered);
  g_assert_cmpuint (decoded, <, offered / 4);
  /* Every frame not decoded (bar one waiting or being decoded) was dropped, not queued. */
  g_assert_cmpuint (dropped + decoded + 2, >=, offered);
  /* Memory: one frame in the scanner, waiting or being decoded, never more (+1 for the one
   * in the caller's hand). */
  g_assert_cmpint (peak_live_frames, <=, 2);

  g_assert_finalize_object (scanner);
  g_assert_cmpint (g_atomic_int_get (&live_frames), ==, 0);
}

static void
test_rate_is_bounded (void)
{
  KioskScanner *scanner = kiosk_scanner_new ();
  guint width = 320, height = 240;
  g_autoptr(GBytes) frame = g_bytes_new_take (g_malloc0 ((gsize) width * height),
                                              (gsize) width * height);
  gint64 start = g_get_monotonic_time ();
  double seconds;
  guint decoded;

  kiosk_scanner_set_max_rate (scanner, 5);
  g_assert_cmpfloat_with_epsilon (kiosk_scanner_get_max_rate (scanner), 5, 0.01);
  /* 200 small frames a second for a second: cheap to decode, so only the limit holds it back. */
  while (g_get_monotonic_time () - start < G_USEC_PER_SEC)
    {
      g_assert_true (kiosk_scanner_push_frame (scanner, frame, width, height, width));
      g_usleep (5000);
    }
  seconds = (g_get_monotonic_time () - start) / 1e6;
  decoded = kiosk_scanner_get_frames_decoded (scanner);
  g_test_message ("%u decodes in %.2f s at 5/s", decoded, seconds);
  g_assert_cmpuint (decoded, >=, 3);
  g_assert_cmpuint (decoded, <=, (guint) (seconds * 5) + 1);

  g_assert_finalize_object (scanner);
}

static void
test_rejects_bad_sizes (void)
{
  KioskScanner *scanner = kiosk_scanner_new ();
  g_autoptr(GBytes) small = g_bytes_new_take (g_malloc0 (100), 100);

  g_assert_false (kiosk_scanner_push_frame (scanner, small, 20, 10, 10));   /* stride < width */
  g_assert_false (kiosk_scanner_push_frame (scanner, small, 10, 11, 10));   /* too few bytes */
  g_assert_false (kiosk_scanner_push_frame (scanner, small, 0, 10, 10));
  g_assert_false (kiosk_scanner_push_frame (scanner, small, 100000, 1, 100000));
  g_assert_true (kiosk_scanner_push_frame (scanner, small, 10, 10, 10));
  g_assert_cmpuint (kiosk_scanner_get_frames_offered (scanner), ==, 1);

  g_assert_finalize_object (scanner);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/devices/scanner/announces-codes-on-the-main-context",
                   test_announces_on_main_context);
  g_test_add_func ("/kiosk/devices/scanner/a-code-held-up-is-announced-once",
                   test_repeat_announced_once);
  g_test_add_func ("/kiosk/devices/scanner/slow-decode-drops-frames-memory-bounded",
                   test_slow_decode_drops_frames);
  g_test_add_func ("/kiosk/devices/scanner/decode-rate-is-bounded", test_rate_is_bounded);
  g_test_add_func ("/kiosk/devices/scanner/refuses-frames-whose-sizes-lie",
                   test_rejects_bad_sizes);

  return g_test_run ();
}
