/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskNewsRow: the button a KioskNewsItem is shown as in the news list: its picture when
 * the kiosk has it, its kind and day, and its title. A tap activates news.open with the
 * announcement's id; the row's widget name is that id. */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-news-item.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_NEWS_ROW (kiosk_news_row_get_type ())

G_DECLARE_FINAL_TYPE (KioskNewsRow, kiosk_news_row, KIOSK, NEWS_ROW, GtkButton)

/* Its texts are in the language on screen when it is made. */
GtkWidget     *kiosk_news_row_new      (KioskNewsItem *item);
KioskNewsItem *kiosk_news_row_get_item (KioskNewsRow  *self);

G_END_DECLS
