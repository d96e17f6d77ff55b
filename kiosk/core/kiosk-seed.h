/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading reference data from SQL text: the demo seed shipped in assets/seed/, compiled in. */
#pragma once

#include <glib.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

/* Names accepted by `kiosk-admin init --seed NAME`. */
gboolean kiosk_seed_load     (KioskStore *store,
                              const char *name,
                              GError    **error);
/* Loads SQL text in one transaction and checks foreign keys before committing. */
gboolean kiosk_seed_load_sql (KioskStore *store,
                              const char *sql,
                              GError    **error);

G_END_DECLS
