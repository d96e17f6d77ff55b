/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk window under Xvfb: the home screen lists the catalogue in Arabic, the language
 * button switches to English and back, a tile tells the visitor where the service is, and a
 * kiosk without a usable database says so in both languages instead of crashing. */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <sqlite3.h>

#include "kiosk-accessible.h"
#include "kiosk-application.h"
#include "kiosk-attract-page.h"
#include "kiosk-flow.h"
#include "kiosk-catalog.h"
#include "kiosk-error.h"
#include "kiosk-flows.h"
#include "kiosk-store-private.h"
#include "kiosk-i18n.h"
#include "kiosk-not-ready-page.h"
#include "kiosk-screenshot.h"
#include "kiosk-seed.h"
#include "kiosk-service-tile.h"
#include "kiosk-store.h"
#include "kiosk-window.h"
#include "kiosk-ui-test-util.h"

#define COUNTER_NOTICE_AR "هذه الخدمة متاحة حالياً لدى موظف الخدمة"
#define COUNTER_NOTICE_EN "This service is available at the counter for now"

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

static GPtrArray *
list_tiles (KioskWindow *window)
{
  return kiosk_ui_find_all (GTK_WIDGET (window), KIOSK_TYPE_SERVICE_TILE);
}

static const char *
label_text (KioskWindow *window,
            const char  *id)
{
  GtkWidget *label = kiosk_ui_find_by_id (GTK_WIDGET (window), id);

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_label (GTK_LABEL (label));
}

/* With a camera (the test source, never started on the home page): every catalogue service
 * has its tile. Without one, the scan tile is not offered (test-scan-page). */
static KioskWindow *
show_window (KioskStore *store)
{
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();

  g_free (config->camera);
  config->camera = g_strdup ("videotestsrc is-live=true");
  return kiosk_ui_show_window (store, config);
}

static void
close_window (KioskWindow *window)
{
  kiosk_ui_close_window (window);
}

static void
assert_tiles_named (KioskWindow *window,
                    GPtrArray   *services,
                    gboolean     arabic)
{
  g_autoptr(GPtrArray) tiles = NULL;

  kiosk_ui_wait_for_frame (window);
  tiles = list_tiles (window);
  g_assert_cmpuint (services->len, ==, 10);
  /* The catalogue's services, then the news and the services guide every kiosk has. */
  g_assert_cmpuint (tiles->len, ==, services->len + 2);
  g_assert_cmpstr (kiosk_service_tile_get_code (tiles->pdata[services->len]), ==, "news");
  g_assert_cmpstr (kiosk_service_tile_get_code (tiles->pdata[services->len + 1]), ==, "guide");
  for (guint i = 0; i < services->len; i++)
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
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "البلاغات والمقترحات"));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "التراخيص والتصاريح"));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "المخالفات والمدفوعات"));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "مسح رمز الاستجابة السريعة"));
  g_assert_null (kiosk_window_get_notice_service (window));

  kiosk_ui_maybe_screenshot (window, "home-ar.png");
  close_window (window);
}

static void
test_language_button_switches_to_english_and_back (Fixture       *f,
                                                   gconstpointer  data)
{
  KioskWindow *window = show_window (f->store);
  GtkWidget *button = kiosk_ui_find_by_id (GTK_WIDGET (window), "language_button");

  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_drawable (button));

  gtk_widget_activate (button);
  KIOSK_UI_WAIT_FOR (g_str_equal (kiosk_window_get_language (window), "en"));

  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_LTR);
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (window)), ==, GTK_TEXT_DIR_LTR);
  assert_tiles_named (window, f->services, FALSE);
  g_assert_cmpstr (label_text (window, "title_label"), ==, "Muscat Municipality");
  g_assert_cmpstr (label_text (window, "language_label"), ==, "العربية");
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "Reports & suggestions"));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "Licences & permits"));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "Fines & payments"));
  g_assert_false (kiosk_ui_shows_label (GTK_WIDGET (window), "البلاغات والمقترحات"));
  kiosk_ui_maybe_screenshot (window, "home-en.png");

  gtk_widget_activate (button);
  KIOSK_UI_WAIT_FOR (g_str_equal (kiosk_window_get_language (window), "ar"));

  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_RTL);
  assert_tiles_named (window, f->services, TRUE);
  g_assert_cmpstr (label_text (window, "title_label"), ==, "بلدية مسقط");

  close_window (window);
}

static void
test_tile_shows_counter_notice (Fixture       *f,
                                gconstpointer  data)
{
  KioskWindow *window;
  g_autoptr(GPtrArray) tiles = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;
  KioskServiceTile *tile = NULL;
  const KioskCatalogItem *service = NULL;
  GtkRevealer *revealer;
  GtkWidget *ok_button;

  /* Every demo service has its flow; reference data may bring one this kiosk has none for. */
  g_assert_cmpint (sqlite3_exec (kiosk_store_get_db (f->store),
                                 "INSERT INTO service_catalog (code, group_code, name_ar, name_en,"
                                 " icon, enabled, sort_order) VALUES ('building_permit',"
                                 " 'licences', 'تصريح بناء', 'Building permit',"
                                 " 'kiosk-lease-form-symbolic', 1, 99)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  services = kiosk_catalog_list_services (f->store, &error);
  g_assert_no_error (error);
  window = show_window (f->store);
  tiles = list_tiles (window);
  revealer = GTK_REVEALER (kiosk_ui_find_by_id (GTK_WIDGET (window), "notice_revealer"));
  ok_button = kiosk_ui_find_by_id (GTK_WIDGET (window), "notice_button");
  /* The catalogue's tiles, then news and guide. */
  g_assert_cmpuint (tiles->len, ==, services->len + 2);
  for (guint i = 0; i < services->len && tile == NULL; i++)
    {
      const KioskCatalogItem *item = g_ptr_array_index (services, i);

      if (kiosk_flows_lookup (item->code) == G_TYPE_INVALID)
        {
          tile = g_ptr_array_index (tiles, i);
          service = item;
        }
    }
  g_assert_nonnull (tile);
  g_assert_cmpstr (service->code, ==, "building_permit");

  g_assert_null (kiosk_window_get_notice_service (window));
  g_assert_false (gtk_revealer_get_child_revealed (revealer));

  gtk_widget_activate (GTK_WIDGET (tile));
  KIOSK_UI_WAIT_FOR (gtk_revealer_get_child_revealed (revealer));

  g_assert_cmpstr (kiosk_window_get_notice_service (window), ==, service->code);
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), COUNTER_NOTICE_AR));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), service->name_ar));
  g_assert_true (gtk_widget_is_drawable (ok_button));
  /* No empty page: the home screen stays behind the notice. */
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "home");
  kiosk_ui_maybe_screenshot (window, "notice-ar.png");

  /* Switching language keeps the notice, in the new language. */
  kiosk_window_set_language (window, "en");
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), COUNTER_NOTICE_EN));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), service->name_en));

  gtk_widget_activate (ok_button);
  KIOSK_UI_WAIT_FOR (!gtk_revealer_get_child_revealed (revealer));
  g_assert_null (kiosk_window_get_notice_service (window));

  close_window (window);
}

static void
assert_not_ready (KioskWindow  *window,
                  const GError *error,
                  const char   *fault_code)
{
  g_autofree char *text = NULL;
  g_autofree char *arabic_fault = g_strdup_printf ("رمز العطل: \u2066%s\u2069", fault_code);
  g_autofree char *english_fault = g_strdup_printf ("Fault code: \u2066%s\u2069", fault_code);
  KioskNotReadyPage *page;
  g_autoptr(GPtrArray) tiles = list_tiles (window);

  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "not-ready");
  page = KIOSK_NOT_READY_PAGE (kiosk_ui_find_by_id (GTK_WIDGET (window), "not_ready_page"));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (page)));
  text = kiosk_not_ready_page_dup_text (page);
  g_test_message ("not-ready page says:\n%s", text);

  /* Both languages at once, whatever the current one is, and a code for the attendant. */
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "هذا الجهاز خارج الخدمة حاليًا"));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "This kiosk is out of service"));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), arabic_fault));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), english_fault));
  g_assert_cmpstr (kiosk_not_ready_page_fault_code (error), ==, fault_code);
  /* What the public must never see: commands, paths, the technical reason. */
  g_assert_null (strstr (text, "kiosk-admin"));
  g_assert_null (strstr (text, "/"));
  g_assert_null (strstr (text, error->message));
  g_assert_false (kiosk_ui_shows_label (GTK_WIDGET (window), error->message));
  g_assert_false (gtk_widget_get_visible (kiosk_ui_find_by_id (GTK_WIDGET (window), "language_button")));
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
  assert_not_ready (window, error, "DB-OPEN");
  kiosk_ui_maybe_screenshot (window, "not-ready.png");

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
  assert_not_ready (window, error, "SETUP");
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

static gboolean
has_arabic_letter (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_ARABIC)
      return TRUE;
  return FALSE;
}

static void
test_tiles_have_icons_and_unbuilt_ones_say_counter (Fixture       *f,
                                                    gconstpointer  data)
{
  KioskWindow *window = show_window (f->store);
  g_autoptr(GPtrArray) tiles = list_tiles (window);

  /* Ten services and the news and guide pages. */
  g_assert_cmpuint (tiles->len, ==, 12);
  for (guint i = 0; i < tiles->len; i++)
    {
      KioskServiceTile *tile = g_ptr_array_index (tiles, i);
      GtkWidget *icon = kiosk_ui_find_by_id (GTK_WIDGET (tile), "icon");
      GtkWidget *note = kiosk_ui_find_by_id (GTK_WIDGET (tile), "note_label");
      gboolean built = kiosk_flows_lookup (kiosk_service_tile_get_code (tile)) != G_TYPE_INVALID;

      /* Every service's icon ships in assets/icons and renders. */
      g_assert_true (gtk_widget_is_drawable (icon));
      g_assert_cmpint (gtk_widget_get_width (icon), >=, 64);
      g_assert_cmpint (kiosk_service_tile_get_available (tile), ==, built);
      g_assert_cmpint (gtk_widget_is_drawable (note), ==, !built);
      if (!built)
        g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (note)), ==, "متاحة لدى موظف الخدمة");
    }
  close_window (window);
}

static KioskServiceTile *
find_tile (KioskWindow *window,
           const char  *code)
{
  g_autoptr(GPtrArray) tiles = list_tiles (window);

  for (guint i = 0; i < tiles->len; i++)
    if (g_str_equal (kiosk_service_tile_get_code (g_ptr_array_index (tiles, i)), code))
      return g_ptr_array_index (tiles, i);
  g_assert_not_reached ();
}

static void
test_flow_tile_opens_flow_and_back_and_home_return (Fixture       *f,
                                                    gconstpointer  data)
{
  KioskWindow *window = show_window (f->store);
  GtkWidget *back = kiosk_ui_find_by_id (GTK_WIDGET (window), "back_button");
  GtkWidget *home = kiosk_ui_find_by_id (GTK_WIDGET (window), "home_button");
  GtkWidget *flow;

  /* Home is the root: nothing to go back to. */
  g_assert_false (gtk_widget_is_drawable (back));
  g_assert_false (gtk_widget_is_drawable (home));

  kiosk_ui_click (GTK_WIDGET (find_tile (window, "feedback")));
  KIOSK_UI_WAIT_FOR (g_strcmp0 (kiosk_window_get_page_name (window), "feedback") == 0);
  flow = GTK_WIDGET (kiosk_window_get_page (window));
  g_object_add_weak_pointer (G_OBJECT (flow), (gpointer *) &flow);
  kiosk_ui_wait_for_frame (window);
  g_assert_true (gtk_widget_is_drawable (back));
  g_assert_true (gtk_widget_is_drawable (home));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "مقترح / شكوى / استفسار"));
  g_assert_null (kiosk_window_get_notice_service (window));

  /* Back from the flow's first step leaves it, and the flow is gone with its contents. */
  kiosk_ui_click (back);
  KIOSK_UI_WAIT_FOR (g_strcmp0 (kiosk_window_get_page_name (window), "home") == 0);
  g_assert_null (flow);

  kiosk_ui_click (GTK_WIDGET (find_tile (window, "feedback")));
  KIOSK_UI_WAIT_FOR (g_strcmp0 (kiosk_window_get_page_name (window), "feedback") == 0);
  flow = GTK_WIDGET (kiosk_window_get_page (window));
  g_object_add_weak_pointer (G_OBJECT (flow), (gpointer *) &flow);
  gtk_widget_activate_action (flow, "feedback.choose-kind", "s", "inquiry");
  g_assert_cmpstr (kiosk_flow_get_step (KIOSK_FLOW (flow)), ==, "text");
  kiosk_ui_wait_for_frame (window);
  /* Back inside a flow steps back; home leaves from anywhere. */
  kiosk_ui_click (back);
  g_assert_cmpstr (kiosk_flow_get_step (KIOSK_FLOW (flow)), ==, "kind");
  gtk_widget_activate_action (flow, "feedback.choose-kind", "s", "inquiry");
  kiosk_ui_wait_for_frame (window);
  kiosk_ui_click (home);
  KIOSK_UI_WAIT_FOR (g_strcmp0 (kiosk_window_get_page_name (window), "home") == 0);
  g_assert_null (flow);

  close_window (window);
}

/* The accessible names of the drawable controls, in tree order: the keyboard's special keys
 * when `keys` (letter keys are named by their letter), else everything else. */
static GPtrArray *
accessible_names (KioskWindow *window,
                  gboolean     keys)
{
  g_autoptr(GPtrArray) controls = kiosk_ui_find_all (GTK_WIDGET (window), GTK_TYPE_WIDGET);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *control = g_ptr_array_index (controls, i);
      const char *name;

      if (!(GTK_IS_BUTTON (control) || GTK_IS_TEXT_VIEW (control) || GTK_IS_ENTRY (control)) ||
          !gtk_widget_is_drawable (control))
        continue;
      if (gtk_widget_has_css_class (control, "kiosk-key") != keys)
        continue;
      if (keys && !gtk_widget_has_css_class (control, "kiosk-key-special"))
        continue;
      name = kiosk_accessible_get_label (control);
      if (name == NULL || name[0] == '\0')
        g_error ("%s (%s) has no accessible name", G_OBJECT_TYPE_NAME (control),
                 gtk_buildable_get_buildable_id (GTK_BUILDABLE (control)));
      g_ptr_array_add (names, g_strdup (name));
    }
  return names;
}

static void
assert_names_in_both_languages (KioskWindow *window,
                                const char  *what)
{
  g_autoptr(GPtrArray) arabic = NULL;
  g_autoptr(GPtrArray) english = NULL;
  g_autoptr(GPtrArray) arabic_keys = NULL;
  g_autoptr(GPtrArray) english_keys = NULL;

  kiosk_window_set_language (window, "ar");
  kiosk_ui_wait_for_frame (window);
  arabic = accessible_names (window, FALSE);
  arabic_keys = accessible_names (window, TRUE);
  kiosk_window_set_language (window, "en");
  kiosk_ui_wait_for_frame (window);
  english = accessible_names (window, FALSE);
  english_keys = accessible_names (window, TRUE);
  kiosk_window_set_language (window, "ar");

  /* The keyboard's layout follows the language, so its special keys differ in number
   * (shift is English only); each is named in the language on screen. */
  for (guint i = 0; i < arabic_keys->len; i++)
    g_assert_true (has_arabic_letter (g_ptr_array_index (arabic_keys, i)));
  for (guint i = 0; i < english_keys->len; i++)
    g_assert_false (has_arabic_letter (g_ptr_array_index (english_keys, i)));

  g_test_message ("%s: %u controls", what, arabic->len);
  g_assert_cmpuint (arabic->len, >, 3);
  g_assert_cmpuint (arabic->len, ==, english->len);
  for (guint i = 0; i < arabic->len; i++)
    {
      const char *ar = g_ptr_array_index (arabic, i);
      const char *en = g_ptr_array_index (english, i);

      g_test_message ("  %s | %s", ar, en);
      g_assert_true (has_arabic_letter (ar));
      g_assert_false (has_arabic_letter (en));
      g_assert_cmpstr (ar, !=, en);
    }
}

static void
test_every_control_is_named_in_both_languages (Fixture       *f,
                                               gconstpointer  data)
{
  KioskWindow *window = show_window (f->store);
  GtkWidget *flow;

  assert_names_in_both_languages (window, "home");

  kiosk_window_open_service (window, "feedback");
  flow = GTK_WIDGET (kiosk_window_get_page (window));
  assert_names_in_both_languages (window, "feedback: kind");
  gtk_widget_activate_action (flow, "feedback.choose-kind", "s", "suggestion");
  KIOSK_UI_WAIT_FOR (gtk_revealer_get_child_revealed (
    GTK_REVEALER (kiosk_ui_find_by_id (GTK_WIDGET (window), "keyboard_revealer"))));
  assert_names_in_both_languages (window, "feedback: text, keyboard");
  gtk_widget_activate_action (flow, "feedback.choose-kind", "s", "suggestion");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (
    kiosk_ui_find_by_id (flow, "text_view"))), "اقتراح", -1);
  gtk_widget_activate_action (flow, "feedback.text-next", NULL);
  kiosk_ui_wait_for_frame (window);
  g_assert_cmpint (kiosk_keyboard_get_layout (kiosk_window_get_keyboard (window)), ==,
                   KIOSK_KEYBOARD_NUMERIC);
  assert_names_in_both_languages (window, "feedback: phone, numeric pad");

  close_window (window);
}

static int
natural_height (GtkWidget *widget)
{
  int natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (widget),
                      NULL, &natural, NULL, NULL);
  return natural;
}

static void
test_large_text_and_high_contrast_toggles (Fixture       *f,
                                           gconstpointer  data)
{
  KioskWindow *window = show_window (f->store);
  GtkWidget *large = kiosk_ui_find_by_id (GTK_WIDGET (window), "large_text_button");
  GtkWidget *contrast = kiosk_ui_find_by_id (GTK_WIDGET (window), "contrast_button");
  GtkWidget *heading = kiosk_ui_find_by_id (GTK_WIDGET (window), "heading_label");
  int before = natural_height (heading);
  gboolean on = FALSE;

  g_assert_cmpint (before, >=, 24);
  kiosk_ui_click (large);
  g_object_get (window, "large-text", &on, NULL);
  g_assert_true (on);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "large-text"));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (large)));
  kiosk_ui_wait_for_frame (window);
  g_assert_cmpint (natural_height (heading), >, before * 5 / 4);
  kiosk_ui_maybe_screenshot (window, "home-large-text-ar.png");

  kiosk_ui_click (contrast);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "high-contrast"));
  kiosk_ui_wait_for_frame (window);
  kiosk_ui_maybe_screenshot (window, "home-high-contrast-ar.png");

  kiosk_ui_click (large);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "large-text"));
  kiosk_ui_wait_for_frame (window);
  g_assert_cmpint (natural_height (heading), ==, before);

  /* The next visitor gets the defaults back. */
  kiosk_window_end_session (window);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "high-contrast"));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (contrast)));

  close_window (window);
}

static void
test_tab_order_reads_header_then_tiles (Fixture       *f,
                                        gconstpointer  data)
{
  KioskWindow *window = show_window (f->store);
  g_autoptr(GPtrArray) tiles = list_tiles (window);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  GtkWidget *speak = kiosk_ui_find_by_id (GTK_WIDGET (window), "speak_button");
  GtkWidget *language = kiosk_ui_find_by_id (GTK_WIDGET (window), "language_button");
  GtkWidget *large = kiosk_ui_find_by_id (GTK_WIDGET (window), "large_text_button");
  GtkWidget *contrast = kiosk_ui_find_by_id (GTK_WIDGET (window), "contrast_button");
  guint next_tile = 0;

  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  for (guint i = 0; i < 40; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        break;
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (order->len > 0 && focus == g_ptr_array_index (order, 0))
        break;
      g_ptr_array_add (order, focus);
    }

  /* The header's controls (the speak button first: it reads what follows), then every
   * tile in the catalogue's (reading) order. */
  g_assert_cmpuint (order->len, ==, 4 + tiles->len);
  g_assert_true (g_ptr_array_index (order, 0) == speak);
  g_assert_true (g_ptr_array_index (order, 1) == language);
  g_assert_true (g_ptr_array_index (order, 2) == large);
  g_assert_true (g_ptr_array_index (order, 3) == contrast);
  for (guint i = 4; i < order->len; i++)
    g_assert_true (g_ptr_array_index (order, i) == g_ptr_array_index (tiles, next_tile++));

  close_window (window);
}

static void
test_attract_screen_cycles_and_touch_starts (Fixture       *f,
                                             gconstpointer  data)
{
  KioskWindow *window = show_window (f->store);
  KioskAttractPage *attract;
  guint first;

  kiosk_window_set_language (window, "en");
  kiosk_window_end_session (window);
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "attract");
  /* Ending a session puts the default language back. */
  g_assert_cmpstr (kiosk_window_get_language (window), ==, "ar");
  attract = KIOSK_ATTRACT_PAGE (kiosk_ui_find_by_id (GTK_WIDGET (window), "attract_page"));
  KIOSK_UI_WAIT_FOR (gtk_widget_is_drawable (GTK_WIDGET (attract)));
  g_assert_cmpuint (kiosk_attract_page_get_n_highlights (attract), >=, 4);
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "«لا تتعنى»"));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "Touch the screen to start"));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "المس الشاشة للبدء"));
  first = kiosk_attract_page_get_highlight (attract);
  kiosk_attract_page_next_highlight (attract);
  g_assert_cmpuint (kiosk_attract_page_get_highlight (attract), !=, first);
  kiosk_ui_maybe_screenshot (window, "attract.png");

  /* A touch anywhere (the page's gesture activates win.start with no language). */
  gtk_widget_activate_action (GTK_WIDGET (attract), "win.start", "s", "");
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "home");
  g_assert_cmpstr (kiosk_window_get_language (window), ==, "ar");

  /* The English button starts in English. */
  kiosk_window_end_session (window);
  kiosk_ui_click (kiosk_ui_find_by_id (GTK_WIDGET (window), "start_en_button"));
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "home");
  g_assert_cmpstr (kiosk_window_get_language (window), ==, "en");
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "Muscat Municipality"));

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  kiosk_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/kiosk/ui/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("window/home-lists-services-in-arabic", test_home_lists_services_in_arabic);
  ADD ("window/language-button-switches-to-english-and-back",
       test_language_button_switches_to_english_and_back);
  ADD ("window/tile-shows-counter-notice", test_tile_shows_counter_notice);
  ADD ("window/missing-database-shows-not-ready", test_missing_database_shows_not_ready);
  ADD ("window/database-without-identity-shows-not-ready",
       test_database_without_identity_shows_not_ready);
  ADD ("window/tiles-have-icons-and-unbuilt-ones-say-counter",
       test_tiles_have_icons_and_unbuilt_ones_say_counter);
  ADD ("window/flow-tile-opens-flow-and-back-and-home-return",
       test_flow_tile_opens_flow_and_back_and_home_return);
  ADD ("window/every-control-is-named-in-both-languages",
       test_every_control_is_named_in_both_languages);
  ADD ("window/large-text-and-high-contrast-toggles", test_large_text_and_high_contrast_toggles);
  ADD ("window/tab-order-reads-header-then-tiles", test_tab_order_reads_header_then_tiles);
  ADD ("window/attract-screen-cycles-and-touch-starts",
       test_attract_screen_cycles_and_touch_starts);
  ADD ("application/renders-home-screenshot", test_application_renders_home_screenshot);
  ADD ("application/without-database-shows-not-ready",
       test_application_without_database_shows_not_ready);

#undef ADD

  return g_test_run ();
}
