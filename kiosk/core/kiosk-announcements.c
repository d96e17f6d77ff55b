/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Announcements from the reference data, filtered by the kiosk's clock at each read. */
#define G_LOG_DOMAIN "kiosk-announcements"

#include "config.h"

#include "kiosk-announcements.h"

#include "kiosk-photos.h"
#include "kiosk-store-private.h"

#define COLUMNS "id, category, title_ar, title_en, body_ar, body_en, picture_sha256," \
                " publish_at, coalesce (expires_at, 0), priority"
/* Current at ?1. */
#define CURRENT "publish_at <= ?1 AND (expires_at IS NULL OR expires_at > ?1)"

void
kiosk_announcement_free (KioskAnnouncement *announcement)
{
  if (announcement == NULL)
    return;
  g_free (announcement->id);
  g_free (announcement->category);
  g_free (announcement->title_ar);
  g_free (announcement->title_en);
  g_free (announcement->body_ar);
  g_free (announcement->body_en);
  g_free (announcement->picture_sha256);
  g_free (announcement->picture_path);
  g_free (announcement);
}

static KioskAnnouncement *
read_row (sqlite3_stmt *stmt)
{
  KioskAnnouncement *announcement = g_new0 (KioskAnnouncement, 1);

  announcement->id = kiosk_column_dup_text (stmt, 0);
  announcement->category = kiosk_column_dup_text (stmt, 1);
  announcement->title_ar = kiosk_column_dup_text (stmt, 2);
  announcement->title_en = kiosk_column_dup_text (stmt, 3);
  announcement->body_ar = kiosk_column_dup_text (stmt, 4);
  announcement->body_en = kiosk_column_dup_text (stmt, 5);
  announcement->picture_sha256 = kiosk_column_dup_text (stmt, 6);
  announcement->publish_at = sqlite3_column_int64 (stmt, 7);
  announcement->expires_at = sqlite3_column_int64 (stmt, 8);
  announcement->priority = sqlite3_column_int (stmt, 9);
  return announcement;
}

/* The row names the picture as soon as the feed does; the file comes with a later step of
 * the same sync run, or a later run. Until then the page shows the text alone. (Looked up
 * after the rows are read: the statements are the connection's cached ones.) */
static void
find_picture (KioskStore        *store,
              KioskAnnouncement *announcement)
{
  if (announcement->picture_sha256 != NULL &&
      kiosk_photos_has (store, announcement->picture_sha256))
    announcement->picture_path = kiosk_photos_path (store, announcement->picture_sha256);
}

GPtrArray *
kiosk_announcements_list_current (KioskStore  *store,
                                  gint64       now,
                                  const char  *category,
                                  guint        limit,
                                  GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (
    (GDestroyNotify) kiosk_announcement_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);

  stmt = kiosk_store_prepare (store,
                              "SELECT " COLUMNS " FROM announcements WHERE " CURRENT
                              " AND (?2 IS NULL OR category = ?2)"
                              " ORDER BY priority DESC, publish_at DESC, id LIMIT ?3",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  kiosk_bind_text (stmt, 2, category);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, read_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kiosk_store_fail (store, rc, "read announcements", error);
      return NULL;
    }

  for (guint i = 0; i < list->len; i++)
    find_picture (store, g_ptr_array_index (list, i));
  return g_steal_pointer (&list);
}

KioskAnnouncement *
kiosk_announcements_get (KioskStore  *store,
                         const char  *id,
                         gint64       now,
                         GError     **error)
{
  KioskAnnouncement *announcement = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (store != NULL && id != NULL, NULL);

  stmt = kiosk_store_prepare (store,
                              "SELECT " COLUMNS " FROM announcements WHERE id = ?2 AND " CURRENT,
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  kiosk_bind_text (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    announcement = read_row (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no current announcement %s", id);
  else if (rc != SQLITE_ROW)
    kiosk_store_fail (store, rc, "read an announcement", error);
  if (announcement != NULL)
    find_picture (store, announcement);
  return announcement;
}

gint64
kiosk_announcements_next_change (KioskStore  *store,
                                 gint64       now,
                                 GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 next = 0;
  int rc;

  stmt = kiosk_store_prepare (store,
                              "SELECT min (t) FROM (SELECT publish_at AS t FROM announcements"
                              " WHERE publish_at > ?1 UNION ALL SELECT expires_at FROM"
                              " announcements WHERE expires_at > ?1)",
                              error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, now);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    next = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      kiosk_store_fail (store, rc, "read announcements", error);
      return -1;
    }
  return next;
}

GStrv
kiosk_announcements_missing_pictures (KioskStore  *store,
                                      gint64       now,
                                      GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = kiosk_store_prepare (store,
                              "SELECT picture_sha256 FROM announcements"
                              " WHERE picture_sha256 IS NOT NULL"
                              " AND (expires_at IS NULL OR expires_at > ?1)"
                              " AND picture_sha256 NOT IN (SELECT sha256 FROM photos)"
                              " GROUP BY picture_sha256"
                              " ORDER BY max (priority) DESC, max (publish_at) DESC",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kiosk_store_fail (store, rc, "read announcements' pictures", error);
      return NULL;
    }
  return g_strv_builder_end (builder);
}
