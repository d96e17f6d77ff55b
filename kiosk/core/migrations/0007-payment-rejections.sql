-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 5: payments (and counter confirmations) of this kiosk that the central
-- server refused, with its reason, learnt from the changes feed (dataset payment_rejections,
-- sent to this kiosk only), so the attendant's desk can show them and staff can follow up.
CREATE TABLE payment_rejections (
  record_uuid  TEXT PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('payment', 'counter_payment')),
  reference    TEXT NOT NULL,
  code         TEXT NOT NULL,
  reason       TEXT NOT NULL,
  rejected_at  INTEGER NOT NULL
);
CREATE INDEX payment_rejections_by_time ON payment_rejections (rejected_at);
