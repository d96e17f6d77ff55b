/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Photos of report sites: JPEG files named by their SHA-256 in a folder beside the database,
 * written and fsynced before any row names them, with metadata (EXIF, GPS) removed. */
#pragma once

#include <glib.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

/* A phone-size JPEG is well under this; a larger one is a bug or an attack. */
#define KIOSK_PHOTO_MAX_BYTES (4 * 1024 * 1024)

/* Writes `jpeg` (metadata segments removed) and returns its SHA-256 in hex. Idempotent. */
char   *kiosk_photos_write     (KioskStore *store,
                                GBytes     *jpeg,
                                GError    **error);

/* An announcement's picture is fetched from the server only up to this size: a kiosk shows
 * it at most screen-wide, and a larger one would cost every kiosk its bytes on every link. */
#define KIOSK_PICTURE_MAX_BYTES (1024 * 1024)

/* Keeps a picture the server sent, byte for byte (its name is the server's SHA-256): refused
 * with KIOSK_ERROR_PHOTO, nothing written, unless it is a JPEG of at most
 * KIOSK_PICTURE_MAX_BYTES whose SHA-256 is `sha256`. The file is durable before its photos
 * row is committed. Idempotent. */
gboolean kiosk_photos_store_picture (KioskStore *store,
                                     const char *sha256,
                                     GBytes     *jpeg,
                                     GError    **error);
/* Whether the photo store holds `sha256` (its row; the file came first). */
gboolean kiosk_photos_has          (KioskStore *store,
                                    const char *sha256);

char   *kiosk_photos_path      (KioskStore *store,
                                const char *sha256);
/* Reads a stored photo back, checking that its bytes still match their name. */
GBytes *kiosk_photos_read      (KioskStore *store,
                                const char *sha256,
                                GError    **error);
/* Startup sweep: removes files no row names (photos of flows abandoned by a crash).
 * Returns how many files were removed, or -1. */
gint64  kiosk_photos_sweep     (KioskStore *store,
                                GError    **error);

/* The JPEG without APP1..APP15 and COM segments; NULL with KIOSK_ERROR_PHOTO if not a JPEG. */
GBytes *kiosk_jpeg_strip_metadata (GBytes  *jpeg,
                                   GError **error);

gboolean kiosk_sha256_is_valid (const char *text);

G_END_DECLS
