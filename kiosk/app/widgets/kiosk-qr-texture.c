/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QR codes drawn for the screen. */
#define G_LOG_DOMAIN "kiosk-qr-texture"

#include "config.h"

#include "kiosk-qr-texture.h"

#include <string.h>

#include "kiosk-qr-image.h"

GdkTexture *
kiosk_qr_texture_new (const char  *text,
                      int          module_px,
                      GError     **error)
{
  g_autoptr(KioskQrMatrix) matrix = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize side, stride;
  guint8 *pixels;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (module_px > 0, NULL);

  matrix = kiosk_qr_encode (text, error);
  if (matrix == NULL)
    return NULL;
  /* GTK 4.8 has no 8-bit gray texture format: RGB, white, dark modules painted in. */
  side = (gsize) (matrix->width + 2 * KIOSK_QR_QUIET_ZONE) * (gsize) module_px;
  stride = side * 3;
  pixels = g_malloc (stride * side);
  memset (pixels, 0xff, stride * side);
  for (int y = 0; y < matrix->width; y++)
    for (int x = 0; x < matrix->width; x++)
      if (kiosk_qr_matrix_is_dark (matrix, x, y))
        for (int dy = 0; dy < module_px; dy++)
          memset (pixels + ((gsize) (y + KIOSK_QR_QUIET_ZONE) * module_px + dy) * stride +
                  (gsize) (x + KIOSK_QR_QUIET_ZONE) * module_px * 3,
                  0, (gsize) module_px * 3);
  bytes = g_bytes_new_take (pixels, stride * side);
  return gdk_memory_texture_new ((int) side, (int) side, GDK_MEMORY_R8G8B8, bytes, stride);
}
