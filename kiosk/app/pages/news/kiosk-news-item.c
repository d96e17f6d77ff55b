/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An announcement as a list item. */
#define G_LOG_DOMAIN "kiosk-news-item"

#include "config.h"

#include "kiosk-news-item.h"

#include <glib/gi18n.h>

/* A 1 MiB JPEG (the cap of the photo store) may still declare a huge canvas. */
#define MAX_DECLARED_PIXELS (40 * 1000 * 1000)

struct _KioskNewsItem
{
  GObject            parent_instance;

  KioskAnnouncement *announcement;
  GdkPaintable      *picture;
  gboolean           picture_tried;
};

G_DEFINE_FINAL_TYPE (KioskNewsItem, kiosk_news_item, G_TYPE_OBJECT)

static void
kiosk_news_item_finalize (GObject *object)
{
  KioskNewsItem *self = KIOSK_NEWS_ITEM (object);

  g_clear_pointer (&self->announcement, kiosk_announcement_free);
  g_clear_object (&self->picture);

  G_OBJECT_CLASS (kiosk_news_item_parent_class)->finalize (object);
}

static void
kiosk_news_item_class_init (KioskNewsItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_news_item_finalize;
}

static void
kiosk_news_item_init (KioskNewsItem *self)
{
}

KioskNewsItem *
kiosk_news_item_new (KioskAnnouncement *announcement)
{
  KioskNewsItem *self;

  g_return_val_if_fail (announcement != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_NEWS_ITEM, NULL);
  self->announcement = announcement;
  return self;
}

const KioskAnnouncement *
kiosk_news_item_get_announcement (KioskNewsItem *self)
{
  g_return_val_if_fail (KIOSK_IS_NEWS_ITEM (self), NULL);

  return self->announcement;
}

const char *
kiosk_news_item_get_id (KioskNewsItem *self)
{
  g_return_val_if_fail (KIOSK_IS_NEWS_ITEM (self), NULL);

  return self->announcement->id;
}

static GdkPaintable *
load_picture (const char *path)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  int width = 0, height = 0;

  if (gdk_pixbuf_get_file_info (path, &width, &height) == NULL || width <= 0 || height <= 0 ||
      (gint64) width * height > MAX_DECLARED_PIXELS)
    {
      g_message ("%s: not shown: not a picture, or %d×%d is too large", path, width, height);
      return NULL;
    }
  pixbuf = gdk_pixbuf_new_from_file_at_scale (path,
                                              MIN (width, KIOSK_NEWS_PICTURE_MAX_WIDTH),
                                              MIN (height, KIOSK_NEWS_PICTURE_MAX_HEIGHT),
                                              TRUE, &error);
  if (pixbuf == NULL)
    {
      g_message ("%s: not shown: %s", path, error->message);
      return NULL;
    }
  return GDK_PAINTABLE (gdk_texture_new_for_pixbuf (pixbuf));
}

GdkPaintable *
kiosk_news_item_get_picture (KioskNewsItem *self)
{
  g_return_val_if_fail (KIOSK_IS_NEWS_ITEM (self), NULL);

  if (!self->picture_tried && self->announcement->picture_path != NULL)
    self->picture = load_picture (self->announcement->picture_path);
  self->picture_tried = TRUE;
  return self->picture;
}

const char *
kiosk_news_item_category_name (const char *category)
{
  if (g_strcmp0 (category, "project") == 0)
    /* Translators: the kind of an announcement, over its title: one of the municipality's
     * projects (a park, a road, a drainage network). */
    return _("Project");
  if (g_strcmp0 (category, "new_service") == 0)
    /* Translators: the kind of an announcement: a service the municipality now offers. */
    return _("New service");
  /* Translators: the kind of an announcement: a piece of news. */
  return _("News");
}
