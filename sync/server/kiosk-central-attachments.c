/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attachment files of the central server: temporary file, hash, fsync, rename, fsync the
 * folder, then the row. A crash at any point leaves either no row (the kiosk uploads again)
 * or a row whose file is durable. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-attachments.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "kiosk-error.h"
#include "kiosk-photos.h"

#define TEMP_MARK ".tmp-"

struct _KioskCentralUpload
{
  char      *dir;
  char      *sha256;
  char      *temp_path;
  int        fd;
  GChecksum *checksum;
  gsize      size;
  guint8     head[3];     /* the first bytes: a JPEG starts FF D8 FF */
  gboolean   kept;        /* renamed into place: do not unlink */
};

gboolean
kiosk_central_sha256_is_valid (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

static gboolean
io_error (GError    **error,
          const char *what,
          const char *path,
          int         saved_errno)
{
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_IO, "%s %s: %s", what, path,
               g_strerror (saved_errno));
  return FALSE;
}

gboolean
kiosk_central_attachments_prepare_dir (const char *dir,
                                       GError    **error)
{
  g_autoptr(GDir) listing = NULL;
  const char *name;

  if (g_mkdir_with_parents (dir, 0750) != 0)
    return io_error (error, "cannot create", dir, errno);

  listing = g_dir_open (dir, 0, error);
  if (listing == NULL)
    return FALSE;
  while ((name = g_dir_read_name (listing)) != NULL)
    if (strstr (name, TEMP_MARK) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        if (g_unlink (path) != 0)
          g_warning ("cannot remove the interrupted upload %s: %s", path, g_strerror (errno));
      }
  return TRUE;
}

gboolean
kiosk_central_attachments_has (KioskCentralDb *db,
                               const char     *sha256,
                               const char     *kiosk_code,
                               gboolean       *out_has,
                               GError        **error)
{
  /* NULL: whether the bytes are here at all, whoever sent them. */
  KioskCentralStmt *stmt = kiosk_central_db_prepare (db,
                                                     kiosk_code == NULL
                                                     ? "SELECT 1 FROM attachments"
                                                       " WHERE sha256 = ?1"
                                                     : "SELECT 1 FROM attachment_owners"
                                                       " WHERE sha256 = ?1 AND kiosk_code = ?2",
                                                     error);
  KioskCentralStep rc;

  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_text (stmt, 1, sha256);
  if (kiosk_code != NULL)
    kiosk_central_stmt_bind_text (stmt, 2, kiosk_code);
  rc = kiosk_central_stmt_step (stmt);
  kiosk_central_stmt_reset (stmt);
  if (rc != KIOSK_CENTRAL_ROW && rc != KIOSK_CENTRAL_DONE)
    return kiosk_central_db_fail (db, rc, "look up an attachment", error);
  *out_has = rc == KIOSK_CENTRAL_ROW;
  return TRUE;
}

gboolean
kiosk_central_attachments_is_published (KioskCentralDb *db,
                                        const char     *sha256,
                                        gboolean       *out_published,
                                        GError        **error)
{
  KioskCentralStmt *stmt;
  KioskCentralStep rc;

  stmt = kiosk_central_db_prepare_dialect (db,
                                           "SELECT 1 FROM reference_rows r JOIN attachments a"
                                           " ON a.sha256 = ?1"
                                           " WHERE r.dataset = 'announcements'"
                                           " AND json_extract (r.data, '$.picture_sha256') = ?1"
                                           " LIMIT 1",
                                           "SELECT 1 FROM reference_rows r JOIN attachments a"
                                           " ON a.sha256 = ?1"
                                           " WHERE r.dataset = 'announcements'"
                                           " AND r.data::json ->> 'picture_sha256' = ?1"
                                           " LIMIT 1",
                                           error);
  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_text (stmt, 1, sha256);
  rc = kiosk_central_stmt_step (stmt);
  kiosk_central_stmt_reset (stmt);
  if (rc != KIOSK_CENTRAL_ROW && rc != KIOSK_CENTRAL_DONE)
    return kiosk_central_db_fail (db, rc, "look up a picture", error);
  *out_published = rc == KIOSK_CENTRAL_ROW;
  return TRUE;
}

gboolean
kiosk_central_attachments_read (const char *dir,
                                const char *sha256,
                                char      **out_contents,
                                gsize      *out_length,
                                GError    **error)
{
  g_autofree char *path = g_build_filename (dir, sha256, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_IO, "%s", local_error->message);
      return FALSE;
    }
  actual = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) contents, length);
  if (g_strcmp0 (actual, sha256) != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "%s: contents do not match its name",
                   path);
      return FALSE;
    }
  *out_contents = g_steal_pointer (&contents);
  *out_length = length;
  return TRUE;
}

KioskCentralUpload *
kiosk_central_upload_new (const char *dir,
                          const char *sha256,
                          GError    **error)
{
  g_autoptr(KioskCentralUpload) upload = g_new0 (KioskCentralUpload, 1);

  g_return_val_if_fail (kiosk_central_sha256_is_valid (sha256), NULL);

  upload->fd = -1;
  upload->dir = g_strdup (dir);
  upload->sha256 = g_strdup (sha256);
  upload->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  upload->temp_path = g_strdup_printf ("%s/%s" TEMP_MARK "XXXXXX", dir, sha256);
  upload->fd = g_mkstemp_full (upload->temp_path, O_WRONLY | O_CLOEXEC, 0640);
  if (upload->fd < 0)
    {
      int saved = errno;
      g_clear_pointer (&upload->temp_path, g_free);
      io_error (error, "cannot create a file in", dir, saved);
      return NULL;
    }
  return g_steal_pointer (&upload);
}

gboolean
kiosk_central_upload_write (KioskCentralUpload *upload,
                            const void         *data,
                            gsize               length,
                            GError            **error)
{
  const guint8 *bytes = data;
  gsize done = 0;

  for (gsize i = 0; i < length && upload->size + i < sizeof upload->head; i++)
    upload->head[upload->size + i] = bytes[i];
  g_checksum_update (upload->checksum, data, (gssize) length);
  upload->size += length;

  while (done < length)
    {
      ssize_t n = write (upload->fd, bytes + done, length - done);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return io_error (error, "cannot write", upload->temp_path, errno);
        }
      done += (gsize) n;
    }
  return TRUE;
}

gsize
kiosk_central_upload_get_size (KioskCentralUpload *upload)
{
  return upload->size;
}

static gboolean
fsync_dir (const char *dir,
           GError    **error)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int saved;

  if (fd < 0)
    return io_error (error, "cannot open", dir, errno);
  if (fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      return io_error (error, "cannot sync", dir, saved);
    }
  close (fd);
  return TRUE;
}

/* Adds `kiosk_code` to the photo's owners; `out_added` says whether it was not one yet. A NULL
 * code is the server's own attachment (an announcement's picture): owned by no kiosk, so no
 * kiosk can name it in a record. */
static gboolean
add_owner (KioskCentralDb *db,
           const char     *sha256,
           const char     *kiosk_code,
           gboolean       *out_added,
           GError        **error)
{
  KioskCentralStmt *stmt;

  if (kiosk_code == NULL)
    {
      *out_added = FALSE;
      return TRUE;
    }
  stmt = kiosk_central_db_prepare (db,
                                                 "INSERT INTO attachment_owners (sha256,"
                                                 " kiosk_code, created_at) VALUES (?1, ?2, ?3)"
                                                 " ON CONFLICT DO NOTHING",
                                                 error);

  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_text (stmt, 1, sha256);
  kiosk_central_stmt_bind_text (stmt, 2, kiosk_code);
  kiosk_central_stmt_bind_int64 (stmt, 3, kiosk_central_now ());
  if (!kiosk_central_db_step_done (db, stmt, error))
    return FALSE;
  *out_added = kiosk_central_db_changes (db) > 0;
  return TRUE;
}

gboolean
kiosk_central_upload_finish (KioskCentralUpload       *upload,
                             KioskCentralDb           *db,
                             const char               *kiosk_code,
                             KioskCentralUploadResult *out_result,
                             GError                  **error)
{
  g_autofree char *final_path = NULL;
  KioskCentralStmt *stmt;
  gboolean has = FALSE, added = FALSE;

  if (upload->size == 0 || strcmp (g_checksum_get_string (upload->checksum),
                                   upload->sha256) != 0)
    {
      *out_result = KIOSK_CENTRAL_UPLOAD_HASH_MISMATCH;
      return TRUE;
    }
  if (upload->size < sizeof upload->head || upload->head[0] != 0xFF ||
      upload->head[1] != 0xD8 || upload->head[2] != 0xFF)
    {
      *out_result = KIOSK_CENTRAL_UPLOAD_NOT_JPEG;
      return TRUE;
    }

  /* The same bytes from another kiosk: proven by this upload, so this kiosk owns them too;
   * the file is not written again. */
  if (!kiosk_central_attachments_has (db, upload->sha256, NULL, &has, error))
    return FALSE;
  if (has)
    {
      if (!add_owner (db, upload->sha256, kiosk_code, &added, error))
        return FALSE;
      *out_result = added ? KIOSK_CENTRAL_UPLOAD_STORED : KIOSK_CENTRAL_UPLOAD_ALREADY_STORED;
      return TRUE;
    }

  if (fsync (upload->fd) != 0)
    return io_error (error, "cannot sync", upload->temp_path, errno);
  if (close (upload->fd) != 0)
    {
      upload->fd = -1;
      return io_error (error, "cannot close", upload->temp_path, errno);
    }
  upload->fd = -1;

  /* Two uploads of the same bytes may race here: both renames put the same content in place,
   * and the row is inserted once. */
  final_path = g_build_filename (upload->dir, upload->sha256, NULL);
  if (g_rename (upload->temp_path, final_path) != 0)
    return io_error (error, "cannot rename into", final_path, errno);
  upload->kept = TRUE;
  if (!fsync_dir (upload->dir, error))
    return FALSE;

  stmt = kiosk_central_db_prepare (db,
                                   "INSERT INTO attachments (sha256, bytes, created_at)"
                                   " VALUES (?1, ?2, ?3) ON CONFLICT (sha256) DO NOTHING",
                                   error);
  if (stmt == NULL)
    return FALSE;
  kiosk_central_stmt_bind_text (stmt, 1, upload->sha256);
  kiosk_central_stmt_bind_int64 (stmt, 2, (gint64) upload->size);
  kiosk_central_stmt_bind_int64 (stmt, 3, kiosk_central_now ());
  if (!kiosk_central_db_step_done (db, stmt, error) ||
      !add_owner (db, upload->sha256, kiosk_code, &added, error))
    return FALSE;

  *out_result = added ? KIOSK_CENTRAL_UPLOAD_STORED : KIOSK_CENTRAL_UPLOAD_ALREADY_STORED;
  return TRUE;
}

void
kiosk_central_upload_free (KioskCentralUpload *upload)
{
  if (upload == NULL)
    return;
  if (upload->fd >= 0)
    close (upload->fd);
  if (upload->temp_path != NULL && !upload->kept)
    g_unlink (upload->temp_path);
  g_clear_pointer (&upload->checksum, g_checksum_free);
  g_free (upload->temp_path);
  g_free (upload->dir);
  g_free (upload->sha256);
  g_free (upload);
}

char *
kiosk_central_attachments_add_file (KioskCentralDb *db,
                                    const char     *dir,
                                    const char     *path,
                                    GError        **error)
{
  g_autoptr(KioskCentralUpload) upload = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GBytes) clean = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sha256 = NULL;
  KioskCentralUploadResult result;
  gsize size;
  const guint8 *data;

  if (!g_file_get_contents (path, &contents, &size, error))
    return NULL;
  if (size > KIOSK_CENTRAL_ATTACHMENT_MAX_BYTES)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "%s: %zu bytes, more than an attachment's %d", path, size,
                   KIOSK_CENTRAL_ATTACHMENT_MAX_BYTES);
      return NULL;
    }
  jpeg = g_bytes_new_take (g_steal_pointer (&contents), size);
  clean = kiosk_jpeg_strip_metadata (jpeg, error);
  if (clean == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  data = g_bytes_get_data (clean, &size);
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);

  if (!kiosk_central_attachments_prepare_dir (dir, error))
    return NULL;
  upload = kiosk_central_upload_new (dir, sha256, error);
  if (upload == NULL ||
      !kiosk_central_upload_write (upload, data, size, error) ||
      !kiosk_central_upload_finish (upload, db, NULL, &result, error))
    return NULL;
  if (result != KIOSK_CENTRAL_UPLOAD_STORED && result != KIOSK_CENTRAL_UPLOAD_ALREADY_STORED)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "%s: not a JPEG image", path);
      return NULL;
    }
  return g_steal_pointer (&sha256);
}
