/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of kiosk-money: amounts are shown and read back exactly, in English and both Arabic
 * digit sets, and anything that is not an amount is refused rather than guessed at. */
#define G_LOG_DOMAIN "kiosk-core"

#include "config.h"

#include "kiosk-money.h"

#include "kiosk-error.h"

/* The three forms the kiosk shows. */
static const struct
{
  KioskLang   lang;
  KioskDigits digits;
  const char *name;
} forms[] = {
  { KIOSK_LANG_EN, KIOSK_DIGITS_LATIN, "English" },
  { KIOSK_LANG_AR, KIOSK_DIGITS_LATIN, "Arabic, Latin digits" },
  { KIOSK_LANG_AR, KIOSK_DIGITS_ARABIC_INDIC, "Arabic, Arabic-Indic digits" },
};

#define assert_formats(amount, lang, digits, expected)                                         \
  G_STMT_START                                                                                 \
  {                                                                                            \
    g_autofree char *_formatted = kiosk_money_format ((amount), (lang), (digits));             \
    g_assert_cmpstr (_formatted, ==, (expected));                                              \
  }                                                                                            \
  G_STMT_END

#define assert_parses(text, expected)                                                          \
  G_STMT_START                                                                                 \
  {                                                                                            \
    g_autoptr (GError) _error = NULL;                                                          \
    KioskBaisa _amount = -42;                                                                  \
    if (!kiosk_money_parse ((text), &_amount, &_error))                                        \
      g_test_message ("refused: \"%s\"", (text));                                              \
    g_assert_no_error (_error);                                                                \
    g_assert_cmpint (_amount, ==, (expected));                                                 \
  }                                                                                            \
  G_STMT_END

/* A refusal must say INVALID_AMOUNT and leave the output alone. */
#define assert_rejects(text)                                                                   \
  G_STMT_START                                                                                 \
  {                                                                                            \
    g_autoptr (GError) _error = NULL;                                                          \
    const char *_text = (text);                                                                \
    KioskBaisa _amount = -42;                                                                  \
    gboolean _ok = kiosk_money_parse (_text, &_amount, &_error);                               \
    if (_ok)                                                                                   \
      {                                                                                        \
        g_autofree char *_escaped = _text ? g_strescape (_text, NULL) : g_strdup ("(null)");   \
        g_test_message ("accepted: \"%s\" as %" G_GINT64_FORMAT, _escaped, _amount);           \
      }                                                                                        \
    g_assert_error (_error, KIOSK_ERROR, KIOSK_ERROR_INVALID_AMOUNT);                          \
    g_assert_false (_ok);                                                                      \
    g_assert_cmpint (_amount, ==, -42);                                                        \
  }                                                                                            \
  G_STMT_END

static void
test_format_english (void)
{
  assert_formats (5000, KIOSK_LANG_EN, KIOSK_DIGITS_LATIN, "OMR 5.000");
  assert_formats (1250500, KIOSK_LANG_EN, KIOSK_DIGITS_LATIN, "OMR 1,250.500");
  assert_formats (0, KIOSK_LANG_EN, KIOSK_DIGITS_LATIN, "OMR 0.000");
  assert_formats (1, KIOSK_LANG_EN, KIOSK_DIGITS_LATIN, "OMR 0.001");
  assert_formats (50, KIOSK_LANG_EN, KIOSK_DIGITS_LATIN, "OMR 0.050");
  assert_formats (999, KIOSK_LANG_EN, KIOSK_DIGITS_LATIN, "OMR 0.999");
  assert_formats (1000, KIOSK_LANG_EN, KIOSK_DIGITS_LATIN, "OMR 1.000");
  assert_formats (999999, KIOSK_LANG_EN, KIOSK_DIGITS_LATIN, "OMR 999.999");
  assert_formats (1000000, KIOSK_LANG_EN, KIOSK_DIGITS_LATIN, "OMR 1,000.000");
  assert_formats (123456789012, KIOSK_LANG_EN, KIOSK_DIGITS_LATIN, "OMR 123,456,789.012");
  assert_formats (KIOSK_MONEY_MAX, KIOSK_LANG_EN, KIOSK_DIGITS_LATIN,
                  "OMR 1,000,000,000.000");
}

static void
test_format_arabic_latin_digits (void)
{
  assert_formats (5000, KIOSK_LANG_AR, KIOSK_DIGITS_LATIN, "5.000 ر.ع.");
  assert_formats (1250500, KIOSK_LANG_AR, KIOSK_DIGITS_LATIN, "1,250.500 ر.ع.");
  assert_formats (0, KIOSK_LANG_AR, KIOSK_DIGITS_LATIN, "0.000 ر.ع.");
  assert_formats (100, KIOSK_LANG_AR, KIOSK_DIGITS_LATIN, "0.100 ر.ع.");
}

static void
test_format_arabic_indic_digits (void)
{
  assert_formats (5000, KIOSK_LANG_AR, KIOSK_DIGITS_ARABIC_INDIC, "٥٫٠٠٠ ر.ع.");
  assert_formats (5000, KIOSK_LANG_AR, KIOSK_DIGITS_ARABIC_INDIC,
                  "\u0665\u066B\u0660\u0660\u0660 ر.ع.");
  assert_formats (1250500, KIOSK_LANG_AR, KIOSK_DIGITS_ARABIC_INDIC,
                  "\u0661\u066C\u0662\u0665\u0660\u066B\u0665\u0660\u0660 ر.ع.");
  assert_formats (1234567890, KIOSK_LANG_AR, KIOSK_DIGITS_ARABIC_INDIC,
                  "١٬٢٣٤٬٥٦٧٫٨٩٠ ر.ع.");
  /* The digit set is honoured in English too. */
  assert_formats (7000, KIOSK_LANG_EN, KIOSK_DIGITS_ARABIC_INDIC, "OMR ٧٫٠٠٠");
}

static void
test_format_negative (void)
{
  assert_formats (-5000, KIOSK_LANG_EN, KIOSK_DIGITS_LATIN, "-OMR 5.000");
  assert_formats (-1, KIOSK_LANG_EN, KIOSK_DIGITS_LATIN, "-OMR 0.001");
  assert_formats (-1250500, KIOSK_LANG_AR, KIOSK_DIGITS_LATIN, "-1,250.500 ر.ع.");
  assert_formats (-5000, KIOSK_LANG_AR, KIOSK_DIGITS_ARABIC_INDIC, "-٥٫٠٠٠ ر.ع.");
}

/* Whatever the store holds, formatting it must not overflow or crash. */
static void
test_format_int64_extremes (void)
{
  assert_formats (G_MAXINT64, KIOSK_LANG_EN, KIOSK_DIGITS_LATIN,
                  "OMR 9,223,372,036,854,775.807");
  assert_formats (G_MININT64, KIOSK_LANG_EN, KIOSK_DIGITS_LATIN,
                  "-OMR 9,223,372,036,854,775.808");
}

static void
assert_round_trips (KioskBaisa amount)
{
  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *text = kiosk_money_format (amount, forms[i].lang, forms[i].digits);
      g_autoptr (GError) error = NULL;
      KioskBaisa back = amount == 0 ? 1 : 0;

      if (!kiosk_money_parse (text, &back, &error))
        g_test_message ("%s: \"%s\" refused", forms[i].name, text);
      g_assert_no_error (error);
      g_assert_cmpint (back, ==, amount);
    }
}

static void
test_round_trip (void)
{
  static const KioskBaisa amounts[] = {
    0, 1, 9, 10, 99, 100, 500, 999, 1000, 1001, 1500, 9999, 10000, 100000, 999999, 1000000,
    1000001, 1250500, 123456789, 999999999999, KIOSK_MONEY_MAX - 1, KIOSK_MONEY_MAX,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      assert_round_trips (amounts[i]);
      assert_round_trips (-amounts[i]);
    }

  /* Every power of ten and the number just below it, where grouping changes. */
  for (KioskBaisa p = 1; p <= KIOSK_MONEY_MAX; p *= 10)
    {
      assert_round_trips (p);
      assert_round_trips (p - 1);
      assert_round_trips (-p);
    }

  for (guint i = 0; i < 2000; i++)
    {
      KioskBaisa amount = ((KioskBaisa) g_test_rand_int_range (0, 1000000) * 1000000
                           + g_test_rand_int_range (0, 1000000))
                          % (KIOSK_MONEY_MAX + 1);

      assert_round_trips (g_test_rand_bit () ? amount : -amount);
    }
}

static void
test_parse_plain (void)
{
  assert_parses ("5", 5000);
  assert_parses ("5.5", 5500);
  assert_parses ("5.25", 5250);
  assert_parses ("5.250", 5250);
  assert_parses ("0.100", 100);
  assert_parses ("0.001", 1);
  assert_parses ("0", 0);
  assert_parses ("0.000", 0);
  assert_parses ("007", 7000);
  assert_parses ("1250.500", 1250500);
  assert_parses ("1,250.500", 1250500);
  assert_parses ("1,000,000", 1000000000);
  assert_parses ("999", 999000);
}

static void
test_parse_currency_markers (void)
{
  assert_parses ("OMR 5", 5000);
  assert_parses ("OMR5.250", 5250);
  assert_parses ("omr 5", 5000);
  assert_parses ("5 OMR", 5000);
  assert_parses ("RO 12.5", 12500);
  assert_parses ("12.500 RO", 12500);
  assert_parses ("12.500 ر.ع.", 12500);
  assert_parses ("12.500ر.ع.", 12500);
  assert_parses ("12.500 ر.ع", 12500);
  assert_parses ("ر.ع. 12.500", 12500);
  assert_parses ("12 ريال", 12000);
  assert_parses ("ريال 12", 12000);
}

static void
test_parse_digit_sets (void)
{
  assert_parses ("٥", 5000);
  assert_parses ("٥٫٥", 5500);
  assert_parses ("١٬٢٥٠٫٥٠٠ ر.ع.", 1250500);
  /* Eastern Arabic-Indic, as typed on a Persian or Urdu keyboard. */
  assert_parses ("\u06F1\u06F2\u06F5\u06F0.\u06F5", 1250500);
  /* Either separator style with either digit set. */
  assert_parses ("١٬٢٥٠.٥", 1250500);
  assert_parses ("1\u066C250\u066B5", 1250500);
}

static void
test_parse_whitespace (void)
{
  assert_parses ("  5.000  ", 5000);
  assert_parses ("\t5\n", 5000);
  /* No-break space, as a word processor puts between "OMR" and the number. */
  assert_parses ("OMR\u00A05.000", 5000);
  /* Bidi marks around the parts of an amount copied from an Arabic label. */
  assert_parses ("\u200F5.000\u200F \u200Fر.ع.\u200F", 5000);
}

static void
test_parse_signs (void)
{
  assert_parses ("-5", -5000);
  assert_parses ("+5", 5000);
  assert_parses ("\u22125", -5000);
  assert_parses ("-OMR 5.000", -5000);
  assert_parses ("OMR -5.000", -5000);
  assert_parses ("- 5", -5000);
  assert_parses ("-5.000 ر.ع.", -5000);
  assert_parses ("-٥٫٠٠٠ ر.ع.", -5000);
  assert_parses ("-0", 0);
}

static void
test_parse_limits (void)
{
  assert_parses ("1000000000", KIOSK_MONEY_MAX);
  assert_parses ("1,000,000,000.000", KIOSK_MONEY_MAX);
  assert_parses ("-1000000000", -KIOSK_MONEY_MAX);
  assert_parses ("999999999.999", KIOSK_MONEY_MAX - 1);
  assert_parses ("00000000000000000000000005", 5000);
}

static void
test_parse_rejects_empty (void)
{
  assert_rejects ("");
  assert_rejects ("   ");
  assert_rejects ("\u200F");
  assert_rejects (NULL);
  assert_rejects ("OMR");
  assert_rejects ("ر.ع.");
  assert_rejects ("-");
}

static void
test_parse_rejects_more_than_3_decimals (void)
{
  assert_rejects ("5.0001");
  assert_rejects ("5.2500");
  assert_rejects ("0.1234");
  assert_rejects ("٥٫٠٠٠٠");
}

static void
test_parse_rejects_garbage (void)
{
  assert_rejects ("abc");
  assert_rejects ("5 apples");
  assert_rejects ("five");
  assert_rejects ("5x");
  assert_rejects ("0x10");
  assert_rejects ("1e3");
  assert_rejects ("5.");
  assert_rejects (".5");
  assert_rejects ("5 5");
  assert_rejects ("$5");
  assert_rejects ("USD 5");
  assert_rejects ("OMR 5 OMR");
  assert_rejects ("OMR ر.ع. 5");
  assert_rejects ("5-");
  assert_rejects ("5\u00BD");
  assert_rejects ("NaN");
  assert_rejects ("inf");
}

static void
test_parse_rejects_two_signs (void)
{
  assert_rejects ("--5");
  assert_rejects ("-+5");
  assert_rejects ("- -5");
  assert_rejects ("-OMR -5");
  assert_rejects ("-5-");
}

static void
test_parse_rejects_two_decimal_points (void)
{
  assert_rejects ("5.0.0");
  assert_rejects ("5..0");
  assert_rejects ("1.250.500");
  assert_rejects ("5\u066B0.0");
}

static void
test_parse_rejects_bad_grouping (void)
{
  assert_rejects ("1,25");
  assert_rejects ("1,2500");
  assert_rejects ("12,50.000");
  assert_rejects ("1250,500");
  assert_rejects (",500");
  assert_rejects ("1,");
  assert_rejects ("1,,000");
  assert_rejects ("0,005");
  assert_rejects ("5.000,000");
  assert_rejects ("5.1,000");
}

static void
test_parse_rejects_too_large (void)
{
  assert_rejects ("1000000000.001");
  assert_rejects ("-1000000000.001");
  assert_rejects ("1000000001");
  assert_rejects ("OMR 1,000,000,000.001");
}

static void
test_parse_rejects_overflow (void)
{
  assert_rejects ("99999999999999999999");
  assert_rejects ("-99999999999999999999");
  assert_rejects ("18446744073709551616");
  assert_rejects ("9223372036854775.808");
  assert_rejects ("9223372036854775807");
  assert_rejects ("99,999,999,999,999,999,999");
  assert_rejects ("999999999999999999999999999999999999999999999999.999");
}

static void
test_parse_rejects_invalid_utf8 (void)
{
  assert_rejects ("5\xff");
  assert_rejects ("\xd9");
  assert_rejects ("OMR \xc0\xb5");
}

static void
test_parse_output_is_optional (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kiosk_money_parse ("5", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (kiosk_money_parse ("x", NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/money/format/english", test_format_english);
  g_test_add_func ("/kiosk/money/format/arabic-latin-digits", test_format_arabic_latin_digits);
  g_test_add_func ("/kiosk/money/format/arabic-indic-digits", test_format_arabic_indic_digits);
  g_test_add_func ("/kiosk/money/format/negative", test_format_negative);
  g_test_add_func ("/kiosk/money/format/int64-extremes", test_format_int64_extremes);
  g_test_add_func ("/kiosk/money/round-trip/all-forms", test_round_trip);
  g_test_add_func ("/kiosk/money/parse/plain", test_parse_plain);
  g_test_add_func ("/kiosk/money/parse/currency-markers", test_parse_currency_markers);
  g_test_add_func ("/kiosk/money/parse/digit-sets", test_parse_digit_sets);
  g_test_add_func ("/kiosk/money/parse/whitespace", test_parse_whitespace);
  g_test_add_func ("/kiosk/money/parse/signs", test_parse_signs);
  g_test_add_func ("/kiosk/money/parse/limits", test_parse_limits);
  g_test_add_func ("/kiosk/money/parse/output-is-optional", test_parse_output_is_optional);
  g_test_add_func ("/kiosk/money/parse/rejects-empty", test_parse_rejects_empty);
  g_test_add_func ("/kiosk/money/parse/rejects-more-than-3-decimals",
                   test_parse_rejects_more_than_3_decimals);
  g_test_add_func ("/kiosk/money/parse/rejects-garbage", test_parse_rejects_garbage);
  g_test_add_func ("/kiosk/money/parse/rejects-two-signs", test_parse_rejects_two_signs);
  g_test_add_func ("/kiosk/money/parse/rejects-two-decimal-points",
                   test_parse_rejects_two_decimal_points);
  g_test_add_func ("/kiosk/money/parse/rejects-bad-grouping", test_parse_rejects_bad_grouping);
  g_test_add_func ("/kiosk/money/parse/rejects-too-large", test_parse_rejects_too_large);
  g_test_add_func ("/kiosk/money/parse/rejects-overflow", test_parse_rejects_overflow);
  g_test_add_func ("/kiosk/money/parse/rejects-invalid-utf8", test_parse_rejects_invalid_utf8);

  return g_test_run ();
}
