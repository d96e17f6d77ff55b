/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk's side of tests/browser/phone-report.test.mjs: the real kiosk window (under
 * Xvfb) on a seeded store, in the report flow's photo step with "Send photos from my phone"
 * chosen. It prints one JSON line per event and takes one command a line on standard input:
 *
 *   (start)  {"event":"link","url":…}       the link as read from a picture of the window
 *                                           with the kiosk's own QR decoder
 *   (always) {"event":"thumbnails",…}       each time the photo step's thumbnails change
 *   file     {"event":"filed",…}            Next, the place steps (what they proposed and
 *                                           the visitor confirms), Skip, a description, Send;
 *                                           then the report as the SQLite file holds it
 *   open     {"event":"link",…}             Home, a new report, its photo step, a new link
 *   leave    {"event":"left",…}             Next: the photo step is left
 *   count    {"event":"count",…}            photo files stored, thumbnails, link open
 *
 * It ends when standard input closes (or after 5 minutes). Test-only: never installed. */
#define G_LOG_DOMAIN "phone-report-kiosk"

#include "config.h"

#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <unistd.h>

#include "kiosk-i18n.h"
#include "kiosk-json.h"
#include "kiosk-phone-link.h"
#include "kiosk-report-flow.h"
#include "kiosk-photos.h"
#include "steps/kiosk-place-step.h"
#include "kiosk-ui-visitor.h"

#define LIFETIME_SECONDS (5 * 60)

typedef struct
{
  KioskStore  *store;
  KioskWindow *window;
  GMainLoop   *loop;
  GString     *input;
  guint        thumbnails;   /* as last printed */
} Kiosk;

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);

  printf ("%s\n", text);
  fflush (stdout);
}

static JsonBuilder *
event_new (const char *event)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, event);
  return builder;
}

static void
print_event (JsonBuilder *builder)
{
  json_builder_end_object (builder);
  print_json (builder);
  g_object_unref (builder);
}

/* The step of the flow showing, or NULL on a page that is not a flow (home). */
static const char *
step (Kiosk *kiosk)
{
  KioskPage *page = kiosk_window_get_page (kiosk->window);

  return KIOSK_IS_FLOW (page) ? kiosk_flow_get_step (KIOSK_FLOW (page)) : NULL;
}

static GtkWidget *
by_id (Kiosk      *kiosk,
       const char *id)
{
  return kiosk_ui_visitor_by_id (kiosk->window, id);
}

static guint
count_thumbnails (Kiosk *kiosk)
{
  KioskPage *page = kiosk_window_get_page (kiosk->window);
  GtkWidget *box = page != NULL ? kiosk_ui_find_by_id (GTK_WIDGET (page), "thumbnails") : NULL;
  guint n = 0;

  for (GtkWidget *child = box ? gtk_widget_get_first_child (box) : NULL; child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static guint
count_stored_photos (Kiosk *kiosk)
{
  g_autoptr(GDir) dir = g_dir_open (kiosk_store_get_photo_dir (kiosk->store), 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* The report flow's photo step with the phone chosen; prints the link its QR code reads. */
static void
open_phone_link (Kiosk *kiosk)
{
  g_autoptr(GPtrArray) codes = NULL;
  JsonBuilder *event;
  const char *url;

  kiosk_ui_visitor_open_service (kiosk->window, "report");
  kiosk_ui_click (kiosk_ui_find_choice (by_id (kiosk, "category_list"), "street_light_out"));
  g_assert_cmpstr (step (kiosk), ==, "photos");
  kiosk_ui_click (by_id (kiosk, "phone_button"));
  kiosk_ui_wait_for_frame (kiosk->window);
  url = kiosk_phone_link_get_url (KIOSK_PHONE_LINK (by_id (kiosk, "phone_link")));
  g_assert_nonnull (url);

  codes = kiosk_ui_read_qr_codes (GTK_WIDGET (kiosk->window));
  kiosk_ui_maybe_screenshot (kiosk->window, "kiosk-phone-link-ar.png");
  g_assert_cmpuint (codes->len, ==, 1);
  g_assert_cmpstr (codes->pdata[0], ==, url);
  event = event_new ("link");
  kiosk_json_add_string (event, "url", codes->pdata[0]);
  print_event (event);
}

static void
add_proposal (JsonBuilder *event,
              Kiosk       *kiosk,
              const char  *id,
              const char  *prefix)
{
  KioskPlaceStep *place = KIOSK_PLACE_STEP (by_id (kiosk, id));
  KioskChoiceItem *proposed = kiosk_place_step_get_proposed (place);
  const char *code = proposed ? kiosk_choice_item_get_code (proposed) : NULL;
  GtkWidget *row = code ? kiosk_ui_find_choice (GTK_WIDGET (place), code) : NULL;
  g_autofree char *name = g_strconcat (prefix, "_proposed", NULL);
  g_autofree char *marked = g_strconcat (prefix, "_marked_first", NULL);
  g_autofree char *hint = g_strconcat (prefix, "_hint", NULL);

  kiosk_json_add_string (event, name, code);
  kiosk_json_add_bool (event, marked,
                       row != NULL && gtk_widget_has_css_class (row, "kiosk-proposed") &&
                       row == kiosk_place_step_get_first_row (place));
  kiosk_json_add_string (event, hint, kiosk_step_get_hint (KIOSK_STEP (place)));
}

/* The visitor confirms the places the photo proposed and sends the report. */
static void
file_report (Kiosk *kiosk)
{
  KioskReportFlow *flow = KIOSK_REPORT_FLOW (kiosk_window_get_page (kiosk->window));
  JsonBuilder *event = event_new ("filed");
  g_autoptr(GPtrArray) photos = NULL;
  KioskChoiceItem *proposed;

  kiosk_ui_click (by_id (kiosk, "photos_next_button"));
  g_assert_cmpstr (step (kiosk), ==, "wilayat");
  kiosk_ui_wait_for_frame (kiosk->window);
  kiosk_ui_maybe_screenshot (kiosk->window, "kiosk-wilayat-from-photo-ar.png");
  add_proposal (event, kiosk, "wilayat", "wilayat");
  proposed = kiosk_place_step_get_proposed (KIOSK_PLACE_STEP (by_id (kiosk, "wilayat")));
  g_assert_nonnull (proposed);
  kiosk_ui_click (kiosk_ui_find_choice (by_id (kiosk, "wilayat"),
                                        kiosk_choice_item_get_code (proposed)));
  g_assert_cmpstr (step (kiosk), ==, "area");
  kiosk_ui_wait_for_frame (kiosk->window);
  kiosk_ui_maybe_screenshot (kiosk->window, "kiosk-area-from-photo-ar.png");
  add_proposal (event, kiosk, "area", "area");
  proposed = kiosk_place_step_get_proposed (KIOSK_PLACE_STEP (by_id (kiosk, "area")));
  g_assert_nonnull (proposed);
  kiosk_ui_click (kiosk_ui_find_choice (by_id (kiosk, "area"),
                                        kiosk_choice_item_get_code (proposed)));
  g_assert_cmpstr (step (kiosk), ==, "landmark");
  kiosk_ui_click (by_id (kiosk, "landmark_skip_button"));
  kiosk_ui_visitor_type (kiosk->window, "الإنارة مطفأة");
  kiosk_ui_click (by_id (kiosk, "description_next_button"));
  g_assert_cmpstr (step (kiosk), ==, "phone");
  kiosk_ui_click (by_id (kiosk, "phone_skip_button"));
  if (g_strcmp0 (step (kiosk), "similar") == 0)
    kiosk_ui_click (by_id (kiosk, "similar_new_button"));
  g_assert_cmpstr (step (kiosk), ==, "review");
  kiosk_ui_click (by_id (kiosk, "review_submit_button"));
  g_assert_cmpstr (step (kiosk), ==, "receipt");

  /* The report as the SQLite file holds it. */
  kiosk_json_add_string (event, "reference", kiosk_report_flow_get_reference (flow));
  photos = kiosk_test_query_column (kiosk->store,
                                    "SELECT sha256 FROM report_photos WHERE report_uuid = ?1"
                                    " ORDER BY position", kiosk_report_flow_get_uuid (flow), NULL);
  json_builder_set_member_name (event, "photos");
  json_builder_begin_array (event);
  for (guint i = 0; i < photos->len; i++)
    json_builder_add_string_value (event, g_ptr_array_index (photos, i));
  json_builder_end_array (event);
#define REPORT_INT(column) \
  kiosk_json_add_int (event, column, \
                      kiosk_test_query_int (kiosk->store, "SELECT coalesce (" column \
                                            ", -1) FROM reports WHERE uuid = ?1", \
                                            kiosk_report_flow_get_uuid (flow), NULL))
  REPORT_INT ("latitude_e6");
  REPORT_INT ("longitude_e6");
#undef REPORT_INT
  photos = (g_ptr_array_unref (photos),
            kiosk_test_query_column (kiosk->store,
                                     "SELECT wilayat_code || ' ' || area_code FROM reports"
                                     " WHERE uuid = ?1", kiosk_report_flow_get_uuid (flow),
                                     NULL));
  g_assert_cmpuint (photos->len, ==, 1);
  kiosk_json_add_string (event, "place", g_ptr_array_index (photos, 0));
  kiosk_json_add_bool (event, "link_open",
                       kiosk_phone_upload_is_active (kiosk_window_get_phone_upload (kiosk->window)));
  print_event (event);
}

static void
print_count (Kiosk      *kiosk,
             const char *name)
{
  JsonBuilder *event = event_new (name);

  kiosk_json_add_int (event, "stored", count_stored_photos (kiosk));
  kiosk_json_add_int (event, "thumbnails", count_thumbnails (kiosk));
  kiosk_json_add_bool (event, "link_open",
                       kiosk_phone_upload_is_active (kiosk_window_get_phone_upload (kiosk->window)));
  kiosk_json_add_string (event, "step", step (kiosk));
  print_event (event);
}

static void
open_new_report (Kiosk *kiosk)
{
  gtk_widget_activate_action (GTK_WIDGET (kiosk->window), "win.home", NULL);
  KIOSK_UI_WAIT_FOR (g_strcmp0 (kiosk_window_get_page_name (kiosk->window), "home") == 0);
  kiosk->thumbnails = 0;
  open_phone_link (kiosk);
}

static void
leave_photo_step (Kiosk *kiosk)
{
  kiosk_ui_click (by_id (kiosk, "photos_next_button"));
  g_assert_cmpstr (step (kiosk), ==, "wilayat");
  print_count (kiosk, "left");
}

static void
run_command (Kiosk      *kiosk,
             const char *command)
{
  if (g_str_equal (command, "file"))
    file_report (kiosk);
  else if (g_str_equal (command, "open"))
    open_new_report (kiosk);
  else if (g_str_equal (command, "leave"))
    leave_photo_step (kiosk);
  else if (g_str_equal (command, "count"))
    print_count (kiosk, "count");
  else
    g_error ("unknown command \"%s\"", command);
}

static gboolean
stdin_cb (int          fd,
          GIOCondition condition,
          gpointer     user_data)
{
  Kiosk *kiosk = user_data;
  char buffer[256];
  gssize n = read (fd, buffer, sizeof buffer);
  char *end;

  if (n <= 0)
    {
      g_main_loop_quit (kiosk->loop);
      return G_SOURCE_REMOVE;
    }
  g_string_append_len (kiosk->input, buffer, n);
  if (kiosk->input->len > 4096)
    g_error ("command line too long");
  while ((end = strchr (kiosk->input->str, '\n')) != NULL)
    {
      g_autofree char *command = g_strndup (kiosk->input->str, end - kiosk->input->str);

      g_string_erase (kiosk->input, 0, end - kiosk->input->str + 1);
      run_command (kiosk, g_strstrip (command));
    }
  return G_SOURCE_CONTINUE;
}

/* Thumbnails as the visitor sees them appear: polled, so the time measured is the screen's. */
static gboolean
watch_thumbnails_cb (gpointer user_data)
{
  Kiosk *kiosk = user_data;
  guint n;
  JsonBuilder *event;

  if (g_strcmp0 (step (kiosk), "photos") != 0)
    return G_SOURCE_CONTINUE;
  n = count_thumbnails (kiosk);
  if (n == kiosk->thumbnails)
    return G_SOURCE_CONTINUE;
  kiosk->thumbnails = n;
  kiosk_ui_maybe_screenshot (kiosk->window, "kiosk-phone-photo-received-ar.png");
  event = event_new ("thumbnails");
  kiosk_json_add_int (event, "count", n);
  kiosk_json_add_int (event, "stored", count_stored_photos (kiosk));
  kiosk_json_add_bool (event, "remove_button",
                       n > 0 && kiosk_ui_holds_text (by_id (kiosk, "thumbnails"), "حذف"));
  print_event (event);
  return G_SOURCE_CONTINUE;
}

static gboolean
give_up_cb (gpointer user_data)
{
  Kiosk *kiosk = user_data;

  g_printerr ("phone-report-kiosk: no end after %d s, stopping\n", LIFETIME_SECONDS);
  g_main_loop_quit (kiosk->loop);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  Kiosk kiosk = { 0 };

  kiosk_ui_test_init (&argc, &argv);
  if (argc != 2)
    {
      g_printerr ("usage: phone-report-kiosk DIR\n");
      return 2;
    }
  config = kiosk_config_new_defaults ();
  if (!kiosk_config_override (config, "phone-upload.listen=127.0.0.1:0", &error))
    g_error ("%s", error->message);
  kiosk.store = kiosk_test_store_new (argv[1], TRUE);
  kiosk.loop = g_main_loop_new (NULL, FALSE);
  kiosk.input = g_string_new (NULL);
  kiosk_i18n_set_language ("ar");
  kiosk.window = kiosk_ui_show_window (kiosk.store, config);
  open_phone_link (&kiosk);

  g_unix_fd_add (0, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_cb, &kiosk);
  g_timeout_add (20, watch_thumbnails_cb, &kiosk);
  g_timeout_add_seconds (LIFETIME_SECONDS, give_up_cb, &kiosk);
  g_main_loop_run (kiosk.loop);

  kiosk_ui_close_window (kiosk.window);
  kiosk_store_close (kiosk.store);
  g_main_loop_unref (kiosk.loop);
  g_string_free (kiosk.input, TRUE);
  return 0;
}
