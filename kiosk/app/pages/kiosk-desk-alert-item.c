/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One desk alert in a list model. */
#define G_LOG_DOMAIN "kiosk-desk-alert-item"

#include "config.h"

#include "kiosk-desk-alert-item.h"

struct _KioskDeskAlertItem
{
  GObject         parent_instance;

  KioskDeskAlert *alert;
};

G_DEFINE_FINAL_TYPE (KioskDeskAlertItem, kiosk_desk_alert_item, G_TYPE_OBJECT)

static void
kiosk_desk_alert_item_finalize (GObject *object)
{
  kiosk_desk_alert_free (KIOSK_DESK_ALERT_ITEM (object)->alert);

  G_OBJECT_CLASS (kiosk_desk_alert_item_parent_class)->finalize (object);
}

static void
kiosk_desk_alert_item_class_init (KioskDeskAlertItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_desk_alert_item_finalize;
}

static void
kiosk_desk_alert_item_init (KioskDeskAlertItem *self)
{
}

KioskDeskAlertItem *
kiosk_desk_alert_item_new (KioskDeskAlert *alert)
{
  KioskDeskAlertItem *self = g_object_new (KIOSK_TYPE_DESK_ALERT_ITEM, NULL);

  self->alert = alert;
  return self;
}

const KioskDeskAlert *
kiosk_desk_alert_item_get_alert (KioskDeskAlertItem *self)
{
  g_return_val_if_fail (KIOSK_IS_DESK_ALERT_ITEM (self), NULL);

  return self->alert;
}
