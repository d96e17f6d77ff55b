/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ESC/POS decoder and fake printer the printer tests share; see kiosk-escpos-test.h. */
#define G_LOG_DOMAIN "test-escpos"

#include "config.h"

#include "kiosk-escpos-test.h"

#include <gio/gio.h>
#include <string.h>

#include "kiosk-error.h"
#include "kiosk-qr-decoder.h"

gssize
kiosk_escpos_test_command_length (const guint8 *data,
                                  gsize         length)
{
  if (length < 2)
    return 0;
  switch (data[0])
    {
    case 0x1b: /* ESC */
      if (data[1] == '@')
        return 2;
      if (data[1] == 'd' || data[1] == 'a' || data[1] == 'J')
        return length >= 3 ? 3 : 0;
      return -1;
    case 0x10: /* DLE EOT n */
      if (data[1] != 0x04)
        return -1;
      if (length < 3)
        return 0;
      return data[2] >= 1 && data[2] <= 4 ? 3 : -1;
    case 0x1d: /* GS */
      if (data[1] == 'V')
        {
          if (length < 3)
            return 0;
          if (data[2] == 65 || data[2] == 66)
            return length >= 4 ? 4 : 0;
          return data[2] <= 1 || data[2] == '0' || data[2] == '1' ? 3 : -1;
        }
      if (data[1] == 'v')
        {
          gsize x, y;

          if (length < 8)
            return 0;
          if (data[2] != '0' || data[3] > 3)
            return -1;
          x = data[4] | (data[5] << 8);
          y = data[6] | (data[7] << 8);
          return length >= 8 + x * y ? (gssize) (8 + x * y) : 0;
        }
      return -1;
    default:
      return -1;
    }
}

GPtrArray *
kiosk_escpos_test_decode (const guint8  *data,
                          gsize          length,
                          GError       **error)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_bitmap_free);
  g_autoptr(GByteArray) rows = g_byte_array_new ();
  int height = 0;
  gsize at = 0;

  while (at < length)
    {
      gssize n = kiosk_escpos_test_command_length (data + at, length - at);

      if (n <= 0)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED,
                       "%s at byte %zu (0x%02x)", n == 0 ? "stream cut short" : "unknown command",
                       at, data[at]);
          return NULL;
        }
      if (data[at] == 0x1d && data[at + 1] == 'v')
        {
          gsize x = data[at + 4] | (data[at + 5] << 8);
          gsize y = data[at + 6] | (data[at + 7] << 8);

          if (x * 8 != KIOSK_ESCPOS_WIDTH_DOTS)
            {
              g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED,
                           "a band %zu dots wide", x * 8);
              return NULL;
            }
          g_byte_array_append (rows, data + at + 8, (guint) (x * y));
          height += (int) y;
        }
      else if (data[at] == 0x1d && data[at + 1] == 'V')
        {
          KioskBitmap *page;

          if (height == 0)
            {
              g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "a cut with nothing printed");
              return NULL;
            }
          page = kiosk_bitmap_new (KIOSK_ESCPOS_WIDTH_DOTS, height);
          memcpy (page->bits, rows->data, rows->len);
          g_ptr_array_add (pages, page);
          g_byte_array_set_size (rows, 0);
          height = 0;
        }
      at += (gsize) n;
    }
  if (height != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "raster after the last cut");
      return NULL;
    }
  return g_steal_pointer (&pages);
}

GPtrArray *
kiosk_escpos_test_scan (const KioskBitmap *page)
{
  g_autoptr(KioskQrDecoder) decoder = kiosk_qr_decoder_new ();
  g_autofree guint8 *gray = g_malloc ((gsize) page->width * page->height);

  for (int y = 0; y < page->height; y++)
    for (int x = 0; x < page->width; x++)
      gray[(gsize) y * page->width + x] = kiosk_bitmap_get (page, x, y) ? 0 : 255;
  return kiosk_qr_decoder_decode_gray8 (decoder, gray, (guint) page->width,
                                       (guint) page->height, (gsize) page->width, NULL);
}

/* The fake printer ---------------------------------------------------------------------- */

struct _KioskEscposFake
{
  GSocketListener       *listener;
  guint16                port;
  GCancellable          *cancellable;
  GThread               *thread;
  GMutex                 mutex;
  KioskEscposFakeScript  script;
  GPtrArray             *jobs;
  guint                  status_requests;
  guint                  connections;  /* served to the end */
  GCond                  served;
};

static guint8
status_byte (KioskEscposFakeScript script,
             guint8                n)
{
  /* Bits 1 and 4 are fixed on every status byte. */
  guint8 fixed = 0x12;

  switch (script)
    {
    case KIOSK_ESCPOS_FAKE_PAPER_NEAR_END:
      return n == 4 ? fixed | 0x0c : fixed;
    case KIOSK_ESCPOS_FAKE_PAPER_OUT:
      return n == 1 ? fixed | 0x08 : n == 2 ? fixed | 0x20 : n == 4 ? fixed | 0x6c : fixed;
    case KIOSK_ESCPOS_FAKE_COVER_OPEN:
      return n == 1 ? fixed | 0x08 : n == 2 ? fixed | 0x04 : fixed;
    case KIOSK_ESCPOS_FAKE_ERROR:
      return n == 1 ? fixed | 0x08 : n == 2 ? fixed | 0x40 : n == 3 ? fixed | 0x08 : fixed;
    default:
      return fixed;
    }
}

static void
serve (KioskEscposFake   *fake,
       GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GByteArray) pending = g_byte_array_new ();
  g_autoptr(GByteArray) job = g_byte_array_new ();
  guint8 buffer[16384];

  for (;;)
    {
      gssize got = g_input_stream_read (in, buffer, sizeof buffer, fake->cancellable, NULL);
      gssize n;

      if (got <= 0)
        break;
      g_byte_array_append (pending, buffer, (guint) got);
      while ((n = kiosk_escpos_test_command_length (pending->data, pending->len)) != 0)
        {
          if (n < 0)
            n = 1;   /* not a command: kept for the decoder to refuse */
          if (n == 3 && pending->data[0] == 0x10)
            {
              KioskEscposFakeScript script;
              guint8 answer;

              g_mutex_lock (&fake->mutex);
              script = fake->script;
              fake->status_requests++;
              g_mutex_unlock (&fake->mutex);
              answer = status_byte (script, pending->data[2]);
              if (script != KIOSK_ESCPOS_FAKE_SILENT)
                g_output_stream_write_all (out, &answer, 1, NULL, NULL, NULL);
            }
          else
            g_byte_array_append (job, pending->data, (guint) n);
          g_byte_array_remove_range (pending, 0, (guint) n);
        }
    }
  g_byte_array_append (job, pending->data, pending->len);
  if (job->len > 0)
    {
      g_mutex_lock (&fake->mutex);
      g_ptr_array_add (fake->jobs, g_bytes_new (job->data, job->len));
      g_mutex_unlock (&fake->mutex);
    }
}

static gpointer
fake_thread (gpointer data)
{
  KioskEscposFake *fake = data;

  for (;;)
    {
      g_autoptr(GSocketConnection) connection = NULL;

      connection = g_socket_listener_accept (fake->listener, NULL, fake->cancellable, NULL);
      if (connection == NULL)
        break;
      serve (fake, connection);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      g_mutex_lock (&fake->mutex);
      fake->connections++;
      g_cond_broadcast (&fake->served);
      g_mutex_unlock (&fake->mutex);
    }
  return NULL;
}

KioskEscposFake *
kiosk_escpos_fake_start (KioskEscposFakeScript script)
{
  KioskEscposFake *fake = g_new0 (KioskEscposFake, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  fake->listener = g_socket_listener_new ();
  g_socket_listener_add_address (fake->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  fake->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  fake->cancellable = g_cancellable_new ();
  fake->script = script;
  fake->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_mutex_init (&fake->mutex);
  g_cond_init (&fake->served);
  fake->thread = g_thread_new ("escpos-fake", fake_thread, fake);
  return fake;
}

guint16
kiosk_escpos_fake_get_port (KioskEscposFake *fake)
{
  return fake->port;
}

void
kiosk_escpos_fake_set_script (KioskEscposFake       *fake,
                              KioskEscposFakeScript  script)
{
  g_mutex_lock (&fake->mutex);
  fake->script = script;
  g_mutex_unlock (&fake->mutex);
}

GPtrArray *
kiosk_escpos_fake_dup_jobs (KioskEscposFake *fake)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_mutex_lock (&fake->mutex);
  for (guint i = 0; i < fake->jobs->len; i++)
    g_ptr_array_add (copy, g_bytes_ref (g_ptr_array_index (fake->jobs, i)));
  g_mutex_unlock (&fake->mutex);
  return copy;
}

void
kiosk_escpos_fake_wait_connections (KioskEscposFake *fake,
                                    guint            n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  g_mutex_lock (&fake->mutex);
  while (fake->connections < n)
    if (!g_cond_wait_until (&fake->served, &fake->mutex, deadline))
      g_error ("the fake printer served %u connections, not %u, in 10 s", fake->connections, n);
  g_mutex_unlock (&fake->mutex);
}

guint
kiosk_escpos_fake_get_status_requests (KioskEscposFake *fake)
{
  guint n;

  g_mutex_lock (&fake->mutex);
  n = fake->status_requests;
  g_mutex_unlock (&fake->mutex);
  return n;
}

void
kiosk_escpos_fake_stop (KioskEscposFake *fake)
{
  g_cancellable_cancel (fake->cancellable);
  g_socket_listener_close (fake->listener);
  g_thread_join (fake->thread);
  g_object_unref (fake->listener);
  g_object_unref (fake->cancellable);
  g_ptr_array_unref (fake->jobs);
  g_mutex_clear (&fake->mutex);
  g_cond_clear (&fake->served);
  g_free (fake);
}
