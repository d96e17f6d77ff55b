/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the speaker is given to say: amounts in words with Arabic counting grammar,
 * identifiers spelt, screen formatting (isolates, line breaks) gone. */
#include "config.h"

#include <glib.h>

#include "kiosk-money.h"
#include "kiosk-spoken.h"

static void
assert_spoken_amount (KioskBaisa  amount,
                      KioskLang   lang,
                      const char *expected)
{
  g_autofree char *spoken = kiosk_spoken_amount (amount, lang);

  g_assert_cmpstr (spoken, ==, expected);
}

static void
test_amount_arabic_agrees_with_its_number (void)
{
  assert_spoken_amount (1000, KIOSK_LANG_AR, "ريال واحد");
  assert_spoken_amount (2000, KIOSK_LANG_AR, "ريالان");
  assert_spoken_amount (5000, KIOSK_LANG_AR, "5 ريالات");
  assert_spoken_amount (10000, KIOSK_LANG_AR, "10 ريالات");
  assert_spoken_amount (11000, KIOSK_LANG_AR, "11 ريالًا");
  assert_spoken_amount (99000, KIOSK_LANG_AR, "99 ريالًا");
  assert_spoken_amount (100000, KIOSK_LANG_AR, "100 ريال");
  assert_spoken_amount (103000, KIOSK_LANG_AR, "103 ريالات");
  assert_spoken_amount (500, KIOSK_LANG_AR, "500 بيسة");
  assert_spoken_amount (2, KIOSK_LANG_AR, "بيستان");
  assert_spoken_amount (5500, KIOSK_LANG_AR, "5 ريالات و500 بيسة");
  assert_spoken_amount (12250, KIOSK_LANG_AR, "12 ريالًا و250 بيسةً");
  assert_spoken_amount (3005, KIOSK_LANG_AR, "3 ريالات و5 بيسات");
  assert_spoken_amount (0, KIOSK_LANG_AR, "صفر ريال");
}

static void
test_amount_english (void)
{
  assert_spoken_amount (1000, KIOSK_LANG_EN, "1 rial");
  assert_spoken_amount (5500, KIOSK_LANG_EN, "5 rials and 500 baisa");
  assert_spoken_amount (250, KIOSK_LANG_EN, "250 baisa");
  assert_spoken_amount (0, KIOSK_LANG_EN, "zero rials");
}

static void
test_identifier_is_spelt (void)
{
  g_autofree char *permit = kiosk_spoken_identifier ("VP-01471-2025", KIOSK_LANG_EN);
  g_autofree char *arabic = kiosk_spoken_identifier ("\u2066VP-٠١٤٧١-٢٠٢٥\u2069", KIOSK_LANG_AR);

  g_assert_cmpstr (permit, ==, "V P, 0 1 4 7 1, 2 0 2 5");
  /* Arabic-Indic digits on screen are read as the same digits, with an Arabic comma pause. */
  g_assert_cmpstr (arabic, ==, "V P، 0 1 4 7 1، 2 0 2 5");
}

static void
test_screen_text_amounts_in_words (void)
{
  g_autofree char *en = kiosk_spoken_text ("Total: OMR 1,250.500. Pay now?", KIOSK_LANG_EN);
  g_autofree char *ar = kiosk_spoken_text ("المبلغ ٥٫٠٠٠ ر.ع. للدفع", KIOSK_LANG_AR);
  g_autofree char *ar_latin = kiosk_spoken_text ("المبلغ 12.000 ر.ع.", KIOSK_LANG_AR);

  g_assert_cmpstr (en, ==, "Total: 1250 rials and 500 baisa. Pay now?");
  g_assert_cmpstr (ar, ==, "المبلغ 5 ريالات للدفع");
  g_assert_cmpstr (ar_latin, ==, "المبلغ 12 ريالًا");
}

static void
test_screen_text_identifiers_spelt (void)
{
  g_autofree char *reference = kiosk_spoken_text ("رقم المتابعة \u2066MCT01-261130-0004\u2069",
                                                  KIOSK_LANG_AR);
  g_autofree char *bare = kiosk_spoken_text ("Your reference is MCT01-261130-0004.",
                                             KIOSK_LANG_EN);
  g_autofree char *tracking = kiosk_spoken_text ("Number 2611300004", KIOSK_LANG_EN);
  g_autofree char *year = kiosk_spoken_text ("Expires in 2026", KIOSK_LANG_EN);

  g_assert_cmpstr (reference, ==, "رقم المتابعة M C T 0 1، 2 6 1 1 3 0، 0 0 0 4");
  g_assert_cmpstr (bare, ==, "Your reference is M C T 0 1, 2 6 1 1 3 0, 0 0 0 4.");
  g_assert_cmpstr (tracking, ==, "Number 2 6 1 1 3 0 0 0 0 4");
  /* Four digits are a number people say as one (a year, a fee): left to the voice. */
  g_assert_cmpstr (year, ==, "Expires in 2026");
}

static void
test_screen_text_amount_digits_are_not_identifiers (void)
{
  /* 12,345 rials: its digits must not be spelt like a tracking number once in words. */
  g_autofree char *spoken = kiosk_spoken_text ("OMR 12,345.000", KIOSK_LANG_EN);

  g_assert_cmpstr (spoken, ==, "12345 rials");
}

static void
test_screen_text_phone_numbers_spelt (void)
{
  g_autofree char *review = kiosk_spoken_text ("Mobile number: +968 9123 4567.", KIOSK_LANG_EN);
  g_autofree char *arabic = kiosk_spoken_text ("رقم الهاتف ٩١٢٣ ٤٥٦٧", KIOSK_LANG_AR);
  g_autofree char *short_pair = kiosk_spoken_text ("Rows 12 34", KIOSK_LANG_EN);

  g_assert_cmpstr (review, ==, "Mobile number: 9 6 8, 9 1 2 3, 4 5 6 7.");
  g_assert_cmpstr (arabic, ==, "رقم الهاتف 9 1 2 3، 4 5 6 7");
  /* Fewer than five digits: two numbers, read as numbers. */
  g_assert_cmpstr (short_pair, ==, "Rows 12 34");
}

static void
test_screen_text_dates_read_as_dates (void)
{
  g_autofree char *en = kiosk_spoken_text ("Expired on 15/09/2026.", KIOSK_LANG_EN);
  g_autofree char *ar = kiosk_spoken_text ("انتهى في ١٥/٠٩/٢٠٢٦", KIOSK_LANG_AR);
  g_autofree char *not_a_date = kiosk_spoken_text ("Code 45/13/2026", KIOSK_LANG_EN);
  g_autofree char *iso = kiosk_spoken_text ("تاريخ الانتهاء: ٢٠٢٦-٠٩-١٥ ٠٧:٣١", KIOSK_LANG_AR);

  g_assert_cmpstr (en, ==, "Expired on 15 September 2026.");
  g_assert_cmpstr (ar, ==, "انتهى في 15 سبتمبر 2026");
  g_assert_cmpstr (iso, ==, "تاريخ الانتهاء: 15 سبتمبر 2026 ٠٧:٣١");
  /* No month 13: a reference, spelt. */
  g_assert_cmpstr (not_a_date, ==, "Code 4 5, 1 3, 2 0 2 6");
}

static void
test_screen_text_layout_is_tidied (void)
{
  g_autofree char *spoken = kiosk_spoken_text ("  Choose\na service \u200f\ue001 ", KIOSK_LANG_EN);

  /* Line breaks, runs of spaces, bidi marks and private-use characters say nothing. */
  g_assert_cmpstr (spoken, ==, "Choose a service");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/spoken/amount/arabic-agrees-with-its-number",
                   test_amount_arabic_agrees_with_its_number);
  g_test_add_func ("/kiosk/spoken/amount/english", test_amount_english);
  g_test_add_func ("/kiosk/spoken/identifier/spelt", test_identifier_is_spelt);
  g_test_add_func ("/kiosk/spoken/text/amounts-in-words", test_screen_text_amounts_in_words);
  g_test_add_func ("/kiosk/spoken/text/identifiers-spelt", test_screen_text_identifiers_spelt);
  g_test_add_func ("/kiosk/spoken/text/amount-digits-are-not-identifiers",
                   test_screen_text_amount_digits_are_not_identifiers);
  g_test_add_func ("/kiosk/spoken/text/phone-numbers-spelt", test_screen_text_phone_numbers_spelt);
  g_test_add_func ("/kiosk/spoken/text/dates-read-as-dates", test_screen_text_dates_read_as_dates);
  g_test_add_func ("/kiosk/spoken/text/layout-is-tidied", test_screen_text_layout_is_tidied);

  return g_test_run ();
}
