/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kiosk-json.h"

void
kiosk_json_add_string (JsonBuilder *builder,
                       const char  *name,
                       const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
kiosk_json_add_int (JsonBuilder *builder,
                    const char  *name,
                    gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
kiosk_json_add_bool (JsonBuilder *builder,
                     const char  *name,
                     gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

void
kiosk_json_add_time (JsonBuilder *builder,
                     const char  *name,
                     gint64       at)
{
  json_builder_set_member_name (builder, name);
  if (at > 0)
    json_builder_add_int_value (builder, at);
  else
    json_builder_add_null_value (builder);
}
