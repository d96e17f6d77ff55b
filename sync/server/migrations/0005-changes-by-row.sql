-- SPDX-License-Identifier: GPL-3.0-or-later
-- Central server schema version 5: the feed's changes by row, so a page can leave out a
-- change whose row changed again later (compaction, kiosk-central-changes.c) with one index
-- look-up per change.

CREATE INDEX changes_by_row ON changes (dataset, key, seq);
