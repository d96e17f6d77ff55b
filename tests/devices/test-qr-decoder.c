/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The QR decoder on pictures made here (every kind of degradation a camera brings, text
 * encodings with and without ECI, strided frames, empty frames), on real photographed codes
 * (tests/devices/photos), and image files loaded as kiosk-scan loads them. */
#define G_LOG_DOMAIN "test-qr-decoder"

#include "config.h"

#include <glib/gstdio.h>
#include <qrencode.h>

#include "kiosk-error.h"
#include "kiosk-gray-image.h"
#include "kiosk-qr-decoder.h"
#include "kiosk-qr-synth.h"
#include "kiosk-test-util.h"

#define RECEIPT "MK1.R.MCT01.PARK-261130-0042.2026-11-30T10:22:41+04:00.5000." \
                "q3Vb8nKx0yZr4tWm1LcP7dE9sHfA2gJuQ6iNoRvT5aXyB0kD8eG3hM4jS1lC7pUwF2zY9xOnI6tQ_-"

static KioskGrayImage *
make_frame (const char             *payload,
            const KioskSynthParams *params)
{
  g_autoptr(GError) error = NULL;
  KioskGrayImage *image = kiosk_synth_qr (payload, params, 1280, 720, &error);

  g_assert_no_error (error);
  g_assert_nonnull (image);
  return image;
}

static void
assert_decodes (const KioskGrayImage *image,
                const char           *expected)
{
  g_autoptr(KioskQrDecoder) decoder = kiosk_qr_decoder_new ();
  g_autoptr(GPtrArray) found = kiosk_qr_decoder_decode_image (decoder, image, NULL);

  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (found->pdata[0], ==, expected);
}

static void
test_clean_code (void)
{
  KioskSynthParams params;
  g_autoptr(KioskGrayImage) image = NULL;
  g_autoptr(KioskQrDecoder) decoder = kiosk_qr_decoder_new ();
  g_autoptr(GPtrArray) found = NULL;
  KioskQrPass pass = 0;

  kiosk_synth_params_init (&params);
  image = make_frame (RECEIPT, &params);
  found = kiosk_qr_decoder_decode_image (decoder, image, &pass);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (found->pdata[0], ==, RECEIPT);
  /* A crisp code is read by the first, cheapest pass. */
  g_assert_cmpint (pass, ==, KIOSK_QR_PASS_ZXING_GLOBAL);
}

typedef struct
{
  const char *name;
  void      (*degrade) (KioskSynthParams *params);
} Degradation;

static void degrade_blur (KioskSynthParams *p) { p->blur_sigma = 2.0; }
static void degrade_noise (KioskSynthParams *p) { p->noise_sigma = 25; }
static void degrade_rotation (KioskSynthParams *p) { p->rotation_deg = 137; }
static void degrade_perspective (KioskSynthParams *p) { p->perspective = 0.22; p->rotation_deg = 20; }
static void degrade_glare (KioskSynthParams *p) { p->glare = 0.8; }
static void degrade_contrast (KioskSynthParams *p) { p->contrast = 40; p->noise_sigma = 3; }
static void degrade_small (KioskSynthParams *p) { p->module_px = 2.2; p->blur_sigma = 0.5; }
static void degrade_inverted (KioskSynthParams *p) { p->inverted = TRUE; p->blur_sigma = 0.8; }
static void degrade_jpeg (KioskSynthParams *p) { p->jpeg_quality = 35; p->noise_sigma = 6; }

static const Degradation degradations[] = {
  { "blur", degrade_blur },
  { "noise", degrade_noise },
  { "rotation", degrade_rotation },
  { "perspective", degrade_perspective },
  { "glare", degrade_glare },
  { "low-contrast", degrade_contrast },
  { "small-modules", degrade_small },
  { "inverted", degrade_inverted },
  { "jpeg", degrade_jpeg },
};

static void
test_degraded (gconstpointer data)
{
  const Degradation *degradation = data;
  KioskSynthParams params;
  g_autoptr(KioskGrayImage) image = NULL;

  kiosk_synth_params_init (&params);
  params.seed = 7;
  params.module_px = 4;
  params.blur_sigma = 0.6;
  params.noise_sigma = 2;
  degradation->degrade (&params);
  image = make_frame (RECEIPT, &params);
  assert_decodes (image, RECEIPT);
}

/* The plain look misses an inverted code; the default passes read it. */
static void
test_passes_rescue (void)
{
  KioskSynthParams params;
  g_autoptr(KioskGrayImage) image = NULL;
  g_autoptr(KioskQrDecoder) decoder = kiosk_qr_decoder_new ();
  g_autoptr(GPtrArray) plain = NULL;
  g_autoptr(GPtrArray) all = NULL;
  KioskQrPass pass = 0;

  kiosk_synth_params_init (&params);
  params.inverted = TRUE;
  image = make_frame ("https://www.mm.gov.om/e-services/track?ref=MCT01-261130-0042", &params);

  kiosk_qr_decoder_set_passes (decoder, KIOSK_QR_PASS_FULL);
  plain = kiosk_qr_decoder_decode_image (decoder, image, &pass);
  g_assert_cmpuint (plain->len, ==, 0);
  g_assert_cmpint (pass, ==, 0);

  kiosk_qr_decoder_set_passes (decoder, KIOSK_QR_PASS_DEFAULT);
  all = kiosk_qr_decoder_decode_image (decoder, image, &pass);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_cmpint (pass, ==, KIOSK_QR_PASS_ZXING_INVERT);
}

static void
test_blank_frame (void)
{
  g_autoptr(KioskGrayImage) image = kiosk_gray_image_new (1280, 720);
  g_autoptr(KioskQrDecoder) decoder = kiosk_qr_decoder_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  for (gsize i = 0; i < (gsize) image->width * image->height; i++)
    image->pixels[i] = (guint8) g_rand_int_range (rand, 0, 256);
  found = kiosk_qr_decoder_decode_image (decoder, image, NULL);
  g_assert_cmpuint (found->len, ==, 0);

  /* Degenerate sizes are not an error, just nothing to read. */
  g_ptr_array_unref (found);
  found = kiosk_qr_decoder_decode_gray8 (decoder, image->pixels, 10, 10, 1280, NULL);
  g_assert_cmpuint (found->len, ==, 0);
}

/* A camera's rows are often padded: the decoder must honour the stride. */
static void
test_strided_frame (void)
{
  KioskSynthParams params;
  g_autoptr(KioskGrayImage) image = NULL;
  g_autoptr(KioskQrDecoder) decoder = kiosk_qr_decoder_new ();
  g_autoptr(GPtrArray) found = NULL;
  gsize stride = 1280 + 64;
  g_autofree guint8 *padded = g_malloc ((gsize) stride * 720);

  kiosk_synth_params_init (&params);
  image = make_frame (RECEIPT, &params);
  for (guint y = 0; y < 720; y++)
    {
      memcpy (padded + y * stride, image->pixels + y * image->stride, 1280);
      memset (padded + y * stride + 1280, 0, 64);  /* garbage a decoder must not read */
    }
  found = kiosk_qr_decoder_decode_gray8 (decoder, padded, 1280, 720, stride, NULL);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (found->pdata[0], ==, RECEIPT);
}

/* A code of raw bytes, drawn at 6 px a module with a quiet zone, as kiosk_synth_qr would;
 * `eci` (when not 0) declares the bytes' character set, as the standard's ECI allows. */
static KioskGrayImage *
make_bytes_code (const guint8 *data,
                 int           length,
                 guint         eci)
{
  QRinput *input = QRinput_new2 (0, QR_ECLEVEL_M);
  QRcode *code;
  KioskGrayImage *image;
  int scale = 6, quiet = 4;

  g_assert_nonnull (input);
  if (eci != 0)
    g_assert_cmpint (QRinput_appendECIheader (input, eci), ==, 0);
  g_assert_cmpint (QRinput_append (input, QR_MODE_8, length, data), ==, 0);
  code = QRcode_encodeInput (input);
  QRinput_free (input);
  g_assert_nonnull (code);
  image = kiosk_gray_image_new ((guint) ((code->width + 2 * quiet) * scale),
                                (guint) ((code->width + 2 * quiet) * scale));
  memset (image->pixels, 255, (gsize) image->width * image->height);
  for (guint y = 0; y < image->height; y++)
    for (guint x = 0; x < image->width; x++)
      {
        int u = (int) x / scale - quiet, v = (int) y / scale - quiet;
        if (u >= 0 && v >= 0 && u < code->width && v < code->width &&
            (code->data[v * code->width + u] & 1))
          image->pixels[y * image->stride + x] = 0;
      }
  QRcode_free (code);
  return image;
}

static void
test_text_encodings (void)
{
  /* "検査" in Shift JIS, "Café" in ISO 8859-1, and Arabic in UTF-8; then codes that declare
   * their character set (ECI): "ÀÉ" in ISO 8859-1 (ECI 3), whose bytes are also valid Shift
   * JIS ("ﾀﾉ"), so only the declaration gives the right text; "Мир" in ISO 8859-5 (ECI 7),
   * which no guess would find; and Arabic declared as UTF-8 (ECI 26). */
  static const guint8 sjis[] = { 0x8c, 0x9f, 0x8d, 0xb8 };
  static const guint8 latin1[] = { 'C', 'a', 'f', 0xe9 };
  static const guint8 latin1_like_sjis[] = { 0xc0, 0xc9 };
  static const guint8 cyrillic[] = { 0xbc, 0xd8, 0xe0 };
  const char *arabic = "بلدية مسقط";
  static const guint8 with_nul[] = { 'a', 0, 'b', 'c' };
  g_autoptr(KioskQrDecoder) decoder = kiosk_qr_decoder_new ();
  struct { const guint8 *data; int length; guint eci; const char *expected; } cases[] = {
    { sjis, sizeof sjis, 0, "検査" },
    { latin1, sizeof latin1, 0, "Café" },
    { (const guint8 *) arabic, (int) strlen (arabic), 0, arabic },
    { with_nul, sizeof with_nul, 0, NULL },
    { latin1_like_sjis, sizeof latin1_like_sjis, 3, "ÀÉ" },
    { cyrillic, sizeof cyrillic, 7, "Мир" },
    { (const guint8 *) arabic, (int) strlen (arabic), 26, arabic },
  };

  /* Each engine alone, then both: ZBar (asked for raw bytes) and zxing-cpp each follow an
   * ECI declaration themselves. */
  const guint engines[] = { KIOSK_QR_PASS_ZBAR_ALL, KIOSK_QR_PASS_ZXING_ALL,
                            KIOSK_QR_PASS_DEFAULT };

  for (guint e = 0; e < G_N_ELEMENTS (engines); e++)
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(KioskGrayImage) image = make_bytes_code (cases[i].data, cases[i].length,
                                                           cases[i].eci);
        g_autoptr(GPtrArray) found = NULL;

        kiosk_qr_decoder_set_passes (decoder, engines[e]);
        found = kiosk_qr_decoder_decode_image (decoder, image, NULL);
        if (cases[i].expected == NULL)
          {
            /* Text with a NUL in it would be cut short downstream: never handed on. */
            g_assert_cmpuint (found->len, ==, 0);
            continue;
          }
        g_test_message ("passes %#x, case %u: ECI %u", engines[e], i, cases[i].eci);
        g_assert_cmpuint (found->len, ==, 1);
        g_assert_cmpstr (found->pdata[0], ==, cases[i].expected);
      }
}

static KioskGrayImage *
load_photo (const char  *name,
            char       **expected)
{
  g_autofree char *png = g_strdup_printf ("%s/tests/devices/photos/%s.png",
                                          g_getenv ("KIOSK_SOURCE_DIR"), name);
  g_autofree char *txt = g_strdup_printf ("%s/tests/devices/photos/%s.txt",
                                          g_getenv ("KIOSK_SOURCE_DIR"), name);
  g_autoptr(GError) error = NULL;
  KioskGrayImage *image = kiosk_gray_image_load_file (png, &error);

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (txt, expected, NULL, &error));
  g_assert_no_error (error);
  return image;
}

/* Real photos no ZBar pass reads, and zxing-cpp does: proof that the second engine is linked
 * and used behind the same function. */
static void
test_zxing_reads_what_zbar_cannot (void)
{
  const char *names[] = { "qrcode-2-fix-finderpattern-order-webp", "qrcode-2-estimate-tilt-jpg" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *expected = NULL;
      g_autoptr(KioskGrayImage) image = load_photo (names[i], &expected);
      g_autoptr(KioskQrDecoder) decoder = kiosk_qr_decoder_new ();
      g_autoptr(GPtrArray) zbar_only = NULL;
      g_autoptr(GPtrArray) found = NULL;
      KioskQrPass pass = 0;

      g_test_message ("%s", names[i]);
      kiosk_qr_decoder_set_passes (decoder, KIOSK_QR_PASS_ZBAR_ALL);
      zbar_only = kiosk_qr_decoder_decode_image (decoder, image, &pass);
      g_assert_cmpuint (zbar_only->len, ==, 0);

      kiosk_qr_decoder_set_passes (decoder, KIOSK_QR_PASS_DEFAULT);
      found = kiosk_qr_decoder_decode_image (decoder, image, &pass);
      g_assert_cmpuint (found->len, ==, 1);
      g_assert_cmpstr (found->pdata[0], ==, expected);
      g_assert_cmpuint (pass & KIOSK_QR_PASS_ZXING_ALL, ==, pass);
      g_assert_cmpuint (pass, !=, 0);
    }
}

/* Real photos whose codes hold Shift JIS (kana, kanji), UTF-8 (Chinese) and GB 2312 (the
 * Hanzi mode, which only zxing-cpp knows) text: the exact text comes out, through each engine
 * that can read the code, and through the default passes. */
static void
test_photo_encodings (void)
{
  const struct { const char *name; guint engines; } photos[] = {
    { "qrcode-2-10-png", KIOSK_QR_PASS_ZBAR_ALL | KIOSK_QR_PASS_ZXING_ALL },
    { "qrcode-2-31-webp", KIOSK_QR_PASS_ZBAR_ALL | KIOSK_QR_PASS_ZXING_ALL },
    { "qrcode-2-30-png", KIOSK_QR_PASS_ZBAR_ALL | KIOSK_QR_PASS_ZXING_ALL },
    { "qrcode-2-33-png", KIOSK_QR_PASS_ZXING_ALL },
  };
  const guint engines[] = { KIOSK_QR_PASS_ZBAR_ALL, KIOSK_QR_PASS_ZXING_ALL,
                            KIOSK_QR_PASS_DEFAULT };

  for (guint i = 0; i < G_N_ELEMENTS (photos); i++)
    for (guint e = 0; e < G_N_ELEMENTS (engines); e++)
      {
        g_autofree char *expected = NULL;
        g_autoptr(KioskGrayImage) image = load_photo (photos[i].name, &expected);
        g_autoptr(KioskQrDecoder) decoder = kiosk_qr_decoder_new ();
        g_autoptr(GPtrArray) found = NULL;

        if (engines[e] != KIOSK_QR_PASS_DEFAULT && !(photos[i].engines & engines[e]))
          continue;
        g_test_message ("%s, passes %#x", photos[i].name, engines[e]);
        kiosk_qr_decoder_set_passes (decoder, engines[e]);
        found = kiosk_qr_decoder_decode_image (decoder, image, NULL);
        g_assert_cmpuint (found->len, ==, 1);
        g_assert_cmpstr (found->pdata[0], ==, expected);
      }
}

static void
test_load_files (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *png = g_build_filename (dir, "code.png", NULL);
  g_autofree char *jpeg = g_build_filename (dir, "code.jpg", NULL);
  g_autofree char *fake = g_build_filename (dir, "fake.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.png", NULL);
  KioskSynthParams params;
  g_autoptr(KioskGrayImage) image = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { png, jpeg };
  int qualities[] = { 0, 80 };

  kiosk_synth_params_init (&params);
  image = make_frame (RECEIPT, &params);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GBytes) bytes = kiosk_synth_encode (image, qualities[i], &error);
      g_autoptr(KioskGrayImage) loaded = NULL;

      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (paths[i], g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes), &error));
      loaded = kiosk_gray_image_load_file (paths[i], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (loaded->width, ==, 1280);
      g_assert_cmpuint (loaded->height, ==, 720);
      assert_decodes (loaded, RECEIPT);
    }

  g_assert_true (g_file_set_contents (fake, "not a picture", -1, &error));
  g_assert_null (kiosk_gray_image_load_file (fake, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  g_assert_null (kiosk_gray_image_load_file (missing, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED);

  kiosk_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/devices/decoder/reads-a-clean-code-in-the-first-pass", test_clean_code);
  for (guint i = 0; i < G_N_ELEMENTS (degradations); i++)
    {
      g_autofree char *path = g_strdup_printf ("/kiosk/devices/decoder/reads-through-%s",
                                               degradations[i].name);
      g_test_add_data_func (path, &degradations[i], test_degraded);
    }
  g_test_add_func ("/kiosk/devices/decoder/passes-rescue-what-the-plain-look-misses",
                   test_passes_rescue);
  g_test_add_func ("/kiosk/devices/decoder/noise-and-tiny-frames-find-nothing", test_blank_frame);
  g_test_add_func ("/kiosk/devices/decoder/honours-the-row-stride", test_strided_frame);
  g_test_add_func ("/kiosk/devices/decoder/utf8-shift-jis-latin1-eci-and-no-nul",
                   test_text_encodings);
  g_test_add_func ("/kiosk/devices/decoder/zxing-reads-real-photos-zbar-cannot",
                   test_zxing_reads_what_zbar_cannot);
  g_test_add_func ("/kiosk/devices/decoder/real-photos-give-shift-jis-utf8-and-gb2312-text",
                   test_photo_encodings);
  g_test_add_func ("/kiosk/devices/decoder/loads-png-and-jpeg-refuses-the-rest", test_load_files);

  return g_test_run ();
}
