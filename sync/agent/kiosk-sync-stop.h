/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Stopping the agent cleanly: SIGTERM and SIGINT set a flag that transfers and loops check,
 * and wake any wait through a self-pipe, so a stop never waits out a backoff or a timeout. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Installs the handlers (once per process). */
gboolean kiosk_sync_stop_install   (GError **error);
gboolean kiosk_sync_stop_requested (void);
/* What tests and internal callers use to ask for a stop without a signal. */
void     kiosk_sync_stop_request   (void);

typedef enum
{
  KIOSK_SYNC_WAIT_TIMEOUT,
  KIOSK_SYNC_WAIT_STOP,
  KIOSK_SYNC_WAIT_WAKE,   /* `wake_fd` became readable */
} KioskSyncWait;

/* Sleeps up to `ms` milliseconds; returns early on a stop or when `wake_fd` (-1: none) is
 * readable. */
KioskSyncWait kiosk_sync_stop_wait (gint64 ms,
                                    int    wake_fd);

G_END_DECLS
