/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ESC/POS raster encoding and real-time status; see kiosk-escpos.h. */
#define G_LOG_DOMAIN "kiosk-printer"

#include "config.h"

#include "kiosk-escpos.h"

#include <string.h>

#define ESC 0x1b
#define GS  0x1d

/* Rows fed after the picture: the cutter sits ~17 mm above the print head's line on an
 * 80 mm printer; GS V 65 n feeds that far itself, this adds a margin under the last line. */
#define FEED_LINES 3

KioskBitmap *
kiosk_bitmap_new (int width,
                  int height)
{
  KioskBitmap *bitmap;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  bitmap = g_new0 (KioskBitmap, 1);
  bitmap->width = width;
  bitmap->height = height;
  bitmap->stride = (width + 7) / 8;
  bitmap->bits = g_malloc0 ((gsize) bitmap->stride * height);
  return bitmap;
}

void
kiosk_bitmap_free (KioskBitmap *bitmap)
{
  if (bitmap == NULL)
    return;
  g_free (bitmap->bits);
  g_free (bitmap);
}

gboolean
kiosk_bitmap_get (const KioskBitmap *bitmap,
                  int                x,
                  int                y)
{
  if (x < 0 || y < 0 || x >= bitmap->width || y >= bitmap->height)
    return FALSE;
  return (bitmap->bits[(gsize) y * bitmap->stride + x / 8] & (0x80 >> (x % 8))) != 0;
}

void
kiosk_bitmap_set (KioskBitmap *bitmap,
                  int          x,
                  int          y)
{
  g_return_if_fail (x >= 0 && y >= 0 && x < bitmap->width && y < bitmap->height);

  bitmap->bits[(gsize) y * bitmap->stride + x / 8] |= 0x80 >> (x % 8);
}

static void
dither_rect (KioskBitmap  *bitmap,
             const guint8 *gray,
             int           stride,
             int           x0,
             int           y0,
             int           w,
             int           h)
{
  /* Two rows of error, 1/16ths, with a margin column on each side. */
  g_autofree int *current = g_new0 (int, w + 2);
  g_autofree int *next = g_new0 (int, w + 2);

  for (int y = 0; y < h; y++)
    {
      for (int x = 0; x < w; x++)
        {
          int value = gray[(gsize) (y0 + y) * stride + x0 + x] * 16 + current[x + 1];
          int error;

          if (value < 128 * 16)
            {
              kiosk_bitmap_set (bitmap, x0 + x, y0 + y);
              error = value;
            }
          else
            {
              /* Clear any threshold decision taken before this rectangle was known. */
              bitmap->bits[(gsize) (y0 + y) * bitmap->stride + (x0 + x) / 8] &=
                ~(0x80 >> ((x0 + x) % 8));
              error = value - 255 * 16;
            }
          current[x + 2] += error * 7 / 16;
          next[x] += error * 3 / 16;
          next[x + 1] += error * 5 / 16;
          next[x + 2] += error / 16;
        }
      memcpy (current, next, sizeof (int) * (w + 2));
      memset (next, 0, sizeof (int) * (w + 2));
    }
}

KioskBitmap *
kiosk_bitmap_from_gray (const guint8 *gray,
                        int           width,
                        int           height,
                        int           stride,
                        const int    *dither,
                        guint         n_dither)
{
  KioskBitmap *bitmap = kiosk_bitmap_new (width, height);

  for (int y = 0; y < height; y++)
    {
      const guint8 *row = gray + (gsize) y * stride;
      guint8 *out = bitmap->bits + (gsize) y * bitmap->stride;

      for (int x = 0; x < width; x++)
        if (row[x] < 128)
          out[x / 8] |= 0x80 >> (x % 8);
    }
  for (guint i = 0; i < n_dither; i++)
    {
      int x0 = CLAMP (dither[4 * i], 0, width);
      int y0 = CLAMP (dither[4 * i + 1], 0, height);
      int x1 = CLAMP (dither[4 * i] + dither[4 * i + 2], 0, width);
      int y1 = CLAMP (dither[4 * i + 1] + dither[4 * i + 3], 0, height);

      if (x1 > x0 && y1 > y0)
        dither_rect (bitmap, gray, stride, x0, y0, x1 - x0, y1 - y0);
    }
  return bitmap;
}

GBytes *
kiosk_escpos_encode (const KioskBitmap *bitmap)
{
  GByteArray *out = g_byte_array_sized_new ((guint) ((gsize) bitmap->stride * bitmap->height +
                                                     64));
  static const guint8 init[] = { ESC, '@' };
  const guint8 feed[] = { ESC, 'd', FEED_LINES };
  /* GS V 65 0: feed to the cutting position, then cut (function B, full cut). */
  static const guint8 cut[] = { GS, 'V', 65, 0 };

  g_return_val_if_fail (bitmap->stride <= 0xffff, NULL);

  g_byte_array_append (out, init, sizeof init);
  for (int y = 0; y < bitmap->height; y += KIOSK_ESCPOS_BAND_ROWS)
    {
      int rows = MIN (KIOSK_ESCPOS_BAND_ROWS, bitmap->height - y);
      /* GS v 0 m xL xH yL yH: m = 0 is normal density; x in bytes, y in dots. */
      const guint8 head[] = {
        GS, 'v', '0', 0,
        bitmap->stride & 0xff, (bitmap->stride >> 8) & 0xff,
        rows & 0xff, (rows >> 8) & 0xff,
      };

      g_byte_array_append (out, head, sizeof head);
      g_byte_array_append (out, bitmap->bits + (gsize) y * bitmap->stride,
                           (guint) ((gsize) rows * bitmap->stride));
    }
  g_byte_array_append (out, feed, sizeof feed);
  g_byte_array_append (out, cut, sizeof cut);
  return g_byte_array_free_to_bytes (out);
}

gboolean
kiosk_printer_state_can_print (KioskPrinterState state)
{
  return state == KIOSK_PRINTER_STATE_READY || state == KIOSK_PRINTER_STATE_PAPER_NEAR_END;
}

const char *
kiosk_printer_state_to_string (KioskPrinterState state)
{
  switch (state)
    {
    case KIOSK_PRINTER_STATE_UNKNOWN: return "unknown";
    case KIOSK_PRINTER_STATE_READY: return "ready";
    case KIOSK_PRINTER_STATE_PAPER_NEAR_END: return "paper-near-end";
    case KIOSK_PRINTER_STATE_PAPER_OUT: return "paper-out";
    case KIOSK_PRINTER_STATE_COVER_OPEN: return "cover-open";
    case KIOSK_PRINTER_STATE_ERROR: return "error";
    case KIOSK_PRINTER_STATE_OFFLINE: return "offline";
    case KIOSK_PRINTER_STATE_NONE: return "none";
    default: return "unknown";
    }
}

KioskPrinterState
kiosk_escpos_parse_status (const guint8 *answer,
                           gsize         length)
{
  guint8 printer, offline, error, paper;

  if (answer == NULL || length < KIOSK_ESCPOS_STATUS_ANSWER_LENGTH)
    return KIOSK_PRINTER_STATE_OFFLINE;
  for (gsize i = 0; i < KIOSK_ESCPOS_STATUS_ANSWER_LENGTH; i++)
    if ((answer[i] & 0x93) != 0x12)
      return KIOSK_PRINTER_STATE_OFFLINE;
  printer = answer[0];
  offline = answer[1];
  error = answer[2];
  paper = answer[3];

  /* Paper first: a cover opened to change an empty roll is still "paper out" to the
   * attendant. n=4 bits 5-6 paper end; n=2 bit 5 stopped for paper end. */
  if ((paper & 0x60) != 0 || (offline & 0x20) != 0)
    return KIOSK_PRINTER_STATE_PAPER_OUT;
  if ((offline & 0x04) != 0)
    return KIOSK_PRINTER_STATE_COVER_OPEN;
  /* n=2 bit 6 an error occurred; n=3 bit 3 cutter, bit 5 unrecoverable, bit 6
   * auto-recoverable (head temperature). */
  if ((offline & 0x40) != 0 || (error & 0x68) != 0)
    return KIOSK_PRINTER_STATE_ERROR;
  /* n=1 bit 3: offline for a reason the other bytes do not give (paper fed by the button). */
  if ((printer & 0x08) != 0)
    return KIOSK_PRINTER_STATE_OFFLINE;
  /* n=4 bits 2-3: near-end sensor. */
  if ((paper & 0x0c) != 0)
    return KIOSK_PRINTER_STATE_PAPER_NEAR_END;
  return KIOSK_PRINTER_STATE_READY;
}
