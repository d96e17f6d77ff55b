/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-central: the reference central server and its operations CLI. `serve` answers kiosks
 * over HTTP(S); `add-kiosk`, `load` and `stats` work on the same database from the shell.
 * Exit codes: 0 success, 2 the command failed or was used wrongly (message on stderr). */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include <glib-unix.h>
#include <glib.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "kiosk-cli.h"
#include "kiosk-central-attachments.h"
#include "kiosk-central-console-auth.h"
#include "kiosk-central-db.h"
#include "kiosk-central-http.h"
#include "kiosk-central-kiosk-keys.h"
#include "kiosk-central-kiosks.h"
#include "kiosk-central-load.h"
#include "kiosk-central-open311.h"
#include "kiosk-central-ratelimit.h"
#include "kiosk-central-stats.h"
#include "kiosk-error.h"

/* Each connection is a PostgreSQL backend process: a few per server, many servers. */
#define MAX_POOL_SIZE 64

enum
{
  EXIT_OK = 0,
  EXIT_FAILED = 2,
};

static int
fail (const char *command,
      GError     *error)
{
  g_printerr ("kiosk-central %s: %s\n", command, error->message);
  return EXIT_FAILED;
}

/* The attachments folder: --attachments, or beside an SQLite file. Several servers on one
 * PostgreSQL share one folder (a network file system), which only the operator can name. */
static char *
attachments_dir (KioskCli  *cli,
                 const char *db,
                 GError    **error)
{
  const char *given = kiosk_cli_get_string (cli, "attachments");
  KioskCentralDbKind kind;

  if (given != NULL)
    return g_strdup (given);
  if (!kiosk_central_db_target_kind (db, &kind, error))
    return NULL;
  if (kind == KIOSK_CENTRAL_DB_POSTGRESQL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                   "--attachments DIR is needed with PostgreSQL: the folder every server"
                   " process shares");
      return NULL;
    }
  return g_strconcat (db, ".attachments", NULL);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static const GOptionEntry serve_entries[] = {
  { "listen", 0, 0, G_OPTION_ARG_STRING, NULL, "Address and port (port 0: any free one)",
    "ADDR:PORT" },
  { "attachments", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    "Folder for attachments (default: the SQLite file's path + .attachments; needed with"
    " PostgreSQL)", "DIR" },
  { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, NULL, "Serve HTTPS with this PEM certificate",
    "FILE" },
  { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, NULL, "and this PEM private key", "FILE" },
  { "pool-size", 0, 0, G_OPTION_ARG_INT, NULL,
    "Database connections this process holds at most (default 4)", "N" },
  { "rate-limit", 0, 0, G_OPTION_ARG_INT, NULL,
    "Requests a second each kiosk may keep up on this process; beyond, 429 with Retry-After"
    " (default " G_STRINGIFY (KIOSK_CENTRAL_RATE_LIMIT_DEFAULT_RATE) "; 0: no limit)", "N" },
  { "rate-burst", 0, 0, G_OPTION_ARG_INT, NULL,
    "Requests each kiosk may send at once above that rate (default "
    G_STRINGIFY (KIOSK_CENTRAL_RATE_LIMIT_DEFAULT_BURST) ")", "N" },
  G_OPTION_ENTRY_NULL,
};

static int
command_serve (KioskCli *cli,
               int       argc,
               char    **argv)
{
  const char *db = kiosk_cli_get_string (cli, "db");
  const char *listen = kiosk_cli_get_string (cli, "listen");
  g_autofree char *attachments = NULL;
  const char *tls_cert = kiosk_cli_get_string (cli, "tls-cert");
  const char *tls_key = kiosk_cli_get_string (cli, "tls-key");
  int pool_size = kiosk_cli_get_int (cli, "pool-size", -1);
  int rate_limit = kiosk_cli_get_int (cli, "rate-limit", KIOSK_CENTRAL_RATE_LIMIT_DEFAULT_RATE);
  int rate_burst = kiosk_cli_get_int (cli, "rate-burst", KIOSK_CENTRAL_RATE_LIMIT_DEFAULT_BURST);
  g_autoptr(KioskCentralServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  KioskCentralServerOptions options = { 0 };
  guint term_id, int_id;

  attachments = attachments_dir (cli, db, &error);
  if (attachments == NULL)
    return fail ("serve", error);
  if (pool_size != -1 && (pool_size < 1 || pool_size > MAX_POOL_SIZE))
    {
      g_printerr ("kiosk-central serve: --pool-size must be from 1 to %d\n", MAX_POOL_SIZE);
      return EXIT_FAILED;
    }
  if (rate_limit < 0 || rate_limit > KIOSK_CENTRAL_RATE_LIMIT_MAX_RATE)
    {
      g_printerr ("kiosk-central serve: --rate-limit must be from 0 (no limit) to %d requests"
                  " a second\n", KIOSK_CENTRAL_RATE_LIMIT_MAX_RATE);
      return EXIT_FAILED;
    }
  if (rate_burst < 1 || rate_burst > KIOSK_CENTRAL_RATE_LIMIT_MAX_BURST)
    {
      g_printerr ("kiosk-central serve: --rate-burst must be from 1 to %d requests\n",
                  KIOSK_CENTRAL_RATE_LIMIT_MAX_BURST);
      return EXIT_FAILED;
    }

  options.db_path = db;
  options.rate_limit = (guint) rate_limit;
  options.rate_burst = (guint) rate_burst;
  options.pool_size = pool_size == -1 ? 0 : (guint) pool_size;
  options.attachments_dir = attachments;
  options.listen = listen ? listen : "127.0.0.1:8765";
  options.tls_cert_path = tls_cert;
  options.tls_key_path = tls_key;

  server = kiosk_central_server_start (&options, &error);
  if (server == NULL)
    return fail ("serve", error);

  loop = g_main_loop_new (NULL, FALSE);
  term_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  int_id = g_unix_signal_add (SIGINT, quit_cb, loop);

  /* The one line tests and scripts wait for: from here on, connections are accepted. */
  printf ("listening on %s\n", kiosk_central_server_get_url (server));
  fflush (stdout);

  g_main_loop_run (loop);

  g_source_remove (term_id);
  g_source_remove (int_id);
  g_clear_pointer (&server, kiosk_central_server_stop);
  g_message ("stopped");
  return EXIT_OK;
}

static const GOptionEntry add_kiosk_entries[] = {
  { "kiosk", 0, 0, G_OPTION_ARG_STRING, NULL,
    "Register a kiosk (or give it a new token) and print its token", "CODE" },
  { "disable", 0, 0, G_OPTION_ARG_STRING, NULL, "Refuse this kiosk's requests (403)", "CODE" },
  { "enable", 0, 0, G_OPTION_ARG_STRING, NULL, "Accept this kiosk's requests again", "CODE" },
  G_OPTION_ENTRY_NULL,
};

static int
command_add_kiosk (KioskCli *cli,
                   int       argc,
                   char    **argv)
{
  const char *db_path = kiosk_cli_get_string (cli, "db");
  const char *code = kiosk_cli_get_string (cli, "kiosk");
  const char *disable = kiosk_cli_get_string (cli, "disable");
  const char *enable = kiosk_cli_get_string (cli, "enable");
  g_autofree char *token = NULL;
  g_autoptr(KioskCentralDb) db = NULL;
  g_autoptr(GError) error = NULL;
  gboolean renew = FALSE;

  /* --kiosk CODE --enable CODE: a disabled kiosk back in service with a new token. */
  if (code != NULL && enable != NULL && g_str_equal (code, enable) && disable == NULL)
    renew = TRUE;
  else if ((code != NULL) + (disable != NULL) + (enable != NULL) != 1)
    {
      g_printerr ("kiosk-central add-kiosk: give exactly one of --kiosk, --disable, --enable"
                  " (or --kiosk CODE --enable CODE)\n");
      return EXIT_FAILED;
    }

  db = kiosk_central_db_open (db_path, &error);
  if (db == NULL)
    return fail ("add-kiosk", error);

  if (renew && !kiosk_central_kiosks_set_enabled (db, code, TRUE, &error))
    return fail ("add-kiosk", error);
  if (code != NULL)
    {
      token = kiosk_central_kiosks_add (db, code, &error);
      if (token == NULL)
        return fail ("add-kiosk", error);
      printf ("%s\n", token);
      return EXIT_OK;
    }
  if (!kiosk_central_kiosks_set_enabled (db, disable ? disable : enable, enable != NULL,
                                         &error))
    return fail ("add-kiosk", error);
  /* Other kiosks stop trusting what a disabled kiosk signs once they pull. */
  if (disable != NULL && !kiosk_central_kiosk_keys_withdraw (db, disable, &error))
    return fail ("add-kiosk", error);
  printf ("kiosk %s %s\n", disable ? disable : enable, disable ? "disabled" : "enabled");
  return EXIT_OK;
}

static const GOptionEntry kiosk_key_entries[] = {
  { "kiosk", 0, 0, G_OPTION_ARG_STRING, NULL, "The kiosk, registered and enabled", "CODE" },
  { "public-key", 0, 0, G_OPTION_ARG_STRING, NULL,
    "Its public signing key, as `kiosk-admin keys` prints it (43 characters)", "KEY" },
  G_OPTION_ENTRY_NULL,
};

static int
command_kiosk_key (KioskCli *cli,
                   int       argc,
                   char    **argv)
{
  const char *db_path = kiosk_cli_get_string (cli, "db");
  const char *code = kiosk_cli_get_string (cli, "kiosk");
  const char *public_key = kiosk_cli_get_string (cli, "public-key");
  g_autoptr(KioskCentralDb) db = NULL;
  g_autoptr(GError) error = NULL;

  if (code == NULL || public_key == NULL)
    {
      g_printerr ("kiosk-central kiosk-key: give --kiosk CODE and --public-key KEY\n");
      return EXIT_FAILED;
    }
  db = kiosk_central_db_open (db_path, &error);
  if (db == NULL || !kiosk_central_kiosk_keys_register (db, code, public_key, &error))
    return fail ("kiosk-key", error);
  printf ("kiosk %s signs with the key in the feed now\n", code);
  return EXIT_OK;
}

static const GOptionEntry add_staff_entries[] = {
  { "user", 0, 0, G_OPTION_ARG_STRING, NULL, "The username (a-z 0-9 . _ -)", "NAME" },
  { "name", 0, 0, G_OPTION_ARG_STRING, NULL, "The name shown in the console", "TEXT" },
  { "role", 0, 0, G_OPTION_ARG_STRING, NULL, "officer (default) or supervisor", "ROLE" },
  G_OPTION_ENTRY_NULL,
};

/* The password comes on stdin (one line), never on the command line where `ps` shows it. */
static int
command_add_staff (KioskCli *cli,
                   int       argc,
                   char    **argv)
{
  const char *db_path = kiosk_cli_get_string (cli, "db");
  const char *user = kiosk_cli_get_string (cli, "user");
  const char *role = kiosk_cli_get_string (cli, "role");
  g_autoptr(KioskCentralDb) db = NULL;
  g_autoptr(GError) error = NULL;
  char password[300];

  if (user == NULL)
    {
      g_printerr ("kiosk-central add-staff: give --user NAME (the password on stdin)\n");
      return EXIT_FAILED;
    }
  if (fgets (password, sizeof password, stdin) == NULL)
    {
      g_printerr ("kiosk-central add-staff: no password on stdin\n");
      return EXIT_FAILED;
    }
  password[strcspn (password, "\r\n")] = '\0';

  db = kiosk_central_db_open (db_path, &error);
  if (db == NULL ||
      !kiosk_central_console_add_staff (db, user, kiosk_cli_get_string (cli, "name"),
                                        role ? role : "officer", password, &error))
    {
      memset (password, 0, sizeof password);
      return fail ("add-staff", error);
    }
  memset (password, 0, sizeof password);
  printf ("staff %s saved\n", user);
  return EXIT_OK;
}

static const GOptionEntry add_open311_client_entries[] = {
  { "client", 0, 0, G_OPTION_ARG_STRING, NULL, "The client's name (a-z 0-9 . _ -)", "NAME" },
  G_OPTION_ENTRY_NULL,
};

static int
command_add_open311_client (KioskCli *cli,
                            int       argc,
                            char    **argv)
{
  const char *db_path = kiosk_cli_get_string (cli, "db");
  const char *client = kiosk_cli_get_string (cli, "client");
  g_autoptr(KioskCentralDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  if (client == NULL)
    {
      g_printerr ("kiosk-central add-open311-client: give --client NAME\n");
      return EXIT_FAILED;
    }
  db = kiosk_central_db_open (db_path, &error);
  if (db == NULL || (key = kiosk_central_open311_add_client (db, client, &error)) == NULL)
    return fail ("add-open311-client", error);
  printf ("%s\n", key);
  return EXIT_OK;
}

static const GOptionEntry load_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, "Load the kiosk's demo seed", NULL },
  G_OPTION_ENTRY_NULL,
};

static int
command_load (KioskCli *cli,
              int       argc,
              char    **argv)
{
  const char *db_path = kiosk_cli_get_string (cli, "db");
  g_autoptr(KioskCentralDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  gboolean demo = kiosk_cli_get_flag (cli, "demo");

  if (demo == (argc == 2))
    {
      g_printerr ("kiosk-central load: give either a FILE or --demo\n");
      return EXIT_FAILED;
    }

  db = kiosk_central_db_open (db_path, &error);
  if (db == NULL)
    return fail ("load", error);
  if (demo ? !kiosk_central_load_demo (db, summary, &error)
           : !kiosk_central_load_file (db, argv[1], summary, &error))
    return fail ("load", error);

  printf ("%s", summary->str);
  return EXIT_OK;
}

static const GOptionEntry attach_entries[] = {
  { "attachments", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    "Folder for attachments (default: the SQLite file's path + .attachments; needed with"
    " PostgreSQL)", "DIR" },
  G_OPTION_ENTRY_NULL,
};

static int
command_attach (KioskCli *cli,
                int       argc,
                char    **argv)
{
  const char *db_path = kiosk_cli_get_string (cli, "db");
  g_autofree char *attachments = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(KioskCentralDb) db = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      g_printerr ("kiosk-central attach: give the JPEG FILE\n");
      return EXIT_FAILED;
    }
  attachments = attachments_dir (cli, db_path, &error);
  if (attachments == NULL)
    return fail ("attach", error);
  db = kiosk_central_db_open (db_path, &error);
  if (db == NULL)
    return fail ("attach", error);
  sha256 = kiosk_central_attachments_add_file (db, attachments, argv[1], &error);
  if (sha256 == NULL)
    return fail ("attach", error);
  printf ("%s\n", sha256);
  return EXIT_OK;
}

static const GOptionEntry stats_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, NULL, "Print JSON (the only format so far)", NULL },
  G_OPTION_ENTRY_NULL,
};

static int
command_stats (KioskCli *cli,
               int       argc,
               char    **argv)
{
  const char *db_path = kiosk_cli_get_string (cli, "db");
  g_autofree char *json = NULL;
  g_autoptr(KioskCentralDb) db = NULL;
  g_autoptr(GError) error = NULL;

  db = kiosk_central_db_open (db_path, &error);
  if (db == NULL)
    return fail ("stats", error);
  json = kiosk_central_stats_json (db, &error);
  if (json == NULL)
    return fail ("stats", error);
  printf ("%s\n", json);
  return EXIT_OK;
}

static const GOptionEntry migrate_entries[] = {
  G_OPTION_ENTRY_NULL,
};

/* PostgreSQL's schema is brought up to date only here: several servers share it, so an
 * upgrade is one deliberate step, not whichever server starts first. */
static int
command_migrate (KioskCli *cli,
                 int       argc,
                 char    **argv)
{
  const char *db_path = kiosk_cli_get_string (cli, "db");
  g_autoptr(KioskCentralDb) db = NULL;
  g_autoptr(GError) error = NULL;

  db = kiosk_central_db_open_migrating (db_path, &error);
  if (db == NULL)
    return fail ("migrate", error);
  printf ("%s: schema version %d\n", kiosk_central_db_get_name (db),
          kiosk_central_db_latest_version (kiosk_central_db_get_kind (db)));
  return EXIT_OK;
}

/* Every command takes --db PATH; with no command but options, it serves. */
static const GOptionEntry common_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    "The central server's database: an SQLite file, or a postgresql:// URL", "PATH|URL" },
  G_OPTION_ENTRY_NULL,
};

static const char * const required[] = { "db", NULL };

static const KioskCliCommand commands[] = {
  { "serve", "Answer kiosks: batches, attachments and the changes feed.", serve_entries,
    command_serve },
  { "add-kiosk", "Register a kiosk and print its bearer token, or disable one.",
    add_kiosk_entries, command_add_kiosk },
  { "kiosk-key", "Register a kiosk's public signing key: every kiosk gets it through the feed"
    " and verifies that kiosk's QR codes (withdrawn when the kiosk is disabled).",
    kiosk_key_entries, command_kiosk_key },
  { "add-staff", "Create a staff account for the console (or give it a new password and"
    " role); the password is read from stdin.", add_staff_entries, command_add_staff },
  { "add-open311-client", "Register an Open311 client (or give it a new key) and print its"
    " api_key.", add_open311_client_entries, command_add_open311_client },
  { "load", "Load reference data from a JSON file (or the demo seed) into the feed.",
    load_entries, command_load, "[FILE]" },
  { "attach", "Store a JPEG (an announcement's picture) among the attachments and print its"
    " SHA-256, the announcement's picture_sha256.", attach_entries, command_attach,
    "FILE.jpg" },
  { "stats", "Count what the server holds: records by kind, attachments, refund cases,"
    " changes, kiosks.", stats_entries, command_stats },
  { "migrate", "Create the database's schema or bring it up to date (PostgreSQL: the only"
    " command that does).", migrate_entries, command_migrate },
  { NULL },
};

static const KioskCliProgram program = {
  .name = "kiosk-central",
  .summary = "The reference central server and its operations: `kiosk-central --db PATH"
             " --listen ADDR:PORT` (no command) serves.",
  .description = "Exit status: 0 success, 2 the command failed or was used wrongly.\n",
  .common = common_entries,
  .required = required,
  .default_command = "serve",
  .commands = commands,
};

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  /* A kiosk hanging up mid-answer must not kill the server. */
  signal (SIGPIPE, SIG_IGN);

  return kiosk_cli_run (&program, argc, argv);
}
