/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskStep: one step of a flow, like AdwStatusPage: a heading, a hint, an error in the
 * hint's place, the step's own content and its buttons, in a scroller of its own. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_STEP (kiosk_step_get_type ())

G_DECLARE_DERIVABLE_TYPE (KioskStep, kiosk_step, KIOSK, STEP, GtkWidget)

struct _KioskStepClass
{
  GtkWidgetClass parent_class;

  /* Rewrite the step's own texts in the current language; chain up. */
  void (*retranslate) (KioskStep *self);
};

/* Heading and hint are message ids (mark them with N_()): the step translates them, now and
 * after every language switch. NULL hides them. */
void        kiosk_step_set_heading     (KioskStep  *self,
                                        const char *heading);
const char *kiosk_step_get_heading     (KioskStep  *self);
/* A heading the flow made (with a plate in it), already in the current language: the flow
 * sets it again after a language switch. */
void        kiosk_step_set_heading_text (KioskStep  *self,
                                         const char *text);
/* "Step `number` of `count`" over the heading; 0 hides it (KioskFlow sets it). */
void        kiosk_step_set_position    (KioskStep  *self,
                                        guint       number,
                                        guint       count);
void        kiosk_step_set_hint        (KioskStep  *self,
                                        const char *hint);
const char *kiosk_step_get_hint        (KioskStep  *self);

/* Shows the sentence of KioskError `code` (kiosk-error-text.h) in the hint's place;
 * KIOSK_ERROR_TEXT_NONE puts the hint back. */
void        kiosk_step_set_error       (KioskStep  *self,
                                        int         code);
int         kiosk_step_get_error       (KioskStep  *self);
/* The same for a sentence of the flow's own, given as a message id; NULL puts the hint back. */
void        kiosk_step_set_error_message (KioskStep  *self,
                                          const char *message);
/* What the error place shows now, in the current language, or NULL. */
const char *kiosk_step_get_error_text  (KioskStep  *self);

/* Where the step's content goes (the children of <child> without a type); buttons go in
 * <child type="action">. */
void        kiosk_step_add_content     (KioskStep  *self,
                                        GtkWidget  *child);
void        kiosk_step_add_action      (KioskStep  *self,
                                        GtkWidget  *button);

/* A bar under the scroller that stays in view however long the content is (<child
 * type="footer">): a total and its Pay button. */
void        kiosk_step_set_footer      (KioskStep  *self,
                                        GtkWidget  *footer);

/* Says every text again after a language switch (KioskFlow does it for its steps). */
void        kiosk_step_retranslate     (KioskStep  *self);

/* Focus with the cursor at the end: a visitor correcting a number goes on from there, and
 * nothing is selected for the next key to replace. */
void        kiosk_step_focus_entry     (GtkEntry   *entry);

G_END_DECLS
