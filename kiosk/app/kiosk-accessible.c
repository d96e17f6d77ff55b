/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Accessible names that can be read back. */
#define G_LOG_DOMAIN "kiosk-accessible"

#include "config.h"

#include "kiosk-accessible.h"

#define LABEL_KEY "kiosk-accessible-label"

void
kiosk_accessible_set_label (GtkWidget  *widget,
                            const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (label == NULL)
    label = "";
  g_object_set_data_full (G_OBJECT (widget), LABEL_KEY, g_strdup (label), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

const char *
kiosk_accessible_get_label (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return g_object_get_data (G_OBJECT (widget), LABEL_KEY);
}

void
kiosk_accessible_set_button_label (GtkButton  *button,
                                   const char *label)
{
  gtk_button_set_label (button, label);
  kiosk_accessible_set_label (GTK_WIDGET (button), label);
}
