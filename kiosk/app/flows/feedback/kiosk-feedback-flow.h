/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The suggestion / complaint / inquiry flow: choose the kind, write the text on the
 * on-screen keyboard, an optional mobile number, review, send; the confirmation shows the
 * human reference number. Stored through kiosk_services_submit_feedback (), outbox row and
 * all. */
#pragma once

#include "kiosk-flow.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_FEEDBACK_FLOW (kiosk_feedback_flow_get_type ())

G_DECLARE_FINAL_TYPE (KioskFeedbackFlow, kiosk_feedback_flow, KIOSK, FEEDBACK_FLOW, KioskFlow)

GtkWidget  *kiosk_feedback_flow_new           (KioskStore        *store);

/* After a successful "send": the record's UUID and reference; NULL before. */
const char *kiosk_feedback_flow_get_uuid      (KioskFeedbackFlow *self);
const char *kiosk_feedback_flow_get_reference (KioskFeedbackFlow *self);

G_END_DECLS
