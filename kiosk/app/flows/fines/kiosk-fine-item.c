/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fine as a list item: the record and its tick. */
#define G_LOG_DOMAIN "kiosk-fine-item"

#include "config.h"

#include "kiosk-fine-item.h"

struct _KioskFineItem
{
  GObject    parent_instance;

  KioskFine *fine;
  gboolean   selected;
};

G_DEFINE_FINAL_TYPE (KioskFineItem, kiosk_fine_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiosk_fine_item_finalize (GObject *object)
{
  g_clear_pointer (&KIOSK_FINE_ITEM (object)->fine, kiosk_fine_free);

  G_OBJECT_CLASS (kiosk_fine_item_parent_class)->finalize (object);
}

static void
kiosk_fine_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_boolean (value, KIOSK_FINE_ITEM (object)->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_fine_item_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SELECTED:
      kiosk_fine_item_set_selected (KIOSK_FINE_ITEM (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_fine_item_class_init (KioskFineItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiosk_fine_item_finalize;
  object_class->get_property = kiosk_fine_item_get_property;
  object_class->set_property = kiosk_fine_item_set_property;

  properties[PROP_SELECTED] =
    g_param_spec_boolean ("selected", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_fine_item_init (KioskFineItem *self)
{
}

KioskFineItem *
kiosk_fine_item_new (KioskFine *fine)
{
  KioskFineItem *self;

  g_return_val_if_fail (fine != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_FINE_ITEM, NULL);
  self->fine = fine;
  return self;
}

const KioskFine *
kiosk_fine_item_get_fine (KioskFineItem *self)
{
  g_return_val_if_fail (KIOSK_IS_FINE_ITEM (self), NULL);

  return self->fine;
}

gboolean
kiosk_fine_item_get_selected (KioskFineItem *self)
{
  g_return_val_if_fail (KIOSK_IS_FINE_ITEM (self), FALSE);

  return self->selected;
}

void
kiosk_fine_item_set_selected (KioskFineItem *self,
                              gboolean       selected)
{
  g_return_if_fail (KIOSK_IS_FINE_ITEM (self));

  /* A fine held by a voucher waiting for the counter is not offered again. */
  selected = !!selected && !self->fine->awaiting_counter;
  if (self->selected == selected)
    return;
  self->selected = selected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}
