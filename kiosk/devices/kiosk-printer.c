/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The receipt printer: spec parsing, a bounded job queue run one job at a time in a worker
 * thread, DLE EOT status before each job and on a timer, and the three ways to reach the
 * printer (file, USB character device, raw TCP). */
#define G_LOG_DOMAIN "kiosk-printer"

#include "config.h"

#include "kiosk-printer.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "kiosk-error.h"
#include "kiosk-validate.h"

#define CONNECT_TIMEOUT_S 3
#define WRITE_TIMEOUT_S 20
#define DEFAULT_STATUS_TIMEOUT_MS 2000

typedef enum
{
  DRIVER_NONE,
  DRIVER_FILE,
  DRIVER_USB,
  DRIVER_TCP,
} Driver;

struct _KioskPrinter
{
  GObject            parent_instance;

  char              *spec;
  Driver             driver;
  char              *path;      /* file or device */
  char              *host;
  guint16            port;
  guint              status_timeout_ms;

  KioskPrinterState  state;
  GQueue             jobs;      /* GTask *, the head running when `running` */
  gboolean           running;
  guint              poll_id;
  guint64            bytes_sent;  /* main thread */
};

enum
{
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_FAULT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KioskPrinter, kiosk_printer, G_TYPE_OBJECT)

/* What the worker needs, copied so it never touches the object. */
typedef struct
{
  Driver             driver;
  char              *path;
  char              *host;
  guint16            port;
  guint              status_timeout_ms;
  KioskSlip         *slip;      /* NULL: a status question only */

  /* Results, read on the main context once the worker returned. */
  KioskPrinterState  state;
  guint64            bytes_sent;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->host);
  g_clear_pointer (&job->slip, kiosk_slip_unref);
  g_free (job);
}

/* The connection ------------------------------------------------------------------------ */

typedef struct
{
  int                fd;        /* file or USB device */
  GSocketConnection *tcp;
} Connection;

static void
connection_close (Connection *connection)
{
  if (connection->fd >= 0)
    close (connection->fd);
  connection->fd = -1;
  if (connection->tcp != NULL)
    g_io_stream_close (G_IO_STREAM (connection->tcp), NULL, NULL);
  g_clear_object (&connection->tcp);
}

static gboolean
connection_open (Job           *job,
                 Connection    *connection,
                 GCancellable  *cancellable,
                 GError       **error)
{
  connection->fd = -1;
  connection->tcp = NULL;
  if (job->driver == DRIVER_FILE || job->driver == DRIVER_USB)
    {
      int flags = job->driver == DRIVER_FILE ? O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC
                                             : O_RDWR | O_CLOEXEC | O_NOCTTY;

      connection->fd = open (job->path, flags, 0644);
      if (connection->fd < 0)
        {
          int saved = errno;

          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PRINTER, "printer %s: %s", job->path,
                       g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }
  else
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      GError *io = NULL;

      g_socket_client_set_timeout (client, CONNECT_TIMEOUT_S);
      connection->tcp = g_socket_client_connect_to_host (client, job->host, job->port,
                                                         cancellable, &io);
      if (connection->tcp == NULL)
        {
          if (g_error_matches (io, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, io);
          else
            {
              g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PRINTER, "printer %s:%u: %s",
                           job->host, job->port, io->message);
              g_error_free (io);
            }
          return FALSE;
        }
      g_socket_set_timeout (g_socket_connection_get_socket (connection->tcp), WRITE_TIMEOUT_S);
      return TRUE;
    }
}

static gboolean
connection_write (Connection    *connection,
                  const guint8  *data,
                  gsize          length,
                  guint64       *written,
                  GError       **error)
{
  if (connection->tcp != NULL)
    {
      GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection->tcp));
      gsize done = 0;
      gboolean ok;

      /* No cancellable: once a job has begun, a half-printed slip helps nobody. */
      ok = g_output_stream_write_all (out, data, length, &done, NULL, error) &&
           g_output_stream_flush (out, NULL, error);
      *written += done;
      return ok;
    }
  while (length > 0)
    {
      ssize_t n = write (connection->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s",
                       g_strerror (saved));
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
      *written += (guint64) n;
    }
  return TRUE;
}

/* Up to `length` bytes within `timeout_ms` in all; returns how many came. */
static gsize
connection_read (Connection   *connection,
                 guint8       *buffer,
                 gsize         length,
                 guint         timeout_ms,
                 GCancellable *cancellable)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gsize got = 0;

  while (got < length)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      gssize n;

      if (left <= 0 || g_cancellable_is_cancelled (cancellable))
        break;
      if (connection->tcp != NULL)
        {
          GSocket *socket = g_socket_connection_get_socket (connection->tcp);

          if (!g_socket_condition_timed_wait (socket, G_IO_IN, left, cancellable, NULL))
            break;
          n = g_socket_receive (socket, (char *) buffer + got, length - got, cancellable, NULL);
        }
      else
        {
          struct pollfd pfd = { connection->fd, POLLIN, 0 };
          int ready = poll (&pfd, 1, (int) MAX (1, left / 1000));

          if (ready < 0 && errno == EINTR)
            continue;
          if (ready <= 0)
            break;
          n = read (connection->fd, buffer + got, length - got);
        }
      if (n <= 0)
        break;
      got += (gsize) n;
    }
  return got;
}

static KioskPrinterState
ask_status (Job          *job,
            Connection   *connection,
            GCancellable *cancellable)
{
  guint8 answer[KIOSK_ESCPOS_STATUS_ANSWER_LENGTH];
  guint64 unused = 0;
  gsize got;

  /* A file has no other end to ask: it is always ready. */
  if (job->driver == DRIVER_FILE)
    return KIOSK_PRINTER_STATE_READY;
  if (!connection_write (connection, (const guint8 *) KIOSK_ESCPOS_STATUS_REQUEST,
                         KIOSK_ESCPOS_STATUS_REQUEST_LENGTH, &unused, NULL))
    return KIOSK_PRINTER_STATE_OFFLINE;
  got = connection_read (connection, answer, sizeof answer, job->status_timeout_ms,
                         cancellable);
  g_debug ("status answer: %zu bytes %02x %02x %02x %02x", got, answer[0], answer[1], answer[2],
           answer[3]);
  return kiosk_escpos_parse_status (answer, got);
}

static const char *
state_sentence (KioskPrinterState state)
{
  switch (state)
    {
    case KIOSK_PRINTER_STATE_PAPER_OUT: return "the printer is out of paper";
    case KIOSK_PRINTER_STATE_COVER_OPEN: return "the printer's cover is open";
    case KIOSK_PRINTER_STATE_ERROR: return "the printer reports an error";
    case KIOSK_PRINTER_STATE_OFFLINE: return "the printer does not answer";
    default: return "the printer cannot print";
    }
}

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr(GBytes) bytes = NULL;
  Connection connection = { -1, NULL };
  GError *error = NULL;
  const guint8 *raw;
  gsize length;

  /* Rendered before the printer is touched: a layout failure sends nothing. */
  if (job->slip != NULL)
    {
      bytes = kiosk_slip_render_escpos (job->slip, &error);
      if (bytes == NULL)
        {
          job->state = KIOSK_PRINTER_STATE_UNKNOWN;
          g_task_return_error (task, error);
          return;
        }
    }

  if (!connection_open (job, &connection, cancellable, &error))
    {
      job->state = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                   ? KIOSK_PRINTER_STATE_UNKNOWN : KIOSK_PRINTER_STATE_OFFLINE;
      g_task_return_error (task, error);
      return;
    }
  job->state = ask_status (job, &connection, cancellable);
  if (job->slip == NULL)
    {
      connection_close (&connection);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      connection_close (&connection);
      g_task_return_error (task, error);
      return;
    }
  if (!kiosk_printer_state_can_print (job->state))
    {
      connection_close (&connection);
      g_task_return_new_error (task, KIOSK_ERROR, KIOSK_ERROR_PRINTER_NOT_READY,
                               "%s: nothing was sent", state_sentence (job->state));
      return;
    }

  /* From the first byte on, this job is never sent again. */
  raw = g_bytes_get_data (bytes, &length);
  if (!connection_write (&connection, raw, length, &job->bytes_sent, &error))
    {
      job->state = KIOSK_PRINTER_STATE_OFFLINE;
      connection_close (&connection);
      g_task_return_new_error (task, KIOSK_ERROR, KIOSK_ERROR_PRINTER,
                               "the printer stopped taking the job after %" G_GUINT64_FORMAT
                               " of %zu bytes: %s", job->bytes_sent, length, error->message);
      g_error_free (error);
      return;
    }
  if (job->driver == DRIVER_FILE && fsync (connection.fd) != 0)
    g_debug ("fsync of %s failed: %s", job->path, g_strerror (errno));
  connection_close (&connection);
  g_task_return_boolean (task, TRUE);
}

/* The queue ---------------------------------------------------------------------------- */

static void start_next (KioskPrinter *self);

static void
set_state (KioskPrinter      *self,
           KioskPrinterState  state)
{
  KioskPrinterState before = self->state;

  if (state == KIOSK_PRINTER_STATE_UNKNOWN || state == before)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (!kiosk_printer_state_can_print (state))
    g_signal_emit (self, signals[SIGNAL_FAULT], 0, state, state_sentence (state));
  else if (before != KIOSK_PRINTER_STATE_UNKNOWN && !kiosk_printer_state_can_print (before))
    g_message ("printer %s is back: %s", self->spec, kiosk_printer_state_to_string (state));
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KioskPrinter *self = KIOSK_PRINTER (object);
  g_autoptr(GTask) outer = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  self->bytes_sent += job->bytes_sent;
  set_state (self, job->state);
  g_warn_if_fail (g_queue_peek_head (&self->jobs) == outer);
  g_queue_pop_head (&self->jobs);
  self->running = FALSE;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          job->slip != NULL && kiosk_printer_state_can_print (self->state))
        g_signal_emit (self, signals[SIGNAL_FAULT], 0, self->state, error->message);
      g_task_return_error (outer, error);
    }
  else if (job->slip == NULL)
    g_task_return_int (outer, self->state);
  else
    g_task_return_boolean (outer, TRUE);

  start_next (self);
  g_object_unref (self);   /* the reference the running job held */
}

static void
start_next (KioskPrinter *self)
{
  GTask *outer;
  GTask *inner;

  while (!self->running && (outer = g_queue_peek_head (&self->jobs)) != NULL)
    {
      GCancellable *cancellable = g_task_get_cancellable (outer);
      GError *error = NULL;

      /* Cancelled while waiting its turn: never started. */
      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        {
          g_queue_pop_head (&self->jobs);
          g_task_return_error (outer, error);
          g_object_unref (outer);
          continue;
        }
      self->running = TRUE;
      inner = g_task_new (g_object_ref (self), cancellable, job_done_cb, outer);
      g_task_set_source_tag (inner, start_next);
      /* The job data moves from the queued task to the worker's. */
      g_task_set_task_data (inner, g_steal_pointer (&((Job **) g_task_get_task_data (outer))[0]),
                            (GDestroyNotify) job_free);
      g_task_run_in_thread (inner, job_thread);
      g_object_unref (inner);
    }
}

static Job *
job_new (KioskPrinter *self,
         KioskSlip    *slip)
{
  Job *job = g_new0 (Job, 1);

  job->driver = self->driver;
  job->path = g_strdup (self->path);
  job->host = g_strdup (self->host);
  job->port = self->port;
  job->status_timeout_ms = self->status_timeout_ms;
  job->slip = slip != NULL ? kiosk_slip_ref (slip) : NULL;
  return job;
}

static void
holder_free (Job **holder)
{
  g_clear_pointer (&holder[0], job_free);
  g_free (holder);
}

static void
enqueue (KioskPrinter        *self,
         KioskSlip           *slip,
         gpointer             source_tag,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Job **holder;

  g_task_set_source_tag (task, source_tag);
  if (self->driver == DRIVER_NONE)
    {
      g_task_return_new_error (task, KIOSK_ERROR, KIOSK_ERROR_NO_PRINTER,
                               "this kiosk has no printer");
      return;
    }
  if (g_queue_get_length (&self->jobs) >= KIOSK_PRINTER_MAX_JOBS)
    {
      g_task_return_new_error (task, KIOSK_ERROR, KIOSK_ERROR_PRINTER_BUSY,
                               "%u print jobs are already waiting", KIOSK_PRINTER_MAX_JOBS);
      return;
    }
  holder = g_new0 (Job *, 1);
  holder[0] = job_new (self, slip);
  g_task_set_task_data (task, holder, (GDestroyNotify) holder_free);
  g_queue_push_tail (&self->jobs, g_steal_pointer (&task));
  start_next (self);
}

void
kiosk_printer_print_async (KioskPrinter        *self,
                           KioskSlip           *slip,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (KIOSK_IS_PRINTER (self));
  g_return_if_fail (slip != NULL);

  enqueue (self, slip, kiosk_printer_print_async, cancellable, callback, user_data);
}

gboolean
kiosk_printer_print_finish (KioskPrinter  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
kiosk_printer_query_status_async (KioskPrinter        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (KIOSK_IS_PRINTER (self));

  enqueue (self, NULL, kiosk_printer_query_status_async, cancellable, callback, user_data);
}

KioskPrinterState
kiosk_printer_query_status_finish (KioskPrinter  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  GError *local = NULL;
  gssize state;

  g_return_val_if_fail (g_task_is_valid (result, self), KIOSK_PRINTER_STATE_UNKNOWN);

  state = g_task_propagate_int (G_TASK (result), &local);
  if (local != NULL)
    {
      /* An unreachable printer is an answer, not a failure of the question. */
      if (g_error_matches (local, KIOSK_ERROR, KIOSK_ERROR_PRINTER))
        {
          g_error_free (local);
          return KIOSK_PRINTER_STATE_OFFLINE;
        }
      g_propagate_error (error, local);
      return self->state;
    }
  return (KioskPrinterState) state;
}

static void
poll_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  kiosk_printer_query_status_finish (KIOSK_PRINTER (object), result, NULL);
}

static gboolean
poll_cb (gpointer user_data)
{
  KioskPrinter *self = user_data;

  /* Between jobs only: a job asks for itself. */
  if (g_queue_is_empty (&self->jobs))
    kiosk_printer_query_status_async (self, NULL, poll_done_cb, NULL);
  return G_SOURCE_CONTINUE;
}

void
kiosk_printer_set_poll_interval (KioskPrinter *self,
                                 guint         seconds)
{
  g_return_if_fail (KIOSK_IS_PRINTER (self));

  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (seconds > 0 && self->driver != DRIVER_NONE)
    {
      self->poll_id = g_timeout_add_seconds (seconds, poll_cb, self);
      poll_cb (self);
    }
}

void
kiosk_printer_set_status_timeout (KioskPrinter *self,
                                  guint         milliseconds)
{
  g_return_if_fail (KIOSK_IS_PRINTER (self));

  self->status_timeout_ms = MAX (milliseconds, 1);
}

KioskPrinterState
kiosk_printer_get_state (KioskPrinter *self)
{
  g_return_val_if_fail (KIOSK_IS_PRINTER (self), KIOSK_PRINTER_STATE_UNKNOWN);

  return self->state;
}

const char *
kiosk_printer_get_spec (KioskPrinter *self)
{
  g_return_val_if_fail (KIOSK_IS_PRINTER (self), NULL);

  return self->spec;
}

guint64
kiosk_printer_get_bytes_sent (KioskPrinter *self)
{
  g_return_val_if_fail (KIOSK_IS_PRINTER (self), 0);

  return self->bytes_sent;
}

/* The object ----------------------------------------------------------------------------- */

static void
kiosk_printer_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KioskPrinter *self = KIOSK_PRINTER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_printer_dispose (GObject *object)
{
  KioskPrinter *self = KIOSK_PRINTER (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);

  G_OBJECT_CLASS (kiosk_printer_parent_class)->dispose (object);
}

static void
kiosk_printer_finalize (GObject *object)
{
  KioskPrinter *self = KIOSK_PRINTER (object);

  /* A running job holds a reference: only jobs that never started can be left. */
  g_queue_clear_full (&self->jobs, g_object_unref);
  g_free (self->spec);
  g_free (self->path);
  g_free (self->host);

  G_OBJECT_CLASS (kiosk_printer_parent_class)->finalize (object);
}

static void
kiosk_printer_class_init (KioskPrinterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kiosk_printer_get_property;
  object_class->dispose = kiosk_printer_dispose;
  object_class->finalize = kiosk_printer_finalize;

  /* A KioskPrinterState. */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, KIOSK_PRINTER_STATE_UNKNOWN,
                      KIOSK_PRINTER_STATE_NONE, KIOSK_PRINTER_STATE_UNKNOWN,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* fault (KioskPrinterState state, const char *message): the printer cannot print (paper
   * out, cover open, error, offline), or a job failed; for the attendant's desk and logs. */
  signals[SIGNAL_FAULT] = g_signal_new ("fault", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT,
                                        G_TYPE_STRING);
}

static void
kiosk_printer_init (KioskPrinter *self)
{
  g_queue_init (&self->jobs);
  self->status_timeout_ms = DEFAULT_STATUS_TIMEOUT_MS;
}

KioskPrinter *
kiosk_printer_new_for_spec (const char  *spec,
                            GError     **error)
{
  g_autoptr(KioskPrinter) self = NULL;

  g_return_val_if_fail (spec != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_PRINTER, NULL);
  self->spec = g_strdup (spec);
  if (g_str_equal (spec, "none"))
    {
      self->driver = DRIVER_NONE;
      self->state = KIOSK_PRINTER_STATE_NONE;
    }
  else if (g_str_has_prefix (spec, "file:") && spec[strlen ("file:")] != '\0')
    {
      self->driver = DRIVER_FILE;
      self->path = g_strdup (spec + strlen ("file:"));
    }
  else if (g_str_has_prefix (spec, "escpos-usb:") &&
           g_path_is_absolute (spec + strlen ("escpos-usb:")))
    {
      self->driver = DRIVER_USB;
      self->path = g_strdup (spec + strlen ("escpos-usb:"));
    }
  else if (g_str_has_prefix (spec, "escpos-tcp:") &&
           kiosk_parse_host_port (spec + strlen ("escpos-tcp:"), &self->host, &self->port))
    self->driver = DRIVER_TCP;
  else
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                   "\"%s\" is not a printer: none, file:PATH, escpos-usb:DEVICE or "
                   "escpos-tcp:HOST:PORT", spec);
      return NULL;
    }
  return g_steal_pointer (&self);
}
