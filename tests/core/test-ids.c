/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of kiosk-ids and the store's reference counter: unique UUIDs, per-Muscat-day references. */
#define G_LOG_DOMAIN "kiosk-core"

#include "config.h"

#include "kiosk-ids.h"

#include <string.h>

#include "kiosk-error.h"
#include "kiosk-store-private.h"
#include "kiosk-store.h"
#include "kiosk-test-util.h"

/* Fixture: a fresh store in its own folder, with a clock the test moves. ------------------ */

typedef KioskTestFixture Fixture;

static char *
next_reference (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  char *reference;

  /* Services take references inside their own write transaction; do the same. */
  g_assert_true (kiosk_store_begin (fixture->store, &error));
  g_assert_no_error (error);
  reference = kiosk_store_next_reference (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reference);
  g_assert_true (kiosk_store_commit (fixture->store, &error));
  g_assert_no_error (error);
  return reference;
}

/* UUIDs -------------------------------------------------------------------------------- */

static void
test_uuid_is_random_v4 (void)
{
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *uuid = kiosk_uuid_new ();

      g_assert_nonnull (uuid);
      g_assert_true (kiosk_uuid_is_valid (uuid));
      g_assert_cmpuint (strlen (uuid), ==, 36);
      g_assert_cmpint (uuid[8], ==, '-');
      g_assert_cmpint (uuid[13], ==, '-');
      g_assert_cmpint (uuid[18], ==, '-');
      g_assert_cmpint (uuid[23], ==, '-');
      /* Version 4 (random), RFC 4122 variant. */
      g_assert_cmpint (uuid[14], ==, '4');
      g_assert_nonnull (strchr ("89ab", uuid[19]));
      for (const char *p = uuid; *p != '\0'; p++)
        g_assert_true (*p == '-' || g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'f'));
    }
}

static void
test_uuid_unique (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 10000; i++)
    {
      char *uuid = kiosk_uuid_new ();

      g_assert_true (kiosk_uuid_is_valid (uuid));
      if (!g_hash_table_add (seen, uuid))
        g_error ("UUID %s came out twice in %u", uuid, i + 1);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 10000);
}

static void
test_uuid_is_valid_rejects (void)
{
  static const char * const bad[] = {
    "",
    "not-a-uuid",
    "0b1a7c1e-3f2d-4c5b-9a8e-7d6c5b4a3f2",    /* one digit short */
    "0b1a7c1e-3f2d-4c5b-9a8e-7d6c5b4a3f2e0",  /* one digit long */
    "0b1a7c1e3f2d-4c5b-9a8e-7d6c5b4a3f2e0",   /* dash moved */
    "0b1a7c1e-3f2d-4c5b-9a8e-7d6c5b4a3fzz",   /* not hex */
    "{0b1a7c1e-3f2d-4c5b-9a8e-7d6c5b4a3f2e}", /* braces */
    " 0b1a7c1e-3f2d-4c5b-9a8e-7d6c5b4a3f2e",
  };

  g_assert_false (kiosk_uuid_is_valid (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("rejects \"%s\"", bad[i]);
      g_assert_false (kiosk_uuid_is_valid (bad[i]));
    }
  g_assert_true (kiosk_uuid_is_valid ("0b1a7c1e-3f2d-4c5b-9a8e-7d6c5b4a3f2e"));
}

/* Reference text ------------------------------------------------------------------------ */

static void
test_reference_format (void)
{
  static const struct
  {
    const char *code;
    const char *day;
    gint64      sequence;
    const char *expected;
  } cases[] = {
    { "TST01", "261130", 1, "TST01-261130-0001" },
    { "TST01", "261130", 42, "TST01-261130-0042" },
    { "MCT0012", "270101", 9999, "MCT0012-270101-9999" },
    /* Past 9999 the field grows instead of wrapping back to a number already used. */
    { "AB", "261130", 10000, "AB-261130-10000" },
    { "ABCDEFGHIJ12", "991231", 123456789, "ABCDEFGHIJ12-991231-123456789" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *reference = kiosk_reference_format (cases[i].code, cases[i].day,
                                                           cases[i].sequence);

      g_assert_cmpstr (reference, ==, cases[i].expected);
      g_assert_true (kiosk_reference_is_valid (reference));
    }
}

static void
test_reference_format_refuses_zero (void)
{
  char *reference;

  /* Sequences start at 1: 0 is a caller bug, reported and refused. */
  g_test_expect_message ("kiosk-core", G_LOG_LEVEL_CRITICAL, "*sequence > 0*");
  reference = kiosk_reference_format ("TST01", "261130", 0);
  g_test_assert_expected_messages ();
  g_assert_null (reference);

  g_test_expect_message ("kiosk-core", G_LOG_LEVEL_CRITICAL, "*sequence > 0*");
  reference = kiosk_reference_format ("TST01", "261130", -5);
  g_test_assert_expected_messages ();
  g_assert_null (reference);
}

static void
test_reference_is_valid (void)
{
  static const char * const good[] = {
    "TST01-261130-0001",
    "AB-000101-9999",
    "MCT0012-270101-10000",
    "ABCDEFGHIJ12-991231-123456789",
    "12-261130-0001",
  };
  static const char * const bad[] = {
    "",
    "TST01",
    "TST01-261130",
    "TST01-261130-001",            /* fewer than 4 digits */
    "TST01-261130-1234567890",     /* more than 9 digits */
    "TST01-26113-0001",            /* short date */
    "TST01-2611300-0001",          /* long date */
    "TST01-26A130-0001",           /* letter in the date */
    "TST01-261130-00a1",           /* letter in the sequence */
    "tst01-261130-0001",           /* lower-case kiosk code */
    "T-261130-0001",               /* kiosk code too short */
    "ABCDEFGHIJKLM-261130-0001",   /* kiosk code too long */
    "TS_01-261130-0001",           /* punctuation in the code */
    "TST01-261130-0001-0002",      /* extra part */
    "-261130-0001",
    "TST01--261130-0001",
    "TST01-261130-0001 ",
    " TST01-261130-0001",
    "TST01-\331\241\331\242\331\243\331\244\331\245\331\246-0001", /* Arabic-Indic digits */
  };

  g_assert_false (kiosk_reference_is_valid (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_test_message ("accepts \"%s\"", good[i]);
      g_assert_true (kiosk_reference_is_valid (good[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("rejects \"%s\"", bad[i]);
      g_assert_false (kiosk_reference_is_valid (bad[i]));
    }
}

/* The store's counter ------------------------------------------------------------------- */

static void
test_next_reference_increments_within_day (Fixture       *fixture,
                                           gconstpointer  data)
{
  g_autoptr(GDateTime) local = kiosk_store_now_local (fixture->store);
  g_autofree char *day = g_date_time_format (local, "%y%m%d");

  /* The day in the reference is the Muscat date of the store's clock. */
  g_assert_cmpstr (day, ==, "261130");

  for (gint64 expected = 1; expected <= 5; expected++)
    {
      g_autofree char *reference = next_reference (fixture);
      g_autofree char *wanted = g_strdup_printf ("TST01-261130-%04" G_GINT64_FORMAT, expected);

      g_assert_cmpstr (reference, ==, wanted);
      g_assert_true (kiosk_reference_is_valid (reference));

      /* Later the same day: the count goes on, it does not follow the time of day. */
      fixture->now += 3 * 3600 - 1;
      if (fixture->now > kiosk_test_muscat_time (2026, 11, 30, 23, 59, 59))
        fixture->now = kiosk_test_muscat_time (2026, 11, 30, 23, 59, 59);
    }
}

static void
test_next_reference_restarts_next_muscat_day (Fixture       *fixture,
                                              gconstpointer  data)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;

  fixture->now = kiosk_test_muscat_time (2026, 11, 30, 23, 59, 58);
  a = next_reference (fixture);
  fixture->now++;
  b = next_reference (fixture);
  g_assert_cmpstr (a, ==, "TST01-261130-0001");
  g_assert_cmpstr (b, ==, "TST01-261130-0002");

  /* Midnight in Muscat is 20:00 UTC the day before: the UTC date has not changed yet, the
   * kiosk's day has. */
  fixture->now = kiosk_test_muscat_time (2026, 12, 1, 0, 0, 0);
  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (fixture->now);

    g_assert_cmpint (g_date_time_get_day_of_month (utc), ==, 30);
    g_assert_cmpint (g_date_time_get_hour (utc), ==, 20);
  }
  c = next_reference (fixture);
  d = next_reference (fixture);
  g_assert_cmpstr (c, ==, "TST01-261201-0001");
  g_assert_cmpstr (d, ==, "TST01-261201-0002");

  /* A clock set back a day (NTP correction) continues that day's count, never reuses it. */
  fixture->now = kiosk_test_muscat_time (2026, 11, 30, 12, 0, 0);
  e = next_reference (fixture);
  g_assert_cmpstr (e, ==, "TST01-261130-0003");

  /* New year, two-digit year. */
  fixture->now = kiosk_test_muscat_time (2027, 1, 1, 0, 30, 0);
  {
    g_autofree char *f = next_reference (fixture);

    g_assert_cmpstr (f, ==, "TST01-270101-0001");
  }
}

static void
test_next_reference_unique (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 last = 0;

  /* One transaction each, as services do: the count must survive every commit. */
  for (guint i = 0; i < 2000; i++)
    {
      char *reference = next_reference (fixture);

      g_assert_true (kiosk_reference_is_valid (reference));
      g_assert_true (g_str_has_prefix (reference, "TST01-261130-"));
      last = g_ascii_strtoll (reference + strlen ("TST01-261130-"), NULL, 10);
      g_assert_cmpint (last, ==, (gint64) i + 1);
      if (!g_hash_table_add (seen, reference))
        g_error ("reference %s handed out twice", reference);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 2000);
  g_assert_cmpint (last, ==, 2000);
  g_assert_true (g_hash_table_contains (seen, "TST01-261130-2000"));
}

static void
test_next_reference_rolled_back_is_reused (Fixture       *fixture,
                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = next_reference (fixture);
  g_autofree char *abandoned = NULL;
  g_autofree char *after = NULL;

  /* A write that fails rolls its reference back with it: no gaps from failed attempts. */
  g_assert_true (kiosk_store_begin (fixture->store, &error));
  g_assert_no_error (error);
  abandoned = kiosk_store_next_reference (fixture->store, &error);
  g_assert_no_error (error);
  kiosk_store_rollback (fixture->store);

  after = next_reference (fixture);
  g_assert_cmpstr (first, ==, "TST01-261130-0001");
  g_assert_cmpstr (abandoned, ==, "TST01-261130-0002");
  g_assert_cmpstr (after, ==, "TST01-261130-0002");
}

static void
test_next_reference_needs_identity (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *reference = NULL;
  KioskStore *store;

  store = kiosk_store_open (path, KIOSK_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  reference = kiosk_store_next_reference (store, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND);
  g_assert_null (reference);

  kiosk_store_close (store);
  kiosk_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/ids/uuid/is-random-v4", test_uuid_is_random_v4);
  g_test_add_func ("/kiosk/ids/uuid/unique-over-10000", test_uuid_unique);
  g_test_add_func ("/kiosk/ids/uuid/is-valid-rejects-malformed", test_uuid_is_valid_rejects);

  g_test_add_func ("/kiosk/ids/reference/format", test_reference_format);
  g_test_add_func ("/kiosk/ids/reference/format-refuses-zero",
                   test_reference_format_refuses_zero);
  g_test_add_func ("/kiosk/ids/reference/is-valid", test_reference_is_valid);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, kiosk_test_fixture_set_up, func, kiosk_test_fixture_tear_down)

  ADD ("/kiosk/ids/reference/next-increments-within-day",
       test_next_reference_increments_within_day);
  ADD ("/kiosk/ids/reference/next-restarts-on-next-muscat-day",
       test_next_reference_restarts_next_muscat_day);
  ADD ("/kiosk/ids/reference/next-unique-over-2000", test_next_reference_unique);
  ADD ("/kiosk/ids/reference/rolled-back-number-is-reused",
       test_next_reference_rolled_back_is_reused);

#undef ADD

  g_test_add_func ("/kiosk/ids/reference/next-needs-identity",
                   test_next_reference_needs_identity);

  return g_test_run ();
}
