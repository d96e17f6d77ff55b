/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskChoiceItem: one choice of a KioskChoiceList (a kind of message, a wilayat, a
 * period): its code, and what its row says. Texts come from message ids or from reference
 * data's two names, so the item says them again in the other language by itself; or the
 * flow sets them (an amount worked out for this visitor). */
#pragma once

#include <glib-object.h>

#include "kiosk-catalog.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CHOICE_ITEM (kiosk_choice_item_get_type ())

G_DECLARE_FINAL_TYPE (KioskChoiceItem, kiosk_choice_item, KIOSK, CHOICE_ITEM, GObject)

/* `title` and `text` are message ids (mark them with N_()); `text` and `icon_name` may be
 * NULL. */
KioskChoiceItem *kiosk_choice_item_new          (const char             *code,
                                                 const char             *icon_name,
                                                 const char             *title,
                                                 const char             *text);
/* A place, a category or a zone: titled by its name in the language on screen. */
KioskChoiceItem *kiosk_choice_item_new_catalog  (const KioskCatalogItem *item);

const char      *kiosk_choice_item_get_code     (KioskChoiceItem        *self);
const char      *kiosk_choice_item_get_icon_name (KioskChoiceItem       *self);
const char      *kiosk_choice_item_get_title    (KioskChoiceItem        *self);
const char      *kiosk_choice_item_get_text     (KioskChoiceItem        *self);
/* Texts the flow made, already in the current language. */
void             kiosk_choice_item_set_title    (KioskChoiceItem        *self,
                                                 const char             *title);
void             kiosk_choice_item_set_text     (KioskChoiceItem        *self,
                                                 const char             *text);

/* An identifier (a reference) as the title: shown left to right in both languages. */
gboolean         kiosk_choice_item_get_title_is_identifier (KioskChoiceItem *self);
void             kiosk_choice_item_set_title_is_identifier (KioskChoiceItem *self,
                                                            gboolean         identifier);
/* A third line, an identifier too (a masked mobile number), or NULL. */
const char      *kiosk_choice_item_get_note     (KioskChoiceItem        *self);
void             kiosk_choice_item_set_note     (KioskChoiceItem        *self,
                                                 const char             *note);

/* A number the flow keeps with the choice (a period's fee). */
gint64           kiosk_choice_item_get_value    (KioskChoiceItem        *self);
void             kiosk_choice_item_set_value    (KioskChoiceItem        *self,
                                                 gint64                  value);

/* The message id of the heading the item's group has in the list, or NULL. */
const char      *kiosk_choice_item_get_group    (KioskChoiceItem        *self);
void             kiosk_choice_item_set_group    (KioskChoiceItem        *self,
                                                 const char             *group);

/* Says the title and text again in the current language (rows follow). */
void             kiosk_choice_item_retranslate  (KioskChoiceItem        *self);

G_END_DECLS
