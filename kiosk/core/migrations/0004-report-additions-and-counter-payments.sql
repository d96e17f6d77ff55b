-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 4: adding a photo and a note to a report someone already filed ("already
-- reported?"), and cash taken at the counter for a voucher the kiosk printed.

-- A visitor's addition to an existing report (filed here or learnt from the server). Synced
-- as its own record; the report it adds to is named by UUID, not by foreign key, because a
-- server-side report may be replaced by a later pull.
CREATE TABLE report_additions (
  uuid                TEXT PRIMARY KEY,
  reference           TEXT NOT NULL UNIQUE,
  report_uuid         TEXT NOT NULL,
  note                TEXT NOT NULL DEFAULT '',
  phone               TEXT,
  personal_purged_at  INTEGER,
  created_at          INTEGER NOT NULL
);
CREATE INDEX report_additions_by_report ON report_additions (report_uuid);

CREATE TABLE report_addition_photos (
  addition_uuid  TEXT NOT NULL REFERENCES report_additions (uuid) ON DELETE CASCADE,
  position       INTEGER NOT NULL CHECK (position BETWEEN 0 AND 9),
  sha256         TEXT NOT NULL REFERENCES photos (sha256),
  PRIMARY KEY (addition_uuid, position)
);
CREATE INDEX report_addition_photos_by_sha ON report_addition_photos (sha256);

-- The signed voucher (CV token) a counter payment prints, and when the cash was taken.
ALTER TABLE payments ADD COLUMN voucher_token TEXT;
ALTER TABLE payments ADD COLUMN paid_at INTEGER;

-- An attendant confirming cash paid at the counter for a voucher: its own synced record,
-- since the payment record itself may already be at the server.
CREATE TABLE counter_confirmations (
  uuid          TEXT PRIMARY KEY,
  reference     TEXT NOT NULL UNIQUE,
  payment_uuid  TEXT NOT NULL UNIQUE REFERENCES payments (uuid),
  attendant_id  TEXT NOT NULL REFERENCES attendants (id),
  created_at    INTEGER NOT NULL
);
