/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the kiosk says aloud: a screen's text turned into the words a person would speak —
 * amounts as rials and baisa with Arabic counting grammar, identifiers spelt one character at
 * a time — before the speech synthesizer reads it. No audio here: see kiosk-speaker.h. */
#pragma once

#include <glib.h>

#include "kiosk-money.h"

G_BEGIN_DECLS

/* "5 ريالات و500 بيسة" / "5 rials and 500 baisa": the digits are left for the synthesizer,
 * which reads them as words in the voice's language; the nouns agree with the number the
 * way Arabic counts (ريال، ريالان، ريالات، ريالًا). */
char *kiosk_spoken_amount     (KioskBaisa  amount,
                               KioskLang   lang);

/* "VP-01471-2025" → "V P، 0 1 4 7 1، 2 0 2 5": an identifier is read character by
 * character, its separators as pauses, so it can be written down or compared with paper. */
char *kiosk_spoken_identifier (const char *identifier,
                               KioskLang   lang);

/* A screen's sentence ready to be spoken: amounts as shown on screen ("OMR 5.000",
 * "٥٫٠٠٠ ر.ع.", "5.000 ر.ع.") become kiosk_spoken_amount (); runs isolated left to right
 * (U+2066 … U+2069, how screens show identifiers) and reference-like words become
 * kiosk_spoken_identifier (); other bidi controls and markup-free spacing are tidied. */
char *kiosk_spoken_text       (const char *text,
                               KioskLang   lang);

G_END_DECLS
