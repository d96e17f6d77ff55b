/* The screenshot tour's scenes of the news page, the services guide and the attract
 * screen's announcements (kiosk --screenshots), kept apart from kiosk-screenshots.c until
 * its scenes become one table: that file lists them with one line,
 * KIOSK_SCREENSHOTS_NEWS_SCENES (its prepare function), whose prepare function calls
 * kiosk_screenshots_news_prepare (). */
#pragma once

#include "kiosk-window.h"

G_BEGIN_DECLS

#define KIOSK_SCREENSHOTS_NEWS_SCENES(prepare) \
  { "attract-news", prepare }, \
  { "news-list", prepare }, \
  { "news-detail", prepare }, \
  { "guide-categories", prepare }, \
  { "guide-search-keyboard", prepare }, \
  { "guide-no-result", prepare }, \
  { "guide-detail-kiosk", prepare }, \
  { "guide-detail-office", prepare },

/* Puts `window` in the state of scene `page` (one of the names above) in `language`; the
 * tour takes the picture once it has settled. The tour's demo database gets a picture for
 * one announcement, as the sync agent would fetch it. */
void kiosk_screenshots_news_prepare (KioskWindow *window,
                                     const char  *language,
                                     const char  *page);

G_END_DECLS
