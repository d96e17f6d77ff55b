/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The home screen: the services of the catalogue as large tiles, grouped under headings, in
 * the visitor's language, then the tiles of the news and the services guide. */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_HOME_PAGE (kiosk_home_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskHomePage, kiosk_home_page, KIOSK, HOME_PAGE, KioskPage)

GtkWidget *kiosk_home_page_new          (void);

/* `services`: KioskCatalogItem from kiosk_catalog_list_services (), in display order; the
 * page keeps a reference. */
void       kiosk_home_page_set_services (KioskHomePage *self,
                                         GPtrArray     *services);

/* Builds the headings and tiles again in the current language. */
void       kiosk_home_page_retranslate  (KioskHomePage *self);

/* Four tiles a row instead of two. */
void       kiosk_home_page_set_landscape (KioskHomePage *self,
                                          gboolean       landscape);

G_END_DECLS
