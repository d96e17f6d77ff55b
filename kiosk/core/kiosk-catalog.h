/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading the reference data the screens list: services, report categories, wilayats and
 * areas, parking zones. One shape for all of them, named in both languages. */
#pragma once

#include <glib.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

typedef struct
{
  char *code;
  char *parent;   /* group of a service or category, wilayat of an area */
  char *name_ar;
  char *name_en;
  char *extra;    /* icon of a service, priority of a category */
} KioskCatalogItem;

void       kiosk_catalog_item_free       (KioskCatalogItem *item);

/* Each returns a GPtrArray of KioskCatalogItem in display order, or NULL with `error`. */
GPtrArray *kiosk_catalog_list_services   (KioskStore *store,
                                          GError    **error);
GPtrArray *kiosk_catalog_list_categories (KioskStore *store,
                                          GError    **error);
GPtrArray *kiosk_catalog_list_wilayats   (KioskStore *store,
                                          GError    **error);
GPtrArray *kiosk_catalog_list_areas      (KioskStore *store,
                                          const char *wilayat_code,
                                          GError    **error);
GPtrArray *kiosk_catalog_list_zones      (KioskStore *store,
                                          GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCatalogItem, kiosk_catalog_item_free)

G_END_DECLS
