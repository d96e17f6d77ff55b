/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A protocol-level fake OPI card terminal for the driver's tests: listens on 127.0.0.1, takes
 * one connection at a time, reads CardServiceRequest frames and answers as its script says
 * (approve, decline, ask about offline, stall, send garbage, …). Runs in its own thread. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_OPI_FAKE_APPROVE,
  KIOSK_OPI_FAKE_DECLINE,
  KIOSK_OPI_FAKE_ABORT,              /* the card holder pressed Cancel */
  KIOSK_OPI_FAKE_CARD_TIMEOUT,       /* the terminal's own timeout: OverallResult=TimedOut */
  KIOSK_OPI_FAKE_OFFLINE,            /* acquirer unreachable: asks the kiosk, obeys */
  KIOSK_OPI_FAKE_STALL,              /* reads the request, never answers */
  KIOSK_OPI_FAKE_GARBAGE,            /* a frame that is not XML */
  KIOSK_OPI_FAKE_WRONG_ID,           /* the answer to another request */
  KIOSK_OPI_FAKE_WRONG_AMOUNT,       /* approves another amount */
  KIOSK_OPI_FAKE_HUGE_FRAME,         /* announces a 16 MiB frame */
  KIOSK_OPI_FAKE_CLOSE,              /* hangs up without answering */
  KIOSK_OPI_FAKE_UNASKED_OFFLINE,    /* approves offline without asking */
  KIOSK_OPI_FAKE_BAD_APPROVAL,       /* Success without an approval code */
} KioskOpiFakeScript;

typedef struct _KioskOpiFake KioskOpiFake;

KioskOpiFake *kiosk_opi_fake_start            (KioskOpiFakeScript  script);
guint16       kiosk_opi_fake_get_port         (KioskOpiFake       *fake);
void          kiosk_opi_fake_set_script       (KioskOpiFake       *fake,
                                               KioskOpiFakeScript  script);
/* Every request frame received so far, in order (copies; free with g_ptr_array_unref). */
GPtrArray    *kiosk_opi_fake_dup_requests     (KioskOpiFake       *fake);
void          kiosk_opi_fake_stop             (KioskOpiFake       *fake);

G_END_DECLS
