/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The paper part of `kiosk --screenshots DIR`, in DIR/paper/: every printed slip as the PNG
 * of the raster exactly as sent (receipt, counter voucher, lease form, tracking slip, Z
 * report) and the lease form's PDF, in Arabic and English. Kept apart from
 * kiosk-screenshots.c, which calls it once before its own tour. (The screens of paper, the
 * receipt that could not be printed and the desk's pages, are pictured by the UI tests with
 * $KIOSK_TEST_SCREENSHOT_DIR: tests/ui/test-receipt-print.c, test-attendant.c.) */
#pragma once

#include "kiosk-window.h"

G_BEGIN_DECLS

/* The files it writes under DIR/paper/, NULL-terminated. */
const char * const *kiosk_screenshots_paper_get_files (void);

/* Writes them, then calls `then (data)`, whatever happened (a file that failed is logged
 * and left out). */
void kiosk_screenshots_paper_run (KioskWindow *window,
                                  const char  *dir,
                                  void       (*then) (gpointer data),
                                  gpointer     data);

G_END_DECLS
