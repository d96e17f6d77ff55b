/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attachments (report photos) on the central server: files named by their SHA-256 in one
 * folder, each written to a temporary file, verified, fsynced and renamed into place before
 * the row that says the server has it is committed. */
#pragma once

#include <glib.h>

#include "kiosk-central-db.h"

G_BEGIN_DECLS

#define KIOSK_CENTRAL_ATTACHMENT_MAX_BYTES (4 * 1024 * 1024)

/* 64 lowercase hex digits. */
gboolean  kiosk_central_sha256_is_valid          (const char      *text);

/* Creates the folder and removes temporary files an interrupted upload left behind. */
gboolean  kiosk_central_attachments_prepare_dir  (const char      *dir,
                                                  GError         **error);

/* Whether `kiosk_code` uploaded this attachment. Another kiosk's photo is as good as absent:
 * the bytes are stored once, but each kiosk sees and names only what it sent itself. With
 * NULL, whether the bytes are stored, whoever sent them. */
gboolean  kiosk_central_attachments_has          (KioskCentralDb  *db,
                                                  const char      *sha256,
                                                  const char      *kiosk_code,
                                                  gboolean        *out_has,
                                                  GError         **error);

/* Whether an announcement of the current reference data names this attachment as its
 * picture: only those are served to kiosks (GET). */
gboolean  kiosk_central_attachments_is_published (KioskCentralDb  *db,
                                                  const char      *sha256,
                                                  gboolean        *out_published,
                                                  GError         **error);
/* The file's bytes, checked against its name (a damaged file is a server error, never sent). */
gboolean  kiosk_central_attachments_read         (const char      *dir,
                                                  const char      *sha256,
                                                  char           **out_contents,
                                                  gsize           *out_length,
                                                  GError         **error);

typedef struct _KioskCentralUpload KioskCentralUpload;

typedef enum
{
  KIOSK_CENTRAL_UPLOAD_STORED,          /* 201 */
  KIOSK_CENTRAL_UPLOAD_ALREADY_STORED,  /* 200: same bytes, nothing changed */
  KIOSK_CENTRAL_UPLOAD_HASH_MISMATCH,   /* 422: nothing kept */
  KIOSK_CENTRAL_UPLOAD_NOT_JPEG,        /* 415: nothing kept */
} KioskCentralUploadResult;

KioskCentralUpload *kiosk_central_upload_new     (const char          *dir,
                                                  const char          *sha256,
                                                  GError             **error);
gboolean  kiosk_central_upload_write             (KioskCentralUpload  *upload,
                                                  const void          *data,
                                                  gsize                length,
                                                  GError             **error);
gsize     kiosk_central_upload_get_size          (KioskCentralUpload  *upload);
/* Verifies and, if the bytes are right, makes them durable and records them as
 * `kiosk_code`'s. */
gboolean  kiosk_central_upload_finish            (KioskCentralUpload       *upload,
                                                  KioskCentralDb           *db,
                                                  const char               *kiosk_code,
                                                  KioskCentralUploadResult *out_result,
                                                  GError                  **error);
/* A JPEG from a file into the attachments (for announcements' pictures): metadata segments
 * (EXIF, GPS) removed first, then stored like an upload. Returns its SHA-256 in hex. */
char     *kiosk_central_attachments_add_file     (KioskCentralDb  *db,
                                                  const char      *dir,
                                                  const char      *path,
                                                  GError         **error);

/* Removes the temporary file unless the upload was finished and stored. */
void      kiosk_central_upload_free              (KioskCentralUpload  *upload);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCentralUpload, kiosk_central_upload_free)

G_END_DECLS
