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
