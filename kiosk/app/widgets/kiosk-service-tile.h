/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One large tile of the home screen: a service's icon and name in the visitor's language,
 * and "available at the counter" under the name of a service the kiosk cannot do yet.
 * Tapping it activates win.open-service with the service's code. */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-catalog.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_SERVICE_TILE (kiosk_service_tile_get_type ())

G_DECLARE_FINAL_TYPE (KioskServiceTile, kiosk_service_tile, KIOSK, SERVICE_TILE, GtkButton)

/* Named in the current language (see kiosk-i18n.h). */
GtkWidget  *kiosk_service_tile_new        (const KioskCatalogItem *service,
                                           gboolean                available);

gboolean    kiosk_service_tile_get_available (KioskServiceTile *self);
void        kiosk_service_tile_set_available (KioskServiceTile *self,
                                              gboolean          available);

const char *kiosk_service_tile_get_code   (KioskServiceTile *self);
const char *kiosk_service_tile_get_title  (KioskServiceTile *self);
void        kiosk_service_tile_set_title  (KioskServiceTile *self,
                                           const char       *title);
const char *kiosk_service_tile_get_icon_name (KioskServiceTile *self);
void        kiosk_service_tile_set_icon_name (KioskServiceTile *self,
                                              const char       *icon_name);

G_END_DECLS
