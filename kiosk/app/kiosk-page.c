/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The page base class. */
#define G_LOG_DOMAIN "kiosk-page"

#include "config.h"

#include "kiosk-page.h"

typedef struct
{
  char *title;
} KioskPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (KioskPage, kiosk_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiosk_page_real_retranslate (KioskPage *self)
{
}

static void
kiosk_page_real_reset (KioskPage *self)
{
}

static gboolean
kiosk_page_real_go_back (KioskPage *self)
{
  return FALSE;
}

static GtkWidget *
kiosk_page_real_get_initial_focus (KioskPage *self)
{
  return NULL;
}

static void
kiosk_page_dispose (GObject *object)
{
  GtkWidget *child;

  /* Subclasses with templates dispose them first; whatever is left goes here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kiosk_page_parent_class)->dispose (object);
}

static void
kiosk_page_finalize (GObject *object)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (KIOSK_PAGE (object));

  g_clear_pointer (&priv->title, g_free);

  G_OBJECT_CLASS (kiosk_page_parent_class)->finalize (object);
}

static void
kiosk_page_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, kiosk_page_get_title (KIOSK_PAGE (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_page_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_TITLE:
      kiosk_page_set_title (KIOSK_PAGE (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_page_class_init (KioskPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_page_dispose;
  object_class->finalize = kiosk_page_finalize;
  object_class->get_property = kiosk_page_get_property;
  object_class->set_property = kiosk_page_set_property;

  klass->retranslate = kiosk_page_real_retranslate;
  klass->reset = kiosk_page_real_reset;
  klass->go_back = kiosk_page_real_go_back;
  klass->get_initial_focus = kiosk_page_real_get_initial_focus;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kiosk_page_init (KioskPage *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

const char *
kiosk_page_get_title (KioskPage *self)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);

  g_return_val_if_fail (KIOSK_IS_PAGE (self), NULL);

  return priv->title;
}

void
kiosk_page_set_title (KioskPage  *self,
                      const char *title)
{
  KioskPagePrivate *priv = kiosk_page_get_instance_private (self);

  g_return_if_fail (KIOSK_IS_PAGE (self));

  if (g_strcmp0 (priv->title, title) == 0)
    return;
  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
kiosk_page_retranslate (KioskPage *self)
{
  g_return_if_fail (KIOSK_IS_PAGE (self));

  KIOSK_PAGE_GET_CLASS (self)->retranslate (self);
}

void
kiosk_page_reset (KioskPage *self)
{
  g_return_if_fail (KIOSK_IS_PAGE (self));

  KIOSK_PAGE_GET_CLASS (self)->reset (self);
}

gboolean
kiosk_page_go_back (KioskPage *self)
{
  g_return_val_if_fail (KIOSK_IS_PAGE (self), FALSE);

  return KIOSK_PAGE_GET_CLASS (self)->go_back (self);
}

GtkWidget *
kiosk_page_get_initial_focus (KioskPage *self)
{
  g_return_val_if_fail (KIOSK_IS_PAGE (self), NULL);

  return KIOSK_PAGE_GET_CLASS (self)->get_initial_focus (self);
}
