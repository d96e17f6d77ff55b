/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Identifiers: a client-generated UUID per record (the idempotency key forever) and a short
 * human reference, unique per kiosk without a network: KIOSKCODE-YYMMDD-NNNN. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *kiosk_uuid_new            (void);
gboolean  kiosk_uuid_is_valid       (const char *text);

char     *kiosk_reference_format    (const char *kiosk_code,
                                     const char *yymmdd,
                                     gint64      sequence);
gboolean  kiosk_reference_is_valid  (const char *text);

G_END_DECLS
