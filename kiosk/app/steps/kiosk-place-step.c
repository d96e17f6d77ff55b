/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The place step: wilayats or areas from the reference data, as model-backed choices. */
#define G_LOG_DOMAIN "kiosk-place-step"

#include "config.h"

#include "kiosk-place-step.h"

#include "kiosk-catalog.h"
#include "kiosk-choice-list.h"

struct _KioskPlaceStep
{
  KioskStep        parent_instance;

  GListStore      *places;       /* KioskChoiceItem, or NULL before the first list */
  KioskChoiceItem *chosen;       /* in `places` */
  KioskChoiceItem *proposed;     /* in `places`, first */
  char            *plain_hint;   /* the step's hint before a proposal replaced it */
  KioskChoiceList *place_list;
};

G_DEFINE_FINAL_TYPE (KioskPlaceStep, kiosk_place_step, KIOSK_TYPE_STEP)

enum
{
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KioskPlaceStep *self = KIOSK_PLACE_STEP (widget);
  KioskChoiceItem *item = kiosk_place_step_find (self, g_variant_get_string (parameter, NULL));

  if (item == NULL)
    return;
  g_set_object (&self->chosen, item);
  g_signal_emit (self, signals[CHOSEN], 0, item);
}

static void
mark_proposed (KioskPlaceStep *self)
{
  GtkWidget *row;

  if (self->proposed == NULL)
    return;
  row = kiosk_choice_list_get_row (self->place_list, kiosk_choice_item_get_code (self->proposed));
  if (row != NULL)
    gtk_widget_add_css_class (row, "kiosk-proposed");
}

static void
show_places (KioskPlaceStep *self,
             GPtrArray      *items)
{
  if (self->proposed != NULL)
    kiosk_step_set_hint (KIOSK_STEP (self), self->plain_hint);
  g_clear_pointer (&self->plain_hint, g_free);
  g_clear_object (&self->proposed);
  g_clear_object (&self->chosen);
  g_clear_object (&self->places);
  self->places = kiosk_choice_list_store_catalog (items);
  kiosk_choice_list_set_model (self->place_list, G_LIST_MODEL (self->places));
}

static void
kiosk_place_step_dispose (GObject *object)
{
  KioskPlaceStep *self = KIOSK_PLACE_STEP (object);

  g_clear_object (&self->chosen);
  g_clear_object (&self->proposed);
  g_clear_object (&self->places);
  g_clear_pointer (&self->plain_hint, g_free);

  G_OBJECT_CLASS (kiosk_place_step_parent_class)->dispose (object);
}

static void
kiosk_place_step_class_init (KioskPlaceStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Place names follow the language by themselves: KioskFlow retranslates the list. */
  object_class->dispose = kiosk_place_step_dispose;

  /* The KioskChoiceItem of the place the visitor tapped. */
  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KIOSK_TYPE_CHOICE_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/kiosk-place-step.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskPlaceStep, place_list);

  gtk_widget_class_install_action (widget_class, "place.choose", "s", choose_action);
}

static void
kiosk_place_step_init (KioskPlaceStep *self)
{
  g_type_ensure (KIOSK_TYPE_CHOICE_LIST);
  gtk_widget_init_template (GTK_WIDGET (self));
}

gboolean
kiosk_place_step_show_wilayats (KioskPlaceStep *self,
                                KioskStore     *store,
                                GError        **error)
{
  g_autoptr(GPtrArray) wilayats = NULL;

  g_return_val_if_fail (KIOSK_IS_PLACE_STEP (self), FALSE);

  wilayats = kiosk_catalog_list_wilayats (store, error);
  if (wilayats == NULL)
    return FALSE;
  show_places (self, wilayats);
  return TRUE;
}

gboolean
kiosk_place_step_show_areas (KioskPlaceStep *self,
                             KioskStore     *store,
                             const char     *wilayat_code,
                             GError        **error)
{
  g_autoptr(GPtrArray) areas = NULL;

  g_return_val_if_fail (KIOSK_IS_PLACE_STEP (self), FALSE);
  g_return_val_if_fail (wilayat_code != NULL, FALSE);

  areas = kiosk_catalog_list_areas (store, wilayat_code, error);
  if (areas == NULL)
    return FALSE;
  show_places (self, areas);
  return TRUE;
}

KioskChoiceItem *
kiosk_place_step_get_chosen (KioskPlaceStep *self)
{
  g_return_val_if_fail (KIOSK_IS_PLACE_STEP (self), NULL);

  return self->chosen;
}

KioskChoiceItem *
kiosk_place_step_find (KioskPlaceStep *self,
                       const char     *code)
{
  g_return_val_if_fail (KIOSK_IS_PLACE_STEP (self), NULL);

  for (guint i = 0; self->places != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->places)); i++)
    {
      g_autoptr(KioskChoiceItem) item = g_list_model_get_item (G_LIST_MODEL (self->places), i);

      if (g_strcmp0 (kiosk_choice_item_get_code (item), code) == 0)
        return item;  /* the store keeps it */
    }
  return NULL;
}

gboolean
kiosk_place_step_propose (KioskPlaceStep *self,
                          const char     *code,
                          const char     *hint)
{
  g_autoptr(KioskChoiceItem) item = NULL;
  guint position;

  g_return_val_if_fail (KIOSK_IS_PLACE_STEP (self), FALSE);

  item = kiosk_place_step_find (self, code);
  if (item == NULL || !g_list_store_find (self->places, item, &position))
    return FALSE;
  g_object_ref (item);
  if (self->proposed == NULL)
    self->plain_hint = g_strdup (kiosk_step_get_hint (KIOSK_STEP (self)));
  g_set_object (&self->proposed, item);
  /* First, where the eye starts: the visitor need not look for it among the others. */
  g_list_store_remove (self->places, position);
  g_list_store_insert (self->places, 0, item);
  mark_proposed (self);
  kiosk_step_set_hint (KIOSK_STEP (self), hint);
  return TRUE;
}

KioskChoiceItem *
kiosk_place_step_get_proposed (KioskPlaceStep *self)
{
  g_return_val_if_fail (KIOSK_IS_PLACE_STEP (self), NULL);

  return self->proposed;
}

GtkWidget *
kiosk_place_step_get_first_row (KioskPlaceStep *self)
{
  g_return_val_if_fail (KIOSK_IS_PLACE_STEP (self), NULL);

  return kiosk_choice_list_get_first_row (self->place_list);
}
