/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON from outside the server (request bodies, files), checked before json-glib sees it, and
 * the strict member getters and error bodies the handlers share. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deep enough for any record; shallow enough that json-glib's recursive parser cannot be
 * driven off the end of a thread's stack by a body of 8 MiB of '['. */
#define KIOSK_CENTRAL_JSON_MAX_DEPTH 32

/* What an integer literal beyond 64 bits becomes once parsed: json-glib would silently turn
 * it into -1 or 1, so it is replaced, before parsing, by this string (a control character
 * starts it, so it can never be a string a kiosk sent and had accepted). Whoever reads the
 * value refuses it as out of range. */
#define KIOSK_CENTRAL_JSON_BIG_INTEGER "\x1f" "integer beyond 64 bits"

/* Refuses invalid UTF-8, NUL bytes and nesting deeper than `max_depth`
 * (KIOSK_ERROR_INVALID_VALUE), more than `max_values` values (0: no limit;
 * KIOSK_ERROR_REQUEST_TOO_LARGE, since each costs memory), then parses (integer literals
 * beyond 64 bits become KIOSK_CENTRAL_JSON_BIG_INTEGER). */
JsonNode *kiosk_central_json_parse          (const char  *data,
                                             gsize        length,
                                             guint        max_depth,
                                             guint        max_values,
                                             GError     **error);

/* The member if it is a string (NULL if absent or another type). */
const char *kiosk_central_json_get_string   (JsonObject  *object,
                                             const char  *member);
/* TRUE and `out` if the member is a JSON integer (not a float, not a string). */
gboolean  kiosk_central_json_get_int        (JsonObject  *object,
                                             const char  *member,
                                             gint64      *out);
gboolean  kiosk_central_json_node_is_int    (JsonNode    *node);
/* A JSON float that json-glib writes back as valid JSON: finite, and printed without an
 * exponent (json-glib would write 1e17 as "1e+17.0", which is not JSON). */
gboolean  kiosk_central_json_double_is_writable (double   value);

/* {"error": {"code": code, "message": message}} */
char     *kiosk_central_json_error_body     (const char  *code,
                                             const char  *message);

G_END_DECLS
