/* `kiosk-admin print`: see kiosk-admin-print.c. */
#pragma once

int kiosk_admin_print (int    argc,
                       char **argv);
