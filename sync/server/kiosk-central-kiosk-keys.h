/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Kiosks' public signing keys in the changes feed: registered by the operator for a kiosk,
 * served to every kiosk as `signing_keys` rows (owner "kiosk:CODE") so each can verify the
 * QR codes the others print, and withdrawn when the kiosk is disabled. */
#pragma once

#include <glib.h>

#include "kiosk-central-db.h"

G_BEGIN_DECLS

/* Makes `public_key` (the 43 characters `kiosk-admin keys` prints) the signing key of the
 * enabled kiosk `code`, and withdraws any key it had before; each change goes into the feed.
 * KIOSK_ERROR_INVALID_VALUE for a key that is not a usable Ed25519 public key or is already
 * another kiosk's, KIOSK_ERROR_NOT_FOUND for a kiosk the server does not know or has
 * disabled. Nothing changes on failure. */
gboolean kiosk_central_kiosk_keys_register (KioskCentralDb  *db,
                                            const char      *code,
                                            const char      *public_key,
                                            GError         **error);

/* Withdraws every key of kiosk `code` from the feed (kiosks delete them when they pull). */
gboolean kiosk_central_kiosk_keys_withdraw (KioskCentralDb  *db,
                                            const char      *code,
                                            GError         **error);

G_END_DECLS
