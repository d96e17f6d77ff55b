/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Slips laid out with Pango/Cairo and rendered to raster, PNG and PDF; see kiosk-slip.h. */
#define G_LOG_DOMAIN "kiosk-printer"

#include "config.h"

#include "kiosk-slip.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#ifdef HAVE_RSVG
#include <librsvg/rsvg.h>
#endif

#include "kiosk-devices-resources.h"
#include "kiosk-error.h"
#include "kiosk-qr-image.h"

#define WIDTH KIOSK_ESCPOS_WIDTH_DOTS
/* Inside the print head's 72 mm: a little white at each edge keeps glyphs off the margin. */
#define PADDING 12
#define GAP 8
#define EMBLEM_DOTS 136
/* 203 dpi in PDF points. */
#define PDF_SCALE (72.0 / 203.0)

typedef enum
{
  BLOCK_TEXT,
  BLOCK_IDENTIFIER,
  BLOCK_FIELD,
  BLOCK_QR,
  BLOCK_EMBLEM,
  BLOCK_RULE,
  BLOCK_SPACE,
  BLOCK_BANNER,
  BLOCK_SIGNATURE,
} BlockKind;

typedef struct
{
  BlockKind       kind;
  KioskSlipStyle  style;
  char           *text;
  char           *value;
  gboolean        value_ltr;
  KioskQrMatrix  *qr;
  int             dots;    /* module size of a QR, height of a space */
} Block;

struct _KioskSlip
{
  gatomicrefcount  ref_count;
  char            *language;
  gboolean         rtl;
  GPtrArray       *blocks;
  char            *receipt_uuid;
};

static void
block_free (Block *block)
{
  g_free (block->text);
  g_free (block->value);
  g_clear_pointer (&block->qr, kiosk_qr_matrix_free);
  g_free (block);
}

KioskSlip *
kiosk_slip_new (const char *language)
{
  KioskSlip *slip = g_new0 (KioskSlip, 1);

  g_atomic_ref_count_init (&slip->ref_count);
  slip->language = g_strdup (g_strcmp0 (language, "ar") == 0 ? "ar" : "en");
  slip->rtl = g_str_equal (slip->language, "ar");
  slip->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  return slip;
}

KioskSlip *
kiosk_slip_ref (KioskSlip *slip)
{
  g_return_val_if_fail (slip != NULL, NULL);

  g_atomic_ref_count_inc (&slip->ref_count);
  return slip;
}

void
kiosk_slip_unref (KioskSlip *slip)
{
  if (slip == NULL || !g_atomic_ref_count_dec (&slip->ref_count))
    return;
  g_ptr_array_unref (slip->blocks);
  g_free (slip->language);
  g_free (slip->receipt_uuid);
  g_free (slip);
}

const char *
kiosk_slip_get_language (KioskSlip *slip)
{
  return slip->language;
}

void
kiosk_slip_set_receipt_uuid (KioskSlip  *slip,
                             const char *uuid)
{
  g_free (slip->receipt_uuid);
  slip->receipt_uuid = g_strdup (uuid);
}

const char *
kiosk_slip_get_receipt_uuid (KioskSlip *slip)
{
  return slip->receipt_uuid;
}

static Block *
add_block (KioskSlip *slip,
           BlockKind  kind)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  block->style = KIOSK_SLIP_BODY;
  g_ptr_array_add (slip->blocks, block);
  return block;
}

void
kiosk_slip_add_text (KioskSlip      *slip,
                     KioskSlipStyle  style,
                     const char     *text)
{
  Block *block = add_block (slip, BLOCK_TEXT);

  block->style = style;
  block->text = g_strdup (text ? text : "");
}

void
kiosk_slip_add_identifier (KioskSlip      *slip,
                           KioskSlipStyle  style,
                           const char     *text)
{
  Block *block = add_block (slip, BLOCK_IDENTIFIER);

  block->style = style;
  block->text = g_strdup (text ? text : "");
}

void
kiosk_slip_add_field (KioskSlip  *slip,
                      const char *label,
                      const char *value,
                      gboolean    value_ltr)
{
  Block *block = add_block (slip, BLOCK_FIELD);

  block->text = g_strdup (label ? label : "");
  block->value = g_strdup (value ? value : "");
  block->value_ltr = value_ltr;
}

gboolean
kiosk_slip_add_qr (KioskSlip   *slip,
                   const char  *text,
                   int          module_dots,
                   GError     **error)
{
  g_autoptr(KioskQrMatrix) matrix = kiosk_qr_encode (text, error);
  Block *block;

  if (matrix == NULL)
    return FALSE;
  module_dots = MAX (module_dots, KIOSK_SLIP_QR_MIN_MODULE_DOTS);
  /* Never wider than the paper: a module less until it fits. */
  while (module_dots > KIOSK_SLIP_QR_MIN_MODULE_DOTS &&
         (matrix->width + 2 * KIOSK_QR_QUIET_ZONE) * module_dots > WIDTH)
    module_dots--;
  if ((matrix->width + 2 * KIOSK_QR_QUIET_ZONE) * module_dots > WIDTH)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "a QR code of %d modules does not fit on the paper", matrix->width);
      return FALSE;
    }
  block = add_block (slip, BLOCK_QR);
  block->qr = g_steal_pointer (&matrix);
  block->dots = module_dots;
  return TRUE;
}

void
kiosk_slip_add_emblem (KioskSlip *slip)
{
  add_block (slip, BLOCK_EMBLEM);
}

void
kiosk_slip_add_rule (KioskSlip *slip)
{
  add_block (slip, BLOCK_RULE);
}

void
kiosk_slip_add_space (KioskSlip *slip,
                      int        dots)
{
  add_block (slip, BLOCK_SPACE)->dots = MAX (dots, 0);
}

void
kiosk_slip_add_banner (KioskSlip  *slip,
                       const char *text)
{
  Block *block = add_block (slip, BLOCK_BANNER);

  block->style = KIOSK_SLIP_HEADING;
  block->text = g_strdup (text ? text : "");
}

void
kiosk_slip_add_signature (KioskSlip  *slip,
                          const char *caption)
{
  Block *block = add_block (slip, BLOCK_SIGNATURE);

  block->style = KIOSK_SLIP_SMALL;
  block->text = g_strdup (caption ? caption : "");
}

/* Layout ------------------------------------------------------------------------------ */

typedef struct
{
  cairo_t   *cr;
  gboolean   paint;
  gboolean   rtl;
  GArray    *dither;         /* x, y, w, h of pictures to dither */
  guint      unknown_glyphs;
  double     y;
} Pen;

static PangoFontDescription *
font_for (KioskSlipStyle style,
          gboolean       rtl)
{
  PangoFontDescription *font = pango_font_description_new ();
  /* Pixel sizes at 203 dpi; Naskh needs a little more than Latin to read as the same size. */
  static const double px[] = { 21, 25, 25, 31, 35, 46 };
  double scale = rtl ? 1.12 : 1.0;

  /* Arabic in Noto Naskh Arabic and Latin in Noto Sans, as on screen
   * (assets/fontconfig/kiosk-fonts.conf); the first family is the one each language reads. */
  pango_font_description_set_family (font, rtl ? "Noto Naskh Arabic,Noto Sans"
                                               : "Noto Sans,Noto Naskh Arabic");
  pango_font_description_set_absolute_size (font, px[style] * scale * PANGO_SCALE);
  if (style == KIOSK_SLIP_BOLD || style == KIOSK_SLIP_HEADING || style == KIOSK_SLIP_TITLE ||
      style == KIOSK_SLIP_REFERENCE)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  return font;
}

static PangoLayout *
make_layout (Pen            *pen,
             const char     *text,
             KioskSlipStyle  style,
             int             width,
             gboolean        ltr,
             PangoAlignment  alignment)
{
  PangoLayout *layout = pango_cairo_create_layout (pen->cr);
  PangoContext *context = pango_layout_get_context (layout);
  g_autoptr(PangoFontDescription) font = font_for (style, pen->rtl);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Gray antialiasing thresholded later gives cleaner strokes than none; unhinted metrics
   * keep the raster, the PNG and the PDF the same layout. */
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_base_dir (context, ltr || !pen->rtl ? PANGO_DIRECTION_LTR
                                                        : PANGO_DIRECTION_RTL);
  pango_layout_context_changed (layout);
  pango_layout_set_auto_dir (layout, FALSE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_wrap (layout, ltr ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, text, -1);
  pen->unknown_glyphs += (guint) pango_layout_get_unknown_glyphs_count (layout);
  return layout;
}

static int
show_layout (Pen         *pen,
             PangoLayout *layout,
             double       x)
{
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  if (pen->paint)
    {
      cairo_move_to (pen->cr, x, pen->y);
      pango_cairo_show_layout (pen->cr, layout);
    }
  return height;
}

static void
draw_text_block (Pen   *pen,
                 Block *block)
{
  gboolean ltr = block->kind == BLOCK_IDENTIFIER;
  g_autoptr(PangoLayout) layout = make_layout (pen, block->text, block->style,
                                               WIDTH - 2 * PADDING, ltr, PANGO_ALIGN_CENTER);

  pen->y += show_layout (pen, layout, PADDING) + GAP;
}

static void
draw_field (Pen   *pen,
            Block *block)
{
  int avail = WIDTH - 2 * PADDING - 2 * GAP;
  int value_width, label_width, h1, h2;
  g_autoptr(PangoLayout) value = make_layout (pen, block->value, KIOSK_SLIP_BOLD, avail,
                                              block->value_ltr,
                                              pen->rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
  g_autoptr(PangoLayout) label = NULL;
  double label_x, value_x;

  /* The caption at the reading side's edge, the value at the other edge:
   * "Amount ........ OMR 5.000", mirrored in Arabic. A short value leaves the caption the
   * rest of the line; longer ones share it, the value taking a little more. */
  pango_layout_get_pixel_size (value, &value_width, NULL);
  if (value_width <= avail * 2 / 5)
    label_width = avail - value_width;
  else
    label_width = avail * 9 / 20;
  value_width = avail - label_width;
  pango_layout_set_width (value, value_width * PANGO_SCALE);
  label = make_layout (pen, block->text, KIOSK_SLIP_BODY, label_width, FALSE,
                       pen->rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  label_x = pen->rtl ? WIDTH - PADDING - label_width : PADDING;
  value_x = pen->rtl ? PADDING : WIDTH - PADDING - value_width;
  h1 = show_layout (pen, label, label_x);
  h2 = show_layout (pen, value, value_x);
  pen->y += MAX (h1, h2) + GAP / 2;
}

static void
draw_qr (Pen   *pen,
         Block *block)
{
  const KioskQrMatrix *qr = block->qr;
  int m = block->dots;
  int side = (qr->width + 2 * KIOSK_QR_QUIET_ZONE) * m;
  int x0 = (WIDTH - side) / 2;
  int y0 = (int) ceil (pen->y);

  if (pen->paint)
    {
      cairo_save (pen->cr);
      cairo_set_antialias (pen->cr, CAIRO_ANTIALIAS_NONE);
      cairo_set_source_rgb (pen->cr, 1, 1, 1);
      cairo_rectangle (pen->cr, x0, y0, side, side);
      cairo_fill (pen->cr);
      cairo_set_source_rgb (pen->cr, 0, 0, 0);
      for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width; x++)
          if (kiosk_qr_matrix_is_dark (qr, x, y))
            cairo_rectangle (pen->cr, x0 + (x + KIOSK_QR_QUIET_ZONE) * m,
                             y0 + (y + KIOSK_QR_QUIET_ZONE) * m, m, m);
      cairo_fill (pen->cr);
      cairo_restore (pen->cr);
    }
  pen->y = y0 + side + GAP;
}

/* The emblem drawn in its colours when librsvg is missing: a gold ring, the sea-blue disc
 * and a white tower, as assets/icons/kiosk-emblem.svg draws them. */
static void
draw_emblem_fallback (cairo_t *cr,
                      double   x,
                      double   y,
                      double   size)
{
  double k = size / 128.0;

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, k, k);
  cairo_set_source_rgb (cr, 0xc8 / 255.0, 0xa9 / 255.0, 0x51 / 255.0);
  cairo_arc (cr, 64, 64, 62, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0x0b / 255.0, 0x4f / 255.0, 0x5c / 255.0);
  cairo_arc (cr, 64, 64, 55, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 50, 40, 28, 40);
  cairo_rectangle (cr, 46, 34, 8, 16);
  cairo_rectangle (cr, 60, 34, 8, 16);
  cairo_rectangle (cr, 74, 34, 8, 16);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
draw_emblem (Pen *pen)
{
  int x = (WIDTH - EMBLEM_DOTS) / 2;
  int y = (int) ceil (pen->y);

  if (pen->paint)
    {
      gboolean drawn = FALSE;
#ifdef HAVE_RSVG
      g_autoptr(GInputStream) stream = NULL;
      RsvgHandle *handle = NULL;
      RsvgRectangle viewport = { x, y, EMBLEM_DOTS, EMBLEM_DOTS };

      stream = g_resource_open_stream (kiosk_devices_get_resource (),
                                       "/om/gov/muscat/kiosk/devices/kiosk-emblem.svg",
                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      if (stream != NULL)
        handle = rsvg_handle_new_from_stream_sync (stream, NULL, RSVG_HANDLE_FLAGS_NONE, NULL,
                                                   NULL);
      if (handle != NULL)
        {
          drawn = rsvg_handle_render_document (handle, pen->cr, &viewport, NULL);
          g_object_unref (handle);
        }
#endif
      if (!drawn)
        draw_emblem_fallback (pen->cr, x, y, EMBLEM_DOTS);
    }
  if (pen->dither != NULL)
    {
      int rect[4] = { x, y, EMBLEM_DOTS, EMBLEM_DOTS };

      g_array_append_vals (pen->dither, rect, 4);
    }
  pen->y = y + EMBLEM_DOTS + GAP;
}

static void
draw_banner (Pen   *pen,
             Block *block)
{
  g_autoptr(PangoLayout) layout = make_layout (pen, block->text, block->style,
                                               WIDTH - 2 * PADDING, FALSE, PANGO_ALIGN_CENTER);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  if (pen->paint)
    {
      cairo_set_source_rgb (pen->cr, 0, 0, 0);
      cairo_rectangle (pen->cr, PADDING, pen->y, WIDTH - 2 * PADDING, height + 2 * GAP);
      cairo_fill (pen->cr);
      cairo_set_source_rgb (pen->cr, 1, 1, 1);
      cairo_move_to (pen->cr, PADDING, pen->y + GAP);
      pango_cairo_show_layout (pen->cr, layout);
      cairo_set_source_rgb (pen->cr, 0, 0, 0);
    }
  pen->y += height + 3 * GAP;
}

static void
draw_line (Pen    *pen,
           double  x0,
           double  x1,
           double  thickness)
{
  if (pen->paint)
    {
      cairo_rectangle (pen->cr, x0, round (pen->y), x1 - x0, thickness);
      cairo_fill (pen->cr);
    }
  pen->y = round (pen->y) + thickness;
}

static void
draw_signature (Pen   *pen,
                Block *block)
{
  int length = (WIDTH - 2 * PADDING) * 3 / 5;
  double x0 = pen->rtl ? WIDTH - PADDING - length : PADDING;
  g_autoptr(PangoLayout) layout = NULL;

  pen->y += 72;   /* room to sign: ~9 mm */
  draw_line (pen, x0, x0 + length, 2);
  pen->y += 4;
  layout = make_layout (pen, block->text, block->style, length, FALSE,
                        PANGO_ALIGN_CENTER);
  pen->y += show_layout (pen, layout, x0) + GAP;
}

/* Draws (or only measures, when !pen->paint) every block; returns the height used. */
static int
draw_slip (KioskSlip *slip,
           Pen       *pen)
{
  pen->y = PADDING;
  pen->rtl = slip->rtl;
  cairo_set_source_rgb (pen->cr, 0, 0, 0);
  for (guint i = 0; i < slip->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (slip->blocks, i);

      switch (block->kind)
        {
        case BLOCK_TEXT:
        case BLOCK_IDENTIFIER:
          draw_text_block (pen, block);
          break;
        case BLOCK_FIELD:
          draw_field (pen, block);
          break;
        case BLOCK_QR:
          draw_qr (pen, block);
          break;
        case BLOCK_EMBLEM:
          draw_emblem (pen);
          break;
        case BLOCK_RULE:
          pen->y += GAP / 2;
          draw_line (pen, PADDING, WIDTH - PADDING, 2);
          pen->y += GAP;
          break;
        case BLOCK_SPACE:
          pen->y += block->dots;
          break;
        case BLOCK_BANNER:
          draw_banner (pen, block);
          break;
        case BLOCK_SIGNATURE:
          draw_signature (pen, block);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return (int) ceil (pen->y) + PADDING;
}

static int
measure (KioskSlip *slip)
{
  cairo_surface_t *scratch = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1, 1);
  cairo_t *cr = cairo_create (scratch);
  Pen pen = { cr, FALSE };
  int height = draw_slip (slip, &pen);

  cairo_destroy (cr);
  cairo_surface_destroy (scratch);
  return height;
}

static cairo_surface_t *
render (KioskSlip  *slip,
        GArray     *dither,
        guint      *out_unknown_glyphs,
        GError    **error)
{
  int height = measure (slip);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, height);
  cairo_t *cr;
  Pen pen = { 0 };

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "cannot draw a slip %d dots long: %s",
                   height, cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  pen.cr = cr;
  pen.paint = TRUE;
  pen.dither = dither;
  draw_slip (slip, &pen);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (out_unknown_glyphs != NULL)
    *out_unknown_glyphs = pen.unknown_glyphs;
  return surface;
}

cairo_surface_t *
kiosk_slip_render_image (KioskSlip  *slip,
                         guint      *out_unknown_glyphs,
                         GError    **error)
{
  g_return_val_if_fail (slip != NULL, NULL);

  return render (slip, NULL, out_unknown_glyphs, error);
}

KioskBitmap *
kiosk_slip_render_bitmap (KioskSlip  *slip,
                          guint      *out_unknown_glyphs,
                          GError    **error)
{
  g_autoptr(GArray) dither = g_array_new (FALSE, FALSE, sizeof (int));
  cairo_surface_t *surface;
  g_autofree guint8 *gray = NULL;
  const guint8 *data;
  int width, height, stride;
  KioskBitmap *bitmap;

  g_return_val_if_fail (slip != NULL, NULL);

  surface = render (slip, dither, out_unknown_glyphs, error);
  if (surface == NULL)
    return NULL;
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  data = cairo_image_surface_get_data (surface);
  gray = g_malloc ((gsize) width * height);
  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        {
          guint32 p = row[x];
          /* Rec. 601 luma, integers. */
          gray[(gsize) y * width + x] = (guint8) ((((p >> 16) & 0xff) * 299 +
                                                  ((p >> 8) & 0xff) * 587 +
                                                  (p & 0xff) * 114) / 1000);
        }
    }
  cairo_surface_destroy (surface);
  bitmap = kiosk_bitmap_from_gray (gray, width, height, width, (const int *) dither->data,
                                   dither->len / 4);
  return bitmap;
}

GBytes *
kiosk_slip_render_escpos (KioskSlip  *slip,
                          GError    **error)
{
  g_autoptr(KioskBitmap) bitmap = kiosk_slip_render_bitmap (slip, NULL, error);

  if (bitmap == NULL)
    return NULL;
  return kiosk_escpos_encode (bitmap);
}

static gboolean
cairo_failed (cairo_status_t   status,
              const char      *path,
              GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return FALSE;
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "cannot write %s: %s", path,
               cairo_status_to_string (status));
  return TRUE;
}

gboolean
kiosk_slip_write_png (KioskSlip   *slip,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(KioskBitmap) bitmap = kiosk_slip_render_bitmap (slip, NULL, error);
  cairo_surface_t *surface;
  guint32 *data;
  int stride;
  cairo_status_t status;

  if (bitmap == NULL)
    return FALSE;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, bitmap->width, bitmap->height);
  data = (guint32 *) cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface) / 4;
  for (int y = 0; y < bitmap->height; y++)
    for (int x = 0; x < bitmap->width; x++)
      data[(gsize) y * stride + x] = kiosk_bitmap_get (bitmap, x, y) ? 0x000000 : 0xffffff;
  cairo_surface_mark_dirty (surface);
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  return !cairo_failed (status, path, error);
}

gboolean
kiosk_slip_write_pdf (KioskSlip   *slip,
                      const char  *path,
                      GError     **error)
{
  int height = measure (slip);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, WIDTH * PDF_SCALE,
                                                       height * PDF_SCALE);
  cairo_t *cr;
  Pen pen = { 0 };
  cairo_status_t status;

  if (cairo_failed (cairo_surface_status (surface), path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Muscat kiosk");
  cr = cairo_create (surface);
  cairo_scale (cr, PDF_SCALE, PDF_SCALE);
  pen.cr = cr;
  pen.paint = TRUE;
  draw_slip (slip, &pen);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return !cairo_failed (status, path, error);
}
