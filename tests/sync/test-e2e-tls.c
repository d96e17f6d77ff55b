/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End to end over TLS: a CA and a server certificate made by the test with openssl; the agent
 * refuses a server its CA did not sign and a server whose key does not match the pin, and
 * syncs with the right CA and pin (given as the backup of a wrong one). */
#define G_LOG_DOMAIN "test-e2e-tls"

#include "config.h"

#include "kiosk-test-util.h"
#include "sync-test-util.h"

static char *
sh (const char *dir,
    const char *script)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "sh", "-euc", script, NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", script, err);
  return g_strstrip (g_steal_pointer (&out));
}

static void
test_tls_ca_and_pins (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *kiosk_db = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *server_db = g_build_filename (dir, "central.db", NULL);
  g_autofree char *token = g_build_filename (dir, "token", NULL);
  g_autofree char *cert = g_build_filename (dir, "server.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "server.key", NULL);
  g_autofree char *pin = NULL;
  g_autofree char *wrong_pin = NULL;
  const char *load[] = { "load", "--demo", NULL };
  const char *tls[] = { "--tls-cert", cert, "--tls-key", key, NULL };
  SyncServer *server;

  /* A CA, a server certificate for 127.0.0.1 signed by it, and an unrelated second CA. */
  g_free (sh (dir, "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem"
                   " -days 2 -subj '/CN=Kiosk test CA' 2>/dev/null;"
                   "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr"
                   " -subj '/CN=127.0.0.1' 2>/dev/null;"
                   "printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext;"
                   "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial"
                   " -out server.pem -days 2 -extfile san.ext 2>/dev/null;"
                   "openssl req -x509 -newkey rsa:2048 -nodes -keyout wrong.key -out wrong-ca.pem"
                   " -days 2 -subj '/CN=Some other CA' 2>/dev/null"));
  pin = sh (dir, "openssl x509 -in server.pem -pubkey -noout | openssl pkey -pubin -outform der"
                 " | openssl dgst -sha256 -binary | base64");
  wrong_pin = sh (dir, "openssl x509 -in wrong-ca.pem -pubkey -noout | openssl pkey -pubin"
                       " -outform der | openssl dgst -sha256 -binary | base64");

  sync_kiosk_create (kiosk_db, "TLS01", 20, 2, 5, 5, 8000, 41);
  g_free (sync_central_run (server_db, load));
  server = sync_server_start (server_db, 0, tls);
  g_assert_true (g_str_has_prefix (server->url, "https://"));
  sync_server_add_kiosk (server_db, "TLS01", token);

  {
    g_autofree char *extra = g_strdup_printf ("ca-file=%s/wrong-ca.pem\n", dir);
    g_autofree char *config = sync_agent_config (dir, kiosk_db, server->url, token, extra);
    g_autoptr(JsonObject) report = NULL;

    g_test_message ("a CA that did not sign the server's certificate");
    g_assert_cmpint (sync_agent_once (config, &report), ==, 3);
    g_assert_nonnull (strstr (json_object_get_string_member (report, "error"), "TLS"));
    /* Refused at once: a certificate will not get better with retries. */
    g_assert_cmpint (json_object_get_int_member (report, "requests"), ==, 1);
  }
  {
    g_autofree char *extra = g_strdup_printf ("ca-file=%s/ca.pem\npinned-key=sha256//%s\n", dir,
                                              wrong_pin);
    g_autofree char *config = sync_agent_config (dir, kiosk_db, server->url, token, extra);
    g_autoptr(JsonObject) report = NULL;

    g_test_message ("the right CA, but the server's key is not the pinned one");
    g_assert_cmpint (sync_agent_once (config, &report), ==, 3);
    g_assert_nonnull (strstr (json_object_get_string_member (report, "error"), "TLS"));
    g_assert_cmpint (sync_server_count (server_db, "SELECT count (*) FROM records"), ==, 0);
  }
  {
    g_autofree char *extra = g_strdup_printf ("ca-file=%s/ca.pem\n"
                                              "pinned-key=sha256//%s;sha256//%s\n",
                                              dir, wrong_pin, pin);
    g_autofree char *config = sync_agent_config (dir, kiosk_db, server->url, token, extra);
    g_autoptr(JsonObject) report = NULL;

    g_test_message ("the right CA and the right key as the backup pin");
    g_assert_cmpint (sync_agent_once (config, &report), ==, 0);
    g_assert_cmpint (sync_server_count (server_db, "SELECT count (*) FROM records"), ==,
                     sync_kiosk_count (kiosk_db, "SELECT count (*) FROM outbox"));
  }

  sync_server_free (server);
  kiosk_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/sync/e2e/tls-refuses-wrong-ca-and-wrong-pin-accepts-right-pin",
                   test_tls_ca_and_pins);

  return g_test_run ();
}
