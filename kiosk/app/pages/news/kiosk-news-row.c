/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An announcement's row in the news list. */
#define G_LOG_DOMAIN "kiosk-news-row"

#include "config.h"

#include "kiosk-news-row.h"

#include "kiosk-accessible.h"
#include "kiosk-i18n.h"

struct _KioskNewsRow
{
  GtkButton      parent_instance;

  KioskNewsItem *item;

  GtkPicture    *picture;
  GtkLabel      *kind_label;
  GtkLabel      *title_label;
};

G_DEFINE_FINAL_TYPE (KioskNewsRow, kiosk_news_row, GTK_TYPE_BUTTON)

static void
kiosk_news_row_dispose (GObject *object)
{
  KioskNewsRow *self = KIOSK_NEWS_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_NEWS_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (kiosk_news_row_parent_class)->dispose (object);
}

static void
kiosk_news_row_class_init (KioskNewsRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_news_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/pages/news/kiosk-news-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskNewsRow, picture);
  gtk_widget_class_bind_template_child (widget_class, KioskNewsRow, kind_label);
  gtk_widget_class_bind_template_child (widget_class, KioskNewsRow, title_label);
}

static void
kiosk_news_row_init (KioskNewsRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_news_row_new (KioskNewsItem *item)
{
  KioskNewsRow *self;
  const KioskAnnouncement *announcement;
  GdkPaintable *picture;
  g_autofree char *day = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *accessible = NULL;
  const char *title;

  g_return_val_if_fail (KIOSK_IS_NEWS_ITEM (item), NULL);

  self = g_object_new (KIOSK_TYPE_NEWS_ROW, NULL);
  self->item = g_object_ref (item);
  announcement = kiosk_news_item_get_announcement (item);
  title = kiosk_i18n_pick (announcement->title_ar, announcement->title_en);
  day = kiosk_i18n_format_time (announcement->publish_at, FALSE);
  /* The day is digits and dashes: isolated, it reads the same in an Arabic line. */
  kind = g_strdup_printf ("%s · \u2066%s\u2069",
                          kiosk_news_item_category_name (announcement->category), day);
  accessible = g_strdup_printf ("%s. %s", title, kind);

  picture = kiosk_news_item_get_picture (item);
  gtk_picture_set_paintable (self->picture, picture);
  gtk_widget_set_visible (GTK_WIDGET (self->picture), picture != NULL);
  gtk_label_set_label (self->kind_label, kind);
  gtk_label_set_label (self->title_label, title);
  gtk_widget_set_name (GTK_WIDGET (self), announcement->id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s", announcement->id);
  kiosk_accessible_set_label (GTK_WIDGET (self), accessible);
  return GTK_WIDGET (self);
}

KioskNewsItem *
kiosk_news_row_get_item (KioskNewsRow *self)
{
  g_return_val_if_fail (KIOSK_IS_NEWS_ROW (self), NULL);

  return self->item;
}
