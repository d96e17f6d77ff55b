/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Screen text into spoken words: amounts, identifiers and bidi controls, for the speaker. */
#define G_LOG_DOMAIN "kiosk-core"

#include "config.h"

#include "kiosk-spoken.h"

#include <string.h>

#include "kiosk-validate.h"

/* How screens write amounts (kiosk-money.c): "OMR 1,250.500", "1,250.500 ر.ع.",
 * "١٬٢٥٠٫٥٠٠ ر.ع.". Digits of either set, group and decimal separators of either script. */
#define DIGIT "[0-9\\x{0660}-\\x{0669}]"
#define AMOUNT_PATTERN \
  "OMR\\s?" DIGIT "[" "0-9\\x{0660}-\\x{0669},\\x{066C}" "]*[.\\x{066B}]" DIGIT "{3}" \
  "|" DIGIT "[0-9\\x{0660}-\\x{0669},\\x{066C}]*[.\\x{066B}]" DIGIT "{3}\\s?ر\\.ع\\.?"

/* A run isolated left to right: how screens show references, plates and numbers in Arabic. */
#define ISOLATE_PATTERN "\\x{2066}([^\\x{2069}]*)\\x{2069}"

/* Words that are identifiers, not numbers to be read as quantities: a reference or permit
 * number (letters and digits joined by hyphens, "VP-01471-2025", "DEMO01-261205-0001"), a
 * code mixing capitals and digits ("BARM1"), or a run of five digits or more (a tracking
 * number: "2612050001" read as two billion… helps nobody). Four digits stay a number: years. */
#define IDENTIFIER_PATTERN \
  "\\b[A-Z0-9]+(?:[-/][A-Z0-9]+)+\\b" \
  "|\\b(?=[A-Z]*[0-9])(?=[0-9]*[A-Z])[A-Z0-9]{2,}\\b" \
  "|" DIGIT "{5,}"

/* A phone number as screens write it: groups of two to four digits with single spaces, an
 * optional "+" first ("+968 9123 4567", "٩١٢٣ ٤٥٦٧"). Read digit by digit like the
 * identifiers, as people read phone numbers; fewer than five digits stay numbers, and a
 * year before a time ("2026 07:31") is no phone. */
#define PHONE_PATTERN \
  "(?<![0-9\\x{0660}-\\x{0669}])\\+?" DIGIT "{2,4}(?: " DIGIT "{2,4})+" \
  "(?![0-9\\x{0660}-\\x{0669}:])"
#define PHONE_MIN_DIGITS 5

/* A date as screens write it, DD/MM/YYYY in either digits: read as day, month name, year,
 * not spelt like a reference. */
#define DATE_PATTERN \
  "(?<![0-9\\x{0660}-\\x{0669}/])" \
  "(?<day>" DIGIT "{1,2})/(?<month>" DIGIT "{1,2})/(?<year>" DIGIT "{4})" \
  "(?![0-9\\x{0660}-\\x{0669}/])"
/* The same as some screens still write it, YYYY-MM-DD. */
#define ISO_DATE_PATTERN \
  "(?<![0-9\\x{0660}-\\x{0669}-])" \
  "(?<year>" DIGIT "{4})-(?<month>" DIGIT "{2})-(?<day>" DIGIT "{2})" \
  "(?![0-9\\x{0660}-\\x{0669}-])"

static const char *const months_ar[] = {
  "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
  "نوفمبر", "ديسمبر",
};
static const char *const months_en[] = {
  "January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December",
};

/* The noun for a count, in the form Arabic gives it after that number: 1 and 2 have their
 * own words (no digit spoken), 3–10 take the plural, 11–99 the singular accusative, and
 * hundreds and thousands (…00, …01, …02) the singular genitive. */
typedef struct
{
  const char *one;      /* "ريال واحد" */
  const char *two;      /* "ريالان" */
  const char *plural;   /* "ريالات" */
  const char *accusative; /* "ريالًا" */
  const char *genitive; /* "ريال" */
} ArabicNoun;

static const ArabicNoun rial_ar = { "ريال واحد", "ريالان", "ريالات", "ريالًا", "ريال" };
static const ArabicNoun baisa_ar = { "بيسة واحدة", "بيستان", "بيسات", "بيسةً", "بيسة" };

static void
append_arabic_count (GString          *out,
                     gint64            n,
                     const ArabicNoun *noun)
{
  gint64 last_two = n % 100;

  if (n == 1)
    g_string_append (out, noun->one);
  else if (n == 2)
    g_string_append (out, noun->two);
  else if (last_two >= 3 && last_two <= 10)
    g_string_append_printf (out, "%" G_GINT64_FORMAT " %s", n, noun->plural);
  else if (last_two >= 11)
    g_string_append_printf (out, "%" G_GINT64_FORMAT " %s", n, noun->accusative);
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT " %s", n, noun->genitive);
}

char *
kiosk_spoken_amount (KioskBaisa amount,
                     KioskLang  lang)
{
  GString *out = g_string_new (NULL);
  gint64 rials, baisa;

  if (amount < 0)
    {
      g_string_append (out, lang == KIOSK_LANG_AR ? "سالب " : "minus ");
      amount = -amount;
    }
  rials = amount / KIOSK_BAISA_PER_RIAL;
  baisa = amount % KIOSK_BAISA_PER_RIAL;

  if (lang == KIOSK_LANG_AR)
    {
      if (rials == 0 && baisa == 0)
        g_string_append (out, "صفر ريال");
      if (rials > 0)
        append_arabic_count (out, rials, &rial_ar);
      if (rials > 0 && baisa > 0)
        g_string_append (out, " و");
      if (baisa > 0)
        append_arabic_count (out, baisa, &baisa_ar);
    }
  else
    {
      if (rials == 0 && baisa == 0)
        g_string_append (out, "zero rials");
      if (rials > 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT " %s", rials,
                                rials == 1 ? "rial" : "rials");
      if (rials > 0 && baisa > 0)
        g_string_append (out, " and ");
      if (baisa > 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT " baisa", baisa);
    }
  return g_string_free (out, FALSE);
}

char *
kiosk_spoken_identifier (const char *identifier,
                         KioskLang   lang)
{
  g_autofree char *plain = NULL;
  g_autofree char *latin = NULL;
  GString *out;
  gboolean pause = FALSE;

  g_return_val_if_fail (identifier != NULL && g_utf8_validate (identifier, -1, NULL), NULL);

  plain = kiosk_text_strip_bidi (identifier);
  latin = kiosk_digits_to_latin (plain);
  out = g_string_new (NULL);
  for (const char *p = latin; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          if (pause && out->len > 0)
            g_string_append (out, lang == KIOSK_LANG_AR ? "، " : ", ");
          else if (out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append_unichar (out, c);
          pause = FALSE;
        }
      else
        pause = TRUE; /* hyphens, slashes, spaces: where the eye groups, the voice pauses */
    }
  return g_string_free (out, FALSE);
}

/* Spoken amounts wait in the text as one private-use character each (U+E000 + index) while
 * the later passes run, so their numbers are never taken for identifiers. */
#define AMOUNT_MARK 0xE000

typedef struct
{
  KioskLang  lang;
  GPtrArray *amounts; /* the spoken amounts, by mark */
} SpokenContext;

static gboolean
replace_amount_cb (const GMatchInfo *info,
                   GString          *out,
                   gpointer          user_data)
{
  const SpokenContext *ctx = user_data;
  g_autofree char *shown = g_match_info_fetch (info, 0);
  g_autofree char *spoken = NULL;
  KioskBaisa amount;

  if (!kiosk_money_parse (shown, &amount, NULL))
    {
      g_string_append (out, shown); /* looked like money but is not: read it as it stands */
      return FALSE;
    }
  spoken = kiosk_spoken_amount (amount, ctx->lang);
  g_string_append_unichar (out, AMOUNT_MARK + ctx->amounts->len);
  g_ptr_array_add (ctx->amounts, g_steal_pointer (&spoken));
  return FALSE;
}

static gboolean
replace_isolate_cb (const GMatchInfo *info,
                    GString          *out,
                    gpointer          user_data)
{
  const SpokenContext *ctx = user_data;
  g_autofree char *inner = g_match_info_fetch (info, 1);
  gboolean has_digit = FALSE;

  for (const char *p = inner; *p != '\0'; p = g_utf8_next_char (p))
    has_digit |= kiosk_digit_value (g_utf8_get_char (p)) >= 0;
  if (has_digit)
    {
      g_autofree char *spoken = kiosk_spoken_identifier (inner, ctx->lang);

      g_string_append (out, spoken);
    }
  else
    g_string_append (out, inner);
  return FALSE;
}

static gboolean
replace_identifier_cb (const GMatchInfo *info,
                       GString          *out,
                       gpointer          user_data)
{
  const SpokenContext *ctx = user_data;
  g_autofree char *word = g_match_info_fetch (info, 0);
  g_autofree char *spoken = kiosk_spoken_identifier (word, ctx->lang);

  g_string_append (out, spoken);
  return FALSE;
}

static gboolean
replace_phone_cb (const GMatchInfo *info,
                  GString          *out,
                  gpointer          user_data)
{
  const SpokenContext *ctx = user_data;
  g_autofree char *number = g_match_info_fetch (info, 0);
  guint digits = 0;

  for (const char *p = number; *p != '\0'; p = g_utf8_next_char (p))
    digits += kiosk_digit_value (g_utf8_get_char (p)) >= 0 ? 1 : 0;
  if (digits < PHONE_MIN_DIGITS)
    g_string_append (out, number); /* "12 34": two small numbers, not a phone */
  else
    {
      g_autofree char *spoken = kiosk_spoken_identifier (number, ctx->lang);

      g_string_append (out, spoken);
    }
  return FALSE;
}

/* The number a run of digits of either set stands for (at most four of them). */
static int
digits_value (const char *digits)
{
  int value = 0;

  for (const char *p = digits; *p != '\0'; p = g_utf8_next_char (p))
    value = value * 10 + kiosk_digit_value (g_utf8_get_char (p));
  return value;
}

/* Month `m` (1–12) in `lang`. One array per language, indexed apart: UBSan's object-size
 * check cannot follow an index into "one array or the other". */
static const char *
month_name (int       m,
            KioskLang lang)
{
  g_return_val_if_fail (m >= 1 && m <= 12, "");
  if (lang == KIOSK_LANG_AR)
    return months_ar[m - 1];
  return months_en[m - 1];
}

static gboolean
replace_date_cb (const GMatchInfo *info,
                 GString          *out,
                 gpointer          user_data)
{
  const SpokenContext *ctx = user_data;
  g_autofree char *shown = g_match_info_fetch (info, 0);
  g_autofree char *day = g_match_info_fetch_named (info, "day");
  g_autofree char *month = g_match_info_fetch_named (info, "month");
  g_autofree char *year = g_match_info_fetch_named (info, "year");
  int d = digits_value (day), m = digits_value (month), y = digits_value (year);

  if (d < 1 || d > 31 || m < 1 || m > 12)
    {
      g_string_append (out, shown); /* not a date: the identifier pass spells it */
      return FALSE;
    }
  g_string_append_printf (out, "%d %s %d", d, month_name (m, ctx->lang), y);
  return FALSE;
}

static GRegex *amount_regex;
static GRegex *isolate_regex;
static GRegex *date_regex;
static GRegex *iso_date_regex;
static GRegex *phone_regex;
static GRegex *identifier_regex;

static char *
replace_all (const char          *text,
             GRegex             **compiled,
             const char          *pattern,
             GRegexEvalCallback   callback,
             SpokenContext       *ctx)
{
  /* Compiled once for the process: the app's spoken guidance asks for a screen's words
   * several times a second. A compiled GRegex is never changed, so threads may share it. */
  if (g_once_init_enter (compiled))
    {
      GRegex *regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, NULL);

      g_assert (regex != NULL); /* the patterns are constants of this file */
      g_once_init_leave (compiled, regex);
    }
  return g_regex_replace_eval (*compiled, text, -1, 0, 0, callback, ctx, NULL);
}

char *
kiosk_spoken_text (const char *text,
                   KioskLang   lang)
{
  g_autoptr(GPtrArray) amount_words = g_ptr_array_new_with_free_func (g_free);
  SpokenContext ctx = { lang, amount_words };
  g_autofree char *amounts = NULL;
  g_autofree char *isolates = NULL;
  g_autofree char *dates = NULL;
  g_autofree char *iso_dates = NULL;
  g_autofree char *phones = NULL;
  g_autofree char *identifiers = NULL;
  g_autofree char *plain = NULL;
  g_auto(GStrv) words = NULL;

  g_autofree char *clean = NULL;

  g_return_val_if_fail (text != NULL && g_utf8_validate (text, -1, NULL), NULL);

  /* A private-use character in the text itself (nothing a screen should hold) would read
   * as a mark: drop them. */
  {
    GString *kept = g_string_new (NULL);

    for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);

        if (c < 0xE000 || c > 0xF8FF)
          g_string_append_unichar (kept, c);
      }
    clean = g_string_free (kept, FALSE);
  }

  /* Amounts first: their digits must not be taken for identifiers. Then what screens isolate,
   * dates, phone numbers, then identifiers left in the running text, then whatever bidi
   * controls remain. */
  amounts = replace_all (clean, &amount_regex, AMOUNT_PATTERN, replace_amount_cb, &ctx);
  isolates = replace_all (amounts, &isolate_regex, ISOLATE_PATTERN, replace_isolate_cb, &ctx);
  dates = replace_all (isolates, &date_regex, DATE_PATTERN, replace_date_cb, &ctx);
  iso_dates = replace_all (dates, &iso_date_regex, ISO_DATE_PATTERN, replace_date_cb, &ctx);
  phones = replace_all (iso_dates, &phone_regex, PHONE_PATTERN, replace_phone_cb, &ctx);
  identifiers = replace_all (phones, &identifier_regex, IDENTIFIER_PATTERN,
                             replace_identifier_cb, &ctx);
  plain = kiosk_text_strip_bidi (identifiers);

  /* Line breaks and runs of spaces say nothing; the synthesizer reads one line. */
  words = g_strsplit_set (plain, " \t\r\n", -1);
  {
    GString *out = g_string_new (NULL);

    for (guint i = 0; words[i] != NULL; i++)
      {
        if (words[i][0] == '\0')
          continue;
        if (out->len > 0)
          g_string_append_c (out, ' ');
        for (const char *p = words[i]; *p != '\0'; p = g_utf8_next_char (p))
          {
            gunichar c = g_utf8_get_char (p);

            if (c >= AMOUNT_MARK && c < AMOUNT_MARK + amount_words->len)
              g_string_append (out, g_ptr_array_index (amount_words, c - AMOUNT_MARK));
            else
              g_string_append_unichar (out, c);
          }
      }
    return g_string_free (out, FALSE);
  }
}
