/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scan page (home tile "scan"): the camera preview with a guide frame and a hint; the code
 * read is verified offline and routes to its flow — a fine notice opens fine payment with its
 * fines ticked, a report receipt or tracking slip opens the report's status, another receipt
 * shows what it records, a licence or permit notice shows its details, a counter voucher is
 * for the attendant. A forged, altered or unknown code gets the sentence for its error and
 * changes nothing. */
#pragma once

#include "kiosk-flow.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_SCAN_PAGE (kiosk_scan_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskScanPage, kiosk_scan_page, KIOSK, SCAN_PAGE, KioskFlow)

GtkWidget *kiosk_scan_page_new          (KioskStore    *store);

/* What the scanner hands over, also callable directly (tests, a hand-held reader). */
void       kiosk_scan_page_handle_code  (KioskScanPage *self,
                                         const char    *payload);

G_END_DECLS
