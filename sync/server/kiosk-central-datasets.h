/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The datasets of the changes feed: each is the kiosk table of the same name (its columns are
 * in kiosk/core/migrations), except report_status, which is per kiosk. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_CENTRAL_REPORT_STATUS "report_status"
#define KIOSK_CENTRAL_ANNOUNCEMENTS "announcements"
/* Per kiosk, not loaded: the payments of that kiosk the server refused, and why. */
#define KIOSK_CENTRAL_PAYMENT_REJECTIONS "payment_rejections"

typedef struct
{
  const char *name;
  /* The kiosk table's primary key; a change's key is these values joined by '|'. */
  const char *key_columns[4];
  /* Every change is served, in its place, never compacted (kiosk-central-changes.c): other
   * datasets' rows point at its rows (the kiosk checks those references at each page), or
   * each change is an event the kiosk keeps (a report's status history). */
  gboolean    every_change;
} KioskCentralDataset;

/* In the order a load applies them, parents before children (areas need their wilayat);
 * report_status last. */
extern const KioskCentralDataset kiosk_central_datasets[];
extern const guint               kiosk_central_n_datasets;

const KioskCentralDataset *kiosk_central_dataset_lookup (const char *name);

/* The names of the datasets that keep every change, as an SQL list ('wilayats',…), made
 * once from the table above: compile-time names, never input. */
const char *kiosk_central_datasets_every_change_sql (void);

G_END_DECLS
