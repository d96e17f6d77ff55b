/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The command line of the operations tools (kiosk-admin, kiosk-central, kiosk-sync): a table
 * of commands, each with its options, parsed with GOptionContext; --help for the program and
 * for each command; one set of exit codes and messages. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes every tool shares; a tool adds its own between them (kiosk-admin's 1: the check
 * found problems; kiosk-sync's 1, 3, 4, 5). */
enum
{
  KIOSK_CLI_EXIT_OK = 0,
  KIOSK_CLI_EXIT_USAGE = 2,  /* also: the command failed */
};

typedef struct _KioskCli KioskCli;

/* Runs a command once its options are parsed: `argv[0]` is the command's name, then its
 * positional arguments (`argc` - 1 of them, at most as many as the command's `args`). Returns the
 * exit code. */
typedef int (*KioskCliFunc) (KioskCli *cli,
                             int       argc,
                             char    **argv);

typedef struct
{
  const char         *name;      /* one word, or two ("attendant add") */
  const char         *summary;   /* one sentence, for --help */
  const GOptionEntry *entries;   /* its own options, NULL-terminated, or NULL */
  KioskCliFunc        run;
  const char         *args;      /* its positional arguments for --help, one word each
                                  * ("[FILE]"): it takes that many at most; NULL: none */
} KioskCliCommand;

/* A program. Option entries give names, types and help text; their `arg_data` is unused (as
 * in g_application_add_main_option_entries ()): a command reads the values with
 * kiosk_cli_get_* (). Supported types: NONE, INT, STRING, FILENAME, STRING_ARRAY and
 * FILENAME_ARRAY. */
typedef struct
{
  const char            *name;             /* for messages: "kiosk-admin" */
  const char            *summary;          /* what the program is for, one sentence */
  const char            *description;      /* after the commands in --help, or NULL */
  const GOptionEntry    *common;           /* options every command takes, or NULL */
  const char * const    *required;         /* long names of common string or filename
                                            * options every command needs, or NULL */
  const char            *default_command;  /* run when the first argument is an option */
  const KioskCliCommand *commands;         /* ends with an entry whose name is NULL */
} KioskCliProgram;

/* Finds the command in `argv` (its first argument that is not an option, or two when the
 * table has that pair), parses the common options and the command's, and runs it.
 * `PROGRAM --help` and `PROGRAM COMMAND --help` print help on stdout and return
 * KIOSK_CLI_EXIT_OK; an unknown command, an unknown or malformed option, a missing required
 * option or an extra argument is said on stderr and returns KIOSK_CLI_EXIT_USAGE. */
int                 kiosk_cli_run          (const KioskCliProgram *program,
                                            int                    argc,
                                            char                 **argv);

/* The values of the running command's options, owned by `cli`. */
const char         *kiosk_cli_get_string   (KioskCli   *cli,
                                            const char *name);
const char * const *kiosk_cli_get_strv     (KioskCli   *cli,
                                            const char *name);
gboolean            kiosk_cli_get_flag     (KioskCli   *cli,
                                            const char *name);
/* `unset` when the option was not given. */
int                 kiosk_cli_get_int      (KioskCli   *cli,
                                            const char *name,
                                            int         unset);

G_END_DECLS
