/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Content-addressed photo files beside the database. */
#define G_LOG_DOMAIN "kiosk-photos"

#include "config.h"

#include "kiosk-photos.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "kiosk-store-private.h"

gboolean
kiosk_sha256_is_valid (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

GBytes *
kiosk_jpeg_strip_metadata (GBytes  *jpeg,
                           GError **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (jpeg, &size);
  g_autoptr(GByteArray) out = NULL;
  gsize pos = 2;

  if (size < 4 || data[0] != 0xFF || data[1] != 0xD8)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "not a JPEG image");
      return NULL;
    }

  out = g_byte_array_sized_new (size);
  g_byte_array_append (out, data, 2);

  /* Walk the header segments up to Start Of Scan; after it comes entropy-coded data that
   * carries no metadata, copied as it is. */
  while (pos + 4 <= size)
    {
      guint8 marker;
      gsize length;

      if (data[pos] != 0xFF)
        break;
      marker = data[pos + 1];
      if (marker == 0xFF)
        {
          pos++;
          continue;
        }
      length = ((gsize) data[pos + 2] << 8) | data[pos + 3];
      if (length < 2 || pos + 2 + length > size)
        break;

      if (marker == 0xDA)
        {
          g_byte_array_append (out, data + pos, size - pos);
          return g_byte_array_free_to_bytes (g_steal_pointer (&out));
        }

      /* APP1..APP15 hold EXIF (with GPS), XMP, ICC and maker notes; COM holds comments. */
      if (!((marker >= 0xE1 && marker <= 0xEF) || marker == 0xFE))
        g_byte_array_append (out, data + pos, 2 + length);
      pos += 2 + length;
    }

  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "truncated or malformed JPEG image");
  return NULL;
}

char *
kiosk_photos_path (KioskStore *store,
                   const char *sha256)
{
  g_autofree char *name = g_strconcat (sha256, ".jpg", NULL);

  return g_build_filename (kiosk_store_get_photo_dir (store), name, NULL);
}

static gboolean
fsync_path (const char *path,
            int         flags,
            GError    **error)
{
  int fd = open (path, flags | O_CLOEXEC);
  int saved;

  if (fd >= 0 && fsync (fd) == 0)
    {
      close (fd);
      return TRUE;
    }
  saved = errno;
  if (fd >= 0)
    close (fd);
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "%s: cannot sync to disk: %s", path,
               g_strerror (saved));
  return FALSE;
}

/* The bytes as the file named by `sha256`, durable (file and folder) when this returns. */
static gboolean
write_durably (KioskStore   *store,
               const char   *sha256,
               const guint8 *data,
               gsize         size,
               GError      **error)
{
  g_autofree char *path = kiosk_photos_path (store, sha256);
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;

  if (g_stat (path, &st) == 0 && (gsize) st.st_size == size)
    return TRUE;

  /* GLib writes a temporary file, fsyncs it and renames it: the name appears only with all
   * its bytes. The folder is synced after, so the new name itself survives a power cut. */
  if (!g_file_set_contents_full (path, (const char *) data, size,
                                 G_FILE_SET_CONTENTS_CONSISTENT |
                                 G_FILE_SET_CONTENTS_DURABLE, 0640, &local_error))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "cannot write photo: %s",
                   local_error->message);
      return FALSE;
    }
  return fsync_path (kiosk_store_get_photo_dir (store), O_RDONLY | O_DIRECTORY, error);
}

char *
kiosk_photos_write (KioskStore *store,
                    GBytes     *jpeg,
                    GError    **error)
{
  g_autoptr(GBytes) clean = NULL;
  g_autofree char *sha256 = NULL;
  gsize size;
  const guint8 *data;

  if (g_bytes_get_size (jpeg) > KIOSK_PHOTO_MAX_BYTES)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "photo of %zu bytes is over the %d"
                   " byte limit", g_bytes_get_size (jpeg), KIOSK_PHOTO_MAX_BYTES);
      return NULL;
    }

  clean = kiosk_jpeg_strip_metadata (jpeg, error);
  if (clean == NULL)
    return NULL;
  data = g_bytes_get_data (clean, &size);

  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  if (!write_durably (store, sha256, data, size, error))
    return NULL;
  return g_steal_pointer (&sha256);
}

gboolean
kiosk_photos_store_picture (KioskStore *store,
                            const char *sha256,
                            GBytes     *jpeg,
                            GError    **error)
{
  g_autofree char *actual = NULL;
  sqlite3_stmt *stmt;
  gsize size;
  const guint8 *data = g_bytes_get_data (jpeg, &size);

  if (!kiosk_sha256_is_valid (sha256))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "not a picture name");
      return FALSE;
    }
  if (size > KIOSK_PICTURE_MAX_BYTES)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "picture %.12s… of %zu bytes is over"
                   " the %d byte limit", sha256, size, KIOSK_PICTURE_MAX_BYTES);
      return FALSE;
    }
  if (size < 4 || data[0] != 0xFF || data[1] != 0xD8 || data[2] != 0xFF)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "picture %.12s… is not a JPEG image",
                   sha256);
      return FALSE;
    }
  actual = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  if (strcmp (actual, sha256) != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "picture %.12s… does not match its"
                   " name", sha256);
      return FALSE;
    }

  if (!write_durably (store, sha256, data, size, error))
    return FALSE;
  stmt = kiosk_store_prepare (store,
                              "INSERT INTO photos (sha256, bytes, created_at) VALUES (?1, ?2, ?3)"
                              " ON CONFLICT (sha256) DO NOTHING",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, sha256);
  sqlite3_bind_int64 (stmt, 2, (gint64) size);
  sqlite3_bind_int64 (stmt, 3, kiosk_store_now (store));
  return kiosk_store_step_done (store, stmt, error);
}

gboolean
kiosk_photos_has (KioskStore *store,
                  const char *sha256)
{
  sqlite3_stmt *stmt = kiosk_store_prepare (store, "SELECT 1 FROM photos WHERE sha256 = ?1",
                                            NULL);
  int rc;

  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, sha256);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW;
}

GBytes *
kiosk_photos_read (KioskStore *store,
                   const char *sha256,
                   GError    **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;

  if (!kiosk_sha256_is_valid (sha256))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "not a photo name: %s", sha256);
      return NULL;
    }

  path = kiosk_photos_path (store, sha256);
  if (!g_file_get_contents (path, &contents, &size, &local_error))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "%s", local_error->message);
      return NULL;
    }

  actual = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) contents, size);
  if (strcmp (actual, sha256) != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "%s: contents do not match its name",
                   path);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&contents), size);
}

gint64
kiosk_photos_sweep (KioskStore *store,
                    GError    **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  const char *name;
  gint64 removed = 0;

  dir = g_dir_open (kiosk_store_get_photo_dir (store), 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PHOTO, "%s", local_error->message);
      return -1;
    }

  stmt = kiosk_store_prepare (store, "SELECT 1 FROM photos WHERE sha256 = ?1", error);
  if (stmt == NULL)
    return -1;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *hash = NULL;
      g_autofree char *path = NULL;
      gboolean named = FALSE;

      if (g_str_has_suffix (name, ".jpg") && strlen (name) == 64 + 4)
        {
          int rc;

          hash = g_strndup (name, 64);
          kiosk_bind_text (stmt, 1, hash);
          rc = sqlite3_step (stmt);
          sqlite3_reset (stmt);
          if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            {
              kiosk_store_fail (store, rc, "photo sweep", error);
              return -1;
            }
          named = (rc == SQLITE_ROW);
        }

      if (named)
        continue;

      path = g_build_filename (kiosk_store_get_photo_dir (store), name, NULL);
      if (g_unlink (path) == 0)
        removed++;
      else
        g_warning ("%s: cannot remove unreferenced photo: %s", path, g_strerror (errno));
    }

  if (removed > 0)
    g_message ("removed %" G_GINT64_FORMAT " photo files no record names", removed);
  return removed;
}
