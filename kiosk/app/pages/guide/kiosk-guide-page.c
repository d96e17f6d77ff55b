/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The services guide page. */
#define G_LOG_DOMAIN "kiosk-guide-page"

#include "config.h"

#include "kiosk-guide-page.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-flows.h"
#include "kiosk-i18n.h"
#include "kiosk-service-guide.h"
#include "steps/kiosk-choice-list.h"
#include "steps/kiosk-review-list.h"
#include "steps/kiosk-step.h"

/* The detail's rows, in the order a visitor asks: what is it, may I, what do I bring, what
 * does it cost, where do I go. */
enum
{
  ROW_SUMMARY,
  ROW_ELIGIBILITY,
  ROW_DOCUMENTS,
  ROW_FEE,
  ROW_KIOSK,
  ROW_OFFICE,
  ROW_HOURS,
  ROW_WEBSITE,
  ROW_APP,
  N_ROWS
};

struct _KioskGuidePage
{
  KioskFlow        parent_instance;

  GListStore      *categories;   /* KioskChoiceItem, "category" data: KioskGuideCategory */
  GListStore      *entries;      /* KioskChoiceItem, "entry" data: KioskGuideEntry */
  GListStore      *results;
  KioskGuideEntry *shown;
  char            *category;     /* the code of the category listed on "entries" */

  KioskStep       *browse_step;
  GtkEntry        *search_entry;
  GtkLabel        *no_result_label;
  KioskChoiceList *results_list;
  GtkLabel        *categories_label;
  KioskChoiceList *categories_list;
  KioskStep       *entries_step;
  KioskChoiceList *entries_list;
  KioskStep       *detail_step;
  KioskReviewList *detail_list;
  GtkWidget       *start_bar;
  GtkButton       *start_button;
};

G_DEFINE_FINAL_TYPE (KioskGuidePage, kiosk_guide_page, KIOSK_TYPE_FLOW)

static KioskStore *
store_of (KioskGuidePage *self)
{
  return kiosk_flow_get_store (KIOSK_FLOW (self));
}

/* Texts of reference data come in both languages: the items say them again after a
 * language switch from the row they keep. */
static void
say_entry (KioskChoiceItem *item,
           gboolean         with_category)
{
  const KioskGuideEntry *entry = g_object_get_data (G_OBJECT (item), "entry");

  kiosk_choice_item_set_title (item, kiosk_i18n_pick (entry->name_ar, entry->name_en));
  kiosk_choice_item_set_text (item, with_category
                                      ? kiosk_i18n_pick (entry->category_ar, entry->category_en)
                                      : kiosk_i18n_pick (entry->summary_ar, entry->summary_en));
}

static void
say_category (KioskChoiceItem *item)
{
  const KioskGuideCategory *category = g_object_get_data (G_OBJECT (item), "category");
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;

  kiosk_choice_item_set_title (item, kiosk_i18n_pick (category->name_ar, category->name_en));
  count = kiosk_i18n_format_int (category->n_entries);
  /* Translators: under a category of the services guide: how many services it has. */
  text = g_strdup_printf (ngettext ("%s service", "%s services", category->n_entries), count);
  kiosk_choice_item_set_text (item, text);
}

static void
fill_entries (GListStore *store,
              GPtrArray  *entries,
              gboolean    with_category)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  /* The items take the entries over. */
  g_ptr_array_set_free_func (entries, NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      KioskGuideEntry *entry = g_ptr_array_index (entries, i);
      KioskChoiceItem *item = kiosk_choice_item_new (entry->id, NULL, "", NULL);

      g_object_set_data_full (G_OBJECT (item), "entry", entry,
                              (GDestroyNotify) kiosk_guide_entry_free);
      say_entry (item, with_category);
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       items->pdata, items->len);
}

static void
load_categories (KioskGuidePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = kiosk_service_guide_list_categories (store_of (self), &error);

  g_list_store_remove_all (self->categories);
  if (categories == NULL)
    {
      g_message ("guide: %s", error->message);
      return;
    }
  g_ptr_array_set_free_func (categories, NULL);
  for (guint i = 0; i < categories->len; i++)
    {
      KioskGuideCategory *category = g_ptr_array_index (categories, i);
      const char *icon = category->icon[0] != '\0' ? category->icon : "kiosk-guide-symbolic";
      g_autoptr(KioskChoiceItem) item = kiosk_choice_item_new (category->code, icon, "", NULL);

      g_object_set_data_full (G_OBJECT (item), "category", category,
                              (GDestroyNotify) kiosk_guide_category_free);
      say_category (item);
      g_list_store_append (self->categories, item);
    }
}

/* A query a visitor is still typing (one letter) finds nothing yet, and says nothing. */
static gboolean
query_is_searchable (const char *text)
{
  g_autofree char *normal = kiosk_service_guide_normalize (text);
  g_auto(GStrv) words = g_strsplit (normal, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (g_utf8_strlen (words[i], -1) >= 2)
      return TRUE;
  return FALSE;
}

static void
render_search (KioskGuidePage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean searching = query_is_searchable (text);
  guint found;

  g_list_store_remove_all (self->results);
  if (searching)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) entries = kiosk_service_guide_search (store_of (self), text, &error);

      if (entries == NULL)
        g_message ("guide search: %s", error->message);
      else
        fill_entries (self->results, entries, TRUE);
    }
  found = g_list_model_get_n_items (G_LIST_MODEL (self->results));

  /* With the keyboard up, the results need the room the heading and hint took. */
  kiosk_step_set_heading (self->browse_step, searching ? NULL :
                          /* Translators: heading of the services guide's first step. */
                          N_("Find a municipal service"));
  kiosk_step_set_hint (self->browse_step, searching ? NULL :
                       /* Translators: under the heading of the services guide. */
                       N_("Type what you need, in Arabic or English, or choose a category. The guide tells you what to bring and where to go."));

  if (searching && found == 0)
    {
      g_autofree char *sentence = NULL;
      g_autofree char *query = g_strstrip (g_strdup (text));

      /* Translators: the services guide's search found nothing; %s is what the visitor
       * typed, shown between the quotation marks. Suggest other words and the categories
       * listed just under this sentence. */
      sentence = g_strdup_printf (_("No service matches «%s». Try another word, such as "
                                    "“licence”, “health card” or “park”, or choose a "
                                    "category below."), query);
      gtk_label_set_label (self->no_result_label, sentence);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->no_result_label), searching && found == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->results_list), found > 0);
  /* The categories stay under a failed search: the visitor can browse instead. */
  gtk_widget_set_visible (GTK_WIDGET (self->categories_label), found == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->categories_list), found == 0);
}

static void
search_changed_cb (GtkEditable    *editable,
                   KioskGuidePage *self)
{
  render_search (self);
}

static void
render_entries (KioskGuidePage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->categories));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KioskChoiceItem) item = g_list_model_get_item (G_LIST_MODEL (self->categories), i);
      const KioskGuideCategory *category = g_object_get_data (G_OBJECT (item), "category");

      if (g_strcmp0 (category->code, self->category) == 0)
        kiosk_step_set_heading_text (self->entries_step,
                                     kiosk_i18n_pick (category->name_ar, category->name_en));
    }
}

static char *
bulleted (const char *lines)
{
  g_auto(GStrv) split = g_strsplit (lines, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; split[i] != NULL; i++)
    {
      g_strstrip (split[i]);
      if (split[i][0] != '\0')
        g_string_append_printf (out, "%s• %s", out->len > 0 ? "\n" : "", split[i]);
    }
  return g_string_free (out, FALSE);
}

static void
set_row (KioskGuidePage      *self,
         guint                row,
         const char          *caption,
         const char          *value,
         KioskReviewRowFlags  flags)
{
  gboolean shown = value != NULL && value[0] != '\0';

  kiosk_review_list_set_row (self->detail_list, row, caption, shown ? value : "", flags);
  kiosk_review_list_set_row_visible (self->detail_list, row, shown);
}

static void
render_detail (KioskGuidePage *self)
{
  const KioskGuideEntry *entry = self->shown;
  g_autofree char *documents = NULL;
  g_autofree char *fee = NULL;
  g_autofree char *office = NULL;
  const char *wilayat;
  gboolean here;

  if (entry == NULL)
    return;

  kiosk_step_set_heading_text (self->detail_step, kiosk_i18n_pick (entry->name_ar, entry->name_en));
  documents = bulleted (kiosk_i18n_pick (entry->documents_ar, entry->documents_en));
  fee = g_strdup (kiosk_i18n_pick (entry->fee_ar, entry->fee_en));
  if (fee[0] == '\0' && entry->fee_baisa >= 0)
    {
      g_free (fee);
      fee = kiosk_i18n_format_money (entry->fee_baisa);
    }
  wilayat = kiosk_i18n_pick (entry->office_wilayat_ar, entry->office_wilayat_en);
  office = g_strdup (kiosk_i18n_pick (entry->office_ar, entry->office_en));
  if (office[0] != '\0' && wilayat != NULL && wilayat[0] != '\0')
    {
      g_autofree char *at = NULL;

      /* Translators: the office of a service in the guide and its wilayat: "Bawshar
       * service centre, Al Khuwair — Bawshar". */
      at = g_strdup_printf (_("%s — wilayat of %s"), office, wilayat);
      g_free (office);
      office = g_steal_pointer (&at);
    }
  here = entry->kiosk_service != NULL &&
         kiosk_flows_lookup (entry->kiosk_service) != G_TYPE_INVALID;

  /* Translators: services guide, caption over what the service is. */
  set_row (self, ROW_SUMMARY, _("What it is"),
           kiosk_i18n_pick (entry->summary_ar, entry->summary_en), KIOSK_REVIEW_ROW_PLAIN);
  /* Translators: services guide, caption over who may apply for a service. */
  set_row (self, ROW_ELIGIBILITY, _("Who can apply"),
           kiosk_i18n_pick (entry->eligibility_ar, entry->eligibility_en), KIOSK_REVIEW_ROW_PLAIN);
  /* Translators: services guide, caption over the list of documents to bring. */
  set_row (self, ROW_DOCUMENTS, _("Documents needed"), documents, KIOSK_REVIEW_ROW_PLAIN);
  /* Translators: services guide, caption over the fee or the rule that sets it. */
  set_row (self, ROW_FEE, _("Fee"), fee, KIOSK_REVIEW_ROW_PLAIN);
  /* Translators: services guide, caption over "at this kiosk" when the kiosk does it. */
  set_row (self, ROW_KIOSK, _("Where to go"),
           /* Translators: services guide: this kiosk performs the service. */
           here ? _("Here, at this self-service kiosk: touch “Start this service here”.") : NULL,
           KIOSK_REVIEW_ROW_PLAIN);
  /* Translators: services guide, caption over the office where the service is done. */
  set_row (self, ROW_OFFICE, here ? _("Or at the office") : _("Where to go"), office,
           KIOSK_REVIEW_ROW_PLAIN);
  /* Translators: services guide, caption over the office's opening hours. */
  set_row (self, ROW_HOURS, _("Opening hours"),
           office[0] != '\0' ? kiosk_i18n_pick (entry->hours_ar, entry->hours_en) : NULL,
           KIOSK_REVIEW_ROW_PLAIN);
  /* Translators: services guide, caption over the municipality's website address. */
  set_row (self, ROW_WEBSITE, _("Website"), entry->website_url, KIOSK_REVIEW_ROW_LTR);
  /* Translators: services guide, caption over where the service is in the municipality's
   * mobile app. */
  set_row (self, ROW_APP, _("Mobile app"), kiosk_i18n_pick (entry->app_ar, entry->app_en),
           KIOSK_REVIEW_ROW_PLAIN);

  /* The window's own way to start a service, as a home tile does. */
  gtk_widget_set_visible (self->start_bar, here);
  if (here)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->start_button), "s",
                                      entry->kiosk_service);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->start_button),
                                  here ? "win.open-service" : NULL);
}

static void
retranslate_items (GListStore *store,
                   gboolean    with_category)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KioskChoiceItem) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_object_get_data (G_OBJECT (item), "category") != NULL)
        say_category (item);
      else
        say_entry (item, with_category);
    }
}

static void
category_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KioskGuidePage *self = KIOSK_GUIDE_PAGE (widget);
  const char *code = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = kiosk_service_guide_list_entries (store_of (self), code, &error);

  if (entries == NULL)
    {
      g_message ("guide: %s", error->message);
      return;
    }
  g_free (self->category);
  self->category = g_strdup (code);
  fill_entries (self->entries, entries, FALSE);
  render_entries (self);
  kiosk_flow_go_to (KIOSK_FLOW (self), "entries");
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KioskGuidePage *self = KIOSK_GUIDE_PAGE (widget);
  g_autoptr(GError) error = NULL;
  KioskGuideEntry *entry = kiosk_service_guide_get (store_of (self),
                                                    g_variant_get_string (parameter, NULL),
                                                    &error);

  if (entry == NULL)
    {
      g_message ("guide: %s", error->message);
      return;
    }
  g_clear_pointer (&self->shown, kiosk_guide_entry_free);
  self->shown = entry;
  render_detail (self);
  kiosk_flow_go_to (KIOSK_FLOW (self), "detail");
}

static void
kiosk_guide_page_retranslate (KioskPage *page)
{
  KioskGuidePage *self = KIOSK_GUIDE_PAGE (page);

  KIOSK_PAGE_CLASS (kiosk_guide_page_parent_class)->retranslate (page);

  /* Translators: title of the services guide page, in the header. */
  kiosk_page_set_title (page, _("Municipal services guide"));
  /* Translators: accessible name of the services guide's search field. */
  kiosk_accessible_set_label (GTK_WIDGET (self->search_entry), _("Search the services"));
  /* Translators: placeholder of the search field (shown while it is empty). */
  gtk_entry_set_placeholder_text (self->search_entry, _("For example: building permit"));
  /* Translators: services guide, heading over the list of categories. */
  gtk_label_set_label (self->categories_label, _("Services by category"));
  /* Translators: under the heading of a category's list of services. */
  kiosk_step_set_hint (self->entries_step, N_("Choose a service to see what to bring and where to go."));
  /* Translators: services guide, button that starts the service at this kiosk. */
  kiosk_accessible_set_button_label (self->start_button, _("Start this service here"));

  retranslate_items (self->categories, FALSE);
  retranslate_items (self->entries, FALSE);
  retranslate_items (self->results, TRUE);
  render_search (self);
  render_entries (self);
  render_detail (self);
}

static GtkWidget *
kiosk_guide_page_get_initial_focus (KioskPage *page)
{
  /* Not the search field: the keyboard would cover the categories before anyone asked. */
  return kiosk_choice_list_get_first_row (KIOSK_GUIDE_PAGE (page)->categories_list);
}

static void
kiosk_guide_page_step_shown (KioskFlow  *flow,
                             const char *step)
{
  KioskGuidePage *self = KIOSK_GUIDE_PAGE (flow);
  GtkWidget *focus = NULL;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (g_strcmp0 (step, "detail") == 0)
    focus = gtk_widget_get_visible (self->start_bar)
              ? GTK_WIDGET (self->start_button) : NULL;
  else if (g_strcmp0 (step, "entries") == 0)
    focus = kiosk_choice_list_get_first_row (self->entries_list);
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0)
    focus = GTK_WIDGET (self->search_entry);
  else
    focus = kiosk_choice_list_get_first_row (self->categories_list);
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
  else
    gtk_root_set_focus (gtk_widget_get_root (GTK_WIDGET (self)), NULL);
}

static void
kiosk_guide_page_constructed (GObject *object)
{
  KioskGuidePage *self = KIOSK_GUIDE_PAGE (object);

  G_OBJECT_CLASS (kiosk_guide_page_parent_class)->constructed (object);

  /* The store is a construct property of the flow: read once it is set. */
  load_categories (self);
}

static void
kiosk_guide_page_dispose (GObject *object)
{
  KioskGuidePage *self = KIOSK_GUIDE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_GUIDE_PAGE);
  g_clear_object (&self->categories);
  g_clear_object (&self->entries);
  g_clear_object (&self->results);

  G_OBJECT_CLASS (kiosk_guide_page_parent_class)->dispose (object);
}

static void
kiosk_guide_page_finalize (GObject *object)
{
  KioskGuidePage *self = KIOSK_GUIDE_PAGE (object);

  g_clear_pointer (&self->shown, kiosk_guide_entry_free);
  g_clear_pointer (&self->category, g_free);

  G_OBJECT_CLASS (kiosk_guide_page_parent_class)->finalize (object);
}

static void
kiosk_guide_page_class_init (KioskGuidePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);
  KioskFlowClass *flow_class = KIOSK_FLOW_CLASS (klass);

  object_class->constructed = kiosk_guide_page_constructed;
  object_class->dispose = kiosk_guide_page_dispose;
  object_class->finalize = kiosk_guide_page_finalize;
  page_class->retranslate = kiosk_guide_page_retranslate;
  page_class->get_initial_focus = kiosk_guide_page_get_initial_focus;
  flow_class->step_shown = kiosk_guide_page_step_shown;

  g_type_ensure (KIOSK_TYPE_STEP);
  g_type_ensure (KIOSK_TYPE_CHOICE_LIST);
  g_type_ensure (KIOSK_TYPE_REVIEW_LIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/pages/guide/kiosk-guide-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, name)
#define BIND_STEP(id, field) \
  gtk_widget_class_bind_template_child_full (widget_class, id, FALSE, \
                                             G_STRUCT_OFFSET (KioskGuidePage, field))
  BIND_STEP ("browse", browse_step);
  BIND (search_entry);
  BIND (no_result_label);
  BIND (results_list);
  BIND (categories_label);
  BIND (categories_list);
  BIND_STEP ("entries", entries_step);
  BIND (entries_list);
  BIND_STEP ("detail", detail_step);
  BIND (detail_list);
  BIND (start_bar);
  BIND (start_button);
#undef BIND_STEP
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "guide.category", "s", category_action);
  gtk_widget_class_install_action (widget_class, "guide.open", "s", open_action);
}

static void
kiosk_guide_page_init (KioskGuidePage *self)
{
  self->categories = g_list_store_new (KIOSK_TYPE_CHOICE_ITEM);
  self->entries = g_list_store_new (KIOSK_TYPE_CHOICE_ITEM);
  self->results = g_list_store_new (KIOSK_TYPE_CHOICE_ITEM);

  gtk_widget_init_template (GTK_WIDGET (self));
  kiosk_choice_list_set_model (self->categories_list, G_LIST_MODEL (self->categories));
  kiosk_choice_list_set_model (self->entries_list, G_LIST_MODEL (self->entries));
  kiosk_choice_list_set_model (self->results_list, G_LIST_MODEL (self->results));
  kiosk_guide_page_retranslate (KIOSK_PAGE (self));
}

GListModel *
kiosk_guide_page_get_results (KioskGuidePage *self)
{
  g_return_val_if_fail (KIOSK_IS_GUIDE_PAGE (self), NULL);

  return G_LIST_MODEL (self->results);
}

const char *
kiosk_guide_page_get_shown (KioskGuidePage *self)
{
  g_return_val_if_fail (KIOSK_IS_GUIDE_PAGE (self), NULL);

  return self->shown != NULL ? self->shown->id : NULL;
}

void
kiosk_guide_page_search (KioskGuidePage *self,
                         const char     *text)
{
  g_return_if_fail (KIOSK_IS_GUIDE_PAGE (self));

  if (g_strcmp0 (kiosk_flow_get_step (KIOSK_FLOW (self)), "browse") != 0)
    kiosk_flow_go_to_final (KIOSK_FLOW (self), "browse");
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  kiosk_step_focus_entry (self->search_entry);
}
