/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a kiosk's sync agent says of itself on its changes requests (the Kiosk-Agent-Version,
 * Kiosk-Queue-Depth and Kiosk-Parked headers of the contract): checked, then kept, one row per
 * kiosk, for the console's fleet page. Agents that send none of them are served as before. */
#pragma once

#include <glib.h>

#include "kiosk-central-db.h"

G_BEGIN_DECLS

#define KIOSK_CENTRAL_AGENT_VERSION_HEADER "Kiosk-Agent-Version"
#define KIOSK_CENTRAL_QUEUE_DEPTH_HEADER   "Kiosk-Queue-Depth"
#define KIOSK_CENTRAL_PARKED_HEADER        "Kiosk-Parked"

typedef struct
{
  char   *agent_version;
  gint64  queue_depth;
  gint64  parked;
} KioskCentralKioskStatus;

/* The three header values as sent (NULL when absent). TRUE with `*out_status` NULL when none
 * was sent; TRUE with the status when all three are well formed; FALSE with a
 * KIOSK_ERROR_INVALID_VALUE sentence for the client otherwise (only some of them, a version
 * that is not 1-32 of A-Z a-z 0-9 . + ~ -, a count that is not a decimal 0-1000000000). */
gboolean  kiosk_central_kiosk_status_parse  (const char               *agent_version,
                                             const char               *queue_depth,
                                             const char               *parked,
                                             KioskCentralKioskStatus **out_status,
                                             GError                  **error);
/* Replaces what `kiosk_code` last reported, stamped now. */
gboolean  kiosk_central_kiosk_status_store  (KioskCentralDb                *db,
                                             const char                    *kiosk_code,
                                             const KioskCentralKioskStatus *status,
                                             GError                       **error);
void      kiosk_central_kiosk_status_free   (KioskCentralKioskStatus       *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCentralKioskStatus, kiosk_central_kiosk_status_free)

G_END_DECLS
