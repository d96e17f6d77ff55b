/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Following up a report: by its tracking number, by the phone it was filed with, and the
 * open reports of the same kind nearby that a visitor may be about to report again.
 * Statuses are as known at the last sync: received, assigned, in_progress, resolved,
 * closed, rejected. */
#pragma once

#include <glib.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *status;
  gint64  at;
  char   *note_ar;
  char   *note_en;
} KioskStatusEvent;

typedef struct
{
  char      *uuid;
  char      *reference;
  gboolean   local;          /* filed at this kiosk (else learnt from the server) */
  gboolean   acknowledged;   /* the server has it (always TRUE for the server's own) */
  char      *category_code;
  char      *category_ar;
  char      *category_en;
  char      *priority;
  char      *area_ar;
  char      *area_en;
  char      *landmark;
  char      *status;
  gint64     status_updated_at;  /* 0 when only the kiosk's own "received" is known */
  gint64     created_at;
  char      *phone_masked;       /* NULL without a phone */
  guint      photos;
  GPtrArray *history;            /* KioskStatusEvent*, oldest first */
} KioskReportStatus;

void               kiosk_report_status_free          (KioskReportStatus *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskReportStatus, kiosk_report_status_free)

/* KIOSK_ERROR_NOT_FOUND when no report has that tracking number. */
KioskReportStatus *kiosk_tracking_find_by_reference  (KioskStore *store,
                                                      const char *reference,
                                                      GError    **error);
/* What a visitor typed on the number pad: the digits of a tracking number without the kiosk
 * code (YYMMDDNNNN, either digit set, blanks and dashes ignored) match every kiosk's report
 * with that day and number, newest first (several kiosks may share them); a full tracking
 * number matches itself. Possibly none; KIOSK_ERROR_INVALID_VALUE when it is neither. */
GPtrArray         *kiosk_tracking_find_by_number     (KioskStore *store,
                                                      const char *typed,
                                                      GError    **error);
/* Reports filed with that (validated) phone number, newest first; possibly none. */
GPtrArray         *kiosk_tracking_find_by_phone      (KioskStore *store,
                                                      const char *phone,
                                                      GError    **error);
/* Open reports of `category_code` in `area_code` filed in the last `days` days, newest
 * first: the "already reported?" list shown before a new report is filed. */
GPtrArray         *kiosk_tracking_find_similar_open  (KioskStore *store,
                                                      const char *category_code,
                                                      const char *area_code,
                                                      guint       days,
                                                      GError    **error);
/* When statuses were last brought from the server (Unix time), or 0 if never. */
gint64             kiosk_tracking_last_sync          (KioskStore *store);

G_END_DECLS
