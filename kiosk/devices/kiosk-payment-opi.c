/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The OPI card terminal driver: one blocking exchange per payment in a worker thread; the
 * offline question goes back to the kiosk's main context, where the store lives. */
#define G_LOG_DOMAIN "kiosk-payment"

#include "config.h"

#include "kiosk-payment-opi.h"

#include <string.h>

#include "kiosk-error.h"
#include "kiosk-validate.h"

#define DEFAULT_TIMEOUT 120
#define CONNECT_TIMEOUT 10

struct _KioskPaymentOpi
{
  GObject     parent_instance;

  KioskStore *store;
  char       *host;
  guint16     port;
  char       *workstation;
  guint       timeout;
  guint       request_id;   /* main thread only */
};

static void kiosk_payment_opi_iface_init (KioskPaymentTerminalInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskPaymentOpi, kiosk_payment_opi, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KIOSK_TYPE_PAYMENT_TERMINAL,
                                                      kiosk_payment_opi_iface_init))

typedef struct _Exchange Exchange;
typedef struct _Answer Answer;

/* What a request type does with the terminal's first answer, on the worker: more requests on
 * `connection` if it needs them, then it returns the task's result. */
typedef void (*AnsweredFunc) (GTask             *task,
                              Exchange          *exchange,
                              GSocketConnection *connection,
                              Answer            *answer,
                              GCancellable      *cancellable);

/* One payment. The worker owns it until it returns; the offline decision is written by the
 * main context while the worker waits on `cond`. */
struct _Exchange
{
  KioskPaymentOpi *self;        /* a reference */
  GMainContext    *context;
  KioskBaisa       amount;
  char            *host;
  guint16          port;
  guint            timeout;
  char            *workstation;
  guint            request_id;
  const char      *request_type;   /* "CardPayment" or "PaymentReversal" */
  char            *original_code;  /* a reversal's approval code */
  AnsweredFunc     answered;

  GMutex           mutex;
  GCond            cond;
  gboolean         decided;
  gboolean         allow_offline;
  GError          *offline_error;
};

static void
exchange_free (Exchange *exchange)
{
  g_clear_object (&exchange->self);
  g_main_context_unref (exchange->context);
  g_free (exchange->host);
  g_free (exchange->workstation);
  g_free (exchange->original_code);
  g_clear_error (&exchange->offline_error);
  g_mutex_clear (&exchange->mutex);
  g_cond_clear (&exchange->cond);
  g_free (exchange);
}

/* The answer, as far as this driver reads it. */
struct _Answer
{
  gboolean  is_response;
  char     *request_type;
  char     *request_id;
  char     *result;
  char     *approval_code;
  char     *card_pan;
  gboolean  offline;
  gboolean  has_amount;
  char     *amount_text;
  gboolean  in_amount;
  int       depth;
};

static void
answer_clear (Answer *answer)
{
  g_free (answer->request_type);
  g_free (answer->request_id);
  g_free (answer->result);
  g_free (answer->approval_code);
  g_free (answer->card_pan);
  g_free (answer->amount_text);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static const char *
attribute (const char **names,
           const char **values,
           const char  *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], name))
      return values[i];
  return NULL;
}

static void
start_element_cb (GMarkupParseContext *context,
                  const char          *element,
                  const char         **names,
                  const char         **values,
                  gpointer             user_data,
                  GError             **error)
{
  Answer *answer = user_data;

  answer->depth++;
  if (answer->depth == 1)
    {
      if (!g_str_equal (element, "CardServiceResponse"))
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_TERMINAL,
                       "terminal answered <%s>, not a CardServiceResponse", element);
          return;
        }
      answer->is_response = TRUE;
      answer->request_type = g_strdup (attribute (names, values, "RequestType"));
      answer->request_id = g_strdup (attribute (names, values, "RequestID"));
      answer->result = g_strdup (attribute (names, values, "OverallResult"));
    }
  else if (g_str_equal (element, "Authorisation"))
    {
      g_free (answer->approval_code);
      g_free (answer->card_pan);
      answer->approval_code = g_strdup (attribute (names, values, "ApprovalCode"));
      answer->card_pan = g_strdup (attribute (names, values, "CardPAN"));
      answer->offline = g_strcmp0 (attribute (names, values, "Offline"), "true") == 0;
    }
  else if (g_str_equal (element, "TotalAmount"))
    {
      if (g_strcmp0 (attribute (names, values, "Currency"), "OMR") != 0)
        {
          g_set_error_literal (error, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_TERMINAL,
                               "terminal answered an amount not in OMR");
          return;
        }
      answer->in_amount = TRUE;
      answer->has_amount = TRUE;
    }
}

static void
end_element_cb (GMarkupParseContext *context,
                const char          *element,
                gpointer             user_data,
                GError             **error)
{
  Answer *answer = user_data;

  answer->depth--;
  answer->in_amount = FALSE;
}

static void
text_cb (GMarkupParseContext *context,
         const char          *text,
         gsize                length,
         gpointer             user_data,
         GError             **error)
{
  Answer *answer = user_data;

  if (answer->in_amount)
    {
      g_free (answer->amount_text);
      answer->amount_text = g_strstrip (g_strndup (text, length));
    }
}

static char *
format_amount (KioskBaisa amount)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT, amount / 1000,
                          amount % 1000);
}

static gboolean
parse_answer (const char *xml,
              gsize       length,
              Exchange   *exchange,
              Answer     *answer,
              GError    **error)
{
  static const GMarkupParser parser = { start_element_cb, end_element_cb, text_cb, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autofree char *id = g_strdup_printf ("%u", exchange->request_id);
  g_autoptr(GError) local_error = NULL;

  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, answer, NULL);
  if (!g_markup_parse_context_parse (context, xml, length, &local_error) ||
      !g_markup_parse_context_end_parse (context, &local_error))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_TERMINAL,
                   "terminal answer is not well-formed: %s", local_error->message);
      return FALSE;
    }
  if (!answer->is_response || g_strcmp0 (answer->request_type, exchange->request_type) != 0 ||
      g_strcmp0 (answer->request_id, id) != 0 || answer->result == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_TERMINAL,
                   "terminal answer is not the response to %s %s", exchange->request_type, id);
      return FALSE;
    }
  if (answer->has_amount)
    {
      g_autofree char *expected = format_amount (exchange->amount);

      if (g_strcmp0 (answer->amount_text, expected) != 0)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_TERMINAL,
                       "terminal answered amount %s for %s", answer->amount_text, expected);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
io_error (GError  *io,
          GError **error)
{
  if (g_error_matches (io, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, io);
  else
    {
      g_set_error (error, KIOSK_ERROR,
                   g_error_matches (io, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)
                   ? KIOSK_ERROR_PAYMENT_TIMED_OUT : KIOSK_ERROR_PAYMENT_TERMINAL,
                   "card terminal: %s", io->message);
      g_error_free (io);
    }
  return FALSE;
}

static gboolean
send_frame (GOutputStream *out,
            const char    *xml,
            GCancellable  *cancellable,
            GError       **error)
{
  guint32 length = GUINT32_TO_BE ((guint32) strlen (xml));
  GError *io = NULL;

  if (!g_output_stream_write_all (out, &length, 4, NULL, cancellable, &io) ||
      !g_output_stream_write_all (out, xml, strlen (xml), NULL, cancellable, &io) ||
      !g_output_stream_flush (out, cancellable, &io))
    return io_error (io, error);
  return TRUE;
}

static char *
receive_frame (GInputStream  *in,
               gsize         *out_length,
               GCancellable  *cancellable,
               GError       **error)
{
  guint32 be = 0;
  gsize got = 0, length;
  g_autofree char *xml = NULL;
  GError *io = NULL;

  if (!g_input_stream_read_all (in, &be, 4, &got, cancellable, &io))
    return io_error (io, error), NULL;
  length = GUINT32_FROM_BE (be);
  if (got != 4 || length == 0 || length > KIOSK_OPI_MAX_FRAME)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_TERMINAL,
                   got != 4 ? "card terminal closed the connection without an answer"
                            : "card terminal sent a frame of %zu bytes", length);
      return NULL;
    }
  xml = g_malloc (length + 1);
  if (!g_input_stream_read_all (in, xml, length, &got, cancellable, &io))
    return io_error (io, error), NULL;
  if (got != length)
    {
      g_set_error_literal (error, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_TERMINAL,
                           "card terminal closed the connection mid-answer");
      return NULL;
    }
  xml[length] = '\0';
  *out_length = length;
  return g_steal_pointer (&xml);
}

static char *
build_request (Exchange   *exchange,
               const char *offline_approval)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  g_autofree char *amount = format_amount (exchange->amount);
  g_autofree char *head = NULL;
  g_autofree char *body = NULL;

  /* Every value is ours (a validated kiosk code, digits, the terminal's checked approval
   * code): escaped all the same. */
  head = offline_approval != NULL
         ? g_markup_printf_escaped ("<CardServiceRequest RequestType=\"%s\""
                                    " ApplicationSender=\"MuscatKiosk\" WorkstationID=\"%s\""
                                    " RequestID=\"%u\" OfflineApproval=\"%s\">",
                                    exchange->request_type, exchange->workstation,
                                    exchange->request_id, offline_approval)
         : g_markup_printf_escaped ("<CardServiceRequest RequestType=\"%s\""
                                    " ApplicationSender=\"MuscatKiosk\" WorkstationID=\"%s\""
                                    " RequestID=\"%u\">",
                                    exchange->request_type, exchange->workstation,
                                    exchange->request_id);
  body = exchange->original_code != NULL
         ? g_markup_printf_escaped ("<POSdata><POSTimeStamp>%s</POSTimeStamp></POSdata>"
                                    "<OriginalTransaction ApprovalCode=\"%s\"/>"
                                    "<TotalAmount Currency=\"OMR\">%s</TotalAmount>"
                                    "</CardServiceRequest>",
                                    stamp, exchange->original_code, amount)
         : g_markup_printf_escaped ("<POSdata><POSTimeStamp>%s</POSTimeStamp></POSdata>"
                                    "<TotalAmount Currency=\"OMR\">%s</TotalAmount>"
                                    "</CardServiceRequest>",
                                    stamp, amount);
  return g_strconcat ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", head, body, NULL);
}

/* Opens the connection to the terminal; from then on each read waits as long as a card
 * holder may take. */
static GSocketConnection *
connect_terminal (Exchange      *exchange,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  GSocketConnection *connection;
  GError *io = NULL;

  g_socket_client_set_timeout (client, CONNECT_TIMEOUT);
  connection = g_socket_client_connect_to_host (client, exchange->host, exchange->port,
                                                cancellable, &io);
  if (connection == NULL)
    return io_error (io, error), NULL;
  g_socket_set_timeout (g_socket_connection_get_socket (connection), exchange->timeout);
  return connection;
}

/* One request and its answer on `connection`, the answer checked against the request;
 * `answer` is cleared first, so it holds only this exchange's answer. */
static gboolean
round_trip (GSocketConnection  *connection,
            Exchange           *exchange,
            const char         *offline_approval,
            Answer             *answer,
            GCancellable       *cancellable,
            GError            **error)
{
  g_autofree char *request = build_request (exchange, offline_approval);
  g_autofree char *xml = NULL;
  gsize length = 0;

  answer_clear (answer);
  memset (answer, 0, sizeof *answer);
  return send_frame (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request,
                     cancellable, error) &&
         (xml = receive_frame (g_io_stream_get_input_stream (G_IO_STREAM (connection)), &length,
                               cancellable, error)) != NULL &&
         parse_answer (xml, length, exchange, answer, error);
}

static gboolean
decide_offline_cb (gpointer data)
{
  Exchange *exchange = data;
  GError *error = NULL;
  gboolean allowed;

  allowed = kiosk_payment_terminal_check_offline (exchange->self->store, exchange->amount,
                                                  &error);
  g_mutex_lock (&exchange->mutex);
  exchange->allow_offline = allowed;
  exchange->offline_error = error;
  exchange->decided = TRUE;
  g_cond_signal (&exchange->cond);
  g_mutex_unlock (&exchange->mutex);
  return G_SOURCE_REMOVE;
}

static KioskCardApproval *
approval_from (Answer   *answer,
               GError  **error)
{
  g_autofree KioskCardApproval *approval = g_new0 (KioskCardApproval, 1);
  gsize pan_length = answer->card_pan ? strlen (answer->card_pan) : 0;
  gsize code_length = answer->approval_code ? strlen (answer->approval_code) : 0;

  if (code_length == 0 || code_length >= sizeof approval->auth_code || pan_length < 4)
    goto bad;
  for (gsize i = 0; i < code_length; i++)
    if (!g_ascii_isalnum (answer->approval_code[i]))
      goto bad;
  for (gsize i = pan_length - 4; i < pan_length; i++)
    if (!g_ascii_isdigit (answer->card_pan[i]))
      goto bad;
  g_strlcpy (approval->auth_code, answer->approval_code, sizeof approval->auth_code);
  g_strlcpy (approval->card_last4, answer->card_pan + pan_length - 4,
             sizeof approval->card_last4);
  approval->offline = answer->offline;
  return g_steal_pointer (&approval);

bad:
  g_set_error_literal (error, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_TERMINAL,
                       "terminal approved without a valid approval code and card number");
  return NULL;
}

static KioskCardApproval *
outcome (Answer   *answer,
         gboolean  offline_asked,
         GError  **error)
{
  const char *result = answer->result;

  if (g_str_equal (result, "Success"))
    {
      /* Offline only when the kiosk allowed it; an online approval says nothing of it. */
      if (answer->offline && !offline_asked)
        {
          g_set_error_literal (error, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_TERMINAL,
                               "terminal approved offline without asking the kiosk");
          return NULL;
        }
      return approval_from (answer, error);
    }
  if (g_str_equal (result, "Failure"))
    g_set_error_literal (error, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_DECLINED, "declined");
  else if (g_str_equal (result, "Aborted"))
    g_set_error_literal (error, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_CANCELLED,
                         "cancelled at the terminal");
  else if (g_str_equal (result, "TimedOut"))
    g_set_error_literal (error, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_TIMED_OUT,
                         "terminal timed out waiting for the card");
  else
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_TERMINAL,
                 "terminal answered OverallResult=\"%s\"", result);
  return NULL;
}

/* A payment's answer: when the terminal asks whether it may approve offline, the kiosk's
 * caps decide and a second request carries the decision. */
static void
payment_answered (GTask             *task,
                  Exchange          *exchange,
                  GSocketConnection *connection,
                  Answer            *answer,
                  GCancellable      *cancellable)
{
  KioskCardApproval *approval;
  GError *error = NULL;
  gboolean offline_asked = FALSE;

  if (g_str_equal (answer->result, "OfflineApprovalRequest"))
    {
      offline_asked = TRUE;
      g_main_context_invoke (exchange->context, decide_offline_cb, exchange);
      g_mutex_lock (&exchange->mutex);
      while (!exchange->decided)
        g_cond_wait (&exchange->cond, &exchange->mutex);
      g_mutex_unlock (&exchange->mutex);

      if (!round_trip (connection, exchange, exchange->allow_offline ? "Allowed" : "Refused",
                       answer, cancellable, &error))
        {
          if (!exchange->allow_offline && !g_error_matches (error, G_IO_ERROR,
                                                            G_IO_ERROR_CANCELLED))
            {
              /* The caps said no: that is what the visitor must hear, whatever the terminal
               * did with the refusal. */
              g_clear_error (&error);
              error = g_error_copy (exchange->offline_error);
            }
          g_task_return_error (task, error);
          return;
        }
      if (!exchange->allow_offline)
        {
          g_task_return_error (task, g_error_copy (exchange->offline_error));
          return;
        }
    }

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  approval = outcome (answer, offline_asked, &error);
  if (approval == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, approval, g_free);
}

static void
reversal_answered (GTask             *task,
                   Exchange          *exchange,
                   GSocketConnection *connection,
                   Answer            *answer,
                   GCancellable      *cancellable)
{
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  if (!g_str_equal (answer->result, "Success"))
    {
      g_task_return_new_error (task, KIOSK_ERROR, KIOSK_ERROR_PAYMENT_TERMINAL,
                               "terminal did not reverse the payment (%s)", answer->result);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* Every request: connect, send the request, read and check the answer, then what its type
 * does with it. */
static void
exchange_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  Exchange *exchange = data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_auto(Answer) answer = { 0 };
  GError *error = NULL;

  if ((connection = connect_terminal (exchange, cancellable, &error)) == NULL ||
      !round_trip (connection, exchange, NULL, &answer, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  exchange->answered (task, exchange, connection, &answer, cancellable);
}

static Exchange *
exchange_new (KioskPaymentOpi *self,
              KioskBaisa       amount,
              const char      *request_type,
              AnsweredFunc     answered)
{
  Exchange *exchange = g_new0 (Exchange, 1);

  exchange->self = g_object_ref (self);
  exchange->context = g_main_context_ref_thread_default ();
  exchange->amount = amount;
  exchange->host = g_strdup (self->host);
  exchange->port = self->port;
  exchange->timeout = self->timeout;
  exchange->workstation = g_strdup (self->workstation);
  exchange->request_id = ++self->request_id;
  exchange->request_type = request_type;
  exchange->answered = answered;
  g_mutex_init (&exchange->mutex);
  g_cond_init (&exchange->cond);
  return exchange;
}

static void
run_exchange (KioskPaymentOpi    *self,
              Exchange           *exchange,
              gpointer            source_tag,
              GCancellable       *cancellable,
              GAsyncReadyCallback callback,
              gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, exchange, (GDestroyNotify) exchange_free);
  g_task_run_in_thread (task, exchange_thread);
}

static void
kiosk_payment_opi_pay_async (KioskPaymentTerminal *terminal,
                             KioskBaisa            amount,
                             const char           *reference,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  KioskPaymentOpi *self = KIOSK_PAYMENT_OPI (terminal);
  Exchange *exchange = exchange_new (self, amount, "CardPayment", payment_answered);

  g_debug ("OPI terminal %s:%u: %" G_GINT64_FORMAT " baisa (%s), request %u", self->host,
           self->port, amount, reference, exchange->request_id);
  run_exchange (self, exchange, kiosk_payment_opi_pay_async, cancellable, callback, user_data);
}

static void
kiosk_payment_opi_reverse_async (KioskPaymentTerminal    *terminal,
                                 const KioskCardApproval *approval,
                                 KioskBaisa               amount,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  KioskPaymentOpi *self = KIOSK_PAYMENT_OPI (terminal);
  Exchange *exchange = exchange_new (self, amount, "PaymentReversal", reversal_answered);

  exchange->original_code = g_strdup (approval->auth_code);
  run_exchange (self, exchange, kiosk_payment_opi_reverse_async, cancellable, callback,
                user_data);
}

static gboolean
kiosk_payment_opi_reverse_finish (KioskPaymentTerminal  *terminal,
                                  GAsyncResult          *result,
                                  GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, terminal), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static KioskCardApproval *
kiosk_payment_opi_pay_finish (KioskPaymentTerminal *terminal,
                              GAsyncResult         *result,
                              GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, terminal), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
kiosk_payment_opi_iface_init (KioskPaymentTerminalInterface *iface)
{
  iface->pay_async = kiosk_payment_opi_pay_async;
  iface->pay_finish = kiosk_payment_opi_pay_finish;
  iface->reverse_async = kiosk_payment_opi_reverse_async;
  iface->reverse_finish = kiosk_payment_opi_reverse_finish;
}

static void
kiosk_payment_opi_finalize (GObject *object)
{
  KioskPaymentOpi *self = KIOSK_PAYMENT_OPI (object);

  g_free (self->host);
  g_free (self->workstation);

  G_OBJECT_CLASS (kiosk_payment_opi_parent_class)->finalize (object);
}

static void
kiosk_payment_opi_class_init (KioskPaymentOpiClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_payment_opi_finalize;
}

static void
kiosk_payment_opi_init (KioskPaymentOpi *self)
{
  self->timeout = DEFAULT_TIMEOUT;
}

KioskPaymentOpi *
kiosk_payment_opi_new (KioskStore *store,
                       const char *host,
                       guint16     port,
                       const char *workstation)
{
  KioskPaymentOpi *self = g_object_new (KIOSK_TYPE_PAYMENT_OPI, NULL);

  self->store = store;
  self->host = g_strdup (host);
  self->port = port;
  self->workstation = g_strdup (workstation ? workstation : "KIOSK");
  return self;
}

void
kiosk_payment_opi_set_timeout (KioskPaymentOpi *self,
                               guint            seconds)
{
  g_return_if_fail (KIOSK_IS_PAYMENT_OPI (self));
  g_return_if_fail (seconds > 0);

  self->timeout = seconds;
}

gboolean
kiosk_payment_opi_parse_address (const char  *address,
                                 char       **out_host,
                                 guint16     *out_port)
{
  return kiosk_parse_host_port (address, out_host, out_port);
}
