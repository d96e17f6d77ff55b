/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk program: command-line options, configuration, the store, the style sheet and the
 * window. One per process. */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_APPLICATION (kiosk_application_get_type ())

G_DECLARE_FINAL_TYPE (KioskApplication, kiosk_application, KIOSK, APPLICATION, GtkApplication)

KioskApplication *kiosk_application_new             (void);

/* What main () returns after g_application_run (): non-zero when --screenshot failed. */
int               kiosk_application_get_exit_status (KioskApplication *self);

/* Opens the kiosk's database as the kiosk does at start: the file must exist (the kiosk
 * never creates one) and carry an identity (set by `kiosk-admin init`). */
KioskStore       *kiosk_application_open_store      (const char       *path,
                                                     GError          **error);

/* For --screenshots and tests: a new database in a new temporary folder, with the identity
 * DEMO01 and the demo reference data. `out_dir` is the folder, for
 * kiosk_application_remove_demo_dir (). */
KioskStore       *kiosk_application_open_demo_store (char            **out_dir,
                                                     GError          **error);
void              kiosk_application_remove_demo_dir (const char       *dir);

/* Adds the kiosk's fontconfig setting (once per process) and its icons to `display`. */
void              kiosk_application_install_fonts_and_icons (GdkDisplay *display);

/* Adds the kiosk's style sheet (assets/ui/kiosk.css, from the resources) to `display`. */
void              kiosk_application_install_style   (GdkDisplay       *display);

G_END_DECLS
