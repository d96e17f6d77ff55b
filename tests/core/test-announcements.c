/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Announcements at the kiosk: only those published and not expired by the kiosk's own clock
 * (one expiring while the kiosk is offline disappears on time), priority then newest first,
 * pictures only once the photo store holds them, and what the feed may not bring. */
#define G_LOG_DOMAIN "test-announcements"

#include "config.h"

#include <glib/gstdio.h>

#include "kiosk-announcements.h"
#include "kiosk-error.h"
#include "kiosk-photos.h"
#include "kiosk-pull.h"
#include "kiosk-test-util.h"

/* 2026-11-30 10:00 in Muscat: the fixture's clock. */
#define NOW G_GINT64_CONSTANT (1796018400)
#define HOUR 3600
#define DAY (24 * HOUR)

static guint page_number;

/* One announcement as the feed sends it; `expires` 0 for none, `picture` NULL for none. */
static char *
change (const char *id,
        const char *category,
        gint64      publish,
        gint64      expires,
        int         priority,
        const char *picture)
{
  g_autofree char *expires_json = expires ? g_strdup_printf ("%" G_GINT64_FORMAT, expires)
                                          : g_strdup ("null");
  g_autofree char *picture_json = picture ? g_strdup_printf ("\"%s\"", picture)
                                          : g_strdup ("null");

  return g_strdup_printf ("{\"dataset\":\"announcements\",\"op\":\"upsert\",\"key\":\"%s\","
                          "\"data\":{\"id\":\"%s\",\"category\":\"%s\",\"title_ar\":\"عنوان %s\","
                          "\"title_en\":\"Title %s\",\"body_ar\":\"نص الخبر\",\"body_en\":"
                          "\"The body\",\"picture_sha256\":%s,\"publish_at\":%" G_GINT64_FORMAT
                          ",\"expires_at\":%s,\"priority\":%d}}",
                          id, id, category, id, id, picture_json, publish, expires_json,
                          priority);
}

/* Applies the changes (NULL-terminated, each freed) as one feed page. */
static gboolean
apply (KioskStore *store,
       GError    **error,
       ...)
{
  g_autoptr(GString) json = g_string_new ("{\"reset\":false,\"has_more\":false,\"changes\":[");
  va_list args;
  gboolean first = TRUE;

  va_start (args, error);
  for (char *item = va_arg (args, char *); item != NULL; item = va_arg (args, char *))
    {
      g_string_append_printf (json, "%s%s", first ? "" : ",", item);
      g_free (item);
      first = FALSE;
    }
  va_end (args);
  g_string_append_printf (json, "],\"next_cursor\":\"test:%u\"}", ++page_number);
  return kiosk_pull_apply_page (store, json->str, -1, NULL, error);
}

static GPtrArray *
current (KioskStore *store,
         gint64      at)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = kiosk_announcements_list_current (store, at, NULL, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

static char *
ids (GPtrArray *list)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    {
      KioskAnnouncement *a = g_ptr_array_index (list, i);
      g_string_append_printf (out, "%s%s", i ? " " : "", a->id);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_current_only (KioskTestFixture *f,
                   gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *seen = NULL;

  g_assert_true (apply (f->store, &error,
                        change ("past", "news", NOW - 10 * DAY, NOW - DAY, 50, NULL),
                        change ("running", "news", NOW - 2 * DAY, NOW + DAY, 0, NULL),
                        change ("forever", "project", NOW - 3 * DAY, 0, 0, NULL),
                        change ("scheduled", "new_service", NOW + HOUR, NOW + 9 * DAY, 90, NULL),
                        NULL));
  g_assert_no_error (error);

  list = current (f->store, NOW);
  seen = ids (list);
  g_assert_cmpstr (seen, ==, "running forever");

  /* Nothing at all before anything was published: an empty list, not an error. */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = current (f->store, NOW - 20 * DAY);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_expires_on_time_offline (KioskTestFixture *f,
                              gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskAnnouncement) detail = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  gint64 expires = NOW + 5 * HOUR;

  g_assert_true (apply (f->store, &error,
                        change ("roadworks", "news", NOW - DAY, expires, 10, NULL),
                        change ("scheduled", "news", NOW + 7 * HOUR, 0, 10, NULL),
                        NULL));
  g_assert_no_error (error);

  /* No sync happens from here on: only the kiosk's clock moves (the fixture's, pinned). */
  g_assert_cmpint (kiosk_announcements_next_change (f->store, NOW, &error), ==, expires);
  f->now = expires - 1;
  before = current (f->store, kiosk_store_now (f->store));
  g_assert_cmpuint (before->len, ==, 1);
  detail = kiosk_announcements_get (f->store, "roadworks", kiosk_store_now (f->store), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (detail->title_en, ==, "Title roadworks");
  g_assert_cmpint (detail->expires_at, ==, expires);
  g_clear_pointer (&detail, kiosk_announcement_free);

  f->now = expires;
  after = current (f->store, kiosk_store_now (f->store));
  g_assert_cmpuint (after->len, ==, 0);
  detail = kiosk_announcements_get (f->store, "roadworks", kiosk_store_now (f->store), &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND);
  g_assert_null (detail);
  g_clear_error (&error);
  g_assert_cmpint (kiosk_announcements_next_change (f->store, f->now, &error), ==,
                   NOW + 7 * HOUR);
  g_assert_cmpint (kiosk_announcements_next_change (f->store, NOW + 7 * HOUR, &error), ==, 0);
  g_assert_no_error (error);
}

static void
test_priority_then_newest (KioskTestFixture *f,
                           gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) news = NULL;
  g_autoptr(GPtrArray) two = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *seen_news = NULL;

  g_assert_true (apply (f->store, &error,
                        change ("old-low", "news", NOW - 9 * DAY, 0, 0, NULL),
                        change ("new-low", "project", NOW - 1 * DAY, 0, 0, NULL),
                        change ("old-high", "news", NOW - 8 * DAY, 0, 80, NULL),
                        change ("new-high", "new_service", NOW - 2 * DAY, 0, 80, NULL),
                        change ("mid", "news", NOW - 5 * DAY, 0, 40, NULL),
                        NULL));
  g_assert_no_error (error);

  list = current (f->store, NOW);
  seen = ids (list);
  g_assert_cmpstr (seen, ==, "new-high old-high mid new-low old-low");

  news = kiosk_announcements_list_current (f->store, NOW, "news", 0, &error);
  g_assert_no_error (error);
  seen_news = ids (news);
  g_assert_cmpstr (seen_news, ==, "old-high mid old-low");

  /* The attract screen asks for the first few. */
  two = kiosk_announcements_list_current (f->store, NOW, NULL, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (two->len, ==, 2);
}

static GBytes *
fake_jpeg (gsize size)
{
  guint8 *bytes = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    bytes[i] = (guint8) (i * 7 + 3);
  bytes[0] = 0xFF;
  bytes[1] = 0xD8;
  bytes[2] = 0xFF;
  bytes[3] = 0xE0;
  return g_bytes_new_take (bytes, size);
}

static char *
sha256_of (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static void
test_picture_once_stored (KioskTestFixture *f,
                          gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = fake_jpeg (20000);
  g_autofree char *sha256 = sha256_of (jpeg);
  g_autoptr(KioskAnnouncement) before = NULL;
  g_autoptr(KioskAnnouncement) after = NULL;
  g_auto(GStrv) missing = NULL;
  g_auto(GStrv) none = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (apply (f->store, &error,
                        change ("with-picture", "project", NOW - DAY, 0, 0, sha256),
                        change ("expired-picture", "project", NOW - 9 * DAY, NOW - DAY, 0,
                                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
                        NULL));
  g_assert_no_error (error);

  before = kiosk_announcements_get (f->store, "with-picture", NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (before->picture_sha256, ==, sha256);
  g_assert_null (before->picture_path);

  /* What the agent fetches: the current one's picture, not the expired one's. */
  missing = kiosk_announcements_missing_pictures (f->store, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (missing), ==, 1);
  g_assert_cmpstr (missing[0], ==, sha256);

  g_assert_true (kiosk_photos_store_picture (f->store, sha256, jpeg, &error));
  g_assert_no_error (error);
  /* Idempotent: a second fetch of the same picture changes nothing. */
  g_assert_true (kiosk_photos_store_picture (f->store, sha256, jpeg, &error));
  g_assert_no_error (error);

  after = kiosk_announcements_get (f->store, "with-picture", NOW, &error);
  g_assert_no_error (error);
  g_assert_nonnull (after->picture_path);
  g_assert_true (g_file_get_contents (after->picture_path, &contents, &length, &error));
  g_assert_cmpmem (contents, length, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));

  none = kiosk_announcements_missing_pictures (f->store, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  /* The startup sweep keeps it: a row names it. */
  g_assert_cmpint (kiosk_photos_sweep (f->store, &error), ==, 0);
  g_assert_true (g_file_test (after->picture_path, G_FILE_TEST_EXISTS));
}

static void
test_picture_refused (KioskTestFixture *f,
                      gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) large = fake_jpeg (KIOSK_PICTURE_MAX_BYTES + 1);
  g_autoptr(GBytes) fits = fake_jpeg (KIOSK_PICTURE_MAX_BYTES);
  g_autoptr(GBytes) other = fake_jpeg (1000);
  g_autoptr(GBytes) not_jpeg = g_bytes_new_static ("GIF89a and more bytes", 21);
  g_autofree char *large_sha = sha256_of (large);
  g_autofree char *fits_sha = sha256_of (fits);
  g_autofree char *not_jpeg_sha = sha256_of (not_jpeg);
  g_autoptr(GPtrArray) files = NULL;

  g_assert_false (kiosk_photos_store_picture (f->store, large_sha, large, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO);
  g_clear_error (&error);

  /* The bytes of another picture under this name. */
  g_assert_false (kiosk_photos_store_picture (f->store, fits_sha, other, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO);
  g_clear_error (&error);

  g_assert_false (kiosk_photos_store_picture (f->store, not_jpeg_sha, not_jpeg, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO);
  g_clear_error (&error);

  files = kiosk_test_list_dir (kiosk_store_get_photo_dir (f->store));
  g_assert_cmpuint (files->len, ==, 0);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "photos"), ==, 0);

  /* Exactly the cap is allowed. */
  g_assert_true (kiosk_photos_store_picture (f->store, fits_sha, fits, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "photos"), ==, 1);
}

static void
test_feed_refuses_bad_rows (KioskTestFixture *f,
                            gconstpointer     data)
{
  static const char *const bad[] = {
    /* Not one of the categories. */
    "{\"id\":\"x\",\"category\":\"gossip\",\"title_ar\":\"ع\",\"title_en\":\"T\",\"body_ar\":\"ن\","
    "\"body_en\":\"B\",\"publish_at\":1}",
    /* A picture name that is not a SHA-256. */
    "{\"id\":\"x\",\"category\":\"news\",\"title_ar\":\"ع\",\"title_en\":\"T\",\"body_ar\":\"ن\","
    "\"body_en\":\"B\",\"publish_at\":1,\"picture_sha256\":\"../../etc/passwd\"}",
    /* Expiring before it is published. */
    "{\"id\":\"x\",\"category\":\"news\",\"title_ar\":\"ع\",\"title_en\":\"T\",\"body_ar\":\"ن\","
    "\"body_en\":\"B\",\"publish_at\":100,\"expires_at\":50}",
    /* No title. */
    "{\"id\":\"x\",\"category\":\"news\",\"title_ar\":\"ع\",\"body_ar\":\"ن\",\"body_en\":\"B\","
    "\"publish_at\":1}",
    /* A priority out of range. */
    "{\"id\":\"x\",\"category\":\"news\",\"title_ar\":\"ع\",\"title_en\":\"T\",\"body_ar\":\"ن\","
    "\"body_en\":\"B\",\"publish_at\":1,\"priority\":1000}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *before = kiosk_test_snapshot_tables (f->store);
      g_autofree char *after = NULL;
      g_autofree char *item = g_strdup_printf ("{\"dataset\":\"announcements\",\"op\":\"upsert\","
                                               "\"key\":\"x\",\"data\":%s}", bad[i]);

      g_test_message ("bad row %u", i);
      g_assert_false (apply (f->store, &error, g_steal_pointer (&item), NULL));
      g_assert_nonnull (error);
      after = kiosk_test_snapshot_tables (f->store);
      g_assert_cmpstr (before, ==, after);
    }
}

static void
test_demo_seed (KioskTestFixture *f,
                gconstpointer     data)
{
  g_autoptr(GPtrArray) list = current (f->store, kiosk_store_now (f->store));
  KioskAnnouncement *first;

  g_assert_cmpint (kiosk_test_count_rows (f->store, "announcements"), >=, 10);
  g_assert_cmpuint (list->len, >=, 8);
  first = g_ptr_array_index (list, 0);
  g_assert_cmpstr (first->id, ==, "kiosks_in_halls");
  for (guint i = 0; i < list->len; i++)
    {
      KioskAnnouncement *a = g_ptr_array_index (list, i);

      g_assert_cmpstr (a->id, !=, "demo_expired_holiday");
      g_assert_cmpstr (a->id, !=, "demo_scheduled_parks");
      g_assert_cmpstr (a->title_ar, !=, "");
      g_assert_cmpstr (a->body_en, !=, "");
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, KioskTestFixture, NULL, kiosk_test_fixture_set_up, func, \
              kiosk_test_fixture_tear_down)
  ADD ("/kiosk/announcements/only-published-and-not-expired", test_current_only);
  ADD ("/kiosk/announcements/expires-on-time-while-offline", test_expires_on_time_offline);
  ADD ("/kiosk/announcements/priority-then-newest-first", test_priority_then_newest);
  ADD ("/kiosk/announcements/picture-shown-once-stored", test_picture_once_stored);
  ADD ("/kiosk/announcements/picture-over-cap-or-wrong-refused", test_picture_refused);
  ADD ("/kiosk/announcements/feed-refuses-bad-rows", test_feed_refuses_bad_rows);
#undef ADD
  g_test_add ("/kiosk/announcements/demo-seed-current-at-reference-date", KioskTestFixture, NULL,
              kiosk_test_fixture_set_up_seeded, test_demo_seed, kiosk_test_fixture_tear_down);

  return g_test_run ();
}
