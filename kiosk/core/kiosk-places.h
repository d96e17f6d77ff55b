/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where a GPS position is, in the municipality's own terms: the wilayat and area to propose
 * when a visitor's photo carries its position. The reference data gives each wilayat and area
 * a reference point (its centre; see the migration that added them for which are
 * approximate). */
#pragma once

#include <glib.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

/* A position further than this from every area's reference point is not proposed: the photo
 * was taken outside the areas this kiosk serves. */
#define KIOSK_PLACES_MAX_DISTANCE_M 8000.0

/* TRUE for a latitude and longitude in range (degrees, WGS 84). */
gboolean kiosk_places_position_is_valid (double latitude,
                                         double longitude);

/* Great-circle distance in metres. */
double   kiosk_places_distance_m        (double latitude1,
                                         double longitude1,
                                         double latitude2,
                                         double longitude2);

/* The area whose reference point is nearest to the position, and its wilayat. TRUE with
 * both codes set when one is within KIOSK_PLACES_MAX_DISTANCE_M; TRUE with both NULL when
 * none is; FALSE with `error` on a store failure or an invalid position. */
gboolean kiosk_places_propose           (KioskStore  *store,
                                         double       latitude,
                                         double       longitude,
                                         char       **out_wilayat_code,
                                         char       **out_area_code,
                                         GError     **error);

G_END_DECLS
