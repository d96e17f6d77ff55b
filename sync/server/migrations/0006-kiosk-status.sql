-- SPDX-License-Identifier: GPL-3.0-or-later
-- Central schema version 5: what each kiosk's sync agent last said of itself (the
-- Kiosk-Agent-* headers of a changes request, see sync/api/openapi.yaml), for the console's
-- fleet page. One row per kiosk, replaced on each report; none for an agent that never sent it.

CREATE TABLE kiosk_status (
  kiosk_code     TEXT PRIMARY KEY REFERENCES kiosks (code),
  agent_version  TEXT NOT NULL CHECK (length (agent_version) BETWEEN 1 AND 32),
  queue_depth    INTEGER NOT NULL CHECK (queue_depth >= 0),
  parked         INTEGER NOT NULL CHECK (parked >= 0),
  reported_at    INTEGER NOT NULL
);
