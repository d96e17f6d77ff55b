/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "News and projects" page: the municipality's current announcements (news, projects,
 * new services) from the local store, priority then newest first, each opening to its
 * picture and text. What is shown is what is current by the kiosk's clock: the page
 * refreshes itself the moment one is published or expires, online or not. */
#pragma once

#include "kiosk-flow.h"

G_BEGIN_DECLS

/* What win.open-service opens it with; no catalogue entry, every kiosk has it. */
#define KIOSK_NEWS_PAGE_CODE "news"

#define KIOSK_TYPE_NEWS_PAGE (kiosk_news_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskNewsPage, kiosk_news_page, KIOSK, NEWS_PAGE, KioskFlow)

/* The announcements listed now: KioskNewsItem, in the order shown. */
GListModel *kiosk_news_page_get_items (KioskNewsPage *self);

/* Opens the detail of announcement `id` (as a tap on its row does); FALSE when it is not
 * listed. */
gboolean    kiosk_news_page_open      (KioskNewsPage *self,
                                       const char    *id);
/* The id of the announcement whose detail shows, or NULL on the list. */
const char *kiosk_news_page_get_shown (KioskNewsPage *self);

G_END_DECLS
