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

#include "kiosk-central-db.h"
#include "kiosk-central-http.h"
#include "kiosk-central-kiosks.h"
#include "kiosk-central-load.h"
#include "kiosk-central-stats.h"

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

/* Parses a subcommand's options; `--db` is required by every subcommand. `max_args` counts
 * the positional arguments after the subcommand's name. */
static gboolean
parse (const char   *command,
       const char   *summary,
       GOptionEntry *entries,
       char        **db,
       guint         max_args,
       int          *argc,
       char       ***argv)
{
  g_autofree char *parameter = g_strdup_printf ("%s --db PATH", command);
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;
  GOptionEntry db_entry[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, db, "The central server's database", "PATH" },
    G_OPTION_ENTRY_NULL,
  };

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, db_entry, NULL);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("kiosk-central %s: %s\n", command, error->message);
      return FALSE;
    }
  if ((guint) *argc > 1 + max_args)
    {
      g_printerr ("kiosk-central %s: unexpected argument \"%s\"\n", command,
                  (*argv)[1 + max_args]);
      return FALSE;
    }
  if (*db == NULL)
    {
      g_printerr ("kiosk-central %s: --db PATH is required\n", command);
      return FALSE;
    }
  return TRUE;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static int
command_serve (int    argc,
               char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *attachments = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autoptr(KioskCentralServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  KioskCentralServerOptions options = { 0 };
  guint term_id, int_id;
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address and port (port 0: any free one)",
      "ADDR:PORT" },
    { "attachments", 0, 0, G_OPTION_ARG_FILENAME, &attachments,
      "Folder for attachments (default: the database's path + .attachments)", "DIR" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "Serve HTTPS with this PEM certificate",
      "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "and this PEM private key", "FILE" },
    G_OPTION_ENTRY_NULL,
  };

  if (!parse ("serve", "Answer kiosks: batches, attachments and the changes feed.", entries,
              &db, 0, &argc, &argv))
    return EXIT_FAILED;
  if (attachments == NULL)
    attachments = g_strconcat (db, ".attachments", NULL);

  options.db_path = db;
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

static int
command_add_kiosk (int    argc,
                   char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *code = NULL;
  g_autofree char *disable = NULL;
  g_autofree char *enable = NULL;
  g_autofree char *token = NULL;
  g_autoptr(KioskCentralDb) db = NULL;
  g_autoptr(GError) error = NULL;
  gboolean renew = FALSE;
  GOptionEntry entries[] = {
    { "kiosk", 0, 0, G_OPTION_ARG_STRING, &code,
      "Register a kiosk (or give it a new token) and print its token", "CODE" },
    { "disable", 0, 0, G_OPTION_ARG_STRING, &disable, "Refuse this kiosk's requests (403)",
      "CODE" },
    { "enable", 0, 0, G_OPTION_ARG_STRING, &enable, "Accept this kiosk's requests again",
      "CODE" },
    G_OPTION_ENTRY_NULL,
  };

  if (!parse ("add-kiosk", "Register a kiosk and print its bearer token, or disable one.",
              entries, &db_path, 0, &argc, &argv))
    return EXIT_FAILED;
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
  printf ("kiosk %s %s\n", disable ? disable : enable, disable ? "disabled" : "enabled");
  return EXIT_OK;
}

static int
command_load (int    argc,
              char **argv)
{
  g_autofree char *db_path = NULL;
  g_autoptr(KioskCentralDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  gboolean demo = FALSE;
  GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, "Load the kiosk's demo seed", NULL },
    G_OPTION_ENTRY_NULL,
  };

  if (!parse ("load", "Load reference data from a JSON file (or the demo seed) into the feed.",
              entries, &db_path, 1, &argc, &argv))
    return EXIT_FAILED;
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

static int
command_stats (int    argc,
               char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *json = NULL;
  g_autoptr(KioskCentralDb) db = NULL;
  g_autoptr(GError) error = NULL;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print JSON (the only format so far)", NULL },
    G_OPTION_ENTRY_NULL,
  };

  if (!parse ("stats", "Count what the server holds: records by kind, attachments, refund "
              "cases, changes, kiosks.", entries, &db_path, 0, &argc, &argv))
    return EXIT_FAILED;

  db = kiosk_central_db_open (db_path, &error);
  if (db == NULL)
    return fail ("stats", error);
  json = kiosk_central_stats_json (db, &error);
  if (json == NULL)
    return fail ("stats", error);
  printf ("%s\n", json);
  return EXIT_OK;
}

static void
usage (void)
{
  g_printerr ("usage: kiosk-central COMMAND --db PATH [OPTIONS]\n"
              "  serve      --db PATH --listen ADDR:PORT [--attachments DIR]"
              " [--tls-cert FILE --tls-key FILE]\n"
              "  add-kiosk  --db PATH --kiosk CODE | --disable CODE | --enable CODE\n"
              "  load       --db PATH FILE | --demo\n"
              "  stats      --db PATH --json\n"
              "`kiosk-central --db PATH --listen ADDR:PORT` (no command) serves.\n"
              "COMMAND --help says more.\n");
}

int
main (int    argc,
      char **argv)
{
  static const struct
  {
    const char *name;
    int       (*run) (int, char **);
  } commands[] = {
    { "serve", command_serve },
    { "add-kiosk", command_add_kiosk },
    { "load", command_load },
    { "stats", command_stats },
  };

  setlocale (LC_ALL, "");
  /* A kiosk hanging up mid-answer must not kill the server. */
  signal (SIGPIPE, SIG_IGN);

  if (argc < 2)
    {
      usage ();
      return EXIT_FAILED;
    }
  /* No command but options: serve, as `kiosk-central --db PATH --listen ADDR:PORT`. */
  if (argv[1][0] == '-' && g_strcmp0 (argv[1], "--help") != 0 && g_strcmp0 (argv[1], "-h") != 0)
    return command_serve (argc, argv);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  usage ();
  return g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0 ? EXIT_OK
                                                                             : EXIT_FAILED;
}
