/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Synthetic camera pictures of QR codes, deterministic, for tests and the scan benchmark. */
#define G_LOG_DOMAIN "kiosk-qr-synth"

#include "config.h"

#include "kiosk-qr-synth.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>
#include <qrencode.h>

#include "kiosk-error.h"

/* Paper around the code: the 4-module quiet zone the standard asks for, then a band where
 * the scene puts printed text, as on a receipt or a fine notice. */
#define QUIET_ZONE   4.0
#define PAPER_MARGIN 7.0

void
kiosk_synth_params_init (KioskSynthParams *params)
{
  *params = (KioskSynthParams) {
    .seed = 1,
    .module_px = 5.0,
    .center_x = 0.5,
    .center_y = 0.5,
    .contrast = 190.0,
  };
}

/* Solves the 8×8 system of a homography taking `from` to `to` (4 points each, x y pairs),
 * by Gaussian elimination with partial pivoting. */
static gboolean
homography_solve (const double from[8],
                  const double to[8],
                  double       h[8])
{
  double a[8][9];

  for (int i = 0; i < 4; i++)
    {
      double x = from[2 * i], y = from[2 * i + 1], u = to[2 * i], v = to[2 * i + 1];
      double r0[9] = { x, y, 1, 0, 0, 0, -x * u, -y * u, u };
      double r1[9] = { 0, 0, 0, x, y, 1, -x * v, -y * v, v };

      memcpy (a[2 * i], r0, sizeof r0);
      memcpy (a[2 * i + 1], r1, sizeof r1);
    }
  for (int c = 0; c < 8; c++)
    {
      int pivot = c;

      for (int r = c + 1; r < 8; r++)
        if (fabs (a[r][c]) > fabs (a[pivot][c]))
          pivot = r;
      if (fabs (a[pivot][c]) < 1e-12)
        return FALSE;
      if (pivot != c)
        for (int k = 0; k < 9; k++)
          {
            double t = a[c][k];
            a[c][k] = a[pivot][k];
            a[pivot][k] = t;
          }
      for (int r = 0; r < 8; r++)
        if (r != c)
          {
            double f = a[r][c] / a[c][c];
            for (int k = c; k < 9; k++)
              a[r][k] -= f * a[c][k];
          }
    }
  for (int i = 0; i < 8; i++)
    h[i] = a[i][8] / a[i][i];
  return TRUE;
}

static double
gauss (GRand *rand)
{
  double u1 = g_rand_double_range (rand, 1e-12, 1.0);
  double u2 = g_rand_double (rand);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

typedef struct
{
  double x0, y0, x1, y1;
  double level;
} Rect;

/* The paper's own print outside the quiet zone: short dark bars like lines of text. */
typedef struct
{
  double u0, v0, u1, v1;
} Bar;

static void
gaussian_blur (float *buf,
               guint  width,
               guint  height,
               double sigma)
{
  int radius = (int) ceil (sigma * 3.0);
  g_autofree float *kernel = g_new (float, 2 * radius + 1);
  g_autofree float *tmp = g_new (float, (gsize) width * height);
  double sum = 0;

  for (int i = -radius; i <= radius; i++)
    sum += kernel[i + radius] = (float) exp (-(i * i) / (2.0 * sigma * sigma));
  for (int i = 0; i <= 2 * radius; i++)
    kernel[i] /= (float) sum;

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        float acc = 0;
        for (int k = -radius; k <= radius; k++)
          {
            int xx = CLAMP ((int) x + k, 0, (int) width - 1);
            acc += kernel[k + radius] * buf[(gsize) y * width + xx];
          }
        tmp[(gsize) y * width + x] = acc;
      }
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        float acc = 0;
        for (int k = -radius; k <= radius; k++)
          {
            int yy = CLAMP ((int) y + k, 0, (int) height - 1);
            acc += kernel[k + radius] * tmp[(gsize) yy * width + x];
          }
        buf[(gsize) y * width + x] = acc;
      }
}

static KioskGrayImage *
jpeg_round_trip (KioskGrayImage *image,
                 int             quality,
                 GError        **error)
{
  g_autoptr(GBytes) jpeg = kiosk_synth_encode (image, quality, error);
  g_autoptr(GdkPixbufLoader) loader = NULL;
  GdkPixbuf *pixbuf;

  if (jpeg == NULL)
    return NULL;
  loader = gdk_pixbuf_loader_new_with_type ("jpeg", error);
  if (loader == NULL ||
      !gdk_pixbuf_loader_write_bytes (loader, jpeg, error) ||
      !gdk_pixbuf_loader_close (loader, error))
    return NULL;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  return kiosk_gray_image_new_from_rgb (gdk_pixbuf_read_pixels (pixbuf),
                                        (guint) gdk_pixbuf_get_width (pixbuf),
                                        (guint) gdk_pixbuf_get_height (pixbuf),
                                        (gsize) gdk_pixbuf_get_rowstride (pixbuf),
                                        (guint) gdk_pixbuf_get_n_channels (pixbuf),
                                        gdk_pixbuf_get_has_alpha (pixbuf));
}

KioskGrayImage *
kiosk_synth_qr (const char             *payload,
                const KioskSynthParams *params,
                guint                   width,
                guint                   height,
                GError                **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (params->seed);
  g_autoptr(KioskGrayImage) image = NULL;
  g_autofree float *buf = NULL;
  QRcode *code;
  int n;
  double side, half, cx, cy, p, lo, hi;
  double quad[8], doc[8], h[8];
  double paper, ink, base, grad_x, grad_y, glare_x, glare_y, glare_r;
  Rect rects[10];
  Bar bars[24];
  guint n_bars = 0;
  int min_x, min_y, max_x, max_y, ss;

  code = QRcode_encodeString (payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "libqrencode cannot encode “%s”",
                   payload);
      return NULL;
    }
  n = code->width;

  /* Where the paper's corners land: a square of `side` pixels, keystoned (the camera looks at
   * it from an angle), rotated, with a little hand-held jitter. */
  side = (n + 2 * PAPER_MARGIN) * params->module_px;
  half = side / 2;
  p = CLAMP (params->perspective, 0.0, 0.6);
  {
    double corners[8] = { -half * (1 - p), -half, half * (1 - p), -half,
                          half, half, -half, half };
    double c = cos (params->rotation_deg * G_PI / 180), s = sin (params->rotation_deg * G_PI / 180);
    double reach = 0;

    for (int i = 0; i < 4; i++)
      {
        double x = corners[2 * i] + g_rand_double_range (rand, -0.01, 0.01) * side;
        double y = corners[2 * i + 1] + g_rand_double_range (rand, -0.01, 0.01) * side;
        quad[2 * i] = c * x - s * y;
        quad[2 * i + 1] = s * x + c * y;
        reach = MAX (reach, MAX (fabs (quad[2 * i]), fabs (quad[2 * i + 1])));
      }
    /* Keep the whole paper in the frame: a code cut by the frame edge is a framing problem,
     * not the decoder's. */
    cx = CLAMP (params->center_x * width, reach + 2, width - reach - 2);
    cy = CLAMP (params->center_y * height, reach + 2, height - reach - 2);
    if (reach * 2 + 4 > MIN (width, height))
      {
        QRcode_free (code);
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "a %d-module code at %.1f px a"
                     " module does not fit in %u×%u", n, params->module_px, width, height);
        return NULL;
      }
    for (int i = 0; i < 4; i++)
      {
        quad[2 * i] += cx;
        quad[2 * i + 1] += cy;
      }
  }
  lo = -PAPER_MARGIN;
  hi = n + PAPER_MARGIN;
  {
    double d[8] = { lo, lo, hi, lo, hi, hi, lo, hi };
    memcpy (doc, d, sizeof d);
  }
  if (!homography_solve (quad, doc, h))
    {
      QRcode_free (code);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "degenerate perspective");
      return NULL;
    }

  /* The scene: a lit surface with a gradient and objects on it, then the paper. */
  base = g_rand_double_range (rand, 60, 150);
  grad_x = g_rand_double_range (rand, -40, 40) / width;
  grad_y = g_rand_double_range (rand, -40, 40) / height;
  for (guint i = 0; i < G_N_ELEMENTS (rects); i++)
    {
      double x = g_rand_double_range (rand, -100, width), y = g_rand_double_range (rand, -100, height);
      rects[i] = (Rect) { x, y, x + g_rand_double_range (rand, 20, 300),
                          y + g_rand_double_range (rand, 10, 200),
                          g_rand_double_range (rand, 10, 240) };
    }
  for (double v = lo + 0.8; v + 0.7 < hi && n_bars < G_N_ELEMENTS (bars); v += 1.4)
    {
      gboolean band = v < -QUIET_ZONE - 0.5 || v > n + QUIET_ZONE;
      double u0 = lo + 0.8 + g_rand_double_range (rand, 0, 3);
      double u1 = hi - 0.8 - g_rand_double_range (rand, 0, 6);

      if (band && g_rand_boolean (rand))
        bars[n_bars++] = (Bar) { u0, v, u1, v + 0.7 };
    }
  paper = g_rand_double_range (rand, 215, 245);
  ink = MAX (0.0, paper - params->contrast);
  glare_x = cx + g_rand_double_range (rand, -0.25, 0.25) * side;
  glare_y = cy + g_rand_double_range (rand, -0.25, 0.25) * side;
  glare_r = g_rand_double_range (rand, 0.12, 0.22) * side;

  buf = g_new (float, (gsize) width * height);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        double v = base + grad_x * x + grad_y * y;
        for (guint i = 0; i < G_N_ELEMENTS (rects); i++)
          if (x >= rects[i].x0 && x < rects[i].x1 && y >= rects[i].y0 && y < rects[i].y1)
            v = rects[i].level;
        buf[(gsize) y * width + x] = (float) v;
      }

  min_x = max_x = (int) quad[0];
  min_y = max_y = (int) quad[1];
  for (int i = 1; i < 4; i++)
    {
      min_x = MIN (min_x, (int) floor (quad[2 * i]));
      max_x = MAX (max_x, (int) ceil (quad[2 * i]));
      min_y = MIN (min_y, (int) floor (quad[2 * i + 1]));
      max_y = MAX (max_y, (int) ceil (quad[2 * i + 1]));
    }
  min_x = MAX (min_x, 0);
  min_y = MAX (min_y, 0);
  max_x = MIN (max_x, (int) width - 1);
  max_y = MIN (max_y, (int) height - 1);

  /* Supersampled so that modules smaller than a pixel blend as a lens would blend them. */
  ss = params->module_px < 2.5 ? 5 : 3;
  for (int y = min_y; y <= max_y; y++)
    for (int x = min_x; x <= max_x; x++)
      {
        double acc = 0;
        int hits = 0;

        for (int sy = 0; sy < ss; sy++)
          for (int sx = 0; sx < ss; sx++)
            {
              double px = x + (sx + 0.5) / ss, py = y + (sy + 0.5) / ss;
              double w = h[6] * px + h[7] * py + 1;
              double u = (h[0] * px + h[1] * py + h[2]) / w;
              double v = (h[3] * px + h[4] * py + h[5]) / w;
              gboolean dark = FALSE;

              if (u < lo || u >= hi || v < lo || v >= hi)
                continue;
              if (u >= 0 && u < n && v >= 0 && v < n)
                dark = !params->no_code && (code->data[(int) v * n + (int) u] & 1);
              else
                for (guint b = 0; b < n_bars; b++)
                  if (u >= bars[b].u0 && u < bars[b].u1 && v >= bars[b].v0 && v < bars[b].v1)
                    dark = TRUE;
              if (params->inverted)
                dark = !dark;
              acc += dark ? ink : paper;
              hits++;
            }
        if (hits > 0)
          {
            float *dst = &buf[(gsize) y * width + x];
            *dst = (float) ((acc + *dst * (ss * ss - hits)) / (ss * ss));
          }
      }
  QRcode_free (code);

  if (params->glare > 0)
    for (int y = min_y; y <= max_y; y++)
      for (int x = min_x; x <= max_x; x++)
        {
          double d2 = (x - glare_x) * (x - glare_x) + (y - glare_y) * (y - glare_y);
          buf[(gsize) y * width + x] += (float) (params->glare * 255 *
                                                 exp (-d2 / (2 * glare_r * glare_r)));
        }

  if (params->blur_sigma > 0.05)
    gaussian_blur (buf, width, height, params->blur_sigma);

  image = kiosk_gray_image_new (width, height);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      double v = buf[i];
      if (params->noise_sigma > 0)
        v += params->noise_sigma * gauss (rand);
      image->pixels[i] = (guint8) CLAMP (lround (v), 0, 255);
    }

  if (params->jpeg_quality > 0)
    return jpeg_round_trip (image, params->jpeg_quality, error);
  return g_steal_pointer (&image);
}

GBytes *
kiosk_synth_encode (const KioskGrayImage *image,
                    int                   jpeg_quality,
                    GError              **error)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                                                (int) image->width, (int) image->height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  g_autofree char *buffer = NULL;
  g_autofree char *quality = g_strdup_printf ("%d", jpeg_quality);
  gsize size = 0;
  gboolean ok;

  for (guint y = 0; y < image->height; y++)
    for (guint x = 0; x < image->width; x++)
      memset (pixels + (gsize) y * stride + 3 * x, image->pixels[y * image->stride + x], 3);

  if (jpeg_quality > 0)
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", error,
                                    "quality", quality, NULL);
  else
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", error,
                                    "compression", "1", NULL);
  if (!ok)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&buffer), size);
}

static const char *const wilayats[] = { "MUSCAT", "MUTRAH", "BAWSHAR", "SEEB", "AMERAT", "QURAYYAT" };
static const char *const services[] = { "FINE", "PARK", "SHOP", "VEH", "RPT", "LEASE" };

static char *
random_b64 (GRand *rand,
            guint  length)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  char *text = g_new (char, length + 1);

  for (guint i = 0; i < length; i++)
    text[i] = alphabet[g_rand_int_range (rand, 0, 64)];
  text[length] = '\0';
  return text;
}

/* What the kiosk really scans: its own signed receipts, the municipality's fine notices
 * (signed too) and plain web addresses. */
static char *
corpus_payload (GRand *rand,
                guint  index)
{
  g_autofree char *sig = random_b64 (rand, 86);
  int day = g_rand_int_range (rand, 1, 29), seq = g_rand_int_range (rand, 1, 9999);
  int baisa = g_rand_int_range (rand, 1, 200) * 500;

  switch (index % 3)
    {
    case 0:
      return g_strdup_printf ("MK1.R.MCT%02d.%s-2611%02d-%04d.%s.%d.%s",
                              g_rand_int_range (rand, 1, 40),
                              services[g_rand_int_range (rand, 0, G_N_ELEMENTS (services))],
                              day, seq, "2026-11-30T10:22:41+04:00", baisa, sig);
    case 1:
      return g_strdup_printf ("https://www.mm.gov.om/e-services/track?ref=MCT%02d-2611%02d-%04d"
                              "&lang=%s", g_rand_int_range (rand, 1, 40), day, seq,
                              g_rand_boolean (rand) ? "ar" : "en");
    default:
      {
        g_autofree char *short_sig = random_b64 (rand, 43);
        return g_strdup_printf ("MK1.F.%07d.%05d %c%c.%s.2026-11-%02d.%d.%s",
                                g_rand_int_range (rand, 1, 9999999),
                                g_rand_int_range (rand, 1, 99999),
                                'A' + g_rand_int_range (rand, 0, 26),
                                'A' + g_rand_int_range (rand, 0, 26),
                                wilayats[g_rand_int_range (rand, 0, G_N_ELEMENTS (wilayats))],
                                day, baisa, short_sig);
      }
    }
}

static const char *const kinds[] = {
  "blur", "noise", "rotation", "perspective", "glare", "contrast", "small", "inverted", "mixed",
};

char *
kiosk_synth_corpus_item (guint             series,
                         guint             index,
                         guint             count,
                         KioskSynthParams *params,
                         char            **stem)
{
  /* Series 0 keeps the seeds the corpus always had. */
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x6b696f73u ^ (index * 2654435761u) ^
                                                (series * 0x85ebca6bu));
  guint kind = index % G_N_ELEMENTS (kinds);
  guint rounds = MAX (1u, (count + G_N_ELEMENTS (kinds) - 1) / G_N_ELEMENTS (kinds));
  double s = rounds > 1 ? (double) (index / G_N_ELEMENTS (kinds)) / (rounds - 1) : 0.5;
  char *payload;

  s = MIN (s, 1.0);
  kiosk_synth_params_init (params);
  params->seed = g_rand_int (rand);
  payload = corpus_payload (rand, index);

  /* Every picture is a little imperfect, as a hand-held camera picture is; then one kind of
   * trouble grows with the severity `s`. */
  params->module_px = g_rand_double_range (rand, 3.2, 6.0);
  params->center_x = g_rand_double_range (rand, 0.3, 0.7);
  params->center_y = g_rand_double_range (rand, 0.4, 0.6);
  params->rotation_deg = g_rand_double_range (rand, -12, 12);
  params->perspective = g_rand_double_range (rand, 0, 0.06);
  params->blur_sigma = g_rand_double_range (rand, 0.3, 0.8);
  params->noise_sigma = g_rand_double_range (rand, 1.5, 4.0);
  params->contrast = g_rand_double_range (rand, 140, 200);
  params->jpeg_quality = g_rand_boolean (rand) ? 0 : 88;

  switch (kind)
    {
    case 0: params->blur_sigma = 0.8 + 3.2 * s; break;
    case 1: params->noise_sigma = 8 + 52 * s; break;
    case 2: params->rotation_deg = g_rand_double_range (rand, -1, 1) * (20 + 160 * s); break;
    case 3: params->perspective = 0.08 + 0.37 * s; break;
    case 4: params->glare = 0.4 + 0.8 * s; break;
    case 5: params->contrast = 110 - 95 * s; break;
    case 6: params->module_px = 3.0 - 1.9 * s; params->blur_sigma = 0.4; break;
    case 7:
      params->inverted = TRUE;
      params->blur_sigma = 0.5 + 1.5 * s;
      params->noise_sigma = 3 + 17 * s;
      break;
    default:
      params->blur_sigma = 0.6 + 1.6 * s;
      params->noise_sigma = 4 + 16 * s;
      params->perspective = 0.05 + 0.2 * s;
      params->contrast = 150 - 90 * s;
      params->glare = 0.3 * s;
      params->jpeg_quality = (int) (85 - 55 * s);
      break;
    }

  *stem = g_strdup_printf ("%03u-%s-s%.2f", index, kinds[kind], s);
  return payload;
}
