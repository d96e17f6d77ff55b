-- SPDX-License-Identifier: GPL-3.0-or-later
-- Central server schema version 3 on PostgreSQL: the feed's changes by row, as the SQLite
-- schema's version 5 (migrations/0005-changes-by-row.sql, which says why).

CREATE INDEX changes_by_row ON changes (dataset, key, seq);
