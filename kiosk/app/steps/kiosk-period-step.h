/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskPeriodStep: the step where a visitor picks how long a permit runs, one button a
 * period with its fee ("3 months — OMR 15.000"); emits `chosen` with the months. */
#pragma once

#include "kiosk-money.h"
#include "kiosk-step.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_PERIOD_STEP (kiosk_period_step_get_type ())

G_DECLARE_FINAL_TYPE (KioskPeriodStep, kiosk_period_step, KIOSK, PERIOD_STEP, KioskStep)

/* Drops every period. */
void   kiosk_period_step_clear       (KioskPeriodStep *self);
/* Adds a period of `months` costing `fee`; its button is named "period_<months>". */
void   kiosk_period_step_add         (KioskPeriodStep *self,
                                      int              months,
                                      KioskBaisa       fee);
guint  kiosk_period_step_get_n_periods (KioskPeriodStep *self);

/* "1 month", "3 months", in the screen's digits. */
char  *kiosk_period_step_name        (int              months);

G_END_DECLS
