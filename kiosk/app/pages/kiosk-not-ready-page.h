/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The page a kiosk shows when it cannot serve anyone (no database, no identity, no services):
 * "out of service, please ask the attendant" in Arabic and English at once, with a fault code;
 * the details are logged, never shown. */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_NOT_READY_PAGE (kiosk_not_ready_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskNotReadyPage, kiosk_not_ready_page, KIOSK, NOT_READY_PAGE, KioskPage)

GtkWidget  *kiosk_not_ready_page_new         (void);

/* Shows the fault code of `error` (NULL hides it); error->message is never shown. */
void        kiosk_not_ready_page_set_error   (KioskNotReadyPage *self,
                                              const GError      *error);

/* The short, stable code the page shows for `error` ("DB-OPEN", "SETUP", …; "OTHER" for
 * anything unlisted), for the log line that carries the details; NULL for NULL. */
const char *kiosk_not_ready_page_fault_code  (const GError      *error);

/* Everything the page says, for logs and tests. */
char       *kiosk_not_ready_page_dup_text    (KioskNotReadyPage *self);

G_END_DECLS
