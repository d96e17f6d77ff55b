/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QR decoding with ZBar and zxing-cpp, and the image passes that rescue the pictures both
 * miss when they look at the picture as it is. */
#define G_LOG_DOMAIN "kiosk-qr-decoder"

#include "config.h"

#include "kiosk-qr-decoder.h"

#include <string.h>
#include <zbar.h>

#include "kiosk-qr-zxing.h"

struct _KioskQrDecoder
{
  zbar_image_scanner_t *zbar;
  guint                 passes;
  gboolean              video;
  guint                 turn;     /* video: which of the other passes this frame gets */

  /* Scratch pictures, grown as needed and kept: a camera sends the same size every frame. */
  guint8  *base;       /* the input, contiguous (ZBar knows no stride), capped in size */
  guint8  *half;
  guint8  *work;
  guint8  *padded;
  guint8  *crop;
  guint32 *integral;
  gsize    base_size, half_size, work_size, padded_size, crop_size, integral_size;
};

typedef struct
{
  const guint8 *pixels;
  guint         width;
  guint         height;
} View;

static zbar_image_scanner_t *
zbar_scanner_new (void)
{
  zbar_image_scanner_t *zbar = zbar_image_scanner_create ();

  /* Only QR: every other symbology costs time and finds false barcodes in clutter. */
  zbar_image_scanner_set_config (zbar, 0, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (zbar, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  /* ZBar's guess at the character set mistakes UTF-8 and Shift JIS for other encodings; the
   * raw bytes are decoded here instead (see payload_to_utf8). */
  zbar_image_scanner_set_config (zbar, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
  /* The cache suppresses codes seen in recent frames; the scanner dedupes on its own terms. */
  zbar_image_scanner_enable_cache (zbar, 0);
  return zbar;
}

KioskQrDecoder *
kiosk_qr_decoder_new (void)
{
  KioskQrDecoder *decoder = g_new0 (KioskQrDecoder, 1);

  decoder->zbar = zbar_scanner_new ();
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
  g_free (decoder->crop);
  g_free (decoder->integral);
  g_free (decoder);
}

void
kiosk_qr_decoder_set_passes (KioskQrDecoder *decoder,
                             guint           passes)
{
  decoder->passes = passes;
}

void
kiosk_qr_decoder_set_video (KioskQrDecoder *decoder,
                            gboolean        video)
{
  decoder->video = video;
}

guint
kiosk_qr_decoder_get_passes (KioskQrDecoder *decoder)
{
  return decoder->passes;
}


/* What a pass looks at, what it does to it, and which engine reads the result. */
typedef enum
{
  SOURCE_FULL,
  SOURCE_HALF,
  SOURCE_QUARTER,
  SOURCE_DOUBLE,
  SOURCE_REGIONS,
} Source;

typedef enum
{
  FILTER_NONE,
  FILTER_THRESHOLD,
  FILTER_INVERT,
  FILTER_SHARPEN,
  FILTER_STRETCH,
  FILTER_SMOOTH,
} Filter;

typedef enum
{
  ENGINE_ZBAR,
  ENGINE_ZXING,
} Engine;

#define ZX_HARD (KIOSK_QR_ZXING_TRY_HARDER | KIOSK_QR_ZXING_TRY_ROTATE | KIOSK_QR_ZXING_TRY_DOWNSCALE)

/* The order passes are tried in; see kiosk-qr-decoder.h for how it was chosen. */
static const struct
{
  KioskQrPass pass;
  const char *name;
  Engine      engine;
  Source      source;
  Filter      filter;
  int         density;  /* ZBar: scans every n-th row and column */
  guint       zxing;    /* zxing-cpp: KioskQrZxingFlags */
} pass_table[] = {
  { KIOSK_QR_PASS_ZXING_GLOBAL, "zxing-global", ENGINE_ZXING, SOURCE_FULL, FILTER_NONE, 1,
    KIOSK_QR_ZXING_TRY_HARDER | KIOSK_QR_ZXING_GLOBAL },
  { KIOSK_QR_PASS_REGIONS, "regions", ENGINE_ZBAR, SOURCE_REGIONS, FILTER_THRESHOLD, 1, 0 },
  { KIOSK_QR_PASS_ZXING_SHARPEN, "zxing-sharpen", ENGINE_ZXING, SOURCE_HALF, FILTER_SHARPEN, 1,
    KIOSK_QR_ZXING_TRY_HARDER },
  { KIOSK_QR_PASS_ZXING_THRESHOLD, "zxing-threshold", ENGINE_ZXING, SOURCE_FULL, FILTER_THRESHOLD,
    1, KIOSK_QR_ZXING_TRY_HARDER | KIOSK_QR_ZXING_GLOBAL },
  { KIOSK_QR_PASS_ZXING_INVERT, "zxing-invert", ENGINE_ZXING, SOURCE_FULL, FILTER_INVERT, 1,
    KIOSK_QR_ZXING_TRY_HARDER },
  /* A binary picture has sharp edges: every second scan line is enough at full size. */
  { KIOSK_QR_PASS_THRESHOLD, "threshold", ENGINE_ZBAR, SOURCE_FULL, FILTER_THRESHOLD, 2, 0 },
  { KIOSK_QR_PASS_SMOOTH, "smooth", ENGINE_ZBAR, SOURCE_FULL, FILTER_SMOOTH, 1, 0 },
  /* Not in the default set: measured, and they add nothing on the held-back sets that the
   * passes above do not read (zxing, zxing-half, invert, sharpen and zxing-smooth helped only
   * on the sets they were chosen on). */
  { KIOSK_QR_PASS_ZXING, "zxing", ENGINE_ZXING, SOURCE_FULL, FILTER_NONE, 1, ZX_HARD },
  { KIOSK_QR_PASS_ZXING_HALF, "zxing-half", ENGINE_ZXING, SOURCE_HALF, FILTER_NONE, 1, 0 },
  { KIOSK_QR_PASS_INVERT, "invert", ENGINE_ZBAR, SOURCE_HALF, FILTER_INVERT, 1, 0 },
  { KIOSK_QR_PASS_SHARPEN, "sharpen", ENGINE_ZBAR, SOURCE_HALF, FILTER_SHARPEN, 1, 0 },
  { KIOSK_QR_PASS_ZXING_SMOOTH, "zxing-smooth", ENGINE_ZXING, SOURCE_FULL, FILTER_SMOOTH, 1,
    KIOSK_QR_ZXING_TRY_HARDER },
  { KIOSK_QR_PASS_THRESHOLD_HALF, "threshold-half", ENGINE_ZBAR, SOURCE_HALF, FILTER_THRESHOLD, 1, 0 },
  { KIOSK_QR_PASS_HALF, "half", ENGINE_ZBAR, SOURCE_HALF, FILTER_NONE, 1, 0 },
  { KIOSK_QR_PASS_FULL, "full", ENGINE_ZBAR, SOURCE_FULL, FILTER_NONE, 1, 0 },
  { KIOSK_QR_PASS_STRETCH, "stretch", ENGINE_ZBAR, SOURCE_FULL, FILTER_STRETCH, 1, 0 },
  { KIOSK_QR_PASS_QUARTER, "quarter", ENGINE_ZBAR, SOURCE_QUARTER, FILTER_NONE, 1, 0 },
  { KIOSK_QR_PASS_UPSCALE, "upscale", ENGINE_ZBAR, SOURCE_DOUBLE, FILTER_NONE, 1, 0 },
  { KIOSK_QR_PASS_ZXING_FAST, "zxing-fast", ENGINE_ZXING, SOURCE_FULL, FILTER_NONE, 1,
    KIOSK_QR_ZXING_TRY_DOWNSCALE },
  { KIOSK_QR_PASS_ZXING_PLAIN, "zxing-plain", ENGINE_ZXING, SOURCE_FULL, FILTER_NONE, 1, 0 },
  { KIOSK_QR_PASS_ZXING_HALF_HARD, "zxing-half-hard", ENGINE_ZXING, SOURCE_HALF, FILTER_NONE, 1,
    KIOSK_QR_ZXING_TRY_HARDER },
  { KIOSK_QR_PASS_ZXING_UPSCALE, "zxing-upscale", ENGINE_ZXING, SOURCE_DOUBLE, FILTER_NONE, 1,
    KIOSK_QR_ZXING_TRY_HARDER },
};

const char *
kiosk_qr_pass_to_string (KioskQrPass pass)
{
  for (guint i = 0; i < G_N_ELEMENTS (pass_table); i++)
    if (pass_table[i].pass == pass)
      return pass_table[i].name;
  return "none";
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
add_text (GPtrArray *found,
          char      *text)
{
  for (guint i = 0; i < found->len; i++)
    if (g_str_equal (found->pdata[i], text))
      {
        g_free (text);
        return;
      }
  g_ptr_array_add (found, text);
}

/* A code's text: the engine's own reading when it has one (zxing-cpp follows ECI declarations
 * and the Hanzi mode), else its bytes read as payload_to_utf8 reads them. NULL (and a debug
 * message) for what is not text, such as bytes holding a NUL. */
static char *
code_text (const char *bytes,
           gsize       length,
           const char *engine_text)
{
  char *text = NULL;

  if (length == 0 || memchr (bytes, '\0', length) != NULL)
    text = NULL;
  else if (engine_text != NULL && engine_text[0] != '\0' && g_utf8_validate (engine_text, -1, NULL))
    text = g_strdup (engine_text);
  else
    text = payload_to_utf8 (bytes, length);
  if (text == NULL)
    g_debug ("dropped a QR payload that is not text");
  return text;
}

static void
add_zxing_cb (const char *bytes,
              gsize       length,
              const char *text,
              gpointer    user_data)
{
  char *utf8 = code_text (bytes, length, text);

  if (utf8 != NULL)
    add_text (user_data, utf8);
}

/* ZBar in binary mode still follows a code's ECI declarations (test-qr-decoder checks it),
 * so its bytes are UTF-8 for those, and otherwise raw. */
static void
add_zbar_results (KioskQrDecoder *decoder,
                  GPtrArray      *found)
{
  const zbar_symbol_set_t *symbols = zbar_image_scanner_get_results (decoder->zbar);

  for (const zbar_symbol_t *symbol = symbols ? zbar_symbol_set_first_symbol (symbols) : NULL;
       symbol != NULL;
       symbol = zbar_symbol_next (symbol))
    {
      const char *data = zbar_symbol_get_data (symbol);
      unsigned int length = zbar_symbol_get_data_length (symbol);
      char *text;

      if (zbar_symbol_get_type (symbol) != ZBAR_QRCODE || data == NULL || length == 0)
        continue;
      text = code_text (data, length, NULL);
      if (text != NULL)
        add_text (found, text);
    }
}

/* ZBar finds a code by the light-dark-light runs across its finder patterns, so a code that
 * touches the picture's edge (a cropped photo, a screenshot, a code at the frame border) is
 * invisible to it. Its passes therefore look at their picture inside a white margin: the
 * quiet zone the crop took away. zxing-cpp's passes get the picture as it is, as
 * ZXingReader would. */
static gboolean
scan (KioskQrDecoder *decoder,
      View            view,
      Engine          engine,
      guint           zxing_flags,
      GPtrArray      *found)
{
  zbar_image_t *image;
  guint margin = CLAMP (MIN (view.width, view.height) / 16, 8u, 48u);
  guint pw = view.width + 2 * margin, ph = view.height + 2 * margin;
  guint8 *padded;
  int n;

  if (view.width < 21 || view.height < 21)
    return FALSE;
  if (engine == ENGINE_ZXING)
    {
      kiosk_qr_zxing_read (view.pixels, view.width, view.height, view.width, zxing_flags,
                           add_zxing_cb, found);
      return found->len > 0;
    }

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
    add_zbar_results (decoder, found);
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
      /* Odd rows land a quarter below y0, even rows a quarter above y1. */
      guint wy = (y & 1) ? 3 : 1;   /* weight of y0, in quarters */

      if (y == 0)
        y0 = 0, y1 = 0;
      for (guint x = 0; x < out.width; x++)
        {
          int x0 = ((int) x - 1) / 2;
          int x1 = MIN (x0 + 1, (int) src->width - 1);
          guint wx = (x & 1) ? 3 : 1;
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

/* Sums of the picture over every top-left rectangle, so that any box mean costs four reads. */
static const guint32 *
integral_compute (KioskQrDecoder *decoder,
                  const View     *src)
{
  guint w = src->width, h = src->height;
  gsize iw = (gsize) w + 1;
  guint32 *integral;

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
      const guint8 *row = src->pixels + (gsize) y * w;
      guint32 *above = integral + y * iw, *out = integral + (y + 1) * iw;
      guint32 acc = 0;

      out[0] = 0;
      for (guint x = 0; x < w; x++)
        {
          acc += row[x];
          out[x + 1] = above[x + 1] + acc;
        }
    }
  return integral;
}

static inline guint32
box_sum (const guint32 *integral,
         gsize          iw,
         int            x0,
         int            y0,
         int            x1,
         int            y1)
{
  return integral[y1 * iw + x1] - integral[y0 * iw + x1] - integral[y1 * iw + x0] +
         integral[y0 * iw + x0];
}

#ifndef THRESHOLD_PERCENT
#define THRESHOLD_PERCENT 95
#endif

/* A local threshold (Bradley's): a pixel is ink when it is darker than the mean of a window
 * around it by some percent. Glare and shadow move the mean, not the verdict. The means
 * come from an integral image of a half-size copy (the window is 1/12 of the picture, so
 * nothing is lost), which makes the pass cheap enough to go first. */
static View
threshold (KioskQrDecoder *decoder,
           const View     *src,
           guint8         *dst)
{
  guint w = src->width, h = src->height;
  guint hw = MAX (w / 2, 1u), hh = MAX (h / 2, 1u);
  gsize iw = (gsize) hw + 1;
  g_autofree guint8 *small = g_malloc ((gsize) hw * hh);
  g_autofree guint8 *mean = g_malloc ((gsize) hw * hh);
  View half = { small, hw, hh };
  const guint32 *integral;
  int radius = (int) MAX (4u, MIN (hw, hh) / 24);

  if (w >= 2 && h >= 2)
    downscale (src, 2, small);
  else
    memcpy (small, src->pixels, (gsize) hw * hh);
  integral = integral_compute (decoder, &half);

  for (guint y = 0; y < hh; y++)
    {
      int y0 = MAX (0, (int) y - radius), y1 = MIN ((int) hh, (int) y + radius + 1);
      for (guint x = 0; x < hw; x++)
        {
          int x0 = MAX (0, (int) x - radius), x1 = MIN ((int) hw, (int) x + radius + 1);
          guint32 n = (guint32) ((y1 - y0) * (x1 - x0));

          /* 90 % of the mean: paper under a shadow stays paper. */
          mean[(gsize) y * hw + x] = (guint8) (box_sum (integral, iw, x0, y0, x1, y1) *
                                               THRESHOLD_PERCENT / (n * 100));
        }
    }
  for (guint y = 0; y < h; y++)
    {
      const guint8 *row = src->pixels + (gsize) y * w;
      const guint8 *mrow = mean + (gsize) MIN (y / 2, hh - 1) * hw;
      guint8 *out = dst + (gsize) y * w;

      for (guint x = 0; x < w; x++)
        out[x] = row[x] < mrow[MIN (x / 2, hw - 1)] ? 0 : 255;
    }
  return (View) { dst, w, h };
}

/* The 3×3 box mean, or (sharpen) the pixel pushed away from it: an unsharp mask that steepens
 * the edges defocus flattened. */
static View
box3 (KioskQrDecoder *decoder,
      const View     *src,
      gboolean        sharpen,
      guint8         *dst)
{
  guint w = src->width, h = src->height;
  gsize iw = (gsize) w + 1;
  const guint32 *integral = integral_compute (decoder, src);

  for (guint y = 0; y < h; y++)
    {
      int y0 = MAX (0, (int) y - 1), y1 = MIN ((int) h, (int) y + 2);
      for (guint x = 0; x < w; x++)
        {
          int x0 = MAX (0, (int) x - 1), x1 = MIN ((int) w, (int) x + 2);
          int n = (y1 - y0) * (x1 - x0);
          int mean = (int) ((box_sum (integral, iw, x0, y0, x1, y1) + n / 2) / n);
          int p = src->pixels[(gsize) y * w + x];

          dst[(gsize) y * w + x] = (guint8) (sharpen ? CLAMP (p + 2 * (p - mean), 0, 255) : mean);
        }
    }
  return (View) { dst, w, h };
}

/* Where a code probably is: blocks of the half-size picture, thresholded, where black-white
 * transitions are dense (a QR code has one every module or two; paper, walls and text far
 * fewer), joined into regions. */
#define REGION_BLOCK     8
#define REGION_BUSY      20   /* transitions in a block (of 128 possible) */
#define REGION_MAX       3

typedef struct
{
  guint x0, y0, x1, y1;   /* blocks, inclusive */
  guint weight;
} Region;

static int
compare_regions (gconstpointer a,
                 gconstpointer b)
{
  const Region *ra = a, *rb = b;
  return ra->weight < rb->weight ? 1 : ra->weight > rb->weight ? -1 : 0;
}

static guint
find_regions (KioskQrDecoder *decoder,
              const View     *half,
              Region         *regions)
{
  guint bw = half->width / REGION_BLOCK, bh = half->height / REGION_BLOCK;
  guint w = half->width;
  g_autofree guint8 *binary = g_malloc ((gsize) half->width * half->height);
  g_autofree guint16 *busy = NULL;
  g_autofree guint32 *stack = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Region));
  guint n;

  if (bw < 4 || bh < 4)
    return 0;
  threshold (decoder, half, binary);
  busy = g_new0 (guint16, (gsize) bw * bh);
  for (guint y = 0; y < bh * REGION_BLOCK; y++)
    {
      const guint8 *row = binary + (gsize) y * w;
      const guint8 *next = y + 1 < half->height ? row + w : row;
      guint16 *brow = busy + (gsize) (y / REGION_BLOCK) * bw;

      for (guint x = 0; x < bw * REGION_BLOCK; x++)
        brow[x / REGION_BLOCK] += (x + 1 < w && row[x] != row[x + 1]) + (row[x] != next[x]);
    }

  /* Flood fill over busy blocks (8-connected); a visited block is marked with 0. */
  stack = g_new (guint32, (gsize) bw * bh);
  for (guint start = 0; start < bw * bh; start++)
    {
      Region region;
      guint top = 0;

      if (busy[start] < REGION_BUSY)
        continue;
      region = (Region) { start % bw, start / bw, start % bw, start / bw, 0 };
      busy[start] = 0;
      stack[top++] = start;
      while (top > 0)
        {
          guint b = stack[--top], bx = b % bw, by = b / bw;

          region.weight++;
          region.x0 = MIN (region.x0, bx);
          region.x1 = MAX (region.x1, bx);
          region.y0 = MIN (region.y0, by);
          region.y1 = MAX (region.y1, by);
          for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
              {
                int nx = (int) bx + dx, ny = (int) by + dy;
                guint nb;

                if (nx < 0 || ny < 0 || nx >= (int) bw || ny >= (int) bh)
                  continue;
                nb = (guint) ny * bw + (guint) nx;
                if (busy[nb] >= REGION_BUSY)
                  {
                    busy[nb] = 0;
                    stack[top++] = nb;
                  }
              }
        }
      /* The smallest code (21 modules) at the smallest module ZBar reads is ~4 blocks wide. */
      if (region.x1 - region.x0 >= 2 && region.y1 - region.y0 >= 2 && region.weight >= 6)
        g_array_append_val (found, region);
    }
  g_array_sort (found, compare_regions);
  n = MIN (found->len, REGION_MAX);
  if (n > 0)
    memcpy (regions, found->data, n * sizeof (Region));
  return n;
}

/* The regions' full-size pixels, thresholded, each scanned at full density. */
static gboolean
scan_regions (KioskQrDecoder *decoder,
              const View     *full,
              const View     *half,
              GPtrArray      *found)
{
  Region regions[REGION_MAX];
  guint n = find_regions (decoder, half, regions);

  for (guint i = 0; i < n; i++)
    {
      /* Two blocks of margin: the quiet zone, and the edge of a code the blocks cut off. */
      guint scale = 2 * REGION_BLOCK;
      guint x0 = regions[i].x0 >= 2 ? (regions[i].x0 - 2) * scale : 0;
      guint y0 = regions[i].y0 >= 2 ? (regions[i].y0 - 2) * scale : 0;
      guint x1 = MIN ((regions[i].x1 + 3) * scale, full->width);
      guint y1 = MIN ((regions[i].y1 + 3) * scale, full->height);
      View crop = { NULL, x1 - x0, y1 - y0 };
      guint8 *pixels;

      if (crop.width < 42 || crop.height < 42)
        continue;
      /* A region as large as the frame is no shortcut: the full-size passes cover it. */
      if ((gsize) crop.width * crop.height * 2 > (gsize) full->width * full->height)
        continue;
      pixels = scratch (&decoder->crop, &decoder->crop_size, (gsize) crop.width * crop.height * 2);
      for (guint y = 0; y < crop.height; y++)
        memcpy (pixels + (gsize) y * crop.width, full->pixels + (gsize) (y0 + y) * full->width + x0,
                crop.width);
      crop.pixels = pixels;
      if (scan (decoder, threshold (decoder, &crop, pixels + (gsize) crop.width * crop.height),
                ENGINE_ZBAR, 0, found))
        return TRUE;
    }
  return FALSE;
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
  View full, half = { NULL, 0, 0 };
  guint factor = 1, turn = 0;
  gsize n;
  guint8 *work;

  if (pass_used != NULL)
    *pass_used = 0;
  g_return_val_if_fail (pixels != NULL && stride >= width, found);
  if (width == 0 || height == 0)
    return found;

  /* ZBar's QR reader draws from a random generator seeded once per scanner, so what it reads
   * in a picture would depend on every picture before it. A fresh scanner (tens of
   * microseconds) makes each decode depend on its picture alone. */
  zbar_image_scanner_destroy (decoder->zbar);
  decoder->zbar = zbar_scanner_new ();

  while (MAX (width, height) / factor > KIOSK_QR_MAX_SIDE)
    factor++;
  {
    View input = { pixels, width, height };
    gsize needed = (gsize) (width / factor) * (height / factor);
    guint8 *base = scratch (&decoder->base, &decoder->base_size, needed);
    g_autofree guint8 *packed = NULL;

    if (factor == 1)
      {
        for (guint y = 0; y < height; y++)
          memcpy (base + (gsize) y * width, pixels + y * stride, width);
        full = (View) { base, width, height };
      }
    else
      {
        /* The box filter reads packed rows. */
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

  if (decoder->video)
    {
      guint turns = 0;

      for (guint i = 0; i < G_N_ELEMENTS (pass_table); i++)
        turns += (decoder->passes & KIOSK_QR_PASS_VIDEO_TURNS & pass_table[i].pass) != 0;
      if (turns > 0)
        turn = decoder->turn++ % turns;
    }

  for (guint i = 0, turns = 0; i < G_N_ELEMENTS (pass_table); i++)
    {
      View source, view;

      if (!(decoder->passes & pass_table[i].pass))
        continue;
      /* Video: the every-frame passes, then only this frame's turn of the others. */
      if (decoder->video && !(pass_table[i].pass & KIOSK_QR_PASS_VIDEO_EVERY) &&
          (!(pass_table[i].pass & KIOSK_QR_PASS_VIDEO_TURNS) || turns++ != turn))
        continue;

      if (pass_table[i].source == SOURCE_REGIONS)
        {
          if (half.pixels == NULL && full.width >= 84 && full.height >= 84)
            half = downscale (&full, 2, scratch (&decoder->half, &decoder->half_size, n / 4 + 1));
          zbar_image_scanner_set_config (decoder->zbar, 0, ZBAR_CFG_X_DENSITY, 1);
          zbar_image_scanner_set_config (decoder->zbar, 0, ZBAR_CFG_Y_DENSITY, 1);
          if (half.pixels != NULL && scan_regions (decoder, &full, &half, found))
            {
              if (pass_used != NULL)
                *pass_used = pass_table[i].pass;
              break;
            }
          continue;
        }

      switch (pass_table[i].source)
        {
        case SOURCE_FULL:
          source = full;
          break;
        case SOURCE_HALF:
        case SOURCE_QUARTER:
          if (half.pixels == NULL)
            half = downscale (&full, 2, scratch (&decoder->half, &decoder->half_size, n / 4 + 1));
          source = half;
          break;
        case SOURCE_DOUBLE:
        default:
          /* Only small pictures: a large one has no modules that small to rescue. */
          if (MAX (full.width, full.height) > 1024)
            continue;
          source = full;
          break;
        }
      if (MIN (source.width, source.height) < 42)
        continue;

      switch (pass_table[i].filter)
        {
        case FILTER_THRESHOLD: view = threshold (decoder, &source, work); break;
        case FILTER_INVERT: view = invert (&source, work); break;
        case FILTER_SHARPEN: view = box3 (decoder, &source, TRUE, work); break;
        case FILTER_SMOOTH: view = box3 (decoder, &source, FALSE, work); break;
        case FILTER_STRETCH: view = stretch (&source, work); break;
        case FILTER_NONE:
        default: view = source; break;
        }
      if (pass_table[i].source == SOURCE_QUARTER)
        view = downscale (&source, 2, work);
      else if (pass_table[i].source == SOURCE_DOUBLE)
        view = upscale2 (&source, work);

      zbar_image_scanner_set_config (decoder->zbar, 0, ZBAR_CFG_X_DENSITY,
                                     pass_table[i].density);
      zbar_image_scanner_set_config (decoder->zbar, 0, ZBAR_CFG_Y_DENSITY,
                                     pass_table[i].density);
      if (scan (decoder, view, pass_table[i].engine, pass_table[i].zxing, found))
        {
          if (pass_used != NULL)
            *pass_used = pass_table[i].pass;
          break;
        }
    }
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
