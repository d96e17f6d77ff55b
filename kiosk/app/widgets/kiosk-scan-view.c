/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scanning preview: camera view, guide frame, scanner. */
#define G_LOG_DOMAIN "kiosk-scan-view"

#include "config.h"

#include "kiosk-scan-view.h"

#include "kiosk-camera-view.h"
#include "kiosk-error.h"
#include "kiosk-scanner.h"

struct _KioskScanView
{
  GtkWidget        parent_instance;

  GtkWidget       *overlay;
  KioskCameraView *camera_view;
  GtkWidget       *guide;

  KioskCamera     *camera;
  KioskScanner    *scanner;
};

G_DEFINE_FINAL_TYPE (KioskScanView, kiosk_scan_view, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_CODE_FOUND,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
code_found_cb (KioskScanner  *scanner,
               const char    *payload,
               KioskScanView *self)
{
  g_signal_emit (self, signals[SIGNAL_CODE_FOUND], 0, payload);
}

static void
camera_error_cb (KioskCamera   *camera,
                 const GError  *error,
                 KioskScanView *self)
{
  g_autoptr(GError) copy = g_error_copy (error);

  g_message ("camera stopped while scanning: %s", error->message);
  kiosk_scan_view_stop (self);
  /* An empty frame would only puzzle the visitor; the page says what happened. */
  gtk_widget_set_visible (self->overlay, FALSE);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, copy);
}

void
kiosk_scan_view_stop (KioskScanView *self)
{
  g_return_if_fail (KIOSK_IS_SCAN_VIEW (self));

  if (self->camera != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->camera, self);
      kiosk_camera_set_scanner (self->camera, NULL);
      kiosk_camera_stop (self->camera);
      kiosk_camera_view_set_camera (self->camera_view, NULL);
      g_clear_object (&self->camera);
    }
  if (self->scanner != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->scanner, self);
      g_clear_object (&self->scanner);
    }
}

void
kiosk_scan_view_start (KioskScanView *self,
                       const char    *source)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KIOSK_IS_SCAN_VIEW (self));

  kiosk_scan_view_stop (self);
  self->camera = kiosk_camera_new (source != NULL ? source : "none");
  self->scanner = kiosk_scanner_new ();
  g_signal_connect (self->scanner, "code-found", G_CALLBACK (code_found_cb), self);
  g_signal_connect (self->camera, "error", G_CALLBACK (camera_error_cb), self);
  kiosk_camera_set_scanner (self->camera, self->scanner);

  if (!kiosk_camera_start (self->camera, &error))
    {
      g_message ("cannot scan: %s", error->message);
      kiosk_scan_view_stop (self);
      gtk_widget_set_visible (self->overlay, FALSE);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
      return;
    }
  kiosk_camera_view_set_camera (self->camera_view, self->camera);
  gtk_widget_set_visible (self->overlay, TRUE);
}

gboolean
kiosk_scan_view_is_running (KioskScanView *self)
{
  g_return_val_if_fail (KIOSK_IS_SCAN_VIEW (self), FALSE);

  return self->camera != NULL;
}

KioskCamera *
kiosk_scan_view_get_camera (KioskScanView *self)
{
  g_return_val_if_fail (KIOSK_IS_SCAN_VIEW (self), NULL);

  return self->camera;
}

/* A page that is left (back, home, the session ending) gives the camera back at once. */
static void
kiosk_scan_view_unmap (GtkWidget *widget)
{
  kiosk_scan_view_stop (KIOSK_SCAN_VIEW (widget));
  GTK_WIDGET_CLASS (kiosk_scan_view_parent_class)->unmap (widget);
}

static void
kiosk_scan_view_dispose (GObject *object)
{
  KioskScanView *self = KIOSK_SCAN_VIEW (object);

  kiosk_scan_view_stop (self);
  g_clear_pointer (&self->overlay, gtk_widget_unparent);

  G_OBJECT_CLASS (kiosk_scan_view_parent_class)->dispose (object);
}

static void
kiosk_scan_view_class_init (KioskScanViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_scan_view_dispose;
  widget_class->unmap = kiosk_scan_view_unmap;

  signals[SIGNAL_CODE_FOUND] =
    g_signal_new ("code-found", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kiosk-scan-view");
}

static void
kiosk_scan_view_init (KioskScanView *self)
{
  self->overlay = gtk_overlay_new ();
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));

  self->camera_view = KIOSK_CAMERA_VIEW (kiosk_camera_view_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->camera_view), 640, 480);
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), GTK_WIDGET (self->camera_view));

  /* The frame shows where to hold the code; the scanner reads the whole picture anyway. */
  self->guide = gtk_frame_new (NULL);
  gtk_widget_add_css_class (self->guide, "kiosk-scan-guide");
  gtk_widget_set_size_request (self->guide, 300, 300);
  gtk_widget_set_halign (self->guide, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->guide, GTK_ALIGN_CENTER);
  gtk_widget_set_can_target (self->guide, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->guide);
}

GtkWidget *
kiosk_scan_view_new (void)
{
  return g_object_new (KIOSK_TYPE_SCAN_VIEW, NULL);
}
