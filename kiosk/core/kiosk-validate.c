/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Validators for what a visitor types or scans at the kiosk: Omani phone, civil, plate, licence
 * and CR numbers, and free text. Each turns the many ways people write a value into one
 * canonical string, or refuses it with a KIOSK_ERROR code the UI can explain. */
#define G_LOG_DOMAIN "kiosk-core"

#include "config.h"

#include "kiosk-validate.h"

#include <string.h>

#include "kiosk-error.h"

#define EASTERN_ARABIC_INDIC_ZERO 0x06F0
#define ARABIC_TATWEEL            0x0640
#define BULLET                    "\u2022"

/* Directional formatting characters. Invisible, they can make text read differently from how
 * it is stored ("Trojan source"), and nothing a visitor types needs them. */
static gboolean
is_bidi_control (gunichar c)
{
  return c == 0x200E || c == 0x200F || c == 0x061C
         || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/**
 * kiosk_text_strip_bidi:
 * @utf8: valid UTF-8
 *
 * Removes the bidi controls U+200E, U+200F, U+061C, U+202A–U+202E and U+2066–U+2069.
 *
 * Returns: (transfer full): @utf8 without them
 */
char *
kiosk_text_strip_bidi (const char *utf8)
{
  GString *out;

  g_return_val_if_fail (utf8 != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (utf8, -1, NULL), NULL);

  out = g_string_sized_new (strlen (utf8));
  for (const char *p = utf8; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_bidi_control (c))
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

int
kiosk_digit_value (gunichar c)
{
  if (c >= '0' && c <= '9')
    return (int) (c - '0');
  if (c >= KIOSK_ARABIC_INDIC_ZERO && c <= KIOSK_ARABIC_INDIC_ZERO + 9)
    return (int) (c - KIOSK_ARABIC_INDIC_ZERO);
  if (c >= EASTERN_ARABIC_INDIC_ZERO && c <= EASTERN_ARABIC_INDIC_ZERO + 9)
    return (int) (c - EASTERN_ARABIC_INDIC_ZERO);
  return -1;
}

/**
 * kiosk_digits_localize:
 * @input: valid UTF-8
 * @digits: the digit set wanted
 *
 * Rewrites every Latin, Arabic-Indic (U+0660–U+0669) and Eastern Arabic-Indic
 * (U+06F0–U+06F9) digit in @input as a digit of @digits; %KIOSK_DIGITS_ARABIC_INDIC means
 * U+0660–U+0669. Only digits change: separators such as '.' are left as they are.
 *
 * Returns: (transfer full): the rewritten string
 */
char *
kiosk_digits_localize (const char *input,
                       KioskDigits digits)
{
  GString *out;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (input, -1, NULL), NULL);

  out = g_string_sized_new (strlen (input));
  for (const char *p = input; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int d = kiosk_digit_value (c);

      if (d < 0)
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      else if (digits == KIOSK_DIGITS_ARABIC_INDIC)
        g_string_append_unichar (out, KIOSK_ARABIC_INDIC_ZERO + (gunichar) d);
      else
        g_string_append_c (out, (char) ('0' + d));
    }
  return g_string_free (out, FALSE);
}

/**
 * kiosk_digits_to_latin:
 * @input: valid UTF-8
 *
 * Same as kiosk_digits_localize() with %KIOSK_DIGITS_LATIN.
 *
 * Returns: (transfer full): @input with every digit in 0–9
 */
char *
kiosk_digits_to_latin (const char *input)
{
  return kiosk_digits_localize (input, KIOSK_DIGITS_LATIN);
}

static char *
strdup_trimmed (const char *utf8)
{
  const char *start = utf8;
  const char *end = utf8 + strlen (utf8);

  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  return g_strndup (start, (gsize) (end - start));
}

/* What every field validator does first: a %NULL or blank @input is KIOSK_ERROR_EMPTY; bytes
 * that are not UTF-8 are the field's own @invalid_code, since to the visitor it is simply not
 * a phone number (or plate, ...). Returns the input trimmed, without bidi controls, in Latin
 * digits. */
static char *
clean_field (const char *input,
             KioskError  invalid_code,
             const char *what,
             GError    **error)
{
  g_autofree char *no_bidi = NULL;
  g_autofree char *latin = NULL;
  char *trimmed;

  if (input == NULL)
    input = "";
  if (!g_utf8_validate (input, -1, NULL))
    {
      g_set_error (error, KIOSK_ERROR, invalid_code, "%s is not valid UTF-8", what);
      return NULL;
    }

  no_bidi = kiosk_text_strip_bidi (input);
  latin = kiosk_digits_to_latin (no_bidi);
  trimmed = strdup_trimmed (latin);
  if (*trimmed == '\0')
    {
      g_free (trimmed);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY, "%s is empty", what);
      return NULL;
    }
  return trimmed;
}

static gboolean
is_ascii_digit (gunichar c)
{
  return c >= '0' && c <= '9';
}

/* Collects the digits of @cleaned, allowing white space between them and, if @allow_dash,
 * '-' between digits. Anything else (letters, signs, a dash at either end) returns %NULL. */
static char *
collect_digits (const char *cleaned,
                gboolean    allow_dash)
{
  g_autoptr (GString) digits = g_string_new (NULL);
  gunichar last = 0;

  for (const char *p = cleaned; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_ascii_digit (c))
        g_string_append_c (digits, (char) c);
      else if (!g_unichar_isspace (c) && !(c == '-' && allow_dash && digits->len > 0))
        return NULL;
      last = c;
    }
  /* cleaned is trimmed, so only a dash can end it without a digit. */
  if (!is_ascii_digit (last))
    return NULL;
  return g_string_free (g_steal_pointer (&digits), FALSE);
}

/**
 * kiosk_validate_phone:
 * @input: an Omani mobile number as typed
 * @error: %KIOSK_ERROR_EMPTY or %KIOSK_ERROR_INVALID_PHONE
 *
 * Accepts 8 national digits starting with 7 or 9, optionally after the country code "+968",
 * "968" or "00968". Spaces, '-' and '.' between digits and one pair of parentheses, as in
 * "(+968) 9212-3456", are allowed. Landlines (2x), other country codes and other lengths are
 * refused. A bare "968" counts as a country code only when 8 digits follow it, because
 * 968xxxxx is also a valid national mobile number.
 *
 * Returns: (transfer full) (nullable): "+968" and the 8 national digits, e.g. "+96892123456"
 */
char *
kiosk_validate_phone (const char *input,
                      GError    **error)
{
  g_autofree char *cleaned = NULL;
  g_autoptr (GString) digits = NULL;
  const char *national;
  gboolean plus = FALSE;
  gboolean in_parens = FALSE;
  gunichar last = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  cleaned = clean_field (input, KIOSK_ERROR_INVALID_PHONE, "Phone number", error);
  if (cleaned == NULL)
    return NULL;

  digits = g_string_new (NULL);
  for (const char *p = cleaned; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean ok = TRUE;

      if (is_ascii_digit (c))
        g_string_append_c (digits, (char) c);
      else if (c == '+')
        {
          /* Only in front: "+968 …" or "(+968) …". */
          ok = !plus && digits->len == 0;
          plus = TRUE;
        }
      else if (c == '(' || c == ')')
        {
          /* One level, opened before it is closed. */
          ok = in_parens == (c == ')');
          in_parens = c == '(';
        }
      else if (c == '-' || c == '.')
        ok = digits->len > 0;
      else
        ok = g_unichar_isspace (c);

      if (!ok)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_PHONE,
                       "Phone number has a character that is not a digit or separator");
          return NULL;
        }
      last = c;
    }

  if (in_parens || !(is_ascii_digit (last) || last == ')'))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_PHONE,
                   "Phone number has misplaced separators");
      return NULL;
    }

  if (plus)
    national = digits->len == 11 && g_str_has_prefix (digits->str, "968") ? digits->str + 3 : NULL;
  else if (digits->len == 8)
    national = digits->str;
  else if (digits->len == 11 && g_str_has_prefix (digits->str, "968"))
    national = digits->str + 3;
  else if (digits->len == 13 && g_str_has_prefix (digits->str, "00968"))
    national = digits->str + 5;
  else
    national = NULL;

  if (national == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_PHONE,
                   "Phone number is not +968 and 8 digits (%" G_GSIZE_FORMAT " digits given)",
                   digits->len);
      return NULL;
    }
  if (national[0] != '7' && national[0] != '9')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_PHONE,
                   "Phone number is not an Omani mobile number (starts with %c)", national[0]);
      return NULL;
    }

  return g_strconcat ("+968", national, NULL);
}

/**
 * kiosk_phone_mask:
 * @canonical: a phone number, normally as kiosk_validate_phone() returned it
 *
 * For showing a number on screen or in logs without revealing it: keeps the first 2 and last
 * 2 of the 8 national digits and hides the rest with U+2022 bullets, "+96892123456" →
 * "92••••56". Anything that is not a valid phone number gives "••••••••", never the input.
 *
 * Returns: (transfer full): the masked number
 */
char *
kiosk_phone_mask (const char *canonical)
{
  g_autofree char *valid = NULL;
  const char *national;

  g_return_val_if_fail (canonical != NULL, NULL);

  valid = kiosk_validate_phone (canonical, NULL);
  if (valid == NULL)
    return g_strdup (BULLET BULLET BULLET BULLET BULLET BULLET BULLET BULLET);

  national = valid + strlen ("+968");
  return g_strdup_printf ("%.2s" BULLET BULLET BULLET BULLET "%s", national, national + 6);
}

/**
 * kiosk_validate_civil_number:
 * @input: an Omani civil (ID card) number as typed
 * @error: %KIOSK_ERROR_EMPTY or %KIOSK_ERROR_INVALID_CIVIL_NUMBER
 *
 * 6 to 9 digits, not starting with 0, with spaces allowed between them.
 *
 * Returns: (transfer full) (nullable): the digits
 */
char *
kiosk_validate_civil_number (const char *input,
                             GError    **error)
{
  g_autofree char *cleaned = NULL;
  g_autofree char *digits = NULL;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  cleaned = clean_field (input, KIOSK_ERROR_INVALID_CIVIL_NUMBER, "Civil number", error);
  if (cleaned == NULL)
    return NULL;

  digits = collect_digits (cleaned, FALSE);
  if (digits == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_CIVIL_NUMBER,
                   "Civil number has a character that is not a digit");
      return NULL;
    }
  len = strlen (digits);
  if (len < 6 || len > 9)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_CIVIL_NUMBER,
                   "Civil number has %" G_GSIZE_FORMAT " digits, not 6 to 9", len);
      return NULL;
    }
  if (digits[0] == '0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_CIVIL_NUMBER,
                   "Civil number starts with 0");
      return NULL;
    }
  return g_steal_pointer (&digits);
}

/**
 * kiosk_validate_licence_number:
 * @input: a municipal licence number as typed
 * @error: %KIOSK_ERROR_EMPTY or %KIOSK_ERROR_INVALID_LICENCE
 *
 * 6 to 10 digits, not all zeros, with spaces or '-' allowed between them. Leading zeros are
 * kept: they are part of the number.
 *
 * Returns: (transfer full) (nullable): the digits
 */
char *
kiosk_validate_licence_number (const char *input,
                               GError    **error)
{
  g_autofree char *cleaned = NULL;
  g_autofree char *digits = NULL;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  cleaned = clean_field (input, KIOSK_ERROR_INVALID_LICENCE, "Licence number", error);
  if (cleaned == NULL)
    return NULL;

  digits = collect_digits (cleaned, TRUE);
  if (digits == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_LICENCE,
                   "Licence number has a character that is not a digit or separator");
      return NULL;
    }
  len = strlen (digits);
  if (len < 6 || len > 10)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_LICENCE,
                   "Licence number has %" G_GSIZE_FORMAT " digits, not 6 to 10", len);
      return NULL;
    }
  if (strspn (digits, "0") == len)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_LICENCE, "Licence number is all zeros");
      return NULL;
    }
  return g_steal_pointer (&digits);
}

/**
 * kiosk_validate_cr_number:
 * @input: an Omani commercial registration number as typed
 * @error: %KIOSK_ERROR_EMPTY or %KIOSK_ERROR_INVALID_CR_NUMBER
 *
 * Exactly 7 digits, not starting with 0, with spaces allowed between them.
 *
 * Returns: (transfer full) (nullable): the digits
 */
char *
kiosk_validate_cr_number (const char *input,
                          GError    **error)
{
  g_autofree char *cleaned = NULL;
  g_autofree char *digits = NULL;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  cleaned = clean_field (input, KIOSK_ERROR_INVALID_CR_NUMBER, "CR number", error);
  if (cleaned == NULL)
    return NULL;

  digits = collect_digits (cleaned, FALSE);
  if (digits == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_CR_NUMBER,
                   "CR number has a character that is not a digit");
      return NULL;
    }
  len = strlen (digits);
  if (len != 7)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_CR_NUMBER,
                   "CR number has %" G_GSIZE_FORMAT " digits, not 7", len);
      return NULL;
    }
  if (digits[0] == '0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_CR_NUMBER, "CR number starts with 0");
      return NULL;
    }
  return g_steal_pointer (&digits);
}

/* The one table of plate letters. Omani plates carry one or two letters, printed in both
 * scripts; the canonical form stores the Latin one. The first Arabic letter of each row is
 * the one kiosk_plate_display() shows; the others are variants people type for the same
 * letter (bare or hamza/madda alef for A, alef maqsura for Y). Tatweel (U+0640), as in "هـ",
 * is dropped before lookup. */
static const struct
{
  char     latin;
  gunichar arabic[4];
} plate_letters[] = {
  { 'A', { 0x0623 /* أ */, 0x0627 /* ا */, 0x0625 /* إ */, 0x0622 /* آ */ } },
  { 'B', { 0x0628 /* ب */ } },
  { 'D', { 0x062F /* د */ } },
  { 'E', { 0x0639 /* ع */ } },
  { 'H', { 0x0647 /* ه */ } },
  { 'J', { 0x062C /* ج */ } },
  { 'K', { 0x0643 /* ك */ } },
  { 'L', { 0x0644 /* ل */ } },
  { 'M', { 0x0645 /* م */ } },
  { 'N', { 0x0646 /* ن */ } },
  { 'R', { 0x0631 /* ر */ } },
  { 'S', { 0x0633 /* س */ } },
  { 'T', { 0x0637 /* ط */ } },
  { 'W', { 0x0648 /* و */ } },
  { 'Y', { 0x064A /* ي */, 0x0649 /* ى */ } },
};

/* Returns the canonical Latin letter for @c, or 0 if plates do not use it. */
static char
plate_letter_from_unichar (gunichar c)
{
  for (gsize i = 0; i < G_N_ELEMENTS (plate_letters); i++)
    {
      if (c < 0x80 && g_ascii_toupper ((char) c) == plate_letters[i].latin)
        return plate_letters[i].latin;
      for (gsize j = 0; j < G_N_ELEMENTS (plate_letters[i].arabic); j++)
        if (plate_letters[i].arabic[j] != 0 && plate_letters[i].arabic[j] == c)
          return plate_letters[i].latin;
    }
  return 0;
}

static gunichar
plate_letter_to_arabic (char latin)
{
  for (gsize i = 0; i < G_N_ELEMENTS (plate_letters); i++)
    if (plate_letters[i].latin == latin)
      return plate_letters[i].arabic[0];
  return 0;
}

/**
 * kiosk_validate_plate:
 * @input: an Omani vehicle plate as typed, e.g. "12345 AB", "AB-12345", "١٢٣٤٥ أ ب"
 * @error: %KIOSK_ERROR_EMPTY or %KIOSK_ERROR_INVALID_PLATE
 *
 * 1 to 5 digits (no leading zero) and 1 or 2 letters, in either order, with spaces or '-'
 * anywhere. Letters are Latin in any case or their Arabic equivalents in plate_letters; the
 * text is NFKC-normalised first so Arabic presentation forms and full-width characters count
 * as the plain ones. Tatweel is dropped wherever it is.
 *
 * Returns: (transfer full) (nullable): the digits, a space and the upper-case Latin letters,
 *   e.g. "12345 AB"
 */
char *
kiosk_validate_plate (const char *input,
                      GError    **error)
{
  g_autofree char *cleaned = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *latin = NULL;
  char number[6] = "";
  char letters[3] = "";
  gsize n_number = 0;
  gsize n_letters = 0;
  guint n_runs = 0;
  int last_kind = 0; /* 0 none, 1 digits, 2 letters */

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  cleaned = clean_field (input, KIOSK_ERROR_INVALID_PLATE, "Plate", error);
  if (cleaned == NULL)
    return NULL;
  normalized = g_utf8_normalize (cleaned, -1, G_NORMALIZE_NFKC);
  latin = kiosk_digits_to_latin (normalized);

  for (const char *p = latin; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int kind;
      char letter = 0;

      if (c == ARABIC_TATWEEL || c == '-' || g_unichar_isspace (c))
        continue;

      if (is_ascii_digit (c))
        kind = 1;
      else if ((letter = plate_letter_from_unichar (c)) != 0)
        kind = 2;
      else
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_PLATE,
                       "Plate has a character that is not a digit or plate letter");
          return NULL;
        }

      if (kind != last_kind && ++n_runs > 2)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_PLATE,
                       "Plate mixes digits and letters");
          return NULL;
        }
      last_kind = kind;

      if (kind == 1)
        {
          if (n_number == sizeof number - 1)
            {
              g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_PLATE,
                           "Plate has more than 5 digits");
              return NULL;
            }
          number[n_number++] = (char) c;
        }
      else
        {
          if (n_letters == sizeof letters - 1)
            {
              g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_PLATE,
                           "Plate has more than 2 letters");
              return NULL;
            }
          letters[n_letters++] = letter;
        }
    }

  if (n_number == 0 || n_letters == 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_PLATE,
                   n_number == 0 ? "Plate has no digits" : "Plate has no letters");
      return NULL;
    }
  if (number[0] == '0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_PLATE,
                   "Plate number starts with 0");
      return NULL;
    }

  number[n_number] = '\0';
  letters[n_letters] = '\0';
  return g_strconcat (number, " ", letters, NULL);
}

/**
 * kiosk_plate_display:
 * @canonical: a plate, normally as kiosk_validate_plate() returned it
 * @lang: the language to show it in
 *
 * %KIOSK_LANG_EN gives the canonical form, "12345 AB"; %KIOSK_LANG_AR gives the digits and
 * the Arabic letters separated by spaces, "12345 أ ب" (Latin digits, as on the plate). A
 * string that is not a plate is returned as it is, minus bidi controls, so a bad stored
 * value still shows something an operator can read.
 *
 * Returns: (transfer full): the plate to show
 */
char *
kiosk_plate_display (const char *canonical,
                     KioskLang   lang)
{
  g_autofree char *plate = NULL;
  const char *letters;
  GString *out;

  g_return_val_if_fail (canonical != NULL, NULL);

  plate = kiosk_validate_plate (canonical, NULL);
  if (plate == NULL)
    {
      if (!g_utf8_validate (canonical, -1, NULL))
        return g_strdup ("");
      return kiosk_text_strip_bidi (canonical);
    }
  if (lang == KIOSK_LANG_EN)
    return g_steal_pointer (&plate);

  letters = strchr (plate, ' ') + 1;
  out = g_string_new_len (plate, letters - plate - 1);
  for (const char *l = letters; *l != '\0'; l++)
    {
      g_string_append_c (out, ' ');
      g_string_append_unichar (out, plate_letter_to_arabic (*l));
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_forbidden_control (gunichar c)
{
  return g_unichar_type (c) == G_UNICODE_CONTROL && c != '\n' && c != '\t';
}

/* A stretch of white space holding more than two line breaks becomes exactly two: one blank
 * line is a paragraph break, more is only a way to push text off screen. */
static char *
collapse_blank_lines (const char *utf8)
{
  GString *out = g_string_sized_new (strlen (utf8));
  const char *p = utf8;

  while (*p != '\0')
    {
      const char *run_end = p;
      guint newlines = 0;

      while (*run_end != '\0' && g_unichar_isspace (g_utf8_get_char (run_end)))
        {
          if (*run_end == '\n')
            newlines++;
          run_end = g_utf8_next_char (run_end);
        }

      if (run_end == p)
        {
          run_end = g_utf8_next_char (p);
          g_string_append_len (out, p, run_end - p);
        }
      else if (newlines > 2)
        g_string_append (out, "\n\n");
      else
        g_string_append_len (out, p, run_end - p);
      p = run_end;
    }
  return g_string_free (out, FALSE);
}

/**
 * kiosk_validate_text:
 * @input: free text a visitor typed, e.g. a complaint; %NULL counts as empty
 * @max_chars: the most characters (not bytes) the cleaned text may have
 * @required: whether empty text is an error
 * @error: %KIOSK_ERROR_INVALID_TEXT, %KIOSK_ERROR_EMPTY or %KIOSK_ERROR_TOO_LONG
 *
 * Refuses invalid UTF-8 and control characters (C0, DEL, C1) other than '\n' and '\t'.
 * Then strips bidi controls, normalises to NFC, trims white space at both ends and collapses
 * more than two consecutive line breaks to two; the length limit applies to that result.
 *
 * A C string cannot hold a NUL, so this cannot see one: a caller holding text with a length
 * (network data, a file) must refuse embedded NULs itself before calling.
 *
 * Returns: (transfer full) (nullable): the cleaned text; "" if empty and not @required
 */
char *
kiosk_validate_text (const char *input,
                     gsize       max_chars,
                     gboolean    required,
                     GError    **error)
{
  g_autofree char *no_bidi = NULL;
  g_autofree char *nfc = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *collapsed = NULL;
  glong n_chars;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (input == NULL)
    input = "";
  if (!g_utf8_validate (input, -1, NULL))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_TEXT, "Text is not valid UTF-8");
      return NULL;
    }
  for (const char *p = input; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_forbidden_control (c))
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_TEXT,
                       "Text contains control character U+%04X", c);
          return NULL;
        }
    }

  no_bidi = kiosk_text_strip_bidi (input);
  nfc = g_utf8_normalize (no_bidi, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  trimmed = strdup_trimmed (nfc);
  collapsed = collapse_blank_lines (trimmed);

  if (*collapsed == '\0')
    {
      if (required)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY, "Text is empty");
          return NULL;
        }
      return g_strdup ("");
    }

  n_chars = g_utf8_strlen (collapsed, -1);
  if ((gsize) n_chars > max_chars)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOO_LONG,
                   "Text has %ld characters, more than the limit of %" G_GSIZE_FORMAT,
                   n_chars, max_chars);
      return NULL;
    }
  return g_steal_pointer (&collapsed);
}

gboolean
kiosk_parse_host_port (const char  *address,
                       char       **out_host,
                       guint16     *out_port)
{
  const char *colon = address ? strrchr (address, ':') : NULL;
  guint64 port;

  if (colon == NULL || colon == address ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
    return FALSE;
  for (const char *p = address; p < colon; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
      return FALSE;
  if (out_host != NULL)
    *out_host = g_strndup (address, colon - address);
  if (out_port != NULL)
    *out_port = (guint16) port;
  return TRUE;
}

char *
kiosk_format_muscat_time (gint64      unix_time,
                          gboolean    with_clock,
                          KioskDigits digits)
{
  g_autoptr(GTimeZone) muscat = g_time_zone_new_offset (4 * 3600);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *text = NULL;

  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (utc, muscat);
  text = g_date_time_format (local, with_clock ? "%Y-%m-%d %H:%M" : "%Y-%m-%d");
  return kiosk_digits_localize (text, digits);
}
