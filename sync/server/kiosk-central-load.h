/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading reference data into the central server: every row checked against the kiosk's own
 * schema (the same migrations, in an in-memory copy) before anything is written, so a bad
 * file changes nothing and a kiosk can always apply what the feed gives it. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "kiosk-central-db.h"

G_BEGIN_DECLS

/* A whole file larger than this is refused before it is read. */
#define KIOSK_CENTRAL_LOAD_MAX_BYTES (256 * 1024 * 1024)

/* `{ "<dataset>": [ {row}, ... ], ... }`; a row with "_delete": true deletes by key. Appends
 * one line per dataset loaded to `summary`. The error names the dataset, row and field. */
gboolean kiosk_central_load_file (KioskCentralDb  *db,
                                  const char      *path,
                                  GString         *summary,
                                  GError         **error);

/* What a person changed through a load (the staff console), written to staff_audit in the
 * load's own transaction. */
typedef struct
{
  const char *actor;
  const char *action;
  const char *subject;
  const char *detail;
} KioskCentralLoadAudit;

/* kiosk_central_load_file's checks and writes for rows already parsed (`input` as a file's
 * root object), with `audit` (or NULL) committed with them. */
gboolean kiosk_central_load_rows (KioskCentralDb              *db,
                                  JsonObject                  *input,
                                  const KioskCentralLoadAudit *audit,
                                  GString                     *summary,
                                  GError                     **error);

/* The kiosk's demo seed (assets/seed/demo.sql), read back table by table. */
gboolean kiosk_central_load_demo (KioskCentralDb  *db,
                                  GString         *summary,
                                  GError         **error);

G_END_DECLS
