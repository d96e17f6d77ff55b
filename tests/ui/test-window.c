/* The kiosk window under Xvfb: the home screen lists the catalogue in Arabic, the language
 * button switches to English and back, a tile tells the visitor where the service is, and a
 * kiosk without a usable database says so in both languages instead of crashing. */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "kiosk-application.h"
#include "kiosk-catalog.h"
#include "kiosk-error.h"
#include "kiosk-i18n.h"
#include "kiosk-not-ready-page.h"
#include "kiosk-screenshot.h"
#include "kiosk-seed.h"
#include "kiosk-service-tile.h"
#include "kiosk-store.h"
#include "kiosk-window.h"

/* GtkButton's activate only clicks after ~250 ms; animations take a few hundred more. */
#define WAIT_TIMEOUT_MS 5000

#define COUNTER_NOTICE_AR "هذه الخدمة متاحة حالياً لدى موظف الخدمة"
#define COUNTER_NOTICE_EN "This service is available at the counter for now"

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until `expr` holds; fails the test after WAIT_TIMEOUT_MS. */
#define WAIT_FOR(expr)                                                            \
  G_STMT_START {                                                                  \
    gint64 deadline_ = g_get_monotonic_time () + WAIT_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND; \
    guint wake_ = g_timeout_add (10, wake_cb, NULL);                              \
    while (!(expr))                                                               \
      {                                                                           \
        if (g_get_monotonic_time () > deadline_)                                  \
          g_error ("timed out waiting for %s", #expr);                           \
        g_main_context_iteration (NULL, TRUE);                                    \
      }                                                                           \
    g_source_remove (wake_);                                                      \
  } G_STMT_END

typedef struct
{
  char       *dir;
  char       *db_path;
  KioskStore *store;
  GPtrArray  *services;
} Fixture;

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskStore) seeding = NULL;

  f->dir = g_dir_make_tmp ("kiosk-ui-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "kiosk.db", NULL);

  /* What `kiosk-admin init --seed demo` does. */
  seeding = kiosk_store_open (f->db_path, KIOSK_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kiosk_store_set_identity (seeding, "TEST01", &error);
  g_assert_no_error (error);
  kiosk_seed_load (seeding, "demo", &error);
  g_assert_no_error (error);
  g_clear_pointer (&seeding, kiosk_store_close);

  /* Then the kiosk opens it its own way. */
  f->store = kiosk_application_open_store (f->db_path, &error);
  g_assert_no_error (error);
  f->services = kiosk_catalog_list_services (f->store, &error);
  g_assert_no_error (error);

  kiosk_i18n_set_language ("ar");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->services, g_ptr_array_unref);
  g_clear_pointer (&f->store, kiosk_store_close);
  remove_tree (f->dir);
  g_free (f->db_path);
  g_free (f->dir);
}

static void
collect_tiles (GtkWidget *widget,
               GPtrArray *tiles)
{
  if (KIOSK_IS_SERVICE_TILE (widget))
    g_ptr_array_add (tiles, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_tiles (child, tiles);
}

/* The tiles on screen, in reading order. */
static GPtrArray *
list_tiles (KioskWindow *window)
{
  GPtrArray *tiles = g_ptr_array_new ();

  collect_tiles (GTK_WIDGET (window), tiles);
  return tiles;
}

static GtkWidget *
find_by_id (GtkWidget  *widget,
            const char *id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_id (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A label showing exactly `text` that a visitor can see. */
static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

static const char *
label_text (KioskWindow *window,
            const char  *id)
{
  GtkWidget *label = find_by_id (GTK_WIDGET (window), id);

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_label (GTK_LABEL (label));
}

static void
screenshot_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  kiosk_screenshot_save_finish (GTK_WIDGET (object), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

/* With $KIOSK_TEST_SCREENSHOT_DIR set, keeps a picture of the state under test to look at. */
static void
maybe_screenshot (KioskWindow *window,
                  const char  *name)
{
  const char *dir = g_getenv ("KIOSK_TEST_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  gboolean done = FALSE;

  if (dir == NULL || dir[0] == '\0')
    return;
  path = g_build_filename (dir, name, NULL);
  kiosk_screenshot_save_after_frame (GTK_WIDGET (window), path, screenshot_done_cb, &done);
  WAIT_FOR (done);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Until the window has laid out and drawn what it shows now. */
static void
wait_for_frame (KioskWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gboolean painted = FALSE;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  WAIT_FOR (painted);
  g_signal_handler_disconnect (clock, handler);
}

static KioskWindow *
show_window (KioskStore *store)
{
  KioskWindow *window = kiosk_window_new (NULL, store);

  /* GTK owns toplevels; the test keeps its own reference to prove they are freed. */
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  wait_for_frame (window);
  return window;
}

static void
close_window (KioskWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
assert_tiles_named (KioskWindow *window,
                    GPtrArray   *services,
                    gboolean     arabic)
{
  g_autoptr(GPtrArray) tiles = NULL;

  wait_for_frame (window);
  tiles = list_tiles (window);
  g_assert_cmpuint (services->len, ==, 10);
  g_assert_cmpuint (tiles->len, ==, services->len);
  for (guint i = 0; i < tiles->len; i++)
    {
      KioskServiceTile *tile = g_ptr_array_index (tiles, i);
      const KioskCatalogItem *service = g_ptr_array_index (services, i);

      g_assert_cmpstr (kiosk_service_tile_get_code (tile), ==, service->code);
      g_assert_cmpstr (kiosk_service_tile_get_title (tile), ==,
                       arabic ? service->name_ar : service->name_en);
      g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (tile)));
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (tile)), >=, 72);
    }
}

static void
test_home_lists_services_in_arabic (Fixture       *f,
                                    gconstpointer  data)
{
  KioskWindow *window = show_window (f->store);

  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "home");
  g_assert_cmpstr (kiosk_window_get_language (window), ==, "ar");
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_RTL);
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (window)), ==, GTK_TEXT_DIR_RTL);

  assert_tiles_named (window, f->services, TRUE);

  /* The Arabic comes from the compiled catalogue (ar.po), through gettext. */
  g_assert_cmpstr (label_text (window, "title_label"), ==, "بلدية مسقط");
  g_assert_cmpstr (label_text (window, "language_label"), ==, "English");
  g_assert_true (shows_label (GTK_WIDGET (window), "البلاغات والمقترحات"));
  g_assert_true (shows_label (GTK_WIDGET (window), "التراخيص والتصاريح"));
  g_assert_true (shows_label (GTK_WIDGET (window), "المخالفات والمدفوعات"));
  g_assert_true (shows_label (GTK_WIDGET (window), "مسح رمز الاستجابة السريعة"));
  g_assert_null (kiosk_window_get_notice_service (window));

  maybe_screenshot (window, "home-ar.png");
  close_window (window);
}

static void
test_language_button_switches_to_english_and_back (Fixture       *f,
                                                   gconstpointer  data)
{
  KioskWindow *window = show_window (f->store);
  GtkWidget *button = find_by_id (GTK_WIDGET (window), "language_button");

  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_drawable (button));

  gtk_widget_activate (button);
  WAIT_FOR (g_str_equal (kiosk_window_get_language (window), "en"));

  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_LTR);
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (window)), ==, GTK_TEXT_DIR_LTR);
  assert_tiles_named (window, f->services, FALSE);
  g_assert_cmpstr (label_text (window, "title_label"), ==, "Muscat Municipality");
  g_assert_cmpstr (label_text (window, "language_label"), ==, "العربية");
  g_assert_true (shows_label (GTK_WIDGET (window), "Reports & suggestions"));
  g_assert_true (shows_label (GTK_WIDGET (window), "Licences & permits"));
  g_assert_true (shows_label (GTK_WIDGET (window), "Fines & payments"));
  g_assert_false (shows_label (GTK_WIDGET (window), "البلاغات والمقترحات"));
  maybe_screenshot (window, "home-en.png");

  gtk_widget_activate (button);
  WAIT_FOR (g_str_equal (kiosk_window_get_language (window), "ar"));

  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_RTL);
  assert_tiles_named (window, f->services, TRUE);
  g_assert_cmpstr (label_text (window, "title_label"), ==, "بلدية مسقط");

  close_window (window);
}

static void
test_tile_shows_counter_notice (Fixture       *f,
                                gconstpointer  data)
{
  KioskWindow *window = show_window (f->store);
  g_autoptr(GPtrArray) tiles = list_tiles (window);
  KioskServiceTile *tile = g_ptr_array_index (tiles, 3);
  const KioskCatalogItem *service = g_ptr_array_index (f->services, 3);
  GtkRevealer *revealer = GTK_REVEALER (find_by_id (GTK_WIDGET (window), "notice_revealer"));
  GtkWidget *ok_button = find_by_id (GTK_WIDGET (window), "notice_button");

  g_assert_null (kiosk_window_get_notice_service (window));
  g_assert_false (gtk_revealer_get_child_revealed (revealer));

  gtk_widget_activate (GTK_WIDGET (tile));
  WAIT_FOR (gtk_revealer_get_child_revealed (revealer));

  g_assert_cmpstr (kiosk_window_get_notice_service (window), ==, service->code);
  g_assert_true (shows_label (GTK_WIDGET (window), COUNTER_NOTICE_AR));
  g_assert_true (shows_label (GTK_WIDGET (window), service->name_ar));
  g_assert_true (gtk_widget_is_drawable (ok_button));
  /* No empty page: the home screen stays behind the notice. */
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "home");
  maybe_screenshot (window, "notice-ar.png");

  /* Switching language keeps the notice, in the new language. */
  kiosk_window_set_language (window, "en");
  g_assert_true (shows_label (GTK_WIDGET (window), COUNTER_NOTICE_EN));
  g_assert_true (shows_label (GTK_WIDGET (window), service->name_en));

  gtk_widget_activate (ok_button);
  WAIT_FOR (!gtk_revealer_get_child_revealed (revealer));
  g_assert_null (kiosk_window_get_notice_service (window));

  close_window (window);
}

static void
assert_not_ready (KioskWindow *window)
{
  g_autofree char *text = NULL;
  KioskNotReadyPage *page;
  g_autoptr(GPtrArray) tiles = list_tiles (window);

  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "not-ready");
  page = KIOSK_NOT_READY_PAGE (find_by_id (GTK_WIDGET (window), "not_ready_page"));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (page)));
  text = kiosk_not_ready_page_dup_text (page);
  g_test_message ("not-ready page says:\n%s", text);

  /* Both languages at once, whatever the current one is, and what the attendant must run. */
  g_assert_true (shows_label (GTK_WIDGET (window), "هذا الجهاز غير جاهز للخدمة بعد"));
  g_assert_true (shows_label (GTK_WIDGET (window), "This kiosk is not ready yet"));
  g_assert_true (shows_label (GTK_WIDGET (window), "kiosk-admin init"));
  g_assert_false (gtk_widget_get_visible (find_by_id (GTK_WIDGET (window), "language_button")));
  for (guint i = 0; i < tiles->len; i++)
    g_assert_false (gtk_widget_is_drawable (g_ptr_array_index (tiles, i)));
}

static void
test_missing_database_shows_not_ready (Fixture       *f,
                                       gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  g_autoptr(GError) error = NULL;
  KioskStore *store;
  KioskWindow *window;

  store = kiosk_application_open_store (missing, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  /* The kiosk never creates a database: that is `kiosk-admin init`'s job. */
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  window = show_window (NULL);
  kiosk_window_show_not_ready (window, error);
  assert_not_ready (window);
  g_assert_true (shows_label (GTK_WIDGET (window), error->message));
  maybe_screenshot (window, "not-ready.png");

  close_window (window);
}

static void
test_database_without_identity_shows_not_ready (Fixture       *f,
                                                gconstpointer  data)
{
  g_autofree char *bare = g_build_filename (f->dir, "bare.db", NULL);
  g_autoptr(GError) error = NULL;
  KioskStore *store;
  KioskWindow *window;

  /* Migrated but never initialised: no kiosk code to number anything with. */
  store = kiosk_store_open (bare, KIOSK_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kiosk_store_close (store);

  store = kiosk_application_open_store (bare, &error);
  g_assert_null (store);
  g_assert_error (error, KIOSK_ERROR, (int) KIOSK_ERROR_NOT_FOUND);

  window = show_window (NULL);
  kiosk_window_show_not_ready (window, error);
  assert_not_ready (window);
  close_window (window);
}

static void
window_removed_cb (GtkApplication *application,
                   GtkWindow      *window,
                   char          **page_name)
{
  g_free (*page_name);
  *page_name = g_strdup (kiosk_window_get_page_name (KIOSK_WINDOW (window)));
}

/* The whole program, in process: config, --db, the window and --screenshot. */
static char *
run_application (Fixture    *f,
                 const char *db_path,
                 const char *png_path,
                 int        *status)
{
  g_autofree char *config_path = g_build_filename (f->dir, "kiosk.conf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskApplication) app = NULL;
  char *page_name = NULL;
  const char *argv[] = {
    "kiosk", "--config", config_path, "--db", db_path, "--screenshot", png_path, NULL,
  };

  g_file_set_contents (config_path, "[kiosk]\ncode=TEST01\nlanguage=ar\n", -1, &error);
  g_assert_no_error (error);

  app = kiosk_application_new ();
  g_signal_connect (app, "window-removed", G_CALLBACK (window_removed_cb), &page_name);
  *status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, (char **) argv);
  if (*status == 0)
    *status = kiosk_application_get_exit_status (app);
  return page_name;
}

static void
test_application_renders_home_screenshot (Fixture       *f,
                                          gconstpointer  data)
{
  g_autofree char *png = g_build_filename (f->dir, "home.png", NULL);
  g_autofree char *page_name = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  page_name = run_application (f, f->db_path, png, &status);

  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (page_name, ==, "home");
  texture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1080);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 1920);
}

static void
test_application_without_database_shows_not_ready (Fixture       *f,
                                                   gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  g_autofree char *png = g_build_filename (f->dir, "not-ready.png", NULL);
  g_autofree char *page_name = NULL;
  int status = -1;

  page_name = run_application (f, missing, png, &status);

  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (page_name, ==, "not-ready");
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  kiosk_i18n_init ();
  /* Sizes are checked as a visitor gets them; a broken style sheet warns, and warnings are
   * fatal here. */
  kiosk_application_install_style (gdk_display_get_default ());

#define ADD(path, func) \
  g_test_add ("/kiosk/ui/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("window/home-lists-services-in-arabic", test_home_lists_services_in_arabic);
  ADD ("window/language-button-switches-to-english-and-back",
       test_language_button_switches_to_english_and_back);
  ADD ("window/tile-shows-counter-notice", test_tile_shows_counter_notice);
  ADD ("window/missing-database-shows-not-ready", test_missing_database_shows_not_ready);
  ADD ("window/database-without-identity-shows-not-ready",
       test_database_without_identity_shows_not_ready);
  ADD ("application/renders-home-screenshot", test_application_renders_home_screenshot);
  ADD ("application/without-database-shows-not-ready",
       test_application_without_database_shows_not_ready);

#undef ADD

  return g_test_run ();
}
