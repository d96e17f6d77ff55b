-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 2: what the sync agent reports about itself, and the public keys that
-- verify signed QR payloads offline (the server's and other kiosks').

CREATE TABLE sync_runs (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at    INTEGER NOT NULL,
  finished_at   INTEGER,
  outcome       TEXT CHECK (outcome IS NULL OR outcome IN ('ok', 'partial', 'offline',
                                                             'auth', 'server', 'error')),
  pushed        INTEGER NOT NULL DEFAULT 0,
  rejected      INTEGER NOT NULL DEFAULT 0,
  pulled        INTEGER NOT NULL DEFAULT 0,
  error         TEXT
);

CREATE TABLE signing_keys (
  key_id      TEXT PRIMARY KEY,
  owner       TEXT NOT NULL,
  algorithm   TEXT NOT NULL DEFAULT 'ed25519' CHECK (algorithm = 'ed25519'),
  public_key  BLOB NOT NULL CHECK (length (public_key) = 32),
  valid_from  INTEGER NOT NULL DEFAULT 0,
  valid_until INTEGER
);

-- Personal data (phone, civil number) is purged a set number of days after the server has
-- acknowledged the record; this marks rows already purged so the sweep is cheap.
ALTER TABLE reports ADD COLUMN personal_purged_at INTEGER;
ALTER TABLE feedback ADD COLUMN personal_purged_at INTEGER;
ALTER TABLE lease_form_requests ADD COLUMN personal_purged_at INTEGER;
