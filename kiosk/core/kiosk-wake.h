/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Waking the sync agent's daemon at once (a HIGH priority report was filed): one datagram to
 * a Unix socket beside the database, "<db>.sync-wake". */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* "<db_path>.sync-wake", or NULL when that path is too long for a Unix socket address. */
char     *kiosk_wake_socket_path (const char *db_path);

/* Never blocks and never fails the caller: returns whether a daemon was there to hear it. */
gboolean  kiosk_wake_sync        (const char *db_path);

/* The daemon's side: a non-blocking datagram socket bound at the wake path (a stale file left
 * by a killed daemon is replaced; the caller holds the agent's lock, so none is alive). */
GSocket  *kiosk_wake_listen      (const char *db_path,
                                  GError    **error);

/* Reads every waiting wake-up; returns how many there were. */
guint     kiosk_wake_drain       (GSocket    *socket);

G_END_DECLS
