/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Choice buttons bound to a model. */
#define G_LOG_DOMAIN "kiosk-choice-list"

#include "config.h"

#include "kiosk-choice-list.h"

#include <glib/gi18n.h>

#include "kiosk-choice-row.h"

struct _KioskChoiceList
{
  GtkWidget   parent_instance;

  GtkListBox *list_box;
  GListModel *model;
  char       *action_name;
};

G_DEFINE_FINAL_TYPE (KioskChoiceList, kiosk_choice_list, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MODEL,
  PROP_ACTION_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  KioskChoiceList *self = user_data;
  GtkWidget *row = gtk_list_box_row_new ();

  /* The button inside takes the tap and the focus; the row is only its place. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row),
                              kiosk_choice_row_new (KIOSK_CHOICE_ITEM (item), self->action_name));
  return row;
}

static KioskChoiceItem *
row_item (GtkListBoxRow *row)
{
  return kiosk_choice_row_get_item (KIOSK_CHOICE_ROW (gtk_list_box_row_get_child (row)));
}

static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  const char *group = kiosk_choice_item_get_group (row_item (row));
  GtkWidget *header;

  if (group == NULL || (before != NULL && g_strcmp0 (group, kiosk_choice_item_get_group (row_item (before))) == 0))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_list_box_row_get_header (row);
  if (header == NULL)
    {
      header = gtk_label_new (NULL);
      gtk_label_set_wrap (GTK_LABEL (header), TRUE);
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_widget_add_css_class (header, "kiosk-group-title");
      gtk_list_box_row_set_header (row, header);
    }
  gtk_label_set_label (GTK_LABEL (header), _(group));
}

static void
kiosk_choice_list_dispose (GObject *object)
{
  KioskChoiceList *self = KIOSK_CHOICE_LIST (object);

  g_clear_pointer ((GtkWidget **) &self->list_box, gtk_widget_unparent);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (kiosk_choice_list_parent_class)->dispose (object);
}

static void
kiosk_choice_list_finalize (GObject *object)
{
  g_clear_pointer (&KIOSK_CHOICE_LIST (object)->action_name, g_free);

  G_OBJECT_CLASS (kiosk_choice_list_parent_class)->finalize (object);
}

static void
kiosk_choice_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KioskChoiceList *self = KIOSK_CHOICE_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_ACTION_NAME:
      g_value_set_string (value, self->action_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_choice_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KioskChoiceList *self = KIOSK_CHOICE_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      kiosk_choice_list_set_model (self, g_value_get_object (value));
      break;
    case PROP_ACTION_NAME:
      kiosk_choice_list_set_action_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_choice_list_class_init (KioskChoiceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_choice_list_dispose;
  object_class->finalize = kiosk_choice_list_finalize;
  object_class->get_property = kiosk_choice_list_get_property;
  object_class->set_property = kiosk_choice_list_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTION_NAME] =
    g_param_spec_string ("action-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kiosk_choice_list_init (KioskChoiceList *self)
{
  self->list_box = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list_box, GTK_SELECTION_NONE);
  gtk_list_box_set_header_func (self->list_box, update_header, NULL, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_box), "kiosk-choices");
  gtk_widget_set_parent (GTK_WIDGET (self->list_box), GTK_WIDGET (self));
}

void
kiosk_choice_list_set_model (KioskChoiceList *self,
                             GListModel      *model)
{
  g_return_if_fail (KIOSK_IS_CHOICE_LIST (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (!g_set_object (&self->model, model))
    return;
  gtk_list_box_bind_model (self->list_box, model, model != NULL ? create_row : NULL,
                           self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
kiosk_choice_list_get_model (KioskChoiceList *self)
{
  g_return_val_if_fail (KIOSK_IS_CHOICE_LIST (self), NULL);

  return self->model;
}

void
kiosk_choice_list_set_action_name (KioskChoiceList *self,
                                   const char      *action_name)
{
  g_return_if_fail (KIOSK_IS_CHOICE_LIST (self));

  if (g_strcmp0 (self->action_name, action_name) == 0)
    return;
  g_free (self->action_name);
  self->action_name = g_strdup (action_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION_NAME]);
}

GtkWidget *
kiosk_choice_list_get_row (KioskChoiceList *self,
                           const char      *code)
{
  g_return_val_if_fail (KIOSK_IS_CHOICE_LIST (self), NULL);

  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list_box, i);

      if (row == NULL)
        return NULL;
      if (g_strcmp0 (kiosk_choice_item_get_code (row_item (row)), code) == 0)
        return gtk_list_box_row_get_child (row);
    }
}

GtkWidget *
kiosk_choice_list_get_first_row (KioskChoiceList *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (KIOSK_IS_CHOICE_LIST (self), NULL);

  row = gtk_list_box_get_row_at_index (self->list_box, 0);
  return row != NULL ? gtk_list_box_row_get_child (row) : NULL;
}

void
kiosk_choice_list_retranslate (KioskChoiceList *self)
{
  g_return_if_fail (KIOSK_IS_CHOICE_LIST (self));

  for (guint i = 0; self->model != NULL && i < g_list_model_get_n_items (self->model); i++)
    {
      g_autoptr(KioskChoiceItem) item = g_list_model_get_item (self->model, i);

      kiosk_choice_item_retranslate (item);
    }
  gtk_list_box_invalidate_headers (self->list_box);
}

static int
compare_titles (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return g_utf8_collate (kiosk_choice_item_get_title ((KioskChoiceItem *) a),
                         kiosk_choice_item_get_title ((KioskChoiceItem *) b));
}

void
kiosk_choice_list_sort_by_title (GListStore *store)
{
  g_return_if_fail (G_IS_LIST_STORE (store));

  g_list_store_sort (store, compare_titles, NULL);
}

GListStore *
kiosk_choice_list_store_catalog (GPtrArray *items)
{
  GListStore *store = g_list_store_new (KIOSK_TYPE_CHOICE_ITEM);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      g_autoptr(KioskChoiceItem) item = kiosk_choice_item_new_catalog (g_ptr_array_index (items, i));

      g_list_store_append (store, item);
    }
  return store;
}
