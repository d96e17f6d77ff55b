/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End to end, news and the services guide: announcements, guide entries and a picture loaded
 * into the real server (`kiosk-central attach` and `load`), pulled by the real agent into a
 * kiosk store, and read back through the core API the pages use. The picture arrives
 * through the photo store, byte for byte; one over the kiosk's cap does not; an announcement
 * expires by the kiosk's clock with no sync; a withdrawn one goes with the next pull. */
#define G_LOG_DOMAIN "test-e2e-news"

#include "config.h"

#include "kiosk-announcements.h"
#include "kiosk-photos.h"
#include "kiosk-service-guide.h"
#include "kiosk-simulate.h"
#include "kiosk-test-util.h"
#include "sync-test-util.h"

static char *
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* Attaches the JPEG on the server and returns the SHA-256 `attach` printed. */
static char *
attach (const char *server_db,
        const char *dir,
        const char *name,
        GBytes     *jpeg)
{
  g_autofree char *path = write_file (dir, name, g_bytes_get_data (jpeg, NULL),
                                      (gssize) g_bytes_get_size (jpeg));
  const char *args[] = { "attach", path, NULL };
  g_autofree char *out = sync_central_run (server_db, args);

  g_strstrip (out);
  g_assert_cmpuint (strlen (out), ==, 64);
  return g_steal_pointer (&out);
}

static gboolean
has_id (GPtrArray  *list,
        const char *id)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((KioskAnnouncement *) list->pdata[i])->id, id))
      return TRUE;
  return FALSE;
}

static KioskAnnouncement *
find (GPtrArray  *list,
      const char *id)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((KioskAnnouncement *) list->pdata[i])->id, id))
      return list->pdata[i];
  g_assert_not_reached ();
}

static void
test_news_and_guide_reach_the_kiosk (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *kiosk_db = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *server_db = g_build_filename (dir, "central.db", NULL);
  g_autofree char *token = g_build_filename (dir, "token", NULL);
  g_autofree char *config = NULL;
  g_autofree char *news = NULL;
  g_autofree char *withdraw = NULL;
  g_autofree char *small_sha = NULL;
  g_autofree char *large_sha = NULL;
  g_autofree char *picture = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GBytes) small = NULL;
  g_autoptr(GBytes) large = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(KioskGuideEntry) entry = NULL;
  g_autofree char *photo_dir = NULL;
  const char *load_demo[] = { "load", "--demo", NULL };
  const char *load_news[] = { "load", NULL, NULL };
  SyncServer *server;
  KioskAnnouncement *with_picture, *too_large;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  char *contents = NULL;
  gsize length = 0;

  small = kiosk_simulate_make_jpeg (7, 120 * 1024, &error);
  g_assert_no_error (error);
  large = kiosk_simulate_make_jpeg (8, 2 * KIOSK_PICTURE_MAX_BYTES, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (small), <, KIOSK_PICTURE_MAX_BYTES);
  g_assert_cmpuint (g_bytes_get_size (large), >, KIOSK_PICTURE_MAX_BYTES);

  sync_kiosk_create (kiosk_db, "NEW01", 0, 0, 0, 0, 0, 16);
  g_free (sync_central_run (server_db, load_demo));
  small_sha = attach (server_db, dir, "corniche.jpg", small);
  large_sha = attach (server_db, dir, "poster.jpg", large);

  json = g_strdup_printf (
    "{\"announcements\":["
    "{\"id\":\"e2e-corniche\",\"category\":\"project\",\"title_ar\":\"تطوير الكورنيش\","
    "\"title_en\":\"Corniche works\",\"body_ar\":\"نص المشروع\",\"body_en\":\"About the works\","
    "\"picture_sha256\":\"%s\",\"publish_at\":%" G_GINT64_FORMAT ",\"priority\":95},"
    "{\"id\":\"e2e-poster\",\"category\":\"news\",\"title_ar\":\"ملصق\",\"title_en\":\"Poster\","
    "\"body_ar\":\"نص\",\"body_en\":\"Text\",\"picture_sha256\":\"%s\",\"publish_at\":%"
    G_GINT64_FORMAT ",\"priority\":94},"
    "{\"id\":\"e2e-tomorrow\",\"category\":\"news\",\"title_ar\":\"ينتهي غدًا\",\"title_en\":"
    "\"Ends tomorrow\",\"body_ar\":\"نص\",\"body_en\":\"Text\",\"publish_at\":%" G_GINT64_FORMAT
    ",\"expires_at\":%" G_GINT64_FORMAT ",\"priority\":93}],"
    "\"service_guide_categories\":[{\"code\":\"e2e\",\"name_ar\":\"فئة الاختبار\","
    "\"name_en\":\"Test category\",\"sort_order\":99}],"
    "\"service_guide\":[{\"id\":\"e2e_falconry\",\"category\":\"e2e\",\"name_ar\":"
    "\"ترخيص مزاولة الصقارة\",\"name_en\":\"Falconry licence\",\"summary_ar\":\"للاختبار\","
    "\"summary_en\":\"For the test\",\"kiosk_service\":\"fines\",\"office_wilayat\":\"QRY\","
    "\"office_en\":\"Qurayyat office\",\"hours_en\":\"Sunday to Thursday\"}]}",
    small_sha, now - 3600, large_sha, now - 3600, now - 3600, now + 86400);
  news = write_file (dir, "news.json", json, -1);
  load_news[1] = news;
  g_free (sync_central_run (server_db, load_news));

  server = sync_server_start (server_db, 0, NULL);
  sync_server_add_kiosk (server_db, "NEW01", token);
  config = sync_agent_config (dir, kiosk_db, server->url, token, NULL);

  g_assert_cmpint (sync_agent_once (config, &report), ==, 0);
  g_assert_cmpint (json_object_get_int_member (report, "pictures"), ==, 1);

  store = kiosk_store_open (kiosk_db, KIOSK_STORE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  list = kiosk_announcements_list_current (store, now, NULL, 0, &error);
  g_assert_no_error (error);
  /* The feed's own, highest priority first, then the demo's current ones. */
  g_assert_cmpstr (((KioskAnnouncement *) list->pdata[0])->id, ==, "e2e-corniche");
  g_assert_true (has_id (list, "e2e-tomorrow"));

  /* The picture came through the photo store, the same bytes under the same name. */
  with_picture = find (list, "e2e-corniche");
  g_assert_cmpstr (with_picture->picture_sha256, ==, small_sha);
  g_assert_nonnull (with_picture->picture_path);
  g_assert_true (g_file_get_contents (with_picture->picture_path, &contents, &length, &error));
  g_assert_cmpmem (contents, length, g_bytes_get_data (small, NULL), g_bytes_get_size (small));
  g_free (contents);

  /* The one over the cap was not kept: shown without a picture. */
  too_large = find (list, "e2e-poster");
  g_assert_null (too_large->picture_path);
  photo_dir = g_strdup (kiosk_store_get_photo_dir (store));
  files = kiosk_test_list_dir (photo_dir);
  g_assert_cmpuint (files->len, ==, 1);
  picture = g_strconcat (small_sha, ".jpg", NULL);
  g_assert_cmpstr (files->pdata[0], ==, picture);

  /* Offline from here: a day and a bit later by the kiosk's clock, it has expired. */
  later = kiosk_announcements_list_current (store, now + 86400, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_false (has_id (later, "e2e-tomorrow"));
  g_assert_true (has_id (later, "e2e-corniche"));

  /* The guide entry, found by a visitor's spelling, with where to go. */
  found = kiosk_service_guide_search (store, "ترخيص الصقاره", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >=, 1);
  g_assert_cmpstr (((KioskGuideEntry *) found->pdata[0])->id, ==, "e2e_falconry");
  entry = kiosk_service_guide_get (store, "e2e_falconry", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (entry->kiosk_service, ==, "fines");
  g_assert_cmpstr (entry->office_wilayat_en, ==, "Qurayyat");
  g_assert_cmpstr (entry->category_en, ==, "Test category");
  g_clear_pointer (&store, kiosk_store_close);

  /* Withdrawn on the server: gone after the next pull; nothing fetched again. */
  withdraw = write_file (dir, "withdraw.json",
                         "{\"announcements\":[{\"id\":\"e2e-corniche\",\"_delete\":true}]}", -1);
  load_news[1] = withdraw;
  g_free (sync_central_run (server_db, load_news));
  g_assert_cmpint (sync_agent_once (config, &second), ==, 0);
  g_assert_cmpint (json_object_get_int_member (second, "pictures"), ==, 0);

  store = kiosk_store_open (kiosk_db, KIOSK_STORE_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  after = kiosk_announcements_list_current (store, now, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_false (has_id (after, "e2e-corniche"));
  g_assert_true (has_id (after, "e2e-poster"));
  g_clear_pointer (&store, kiosk_store_close);

  sync_server_free (server);
  kiosk_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/sync/e2e/news-and-guide-reach-the-kiosk",
                   test_news_and_guide_reach_the_kiosk);

  return g_test_run ();
}
