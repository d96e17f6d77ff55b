/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Personal data (phone, civil number) is purged a set number of days after the server has
 * acknowledged the record, from the domain rows and from the outbox payload alike. */
#define G_LOG_DOMAIN "test-retention"

#include "config.h"

#include "kiosk-error.h"
#include "kiosk-outbox.h"
#include "kiosk-retention.h"
#include "kiosk-services.h"
#include "kiosk-test-util.h"

#define DAYS 30

static void
ack (KioskTestFixture *f,
     const char       *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskOutboxBatch) batch = kiosk_outbox_claim (f->store, 100, 1 << 20, &error);
  KioskOutboxResult result = { uuid, KIOSK_OUTBOX_RESULT_ACCEPTED, "SRV", NULL, 0 };

  g_assert_no_error (error);
  g_assert_true (kiosk_outbox_apply_results (f->store, &result, 1, &error));
  g_assert_no_error (error);
  /* Give the rest back: only `uuid` is acknowledged. */
  g_assert_true (kiosk_outbox_release (f->store, batch->claim_id, 0, NULL, &error));
}

static gint64
phone_fields (KioskTestFixture *f)
{
  return kiosk_test_query_int (f->store,
                               "SELECT (SELECT count (*) FROM feedback WHERE phone IS NOT NULL)"
                               " + (SELECT count (*) FROM reports WHERE phone IS NOT NULL)"
                               " + (SELECT count (*) FROM lease_form_requests WHERE phone != '')"
                               " + (SELECT count (*) FROM outbox WHERE"
                               "    json_extract (payload, '$.phone') IS NOT NULL)",
                               NULL);
}

static void
test_purge_after_ack_and_delay (KioskTestFixture *f,
                                gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_auto(KioskRecordRef) acked = { NULL, NULL };
  g_auto(KioskRecordRef) waiting = { NULL, NULL };
  g_auto(KioskRecordRef) lease = { NULL, NULL };
  g_auto(KioskRecordRef) report = { NULL, NULL };
  KioskLeaseFormInput form = { "سالم البلوشي", "12345678", "92123456", "حمد الحارثي", "MTR",
                               "MTR-RUWI", "بناية ٤، شقة ١٢", NULL, FALSE };
  KioskReportInput input = { "pothole", "MTR", "MTR-RUWI", NULL, "حفرة في الطريق", "71234567",
                             NULL };
  gint64 before;

  g_assert_true (kiosk_services_submit_feedback (f->store, KIOSK_FEEDBACK_COMPLAINT, "شكوى",
                                                 "92123456", &acked, &error));
  g_assert_true (kiosk_services_submit_feedback (f->store, KIOSK_FEEDBACK_INQUIRY, "سؤال",
                                                 "99887766", &waiting, &error));
  g_assert_true (kiosk_services_request_lease_form (f->store, &form, &lease, &error));
  g_assert_true (kiosk_services_file_report (f->store, &input, &report, NULL, &error));
  g_assert_no_error (error);
  ack (f, acked.uuid);
  ack (f, lease.uuid);
  ack (f, report.uuid);
  before = phone_fields (f);
  g_assert_cmpint (before, ==, 8);

  /* Not yet: the delay counts from the acknowledgement. */
  f->now += (gint64) DAYS * 86400 - 60;
  g_assert_cmpint (kiosk_retention_purge (f->store, DAYS, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (phone_fields (f), ==, before);

  f->now += 120;
  g_assert_cmpint (kiosk_retention_purge (f->store, DAYS, &error), ==, 3);
  g_assert_no_error (error);

  /* The acknowledged ones lost their personal fields, in the rows and the payloads... */
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM feedback WHERE uuid = ?1"
                                                   " AND phone IS NULL AND personal_purged_at"
                                                   " IS NOT NULL AND body = 'شكوى'",
                                         acked.uuid, NULL), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM lease_form_requests"
                                                   " WHERE uuid = ?1 AND phone = '' AND"
                                                   " civil_number = '' AND tenant_name != ''",
                                         lease.uuid, NULL), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM outbox WHERE"
                                                   " record_uuid = ?1 AND json_extract (payload,"
                                                   " '$.civil_number') IS NULL AND"
                                                   " json_extract (payload, '$.tenant_name')"
                                                   " IS NOT NULL",
                                         lease.uuid, NULL), ==, 1);
  /* ...the one still waiting for the server keeps them. */
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM feedback WHERE uuid = ?1"
                                                   " AND phone = '+96899887766'",
                                         waiting.uuid, NULL), ==, 1);
  g_assert_cmpint (phone_fields (f), ==, 2);

  /* A second run has nothing left to do. */
  g_assert_cmpint (kiosk_retention_purge (f->store, DAYS, &error), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/kiosk/retention/purge-after-ack-and-delay", KioskTestFixture, NULL,
              kiosk_test_fixture_set_up_seeded, test_purge_after_ack_and_delay,
              kiosk_test_fixture_tear_down);

  return g_test_run ();
}
