/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The home screen's groups and tiles. */
#define G_LOG_DOMAIN "kiosk-home-page"

#include "config.h"

#include "kiosk-home-page.h"

#include <glib/gi18n.h>

#include "kiosk-catalog.h"
#include "kiosk-flows.h"
#include "kiosk-guide-page.h"
#include "kiosk-i18n.h"
#include "kiosk-news-page.h"
#include "kiosk-service-tile.h"

/* The heading of the tiles of the pages every kiosk has (news, guide). */
#define KIOSK_HOME_INFORMATION_GROUP "information"

struct _KioskHomePage
{
  KioskPage  parent_instance;

  GPtrArray *services;
  guint      columns;

  GtkWidget *scroller;
  GtkLabel  *heading_label;
  GtkGrid   *grid;
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
  if (g_strcmp0 (group, KIOSK_HOME_INFORMATION_GROUP) == 0)
    /* Translators: home screen, heading over the tiles of the municipality's news and
     * projects and of the guide to all its services (also those done elsewhere). */
    return _("News & services guide");
  /* Translators: home screen, heading over services the kiosk has no group for. */
  return _("Other services");
}

/* Where a tile or a heading goes in the one grid of the page: tile row r is grid row
 * 2r + 1, its headings are in grid row 2r. */
typedef struct
{
  GtkWidget *widget;
  guint      row;
  guint      column;
  guint      width;
  gboolean   heading;
} Cell;

/* The news and the guide are pages every kiosk has, not services of the catalogue: their
 * tiles are made here, named from the catalogues. */
static GPtrArray *
information_tiles (void)
{
  static const struct
  {
    const char *code;
    const char *icon_name;
    const char *msgid;
  } pages[] = {
    /* Translators: home screen tile that opens the municipality's news, projects and new
     * services. */
    { KIOSK_NEWS_PAGE_CODE, "kiosk-news-symbolic", N_("News and projects") },
    /* Translators: home screen tile that opens the guide to every municipal service: what
     * it is, who can apply and where to go. */
    { KIOSK_GUIDE_PAGE_CODE, "kiosk-guide-symbolic", N_("Municipal services guide") },
  };
  GPtrArray *tiles = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name_ar = kiosk_i18n_translate_in ("ar", pages[i].msgid);
      g_autofree char *name_en = kiosk_i18n_translate_in ("en", pages[i].msgid);
      KioskCatalogItem item = { (char *) pages[i].code, (char *) KIOSK_HOME_INFORMATION_GROUP,
                                name_ar, name_en, (char *) pages[i].icon_name };

      g_ptr_array_add (tiles, kiosk_service_tile_new (&item, TRUE));
    }
  return tiles;
}

static GtkWidget *
heading_new (const char *group)
{
  GtkWidget *heading = gtk_label_new (group_title (group));

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_set_valign (heading, GTK_ALIGN_END);
  gtk_widget_add_css_class (heading, "kiosk-group-title");
  if (group != NULL)
    gtk_widget_set_name (heading, group);
  return heading;
}

/* Lays the groups out in rows of `columns` tiles so that every service shows without
 * scrolling in both orientations: small groups that begin in the same row share it, each
 * under its own heading; with `split` (landscape) a group larger than a row starts beside
 * the one before and wraps. A tile alone in its row takes the whole row. */
static void
lay_out (KioskHomePage *self,
         GPtrArray     *groups,
         GPtrArray     *group_keys)
{
  g_autoptr(GArray) cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  g_autoptr(GArray) tiles_in_row = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr(GArray) headed_row = g_array_new (FALSE, TRUE, sizeof (gboolean));
  gboolean split = self->columns > 2;
  gboolean continued = FALSE;   /* the row holds the tail of a group begun above it */
  guint row = 0, column = 0;

  g_array_set_size (tiles_in_row, 1);
  g_array_set_size (headed_row, 1);
  for (guint g = 0; g < groups->len; g++)
    {
      GPtrArray *tiles = g_ptr_array_index (groups, g);
      guint n = tiles->len;
      Cell heading = { heading_new (g_ptr_array_index (group_keys, g)), 0, 0, 0, TRUE };

      if (column > 0 && !((column + n <= self->columns && !continued) ||
                          (split && n > self->columns)))
        {
          row++;
          column = 0;
          continued = FALSE;
          g_array_set_size (tiles_in_row, row + 1);
          g_array_set_size (headed_row, row + 1);
        }
      heading.row = row;
      heading.column = column;
      heading.width = MIN (n, self->columns - column);
      g_array_index (headed_row, gboolean, row) = TRUE;
      g_array_append_val (cells, heading);

      for (guint i = 0; i < n; i++)
        {
          Cell tile = { g_ptr_array_index (tiles, i), 0, 0, 1, FALSE };

          if (column == self->columns)
            {
              row++;
              column = 0;
              continued = TRUE;
              g_array_set_size (tiles_in_row, row + 1);
              g_array_set_size (headed_row, row + 1);
            }
          tile.row = row;
          tile.column = column++;
          g_array_index (tiles_in_row, guint, row)++;
          g_array_append_val (cells, tile);
        }
    }

  for (guint i = 0; i < cells->len; i++)
    {
      Cell *cell = &g_array_index (cells, Cell, i);

      if (cell->heading)
        {
          gtk_grid_attach (self->grid, cell->widget, cell->column, 2 * cell->row,
                           cell->width, 1);
          continue;
        }
      if (g_array_index (tiles_in_row, guint, cell->row) == 1)
        cell->width = self->columns - cell->column;
      /* Rows without a heading above them keep the tiles apart. */
      if (!g_array_index (headed_row, gboolean, cell->row))
        gtk_widget_set_margin_top (cell->widget, 24);
      gtk_grid_attach (self->grid, cell->widget, cell->column, 2 * cell->row + 1,
                       cell->width, 1);
    }
}

static void
kiosk_home_page_rebuild (KioskHomePage *self)
{
  GtkWidget *child;
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) group_keys = g_ptr_array_new ();
  const char *group = NULL;

  /* Translators: the home screen's title in the toolbar. */
  kiosk_page_set_title (KIOSK_PAGE (self), _("All services"));
  /* Translators: home screen, the line above all the service tiles. */
  gtk_label_set_label (self->heading_label, _("How can we help you today?"));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);

  if (self->services == NULL)
    return;

  for (guint i = 0; i < self->services->len; i++)
    {
      const KioskCatalogItem *service = g_ptr_array_index (self->services, i);
      gboolean available = kiosk_flows_lookup (service->code) != G_TYPE_INVALID;

      if (groups->len == 0 || g_strcmp0 (service->parent, group) != 0)
        {
          group = service->parent;
          g_ptr_array_add (groups, g_ptr_array_new ());
          g_ptr_array_add (group_keys, (gpointer) group);
        }
      g_ptr_array_add (g_ptr_array_index (groups, groups->len - 1),
                       kiosk_service_tile_new (service, available));
    }
  g_ptr_array_add (groups, information_tiles ());
  g_ptr_array_add (group_keys, (gpointer) KIOSK_HOME_INFORMATION_GROUP);

  lay_out (self, groups, group_keys);
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
  gtk_widget_class_bind_template_child (widget_class, KioskHomePage, grid);
  gtk_widget_class_set_css_name (widget_class, "homepage");
}

static void
kiosk_home_page_init (KioskHomePage *self)
{
  /* Two tiles a row fit a portrait 1080-pixel screen with names in large type; a landscape
   * screen takes four. */
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

  self->columns = landscape ? 4 : 2;
  kiosk_home_page_rebuild (self);
}
