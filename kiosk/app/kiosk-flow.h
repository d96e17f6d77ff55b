/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskFlow: a page made of steps (choose, type, review, result) with its own history, so
 * the header's back button steps back inside the flow before it leaves it. Subclasses list
 * their steps as <child> widgets of their template (the child's id names the step) or with
 * kiosk_flow_add_step (); the first step is where the flow starts. Subclasses that set
 * KioskPageClass.retranslate chain up: the steps (kiosk/app/steps/) say their texts again. */
#pragma once

#include "kiosk-page.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_FLOW (kiosk_flow_get_type ())

G_DECLARE_DERIVABLE_TYPE (KioskFlow, kiosk_flow, KIOSK, FLOW, KioskPage)

struct _KioskFlowClass
{
  KioskPageClass parent_class;

  /* After a step became visible (also after going back): focus, titles. */
  void (*step_shown) (KioskFlow  *self,
                      const char *step);
};

KioskStore *kiosk_flow_get_store    (KioskFlow  *self);

void        kiosk_flow_add_step     (KioskFlow  *self,
                                     const char *name,
                                     GtkWidget  *step);

/* The steps every visitor of the flow goes through, in order (a payment step included):
 * each of them that is a KioskStep says "Step 2 of 5" over its heading. */
void        kiosk_flow_set_numbered_steps (KioskFlow         *self,
                                           const char * const *names);
/* Shows step `name`, remembering the current one for "back". */
void        kiosk_flow_go_to        (KioskFlow  *self,
                                     const char *name);
/* Shows `name` and forgets the history: the steps before it cannot be returned to (after a
 * record was submitted), and "back" leaves the flow. */
void        kiosk_flow_go_to_final  (KioskFlow  *self,
                                     const char *name);
const char *kiosk_flow_get_step     (KioskFlow  *self);


G_END_DECLS
