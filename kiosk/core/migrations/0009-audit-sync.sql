-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 9: the audit log reaches the central server. Each new entry has its own
-- UUID and an outbox row (kind audit_entry) written with it, so what attendants did at the
-- desk (confirmations, voids, reprints, Z reports, sign-ins) and what the kiosk could not do
-- (a receipt not printed, a card payment not reversed) is seen by the municipality too.
-- Entries from before this version have no UUID and stay local.
ALTER TABLE audit_log ADD COLUMN uuid TEXT;
CREATE UNIQUE INDEX audit_log_by_uuid ON audit_log (uuid) WHERE uuid IS NOT NULL;
CREATE INDEX audit_log_by_action ON audit_log (action, at);
