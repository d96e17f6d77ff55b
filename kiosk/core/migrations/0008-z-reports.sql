-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 5: the attendant's end-of-day (Z) reports (kiosk-z-report.h).
--
-- Z reports are numbered 1, 2, 3 … on this kiosk, so a missing one is visible on paper and
-- at the server. Each payment taken (card approved, cash confirmed at the counter) and each
-- receipt is counted in exactly one Z: the Z marks them with its number in its own
-- transaction, so a crash between a payment and the Z can neither lose nor double it.

CREATE TABLE z_reports (
  number      INTEGER PRIMARY KEY CHECK (number > 0),
  uuid        TEXT NOT NULL UNIQUE,
  reference   TEXT NOT NULL UNIQUE,
  actor       TEXT NOT NULL,
  from_at     INTEGER,
  until_at    INTEGER NOT NULL,
  -- The report as synced (the outbox payload): figures by service and method, and the rest.
  summary     TEXT NOT NULL CHECK (json_valid (summary)),
  -- An RC token of this record (service "z_report"), so the paper's code verifies.
  qr_payload  TEXT,
  created_at  INTEGER NOT NULL
);

ALTER TABLE payments ADD COLUMN z_number INTEGER REFERENCES z_reports (number);
ALTER TABLE receipts ADD COLUMN z_number INTEGER REFERENCES z_reports (number);
CREATE INDEX payments_outside_z ON payments (purpose) WHERE z_number IS NULL;
CREATE INDEX receipts_outside_z ON receipts (service) WHERE z_number IS NULL;
