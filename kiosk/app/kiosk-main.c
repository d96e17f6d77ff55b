/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk: the self-service kiosk program. See kiosk-application.c. */
#define G_LOG_DOMAIN "kiosk"

#include "config.h"

#include <gtk/gtk.h>

#include "kiosk-application.h"
#include "kiosk-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KioskApplication) app = NULL;
  int status;

  /* The kiosk chooses its locale itself (kiosk-i18n.c): GTK must not reset it. */
  gtk_disable_setlocale ();
  kiosk_i18n_init ();

  app = kiosk_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  if (status == 0)
    status = kiosk_application_get_exit_status (app);
  return status;
}
