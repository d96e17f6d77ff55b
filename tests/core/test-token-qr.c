/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of kiosk-qr-image: a receipt's signed payload becomes a QR code of version 10 or less
 * at error correction M, and the picture drawn from the matrix is read back by zbarimg and by
 * ZXingReader to the very same text. */
#define G_LOG_DOMAIN "kiosk-test"

#include "config.h"

#include "kiosk-qr-image.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <string.h>

#include "kiosk-error.h"
#include "kiosk-ids.h"
#include "kiosk-keys.h"
#include "kiosk-services.h"
#include "kiosk-test-util.h"
#include "kiosk-token.h"

typedef KioskTestFixture Fixture;

/* The QR payload the services stored with a visitor's receipt. */
static char *
receipt_payload (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GPtrArray) payloads = NULL;

  g_assert_true (kiosk_services_submit_feedback (f->store, KIOSK_FEEDBACK_SUGGESTION,
                                                 "Please add a bench by the kiosk", NULL,
                                                 &ref, &error));
  g_assert_no_error (error);
  payloads = kiosk_test_query_column (f->store, "SELECT qr_payload FROM receipts"
                                      " WHERE record_uuid = ?1", ref.uuid, NULL);
  g_assert_cmpuint (payloads->len, ==, 1);
  g_assert_nonnull (g_ptr_array_index (payloads, 0));
  return g_strdup (g_ptr_array_index (payloads, 0));
}

static KioskQrMatrix *
encode_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  KioskQrMatrix *matrix = kiosk_qr_encode (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (matrix);
  /* ISO/IEC 18004: 17 + 4 × version modules a side. */
  g_assert_cmpint (matrix->version, >=, 1);
  g_assert_cmpint (matrix->width, ==, 17 + 4 * matrix->version);
  g_assert_cmpuint (g_bytes_get_size (matrix->modules), ==,
                    (gsize) matrix->width * (gsize) matrix->width);
  return matrix;
}

static void
assert_finder_patterns (const KioskQrMatrix *m)
{
  int corners[3][2] = { { 0, 0 }, { m->width - 7, 0 }, { 0, m->width - 7 } };

  for (guint c = 0; c < 3; c++)
    {
      int x0 = corners[c][0], y0 = corners[c][1];

      /* A dark ring, a light ring, a dark 3×3 centre. */
      for (int i = 0; i < 7; i++)
        {
          g_assert_true (kiosk_qr_matrix_is_dark (m, x0 + i, y0));
          g_assert_true (kiosk_qr_matrix_is_dark (m, x0 + i, y0 + 6));
          g_assert_true (kiosk_qr_matrix_is_dark (m, x0, y0 + i));
          g_assert_true (kiosk_qr_matrix_is_dark (m, x0 + 6, y0 + i));
        }
      for (int i = 1; i < 6; i++)
        {
          g_assert_false (kiosk_qr_matrix_is_dark (m, x0 + i, y0 + 1));
          g_assert_false (kiosk_qr_matrix_is_dark (m, x0 + i, y0 + 5));
        }
      g_assert_true (kiosk_qr_matrix_is_dark (m, x0 + 3, y0 + 3));
    }
  /* Outside the code is the light quiet zone. */
  g_assert_false (kiosk_qr_matrix_is_dark (m, -1, 0));
  g_assert_false (kiosk_qr_matrix_is_dark (m, 0, m->width));
  g_assert_false (kiosk_qr_matrix_is_dark (m, m->width + KIOSK_QR_QUIET_ZONE, 3));
}

static void
test_receipt_version (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *payload = receipt_payload (f);
  g_autoptr(KioskQrMatrix) matrix = encode_ok (payload);

  g_test_message ("%zu characters: version %d, %d modules a side", strlen (payload),
                  matrix->version, matrix->width);
  g_assert_cmpint (matrix->version, <=, 10);
  assert_finder_patterns (matrix);
}

static void
test_longest_token_version (void)
{
  const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
  char text[KIOSK_TOKEN_MAX_LENGTH + 1];

  /* Whatever the characters, a token of the longest allowed length fits version 10. */
  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(KioskQrMatrix) matrix = NULL;

      for (guint i = 0; i < KIOSK_TOKEN_MAX_LENGTH; i++)
        text[i] = alphabet[g_test_rand_int_range (0, (gint32) strlen (alphabet))];
      text[KIOSK_TOKEN_MAX_LENGTH] = '\0';
      matrix = encode_ok (text);
      g_assert_cmpint (matrix->version, <=, 10);
    }
}

/* Draws the matrix the way a printer or a page would: `scale` pixels a module, with the quiet
 * zone, black on white. */
static GdkPixbuf *
draw (const KioskQrMatrix *m,
      int                  scale)
{
  int side = (m->width + 2 * KIOSK_QR_QUIET_ZONE) * scale;
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, side, side);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < side; y++)
    for (int x = 0; x < side; x++)
      {
        gboolean dark = kiosk_qr_matrix_is_dark (m, x / scale - KIOSK_QR_QUIET_ZONE,
                                                 y / scale - KIOSK_QR_QUIET_ZONE);
        memset (pixels + y * stride + x * 3, dark ? 0x00 : 0xff, 3);
      }
  return pixbuf;
}

/* What zbarimg, a separate reader, makes of the PNG at `path`. */
static char *
zbarimg_read (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *program = g_find_program_in_path ("zbarimg");
  char *out = NULL;
  g_autofree char *err = NULL;

  if (program == NULL)
    {
      g_test_fail_printf ("zbarimg is not installed (zbar-tools, in .ci/debian-packages.txt)");
      return NULL;
    }
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, program, "--nodbus", "--raw", "-q", "-Sdisable",
                              "-Sqrcode.enable", path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("zbarimg: %s%s", out, err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  return out;
}

/* What ZXingReader (zxing-cpp), a second independent reader, says about the PNG at `path`:
 * its text and the error correction level it found. */
static void
zxing_read (const char  *path,
            char       **out_text,
            char       **out_level)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *program = g_find_program_in_path ("ZXingReader");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  *out_text = *out_level = NULL;
  if (program == NULL)
    {
      g_test_fail_printf ("ZXingReader is not installed (zxing-cpp-tools, in "
                          ".ci/debian-packages.txt)");
      return;
    }
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, program, "-format", "QRCode", path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("ZXingReader: %s%s", out, err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *value = strchr (lines[i], ':');

      if (value == NULL)
        continue;
      *value++ = '\0';
      g_strstrip (value);
      if (g_str_equal (lines[i], "Text") && g_str_has_prefix (value, "\"") &&
          g_str_has_suffix (value, "\""))
        *out_text = g_strndup (value + 1, strlen (value) - 2);
      else if (g_str_equal (lines[i], "EC Level"))
        *out_level = g_strdup (value);
    }
}

static void
assert_reads_back (Fixture    *f,
                   const char *text,
                   const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskQrMatrix) matrix = encode_ok (text);
  g_autoptr(GdkPixbuf) picture = draw (matrix, 4);
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *expected = g_strconcat (text, "\n", NULL);
  g_autofree char *read = NULL;

  g_assert_true (gdk_pixbuf_save (picture, path, "png", &error, NULL));
  g_assert_no_error (error);
  read = zbarimg_read (path);
  g_assert_cmpstr (read, ==, expected);

  {
    g_autofree char *zxing_text = NULL;
    g_autofree char *level = NULL;

    zxing_read (path, &zxing_text, &level);
    g_assert_cmpstr (zxing_text, ==, text);
    g_assert_cmpstr (level, ==, "M");
  }
}

static void
test_png_reads_back (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = receipt_payload (f);
  g_autoptr(KioskSigningKey) server = kiosk_signing_key_generate ();
  static const char * const fines[] = { "PF2025-000042", "PF2025-000147", "PF2025-000204",
                                        NULL };
  KioskTokenFields notice = { .fine_numbers = fines, .plate = "84914 YW", .amount = 15000,
                              .time = 1737217044 };
  g_autofree char *notice_text = kiosk_token_sign_with_key (server, KIOSK_TOKEN_FINE_NOTICE,
                                                            &notice, &error);

  g_assert_no_error (error);
  assert_reads_back (f, payload, "receipt.png");
  assert_reads_back (f, notice_text, "fine-notice.png");
}

static void
test_refuses_empty_and_oversized (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskQrMatrix) empty = kiosk_qr_encode ("", &error);
  g_autofree char *longest = g_strnfill (KIOSK_QR_MAX_TEXT, 'x');
  g_autofree char *too_long = g_strnfill (KIOSK_QR_MAX_TEXT + 1, 'x');
  g_autoptr(KioskQrMatrix) big = NULL;
  g_autoptr(KioskQrMatrix) refused = NULL;

  g_assert_null (empty);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY);
  g_clear_error (&error);

  big = encode_ok (longest);
  g_assert_cmpint (big->version, >, 10);

  refused = kiosk_qr_encode (too_long, &error);
  g_assert_null (refused);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_TOO_LONG);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/kiosk/qr/receipt-payload-is-version-10-or-less", Fixture, NULL,
              kiosk_test_fixture_set_up, test_receipt_version, kiosk_test_fixture_tear_down);
  g_test_add_func ("/kiosk/qr/longest-token-is-version-10-or-less", test_longest_token_version);
  g_test_add ("/kiosk/qr/png-reads-back-with-zbarimg-and-zxing", Fixture, NULL,
              kiosk_test_fixture_set_up, test_png_reads_back, kiosk_test_fixture_tear_down);
  g_test_add_func ("/kiosk/qr/refuses-empty-and-oversized", test_refuses_empty_and_oversized);

  return g_test_run ();
}
