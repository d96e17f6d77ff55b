/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signal handling for the sync agent: a flag plus a self-pipe, async-signal-safe. */
#define G_LOG_DOMAIN "kiosk-sync"

#include "config.h"

#include "kiosk-sync-stop.h"

#include <errno.h>
#include <glib-unix.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include "kiosk-error.h"

static volatile sig_atomic_t stop_flag = 0;
static int stop_pipe[2] = { -1, -1 };

static void
handle_stop_signal (int signo)
{
  int saved = errno;

  stop_flag = 1;
  if (stop_pipe[1] >= 0)
    {
      /* A full pipe already says "stop"; nothing to do about a short write. */
      ssize_t written = write (stop_pipe[1], "x", 1);
      (void) written;
    }
  errno = saved;
}

gboolean
kiosk_sync_stop_install (GError **error)
{
  struct sigaction action = { 0 };

  if (stop_pipe[0] >= 0)
    return TRUE;

  if (!g_unix_open_pipe (stop_pipe, FD_CLOEXEC, error))
    return FALSE;
  if (!g_unix_set_fd_nonblocking (stop_pipe[0], TRUE, error) ||
      !g_unix_set_fd_nonblocking (stop_pipe[1], TRUE, error))
    return FALSE;

  action.sa_handler = handle_stop_signal;
  sigemptyset (&action.sa_mask);
  /* No SA_RESTART: a blocking call returns EINTR and the loop looks at the flag. */
  action.sa_flags = 0;
  if (sigaction (SIGTERM, &action, NULL) != 0 || sigaction (SIGINT, &action, NULL) != 0)
    {
      int saved = errno;
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "cannot handle signals: %s",
                   g_strerror (saved));
      return FALSE;
    }
  /* A peer closing a connection must be an error return, not the end of the process. */
  signal (SIGPIPE, SIG_IGN);
  return TRUE;
}

gboolean
kiosk_sync_stop_requested (void)
{
  return stop_flag != 0;
}

void
kiosk_sync_stop_request (void)
{
  handle_stop_signal (SIGTERM);
}

KioskSyncWait
kiosk_sync_stop_wait (gint64 ms,
                      int    wake_fd)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;

  for (;;)
    {
      struct pollfd fds[2] = {
        { stop_pipe[0], POLLIN, 0 },
        { wake_fd, POLLIN, 0 },
      };
      gint64 left_ms;
      int rc;

      if (stop_flag)
        return KIOSK_SYNC_WAIT_STOP;
      left_ms = (deadline - g_get_monotonic_time () + 999) / 1000;
      if (left_ms <= 0)
        return KIOSK_SYNC_WAIT_TIMEOUT;

      rc = poll (fds, wake_fd >= 0 ? 2 : 1, (int) MIN (left_ms, G_MAXINT));
      if (rc < 0 && errno != EINTR)
        {
          /* Nothing sensible to poll on: sleep in slices so a stop is still seen. */
          g_usleep (MIN (left_ms, 100) * 1000);
          continue;
        }
      if (stop_flag)
        return KIOSK_SYNC_WAIT_STOP;
      if (rc > 0 && wake_fd >= 0 && (fds[1].revents & POLLIN))
        return KIOSK_SYNC_WAIT_WAKE;
    }
}
