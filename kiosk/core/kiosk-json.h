/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Members of a JSON object being built, in one line each: a NULL string or a time of 0 is
 * written as JSON null, since readers of the kiosk's JSON (the central, tests) tell "none"
 * from an empty string or the epoch. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void kiosk_json_add_string (JsonBuilder *builder,
                            const char  *name,
                            const char  *value);
void kiosk_json_add_int    (JsonBuilder *builder,
                            const char  *name,
                            gint64       value);
void kiosk_json_add_bool   (JsonBuilder *builder,
                            const char  *name,
                            gboolean     value);
/* Unix seconds; null when `at` is 0 or less (never happened). */
void kiosk_json_add_time   (JsonBuilder *builder,
                            const char  *name,
                            gint64       at);

G_END_DECLS
