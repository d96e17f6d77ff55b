/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lease-contract renewal form flow in the kiosk window under Xvfb, driven as a visitor
 * drives it: names typed on the Arabic keyboard, numbers on the numeric pad, the wilayat and
 * area touched, print or counter chosen; the request, its outbox row and its receipt in the
 * real file; every field's bad input explained, what was typed kept, nothing written. */
#define G_LOG_DOMAIN "test-lease-form-flow"

#include "config.h"

#include <gtk/gtk.h>
#include <sqlite3.h>

#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-i18n.h"
#include "kiosk-lease-form-flow.h"
#include "kiosk-receipt-page.h"
#include "kiosk-services.h"
#include "kiosk-store-private.h"
#include "kiosk-token.h"
#include "kiosk-ui-visitor.h"

typedef KioskTestFixture Fixture;

/* The shared helpers of kiosk-ui-visitor, under the short names the tests read with. */
#define fixture_set_up kiosk_ui_visitor_set_up_arabic
#define by_id kiosk_ui_visitor_by_id
#define receipt_qr kiosk_ui_visitor_receipt_qr
#define step kiosk_ui_visitor_step
#define type kiosk_ui_visitor_type_shown
#define error_shown kiosk_ui_visitor_error_shown

/* Focuses `id` (a touch on the field) and types `text` on the on-screen keyboard. */
static void
type_into (KioskWindow *window,
           const char  *id,
           const char  *text)
{
  gtk_widget_grab_focus (by_id (window, id));
  KIOSK_UI_WAIT_FOR (kiosk_window_get_keyboard_shown (window) &&
                     gtk_widget_is_ancestor (kiosk_keyboard_get_target (
                                               kiosk_window_get_keyboard (window)),
                                             by_id (window, id)));
  type (window, text);
}

static void
fill_tenant (KioskWindow *window)
{
  type_into (window, "tenant_name_entry", "سالم البلوشي");
  type_into (window, "civil_entry", "12345678");
  g_assert_cmpint (kiosk_keyboard_get_layout (kiosk_window_get_keyboard (window)), ==,
                   KIOSK_KEYBOARD_NUMERIC);
  type_into (window, "phone_entry", "91234567");
}

static void
test_request_is_queued_with_its_receipt (Fixture       *f,
                                         gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, "lease_form", TRUE);
  KioskLeaseFormFlow *flow = KIOSK_LEASE_FORM_FLOW (kiosk_window_get_page (window));
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autofree char *qr = NULL;
  const char *uuid;

  g_assert_cmpstr (step (window), ==, "tenant");
  fill_tenant (window);
  kiosk_ui_maybe_screenshot (window, "lease-tenant-ar.png");
  kiosk_ui_click (by_id (window, "tenant_next_button"));
  g_assert_cmpstr (step (window), ==, "landlord");
  type_into (window, "landlord_entry", "حمد الحارثي");
  type_into (window, "building_entry", "مبنى 12 الطابق 3");
  kiosk_ui_click (by_id (window, "landlord_next_button"));
  g_assert_cmpstr (step (window), ==, "wilayat");
  kiosk_ui_click (kiosk_ui_find_choice (by_id (window, "wilayat"), "BSH"));
  g_assert_cmpstr (step (window), ==, "area");
  /* Only Bawshar's areas. */
  g_assert_null (kiosk_ui_find_choice (by_id (window, "area"), "MSQ-SIDAB"));
  kiosk_ui_click (kiosk_ui_find_choice (by_id (window, "area"), "BSH-KHUWAIR"));
  g_assert_cmpstr (step (window), ==, "delivery");
  kiosk_ui_click (by_id (window, "counter_button"));
  g_assert_cmpstr (step (window), ==, "review");
  kiosk_ui_wait_for_frame (window);
  g_assert_true (kiosk_ui_shows_label (by_id (window, "review_grid"), "+968 9123 4567"));
  g_assert_true (kiosk_ui_shows_label (by_id (window, "review_grid"), "الخوير، بوشر"));
  g_assert_true (kiosk_ui_shows_label (by_id (window, "review_grid"), "لم يُذكر"));
  kiosk_ui_maybe_screenshot (window, "lease-review-ar.png");
  g_assert_cmpint (kiosk_test_count_rows (f->store, "outbox"), ==, 0);

  kiosk_ui_click (by_id (window, "submit_button"));
  g_assert_cmpstr (step (window), ==, "receipt");
  uuid = kiosk_lease_form_flow_get_uuid (flow);
  g_assert_nonnull (uuid);
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM lease_form_requests WHERE uuid = ?1"
                                         " AND reference = ?2 AND tenant_name = 'سالم البلوشي'"
                                         " AND civil_number = '12345678'"
                                         " AND phone = '+96891234567'"
                                         " AND landlord_name = 'حمد الحارثي'"
                                         " AND wilayat_code = 'BSH' AND area_code = 'BSH-KHUWAIR'"
                                         " AND building_details = 'مبنى 12 الطابق 3'"
                                         " AND contract_number IS NULL AND delivery = 'queue'",
                                         uuid, kiosk_lease_form_flow_get_reference (flow), NULL),
                   ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM outbox WHERE record_uuid = ?1"
                                         " AND kind = 'lease_form_request' AND state = 'queued'",
                                         uuid, NULL), ==, 1);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "payments"), ==, 0);
  qr = receipt_qr (f->store, uuid);
  g_assert_nonnull (qr);
  g_assert_true (kiosk_token_verify (f->store, qr, -1, KIOSK_TOKEN_RECEIPT, &token, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_token_get_fields (token)->reference, ==,
                   kiosk_lease_form_flow_get_reference (flow));
  pages = kiosk_ui_find_all (GTK_WIDGET (window), KIOSK_TYPE_RECEIPT_PAGE);
  g_assert_cmpuint (pages->len, ==, 1);
  kiosk_ui_wait_for_frame (window);
  g_assert_true (kiosk_ui_shows_label (g_ptr_array_index (pages, 0),
                                       kiosk_lease_form_flow_get_reference (flow)));
  kiosk_ui_maybe_screenshot (window, "lease-receipt-ar.png");

  /* A second tap sends nothing twice; back leaves. */
  gtk_widget_activate_action (GTK_WIDGET (flow), "lease.submit", NULL);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "lease_form_requests"), ==, 1);
  g_assert_false (kiosk_page_go_back (KIOSK_PAGE (flow)));
  kiosk_ui_close_window (window);
}

static void
test_every_bad_field_is_explained_and_kept (Fixture       *f,
                                            gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_visitor_show_service (f->store, "lease_form", TRUE);
  GtkEditable *name = GTK_EDITABLE (by_id (window, "tenant_name_entry"));
  GtkEditable *civil = GTK_EDITABLE (by_id (window, "civil_entry"));
  GtkEditable *phone = GTK_EDITABLE (by_id (window, "phone_entry"));
  g_autofree char *snapshot = kiosk_test_snapshot_tables (f->store);
  g_autofree char *after = NULL;
  g_autoptr(GString) long_name = g_string_new (NULL);

  /* Empty name. */
  kiosk_ui_click (by_id (window, "tenant_next_button"));
  g_assert_cmpstr (step (window), ==, "tenant");
  g_assert_cmpstr (error_shown (window, "tenant"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_EMPTY));
  /* Too long a name. */
  for (guint i = 0; i <= KIOSK_NAME_MAX_CHARS; i++)
    g_string_append (long_name, "م");
  gtk_editable_set_text (name, long_name->str);
  g_assert_null (error_shown (window, "tenant"));
  /* The field stops at the longest name the service takes; the civil number is next. */
  g_assert_cmpint (g_utf8_strlen (gtk_editable_get_text (name), -1), ==, KIOSK_NAME_MAX_CHARS);
  kiosk_ui_click (by_id (window, "tenant_next_button"));
  g_assert_cmpstr (error_shown (window, "tenant"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_EMPTY));
  KIOSK_UI_WAIT_FOR (gtk_widget_is_ancestor (kiosk_keyboard_get_target (
                                               kiosk_window_get_keyboard (window)),
                                             by_id (window, "civil_entry")));
  gtk_editable_set_text (name, "");
  type_into (window, "tenant_name_entry", "سالم");
  /* A civil number with letters, then a phone that is not Omani. */
  type_into (window, "civil_entry", "12");
  gtk_editable_set_text (civil, "12ab5678");
  kiosk_ui_click (by_id (window, "tenant_next_button"));
  g_assert_cmpstr (error_shown (window, "tenant"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_INVALID_CIVIL_NUMBER));
  g_assert_cmpstr (gtk_editable_get_text (civil), ==, "12ab5678");
  gtk_editable_set_text (civil, "12345678");
  type_into (window, "phone_entry", "1234");
  kiosk_ui_click (by_id (window, "tenant_next_button"));
  g_assert_cmpstr (step (window), ==, "tenant");
  g_assert_cmpstr (error_shown (window, "tenant"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_INVALID_PHONE));
  g_assert_cmpstr (gtk_editable_get_text (phone), ==, "1234");
  kiosk_ui_maybe_screenshot (window, "lease-tenant-error-ar.png");
  gtk_editable_set_text (phone, "");
  type_into (window, "phone_entry", "91234567");
  kiosk_ui_click (by_id (window, "tenant_next_button"));
  g_assert_cmpstr (step (window), ==, "landlord");

  /* Landlord empty; building with a control character; contract number too long. */
  kiosk_ui_click (by_id (window, "landlord_next_button"));
  g_assert_cmpstr (error_shown (window, "landlord"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_EMPTY));
  type_into (window, "landlord_entry", "حمد");
  gtk_editable_set_text (GTK_EDITABLE (by_id (window, "building_entry")), "مبنى\0333");
  kiosk_ui_click (by_id (window, "landlord_next_button"));
  g_assert_cmpstr (step (window), ==, "landlord");
  g_assert_cmpstr (error_shown (window, "landlord"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_INVALID_TEXT));
  gtk_editable_set_text (GTK_EDITABLE (by_id (window, "building_entry")), "مبنى 3");
  gtk_editable_set_text (GTK_EDITABLE (by_id (window, "contract_entry")), "LC-2024\a17");
  kiosk_ui_click (by_id (window, "landlord_next_button"));
  g_assert_cmpstr (step (window), ==, "landlord");
  g_assert_cmpstr (error_shown (window, "landlord"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_INVALID_TEXT));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (by_id (window, "contract_entry"))), ==,
                   "LC-2024\a17");

  after = kiosk_test_snapshot_tables (f->store);
  g_assert_cmpstr (after, ==, snapshot);
  kiosk_ui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  kiosk_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/kiosk/ui/lease-form/" path, Fixture, NULL, fixture_set_up, func, \
              kiosk_test_fixture_tear_down)

  ADD ("request-is-queued-with-its-receipt", test_request_is_queued_with_its_receipt);
  ADD ("every-bad-field-is-explained-and-kept", test_every_bad_field_is_explained_and_kept);

#undef ADD

  return g_test_run ();
}
