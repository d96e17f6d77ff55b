/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskPlateStep: the step where a visitor types a vehicle plate: the entry and Next (Enter
 * too). It checks the plate and emits `done` with its canonical form; what the plate is for
 * (fines to pay, a permit) is the flow's, which may then show an error on the step. */
#pragma once

#include "kiosk-step.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_PLATE_STEP (kiosk_plate_step_get_type ())

G_DECLARE_FINAL_TYPE (KioskPlateStep, kiosk_plate_step, KIOSK, PLATE_STEP, KioskStep)

/* The Next button's label, a message id (N_()); "Next" by default. */
void        kiosk_plate_step_set_next_label (KioskPlateStep *self,
                                             const char     *next_label);

/* What the entry holds now. */
const char *kiosk_plate_step_get_text       (KioskPlateStep *self);
void        kiosk_plate_step_set_text       (KioskPlateStep *self,
                                             const char     *text);

/* Forgets what was typed, and any error. */
void        kiosk_plate_step_clear          (KioskPlateStep *self);
/* Puts the cursor in the entry, at the end. */
void        kiosk_plate_step_focus          (KioskPlateStep *self);
GtkWidget  *kiosk_plate_step_get_entry      (KioskPlateStep *self);

G_END_DECLS
