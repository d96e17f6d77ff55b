/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What each printed slip says, in the visitor's (or the attendant's) language: the receipt
 * of a service, the counter voucher, the lease-contract form, a report's tracking slip, the
 * end-of-day (Z) report and the printer's test page. The same facts as the receipt page; a
 * slip of a receipt printed before is marked "copy". Build on the main thread (strings are
 * looked up in the catalogue of `language`); render or print anywhere. */
#pragma once

#include <glib.h>

#include "kiosk-escpos.h"
#include "kiosk-money.h"
#include "kiosk-receipts.h"
#include "kiosk-slip.h"
#include "kiosk-store.h"
#include "kiosk-z-report.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_SLIP_KIND_RECEIPT,
  KIOSK_SLIP_KIND_VOUCHER,
  KIOSK_SLIP_KIND_LEASE_FORM,
  KIOSK_SLIP_KIND_TRACKING,
} KioskSlipKind;

/* For programs without the app's i18n set-up (kiosk-admin, tests): binds the text domain
 * to $KIOSK_LOCALEDIR, the installed catalogues or the build's, as the app does. */
void        kiosk_slips_bind_catalogues  (void);

/* The slip for what the visitor finished: the voucher for a payment awaiting the counter,
 * the form of a lease form to print now, the tracking slip of a report, else the receipt. */
KioskSlip  *kiosk_slips_for_receipt      (KioskStore          *store,
                                          const KioskReceipt  *receipt,
                                          const char          *language,
                                          KioskDigits          digits,
                                          GError             **error);

/* A slip by the reference on it (reprints, kiosk-admin): KIOSK_ERROR_NOT_FOUND when the
 * reference has no such slip (a voucher of a card payment, a tracking slip of a fine). */
KioskSlip  *kiosk_slips_for_reference    (KioskStore          *store,
                                          KioskSlipKind        kind,
                                          const char          *reference,
                                          const char          *language,
                                          KioskDigits          digits,
                                          GError             **error);

/* What a receipt's service is called, in the current gettext language ("Parking fines").
 * The receipt page's kiosk_receipt_service_name () says the same: one of them should go. */
const char *kiosk_slips_service_name     (const char          *service);

KioskSlip  *kiosk_slips_z_report         (const KioskZReport  *report,
                                          const char          *kiosk_code,
                                          const char          *language,
                                          KioskDigits          digits,
                                          GError             **error);

KioskSlip  *kiosk_slips_test_page        (const char          *printer_spec,
                                          KioskPrinterState    state,
                                          gint64               now,
                                          const char          *language,
                                          KioskDigits          digits);

G_END_DECLS
