/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The camera through a real GStreamer pipeline: degraded QR pictures pushed through appsrc
 * and a PNG file through filesrc reach the scanner and come out as payloads; preview frames
 * flow (at camera rate: checked by the `camera` benchmark); photos are bounded JPEGs stored by
 * hash; a missing, wrong, unplugged or stalled camera is a clear error and never a crash. No
 * display needed. */
#define G_LOG_DOMAIN "test-camera"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gst/app/gstappsrc.h>

#include "kiosk-camera.h"
#include "kiosk-error.h"
#include "kiosk-photos.h"
#include "kiosk-qr-synth.h"
#include "kiosk-test-util.h"

/* With KIOSK_BENCH_MIN_FPS set (the `camera` benchmark), the rate measured is checked. */
static void
check_rate (const char *what,
            double      fps)
{
  const char *min = g_getenv ("KIOSK_BENCH_MIN_FPS");

  g_test_message ("%s: %.1f frames a second", what, fps);
  if (min != NULL)
    g_assert_cmpfloat (fps, >=, g_ascii_strtod (min, NULL));
}

typedef struct
{
  GPtrArray *payloads;
  GError    *error;
  guint      frames;
  guint      width;
  guint      height;
  gsize      bytes;
  guint      stride;
  GThread   *thread;
} Events;

static void
events_init (Events *events)
{
  *events = (Events) { .payloads = g_ptr_array_new_with_free_func (g_free) };
}

static void
events_clear (Events *events)
{
  g_ptr_array_unref (events->payloads);
  g_clear_error (&events->error);
}

static void
code_found_cb (KioskScanner *scanner,
               const char   *payload,
               Events       *events)
{
  g_ptr_array_add (events->payloads, g_strdup (payload));
}

static void
frame_ready_cb (KioskCamera *camera,
                GBytes      *rgba,
                guint        width,
                guint        height,
                guint        stride,
                Events      *events)
{
  events->frames++;
  events->width = width;
  events->height = height;
  events->stride = stride;
  events->bytes = g_bytes_get_size (rgba);
  events->thread = g_thread_self ();
}

static void
error_cb (KioskCamera  *camera,
          const GError *error,
          Events       *events)
{
  g_clear_error (&events->error);
  events->error = g_error_copy (error);
}

static gboolean
has_payload (Events     *events,
             const char *payload)
{
  for (guint i = 0; i < events->payloads->len; i++)
    if (g_str_equal (events->payloads->pdata[i], payload))
      return TRUE;
  return FALSE;
}

static void
push_gray_frame (GstElement           *appsrc,
                 const KioskGrayImage *image,
                 guint                 index)
{
  GstBuffer *buffer = gst_buffer_new_memdup (image->pixels, image->stride * image->height);

  GST_BUFFER_PTS (buffer) = index * GST_SECOND / 30;
  GST_BUFFER_DURATION (buffer) = GST_SECOND / 30;
  g_assert_cmpint (gst_app_src_push_buffer (GST_APP_SRC (appsrc), buffer), ==, GST_FLOW_OK);
}

#define APPSRC_GRAY720 \
  "appsrc name=source is-live=true format=time do-timestamp=false " \
  "caps=video/x-raw,format=GRAY8,width=1280,height=720,framerate=30/1"

/* Degraded codes, one kind after another, pushed as 30 fps video through appsrc → decodebin
 * → videoconvert → appsink (GRAY8) → scanner. */
static void
test_appsrc_degraded_frames (void)
{
  KioskCamera *camera = kiosk_camera_new (APPSRC_GRAY720);
  KioskScanner *scanner = kiosk_scanner_new ();
  g_autoptr(GError) error = NULL;
  Events events;
  GstElement *appsrc;
  guint index = 0;
  struct { const char *what; double blur, noise, rotation, perspective, glare, contrast, module;
           gboolean inverted; } cases[] = {
    { "blur",        2.0,  2,   5, 0.02, 0,   180, 4.5, FALSE },
    { "noise",       0.6, 25,  -8, 0.02, 0,   180, 4.5, FALSE },
    { "rotation",    0.6,  3, 160, 0.02, 0,   180, 4.5, FALSE },
    { "perspective", 0.6,  3,  15, 0.30, 0,   180, 4.5, FALSE },
    { "glare",       0.6,  3,   4, 0.02, 0.8, 180, 4.5, FALSE },
    { "contrast",    0.6,  3,   4, 0.02, 0,    45, 4.5, FALSE },
    { "small",       0.5,  2,   4, 0.02, 0,   180, 2.3, FALSE },
    { "inverted",    0.8,  3,  -6, 0.02, 0,   180, 4.5, TRUE },
  };

  events_init (&events);
  kiosk_scanner_set_max_rate (scanner, 30);
  kiosk_camera_set_scanner (camera, scanner);
  g_signal_connect (scanner, "code-found", G_CALLBACK (code_found_cb), &events);
  g_assert_true (kiosk_camera_start (camera, &error));
  g_assert_no_error (error);
  appsrc = gst_bin_get_by_name (GST_BIN (kiosk_camera_get_pipeline (camera)), "source");
  g_assert_nonnull (appsrc);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *payload = g_strdup_printf ("MK1.R.MCT07.RPT-261130-%04u.%s.%s", i,
                                                  cases[i].what,
                                                  "Zr4tWm1LcP7dE9sHfA2gJuQ6iNoRvT5aXyB0kD8eG3h");
      KioskSynthParams params;
      g_autoptr(KioskGrayImage) image = NULL;
      gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      kiosk_synth_params_init (&params);
      params.seed = 100 + i;
      params.blur_sigma = cases[i].blur;
      params.noise_sigma = cases[i].noise;
      params.rotation_deg = cases[i].rotation;
      params.perspective = cases[i].perspective;
      params.glare = cases[i].glare;
      params.contrast = cases[i].contrast;
      params.module_px = cases[i].module;
      params.inverted = cases[i].inverted;
      image = kiosk_synth_qr (payload, &params, 1280, 720, &error);
      g_assert_no_error (error);

      /* The camera keeps sending the same scene until the scanner reads it. */
      while (!has_payload (&events, payload) && g_get_monotonic_time () < deadline)
        {
          push_gray_frame (appsrc, image, index++);
          kiosk_test_iterate_for (33);
        }
      g_test_message ("%s read after %u frames in all", cases[i].what, index);
      g_assert_true (has_payload (&events, payload));
    }
  g_assert_cmpuint (events.payloads->len, ==, G_N_ELEMENTS (cases));
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_RUNNING);

  gst_object_unref (appsrc);
  kiosk_camera_stop (camera);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STOPPED);
  g_assert_finalize_object (camera);
  g_assert_finalize_object (scanner);
  events_clear (&events);
}

/* A photographed code in a PNG file, through filesrc → decodebin (pngdec) → imagefreeze. */
static void
test_file_source (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "notice.png", NULL);
  g_autofree char *source = NULL;
  const char *payload = "MK1.F.0815301.40321 MK.SEEB.2026-11-02.15000.uQ6iNoRvT5aXyB0kD8eG3hM4jS1lC7pUwF2";
  KioskSynthParams params;
  g_autoptr(KioskGrayImage) image = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  KioskCamera *camera;
  KioskScanner *scanner = kiosk_scanner_new ();
  Events events;
  gint64 deadline;

  kiosk_synth_params_init (&params);
  params.rotation_deg = 30;
  params.perspective = 0.15;
  params.blur_sigma = 1.2;
  params.noise_sigma = 6;
  image = kiosk_synth_qr (payload, &params, 1280, 720, &error);
  g_assert_no_error (error);
  png = kiosk_synth_encode (image, 0, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                      &error));

  source = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! imagefreeze is-live=true", path);
  camera = kiosk_camera_new (source);
  events_init (&events);
  kiosk_camera_set_scanner (camera, scanner);
  g_signal_connect (scanner, "code-found", G_CALLBACK (code_found_cb), &events);
  g_signal_connect (camera, "frame-ready", G_CALLBACK (frame_ready_cb), &events);
  g_assert_true (kiosk_camera_start (camera, &error));
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((!has_payload (&events, payload) || events.frames == 0) &&
         g_get_monotonic_time () < deadline)
    kiosk_test_iterate_for (10);
  g_assert_true (has_payload (&events, payload));
  g_assert_cmpuint (events.width, ==, 1280);
  g_assert_cmpuint (events.height, ==, 720);

  kiosk_camera_stop (camera);
  g_assert_finalize_object (camera);
  g_assert_finalize_object (scanner);
  events_clear (&events);
  kiosk_test_remove_dir (dir);
}

/* Preview frames reach the main context (at 15 a second or more under the benchmark), ready
 * for a GdkMemoryTexture: RGBA rows of `stride` bytes. */
static void
test_preview_rate (void)
{
  KioskCamera *camera = kiosk_camera_new ("videotestsrc is-live=true pattern=ball ! "
                                          "video/x-raw,width=1280,height=720,framerate=30/1");
  g_autoptr(GError) error = NULL;
  Events events;
  guint first;
  gint64 start;
  double fps;

  events_init (&events);
  g_signal_connect (camera, "frame-ready", G_CALLBACK (frame_ready_cb), &events);
  g_assert_true (kiosk_camera_start (camera, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STARTING);

  /* Negotiation and the first frames, then 30 more frames reach the main context. */
  KIOSK_TEST_WAIT_UNTIL (kiosk_camera_get_state (camera) == KIOSK_CAMERA_STATE_RUNNING);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_RUNNING);
  first = events.frames;
  start = g_get_monotonic_time ();
  KIOSK_TEST_WAIT_UNTIL (events.frames >= first + 30);
  g_assert_cmpuint (events.frames, >=, first + 30);
  fps = (events.frames - first) / ((g_get_monotonic_time () - start) / 1e6);
  check_rate ("preview", fps);

  g_assert_cmpuint (events.width, ==, 1280);
  g_assert_cmpuint (events.height, ==, 720);
  g_assert_cmpuint (events.stride, >=, 1280 * 4);
  g_assert_cmpuint (events.bytes, >=, (gsize) events.stride * 719 + 1280 * 4);
  g_assert_true (events.thread == g_thread_self ());

  g_assert_finalize_object (camera);
  events_clear (&events);
}

static void
capture_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  char **sha256 = data;
  g_autoptr(GError) error = NULL;

  *sha256 = kiosk_camera_capture_photo_finish (KIOSK_CAMERA (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
jpeg_has_app1 (GBytes *jpeg)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (jpeg, &size);

  for (gsize pos = 2; pos + 4 <= size && data[pos] == 0xFF;)
    {
      guint8 marker = data[pos + 1];
      gsize length = ((gsize) data[pos + 2] << 8) | data[pos + 3];

      if (marker == 0xE1)
        return TRUE;
      if (marker == 0xDA)
        break;
      pos += 2 + length;
    }
  return FALSE;
}

/* A 1920×1080 camera: the photo is 1600×900 at most, JPEG without EXIF, named by its hash. */
static void
test_photo_capture (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  KioskStore *store = kiosk_test_store_new (dir, FALSE);
  KioskCamera *camera = kiosk_camera_new ("videotestsrc is-live=true ! "
                                          "video/x-raw,width=1920,height=1080,framerate=15/1");
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkPixbuf) photo = NULL;
  gsize length;

  g_assert_true (kiosk_camera_start (camera, &error));
  g_assert_no_error (error);
  KIOSK_TEST_WAIT_UNTIL (kiosk_camera_get_state (camera) == KIOSK_CAMERA_STATE_RUNNING);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_RUNNING);

  kiosk_camera_capture_photo_async (camera, store, NULL, capture_done_cb, &sha256);
  while (sha256 == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (kiosk_sha256_is_valid (sha256));
  path = kiosk_photos_path (store, sha256);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  actual = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) contents, length);
  g_assert_cmpstr (actual, ==, sha256);
  bytes = g_bytes_new (contents, length);
  g_assert_false (jpeg_has_app1 (bytes));
  g_assert_cmpuint (length, <=, KIOSK_PHOTO_MAX_BYTES);

  photo = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (photo), ==, 1600);
  g_assert_cmpint (gdk_pixbuf_get_height (photo), ==, 900);

  /* The task's worker thread lets go of the camera a moment after the callback ran. */
  g_object_add_weak_pointer (G_OBJECT (camera), (gpointer *) &camera);
  g_object_unref (camera);
  KIOSK_TEST_WAIT_UNTIL (camera == NULL);
  g_assert_null (camera);
  kiosk_store_close (store);
  kiosk_test_remove_dir (dir);
}

static void
capture_failed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  GError **error = data;
  g_autofree char *sha256 = kiosk_camera_capture_photo_finish (KIOSK_CAMERA (source), result,
                                                                error);

  g_assert_null (sha256);
  g_assert_nonnull (*error);
}

/* The flow asks for a photo when the camera has none: an error, and nothing written. */
static void
test_capture_without_frame (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  KioskStore *store = kiosk_test_store_new (dir, FALSE);
  KioskCamera *camera = kiosk_camera_new ("none");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;

  kiosk_camera_capture_photo_async (camera, store, NULL, capture_failed_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CAMERA);

  files = kiosk_test_list_dir (kiosk_store_get_photo_dir (store));
  g_assert_cmpuint (files->len, ==, 0);

  g_assert_finalize_object (camera);
  kiosk_store_close (store);
  kiosk_test_remove_dir (dir);
}

static void
test_none_is_clear (void)
{
  KioskCamera *camera = kiosk_camera_new ("none");
  g_autoptr(GError) error = NULL;

  g_assert_false (kiosk_camera_start (camera, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NO_CAMERA);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_STOPPED);
  g_assert_null (kiosk_camera_get_latest_frame (camera, NULL, NULL, NULL));
  g_assert_finalize_object (camera);
}

/* The real V4L2 driver, pointed at a device that is not there (this machine has no camera). */
static void
test_missing_device (void)
{
  KioskCamera *camera = kiosk_camera_new ("v4l2src device=/dev/kiosk-test-no-such-camera");
  g_autoptr(GError) error = NULL;

  g_assert_false (kiosk_camera_start (camera, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CAMERA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "not available"));
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_FAILED);
  g_assert_nonnull (kiosk_camera_get_error (camera));
  g_assert_finalize_object (camera);
}

static void
test_bad_description (void)
{
  const char *bad[] = { "kioskno-such-element", "videotestsrc ! ! !", "videotestsrc ! kiosk-no-such-filter" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      KioskCamera *camera = kiosk_camera_new (bad[i]);
      g_autoptr(GError) error = NULL;

      g_assert_false (kiosk_camera_start (camera, &error));
      g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CAMERA);
      g_assert_nonnull (strstr (error->message, "not valid"));
      g_assert_finalize_object (camera);
    }
}

/* A camera unplugged mid-stream: its source posts a resource error, as v4l2src does when the
 * device node vanishes. */
static void
test_unplugged (void)
{
  KioskCamera *camera = kiosk_camera_new (APPSRC_GRAY720);
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskGrayImage) image = kiosk_gray_image_new (1280, 720);
  Events events;
  GstElement *appsrc;
  GError *gone;

  events_init (&events);
  g_signal_connect (camera, "error", G_CALLBACK (error_cb), &events);
  g_signal_connect (camera, "frame-ready", G_CALLBACK (frame_ready_cb), &events);
  g_assert_true (kiosk_camera_start (camera, &error));
  appsrc = gst_bin_get_by_name (GST_BIN (kiosk_camera_get_pipeline (camera)), "source");
  for (guint i = 0; i < 5; i++)
    {
      push_gray_frame (appsrc, image, i);
      kiosk_test_iterate_for (33);
    }
  KIOSK_TEST_WAIT_UNTIL (events.frames > 0 &&
              kiosk_camera_get_state (camera) == KIOSK_CAMERA_STATE_RUNNING);
  g_assert_cmpuint (events.frames, >, 0);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_RUNNING);

  gone = g_error_new_literal (GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
                              "Could not read from resource.");
  g_test_expect_message ("kiosk-camera", G_LOG_LEVEL_MESSAGE, "*unplugged*");
  gst_element_post_message (appsrc, gst_message_new_error (GST_OBJECT (appsrc), gone,
                                                          "device removed"));
  g_error_free (gone);
  KIOSK_TEST_WAIT_UNTIL (events.error != NULL);
  g_test_assert_expected_messages ();

  g_assert_error (events.error, KIOSK_ERROR, KIOSK_ERROR_CAMERA);
  g_assert_nonnull (strstr (events.error->message, "unplugged"));
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_FAILED);

  gst_object_unref (appsrc);
  g_assert_finalize_object (camera);
  events_clear (&events);
}

static void
test_stalled (void)
{
  KioskCamera *camera = kiosk_camera_new (APPSRC_GRAY720);
  g_autoptr(GError) error = NULL;
  Events events;

  events_init (&events);
  kiosk_camera_set_stall_timeout (camera, 300);
  g_signal_connect (camera, "error", G_CALLBACK (error_cb), &events);
  g_assert_true (kiosk_camera_start (camera, &error));
  g_test_expect_message ("kiosk-camera", G_LOG_LEVEL_MESSAGE, "*sends no pictures*");
  KIOSK_TEST_WAIT_UNTIL (events.error != NULL);
  g_test_assert_expected_messages ();
  g_assert_error (events.error, KIOSK_ERROR, KIOSK_ERROR_CAMERA);
  g_assert_cmpint (kiosk_camera_get_state (camera), ==, KIOSK_CAMERA_STATE_FAILED);

  g_assert_finalize_object (camera);
  events_clear (&events);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/kiosk/devices/camera/degraded-codes-through-appsrc-reach-the-scanner",
                   test_appsrc_degraded_frames);
  g_test_add_func ("/kiosk/devices/camera/png-through-filesrc-reaches-the-scanner",
                   test_file_source);
  g_test_add_func ("/kiosk/devices/camera/preview-frames-reach-the-main-context", test_preview_rate);
  g_test_add_func ("/kiosk/devices/camera/photo-is-bounded-jpeg-without-exif-stored-by-hash",
                   test_photo_capture);
  g_test_add_func ("/kiosk/devices/camera/photo-without-a-frame-is-an-error",
                   test_capture_without_frame);
  g_test_add_func ("/kiosk/devices/camera/none-is-a-clear-error", test_none_is_clear);
  g_test_add_func ("/kiosk/devices/camera/missing-device-is-a-clear-error", test_missing_device);
  g_test_add_func ("/kiosk/devices/camera/bad-source-is-a-clear-error", test_bad_description);
  g_test_add_func ("/kiosk/devices/camera/unplugged-mid-stream-fails-cleanly", test_unplugged);
  g_test_add_func ("/kiosk/devices/camera/stalled-source-fails-cleanly", test_stalled);

  int status = g_test_run ();
  gst_deinit ();
  return status;
}
