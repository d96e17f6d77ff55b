/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fake OPI terminal. */
#define G_LOG_DOMAIN "kiosk-opi-fake"

#include "config.h"

#include "kiosk-opi-fake.h"

#include <gio/gio.h>
#include <string.h>

struct _KioskOpiFake
{
  GSocketListener    *listener;
  GCancellable       *cancellable;
  GThread            *thread;
  guint16             port;

  GMutex              mutex;
  KioskOpiFakeScript  script;
  GPtrArray          *requests;
};

static char *
read_frame (GInputStream *in,
            GCancellable *cancellable)
{
  guint32 be;
  gsize got = 0, length;
  char *xml;

  if (!g_input_stream_read_all (in, &be, 4, &got, cancellable, NULL) || got != 4)
    return NULL;
  length = GUINT32_FROM_BE (be);
  if (length == 0 || length > 65536)
    return NULL;
  xml = g_malloc0 (length + 1);
  if (!g_input_stream_read_all (in, xml, length, &got, cancellable, NULL) || got != length)
    {
      g_free (xml);
      return NULL;
    }
  return xml;
}

static void
write_frame (GOutputStream *out,
             const char    *xml,
             GCancellable  *cancellable)
{
  guint32 be = GUINT32_TO_BE ((guint32) strlen (xml));

  g_output_stream_write_all (out, &be, 4, NULL, cancellable, NULL);
  g_output_stream_write_all (out, xml, strlen (xml), NULL, cancellable, NULL);
}

/* The value of `name="…"` in the first tag that has it. */
static char *
attribute (const char *xml,
           const char *name)
{
  g_autofree char *key = g_strdup_printf (" %s=\"", name);
  const char *start = strstr (xml, key);
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen (key);
  end = strchr (start, '"');
  return end ? g_strndup (start, end - start) : NULL;
}

static char *
element_text (const char *xml,
              const char *element)
{
  g_autofree char *open = g_strdup_printf ("<%s", element);
  g_autofree char *close = g_strdup_printf ("</%s>", element);
  const char *start = strstr (xml, open);
  const char *end;

  if (start == NULL || (start = strchr (start, '>')) == NULL)
    return NULL;
  start++;
  end = strstr (start, close);
  return end ? g_strndup (start, end - start) : NULL;
}

static char *
response (const char *request,
          const char *id,
          const char *result,
          const char *amount,
          const char *authorisation)
{
  g_autofree char *workstation = attribute (request, "WorkstationID");
  g_autofree char *type = attribute (request, "RequestType");

  return g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<CardServiceResponse RequestType=\"%s\""
                          " WorkstationID=\"%s\" RequestID=\"%s\" OverallResult=\"%s\">"
                          "<Terminal TerminalID=\"FAKE0001\"/>"
                          "<Tender><TotalAmount Currency=\"OMR\">%s</TotalAmount>%s</Tender>"
                          "</CardServiceResponse>",
                          type ? type : "", workstation ? workstation : "", id, result, amount,
                          authorisation ? authorisation : "");
}

static void
serve (KioskOpiFake      *fake,
       GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autofree char *request = read_frame (in, fake->cancellable);
  g_autofree char *id = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *answer = NULL;
  KioskOpiFakeScript script;

  if (request == NULL)
    return;
  g_mutex_lock (&fake->mutex);
  g_ptr_array_add (fake->requests, g_strdup (request));
  script = fake->script;
  g_mutex_unlock (&fake->mutex);

  id = attribute (request, "RequestID");
  amount = element_text (request, "TotalAmount");
  /* A reversal of an approval: always done. */
  if (strstr (request, "RequestType=\"PaymentReversal\"") != NULL)
    {
      answer = response (request, id, "Success", amount, NULL);
      write_frame (out, answer, fake->cancellable);
      return;
    }
  switch (script)
    {
    case KIOSK_OPI_FAKE_APPROVE:
      answer = response (request, id, "Success", amount,
                         "<Authorisation ApprovalCode=\"A1B2C3\" CardPAN=\"XXXXXXXXXXXX1881\"/>");
      break;
    case KIOSK_OPI_FAKE_DECLINE:
      answer = response (request, id, "Failure", amount, NULL);
      break;
    case KIOSK_OPI_FAKE_ABORT:
      answer = response (request, id, "Aborted", amount, NULL);
      break;
    case KIOSK_OPI_FAKE_CARD_TIMEOUT:
      answer = response (request, id, "TimedOut", amount, NULL);
      break;
    case KIOSK_OPI_FAKE_OFFLINE:
      {
        g_autofree char *ask = response (request, id, "OfflineApprovalRequest", amount, NULL);
        g_autofree char *second = NULL;
        g_autofree char *decision = NULL;

        write_frame (out, ask, fake->cancellable);
        second = read_frame (in, fake->cancellable);
        if (second == NULL)
          return;
        g_mutex_lock (&fake->mutex);
        g_ptr_array_add (fake->requests, g_strdup (second));
        g_mutex_unlock (&fake->mutex);
        decision = attribute (second, "OfflineApproval");
        answer = g_strcmp0 (decision, "Allowed") == 0
                 ? response (second, id, "Success", amount,
                             "<Authorisation ApprovalCode=\"Y10042\" CardPAN=\"XXXXXXXXXXXX1881\""
                             " Offline=\"true\"/>")
                 : response (second, id, "Aborted", amount, NULL);
      }
      break;
    case KIOSK_OPI_FAKE_STALL:
      /* Until the kiosk gives up and closes. */
      {
        char byte;

        g_input_stream_read (in, &byte, 1, fake->cancellable, NULL);
      }
      return;
    case KIOSK_OPI_FAKE_GARBAGE:
      answer = g_strdup ("<CardServiceResponse RequestType=\"CardPayment\" <<<");
      break;
    case KIOSK_OPI_FAKE_WRONG_ID:
      answer = response (request, "999999", "Success", amount,
                         "<Authorisation ApprovalCode=\"A1B2C3\" CardPAN=\"XXXXXXXXXXXX1881\"/>");
      break;
    case KIOSK_OPI_FAKE_WRONG_AMOUNT:
      answer = response (request, id, "Success", "0.001",
                         "<Authorisation ApprovalCode=\"A1B2C3\" CardPAN=\"XXXXXXXXXXXX1881\"/>");
      break;
    case KIOSK_OPI_FAKE_HUGE_FRAME:
      {
        guint32 be = GUINT32_TO_BE (16u << 20);

        g_output_stream_write_all (out, &be, 4, NULL, fake->cancellable, NULL);
        g_output_stream_write_all (out, "<Card", 5, NULL, fake->cancellable, NULL);
      }
      return;
    case KIOSK_OPI_FAKE_CLOSE:
      return;
    case KIOSK_OPI_FAKE_UNASKED_OFFLINE:
      answer = response (request, id, "Success", amount,
                         "<Authorisation ApprovalCode=\"Y10042\" CardPAN=\"XXXXXXXXXXXX1881\""
                         " Offline=\"true\"/>");
      break;
    case KIOSK_OPI_FAKE_BAD_APPROVAL:
    default:
      answer = response (request, id, "Success", amount,
                         "<Authorisation CardPAN=\"XXXXXXXXXXXX1881\"/>");
      break;
    }
  write_frame (out, answer, fake->cancellable);
}

static gpointer
fake_thread (gpointer data)
{
  KioskOpiFake *fake = data;

  for (;;)
    {
      g_autoptr(GSocketConnection) connection = NULL;

      connection = g_socket_listener_accept (fake->listener, NULL, fake->cancellable, NULL);
      if (connection == NULL)
        break;
      serve (fake, connection);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }
  return NULL;
}

KioskOpiFake *
kiosk_opi_fake_start (KioskOpiFakeScript script)
{
  KioskOpiFake *fake = g_new0 (KioskOpiFake, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&fake->mutex);
  fake->script = script;
  fake->requests = g_ptr_array_new_with_free_func (g_free);
  fake->cancellable = g_cancellable_new ();
  fake->listener = g_socket_listener_new ();
  g_socket_listener_add_address (fake->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  fake->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  fake->thread = g_thread_new ("opi-fake", fake_thread, fake);
  return fake;
}

guint16
kiosk_opi_fake_get_port (KioskOpiFake *fake)
{
  return fake->port;
}

void
kiosk_opi_fake_set_script (KioskOpiFake       *fake,
                           KioskOpiFakeScript  script)
{
  g_mutex_lock (&fake->mutex);
  fake->script = script;
  g_mutex_unlock (&fake->mutex);
}

GPtrArray *
kiosk_opi_fake_dup_requests (KioskOpiFake *fake)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  g_mutex_lock (&fake->mutex);
  for (guint i = 0; i < fake->requests->len; i++)
    g_ptr_array_add (copy, g_strdup (fake->requests->pdata[i]));
  g_mutex_unlock (&fake->mutex);
  return copy;
}

void
kiosk_opi_fake_stop (KioskOpiFake *fake)
{
  g_cancellable_cancel (fake->cancellable);
  g_socket_listener_close (fake->listener);
  g_thread_join (fake->thread);
  g_object_unref (fake->listener);
  g_object_unref (fake->cancellable);
  g_ptr_array_unref (fake->requests);
  g_mutex_clear (&fake->mutex);
  g_free (fake);
}
