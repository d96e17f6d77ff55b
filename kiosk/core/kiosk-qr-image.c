/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QR module matrices from libqrencode. */
#define G_LOG_DOMAIN "kiosk-qr"

#include "config.h"

#include "kiosk-qr-image.h"

#include <errno.h>
#include <qrencode.h>
#include <string.h>

#include "kiosk-error.h"

KioskQrMatrix *
kiosk_qr_encode (const char *text,
                 GError    **error)
{
  KioskQrMatrix *matrix;
  QRcode *code;
  guint8 *modules;
  gsize len, n;

  g_return_val_if_fail (text != NULL, NULL);

  len = strlen (text);
  if (len == 0 || len > KIOSK_QR_MAX_TEXT)
    {
      g_set_error (error, KIOSK_ERROR, len == 0 ? KIOSK_ERROR_EMPTY : KIOSK_ERROR_TOO_LONG,
                   "A QR code holds 1 to %d bytes here, not %" G_GSIZE_FORMAT,
                   KIOSK_QR_MAX_TEXT, len);
      return NULL;
    }

  /* Version 0: the smallest that fits. libqrencode's mixed-mode split (digits and capitals
   * in denser modes, case kept) is usually smaller, but its segment boundaries can cost more
   * than plain bytes on base64-like text: take whichever needs the lower version. */
  code = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  if (code != NULL)
    {
      QRcode *mixed = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);

      if (mixed != NULL && mixed->version < code->version)
        {
          QRcode_free (code);
          code = mixed;
        }
      else if (mixed != NULL)
        QRcode_free (mixed);
    }
  if (code == NULL)
    {
      int saved = errno;
      g_set_error (error, KIOSK_ERROR, saved == ERANGE ? KIOSK_ERROR_TOO_LONG : KIOSK_ERROR_FAILED,
                   "Cannot make a QR code: %s", g_strerror (saved));
      return NULL;
    }

  n = (gsize) code->width * (gsize) code->width;
  modules = g_malloc (n);
  /* libqrencode keeps other flags in the upper bits; bit 0 is the colour. */
  for (gsize i = 0; i < n; i++)
    modules[i] = code->data[i] & 1;

  matrix = g_new0 (KioskQrMatrix, 1);
  matrix->version = code->version;
  matrix->width = code->width;
  matrix->modules = g_bytes_new_take (modules, n);
  QRcode_free (code);
  return matrix;
}

void
kiosk_qr_matrix_free (KioskQrMatrix *matrix)
{
  if (matrix == NULL)
    return;
  g_clear_pointer (&matrix->modules, g_bytes_unref);
  g_free (matrix);
}

gboolean
kiosk_qr_matrix_is_dark (const KioskQrMatrix *matrix,
                         int                  x,
                         int                  y)
{
  const guint8 *modules;

  g_return_val_if_fail (matrix != NULL, FALSE);

  /* The quiet zone and beyond are light, so callers can draw it with the same loop. */
  if (x < 0 || y < 0 || x >= matrix->width || y >= matrix->width)
    return FALSE;
  modules = g_bytes_get_data (matrix->modules, NULL);
  return modules[(gsize) y * (gsize) matrix->width + (gsize) x] != 0;
}
