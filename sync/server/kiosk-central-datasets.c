/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The feed's datasets and their keys. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-datasets.h"

const KioskCentralDataset kiosk_central_datasets[] = {
  { "wilayats",          { "code", NULL }, TRUE },
  { "areas",             { "code", NULL } },
  { "category_groups",   { "code", NULL }, TRUE },
  { "report_categories", { "code", NULL } },
  { "service_catalog",   { "code", NULL }, TRUE },
  { "parking_zones",     { "code", NULL } },
  { "fees",              { "service", "variant", "period_months", NULL } },
  { "licences",          { "number", NULL } },
  { "vehicle_permits",   { "number", NULL } },
  { "fines",             { "number", NULL } },
  { "signing_keys",      { "key_id", NULL } },
  { "service_guide_categories", { "code", NULL }, TRUE },
  { "service_guide",     { "id", NULL } },
  { "announcements",     { "id", NULL } },
  { KIOSK_CENTRAL_REPORT_STATUS, { "uuid", NULL }, TRUE },
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

const char *
kiosk_central_datasets_every_change_sql (void)
{
  static gsize list = 0;   /* the text, once made */

  if (g_once_init_enter (&list))
    {
      GString *out = g_string_new (NULL);

      for (guint i = 0; i < kiosk_central_n_datasets; i++)
        if (kiosk_central_datasets[i].every_change)
          g_string_append_printf (out, "%s'%s'", out->len ? "," : "",
                                  kiosk_central_datasets[i].name);
      g_once_init_leave (&list, (gsize) g_string_free (out, FALSE));
    }
  return (const char *) list;
}
