/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Formatting and parsing amounts of Omani rials held as integer baisa, in the forms a visitor
 * reads and types: "OMR 1,250.500", "1,250.500 ر.ع." and "١٬٢٥٠٫٥٠٠ ر.ع.". */
#define G_LOG_DOMAIN "kiosk-core"

#include "config.h"

#include "kiosk-money.h"

#include "kiosk-validate.h"

#include <string.h>

#include "kiosk-error.h"

#define ARABIC_DECIMAL_SEPARATOR   0x066B
#define ARABIC_THOUSANDS_SEPARATOR 0x066C
#define MINUS_SIGN                 0x2212

/* The Arabic abbreviation of "Omani rial", as printed on receipts and in the Arabic UI. */
#define ARABIC_RIAL_MARKER "ر.ع."

/* Longest first, so "ر.ع." wins over its prefix "ر.ع". Latin ones match case-insensitively. */
static const struct
{
  const char *text;
  gboolean    latin;
} currency_markers[] = {
  { "ر.ع.", FALSE },
  { "ر.ع", FALSE },
  { "ريال", FALSE },
  { "OMR", TRUE },
  { "RO", TRUE },
};

static void
append_digit (GString    *str,
              int         d,
              KioskDigits digits)
{
  if (digits == KIOSK_DIGITS_ARABIC_INDIC)
    g_string_append_unichar (str, KIOSK_ARABIC_INDIC_ZERO + (gunichar) d);
  else
    g_string_append_c (str, (char) ('0' + d));
}

/**
 * kiosk_money_format:
 * @amount: an amount in baisa; any #gint64, including negative ones
 * @lang: %KIOSK_LANG_EN puts "OMR " before the number, %KIOSK_LANG_AR puts " ر.ع." after it
 * @digits: the digit set; with %KIOSK_DIGITS_ARABIC_INDIC the separators are the Arabic ones
 *   too (U+066B decimal, U+066C thousands). Honoured in both languages.
 *
 * Always three decimals, thousands grouped by three. A negative amount starts with an ASCII
 * hyphen-minus in both languages: "-OMR 5.000" and "-5.000 ر.ع.". No bidi marks are added:
 * the widget showing an Arabic amount is expected to have the paragraph direction set.
 *
 * Returns: (transfer full): the formatted amount
 */
char *
kiosk_money_format (KioskBaisa  amount,
                    KioskLang   lang,
                    KioskDigits digits)
{
  GString *str = g_string_new (NULL);
  /* Through unsigned so G_MININT64 has a magnitude too. */
  guint64 magnitude = amount < 0 ? (guint64) 0 - (guint64) amount : (guint64) amount;
  guint64 rials = magnitude / KIOSK_BAISA_PER_RIAL;
  guint baisa = (guint) (magnitude % KIOSK_BAISA_PER_RIAL);
  char int_digits[24];
  char frac_digits[4];
  gsize n_int;

  g_snprintf (int_digits, sizeof int_digits, "%" G_GUINT64_FORMAT, rials);
  g_snprintf (frac_digits, sizeof frac_digits, "%03u", baisa);
  n_int = strlen (int_digits);

  if (amount < 0)
    g_string_append_c (str, '-');
  if (lang == KIOSK_LANG_EN)
    g_string_append (str, "OMR ");

  for (gsize i = 0; i < n_int; i++)
    {
      if (i > 0 && (n_int - i) % 3 == 0)
        {
          if (digits == KIOSK_DIGITS_ARABIC_INDIC)
            g_string_append_unichar (str, ARABIC_THOUSANDS_SEPARATOR);
          else
            g_string_append_c (str, ',');
        }
      append_digit (str, int_digits[i] - '0', digits);
    }

  if (digits == KIOSK_DIGITS_ARABIC_INDIC)
    g_string_append_unichar (str, ARABIC_DECIMAL_SEPARATOR);
  else
    g_string_append_c (str, '.');
  for (gsize i = 0; i < 3; i++)
    append_digit (str, frac_digits[i] - '0', digits);

  if (lang != KIOSK_LANG_EN)
    g_string_append (str, " " ARABIC_RIAL_MARKER);

  return g_string_free (str, FALSE);
}

/* Bidi marks are invisible; an amount copied from an Arabic label may carry them around its
 * parts, so between tokens they count as space. */
static gboolean
is_space_or_bidi_mark (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x200E || c == 0x200F || c == 0x061C
         || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

static const char *
skip_space (const char *p)
{
  while (*p != '\0' && is_space_or_bidi_mark (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  return p;
}

/* Returns the length in bytes of the currency marker at @p, or 0. */
static gsize
match_marker (const char *p)
{
  for (gsize i = 0; i < G_N_ELEMENTS (currency_markers); i++)
    {
      const char *marker = currency_markers[i].text;
      gsize len = strlen (marker);

      if (currency_markers[i].latin ? g_ascii_strncasecmp (p, marker, len) == 0
                                    : strncmp (p, marker, len) == 0)
        return len;
    }
  return 0;
}

static gboolean
is_sign (gunichar c)
{
  return c == '-' || c == '+' || c == MINUS_SIGN;
}

static gboolean
is_thousands_separator (gunichar c)
{
  return c == ',' || c == ARABIC_THOUSANDS_SEPARATOR;
}

static gboolean
is_decimal_separator (gunichar c)
{
  return c == '.' || c == ARABIC_DECIMAL_SEPARATOR;
}

static gboolean
fail (GError    **error,
      const char *reason)
{
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_AMOUNT, "Invalid amount: %s", reason);
  return FALSE;
}

/* Reads "1,250.500" (any digit set, either separator style) at *@p into baisa, advancing *@p
 * past it. Never builds a value above KIOSK_MONEY_MAX, so nothing can overflow. */
static gboolean
parse_number (const char **p,
              guint64     *out_baisa,
              GError     **error)
{
  const guint64 max_rials = (guint64) KIOSK_MONEY_MAX / KIOSK_BAISA_PER_RIAL;
  const char *cur = *p;
  guint64 rials = 0;
  guint64 baisa = 0;
  guint n_digits = 0;
  guint n_separators = 0;
  guint group_len = 0;
  gboolean leading_zero = FALSE;
  gunichar c;
  int d;

  for (;;)
    {
      c = g_utf8_get_char (cur);
      d = kiosk_digit_value (c);

      if (d >= 0)
        {
          if (n_digits == 0 && d == 0)
            leading_zero = TRUE;
          /* rials <= max_rials here, so the multiplication cannot wrap. */
          rials = rials * 10 + (guint64) d;
          if (rials > max_rials)
            return fail (error, "too large");
          n_digits++;
          group_len++;
        }
      else if (is_thousands_separator (c))
        {
          if (n_digits == 0)
            return fail (error, "thousands separator before any digit");
          if (n_separators == 0 ? (group_len > 3 || leading_zero) : group_len != 3)
            return fail (error, "thousands separators not in groups of three");
          n_separators++;
          group_len = 0;
        }
      else
        break;

      cur = g_utf8_next_char (cur);
    }

  if (n_digits == 0)
    return fail (error, is_decimal_separator (c) ? "no digits before the decimal separator"
                                                 : "no digits");
  if (n_separators > 0 && group_len != 3)
    return fail (error, "thousands separators not in groups of three");

  if (is_decimal_separator (c))
    {
      guint n_decimals = 0;

      cur = g_utf8_next_char (cur);
      while ((d = kiosk_digit_value (g_utf8_get_char (cur))) >= 0)
        {
          if (++n_decimals > 3)
            return fail (error, "more than 3 decimal places");
          baisa = baisa * 10 + (guint64) d;
          cur = g_utf8_next_char (cur);
        }
      if (n_decimals == 0)
        return fail (error, "no digits after the decimal separator");
      for (; n_decimals < 3; n_decimals++)
        baisa *= 10;

      c = g_utf8_get_char (cur);
      if (is_decimal_separator (c))
        return fail (error, "two decimal separators");
      if (is_thousands_separator (c))
        return fail (error, "thousands separator after the decimal separator");
    }

  baisa += rials * KIOSK_BAISA_PER_RIAL;
  if (baisa > (guint64) KIOSK_MONEY_MAX)
    return fail (error, "too large");

  *p = cur;
  *out_baisa = baisa;
  return TRUE;
}

/**
 * kiosk_money_parse:
 * @text: what a person typed, or what kiosk_money_format() produced
 * @out_amount: (out) (optional): the amount in baisa, set only on success
 * @error: %KIOSK_ERROR_INVALID_AMOUNT on failure
 *
 * Accepts an optional sign ('-', '+' or U+2212; at most one) and an optional currency marker
 * ("OMR", "RO" in any case, "ر.ع.", "ر.ع", "ريال"; at most one, before or after the number),
 * then a number in Latin, Arabic-Indic or Eastern Arabic-Indic digits with '.' or U+066B as
 * decimal separator (1 to 3 decimals) and optionally ',' or U+066C between groups of three.
 * The sign may come before or after a leading marker ("-OMR 5", "OMR -5"). Space and bidi
 * marks around the parts are ignored. "5." and ".5" are refused: a lone separator is more
 * likely a slip than a meaning. A %NULL @text counts as empty.
 *
 * Returns: %TRUE if @text is an amount whose magnitude is at most %KIOSK_MONEY_MAX
 */
gboolean
kiosk_money_parse (const char *text,
                   KioskBaisa *out_amount,
                   GError    **error)
{
  const char *p;
  gboolean seen_sign = FALSE;
  gboolean seen_marker = FALSE;
  gboolean negative = FALSE;
  guint64 magnitude = 0;
  gsize marker_len;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL)
    text = "";
  if (!g_utf8_validate (text, -1, NULL))
    return fail (error, "not valid UTF-8");

  p = skip_space (text);
  if (*p == '\0')
    return fail (error, "empty");

  /* Before the number: at most one sign and at most one marker, in either order. */
  for (;;)
    {
      gunichar c = g_utf8_get_char (p);

      if (is_sign (c))
        {
          if (seen_sign)
            return fail (error, "two signs");
          seen_sign = TRUE;
          negative = c != '+';
          p = skip_space (g_utf8_next_char (p));
        }
      else if ((marker_len = match_marker (p)) > 0)
        {
          if (seen_marker)
            return fail (error, "two currency markers");
          seen_marker = TRUE;
          p = skip_space (p + marker_len);
        }
      else
        break;
    }

  if (!parse_number (&p, &magnitude, error))
    return FALSE;

  p = skip_space (p);
  if (!seen_marker && (marker_len = match_marker (p)) > 0)
    p = skip_space (p + marker_len);

  if (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (is_sign (c))
        return fail (error, seen_sign ? "two signs" : "sign after the number");
      if (match_marker (p) > 0)
        return fail (error, "two currency markers");
      return fail (error, "unexpected characters");
    }

  if (out_amount != NULL)
    *out_amount = negative ? -(KioskBaisa) magnitude : (KioskBaisa) magnitude;
  return TRUE;
}
