/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskPhoneStep: the step where a visitor types an Omani mobile number: the entry, Next,
 * and Skip when the number is optional. It checks the number and emits `done` with the
 * canonical form ("+968XXXXXXXX"), or NULL when skipped. */
#pragma once

#include "kiosk-step.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_PHONE_STEP (kiosk_phone_step_get_type ())

G_DECLARE_FINAL_TYPE (KioskPhoneStep, kiosk_phone_step, KIOSK, PHONE_STEP, KioskStep)

void        kiosk_phone_step_set_optional (KioskPhoneStep *self,
                                           gboolean        optional);
gboolean    kiosk_phone_step_get_optional (KioskPhoneStep *self);

/* The canonical number last accepted, or NULL (skipped, or none yet). */
const char *kiosk_phone_step_get_phone    (KioskPhoneStep *self);

/* Forgets what was typed and accepted, and any error. */
void        kiosk_phone_step_clear        (KioskPhoneStep *self);

/* Puts the cursor in the entry, at the end. */
void        kiosk_phone_step_focus        (KioskPhoneStep *self);

/* A canonical number as people read it, the same in both languages: "+968 9212 3456". */
char       *kiosk_phone_step_format       (const char     *phone);

G_END_DECLS
