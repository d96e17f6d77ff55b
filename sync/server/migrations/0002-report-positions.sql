-- SPDX-License-Identifier: GPL-3.0-or-later
-- Central schema version 2: where a report's photo was taken, when the kiosk sent it
-- (payload.latitude_e6 / longitude_e6, integer microdegrees, WGS 84), in a table of its own
-- so staff pages and Open311 read it without parsing payloads.
CREATE TABLE report_positions (
  report_uuid   TEXT PRIMARY KEY REFERENCES records (uuid),
  latitude_e6   INTEGER NOT NULL CHECK (latitude_e6 BETWEEN -90000000 AND 90000000),
  longitude_e6  INTEGER NOT NULL CHECK (longitude_e6 BETWEEN -180000000 AND 180000000)
);
