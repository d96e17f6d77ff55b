/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the kiosk's configuration: defaults, the shipped files, every kind of bad value in a
 * file or a command-line override, path resolution, and writing the configuration back out. */
#define G_LOG_DOMAIN "kiosk-core"

#include "config.h"

#include "kiosk-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiosk-error.h"
#include "kiosk-test-util.h"

/* A valid pin: base64 of 32 bytes. */
#define PIN_A "sha256//AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
#define PIN_B "sha256//n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="

/* Every key a configuration file may hold, as the tests see them from outside. */
static const struct
{
  const char *group;
  const char *key;
} all_keys[] = {
  { "kiosk", "code" },
  { "kiosk", "database" },
  { "kiosk", "language" },
  { "kiosk", "arabic-digits" },
  { "kiosk", "idle-timeout" },
  { "kiosk", "idle-warning" },
  { "kiosk", "personal-data-days" },
  { "sync", "server-url" },
  { "sync", "token-file" },
  { "sync", "ca-file" },
  { "sync", "pinned-key" },
  { "sync", "interval" },
  { "sync", "batch-max-records" },
  { "sync", "batch-max-bytes" },
  { "sync", "client-cert" },
  { "sync", "client-key" },
  { "sync", "connect-timeout" },
  { "sync", "stall-timeout" },
  { "sync", "request-timeout" },
  { "sync", "retries" },
  { "sync", "retry-max-delay" },
  { "devices", "camera" },
  { "devices", "printer" },
  { "devices", "payment" },
  { "devices", "speech" },
  { "speech", "mode" },
  { "payments", "offline-tx-cap" },
  { "payments", "offline-total-cap" },
  { "payments", "offline-max-age-hours" },
  { "phone-upload", "listen" },
  { "phone-upload", "base-url" },
};

typedef struct
{
  char *dir;
  char *saved_env;
  gboolean had_env;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->dir = kiosk_test_make_dir ();
  fixture->had_env = g_getenv ("KIOSK_CONFIG") != NULL;
  fixture->saved_env = g_strdup (g_getenv ("KIOSK_CONFIG"));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  kiosk_test_remove_dir (fixture->dir);
  g_free (fixture->dir);

  if (fixture->had_env)
    g_setenv ("KIOSK_CONFIG", fixture->saved_env, TRUE);
  else
    g_unsetenv ("KIOSK_CONFIG");
  g_free (fixture->saved_env);
}

/* Writes `contents` as `name` inside the fixture's directory and returns its path. */
static char *
fixture_write (Fixture    *fixture,
               const char *name,
               const char *contents)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* A key file with one value, written by GKeyFile itself so odd values are escaped properly. */
static char *
fixture_write_value (Fixture    *fixture,
                     const char *group,
                     const char *key,
                     const char *value)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *data = NULL;

  g_key_file_set_string (key_file, group, key, value);
  data = g_key_file_to_data (key_file, NULL, NULL);
  return fixture_write (fixture, "kiosk.conf", data);
}

static char *
source_dir_file (const char *relative)
{
  const char *source_dir = g_getenv ("KIOSK_SOURCE_DIR");

  if (source_dir == NULL)
    source_dir = KIOSK_SOURCE_DIR;
  return g_build_filename (source_dir, relative, NULL);
}

static void
assert_message_contains (const GError *error,
                         const char   *needle)
{
  if (strstr (error->message, needle) == NULL)
    g_error ("error message \"%s\" does not contain \"%s\"", error->message, needle);
}

static void
assert_config_error (const GError *error,
                     const char   *source,
                     const char   *group,
                     const char   *key,
                     const char   *reason)
{
  g_autofree char *where = g_strdup_printf ("[%s] %s", group, key);

  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG);
  assert_message_contains (error, source);
  assert_message_contains (error, where);
  if (reason != NULL)
    assert_message_contains (error, reason);
}

static void
assert_configs_equal (const KioskConfig *a,
                      const KioskConfig *b)
{
  g_assert_cmpstr (a->kiosk_code, ==, b->kiosk_code);
  g_assert_cmpstr (a->database, ==, b->database);
  g_assert_cmpstr (a->language, ==, b->language);
  g_assert_cmpint (a->arabic_digits, ==, b->arabic_digits);
  g_assert_cmpuint (a->idle_timeout, ==, b->idle_timeout);
  g_assert_cmpuint (a->idle_warning, ==, b->idle_warning);
  g_assert_cmpuint (a->personal_data_days, ==, b->personal_data_days);
  g_assert_cmpstr (a->server_url, ==, b->server_url);
  g_assert_cmpstr (a->token_file, ==, b->token_file);
  g_assert_cmpstr (a->ca_file, ==, b->ca_file);
  g_assert_cmpstr (a->pinned_key, ==, b->pinned_key);
  g_assert_cmpuint (a->sync_interval, ==, b->sync_interval);
  g_assert_cmpuint (a->batch_max_records, ==, b->batch_max_records);
  g_assert_cmpuint (a->batch_max_bytes, ==, b->batch_max_bytes);
  g_assert_cmpstr (a->client_cert, ==, b->client_cert);
  g_assert_cmpstr (a->client_key, ==, b->client_key);
  g_assert_cmpuint (a->connect_timeout, ==, b->connect_timeout);
  g_assert_cmpuint (a->stall_timeout, ==, b->stall_timeout);
  g_assert_cmpuint (a->request_timeout, ==, b->request_timeout);
  g_assert_cmpuint (a->retries, ==, b->retries);
  g_assert_cmpuint (a->retry_max_delay, ==, b->retry_max_delay);
  g_assert_cmpstr (a->camera, ==, b->camera);
  g_assert_cmpstr (a->printer, ==, b->printer);
  g_assert_cmpstr (a->payment, ==, b->payment);
  g_assert_cmpint (a->offline_tx_cap, ==, b->offline_tx_cap);
  g_assert_cmpint (a->offline_total_cap, ==, b->offline_total_cap);
  g_assert_cmpuint (a->offline_max_age_hours, ==, b->offline_max_age_hours);
  g_assert_cmpstr (a->phone_upload_listen, ==, b->phone_upload_listen);
  g_assert_cmpstr (a->phone_upload_base_url, ==, b->phone_upload_base_url);
}

static void
override_or_fail (KioskConfig *config,
                  const char  *assignment)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_config_override (config, assignment, &error));
  g_assert_no_error (error);
}

/* Defaults */

static void
test_defaults (void)
{
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *database = g_build_filename (cwd, "kiosk.db", NULL);

  g_assert_cmpstr (config->kiosk_code, ==, "DEV01");
  g_assert_cmpstr (config->database, ==, database);
  g_assert_cmpstr (config->language, ==, "ar");
  g_assert_true (config->arabic_digits);
  g_assert_cmpuint (config->idle_timeout, ==, 60);
  g_assert_cmpuint (config->idle_warning, ==, 20);
  g_assert_cmpuint (config->personal_data_days, ==, 30);
  g_assert_cmpstr (config->server_url, ==, "http://127.0.0.1:8765");
  g_assert_cmpstr (config->token_file, ==, "");
  g_assert_cmpstr (config->ca_file, ==, "");
  g_assert_cmpstr (config->pinned_key, ==, "");
  g_assert_cmpuint (config->sync_interval, ==, 300);
  g_assert_cmpuint (config->batch_max_records, ==, 200);
  g_assert_cmpuint (config->batch_max_bytes, ==, 1048576);
  g_assert_cmpstr (config->camera, ==, "none");
  g_assert_cmpstr (config->printer, ==, "none");
  g_assert_cmpstr (config->payment, ==, "simulated:approve");
  g_assert_cmpint (config->offline_tx_cap, ==, 50000);
  g_assert_cmpint (config->offline_total_cap, ==, 500000);
  g_assert_cmpuint (config->offline_max_age_hours, ==, 72);
  g_assert_null (config->source_path);
}

static void
test_free_accepts_null (void)
{
  kiosk_config_free (NULL);
}

/* The shipped files */

static void
test_load_shipped_dev_default (void)
{
  g_autofree char *path = source_dir_file ("assets/config/kiosk.conf");
  g_autoptr(KioskConfig) defaults = kiosk_config_new_defaults ();
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_cmpstr (config->source_path, ==, path);

  /* The documented development file shows the defaults, except that the database is kept out
   * of the source tree. */
  g_assert_cmpstr (config->database, ==, "/var/tmp/muscat-kiosk/kiosk.db");
  g_free (config->database);
  config->database = g_strdup (defaults->database);
  assert_configs_equal (config, defaults);
}

static void
test_load_shipped_dev_default_documents_every_key (void)
{
  g_autofree char *path = source_dir_file ("assets/config/kiosk.conf");
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  gsize n_keys = 0;
  g_auto(GStrv) groups = NULL;

  g_key_file_load_from_file (key_file, path, G_KEY_FILE_KEEP_COMMENTS, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (all_keys); i++)
    {
      g_autofree char *comment = g_key_file_get_comment (key_file, all_keys[i].group,
                                                         all_keys[i].key, &error);

      g_assert_no_error (error);
      g_assert_nonnull (comment);
      g_assert_cmpuint (strlen (g_strstrip (comment)), >, 10);
    }

  groups = g_key_file_get_groups (key_file, NULL);
  for (gsize i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (key_file, groups[i], NULL, NULL);

      n_keys += g_strv_length (keys);
    }
  g_assert_cmpuint (n_keys, ==, G_N_ELEMENTS (all_keys));
}

static void
test_load_shipped_production_example (void)
{
  g_autofree char *path = source_dir_file ("assets/config/kiosk.conf.example-production");
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (config->server_url, "https://"));
  g_assert_cmpstr (config->token_file, ==, "/etc/muscat-kiosk/token");
  g_assert_cmpstr (config->camera, ==, "v4l2src device=/dev/video0");
  g_assert_cmpstr (config->printer, ==, "escpos-usb:/dev/usb/lp0");
  g_assert_cmpstr (config->database, ==, "/var/lib/muscat-kiosk/kiosk.db");
}

/* Loading */

static void
test_load_empty_file_means_defaults (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "kiosk.conf", "# nothing set\n");
  g_autoptr(KioskConfig) defaults = kiosk_config_new_defaults ();
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_no_error (error);
  assert_configs_equal (config, defaults);
  g_assert_cmpstr (config->source_path, ==, path);
}

static void
test_load_missing_group_means_defaults (Fixture       *fixture,
                                        gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "kiosk.conf",
                                         "[sync]\ninterval=60\n\n"
                                         "[devices]\npayment=counter-only\n");
  g_autoptr(KioskConfig) expected = kiosk_config_new_defaults ();
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (config->sync_interval, ==, 60);
  g_assert_cmpstr (config->payment, ==, "counter-only");

  expected->sync_interval = 60;
  g_free (expected->payment);
  expected->payment = g_strdup ("counter-only");
  assert_configs_equal (config, expected);
}

static void
test_load_reads_every_value (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "kiosk.conf",
                                         "[kiosk]\n"
                                         "code=MCT07\n"
                                         "database=/srv/kiosk/k.db\n"
                                         "language=en\n"
                                         "arabic-digits=false\n"
                                         "idle-timeout=20\n"
                                         "idle-warning=120\n"
                                         "personal-data-days=3650\n"
                                         "[sync]\n"
                                         "server-url=https://sync.example.om:8443/api\n"
                                         "token-file=/etc/muscat-kiosk/token\n"
                                         "ca-file=/etc/muscat-kiosk/ca.pem\n"
                                         "pinned-key=" PIN_A ";" PIN_B "\n"
                                         "interval=86400\n"
                                         "batch-max-records=1000\n"
                                         "batch-max-bytes=1024\n"
                                         "[devices]\n"
                                         "camera=videotestsrc pattern=ball ! videoconvert\n"
                                         "printer=escpos-tcp:printer.hall.local:9100\n"
                                         "payment=simulated:approve-offline\n"
                                         "[payments]\n"
                                         "offline-tx-cap=0\n"
                                         "offline-total-cap=10000000\n"
                                         "offline-max-age-hours=720\n");
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->kiosk_code, ==, "MCT07");
  g_assert_cmpstr (config->database, ==, "/srv/kiosk/k.db");
  g_assert_cmpstr (config->language, ==, "en");
  g_assert_false (config->arabic_digits);
  g_assert_cmpuint (config->idle_timeout, ==, 20);
  g_assert_cmpuint (config->idle_warning, ==, 120);
  g_assert_cmpuint (config->personal_data_days, ==, 3650);
  g_assert_cmpstr (config->server_url, ==, "https://sync.example.om:8443/api");
  g_assert_cmpstr (config->token_file, ==, "/etc/muscat-kiosk/token");
  g_assert_cmpstr (config->ca_file, ==, "/etc/muscat-kiosk/ca.pem");
  g_assert_cmpstr (config->pinned_key, ==, PIN_A ";" PIN_B);
  g_assert_cmpuint (config->sync_interval, ==, 86400);
  g_assert_cmpuint (config->batch_max_records, ==, 1000);
  g_assert_cmpuint (config->batch_max_bytes, ==, 1024);
  g_assert_cmpstr (config->camera, ==, "videotestsrc pattern=ball ! videoconvert");
  g_assert_cmpstr (config->printer, ==, "escpos-tcp:printer.hall.local:9100");
  g_assert_cmpstr (config->payment, ==, "simulated:approve-offline");
  g_assert_cmpint (config->offline_tx_cap, ==, 0);
  g_assert_cmpint (config->offline_total_cap, ==, 10000000);
  g_assert_cmpuint (config->offline_max_age_hours, ==, 720);
}

static void
test_load_relative_paths_beside_file (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "kiosk.conf",
                                         "[kiosk]\ndatabase=data/kiosk.db\n"
                                         "[sync]\ntoken-file=./secret/token\nca-file=../ca.pem\n"
                                         "[devices]\nprinter=file:receipts\n");
  g_autofree char *database = g_build_filename (fixture->dir, "data", "kiosk.db", NULL);
  g_autofree char *token = g_build_filename (fixture->dir, "secret", "token", NULL);
  g_autofree char *parent = g_path_get_dirname (fixture->dir);
  g_autofree char *ca = g_build_filename (parent, "ca.pem", NULL);
  g_autofree char *receipts = g_build_filename (fixture->dir, "receipts", NULL);
  g_autofree char *printer = g_strconcat ("file:", receipts, NULL);
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->database, ==, database);
  g_assert_cmpstr (config->token_file, ==, token);
  g_assert_cmpstr (config->ca_file, ==, ca);
  g_assert_cmpstr (config->printer, ==, printer);
}

static void
test_load_relative_config_path (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "kiosk.conf", "[kiosk]\ndatabase=k.db\n");
  g_autofree char *database = g_build_filename (fixture->dir, "k.db", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  /* Named relative to the current directory, the file's own directory still anchors paths. */
  g_assert_cmpint (g_chdir (fixture->dir), ==, 0);
  config = kiosk_config_load ("kiosk.conf", &error);
  g_assert_cmpint (g_chdir (cwd), ==, 0);

  g_assert_no_error (error);
  g_assert_cmpstr (config->database, ==, database);
  g_assert_cmpstr (config->source_path, ==, path);
}

static void
test_load_accepts_loopback_http (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  const char *urls[] = {
    "http://127.0.0.1:8765",
    "http://localhost/",
    "http://LOCALHOST:9000/v1",
    "http://[::1]:8765/",
    "https://sync.example.om",
    "HTTPS://sync.example.om/",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autofree char *path = fixture_write_value (fixture, "sync", "server-url", urls[i]);
      g_autoptr(KioskConfig) config = NULL;
      g_autoptr(GError) error = NULL;

      config = kiosk_config_load (path, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (config->server_url, ==, urls[i]);
    }
}

static void
test_load_tolerates_spaces_after_numbers (Fixture       *fixture,
                                          gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "kiosk.conf",
                                         "[kiosk]\nidle-timeout = 90  \narabic-digits = false \n");
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (config->idle_timeout, ==, 90);
  g_assert_false (config->arabic_digits);
}

static void
test_load_rejects_unknown_key (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "kiosk.conf", "[kiosk]\nidle-timout=90\n");
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_null (config);
  assert_config_error (error, path, "kiosk", "idle-timout", "unknown key");
  /* A typo is answered with the key that was probably meant. */
  assert_message_contains (error, "idle-timeout");
}

static void
test_load_rejects_key_of_other_group (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "kiosk.conf", "[kiosk]\ninterval=90\n");
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_null (config);
  assert_config_error (error, path, "kiosk", "interval", "unknown key");
}

static void
test_load_rejects_localized_key (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "kiosk.conf", "[kiosk]\nlanguage[en]=en\n");
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_null (config);
  assert_config_error (error, path, "kiosk", "language[en]", "unknown key");
}

static void
test_load_rejects_unknown_group (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "kiosk.conf",
                                         "[kiosk]\ncode=MCT01\n[printer]\ndevice=/dev/usb/lp0\n");
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_null (config);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG);
  assert_message_contains (error, path);
  assert_message_contains (error, "[printer]");
  assert_message_contains (error, "unknown group");
}

static void
test_load_rejects_total_cap_below_tx_cap (Fixture       *fixture,
                                          gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "kiosk.conf",
                                         "[payments]\noffline-tx-cap=60000\n"
                                         "offline-total-cap=59999\n");
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_null (config);
  assert_config_error (error, path, "payments", "offline-total-cap", "less than offline-tx-cap");
}

static void
test_load_rejects_total_cap_below_default_tx_cap (Fixture       *fixture,
                                                  gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "kiosk.conf",
                                         "[payments]\noffline-total-cap=40000\n");
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  /* The check runs after every key is read, so it also sees a default. */
  config = kiosk_config_load (path, &error);
  g_assert_null (config);
  assert_config_error (error, path, "payments", "offline-total-cap", "offline-tx-cap");
}

static void
test_load_accepts_total_cap_equal_tx_cap (Fixture       *fixture,
                                          gconstpointer  user_data)
{
  /* Written total first: the order of keys in the file must not matter. */
  g_autofree char *path = fixture_write (fixture, "kiosk.conf",
                                         "[payments]\noffline-total-cap=800000\n"
                                         "offline-tx-cap=800000\n");
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (config->offline_tx_cap, ==, 800000);
  g_assert_cmpint (config->offline_total_cap, ==, 800000);
}

static void
test_load_rejects_http_to_remote_host (Fixture       *fixture,
                                       gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "kiosk.conf",
                                         "[sync]\nserver-url=http://sync.mm.gov.om/\n");
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_null (config);
  assert_config_error (error, path, "sync", "server-url", "http://");
  assert_message_contains (error, "\"http://sync.mm.gov.om/\"");
}

static void
test_load_rejects_syntax_error (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "kiosk.conf", "[kiosk]\njust some words\n");
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_null (config);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG);
  assert_message_contains (error, path);
}

static void
test_load_rejects_invalid_utf8 (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "kiosk.conf",
                                         "[devices]\ncamera=v4l2src \xff\xfe\n");
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_null (config);
  assert_config_error (error, path, "devices", "camera", NULL);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_load_rejects_missing_file (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "absent.conf", NULL);
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_null (config);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG);
  assert_message_contains (error, path);
}

static void
test_load_long_value_is_cut_in_message (Fixture       *fixture,
                                        gconstpointer  user_data)
{
  g_autofree char *url = g_strnfill (5000, 'x');
  g_autofree char *path = fixture_write_value (fixture, "sync", "server-url", url);
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_null (config);
  assert_config_error (error, path, "sync", "server-url", "is not a URL");
  g_assert_cmpuint (strlen (error->message), <, 1000);
}

/* Finding the file */

static void
test_load_env_names_file (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "env.conf", "[kiosk]\ncode=ENV42\n");
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("KIOSK_CONFIG", path, TRUE);
  config = kiosk_config_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->kiosk_code, ==, "ENV42");
  g_assert_cmpstr (config->source_path, ==, path);
}

static void
test_load_env_missing_file_is_error (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "missing.conf", NULL);
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("KIOSK_CONFIG", path, TRUE);
  config = kiosk_config_load (NULL, &error);
  g_assert_null (config);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG);
  assert_message_contains (error, path);
  assert_message_contains (error, "KIOSK_CONFIG");
}

static void
test_load_env_bad_file_is_error (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "env.conf", "[kiosk]\nlanguage=fr\n");
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("KIOSK_CONFIG", path, TRUE);
  config = kiosk_config_load (NULL, &error);
  g_assert_null (config);
  assert_config_error (error, path, "kiosk", "language", "ar or en");
}

static void
test_load_search_without_env (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_unsetenv ("KIOSK_CONFIG");
  config = kiosk_config_load (NULL, &error);
  g_assert_no_error (error);

  if (g_file_test ("/etc/muscat-kiosk/kiosk.conf", G_FILE_TEST_EXISTS))
    g_assert_cmpstr (config->source_path, ==, "/etc/muscat-kiosk/kiosk.conf");
  else
    g_assert_cmpstr (config->source_path, ==, KIOSK_SOURCE_DIR "/assets/config/kiosk.conf");
}

/* Bad values: each is refused in a file and as an override, with a message that says where and
 * why. */

typedef struct
{
  const char *name;
  const char *group;
  const char *key;
  const char *value;
  const char *reason; /* part of the message that explains what is wrong */
} BadValue;

static const BadValue bad_values[] = {
  { "code-lowercase", "kiosk", "code", "mct01", "A–Z and 0–9" },
  { "code-too-short", "kiosk", "code", "M", "2–12 characters" },
  { "code-too-long", "kiosk", "code", "ABCDEFGHIJKLM", "2–12 characters" },
  { "code-punctuation", "kiosk", "code", "MCT-01", "not a valid kiosk code" },
  { "code-arabic-digits", "kiosk", "code", "MCT٠١", "not a valid kiosk code" },
  { "database-empty", "kiosk", "database", "", "is empty" },
  { "language-unknown", "kiosk", "language", "fr", "ar or en" },
  { "language-case", "kiosk", "language", "AR", "ar or en" },
  { "arabic-digits-yes", "kiosk", "arabic-digits", "yes", "true or false" },
  { "arabic-digits-number", "kiosk", "arabic-digits", "1", "true or false" },
  { "idle-timeout-not-number", "kiosk", "idle-timeout",
    "abc", "is not a whole number (20–3600 seconds)" },
  { "idle-timeout-fraction", "kiosk", "idle-timeout", "60.5", "is not a whole number" },
  { "idle-timeout-hex", "kiosk", "idle-timeout", "0x3c", "is not a whole number" },
  { "idle-timeout-empty", "kiosk", "idle-timeout", "", "is not a whole number" },
  { "idle-timeout-too-small", "kiosk", "idle-timeout", "19", "out of range (20–3600 seconds)" },
  { "idle-timeout-too-big", "kiosk", "idle-timeout", "3601", "out of range" },
  { "idle-timeout-negative", "kiosk", "idle-timeout", "-60", "out of range" },
  { "idle-timeout-overflow", "kiosk", "idle-timeout", "99999999999999999999999", "out of range" },
  { "idle-warning-too-small", "kiosk", "idle-warning", "19", "20–120 seconds" },
  { "idle-warning-too-big", "kiosk", "idle-warning", "121", "20–120 seconds" },
  { "personal-data-days-zero", "kiosk", "personal-data-days", "0", "1–3650 days" },
  { "personal-data-days-too-big", "kiosk", "personal-data-days", "3651", "1–3650 days" },
  { "server-url-not-url", "sync", "server-url", "sync.example.om", "is not a URL" },
  { "server-url-ftp", "sync", "server-url", "ftp://sync.example.om/", "not an https:// URL" },
  { "server-url-http-remote", "sync", "server-url", "http://10.0.0.5:8765/", "http://" },
  { "server-url-http-lookalike", "sync", "server-url",
    "http://127.0.0.1.example.om/", "other than this machine" },
  { "server-url-http-localhost-user", "sync", "server-url",
    "http://localhost@evil.example/", "other than this machine" },
  { "server-url-no-host", "sync", "server-url", "https://", "no host" },
  { "server-url-empty", "sync", "server-url", "", "is not a URL" },
  { "pinned-key-no-prefix", "sync", "pinned-key",
    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "public-key pins" },
  { "pinned-key-wrong-hash", "sync", "pinned-key",
    "sha1//AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "sha256//" },
  { "pinned-key-short", "sync", "pinned-key", "sha256//AAECAwQFBgcI", "32 bytes" },
  { "pinned-key-bad-base64", "sync", "pinned-key",
    "sha256//AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGx!dHh8=", "public-key pins" },
  { "pinned-key-trailing-separator", "sync", "pinned-key", PIN_A ";", "public-key pins" },
  { "pinned-key-second-bad", "sync", "pinned-key", PIN_A ";sha256//nope", "public-key pins" },
  { "pinned-key-spaces", "sync", "pinned-key", PIN_A "; " PIN_B, "public-key pins" },
  { "token-file-control-character", "sync", "token-file", "/etc/token\n", "control characters" },
  { "interval-too-small", "sync", "interval", "9", "10–86400 seconds" },
  { "interval-too-big", "sync", "interval", "86401", "10–86400 seconds" },
  { "batch-max-records-zero", "sync", "batch-max-records", "0", "1–1000" },
  { "batch-max-records-too-big", "sync", "batch-max-records", "1001", "1–1000" },
  { "batch-max-bytes-too-small", "sync", "batch-max-bytes", "1023", "1024–16777216" },
  { "batch-max-bytes-too-big", "sync", "batch-max-bytes", "16777217", "1024–16777216" },
  { "camera-empty", "devices", "camera", "", "is empty" },
  { "phone-listen-hostname", "phone-upload", "listen", "kiosk.local:8790",
    "does not start with an IP address" },
  { "phone-listen-no-port", "phone-upload", "listen", "127.0.0.1", "is not ADDRESS:PORT" },
  { "phone-listen-port-too-big", "phone-upload", "listen", "127.0.0.1:65536",
    "is not ADDRESS:PORT" },
  { "phone-listen-v6-unbracketed", "phone-upload", "listen", "::1:8790",
    "does not start with an IP address" },
  { "phone-listen-v4-bracketed", "phone-upload", "listen", "[127.0.0.1]:8790",
    "does not start with an IP address" },
  { "phone-base-url-ftp", "phone-upload", "base-url", "ftp://192.168.1.5/",
    "not an http:// or https:// URL" },
  { "phone-base-url-path", "phone-upload", "base-url", "http://192.168.1.5:8790/kiosk",
    "more than a scheme, a host and a port" },
  { "phone-base-url-query", "phone-upload", "base-url", "http://192.168.1.5:8790/?a=1",
    "more than a scheme, a host and a port" },
  { "phone-base-url-userinfo", "phone-upload", "base-url", "http://me@192.168.1.5:8790",
    "more than a scheme, a host and a port" },
  { "phone-base-url-no-host", "phone-upload", "base-url", "http://", "no host" },
  { "camera-tab", "devices", "camera", "v4l2src\tdevice=/dev/video0", "control characters" },
  { "camera-escape", "devices", "camera", "videotestsrc \x1b[2J", "control characters" },
  { "printer-unknown", "devices", "printer", "cups:office", "escpos-tcp:HOST:PORT" },
  { "printer-old-escpos", "devices", "printer", "escpos:/dev/usb/lp0", "escpos-usb:DEVICE" },
  { "printer-file-without-path", "devices", "printer", "file:", "names no file" },
  { "printer-usb-relative", "devices", "printer", "escpos-usb:usb/lp0", "absolute device" },
  { "printer-usb-without-device", "devices", "printer", "escpos-usb:", "absolute device" },
  { "printer-tcp-without-port", "devices", "printer", "escpos-tcp:10.0.0.9", "HOST:PORT" },
  { "printer-tcp-port-zero", "devices", "printer", "escpos-tcp:10.0.0.9:0", "port 1-65535" },
  { "printer-tcp-bad-host", "devices", "printer", "escpos-tcp:pr inter:9100", "HOST:PORT" },
  { "printer-empty", "devices", "printer", "", "none" },
  { "payment-unknown-outcome", "devices", "payment", "simulated:maybe", "counter-only" },
  { "payment-bare-simulated", "devices", "payment", "simulated", "simulated:approve" },
  { "payment-real-terminal", "devices", "payment",
    "ingenico:/dev/ttyUSB0", "not a payment method" },
  { "speech-mode-unknown", "speech", "mode", "loud", "off, button or always" },
  { "speech-mode-capitalised", "speech", "mode", "Always", "not a speech mode" },
  { "offline-tx-cap-negative", "payments", "offline-tx-cap", "-1", "0–10000000 baisa" },
  { "offline-tx-cap-too-big", "payments", "offline-tx-cap", "10000001", "0–10000000 baisa" },
  { "offline-tx-cap-in-omr", "payments", "offline-tx-cap", "50.000", "is not a whole number" },
  { "offline-total-cap-too-big", "payments", "offline-total-cap", "10000001", "0–10000000 baisa" },
  { "offline-max-age-hours-zero", "payments", "offline-max-age-hours", "0", "1–720 hours" },
  { "offline-max-age-hours-too-big", "payments", "offline-max-age-hours", "721", "1–720 hours" },
};

static void
test_load_rejects_bad_value (Fixture       *fixture,
                             gconstpointer  user_data)
{
  const BadValue *bad = user_data;
  g_autofree char *path = fixture_write_value (fixture, bad->group, bad->key, bad->value);
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_null (config);
  assert_config_error (error, path, bad->group, bad->key, bad->reason);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_override_rejects_bad_value (gconstpointer user_data)
{
  const BadValue *bad = user_data;
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();
  g_autofree char *before = kiosk_config_to_data (config);
  g_autofree char *after = NULL;
  g_autofree char *assignment = g_strdup_printf ("%s.%s=%s", bad->group, bad->key, bad->value);
  g_autoptr(GError) error = NULL;

  g_assert_false (kiosk_config_override (config, assignment, &error));
  assert_config_error (error, "command line", bad->group, bad->key, bad->reason);

  /* A refused override leaves the configuration as it was. */
  after = kiosk_config_to_data (config);
  g_assert_cmpstr (after, ==, before);
}

/* Overrides */

static void
test_override_sets_values (void)
{
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();

  override_or_fail (config, "sync.server-url=http://127.0.0.1:9000");
  override_or_fail (config, "kiosk.code=MCT02");
  override_or_fail (config, "kiosk.arabic-digits=false");
  override_or_fail (config, "sync.interval=10");
  override_or_fail (config, "devices.camera=videotestsrc is-live=true");
  override_or_fail (config, "payments.offline-tx-cap=0");
  override_or_fail (config, "sync.pinned-key=" PIN_A);
  override_or_fail (config, "sync.token-file=");
  override_or_fail (config, "phone-upload.listen=[::1]:0");
  override_or_fail (config, "phone-upload.base-url=http://192.168.10.21:8790/");

  g_assert_cmpstr (config->server_url, ==, "http://127.0.0.1:9000");
  g_assert_cmpstr (config->kiosk_code, ==, "MCT02");
  g_assert_false (config->arabic_digits);
  g_assert_cmpuint (config->sync_interval, ==, 10);
  g_assert_cmpstr (config->camera, ==, "videotestsrc is-live=true");
  g_assert_cmpint (config->offline_tx_cap, ==, 0);
  g_assert_cmpstr (config->pinned_key, ==, PIN_A);
  g_assert_cmpstr (config->token_file, ==, "");
  g_assert_cmpstr (config->phone_upload_listen, ==, "[::1]:0");
  /* Kept without the slash: the server appends its own paths. */
  g_assert_cmpstr (config->phone_upload_base_url, ==, "http://192.168.10.21:8790");
}

static void
test_override_on_top_of_file (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *path = fixture_write (fixture, "kiosk.conf", "[kiosk]\nidle-timeout=90\n");
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kiosk_config_load (path, &error);
  g_assert_no_error (error);
  override_or_fail (config, "kiosk.idle-timeout=120");
  g_assert_cmpuint (config->idle_timeout, ==, 120);
  g_assert_cmpstr (config->source_path, ==, path);
}

static void
test_override_relative_path_against_cwd (void)
{
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *database = g_build_filename (cwd, "demo", "kiosk.db", NULL);
  g_autofree char *receipts = g_build_filename (cwd, "out", NULL);
  g_autofree char *printer = g_strconcat ("file:", receipts, NULL);

  override_or_fail (config, "kiosk.database=demo/kiosk.db");
  override_or_fail (config, "devices.printer=file:./out");
  g_assert_cmpstr (config->database, ==, database);
  g_assert_cmpstr (config->printer, ==, printer);
}

static void
test_override_rejects_malformed (void)
{
  const char *assignments[] = {
    "sync.server-url",
    "server-url=https://sync.example.om",
    "=x",
    ".interval=60",
    "sync.=60",
    "",
    "interval=1.5",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (assignments); i++)
    {
      g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();
      g_autoptr(GError) error = NULL;

      g_assert_false (kiosk_config_override (config, assignments[i], &error));
      g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG);
      assert_message_contains (error, "command line");
      assert_message_contains (error, "group.key=value");
    }
}

static void
test_override_rejects_unknown_key (void)
{
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();
  g_autoptr(GError) error = NULL;

  g_assert_false (kiosk_config_override (config, "sync.server-ur=https://x.om", &error));
  assert_config_error (error, "command line", "sync", "server-ur", "unknown key");
}

static void
test_override_rejects_unknown_group (void)
{
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();
  g_autoptr(GError) error = NULL;

  g_assert_false (kiosk_config_override (config, "network.server-url=https://x.om", &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG);
  assert_message_contains (error, "command line");
  assert_message_contains (error, "[network]");
  assert_message_contains (error, "unknown group");
}

static void
test_override_keeps_caps_in_order (void)
{
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();
  g_autoptr(GError) error = NULL;

  g_assert_false (kiosk_config_override (config, "payments.offline-tx-cap=500001", &error));
  assert_config_error (error, "command line", "payments", "offline-tx-cap", "offline-total-cap");
  g_assert_cmpint (config->offline_tx_cap, ==, 50000);
  g_clear_error (&error);

  g_assert_false (kiosk_config_override (config, "payments.offline-total-cap=49999", &error));
  assert_config_error (error, "command line", "payments", "offline-total-cap", "offline-tx-cap");
  g_assert_cmpint (config->offline_total_cap, ==, 500000);
  g_clear_error (&error);

  /* Raising the total first makes room for a larger single payment. */
  override_or_fail (config, "payments.offline-total-cap=900000");
  override_or_fail (config, "payments.offline-tx-cap=900000");
  g_assert_cmpint (config->offline_tx_cap, ==, 900000);
}

static void
test_override_value_may_contain_equals_and_dots (void)
{
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();

  override_or_fail (config, "devices.camera=v4l2src device=/dev/video0 ! video/x-raw,width=640");
  g_assert_cmpstr (config->camera, ==, "v4l2src device=/dev/video0 ! video/x-raw,width=640");
}

/* Writing the configuration back */

static void
test_to_data_round_trip (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();
  g_autoptr(KioskConfig) reread = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data_again = NULL;

  /* Every key away from its default, with strings a key file cannot hold literally. */
  override_or_fail (config, "kiosk.code=RT99");
  override_or_fail (config, "kiosk.database=/var/lib/muscat kiosk/k.db");
  override_or_fail (config, "kiosk.language=en");
  override_or_fail (config, "kiosk.arabic-digits=false");
  override_or_fail (config, "kiosk.idle-timeout=3600");
  override_or_fail (config, "kiosk.idle-warning=120");
  override_or_fail (config, "kiosk.personal-data-days=1");
  override_or_fail (config, "sync.server-url=https://sync.example.om/v1?x=1#y");
  override_or_fail (config, "sync.token-file=/etc/muscat-kiosk/token");
  override_or_fail (config, "sync.ca-file=/etc/muscat-kiosk/ca\\bundle.pem");
  override_or_fail (config, "sync.pinned-key=" PIN_A ";" PIN_B);
  override_or_fail (config, "sync.interval=86400");
  override_or_fail (config, "sync.batch-max-records=1");
  override_or_fail (config, "sync.batch-max-bytes=16777216");
  override_or_fail (config, "devices.camera=  videotestsrc # not a comment ");
  override_or_fail (config, "devices.printer=escpos-usb:/dev/usb/lp0");
  override_or_fail (config, "devices.payment=simulated:timeout");
  override_or_fail (config, "payments.offline-total-cap=10000000");
  override_or_fail (config, "payments.offline-tx-cap=10000000");
  override_or_fail (config, "payments.offline-max-age-hours=1");

  data = kiosk_config_to_data (config);
  path = fixture_write (fixture, "written.conf", data);
  reread = kiosk_config_load (path, &error);
  g_assert_no_error (error);
  assert_configs_equal (reread, config);

  data_again = kiosk_config_to_data (reread);
  g_assert_cmpstr (data_again, ==, data);
}

static void
test_to_data_round_trip_defaults (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autoptr(KioskConfig) defaults = kiosk_config_new_defaults ();
  g_autoptr(KioskConfig) reread = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = kiosk_config_to_data (defaults);
  g_autofree char *path = fixture_write (fixture, "defaults.conf", data);

  reread = kiosk_config_load (path, &error);
  g_assert_no_error (error);
  assert_configs_equal (reread, defaults);
}

static void
test_to_data_comments_every_key (void)
{
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();
  g_autofree char *data = kiosk_config_to_data (config);
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;
  gsize n_keys = 0;

  g_key_file_load_from_data (key_file, data, -1, G_KEY_FILE_KEEP_COMMENTS, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (all_keys); i++)
    {
      g_autofree char *comment = g_key_file_get_comment (key_file, all_keys[i].group,
                                                         all_keys[i].key, &error);
      g_autofree char *value = g_key_file_get_value (key_file, all_keys[i].group,
                                                     all_keys[i].key, &error);

      g_assert_no_error (error);
      g_assert_nonnull (value);
      g_assert_nonnull (comment);
      g_assert_cmpuint (strlen (g_strstrip (comment)), >, 10);
    }

  groups = g_key_file_get_groups (key_file, NULL);
  for (gsize i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (key_file, groups[i], NULL, NULL);

      n_keys += g_strv_length (keys);
    }
  g_assert_cmpuint (n_keys, ==, G_N_ELEMENTS (all_keys));

  /* Money is written as a baisa integer, as a person would type it. */
  g_assert_nonnull (strstr (data, "\noffline-tx-cap=50000\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/config/defaults", test_defaults);
  g_test_add_func ("/kiosk/config/free-accepts-null", test_free_accepts_null);

  g_test_add_func ("/kiosk/config/load/shipped-dev-default", test_load_shipped_dev_default);
  g_test_add_func ("/kiosk/config/load/shipped-dev-default-documents-every-key",
                   test_load_shipped_dev_default_documents_every_key);
  g_test_add_func ("/kiosk/config/load/shipped-production-example",
                   test_load_shipped_production_example);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/kiosk/config/load/empty-file-means-defaults", test_load_empty_file_means_defaults);
  ADD ("/kiosk/config/load/missing-group-means-defaults", test_load_missing_group_means_defaults);
  ADD ("/kiosk/config/load/reads-every-value", test_load_reads_every_value);
  ADD ("/kiosk/config/load/relative-paths-beside-file", test_load_relative_paths_beside_file);
  ADD ("/kiosk/config/load/relative-config-path", test_load_relative_config_path);
  ADD ("/kiosk/config/load/accepts-loopback-http", test_load_accepts_loopback_http);
  ADD ("/kiosk/config/load/tolerates-spaces-after-numbers",
       test_load_tolerates_spaces_after_numbers);
  ADD ("/kiosk/config/load/rejects-unknown-key", test_load_rejects_unknown_key);
  ADD ("/kiosk/config/load/rejects-key-of-other-group", test_load_rejects_key_of_other_group);
  ADD ("/kiosk/config/load/rejects-localized-key", test_load_rejects_localized_key);
  ADD ("/kiosk/config/load/rejects-unknown-group", test_load_rejects_unknown_group);
  ADD ("/kiosk/config/load/rejects-total-cap-below-tx-cap",
       test_load_rejects_total_cap_below_tx_cap);
  ADD ("/kiosk/config/load/rejects-total-cap-below-default-tx-cap",
       test_load_rejects_total_cap_below_default_tx_cap);
  ADD ("/kiosk/config/load/accepts-total-cap-equal-tx-cap",
       test_load_accepts_total_cap_equal_tx_cap);
  ADD ("/kiosk/config/load/rejects-http-to-remote-host", test_load_rejects_http_to_remote_host);
  ADD ("/kiosk/config/load/rejects-syntax-error", test_load_rejects_syntax_error);
  ADD ("/kiosk/config/load/rejects-invalid-utf8", test_load_rejects_invalid_utf8);
  ADD ("/kiosk/config/load/rejects-missing-file", test_load_rejects_missing_file);
  ADD ("/kiosk/config/load/long-value-is-cut-in-message", test_load_long_value_is_cut_in_message);
  ADD ("/kiosk/config/load/env-names-file", test_load_env_names_file);
  ADD ("/kiosk/config/load/env-missing-file-is-error", test_load_env_missing_file_is_error);
  ADD ("/kiosk/config/load/env-bad-file-is-error", test_load_env_bad_file_is_error);
  ADD ("/kiosk/config/load/search-without-env", test_load_search_without_env);
  ADD ("/kiosk/config/override/on-top-of-file", test_override_on_top_of_file);
  ADD ("/kiosk/config/to-data/round-trip", test_to_data_round_trip);
  ADD ("/kiosk/config/to-data/round-trip-defaults", test_to_data_round_trip_defaults);

#undef ADD

  for (gsize i = 0; i < G_N_ELEMENTS (bad_values); i++)
    {
      char *load_path = g_strdup_printf ("/kiosk/config/load/rejects/%s", bad_values[i].name);
      char *override_path = g_strdup_printf ("/kiosk/config/override/rejects/%s",
                                             bad_values[i].name);

      g_test_add (load_path, Fixture, &bad_values[i], fixture_set_up,
                  test_load_rejects_bad_value, fixture_tear_down);
      g_test_add_data_func (override_path, &bad_values[i], test_override_rejects_bad_value);
      g_ptr_array_add (paths, load_path);
      g_ptr_array_add (paths, override_path);
    }

  g_test_add_func ("/kiosk/config/override/sets-values", test_override_sets_values);
  g_test_add_func ("/kiosk/config/override/relative-path-against-cwd",
                   test_override_relative_path_against_cwd);
  g_test_add_func ("/kiosk/config/override/rejects-malformed", test_override_rejects_malformed);
  g_test_add_func ("/kiosk/config/override/rejects-unknown-key",
                   test_override_rejects_unknown_key);
  g_test_add_func ("/kiosk/config/override/rejects-unknown-group",
                   test_override_rejects_unknown_group);
  g_test_add_func ("/kiosk/config/override/keeps-caps-in-order",
                   test_override_keeps_caps_in_order);
  g_test_add_func ("/kiosk/config/override/value-may-contain-equals-and-dots",
                   test_override_value_may_contain_equals_and_dots);
  g_test_add_func ("/kiosk/config/to-data/comments-every-key", test_to_data_comments_every_key);

  return g_test_run ();
}
