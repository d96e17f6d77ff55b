/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every page the screenshot tour reaches, in both languages, portrait (1080×1920) or
 * landscape (1920×1080), looked at as a visitor's finger and eyes meet it (issue 11):
 * - with the on-screen keyboard open, the focused field, the step's errors and its primary
 *   buttons are in view: inside every scroller around them and clear of the keyboard (or, for
 *   the errors and buttons, shown by the bar above the keyboard);
 * - every shown, sensitive touch target is at least 72 px high and wide (kiosk.css: "Every
 *   touch target is at least 72 px high"; a finger needs the width too);
 * - no shown label is ellipsized;
 * - the window keeps the screen's size.
 * Every finding of a pass is listed before the test fails, so one run shows them all. */
#define G_LOG_DOMAIN "test-layout"

#include "config.h"

#include <gtk/gtk.h>

#include "kiosk-application.h"
#include "kiosk-screenshots.h"
#include "kiosk-ui-test-util.h"
#include "widgets/kiosk-keyboard-bar.h"

#define MIN_TARGET_PX 72
/* The whole tour, one orientation, both languages, with room for a loaded CI machine. */
#define WALK_TIMEOUT_S 300

/* Findings that are deliberate, each with its reason. A finding is allowed when its text
 * starts with the entry's prefix. */
static const struct
{
  const char *prefix;
  const char *reason;
} allowed[] = {
  /* A page to browse: its search field opens the keyboard when touched, as the tour's
   * guide-search-keyboard shows. */
  { "guide-categories-ar: a text field shown with the keyboard closed", "browsing" },
  { "guide-categories-en: a text field shown with the keyboard closed", "browsing" },
  /* The desk's receipts page waits for a scan (the Reprint button has the focus);
   * attendant-reprint-keyboard shows the reference typed. */
  { "attendant-receipts-ar: a text field shown with the keyboard closed", "scanning" },
  { "attendant-receipts-en: a text field shown with the keyboard closed", "scanning" },
  { NULL, NULL },
};

typedef struct
{
  GString    *findings;
  const char *page;
  const char *language;
  guint       n_pages;
  guint       n_keyboard_pages;
  gboolean    done;
  GError     *error;
} Walk;

static void
describe (GString   *out,
          GtkWidget *widget)
{
  const char *id = GTK_IS_BUILDABLE (widget)
                     ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) : NULL;
  const char *name = gtk_widget_get_name (widget);

  g_string_append (out, G_OBJECT_TYPE_NAME (widget));
  if (id != NULL)
    g_string_append_printf (out, "#%s", id);
  else if (name != NULL && g_strcmp0 (name, G_OBJECT_TYPE_NAME (widget)) != 0)
    g_string_append_printf (out, "#%s", name);
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_first_child (w))
    if (GTK_IS_LABEL (w) || (GTK_IS_BUTTON (w) && gtk_button_get_label (GTK_BUTTON (w))))
      {
        const char *text = GTK_IS_LABEL (w) ? gtk_label_get_text (GTK_LABEL (w))
                                            : gtk_button_get_label (GTK_BUTTON (w));
        g_autofree char *start = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), 40));

        g_string_append_printf (out, " \"%s\"", start);
        break;
      }
}

static void G_GNUC_PRINTF (3, 4)
add_finding (Walk       *walk,
             GtkWidget  *widget,
             const char *format,
             ...)
{
  g_autoptr(GString) line = g_string_new (NULL);
  va_list args;

  g_string_append_printf (line, "%s-%s: ", walk->page, walk->language);
  va_start (args, format);
  g_string_append_vprintf (line, format, args);
  va_end (args);
  if (widget != NULL)
    {
      g_string_append (line, ": ");
      describe (line, widget);
    }
  for (guint i = 0; allowed[i].prefix != NULL; i++)
    if (g_str_has_prefix (line->str, allowed[i].prefix))
      return;
  g_string_append_printf (walk->findings, "  %s\n", line->str);
}

static gboolean
bounds_in (GtkWidget       *widget,
           GtkWidget       *window,
           graphene_rect_t *bounds)
{
  return gtk_widget_compute_bounds (widget, window, bounds);
}

static gboolean
rect_contains (const graphene_rect_t *outer,
               const graphene_rect_t *inner)
{
  /* A pixel of rounding either way. */
  return inner->origin.x >= outer->origin.x - 1 && inner->origin.y >= outer->origin.y - 1 &&
         inner->origin.x + inner->size.width <= outer->origin.x + outer->size.width + 1 &&
         inner->origin.y + inner->size.height <= outer->origin.y + outer->size.height + 1;
}

/* Whether all of `widget` can be seen: inside each scroller around it and the window, and
 * clear of `keyboard` (NULL: hidden). */
static gboolean
is_in_view (GtkWidget *widget,
            GtkWidget *window,
            GtkWidget *keyboard)
{
  graphene_rect_t bounds, clip, overlap;

  if (!gtk_widget_get_mapped (widget) || !bounds_in (widget, window, &bounds))
    return FALSE;
  for (GtkWidget *up = gtk_widget_get_parent (widget); up != NULL; up = gtk_widget_get_parent (up))
    if ((GTK_IS_SCROLLED_WINDOW (up) || up == window) &&
        (!bounds_in (up, window, &clip) || !rect_contains (&clip, &bounds)))
      return FALSE;
  if (keyboard != NULL && bounds_in (keyboard, window, &clip) &&
      graphene_rect_intersection (&clip, &bounds, &overlap) &&
      overlap.size.width > 1 && overlap.size.height > 1)
    return FALSE;
  return TRUE;
}

/* What a finger touches: a button (toggles included), a check button, a switch, a row of a
 * list that reacts to a tap. */
static gboolean
is_touch_target (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX_ROW (widget))
    return gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget)) &&
           gtk_widget_get_focusable (widget);
  return GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget);
}

static void
check_targets_and_labels (Walk      *walk,
                          GtkWidget *widget,
                          gboolean   inside_target)
{
  gboolean target;

  if (!gtk_widget_get_mapped (widget))
    return;
  target = is_touch_target (widget) && gtk_widget_is_sensitive (widget);
  /* A target inside a larger one (a tick in its row) is reached through the larger one. */
  if (target && !inside_target &&
      (gtk_widget_get_width (widget) < MIN_TARGET_PX ||
       gtk_widget_get_height (widget) < MIN_TARGET_PX))
    add_finding (walk, widget, "touch target %d×%d px", gtk_widget_get_width (widget),
                 gtk_widget_get_height (widget));
  if (GTK_IS_LABEL (widget) &&
      pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    add_finding (walk, widget, "ellipsized");
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_targets_and_labels (walk, child, inside_target || target);
}

/* The focused text input as a visitor sees it: an entry's box, a text view's scroller. */
static GtkWidget *
field_of (GtkWidget *focus)
{
  GtkWidget *parent = focus != NULL ? gtk_widget_get_parent (focus) : NULL;

  if (GTK_IS_TEXT (focus) && GTK_IS_EDITABLE (parent))
    return parent;
  if (GTK_IS_TEXT_VIEW (focus) && GTK_IS_SCROLLED_WINDOW (parent))
    return parent;
  if (GTK_IS_TEXT (focus) || GTK_IS_TEXT_VIEW (focus))
    return focus;
  return NULL;
}

static gboolean
is_shown_text_input (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if ((GTK_IS_TEXT (widget) && gtk_editable_get_editable (GTK_EDITABLE (widget))) ||
      (GTK_IS_TEXT_VIEW (widget) && gtk_text_view_get_editable (GTK_TEXT_VIEW (widget))))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (is_shown_text_input (child))
      return TRUE;
  return FALSE;
}

static KioskKeyboardBar *
bar_of (GtkWidget *window)
{
  g_autoptr(GPtrArray) bars = kiosk_ui_find_all (window, KIOSK_TYPE_KEYBOARD_BAR);

  g_assert_cmpuint (bars->len, ==, 1);
  return g_ptr_array_index (bars, 0);
}

/* The bar's error label or button (whichever `type` and style say) when shown in view. */
static GtkWidget *
bar_part (KioskKeyboardBar *bar,
          GType             type,
          const char       *style,
          GtkWidget        *window,
          GtkWidget        *keyboard)
{
  g_autoptr(GPtrArray) parts = kiosk_ui_find_all (GTK_WIDGET (bar), type);

  for (guint i = 0; i < parts->len; i++)
    {
      GtkWidget *part = g_ptr_array_index (parts, i);

      if (gtk_widget_has_css_class (part, style) && is_in_view (part, window, keyboard))
        return part;
    }
  return NULL;
}

static void
check_keyboard (Walk      *walk,
                GtkWidget *window)
{
  KioskWindow *kiosk = KIOSK_WINDOW (window);
  GtkWidget *page = GTK_WIDGET (kiosk_window_get_page (kiosk));
  GtkWidget *keyboard = GTK_WIDGET (kiosk_window_get_keyboard (kiosk));
  GtkWidget *field = field_of (gtk_root_get_focus (GTK_ROOT (window)));
  KioskKeyboardBar *bar = bar_of (window);
  GtkWidget *bar_button, *bar_error;
  g_autoptr(GPtrArray) buttons = NULL;
  g_autoptr(GPtrArray) labels = NULL;

  if (page == NULL || !gtk_widget_get_mapped (page) ||
      g_strcmp0 (kiosk_window_get_page_name (kiosk), "attract") == 0)
    return;
  if (!kiosk_window_get_keyboard_shown (kiosk) || !gtk_widget_get_mapped (keyboard))
    {
      /* The tour shows every text step as a visitor meets it: typing. */
      if (is_shown_text_input (page))
        add_finding (walk, NULL, "a text field shown with the keyboard closed");
      return;
    }
  walk->n_keyboard_pages++;

  if (field == NULL)
    add_finding (walk, NULL, "the keyboard is open with no text field focused");
  else if (!is_in_view (field, window, keyboard))
    add_finding (walk, field, "the focused field is out of view");

  bar_button = bar_part (bar, GTK_TYPE_BUTTON, "kiosk-primary", window, keyboard);
  buttons = kiosk_ui_find_all (page, GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (!gtk_widget_get_mapped (button) || !gtk_widget_has_css_class (button, "kiosk-primary") ||
          is_in_view (button, window, keyboard))
        continue;
      if (bar_button == NULL || kiosk_keyboard_bar_get_primary (bar) != button)
        add_finding (walk, button, "a primary button is out of view");
      else if (gtk_widget_get_sensitive (bar_button) != gtk_widget_is_sensitive (button))
        add_finding (walk, button, "the keyboard bar's button is not as sensitive as");
    }

  bar_error = bar_part (bar, GTK_TYPE_LABEL, "kiosk-error", window, keyboard);
  labels = kiosk_ui_find_all (page, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      const char *text = gtk_label_get_text (GTK_LABEL (label));

      if (!gtk_widget_get_mapped (label) || !gtk_widget_has_css_class (label, "kiosk-error") ||
          *text == '\0' || is_in_view (label, window, keyboard))
        continue;
      if (bar_error == NULL || g_strcmp0 (gtk_label_get_text (GTK_LABEL (bar_error)), text) != 0)
        add_finding (walk, label, "an error is out of view");
    }
}

static void
visit_cb (GtkWidget  *shown,
          const char *page,
          const char *language,
          gpointer    data)
{
  Walk *walk = data;
  int width, height;

  walk->page = page;
  walk->language = language;
  walk->n_pages++;
  /* The tour gave the page its frames to settle (kiosk-screenshots.c, SETTLE_FRAMES). */
  gtk_window_get_default_size (GTK_WINDOW (shown), &width, &height);
  if (gtk_widget_get_width (shown) != width || gtk_widget_get_height (shown) != height)
    add_finding (walk, NULL, "the window grew to %d×%d px", gtk_widget_get_width (shown),
                 gtk_widget_get_height (shown));
  check_keyboard (walk, shown);
  check_targets_and_labels (walk, shown, FALSE);
}

static void
walked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  Walk *walk = data;

  kiosk_screenshots_run_finish (KIOSK_WINDOW (object), result, &walk->error);
  walk->done = TRUE;
}

static void
walk_tour (int width,
           int height)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  KioskStore *store = kiosk_application_open_demo_store (&dir, &error);
  KioskWindow *window;
  Walk walk = { g_string_new (NULL), };
  gint64 deadline = g_get_monotonic_time () + WALK_TIMEOUT_S * G_TIME_SPAN_SECOND;

  g_assert_no_error (error);
  window = kiosk_window_new (NULL, store);
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  kiosk_window_set_landscape (window, width > height);
  gtk_window_present (GTK_WINDOW (window));
  KIOSK_UI_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  kiosk_ui_wait_for_frame (window);

  kiosk_screenshots_walk (window, visit_cb, &walk, walked_cb, &walk);
  while (!walk.done)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the tour did not end in %d s (at %s)", WALK_TIMEOUT_S, walk.page);
      kiosk_ui_iterate ();
    }
  g_assert_no_error (walk.error);

  g_test_message ("%u pages, %u with the keyboard open", walk.n_pages, walk.n_keyboard_pages);
  if (walk.findings->len > 0)
    g_test_message ("%d×%d:\n%s", width, height, walk.findings->str);
  g_assert_cmpstr (walk.findings->str, ==, "");
  /* The tour walked: both languages of every page, a dozen text steps each. */
  g_assert_cmpuint (walk.n_pages, ==, 2 * g_strv_length ((char **) kiosk_screenshots_get_pages ()));
  g_assert_cmpuint (walk.n_keyboard_pages, >=, 2 * 12);

  g_string_free (walk.findings, TRUE);
  kiosk_ui_close_window (window);
  kiosk_store_close (store);
  kiosk_application_remove_demo_dir (dir);
}

static void
test_portrait (void)
{
  walk_tour (1080, 1920);
}

static void
test_landscape (void)
{
  walk_tour (1920, 1080);
}

int
main (int   argc,
      char *argv[])
{
  kiosk_ui_test_init (&argc, &argv);
  /* Each page as it settles, without waiting on slides. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/kiosk/ui/layout/portrait", test_portrait);
  g_test_add_func ("/kiosk/ui/layout/landscape", test_landscape);
  return g_test_run ();
}
