/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Money as an integer number of baisa (1 OMR = 1000 baisa), never a float: parse and format
 * in English ("OMR 5.000") and Arabic ("٥٫٠٠٠ ر.ع." or "5.000 ر.ع."). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gint64 KioskBaisa;

#define KIOSK_BAISA_PER_RIAL 1000
/* Far above any municipal fee; keeps every sum of amounts far from overflow. */
#define KIOSK_MONEY_MAX ((KioskBaisa) 1000000000000)

typedef enum
{
  KIOSK_LANG_AR,
  KIOSK_LANG_EN,
} KioskLang;

typedef enum
{
  KIOSK_DIGITS_LATIN,
  KIOSK_DIGITS_ARABIC_INDIC,
} KioskDigits;

char     *kiosk_money_format (KioskBaisa  amount,
                              KioskLang   lang,
                              KioskDigits digits);
gboolean  kiosk_money_parse  (const char *text,
                              KioskBaisa *out_amount,
                              GError    **error);

G_END_DECLS
