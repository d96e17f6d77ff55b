-- SPDX-License-Identifier: GPL-3.0-or-later
-- Central schema version 4: the staff console and Open311. Staff accounts (Argon2id hashes,
-- never passwords), their sessions (only a token's SHA-256 is kept), an audit row for every
-- change a person makes, an index of reports and additions by the columns staff filter on (so
-- no query reads inside a payload), and the API keys of Open311 clients (SHA-256 only).
-- Times are Unix seconds; only portable SQL types and constraints.

CREATE TABLE staff (
  username       TEXT PRIMARY KEY CHECK (length (username) BETWEEN 2 AND 32),
  display_name   TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('officer', 'supervisor')),
  password_hash  TEXT NOT NULL,
  failed_logins  INTEGER NOT NULL DEFAULT 0,
  locked_until   INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);

CREATE TABLE staff_sessions (
  token_sha256  TEXT PRIMARY KEY CHECK (length (token_sha256) = 64),
  username      TEXT NOT NULL REFERENCES staff (username),
  csrf_token    TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL
);
CREATE INDEX staff_sessions_by_expiry ON staff_sessions (expires_at);

CREATE TABLE staff_audit (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  at       INTEGER NOT NULL,
  actor    TEXT NOT NULL,
  action   TEXT NOT NULL,
  subject  TEXT NOT NULL DEFAULT '',
  detail   TEXT NOT NULL DEFAULT ''
);

-- One row per report, whatever channel it came from: `source` is the kiosk's code or
-- "open311:<client>". Filled from the records as they arrive (see kiosk-central-console-store).
CREATE TABLE report_index (
  report_uuid    TEXT PRIMARY KEY REFERENCES records (uuid),
  reference      TEXT NOT NULL,
  source         TEXT NOT NULL,
  category_code  TEXT NOT NULL,
  priority       TEXT NOT NULL,
  wilayat_code   TEXT NOT NULL DEFAULT '',
  area_code      TEXT NOT NULL DEFAULT '',
  landmark       TEXT NOT NULL DEFAULT '',
  description    TEXT NOT NULL DEFAULT '',
  created_at     INTEGER NOT NULL
);
CREATE INDEX report_index_by_age ON report_index (created_at);
CREATE INDEX report_index_by_reference ON report_index (reference);

CREATE TABLE report_addition_index (
  addition_uuid  TEXT PRIMARY KEY REFERENCES records (uuid),
  report_uuid    TEXT NOT NULL,
  note           TEXT NOT NULL DEFAULT '',
  created_at     INTEGER NOT NULL
);
CREATE INDEX report_addition_index_by_report ON report_addition_index (report_uuid);

CREATE TABLE open311_clients (
  name            TEXT PRIMARY KEY CHECK (length (name) BETWEEN 2 AND 32),
  api_key_sha256  TEXT NOT NULL UNIQUE CHECK (length (api_key_sha256) = 64),
  created_at      INTEGER NOT NULL
);

-- A refund case (a fine paid at two kiosks) settled by staff: the money went back.
CREATE TABLE refund_resolutions (
  case_reference  TEXT PRIMARY KEY,
  resolved_at     INTEGER NOT NULL,
  resolved_by     TEXT NOT NULL,
  note            TEXT NOT NULL DEFAULT ''
);
