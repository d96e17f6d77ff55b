-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 5: what the municipality announces (news, projects, new services) and the
-- guide to every municipal service, the ones this kiosk performs and the many it cannot.
-- Both are reference data from the changes feed (sync/api/openapi.yaml), read by
-- kiosk-announcements.h and kiosk-service-guide.h.

-- An announcement shows from publish_at until expires_at (NULL: until withdrawn), judged
-- against the kiosk's clock at the moment it is read, so one that expires while the kiosk
-- is offline still disappears on time.
CREATE TABLE announcements (
  id              TEXT PRIMARY KEY,
  category        TEXT NOT NULL CHECK (category IN ('news', 'project', 'new_service')),
  title_ar        TEXT NOT NULL,
  title_en        TEXT NOT NULL,
  body_ar         TEXT NOT NULL,
  body_en         TEXT NOT NULL,
  -- A JPEG in the photo store, <db>.photos/<sha256>.jpg, fetched by the sync agent from the
  -- server's attachments; until it has arrived the announcement shows without it.
  picture_sha256  TEXT CHECK (picture_sha256 IS NULL OR
                              (length (picture_sha256) = 64 AND
                               picture_sha256 NOT GLOB '*[^0-9a-f]*')),
  publish_at      INTEGER NOT NULL CHECK (publish_at >= 0),
  expires_at      INTEGER CHECK (expires_at IS NULL OR expires_at > publish_at),
  -- Higher first; among equals, the newest first.
  priority        INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 100)
);
CREATE INDEX announcements_by_publish ON announcements (publish_at);

CREATE TABLE service_guide_categories (
  code        TEXT PRIMARY KEY,
  name_ar     TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  icon        TEXT NOT NULL DEFAULT '',
  sort_order  INTEGER NOT NULL DEFAULT 0
);

-- One municipal service: what it is, who may apply, what to bring, what it costs, and where
-- it is done. Text a person reads is in both languages; lists (documents) are one item a line.
-- A feed reset may clear the wilayats or the catalogue without this table (kiosk-pull.h):
-- the entry then loses its office's wilayat or its kiosk button, never the whole guide.
CREATE TABLE service_guide (
  id              TEXT PRIMARY KEY,
  category        TEXT NOT NULL REFERENCES service_guide_categories (code) ON DELETE CASCADE,
  name_ar         TEXT NOT NULL,
  name_en         TEXT NOT NULL,
  summary_ar      TEXT NOT NULL,
  summary_en      TEXT NOT NULL,
  eligibility_ar  TEXT NOT NULL DEFAULT '',
  eligibility_en  TEXT NOT NULL DEFAULT '',
  documents_ar    TEXT NOT NULL DEFAULT '',
  documents_en    TEXT NOT NULL DEFAULT '',
  -- The fee or the rule that sets it, as a person reads it; fee_baisa when it is one amount.
  fee_ar          TEXT NOT NULL DEFAULT '',
  fee_en          TEXT NOT NULL DEFAULT '',
  fee_baisa       INTEGER CHECK (fee_baisa IS NULL OR fee_baisa >= 0),
  -- Where it is done: at this kiosk (the service_catalog code of its flow), on the website,
  -- in the app, at an office (its wilayat and opening hours).
  kiosk_service   TEXT REFERENCES service_catalog (code) ON DELETE SET NULL,
  website_url     TEXT CHECK (website_url IS NULL OR website_url LIKE 'https://%'),
  app_ar          TEXT NOT NULL DEFAULT '',
  app_en          TEXT NOT NULL DEFAULT '',
  office_ar       TEXT NOT NULL DEFAULT '',
  office_en       TEXT NOT NULL DEFAULT '',
  office_wilayat  TEXT REFERENCES wilayats (code) ON DELETE SET NULL,
  hours_ar        TEXT NOT NULL DEFAULT '',
  hours_en        TEXT NOT NULL DEFAULT '',
  -- Other words people use for it, in either language, for the search.
  keywords        TEXT NOT NULL DEFAULT '',
  sort_order      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX service_guide_by_category ON service_guide (category, sort_order);
