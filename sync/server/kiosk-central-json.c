/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checked JSON parsing and small JSON helpers for the central server. */
#define G_LOG_DOMAIN "kiosk-central"

#include "config.h"

#include "kiosk-central-json.h"

#include <string.h>

#include "kiosk-error.h"

/* The integer literal that starts at data[start] (outside strings) and ends before `*end`:
 * TRUE when it does not fit 64 bits. */
static gboolean
is_big_integer (const char *data,
                gsize       start,
                gsize       length,
                gsize      *end)
{
  g_autofree char *token = NULL;
  gboolean integer = TRUE;
  const char *digits;

  for (*end = start; *end < length && data[*end] != '\0' &&
       (g_ascii_isdigit (data[*end]) || strchr ("+-.eE", data[*end]) != NULL); (*end)++)
    if (strchr ("+.eE", data[*end]) != NULL)
      integer = FALSE;
  if (!integer)
    return FALSE;
  token = g_strndup (data + start, *end - start);
  digits = token + (token[0] == '-');
  return *digits != '\0' && strspn (digits, "0123456789") == strlen (digits) &&
         !g_ascii_string_to_signed (token, 10, G_MININT64, G_MAXINT64, NULL, NULL);
}

/* One pass over the bytes, outside strings, counting brackets: cheap, and it bounds what the
 * recursive parser will do before it starts. Inside strings, it refuses escaped NULs. Integer
 * literals beyond 64 bits go into `*out_marked`, a copy of the text made only if there is
 * one, as KIOSK_CENTRAL_JSON_BIG_INTEGER. */
static gboolean
check_depth (const char *data,
             gsize       length,
             guint       max_depth,
             guint       max_values,
             GString   **out_marked,
             GError    **error)
{
  gboolean in_string = FALSE, escaped = FALSE;
  guint depth = 0;
  gsize copied = 0, values = 1;

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
      /* Every element after the first of an array or object, and every array or object,
       * is one more node in memory (about 100 bytes each, whatever it is in the text). */
      if ((c == ',' || c == '[' || c == '{') && max_values > 0 && ++values > max_values)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_REQUEST_TOO_LARGE,
                       "JSON with more than %u values", max_values);
          return FALSE;
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
      else if (c == '-' || g_ascii_isdigit (c))
        {
          gsize end;

          if (is_big_integer (data, i, length, &end))
            {
              if (*out_marked == NULL)
                *out_marked = g_string_sized_new (length + 32);
              g_string_append_len (*out_marked, data + copied, (gssize) (i - copied));
              g_string_append (*out_marked, "\"\\u001finteger beyond 64 bits\"");
              copied = end;
            }
          i = end - 1;
        }
    }
  if (*out_marked != NULL)
    g_string_append_len (*out_marked, data + copied, (gssize) (length - copied));
  return TRUE;
}

JsonNode *
kiosk_central_json_parse (const char *data,
                          gsize       length,
                          guint       max_depth,
                          guint       max_values,
                          GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) marked = NULL;
  JsonNode *root;

  if (memchr (data, '\0', length) != NULL || !g_utf8_validate (data, (gssize) length, NULL))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "not JSON: the text is not valid UTF-8");
      return NULL;
    }
  if (!check_depth (data, length, max_depth, max_values, &marked, error))
    return NULL;
  if (marked != NULL)
    {
      data = marked->str;
      length = marked->len;
    }
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
kiosk_central_json_double_is_writable (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* The format json-glib writes floats with; anything with an exponent, inf or nan in it
   * comes out as text that is not JSON. */
  g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
  return strpbrk (buffer, "eEnN") == NULL;
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
