/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the console tests share (the C test and the browser test's helper program): a kiosk
 * store where a report with photos is filed through the core API, the real kiosk-central with
 * the demo reference data and two staff accounts, and the real agent that sends the report
 * and later pulls its status back for the kiosk's tracking. */
#pragma once

#include "kiosk-tracking.h"
#include "sync-test-util.h"

G_BEGIN_DECLS

#define CONSOLE_SUPERVISOR          "amina"
#define CONSOLE_SUPERVISOR_PASSWORD "correct horse battery"
#define CONSOLE_OFFICER             "badr"
#define CONSOLE_OFFICER_PASSWORD    "staple tongue elephant"
#define CONSOLE_KIOSK               "CON01"

typedef struct
{
  char       *dir;
  char       *kiosk_db;
  char       *server_db;
  char       *config;
  SyncServer *server;
  char       *report_uuid;
  char       *reference;
  GPtrArray  *photos;       /* the report's photos' SHA-256, as filed */
  GPtrArray  *photo_bytes;  /* GBytes of each, as the camera gave them */
} ConsoleFixture;

/* Everything up to the report accepted by the server. */
ConsoleFixture    *console_fixture_new   (void);
/* Runs the agent once more (a pull) and returns the kiosk's tracking of the report. */
KioskReportStatus *console_fixture_track (ConsoleFixture *fixture);
void               console_fixture_free  (ConsoleFixture *fixture);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConsoleFixture, console_fixture_free)

G_END_DECLS
