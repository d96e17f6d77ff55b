/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "Municipal services guide" page: every municipal service, the many this kiosk cannot
 * perform too, from the local store. Browse by category or search with the on-screen
 * keyboard in Arabic or English (the core's Arabic-aware matching); an entry says what the
 * service is, who can apply, the documents, the fee and where to go, and offers to start
 * it here when this kiosk performs it (win.open-service). */
#pragma once

#include "kiosk-flow.h"

G_BEGIN_DECLS

/* What win.open-service opens it with; no catalogue entry, every kiosk has it. */
#define KIOSK_GUIDE_PAGE_CODE "guide"

#define KIOSK_TYPE_GUIDE_PAGE (kiosk_guide_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskGuidePage, kiosk_guide_page, KIOSK, GUIDE_PAGE, KioskFlow)

/* The entries the search field finds now: KioskChoiceItem, code = the entry's id, best
 * first; empty while nothing is typed. */
GListModel *kiosk_guide_page_get_results (KioskGuidePage *self);

/* Types `text` into the search field as the keyboard would (the field takes the focus, so
 * the window shows its keyboard) and back on the first step. */
void        kiosk_guide_page_search      (KioskGuidePage *self,
                                          const char     *text);

/* The id of the entry whose detail shows, or NULL. */
const char *kiosk_guide_page_get_shown   (KioskGuidePage *self);

G_END_DECLS
