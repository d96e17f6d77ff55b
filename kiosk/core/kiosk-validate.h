/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Validators for what a person types or scans. Each returns the canonical form as a new
 * string, or NULL with a KIOSK_ERROR code the UI turns into a sentence. */
#pragma once

#include <glib.h>

#include "kiosk-money.h"

G_BEGIN_DECLS

char *kiosk_validate_phone          (const char *input,
                                     GError    **error);
char *kiosk_validate_civil_number   (const char *input,
                                     GError    **error);
char *kiosk_validate_plate          (const char *input,
                                     GError    **error);
char *kiosk_validate_licence_number (const char *input,
                                     GError    **error);
char *kiosk_validate_cr_number      (const char *input,
                                     GError    **error);
/* A C string cannot carry an embedded NUL, so kiosk_validate_text() never sees one: callers
 * holding text with a length (network data, files) must refuse NUL bytes before calling. */
char *kiosk_validate_text           (const char *input,
                                     gsize       max_chars,
                                     gboolean    required,
                                     GError    **error);

/* U+0660: the Arabic-Indic digits ٠..٩ follow it. */
#define KIOSK_ARABIC_INDIC_ZERO 0x0660

/* The value of a Latin, Arabic-Indic or Eastern Arabic-Indic digit, or -1. */
int   kiosk_digit_value             (gunichar    c);

char *kiosk_text_strip_bidi         (const char *utf8);
char *kiosk_digits_to_latin         (const char *input);
char *kiosk_digits_localize         (const char *input,
                                     KioskDigits digits);
char *kiosk_plate_display           (const char *canonical,
                                     KioskLang   lang);
char *kiosk_phone_mask              (const char *canonical);
/* A moment in Muscat (UTC+4, no daylight saving) in `digits`, year first as on municipal
 * documents: "2026-11-30 10:05", or only the day; "" for a time that cannot be shown. */
char *kiosk_format_muscat_time      (gint64      unix_time,
                                     gboolean    with_clock,
                                     KioskDigits digits);

/* "HOST:PORT" of a device on the network (card terminal, printer): a host name or address
 * of letters, digits, '.' and '-', and a port 1-65535. FALSE when it is not one. */
gboolean kiosk_parse_host_port      (const char  *address,
                                     char       **out_host,
                                     guint16     *out_port);

G_END_DECLS
