/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskChoiceList: a column of big choice buttons made from a GListModel of
 * KioskChoiceItem (gtk_list_box_bind_model); a tap activates `action-name` with the item's
 * code. Items with a group get the group's heading above the first of them. */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-choice-item.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CHOICE_LIST (kiosk_choice_list_get_type ())

G_DECLARE_FINAL_TYPE (KioskChoiceList, kiosk_choice_list, KIOSK, CHOICE_LIST, GtkWidget)

void        kiosk_choice_list_set_model       (KioskChoiceList *self,
                                               GListModel      *model);
GListModel *kiosk_choice_list_get_model       (KioskChoiceList *self);
void        kiosk_choice_list_set_action_name (KioskChoiceList *self,
                                               const char      *action_name);

/* The row of the item with `code`, or NULL. */
GtkWidget  *kiosk_choice_list_get_row         (KioskChoiceList *self,
                                               const char      *code);
/* The first row, or NULL when the list is empty (for focus). */
GtkWidget  *kiosk_choice_list_get_first_row   (KioskChoiceList *self);

/* The items and group headings say their texts again in the current language. */
void        kiosk_choice_list_retranslate     (KioskChoiceList *self);

/* A new model of `items` (KioskCatalogItem, may be NULL), for places, zones, categories. */
GListStore *kiosk_choice_list_store_catalog   (GPtrArray       *items);
/* Puts `store`'s items in the alphabetical order of their titles in the current language
 * (a list with no order of its own, such as parking zones, reads in the visitor's). */
void        kiosk_choice_list_sort_by_title   (GListStore      *store);

G_END_DECLS
