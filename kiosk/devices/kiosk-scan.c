/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-scan FILE...: decodes the QR codes in image files (PNG, JPEG) with the kiosk's own
 * scanner code and prints each payload on its own line. Exit status: 0 when something was
 * found, 1 when nothing was, 2 when a file could not be read. */
#define G_LOG_DOMAIN "kiosk-scan"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "kiosk-gray-image.h"
#include "kiosk-qr-decoder.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KioskQrDecoder) decoder = NULL;
  gboolean found = FALSE, failed = FALSE;

  setlocale (LC_ALL, "");
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      fprintf (argc < 2 ? stderr : stdout,
               "usage: kiosk-scan FILE...\n"
               "Prints the payload of every QR code in the images, one a line.\n"
               "Exit status: 0 found, 1 none found, 2 a file could not be read.\n");
      return argc < 2 ? 2 : 0;
    }

  decoder = kiosk_qr_decoder_new ();
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KioskGrayImage) image = kiosk_gray_image_load_file (argv[i], &error);
      g_autoptr(GPtrArray) payloads = NULL;

      if (image == NULL)
        {
          fprintf (stderr, "kiosk-scan: %s\n", error->message);
          failed = TRUE;
          continue;
        }
      payloads = kiosk_qr_decoder_decode_image (decoder, image, NULL);
      for (guint j = 0; j < payloads->len; j++)
        {
          /* One payload a line: a line break inside one would split it, so it is written
           * as \n or \r (kiosk payloads never hold one). */
          for (const char *p = payloads->pdata[j]; *p; p++)
            {
              if (*p == '\n')
                fputs ("\\n", stdout);
              else if (*p == '\r')
                fputs ("\\r", stdout);
              else
                putchar (*p);
            }
          putchar ('\n');
          found = TRUE;
        }
    }
  if (fflush (stdout) != 0)
    return 2;
  return failed ? 2 : found ? 0 : 1;
}
