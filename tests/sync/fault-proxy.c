/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fault-injecting HTTP/1.1 proxy for the sync tests: sits on 127.0.0.1 between the agent
 * and the server and, by rules given on its command line, answers the Nth request of a kind
 * with a 500, a 503 or 429 with Retry-After, resets the connection mid-answer, stalls past
 * the agent's timeouts, or truncates or garbles the server's answer. Everything else passes
 * through unchanged.
 *
 *   fault-proxy --upstream 127.0.0.1:PORT --rule batch:2:503:1 --rule photo:1:reset ...
 *
 * With --upstream given more than once it is also a round-robin load balancer: each new
 * upstream connection goes to the next server, skipping one that refuses connections (killed),
 * as a municipality's load balancer would.
 *
 * Kinds: batch (POST /v1/batches), photo (PUT /v1/attachments/...), changes (GET
 * /v1/changes), any. Actions: 500, 503[:retry-after], 429[:retry-after], reset, stall:SECONDS,
 * truncate, garbage. A Retry-After is sent as written, so a bad one can be tried too
 * ("batch:1:429:soon"). Prints "listening on PORT" once it accepts connections and one line on
 * stderr per fault it injects. */
#define G_LOG_DOMAIN "fault-proxy"

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_HEAD (64 * 1024)
#define MAX_BODY (64 * 1024 * 1024)

typedef enum { KIND_BATCH, KIND_PHOTO, KIND_CHANGES, KIND_OTHER, N_KINDS } Kind;
static const char *const kind_names[] = { "batch", "photo", "changes", "other" };

typedef struct
{
  int    kind;       /* a Kind, or -1 for any */
  guint  nth;
  char  *action;
  guint  arg;
  char  *arg_text;   /* as given, or NULL */
} Rule;

static GPtrArray *rules;
static GMutex counter_lock;
static guint counters[N_KINDS + 1];  /* per kind, and [N_KINDS] for any */
static GArray *upstreams;          /* struct sockaddr_in */
static gint next_upstream;

typedef struct
{
  int         fd;
  GByteArray *buffer;
} Peer;

static gboolean
fill (Peer *peer)
{
  guint8 chunk[16384];
  ssize_t n;

  do
    n = read (peer->fd, chunk, sizeof chunk);
  while (n < 0 && errno == EINTR);
  if (n <= 0)
    return FALSE;
  g_byte_array_append (peer->buffer, chunk, (guint) n);
  return TRUE;
}

/* The head up to and including the blank line, or NULL at EOF. */
static char *
read_head (Peer *peer)
{
  for (;;)
    {
      const guint8 *end = NULL;

      if (peer->buffer->len >= 4)
        end = memmem (peer->buffer->data, peer->buffer->len, "\r\n\r\n", 4);
      if (end != NULL)
        {
          gsize size = (gsize) (end - peer->buffer->data) + 4;
          char *head = g_strndup ((const char *) peer->buffer->data, size);

          g_byte_array_remove_range (peer->buffer, 0, (guint) size);
          return head;
        }
      if (peer->buffer->len > MAX_HEAD || !fill (peer))
        return NULL;
    }
}

static GBytes *
read_body (Peer  *peer,
           gsize  size)
{
  GBytes *body;

  while (peer->buffer->len < size)
    if (!fill (peer))
      return NULL;
  body = g_bytes_new (peer->buffer->data, size);
  g_byte_array_remove_range (peer->buffer, 0, (guint) size);
  return body;
}

static gboolean
write_all (int           fd,
           const void   *data,
           gsize         size)
{
  const guint8 *p = data;

  while (size > 0)
    {
      ssize_t n = send (fd, p, size, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      size -= (gsize) n;
    }
  return TRUE;
}

/* Header value (case-insensitive name) from a head, or NULL. */
static char *
header (const char *head,
        const char *name)
{
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');

      if (colon != NULL && (gsize) (colon - lines[i]) == strlen (name) &&
          g_ascii_strncasecmp (lines[i], name, strlen (name)) == 0)
        return g_strstrip (g_strdup (colon + 1));
    }
  return NULL;
}

/* The head without the named header, and with Content-Length set when `length` >= 0. */
static char *
rewrite_head (const char *head,
              const char *drop,
              gssize      length)
{
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL && (i == 0 || *lines[i] != '\0'); i++)
    {
      if (i > 0 && drop != NULL && g_ascii_strncasecmp (lines[i], drop, strlen (drop)) == 0 &&
          lines[i][strlen (drop)] == ':')
        continue;
      if (i > 0 && length >= 0 && g_ascii_strncasecmp (lines[i], "content-length:", 15) == 0)
        continue;
      g_string_append_printf (out, "%s\r\n", lines[i]);
    }
  if (length >= 0)
    g_string_append_printf (out, "Content-Length: %" G_GSSIZE_FORMAT "\r\n", length);
  g_string_append (out, "\r\n");
  return g_string_free (out, FALSE);
}

static Kind
classify (const char *method,
          const char *target)
{
  if (g_str_equal (method, "POST") && g_str_has_prefix (target, "/v1/batches"))
    return KIND_BATCH;
  if (g_str_equal (method, "PUT") && g_str_has_prefix (target, "/v1/attachments/"))
    return KIND_PHOTO;
  if (g_str_equal (method, "GET") && g_str_has_prefix (target, "/v1/changes"))
    return KIND_CHANGES;
  return KIND_OTHER;
}

static const Rule *
next_rule (Kind kind)
{
  const Rule *found = NULL;
  guint nth, nth_any;

  g_mutex_lock (&counter_lock);
  nth = ++counters[kind];
  nth_any = ++counters[N_KINDS];
  for (guint i = 0; i < rules->len; i++)
    {
      const Rule *rule = g_ptr_array_index (rules, i);

      if ((rule->kind == (int) kind && rule->nth == nth) || (rule->kind < 0 && rule->nth == nth_any))
        found = rule;
    }
  g_mutex_unlock (&counter_lock);
  return found;
}

static void
answer_error (int         fd,
              guint       status,
              const char *retry_after)
{
  g_autofree char *body = g_strdup_printf ("{\"error\":{\"code\":\"%s\",\"message\":\"injected"
                                           " by the fault proxy\"}}",
                                           status == 429 ? "rate_limited"
                                           : status == 503 ? "unavailable" : "server_error");
  g_autofree char *retry = retry_after ? g_strdup_printf ("Retry-After: %s\r\n", retry_after)
                                       : g_strdup ("");
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 %u Injected\r\nContent-Type: application/json"
                                           "\r\nContent-Length: %zu\r\n%s\r\n", status,
                                           strlen (body), retry);

  write_all (fd, head, strlen (head));
  write_all (fd, body, strlen (body));
}

/* The next upstream in turn that accepts a connection, or -1 when none does. */
static int
connect_upstream (void)
{
  guint first = (guint) g_atomic_int_add (&next_upstream, 1);

  for (guint i = 0; i < upstreams->len; i++)
    {
      struct sockaddr_in *address = &g_array_index (upstreams, struct sockaddr_in,
                                                    (first + i) % upstreams->len);
      int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

      if (fd < 0)
        return -1;
      if (connect (fd, (struct sockaddr *) address, sizeof *address) == 0)
        return fd;
      close (fd);
    }
  return -1;
}

static void
reset_close (int fd)
{
  struct linger linger = { 1, 0 };

  setsockopt (fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  close (fd);
}

/* Forwards one request and reads the whole answer; reconnects once if the kept-alive
 * upstream connection was closed under us. */
static gboolean
forward (Peer        *server,
         const char  *head,
         GBytes      *body,
         gboolean     is_head,
         char       **answer_head,
         GBytes     **answer_body)
{
  for (int attempt = 0; attempt < 2; attempt++)
    {
      g_autofree char *length = NULL;
      gsize size;

      if (server->fd < 0)
        {
          server->fd = connect_upstream ();
          g_byte_array_set_size (server->buffer, 0);
          if (server->fd < 0)
            return FALSE;
        }
      if (write_all (server->fd, head, strlen (head)) &&
          (body == NULL || write_all (server->fd, g_bytes_get_data (body, NULL),
                                      g_bytes_get_size (body))) &&
          (*answer_head = read_head (server)) != NULL)
        {
          length = header (*answer_head, "Content-Length");
          size = length && !is_head ? g_ascii_strtoull (length, NULL, 10) : 0;
          if (size > MAX_BODY || (*answer_body = read_body (server, size)) == NULL)
            return FALSE;
          return TRUE;
        }
      close (server->fd);
      server->fd = -1;
    }
  return FALSE;
}

static gpointer
serve_client (gpointer data)
{
  Peer client = { GPOINTER_TO_INT (data), g_byte_array_new () };
  Peer server = { -1, g_byte_array_new () };

  for (;;)
    {
      g_autofree char *head = read_head (&client);
      g_autofree char *expect = NULL;
      g_autofree char *length = NULL;
      g_autofree char *forward_head = NULL;
      g_autofree char *answer_head = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GBytes) answer_body = NULL;
      g_auto(GStrv) request_line = NULL;
      const Rule *rule;
      const char *action;
      gsize size;
      Kind kind;

      if (head == NULL)
        break;
      request_line = g_strsplit (head, " ", 3);
      if (g_strv_length (request_line) < 3)
        break;
      kind = classify (request_line[0], request_line[1]);

      expect = header (head, "Expect");
      if (expect != NULL && g_ascii_strcasecmp (expect, "100-continue") == 0)
        write_all (client.fd, "HTTP/1.1 100 Continue\r\n\r\n", 25);
      length = header (head, "Content-Length");
      size = length ? g_ascii_strtoull (length, NULL, 10) : 0;
      if (size > MAX_BODY || (body = read_body (&client, size)) == NULL)
        break;

      rule = next_rule (kind);
      action = rule ? rule->action : "pass";
      if (rule != NULL)
        g_printerr ("fault-proxy: %s request %s %s: %s\n", kind_names[kind], request_line[0],
                    request_line[1], action);

      if (g_str_equal (action, "500") || g_str_equal (action, "503") ||
          g_str_equal (action, "429"))
        {
          answer_error (client.fd, (guint) atoi (action),
                        g_str_equal (action, "500") ? NULL
                                                    : rule->arg_text ? rule->arg_text : "1");
          continue;
        }
      if (g_str_equal (action, "stall"))
        {
          g_usleep ((gulong) rule->arg * G_USEC_PER_SEC);
          break;
        }

      /* The agent's "Expect: 100-continue" was answered here; the server gets the body. */
      forward_head = rewrite_head (head, "Expect", -1);
      if (!forward (&server, forward_head, body, g_str_equal (request_line[0], "HEAD"),
                    &answer_head, &answer_body))
        break;

      if (g_str_equal (action, "reset"))
        {
          gsize half = g_bytes_get_size (answer_body) / 2;

          write_all (client.fd, answer_head, strlen (answer_head));
          write_all (client.fd, g_bytes_get_data (answer_body, NULL), half);
          reset_close (client.fd);
          client.fd = -1;
          break;
        }
      if (g_str_equal (action, "truncate") || g_str_equal (action, "garbage"))
        {
          static const char garbage[] = "{\"batch_id\": <<not json>> \"results\": [";
          gsize half = g_bytes_get_size (answer_body) / 2;
          gconstpointer bytes = g_str_equal (action, "garbage") ? (gconstpointer) garbage
                                                                : g_bytes_get_data (answer_body,
                                                                                    NULL);
          gsize n = g_str_equal (action, "garbage") ? strlen (garbage) : half;
          g_autofree char *cut_head = rewrite_head (answer_head, NULL, (gssize) n);

          write_all (client.fd, cut_head, strlen (cut_head));
          write_all (client.fd, bytes, n);
          continue;
        }

      if (!write_all (client.fd, answer_head, strlen (answer_head)) ||
          !write_all (client.fd, g_bytes_get_data (answer_body, NULL),
                      g_bytes_get_size (answer_body)))
        break;
    }

  if (client.fd >= 0)
    close (client.fd);
  if (server.fd >= 0)
    close (server.fd);
  g_byte_array_unref (client.buffer);
  g_byte_array_unref (server.buffer);
  return NULL;
}

static Rule *
parse_rule (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", 4);
  Rule *rule;
  int kind = -2;

  if (g_strv_length (parts) < 3)
    g_error ("bad rule \"%s\": KIND:N:ACTION[:ARG]", text);
  for (int i = 0; i < N_KINDS; i++)
    if (g_str_equal (parts[0], kind_names[i]))
      kind = i;
  if (g_str_equal (parts[0], "any"))
    kind = -1;
  if (kind == -2)
    g_error ("bad rule \"%s\": unknown kind", text);

  rule = g_new0 (Rule, 1);
  rule->kind = kind;
  rule->nth = (guint) g_ascii_strtoull (parts[1], NULL, 10);
  rule->action = g_strdup (parts[2]);
  rule->arg = parts[3] ? (guint) g_ascii_strtoull (parts[3], NULL, 10) : 1;
  rule->arg_text = g_strdup (parts[3]);
  if (rule->arg_text != NULL && strpbrk (rule->arg_text, "\r\n") != NULL)
    g_error ("bad rule \"%s\": a line break in its argument", text);
  return rule;
}

int
main (int    argc,
      char **argv)
{
  g_auto(GStrv) upstream_texts = NULL;
  g_auto(GStrv) rule_texts = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("— inject faults between the sync"
                                                            " agent and the server");
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "upstream", 0, 0, G_OPTION_ARG_STRING_ARRAY, &upstream_texts,
      "The server (repeatable: round-robin)", "127.0.0.1:PORT" },
    { "rule", 0, 0, G_OPTION_ARG_STRING_ARRAY, &rule_texts, "KIND:N:ACTION[:ARG]", "RULE" },
    { NULL }
  };
  struct sockaddr_in address = { 0 };
  socklen_t address_size = sizeof address;
  int listener;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || upstream_texts == NULL)
    {
      g_printerr ("fault-proxy: --upstream 127.0.0.1:PORT is required\n");
      return 2;
    }
  upstreams = g_array_new (FALSE, TRUE, sizeof (struct sockaddr_in));
  for (guint i = 0; upstream_texts[i] != NULL; i++)
    {
      const char *colon = strrchr (upstream_texts[i], ':');
      guint64 port = 0;
      struct sockaddr_in upstream = { 0 };

      if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 1, G_MAXUINT16, &port,
                                                        NULL))
        {
          g_printerr ("fault-proxy: --upstream %s: not 127.0.0.1:PORT\n", upstream_texts[i]);
          return 2;
        }
      upstream.sin_family = AF_INET;
      upstream.sin_port = htons ((guint16) port);
      upstream.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
      g_array_append_val (upstreams, upstream);
    }

  rules = g_ptr_array_new ();
  for (guint i = 0; rule_texts != NULL && rule_texts[i] != NULL; i++)
    g_ptr_array_add (rules, parse_rule (rule_texts[i]));

  signal (SIGPIPE, SIG_IGN);
  listener = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (listener < 0 || bind (listener, (struct sockaddr *) &address, sizeof address) != 0 ||
      listen (listener, 64) != 0 ||
      getsockname (listener, (struct sockaddr *) &address, &address_size) != 0)
    {
      g_printerr ("fault-proxy: cannot listen: %s\n", g_strerror (errno));
      return 1;
    }
  printf ("listening on %u\n", ntohs (address.sin_port));
  fflush (stdout);

  for (;;)
    {
      int client = accept4 (listener, NULL, NULL, SOCK_CLOEXEC);

      if (client < 0)
        {
          if (errno == EINTR)
            continue;
          g_printerr ("fault-proxy: accept: %s\n", g_strerror (errno));
          return 1;
        }
      g_thread_unref (g_thread_new ("client", serve_client, GINT_TO_POINTER (client)));
    }
}
