/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of kiosk-seed and the demo seed: reference data loads, a failed load keeps nothing. */
#define G_LOG_DOMAIN "kiosk-seed"

#include "config.h"

#include "kiosk-seed.h"

#include <string.h>

#include "kiosk-catalog.h"
#include "kiosk-error.h"
#include "kiosk-store-private.h"
#include "kiosk-store.h"
#include "kiosk-test-util.h"
#include "kiosk-validate.h"

/* A migrated store with an identity and no reference data yet. */
typedef KioskTestFixture Fixture;

static void
load_demo (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_seed_load (fixture->store, "demo", &error));
  g_assert_no_error (error);
}

static gboolean
has_arabic_letter (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_ARABIC && g_unichar_isalpha (c))
        return TRUE;
    }
  return FALSE;
}

/* Tests ---------------------------------------------------------------------------------- */

static void
test_demo_loads (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "wilayats"), ==, 0);
  load_demo (fixture);

  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "wilayats"), ==, 6);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "licences"), ==, 50);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM licences WHERE kind = 'shop'",
                                         NULL),
                   ==, 30);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM licences WHERE kind = 'vehicle'",
                                         NULL),
                   ==, 20);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "fines"), ==, 200);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (DISTINCT plate) FROM fines", NULL),
                   ==, 60);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "service_catalog"), ==, 10);

  /* Every wilayat has areas to choose from, every zone has its four periods priced. */
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM wilayats w WHERE NOT EXISTS"
                                         " (SELECT 1 FROM areas a"
                                         " WHERE a.wilayat_code = w.code)",
                                         NULL),
                   ==, 0);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "parking_zones"), >, 0);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM parking_zones z"
                                         " WHERE (SELECT count (*) FROM fees f"
                                         " WHERE f.service = 'parking_permit'"
                                         " AND f.variant = z.code"
                                         " AND f.period_months IN (1, 3, 6, 12)) != 4",
                                         NULL),
                   ==, 0);
  /* Each licence has a fee for a one-year renewal of its kind and class. */
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM licences l WHERE NOT EXISTS"
                                         " (SELECT 1 FROM fees f"
                                         " WHERE f.service = l.kind || '_licence'"
                                         " AND f.variant = l.fee_variant"
                                         " AND f.period_months = 12)",
                                         NULL),
                   ==, 0);

  /* The seed is consistent and loading it was a committed transaction. */
  g_assert_true (kiosk_store_check_integrity (fixture->store, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (sqlite3_get_autocommit (kiosk_store_get_db (fixture->store)));

  /* Seeding is reference data only: nothing is queued for the server. */
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "outbox"), ==, 0);
}

static void
test_demo_services_in_group_order (Fixture       *fixture,
                                   gconstpointer  data)
{
  static const char * const groups[] = { "reports", "licences", "payments", "scan" };
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  guint group = 0;
  gboolean seen[G_N_ELEMENTS (groups)] = { FALSE, };

  load_demo (fixture);
  services = kiosk_catalog_list_services (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (services);
  g_assert_cmpuint (services->len, ==, 10);

  for (guint i = 0; i < services->len; i++)
    {
      const KioskCatalogItem *item = g_ptr_array_index (services, i);

      g_test_message ("%u: %s (%s) %s / %s", i, item->code, item->parent, item->name_en,
                      item->name_ar);

      /* Groups never go backwards: reports, then licences, then payments, then scan. */
      while (group < G_N_ELEMENTS (groups) && g_strcmp0 (item->parent, groups[group]) != 0)
        group++;
      g_assert_cmpuint (group, <, G_N_ELEMENTS (groups));
      seen[group] = TRUE;

      g_assert_nonnull (item->code);
      g_assert_true (g_hash_table_add (codes, item->code));
      g_assert_nonnull (item->name_ar);
      g_assert_cmpstr (item->name_ar, !=, "");
      g_assert_true (g_utf8_validate (item->name_ar, -1, NULL));
      g_assert_true (has_arabic_letter (item->name_ar));
      g_assert_nonnull (item->name_en);
      g_assert_cmpstr (item->name_en, !=, "");
      g_assert_false (has_arabic_letter (item->name_en));
      g_assert_nonnull (item->extra);
      g_assert_cmpstr (item->extra, !=, "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    g_assert_true (seen[i]);

  /* The flows the kiosk implements all have a tile. */
  g_assert_true (g_hash_table_contains (codes, "report"));
  g_assert_true (g_hash_table_contains (codes, "feedback"));
  g_assert_true (g_hash_table_contains (codes, "fines"));
  g_assert_true (g_hash_table_contains (codes, "scan"));
}

static void
test_demo_plates_are_canonical (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) plates = NULL;

  load_demo (fixture);
  plates = kiosk_test_query_column (fixture->store,
                                    "SELECT plate FROM fines"
                                    " UNION SELECT plate FROM licences WHERE plate IS NOT NULL"
                                    " UNION SELECT plate FROM vehicle_permits", NULL);
  /* 60 plates with fines; licences and permits add a few more. */
  g_assert_cmpuint (plates->len, >=, 60);

  for (guint i = 0; i < plates->len; i++)
    {
      const char *plate = g_ptr_array_index (plates, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *canonical = kiosk_validate_plate (plate, &error);

      if (error != NULL)
        g_test_message ("plate \"%s\": %s", plate, error->message);
      g_assert_no_error (error);
      g_assert_cmpstr (canonical, ==, plate);
    }

  /* Vehicle licences carry a plate, shop licences a CR number. */
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM licences WHERE kind = 'vehicle'"
                                         " AND plate IS NULL", NULL),
                   ==, 0);
  g_assert_cmpint (kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM licences WHERE kind = 'shop'"
                                         " AND cr_number IS NULL", NULL),
                   ==, 0);
}

static void
test_demo_high_categories (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char * const high[] = {
    "fallen_tree", "sewage_overflow", "open_manhole", "rain_flooding", "building_collapse_risk",
  };
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) priority = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_high = 0;

  load_demo (fixture);
  categories = kiosk_catalog_list_categories (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (categories);
  g_assert_cmpint (categories->len, ==,
                   kiosk_test_query_int (fixture->store,
                                         "SELECT count (*) FROM report_categories"
                                         " WHERE active = 1",
                                         NULL));

  for (guint i = 0; i < categories->len; i++)
    {
      const KioskCatalogItem *item = g_ptr_array_index (categories, i);

      g_assert_true (g_str_equal (item->extra, "HIGH") || g_str_equal (item->extra, "MEDIUM") ||
                     g_str_equal (item->extra, "LOW"));
      g_assert_true (has_arabic_letter (item->name_ar));
      g_hash_table_insert (priority, item->code, item->extra);
      if (g_str_equal (item->extra, "HIGH"))
        n_high++;
    }
  g_assert_cmpuint (n_high, >=, 4);
  for (guint i = 0; i < G_N_ELEMENTS (high); i++)
    g_assert_cmpstr (g_hash_table_lookup (priority, high[i]), ==, "HIGH");
  g_assert_cmpstr (g_hash_table_lookup (priority, "pothole"), ==, "MEDIUM");
  g_assert_cmpstr (g_hash_table_lookup (priority, "street_light_out"), ==, "MEDIUM");
}

static void
test_demo_second_load_rolls_back (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *setting = NULL;

  load_demo (fixture);
  before = kiosk_test_snapshot_tables (fixture->store);

  /* The rows are already there: the first INSERT conflicts and the whole file is undone. */
  g_assert_false (kiosk_seed_load (fixture->store, "demo", &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFLICT);
  g_test_message ("second load: %s", error->message);

  after = kiosk_test_snapshot_tables (fixture->store);
  g_assert_cmpstr (after, ==, before);

  /* No transaction was left open: the store still takes writes. */
  g_assert_true (sqlite3_get_autocommit (kiosk_store_get_db (fixture->store)));
  g_clear_error (&error);
  g_assert_true (kiosk_store_set_setting (fixture->store, "after-failed-seed", "yes", &error));
  g_assert_no_error (error);
  setting = kiosk_store_dup_setting (fixture->store, "after-failed-seed");
  g_assert_cmpstr (setting, ==, "yes");
}

static void
test_unknown_seed_names (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char * const names[] = {
    "nope", "../etc", "", "demo.sql", "/demo", "../seed/demo", "DEMO", "demo ", "de\nmo",
  };
  g_autofree char *before = kiosk_test_snapshot_tables (fixture->store);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *escaped = g_strescape (names[i], NULL);
      g_autofree char *after = NULL;

      g_test_message ("seed \"%s\"", escaped);
      g_assert_false (kiosk_seed_load (fixture->store, names[i], &error));
      g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
      after = kiosk_test_snapshot_tables (fixture->store);
      g_assert_cmpstr (after, ==, before);
    }
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "wilayats"), ==, 0);
}

/* Seed SQL that goes wrong half way: a wilayat that is fine on its own, then an area in a
 * wilayat that does not exist. */
#define NEW_WILAYAT_SQL                                                                      \
  "INSERT INTO wilayats (code, name_ar, name_en)"                                            \
  " VALUES ('ZZZ', 'تجربة', 'Test');"
#define DANGLING_AREA_SQL                                                                    \
  "INSERT INTO areas (code, wilayat_code, name_ar, name_en)"                                 \
  " VALUES ('NOPE-AREA', 'NOPE', 'تجربة', 'Test');"

/* Loads `sql`, which must fail and leave every table as it was, with no transaction left
 * open. Returns the error, for the test to check. */
static GError *
load_sql_refused (Fixture    *fixture,
                  const char *sql)
{
  g_autofree char *before = kiosk_test_snapshot_tables (fixture->store);
  g_autofree char *after = NULL;
  GError *error = NULL;

  g_assert_false (kiosk_seed_load_sql (fixture->store, sql, &error));
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error->message);

  after = kiosk_test_snapshot_tables (fixture->store);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (sqlite3_get_autocommit (kiosk_store_get_db (fixture->store)));
  return error;
}

static void
test_sql_foreign_key_violation_keeps_nothing (Fixture       *fixture,
                                              gconstpointer  data)
{
  g_autoptr(GError) error = load_sql_refused (fixture, NEW_WILAYAT_SQL DANGLING_AREA_SQL);

  g_assert_true (error->domain == KIOSK_ERROR);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "wilayats"), ==, 0);
}

static void
test_sql_deferred_foreign_key_violation_keeps_nothing (Fixture       *fixture,
                                                       gconstpointer  data)
{
  /* With the check deferred, every statement succeeds: the loader's own foreign key check
   * before COMMIT is what must catch the dangling row. */
  g_autoptr(GError) error = load_sql_refused (fixture,
                                              "PRAGMA defer_foreign_keys = ON;"
                                              NEW_WILAYAT_SQL DANGLING_AREA_SQL);

  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "wilayats"), ==, 0);
}

static void
test_sql_syntax_error_keeps_nothing (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = load_sql_refused (fixture,
                                              NEW_WILAYAT_SQL "INSERT INTO nowhere VALUES (1);");

  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_STORE_SQL);
}

static void
test_sql_good_seed_is_kept (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* The counterpart of the failures above: consistent SQL is committed as a whole. */
  g_assert_true (kiosk_seed_load_sql (fixture->store,
                                      NEW_WILAYAT_SQL
                                      "INSERT INTO areas (code, wilayat_code, name_ar, name_en)"
                                      " VALUES ('ZZZ-AREA', 'ZZZ', 'تجربة', 'Test');",
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "wilayats"), ==, 1);
  g_assert_cmpint (kiosk_test_count_rows (fixture->store, "areas"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, kiosk_test_fixture_set_up, func, kiosk_test_fixture_tear_down)

  ADD ("/kiosk/seed/demo/loads-into-fresh-store", test_demo_loads);
  ADD ("/kiosk/seed/demo/services-listed-in-group-order", test_demo_services_in_group_order);
  ADD ("/kiosk/seed/demo/plates-are-canonical", test_demo_plates_are_canonical);
  ADD ("/kiosk/seed/demo/has-high-priority-categories", test_demo_high_categories);
  ADD ("/kiosk/seed/demo/second-load-is-rolled-back", test_demo_second_load_rolls_back);
  ADD ("/kiosk/seed/name/unknown-is-refused", test_unknown_seed_names);
  ADD ("/kiosk/seed/sql/foreign-key-violation-keeps-nothing",
       test_sql_foreign_key_violation_keeps_nothing);
  ADD ("/kiosk/seed/sql/deferred-foreign-key-violation-keeps-nothing",
       test_sql_deferred_foreign_key_violation_keeps_nothing);
  ADD ("/kiosk/seed/sql/syntax-error-keeps-nothing", test_sql_syntax_error_keeps_nothing);
  ADD ("/kiosk/seed/sql/consistent-sql-is-kept", test_sql_good_seed_is_kept);

#undef ADD

  return g_test_run ();
}
