/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scanner's worker thread, its one-frame mailbox and its rate limit: it holds one frame at
 * most, waiting or being decoded. */
#define G_LOG_DOMAIN "kiosk-scanner"

#include "config.h"

#include "kiosk-scanner.h"

#include "kiosk-gray-image.h"
#include "kiosk-qr-decoder.h"

/* What the worker's deliveries hold on to: the scanner may be gone by the time a delivery
 * runs on the main context, and then it finds NULL here. */
typedef struct
{
  gatomicrefcount  refs;
  GMutex           lock;
  KioskScanner    *scanner;
} Link;

struct _KioskScanner
{
  GObject       parent_instance;

  GMainContext *context;
  GThread      *thread;
  Link         *link;

  /* Under `lock`: the mailbox and what the worker reads. */
  GMutex        lock;
  GCond         cond;
  gboolean      stopping;
  gboolean      decoding;     /* the worker holds a frame: the mailbox takes none meanwhile */
  GBytes       *pending;
  guint         pending_width;
  guint         pending_height;
  gsize         pending_stride;
  gint64        min_interval_us;

  gint          offered;
  gint          decoded;
  gint          dropped;

  /* Main context only. */
  GHashTable   *recent;       /* payload → monotonic time last announced */
  guint         repeat_ms;
};

enum
{
  SIGNAL_CODE_FOUND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KioskScanner, kiosk_scanner, G_TYPE_OBJECT)

static Link *
link_ref (Link *link)
{
  g_atomic_ref_count_inc (&link->refs);
  return link;
}

static void
link_unref (Link *link)
{
  if (g_atomic_ref_count_dec (&link->refs))
    {
      g_mutex_clear (&link->lock);
      g_free (link);
    }
}

typedef struct
{
  Link      *link;
  GPtrArray *payloads;
} Delivery;

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  link_unref (delivery->link);
  g_ptr_array_unref (delivery->payloads);
  g_free (delivery);
}

static gboolean
deliver_cb (gpointer data)
{
  Delivery *delivery = data;
  g_autoptr(KioskScanner) self = NULL;
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&delivery->link->lock);
  if (delivery->link->scanner != NULL)
    self = g_object_ref (delivery->link->scanner);
  g_mutex_unlock (&delivery->link->lock);
  if (self == NULL)
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < delivery->payloads->len; i++)
    {
      const char *payload = delivery->payloads->pdata[i];
      gpointer last;

      /* A code held in front of the camera is decoded ten times a second; the flow wants to
       * hear about it once. */
      if (self->repeat_ms > 0 && g_hash_table_lookup_extended (self->recent, payload, NULL, &last) &&
          now - *(gint64 *) last < (gint64) self->repeat_ms * 1000)
        continue;
      g_hash_table_insert (self->recent, g_strdup (payload), g_memdup2 (&now, sizeof now));
      g_signal_emit (self, signals[SIGNAL_CODE_FOUND], 0, payload);
    }

  /* Forget what has not been seen for a while, so the table stays small. */
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->recent);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      if (now - *(gint64 *) value > MAX ((gint64) self->repeat_ms * 1000, G_USEC_PER_SEC))
        g_hash_table_iter_remove (&iter);
  }
  return G_SOURCE_REMOVE;
}

static gpointer
worker (gpointer data)
{
  KioskScanner *self = data;
  g_autoptr(KioskQrDecoder) decoder = kiosk_qr_decoder_new ();
  gint64 next = 0;

  kiosk_qr_decoder_set_video (decoder, TRUE);

  for (;;)
    {
      g_autoptr(GBytes) frame = NULL;
      g_autoptr(GPtrArray) payloads = NULL;
      guint width, height;
      gsize stride;

      g_mutex_lock (&self->lock);
      /* The rate limit: during the pause, newer frames replace older ones in the mailbox. */
      while (!self->stopping && g_get_monotonic_time () < next)
        g_cond_wait_until (&self->cond, &self->lock, next);
      while (!self->stopping && self->pending == NULL)
        g_cond_wait (&self->cond, &self->lock);
      if (self->stopping)
        {
          g_mutex_unlock (&self->lock);
          break;
        }
      frame = g_steal_pointer (&self->pending);
      width = self->pending_width;
      height = self->pending_height;
      stride = self->pending_stride;
      next = g_get_monotonic_time () + self->min_interval_us;
      self->decoding = TRUE;
      g_mutex_unlock (&self->lock);

      payloads = kiosk_qr_decoder_decode_gray8 (decoder, g_bytes_get_data (frame, NULL), width,
                                                height, stride, NULL);
      g_clear_pointer (&frame, g_bytes_unref);
      g_mutex_lock (&self->lock);
      self->decoding = FALSE;
      g_mutex_unlock (&self->lock);
      g_atomic_int_inc (&self->decoded);

      if (payloads->len > 0)
        {
          Delivery *delivery = g_new0 (Delivery, 1);
          GSource *source = g_idle_source_new ();

          delivery->link = link_ref (self->link);
          delivery->payloads = g_steal_pointer (&payloads);
          /* Always a source, never g_main_context_invoke (): that would run the callback
           * right here in the worker when no thread happens to own the context. */
          g_source_set_priority (source, G_PRIORITY_DEFAULT);
          g_source_set_callback (source, deliver_cb, delivery, delivery_free);
          g_source_attach (source, self->context);
          g_source_unref (source);
        }
    }
  return NULL;
}

static void
kiosk_scanner_dispose (GObject *object)
{
  KioskScanner *self = KIOSK_SCANNER (object);

  if (self->thread != NULL)
    {
      g_mutex_lock (&self->lock);
      self->stopping = TRUE;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  if (self->link != NULL)
    {
      g_mutex_lock (&self->link->lock);
      self->link->scanner = NULL;
      g_mutex_unlock (&self->link->lock);
      g_clear_pointer (&self->link, link_unref);
    }
  g_clear_pointer (&self->pending, g_bytes_unref);

  G_OBJECT_CLASS (kiosk_scanner_parent_class)->dispose (object);
}

static void
kiosk_scanner_finalize (GObject *object)
{
  KioskScanner *self = KIOSK_SCANNER (object);

  g_hash_table_unref (self->recent);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (kiosk_scanner_parent_class)->finalize (object);
}

static void
kiosk_scanner_class_init (KioskScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_scanner_dispose;
  object_class->finalize = kiosk_scanner_finalize;

  /**
   * KioskScanner::code-found:
   * @payload: the QR code's text (UTF-8), not yet checked in any way
   *
   * A code was decoded, on the main context that made the scanner.
   */
  signals[SIGNAL_CODE_FOUND] =
    g_signal_new ("code-found", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kiosk_scanner_init (KioskScanner *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_ref_thread_default ();
  self->recent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->repeat_ms = 3000;
  self->min_interval_us = (gint64) (G_USEC_PER_SEC / KIOSK_SCANNER_DEFAULT_RATE);

  self->link = g_new0 (Link, 1);
  g_atomic_ref_count_init (&self->link->refs);
  g_mutex_init (&self->link->lock);
  self->link->scanner = self;

  self->thread = g_thread_new ("kiosk-scanner", worker, self);
}

KioskScanner *
kiosk_scanner_new (void)
{
  return g_object_new (KIOSK_TYPE_SCANNER, NULL);
}

gboolean
kiosk_scanner_push_frame (KioskScanner *self,
                          GBytes       *gray8,
                          guint         width,
                          guint         height,
                          gsize         stride)
{
  g_autoptr(GBytes) replaced = NULL;

  g_return_val_if_fail (KIOSK_IS_SCANNER (self), FALSE);
  g_return_val_if_fail (gray8 != NULL, FALSE);

  if (width == 0 || height == 0 || width > KIOSK_GRAY_IMAGE_MAX_SIDE ||
      height > KIOSK_GRAY_IMAGE_MAX_SIDE || stride < width ||
      g_bytes_get_size (gray8) < stride * (height - 1) + width)
    return FALSE;

  g_atomic_int_inc (&self->offered);
  g_mutex_lock (&self->lock);
  /* One frame at most: while the worker decodes one, newer frames are dropped rather than
   * kept waiting (a camera frame of 720p is ~1 MB; the next one comes 33 ms later anyway). */
  if (self->decoding)
    {
      g_mutex_unlock (&self->lock);
      g_atomic_int_inc (&self->dropped);
      return TRUE;
    }
  replaced = g_steal_pointer (&self->pending);
  self->pending = g_bytes_ref (gray8);
  self->pending_width = width;
  self->pending_height = height;
  self->pending_stride = stride;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (replaced != NULL)
    g_atomic_int_inc (&self->dropped);
  return TRUE;
}

void
kiosk_scanner_set_max_rate (KioskScanner *self,
                            double        per_second)
{
  g_return_if_fail (KIOSK_IS_SCANNER (self));
  g_return_if_fail (per_second >= 0.1 && per_second <= 60);

  g_mutex_lock (&self->lock);
  self->min_interval_us = (gint64) (G_USEC_PER_SEC / per_second);
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

double
kiosk_scanner_get_max_rate (KioskScanner *self)
{
  double rate;

  g_return_val_if_fail (KIOSK_IS_SCANNER (self), 0);
  g_mutex_lock (&self->lock);
  rate = (double) G_USEC_PER_SEC / self->min_interval_us;
  g_mutex_unlock (&self->lock);
  return rate;
}

void
kiosk_scanner_set_repeat_interval (KioskScanner *self,
                                   guint         msec)
{
  g_return_if_fail (KIOSK_IS_SCANNER (self));
  self->repeat_ms = msec;
}

guint
kiosk_scanner_get_frames_offered (KioskScanner *self)
{
  return (guint) g_atomic_int_get (&self->offered);
}

guint
kiosk_scanner_get_frames_decoded (KioskScanner *self)
{
  return (guint) g_atomic_int_get (&self->decoded);
}

guint
kiosk_scanner_get_frames_dropped (KioskScanner *self)
{
  return (guint) g_atomic_int_get (&self->dropped);
}
