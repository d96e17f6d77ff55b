/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskDeskHealth: the attendant's view of the kiosk's devices and link: camera, receipt
 * printer (its state asked afresh), card terminal, free disk space beside the database, and
 * the sync queue with its last success. */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-printer.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_DESK_HEALTH (kiosk_desk_health_get_type ())

G_DECLARE_FINAL_TYPE (KioskDeskHealth, kiosk_desk_health, KIOSK, DESK_HEALTH, GtkWidget)

/* Says it all again in the current language; asks the printer (NULL: none) for its state and
 * updates that line when it answers. */
void kiosk_desk_health_refresh (KioskDeskHealth *self,
                                KioskStore      *store,
                                KioskPrinter    *printer,
                                const char      *camera_source,
                                const char      *terminal_spec);

/* Free bytes where the database lives, or -1. */
gint64 kiosk_desk_health_free_disk (KioskStore *store);

G_END_DECLS
