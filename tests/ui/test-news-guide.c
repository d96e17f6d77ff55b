/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The news page and the services guide as a visitor meets them: announcements that reached
 * the store through the changes feed show exactly while they are current, priority then
 * newest first, and one that expires while the page is open disappears at that second with
 * no network; the guide finds a service typed on the on-screen keyboard with or without
 * hamza and taa marbuta, or in English, says a helpful sentence when nothing matches, and
 * starts the kiosk's own flow from an entry; the home tiles all show without scrolling in
 * both orientations; the attract screen shows the current announcements. */
#define G_LOG_DOMAIN "test-news-guide"

#include "config.h"

#include "kiosk-announcements.h"
#include "kiosk-attract-page.h"
#include "kiosk-guide-page.h"
#include "kiosk-i18n.h"
#include "kiosk-news-item.h"
#include "kiosk-news-page.h"
#include "kiosk-news-row.h"
#include "kiosk-photos.h"
#include "kiosk-pull.h"
#include "kiosk-service-guide.h"
#include "kiosk-service-tile.h"
#include "kiosk-ui-visitor.h"
#include "steps/kiosk-choice-item.h"

#define HOUR 3600

#define DAY (24 * HOUR)

static guint page_number;

/* One announcement as the feed sends it; `expires` 0 for none, `picture` NULL for none. */
static char *
change (const char *id,
        gint64      publish,
        gint64      expires,
        int         priority,
        const char *picture)
{
  g_autofree char *expires_json = expires ? g_strdup_printf ("%" G_GINT64_FORMAT, expires)
                                          : g_strdup ("null");
  g_autofree char *picture_json = picture ? g_strdup_printf ("\"%s\"", picture)
                                          : g_strdup ("null");

  return g_strdup_printf ("{\"dataset\":\"announcements\",\"op\":\"upsert\",\"key\":\"%s\","
                          "\"data\":{\"id\":\"%s\",\"category\":\"project\",\"title_ar\":"
                          "\"مشروع %s\",\"title_en\":\"Project %s\",\"body_ar\":\"نص المشروع "
                          "%s\",\"body_en\":\"The body of %s\",\"picture_sha256\":%s,"
                          "\"publish_at\":%" G_GINT64_FORMAT ",\"expires_at\":%s,"
                          "\"priority\":%d}}",
                          id, id, id, id, id, id, picture_json, publish, expires_json, priority);
}

/* Replaces every announcement by `changes` (NULL-terminated, each freed), as one feed page
 * that resets the dataset. */
static void
feed (KioskStore *store,
      ...)
{
  g_autoptr(GString) json = g_string_new ("{\"reset\":true,\"datasets\":[\"announcements\"],"
                                          "\"has_more\":false,\"changes\":[");
  g_autoptr(GError) error = NULL;
  gboolean first = TRUE;
  va_list args;

  va_start (args, store);
  for (char *item = va_arg (args, char *); item != NULL; item = va_arg (args, char *))
    {
      g_string_append_printf (json, "%s%s", first ? "" : ",", item);
      g_free (item);
      first = FALSE;
    }
  va_end (args);
  g_string_append_printf (json, "],\"next_cursor\":\"news-test:%u\"}", ++page_number);
  g_assert_true (kiosk_pull_apply_page (store, json->str, -1, NULL, &error));
  g_assert_no_error (error);
}

/* The ids the page lists, in order, and the rows on screen must say the same. */
static char *
listed (KioskWindow *window)
{
  KioskNewsPage *page = KIOSK_NEWS_PAGE (kiosk_window_get_page (window));
  GListModel *items = kiosk_news_page_get_items (page);
  g_autoptr(GPtrArray) rows = kiosk_ui_find_all (GTK_WIDGET (page), KIOSK_TYPE_NEWS_ROW);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_cmpuint (rows->len, ==, g_list_model_get_n_items (items));
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(KioskNewsItem) item = g_list_model_get_item (items, i);

      g_assert_cmpstr (gtk_widget_get_name (rows->pdata[i]), ==, kiosk_news_item_get_id (item));
      g_string_append_printf (out, "%s%s", i ? " " : "", kiosk_news_item_get_id (item));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_news_lists_current_in_order (KioskTestFixture *f,
                                  gconstpointer     data)
{
  KioskWindow *window;
  g_autofree char *seen = NULL;
  g_autofree char *later = NULL;

  feed (f->store,
        change ("past", f->now - 10 * DAY, f->now - DAY, 95, NULL),
        change ("older", f->now - 3 * DAY, 0, 10, NULL),
        change ("newer", f->now - 2 * DAY, f->now + DAY, 10, NULL),
        change ("urgent", f->now - 5 * DAY, f->now + 9 * DAY, 90, NULL),
        change ("scheduled", f->now + HOUR, f->now + 9 * DAY, 99, NULL),
        NULL);

  window = kiosk_ui_visitor_show_service (f->store, KIOSK_NEWS_PAGE_CODE, FALSE);
  /* Priority first, then the newest; neither the expired nor the scheduled one. */
  seen = listed (window);
  g_assert_cmpstr (seen, ==, "urgent newer older");
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "مشروع urgent"));

  /* The page follows the store: once the scheduled one is due it heads the list. */
  kiosk_ui_close_window (window);
  f->now += HOUR;
  window = kiosk_ui_visitor_show_service (f->store, KIOSK_NEWS_PAGE_CODE, FALSE);
  later = listed (window);
  g_assert_cmpstr (later, ==, "scheduled urgent newer older");

  /* A language switch says the same list in English. */
  kiosk_window_set_language (window, "en");
  kiosk_ui_wait_for_frame (window);
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "Project urgent"));
  kiosk_ui_close_window (window);
}

static GBytes *
make_jpeg (int width,
           int height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize length = 0;

  gdk_pixbuf_fill (pixbuf, 0x0b4f5cff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, "jpeg", &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, length);
}

static void
test_news_detail_shows_picture_capped (KioskTestFixture *f,
                                       gconstpointer     data)
{
  g_autoptr(GBytes) jpeg = make_jpeg (2400, 1350);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, jpeg);
  g_autoptr(GError) error = NULL;
  KioskWindow *window;
  KioskNewsPage *page;
  GtkWidget *row;
  GtkWidget *picture;
  GdkPaintable *paintable;

  feed (f->store,
        change ("corniche", f->now - DAY, 0, 50, sha256),
        change ("waiting", f->now - DAY, 0, 40, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        NULL);
  /* What the sync agent does after the pull: the picture into the photo store. */
  g_assert_true (kiosk_photos_store_picture (f->store, sha256, jpeg, &error));
  g_assert_no_error (error);

  window = kiosk_ui_visitor_show_service (f->store, KIOSK_NEWS_PAGE_CODE, FALSE);
  page = KIOSK_NEWS_PAGE (kiosk_window_get_page (window));
  row = kiosk_ui_visitor_by_name (GTK_WIDGET (page), "corniche");
  g_assert_nonnull (row);
  kiosk_ui_click (row);
  g_assert_cmpstr (kiosk_news_page_get_shown (page), ==, "corniche");
  g_assert_cmpstr (kiosk_ui_visitor_step (window), ==, "detail");
  kiosk_ui_wait_for_frame (window);
  kiosk_ui_maybe_screenshot (window, "news-detail.png");
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "مشروع corniche"));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "نص المشروع corniche"));

  /* Decoded no larger than the cap, its shape kept. */
  picture = kiosk_ui_visitor_by_id (window, "detail_picture");
  g_assert_true (gtk_widget_get_mapped (picture));
  paintable = gtk_picture_get_paintable (GTK_PICTURE (picture));
  g_assert_nonnull (paintable);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, KIOSK_NEWS_PICTURE_MAX_WIDTH);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 720);
  g_assert_cmpint (gtk_widget_get_width (picture), <=, gtk_widget_get_width (GTK_WIDGET (page)));

  /* One whose picture has not arrived yet reads without it. */
  gtk_widget_activate_action (GTK_WIDGET (page), "win.back", NULL);
  kiosk_ui_click (kiosk_ui_visitor_by_name (GTK_WIDGET (page), "waiting"));
  g_assert_cmpstr (kiosk_news_page_get_shown (page), ==, "waiting");
  kiosk_ui_wait_for_frame (window);
  g_assert_false (gtk_widget_get_visible (picture));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "نص المشروع waiting"));
  kiosk_ui_close_window (window);
}

static gboolean
still_listed (KioskWindow *window,
              const char  *id)
{
  g_autofree char *ids = listed (window);
  g_auto(GStrv) split = g_strsplit (ids, " ", -1);

  return g_strv_contains ((const char * const *) split, id);
}

/* Offline (no server at all): an announcement expires by the kiosk's clock while its
 * detail is being read; the page goes back to the list without it at that second, not
 * before. The store's clock is pinned and moved by hand; the page's timer is real. */
static void
test_news_expiry_removes_on_time (KioskTestFixture *f,
                                  gconstpointer     data)
{
  gint64 expires = f->now + 2;
  KioskWindow *window;
  KioskNewsPage *page;
  gint64 start, shown, gone;

  feed (f->store,
        change ("stays", f->now - DAY, 0, 10, NULL),
        change ("ending", f->now - DAY, expires, 20, NULL),
        NULL);
  /* The page reads the store (and sets its timer) as it is shown, somewhere between start and
   * shown: on a loaded machine (or under ASan) that can take a second or more, so the bounds
   * below are taken from whichever end makes them hold for any duration of the show. */
  start = g_get_monotonic_time ();
  window = kiosk_ui_visitor_show_service (f->store, KIOSK_NEWS_PAGE_CODE, FALSE);
  shown = g_get_monotonic_time ();
  page = KIOSK_NEWS_PAGE (kiosk_window_get_page (window));
  g_assert_true (still_listed (window, "ending"));
  g_assert_true (kiosk_news_page_open (page, "ending"));
  g_assert_cmpstr (kiosk_news_page_get_shown (page), ==, "ending");

  /* The kiosk's clock reaches the expiry; the page learns it when its timer says so. */
  f->now = expires;
  while (still_listed (window, "ending") && g_get_monotonic_time () - shown < 6 * G_USEC_PER_SEC)
    kiosk_ui_iterate ();
  gone = g_get_monotonic_time ();
  g_assert_false (still_listed (window, "ending"));
  g_assert_true (still_listed (window, "stays"));
  /* Not before two seconds after the page was read, and at that second, give or take a
   * main-loop turn. */
  g_assert_cmpint (gone - start, >=, 2000 * 1000);
  g_assert_cmpint (gone - shown, <=, 3000 * 1000);
  g_assert_null (kiosk_news_page_get_shown (page));
  g_assert_cmpstr (kiosk_ui_visitor_step (window), ==, "list");
  kiosk_ui_close_window (window);
}

/* The ids of the guide's results, in order. */
static char *
results (KioskWindow *window)
{
  GListModel *model = kiosk_guide_page_get_results (KIOSK_GUIDE_PAGE (kiosk_window_get_page (window)));
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KioskChoiceItem) item = g_list_model_get_item (model, i);

      g_string_append_printf (out, "%s%s", i ? " " : "", kiosk_choice_item_get_code (item));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
search_typed (KioskWindow *window,
              const char  *text)
{
  GtkWidget *entry = kiosk_ui_visitor_by_id (window, "search_entry");

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (entry);
  kiosk_ui_visitor_type (window, text);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, text);
}

static gboolean
first_result_is (KioskWindow *window,
                 const char  *id)
{
  g_autofree char *found = results (window);

  return g_str_has_prefix (found, id) &&
         (found[strlen (id)] == '\0' || found[strlen (id)] == ' ');
}

static void
test_guide_search_arabic_variants_and_english (KioskTestFixture *f,
                                               gconstpointer     data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, KIOSK_GUIDE_PAGE_CODE, FALSE);
  GtkWidget *results_list = kiosk_ui_visitor_by_id (window, "results_list");

  /* Written properly, and as people type it: no hamza, ه for ة. */
  search_typed (window, "إصدار البطاقة الصحية");
  g_assert_true (first_result_is (window, "health_card"));
  search_typed (window, "اصدار البطاقه الصحيه");
  g_assert_true (first_result_is (window, "health_card"));
  kiosk_ui_wait_for_frame (window);
  kiosk_ui_maybe_screenshot (window, "guide-search.png");
  g_assert_true (gtk_widget_get_mapped (results_list));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "إصدار البطاقة الصحية للعاملين وتجديدها"));
  g_assert_true (kiosk_window_get_keyboard_shown (window));

  /* Alef with hamza below typed plain finds the report service. */
  search_typed (window, "ارسال ملاحظه");
  g_assert_true (first_result_is (window, "report_issue"));

  /* English on the English keyboard. */
  kiosk_window_set_language (window, "en");
  search_typed (window, "health card");
  g_assert_true (first_result_is (window, "health_card"));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "Health cards for workers: issue and renewal"));
  kiosk_ui_close_window (window);
}

static void
test_guide_no_result_says_what_to_do (KioskTestFixture *f,
                                      gconstpointer     data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, KIOSK_GUIDE_PAGE_CODE, FALSE);
  GtkWidget *sentence = kiosk_ui_visitor_by_id (window, "no_result_label");
  GtkWidget *categories = kiosk_ui_visitor_by_id (window, "categories_list");
  g_autofree char *found = NULL;

  search_typed (window, "qwxz");
  kiosk_ui_wait_for_frame (window);
  found = results (window);
  g_assert_cmpstr (found, ==, "");
  g_assert_true (gtk_widget_get_mapped (sentence));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (sentence)), "«qwxz»"));
  /* The categories stay, to browse instead. */
  g_assert_true (gtk_widget_get_mapped (categories));

  /* One letter is not a search yet: no sentence. */
  search_typed (window, "q");
  kiosk_ui_wait_for_frame (window);
  g_assert_false (gtk_widget_get_mapped (sentence));
  kiosk_ui_close_window (window);
}

static void
test_guide_entry_starts_kiosk_flow (KioskTestFixture *f,
                                    gconstpointer     data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, KIOSK_GUIDE_PAGE_CODE, FALSE);
  GtkWidget *page = GTK_WIDGET (kiosk_window_get_page (window));
  GtkWidget *start = kiosk_ui_visitor_by_id (window, "start_button");
  g_autoptr(KioskGuideEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  /* Browse: a category, then a service the kiosk cannot do: where to go, no button. */
  kiosk_ui_click (kiosk_ui_find_choice (page, "building"));
  g_assert_cmpstr (kiosk_ui_visitor_step (window), ==, "entries");
  kiosk_ui_click (kiosk_ui_find_choice (page, "excavation_permit"));
  g_assert_cmpstr (kiosk_ui_visitor_step (window), ==, "detail");
  kiosk_ui_wait_for_frame (window);
  entry = kiosk_service_guide_get (f->store, "excavation_permit", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (entry->office_ar, !=, "");
  g_assert_true (kiosk_ui_holds_text (page, entry->office_ar));
  g_assert_true (kiosk_ui_holds_text (page, entry->office_wilayat_ar));
  g_assert_true (kiosk_ui_holds_text (page, entry->hours_ar));
  g_assert_true (kiosk_ui_holds_text (page, "أين تُقدَّم الخدمة"));
  g_assert_false (gtk_widget_get_mapped (start));

  /* Back to the category, then one this kiosk performs: its button opens the flow. */
  gtk_widget_activate_action (page, "win.back", NULL);
  gtk_widget_activate_action (page, "win.back", NULL);
  kiosk_ui_click (kiosk_ui_find_choice (page, "vehicles"));
  kiosk_ui_click (kiosk_ui_find_choice (page, "parking_fines"));
  kiosk_ui_wait_for_frame (window);
  kiosk_ui_maybe_screenshot (window, "guide-detail.png");
  g_assert_true (gtk_widget_get_mapped (start));
  kiosk_ui_click (start);
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "fines");
  kiosk_ui_close_window (window);
}

/* Every home tile lies inside the page's visible height at the kiosk's screen size. */
static void
assert_tiles_fit (KioskStore *store,
                  int         width,
                  int         height,
                  const char *language)
{
  KioskWindow *window = kiosk_window_new (NULL, store);
  g_autoptr(GPtrArray) tiles = NULL;
  GtkWidget *home;
  guint n_information = 0;

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  /* With a camera, the most tiles (the scan tile too). */
  kiosk_window_set_camera_source (window, "videotestsrc is-live=true");
  kiosk_window_set_landscape (window, width > height);
  kiosk_window_set_language (window, language);
  gtk_window_present (GTK_WINDOW (window));
  KIOSK_UI_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  kiosk_ui_wait_for_frame (window);
  kiosk_ui_wait_for_frame (window);

  home = GTK_WIDGET (kiosk_window_get_page (window));
  tiles = kiosk_ui_find_all (home, KIOSK_TYPE_SERVICE_TILE);
  g_assert_cmpuint (tiles->len, >=, 12);
  for (guint i = 0; i < tiles->len; i++)
    {
      graphene_rect_t bounds;
      const char *code = kiosk_service_tile_get_code (tiles->pdata[i]);

      g_assert_true (gtk_widget_compute_bounds (tiles->pdata[i], home, &bounds));
      if (bounds.origin.y + bounds.size.height > gtk_widget_get_height (home) + 0.5)
        g_error ("%dx%d %s: the tile %s ends at %.0f, below the page's %d", width, height,
                 language, code, bounds.origin.y + bounds.size.height,
                 gtk_widget_get_height (home));
      n_information += g_str_equal (code, KIOSK_NEWS_PAGE_CODE) ||
                       g_str_equal (code, KIOSK_GUIDE_PAGE_CODE);
    }
  g_assert_cmpuint (n_information, ==, 2);
  kiosk_ui_close_window (window);
}

static void
test_home_tiles_fit_both_orientations (KioskTestFixture *f,
                                       gconstpointer     data)
{
  assert_tiles_fit (f->store, 1080, 1920, "ar");
  assert_tiles_fit (f->store, 1080, 1920, "en");
  assert_tiles_fit (f->store, 1920, 1080, "ar");
  assert_tiles_fit (f->store, 1920, 1080, "en");
}

static KioskAttractPage *
attract_page (KioskWindow *window)
{
  g_autoptr(GPtrArray) found = kiosk_ui_find_all (GTK_WIDGET (window), KIOSK_TYPE_ATTRACT_PAGE);

  g_assert_cmpuint (found->len, ==, 1);
  return found->pdata[0];
}

/* The attract screen turns through the current announcements beside the campaign, by
 * itself while it shows, and not at all while a session hides it. */
static void
test_attract_rotates_current_announcements (KioskTestFixture *f,
                                            gconstpointer     data)
{
  KioskWindow *window;
  KioskAttractPage *attract;
  g_autofree char *hidden = NULL;
  gint64 deadline;

  feed (f->store,
        change ("gone", f->now - 10 * DAY, f->now - DAY, 99, NULL),
        change ("second", f->now - 2 * DAY, 0, 10, NULL),
        change ("first", f->now - 3 * DAY, 0, 50, NULL),
        NULL);
  window = kiosk_ui_show_window (f->store, NULL);
  attract = attract_page (window);
  kiosk_window_end_session (window);
  kiosk_ui_wait_for_frame (window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (attract)));

  /* Priority first; in both languages at once; the expired one never. */
  g_assert_cmpstr (kiosk_attract_page_get_announcement (attract), ==, "first");
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "مشروع first"));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "Project first"));
  kiosk_ui_maybe_screenshot (window, "attract-news.png");

  /* By itself, within its period (9 s). */
  deadline = g_get_monotonic_time () + 12 * G_USEC_PER_SEC;
  while (g_strcmp0 (kiosk_attract_page_get_announcement (attract), "second") != 0 &&
         g_get_monotonic_time () < deadline)
    kiosk_ui_iterate ();
  g_assert_cmpstr (kiosk_attract_page_get_announcement (attract), ==, "second");
  kiosk_attract_page_next_announcement (attract);
  g_assert_cmpstr (kiosk_attract_page_get_announcement (attract), ==, "first");

  /* Hidden by a session: the turn stops. */
  kiosk_window_start_session (window, NULL);
  kiosk_ui_wait_for_frame (window);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (attract)));
  hidden = g_strdup (kiosk_attract_page_get_announcement (attract));
  kiosk_ui_spin (10000);
  g_assert_cmpstr (kiosk_attract_page_get_announcement (attract), ==, hidden);

  /* A long title in both languages is cut, not let to push the screen taller. */
  feed (f->store,
        g_strdup_printf ("{\"dataset\":\"announcements\",\"op\":\"upsert\",\"key\":\"long\","
                         "\"data\":{\"id\":\"long\",\"category\":\"news\",\"title_ar\":\"%s\","
                         "\"title_en\":\"%s\",\"body_ar\":\"نص\",\"body_en\":\"Text\","
                         "\"picture_sha256\":null,\"publish_at\":%" G_GINT64_FORMAT ","
                         "\"expires_at\":null,\"priority\":1}}",
                         "بلدية مسقط تعلن عن بدء أعمال صيانة شاملة للطرق الداخلية والإنارة العامة وتصريف "
                         "مياه الأمطار في عدد من مناطق ولايات المحافظة خلال الأشهر القادمة",
                         "Muscat Municipality announces comprehensive maintenance of inner roads, "
                         "street lighting and rainwater drainage in several areas of the "
                         "governorate's wilayats over the coming months", f->now - DAY),
        NULL);
  kiosk_window_end_session (window);
  kiosk_ui_wait_for_frame (window);
  g_assert_cmpstr (kiosk_attract_page_get_announcement (attract), ==, "long");
  kiosk_ui_wait_for_frame (window);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), ==, 1920);
  kiosk_window_start_session (window, NULL);

  /* With nothing current the card goes away. */
  feed (f->store, NULL);
  kiosk_window_end_session (window);
  kiosk_ui_wait_for_frame (window);
  g_assert_null (kiosk_attract_page_get_announcement (attract));
  g_assert_false (gtk_widget_get_mapped (kiosk_ui_visitor_by_id (window, "news_block")));
  kiosk_ui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  kiosk_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, KioskTestFixture, NULL, kiosk_ui_visitor_set_up_arabic, func, \
              kiosk_test_fixture_tear_down)
  ADD ("/kiosk/ui/news/lists-current-priority-then-newest", test_news_lists_current_in_order);
  ADD ("/kiosk/ui/news/detail-shows-picture-capped", test_news_detail_shows_picture_capped);
  ADD ("/kiosk/ui/news/expiry-removes-item-on-time-offline", test_news_expiry_removes_on_time);
  ADD ("/kiosk/ui/guide/search-finds-arabic-variants-and-english",
       test_guide_search_arabic_variants_and_english);
  ADD ("/kiosk/ui/guide/no-result-says-what-to-do", test_guide_no_result_says_what_to_do);
  ADD ("/kiosk/ui/guide/entry-starts-kiosk-flow", test_guide_entry_starts_kiosk_flow);
  ADD ("/kiosk/ui/home/tiles-fit-without-scrolling", test_home_tiles_fit_both_orientations);
  ADD ("/kiosk/ui/attract/rotates-current-announcements", test_attract_rotates_current_announcements);
#undef ADD

  return g_test_run ();
}
