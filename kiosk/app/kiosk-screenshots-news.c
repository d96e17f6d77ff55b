/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tour's scenes of the news and the services guide. */
#define G_LOG_DOMAIN "kiosk-screenshots"

#include "config.h"

#include "kiosk-screenshots-news.h"

#include <json-glib/json-glib.h>

#include "kiosk-announcements.h"
#include "kiosk-guide-page.h"
#include "kiosk-news-page.h"
#include "kiosk-photos.h"
#include "kiosk-pull.h"

/* The demo announcement that gets a picture. */
#define PICTURED "muttrah_corniche"

/* A drawn stand-in for a project photo (the demo seed has none): sky, the mountains, the
 * sea and a corniche with its lamps, 1280×720 as the page shows it at most. */
static GBytes *
draw_picture (void)
{
  const int width = 1280, height = 720;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  cairo_pattern_t *sky = cairo_pattern_create_linear (0, 0, 0, 380);
  char *buffer = NULL;
  gsize length = 0;

  cairo_pattern_add_color_stop_rgb (sky, 0, 0.53, 0.75, 0.90);
  cairo_pattern_add_color_stop_rgb (sky, 1, 0.93, 0.91, 0.84);
  cairo_set_source (cr, sky);
  cairo_paint (cr);
  cairo_pattern_destroy (sky);

  cairo_set_source_rgb (cr, 0.55, 0.45, 0.36);          /* the Hajar mountains */
  cairo_move_to (cr, 0, 400);
  for (int x = 0; x <= width; x += 80)
    cairo_line_to (cr, x, 230 + 70 * ((x / 80) % 3) + 25 * ((x / 160) % 2));
  cairo_line_to (cr, width, 400);
  cairo_close_path (cr);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, 0.05, 0.42, 0.48);          /* the sea */
  cairo_rectangle (cr, 0, 400, width, 140);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.87, 0.82, 0.70);          /* the walkway */
  cairo_rectangle (cr, 0, 540, width, 180);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.70, 0.62, 0.48);
  cairo_rectangle (cr, 0, 540, width, 10);
  cairo_fill (cr);

  for (int x = 60; x < width; x += 200)                 /* lamps and shades */
    {
      cairo_set_source_rgb (cr, 0.15, 0.22, 0.25);
      cairo_rectangle (cr, x, 430, 8, 120);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.98, 0.85, 0.45);
      cairo_arc (cr, x + 4, 428, 12, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.78, 0.63, 0.32);
      cairo_move_to (cr, x + 60, 600);
      cairo_line_to (cr, x + 140, 600);
      cairo_line_to (cr, x + 100, 570);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  cairo_destroy (cr);

  pixbuf = gdk_pixbuf_get_from_surface (surface, 0, 0, width, height);
  cairo_surface_destroy (surface);
  if (pixbuf == NULL ||
      !gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, "jpeg", &error, "quality", "85",
                                  NULL))
    {
      g_message ("screenshots: no picture: %s", error != NULL ? error->message : "no pixbuf");
      return NULL;
    }
  return g_bytes_new_take (buffer, length);
}

/* The demo announcement with a picture, the way a kiosk gets it: the feed names the picture,
 * the agent stores the bytes. */
static void
give_picture (KioskStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskAnnouncement) announcement = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  announcement = kiosk_announcements_get (store, PICTURED, kiosk_store_now (store), &error);
  if (announcement == NULL || announcement->picture_path != NULL ||
      (jpeg = draw_picture ()) == NULL)
    return;
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, jpeg);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "reset");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "has_more");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "next_cursor");
  json_builder_add_string_value (builder, "screenshots:1");
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dataset");
  json_builder_add_string_value (builder, "announcements");
  json_builder_set_member_name (builder, "op");
  json_builder_add_string_value (builder, "upsert");
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, announcement->id);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
#define TEXT(name) \
  json_builder_set_member_name (builder, #name); \
  json_builder_add_string_value (builder, announcement->name);
  TEXT (id);
  TEXT (category);
  TEXT (title_ar);
  TEXT (title_en);
  TEXT (body_ar);
  TEXT (body_en);
#undef TEXT
  json_builder_set_member_name (builder, "picture_sha256");
  json_builder_add_string_value (builder, sha256);
  json_builder_set_member_name (builder, "publish_at");
  json_builder_add_int_value (builder, announcement->publish_at);
  json_builder_set_member_name (builder, "expires_at");
  if (announcement->expires_at > 0)
    json_builder_add_int_value (builder, announcement->expires_at);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "priority");
  json_builder_add_int_value (builder, announcement->priority);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);

  if (!kiosk_pull_apply_page (store, json, -1, NULL, &error) ||
      !kiosk_photos_store_picture (store, sha256, jpeg, &error))
    g_message ("screenshots: no picture: %s", error->message);
}

static KioskPage *
open_page (KioskWindow *window,
           const char  *code)
{
  KioskPage *page = kiosk_window_get_page (window);

  if (g_strcmp0 (kiosk_window_get_page_name (window), code) != 0)
    {
      kiosk_window_open_service (window, code);
      page = kiosk_window_get_page (window);
    }
  return page;
}

void
kiosk_screenshots_news_prepare (KioskWindow *window,
                                const char  *language,
                                const char  *page)
{
  gboolean arabic = g_str_equal (language, "ar");
  KioskPage *shown;

  g_return_if_fail (KIOSK_IS_WINDOW (window));

  if (g_str_equal (page, "attract-news"))
    {
      give_picture (kiosk_window_get_store (window));
      kiosk_window_end_session (window);
      return;
    }
  if (g_strcmp0 (kiosk_window_get_page_name (window), "attract") == 0)
    kiosk_window_start_session (window, language);

  if (g_str_has_prefix (page, "news-"))
    {
      shown = open_page (window, KIOSK_NEWS_PAGE_CODE);
      if (g_str_equal (page, "news-detail") && KIOSK_IS_NEWS_PAGE (shown))
        kiosk_news_page_open (KIOSK_NEWS_PAGE (shown), PICTURED);
      return;
    }

  shown = open_page (window, KIOSK_GUIDE_PAGE_CODE);
  if (!KIOSK_IS_GUIDE_PAGE (shown))
    return;
  if (g_str_equal (page, "guide-search-keyboard"))
    /* As people type it: no hamza, ه for ة. */
    kiosk_guide_page_search (KIOSK_GUIDE_PAGE (shown), arabic ? "رخصه بناء" : "building permit");
  else if (g_str_equal (page, "guide-no-result"))
    kiosk_guide_page_search (KIOSK_GUIDE_PAGE (shown), arabic ? "تأشيرة سفر" : "travel visa");
  else if (g_str_equal (page, "guide-detail-kiosk"))
    {
      kiosk_guide_page_search (KIOSK_GUIDE_PAGE (shown), "");
      gtk_window_set_focus (GTK_WINDOW (window), NULL);
      gtk_widget_activate_action (GTK_WIDGET (shown), "guide.open", "s", "parking_fines");
    }
  else if (g_str_equal (page, "guide-detail-office"))
    gtk_widget_activate_action (GTK_WIDGET (shown), "guide.open", "s", "health_card");
}
