/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The page a kiosk shows when it cannot serve anyone yet (no database, no identity, no
 * services): in Arabic and English at once, telling the attendant what to run. */
#pragma once

#include "kiosk-page.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_NOT_READY_PAGE (kiosk_not_ready_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskNotReadyPage, kiosk_not_ready_page, KIOSK, NOT_READY_PAGE, KioskPage)

GtkWidget  *kiosk_not_ready_page_new         (void);

/* The technical reason, shown small for the attendant; NULL hides it. */
void        kiosk_not_ready_page_set_error   (KioskNotReadyPage *self,
                                              const GError      *error);

/* Everything the page says, for logs and tests. */
char       *kiosk_not_ready_page_dup_text    (KioskNotReadyPage *self);

G_END_DECLS
