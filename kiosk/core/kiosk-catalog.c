/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reference-data lists for the screens. */
#define G_LOG_DOMAIN "kiosk-catalog"

#include "config.h"

#include "kiosk-catalog.h"

#include "kiosk-store-private.h"

void
kiosk_catalog_item_free (KioskCatalogItem *item)
{
  if (item == NULL)
    return;
  g_free (item->code);
  g_free (item->parent);
  g_free (item->name_ar);
  g_free (item->name_en);
  g_free (item->extra);
  g_free (item);
}

/* Every query selects code, parent, name_ar, name_en, extra in that order; ?1 is optional. */
static GPtrArray *
list (KioskStore *store,
      const char *sql,
      const char *param,
      GError    **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (
    (GDestroyNotify) kiosk_catalog_item_free);
  sqlite3_stmt *stmt = kiosk_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (param != NULL)
    kiosk_bind_text (stmt, 1, param);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KioskCatalogItem *item = g_new0 (KioskCatalogItem, 1);

      item->code = kiosk_column_dup_text (stmt, 0);
      item->parent = kiosk_column_dup_text (stmt, 1);
      item->name_ar = kiosk_column_dup_text (stmt, 2);
      item->name_en = kiosk_column_dup_text (stmt, 3);
      item->extra = kiosk_column_dup_text (stmt, 4);
      g_ptr_array_add (items, item);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      kiosk_store_fail (store, rc, "read reference data", error);
      return NULL;
    }
  return g_steal_pointer (&items);
}

GPtrArray *
kiosk_catalog_list_services (KioskStore *store,
                             GError    **error)
{
  return list (store,
               "SELECT code, group_code, name_ar, name_en, icon FROM service_catalog"
               " WHERE enabled = 1 ORDER BY CASE group_code WHEN 'reports' THEN 0"
               " WHEN 'licences' THEN 1 WHEN 'payments' THEN 2 ELSE 3 END, sort_order, code",
               NULL, error);
}

GPtrArray *
kiosk_catalog_list_categories (KioskStore *store,
                               GError    **error)
{
  return list (store,
               "SELECT c.code, c.group_code, c.name_ar, c.name_en, c.priority"
               " FROM report_categories c JOIN category_groups g ON g.code = c.group_code"
               " WHERE c.active = 1 ORDER BY g.sort_order, c.sort_order, c.code",
               NULL, error);
}

GPtrArray *
kiosk_catalog_list_wilayats (KioskStore *store,
                             GError    **error)
{
  return list (store,
               "SELECT code, NULL, name_ar, name_en, NULL FROM wilayats"
               " ORDER BY sort_order, code",
               NULL, error);
}

GPtrArray *
kiosk_catalog_list_areas (KioskStore *store,
                          const char *wilayat_code,
                          GError    **error)
{
  return list (store,
               "SELECT code, wilayat_code, name_ar, name_en, NULL FROM areas"
               " WHERE wilayat_code = ?1 ORDER BY sort_order, code",
               wilayat_code, error);
}

GPtrArray *
kiosk_catalog_list_zones (KioskStore *store,
                          GError    **error)
{
  return list (store,
               "SELECT code, wilayat_code, name_ar, name_en, NULL FROM parking_zones"
               " ORDER BY code",
               NULL, error);
}
