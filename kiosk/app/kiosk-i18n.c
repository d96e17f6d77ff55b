/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The visitor's language: gettext catalogue, locale fallback and text direction. */
#define G_LOG_DOMAIN "kiosk-i18n"

#include "config.h"

#include "kiosk-i18n.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <string.h>

#include "kiosk-validate.h"

static char *current_language;
static char *locale_dir;
static gboolean arabic_digits = TRUE;

static gboolean
locale_is_c (const char *name)
{
  return name == NULL || g_str_equal (name, "C") || g_str_equal (name, "POSIX");
}

static char *
find_locale_dir (void)
{
  const char *from_env = g_getenv ("KIOSK_LOCALEDIR");
  g_autofree char *installed = NULL;
  g_autofree char *built = NULL;

  if (from_env != NULL && from_env[0] != '\0')
    return g_strdup (from_env);

  installed = g_build_filename (LOCALEDIR, "ar", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
    return g_strdup (LOCALEDIR);

  /* Not installed: a developer running ./build/kiosk/app/kiosk gets the catalogues the
   * build compiled, as the core finds the development config in the source tree. */
  built = g_build_filename (KIOSK_BUILD_DIR, "locale", "ar", "LC_MESSAGES",
                            GETTEXT_PACKAGE ".mo", NULL);
  if (g_file_test (built, G_FILE_TEST_IS_REGULAR))
    return g_build_filename (KIOSK_BUILD_DIR, "locale", NULL);

  return g_strdup (LOCALEDIR);
}

/* Points gettext at `language` without touching GTK. */
static void
apply_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  /* glibc caches the catalogue it found per domain; setting the same text domain again is
   * its documented signal that the environment changed, so the next lookup reads LANGUAGE. */
  textdomain (GETTEXT_PACKAGE);
}

void
kiosk_i18n_init (void)
{
  setlocale (LC_ALL, "");

  /* glibc ignores LANGUAGE while LC_MESSAGES is "C", and a kiosk image may have no locale but
   * the built-in C.UTF-8 (an unset LANG, or LANG=ar_OM.UTF-8 never generated). C.UTF-8 does
   * honour LANGUAGE, so the catalogues work without the `locales` package. */
  if (locale_is_c (setlocale (LC_MESSAGES, NULL)))
    setlocale (LC_MESSAGES, "C.UTF-8");
  if (locale_is_c (setlocale (LC_CTYPE, NULL)))
    setlocale (LC_CTYPE, "C.UTF-8");

  g_clear_pointer (&locale_dir, g_free);
  locale_dir = find_locale_dir ();
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Now, before the first g_dgettext (): GLib decides once whether to translate at all, by
   * whether our text domain has a catalogue for the language in force at that moment.
   * English until the configuration is read: what the program prints on a terminal (--help,
   * errors) is for the attendant; the screens start in the configured language (Arabic). */
  kiosk_i18n_set_language ("en");
}

gboolean
kiosk_i18n_language_is_valid (const char *language)
{
  return g_strcmp0 (language, "ar") == 0 || g_strcmp0 (language, "en") == 0;
}

void
kiosk_i18n_set_language (const char *language)
{
  g_return_if_fail (kiosk_i18n_language_is_valid (language));

  g_free (current_language);
  current_language = g_strdup (language);
  apply_language (language);

  /* Set from the language, not from gtk_get_locale_direction (): that asks GTK's own
   * catalogue, which a kiosk image may not carry. */
  if (gtk_is_initialized ())
    gtk_widget_set_default_direction (kiosk_i18n_is_rtl () ? GTK_TEXT_DIR_RTL
                                                           : GTK_TEXT_DIR_LTR);
}

const char *
kiosk_i18n_get_language (void)
{
  return current_language != NULL ? current_language : "ar";
}

gboolean
kiosk_i18n_is_rtl (void)
{
  return g_str_equal (kiosk_i18n_get_language (), "ar");
}

const char *
kiosk_i18n_get_other_language (void)
{
  return kiosk_i18n_is_rtl () ? "en" : "ar";
}

const char *
kiosk_i18n_pick (const char *name_ar,
                 const char *name_en)
{
  const char *picked = kiosk_i18n_is_rtl () ? name_ar : name_en;

  /* Reference data names both; if one is ever empty, the other beats a blank tile. */
  if (picked == NULL || picked[0] == '\0')
    picked = kiosk_i18n_is_rtl () ? name_en : name_ar;
  return picked != NULL ? picked : "";
}

char *
kiosk_i18n_translate_in (const char *language,
                         const char *msgid)
{
  g_autofree char *saved = g_strdup (kiosk_i18n_get_language ());
  char *translated;

  g_return_val_if_fail (kiosk_i18n_language_is_valid (language), g_strdup (msgid));

  apply_language (language);
  translated = g_strdup (g_dgettext (GETTEXT_PACKAGE, msgid));
  apply_language (saved);
  return translated;
}

char *
kiosk_i18n_printf_in (const char *language,
                      const char *format,
                      ...)
{
  g_autofree char *translated = kiosk_i18n_translate_in (language, format);
  va_list args;
  char *text;

  va_start (args, format);
  /* The catalogue's msgfmt --check guarantees the translation takes the same arguments. */
  text = g_strdup_vprintf (translated, args);
  va_end (args);
  return text;
}

const char *
kiosk_i18n_get_locale_dir (void)
{
  return locale_dir != NULL ? locale_dir : LOCALEDIR;
}

void
kiosk_i18n_set_arabic_digits (gboolean value)
{
  arabic_digits = value;
}

gboolean
kiosk_i18n_get_arabic_digits (void)
{
  return arabic_digits;
}

KioskLang
kiosk_i18n_get_lang (void)
{
  return kiosk_i18n_is_rtl () ? KIOSK_LANG_AR : KIOSK_LANG_EN;
}

KioskDigits
kiosk_i18n_get_digits (void)
{
  return kiosk_i18n_is_rtl () && arabic_digits ? KIOSK_DIGITS_ARABIC_INDIC : KIOSK_DIGITS_LATIN;
}

char *
kiosk_i18n_localize_digits (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return kiosk_digits_localize (text, kiosk_i18n_get_digits ());
}

char *
kiosk_i18n_format_int (gint64 value)
{
  char latin[32];

  g_snprintf (latin, sizeof latin, "%" G_GINT64_FORMAT, value);
  return kiosk_i18n_localize_digits (latin);
}

char *
kiosk_i18n_format_date (const char *iso_date)
{
  static const int digit_at[] = { 0, 1, 2, 3, 5, 6, 8, 9 };
  g_autofree char *day_first = NULL;

  g_return_val_if_fail (iso_date != NULL, NULL);

  /* "YYYY-MM-DD…" only; anything else is shown as it came. */
  if (strlen (iso_date) < 10 || iso_date[4] != '-' || iso_date[7] != '-')
    return kiosk_i18n_localize_digits (iso_date);
  for (guint i = 0; i < G_N_ELEMENTS (digit_at); i++)
    if (!g_ascii_isdigit (iso_date[digit_at[i]]))
      return kiosk_i18n_localize_digits (iso_date);
  day_first = g_strdup_printf ("%.2s/%.2s/%.4s%s", iso_date + 8, iso_date + 5, iso_date,
                               iso_date + 10);
  return kiosk_i18n_localize_digits (day_first);
}

char *
kiosk_i18n_format_time (gint64   unix_time,
                        gboolean with_clock)
{
  /* The slips' clock (Muscat's time), written day first in the screen's digits. */
  g_autofree char *iso = kiosk_format_muscat_time (unix_time, with_clock, KIOSK_DIGITS_LATIN);

  return kiosk_i18n_format_date (iso);
}

char *
kiosk_i18n_format_money (KioskBaisa amount)
{
  return kiosk_money_format (amount, kiosk_i18n_get_lang (), kiosk_i18n_get_digits ());
}

char *
kiosk_i18n_ltr (const char *identifier)
{
  return g_strconcat ("\u2066", identifier ? identifier : "", "\u2069", NULL);
}

void
kiosk_i18n_place_ltr (GtkWidget *widget)
{
  gboolean rtl = kiosk_i18n_is_rtl ();
  GtkAlign halign = gtk_widget_get_halign (widget);

  gtk_widget_set_direction (widget, GTK_TEXT_DIR_LTR);
  /* Inside the box: where the text, and an empty field's caret, begins. */
  if (GTK_IS_EDITABLE (widget))
    gtk_editable_set_alignment (GTK_EDITABLE (widget), rtl ? 1 : 0);
  else if (GTK_IS_LABEL (widget))
    gtk_label_set_xalign (GTK_LABEL (widget), rtl ? 1 : 0);
  /* The box itself: start and end are read in its own (left-to-right) direction. */
  if (halign == GTK_ALIGN_START || halign == GTK_ALIGN_END)
    gtk_widget_set_halign (widget, rtl ? GTK_ALIGN_END : GTK_ALIGN_START);
}

char *
kiosk_i18n_plate (const char *canonical)
{
  g_autofree char *shown = NULL;

  if (canonical == NULL)
    return g_strdup ("");
  shown = kiosk_plate_display (canonical, kiosk_i18n_get_lang ());
  return kiosk_i18n_ltr (shown);
}
