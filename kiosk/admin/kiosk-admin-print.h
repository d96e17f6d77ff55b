/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `kiosk-admin print`: see kiosk-admin-print.c. */
#pragma once

#include "kiosk-cli.h"

/* Its options and the command, for kiosk-admin's command table. */
extern const GOptionEntry kiosk_admin_print_entries[];

int kiosk_admin_print (KioskCli  *cli,
                       int        argc,
                       char     **argv);
