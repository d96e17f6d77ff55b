/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The token code's inner steps, for its tests and its fuzz target: reading a payload without
 * checking its signature, writing it back, and signing field bytes no valid token has. */
#pragma once

#include "kiosk-token.h"

G_BEGIN_DECLS

/* The grammar and field checks of kiosk_token_verify () and nothing else: no key, no
 * signature, no trust. The result says nothing about who wrote it. */
KioskToken *kiosk_token_parse     (const char            *text,
                                   gssize                 length,
                                   GError               **error);
/* The text a parsed token encodes back to. Parsing accepts one spelling per token, so this
 * equals the text that was parsed. */
char       *kiosk_token_reencode  (const KioskToken      *token);
/* A correctly signed payload around arbitrary field bytes, so tests can show the field
 * checks, not the signature, refuse them. `kind_code` is put in as it is. */
char       *kiosk_token_sign_raw  (const KioskSigningKey *key,
                                   const char            *kind_code,
                                   const guint8          *field_data,
                                   gsize                  field_len);

G_END_DECLS
