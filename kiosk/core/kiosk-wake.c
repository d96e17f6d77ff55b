/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk wakes the sync daemon with one datagram; the daemon listens beside the database.
 * A datagram socket needs no connection state, so a kiosk never waits on a busy daemon. */
#define G_LOG_DOMAIN "kiosk-wake"

#include "config.h"

#include "kiosk-wake.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "kiosk-error.h"

/* The message carries nothing: being woken is the whole news. */
#define WAKE_MESSAGE "wake"

char *
kiosk_wake_socket_path (const char *db_path)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  path = g_strconcat (db_path, ".sync-wake", NULL);
  if (strlen (path) >= sizeof (((struct sockaddr_un *) NULL)->sun_path))
    return NULL;
  return g_steal_pointer (&path);
}

gboolean
kiosk_wake_sync (const char *db_path)
{
  g_autofree char *path = kiosk_wake_socket_path (db_path);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    {
      g_debug ("%s: path too long for a wake socket; the daemon runs on its interval", db_path);
      return FALSE;
    }

  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_DEFAULT, &error);
  if (socket == NULL)
    {
      g_debug ("wake socket: %s", error->message);
      return FALSE;
    }
  g_socket_set_blocking (socket, FALSE);

  address = g_unix_socket_address_new (path);
  /* No daemon (no file, or nobody bound) or a full queue: the timer runs the agent anyway. */
  if (g_socket_send_to (socket, address, WAKE_MESSAGE, strlen (WAKE_MESSAGE), NULL,
                        &error) < 0)
    {
      g_debug ("%s: nobody woken: %s", path, error->message);
      return FALSE;
    }
  return TRUE;
}

GSocket *
kiosk_wake_listen (const char *db_path,
                   GError    **error)
{
  g_autofree char *path = kiosk_wake_socket_path (db_path);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;

  if (path == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED,
                   "%s.sync-wake: too long for a Unix socket path", db_path);
      return NULL;
    }

  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_DEFAULT, error);
  if (socket == NULL)
    return NULL;

  /* Only a socket file can be in the way here, left by a daemon that was killed. */
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      GStatBuf st;

      if (g_lstat (path, &st) == 0 && !S_ISSOCK (st.st_mode))
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED,
                       "%s exists and is not a socket: not removing it", path);
          return NULL;
        }
      g_unlink (path);
    }

  address = g_unix_socket_address_new (path);
  if (!g_socket_bind (socket, address, FALSE, error))
    return NULL;
  /* The kiosk runs as the same user or in the same group as the agent. */
  g_chmod (path, 0660);
  g_socket_set_blocking (socket, FALSE);
  return g_steal_pointer (&socket);
}

guint
kiosk_wake_drain (GSocket *socket)
{
  char buffer[64];
  guint n = 0;

  g_return_val_if_fail (G_IS_SOCKET (socket), 0);

  while (g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL) >= 0)
    n++;
  return n;
}
