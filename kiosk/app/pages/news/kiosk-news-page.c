/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The news page. */
#define G_LOG_DOMAIN "kiosk-news-page"

#include "config.h"

#include "kiosk-news-page.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-announcements.h"
#include "kiosk-i18n.h"
#include "kiosk-news-item.h"
#include "kiosk-news-row.h"
#include "steps/kiosk-step.h"

/* Even when no announcement is due to change, the list is read again this often: a sync
 * pull may have brought new ones, or the clock may have been set. */
#define RECHECK_SECONDS 60

struct _KioskNewsPage
{
  KioskFlow   parent_instance;

  GListStore *items;
  char       *signature;    /* what the list holds, to rebuild it only when that changed */
  char       *shown_id;
  guint       refresh_id;

  KioskStep  *list_step;
  GtkListBox *list_box;
  GtkLabel   *empty_label;
  KioskStep  *detail_step;
  GtkLabel   *detail_kind;
  GtkPicture *detail_picture;
  GtkLabel   *detail_body;
  GtkButton  *all_news_button;
};

G_DEFINE_FINAL_TYPE (KioskNewsPage, kiosk_news_page, KIOSK_TYPE_FLOW)

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  GtkWidget *row = gtk_list_box_row_new ();

  /* The button inside takes the tap and the focus; the row is only its place. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), kiosk_news_row_new (item));
  return row;
}

static KioskNewsItem *
find_item (KioskNewsPage *self,
           const char    *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KioskNewsItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (g_strcmp0 (kiosk_news_item_get_id (item), id) == 0)
        return item;
    }
  return NULL;
}

static void
render_detail (KioskNewsPage *self)
{
  KioskNewsItem *item = self->shown_id != NULL ? find_item (self, self->shown_id) : NULL;
  const KioskAnnouncement *announcement;
  GdkPaintable *picture;
  g_autofree char *day = NULL;
  g_autofree char *kind = NULL;
  g_auto(GStrv) paragraphs = NULL;
  g_autofree char *body = NULL;

  if (item == NULL)
    return;
  announcement = kiosk_news_item_get_announcement (item);
  day = kiosk_i18n_format_time (announcement->publish_at, FALSE);
  kind = g_strdup_printf ("%s · \u2066%s\u2069",
                          kiosk_news_item_category_name (announcement->category), day);
  kiosk_step_set_heading_text (self->detail_step,
                               kiosk_i18n_pick (announcement->title_ar, announcement->title_en));
  gtk_label_set_label (self->detail_kind, kind);
  /* Paragraphs come one a line; a blank line between them reads better from a distance. */
  paragraphs = g_strsplit (kiosk_i18n_pick (announcement->body_ar, announcement->body_en), "\n", -1);
  body = g_strjoinv ("\n\n", paragraphs);
  gtk_label_set_label (self->detail_body, body);
  picture = kiosk_news_item_get_picture (item);
  gtk_picture_set_paintable (self->detail_picture, picture);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_picture), picture != NULL);
  if (picture != NULL)
    gtk_picture_set_alternative_text (self->detail_picture,
                                      kiosk_i18n_pick (announcement->title_ar,
                                                       announcement->title_en));
}

static char *
signature_of (GPtrArray *list)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    {
      const KioskAnnouncement *a = g_ptr_array_index (list, i);

      g_string_append_printf (out, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1e", a->id, a->title_ar,
                              a->title_en, a->body_ar, a->body_en,
                              a->picture_path != NULL ? a->picture_path : "");
    }
  return g_string_free (out, FALSE);
}

static void schedule_refresh (KioskNewsPage *self,
                              gint64         now);

/* Reads the current announcements again; rebuilds the list only when they changed, and
 * leaves the detail of one no longer current. */
static void
kiosk_news_page_refresh (KioskNewsPage *self)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  gint64 now = kiosk_store_now (store);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = kiosk_announcements_list_current (store, now, NULL, 0, &error);
  g_autofree char *signature = NULL;

  if (list == NULL)
    {
      g_message ("news: %s", error->message);
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_announcement_free);
    }
  signature = signature_of (list);
  if (g_strcmp0 (signature, self->signature) != 0)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      /* The items take the announcements over. */
      g_ptr_array_set_free_func (list, NULL);
      for (guint i = 0; i < list->len; i++)
        g_ptr_array_add (items, kiosk_news_item_new (g_ptr_array_index (list, i)));
      g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                           items->pdata, items->len);
      g_free (self->signature);
      self->signature = g_steal_pointer (&signature);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), list->len == 0);

  if (self->shown_id != NULL)
    {
      if (find_item (self, self->shown_id) == NULL)
        {
          /* Expired or withdrawn while being read: back to what is current. */
          g_clear_pointer (&self->shown_id, g_free);
          kiosk_flow_go_to_final (KIOSK_FLOW (self), "list");
        }
      else
        render_detail (self);
    }
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    schedule_refresh (self, now);
}

static gboolean
refresh_cb (gpointer user_data)
{
  KioskNewsPage *self = user_data;

  self->refresh_id = 0;
  kiosk_news_page_refresh (self);
  return G_SOURCE_REMOVE;
}

/* At the second the next announcement is published or expires (the kiosk's clock, so it
 * happens offline too), and at least every RECHECK_SECONDS. */
static void
schedule_refresh (KioskNewsPage *self,
                  gint64         now)
{
  g_autoptr(GError) error = NULL;
  gint64 next = kiosk_announcements_next_change (kiosk_flow_get_store (KIOSK_FLOW (self)),
                                                 now, &error);
  gint64 wait = RECHECK_SECONDS;

  if (next < 0)
    g_message ("news: %s", error->message);
  else if (next > now)
    wait = MIN (wait, next - now);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_id = g_timeout_add ((guint) wait * 1000, refresh_cb, self);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kiosk_news_page_open (KIOSK_NEWS_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
list_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KioskNewsPage *self = KIOSK_NEWS_PAGE (widget);

  g_clear_pointer (&self->shown_id, g_free);
  kiosk_flow_go_to_final (KIOSK_FLOW (self), "list");
}

static void
kiosk_news_page_retranslate (KioskPage *page)
{
  KioskNewsPage *self = KIOSK_NEWS_PAGE (page);

  KIOSK_PAGE_CLASS (kiosk_news_page_parent_class)->retranslate (page);

  /* Translators: title of the news page, in the header. */
  kiosk_page_set_title (page, _("News and projects"));
  /* Translators: heading of the list of the municipality's current news, projects and new
   * services. */
  kiosk_step_set_heading (self->list_step, N_("The latest from Muscat Municipality"));
  /* Translators: under the heading of the news list. */
  kiosk_step_set_hint (self->list_step, N_("Touch an item to read it."));
  /* Translators: the news list when nothing is current. */
  gtk_label_set_label (self->empty_label, _("There is no news at the moment. Please check again another day."));
  /* Translators: button under an announcement that goes back to the list of news. */
  kiosk_accessible_set_button_label (self->all_news_button, _("All news"));

  /* The rows are made in the language on screen: make them again. */
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->items), create_row, self, NULL);
  render_detail (self);
}

static void
kiosk_news_page_step_shown (KioskFlow  *flow,
                            const char *step)
{
  KioskNewsPage *self = KIOSK_NEWS_PAGE (flow);

  if (g_strcmp0 (step, "list") == 0)
    g_clear_pointer (&self->shown_id, g_free);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (g_strcmp0 (step, "detail") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->all_news_button));
  else
    {
      GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list_box, 0);

      if (first != NULL)
        gtk_widget_grab_focus (gtk_list_box_row_get_child (first));
    }
}

static void
kiosk_news_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kiosk_news_page_parent_class)->map (widget);

  /* What became current or expired while the page was hidden shows at once. */
  kiosk_news_page_refresh (KIOSK_NEWS_PAGE (widget));
}

static void
kiosk_news_page_unmap (GtkWidget *widget)
{
  g_clear_handle_id (&KIOSK_NEWS_PAGE (widget)->refresh_id, g_source_remove);

  GTK_WIDGET_CLASS (kiosk_news_page_parent_class)->unmap (widget);
}

static void
kiosk_news_page_constructed (GObject *object)
{
  KioskNewsPage *self = KIOSK_NEWS_PAGE (object);

  G_OBJECT_CLASS (kiosk_news_page_parent_class)->constructed (object);

  /* The store is a construct property of the flow: read once it is set. */
  kiosk_news_page_refresh (self);
}

static void
kiosk_news_page_dispose (GObject *object)
{
  KioskNewsPage *self = KIOSK_NEWS_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_NEWS_PAGE);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (kiosk_news_page_parent_class)->dispose (object);
}

static void
kiosk_news_page_finalize (GObject *object)
{
  KioskNewsPage *self = KIOSK_NEWS_PAGE (object);

  g_clear_pointer (&self->signature, g_free);
  g_clear_pointer (&self->shown_id, g_free);

  G_OBJECT_CLASS (kiosk_news_page_parent_class)->finalize (object);
}

static void
kiosk_news_page_class_init (KioskNewsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);
  KioskFlowClass *flow_class = KIOSK_FLOW_CLASS (klass);

  object_class->constructed = kiosk_news_page_constructed;
  object_class->dispose = kiosk_news_page_dispose;
  object_class->finalize = kiosk_news_page_finalize;
  widget_class->map = kiosk_news_page_map;
  widget_class->unmap = kiosk_news_page_unmap;
  page_class->retranslate = kiosk_news_page_retranslate;
  flow_class->step_shown = kiosk_news_page_step_shown;

  g_type_ensure (KIOSK_TYPE_STEP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/pages/news/kiosk-news-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskNewsPage, name)
#define BIND_STEP(id, field) \
  gtk_widget_class_bind_template_child_full (widget_class, id, FALSE, \
                                             G_STRUCT_OFFSET (KioskNewsPage, field))
  BIND_STEP ("list", list_step);
  BIND (list_box);
  BIND (empty_label);
  BIND_STEP ("detail", detail_step);
  BIND (detail_kind);
  BIND (detail_picture);
  BIND (detail_body);
  BIND (all_news_button);
#undef BIND_STEP
#undef BIND

  gtk_widget_class_install_action (widget_class, "news.open", "s", open_action);
  gtk_widget_class_install_action (widget_class, "news.list", NULL, list_action);
}

static void
kiosk_news_page_init (KioskNewsPage *self)
{
  self->items = g_list_store_new (KIOSK_TYPE_NEWS_ITEM);

  gtk_widget_init_template (GTK_WIDGET (self));
  kiosk_news_page_retranslate (KIOSK_PAGE (self));
}

GListModel *
kiosk_news_page_get_items (KioskNewsPage *self)
{
  g_return_val_if_fail (KIOSK_IS_NEWS_PAGE (self), NULL);

  return G_LIST_MODEL (self->items);
}

gboolean
kiosk_news_page_open (KioskNewsPage *self,
                      const char    *id)
{
  g_return_val_if_fail (KIOSK_IS_NEWS_PAGE (self), FALSE);

  if (id == NULL || find_item (self, id) == NULL)
    return FALSE;
  g_free (self->shown_id);
  self->shown_id = g_strdup (id);
  render_detail (self);
  kiosk_flow_go_to (KIOSK_FLOW (self), "detail");
  return TRUE;
}

const char *
kiosk_news_page_get_shown (KioskNewsPage *self)
{
  g_return_val_if_fail (KIOSK_IS_NEWS_PAGE (self), NULL);

  return self->shown_id;
}
