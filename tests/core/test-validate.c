/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of kiosk-validate: real Omani numbers and plates in the ways people type them come out
 * in one canonical form, and wrong ones are refused with the code the UI explains. */
#define G_LOG_DOMAIN "kiosk-core"

#include "config.h"

#include "kiosk-validate.h"

#include <string.h>

#include "kiosk-error.h"

typedef char *(*Validator) (const char *input,
                            GError    **error);

typedef struct
{
  const char *input;
  const char *canonical;
} Good;

/* Says which input of a table failed, escaped so that bad bytes and control characters cannot
 * break the TAP stream. */
static void
note_input (const char *what,
            const char *input)
{
  g_autofree char *escaped = NULL;
  gboolean plain = input != NULL && g_utf8_validate (input, -1, NULL);

  for (const char *p = input; plain && *p != '\0'; p = g_utf8_next_char (p))
    plain = !g_unichar_iscntrl (g_utf8_get_char (p));
  if (input == NULL)
    escaped = g_strdup ("(null)");
  else
    escaped = plain ? g_strdup (input) : g_strescape (input, NULL);
  g_test_message ("%s \"%s\"", what, escaped);
}

static void
assert_accepts (Validator   validate,
                const Good *cases,
                gsize       n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *result = validate (cases[i].input, &error);

      if (g_strcmp0 (result, cases[i].canonical) != 0)
        note_input ("should accept", cases[i].input);
      g_assert_no_error (error);
      g_assert_cmpstr (result, ==, cases[i].canonical);
    }
}

static void
assert_rejects (Validator    validate,
                const char **inputs,
                gsize        n_inputs,
                KioskError   code)
{
  for (gsize i = 0; i < n_inputs; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *result = validate (inputs[i], &error);

      if (!g_error_matches (error, KIOSK_ERROR, (gint) code))
        note_input ("should reject", inputs[i]);
      g_assert_error (error, KIOSK_ERROR, (gint) code);
      g_assert_null (result);
    }
}

#define ACCEPTS(validate, cases) assert_accepts ((validate), (cases), G_N_ELEMENTS (cases))
#define REJECTS(validate, inputs, code)                                                        \
  assert_rejects ((validate), (inputs), G_N_ELEMENTS (inputs), (code))

static const Validator field_validators[] = {
  kiosk_validate_phone,
  kiosk_validate_civil_number,
  kiosk_validate_plate,
  kiosk_validate_licence_number,
  kiosk_validate_cr_number,
};

/* Digits */

static void
test_digits_to_latin (void)
{
  g_autofree char *arabic = kiosk_digits_to_latin ("٠١٢٣٤٥٦٧٨٩");
  g_autofree char *eastern = kiosk_digits_to_latin ("\u06F0\u06F1\u06F2\u06F3\u06F4\u06F5\u06F6"
                                                    "\u06F7\u06F8\u06F9");
  g_autofree char *mixed = kiosk_digits_to_latin ("رقم ٩٢١٢ 3456٫٥ x");
  g_autofree char *empty = kiosk_digits_to_latin ("");

  g_assert_cmpstr (arabic, ==, "0123456789");
  g_assert_cmpstr (eastern, ==, "0123456789");
  /* Only digits change: the Arabic decimal separator and letters stay. */
  g_assert_cmpstr (mixed, ==, "رقم 9212 3456\u066B5 x");
  g_assert_cmpstr (empty, ==, "");
}

static void
test_digits_localize (void)
{
  g_autofree char *arabic = kiosk_digits_localize ("Fine 1250.500 / 9", KIOSK_DIGITS_ARABIC_INDIC);
  g_autofree char *from_eastern = kiosk_digits_localize ("\u06F4\u06F5", KIOSK_DIGITS_ARABIC_INDIC);
  g_autofree char *latin = kiosk_digits_localize ("١٢٣ abc", KIOSK_DIGITS_LATIN);

  g_assert_cmpstr (arabic, ==, "Fine ١٢٥٠.٥٠٠ / ٩");
  g_assert_cmpstr (from_eastern, ==, "٤٥");
  g_assert_cmpstr (latin, ==, "123 abc");
}

/* Every field */

static void
test_fields_reject_empty (void)
{
  static const char *blank[] = { "", " ", "   \t ", "\u00A0\u3000", "\u200F", "\u202E \u202C" };

  for (gsize v = 0; v < G_N_ELEMENTS (field_validators); v++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *result = field_validators[v] (NULL, &error);

      g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY);
      g_assert_null (result);
      REJECTS (field_validators[v], blank, KIOSK_ERROR_EMPTY);
    }
}

static void
test_fields_reject_invalid_utf8 (void)
{
  static const char *phone[] = { "9212345\xff", "\300\2712123456" };
  static const char *civil[] = { "1234567\xfe" };
  static const char *plate[] = { "12345 \xd8" };
  static const char *licence[] = { "\340\200\261234567" };
  static const char *cr[] = { "1234567\xed\xa0\x80" };

  REJECTS (kiosk_validate_phone, phone, KIOSK_ERROR_INVALID_PHONE);
  REJECTS (kiosk_validate_civil_number, civil, KIOSK_ERROR_INVALID_CIVIL_NUMBER);
  REJECTS (kiosk_validate_plate, plate, KIOSK_ERROR_INVALID_PLATE);
  REJECTS (kiosk_validate_licence_number, licence, KIOSK_ERROR_INVALID_LICENCE);
  REJECTS (kiosk_validate_cr_number, cr, KIOSK_ERROR_INVALID_CR_NUMBER);
}

/* Phone */

static void
test_phone_accepts_mobile (void)
{
  static const Good cases[] = {
    { "92123456", "+96892123456" },
    { "71234567", "+96871234567" },
    { "99887766", "+96899887766" },
    { "79000001", "+96879000001" },
    { "  9212 3456  ", "+96892123456" },
    { "9212-3456", "+96892123456" },
    { "92.12.34.56", "+96892123456" },
    { "+96892123456", "+96892123456" },
    { "+968 9212 3456", "+96892123456" },
    { "+968-7123-4567", "+96871234567" },
    { "(+968) 9212 3456", "+96892123456" },
    { "+968 (9212) 3456", "+96892123456" },
    { "96892123456", "+96892123456" },
    { "968 7123 4567", "+96871234567" },
    { "0096892123456", "+96892123456" },
    { "00 968 9212 3456", "+96892123456" },
    /* 968xxxxx is itself a mobile number; only 11 digits make "968" a country code. */
    { "96812345", "+96896812345" },
    /* Any 7x and 9x is accepted; the operators keep opening new ranges. */
    { "70123456", "+96870123456" },
    { "75123456", "+96875123456" },
  };

  ACCEPTS (kiosk_validate_phone, cases);
}

static void
test_phone_accepts_arabic_digits (void)
{
  static const Good cases[] = {
    { "٩٢١٢٣٤٥٦", "+96892123456" },
    { "+٩٦٨ ٩٢١٢ ٣٤٥٦", "+96892123456" },
    { "\u06F7\u06F1\u06F2\u06F3\u06F4\u06F5\u06F6\u06F7", "+96871234567" },
    /* A number pasted from right-to-left text, wrapped in bidi marks. */
    { "\u200E+968 9212 3456\u200E", "+96892123456" },
  };

  ACCEPTS (kiosk_validate_phone, cases);
}

static void
test_phone_rejects_landline (void)
{
  static const char *inputs[] = {
    "24123456", "+968 2412 3456", "0096824123456", "25123456", "23123456", "26123456",
  };

  REJECTS (kiosk_validate_phone, inputs, KIOSK_ERROR_INVALID_PHONE);
}

static void
test_phone_rejects_other_prefixes (void)
{
  static const char *inputs[] = { "12345678", "82123456", "01234567", "52123456", "+96812345678" };

  REJECTS (kiosk_validate_phone, inputs, KIOSK_ERROR_INVALID_PHONE);
}

static void
test_phone_rejects_other_country (void)
{
  static const char *inputs[] = {
    "+971501234567", "00971501234567", "+966512345678", "+1 202 555 0143", "+44 7700 900123",
    "+97192123456", "0097192123456", "0196892123456", "97192123456",
  };

  REJECTS (kiosk_validate_phone, inputs, KIOSK_ERROR_INVALID_PHONE);
}

static void
test_phone_rejects_wrong_length (void)
{
  static const char *inputs[] = {
    "9212345", "921234567", "92", "9", "+968921234567", "+9689212345", "096892123456",
    "09212 3456", "0096892123456 7", "+968",
  };

  REJECTS (kiosk_validate_phone, inputs, KIOSK_ERROR_INVALID_PHONE);
}

static void
test_phone_rejects_letters (void)
{
  static const char *inputs[] = {
    "9212345O", "92l23456", "phone 92123456", "92123456 ext 2", "9212٣٤٥x", "tel:+96892123456",
    "92123456#", "92_123456", "9212/3456",
  };

  REJECTS (kiosk_validate_phone, inputs, KIOSK_ERROR_INVALID_PHONE);
}

static void
test_phone_rejects_misplaced_separators (void)
{
  static const char *inputs[] = {
    "-92123456", "92123456-", ".92123456", "92+123456", "++96892123456", "((968)) 92123456",
    "(968 92123456", "968) 92123456", "92123456(", "96892123456+",
  };

  REJECTS (kiosk_validate_phone, inputs, KIOSK_ERROR_INVALID_PHONE);
}

static void
test_phone_mask (void)
{
  static const Good cases[] = {
    { "+96892123456", "92\u2022\u2022\u2022\u202256" },
    { "+96871234567", "71\u2022\u2022\u2022\u202267" },
    /* Not yet canonical but valid: masked all the same. */
    { "9988 7766", "99\u2022\u2022\u2022\u202266" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = kiosk_phone_mask (cases[i].input);

      g_assert_cmpstr (masked, ==, cases[i].canonical);
    }
}

static void
test_phone_mask_never_shows_bad_input (void)
{
  static const char *inputs[] = { "", "24123456", "+971501234567", "secret", "\xff" };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *masked = kiosk_phone_mask (inputs[i]);

      g_assert_cmpstr (masked, ==, "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022");
    }
}

/* Civil number */

static void
test_civil_number_accepts (void)
{
  static const Good cases[] = {
    { "123456", "123456" },
    { "12345678", "12345678" },
    { "123456789", "123456789" },
    { "9876543", "9876543" },
    { " 1234 5678 ", "12345678" },
    { "١٢٣٤٥٦٧٨", "12345678" },
    { "\u06F1\u06F2\u06F3\u06F4\u06F5\u06F6", "123456" },
  };

  ACCEPTS (kiosk_validate_civil_number, cases);
}

static void
test_civil_number_rejects (void)
{
  static const char *inputs[] = {
    "12345", "1234567890", "012345678", "000000", "1234-5678", "1234567a", "A1234567",
    "+12345678", "12.345.678", "1", "12345678901234567890",
  };

  REJECTS (kiosk_validate_civil_number, inputs, KIOSK_ERROR_INVALID_CIVIL_NUMBER);
}

/* Plate */

static void
test_plate_accepts_latin (void)
{
  static const Good cases[] = {
    { "12345 AB", "12345 AB" },
    { "AB 12345", "12345 AB" },
    { "ab-12345", "12345 AB" },
    { "12345ab", "12345 AB" },
    { "1 A", "1 A" },
    { "A1", "1 A" },
    { "  7 yy ", "7 YY" },
    { "4521 R", "4521 R" },
    { "10000 HM", "10000 HM" },
    { "12 345 A B", "12345 AB" },
  };

  ACCEPTS (kiosk_validate_plate, cases);
}

static void
test_plate_accepts_arabic (void)
{
  static const Good cases[] = {
    { "١٢٣٤٥ أ ب", "12345 AB" },
    { "12345أب", "12345 AB" },
    { "أ ب ١٢٣٤٥", "12345 AB" },
    { "٤٥٢١ ر", "4521 R" },
    { "م ن-٩٩", "99 MN" },
    { "123 ع ط", "123 ET" },
    /* Arabic letters with Latin digits and the other way round. */
    { "55 د و", "55 DW" },
    { "\u06F5\u06F5 KL", "55 KL" },
    /* Wrapped in bidi marks by the on-screen keyboard. */
    { "\u200F١٢٣ س ج\u200F", "123 SJ" },
  };

  ACCEPTS (kiosk_validate_plate, cases);
}

static void
test_plate_accepts_arabic_variants (void)
{
  static const Good cases[] = {
    /* Every alef people type for A. */
    { "1 ا", "1 A" },
    { "1 إ", "1 A" },
    { "1 آ", "1 A" },
    /* Alef with madda as two code points: NFKC composes it. */
    { "1 \u0627\u0653", "1 A" },
    /* Yeh and alef maqsura. */
    { "1 ي", "1 Y" },
    { "1 ى", "1 Y" },
    /* Heh with tatweel, as written on plates so the letter stands out. */
    { "1 هـ", "1 H" },
    { "1 هـ ك", "1 HK" },
    /* The isolated presentation form of heh, from some keyboards. */
    { "1 \uFEE9", "1 H" },
    /* Full-width Latin, from an East Asian input method. */
    { "\uFF11\uFF12 \uFF21\uFF22", "12 AB" },
  };

  ACCEPTS (kiosk_validate_plate, cases);
}

static void
test_plate_rejects_unknown_letter (void)
{
  static const char *inputs[] = {
    "12345 C", "12345 Q", "12345 AZ", "12345 ة", "12345 ت", "12345 ث", "12345 خ", "12345 ح",
    "12345 ف", "12345 Ω", "12345 é", "12345 ß", "12345 A!", "12345 A.", "12345_AB",
  };

  REJECTS (kiosk_validate_plate, inputs, KIOSK_ERROR_INVALID_PLATE);
}

static void
test_plate_rejects_leading_zero (void)
{
  static const char *inputs[] = { "0 A", "00000 AB", "00123 AB", "AB 0123", "٠١٢ أ" };

  REJECTS (kiosk_validate_plate, inputs, KIOSK_ERROR_INVALID_PLATE);
}

static void
test_plate_rejects_bad_shape (void)
{
  static const char *inputs[] = {
    "123456 AB", "12345 ABC", "12345", "AB", "12 AB 34", "A 123 B", "1A2", "أ ١٢ ب",
    "12345 أ ب ج", "-",
  };

  REJECTS (kiosk_validate_plate, inputs, KIOSK_ERROR_INVALID_PLATE);
}

static void
test_plate_display (void)
{
  static const struct
  {
    const char *canonical;
    const char *arabic;
  } cases[] = {
    { "12345 AB", "12345 أ ب" },
    { "4521 R", "4521 ر" },
    { "7 YY", "7 ي ي" },
    { "99 HE", "99 ه ع" },
    { "1 A", "1 أ" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *ar = kiosk_plate_display (cases[i].canonical, KIOSK_LANG_AR);
      g_autofree char *en = kiosk_plate_display (cases[i].canonical, KIOSK_LANG_EN);

      g_assert_cmpstr (ar, ==, cases[i].arabic);
      g_assert_cmpstr (en, ==, cases[i].canonical);
    }
}

static void
test_plate_display_of_bad_value (void)
{
  g_autofree char *not_plate = kiosk_plate_display ("OLD-\u202EPLATE", KIOSK_LANG_AR);
  g_autofree char *not_utf8 = kiosk_plate_display ("12\xff", KIOSK_LANG_EN);

  g_assert_cmpstr (not_plate, ==, "OLD-PLATE");
  g_assert_cmpstr (not_utf8, ==, "");
}

/* Every plate letter shown in Arabic reads back as the same plate: the one table in
 * kiosk-validate.c maps both ways consistently. */
static void
test_plate_letters_round_trip (void)
{
  const char *letters = "ABDEHJKLMNRSTWY";

  for (const char *l = letters; *l != '\0'; l++)
    {
      g_autofree char *canonical = g_strdup_printf ("%d %c%c", (int) (l - letters) + 1, *l, *l);
      g_autofree char *arabic = kiosk_plate_display (canonical, KIOSK_LANG_AR);
      g_autofree char *lower = g_ascii_strdown (canonical, -1);
      g_autofree char *from_arabic = NULL;
      g_autofree char *from_lower = NULL;
      g_autoptr (GError) error = NULL;

      g_assert_cmpstr (arabic, !=, canonical);
      g_assert_true (g_utf8_validate (arabic, -1, NULL));
      /* Only Arabic letters, digits and spaces: no Latin left behind. */
      for (const char *p = arabic; *p != '\0'; p = g_utf8_next_char (p))
        g_assert_false (g_ascii_isalpha (*p));

      from_arabic = kiosk_validate_plate (arabic, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (from_arabic, ==, canonical);

      from_lower = kiosk_validate_plate (lower, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (from_lower, ==, canonical);
    }
}

/* Licence number */

static void
test_licence_accepts (void)
{
  static const Good cases[] = {
    { "123456", "123456" },
    { "1234567890", "1234567890" },
    { "0012345", "0012345" },
    { "2023-004512", "2023004512" },
    { "2023 0045 12", "2023004512" },
    { "٢٠٢٣-٠٠٤٥١٢", "2023004512" },
    { "000001", "000001" },
  };

  ACCEPTS (kiosk_validate_licence_number, cases);
}

static void
test_licence_rejects (void)
{
  static const char *inputs[] = {
    "12345", "12345678901", "000000", "0000-0000", "LIC-123456", "123456A", "-123456", "123456-",
    "12.34.56", "123/4567",
  };

  REJECTS (kiosk_validate_licence_number, inputs, KIOSK_ERROR_INVALID_LICENCE);
}

/* CR number */

static void
test_cr_number_accepts (void)
{
  static const Good cases[] = {
    { "1234567", "1234567" },
    { "1005678", "1005678" },
    { " 123 4567 ", "1234567" },
    { "١٢٣٤٥٦٧", "1234567" },
  };

  ACCEPTS (kiosk_validate_cr_number, cases);
}

static void
test_cr_number_rejects (void)
{
  static const char *inputs[] = {
    "123456", "12345678", "0123456", "0000000", "123-4567", "CR1234567", "1234567x",
  };

  REJECTS (kiosk_validate_cr_number, inputs, KIOSK_ERROR_INVALID_CR_NUMBER);
}

/* Free text */

static char *
validate_text_ok (const char *input,
                  gsize       max_chars)
{
  g_autoptr (GError) error = NULL;
  char *result = kiosk_validate_text (input, max_chars, TRUE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static void
assert_text_rejected (const char *input,
                      gsize       max_chars,
                      gboolean    required,
                      KioskError  code)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *result = kiosk_validate_text (input, max_chars, required, &error);

  if (!g_error_matches (error, KIOSK_ERROR, (gint) code))
    note_input ("should reject", input);
  g_assert_error (error, KIOSK_ERROR, (gint) code);
  g_assert_null (result);
}

static void
test_strip_bidi (void)
{
  /* The "Trojan source" trick: the comment appears to end before the condition, while the
   * stored text keeps it inside. */
  g_autofree char *stripped = kiosk_text_strip_bidi (
      "/*\u202E } \u2066if (isAdmin)\u2069 \u2066 begin admins only */");
  g_autofree char *all = kiosk_text_strip_bidi (
      "\u200E\u200F\u061C\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");
  g_autofree char *kept = kiosk_text_strip_bidi ("شكراً \u200D\u200C zero-width joiners stay");

  g_assert_cmpstr (stripped, ==, "/* } if (isAdmin)  begin admins only */");
  g_assert_cmpstr (all, ==, "");
  g_assert_cmpstr (kept, ==, "شكراً \u200D\u200C zero-width joiners stay");
}

static void
test_text_strips_bidi (void)
{
  g_autofree char *text = validate_text_ok ("Broken street light\u202E\u2066 near gate 4\u2069",
                                            200);

  g_assert_cmpstr (text, ==, "Broken street light near gate 4");
}

static void
test_text_normalizes_nfc (void)
{
  /* "café" with a combining acute, and alef + combining madda: both composed. */
  g_autofree char *latin = validate_text_ok ("cafe\u0301", 200);
  g_autofree char *arabic = validate_text_ok ("\u0627\u0653", 200);

  g_assert_cmpstr (latin, ==, "caf\u00E9");
  g_assert_cmpstr (arabic, ==, "\u0622");
}

static void
test_text_trims (void)
{
  g_autofree char *ascii = validate_text_ok ("  \t\n hello world \n\t ", 200);
  g_autofree char *unicode = validate_text_ok ("\u00A0\u3000مرحبا\u2003\u00A0", 200);
  g_autofree char *inner = validate_text_ok ("  two  spaces\tand a tab  ", 200);

  g_assert_cmpstr (ascii, ==, "hello world");
  g_assert_cmpstr (unicode, ==, "مرحبا");
  g_assert_cmpstr (inner, ==, "two  spaces\tand a tab");
}

static void
test_text_collapses_blank_lines (void)
{
  g_autofree char *many = validate_text_ok ("first\n\n\n\n\n\nsecond", 200);
  g_autofree char *two = validate_text_ok ("first\n\nsecond\nthird", 200);
  g_autofree char *spaced = validate_text_ok ("first\n \n\t\n  \nsecond", 200);
  g_autofree char *three = validate_text_ok ("first\n\n\nsecond", 200);
  g_autofree char *spaced_two = validate_text_ok ("first \n\t\n second", 200);

  g_assert_cmpstr (many, ==, "first\n\nsecond");
  g_assert_cmpstr (two, ==, "first\n\nsecond\nthird");
  g_assert_cmpstr (spaced, ==, "first\n\nsecond");
  g_assert_cmpstr (three, ==, "first\n\nsecond");
  /* Two line breaks are a paragraph break: kept exactly, white space and all. */
  g_assert_cmpstr (spaced_two, ==, "first \n\t\n second");
}

static void
test_text_rejects_control_characters (void)
{
  static const char *inputs[] = {
    "bell\a",
    "carriage\rreturn",
    "escape \x1b[2J",
    "delete\x7f",
    /* C1: NEL and CSI, as UTF-8 (octal escapes stop after three digits). */
    "next\xc2\x85line",
    "csi\302\23331m",
    "\x01",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      assert_text_rejected (inputs[i], 200, TRUE, KIOSK_ERROR_INVALID_TEXT);
      assert_text_rejected (inputs[i], 200, FALSE, KIOSK_ERROR_INVALID_TEXT);
    }
}

static void
test_text_rejects_invalid_utf8 (void)
{
  assert_text_rejected ("abc\xff", 200, TRUE, KIOSK_ERROR_INVALID_TEXT);
  assert_text_rejected ("\xc0\xaf", 200, FALSE, KIOSK_ERROR_INVALID_TEXT);
  /* A UTF-16 surrogate encoded in UTF-8 is not UTF-8. */
  assert_text_rejected ("\xed\xa0\x80", 200, TRUE, KIOSK_ERROR_INVALID_TEXT);
}

static void
test_text_keeps_tab_and_newline (void)
{
  g_autofree char *text = validate_text_ok ("Item\tCount\nLamps\t3", 200);

  g_assert_cmpstr (text, ==, "Item\tCount\nLamps\t3");
}

static void
test_text_empty (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *optional = kiosk_validate_text ("  \n\u200F ", 10, FALSE, &error);
  g_autofree char *optional_null = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (optional, ==, "");

  optional_null = kiosk_validate_text (NULL, 10, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (optional_null, ==, "");

  assert_text_rejected ("", 10, TRUE, KIOSK_ERROR_EMPTY);
  assert_text_rejected (" \t\n ", 10, TRUE, KIOSK_ERROR_EMPTY);
  assert_text_rejected ("\u202E\u2066", 10, TRUE, KIOSK_ERROR_EMPTY);
  assert_text_rejected (NULL, 10, TRUE, KIOSK_ERROR_EMPTY);
}

static void
test_text_too_long_counts_characters (void)
{
  /* "Muscat Street": 8 Arabic letters and a space, 9 characters in 17 bytes. */
  const char *arabic = "شارع مسقط";
  g_autoptr (GError) error = NULL;
  g_autofree char *at_limit = NULL;
  g_autofree char *over = NULL;
  g_autofree char *limit_text = NULL;

  g_assert_cmpint (g_utf8_strlen (arabic, -1), ==, 9);
  g_assert_cmpint (strlen (arabic), ==, 17);

  at_limit = kiosk_validate_text (arabic, 9, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (at_limit, ==, arabic);

  over = kiosk_validate_text (arabic, 8, TRUE, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_TOO_LONG);
  g_assert_null (over);
  /* The log message names the limit. */
  limit_text = g_strdup_printf ("%d", 8);
  g_assert_nonnull (strstr (error->message, limit_text));
}

static void
test_text_limit_applies_after_cleaning (void)
{
  g_autoptr (GError) error = NULL;
  /* Decomposed: 5 code points, 4 after NFC; padding and bidi marks do not count. */
  g_autofree char *nfc = kiosk_validate_text ("  cafe\u0301\u200F  ", 4, TRUE, &error);
  g_autofree char *collapsed = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (nfc, ==, "caf\u00E9");

  collapsed = kiosk_validate_text ("a\n\n\n\n\nb", 4, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (collapsed, ==, "a\n\nb");

  assert_text_rejected ("abcde", 4, TRUE, KIOSK_ERROR_TOO_LONG);
  assert_text_rejected ("x", 0, FALSE, KIOSK_ERROR_TOO_LONG);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/validate/digits/to-latin", test_digits_to_latin);
  g_test_add_func ("/kiosk/validate/digits/localize", test_digits_localize);

  g_test_add_func ("/kiosk/validate/fields/reject-empty", test_fields_reject_empty);
  g_test_add_func ("/kiosk/validate/fields/reject-invalid-utf8", test_fields_reject_invalid_utf8);

  g_test_add_func ("/kiosk/validate/phone/accepts-mobile", test_phone_accepts_mobile);
  g_test_add_func ("/kiosk/validate/phone/accepts-arabic-digits", test_phone_accepts_arabic_digits);
  g_test_add_func ("/kiosk/validate/phone/rejects-landline", test_phone_rejects_landline);
  g_test_add_func ("/kiosk/validate/phone/rejects-other-prefixes",
                   test_phone_rejects_other_prefixes);
  g_test_add_func ("/kiosk/validate/phone/rejects-other-country", test_phone_rejects_other_country);
  g_test_add_func ("/kiosk/validate/phone/rejects-wrong-length", test_phone_rejects_wrong_length);
  g_test_add_func ("/kiosk/validate/phone/rejects-letters", test_phone_rejects_letters);
  g_test_add_func ("/kiosk/validate/phone/rejects-misplaced-separators",
                   test_phone_rejects_misplaced_separators);
  g_test_add_func ("/kiosk/validate/phone/mask", test_phone_mask);
  g_test_add_func ("/kiosk/validate/phone/mask-never-shows-bad-input",
                   test_phone_mask_never_shows_bad_input);

  g_test_add_func ("/kiosk/validate/civil-number/accepts", test_civil_number_accepts);
  g_test_add_func ("/kiosk/validate/civil-number/rejects", test_civil_number_rejects);

  g_test_add_func ("/kiosk/validate/plate/accepts-latin", test_plate_accepts_latin);
  g_test_add_func ("/kiosk/validate/plate/accepts-arabic", test_plate_accepts_arabic);
  g_test_add_func ("/kiosk/validate/plate/accepts-arabic-variants",
                   test_plate_accepts_arabic_variants);
  g_test_add_func ("/kiosk/validate/plate/rejects-unknown-letter",
                   test_plate_rejects_unknown_letter);
  g_test_add_func ("/kiosk/validate/plate/rejects-leading-zero", test_plate_rejects_leading_zero);
  g_test_add_func ("/kiosk/validate/plate/rejects-bad-shape", test_plate_rejects_bad_shape);
  g_test_add_func ("/kiosk/validate/plate/display", test_plate_display);
  g_test_add_func ("/kiosk/validate/plate/display-of-bad-value", test_plate_display_of_bad_value);
  g_test_add_func ("/kiosk/validate/plate/letters-round-trip", test_plate_letters_round_trip);

  g_test_add_func ("/kiosk/validate/licence/accepts", test_licence_accepts);
  g_test_add_func ("/kiosk/validate/licence/rejects", test_licence_rejects);

  g_test_add_func ("/kiosk/validate/cr-number/accepts", test_cr_number_accepts);
  g_test_add_func ("/kiosk/validate/cr-number/rejects", test_cr_number_rejects);

  g_test_add_func ("/kiosk/validate/text/strip-bidi", test_strip_bidi);
  g_test_add_func ("/kiosk/validate/text/strips-bidi", test_text_strips_bidi);
  g_test_add_func ("/kiosk/validate/text/normalizes-nfc", test_text_normalizes_nfc);
  g_test_add_func ("/kiosk/validate/text/trims", test_text_trims);
  g_test_add_func ("/kiosk/validate/text/collapses-blank-lines", test_text_collapses_blank_lines);
  g_test_add_func ("/kiosk/validate/text/rejects-control-characters",
                   test_text_rejects_control_characters);
  g_test_add_func ("/kiosk/validate/text/rejects-invalid-utf8", test_text_rejects_invalid_utf8);
  g_test_add_func ("/kiosk/validate/text/keeps-tab-and-newline", test_text_keeps_tab_and_newline);
  g_test_add_func ("/kiosk/validate/text/empty", test_text_empty);
  g_test_add_func ("/kiosk/validate/text/too-long-counts-characters",
                   test_text_too_long_counts_characters);
  g_test_add_func ("/kiosk/validate/text/limit-applies-after-cleaning",
                   test_text_limit_applies_after_cleaning);

  return g_test_run ();
}
