/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskKeyboard: the kiosk's own on-screen keyboard (no system one exists under a kiosk
 * compositor). Arabic (standard PC rows), English QWERTY, digits and symbols, and a numeric
 * pad; it types into its target (a GtkEditable or a GtkTextView) and never takes the focus. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_KEYBOARD_ARABIC,
  KIOSK_KEYBOARD_ENGLISH,
  KIOSK_KEYBOARD_SYMBOLS,
  KIOSK_KEYBOARD_NUMERIC,
  /* The letters with a row of digits: plates, and identifiers such as VP-2025-01471. */
  KIOSK_KEYBOARD_ARABIC_DIGITS,
  KIOSK_KEYBOARD_ENGLISH_DIGITS,
} KioskKeyboardLayout;

/* What a text field takes, which decides the keyboard it opens (kiosk_keyboard_layout_for):
 * the letters of the screen's language, the numeric pad, a plate (the language's letters
 * and digits), or Latin letters and digits whatever the language (permit numbers, staff
 * numbers, voucher references, printed in Latin). */
typedef enum
{
  KIOSK_FIELD_TEXT,
  KIOSK_FIELD_DIGITS,
  KIOSK_FIELD_PLATE,
  KIOSK_FIELD_LATIN_DIGITS,
} KioskFieldKeys;

#define KIOSK_TYPE_KEYBOARD (kiosk_keyboard_get_type ())

G_DECLARE_FINAL_TYPE (KioskKeyboard, kiosk_keyboard, KIOSK, KEYBOARD, GtkWidget)

GtkWidget          *kiosk_keyboard_new            (void);

/* What the keys type into: a GtkEditable or a GtkTextView, or NULL. Held weakly: the
 * keyboard never keeps a visitor's text alive. */
void                kiosk_keyboard_set_target     (KioskKeyboard       *self,
                                                   GtkWidget           *target);
GtkWidget          *kiosk_keyboard_get_target     (KioskKeyboard       *self);

void                kiosk_keyboard_set_layout     (KioskKeyboard       *self,
                                                   KioskKeyboardLayout  layout);
KioskKeyboardLayout kiosk_keyboard_get_layout     (KioskKeyboard       *self);

/* Declares what `field` (a GtkEntry, GtkText or GtkTextView) takes; DIGITS also sets its
 * input purpose. */
void                kiosk_keyboard_declare_field  (GtkWidget           *field,
                                                   KioskFieldKeys       keys);
KioskFieldKeys      kiosk_keyboard_get_field_keys (GtkWidget           *field);

/* The layout that suits `target` (or the GtkEntry holding it): its declared keys; without a
 * declaration, the numeric pad for phone numbers and numbers, else the letters of
 * `language` ("ar" or "en"). */
KioskKeyboardLayout kiosk_keyboard_layout_for     (GtkWidget           *target,
                                                   const char          *language);

/* The key of the shown layout that types `text`, or a special key by name: "backspace",
 * "space", "shift", "symbols", "letters", "language", "hide". NULL if the layout has none. */
GtkWidget          *kiosk_keyboard_find_key       (KioskKeyboard       *self,
                                                   const char          *text);

/* Re-labels the named keys in the current language. */
void                kiosk_keyboard_retranslate    (KioskKeyboard       *self);

G_END_DECLS
