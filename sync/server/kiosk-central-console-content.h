/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The console's content pages, for supervisors only: announcements (/console/announcements)
 * and the services guide (/console/guide). Each has a list, a form to create or edit an entry
 * (an announcement's publish and expiry dates schedule it) and a button that withdraws it;
 * what is saved reaches kiosks through the changes feed, like `kiosk-central load`. */
#pragma once

#include "kiosk-central-console-private.h"

G_BEGIN_DECLS

/* The answer when the context's path is one of these pages (the session and the form's CSRF
 * token already checked), or NULL for another path. Officers are refused with 403. */
KioskCentralWebResponse *kiosk_central_console_content_route (ConsoleContext *context,
                                                              gboolean        post);

G_END_DECLS
