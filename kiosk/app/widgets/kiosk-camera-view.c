/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Camera frames → GdkMemoryTexture → GtkPicture. */
#define G_LOG_DOMAIN "kiosk-camera-view"

#include "config.h"

#include "kiosk-camera-view.h"

struct _KioskCameraView
{
  GtkWidget    parent_instance;

  GtkPicture  *picture;
  KioskCamera *camera;
  gulong       frame_handler;
  guint        frames_shown;
};

enum
{
  PROP_0,
  PROP_CAMERA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KioskCameraView, kiosk_camera_view, GTK_TYPE_WIDGET)

static void
frame_ready_cb (KioskCamera     *camera,
                GBytes          *rgba,
                guint            width,
                guint            height,
                guint            stride,
                KioskCameraView *self)
{
  g_autoptr(GdkTexture) texture = NULL;

  /* The texture holds the GBytes, which holds the GStreamer buffer: the frame lives exactly as
   * long as it is on screen. */
  texture = gdk_memory_texture_new ((int) width, (int) height, GDK_MEMORY_R8G8B8A8, rgba, stride);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  self->frames_shown++;
}

static void
kiosk_camera_view_dispose (GObject *object)
{
  KioskCameraView *self = KIOSK_CAMERA_VIEW (object);

  kiosk_camera_view_set_camera (self, NULL);
  g_clear_pointer ((GtkWidget **) &self->picture, gtk_widget_unparent);

  G_OBJECT_CLASS (kiosk_camera_view_parent_class)->dispose (object);
}

static void
kiosk_camera_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KioskCameraView *self = KIOSK_CAMERA_VIEW (object);

  switch (prop_id)
    {
    case PROP_CAMERA:
      g_value_set_object (value, self->camera);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_camera_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KioskCameraView *self = KIOSK_CAMERA_VIEW (object);

  switch (prop_id)
    {
    case PROP_CAMERA:
      kiosk_camera_view_set_camera (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_camera_view_class_init (KioskCameraViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_camera_view_dispose;
  object_class->get_property = kiosk_camera_view_get_property;
  object_class->set_property = kiosk_camera_view_set_property;

  properties[PROP_CAMERA] =
    g_param_spec_object ("camera", NULL, NULL, KIOSK_TYPE_CAMERA,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "camera-view");
}

static void
kiosk_camera_view_init (KioskCameraView *self)
{
  self->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_content_fit (self->picture, GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_parent (GTK_WIDGET (self->picture), GTK_WIDGET (self));
}

GtkWidget *
kiosk_camera_view_new (void)
{
  return g_object_new (KIOSK_TYPE_CAMERA_VIEW, NULL);
}

void
kiosk_camera_view_set_camera (KioskCameraView *self,
                              KioskCamera     *camera)
{
  g_return_if_fail (KIOSK_IS_CAMERA_VIEW (self));
  g_return_if_fail (camera == NULL || KIOSK_IS_CAMERA (camera));

  if (self->camera == camera)
    return;
  if (self->camera != NULL)
    {
      g_clear_signal_handler (&self->frame_handler, self->camera);
      g_clear_object (&self->camera);
      if (self->picture != NULL)
        gtk_picture_set_paintable (self->picture, NULL);
    }
  if (camera != NULL)
    {
      self->camera = g_object_ref (camera);
      self->frame_handler = g_signal_connect (camera, "frame-ready",
                                              G_CALLBACK (frame_ready_cb), self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA]);
}

KioskCamera *
kiosk_camera_view_get_camera (KioskCameraView *self)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA_VIEW (self), NULL);
  return self->camera;
}

guint
kiosk_camera_view_get_frames_shown (KioskCameraView *self)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA_VIEW (self), 0);
  return self->frames_shown;
}

GtkPicture *
kiosk_camera_view_get_picture (KioskCameraView *self)
{
  g_return_val_if_fail (KIOSK_IS_CAMERA_VIEW (self), NULL);
  return self->picture;
}
