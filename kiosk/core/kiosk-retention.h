/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Personal data is kept only as long as needed: phone and civil numbers are removed a set
 * number of days after the central server acknowledged the record that carried them. */
#pragma once

#include <glib.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

/* Purges what the server acknowledged at least `days` days ago. Returns the number of
 * records purged (0 when nothing was due), or -1 with `error`. Safe to run at any time. */
gint64 kiosk_retention_purge (KioskStore *store,
                              guint       days,
                              GError    **error);

G_END_DECLS
