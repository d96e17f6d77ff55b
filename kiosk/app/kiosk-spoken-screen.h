/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a screen says aloud, made in one place from what it shows, so every page has a spoken
 * text without code of its own: its title and headings, its hints and texts (a review row as
 * "caption: value"), the focused field or option with what it holds, and its errors. A label
 * speaks by its style class (the table in kiosk-spoken-screen.c); a widget with a class ending
 * in "-ar" or "-en" (a bilingual screen's halves) speaks only in that language. */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-money.h"

G_BEGIN_DECLS

typedef struct
{
  char    *heading; /* the page title, then the screen's headings */
  char    *hint;    /* hints and texts, in the order shown */
  char    *field;   /* the focused field or option, or NULL */
  char    *error;   /* the errors showing, or NULL */
  gpointer focus;   /* the focused widget the field part is about: compared, never used */
} KioskSpokenScreen;

/* `screen` is what shows (a page, an overlay); `title` the page title shown above it, or
 * NULL; `focus` the window's focus widget, spoken when it is inside `screen`. */
KioskSpokenScreen *kiosk_spoken_screen_new      (GtkWidget               *screen,
                                                 const char              *title,
                                                 GtkWidget               *focus,
                                                 KioskLang                lang);
void               kiosk_spoken_screen_free     (KioskSpokenScreen       *self);

/* The parts given (any of them NULL) as one text to give the speaker: sentences in order,
 * each ended so the voice pauses between them. Not yet through kiosk_spoken_text (). */
char              *kiosk_spoken_screen_join     (const char              *heading,
                                                 const char              *hint,
                                                 const char              *field,
                                                 const char              *error);
/* All four parts, heading + hint + field + error. */
char              *kiosk_spoken_screen_to_text  (const KioskSpokenScreen *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSpokenScreen, kiosk_spoken_screen_free)

G_END_DECLS
