-- SPDX-License-Identifier: GPL-3.0-or-later
-- Central server schema version 3 on PostgreSQL: what each kiosk's agent last said of itself,
-- the same table as the SQLite schema's version 5 (migrations/0005-kiosk-status.sql).

CREATE TABLE kiosk_status (
  kiosk_code     TEXT PRIMARY KEY REFERENCES kiosks (code),
  agent_version  TEXT NOT NULL CHECK (length (agent_version) BETWEEN 1 AND 32),
  queue_depth    BIGINT NOT NULL CHECK (queue_depth >= 0),
  parked         BIGINT NOT NULL CHECK (parked >= 0),
  reported_at    BIGINT NOT NULL
);
