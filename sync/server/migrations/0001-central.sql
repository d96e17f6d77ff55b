-- SPDX-License-Identifier: GPL-3.0-or-later
-- Central server schema version 1: kiosks and their tokens, every record a kiosk sent (with the
-- answer it got, so a resend gets the same answer forever), attachments, fine payments and
-- refund cases, report statuses, reference data, and the changes feed kiosks pull.
-- Times are Unix seconds (UTC); money is INTEGER baisa.

-- Tells a central database apart from a kiosk's (both are SQLite files with a user_version).
PRAGMA application_id = 1262699854;  -- "KCEN"

-- The feed's epoch: a cursor minted by another database (or before a restore) resets.
CREATE TABLE server_identity (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  epoch       TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
INSERT INTO server_identity (id, epoch, created_at)
  VALUES (1, lower (hex (randomblob (8))), unixepoch ());

-- Only the SHA-256 of a token is kept: a copy of this file does not let anyone act as a kiosk.
CREATE TABLE kiosks (
  code          TEXT PRIMARY KEY CHECK (length (code) BETWEEN 2 AND 12),
  token_sha256  TEXT NOT NULL UNIQUE CHECK (length (token_sha256) = 64),
  enabled       INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);

-- One row per record UUID ever answered `accepted` or `rejected` (a `retry` is not an answer
-- and is not kept). The answer columns are what a resend gets back.
CREATE TABLE records (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid              TEXT NOT NULL UNIQUE,
  kiosk_code        TEXT NOT NULL,
  batch_id          TEXT NOT NULL,
  kind              TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
  server_reference  TEXT UNIQUE,
  code              TEXT,
  reason            TEXT,
  refund_case       TEXT,
  kiosk_reference   TEXT,
  created_at        INTEGER,
  received_at       INTEGER NOT NULL,
  payload           TEXT CHECK (payload IS NULL OR json_valid (payload))
);
CREATE INDEX records_by_kind ON records (status, kind);

-- Files named by SHA-256 in the attachments folder; a row is written only once its file is
-- durable, so a row always means "the bytes are here".
CREATE TABLE attachments (
  sha256      TEXT PRIMARY KEY CHECK (length (sha256) = 64),
  bytes       INTEGER NOT NULL CHECK (bytes > 0),
  created_at  INTEGER NOT NULL
);

CREATE TABLE record_attachments (
  record_uuid  TEXT NOT NULL REFERENCES records (uuid),
  position     INTEGER NOT NULL CHECK (position BETWEEN 0 AND 9),
  sha256       TEXT NOT NULL REFERENCES attachments (sha256),
  PRIMARY KEY (record_uuid, position)
);

-- The first payment of each fine, whichever kiosk took it.
CREATE TABLE fine_payments (
  fine_number   TEXT PRIMARY KEY,
  payment_uuid  TEXT NOT NULL REFERENCES records (uuid),
  plate         TEXT NOT NULL,
  amount_baisa  INTEGER NOT NULL CHECK (amount_baisa > 0),
  paid_at       INTEGER NOT NULL
);

-- A fine paid again by another payment: the money was taken, so it goes back. One case per
-- payment, one row per fine it paid twice.
CREATE TABLE refund_cases (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  case_reference      TEXT NOT NULL,
  payment_uuid        TEXT NOT NULL REFERENCES records (uuid),
  fine_number         TEXT NOT NULL,
  first_payment_uuid  TEXT NOT NULL REFERENCES records (uuid),
  amount_baisa        INTEGER NOT NULL CHECK (amount_baisa > 0),
  opened_at           INTEGER NOT NULL,
  UNIQUE (payment_uuid, fine_number)
);

CREATE TABLE report_statuses (
  report_uuid  TEXT PRIMARY KEY REFERENCES records (uuid),
  status       TEXT NOT NULL,
  at           INTEGER NOT NULL,
  note_ar      TEXT NOT NULL DEFAULT '',
  note_en      TEXT NOT NULL DEFAULT '',
  updated_at   INTEGER NOT NULL
);

-- The current reference data, one JSON row per dataset and key, shaped like the kiosk's table
-- of the same name; what a payment changes (a fine's status) is read from here.
CREATE TABLE reference_rows (
  dataset     TEXT NOT NULL,
  key         TEXT NOT NULL,
  data        TEXT NOT NULL CHECK (json_valid (data)),
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (dataset, key)
) WITHOUT ROWID;

-- The feed. `seq` only grows (AUTOINCREMENT never reuses a value), so a cursor is a position.
-- A change for one kiosk only (a report status) names it; NULL is for every kiosk.
CREATE TABLE changes (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  dataset     TEXT NOT NULL,
  op          TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
  key         TEXT NOT NULL,
  data        TEXT CHECK (data IS NULL OR json_valid (data)),
  kiosk_code  TEXT,
  created_at  INTEGER NOT NULL,
  CHECK ((op = 'upsert') = (data IS NOT NULL))
);
