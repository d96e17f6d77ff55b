-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 5: positions. Each wilayat and area gets a reference point, so a photo that
-- carries its GPS position can propose where the problem is (kiosk-places.h); a report keeps
-- the position its photo gave.
--
-- Positions are integer microdegrees (WGS 84, as GPS gives them: north and east positive),
-- never floating point, like money in baisa: 1e-6 degree is about 11 cm, and integers go
-- through JSON, the feed and the server unchanged. NULL means not known.
--
-- A reference point is the centre of the wilayat's main town or of the area's built-up
-- part, not a boundary: the kiosk proposes the nearest one and the visitor confirms or
-- changes it. The demo seed says which points are approximate.

ALTER TABLE wilayats ADD COLUMN latitude_e6 INTEGER
  CHECK (latitude_e6 BETWEEN -90000000 AND 90000000);
ALTER TABLE wilayats ADD COLUMN longitude_e6 INTEGER
  CHECK (longitude_e6 BETWEEN -180000000 AND 180000000);

ALTER TABLE areas ADD COLUMN latitude_e6 INTEGER
  CHECK (latitude_e6 BETWEEN -90000000 AND 90000000);
ALTER TABLE areas ADD COLUMN longitude_e6 INTEGER
  CHECK (longitude_e6 BETWEEN -180000000 AND 180000000);

-- Where the report's photo was taken, when its photo said so; both or neither.
ALTER TABLE reports ADD COLUMN latitude_e6 INTEGER
  CHECK (latitude_e6 BETWEEN -90000000 AND 90000000);
ALTER TABLE reports ADD COLUMN longitude_e6 INTEGER
  CHECK (longitude_e6 BETWEEN -180000000 AND 180000000
         AND (longitude_e6 IS NULL) = (latitude_e6 IS NULL));
