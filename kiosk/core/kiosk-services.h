/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The services a visitor completes at the kiosk, as core operations: each validates its
 * input, writes its domain rows and its outbox row in one transaction, and returns the
 * record's UUID and human reference. The GTK app and `kiosk-admin simulate` both call these. */
#pragma once

#include <glib.h>

#include "kiosk-money.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

/* Field limits, in characters. */
#define KIOSK_FEEDBACK_MAX_CHARS     2000
#define KIOSK_DESCRIPTION_MAX_CHARS  1000
#define KIOSK_LANDMARK_MAX_CHARS      200
#define KIOSK_NAME_MAX_CHARS          100
#define KIOSK_REPORT_MAX_PHOTOS         3

typedef struct
{
  char *uuid;
  char *reference;
} KioskRecordRef;

void kiosk_record_ref_clear (KioskRecordRef *ref);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KioskRecordRef, kiosk_record_ref_clear)

typedef enum
{
  KIOSK_FEEDBACK_SUGGESTION,
  KIOSK_FEEDBACK_COMPLAINT,
  KIOSK_FEEDBACK_INQUIRY,
} KioskFeedbackKind;

gboolean kiosk_services_submit_feedback (KioskStore        *store,
                                         KioskFeedbackKind  kind,
                                         const char        *text,
                                         const char        *phone,
                                         KioskRecordRef    *out_ref,
                                         GError           **error);

typedef struct
{
  const char         *category_code;
  const char         *wilayat_code;
  const char         *area_code;
  const char         *landmark;      /* optional */
  const char         *description;
  const char         *phone;         /* optional */
  const char * const *photo_hashes;  /* NULL-terminated, up to 3, from kiosk_photos_write */
  /* Where a photo says it was taken (kiosk-phone-upload.h), kept with the report. */
  gboolean            has_position;
  double              latitude;      /* degrees, WGS 84 */
  double              longitude;
} KioskReportInput;

/* `out_urgent` is set for a HIGH priority category: the caller wakes the sync agent and tells
 * the visitor to call 1111. */
gboolean kiosk_services_file_report     (KioskStore             *store,
                                         const KioskReportInput *input,
                                         KioskRecordRef         *out_ref,
                                         gboolean               *out_urgent,
                                         GError                **error);

/* A visitor's photos and note added to a report already filed ("already reported?"), here
 * or learnt from the server. At least a photo or a note; synced as its own record. */
typedef struct
{
  const char         *report_uuid;
  const char         *note;          /* optional when there is a photo */
  const char         *phone;         /* optional */
  const char * const *photo_hashes;  /* NULL-terminated, up to 3, from kiosk_photos_write */
} KioskReportAdditionInput;

/* KIOSK_ERROR_NOT_FOUND when no report has that UUID; KIOSK_ERROR_EMPTY with neither photo
 * nor note. `out_ref` is the addition's own UUID and reference (its receipt's). */
gboolean kiosk_services_add_to_report   (KioskStore                     *store,
                                         const KioskReportAdditionInput *input,
                                         KioskRecordRef                 *out_ref,
                                         GError                        **error);

/* How a payment was made; the payment drivers fill this in. */
typedef enum
{
  KIOSK_PAYMENT_APPROVED_ONLINE,   /* card, authorised by the acquirer */
  KIOSK_PAYMENT_APPROVED_OFFLINE,  /* card, stored to forward later */
  KIOSK_PAYMENT_AWAITING_COUNTER,  /* voucher printed, cash at the counter */
} KioskPaymentStatus;

typedef struct
{
  KioskPaymentStatus  status;
  const char         *auth_code;   /* card only */
  const char         *card_last4;  /* card only, 4 digits */
} KioskPaymentAuth;

typedef struct
{
  char       *number;
  char       *plate;
  gint64      issued_at;
  char       *place_ar;
  char       *place_en;
  char       *violation_ar;
  char       *violation_en;
  KioskBaisa  amount;
  gboolean    awaiting_counter;  /* held by a voucher not yet paid at the counter */
} KioskFine;

void       kiosk_fine_free                  (KioskFine  *fine);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskFine, kiosk_fine_free)

/* Unpaid fines of `plate` (any plate when NULL), oldest first: a GPtrArray of KioskFine. */
GPtrArray *kiosk_services_list_unpaid_fines (KioskStore  *store,
                                             const char  *plate,
                                             guint        limit,
                                             GError     **error);

gboolean kiosk_services_pay_fines       (KioskStore             *store,
                                         const char             *plate,
                                         const char * const     *fine_numbers,
                                         const KioskPaymentAuth *auth,
                                         KioskRecordRef         *out_payment,
                                         GError                **error);

/* What a renewal costs today: the fee for the period and the late penalty, if any. */
typedef struct
{
  KioskBaisa fee;
  KioskBaisa penalty;
  int        months_late;
  char      *new_expiry;  /* YYYY-MM-DD */
} KioskQuote;

void     kiosk_quote_clear              (KioskQuote *quote);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KioskQuote, kiosk_quote_clear)

gboolean kiosk_services_quote_licence   (KioskStore             *store,
                                         const char             *licence_number,
                                         int                     period_months,
                                         KioskQuote             *out_quote,
                                         GError                **error);
gboolean kiosk_services_renew_licence   (KioskStore             *store,
                                         const char             *licence_number,
                                         int                     period_months,
                                         const KioskPaymentAuth *auth,
                                         KioskRecordRef         *out_ref,
                                         GError                **error);

typedef struct
{
  const char *tenant_name;
  const char *civil_number;
  const char *phone;
  const char *landlord_name;
  const char *wilayat_code;
  const char *area_code;
  const char *building_details;
  const char *contract_number;  /* optional */
  gboolean    print_now;        /* else queued for the counter */
} KioskLeaseFormInput;

gboolean kiosk_services_request_lease_form (KioskStore                *store,
                                            const KioskLeaseFormInput *input,
                                            KioskRecordRef            *out_ref,
                                            GError                   **error);

gboolean kiosk_services_request_parking_permit (KioskStore             *store,
                                                const char             *plate,
                                                const char             *zone_code,
                                                int                     period_months,
                                                const char             *phone,
                                                const KioskPaymentAuth *auth,
                                                KioskRecordRef         *out_ref,
                                                GError                **error);

gboolean kiosk_services_quote_parking_permit   (KioskStore             *store,
                                                const char             *zone_code,
                                                int                     period_months,
                                                KioskQuote             *out_quote,
                                                GError                **error);
gboolean kiosk_services_quote_vehicle_permit   (KioskStore             *store,
                                                const char             *permit_number,
                                                int                     period_months,
                                                KioskQuote             *out_quote,
                                                GError                **error);
gboolean kiosk_services_renew_vehicle_permit   (KioskStore             *store,
                                                const char             *permit_number,
                                                int                     period_months,
                                                const KioskPaymentAuth *auth,
                                                KioskRecordRef         *out_ref,
                                                GError                **error);

G_END_DECLS
