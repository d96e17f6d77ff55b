/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The camera pipeline: source → decodebin → tee → RGBA appsink (preview, photos) and GRAY8
 * appsink (scanner). Streaming threads only swap pointers under a lock; the main context
 * hears about frames through one pending idle source at most, so a busy UI sees the newest
 * frame, never a backlog. */
#define G_LOG_DOMAIN "kiosk-camera"

#include "config.h"

#include "kiosk-camera.h"

#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "kiosk-error.h"
#include "kiosk-photo-capture.h"

struct _KioskCamera
{
  GObject           parent_instance;

  char             *source;
  GMainContext     *context;
  GstElement       *pipeline;
  guint             bus_watch;
  guint             stall_timer;
  guint             stall_ms;
  KioskCameraState  state;
  GError           *error;

  /* Under `lock`: written by the streaming threads. */
  GMutex            lock;
  GstSample        *latest;        /* newest RGBA sample */
  GSource          *frame_source;  /* pending announcement of `latest` */
  KioskScanner     *scanner;
  gint64            last_frame_time;
  guint             frames_shown;
};

enum
{
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum
{
  SIGNAL_FRAME_READY,
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_ENUM_TYPE (KioskCameraState, kiosk_camera_state,
                    G_DEFINE_ENUM_VALUE (KIOSK_CAMERA_STATE_STOPPED, "stopped"),
                    G_DEFINE_ENUM_VALUE (KIOSK_CAMERA_STATE_STARTING, "starting"),
                    G_DEFINE_ENUM_VALUE (KIOSK_CAMERA_STATE_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (KIOSK_CAMERA_STATE_FAILED, "failed"))

G_DEFINE_FINAL_TYPE (KioskCamera, kiosk_camera, G_TYPE_OBJECT)

static void
set_state (KioskCamera      *self,
           KioskCameraState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Keeps the mapped buffer (and its sample) alive as long as the GBytes that shows it. */
typedef struct
{
  GstSample  *sample;
  GstMapInfo  map;
} MappedFrame;

static void
mapped_frame_free (gpointer data)
{
  MappedFrame *frame = data;

  gst_buffer_unmap (gst_sample_get_buffer (frame->sample), &frame->map);
  gst_sample_unref (frame->sample);
  g_free (frame);
}

static GBytes *
sample_to_bytes (GstSample *sample,
                 guint     *width,
                 guint     *height,
                 gsize     *stride)
{
  GstVideoInfo info;
  MappedFrame *frame;
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstCaps *caps = gst_sample_get_caps (sample);
  GstVideoMeta *meta;

  if (buffer == NULL || caps == NULL || !gst_video_info_from_caps (&info, caps))
    return NULL;
  frame = g_new0 (MappedFrame, 1);
  if (!gst_buffer_map (buffer, &frame->map, GST_MAP_READ))
    {
      g_free (frame);
      return NULL;
    }
  frame->sample = gst_sample_ref (sample);
  *width = GST_VIDEO_INFO_WIDTH (&info);
  *height = GST_VIDEO_INFO_HEIGHT (&info);
  *stride = GST_VIDEO_INFO_PLANE_STRIDE (&info, 0);
  /* Elements that pad their rows say so in a meta rather than in the caps. */
  meta = gst_buffer_get_video_meta (buffer);
  if (meta != NULL)
    *stride = meta->stride[0];
  if (frame->map.size < *stride * (*height - 1) + *width)
    {
      mapped_frame_free (frame);
      return NULL;
    }
  return g_bytes_new_with_free_func (frame->map.data, frame->map.size, mapped_frame_free, frame);
}

static gboolean
frame_ready_cb (gpointer data)
{
  KioskCamera *self = data;
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint width = 0, height = 0;
  gsize stride = 0;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->frame_source, g_source_unref);
  if (self->latest != NULL)
    sample = gst_sample_ref (self->latest);
  g_mutex_unlock (&self->lock);

  if (self->state == KIOSK_CAMERA_STATE_STARTING)
    set_state (self, KIOSK_CAMERA_STATE_RUNNING);
  if (sample != NULL)
    bytes = sample_to_bytes (sample, &width, &height, &stride);
  if (bytes != NULL)
    {
      g_mutex_lock (&self->lock);
      self->frames_shown++;
      g_mutex_unlock (&self->lock);
      g_signal_emit (self, signals[SIGNAL_FRAME_READY], 0, bytes, width, height, (guint) stride);
    }
  return G_SOURCE_REMOVE;
}

static GstFlowReturn
preview_sample_cb (GstAppSink *sink,
                   gpointer    data)
{
  KioskCamera *self = data;
  GstSample *sample = gst_app_sink_pull_sample (sink);

  if (sample == NULL)
    return GST_FLOW_EOS;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->latest, gst_sample_unref);
  self->latest = sample;
  self->last_frame_time = g_get_monotonic_time ();
  if (self->frame_source == NULL)
    {
      self->frame_source = g_idle_source_new ();
      g_source_set_priority (self->frame_source, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->frame_source, frame_ready_cb, self, NULL);
      g_source_attach (self->frame_source, self->context);
    }
  g_mutex_unlock (&self->lock);
  return GST_FLOW_OK;
}

static GstFlowReturn
scan_sample_cb (GstAppSink *sink,
                gpointer    data)
{
  KioskCamera *self = data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr(KioskScanner) scanner = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint width, height;
  gsize stride;

  if (sample == NULL)
    return GST_FLOW_EOS;
  g_mutex_lock (&self->lock);
  if (self->scanner != NULL)
    scanner = g_object_ref (self->scanner);
  g_mutex_unlock (&self->lock);
  if (scanner == NULL)
    return GST_FLOW_OK;

  bytes = sample_to_bytes (sample, &width, &height, &stride);
  if (bytes != NULL)
    kiosk_scanner_push_frame (scanner, bytes, width, height, stride);
  return GST_FLOW_OK;
}

static void
fail (KioskCamera *self,
      GError      *error)
{
  g_clear_error (&self->error);
  self->error = error;
  /* An operational event, not a bug: logged as a message (a warning is fatal in tests and is
   * kept for programming errors). */
  g_message ("camera: %s", error->message);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_handle_id (&self->stall_timer, g_source_remove);
  set_state (self, KIOSK_CAMERA_STATE_FAILED);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, self->error);
}

static GError *
camera_error_from_message (GstMessage *message)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("camera error details: %s", debug ? debug : "(none)");
  /* A device that vanishes mid-stream reports a read or open failure on its resource. */
  if (gst_error->domain == GST_RESOURCE_ERROR)
    return g_error_new (KIOSK_ERROR, KIOSK_ERROR_CAMERA,
                        "The camera is not available (unplugged or not working): %s",
                        gst_error->message);
  return g_error_new (KIOSK_ERROR, KIOSK_ERROR_CAMERA, "The camera stopped: %s",
                      gst_error->message);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    data)
{
  KioskCamera *self = data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      if (self->state != KIOSK_CAMERA_STATE_FAILED)
        fail (self, camera_error_from_message (message));
      break;
    case GST_MESSAGE_EOS:
      /* A file or appsrc source that has no more pictures; a real camera never ends. */
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_handle_id (&self->stall_timer, g_source_remove);
      set_state (self, KIOSK_CAMERA_STATE_STOPPED);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
stall_cb (gpointer data)
{
  KioskCamera *self = data;
  gint64 last;

  g_mutex_lock (&self->lock);
  last = self->last_frame_time;
  g_mutex_unlock (&self->lock);

  if (g_get_monotonic_time () - last > (gint64) self->stall_ms * 1000)
    {
      self->stall_timer = 0;
      fail (self, g_error_new (KIOSK_ERROR, KIOSK_ERROR_CAMERA,
                               "The camera sends no pictures (unplugged or not working)"));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
teardown (KioskCamera *self)
{
  if (self->pipeline != NULL)
    {
      /* Joins the streaming threads: no callback runs after this. */
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      if (self->bus_watch != 0)
        {
          GstBus *bus = gst_element_get_bus (self->pipeline);
          gst_bus_remove_watch (bus);
          gst_object_unref (bus);
          self->bus_watch = 0;
        }
      gst_clear_object (&self->pipeline);
    }
  g_clear_handle_id (&self->stall_timer, g_source_remove);

  g_mutex_lock (&self->lock);
  if (self->frame_source != NULL)
    {
      g_source_destroy (self->frame_source);
      g_clear_pointer (&self->frame_source, g_source_unref);
    }
  g_mutex_unlock (&self->lock);
}

static void
kiosk_camera_dispose (GObject *object)
{
  KioskCamera *self = KIOSK_CAMERA (object);

  teardown (self);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->latest, gst_sample_unref);
  g_clear_object (&self->scanner);
  g_mutex_unlock (&self->lock);

  G_OBJECT_CLASS (kiosk_camera_parent_class)->dispose (object);
}

static void
kiosk_camera_finalize (GObject *object)
{
  KioskCamera *self = KIOSK_CAMERA (object);

  g_free (self->source);
  g_clear_error (&self->error);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kiosk_camera_parent_class)->finalize (object);
}

static void
kiosk_camera_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KioskCamera *self = KIOSK_CAMERA (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_camera_class_init (KioskCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_camera_dispose;
  object_class->finalize = kiosk_camera_finalize;
  object_class->get_property = kiosk_camera_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, KIOSK_TYPE_CAMERA_STATE, KIOSK_CAMERA_STATE_STOPPED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KioskCamera::frame-ready:
   * @rgba: the frame's pixels, 4 bytes a pixel (what GdkMemoryTexture takes as
   *   GDK_MEMORY_R8G8B8A8)
   * @width: @height: @stride: its size and row length in bytes
   */
  signals[SIGNAL_FRAME_READY] =
    g_signal_new ("frame-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 4, G_TYPE_BYTES, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
  /**
   * KioskCamera::error:
   * @error: what went wrong, in the KIOSK_ERROR domain
   *
   * The camera stopped working; the flow goes on without it.
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
kiosk_camera_init (KioskCamera *self)
{
  g_mutex_init (&self->lock);
  self->stall_ms = KIOSK_CAMERA_DEFAULT_STALL_MS;
}

KioskCamera *
kiosk_camera_new (const char *source)
{
  KioskCamera *self;

  g_return_val_if_fail (source != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_CAMERA, NULL);
  self->source = g_strstrip (g_strdup (source));
  self->context = g_main_context_ref_thread_default ();
  return self;
}

static char *
pipeline_description (const char *source)
{
  /* The sinks never wait on the clock: a camera is live and paces itself, and a file source
   * for demos and tests must be made live too ("imagefreeze is-live=true"), or it runs as fast
   * as the CPU allows. A bare v4l2src is asked for MJPEG first (a USB camera's only way to 720p at 30 fps over
   * USB 2), then YUYV, then whatever raw it has; decodebin turns MJPEG into raw and passes raw
   * through. */
  const char *caps = "";

  if (g_str_has_prefix (source, "v4l2src") && strchr (source, '!') == NULL)
    caps = " ! image/jpeg;video/x-raw,format=YUY2;video/x-raw";

  return g_strdup_printf ("%s%s ! decodebin ! tee name=kiosk_tee "
                          "kiosk_tee. ! queue leaky=downstream max-size-buffers=1 "
                          "max-size-bytes=0 max-size-time=0 ! videoconvert ! "
                          "video/x-raw,format=RGBA ! appsink name=kiosk_preview max-buffers=1 "
                          "drop=true sync=false "
                          "kiosk_tee. ! queue leaky=downstream max-size-buffers=1 "
                          "max-size-bytes=0 max-size-time=0 ! videoconvert ! "
                          "video/x-raw,format=GRAY8 ! appsink name=kiosk_scan max-buffers=1 "
                          "drop=true sync=false",
                          source, caps);
}

gboolean
kiosk_camera_start (KioskCamera  *self,
                    GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  GstAppSinkCallbacks preview = { .new_sample = preview_sample_cb };
  GstAppSinkCallbacks scan = { .new_sample = scan_sample_cb };
  GstElement *sink;
  GstBus *bus;

  g_return_val_if_fail (KIOSK_IS_CAMERA (self), FALSE);

  if (self->pipeline != NULL)
    return TRUE;
  g_clear_error (&self->error);

  if (g_ascii_strcasecmp (self->source, "none") == 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NO_CAMERA, "This kiosk has no camera");
      return FALSE;
    }
  if (!gst_init_check (NULL, NULL, &local_error))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CAMERA, "GStreamer cannot start: %s",
                   local_error->message);
      return FALSE;
    }

  description = pipeline_description (self->source);
  pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &local_error);
  if (pipeline == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CAMERA,
                   "The camera source “%s” is not valid: %s", self->source,
                   local_error->message);
      return FALSE;
    }
  gst_object_ref_sink (pipeline);

  sink = gst_bin_get_by_name (GST_BIN (pipeline), "kiosk_preview");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &preview, self, NULL);
  gst_object_unref (sink);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "kiosk_scan");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &scan, self, NULL);
  gst_object_unref (sink);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) message = NULL;

      bus = gst_element_get_bus (pipeline);
      message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      gst_object_unref (bus);
      gst_element_set_state (pipeline, GST_STATE_NULL);
      if (message != NULL)
        {
          GError *camera_error = camera_error_from_message (message);
          g_propagate_error (error, camera_error);
        }
      else
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CAMERA, "The camera cannot start");
      g_clear_error (&self->error);
      self->error = g_error_copy (*error);
      set_state (self, KIOSK_CAMERA_STATE_FAILED);
      return FALSE;
    }

  self->pipeline = g_steal_pointer (&pipeline);
  bus = gst_element_get_bus (self->pipeline);
  {
    /* The watch belongs on the camera's context, whichever thread starts it. */
    GSource *watch = gst_bus_create_watch (bus);
    g_source_set_callback (watch, G_SOURCE_FUNC (bus_cb), self, NULL);
    self->bus_watch = g_source_attach (watch, self->context);
    g_source_unref (watch);
  }
  gst_object_unref (bus);

  g_mutex_lock (&self->lock);
  self->last_frame_time = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);
  {
    GSource *timer = g_timeout_source_new (MAX (self->stall_ms / 4, 50u));
    g_source_set_callback (timer, stall_cb, self, NULL);
    self->stall_timer = g_source_attach (timer, self->context);
    g_source_unref (timer);
  }
  set_state (self, KIOSK_CAMERA_STATE_STARTING);
  return TRUE;
}

void
kiosk_camera_stop (KioskCamera *self)
{
  g_return_if_fail (KIOSK_IS_CAMERA (self));

  teardown (self);
  if (self->state != KIOSK_CAMERA_STATE_FAILED)
    set_state (self, KIOSK_CAMERA_STATE_STOPPED);
}

KioskCameraState
kiosk_camera_get_state (KioskCamera *self)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA (self), KIOSK_CAMERA_STATE_FAILED);
  return self->state;
}

const GError *
kiosk_camera_get_error (KioskCamera *self)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA (self), NULL);
  return self->error;
}

GstElement *
kiosk_camera_get_pipeline (KioskCamera *self)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA (self), NULL);
  return self->pipeline;
}

void
kiosk_camera_set_scanner (KioskCamera  *self,
                          KioskScanner *scanner)
{
  g_return_if_fail (KIOSK_IS_CAMERA (self));

  g_mutex_lock (&self->lock);
  g_set_object (&self->scanner, scanner);
  g_mutex_unlock (&self->lock);
}

void
kiosk_camera_set_stall_timeout (KioskCamera *self,
                                guint        msec)
{
  g_return_if_fail (KIOSK_IS_CAMERA (self));
  self->stall_ms = MAX (msec, 100u);
}

GBytes *
kiosk_camera_get_latest_frame (KioskCamera *self,
                               guint       *width,
                               guint       *height,
                               gsize       *stride)
{
  g_autoptr(GstSample) sample = NULL;

  g_return_val_if_fail (KIOSK_IS_CAMERA (self), NULL);

  g_mutex_lock (&self->lock);
  if (self->latest != NULL)
    sample = gst_sample_ref (self->latest);
  g_mutex_unlock (&self->lock);
  if (sample == NULL)
    return NULL;
  return sample_to_bytes (sample, width, height, stride);
}

guint
kiosk_camera_get_frames_shown (KioskCamera *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->frames_shown;
  g_mutex_unlock (&self->lock);
  return n;
}

typedef struct
{
  KioskStore *store;
  GBytes     *rgba;
  guint       width;
  guint       height;
  gsize       stride;
} CaptureData;

static void
capture_data_free (gpointer data)
{
  CaptureData *capture = data;

  g_bytes_unref (capture->rgba);
  g_free (capture);
}

static void
capture_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CaptureData *capture = task_data;
  GError *error = NULL;
  char *sha256;

  /* Only files are touched here (kiosk_photos_write never uses the database connection), so
   * the encode and the fsync stay off the UI thread. */
  sha256 = kiosk_photo_capture_store (capture->store, g_bytes_get_data (capture->rgba, NULL),
                                      capture->width, capture->height, capture->stride, &error);
  if (sha256 == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sha256, g_free);
}

void
kiosk_camera_capture_photo_async (KioskCamera         *self,
                                  KioskStore          *store,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CaptureData *capture;
  g_autoptr(GBytes) rgba = NULL;
  guint width = 0, height = 0;
  gsize stride = 0;

  g_return_if_fail (KIOSK_IS_CAMERA (self));
  g_return_if_fail (store != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_camera_capture_photo_async);

  rgba = kiosk_camera_get_latest_frame (self, &width, &height, &stride);
  if (rgba == NULL)
    {
      g_task_return_new_error (task, KIOSK_ERROR, KIOSK_ERROR_CAMERA,
                               "The camera has no picture to take");
      return;
    }
  capture = g_new0 (CaptureData, 1);
  capture->store = store;
  capture->rgba = g_steal_pointer (&rgba);
  capture->width = width;
  capture->height = height;
  capture->stride = stride;
  g_task_set_task_data (task, capture, capture_data_free);
  g_task_run_in_thread (task, capture_thread);
}

char *
kiosk_camera_capture_photo_finish (KioskCamera   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
