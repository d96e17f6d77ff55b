/* QR decoding with ZBar, and the image passes that rescue the pictures ZBar alone misses. */
#define G_LOG_DOMAIN "kiosk-qr-decoder"

#include "config.h"

#include "kiosk-qr-decoder.h"

#include <string.h>
#include <zbar.h>

struct _KioskQrDecoder
{
  zbar_image_scanner_t *zbar;
  guint                 passes;

  /* Scratch pictures, grown as needed and kept: a camera sends the same size every frame. */
  guint8  *base;       /* the input, contiguous (ZBar knows no stride), capped in size */
  guint8  *half;
  guint8  *work;
  guint8  *padded;
  guint32 *integral;
  gsize    base_size, half_size, work_size, padded_size, integral_size;
};

typedef struct
{
  const guint8 *pixels;
  guint         width;
  guint         height;
} View;

KioskQrDecoder *
kiosk_qr_decoder_new (void)
{
  KioskQrDecoder *decoder = g_new0 (KioskQrDecoder, 1);

  decoder->zbar = zbar_image_scanner_create ();
  /* Only QR: every other symbology costs time and finds false barcodes in clutter. */
  zbar_image_scanner_set_config (decoder->zbar, 0, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (decoder->zbar, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  /* ZBar's guess at the character set mistakes UTF-8 and Shift JIS for other encodings; the
   * raw bytes are decoded here instead (see payload_to_utf8). */
  zbar_image_scanner_set_config (decoder->zbar, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
  zbar_image_scanner_set_config (decoder->zbar, 0, ZBAR_CFG_X_DENSITY, 1);
  zbar_image_scanner_set_config (decoder->zbar, 0, ZBAR_CFG_Y_DENSITY, 1);
  /* The cache suppresses codes seen in recent frames; the scanner dedupes on its own terms. */
  zbar_image_scanner_enable_cache (decoder->zbar, 0);
  decoder->passes = KIOSK_QR_PASS_DEFAULT;
  return decoder;
}

void
kiosk_qr_decoder_free (KioskQrDecoder *decoder)
{
  if (decoder == NULL)
    return;
  zbar_image_scanner_destroy (decoder->zbar);
  g_free (decoder->base);
  g_free (decoder->half);
  g_free (decoder->work);
  g_free (decoder->padded);
  g_free (decoder->integral);
  g_free (decoder);
}

void
kiosk_qr_decoder_set_passes (KioskQrDecoder *decoder,
                             guint           passes)
{
  decoder->passes = passes;
}

guint
kiosk_qr_decoder_get_passes (KioskQrDecoder *decoder)
{
  return decoder->passes;
}

const char *
kiosk_qr_pass_to_string (KioskQrPass pass)
{
  switch (pass)
    {
    case KIOSK_QR_PASS_HALF: return "half";
    case KIOSK_QR_PASS_FULL: return "full";
    case KIOSK_QR_PASS_INVERT: return "invert";
    case KIOSK_QR_PASS_STRETCH: return "stretch";
    case KIOSK_QR_PASS_THRESHOLD: return "threshold";
    case KIOSK_QR_PASS_UPSCALE: return "upscale";
    case KIOSK_QR_PASS_QUARTER: return "quarter";
    case KIOSK_QR_PASS_SHARPEN: return "sharpen";
    default: return "none";
    }
}

static guint8 *
scratch (guint8 **buffer,
         gsize   *size,
         gsize    needed)
{
  if (*size < needed)
    {
      g_free (*buffer);
      *buffer = g_malloc (needed);
      *size = needed;
    }
  return *buffer;
}

/* A QR code's bytes carry no reliable charset: UTF-8 is what the kiosk's own codes and most
 * modern ones use, Shift JIS is the other encoding met in the wild (the standard's own
 * Japanese heritage), and ISO 8859-1 is the standard's default, which any byte string is. */
static char *
payload_to_utf8 (const char *data,
                 gsize       length)
{
  char *text;

  if (memchr (data, '\0', length) != NULL)
    return NULL;
  if (g_utf8_validate_len (data, length, NULL))
    return g_strndup (data, length);
  text = g_convert (data, length, "UTF-8", "SHIFT_JIS", NULL, NULL, NULL);
  if (text == NULL)
    text = g_convert (data, length, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  return text;
}

static void
add_results (KioskQrDecoder *decoder,
             GPtrArray      *found)
{
  for (const zbar_symbol_t *symbol = zbar_image_scanner_get_results (decoder->zbar) ?
         zbar_symbol_set_first_symbol (zbar_image_scanner_get_results (decoder->zbar)) : NULL;
       symbol != NULL;
       symbol = zbar_symbol_next (symbol))
    {
      const char *data = zbar_symbol_get_data (symbol);
      unsigned int length = zbar_symbol_get_data_length (symbol);
      g_autofree char *text = NULL;
      gboolean seen = FALSE;

      if (zbar_symbol_get_type (symbol) != ZBAR_QRCODE || data == NULL || length == 0)
        continue;
      text = payload_to_utf8 (data, length);
      if (text == NULL)
        {
          g_debug ("dropped a QR payload that is not text");
          continue;
        }
      for (guint i = 0; i < found->len && !seen; i++)
        seen = g_str_equal (found->pdata[i], text);
      if (!seen)
        g_ptr_array_add (found, g_steal_pointer (&text));
    }
}

/* ZBar finds a code by the light-dark-light runs across its finder patterns, so a code that
 * touches the picture's edge (a cropped photo, a screenshot, a code at the frame border) is
 * invisible to it. Every pass therefore looks at its picture inside a white margin: the quiet
 * zone the crop took away. */
static gboolean
scan (KioskQrDecoder *decoder,
      View            view,
      GPtrArray      *found)
{
  zbar_image_t *image;
  guint margin = CLAMP (MIN (view.width, view.height) / 16, 8u, 48u);
  guint pw = view.width + 2 * margin, ph = view.height + 2 * margin;
  guint8 *padded;
  int n;

  if (view.width < 21 || view.height < 21)
    return FALSE;
  padded = scratch (&decoder->padded, &decoder->padded_size, (gsize) pw * ph);
  memset (padded, 255, (gsize) pw * margin);
  for (guint y = 0; y < view.height; y++)
    {
      guint8 *row = padded + (gsize) (y + margin) * pw;
      memset (row, 255, margin);
      memcpy (row + margin, view.pixels + (gsize) y * view.width, view.width);
      memset (row + margin + view.width, 255, margin);
    }
  memset (padded + (gsize) (ph - margin) * pw, 255, (gsize) pw * margin);

  image = zbar_image_create ();
  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, pw, ph);
  zbar_image_set_data (image, padded, (unsigned long) pw * ph, NULL);
  n = zbar_scan_image (decoder->zbar, image);
  if (n > 0)
    add_results (decoder, found);
  zbar_image_destroy (image);
  return found->len > 0;
}

/* Averages `factor`×`factor` blocks: a box filter is what a lower-resolution sensor would see,
 * and it averages noise away. */
static View
downscale (const View *src,
           guint       factor,
           guint8     *dst)
{
  View out = { dst, src->width / factor, src->height / factor };
  guint area = factor * factor;

  for (guint y = 0; y < out.height; y++)
    for (guint x = 0; x < out.width; x++)
      {
        guint sum = 0;
        for (guint dy = 0; dy < factor; dy++)
          {
            const guint8 *row = src->pixels + (gsize) (y * factor + dy) * src->width + x * factor;
            for (guint dx = 0; dx < factor; dx++)
              sum += row[dx];
          }
        dst[(gsize) y * out.width + x] = (guint8) ((sum + area / 2) / area);
      }
  return out;
}

static View
upscale2 (const View *src,
          guint8     *dst)
{
  View out = { dst, src->width * 2, src->height * 2 };

  for (guint y = 0; y < out.height; y++)
    {
      /* Sample centres of the output in input coordinates: (y + 0.5) / 2 - 0.5. */
      int y0 = ((int) y - 1) / 2;
      int y1 = MIN (y0 + 1, (int) src->height - 1);
      guint wy = (y & 1) ? 1 : 3;   /* weight of y0, in quarters */

      if (y == 0)
        y0 = 0, y1 = 0;
      for (guint x = 0; x < out.width; x++)
        {
          int x0 = ((int) x - 1) / 2;
          int x1 = MIN (x0 + 1, (int) src->width - 1);
          guint wx = (x & 1) ? 1 : 3;
          const guint8 *r0 = src->pixels + (gsize) y0 * src->width;
          const guint8 *r1 = src->pixels + (gsize) y1 * src->width;
          guint v;

          if (x == 0)
            x0 = 0, x1 = 0;
          v = wy * (wx * r0[x0] + (4 - wx) * r0[x1]) + (4 - wy) * (wx * r1[x0] + (4 - wx) * r1[x1]);
          dst[(gsize) y * out.width + x] = (guint8) ((v + 8) / 16);
        }
    }
  return out;
}

static View
invert (const View *src,
        guint8     *dst)
{
  gsize n = (gsize) src->width * src->height;

  for (gsize i = 0; i < n; i++)
    dst[i] = 255 - src->pixels[i];
  return (View) { dst, src->width, src->height };
}

/* Maps the 1st..99th percentile of the levels to 0..255, so that faint print gets the edge
 * strength ZBar's edge detector needs. */
static View
stretch (const View *src,
         guint8     *dst)
{
  gsize n = (gsize) src->width * src->height;
  guint histogram[256] = { 0 };
  gsize acc = 0;
  guint lo = 0, hi = 255;
  guint8 map[256];

  for (gsize i = 0; i < n; i++)
    histogram[src->pixels[i]]++;
  for (lo = 0; lo < 255 && (acc += histogram[lo]) < n / 100; lo++)
    ;
  acc = 0;
  for (hi = 255; hi > 0 && (acc += histogram[hi]) < n / 100; hi--)
    ;
  if (hi <= lo + 8)
    hi = MIN (lo + 8, 255u);
  for (guint v = 0; v < 256; v++)
    map[v] = (guint8) (v <= lo ? 0 : v >= hi ? 255 : (v - lo) * 255 / (hi - lo));
  for (gsize i = 0; i < n; i++)
    dst[i] = map[src->pixels[i]];
  return (View) { dst, src->width, src->height };
}

/* Bradley's local threshold over an integral image: a pixel is ink when it is darker than its
 * neighbourhood's mean by some percent. Glare and shadow change the mean, not the verdict. */
static View
threshold (KioskQrDecoder *decoder,
           const View     *src,
           guint8         *dst)
{
  guint w = src->width, h = src->height;
  gsize iw = (gsize) w + 1;
  guint32 *integral;
  int radius = (int) MAX (8u, MIN (w, h) / 24);

  if (decoder->integral_size < iw * (h + 1))
    {
      g_free (decoder->integral);
      decoder->integral_size = iw * (h + 1);
      decoder->integral = g_new (guint32, decoder->integral_size);
    }
  integral = decoder->integral;
  memset (integral, 0, iw * sizeof (guint32));
  for (guint y = 0; y < h; y++)
    {
      guint32 row = 0;
      integral[(y + 1) * iw] = 0;
      for (guint x = 0; x < w; x++)
        {
          row += src->pixels[(gsize) y * w + x];
          integral[(y + 1) * iw + x + 1] = integral[y * iw + x + 1] + row;
        }
    }
  for (guint y = 0; y < h; y++)
    {
      int y0 = MAX (0, (int) y - radius), y1 = MIN ((int) h, (int) y + radius + 1);
      for (guint x = 0; x < w; x++)
        {
          int x0 = MAX (0, (int) x - radius), x1 = MIN ((int) w, (int) x + radius + 1);
          guint32 sum = integral[y1 * iw + x1] - integral[y0 * iw + x1] -
                        integral[y1 * iw + x0] + integral[y0 * iw + x0];
          guint32 count = (guint32) ((y1 - y0) * (x1 - x0));

          dst[(gsize) y * w + x] = (guint64) src->pixels[(gsize) y * w + x] * count * 100 <
                                   (guint64) sum * 90 ? 0 : 255;
        }
    }
  return (View) { dst, w, h };
}

/* Unsharp mask against a 3×3 box blur: steepens the edges defocus flattened. */
static View
sharpen (const View *src,
         guint8     *dst)
{
  guint w = src->width, h = src->height;

  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        int sum = 0;
        int p = src->pixels[(gsize) y * w + x];

        for (int dy = -1; dy <= 1; dy++)
          for (int dx = -1; dx <= 1; dx++)
            {
              int xx = CLAMP ((int) x + dx, 0, (int) w - 1), yy = CLAMP ((int) y + dy, 0, (int) h - 1);
              sum += src->pixels[(gsize) yy * w + xx];
            }
        dst[(gsize) y * w + x] = (guint8) CLAMP (p + 2 * (9 * p - sum) / 9, 0, 255);
      }
  return (View) { dst, w, h };
}

GPtrArray *
kiosk_qr_decoder_decode_gray8 (KioskQrDecoder *decoder,
                               const guint8   *pixels,
                               guint           width,
                               guint           height,
                               gsize           stride,
                               KioskQrPass    *pass_used)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  guint passes = decoder->passes;
  View full, half = { NULL, 0, 0 };
  guint factor = 1;
  gsize n;
  guint8 *work;

  if (pass_used != NULL)
    *pass_used = 0;
  g_return_val_if_fail (pixels != NULL && stride >= width, found);
  if (width == 0 || height == 0)
    return found;

  while (MAX (width, height) / factor > KIOSK_QR_MAX_SIDE)
    factor++;
  {
    View input = { pixels, width, height };
    gsize needed = (gsize) (width / factor) * (height / factor);
    guint8 *base = scratch (&decoder->base, &decoder->base_size, needed);

    if (factor == 1)
      {
        for (guint y = 0; y < height; y++)
          memcpy (base + (gsize) y * width, pixels + y * stride, width);
        full = (View) { base, width, height };
      }
    else
      {
        /* A strided input must be packed before the box filter, which assumes packed rows. */
        g_autofree guint8 *packed = NULL;
        if (stride != width)
          {
            packed = g_malloc ((gsize) width * height);
            for (guint y = 0; y < height; y++)
              memcpy (packed + (gsize) y * width, pixels + y * stride, width);
            input.pixels = packed;
          }
        full = downscale (&input, factor, base);
      }
  }
  n = (gsize) full.width * full.height;
  work = scratch (&decoder->work, &decoder->work_size, n * 4);

#define TRY(pass, view)                                         \
  G_STMT_START {                                                \
    View _v = (view);                                           \
    if (scan (decoder, _v, found))                              \
      {                                                         \
        if (pass_used != NULL)                                  \
          *pass_used = (pass);                                  \
        return found;                                           \
      }                                                         \
  } G_STMT_END

  if ((passes & (KIOSK_QR_PASS_HALF | KIOSK_QR_PASS_QUARTER)) && full.width >= 84 &&
      full.height >= 84)
    half = downscale (&full, 2, scratch (&decoder->half, &decoder->half_size, n / 4 + 1));

  if ((passes & KIOSK_QR_PASS_HALF) && half.pixels != NULL)
    TRY (KIOSK_QR_PASS_HALF, half);
  if (passes & KIOSK_QR_PASS_FULL)
    TRY (KIOSK_QR_PASS_FULL, full);
  if (passes & KIOSK_QR_PASS_INVERT)
    TRY (KIOSK_QR_PASS_INVERT, invert (&full, work));
  if (passes & KIOSK_QR_PASS_STRETCH)
    TRY (KIOSK_QR_PASS_STRETCH, stretch (&full, work));
  if (passes & KIOSK_QR_PASS_THRESHOLD)
    TRY (KIOSK_QR_PASS_THRESHOLD, threshold (decoder, &full, work));
  if (passes & KIOSK_QR_PASS_SHARPEN)
    TRY (KIOSK_QR_PASS_SHARPEN, sharpen (&full, work));
  if ((passes & KIOSK_QR_PASS_QUARTER) && half.pixels != NULL && half.width >= 84 &&
      half.height >= 84)
    TRY (KIOSK_QR_PASS_QUARTER, downscale (&half, 2, work));
  if ((passes & KIOSK_QR_PASS_UPSCALE) && MAX (full.width, full.height) <= 1024)
    TRY (KIOSK_QR_PASS_UPSCALE, upscale2 (&full, work));

#undef TRY
  return found;
}

GPtrArray *
kiosk_qr_decoder_decode_image (KioskQrDecoder       *decoder,
                               const KioskGrayImage *image,
                               KioskQrPass          *pass_used)
{
  return kiosk_qr_decoder_decode_gray8 (decoder, image->pixels, image->width, image->height,
                                        image->stride, pass_used);
}
