/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskPlaceStep: the step where a visitor says where something is: the wilayats, or the
 * areas of one wilayat, from the reference data, as a KioskChoiceList over a model of place
 * items; emits `chosen` with the item tapped (its code and both names). */
#pragma once

#include "kiosk-choice-item.h"
#include "kiosk-step.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_PLACE_STEP (kiosk_place_step_get_type ())

G_DECLARE_FINAL_TYPE (KioskPlaceStep, kiosk_place_step, KIOSK, PLACE_STEP, KioskStep)

/* Lists every wilayat; on failure the list is left as it was. */
gboolean         kiosk_place_step_show_wilayats (KioskPlaceStep *self,
                                                 KioskStore     *store,
                                                 GError        **error);
/* Lists the areas of `wilayat_code`; on failure the list is left as it was. */
gboolean         kiosk_place_step_show_areas    (KioskPlaceStep *self,
                                                 KioskStore     *store,
                                                 const char     *wilayat_code,
                                                 GError        **error);

/* The place last tapped (NULL: none since the list was made), and the place of `code` in
 * the list, or NULL. */
KioskChoiceItem *kiosk_place_step_get_chosen    (KioskPlaceStep *self);
KioskChoiceItem *kiosk_place_step_find          (KioskPlaceStep *self,
                                                 const char     *code);
/* Puts the place of `code` first in the list, marked, with `hint` (a message id: where the
 * proposal comes from) as the step's hint: the visitor confirms it with a tap or chooses
 * another. FALSE (nothing changed) when the list has no such place. The proposal lasts until
 * the list is made again. */
gboolean         kiosk_place_step_propose       (KioskPlaceStep *self,
                                                 const char     *code,
                                                 const char     *hint);
/* The place proposed and still in the list, or NULL. */
KioskChoiceItem *kiosk_place_step_get_proposed  (KioskPlaceStep *self);
/* The first place's button, for focus, or NULL. */
GtkWidget       *kiosk_place_step_get_first_row (KioskPlaceStep *self);

G_END_DECLS
