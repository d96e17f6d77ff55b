/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The screenshot tour's scenes of the news page, the services guide and the attract
 * screen's announcements (kiosk --screenshots): kiosk-screenshots.c's table lists them
 * ("attract-news", "news-list", "news-detail", "guide-categories", "guide-search-keyboard",
 * "guide-no-result", "guide-detail-kiosk", "guide-detail-office"); reaching them takes
 * demo data and searches that the table's steps do not express, so they live here. */
#pragma once

#include "kiosk-window.h"

G_BEGIN_DECLS

/* Puts `window` in the state of scene `page` (one of the names above; another is logged and ignored) in `language`; the
 * tour takes the picture once it has settled. The tour's demo database gets a picture for
 * one announcement, as the sync agent would fetch it. */
void kiosk_screenshots_news_prepare (KioskWindow *window,
                                     const char  *language,
                                     const char  *page);

G_END_DECLS
