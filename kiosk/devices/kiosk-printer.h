/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskPrinter: the kiosk's receipt printer, whichever it is, chosen by `[devices] printer`:
 *
 *   none                  no printer: every job fails with KIOSK_ERROR_NO_PRINTER;
 *   file:PATH             appends the exact ESC/POS bytes a printer would get (demos, tests);
 *   escpos-usb:DEVICE     an 80 mm ESC/POS printer on USB (/dev/usb/lp0);
 *   escpos-tcp:HOST:PORT  one on the network, on its raw port (usually 9100).
 *
 * Jobs run one at a time in a worker thread, in the order they were asked, with at most
 * KIOSK_PRINTER_MAX_JOBS waiting or running (more: KIOSK_ERROR_PRINTER_BUSY at once). A job
 * asks the printer's status first (DLE EOT) and sends nothing to a printer that cannot print
 * (KIOSK_ERROR_PRINTER_NOT_READY, the state says why); once the first byte of a job is
 * written it is never sent again, whatever happens: a failure after that is
 * KIOSK_ERROR_PRINTER and the attendant reprints. Cancelling stops a job that has not
 * started writing (G_IO_ERROR_CANCELLED).
 *
 * The application creates the printer once from the configuration and hands it to pages:
 *
 *   printer = kiosk_printer_new_for_spec (config->printer, &error);
 *   kiosk_printer_set_poll_interval (printer, 10);      // the desk sees faults in time
 *   g_signal_connect_object (printer, "notify::state", …);
 *   g_signal_connect_object (printer, "fault", …);       // (state, message)
 *   slip = kiosk_slips_receipt (store, receipt, "ar", KIOSK_DIGITS_ARABIC_INDIC, &error);
 *   kiosk_printer_print_async (printer, slip, cancellable, printed_cb, self);
 *   …
 *   if (kiosk_printer_print_finish (printer, result, &error))
 *     kiosk_receipts_mark_printed (store, receipt->uuid, NULL);
 *
 * The object, its signals and callbacks belong to the main context it was created in. */
#pragma once

#include <gio/gio.h>

#include "kiosk-escpos.h"
#include "kiosk-slip.h"

G_BEGIN_DECLS

/* Jobs (and status questions) waiting or running at once. */
#define KIOSK_PRINTER_MAX_JOBS 4

#define KIOSK_TYPE_PRINTER (kiosk_printer_get_type ())

G_DECLARE_FINAL_TYPE (KioskPrinter, kiosk_printer, KIOSK, PRINTER, GObject)

/* A printer for the spec (see above); a spec the configuration would refuse is
 * KIOSK_ERROR_CONFIG. Nothing is opened until the first job or status question. */
KioskPrinter     *kiosk_printer_new_for_spec      (const char           *spec,
                                                   GError              **error);
const char       *kiosk_printer_get_spec          (KioskPrinter         *self);

/* What the printer last said (UNKNOWN until asked; NONE for "none"). */
KioskPrinterState kiosk_printer_get_state         (KioskPrinter         *self);

/* Renders `slip` (in the worker) and prints it. */
void              kiosk_printer_print_async       (KioskPrinter         *self,
                                                   KioskSlip            *slip,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean          kiosk_printer_print_finish      (KioskPrinter         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Asks the printer now, between jobs; the answer is also the `state` property. */
void              kiosk_printer_query_status_async  (KioskPrinter       *self,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
KioskPrinterState kiosk_printer_query_status_finish (KioskPrinter       *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);

/* Asks the printer every `seconds` while it has no job (0, the default, never). */
void              kiosk_printer_set_poll_interval (KioskPrinter         *self,
                                                   guint                 seconds);

/* For tests: how long a status answer may take (default 2000 ms). */
void              kiosk_printer_set_status_timeout (KioskPrinter        *self,
                                                    guint                milliseconds);

/* Bytes written to the printer (or file) by every job since it was created. */
guint64           kiosk_printer_get_bytes_sent    (KioskPrinter         *self);

G_END_DECLS
