/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Places from positions: the reference points in the demo data, the nearest-area proposal,
 * and a report keeping the position its photo gave, up to its outbox payload. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>

#include "kiosk-error.h"
#include "kiosk-places.h"
#include "kiosk-services.h"
#include "kiosk-test-util.h"

typedef struct
{
  const char *what;
  double      latitude;
  double      longitude;
  const char *wilayat;   /* NULL: nothing proposed */
  const char *area;
} Case;

/* Positions of known places, not the reference points themselves. */
static const Case cases[] = {
  { "the ministries of Al Khuwair", 23.5960, 58.4200, "BSH", "BSH-KHUWAIR" },
  { "Muttrah fish market", 23.6248, 58.5625, "MTR", "MTR-SOUQ" },
  { "Al Alam Palace", 23.6146, 58.5944, "MSQ", "MSQ-OLD-MUSCAT" },
  { "Sultan Qaboos University", 23.5880, 58.1690, "SEB", "SEB-KHOUDH" },
  { "Royal Opera House", 23.6141, 58.4654, "BSH", "BSH-QURUM" },
  { "Qurayyat fort", 23.2630, 58.9150, "QRY", "QRY-QURAYYAT" },
  { "Salalah (outside Muscat)", 17.0194, 54.0897, NULL, NULL },
  { "the sea off Muttrah, 12 km out", 23.7300, 58.5650, NULL, NULL },
};

static void
test_proposes_nearest_area (KioskTestFixture *fixture,
                            gconstpointer     data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *wilayat = NULL;
      g_autofree char *area = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].what);
      g_assert_true (kiosk_places_propose (fixture->store, cases[i].latitude,
                                           cases[i].longitude, &wilayat, &area, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (wilayat, ==, cases[i].wilayat);
      g_assert_cmpstr (area, ==, cases[i].area);
    }
}

static void
test_every_area_has_a_consistent_point (KioskTestFixture *fixture,
                                        gconstpointer     data)
{
  g_autoptr(GPtrArray) areas = kiosk_test_query_column (fixture->store,
                                                        "SELECT code FROM areas ORDER BY code",
                                                        NULL);

  g_assert_cmpuint (areas->len, >=, 30);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM areas WHERE latitude_e6 IS NULL"
                                         " OR longitude_e6 IS NULL", NULL), ==, 0);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM wilayats WHERE latitude_e6 IS"
                                         " NULL OR longitude_e6 IS NULL", NULL), ==, 0);

  for (guint i = 0; i < areas->len; i++)
    {
      const char *code = g_ptr_array_index (areas, i);
      gint64 lat = kiosk_test_query_int (fixture->store, "SELECT latitude_e6 FROM areas"
                                         " WHERE code = ?1", code, NULL);
      gint64 lon = kiosk_test_query_int (fixture->store, "SELECT longitude_e6 FROM areas"
                                         " WHERE code = ?1", code, NULL);
      gint64 wlat = kiosk_test_query_int (fixture->store, "SELECT w.latitude_e6 FROM areas a"
                                          " JOIN wilayats w ON w.code = a.wilayat_code"
                                          " WHERE a.code = ?1", code, NULL);
      gint64 wlon = kiosk_test_query_int (fixture->store, "SELECT w.longitude_e6 FROM areas a"
                                          " JOIN wilayats w ON w.code = a.wilayat_code"
                                          " WHERE a.code = ?1", code, NULL);
      g_autofree char *wilayat = NULL;
      g_autofree char *area = NULL;
      g_autoptr(GError) error = NULL;

      /* Inside Muscat Governorate, near its own wilayat's town, and proposed for itself. */
      g_test_message ("%s", code);
      g_assert_cmpint (lat, >, 22900000);
      g_assert_cmpint (lat, <, 23800000);
      g_assert_cmpint (lon, >, 58000000);
      g_assert_cmpint (lon, <, 59200000);
      g_assert_cmpfloat (kiosk_places_distance_m (lat / 1e6, lon / 1e6, wlat / 1e6, wlon / 1e6),
                         <, 30000);
      g_assert_true (kiosk_places_propose (fixture->store, lat / 1e6, lon / 1e6, &wilayat, &area,
                                           &error));
      g_assert_cmpstr (area, ==, code);
    }
}

static void
test_distance_is_great_circle (void)
{
  /* One degree of latitude is 111.2 km; Muttrah to Seeb is about 40 km. */
  g_assert_cmpfloat_with_epsilon (kiosk_places_distance_m (23, 58, 24, 58), 111195, 50);
  g_assert_cmpfloat_with_epsilon (kiosk_places_distance_m (23.6215, 58.5665, 23.68, 58.189),
                                  39000, 1500);
  g_assert_cmpfloat (kiosk_places_distance_m (23.6, 58.5, 23.6, 58.5), ==, 0);
}

static void
test_invalid_position_is_refused (KioskTestFixture *fixture,
                                  gconstpointer     data)
{
  static const double bad[][2] = { { 91, 58 }, { 23, 181 }, { -91, 0 }, { NAN, 58 },
                                   { 23, INFINITY } };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *wilayat = NULL;
      g_autofree char *area = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (kiosk_places_propose (fixture->store, bad[i][0], bad[i][1], &wilayat,
                                            &area, &error));
      g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
      g_assert_null (wilayat);
      g_assert_null (area);
    }
}

static JsonObject *
outbox_payload (KioskTestFixture *fixture,
                const char       *uuid,
                JsonNode        **root)
{
  g_autoptr(GPtrArray) payloads = kiosk_test_query_column (fixture->store,
                                                           "SELECT payload FROM outbox"
                                                           " WHERE record_uuid = ?1", uuid,
                                                           NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (payloads->len, ==, 1);
  *root = json_from_string (g_ptr_array_index (payloads, 0), &error);
  g_assert_no_error (error);
  return json_node_get_object (*root);
}

static void
test_report_keeps_position (KioskTestFixture *fixture,
                            gconstpointer     data)
{
  KioskReportInput input = {
    .category_code = "pothole", .wilayat_code = "BSH", .area_code = "BSH-KHUWAIR",
    .description = "حفرة في الطريق", .has_position = TRUE,
    .latitude = 23.5912345, .longitude = 58.4154321,
  };
  KioskReportInput without = {
    .category_code = "pothole", .wilayat_code = "BSH", .area_code = "BSH-KHUWAIR",
    .description = "حفرة أخرى",
  };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_auto(KioskRecordRef) plain = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) plain_root = NULL;
  JsonObject *payload;

  g_assert_true (kiosk_services_file_report (fixture->store, &input, &ref, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_test_query_int (fixture->store, "SELECT latitude_e6 FROM reports"
                                         " WHERE uuid = ?1", ref.uuid, NULL), ==, 23591235);
  g_assert_cmpint (kiosk_test_query_int (fixture->store, "SELECT longitude_e6 FROM reports"
                                         " WHERE uuid = ?1", ref.uuid, NULL), ==, 58415432);
  payload = outbox_payload (fixture, ref.uuid, &root);
  g_assert_cmpint (json_object_get_int_member (payload, "latitude_e6"), ==, 23591235);
  g_assert_cmpint (json_object_get_int_member (payload, "longitude_e6"), ==, 58415432);

  g_assert_true (kiosk_services_file_report (fixture->store, &without, &plain, NULL, &error));
  g_assert_no_error (error);
  payload = outbox_payload (fixture, plain.uuid, &plain_root);
  g_assert_true (json_object_get_null_member (payload, "latitude_e6"));
  g_assert_true (json_object_get_null_member (payload, "longitude_e6"));
}

static void
test_report_with_bad_position_is_refused (KioskTestFixture *fixture,
                                          gconstpointer     data)
{
  KioskReportInput input = {
    .category_code = "pothole", .wilayat_code = "BSH", .area_code = "BSH-KHUWAIR",
    .description = "حفرة", .has_position = TRUE, .latitude = 123, .longitude = 58.4,
  };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = kiosk_test_snapshot_tables (fixture->store);
  g_autofree char *after = NULL;

  g_assert_false (kiosk_services_file_report (fixture->store, &input, &ref, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
  after = kiosk_test_snapshot_tables (fixture->store);
  g_assert_cmpstr (after, ==, before);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, KioskTestFixture, NULL, kiosk_test_fixture_set_up_seeded, func, \
              kiosk_test_fixture_tear_down)
  ADD ("/kiosk/places/proposes-nearest-area", test_proposes_nearest_area);
  ADD ("/kiosk/places/every-area-has-a-consistent-point", test_every_area_has_a_consistent_point);
  ADD ("/kiosk/places/invalid-position-is-refused", test_invalid_position_is_refused);
  ADD ("/kiosk/places/report-keeps-position", test_report_keeps_position);
  ADD ("/kiosk/places/report-with-bad-position-is-refused",
       test_report_with_bad_position_is_refused);
#undef ADD
  g_test_add_func ("/kiosk/places/distance-is-great-circle", test_distance_is_great_circle);

  return g_test_run ();
}
