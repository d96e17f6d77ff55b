/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskNewsItem: one current announcement in the news page's list model, and its picture
 * decoded once, at most screen-sized, for the row and the detail to share. */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-announcements.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_NEWS_ITEM (kiosk_news_item_get_type ())

G_DECLARE_FINAL_TYPE (KioskNewsItem, kiosk_news_item, KIOSK, NEWS_ITEM, GObject)

/* A picture is shown at most this size (it is scaled down to fit, never up). */
#define KIOSK_NEWS_PICTURE_MAX_WIDTH  1280
#define KIOSK_NEWS_PICTURE_MAX_HEIGHT 720

/* Takes `announcement`. */
KioskNewsItem           *kiosk_news_item_new              (KioskAnnouncement *announcement);
const KioskAnnouncement *kiosk_news_item_get_announcement (KioskNewsItem     *self);
const char              *kiosk_news_item_get_id           (KioskNewsItem     *self);

/* The picture, or NULL when the announcement has none, the sync agent has not fetched it
 * yet, or it cannot be shown (not a picture, or declaring more than 40 megapixels: one
 * file must not take the kiosk's memory). Decoded on first use. */
GdkPaintable            *kiosk_news_item_get_picture      (KioskNewsItem     *self);

/* "News", "Project" or "New service" in the current language. */
const char              *kiosk_news_item_category_name    (const char        *category);

G_END_DECLS
