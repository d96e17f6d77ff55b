/* Checked JSON parsing and small JSON helpers for the central server. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-json.h"

#include <string.h>

#include "kiosk-error.h"

/* One pass over the bytes, outside strings, counting brackets: cheap, and it bounds what the
 * recursive parser will do before it starts. Inside strings, it refuses escaped NULs. */
static gboolean
check_depth (const char *data,
             gsize       length,
             guint       max_depth,
             GError    **error)
{
  gboolean in_string = FALSE, escaped = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          /* json-glib would turn \u0000 into a string cut short, silently. */
          if (escaped && c == 'u' && length - i > 4 && memcmp (data + i + 1, "0000", 4) == 0)
            {
              g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                           "JSON text with a NUL character (\\u0000)");
              return FALSE;
            }
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                           "JSON nested deeper than %u levels", max_depth);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

JsonNode *
kiosk_central_json_parse (const char *data,
                          gsize       length,
                          guint       max_depth,
                          GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (memchr (data, '\0', length) != NULL || !g_utf8_validate (data, (gssize) length, NULL))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "not JSON: the text is not valid UTF-8");
      return NULL;
    }
  if (!check_depth (data, length, max_depth, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "not JSON: %s",
                   local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "not JSON: empty");
      return NULL;
    }
  return json_node_ref (root);
}

const char *
kiosk_central_json_get_string (JsonObject *object,
                               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
kiosk_central_json_node_is_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64;
}

gboolean
kiosk_central_json_get_int (JsonObject *object,
                            const char *member,
                            gint64     *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (!kiosk_central_json_node_is_int (node))
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

char *
kiosk_central_json_error_body (const char *code,
                               const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}
