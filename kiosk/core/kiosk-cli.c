/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The operations tools' command line: finds the command in the table, parses its options with
 * GOptionContext into storage this file owns (the tools read it by option name, as a
 * GApplication's handlers do), prints help and usage errors, and returns the exit code. */
#define G_LOG_DOMAIN "kiosk-cli"

#include "config.h"

#include "kiosk-cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Where GOption writes one option's value. */
typedef struct
{
  const GOptionEntry *entry;
  gboolean            given;  /* INT only: an int given as 0 is still given */
  union
  {
    gboolean  flag;
    int       number;
    char     *string;
    char    **strv;
  } value;
} Slot;

struct _KioskCli
{
  const KioskCliProgram *program;
  const KioskCliCommand *command;
  GArray                *slots;    /* of Slot; never reallocated once entries point into it */
  gboolean               help;
};

static const GOptionEntry help_entry[] = {
  { "help", 'h', 0, G_OPTION_ARG_NONE, NULL, "Show this help", NULL },
  G_OPTION_ENTRY_NULL,
};

static Slot *
find_slot (KioskCli   *cli,
           const char *name)
{
  for (guint i = 0; i < cli->slots->len; i++)
    {
      Slot *slot = &g_array_index (cli->slots, Slot, i);

      if (g_str_equal (slot->entry->long_name, name))
        return slot;
    }
  return NULL;
}

/* GOption cannot say whether an int option was given, so ints arrive here as strings, parsed
 * as GOption parses them. */
static gboolean
parse_int_cb (const char *option_name,
              const char *value,
              gpointer    user_data,
              GError    **error)
{
  KioskCli *cli = user_data;
  Slot *slot = NULL;
  char *end = NULL;
  gint64 number;

  for (guint i = 0; i < cli->slots->len && slot == NULL; i++)
    {
      Slot *candidate = &g_array_index (cli->slots, Slot, i);
      const GOptionEntry *entry = candidate->entry;

      if (entry->arg == G_OPTION_ARG_INT &&
          ((g_str_has_prefix (option_name, "--") &&
            g_str_equal (option_name + 2, entry->long_name)) ||
           (option_name[0] == '-' && option_name[1] == entry->short_name &&
            option_name[2] == '\0')))
        slot = candidate;
    }
  g_return_val_if_fail (slot != NULL, FALSE);

  errno = 0;
  number = g_ascii_strtoll (value, &end, 0);
  if (*value == '\0' || *end != '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "cannot parse integer value \"%s\" for %s", value, option_name);
      return FALSE;
    }
  if (errno == ERANGE || number < G_MININT || number > G_MAXINT)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "integer value \"%s\" for %s out of range", value, option_name);
      return FALSE;
    }
  slot->value.number = (int) number;
  slot->given = TRUE;
  return TRUE;
}

static void
add_slots (KioskCli           *cli,
           const GOptionEntry *entries)
{
  for (guint i = 0; entries != NULL && entries[i].long_name != NULL; i++)
    {
      Slot slot = { &entries[i], FALSE, { 0 } };

      g_return_if_fail (entries[i].arg_data == NULL);
      g_array_append_val (cli->slots, slot);
    }
}

/* One context with the help entry, the common options and the command's (when there is
 * one), bound to `cli`'s slots. */
static GOptionContext *
new_context (KioskCli   *cli,
             const char *parameter)
{
  GOptionContext *context = g_option_context_new (parameter);
  GOptionGroup *group = g_option_group_new (NULL, NULL, NULL, cli, NULL);
  g_autofree GOptionEntry *bound = g_new0 (GOptionEntry, cli->slots->len + 1);

  for (guint i = 0; i < cli->slots->len; i++)
    {
      Slot *slot = &g_array_index (cli->slots, Slot, i);

      bound[i] = *slot->entry;
      switch (slot->entry->arg)
        {
        case G_OPTION_ARG_NONE:
          bound[i].arg_data = &slot->value.flag;
          break;
        case G_OPTION_ARG_INT:
          bound[i].arg = G_OPTION_ARG_CALLBACK;
          bound[i].arg_data = (gpointer) parse_int_cb;
          break;
        case G_OPTION_ARG_STRING:
        case G_OPTION_ARG_FILENAME:
          bound[i].arg_data = &slot->value.string;
          break;
        case G_OPTION_ARG_STRING_ARRAY:
        case G_OPTION_ARG_FILENAME_ARRAY:
          bound[i].arg_data = &slot->value.strv;
          break;
        case G_OPTION_ARG_CALLBACK:
        case G_OPTION_ARG_DOUBLE:
        case G_OPTION_ARG_INT64:
        default:
          g_critical ("option --%s: type %d is not supported", slot->entry->long_name,
                      slot->entry->arg);
          break;
        }
    }
  g_option_group_add_entries (group, bound);
  g_option_context_set_main_group (context, group);
  /* Our own --help: GOption's would exit () from inside the parse. */
  g_option_context_set_help_enabled (context, FALSE);
  return context;
}

static KioskCli *
kiosk_cli_new (const KioskCliProgram *program,
               const KioskCliCommand *command)
{
  KioskCli *cli = g_new0 (KioskCli, 1);

  cli->program = program;
  cli->command = command;
  cli->slots = g_array_new (FALSE, TRUE, sizeof (Slot));
  add_slots (cli, help_entry);
  add_slots (cli, program->common);
  if (command != NULL)
    add_slots (cli, command->entries);
  return cli;
}

static void
kiosk_cli_free (KioskCli *cli)
{
  for (guint i = 0; i < cli->slots->len; i++)
    {
      Slot *slot = &g_array_index (cli->slots, Slot, i);

      switch (slot->entry->arg)
        {
        case G_OPTION_ARG_STRING:
        case G_OPTION_ARG_FILENAME:
          g_free (slot->value.string);
          break;
        case G_OPTION_ARG_STRING_ARRAY:
        case G_OPTION_ARG_FILENAME_ARRAY:
          g_strfreev (slot->value.strv);
          break;
        default:
          break;
        }
    }
  g_array_unref (cli->slots);
  g_free (cli);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCli, kiosk_cli_free)

static Slot *
get_slot (KioskCli   *cli,
          const char *name,
          GOptionArg  arg,
          GOptionArg  other_arg)
{
  Slot *slot;

  g_return_val_if_fail (cli != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  slot = find_slot (cli, name);
  if (slot == NULL || (slot->entry->arg != arg && slot->entry->arg != other_arg))
    {
      g_critical ("%s %s has no option --%s of that type", cli->program->name,
                  cli->command ? cli->command->name : "", name);
      return NULL;
    }
  return slot;
}

const char *
kiosk_cli_get_string (KioskCli   *cli,
                      const char *name)
{
  Slot *slot = get_slot (cli, name, G_OPTION_ARG_STRING, G_OPTION_ARG_FILENAME);

  return slot ? slot->value.string : NULL;
}

const char * const *
kiosk_cli_get_strv (KioskCli   *cli,
                    const char *name)
{
  Slot *slot = get_slot (cli, name, G_OPTION_ARG_STRING_ARRAY, G_OPTION_ARG_FILENAME_ARRAY);

  return slot ? (const char * const *) slot->value.strv : NULL;
}

gboolean
kiosk_cli_get_flag (KioskCli   *cli,
                    const char *name)
{
  Slot *slot = get_slot (cli, name, G_OPTION_ARG_NONE, G_OPTION_ARG_NONE);

  return slot ? slot->value.flag : FALSE;
}

int
kiosk_cli_get_int (KioskCli   *cli,
                   const char *name,
                   int         unset)
{
  Slot *slot = get_slot (cli, name, G_OPTION_ARG_INT, G_OPTION_ARG_INT);

  return slot && slot->given ? slot->value.number : unset;
}

/* Help and usage -------------------------------------------------------------------------- */

static gboolean
is_help (const char *arg)
{
  return g_str_equal (arg, "--help") || g_str_equal (arg, "-h");
}

static void
print_command_names (const KioskCliProgram *program,
                     FILE                  *out)
{
  for (guint i = 0; program->commands[i].name != NULL; i++)
    fprintf (out, "%s%s", i > 0 ? ", " : "", program->commands[i].name);
}

/* Where a command was expected and none (or no known one) came. */
static int
usage_error (const KioskCliProgram *program,
             const char            *unknown)
{
  if (unknown != NULL)
    fprintf (stderr, "%s: unknown command \"%s\"\n", program->name, unknown);
  fprintf (stderr, "usage: %s COMMAND [OPTIONS]\ncommands: ", program->name);
  print_command_names (program, stderr);
  fprintf (stderr, "\n`%s --help` says more.\n", program->name);
  return KIOSK_CLI_EXIT_USAGE;
}

static int
program_help (const KioskCliProgram *program)
{
  g_autoptr(KioskCli) cli = kiosk_cli_new (program, NULL);
  g_autoptr(GOptionContext) context = new_context (cli, "COMMAND");
  g_autoptr(GString) description = g_string_new ("Commands:\n");
  g_autofree char *help = NULL;
  int width = 0;

  for (guint i = 0; program->commands[i].name != NULL; i++)
    width = MAX (width, (int) strlen (program->commands[i].name));
  for (guint i = 0; program->commands[i].name != NULL; i++)
    g_string_append_printf (description, "  %-*s  %s\n", width, program->commands[i].name,
                            program->commands[i].summary);
  if (program->description != NULL)
    g_string_append_printf (description, "\n%s", program->description);
  g_string_append_printf (description, "\n`%s COMMAND --help` says more about a command.\n",
                          program->name);

  g_option_context_set_summary (context, program->summary);
  g_option_context_set_description (context, description->str);
  help = g_option_context_get_help (context, TRUE, NULL);
  fputs (help, stdout);
  return KIOSK_CLI_EXIT_OK;
}

/* Finding the command --------------------------------------------------------------------- */

static const KioskCliCommand *
lookup_command (const KioskCliProgram *program,
                const char            *name)
{
  for (guint i = 0; program->commands[i].name != NULL; i++)
    if (g_str_equal (program->commands[i].name, name))
      return &program->commands[i];
  return NULL;
}

/* Whether `arg` is a common option whose value is the next argument. */
static gboolean
takes_next (const KioskCliProgram *program,
            const char            *arg)
{
  for (guint i = 0; program->common != NULL && program->common[i].long_name != NULL; i++)
    {
      const GOptionEntry *entry = &program->common[i];

      if (entry->arg != G_OPTION_ARG_NONE &&
          ((g_str_has_prefix (arg, "--") && g_str_equal (arg + 2, entry->long_name)) ||
           (arg[0] == '-' && arg[1] == entry->short_name && arg[2] == '\0')))
        return TRUE;
    }
  return FALSE;
}

/* The index of the first argument that is not an option (common options may come before
 * it), or -1. */
static int
find_command_word (const KioskCliProgram *program,
                   int                    argc,
                   char                 **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        return i + 1 < argc ? i + 1 : -1;
      if (argv[i][0] != '-' || argv[i][1] == '\0')
        return i;
      if (takes_next (program, argv[i]))
        i++;
    }
  return -1;
}

/* Running a command ----------------------------------------------------------------------- */

static char *
parameter_string (const KioskCliProgram *program,
                  const KioskCliCommand *command)
{
  GString *parameter = g_string_new (command->name);

  for (guint i = 0; program->required != NULL && program->required[i] != NULL; i++)
    for (guint j = 0; program->common != NULL && program->common[j].long_name != NULL; j++)
      if (g_str_equal (program->common[j].long_name, program->required[i]))
        g_string_append_printf (parameter, " --%s %s", program->common[j].long_name,
                                program->common[j].arg_description);
  if (command->args != NULL)
    g_string_append_printf (parameter, " %s", command->args);
  return g_string_free (parameter, FALSE);
}

static guint
max_args (const KioskCliCommand *command)
{
  g_auto(GStrv) words = NULL;

  if (command->args == NULL)
    return 0;
  words = g_strsplit_set (command->args, " ", -1);
  /* "UUID…": as many as are given. */
  if (g_str_has_suffix (command->args, "…"))
    return G_MAXINT - 1;
  return g_strv_length (words);
}

static int
run_command (const KioskCliProgram *program,
             const KioskCliCommand *command,
             int                    argc,
             char                 **argv)
{
  g_autoptr(KioskCli) cli = kiosk_cli_new (program, command);
  g_autofree char *parameter = parameter_string (program, command);
  g_autoptr(GOptionContext) context = new_context (cli, parameter);
  g_autoptr(GError) error = NULL;
  guint n_args = max_args (command);

  g_option_context_set_summary (context, command->summary);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s %s: %s\n", program->name, command->name, error->message);
      return KIOSK_CLI_EXIT_USAGE;
    }
  if (kiosk_cli_get_flag (cli, "help"))
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      fputs (help, stdout);
      return KIOSK_CLI_EXIT_OK;
    }
  if ((guint) argc > 1 + n_args)
    {
      g_printerr ("%s %s: unexpected argument \"%s\"\n", program->name, command->name,
                  argv[1 + n_args]);
      return KIOSK_CLI_EXIT_USAGE;
    }
  for (guint i = 0; program->required != NULL && program->required[i] != NULL; i++)
    {
      Slot *slot = find_slot (cli, program->required[i]);

      g_return_val_if_fail (slot != NULL, KIOSK_CLI_EXIT_USAGE);
      if (slot->value.string == NULL)
        {
          g_printerr ("%s %s: --%s %s is required\n", program->name, command->name,
                      slot->entry->long_name, slot->entry->arg_description);
          return KIOSK_CLI_EXIT_USAGE;
        }
    }

  /* The command sees its name where the program's was. */
  argv[0] = (char *) command->name;
  return command->run (cli, argc, argv);
}

int
kiosk_cli_run (const KioskCliProgram *program,
               int                    argc,
               char                 **argv)
{
  const KioskCliCommand *command = NULL;
  g_autofree char **rest = NULL;
  int word, n_words = 1, n_rest = 0;

  g_return_val_if_fail (program != NULL && program->commands != NULL, KIOSK_CLI_EXIT_USAGE);
  g_return_val_if_fail (argc >= 1 && argv != NULL, KIOSK_CLI_EXIT_USAGE);

  /* What GOption's help calls the program, when its own parse has not named it yet. */
  if (g_get_prgname () == NULL)
    g_set_prgname (program->name);

  if (argc > 1 && argv[1][0] == '-' && !is_help (argv[1]) && program->default_command != NULL)
    {
      command = lookup_command (program, program->default_command);
      g_return_val_if_fail (command != NULL, KIOSK_CLI_EXIT_USAGE);
      word = -1;
      n_words = 0;
    }
  else
    {
      word = find_command_word (program, argc, argv);
      if (word < 0)
        {
          for (int i = 1; i < argc; i++)
            if (is_help (argv[i]))
              return program_help (program);
          return usage_error (program, NULL);
        }
      if (word + 1 < argc)
        {
          g_autofree char *pair = g_strconcat (argv[word], " ", argv[word + 1], NULL);

          command = lookup_command (program, pair);
          n_words = command != NULL ? 2 : 1;
        }
      if (command == NULL)
        command = lookup_command (program, argv[word]);
      if (command == NULL)
        return usage_error (program, argv[word]);
    }

  /* The program's own argument list without the command's words, for GOption (which
   * rearranges the array but never frees the strings). */
  rest = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    if (i < word || i >= word + n_words)
      rest[n_rest++] = argv[i];
  return run_command (program, command, n_rest, rest);
}
