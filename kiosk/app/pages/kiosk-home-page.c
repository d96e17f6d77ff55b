/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The home screen's groups and tiles. */
#define G_LOG_DOMAIN "kiosk-home-page"

#include "config.h"

#include "kiosk-home-page.h"

#include <glib/gi18n.h>

#include "kiosk-catalog.h"
#include "kiosk-flows.h"
#include "kiosk-i18n.h"
#include "kiosk-service-tile.h"

/* Two tiles a row fit a portrait 1080-pixel screen with names in large type; a landscape
 * screen takes three. */
#define TILE_COLUMNS (self->columns)

struct _KioskHomePage
{
  KioskPage  parent_instance;

  GPtrArray *services;
  guint      columns;

  GtkWidget *scroller;
  GtkLabel  *heading_label;
  GtkBox    *groups_box;
};

G_DEFINE_FINAL_TYPE (KioskHomePage, kiosk_home_page, KIOSK_TYPE_PAGE)

static const char *
group_title (const char *group)
{
  if (g_strcmp0 (group, "reports") == 0)
    /* Translators: home screen, heading over the services to report a problem in the city
     * (with a photo), follow a report up, or send a suggestion, complaint or inquiry. */
    return _("Reports & suggestions");
  if (g_strcmp0 (group, "licences") == 0)
    /* Translators: home screen, heading over the services to renew shop and vehicle licences
     * and to request parking and vehicle permits. */
    return _("Licences & permits");
  if (g_strcmp0 (group, "payments") == 0)
    /* Translators: home screen, heading over the service to pay parking fines. */
    return _("Fines & payments");
  if (g_strcmp0 (group, "scan") == 0)
    /* Translators: home screen, heading over the service that reads a QR code from a receipt
     * or a fine notice held up to the kiosk's camera. */
    return _("Scan a QR code");
  /* Translators: home screen, heading over services the kiosk has no group for. */
  return _("Other services");
}

static GtkWidget *
group_new (const char *group)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *heading = gtk_label_new (group_title (group));
  GtkWidget *grid = gtk_grid_new ();

  gtk_widget_add_css_class (box, "kiosk-group");
  if (group != NULL)
    gtk_widget_set_name (box, group);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_add_css_class (heading, "kiosk-group-title");
  gtk_box_append (GTK_BOX (box), heading);

  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 24);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  gtk_widget_add_css_class (grid, "kiosk-tiles");
  gtk_box_append (GTK_BOX (box), grid);

  return box;
}

static void
kiosk_home_page_rebuild (KioskHomePage *self)
{
  GtkWidget *child;
  GtkGrid *grid = NULL;
  const char *group = NULL;
  guint first = 0, count = 0;

  /* Translators: the home screen's title in the toolbar. */
  kiosk_page_set_title (KIOSK_PAGE (self), _("All services"));
  /* Translators: home screen, the line above all the service tiles. */
  gtk_label_set_label (self->heading_label, _("How can we help you today?"));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);

  if (self->services == NULL)
    return;

  for (guint i = 0; i < self->services->len; i++)
    {
      const KioskCatalogItem *service = g_ptr_array_index (self->services, i);
      GtkWidget *tile;
      guint index;

      if (grid == NULL || g_strcmp0 (service->parent, group) != 0)
        {
          GtkWidget *group_box = group_new (service->parent);

          gtk_box_append (self->groups_box, group_box);
          grid = GTK_GRID (gtk_widget_get_last_child (group_box));
          group = service->parent;
          first = i;
          for (count = 0; i + count < self->services->len; count++)
            {
              const KioskCatalogItem *next = g_ptr_array_index (self->services, i + count);

              if (g_strcmp0 (next->parent, group) != 0)
                break;
            }
        }

      index = i - first;
      tile = kiosk_service_tile_new (service, kiosk_flows_lookup (service->code) != G_TYPE_INVALID);
      /* A group's last tile takes the whole row when it would otherwise stand alone. */
      if (index == count - 1 && index % TILE_COLUMNS == 0)
        gtk_grid_attach (grid, tile, 0, index / TILE_COLUMNS, TILE_COLUMNS, 1);
      else
        gtk_grid_attach (grid, tile, index % TILE_COLUMNS, index / TILE_COLUMNS, 1, 1);
    }
}

static void
kiosk_home_page_dispose (GObject *object)
{
  KioskHomePage *self = KIOSK_HOME_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_HOME_PAGE);
  g_clear_pointer (&self->services, g_ptr_array_unref);

  G_OBJECT_CLASS (kiosk_home_page_parent_class)->dispose (object);
}

static void
kiosk_home_page_page_retranslate (KioskPage *page)
{
  kiosk_home_page_rebuild (KIOSK_HOME_PAGE (page));
}

static void
kiosk_home_page_class_init (KioskHomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_home_page_dispose;
  KIOSK_PAGE_CLASS (klass)->retranslate = kiosk_home_page_page_retranslate;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/pages/kiosk-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskHomePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, KioskHomePage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, KioskHomePage, groups_box);
  gtk_widget_class_set_css_name (widget_class, "homepage");
}

static void
kiosk_home_page_init (KioskHomePage *self)
{
  self->columns = 2;
  gtk_widget_init_template (GTK_WIDGET (self));
  kiosk_home_page_rebuild (self);
}

GtkWidget *
kiosk_home_page_new (void)
{
  return g_object_new (KIOSK_TYPE_HOME_PAGE, NULL);
}

void
kiosk_home_page_set_services (KioskHomePage *self,
                              GPtrArray     *services)
{
  g_return_if_fail (KIOSK_IS_HOME_PAGE (self));

  if (services != NULL)
    g_ptr_array_ref (services);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  self->services = services;
  kiosk_home_page_rebuild (self);
}

void
kiosk_home_page_retranslate (KioskHomePage *self)
{
  g_return_if_fail (KIOSK_IS_HOME_PAGE (self));

  kiosk_home_page_rebuild (self);
}

void
kiosk_home_page_set_landscape (KioskHomePage *self,
                               gboolean       landscape)
{
  g_return_if_fail (KIOSK_IS_HOME_PAGE (self));

  self->columns = landscape ? 3 : 2;
  kiosk_home_page_rebuild (self);
}
