/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The feed's datasets and their keys. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-datasets.h"

const KioskCentralDataset kiosk_central_datasets[] = {
  { "wilayats",          { "code", NULL } },
  { "areas",             { "code", NULL } },
  { "category_groups",   { "code", NULL } },
  { "report_categories", { "code", NULL } },
  { "service_catalog",   { "code", NULL } },
  { "parking_zones",     { "code", NULL } },
  { "fees",              { "service", "variant", "period_months", NULL } },
  { "licences",          { "number", NULL } },
  { "vehicle_permits",   { "number", NULL } },
  { "fines",             { "number", NULL } },
  { "signing_keys",      { "key_id", NULL } },
  { "service_guide_categories", { "code", NULL } },
  { "service_guide",     { "id", NULL } },
  { "announcements",     { "id", NULL } },
  { KIOSK_CENTRAL_REPORT_STATUS, { "uuid", NULL } },
};

const guint kiosk_central_n_datasets = G_N_ELEMENTS (kiosk_central_datasets);

const KioskCentralDataset *
kiosk_central_dataset_lookup (const char *name)
{
  for (guint i = 0; i < kiosk_central_n_datasets; i++)
    if (g_strcmp0 (kiosk_central_datasets[i].name, name) == 0)
      return &kiosk_central_datasets[i];
  return NULL;
}
