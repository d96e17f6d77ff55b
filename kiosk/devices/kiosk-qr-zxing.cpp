/* SPDX-License-Identifier: GPL-3.0-or-later */
/* zxing-cpp for the QR decoder: the one C++ file of the kiosk, kept to the call and the
 * translation of its results (see kiosk-qr-zxing.h). */
#define G_LOG_DOMAIN "kiosk-qr-decoder"

#include "config.h"

#include "kiosk-qr-zxing.h"

/* Result::text () as UTF-8, the API zxing-cpp is moving to. */
#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <exception>

guint
kiosk_qr_zxing_read (const guint8      *pixels,
                     guint              width,
                     guint              height,
                     gsize              stride,
                     KioskQrZxingFlags  flags,
                     KioskQrZxingFunc   func,
                     gpointer           user_data)
{
  guint found = 0;

  if (pixels == NULL || width == 0 || height == 0 || stride < width ||
      width > G_MAXINT / 2 || height > G_MAXINT / 2 || stride > G_MAXINT)
    return 0;
  try
    {
      ZXing::ImageView view (pixels, (int) width, (int) height, ZXing::ImageFormat::Lum,
                             (int) stride);
      ZXing::DecodeHints hints;

      hints.setFormats (ZXing::BarcodeFormat::QRCode);
      hints.setTryHarder ((flags & KIOSK_QR_ZXING_TRY_HARDER) != 0);
      hints.setTryRotate ((flags & KIOSK_QR_ZXING_TRY_ROTATE) != 0);
      hints.setTryDownscale ((flags & KIOSK_QR_ZXING_TRY_DOWNSCALE) != 0);
      hints.setBinarizer ((flags & KIOSK_QR_ZXING_GLOBAL) ? ZXing::Binarizer::GlobalHistogram
                                                          : ZXing::Binarizer::LocalAverage);

      for (const ZXing::Result &result : ZXing::ReadBarcodes (view, hints))
        {
          if (!result.isValid ())
            continue;
          const ZXing::ByteArray &bytes = result.bytes ();
          /* zxing-cpp's own text follows what the code says about its characters: ECI
           * declarations, and the Hanzi mode (GB 2312) ZBar does not know. */
          std::string text = result.text ();

          func ((const char *) bytes.data (), bytes.size (), text.c_str (), user_data);
          found++;
        }
    }
  catch (const std::exception &e)
    {
      g_debug ("zxing-cpp failed: %s", e.what ());
    }
  return found;
}
