-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 1: every service of the kiosk, its reference data, and the outbox.
-- Times are Unix seconds (UTC); dates a person reads are ISO 'YYYY-MM-DD'.
-- Money is INTEGER baisa. Reference tables are replaced by the sync agent's pulls, so
-- domain rows copy what they need from them instead of pointing at them with foreign keys.

-- Identity and settings ------------------------------------------------------------------

CREATE TABLE kiosk_identity (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  kiosk_code  TEXT NOT NULL CHECK (length (kiosk_code) BETWEEN 2 AND 12),
  kiosk_uuid  TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);

CREATE TABLE settings (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- One row per kiosk and day: the human reference sequence, unique without a network.
CREATE TABLE reference_counters (
  day         TEXT PRIMARY KEY,
  last_seq    INTEGER NOT NULL CHECK (last_seq >= 0)
);

-- Reference data (pulled from the central server; the demo seed fills it) ----------------

CREATE TABLE wilayats (
  code        TEXT PRIMARY KEY,
  name_ar     TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  sort_order  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE areas (
  code          TEXT PRIMARY KEY,
  wilayat_code  TEXT NOT NULL REFERENCES wilayats (code) ON DELETE CASCADE,
  name_ar       TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  sort_order    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX areas_by_wilayat ON areas (wilayat_code, sort_order);

CREATE TABLE category_groups (
  code        TEXT PRIMARY KEY,
  name_ar     TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  sort_order  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE report_categories (
  code        TEXT PRIMARY KEY,
  group_code  TEXT NOT NULL REFERENCES category_groups (code),
  name_ar     TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  priority    TEXT NOT NULL CHECK (priority IN ('HIGH', 'MEDIUM', 'LOW')),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  sort_order  INTEGER NOT NULL DEFAULT 0
);

-- The services a visitor sees on the home screen, in the order and groups they appear.
CREATE TABLE service_catalog (
  code        TEXT PRIMARY KEY,
  group_code  TEXT NOT NULL CHECK (group_code IN ('reports', 'licences', 'payments', 'scan')),
  name_ar     TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  icon        TEXT NOT NULL DEFAULT '',
  enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  sort_order  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE parking_zones (
  code          TEXT PRIMARY KEY,
  wilayat_code  TEXT REFERENCES wilayats (code),
  name_ar       TEXT NOT NULL,
  name_en       TEXT NOT NULL
);

-- Fees for licences, permits and forms. `variant` is the shop activity class, the vehicle
-- type or the parking zone; a late penalty accrues per started month after expiry, capped.
CREATE TABLE fees (
  service                   TEXT NOT NULL CHECK (service IN ('shop_licence', 'vehicle_licence',
                                                            'parking_permit', 'vehicle_permit',
                                                            'lease_form')),
  variant                   TEXT NOT NULL,
  period_months             INTEGER NOT NULL CHECK (period_months BETWEEN 0 AND 60),
  name_ar                   TEXT NOT NULL,
  name_en                   TEXT NOT NULL,
  amount_baisa              INTEGER NOT NULL CHECK (amount_baisa >= 0),
  late_penalty_baisa        INTEGER NOT NULL DEFAULT 0 CHECK (late_penalty_baisa >= 0),
  late_penalty_cap_baisa    INTEGER NOT NULL DEFAULT 0 CHECK (late_penalty_cap_baisa >= 0),
  PRIMARY KEY (service, variant, period_months)
);

CREATE TABLE licences (
  number          TEXT PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('shop', 'vehicle')),
  holder_name_ar  TEXT NOT NULL,
  holder_name_en  TEXT NOT NULL,
  cr_number       TEXT,
  plate           TEXT,
  fee_variant     TEXT NOT NULL,
  activity_ar     TEXT NOT NULL DEFAULT '',
  activity_en     TEXT NOT NULL DEFAULT '',
  wilayat_code    TEXT,
  expires_on      TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'cancelled')),
  block_reason    TEXT,
  updated_at      INTEGER NOT NULL,
  CHECK ((kind = 'shop' AND cr_number IS NOT NULL) OR (kind = 'vehicle' AND plate IS NOT NULL))
);
CREATE INDEX licences_by_cr ON licences (cr_number) WHERE cr_number IS NOT NULL;
CREATE INDEX licences_by_plate ON licences (plate) WHERE plate IS NOT NULL;

CREATE TABLE vehicle_permits (
  number          TEXT PRIMARY KEY,
  plate           TEXT NOT NULL,
  zone_code       TEXT NOT NULL,
  holder_name_ar  TEXT NOT NULL,
  holder_name_en  TEXT NOT NULL,
  expires_on      TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'cancelled')),
  updated_at      INTEGER NOT NULL
);
CREATE INDEX vehicle_permits_by_plate ON vehicle_permits (plate);

CREATE TABLE fines (
  number          TEXT PRIMARY KEY,
  plate           TEXT NOT NULL,
  issued_at       INTEGER NOT NULL,
  place_ar        TEXT NOT NULL,
  place_en        TEXT NOT NULL,
  violation_ar    TEXT NOT NULL,
  violation_en    TEXT NOT NULL,
  amount_baisa    INTEGER NOT NULL CHECK (amount_baisa > 0),
  status          TEXT NOT NULL CHECK (status IN ('unpaid', 'paid', 'cancelled')),
  updated_at      INTEGER NOT NULL
);
CREATE INDEX fines_by_plate ON fines (plate, status);

-- Sync state ----------------------------------------------------------------------------

CREATE TABLE sync_cursors (
  dataset     TEXT PRIMARY KEY,
  cursor      TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- What the kiosk did, queued for the central server. Written in the same transaction as the
-- domain row it carries; the only table the sync agent reads to push.
CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  record_uuid      TEXT NOT NULL UNIQUE,
  kind             TEXT NOT NULL,
  -- Lower goes first: payments must be forwarded before anything else.
  priority         INTEGER NOT NULL DEFAULT 50,
  payload          TEXT NOT NULL CHECK (json_valid (payload)),
  payload_bytes    INTEGER NOT NULL,
  attachments      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (attachments)),
  state            TEXT NOT NULL DEFAULT 'queued'
                   CHECK (state IN ('queued', 'in_flight', 'acked', 'rejected')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL DEFAULT 0,
  claim_id         TEXT,
  claimed_at       INTEGER,
  last_error       TEXT,
  server_reference TEXT,
  created_at       INTEGER NOT NULL,
  done_at          INTEGER
);
CREATE INDEX outbox_ready ON outbox (state, priority, id);

-- Domain: what visitors did -------------------------------------------------------------

-- Files named by SHA-256 beside the database; written and fsynced before a row names them.
CREATE TABLE photos (
  sha256      TEXT PRIMARY KEY CHECK (length (sha256) = 64),
  bytes       INTEGER NOT NULL CHECK (bytes > 0),
  mime_type   TEXT NOT NULL DEFAULT 'image/jpeg',
  created_at  INTEGER NOT NULL
);

CREATE TABLE reports (
  uuid              TEXT PRIMARY KEY,
  reference         TEXT NOT NULL UNIQUE,
  origin            TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'server')),
  category_code     TEXT NOT NULL,
  priority          TEXT NOT NULL CHECK (priority IN ('HIGH', 'MEDIUM', 'LOW')),
  wilayat_code      TEXT NOT NULL,
  area_code         TEXT NOT NULL,
  landmark          TEXT NOT NULL DEFAULT '',
  description       TEXT NOT NULL,
  phone             TEXT,
  status            TEXT NOT NULL DEFAULT 'received',
  status_updated_at INTEGER,
  created_at        INTEGER NOT NULL
);
CREATE INDEX reports_by_area ON reports (category_code, area_code, created_at);
CREATE INDEX reports_by_phone ON reports (phone) WHERE phone IS NOT NULL;

CREATE TABLE report_photos (
  report_uuid  TEXT NOT NULL REFERENCES reports (uuid) ON DELETE CASCADE,
  position     INTEGER NOT NULL CHECK (position BETWEEN 0 AND 9),
  sha256       TEXT NOT NULL REFERENCES photos (sha256),
  PRIMARY KEY (report_uuid, position)
);
CREATE INDEX report_photos_by_sha ON report_photos (sha256);

CREATE TABLE report_status_history (
  report_uuid  TEXT NOT NULL REFERENCES reports (uuid) ON DELETE CASCADE,
  status       TEXT NOT NULL,
  at           INTEGER NOT NULL,
  note_ar      TEXT NOT NULL DEFAULT '',
  note_en      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (report_uuid, at, status)
);

CREATE TABLE feedback (
  uuid        TEXT PRIMARY KEY,
  reference   TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('suggestion', 'complaint', 'inquiry')),
  body        TEXT NOT NULL,
  phone       TEXT,
  created_at  INTEGER NOT NULL
);

CREATE TABLE payments (
  uuid            TEXT PRIMARY KEY,
  reference       TEXT NOT NULL UNIQUE,
  purpose         TEXT NOT NULL CHECK (purpose IN ('fines', 'shop_licence', 'vehicle_licence',
                                                   'parking_permit', 'vehicle_permit')),
  method          TEXT NOT NULL CHECK (method IN ('card', 'counter')),
  status          TEXT NOT NULL CHECK (status IN ('approved_online', 'approved_offline',
                                                  'awaiting_counter', 'paid_counter',
                                                  'declined', 'voided')),
  amount_baisa    INTEGER NOT NULL CHECK (amount_baisa > 0),
  auth_code       TEXT,
  card_last4      TEXT CHECK (card_last4 IS NULL OR length (card_last4) = 4),
  created_at      INTEGER NOT NULL,
  forwarded_at    INTEGER
);
CREATE INDEX payments_offline ON payments (status) WHERE status = 'approved_offline';

CREATE TABLE fine_payments (
  payment_uuid  TEXT NOT NULL REFERENCES payments (uuid),
  fine_number   TEXT NOT NULL,
  plate         TEXT NOT NULL,
  amount_baisa  INTEGER NOT NULL CHECK (amount_baisa > 0),
  voided        INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
  PRIMARY KEY (payment_uuid, fine_number)
);
-- A fine can be paid only once at this kiosk (a voided payment frees it again).
CREATE UNIQUE INDEX fine_paid_once ON fine_payments (fine_number) WHERE voided = 0;

CREATE TABLE licence_renewals (
  uuid            TEXT PRIMARY KEY,
  reference       TEXT NOT NULL UNIQUE,
  licence_number  TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('shop', 'vehicle')),
  period_months   INTEGER NOT NULL CHECK (period_months > 0),
  fee_baisa       INTEGER NOT NULL CHECK (fee_baisa >= 0),
  penalty_baisa   INTEGER NOT NULL DEFAULT 0 CHECK (penalty_baisa >= 0),
  new_expiry      TEXT NOT NULL,
  payment_uuid    TEXT NOT NULL REFERENCES payments (uuid),
  created_at      INTEGER NOT NULL
);

CREATE TABLE lease_form_requests (
  uuid              TEXT PRIMARY KEY,
  reference         TEXT NOT NULL UNIQUE,
  tenant_name       TEXT NOT NULL,
  civil_number      TEXT NOT NULL,
  phone             TEXT NOT NULL,
  landlord_name     TEXT NOT NULL,
  wilayat_code      TEXT NOT NULL,
  area_code         TEXT NOT NULL,
  building_details  TEXT NOT NULL,
  contract_number   TEXT,
  delivery          TEXT NOT NULL CHECK (delivery IN ('print', 'queue')),
  created_at        INTEGER NOT NULL
);

CREATE TABLE parking_permit_requests (
  uuid            TEXT PRIMARY KEY,
  reference       TEXT NOT NULL UNIQUE,
  plate           TEXT NOT NULL,
  zone_code       TEXT NOT NULL,
  period_months   INTEGER NOT NULL CHECK (period_months > 0),
  fee_baisa       INTEGER NOT NULL CHECK (fee_baisa >= 0),
  phone           TEXT,
  payment_uuid    TEXT NOT NULL REFERENCES payments (uuid),
  created_at      INTEGER NOT NULL
);

CREATE TABLE vehicle_permit_renewals (
  uuid            TEXT PRIMARY KEY,
  reference       TEXT NOT NULL UNIQUE,
  permit_number   TEXT NOT NULL,
  plate           TEXT NOT NULL,
  period_months   INTEGER NOT NULL CHECK (period_months > 0),
  fee_baisa       INTEGER NOT NULL CHECK (fee_baisa >= 0),
  new_expiry      TEXT NOT NULL,
  payment_uuid    TEXT NOT NULL REFERENCES payments (uuid),
  created_at      INTEGER NOT NULL
);

CREATE TABLE receipts (
  uuid          TEXT PRIMARY KEY,
  reference     TEXT NOT NULL,
  service       TEXT NOT NULL,
  record_uuid   TEXT NOT NULL,
  payment_uuid  TEXT REFERENCES payments (uuid),
  amount_baisa  INTEGER NOT NULL DEFAULT 0 CHECK (amount_baisa >= 0),
  qr_payload    TEXT,
  print_count   INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);
CREATE INDEX receipts_by_record ON receipts (record_uuid);

-- Attendants and the audit trail --------------------------------------------------------

CREATE TABLE attendants (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  pin_salt    BLOB NOT NULL,
  pin_hash    BLOB NOT NULL,
  badge_id    TEXT UNIQUE,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at  INTEGER NOT NULL
);

CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  at           INTEGER NOT NULL,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  record_uuid  TEXT,
  detail       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (detail))
);
