/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The municipality's staff console under /console/: sign-in, the report list, a report's page
 * with its photos, additions and history, and status changes that reach the kiosk through
 * the changes feed. Server-rendered HTML, Arabic first, no script. */
#pragma once

#include "kiosk-central-web.h"

G_BEGIN_DECLS

#define KIOSK_CENTRAL_CONSOLE_PREFIX "/console"
/* A services guide entry's form: eight texts of up to 4000 characters, Arabic (two bytes a
 * letter) percent-encoded (three characters a byte). */
#define KIOSK_CENTRAL_CONSOLE_MAX_BODY (256 * 1024)

/* Answers any request under KIOSK_CENTRAL_CONSOLE_PREFIX. Without a valid session only the
 * sign-in page, the language switch and the stylesheet answer; any other page redirects to
 * sign-in, a photo is 401 and a form 403. */
KioskCentralWebResponse *kiosk_central_console_handle (const KioskCentralWebRequest *request);

G_END_DECLS
