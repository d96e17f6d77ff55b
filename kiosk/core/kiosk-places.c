/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Nearest wilayat and area to a position. */
#define G_LOG_DOMAIN "kiosk-places"

#include "config.h"

#include "kiosk-places.h"

#include <math.h>

#include "kiosk-store-private.h"

#define EARTH_RADIUS_M 6371008.8

gboolean
kiosk_places_position_is_valid (double latitude,
                                double longitude)
{
  return isfinite (latitude) && isfinite (longitude) && latitude >= -90 && latitude <= 90 &&
         longitude >= -180 && longitude <= 180;
}

double
kiosk_places_distance_m (double latitude1,
                         double longitude1,
                         double latitude2,
                         double longitude2)
{
  double p1 = latitude1 * G_PI / 180, p2 = latitude2 * G_PI / 180;
  double dp = p2 - p1, dl = (longitude2 - longitude1) * G_PI / 180;
  double a = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 2 * EARTH_RADIUS_M * atan2 (sqrt (a), sqrt (1 - a));
}

gboolean
kiosk_places_propose (KioskStore  *store,
                      double       latitude,
                      double       longitude,
                      char       **out_wilayat_code,
                      char       **out_area_code,
                      GError     **error)
{
  g_autofree char *best_area = NULL;
  g_autofree char *best_wilayat = NULL;
  double best = KIOSK_PLACES_MAX_DISTANCE_M;
  sqlite3_stmt *stmt;
  int rc;

  *out_wilayat_code = NULL;
  *out_area_code = NULL;
  if (!kiosk_places_position_is_valid (latitude, longitude))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "not a position on Earth");
      return FALSE;
    }

  /* A few dozen areas: every reference point is measured, no spatial index needed. Areas of
   * a wilayat without coordinates of their own are left out rather than guessed. */
  stmt = kiosk_store_prepare (store,
                              "SELECT code, wilayat_code, latitude_e6, longitude_e6 FROM areas"
                              " WHERE latitude_e6 IS NOT NULL AND longitude_e6 IS NOT NULL"
                              " ORDER BY sort_order, code",
                              error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double d = kiosk_places_distance_m (latitude, longitude,
                                          sqlite3_column_int64 (stmt, 2) / 1e6,
                                          sqlite3_column_int64 (stmt, 3) / 1e6);

      if (d < best)
        {
          best = d;
          g_free (best_area);
          g_free (best_wilayat);
          best_area = kiosk_column_dup_text (stmt, 0);
          best_wilayat = kiosk_column_dup_text (stmt, 1);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return kiosk_store_fail (store, rc, "find the nearest area", error);

  *out_wilayat_code = g_steal_pointer (&best_wilayat);
  *out_area_code = g_steal_pointer (&best_area);
  return TRUE;
}
