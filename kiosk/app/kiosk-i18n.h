/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The visitor's language: which gettext catalogue the screens read from and which way they
 * flow. Arabic (right to left) by default, English one tap away, switched while running. */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-money.h"

G_BEGIN_DECLS

/* Sets up the locale and binds the text domain, in English until kiosk_i18n_set_language ();
 * call once, after gtk_disable_setlocale () (or gtk_test_init ()). Catalogues come from
 * $KIOSK_LOCALEDIR when set, else from LOCALEDIR, else (a kiosk run from its build tree)
 * from the build's locale/ folder. */
void        kiosk_i18n_init                (void);

/* "ar" or "en". */
gboolean    kiosk_i18n_language_is_valid   (const char *language);

/* Switches gettext and, once GTK is initialized, the default text direction. */
void        kiosk_i18n_set_language        (const char *language);
const char *kiosk_i18n_get_language        (void);
gboolean    kiosk_i18n_is_rtl              (void);

/* The other language: what the language button offers. */
const char *kiosk_i18n_get_other_language  (void);

/* Picks the Arabic or the English form of a name stored in both (reference data). */
const char *kiosk_i18n_pick                (const char *name_ar,
                                            const char *name_en);

/* `msgid` translated into `language` whatever the current language is, for the few screens
 * that speak both at once. Mark the msgid with N_() so it is extracted. */
char       *kiosk_i18n_translate_in        (const char *language,
                                            const char *msgid) G_GNUC_FORMAT (2);
/* The same for a printf format (marked with N_()), filled with the arguments. */
char       *kiosk_i18n_printf_in           (const char *language,
                                            const char *format,
                                            ...) G_GNUC_PRINTF (2, 3);

/* Numbers on screen: with Arabic-Indic digits turned on (the configuration's
 * arabic-digits) and the Arabic screens showing, every ASCII digit of `text` becomes its
 * Arabic-Indic form; otherwise a copy. */
void        kiosk_i18n_set_arabic_digits   (gboolean    arabic_digits);
gboolean    kiosk_i18n_get_arabic_digits   (void);
KioskDigits kiosk_i18n_get_digits          (void);
KioskLang   kiosk_i18n_get_lang            (void);
char       *kiosk_i18n_localize_digits     (const char *text);
char       *kiosk_i18n_format_int          (gint64      value);
/* An identifier (reference, plate, approval code) isolated left to right inside a sentence
 * of either language (U+2066 … U+2069), digits untouched; NULL gives "". */
char       *kiosk_i18n_ltr                 (const char *identifier);
/* A field or label of digits or an identifier (phone, plate, reference): it reads left to
 * right in both languages, and sits where the screen's text starts (on the right in Arabic),
 * an empty field's caret too. Again after each language switch (retranslate). */
void        kiosk_i18n_place_ltr           (GtkWidget  *widget);
/* A plate in the screen's language's letters ("230 A", "230 أ"), digits untouched and
 * isolated left to right as it is painted on the car; NULL gives "". */
char       *kiosk_i18n_plate               (const char *canonical);
/* A moment in Muscat (UTC+4, no daylight saving) in the screen's digits, day first:
 * "30/11/2026 10:05", or only the day. "" for a time that cannot be shown. */
/* An amount in the screen's language and digits: "OMR 5.000" or "٥٫٠٠٠ ر.ع.". */
char       *kiosk_i18n_format_money        (KioskBaisa  amount);
char       *kiosk_i18n_format_time         (gint64      unix_time,
                                            gboolean    with_clock);
/* A date of the records ("2027-05-31", maybe with a time after it) as the screen writes
 * dates: "31/05/2027", "٣١/٠٥/٢٠٢٧"; anything else only in the screen's digits. */
char       *kiosk_i18n_format_date         (const char *iso_date);

/* Where the catalogues were bound, for messages and tests. */
const char *kiosk_i18n_get_locale_dir      (void);

G_END_DECLS
