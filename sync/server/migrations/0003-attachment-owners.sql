-- SPDX-License-Identifier: GPL-3.0-or-later
-- Central server schema version 2: an attachment belongs to the kiosks that uploaded it. The
-- bytes are still stored once per SHA-256, but a kiosk can neither learn that another kiosk's
-- photo exists nor name it in a record without uploading the same bytes itself.

CREATE TABLE attachment_owners (
  sha256      TEXT NOT NULL REFERENCES attachments (sha256),
  kiosk_code  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (sha256, kiosk_code)
) WITHOUT ROWID;

-- What was there before: a photo belongs to the kiosks whose records name it. A photo no
-- record names yet has no owner; its kiosk uploads it again (the bytes are not sent twice on
-- disk, only checked).
INSERT OR IGNORE INTO attachment_owners (sha256, kiosk_code, created_at)
  SELECT DISTINCT ra.sha256, r.kiosk_code, unixepoch ()
  FROM record_attachments AS ra JOIN records AS r ON r.uuid = ra.record_uuid;
