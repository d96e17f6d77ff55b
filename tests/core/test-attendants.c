/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attendants: PINs kept as salted Argon2id hashes, login, 5 wrong PINs lock out for 15
 * minutes, every attempt in the audit log, and bad input refused. */
#define G_LOG_DOMAIN "test-attendants"

#include "config.h"

#include <gio/gio.h>

#include "kiosk-attendants.h"
#include "kiosk-error.h"
#include "kiosk-test-util.h"

static void
add (KioskTestFixture *f,
     const char       *id,
     const char       *pin)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_attendants_add (f->store, id, "Aisha Al-Balushi", pin, &error));
  g_assert_no_error (error);
}

static gint64
audit_count (KioskTestFixture *f,
             const char       *actor,
             const char       *action)
{
  return kiosk_test_query_int (f->store, "SELECT count (*) FROM audit_log WHERE actor = ?1"
                                         " AND action = ?2", actor, action, NULL);
}

static void
test_pin_hashed_with_salt (KioskTestFixture *f,
                           gconstpointer     data)
{
  add (f, "aisha", "1357");
  add (f, "salim", "1357");

  /* Same PIN, different salts, different hashes; the PIN itself is stored nowhere. */
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (DISTINCT pin_salt)"
                                         " FROM attendants", NULL), ==, 2);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (DISTINCT pin_hash)"
                                         " FROM attendants", NULL), ==, 2);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM attendants"
                                         " WHERE instr (pin_hash, '1357') > 0"
                                         " OR length (pin_hash) != 32"
                                         " OR length (pin_salt) != 16", NULL), ==, 0);
}

static void
test_login (KioskTestFixture *f,
            gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  add (f, "aisha", "1357");
  g_assert_true (kiosk_attendants_login (f->store, "aisha", "1357", &name, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Aisha Al-Balushi");
  g_assert_cmpint (audit_count (f, "aisha", "attendant_login"), ==, 1);

  /* Arabic-Indic digits from the Arabic keypad are the same PIN. */
  g_assert_true (kiosk_attendants_login (f->store, "aisha", "١٣٥٧", NULL, &error));
  g_assert_no_error (error);

  g_assert_false (kiosk_attendants_login (f->store, "aisha", "1358", NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_WRONG_PIN);
  g_clear_error (&error);
  g_assert_cmpint (audit_count (f, "aisha", "attendant_login_failed"), ==, 1);

  /* Unknown attendant: the same answer as a wrong PIN. */
  g_assert_false (kiosk_attendants_login (f->store, "nobody", "1357", NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_WRONG_PIN);
}

static void
test_lockout (KioskTestFixture *f,
              gconstpointer     data)
{
  add (f, "aisha", "1357");

  for (int i = 1; i <= 5; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (kiosk_attendants_login (f->store, "aisha", "0000", NULL, &error));
      g_assert_error (error, KIOSK_ERROR, (i < 5 ? KIOSK_ERROR_WRONG_PIN : KIOSK_ERROR_LOCKED_OUT));
      f->now += 10;
    }
  g_assert_cmpint (audit_count (f, "aisha", "attendant_locked"), ==, 1);

  /* Even the right PIN waits out the 15 minutes. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kiosk_attendants_login (f->store, "aisha", "1357", NULL, &error));
    g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_LOCKED_OUT);
  }
  f->now += KIOSK_ATTENDANT_LOCKOUT_SECONDS - 60;
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kiosk_attendants_login (f->store, "aisha", "1357", NULL, &error));
    g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_LOCKED_OUT);
  }
  f->now += 60;
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (kiosk_attendants_login (f->store, "aisha", "1357", NULL, &error));
    g_assert_no_error (error);
  }
  /* A fresh count after the lock-out: one wrong PIN is not a lock-out. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kiosk_attendants_login (f->store, "aisha", "0000", NULL, &error));
    g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_WRONG_PIN);
  }
  /* Another attendant is not locked by aisha's mistakes. */
  add (f, "salim", "8642");
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (kiosk_attendants_login (f->store, "salim", "8642", NULL, &error));
    g_assert_no_error (error);
  }
}

static void
test_bad_input (KioskTestFixture *f,
                gconstpointer     data)
{
  static const struct
  {
    const char *id;
    const char *name;
    const char *pin;
    int         code;
  } cases[] = {
    { "", "A", "1234", KIOSK_ERROR_EMPTY },
    { "a b", "A", "1234", KIOSK_ERROR_INVALID_VALUE },
    { "a'; DROP TABLE attendants; --", "A", "1234", KIOSK_ERROR_INVALID_VALUE },
    { "abcdefghijabcdefghijabcdefghijabc", "A", "1234", KIOSK_ERROR_TOO_LONG },
    { "aisha", "", "1234", KIOSK_ERROR_EMPTY },
    { "aisha", "A\x01", "1234", KIOSK_ERROR_INVALID_TEXT },
    { "aisha", "A", "123", KIOSK_ERROR_INVALID_VALUE },
    { "aisha", "A", "123456789", KIOSK_ERROR_INVALID_VALUE },
    { "aisha", "A", "12a4", KIOSK_ERROR_INVALID_VALUE },
    { "aisha", "A", "", KIOSK_ERROR_INVALID_VALUE },
  };
  g_autofree char *before = kiosk_test_snapshot_tables (f->store);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (kiosk_attendants_add (f->store, cases[i].id, cases[i].name, cases[i].pin,
                                            &error));
      g_assert_error (error, KIOSK_ERROR, cases[i].code);
    }
  after = kiosk_test_snapshot_tables (f->store);
  g_assert_cmpstr (before, ==, after);
}

static int
run_admin_add (KioskTestFixture *f,
               const char       *id,
               const char       *stdin_text)
{
  g_autofree char *db = g_build_filename (f->dir, "kiosk.db", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *admin = g_getenv ("KIOSK_ADMIN");

  g_assert_nonnull (admin);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              admin, "attendant", "add", "--db", db, "--id", id,
                              "--name", "Salim Al-Harthi", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_test_message ("kiosk-admin: %s", err);
  return g_subprocess_get_exit_status (process);
}

static void
test_admin_cli (KioskTestFixture *f,
                gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  /* A PIN that is not 4-8 digits: exit 2 and nobody added. */
  g_assert_cmpint (run_admin_add (f, "salim", "12\n"), ==, 2);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "attendants"), ==, 0);

  g_assert_cmpint (run_admin_add (f, "salim", "864297\n"), ==, 0);
  g_assert_true (kiosk_attendants_login (f->store, "salim", "864297", &name, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Salim Al-Harthi");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, KioskTestFixture, NULL, kiosk_test_fixture_set_up, func, \
              kiosk_test_fixture_tear_down)
  ADD ("/kiosk/attendants/pin-hashed-with-own-salt", test_pin_hashed_with_salt);
  ADD ("/kiosk/attendants/login-right-and-wrong-pin", test_login);
  ADD ("/kiosk/attendants/five-wrong-pins-lock-out-15-minutes", test_lockout);
  ADD ("/kiosk/attendants/bad-input-refused", test_bad_input);
  ADD ("/kiosk/attendants/admin-cli-adds-with-pin-from-stdin", test_admin_cli);
#undef ADD

  return g_test_run ();
}
