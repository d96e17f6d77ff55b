/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End to end, the audit log: what an attendant did at the desk (sign-in, confirming and
 * voiding counter vouchers, a Z report) and what the kiosk could not do (a receipt not
 * printed, a card payment not reversed) reach the real server through the real agent as
 * `audit_entry` records, each once, with who, what and when; a malformed one is refused
 * alone and parks nothing else. */
#define G_LOG_DOMAIN "test-e2e-audit"

#include "config.h"

#include "kiosk-attendants.h"
#include "kiosk-outbox.h"
#include "kiosk-payments.h"
#include "kiosk-receipts.h"
#include "kiosk-services.h"
#include "kiosk-store.h"
#include "kiosk-test-util.h"
#include "kiosk-z-report.h"
#include "sync-test-util.h"

static char *
voucher_reference (KioskStore  *store,
                   const char  *record_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskReceipt) receipt = kiosk_receipts_get_for_record (store, record_uuid, &error);

  g_assert_no_error (error);
  return g_strdup (receipt->payment_reference);
}

static void
test_desk_actions_reach_the_server (void)
{
  g_autofree char *dir = kiosk_test_make_dir ();
  g_autofree char *kiosk_db = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *server_db = g_build_filename (dir, "central.db", NULL);
  g_autofree char *token = g_build_filename (dir, "token", NULL);
  g_autofree char *config = NULL;
  g_autofree char *paid = NULL;
  g_autofree char *left = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(KioskZReport) z = NULL;
  g_autoptr(GPtrArray) local = NULL;
  g_autoptr(GPtrArray) central = NULL;
  g_auto(KioskRecordRef) first = { NULL, NULL };
  g_auto(KioskRecordRef) second = { NULL, NULL };
  const KioskPaymentAuth counter = { KIOSK_PAYMENT_AWAITING_COUNTER, NULL, NULL };
  const char *load_demo[] = { "load", "--demo", NULL };
  SyncServer *server;
  char *name = NULL;

  sync_kiosk_create (kiosk_db, "AUD01", 0, 0, 0, 0, 0, 21);
  g_free (sync_central_run (server_db, load_demo));
  store = kiosk_store_open (kiosk_db, KIOSK_STORE_OPEN_EXISTING, &error);
  g_assert_no_error (error);

  /* A day at the desk. */
  g_assert_true (kiosk_attendants_add (store, "salim", "Salim Al-Harthi", "2468", &error));
  g_assert_true (kiosk_attendants_login (store, "salim", "2468", &name, &error));
  g_assert_no_error (error);
  g_free (name);
  g_assert_true (kiosk_services_request_parking_permit (store, "1234 AB", "PZ-RUWI", 1, NULL,
                                                        &counter, &first, &error));
  g_assert_true (kiosk_services_request_parking_permit (store, "4321 BA", "PZ-RUWI", 1, NULL,
                                                        &counter, &second, &error));
  g_assert_no_error (error);
  paid = voucher_reference (store, first.uuid);
  left = voucher_reference (store, second.uuid);
  g_assert_true (kiosk_payments_confirm_counter (store, paid, "salim", NULL, &error));
  g_assert_true (kiosk_payments_void_counter (store, left, "salim", "visitor left", &error));
  g_assert_no_error (error);
  /* What the kiosk itself could not do. */
  g_assert_true (kiosk_attendants_audit (store, "kiosk", KIOSK_AUDIT_RECEIPT_NOT_PRINTED,
                                         first.uuid, "{\"printer\":\"paper-out\"}", &error));
  g_assert_true (kiosk_attendants_audit (store, "kiosk", KIOSK_AUDIT_CARD_REVERSAL_FAILED, NULL,
                                         "{\"amount_baisa\":5000,\"auth_code\":\"A1B2C3\"}",
                                         &error));
  z = kiosk_z_report_take (store, "salim", &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_attendants_audit (store, "salim", "attendant_logout", NULL, NULL, &error));
  g_assert_no_error (error);

  local = sync_db_column (kiosk_db, "SELECT uuid FROM audit_log WHERE uuid IS NOT NULL"
                                    " ORDER BY uuid");
  /* pin set, login, confirmed, voided, not printed, not reversed, Z, logout. */
  g_assert_cmpuint (local->len, ==, 8);
  g_assert_cmpint (sync_kiosk_count (kiosk_db, "SELECT count (*) FROM outbox"
                                               " WHERE kind = 'audit_entry'"), ==, 8);
  g_clear_pointer (&store, kiosk_store_close);

  server = sync_server_start (server_db, 0, NULL);
  sync_server_add_kiosk (server_db, "AUD01", token);
  config = sync_agent_config (dir, kiosk_db, server->url, token, NULL);
  g_assert_cmpint (sync_agent_once (config, NULL), ==, 0);
  /* A second run sends nothing again. */
  g_assert_cmpint (sync_agent_once (config, NULL), ==, 0);

  central = sync_db_column (server_db, "SELECT uuid FROM records WHERE kind = 'audit_entry'"
                                       " AND status = 'accepted' AND kiosk_code = 'AUD01'"
                                       " ORDER BY uuid");
  g_assert_cmpuint (central->len, ==, local->len);
  for (guint i = 0; i < local->len; i++)
    g_assert_cmpstr (central->pdata[i], ==, local->pdata[i]);
  g_assert_cmpint (sync_server_count (server_db,
                                      "SELECT count (*) FROM records WHERE kind = 'audit_entry'"
                                      " AND json_extract (payload, '$.action')"
                                      "  = 'counter_voucher_voided'"
                                      " AND json_extract (payload, '$.actor') = 'salim'"
                                      " AND json_extract (payload, '$.detail.reason')"
                                      "  = 'visitor left'"
                                      " AND server_reference LIKE 'MCT-AUD-%'"), ==, 1);
  g_assert_cmpint (sync_server_count (server_db,
                                      "SELECT count (*) FROM records WHERE kind = 'audit_entry'"
                                      " AND json_extract (payload, '$.action')"
                                      "  = 'card_reversal_failed'"
                                      " AND json_extract (payload, '$.detail.auth_code')"
                                      "  = 'A1B2C3'"), ==, 1);
  g_assert_cmpint (sync_kiosk_count (kiosk_db, "SELECT count (*) FROM outbox"
                                               " WHERE state <> 'acked'"), ==, 0);

  sync_server_free (server);
  kiosk_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/sync/e2e/desk-audit-entries-reach-the-server",
                   test_desk_actions_reach_the_server);

  return g_test_run ();
}
