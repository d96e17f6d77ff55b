/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared helpers of the UI tests. */
#define G_LOG_DOMAIN "kiosk-ui-test"

#include "config.h"

#include "kiosk-ui-test-util.h"

#include "kiosk-application.h"
#include "kiosk-i18n.h"
#include "kiosk-qr-decoder.h"
#include "kiosk-screenshot.h"
#include "steps/kiosk-choice-row.h"
#include "steps/kiosk-step.h"

void
kiosk_ui_test_init (int    *argc,
                    char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  kiosk_i18n_init ();
  kiosk_application_install_fonts_and_icons (gdk_display_get_default ());
  /* Sizes are checked as a visitor gets them; a broken style sheet warns, and warnings are
   * fatal here. */
  kiosk_application_install_style (gdk_display_get_default ());
}

static gboolean
wake_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
kiosk_ui_iterate (void)
{
  gboolean woke = FALSE;
  guint id = g_timeout_add (10, wake_cb, &woke);

  g_main_context_iteration (NULL, TRUE);
  if (!woke)
    g_source_remove (id);
}

void
kiosk_ui_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    kiosk_ui_iterate ();
}

void
kiosk_ui_wait_for (gboolean    (*cond) (gpointer data),
                   gpointer      data,
                   const char   *what)
{
  gint64 deadline = g_get_monotonic_time () + KIOSK_UI_WAIT_MS * G_TIME_SPAN_MILLISECOND;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      kiosk_ui_iterate ();
    }
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

void
kiosk_ui_wait_for_frame (KioskWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gboolean painted = FALSE;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  KIOSK_UI_WAIT_FOR (painted);
  g_signal_handler_disconnect (clock, handler);
}

KioskWindow *
kiosk_ui_show_window (KioskStore        *store,
                      const KioskConfig *config)
{
  KioskWindow *window = kiosk_window_new_with_config (NULL, store, config);

  /* GTK owns toplevels; the test keeps its own reference to prove they are freed. */
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  KIOSK_UI_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  kiosk_ui_wait_for_frame (window);
  return window;
}

void
kiosk_ui_close_window (KioskWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

GtkWidget *
kiosk_ui_find_by_id (GtkWidget  *widget,
                     const char *id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kiosk_ui_find_by_id (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
kiosk_ui_find_choice (GtkWidget  *widget,
                      const char *code)
{
  if (KIOSK_IS_CHOICE_ROW (widget) && g_strcmp0 (gtk_widget_get_name (widget), code) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kiosk_ui_find_choice (child, code);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
kiosk_ui_find_step_error (GtkWidget  *widget,
                          const char *id)
{
  GtkWidget *found = kiosk_ui_find_by_id (widget, id);

  if (found != NULL && KIOSK_IS_STEP (found))
    return kiosk_ui_find_by_id (found, "step_error");
  return found;
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

GPtrArray *
kiosk_ui_find_all (GtkWidget *widget,
                   GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (widget, type, found);
  return found;
}

/* The first label under `widget` (or itself) drawn showing exactly `text`, or NULL. */
static GtkWidget *
find_drawn_label (GtkWidget  *widget,
                  const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_drawn_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
kiosk_ui_shows_label (GtkWidget  *widget,
                      const char *text)
{
  return find_drawn_label (widget, text) != NULL;
}

gboolean
kiosk_ui_shows_identifier (GtkWidget  *widget,
                           const char *id)
{
  g_autofree char *isolated = g_strconcat ("\u2066", id, "\u2069", NULL);
  GtkWidget *label = find_drawn_label (widget, isolated);

  return label != NULL && gtk_widget_get_direction (label) == GTK_TEXT_DIR_LTR;
}

gboolean
kiosk_ui_holds_text (GtkWidget  *widget,
                     const char *needle)
{
  g_autofree char *text = NULL;

  if (GTK_IS_LABEL (widget))
    text = g_strdup (gtk_label_get_label (GTK_LABEL (widget)));
  else if (GTK_IS_EDITABLE (widget))
    text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
  else if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
    }
  if (text != NULL && strstr (text, needle) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (kiosk_ui_holds_text (child, needle))
      return TRUE;
  return FALSE;
}

static void
clicked_cb (GtkButton *button,
            gboolean  *clicked)
{
  *clicked = TRUE;
}

void
kiosk_ui_click (GtkWidget *button)
{
  gboolean clicked = FALSE;
  gulong handler;

  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_object_ref (button);
  /* A button only activates once it is on screen, as a finger only finds it there. */
  KIOSK_UI_WAIT_FOR (gtk_widget_get_mapped (button));
  handler = g_signal_connect (button, "clicked", G_CALLBACK (clicked_cb), &clicked);
  gtk_widget_activate (button);
  KIOSK_UI_WAIT_FOR (clicked);
  g_signal_handler_disconnect (button, handler);
  g_object_unref (button);
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

void
kiosk_ui_maybe_screenshot (KioskWindow *window,
                           const char  *name)
{
  const char *dir = g_getenv ("KIOSK_TEST_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  gboolean done = FALSE;

  if (dir == NULL || dir[0] == '\0')
    return;
  path = g_build_filename (dir, name, NULL);
  kiosk_screenshot_save_after_frame (GTK_WIDGET (window), path, screenshot_done_cb, &done);
  KIOSK_UI_WAIT_FOR (done);
}

guint8 *
kiosk_ui_render (GtkWidget *widget,
                 int       *out_width,
                 int       *out_height)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  guint8 *rgba;
  int width, height;

  KIOSK_UI_WAIT_FOR (gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0);
  kiosk_ui_spin (100);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  *out_width = gdk_texture_get_width (texture);
  *out_height = gdk_texture_get_height (texture);
  rgba = g_malloc ((gsize) *out_width * *out_height * 4);
  gdk_texture_download (texture, rgba, (gsize) *out_width * 4);
  return rgba;
}

GPtrArray *
kiosk_ui_read_qr_codes (GtkWidget *widget)
{
  g_autoptr(KioskQrDecoder) decoder = NULL;
  g_autofree guint8 *gray = NULL;
  int width, height;
  g_autofree guint8 *rgba = kiosk_ui_render (widget, &width, &height);

  /* Premultiplied ARGB in memory order B G R A, over the page's background (transparent
   * where the window shows through): light unless a module is drawn. */
  gray = g_malloc ((gsize) width * height);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      guint8 *p = rgba + 4 * i;
      guint alpha = p[3];
      guint luma = (p[0] * 29 + p[1] * 150 + p[2] * 77) >> 8;

      gray[i] = (guint8) MIN (luma + (255 - alpha), 255);
    }
  decoder = kiosk_qr_decoder_new ();
  return kiosk_qr_decoder_decode_gray8 (decoder, gray, width, height, width, NULL);
}
