/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-admin: the operations CLI. Creates and seeds a database, checks it, reports the
 * outbox, prints the kiosk's public key, and simulates traffic. Errors go to stderr; the exit
 * code says what happened: 0 success, 1 the check found problems, 2 the command failed or was
 * used wrongly. */
#define G_LOG_DOMAIN "kiosk-admin"

#include "config.h"

#include <glib.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "kiosk-admin-print.h"
#include "kiosk-attendants.h"
#include "kiosk-cli.h"
#include "kiosk-config.h"
#include "kiosk-ids.h"
#include "kiosk-keys.h"
#include "kiosk-outbox.h"
#include "kiosk-payments.h"
#include "kiosk-photos.h"
#include "kiosk-retention.h"
#include "kiosk-seed.h"
#include "kiosk-simulate.h"
#include "kiosk-store.h"

enum
{
  EXIT_OK = 0,
  EXIT_PROBLEMS = 1,
  EXIT_FAILED = 2,
};

static int
fail (const char *command,
      GError     *error)
{
  g_printerr ("kiosk-admin %s: %s\n", command, error->message);
  return EXIT_FAILED;
}

static gboolean
sets_kiosk_code (const char * const *overrides)
{
  for (guint i = 0; overrides != NULL && overrides[i] != NULL; i++)
    if (g_str_has_prefix (overrides[i], "kiosk.code="))
      return TRUE;
  return FALSE;
}

static const GOptionEntry init_entries[] = {
  { "seed", 0, 0, G_OPTION_ARG_STRING, NULL, "Load reference data (demo)", "NAME" },
  { "kiosk-code", 0, 0, G_OPTION_ARG_STRING, NULL, "This kiosk's code", "CODE" },
  { "config", 0, 0, G_OPTION_ARG_FILENAME, NULL, "Configuration file", "FILE" },
  { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, "Override a configuration value",
    "GROUP.KEY=VALUE" },
  G_OPTION_ENTRY_NULL,
};

static int
command_init (KioskCli *cli,
              int       argc,
              char    **argv)
{
  const char *db = kiosk_cli_get_string (cli, "db");
  const char *seed = kiosk_cli_get_string (cli, "seed");
  const char *code = kiosk_cli_get_string (cli, "kiosk-code");
  const char *config_path = kiosk_cli_get_string (cli, "config");
  g_autofree char *existing = NULL;
  const char * const *overrides = kiosk_cli_get_strv (cli, "set");
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(KioskSigningKey) key = NULL;
  g_autoptr(GError) error = NULL;
  gboolean key_created = FALSE;

  config = kiosk_config_load (config_path, &error);
  if (config == NULL)
    return fail ("init", error);
  for (guint i = 0; overrides != NULL && overrides[i] != NULL; i++)
    if (!kiosk_config_override (config, overrides[i], &error))
      return fail ("init", error);
  if (code != NULL)
    {
      g_autofree char *assignment = g_strconcat ("kiosk.code=", code, NULL);
      if (!kiosk_config_override (config, assignment, &error))
        return fail ("init", error);
    }

  /* Seed first: a refused seed must leave the identity as it was. */
  store = kiosk_store_open (db, KIOSK_STORE_OPEN_DEFAULT, &error);
  if (store == NULL || (seed != NULL && !kiosk_seed_load (store, seed, &error)))
    return fail ("init", error);

  /* A kiosk keeps its code: its receipts and references carry it. Only an explicit
   * --kiosk-code or --set kiosk.code=… renames it; a plain re-run keeps what is there. */
  existing = kiosk_store_dup_kiosk_code (store, NULL);
  if (existing != NULL && code == NULL && !sets_kiosk_code ((const char * const *) overrides))
    {
      g_free (config->kiosk_code);
      config->kiosk_code = g_steal_pointer (&existing);
    }

  if (!kiosk_store_set_identity (store, config->kiosk_code, &error) ||
      !kiosk_keys_ensure_own (store, &key_created, &error) ||
      (key = kiosk_keys_load_own (store, &error)) == NULL)
    return fail ("init", error);

  g_print ("%s: schema version %d, kiosk %s%s%s\n", db, kiosk_store_get_version (store),
           config->kiosk_code, seed ? ", seeded with " : "", seed ? seed : "");
  g_print ("%s: signing key %s%s\n", db, kiosk_signing_key_get_id (key),
           key_created ? " (new)" : "");
  return EXIT_OK;
}

static int
command_check (KioskCli *cli,
               int       argc,
               char    **argv)
{
  const char *db = kiosk_cli_get_string (cli, "db");
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) outbox_problems = NULL;
  g_autoptr(GError) error = NULL;
  int version;

  /* Look without changing: an old file is reported, not migrated. */
  store = kiosk_store_open (db, KIOSK_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return fail ("check", error);

  if (!kiosk_store_check_integrity (store, &problems, &error))
    return fail ("check", error);

  version = kiosk_store_get_version (store);
  if (version != kiosk_store_latest_version ())
    g_ptr_array_add (problems, g_strdup_printf ("schema version %d, this build writes %d (%s)",
                                                version, kiosk_store_latest_version (),
                                                version > kiosk_store_latest_version ()
                                                ? "written by a newer kiosk: this one refuses it"
                                                : "opening it with the kiosk migrates it"));
  else if (!kiosk_outbox_check (store, &outbox_problems, &error))
    return fail ("check", error);

  for (guint i = 0; outbox_problems != NULL && i < outbox_problems->len; i++)
    g_ptr_array_add (problems, g_strdup (g_ptr_array_index (outbox_problems, i)));

  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s: %s\n", db, (const char *) g_ptr_array_index (problems, i));

  if (problems->len > 0)
    {
      g_printerr ("%s: %u problem(s)\n", db, problems->len);
      return EXIT_PROBLEMS;
    }
  g_print ("%s: ok (schema version %d)\n", db, version);
  return EXIT_OK;
}

static const GOptionEntry outbox_requeue_entries[] = {
  { "all", 0, 0, G_OPTION_ARG_NONE, NULL, "Every parked record", NULL },
  G_OPTION_ENTRY_NULL,
};

/* "outbox requeue (--all | UUID…)": parked records back in the queue once the cause (a wrong
 * server URL, a server bug) is fixed; each is written to the audit log. */
static int
command_outbox_requeue (KioskCli *cli,
                        int       argc,
                        char    **argv)
{
  const char *db = kiosk_cli_get_string (cli, "db");
  gboolean all = kiosk_cli_get_flag (cli, "all");
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *actor = g_strdup_printf ("kiosk-admin:%s", g_get_user_name ());
  gint64 n;

  for (int i = 1; i < argc; i++)
    {
      if (!kiosk_uuid_is_valid (argv[i]))
        {
          g_printerr ("kiosk-admin outbox requeue: \"%s\" is not a record UUID\n", argv[i]);
          return EXIT_FAILED;
        }
      g_ptr_array_add (wanted, g_ascii_strdown (argv[i], -1));
    }
  if (all == (wanted->len > 0))
    {
      g_printerr ("usage: kiosk-admin outbox requeue --db PATH (--all | UUID…)\n");
      return EXIT_FAILED;
    }
  g_ptr_array_add (wanted, NULL);

  store = kiosk_store_open (db, KIOSK_STORE_OPEN_EXISTING, &error);
  if (store == NULL)
    return fail ("outbox requeue", error);
  n = kiosk_outbox_requeue (store, all ? NULL : (const char * const *) wanted->pdata, actor,
                            &error);
  if (n < 0)
    return fail ("outbox requeue", error);
  g_print ("%" G_GINT64_FORMAT " parked records queued again\n", n);
  return EXIT_OK;
}

static const GOptionEntry outbox_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, NULL, "Print JSON", NULL },
  G_OPTION_ENTRY_NULL,
};

static int
command_outbox (KioskCli *cli,
                int       argc,
                char    **argv)
{
  const char *db = kiosk_cli_get_string (cli, "db");
  gboolean json = kiosk_cli_get_flag (cli, "json");
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  KioskOutboxStats stats = { 0 };
  gint64 age;

  store = kiosk_store_open (db, KIOSK_STORE_OPEN_EXISTING, &error);
  if (store == NULL || !kiosk_outbox_get_stats (store, &stats, &error))
    return fail ("outbox", error);

  age = stats.oldest_queued_at ? kiosk_store_now (store) - stats.oldest_queued_at : 0;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "depth");
      json_builder_add_int_value (builder, stats.queued + stats.in_flight);
      json_builder_set_member_name (builder, "queued");
      json_builder_add_int_value (builder, stats.queued);
      json_builder_set_member_name (builder, "in_flight");
      json_builder_add_int_value (builder, stats.in_flight);
      json_builder_set_member_name (builder, "acked");
      json_builder_add_int_value (builder, stats.acked);
      json_builder_set_member_name (builder, "rejected");
      json_builder_add_int_value (builder, stats.rejected);
      json_builder_set_member_name (builder, "ready");
      json_builder_add_int_value (builder, stats.ready);
      json_builder_set_member_name (builder, "pending_bytes");
      json_builder_add_int_value (builder, stats.queued_bytes);
      json_builder_set_member_name (builder, "oldest_age_seconds");
      json_builder_add_int_value (builder, age);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
    }
  else
    {
      g_print ("depth:      %" G_GINT64_FORMAT " (%" G_GINT64_FORMAT " ready now)\n",
               stats.queued + stats.in_flight, stats.ready);
      g_print ("queued:     %" G_GINT64_FORMAT "\n", stats.queued);
      g_print ("in flight:  %" G_GINT64_FORMAT "\n", stats.in_flight);
      g_print ("acked:      %" G_GINT64_FORMAT "\n", stats.acked);
      g_print ("rejected:   %" G_GINT64_FORMAT "\n", stats.rejected);
      g_print ("pending:    %" G_GINT64_FORMAT " bytes\n", stats.queued_bytes);
      g_print ("oldest:     %" G_GINT64_FORMAT " s\n", age);
    }
  return EXIT_OK;
}

static int
command_keys (KioskCli *cli,
              int       argc,
              char    **argv)
{
  const char *db = kiosk_cli_get_string (cli, "db");
  g_autofree char *code = NULL;
  g_autofree char *public_text = NULL;
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(KioskSigningKey) key = NULL;
  g_autoptr(GError) error = NULL;

  /* Only looks: an older file is reported, not migrated. */
  store = kiosk_store_open (db, KIOSK_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return fail ("keys", error);
  if (kiosk_store_get_version (store) < kiosk_store_latest_version ())
    {
      g_printerr ("kiosk-admin keys: %s is at schema version %d and has no signing key: "
                  "run `kiosk-admin init --db %s` to make one\n", db,
                  kiosk_store_get_version (store), db);
      return EXIT_FAILED;
    }
  if ((code = kiosk_store_dup_kiosk_code (store, &error)) == NULL ||
      (key = kiosk_keys_load_own (store, &error)) == NULL)
    return fail ("keys", error);

  public_text = kiosk_key_public_to_text (kiosk_signing_key_get_public_key (key));
  g_print ("key_id:     %s\n", kiosk_signing_key_get_id (key));
  g_print ("owner:      " KIOSK_KEY_OWNER_KIOSK_PREFIX "%s\n", code);
  g_print ("algorithm:  ed25519\n");
  g_print ("public_key: %s\n", public_text);
  return EXIT_OK;
}

static void
print_progress (guint    done,
                guint    total,
                gpointer user_data)
{
  gboolean *tty = user_data;

  if (*tty && (done % 10 == 0 || done == total))
    g_printerr ("\rsimulating: %u/%u", done, total);
  if (*tty && done == total)
    g_printerr ("\n");
}

static const GOptionEntry simulate_entries[] = {
  { "reports", 0, 0, G_OPTION_ARG_INT, NULL, "Reports to file", "N" },
  { "photos", 0, 0, G_OPTION_ARG_INT, NULL, "Photos spread over the reports", "M" },
  { "payments", 0, 0, G_OPTION_ARG_INT, NULL, "Payments (fines, then permits)", "K" },
  { "feedback", 0, 0, G_OPTION_ARG_INT, NULL, "Suggestions/complaints/inquiries", "F" },
  { "seed", 0, 0, G_OPTION_ARG_INT, NULL, "Random seed (same seed, same traffic)", "S" },
  { "config", 0, 0, G_OPTION_ARG_FILENAME, NULL, "Configuration file (offline payment limits)",
    "FILE" },
  G_OPTION_ENTRY_NULL,
};

static int
command_simulate (KioskCli *cli,
                  int       argc,
                  char    **argv)
{
  const char *db = kiosk_cli_get_string (cli, "db");
  int reports = kiosk_cli_get_int (cli, "reports", 0);
  int photos = kiosk_cli_get_int (cli, "photos", 0);
  int payments = kiosk_cli_get_int (cli, "payments", 0);
  int feedback = kiosk_cli_get_int (cli, "feedback", 0);
  int seed = kiosk_cli_get_int (cli, "seed", 1);
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  KioskSimulation simulation = { 0 };
  KioskSimulationResult result = { 0 };
  const char *config_path = kiosk_cli_get_string (cli, "config");
  g_autoptr(KioskConfig) config = NULL;
  KioskOfflineLimits limits;
  gboolean tty = isatty (fileno (stderr));

  if (reports < 0 || photos < 0 || payments < 0 || feedback < 0 ||
      reports > 1000000 || payments > 1000000 || feedback > 1000000)
    {
      g_printerr ("kiosk-admin simulate: counts must be between 0 and 1000000\n");
      return EXIT_FAILED;
    }

  config = kiosk_config_load (config_path, &error);
  if (config == NULL)
    return fail ("simulate", error);
  limits = (KioskOfflineLimits) { config->offline_tx_cap, config->offline_total_cap,
                                  config->offline_max_age_hours };

  simulation = (KioskSimulation) { reports, photos, payments, feedback, (guint32) seed, 0 };
  store = kiosk_store_open (db, KIOSK_STORE_OPEN_EXISTING, &error);
  if (store != NULL)
    kiosk_payments_set_limits (store, &limits);
  if (store == NULL ||
      !kiosk_simulate_run (store, &simulation, &result, print_progress, &tty, &error))
    return fail ("simulate", error);

  g_print ("simulated %u reports with %u photos, %u payments, %u feedback\n",
           result.reports, result.photos, result.payments, result.feedback);
  return EXIT_OK;
}

static const GOptionEntry purge_entries[] = {
  { "days", 0, 0, G_OPTION_ARG_INT, NULL,
    "Days after acknowledgement (default: [kiosk] personal-data-days)", "N" },
  { "config", 0, 0, G_OPTION_ARG_FILENAME, NULL, "Configuration file", "FILE" },
  G_OPTION_ENTRY_NULL,
};

static int
command_purge (KioskCli *cli,
               int       argc,
               char    **argv)
{
  const char *db = kiosk_cli_get_string (cli, "db");
  const char *config_path = kiosk_cli_get_string (cli, "config");
  int days = kiosk_cli_get_int (cli, "days", -1);
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 purged;

  if (days < 0)
    {
      config = kiosk_config_load (config_path, &error);
      if (config == NULL)
        return fail ("purge", error);
      days = (int) config->personal_data_days;
    }
  else if (days > 3650)
    {
      g_printerr ("kiosk-admin purge: --days must be between 0 and 3650\n");
      return EXIT_FAILED;
    }

  store = kiosk_store_open (db, KIOSK_STORE_OPEN_EXISTING, &error);
  if (store == NULL || (purged = kiosk_retention_purge (store, (guint) days, &error)) < 0)
    return fail ("purge", error);

  g_print ("purged personal data from %" G_GINT64_FORMAT " records\n", purged);
  return EXIT_OK;
}

/* The PIN from standard input, one line; not echoed when it is a terminal. */
static char *
read_pin (void)
{
  char line[64] = "";
  gboolean tty = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  char *end;

  if (tty)
    {
      g_printerr ("PIN: ");
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  if (fgets (line, sizeof line, stdin) == NULL)
    line[0] = '\0';
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }
  end = line + strcspn (line, "\r\n");
  *end = '\0';
  return g_strdup (line);
}

static const GOptionEntry attendant_add_entries[] = {
  { "id", 0, 0, G_OPTION_ARG_STRING, NULL, "Staff number (letters, digits, . _ -)", "ID" },
  { "name", 0, 0, G_OPTION_ARG_STRING, NULL, "Name as shown on the attendant page", "NAME" },
  G_OPTION_ENTRY_NULL,
};

static int
command_attendant_add (KioskCli *cli,
                       int       argc,
                       char    **argv)
{
  const char *db = kiosk_cli_get_string (cli, "db");
  const char *id = kiosk_cli_get_string (cli, "id");
  const char *name = kiosk_cli_get_string (cli, "name");
  g_autofree char *pin = NULL;
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (id == NULL || name == NULL)
    {
      g_printerr ("kiosk-admin attendant add: --id and --name are required\n");
      return EXIT_FAILED;
    }

  pin = read_pin ();
  store = kiosk_store_open (db, KIOSK_STORE_OPEN_EXISTING, &error);
  if (store == NULL || !kiosk_attendants_add (store, id, name, pin, &error))
    {
      memset (pin, 0, strlen (pin));
      return fail ("attendant add", error);
    }
  memset (pin, 0, strlen (pin));
  g_print ("attendant %s added\n", id);
  return EXIT_OK;
}

/* Every command takes --db PATH; the exit codes are KIOSK_CLI_EXIT_* and EXIT_PROBLEMS. */
static const GOptionEntry common_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, "The kiosk database", "PATH" },
  G_OPTION_ENTRY_NULL,
};

static const char * const required[] = { "db", NULL };

static const KioskCliCommand commands[] = {
  { "init", "Create or migrate a kiosk database, and optionally seed it.", init_entries,
    command_init },
  { "check", "Check a database: integrity, foreign keys, outbox consistency.", NULL,
    command_check },
  { "outbox", "Show the outbox: depth, oldest age, states.", outbox_entries, command_outbox },
  { "outbox requeue", "Put parked records back in the queue (audited).",
    outbox_requeue_entries, command_outbox_requeue, "UUID…" },
  { "keys", "Print this kiosk's public signing key, for the server to hand out.", NULL,
    command_keys },
  { "simulate", "Simulate visitors through the same API the kiosk uses.", simulate_entries,
    command_simulate },
  { "purge", "Remove personal data the server acknowledged long enough ago.", purge_entries,
    command_purge },
  { "attendant add", "Add an attendant, or set a new PIN and name for one; the PIN (4-8 digits)"
    " is read from standard input.", attendant_add_entries, command_attendant_add },
  { "print", "Print a slip (receipt, voucher, lease-form, tracking-slip, z-report, test-page)"
    " as the kiosk prints it.", kiosk_admin_print_entries, kiosk_admin_print,
    "SLIP [REFERENCE]" },
  { NULL },
};

static const KioskCliProgram program = {
  .name = "kiosk-admin",
  .summary = "Operations on a kiosk database: create, check, inspect, simulate, purge, print.",
  .description = "Exit status: 0 success, 1 the check found problems, 2 the command failed or"
                 " was used wrongly.\n",
  .common = common_entries,
  .required = required,
  .commands = commands,
};

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  return kiosk_cli_run (&program, argc, argv);
}
