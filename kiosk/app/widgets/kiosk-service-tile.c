/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A home-screen service tile. */
#define G_LOG_DOMAIN "kiosk-service-tile"

#include "config.h"

#include "kiosk-service-tile.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-i18n.h"

struct _KioskServiceTile
{
  GtkButton  parent_instance;

  char      *code;
  char      *icon_name;
  gboolean   available;

  GtkImage  *icon;
  GtkLabel  *title_label;
  GtkLabel  *note_label;
};

G_DEFINE_FINAL_TYPE (KioskServiceTile, kiosk_service_tile, GTK_TYPE_BUTTON)

enum
{
  PROP_0,
  PROP_CODE,
  PROP_TITLE,
  PROP_ICON_NAME,
  PROP_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiosk_service_tile_set_code (KioskServiceTile *self,
                             const char       *code)
{
  g_assert (self->code == NULL);

  self->code = g_strdup (code);
  if (code != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s", code);
}

static void
kiosk_service_tile_finalize (GObject *object)
{
  KioskServiceTile *self = KIOSK_SERVICE_TILE (object);

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->icon_name, g_free);

  G_OBJECT_CLASS (kiosk_service_tile_parent_class)->finalize (object);
}

static void
kiosk_service_tile_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KioskServiceTile *self = KIOSK_SERVICE_TILE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_TITLE:
      g_value_set_string (value, kiosk_service_tile_get_title (self));
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, self->icon_name);
      break;
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_service_tile_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KioskServiceTile *self = KIOSK_SERVICE_TILE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      kiosk_service_tile_set_code (self, g_value_get_string (value));
      break;
    case PROP_TITLE:
      kiosk_service_tile_set_title (self, g_value_get_string (value));
      break;
    case PROP_ICON_NAME:
      kiosk_service_tile_set_icon_name (self, g_value_get_string (value));
      break;
    case PROP_AVAILABLE:
      kiosk_service_tile_set_available (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_service_tile_class_init (KioskServiceTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kiosk_service_tile_finalize;
  object_class->get_property = kiosk_service_tile_get_property;
  object_class->set_property = kiosk_service_tile_set_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* FALSE: the kiosk has no flow for it yet, and the tile says "at the counter". */
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/widgets/kiosk-service-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskServiceTile, icon);
  gtk_widget_class_bind_template_child (widget_class, KioskServiceTile, title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskServiceTile, note_label);
}

static void
update_texts (KioskServiceTile *self)
{
  const char *title = gtk_label_get_label (self->title_label);
  g_autofree char *accessible = NULL;

  /* Translators: under a home-screen tile whose service the kiosk cannot do yet. */
  gtk_label_set_label (self->note_label, _("Available at the counter"));
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), !self->available);
  if (self->available)
    accessible = g_strdup (title);
  else
    accessible = g_strdup_printf ("%s. %s", title, gtk_label_get_label (self->note_label));
  kiosk_accessible_set_label (GTK_WIDGET (self), accessible);
}

static void
kiosk_service_tile_init (KioskServiceTile *self)
{
  self->available = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  update_texts (self);
}

GtkWidget *
kiosk_service_tile_new (const KioskCatalogItem *service,
                        gboolean                available)
{
  g_return_val_if_fail (service != NULL, NULL);

  return g_object_new (KIOSK_TYPE_SERVICE_TILE,
                       "code", service->code,
                       "title", kiosk_i18n_pick (service->name_ar, service->name_en),
                       "icon-name", service->extra,
                       "available", available,
                       NULL);
}

gboolean
kiosk_service_tile_get_available (KioskServiceTile *self)
{
  g_return_val_if_fail (KIOSK_IS_SERVICE_TILE (self), FALSE);

  return self->available;
}

void
kiosk_service_tile_set_available (KioskServiceTile *self,
                                  gboolean          available)
{
  g_return_if_fail (KIOSK_IS_SERVICE_TILE (self));

  available = !!available;
  if (self->available == available)
    return;
  self->available = available;
  update_texts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

const char *
kiosk_service_tile_get_code (KioskServiceTile *self)
{
  g_return_val_if_fail (KIOSK_IS_SERVICE_TILE (self), NULL);

  return self->code;
}

const char *
kiosk_service_tile_get_title (KioskServiceTile *self)
{
  g_return_val_if_fail (KIOSK_IS_SERVICE_TILE (self), NULL);

  return gtk_label_get_label (self->title_label);
}

void
kiosk_service_tile_set_title (KioskServiceTile *self,
                              const char       *title)
{
  g_return_if_fail (KIOSK_IS_SERVICE_TILE (self));

  if (g_strcmp0 (title, gtk_label_get_label (self->title_label)) == 0)
    return;
  gtk_label_set_label (self->title_label, title != NULL ? title : "");
  update_texts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
kiosk_service_tile_get_icon_name (KioskServiceTile *self)
{
  g_return_val_if_fail (KIOSK_IS_SERVICE_TILE (self), NULL);

  return self->icon_name;
}

void
kiosk_service_tile_set_icon_name (KioskServiceTile *self,
                                  const char       *icon_name)
{
  GtkIconTheme *theme;
  gboolean shown;

  g_return_if_fail (KIOSK_IS_SERVICE_TILE (self));

  if (g_strcmp0 (icon_name, self->icon_name) == 0)
    return;
  g_free (self->icon_name);
  self->icon_name = g_strdup (icon_name);

  /* A name the theme lacks would draw GTK's "missing image" on a visitor's screen: better
   * a tile with only its (large) name until the icon is shipped. */
  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  shown = icon_name != NULL && icon_name[0] != '\0' && gtk_icon_theme_has_icon (theme, icon_name);
  gtk_image_set_from_icon_name (self->icon, shown ? icon_name : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), shown);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}
