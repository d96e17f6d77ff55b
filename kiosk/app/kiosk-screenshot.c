/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Widget → render node → texture → PNG. */
#define G_LOG_DOMAIN "kiosk-screenshot"

#include "config.h"

#include "kiosk-screenshot.h"

#include "kiosk-error.h"

/* If no frame is painted in this long (a stuck display), the widget is rendered anyway. */
#define FRAME_TIMEOUT_MS 10000

typedef struct
{
  char          *path;
  gulong         map_id;
  GdkFrameClock *clock;
  gulong         paint_id;
  guint          timeout_id;
  guint          idle_id;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->path);
  g_assert (data->map_id == 0 && data->paint_id == 0);
  g_assert (data->timeout_id == 0 && data->idle_id == 0);
  g_clear_object (&data->clock);
  g_free (data);
}

gboolean
kiosk_screenshot_save (GtkWidget   *widget,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GtkNative *native;
  GskRenderer *renderer;
  int width, height;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  native = gtk_widget_get_native (widget);
  renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  if (renderer == NULL || !gtk_widget_get_mapped (widget) || width <= 0 || height <= 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED,
                   "%s: the window is not on screen yet, nothing to render", path);
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED,
                   "%s: the window drew nothing", path);
      return FALSE;
    }

  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED,
                   "%s: cannot write the PNG file", path);
      return FALSE;
    }
  return TRUE;
}

static void
disconnect_all (GTask *task)
{
  SaveData *data = g_task_get_task_data (task);
  GtkWidget *widget = g_task_get_source_object (task);

  g_clear_signal_handler (&data->map_id, widget);
  g_clear_signal_handler (&data->paint_id, data->clock);
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  g_clear_handle_id (&data->idle_id, g_source_remove);
}

static gboolean
save_now_cb (gpointer user_data)
{
  GTask *task = user_data;
  SaveData *data = g_task_get_task_data (task);
  GError *error = NULL;

  /* The source is being dispatched: forget it rather than remove it. */
  data->idle_id = 0;
  disconnect_all (task);

  if (kiosk_screenshot_save (g_task_get_source_object (task), data->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (GTask *task)
{
  SaveData *data = g_task_get_task_data (task);

  /* Rendering from inside the frame clock's paint would nest frames: do it just after. */
  if (data->idle_id == 0)
    data->idle_id = g_idle_add (save_now_cb, task);
}

static void
after_paint_cb (GdkFrameClock *clock,
                GTask         *task)
{
  SaveData *data = g_task_get_task_data (task);

  g_clear_signal_handler (&data->paint_id, data->clock);
  schedule_save (task);
}

static gboolean
frame_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  SaveData *data = g_task_get_task_data (task);

  data->timeout_id = 0;
  g_debug ("no frame painted in %d ms, rendering anyway", FRAME_TIMEOUT_MS);
  schedule_save (task);
  return G_SOURCE_REMOVE;
}

static void
wait_for_frame (GTask *task)
{
  SaveData *data = g_task_get_task_data (task);
  GtkWidget *widget = g_task_get_source_object (task);

  g_clear_signal_handler (&data->map_id, widget);
  data->clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  data->paint_id = g_signal_connect (data->clock, "after-paint",
                                     G_CALLBACK (after_paint_cb), task);
  gdk_frame_clock_request_phase (data->clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

static void
map_cb (GtkWidget *widget,
        GTask     *task)
{
  wait_for_frame (task);
}

void
kiosk_screenshot_save_after_frame (GtkWidget           *widget,
                                   const char          *path,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;
  SaveData *data;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (path != NULL);

  task = g_task_new (widget, NULL, callback, user_data);
  g_task_set_source_tag (task, kiosk_screenshot_save_after_frame);
  data = g_new0 (SaveData, 1);
  data->path = g_strdup (path);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  /* The task holds itself until save_now_cb () returns it. */
  data->timeout_id = g_timeout_add (FRAME_TIMEOUT_MS, frame_timeout_cb, task);
  if (gtk_widget_get_mapped (widget))
    wait_for_frame (task);
  else
    data->map_id = g_signal_connect (widget, "map", G_CALLBACK (map_cb), task);
}

gboolean
kiosk_screenshot_save_finish (GtkWidget     *widget,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, widget), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
