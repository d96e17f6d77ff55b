/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk's side of the browser test (tests/browser): the phone upload server on the core
 * API, as the report flow's photo step will run it, with a seeded store in a scratch folder.
 *
 *   phone-upload-kiosk --write-jpeg FILE LAT LON   writes a phone photo with that GPS position
 *   phone-upload-kiosk DIR LANGUAGE                serves one session: prints its link, then
 *                                                  one JSON line per photo received, until
 *                                                  standard input closes (or 5 minutes pass)
 *
 * The link is printed as read back from its QR code (drawn as the kiosk draws codes, read
 * with the kiosk's decoder). Each photo line says what the photo step would learn and what was stored: the proposed
 * wilayat and area, the position, and whether the stored file still holds any EXIF. Test-only:
 * never installed. */
#include "config.h"

#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kiosk-config.h"
#include "kiosk-json.h"
#include "kiosk-phone-upload.h"
#include "kiosk-photos.h"
#include "kiosk-test-phone.h"
#include "kiosk-test-util.h"
#include "kiosk-upload-image.h"

#define LIFETIME_SECONDS (5 * 60)

typedef struct
{
  KioskStore *store;
  GMainLoop  *loop;
} Kiosk;

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);

  printf ("%s\n", text);
  fflush (stdout);
}

static void
photo_received_cb (KioskPhoneUpload *upload,
                   KioskPhonePhoto  *photo,
                   Kiosk            *kiosk)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) stored = kiosk_photos_read (kiosk->store, photo->sha256, &error);
  gsize size = stored ? g_bytes_get_size (stored) : 0;
  const guint8 *data = stored ? g_bytes_get_data (stored, NULL) : NULL;
  double lat, lon;

  json_builder_begin_object (builder);
  kiosk_json_add_string (builder, "sha256", photo->sha256);
  kiosk_json_add_int (builder, "stored_bytes", (gint64) size);
  json_builder_set_member_name (builder, "stored_is_jpeg");
  json_builder_add_boolean_value (builder, data != NULL &&
                                  kiosk_upload_image_sniff (data, size) ==
                                  KIOSK_UPLOAD_IMAGE_JPEG);
  json_builder_set_member_name (builder, "stored_has_exif");
  json_builder_add_boolean_value (builder, data != NULL &&
                                  (memmem (data, size, "Exif", 4) != NULL ||
                                   kiosk_upload_image_read_gps (data, size, &lat, &lon)));
  json_builder_set_member_name (builder, "has_location");
  json_builder_add_boolean_value (builder, photo->has_location);
  json_builder_set_member_name (builder, "latitude");
  json_builder_add_double_value (builder, photo->latitude);
  json_builder_set_member_name (builder, "longitude");
  json_builder_add_double_value (builder, photo->longitude);
  kiosk_json_add_string (builder, "wilayat", photo->wilayat_code);
  kiosk_json_add_string (builder, "area", photo->area_code);
  json_builder_end_object (builder);
  print_json (builder);
}

static gboolean
stdin_cb (int          fd,
          GIOCondition condition,
          gpointer     user_data)
{
  Kiosk *kiosk = user_data;
  char buffer[256];
  gssize n = read (fd, buffer, sizeof buffer);

  if (n <= 0)
    {
      g_main_loop_quit (kiosk->loop);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
give_up_cb (gpointer user_data)
{
  Kiosk *kiosk = user_data;

  g_printerr ("phone-upload-kiosk: no end after %d s, stopping\n", LIFETIME_SECONDS);
  g_main_loop_quit (kiosk->loop);
  return G_SOURCE_REMOVE;
}

static int
serve (const char *dir,
       const char *language)
{
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskPhoneUpload) upload = NULL;
  g_autofree char *url = NULL;
  g_autofree char *qr_url = NULL;
  int version;
  Kiosk kiosk = { NULL, NULL };

  if (!kiosk_config_override (config, "phone-upload.listen=127.0.0.1:0", &error))
    g_error ("%s", error->message);
  kiosk.store = kiosk_test_store_new (dir, TRUE);
  kiosk.loop = g_main_loop_new (NULL, FALSE);
  upload = kiosk_phone_upload_new (kiosk.store, config);
  g_signal_connect (upload, "photo-received", G_CALLBACK (photo_received_cb), &kiosk);

  kiosk_test_use_language (language);
  url = kiosk_phone_upload_begin (upload, language, &error);
  if (url == NULL)
    {
      g_printerr ("phone-upload-kiosk: %s\n", error->message);
      return 1;
    }
  /* The link as a phone reads it: through the QR code the photo step will draw, decoded with
   * the kiosk's own decoder. */
  qr_url = kiosk_test_qr_round_trip (url, &version);
  if (g_strcmp0 (qr_url, url) != 0)
    {
      g_printerr ("phone-upload-kiosk: the QR code of %s reads %s\n", url,
                  qr_url ? qr_url : "nothing");
      return 1;
    }
  printf ("%s\n", qr_url);
  fflush (stdout);

  g_unix_fd_add (0, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_cb, &kiosk);
  g_timeout_add_seconds (LIFETIME_SECONDS, give_up_cb, &kiosk);
  g_main_loop_run (kiosk.loop);

  kiosk_phone_upload_end (upload);
  g_clear_object (&upload);
  kiosk_store_close (kiosk.store);
  g_main_loop_unref (kiosk.loop);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc == 5 && g_str_equal (argv[1], "--write-jpeg"))
    {
      g_autoptr(GBytes) jpeg = kiosk_test_photo_jpeg (2400, 1800, 3, TRUE,
                                                      g_ascii_strtod (argv[3], NULL),
                                                      g_ascii_strtod (argv[4], NULL));
      g_autoptr(GError) error = NULL;

      if (!g_file_set_contents (argv[2], g_bytes_get_data (jpeg, NULL),
                                (gssize) g_bytes_get_size (jpeg), &error))
        {
          g_printerr ("phone-upload-kiosk: %s\n", error->message);
          return 1;
        }
      return 0;
    }
  if (argc == 3 && (g_str_equal (argv[2], "ar") || g_str_equal (argv[2], "en")))
    return serve (argv[1], argv[2]);

  g_printerr ("usage: phone-upload-kiosk DIR ar|en\n"
              "       phone-upload-kiosk --write-jpeg FILE LATITUDE LONGITUDE\n");
  return 2;
}
