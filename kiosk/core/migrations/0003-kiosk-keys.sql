-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 3: this kiosk's own Ed25519 signing key, which signs the QR codes on its
-- receipts, vouchers and tracking slips (kiosk-keys.h). The public keys of others (the
-- municipality's server, other kiosks) stay in signing_keys.
--
-- The secret half is kept as its 32-byte seed. Its only protection here is the database
-- file's permissions (kiosk-admin keeps the file away from other users); a production
-- kiosk would keep it in a TPM or other hardware key store instead.

CREATE TABLE kiosk_keys (
  key_id      TEXT PRIMARY KEY CHECK (length (key_id) = 11),
  algorithm   TEXT NOT NULL DEFAULT 'ed25519' CHECK (algorithm = 'ed25519'),
  public_key  BLOB NOT NULL CHECK (length (public_key) = 32),
  secret_seed BLOB NOT NULL CHECK (length (secret_seed) = 32),
  created_at  INTEGER NOT NULL,
  -- A retired key signs nothing new but still verifies what it signed.
  retired_at  INTEGER
);
-- At most one key signs at a time.
CREATE UNIQUE INDEX kiosk_keys_one_active ON kiosk_keys ((retired_at IS NULL))
  WHERE retired_at IS NULL;
