/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The phone upload server over real HTTP on 127.0.0.1 (libcurl as the phone), with a real
 * store and the real decoder: what it serves, what it stores, and every hostile upload
 * refused with nothing stored. */
#include "config.h"

#include <curl/curl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kiosk-config.h"
#include "kiosk-error.h"
#include "kiosk-phone-upload.h"
#include "kiosk-photo-capture.h"
#include "kiosk-photos.h"
#include "kiosk-test-phone.h"
#include "kiosk-test-util.h"
#include "kiosk-upload-image.h"

/* A street in Al Khuwair (wilayat of Bawshar), half a kilometre from the area's reference
 * point. */
#define KHUWAIR_LAT 23.5935
#define KHUWAIR_LON 58.4180

typedef struct
{
  KioskTestFixture  base;
  KioskConfig      *config;
  KioskPhoneUpload *upload;
  char             *url;
  GPtrArray        *photos;      /* KioskPhonePhoto received */
  guint             expired;
} Fixture;

typedef struct
{
  long     status;
  GString *body;
  GString *headers;
} Response;

static void
response_clear (Response *response)
{
  if (response->body != NULL)
    g_string_free (response->body, TRUE);
  if (response->headers != NULL)
    g_string_free (response->headers, TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

static void
photo_received_cb (KioskPhoneUpload *upload,
                   KioskPhonePhoto  *photo,
                   Fixture          *fixture)
{
  g_ptr_array_add (fixture->photos, kiosk_phone_photo_copy (photo));
}

static void
expired_cb (KioskPhoneUpload *upload,
            Fixture          *fixture)
{
  fixture->expired++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kiosk_test_fixture_set_up_seeded (&fixture->base, data);
  fixture->config = kiosk_config_new_defaults ();
  g_assert_true (kiosk_config_override (fixture->config, "phone-upload.listen=127.0.0.1:0",
                                        &error));
  fixture->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_phone_photo_free);
  fixture->upload = kiosk_phone_upload_new (fixture->base.store, fixture->config);
  g_signal_connect (fixture->upload, "photo-received", G_CALLBACK (photo_received_cb), fixture);
  g_signal_connect (fixture->upload, "expired", G_CALLBACK (expired_cb), fixture);
  kiosk_test_use_language ("ar");
  fixture->url = kiosk_phone_upload_begin (fixture->upload, "ar", &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->url);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->upload);
  g_free (fixture->url);
  g_ptr_array_unref (fixture->photos);
  kiosk_config_free (fixture->config);
  kiosk_test_fixture_tear_down (&fixture->base, data);
}

static size_t
append_cb (char   *data,
           size_t  size,
           size_t  count,
           void   *user_data)
{
  g_string_append_len (user_data, data, (gssize) (size * count));
  return size * count;
}

/* One request; the server runs in its own threads, so a blocking client is fine here. */
static void
request (const char   *url,
         const char   *filename,
         const char   *type,
         GBytes       *body,
         gboolean      script,
         Response     *response)
{
  CURL *curl = curl_easy_init ();
  curl_mime *mime = NULL;
  struct curl_slist *headers = NULL;
  CURLcode rc;

  response->body = g_string_new (NULL);
  response->headers = g_string_new (NULL);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, append_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, response->body);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, append_cb);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, response->headers);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 30L);
  if (body != NULL)
    {
      curl_mimepart *part;

      mime = curl_mime_init (curl);
      part = curl_mime_addpart (mime);
      curl_mime_name (part, "photo");
      curl_mime_filename (part, filename);
      curl_mime_type (part, type);
      curl_mime_data (part, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      curl_easy_setopt (curl, CURLOPT_MIMEPOST, mime);
    }
  if (script)
    {
      headers = curl_slist_append (headers, "X-Requested-With: XMLHttpRequest");
      curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
    }
  rc = curl_easy_perform (curl);
  if (rc == CURLE_OK)
    curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &response->status);
  else
    response->status = -(long) rc;
  curl_slist_free_all (headers);
  curl_mime_free (mime);
  curl_easy_cleanup (curl);
}

static void
post_photo (Fixture    *fixture,
            const char *url,
            GBytes     *photo,
            Response   *response)
{
  request (url, "IMG_2041.jpg", "image/jpeg", photo, TRUE, response);
}

/* Runs the main context until `count` photos arrived, for at most `ms`. */
static gboolean
wait_for_photos (Fixture *fixture,
                 guint    count,
                 guint    ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;

  while (fixture->photos->len < count && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (5000);
  return fixture->photos->len >= count;
}

/* Runs the main context for `ms`: anything that was to arrive has. */
static void
settle (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (5000);
}

static guint
count_stored (Fixture *fixture)
{
  g_autoptr(GPtrArray) names = kiosk_test_list_dir (kiosk_store_get_photo_dir (
    fixture->base.store));

  return names->len;
}

static gboolean
has_header (Response   *response,
            const char *line)
{
  return strstr (response->headers->str, line) != NULL;
}

static void
assert_refused_nothing_stored (Fixture  *fixture,
                               Response *response,
                               long      status)
{
  g_assert_cmpint (response->status, ==, status);
  settle (300);
  g_assert_cmpuint (fixture->photos->len, ==, 0);
  g_assert_cmpuint (count_stored (fixture), ==, 0);
}

static char *
other_link (const char *url,
            const char *token)
{
  const char *slash = strstr (url, "/u/");

  return g_strdup_printf ("%.*s/u/%s", (int) (slash - url), url, token);
}

/* What is served ---------------------------------------------------------------------------- */

static void
test_page_is_served_safely (Fixture       *fixture,
                            gconstpointer  data)
{
  g_auto(Response) page = { 0 };
  g_auto(Response) script = { 0 };
  g_auto(Response) other = { 0 };
  g_autofree char *root = other_link (fixture->url, "");
  g_autofree char *script_url = NULL;

  g_assert_true (g_str_has_prefix (fixture->url, "http://127.0.0.1:"));
  /* 128 bits in unpadded base64url. */
  g_assert_cmpuint (strlen (strstr (fixture->url, "/u/") + 3), ==, 22);

  request (fixture->url, NULL, NULL, NULL, FALSE, &page);
  g_assert_cmpint (page.status, ==, 200);
  g_assert_true (has_header (&page, "Cache-Control: no-store"));
  g_assert_true (has_header (&page, "X-Content-Type-Options: nosniff"));
  g_assert_true (has_header (&page, "frame-ancestors 'none'"));
  g_assert_true (has_header (&page, "script-src 'self';"));
  g_assert_null (strstr (page.headers->str, "unsafe-inline"));
  g_assert_nonnull (strstr (page.body->str, "<html lang=\"ar\" dir=\"rtl\">"));
  g_assert_nonnull (strstr (page.body->str, "<h1>أرسل الصور إلى جهاز الخدمة الذاتية</h1>"));
  g_assert_nonnull (strstr (page.body->str, "accept=\"image/*\""));
  g_assert_nonnull (strstr (page.body->str, "enctype=\"multipart/form-data\""));
  /* No external resource and no inline script: the only script is the served file. */
  g_assert_null (strstr (page.body->str, "http://"));
  g_assert_null (strstr (page.body->str, "https://"));
  g_assert_null (strstr (page.body->str, "<script>"));
  g_assert_nonnull (strstr (page.body->str, "<script src=\"/phone-upload.js\"></script>"));

  script_url = g_strconcat (root, "../phone-upload.js", NULL);
  request (script_url, NULL, NULL, NULL, FALSE, &script);
  g_assert_cmpint (script.status, ==, 200);
  g_assert_true (has_header (&script, "Content-Type: text/javascript"));
  g_assert_nonnull (strstr (script.body->str, "XMLHttpRequest"));

  /* Nothing else of the kiosk is reachable. */
  request (root, NULL, NULL, NULL, FALSE, &other);
  g_assert_cmpint (other.status, ==, 404);
}

static void
test_link_reads_back_from_its_qr_code (Fixture       *fixture,
                                       gconstpointer  data)
{
  int version = 0;
  g_autofree char *read = kiosk_test_qr_round_trip (fixture->url, &version);

  g_assert_cmpstr (read, ==, fixture->url);
  /* Small enough for a phone to read from across the kiosk's screen: 37 modules or fewer. */
  g_assert_cmpint (version, <=, 5);
}

static void
test_page_speaks_english (Fixture       *fixture,
                          gconstpointer  data)
{
  g_auto(Response) page = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  kiosk_test_use_language ("en");
  url = kiosk_phone_upload_begin (fixture->upload, "en", &error);
  g_assert_no_error (error);
  request (url, NULL, NULL, NULL, FALSE, &page);
  g_assert_cmpint (page.status, ==, 200);
  g_assert_nonnull (strstr (page.body->str, "<html lang=\"en\" dir=\"ltr\">"));
  g_assert_nonnull (strstr (page.body->str, "<h1>Send photos to the kiosk</h1>"));
}

/* What is stored ---------------------------------------------------------------------------- */

static void
test_good_jpeg_is_stored_reencoded (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GBytes) photo = kiosk_test_photo_jpeg (2000, 1500, 1, TRUE, KHUWAIR_LAT,
                                                   KHUWAIR_LON);
  g_auto(Response) response = { 0 };
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);
  KioskPhonePhoto *received;
  GdkPixbuf *pixbuf;
  double lat, lon;
  gint64 sent;

  /* The test picture really carries its position. */
  g_assert_true (kiosk_upload_image_read_gps (g_bytes_get_data (photo, NULL),
                                              g_bytes_get_size (photo), &lat, &lon));
  g_assert_cmpfloat_with_epsilon (lat, KHUWAIR_LAT, 1e-5);
  g_assert_cmpfloat_with_epsilon (lon, KHUWAIR_LON, 1e-5);

  post_photo (fixture, fixture->url, photo, &response);
  sent = g_get_monotonic_time ();
  g_assert_cmpint (response.status, ==, 200);
  g_assert_true (has_header (&response, "X-Upload-Remaining: 2"));
  /* Announced on the main context within a second. */
  g_assert_true (wait_for_photos (fixture, 1, 1000));
  g_assert_cmpint (g_get_monotonic_time () - sent, <, G_USEC_PER_SEC);

  received = g_ptr_array_index (fixture->photos, 0);
  g_assert_true (received->has_location);
  g_assert_cmpfloat_with_epsilon (received->latitude, KHUWAIR_LAT, 1e-5);
  g_assert_cmpfloat_with_epsilon (received->longitude, KHUWAIR_LON, 1e-5);
  g_assert_cmpstr (received->wilayat_code, ==, "BSH");
  g_assert_cmpstr (received->area_code, ==, "BSH-KHUWAIR");

  /* Stored under its hash, re-encoded: no EXIF block, no position, capped like a camera
   * photo. */
  stored = kiosk_photos_read (fixture->base.store, received->sha256, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_stored (fixture), ==, 1);
  g_assert_null (memmem (g_bytes_get_data (stored, NULL), g_bytes_get_size (stored),
                         "Exif", 4));
  g_assert_false (kiosk_upload_image_read_gps (g_bytes_get_data (stored, NULL),
                                               g_bytes_get_size (stored), &lat, &lon));
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, stored, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, KIOSK_PHOTO_MAX_SIDE);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 1200);
}

static void
test_png_is_stored_as_jpeg (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GBytes) photo = kiosk_test_photo_png (640, 480);
  g_auto(Response) response = { 0 };
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GError) error = NULL;
  KioskPhonePhoto *received;

  request (fixture->url, "screenshot.png", "image/png", photo, FALSE, &response);
  g_assert_cmpint (response.status, ==, 200);
  /* Without the script: a whole page with the message and the form again. */
  g_assert_true (has_header (&response, "Content-Type: text/html"));
  g_assert_nonnull (strstr (response.body->str, "<form"));
  g_assert_true (wait_for_photos (fixture, 1, 1000));
  received = g_ptr_array_index (fixture->photos, 0);
  g_assert_false (received->has_location);
  g_assert_null (received->area_code);
  stored = kiosk_photos_read (fixture->base.store, received->sha256, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_upload_image_sniff (g_bytes_get_data (stored, NULL),
                                             g_bytes_get_size (stored)), ==,
                   KIOSK_UPLOAD_IMAGE_JPEG);
}

/* What is refused --------------------------------------------------------------------------- */

static void
test_expired_link_is_refused (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GBytes) photo = kiosk_test_photo_jpeg (320, 240, 1, FALSE, 0, 0);
  g_auto(Response) early = { 0 };
  g_auto(Response) response = { 0 };

  fixture->base.now += KIOSK_PHONE_UPLOAD_LIFETIME - 1;
  request (fixture->url, NULL, NULL, NULL, FALSE, &early);
  g_assert_cmpint (early.status, ==, 200);

  fixture->base.now += 1;
  post_photo (fixture, fixture->url, photo, &response);
  assert_refused_nothing_stored (fixture, &response, 410);
  g_assert_nonnull (strstr (response.body->str, "انتهت صلاحية هذا الرابط"));
  /* The kiosk learns the link is dead, and nothing listens any more. */
  g_assert_cmpuint (fixture->expired, ==, 1);
  g_assert_false (kiosk_phone_upload_is_active (fixture->upload));
  g_assert_cmpuint (kiosk_phone_upload_get_port (fixture->upload), ==, 0);
}

static void
test_third_party_link_is_refused (Fixture       *fixture,
                                  gconstpointer  data)
{
  static const char *const tokens[] = {
    "AAAAAAAAAAAAAAAAAAAAAA",     /* well formed, not this session's */
    "AAAAAAAAAAAAAAAAAAAAA",      /* too short */
    "AAAAAAAAAAAAAAAAAAAAA%2F",   /* not base64url */
    "..%2F..%2Fetc%2Fpasswd",
  };
  g_autoptr(GBytes) photo = kiosk_test_photo_jpeg (320, 240, 1, FALSE, 0, 0);

  for (gsize i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autofree char *url = other_link (fixture->url, tokens[i]);
      g_auto(Response) page = { 0 };
      g_auto(Response) response = { 0 };

      request (url, NULL, NULL, NULL, FALSE, &page);
      g_assert_cmpint (page.status, ==, 404);
      g_assert_null (strstr (page.body->str, "<form"));
      post_photo (fixture, url, photo, &response);
      assert_refused_nothing_stored (fixture, &response, 404);
    }
  /* The real link still works. */
  g_assert_true (kiosk_phone_upload_is_active (fixture->upload));
}

static void
test_oversized_file_is_refused (Fixture       *fixture,
                                gconstpointer  data)
{
  gsize size = KIOSK_UPLOAD_IMAGE_MAX_BYTES + 512 * 1024;
  guint8 *big = g_malloc0 (size);
  g_autoptr(GBytes) photo = NULL;
  g_auto(Response) response = { 0 };

  /* A JPEG's first bytes, so only its size is wrong. */
  big[0] = 0xFF, big[1] = 0xD8, big[2] = 0xFF, big[3] = 0xE0;
  photo = g_bytes_new_take (big, size);
  post_photo (fixture, fixture->url, photo, &response);
  assert_refused_nothing_stored (fixture, &response, 413);
}

static void
test_renamed_non_image_is_refused (Fixture       *fixture,
                                   gconstpointer  data)
{
  static const char text[] = "#!/bin/sh\necho this is not a photo\n";
  g_autoptr(GBytes) script = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GBytes) svg = g_bytes_new_static ("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", 41);
  /* A JPEG's first bytes and then nothing a decoder can use. */
  g_autoptr(GBytes) broken = g_bytes_new_static ("\xff\xd8\xff\xe0garbage-garbage", 19);
  GBytes *uploads[] = { script, svg, broken };

  for (gsize i = 0; i < G_N_ELEMENTS (uploads); i++)
    {
      g_auto(Response) response = { 0 };

      post_photo (fixture, fixture->url, uploads[i], &response);
      assert_refused_nothing_stored (fixture, &response, 422);
    }
}

static void
test_fourth_photo_is_refused (Fixture       *fixture,
                              gconstpointer  data)
{
  g_auto(Response) fourth = { 0 };
  g_auto(Response) again = { 0 };
  g_autoptr(GBytes) extra = kiosk_test_photo_jpeg (320, 240, 9, FALSE, 0, 0);
  KioskPhonePhoto *first;

  for (guint i = 0; i < KIOSK_PHONE_UPLOAD_MAX_PHOTOS; i++)
    {
      g_autoptr(GBytes) photo = kiosk_test_photo_jpeg (320, 240, i, FALSE, 0, 0);
      g_auto(Response) response = { 0 };

      post_photo (fixture, fixture->url, photo, &response);
      g_assert_cmpint (response.status, ==, 200);
    }
  g_assert_true (wait_for_photos (fixture, KIOSK_PHONE_UPLOAD_MAX_PHOTOS, 2000));
  g_assert_cmpuint (count_stored (fixture), ==, KIOSK_PHONE_UPLOAD_MAX_PHOTOS);

  post_photo (fixture, fixture->url, extra, &fourth);
  g_assert_cmpint (fourth.status, ==, 409);
  g_assert_true (has_header (&fourth, "X-Upload-Remaining: 0"));
  settle (300);
  g_assert_cmpuint (fixture->photos->len, ==, KIOSK_PHONE_UPLOAD_MAX_PHOTOS);
  g_assert_cmpuint (count_stored (fixture), ==, KIOSK_PHONE_UPLOAD_MAX_PHOTOS);

  /* The visitor removes one at the kiosk: the phone may send another. */
  first = g_ptr_array_index (fixture->photos, 0);
  g_assert_true (kiosk_phone_upload_remove (fixture->upload, first->sha256));
  g_assert_false (kiosk_phone_upload_remove (fixture->upload, first->sha256));
  post_photo (fixture, fixture->url, extra, &again);
  g_assert_cmpint (again.status, ==, 200);
  g_assert_true (wait_for_photos (fixture, KIOSK_PHONE_UPLOAD_MAX_PHOTOS + 1, 1000));
}

/* Two camera photos on the report leave the phone one place; a third place frees when the
 * kiosk says so. */
static void
test_capacity_is_shared_with_camera_photos (Fixture       *fixture,
                                            gconstpointer  data)
{
  g_autoptr(GBytes) first = kiosk_test_photo_jpeg (320, 240, 1, FALSE, 0, 0);
  g_autoptr(GBytes) second = kiosk_test_photo_jpeg (320, 240, 2, FALSE, 0, 0);
  g_auto(Response) one = { 0 };
  g_auto(Response) refused = { 0 };
  g_auto(Response) after = { 0 };

  kiosk_phone_upload_set_capacity (fixture->upload, 1);
  post_photo (fixture, fixture->url, first, &one);
  g_assert_cmpint (one.status, ==, 200);
  g_assert_true (has_header (&one, "X-Upload-Remaining: 0"));
  g_assert_true (wait_for_photos (fixture, 1, 2000));

  post_photo (fixture, fixture->url, second, &refused);
  g_assert_cmpint (refused.status, ==, 409);
  settle (300);
  g_assert_cmpuint (fixture->photos->len, ==, 1);
  g_assert_cmpuint (count_stored (fixture), ==, 1);

  /* A camera photo removed at the kiosk. */
  kiosk_phone_upload_set_capacity (fixture->upload, 2);
  post_photo (fixture, fixture->url, second, &after);
  g_assert_cmpint (after.status, ==, 200);
  g_assert_true (wait_for_photos (fixture, 2, 2000));
}

static void
test_upload_after_session_ended_is_refused (Fixture       *fixture,
                                            gconstpointer  data)
{
  g_autoptr(GBytes) photo = kiosk_test_photo_jpeg (320, 240, 1, FALSE, 0, 0);
  g_auto(Response) closed = { 0 };
  g_auto(Response) old = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  g_autofree char *old_on_new = NULL;

  kiosk_phone_upload_end (fixture->upload);
  g_assert_false (kiosk_phone_upload_is_active (fixture->upload));
  /* Nothing listens between sessions. */
  post_photo (fixture, fixture->url, photo, &closed);
  g_assert_cmpint (closed.status, ==, -(long) CURLE_COULDNT_CONNECT);

  /* The next visitor's session: the old link is dead there too, and says so. */
  kiosk_test_use_language ("en");
  next = kiosk_phone_upload_begin (fixture->upload, "en", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (next, !=, fixture->url);
  old_on_new = other_link (next, strstr (fixture->url, "/u/") + 3);
  post_photo (fixture, old_on_new, photo, &old);
  assert_refused_nothing_stored (fixture, &old, 410);
  g_assert_nonnull (strstr (old.body->str, "expired"));
  g_assert_true (kiosk_phone_upload_is_active (fixture->upload));
}

static void
test_requests_are_rate_limited (Fixture       *fixture,
                                gconstpointer  data)
{
  guint limited = 0, served = 0;

  for (guint i = 0; i < 60; i++)
    {
      g_auto(Response) page = { 0 };

      request (fixture->url, NULL, NULL, NULL, FALSE, &page);
      if (page.status == 429)
        {
          limited++;
          g_assert_true (has_header (&page, "Retry-After:"));
        }
      else if (page.status == 200)
        served++;
    }
  g_assert_cmpuint (served, >=, 20);
  g_assert_cmpuint (limited, >, 0);
}

/* The checks on their own ----------------------------------------------------------------- */

static void
test_sniffing_goes_by_content (void)
{
  g_autoptr(GBytes) jpeg = kiosk_test_photo_jpeg (16, 16, 1, FALSE, 0, 0);
  g_autoptr(GBytes) png = kiosk_test_photo_png (16, 16);
  static const guint8 heic[] = { 0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0,
                                 0 };
  static const guint8 mp4[] = { 0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 0,
                                0 };

  g_assert_cmpint (kiosk_upload_image_sniff (g_bytes_get_data (jpeg, NULL),
                                             g_bytes_get_size (jpeg)), ==,
                   KIOSK_UPLOAD_IMAGE_JPEG);
  g_assert_cmpint (kiosk_upload_image_sniff (g_bytes_get_data (png, NULL),
                                             g_bytes_get_size (png)), ==,
                   KIOSK_UPLOAD_IMAGE_PNG);
  g_assert_cmpint (kiosk_upload_image_sniff (heic, sizeof heic), ==, KIOSK_UPLOAD_IMAGE_HEIC);
  g_assert_cmpint (kiosk_upload_image_sniff (mp4, sizeof mp4), ==, KIOSK_UPLOAD_IMAGE_UNKNOWN);
  g_assert_cmpint (kiosk_upload_image_sniff ((const guint8 *) "GIF89a", 6), ==,
                   KIOSK_UPLOAD_IMAGE_UNKNOWN);
}

static guint32
crc32_of (const guint8 *data,
          gsize         size)
{
  guint32 crc = 0xFFFFFFFF;

  for (gsize i = 0; i < size; i++)
    {
      crc ^= data[i];
      for (guint k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xEDB88320 & -(crc & 1));
    }
  return ~crc;
}

static void
test_decompression_bomb_is_refused (void)
{
  /* A valid PNG header announcing 30000×30000 pixels and the start of its pixel data:
   * refused from the header, before a pixel is decoded. */
  guint8 png[8 + 25 + 16] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
                         0, 0, 0, 13, 'I', 'H', 'D', 'R',
                         0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30, 8, 2, 0, 0, 0,
                         0, 0, 0, 0, /* IHDR's CRC, below */
                         0, 0, 0, 4, 'I', 'D', 'A', 'T', 0x78, 0x9c, 0, 0 };
  guint32 crc = crc32_of (png + 12, 17);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  KioskUploadImageProblem problem;
  gint64 start = g_get_monotonic_time ();

  png[29] = crc >> 24, png[30] = crc >> 16, png[31] = crc >> 8, png[32] = crc;
  bytes = g_bytes_new (png, sizeof png);
  g_assert_null (kiosk_upload_image_check (bytes, &problem, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO);
  g_assert_cmpint (problem, ==, KIOSK_UPLOAD_IMAGE_TOO_LARGE);
  /* Nothing was allocated for those pixels: it took no time. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);
}

static void
test_jpeg_bomb_is_refused (void)
{
  g_autoptr(GBytes) small = kiosk_test_photo_jpeg (64, 48, 1, FALSE, 0, 0);
  gsize size = g_bytes_get_size (small);
  g_autofree guint8 *jpeg = g_memdup2 (g_bytes_get_data (small, NULL), size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  KioskUploadImageProblem problem;
  gint64 start;
  gsize sof = 0;

  /* The Start Of Frame now announces 65000×65000 pixels. */
  for (gsize i = 2; i + 9 < size && sof == 0; i++)
    if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0)
      sof = i;
  g_assert_cmpuint (sof, >, 0);
  jpeg[sof + 5] = 0xFD, jpeg[sof + 6] = 0xE8, jpeg[sof + 7] = 0xFD, jpeg[sof + 8] = 0xE8;
  bytes = g_bytes_new (jpeg, size);

  start = g_get_monotonic_time ();
  g_assert_null (kiosk_upload_image_check (bytes, &problem, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO);
  g_assert_cmpint (problem, ==, KIOSK_UPLOAD_IMAGE_TOO_LARGE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);
}

static void
test_undecodable_heic_is_refused (void)
{
  static const guint8 heic[] = { 0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0,
                                 0, 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c' };
  g_autoptr(GBytes) bytes = g_bytes_new_static (heic, sizeof heic);
  g_autoptr(GError) error = NULL;
  KioskUploadImageProblem problem;

  /* Debian's HEIF loader warns about the file as well as failing it. */
  if (kiosk_upload_image_can_heic ())
    g_test_expect_message (NULL, G_LOG_LEVEL_WARNING, "Invalid input*");
  g_assert_null (kiosk_upload_image_check (bytes, &problem, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO);
  /* Without Debian's HEIF loader the phone is told to send JPEG; with it, this file (a
   * header and no image) does not decode. */
  g_assert_cmpint (problem, ==, kiosk_upload_image_can_heic () ? KIOSK_UPLOAD_IMAGE_UNREADABLE
                                                               : KIOSK_UPLOAD_IMAGE_UNSUPPORTED);
}

/* An iPhone-style HEIC, made by libheif's own encoder from a test photo. */
static void
test_heic_is_stored_as_jpeg (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GBytes) jpeg = kiosk_test_photo_jpeg (1200, 900, 2, FALSE, 0, 0);
  g_autofree char *jpeg_path = g_build_filename (fixture->base.dir, "in.jpg", NULL);
  g_autofree char *heic_path = g_build_filename (fixture->base.dir, "IMG_0042.HEIC", NULL);
  const char *argv[] = { g_getenv ("HEIF_ENC"), "-q", "70", jpeg_path, "-o", heic_path, NULL };
  g_autofree char *heic = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Response) response = { 0 };
  g_autoptr(GBytes) stored = NULL;
  KioskPhonePhoto *received;
  gsize size;
  int status;

  g_assert_nonnull (argv[0]);
  g_assert_true (g_file_set_contents (jpeg_path, g_bytes_get_data (jpeg, NULL),
                                      (gssize) g_bytes_get_size (jpeg), &error));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                               NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_true (g_file_get_contents (heic_path, &heic, &size, &error));
  g_assert_true (g_unlink (jpeg_path) == 0 && g_unlink (heic_path) == 0);
  body = g_bytes_new_take (g_steal_pointer (&heic), size);
  g_assert_cmpint (kiosk_upload_image_sniff (g_bytes_get_data (body, NULL), size), ==,
                   KIOSK_UPLOAD_IMAGE_HEIC);
  /* Debian's HEIF loader is in the package list: this kiosk reads iPhone photos. */
  g_assert_true (kiosk_upload_image_can_heic ());

  request (fixture->url, "IMG_0042.HEIC", "image/heic", body, TRUE, &response);
  g_assert_cmpint (response.status, ==, 200);
  g_assert_true (wait_for_photos (fixture, 1, 1000));
  received = g_ptr_array_index (fixture->photos, 0);
  stored = kiosk_photos_read (fixture->base.store, received->sha256, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_upload_image_sniff (g_bytes_get_data (stored, NULL),
                                             g_bytes_get_size (stored)), ==,
                   KIOSK_UPLOAD_IMAGE_JPEG);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/kiosk/phone-upload/page-is-served-safely", test_page_is_served_safely);
  ADD ("/kiosk/phone-upload/link-reads-back-from-its-qr-code",
       test_link_reads_back_from_its_qr_code);
  ADD ("/kiosk/phone-upload/page-speaks-english", test_page_speaks_english);
  ADD ("/kiosk/phone-upload/good-jpeg-is-stored-re-encoded", test_good_jpeg_is_stored_reencoded);
  ADD ("/kiosk/phone-upload/png-is-stored-as-jpeg", test_png_is_stored_as_jpeg);
  ADD ("/kiosk/phone-upload/heic-is-stored-as-jpeg", test_heic_is_stored_as_jpeg);
  ADD ("/kiosk/phone-upload/expired-link-is-refused", test_expired_link_is_refused);
  ADD ("/kiosk/phone-upload/third-party-link-is-refused", test_third_party_link_is_refused);
  ADD ("/kiosk/phone-upload/oversized-file-is-refused", test_oversized_file_is_refused);
  ADD ("/kiosk/phone-upload/renamed-non-image-is-refused", test_renamed_non_image_is_refused);
  ADD ("/kiosk/phone-upload/fourth-photo-is-refused", test_fourth_photo_is_refused);
  ADD ("/kiosk/phone-upload/capacity-is-shared-with-camera-photos",
       test_capacity_is_shared_with_camera_photos);
  ADD ("/kiosk/phone-upload/upload-after-session-ended-is-refused",
       test_upload_after_session_ended_is_refused);
  ADD ("/kiosk/phone-upload/requests-are-rate-limited", test_requests_are_rate_limited);
#undef ADD
  g_test_add_func ("/kiosk/upload-image/sniffing-goes-by-content", test_sniffing_goes_by_content);
  g_test_add_func ("/kiosk/upload-image/decompression-bomb-is-refused",
                   test_decompression_bomb_is_refused);
  g_test_add_func ("/kiosk/upload-image/jpeg-bomb-is-refused", test_jpeg_bomb_is_refused);
  g_test_add_func ("/kiosk/upload-image/undecodable-heic-is-refused",
                   test_undecodable_heic_is_refused);

  return g_test_run ();
}
