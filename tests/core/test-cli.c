/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of kiosk-cli, the command line the operations tools share: a small program's table
 * run through kiosk_cli_run () as a tool's main () does. What it prints is checked in a child
 * test process (help goes to stdout, which is this program's TAP stream). */
#define G_LOG_DOMAIN "kiosk-cli-test"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk-cli.h"

/* What the last handler saw. */
typedef struct
{
  guint  runs;
  char  *handler;
  char  *db;
  char  *name;
  int    times;
  int    loud;
  char **tags;
  char **args;
} Seen;

static Seen seen;

static void
seen_clear (void)
{
  g_free (seen.handler);
  g_free (seen.db);
  g_free (seen.name);
  g_strfreev (seen.tags);
  g_strfreev (seen.args);
  memset (&seen, 0, sizeof seen);
}

/* Exit codes the handlers return, so a test sees that the handler's code is the program's. */
#define GREET_EXIT 5
#define OTHER_EXIT 6

static void
record (const char *handler,
        int         argc,
        char      **argv)
{
  seen.runs++;
  g_free (seen.handler);
  seen.handler = g_strdup (handler);
  g_strfreev (seen.args);
  seen.args = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    seen.args[i] = g_strdup (argv[i]);
  /* Only a child test process may print: this process's stdout is the TAP stream. */
  if (g_test_subprocess ())
    g_print ("ran %s\n", handler);
}

static int
greet_cb (KioskCli *cli,
          int       argc,
          char    **argv)
{
  record ("greet", argc, argv);
  g_free (seen.db);
  seen.db = g_strdup (kiosk_cli_get_string (cli, "db"));
  g_free (seen.name);
  seen.name = g_strdup (kiosk_cli_get_string (cli, "name"));
  seen.times = kiosk_cli_get_int (cli, "times", -1);
  seen.loud = kiosk_cli_get_flag (cli, "loud");
  g_strfreev (seen.tags);
  seen.tags = g_strdupv ((char **) kiosk_cli_get_strv (cli, "tag"));
  return GREET_EXIT;
}

static int
other_cb (KioskCli *cli,
          int       argc,
          char    **argv)
{
  record (argv[0], argc, argv);
  return OTHER_EXIT;
}

static const GOptionEntry common_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, "The database", "PATH" },
  G_OPTION_ENTRY_NULL,
};

static const GOptionEntry greet_entries[] = {
  { "name", 'n', 0, G_OPTION_ARG_STRING, NULL, "Who to greet", "NAME" },
  { "times", 0, 0, G_OPTION_ARG_INT, NULL, "How many times", "N" },
  { "loud", 0, 0, G_OPTION_ARG_NONE, NULL, "Greet loudly", NULL },
  { "tag", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, "A tag (repeatable)", "TAG" },
  G_OPTION_ENTRY_NULL,
};

static const GOptionEntry item_add_entries[] = {
  { "label", 0, 0, G_OPTION_ARG_STRING, NULL, "The new item's label", "LABEL" },
  G_OPTION_ENTRY_NULL,
};

static const char * const required[] = { "db", NULL };

static const KioskCliCommand commands[] = {
  { "greet", "Greet someone, with the options of every type.", greet_entries, greet_cb },
  { "item", "Show the items.", NULL, other_cb },
  { "item add", "Add an item.", item_add_entries, other_cb },
  { "copy", "Copy SOURCE to TARGET.", NULL, other_cb, "SOURCE [TARGET]" },
  { NULL },
};

static const KioskCliProgram program = {
  .name = "kiosk-test",
  .summary = "A program to test the command line helper.",
  .description = "Exit status: whatever the handler says.\n",
  .common = common_entries,
  .required = required,
  .commands = commands,
};

/* The same commands, without required options and with a default command. */
static const KioskCliProgram program_with_default = {
  .name = "kiosk-test-default",
  .summary = "Greets when the first argument is an option.",
  .common = common_entries,
  .default_command = "greet",
  .commands = commands,
};

static int
run_argv (const KioskCliProgram *prog,
          const char           **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int code;

  g_ptr_array_add (argv, (char *) prog->name);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  seen_clear ();
  code = kiosk_cli_run (prog, (int) argv->len - 1, (char **) argv->pdata);
  return code;
}

/* Runs the program in this child test process and exits with its code, after printing it. */
G_GNUC_NORETURN static void
child_run (const KioskCliProgram *prog,
           const char           **args)
{
  int code = run_argv (prog, args);

  seen_clear ();
  g_print ("exit code %d\n", code);
  fflush (stdout);
  exit (code);
}

#define ARGS(...) ((const char *[]) { __VA_ARGS__, NULL })

/* Handlers ------------------------------------------------------------------------------- */

static void
test_options_reach_handler (void)
{
  int code = run_argv (&program, ARGS ("greet", "--db", "kiosk.db", "--name", "Amal",
                                       "--times", "0", "--loud", "--tag", "a", "-n", "Badr",
                                       "--tag", "b"));

  g_assert_cmpint (code, ==, GREET_EXIT);
  g_assert_cmpuint (seen.runs, ==, 1);
  g_assert_cmpstr (seen.handler, ==, "greet");
  g_assert_cmpstr (seen.db, ==, "kiosk.db");
  /* The last of a repeated option counts, as with GOption. */
  g_assert_cmpstr (seen.name, ==, "Badr");
  /* 0 given is not "not given". */
  g_assert_cmpint (seen.times, ==, 0);
  g_assert_true (seen.loud);
  g_assert_cmpstrv (seen.tags, ARGS ("a", "b"));
  g_assert_cmpstrv (seen.args, ARGS ("greet"));
  seen_clear ();
}

static void
test_unset_options (void)
{
  int code = run_argv (&program, ARGS ("greet", "--db", "kiosk.db"));

  g_assert_cmpint (code, ==, GREET_EXIT);
  g_assert_null (seen.name);
  g_assert_cmpint (seen.times, ==, -1);
  g_assert_false (seen.loud);
  g_assert_null (seen.tags);
  seen_clear ();
}

static void
test_negative_integer (void)
{
  int code = run_argv (&program, ARGS ("greet", "--db", "kiosk.db", "--times", "-3"));

  g_assert_cmpint (code, ==, GREET_EXIT);
  g_assert_cmpint (seen.times, ==, -3);
  seen_clear ();
}

static void
test_two_word_command (void)
{
  int code = run_argv (&program, ARGS ("item", "add", "--db", "kiosk.db", "--label", "x"));

  g_assert_cmpint (code, ==, OTHER_EXIT);
  g_assert_cmpstr (seen.handler, ==, "item add");

  /* The first word alone is its own command. */
  code = run_argv (&program, ARGS ("item", "--db", "kiosk.db"));
  g_assert_cmpint (code, ==, OTHER_EXIT);
  g_assert_cmpstr (seen.handler, ==, "item");
  seen_clear ();
}

static void
test_positional_arguments (void)
{
  int code = run_argv (&program, ARGS ("copy", "--db", "kiosk.db", "from", "to"));

  g_assert_cmpint (code, ==, OTHER_EXIT);
  g_assert_cmpstrv (seen.args, ARGS ("copy", "from", "to"));

  code = run_argv (&program, ARGS ("copy", "from", "--db", "kiosk.db"));
  g_assert_cmpint (code, ==, OTHER_EXIT);
  g_assert_cmpstrv (seen.args, ARGS ("copy", "from"));
  seen_clear ();
}

static void
test_common_options_before_command (void)
{
  int code = run_argv (&program, ARGS ("--db", "kiosk.db", "greet", "--name", "Amal"));

  g_assert_cmpint (code, ==, GREET_EXIT);
  g_assert_cmpstr (seen.db, ==, "kiosk.db");
  g_assert_cmpstr (seen.name, ==, "Amal");
  seen_clear ();
}

static void
test_default_command (void)
{
  int code = run_argv (&program_with_default, ARGS ("--name", "Amal"));

  g_assert_cmpint (code, ==, GREET_EXIT);
  g_assert_cmpstr (seen.handler, ==, "greet");
  g_assert_cmpstr (seen.name, ==, "Amal");

  /* A named command still wins. */
  code = run_argv (&program_with_default, ARGS ("item"));
  g_assert_cmpint (code, ==, OTHER_EXIT);
  g_assert_cmpstr (seen.handler, ==, "item");
  seen_clear ();
}

/* Usage errors: exit code 2, a message on stderr, no handler run --------------------------- */

typedef struct
{
  const char  *path;
  const char **args;
  const char  *stderr_pattern;
} UsageCase;

static const UsageCase usage_cases[] = {
  { "/kiosk/cli/usage/no-command", ARGS ("--db", "kiosk.db"),
    "*usage: kiosk-test COMMAND*commands: greet, item, item add, copy*" },
  { "/kiosk/cli/usage/unknown-command", ARGS ("frobnicate", "--db", "kiosk.db"),
    "kiosk-test: unknown command \"frobnicate\"*commands: greet, item, item add, copy*" },
  { "/kiosk/cli/usage/missing-option-argument", ARGS ("greet", "--db", "kiosk.db", "--name"),
    "kiosk-test greet: *--name*" },
  { "/kiosk/cli/usage/missing-required-option", ARGS ("greet", "--name", "Amal"),
    "kiosk-test greet: --db PATH is required*" },
  { "/kiosk/cli/usage/unknown-option", ARGS ("greet", "--db", "kiosk.db", "--frob"),
    "kiosk-test greet: *--frob*" },
  { "/kiosk/cli/usage/option-of-another-command", ARGS ("item", "--db", "kiosk.db", "--loud"),
    "kiosk-test item: *--loud*" },
  { "/kiosk/cli/usage/not-an-integer", ARGS ("greet", "--db", "kiosk.db", "--times", "lots"),
    "kiosk-test greet: *\"lots\"*--times*" },
  { "/kiosk/cli/usage/integer-out-of-range",
    ARGS ("greet", "--db", "kiosk.db", "--times", "99999999999"),
    "kiosk-test greet: *\"99999999999\"*out of range*" },
  { "/kiosk/cli/usage/extra-argument", ARGS ("greet", "--db", "kiosk.db", "extra"),
    "kiosk-test greet: unexpected argument \"extra\"*" },
  { "/kiosk/cli/usage/too-many-arguments", ARGS ("copy", "--db", "kiosk.db", "a", "b", "c"),
    "kiosk-test copy: unexpected argument \"c\"*" },
};

static void
test_usage_error (gconstpointer data)
{
  const UsageCase *usage = data;

  if (g_test_subprocess ())
    child_run (&program, usage->args);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("exit code 2\n");
  g_test_trap_assert_stderr (usage->stderr_pattern);
}

/* Help: stdout, exit code 0, no handler run ------------------------------------------------ */

static void
test_program_help (void)
{
  if (g_test_subprocess ())
    child_run (&program, ARGS ("--help"));

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
  g_test_trap_assert_stdout_unmatched ("*ran *");
  g_test_trap_assert_stdout ("*A program to test the command line helper.*"
                             "--db=PATH*The database*"
                             "Commands:*"
                             "greet *Greet someone, with the options of every type.*"
                             "item *Show the items.*"
                             "item add *Add an item.*"
                             "copy *Copy SOURCE to TARGET.*"
                             "Exit status: whatever the handler says.*"
                             "exit code 0\n");
}

static void
test_program_help_short (void)
{
  if (g_test_subprocess ())
    child_run (&program, ARGS ("-h"));

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*Commands:*item add *exit code 0\n");
}

/* `COMMAND --help` lists the command's summary, its own options and the common ones, and
 * does not ask for the required options. */
static void
test_command_help (gconstpointer data)
{
  const KioskCliCommand *command = data;
  g_autoptr(GString) pattern = g_string_new ("*");

  if (g_test_subprocess ())
    {
      g_auto(GStrv) words = g_strsplit (command->name, " ", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) args = NULL;

      g_strv_builder_addv (builder, (const char **) words);
      g_strv_builder_add (builder, "--help");
      args = g_strv_builder_end (builder);
      child_run (&program, (const char **) args);
    }

  g_string_append_printf (pattern, "%s*%s*--db=PATH*", command->name, command->summary);
  for (guint i = 0; command->entries != NULL && command->entries[i].long_name != NULL; i++)
    g_string_append_printf (pattern, "--%s*%s*", command->entries[i].long_name,
                            command->entries[i].description);
  g_string_append (pattern, "exit code 0\n");

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
  g_test_trap_assert_stdout_unmatched ("*ran *");
  g_test_trap_assert_stdout (pattern->str);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/cli/command/options-reach-the-handler", test_options_reach_handler);
  g_test_add_func ("/kiosk/cli/command/options-not-given-are-unset", test_unset_options);
  g_test_add_func ("/kiosk/cli/command/negative-integer", test_negative_integer);
  g_test_add_func ("/kiosk/cli/command/two-word-command", test_two_word_command);
  g_test_add_func ("/kiosk/cli/command/positional-arguments", test_positional_arguments);
  g_test_add_func ("/kiosk/cli/command/common-options-before-the-command",
                   test_common_options_before_command);
  g_test_add_func ("/kiosk/cli/command/default-command", test_default_command);
  for (guint i = 0; i < G_N_ELEMENTS (usage_cases); i++)
    g_test_add_data_func (usage_cases[i].path, &usage_cases[i], test_usage_error);
  g_test_add_func ("/kiosk/cli/help/program", test_program_help);
  g_test_add_func ("/kiosk/cli/help/program-short", test_program_help_short);
  for (guint i = 0; commands[i].name != NULL; i++)
    {
      g_autofree char *name = g_strdelimit (g_strdup (commands[i].name), " ", '-');
      g_autofree char *path = g_strdup_printf ("/kiosk/cli/help/command/%s", name);

      g_test_add_data_func (path, &commands[i], test_command_help);
    }

  return g_test_run ();
}
