/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attendant mode in the kiosk window under Xvfb: the long press on the emblem, sign-in with
 * the staff number and the PIN pad, confirming a counter voucher by its typed reference or
 * handed over from the scan page, wrong PINs locking the attendant out, the offline-payment
 * warning. Ends with the rows in the real SQLite file. */
#define G_LOG_DOMAIN "test-attendant"

#include "config.h"

#include <gtk/gtk.h>

#include "kiosk-attendant-flow.h"
#include "kiosk-attendants.h"
#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-escpos-test.h"
#include "kiosk-i18n.h"
#include "kiosk-payments.h"
#include "kiosk-receipts.h"
#include "kiosk-services.h"
#include "kiosk-store-private.h"
#include "kiosk-token.h"
#include "kiosk-ui-test-util.h"
#include "kiosk-ui-visitor.h"

typedef KioskTestFixture Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kiosk_test_fixture_set_up_seeded (f, data);
  kiosk_i18n_set_language ("ar");
  g_assert_true (kiosk_attendants_add (f->store, "salim", "Salim Al-Harthi", "2468", &error));
  g_assert_no_error (error);
}

static GtkWidget *
by_name (GtkWidget  *root,
         const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      if ((found = by_name (child, name)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
named (KioskWindow *window,
       const char  *name)
{
  GtkWidget *widget = by_name (GTK_WIDGET (window), name);

  if (widget == NULL)
    g_error ("no widget \"%s\" on screen", name);
  return widget;
}

/* Types on the window's keyboard, switching layouts with its own keys as a person would. */
static void
type (KioskWindow *window,
      const char  *text)
{
  KioskKeyboard *keyboard = kiosk_window_get_keyboard (window);

  KIOSK_UI_WAIT_FOR (kiosk_window_get_keyboard_shown (window));
  for (const char *p = text; *p != '\0'; p++)
    {
      char key_text[2] = { *p, '\0' };
      GtkWidget *key = kiosk_keyboard_find_key (keyboard, key_text);

      for (int layout = KIOSK_KEYBOARD_ARABIC; key == NULL && layout <= KIOSK_KEYBOARD_NUMERIC;
           layout++)
        {
          if (kiosk_keyboard_get_layout (keyboard) == KIOSK_KEYBOARD_NUMERIC)
            break;  /* the PIN pad has only digits: a letter there is a test bug */
          kiosk_keyboard_set_layout (keyboard, (KioskKeyboardLayout) layout);
          key = kiosk_keyboard_find_key (keyboard, key_text);
        }
      if (key == NULL)
        g_error ("no key types \"%s\"", key_text);
      kiosk_ui_click (key);
    }
}

static void
focus (KioskWindow *window,
       const char  *name)
{
  GtkWidget *entry = named (window, name);

  KIOSK_UI_WAIT_FOR (gtk_widget_get_mapped (entry));
  gtk_widget_grab_focus (entry);
  /* The keyboard types into the entry's GtkText. */
  KIOSK_UI_WAIT_FOR (kiosk_window_get_keyboard_shown (window) &&
                     kiosk_keyboard_get_target (kiosk_window_get_keyboard (window)) != NULL &&
                     gtk_widget_is_ancestor (kiosk_keyboard_get_target (kiosk_window_get_keyboard (window)),
                                             entry));
}

static KioskAttendantFlow *
open_attendant_mode (KioskWindow *window)
{
  GtkWidget *emblem = kiosk_ui_find_by_id (GTK_WIDGET (window), "emblem");
  g_autoptr(GListModel) controllers = NULL;
  gboolean pressed = FALSE;

  kiosk_window_start_session (window, "ar");
  kiosk_ui_wait_for_frame (window);
  g_assert_nonnull (emblem);
  /* The long press the staff make on the emblem (a gesture cannot be held under Xvfb). */
  controllers = gtk_widget_observe_controllers (emblem);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_LONG_PRESS (controller))
        {
          g_signal_emit_by_name (controller, "pressed", 10.0, 10.0);
          pressed = TRUE;
        }
    }
  g_assert_true (pressed);
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, KIOSK_ATTENDANT_SERVICE);
  kiosk_ui_wait_for_frame (window);
  return KIOSK_ATTENDANT_FLOW (kiosk_window_get_page (window));
}

static void
sign_in (KioskWindow *window,
         const char  *pin)
{
  /* After a wrong PIN the staff number stays; only the PIN is typed again. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (named (window, "attendant-id"))),
                 "salim") != 0)
    {
      focus (window, "attendant-id");
      /* A staff number is Latin in either language: the Latin keyboard with digits. */
      g_assert_cmpint (kiosk_keyboard_get_layout (kiosk_window_get_keyboard (window)), ==,
                       KIOSK_KEYBOARD_ENGLISH_DIGITS);
      gtk_editable_set_text (GTK_EDITABLE (named (window, "attendant-id")), "");
      type (window, "salim");
    }
  focus (window, "attendant-pin");
  /* The PIN pad. */
  g_assert_cmpint (kiosk_keyboard_get_layout (kiosk_window_get_keyboard (window)), ==,
                   KIOSK_KEYBOARD_NUMERIC);
  type (window, pin);
  kiosk_ui_click (named (window, "attendant-sign-in"));
}

static char *
counter_payment (Fixture *f,
                 char   **out_voucher)
{
  const KioskPaymentAuth counter = { KIOSK_PAYMENT_AWAITING_COUNTER, NULL, NULL };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(KioskReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_true (kiosk_services_request_parking_permit (f->store, "1234 AB", "PZ-RUWI", 1, NULL,
                                                        &counter, &ref, &error));
  g_assert_no_error (error);
  receipt = kiosk_receipts_get_for_record (f->store, ref.uuid, &error);
  g_assert_no_error (error);
  if (out_voucher != NULL)
    *out_voucher = g_strdup (receipt->voucher_token);
  rows = kiosk_test_query_column (f->store, "SELECT reference FROM payments WHERE uuid = ?1",
                                  receipt->payment_uuid, NULL);
  return g_strdup (rows->pdata[0]);
}

static void
test_sign_in_and_confirm_typed_voucher (Fixture       *f,
                                        gconstpointer  data)
{
  g_autofree char *reference = counter_payment (f, NULL);
  g_autofree char *lower = g_ascii_strdown (reference, -1);
  KioskWindow *window = kiosk_ui_show_window (f->store, NULL);
  KioskAttendantFlow *flow = open_attendant_mode (window);

  g_assert_cmpstr (kiosk_flow_get_step (KIOSK_FLOW (flow)), ==, "login");
  sign_in (window, "2468");
  KIOSK_UI_WAIT_FOR (g_strcmp0 (kiosk_flow_get_step (KIOSK_FLOW (flow)), "desk") == 0);
  g_assert_cmpstr (kiosk_attendant_flow_get_attendant (flow), ==, "salim");
  g_assert_true (kiosk_ui_holds_text (GTK_WIDGET (flow), "Salim Al-Harthi"));
  kiosk_ui_maybe_screenshot (window, "attendant-desk-ar.png");

  /* The reference as printed on the voucher, typed on the keyboard (its letters without
   * shift: case does not matter). */
  focus (window, "attendant-voucher");
  type (window, lower);
  kiosk_ui_click (named (window, "attendant-confirm"));
  KIOSK_UI_WAIT_FOR (kiosk_attendant_flow_get_confirmation (flow) != NULL);
  g_assert_true (kiosk_ui_holds_text (GTK_WIDGET (flow),
                                      kiosk_attendant_flow_get_confirmation (flow)));
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM payments"
                                         " WHERE reference = ?1 AND status = 'paid_counter'",
                                         reference, NULL), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM counter_confirmations c"
                                         " JOIN outbox o ON o.record_uuid = c.uuid"
                                         " WHERE c.reference = ?1 AND c.attendant_id = 'salim'"
                                         " AND o.kind = 'counter_payment'",
                                         kiosk_attendant_flow_get_confirmation (flow), NULL),
                   ==, 1);

  /* The same voucher again: refused, in words. */
  focus (window, "attendant-voucher");
  type (window, lower);
  kiosk_ui_click (named (window, "attendant-confirm"));
  KIOSK_UI_WAIT_FOR (kiosk_attendant_flow_get_error_code (flow) == KIOSK_ERROR_ALREADY_PAID);
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (flow),
                                       kiosk_error_text_for_code (KIOSK_ERROR_ALREADY_PAID)));
  g_assert_cmpint (kiosk_test_count_rows (f->store, "counter_confirmations"), ==, 1);

  /* Signing out leaves for home and is in the audit log. */
  kiosk_ui_click (named (window, "attendant-leave"));
  KIOSK_UI_WAIT_FOR (g_strcmp0 (kiosk_window_get_page_name (window), "home") == 0);
  KIOSK_UI_WAIT_FOR (kiosk_test_query_int (f->store, "SELECT count (*) FROM audit_log"
                                           " WHERE actor = 'salim'"
                                           " AND action = 'attendant_logout'", NULL) == 1);
  kiosk_ui_close_window (window);
}

static void
test_voucher_from_scan_page (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *voucher = NULL;
  g_autofree char *reference = counter_payment (f, &voucher);
  KioskWindow *window = kiosk_ui_show_window (f->store, NULL);
  KioskAttendantFlow *flow;

  kiosk_window_start_session (window, "ar");
  kiosk_ui_wait_for_frame (window);
  /* What the scan page does with a CV code. */
  g_assert_true (kiosk_attendant_flow_open_voucher (GTK_WIDGET (window), voucher));
  flow = KIOSK_ATTENDANT_FLOW (kiosk_window_get_page (window));
  g_assert_cmpstr (kiosk_flow_get_step (KIOSK_FLOW (flow)), ==, "login");
  /* Nothing is confirmed before an attendant signs in. */
  g_assert_cmpint (kiosk_test_count_rows (f->store, "counter_confirmations"), ==, 0);

  sign_in (window, "2468");
  KIOSK_UI_WAIT_FOR (g_strcmp0 (kiosk_flow_get_step (KIOSK_FLOW (flow)), "desk") == 0);
  g_assert_true (kiosk_ui_holds_text (GTK_WIDGET (flow), reference));
  kiosk_ui_click (named (window, "attendant-confirm"));
  KIOSK_UI_WAIT_FOR (kiosk_attendant_flow_get_confirmation (flow) != NULL);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM payments"
                                         " WHERE reference = ?1 AND status = 'paid_counter'",
                                         reference, NULL), ==, 1);
  kiosk_ui_close_window (window);
}

static void
test_voucher_scanned_at_desk (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *voucher = NULL;
  g_autofree char *reference = counter_payment (f, &voucher);
  g_autofree char *path = g_build_filename (f->dir, "voucher.png", NULL);
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();
  KioskWindow *window;
  KioskAttendantFlow *flow;

  /* The voucher held up to the kiosk's camera (the test source plays a picture of it). */
  g_free (config->camera);
  config->camera = kiosk_ui_visitor_qr_source (voucher, path);
  window = kiosk_ui_show_window (f->store, config);
  flow = open_attendant_mode (window);
  sign_in (window, "2468");
  KIOSK_UI_WAIT_FOR (g_strcmp0 (kiosk_flow_get_step (KIOSK_FLOW (flow)), "desk") == 0);

  kiosk_ui_click (named (window, "attendant-scan"));
  KIOSK_UI_WAIT_FOR (kiosk_ui_holds_text (GTK_WIDGET (flow), reference));
  kiosk_ui_click (named (window, "attendant-confirm"));
  KIOSK_UI_WAIT_FOR (kiosk_attendant_flow_get_confirmation (flow) != NULL);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM payments"
                                         " WHERE reference = ?1 AND status = 'paid_counter'",
                                         reference, NULL), ==, 1);

  /* The session ending (idle, or the next visitor) signs the attendant out. */
  kiosk_window_end_session (window);
  KIOSK_UI_WAIT_FOR (kiosk_test_query_int (f->store, "SELECT count (*) FROM audit_log"
                                           " WHERE actor = 'salim'"
                                           " AND action = 'attendant_logout'", NULL) == 1);
  kiosk_ui_close_window (window);
}

static void
test_wrong_pins_lock_out (Fixture       *f,
                          gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_show_window (f->store, NULL);
  KioskAttendantFlow *flow = open_attendant_mode (window);

  for (int i = 1; i <= 5; i++)
    {
      sign_in (window, "1111");
      KIOSK_UI_WAIT_FOR (kiosk_attendant_flow_get_error_code (flow) ==
                         (i < 5 ? KIOSK_ERROR_WRONG_PIN : KIOSK_ERROR_LOCKED_OUT));
      g_assert_cmpstr (kiosk_flow_get_step (KIOSK_FLOW (flow)), ==, "login");
      /* The PIN does not stay in the field. */
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (named (window, "attendant-pin"))),
                       ==, "");
    }
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (flow),
                                       kiosk_error_text_for_code (KIOSK_ERROR_LOCKED_OUT)));
  kiosk_ui_maybe_screenshot (window, "attendant-locked-ar.png");

  /* Locked: even the right PIN is refused now. */
  sign_in (window, "2468");
  kiosk_ui_spin (50);
  g_assert_cmpint (kiosk_attendant_flow_get_error_code (flow), ==, KIOSK_ERROR_LOCKED_OUT);
  g_assert_null (kiosk_attendant_flow_get_attendant (flow));
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM audit_log"
                                         " WHERE actor = 'salim'"
                                         " AND action = 'attendant_login_failed'", NULL), ==, 5);
  kiosk_ui_close_window (window);
}

static void
test_offline_warning (Fixture       *f,
                      gconstpointer  data)
{
  KioskOfflineLimits limits = { 50000, 60000, 72 };
  const KioskPaymentAuth offline = { KIOSK_PAYMENT_APPROVED_OFFLINE, "Y10001", "4242" };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  KioskWindow *window;
  KioskAttendantFlow *flow;
  GtkWidget *warning;

  /* One permit held offline, over 80 % of a small total cap. */
  kiosk_payments_set_limits (f->store, &limits);
  limits.total_cap = kiosk_test_query_int (f->store, "SELECT amount_baisa FROM fees WHERE"
                                                     " service = 'parking_permit' AND variant ="
                                                     " 'PZ-RUWI' AND period_months = 1", NULL) + 1;
  kiosk_payments_set_limits (f->store, &limits);
  g_assert_true (kiosk_services_request_parking_permit (f->store, "1234 AB", "PZ-RUWI", 1, NULL,
                                                        &offline, &ref, &error));
  g_assert_no_error (error);

  window = kiosk_ui_show_window (f->store, NULL);
  flow = open_attendant_mode (window);
  sign_in (window, "2468");
  KIOSK_UI_WAIT_FOR (g_strcmp0 (kiosk_flow_get_step (KIOSK_FLOW (flow)), "desk") == 0);
  warning = named (window, "attendant-offline-warning");
  g_assert_true (gtk_widget_get_visible (warning));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (warning)), !=, "");
  kiosk_ui_close_window (window);
}

/* The desk's other steps ------------------------------------------------------------------- */

static KioskWindow *
window_with_printer (Fixture    *f,
                     const char *spec)
{
  g_autoptr(KioskConfig) config = kiosk_config_new_defaults ();

  g_free (config->printer);
  config->printer = g_strdup (spec);
  return kiosk_ui_show_window (f->store, config);
}

static KioskAttendantFlow *
signed_in_at (KioskWindow *window,
              const char  *step)
{
  KioskAttendantFlow *flow = open_attendant_mode (window);

  sign_in (window, "2468");
  KIOSK_UI_WAIT_FOR (g_strcmp0 (kiosk_flow_get_step (KIOSK_FLOW (flow)), "desk") == 0);
  if (step != NULL)
    {
      kiosk_ui_click (named (window, g_str_equal (step, "receipts") ? "attendant-receipts"
                                                                    : "attendant-devices"));
      KIOSK_UI_WAIT_FOR (g_strcmp0 (kiosk_flow_get_step (KIOSK_FLOW (flow)), step) == 0);
      kiosk_ui_wait_for_frame (window);
    }
  return flow;
}

/* The pages of what the file: printer got, and the one QR code of page `n`. */
static char *
printed_code (const char *path,
              guint       n_pages,
              guint       page)
{
  g_autofree char *bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &bytes, &length, &error));
  pages = kiosk_escpos_test_decode ((const guint8 *) bytes, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, n_pages);
  codes = kiosk_escpos_test_scan (pages->pdata[page]);
  g_assert_cmpuint (codes->len, ==, 1);
  return g_strdup (codes->pdata[0]);
}

static void
test_reprint_marked_copy (Fixture       *f,
                          gconstpointer  data)
{
  const KioskPaymentAuth card = { KIOSK_PAYMENT_APPROVED_ONLINE, "123456", "4242" };
  g_autofree char *path = g_build_filename (f->dir, "printer.bin", NULL);
  g_autofree char *spec = g_strconcat ("file:", path, NULL);
  g_autofree char *code = NULL;
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(KioskReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  KioskWindow *window;
  KioskAttendantFlow *flow;

  g_assert_true (kiosk_services_request_parking_permit (f->store, "1234 AB", "PZ-RUWI", 1, NULL,
                                                        &card, &ref, &error));
  receipt = kiosk_receipts_get_for_record (f->store, ref.uuid, &error);
  g_assert_no_error (error);
  /* It came out once at Finish. */
  g_assert_true (kiosk_receipts_mark_printed (f->store, receipt->uuid, &error));
  window = window_with_printer (f, spec);
  flow = signed_in_at (window, "receipts");

  /* A reference of no receipt: said, nothing printed. */
  focus (window, "attendant-reprint-reference");
  type (window, "tst01-991231-0001");
  kiosk_ui_click (named (window, "attendant-reprint"));
  KIOSK_UI_WAIT_FOR (gtk_widget_get_visible (named (window, "attendant-reprint-result")));
  g_assert_true (kiosk_ui_holds_text (GTK_WIDGET (flow),
                                      "لا يوجد إيصال من آخر 7 أيام بهذا الرقم المرجعي."));
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                   G_FILE_QUERY_INFO_NONE, NULL, NULL);

    /* Nothing printed (the status questions of the file: driver write nothing). */
    g_assert_true (info == NULL || g_file_info_get_size (info) == 0);
  }

  gtk_editable_set_text (GTK_EDITABLE (named (window, "attendant-reprint-reference")), "");
  focus (window, "attendant-reprint-reference");
  {
    g_autofree char *lower = g_ascii_strdown (receipt->reference, -1);

    type (window, lower);
  }
  kiosk_ui_click (named (window, "attendant-reprint"));
  KIOSK_UI_WAIT_FOR (kiosk_test_query_int (f->store, "SELECT print_count FROM receipts"
                                           " WHERE uuid = ?1", receipt->uuid, NULL) == 2);
  code = printed_code (path, 1, 0);
  g_assert_cmpstr (code, ==, receipt->qr_payload);
  KIOSK_UI_WAIT_FOR (kiosk_test_query_int (f->store, "SELECT count (*) FROM audit_log a"
                                           " JOIN outbox o ON o.record_uuid = a.uuid"
                                           " WHERE a.action = 'receipt_reprinted'"
                                           " AND a.actor = 'salim' AND a.record_uuid = ?1"
                                           " AND json_extract (a.detail, '$.copy') = 1"
                                           " AND json_extract (a.detail, '$.printed') = 1",
                                           receipt->uuid, NULL) == 1);
  kiosk_ui_maybe_screenshot (window, "attendant-receipts-ar.png");
  kiosk_ui_close_window (window);
}

static void
test_alerts_listed_for_action (Fixture       *f,
                               gconstpointer  data)
{
  const KioskPaymentAuth card = { KIOSK_PAYMENT_APPROVED_ONLINE, "123456", "4242" };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(KioskReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) failures = NULL;
  g_autofree char *path = g_build_filename (f->dir, "printer.bin", NULL);
  g_autofree char *spec = g_strconcat ("file:", path, NULL);
  KioskWindow *window;
  GtkWidget *list, *handled;
  g_autofree char *target = NULL;

  g_assert_true (kiosk_services_request_parking_permit (f->store, "1234 AB", "PZ-RUWI", 1, NULL,
                                                        &card, &ref, &error));
  receipt = kiosk_receipts_get_for_record (f->store, ref.uuid, &error);
  g_assert_true (kiosk_attendants_audit (f->store, "kiosk", KIOSK_AUDIT_RECEIPT_NOT_PRINTED,
                                         receipt->uuid, "{\"printer\":\"cover-open\"}", &error));
  g_assert_true (kiosk_attendants_audit (f->store, "kiosk", KIOSK_AUDIT_CARD_REVERSAL_FAILED,
                                         NULL, "{\"amount_baisa\":7000,\"auth_code\":\"AB12\","
                                         "\"card_last4\":\"4242\"}", &error));
  g_assert_true (kiosk_store_exec (f->store, "INSERT INTO payment_rejections (record_uuid, kind,"
                                             " reference, code, reason, rejected_at) VALUES"
                                             " ('3f0c2a1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',"
                                             " 'payment', 'TST01-261130-0099', 'plate_mismatch',"
                                             " 'fine PF2025-000042 is not on plate 1 A',"
                                             " 1796018400)", &error));
  g_assert_no_error (error);
  window = window_with_printer (f, spec);
  signed_in_at (window, "receipts");

  list = named (window, "attendant-alerts");
  g_assert_true (gtk_widget_get_visible (list));
  g_assert_false (gtk_widget_get_visible (named (window, "attendant-alerts-empty")));
  /* What happened and what to do, in the attendant's language. */
  g_assert_true (kiosk_ui_holds_text (list, "غطاء الطابعة مفتوح"));
  g_assert_true (kiosk_ui_holds_text (list, "AB12"));
  g_assert_true (kiosk_ui_holds_text (list, "fine PF2025-000042 is not on plate 1 A"));
  g_assert_true (kiosk_ui_holds_text (list, "TST01-261130-0099"));
  kiosk_ui_maybe_screenshot (window, "attendant-alerts-ar.png");

  failures = kiosk_test_query_column (f->store, "SELECT uuid FROM audit_log WHERE action ="
                                                " 'card_reversal_failed'", NULL);
  target = g_strdup_printf ("reversal:%s", (char *) failures->pdata[0]);
  handled = NULL;
  {
    g_autoptr(GPtrArray) buttons = kiosk_ui_find_all (list, GTK_TYPE_BUTTON);

    for (guint i = 0; i < buttons->len; i++)
      {
        GVariant *t = gtk_actionable_get_action_target_value (buttons->pdata[i]);

        if (t != NULL && g_str_equal (g_variant_get_string (t, NULL), target))
          handled = buttons->pdata[i];
      }
  }
  g_assert_nonnull (handled);
  kiosk_ui_click (handled);
  KIOSK_UI_WAIT_FOR (!kiosk_ui_holds_text (list, "AB12"));
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM audit_log"
                                         " WHERE action = 'card_reversal_handled'"
                                         " AND actor = 'salim' AND record_uuid = ?1",
                                         failures->pdata[0], NULL), ==, 1);
  /* The receipt that did not print: reprinted from its row, then it leaves the list. */
  {
    g_autoptr(GPtrArray) buttons = kiosk_ui_find_all (list, GTK_TYPE_BUTTON);
    GtkWidget *reprint = NULL;

    for (guint i = 0; i < buttons->len; i++)
      {
        GVariant *t = gtk_actionable_get_action_target_value (buttons->pdata[i]);

        if (t != NULL && g_str_has_prefix (g_variant_get_string (t, NULL), "print:"))
          reprint = buttons->pdata[i];
      }
    g_assert_nonnull (reprint);
    kiosk_ui_click (reprint);
  }
  KIOSK_UI_WAIT_FOR (!kiosk_ui_holds_text (list, "غطاء الطابعة مفتوح"));
  g_assert_true (kiosk_ui_holds_text (list, "TST01-261130-0099"));
  kiosk_ui_close_window (window);
}

static void
test_void_unpaid_voucher (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *reference = counter_payment (f, NULL);
  g_autofree char *lower = g_ascii_strdown (reference, -1);
  KioskWindow *window = kiosk_ui_show_window (f->store, NULL);
  KioskAttendantFlow *flow = signed_in_at (window, NULL);

  focus (window, "attendant-voucher");
  type (window, lower);
  kiosk_ui_click (named (window, "attendant-void"));
  KIOSK_UI_WAIT_FOR (gtk_widget_get_visible (named (window, "attendant-result")));
  g_assert_true (kiosk_ui_holds_text (GTK_WIDGET (flow), reference));
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM payments"
                                         " WHERE reference = ?1 AND status = 'voided'",
                                         reference, NULL), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT count (*) FROM audit_log"
                                         " WHERE action = 'counter_voucher_voided'"
                                         " AND actor = 'salim'", NULL), ==, 1);
  /* A voided voucher cannot be confirmed. */
  focus (window, "attendant-voucher");
  type (window, lower);
  kiosk_ui_click (named (window, "attendant-confirm"));
  KIOSK_UI_WAIT_FOR (kiosk_attendant_flow_get_error_code (flow) == KIOSK_ERROR_INVALID_VALUE);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "counter_confirmations"), ==, 0);
  kiosk_ui_close_window (window);
}

static void
test_health_and_z_report (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "printer.bin", NULL);
  g_autofree char *spec = g_strconcat ("file:", path, NULL);
  g_autofree char *code = NULL;
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) z = NULL;
  KioskWindow *window = window_with_printer (f, spec);
  KioskAttendantFlow *flow = signed_in_at (window, "devices");

  /* Devices: each line says something, the printer once asked. */
  KIOSK_UI_WAIT_FOR (g_strcmp0 (gtk_label_get_label (GTK_LABEL (named (window, "health-printer"))),
                                "جاهزة") == 0);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (named (window, "health-camera"))), ==,
                   "لا توجد: لا تُعرض خدمات المسح والتصوير");
  g_assert_true (kiosk_ui_holds_text (named (window, "health-disk"), "ميغابايت"));
  g_assert_true (kiosk_ui_holds_text (named (window, "health-sync"), "بانتظار الإرسال"));
  kiosk_ui_maybe_screenshot (window, "attendant-devices-ar.png");

  kiosk_ui_click (named (window, "attendant-z-report"));
  KIOSK_UI_WAIT_FOR (kiosk_ui_holds_text (named (window, "attendant-z-result"), "وطُبع"));
  z = kiosk_test_query_column (f->store, "SELECT reference FROM z_reports WHERE actor = 'salim'",
                               NULL);
  g_assert_cmpuint (z->len, ==, 1);
  code = printed_code (path, 1, 0);
  g_assert_true (kiosk_token_verify (f->store, code, -1, KIOSK_TOKEN_RECEIPT, &token, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_token_get_fields (token)->reference, ==, z->pdata[0]);
  g_assert_true (kiosk_ui_holds_text (GTK_WIDGET (flow), z->pdata[0]));
  kiosk_ui_close_window (window);
}

int
main (int    argc,
      char **argv)
{
  kiosk_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, kiosk_test_fixture_tear_down)
  ADD ("/kiosk/ui/attendant/sign-in-and-confirm-typed-voucher",
       test_sign_in_and_confirm_typed_voucher);
  ADD ("/kiosk/ui/attendant/voucher-from-scan-page-after-sign-in", test_voucher_from_scan_page);
  ADD ("/kiosk/ui/attendant/voucher-scanned-with-the-camera-at-the-desk",
       test_voucher_scanned_at_desk);
  ADD ("/kiosk/ui/attendant/five-wrong-pins-lock-out", test_wrong_pins_lock_out);
  ADD ("/kiosk/ui/attendant/offline-exposure-warning", test_offline_warning);
  ADD ("/kiosk/ui/attendant/desk-reprints-a-receipt-as-a-copy", test_reprint_marked_copy);
  ADD ("/kiosk/ui/attendant/desk-lists-what-needs-action", test_alerts_listed_for_action);
  ADD ("/kiosk/ui/attendant/desk-voids-an-unpaid-voucher", test_void_unpaid_voucher);
  ADD ("/kiosk/ui/attendant/desk-device-health-and-z-report", test_health_and_z_report);
#undef ADD

  return g_test_run ();
}
