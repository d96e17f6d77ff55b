/* The parking permit flow in the kiosk window under Xvfb, driven as a visitor drives it: the
 * plate typed on the on-screen keyboard, a zone, a period with its fee from the table, the
 * review, the card payment and the receipt; a bad plate is explained and kept. */
#define G_LOG_DOMAIN "test-parking-permit-flow"

#include "config.h"

#include <gtk/gtk.h>
#include <sqlite3.h>

#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-i18n.h"
#include "kiosk-money.h"
#include "kiosk-parking-permit-flow.h"
#include "kiosk-payment-step.h"
#include "kiosk-receipt-page.h"
#include "kiosk-services.h"
#include "kiosk-store-private.h"
#include "kiosk-token.h"
#include "kiosk-ui-test-util.h"

typedef KioskTestFixture Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  kiosk_test_fixture_set_up_seeded (f, data);
  kiosk_i18n_set_language ("ar");
}

static GtkWidget *
by_id (KioskWindow *window,
       const char  *id)
{
  GtkWidget *widget = kiosk_ui_find_by_id (GTK_WIDGET (window), id);

  if (widget == NULL)
    g_error ("no widget \"%s\" on screen", id);
  return widget;
}

static const char *
step (KioskWindow *window)
{
  return kiosk_flow_get_step (KIOSK_FLOW (kiosk_window_get_page (window)));
}

/* Types `text` on the on-screen keyboard, one key per character, switching layouts with the
 * keyboard's own keys as a visitor would. */
static void
type (KioskWindow *window,
      const char  *text)
{
  KioskKeyboard *keyboard = kiosk_window_get_keyboard (window);

  g_assert_true (kiosk_window_get_keyboard_shown (window));
  for (const char *p = text; *p != '\0';)
    {
      g_autofree char *key_text = NULL;
      GtkWidget *key;

      if (*p == ' ')
        key_text = g_strdup ("space");
      else
        key_text = g_strndup (p, g_utf8_next_char (p) - p);
      p += g_str_equal (key_text, "space") ? 1 : strlen (key_text);

      key = kiosk_keyboard_find_key (keyboard, key_text);
      if (key == NULL && kiosk_keyboard_get_layout (keyboard) != KIOSK_KEYBOARD_NUMERIC)
        {
          KioskKeyboardLayout start = kiosk_keyboard_get_layout (keyboard);

          kiosk_keyboard_set_layout (keyboard, start == KIOSK_KEYBOARD_ARABIC
                                                 ? KIOSK_KEYBOARD_ENGLISH
                                                 : KIOSK_KEYBOARD_ARABIC);
          key = kiosk_keyboard_find_key (keyboard, key_text);
          if (key == NULL)
            {
              kiosk_keyboard_set_layout (keyboard, KIOSK_KEYBOARD_SYMBOLS);
              key = kiosk_keyboard_find_key (keyboard, key_text);
            }
        }
      if (key == NULL)
        g_error ("no key types \"%s\"", key_text);
      kiosk_ui_click (key);
    }
}

static KioskWindow *
open_service (Fixture    *f,
              const char *code)
{
  KioskWindow *window = kiosk_ui_show_window (f->store, NULL);
  g_autoptr(GPtrArray) tiles = kiosk_ui_find_all (GTK_WIDGET (window), GTK_TYPE_BUTTON);
  gboolean found = FALSE;

  for (guint i = 0; i < tiles->len && !found; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (tiles, i)),
                   "win.open-service") == 0 &&
        g_str_equal (g_variant_get_string (gtk_actionable_get_action_target_value (
                       g_ptr_array_index (tiles, i)), NULL), code))
      {
        kiosk_ui_click (g_ptr_array_index (tiles, i));
        found = TRUE;
      }
  g_assert_true (found);
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, code);
  kiosk_ui_wait_for_frame (window);
  KIOSK_UI_WAIT_FOR (kiosk_window_get_keyboard_shown (window));
  return window;
}

static const char *
error_shown (KioskWindow *window,
             const char  *id)
{
  GtkWidget *label = by_id (window, id);

  kiosk_ui_wait_for_frame (window);
  return gtk_widget_is_drawable (label) ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}

static GtkWidget *
named_child (GtkWidget  *parent,
             const char *name)
{
  for (GtkWidget *c = gtk_widget_get_first_child (parent); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (g_strcmp0 (gtk_widget_get_name (c), name) == 0)
      return c;
  return NULL;
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
      found = by_name (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
receipt_qr (KioskStore *store,
            const char *record_uuid)
{
  sqlite3_stmt *stmt = NULL;
  char *qr = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (kiosk_store_get_db (store),
                                       "SELECT qr_payload FROM receipts WHERE record_uuid = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, record_uuid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    qr = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return qr;
}

static void
test_permit_for_a_zone_and_period_is_paid_and_receipted (Fixture       *f,
                                                         gconstpointer  data)
{
  KioskWindow *window = open_service (f, "parking_permit");
  KioskParkingPermitFlow *flow = KIOSK_PARKING_PERMIT_FLOW (kiosk_window_get_page (window));
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *qr = NULL;
  g_autofree char *fee = NULL;
  const char *uuid;

  g_assert_cmpint (kiosk_keyboard_get_layout (kiosk_window_get_keyboard (window)), ==,
                   KIOSK_KEYBOARD_ARABIC);
  type (window, "9415 ه");
  kiosk_ui_click (by_id (window, "plate_next_button"));
  g_assert_cmpstr (step (window), ==, "zone");
  kiosk_ui_wait_for_frame (window);
  kiosk_ui_maybe_screenshot (window, "parking-permit-zone-ar.png");
  kiosk_ui_click (named_child (by_id (window, "zone_list"), "PZ-QURUM"));
  g_assert_cmpstr (step (window), ==, "period");
  /* Every period the table prices, each with its fee: 3 months in Qurum is 71.000. */
  g_assert_nonnull (named_child (by_id (window, "period_list"), "period_1"));
  g_assert_nonnull (named_child (by_id (window, "period_list"), "period_12"));
  fee = kiosk_money_format (71000, KIOSK_LANG_AR, kiosk_i18n_get_digits ());
  g_assert_true (kiosk_ui_holds_text (named_child (by_id (window, "period_list"), "period_3"), fee));
  kiosk_ui_click (named_child (by_id (window, "period_list"), "period_3"));
  g_assert_cmpstr (step (window), ==, "review");
  g_assert_true (kiosk_ui_shows_label (by_id (window, "review_grid"), fee));
  g_assert_true (kiosk_ui_holds_text (by_id (window, "review_grid"), "القرم"));
  kiosk_ui_maybe_screenshot (window, "parking-permit-review-ar.png");
  g_assert_cmpint (kiosk_test_count_rows (f->store, "parking_permit_requests"), ==, 0);

  kiosk_ui_click (by_id (window, "pay_button"));
  g_assert_cmpstr (step (window), ==, "pay");
  kiosk_ui_click (by_name (GTK_WIDGET (window), "payment-card"));
  KIOSK_UI_WAIT_FOR (g_strcmp0 (step (window), "receipt") == 0);
  uuid = kiosk_parking_permit_flow_get_uuid (flow);
  g_assert_nonnull (uuid);
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM parking_permit_requests r"
                                         " JOIN payments p ON p.uuid = r.payment_uuid"
                                         " WHERE r.uuid = ?1 AND r.reference = ?2"
                                         " AND r.plate = '9415 H' AND r.zone_code = 'PZ-QURUM'"
                                         " AND r.period_months = 3 AND p.amount_baisa = 71000"
                                         " AND p.status = 'approved_online'",
                                         uuid, kiosk_parking_permit_flow_get_reference (flow),
                                         NULL), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM outbox WHERE record_uuid = ?1"
                                         " AND kind = 'parking_permit_request'",
                                         uuid, NULL), ==, 1);
  qr = receipt_qr (f->store, uuid);
  g_assert_nonnull (qr);
  g_assert_true (kiosk_token_verify (f->store, qr, -1, KIOSK_TOKEN_RECEIPT, &token, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_token_get_fields (token)->amount, ==, 71000);
  kiosk_ui_wait_for_frame (window);
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window),
                                       kiosk_parking_permit_flow_get_reference (flow)));
  kiosk_ui_maybe_screenshot (window, "parking-permit-receipt-ar.png");
  g_assert_false (kiosk_page_go_back (kiosk_window_get_page (window)));
  kiosk_ui_close_window (window);
}

static void
test_bad_plate_is_explained_and_kept (Fixture       *f,
                                      gconstpointer  data)
{
  KioskWindow *window = open_service (f, "parking_permit");

  kiosk_ui_click (by_id (window, "plate_next_button"));
  g_assert_cmpstr (step (window), ==, "plate");
  g_assert_cmpstr (error_shown (window, "plate_error"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_EMPTY));
  type (window, "123456 ق");
  g_assert_null (error_shown (window, "plate_error"));
  kiosk_ui_click (by_id (window, "plate_next_button"));
  g_assert_cmpstr (step (window), ==, "plate");
  g_assert_cmpstr (error_shown (window, "plate_error"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_INVALID_PLATE));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (by_id (window, "plate_entry"))), ==,
                   "123456 ق");
  g_assert_cmpint (kiosk_test_count_rows (f->store, "outbox"), ==, 0);
  kiosk_ui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  kiosk_ui_test_init (&argc, &argv);
  g_setenv ("KIOSK_SIMULATED_PAYMENT_MS", "20", TRUE);
  kiosk_payment_step_set_default_spec ("simulated:approve");

#define ADD(path, func) \
  g_test_add ("/kiosk/ui/parking-permit/" path, Fixture, NULL, fixture_set_up, func, \
              kiosk_test_fixture_tear_down)

  ADD ("permit-for-a-zone-and-period-is-paid-and-receipted",
       test_permit_for_a_zone_and_period_is_paid_and_receipted);
  ADD ("bad-plate-is-explained-and-kept", test_bad_plate_is_explained_and_kept);

#undef ADD

  return g_test_run ();
}
