/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How services add to the outbox, inside their own transaction. */
#pragma once

#include "kiosk-outbox.h"

G_BEGIN_DECLS

gboolean kiosk_outbox_enqueue (KioskStore         *store,
                               const char         *record_uuid,
                               const char         *kind,
                               KioskOutboxPriority priority,
                               const char         *payload_json,
                               const char * const *attachments,
                               GError            **error);

G_END_DECLS
