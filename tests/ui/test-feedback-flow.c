/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The suggestion / complaint / inquiry flow in the kiosk window under Xvfb, driven the way a
 * visitor drives it: tiles and buttons touched, text typed on the on-screen keyboard. It ends
 * with the feedback row and its outbox row in the real SQLite file; bad input is explained in
 * the visitor's language and what they typed stays. */
#define G_LOG_DOMAIN "test-feedback-flow"

#include "config.h"

#include <gtk/gtk.h>

#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-feedback-flow.h"
#include "kiosk-i18n.h"
#include "kiosk-services.h"
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

static GtkWidget *
choice (KioskWindow *window,
        const char  *code)
{
  GtkWidget *widget = kiosk_ui_find_choice (GTK_WIDGET (window), code);

  if (widget == NULL)
    g_error ("no choice \"%s\" on screen", code);
  return widget;
}

static const char *
step (KioskWindow *window)
{
  return kiosk_flow_get_step (KIOSK_FLOW (kiosk_window_get_page (window)));
}

/* Types `text` on the window's on-screen keyboard, one key per character (and "لا" as the
 * one key it is), switching layouts with the keyboard's own keys as a visitor would. */
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

      if (g_str_has_prefix (p, "لا"))
        key_text = g_strdup ("لا");
      else if (*p == ' ')
        key_text = g_strdup ("space");
      else
        key_text = g_strndup (p, g_utf8_next_char (p) - p);
      p += g_str_equal (key_text, "space") ? 1 : strlen (key_text);

      key = kiosk_keyboard_find_key (keyboard, key_text);
      if (key == NULL && kiosk_keyboard_get_layout (keyboard) != KIOSK_KEYBOARD_NUMERIC)
        {
          /* Not on these letters: the other letters, then digits and symbols. */
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

static char *
buffer_text (KioskWindow *window)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (by_id (window, "text_view")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static KioskWindow *
open_feedback (Fixture *f)
{
  KioskWindow *window = kiosk_ui_show_window (f->store, NULL);
  g_autoptr(GPtrArray) tiles = kiosk_ui_find_all (GTK_WIDGET (window), GTK_TYPE_BUTTON);

  for (guint i = 0; i < tiles->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (tiles, i)),
                   "win.open-service") == 0 &&
        g_str_equal (g_variant_get_string (gtk_actionable_get_action_target_value (
                       g_ptr_array_index (tiles, i)), NULL), "feedback"))
      kiosk_ui_click (g_ptr_array_index (tiles, i));
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "feedback");
  kiosk_ui_wait_for_frame (window);
  return window;
}

static void
test_complete_flow_stores_feedback_and_outbox_row (Fixture       *f,
                                                   gconstpointer  data)
{
  KioskWindow *window = open_feedback (f);
  KioskKeyboard *keyboard = kiosk_window_get_keyboard (window);
  KioskFeedbackFlow *flow;
  g_autofree char *typed = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *uuid = NULL;
  const char *text = "الإنارة لا تعمل في شارع 18 نوفمبر";

  g_assert_false (kiosk_window_get_keyboard_shown (window));
  /* Where the visitor is in the form, in the screen's digits (issue 11, item 17). */
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "الخطوة ١ من ٤"));
  kiosk_ui_click (choice (window, "complaint"));
  g_assert_cmpstr (step (window), ==, "text");
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "الخطوة ٢ من ٤"));
  g_assert_false (kiosk_ui_shows_label (GTK_WIDGET (window), "الخطوة ١ من ٤"));

  /* The text box has the focus, the keyboard is up in Arabic, and no system keyboard may
   * appear over it. */
  KIOSK_UI_WAIT_FOR (kiosk_window_get_keyboard_shown (window));
  g_assert_true (gtk_widget_has_focus (by_id (window, "text_view")));
  g_assert_true (gtk_text_view_get_input_hints (GTK_TEXT_VIEW (by_id (window, "text_view"))) &
                 GTK_INPUT_HINT_INHIBIT_OSK);
  g_assert_cmpint (kiosk_keyboard_get_layout (keyboard), ==, KIOSK_KEYBOARD_ARABIC);
  g_assert_true (kiosk_keyboard_get_target (keyboard) == by_id (window, "text_view"));
  kiosk_ui_maybe_screenshot (window, "feedback-text-ar.png");

  type (window, text);
  typed = buffer_text (window);
  g_assert_cmpstr (typed, ==, text);
  /* The counter speaks the screen's digits (Arabic-Indic by default). */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (by_id (window, "text_counter"))), ==,
                   "٣٣ / ٢٠٠٠");

  kiosk_ui_click (by_id (window, "text_next_button"));
  g_assert_cmpstr (step (window), ==, "phone");
  /* A phone number gets the numeric pad, and the entry keeps phone numbers left to right. */
  KIOSK_UI_WAIT_FOR (kiosk_window_get_keyboard_shown (window));
  g_assert_cmpint (kiosk_keyboard_get_layout (keyboard), ==, KIOSK_KEYBOARD_NUMERIC);
  g_assert_true (gtk_entry_get_input_hints (GTK_ENTRY (by_id (window, "phone_entry"))) &
                 GTK_INPUT_HINT_INHIBIT_OSK);
  g_assert_cmpint (gtk_entry_get_input_purpose (GTK_ENTRY (by_id (window, "phone_entry"))), ==,
                   GTK_INPUT_PURPOSE_PHONE);
  type (window, "91234567");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (by_id (window, "phone_entry"))), ==,
                   "91234567");
  kiosk_ui_click (by_id (window, "phone_next_button"));

  g_assert_cmpstr (step (window), ==, "review");
  kiosk_ui_wait_for_frame (window);
  g_assert_false (kiosk_window_get_keyboard_shown (window));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "شكوى"));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), text));
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "+968 9123 4567"));
  /* Nothing is stored before "send". */
  g_assert_cmpint (kiosk_test_count_rows (f->store, "feedback"), ==, 0);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "outbox"), ==, 0);

  kiosk_ui_click (by_id (window, "review_submit_button"));
  g_assert_cmpstr (step (window), ==, "done");
  flow = KIOSK_FEEDBACK_FLOW (kiosk_window_get_page (window));
  kiosk_ui_wait_for_frame (window);
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), kiosk_feedback_flow_get_reference (flow)));
  g_assert_true (g_str_has_prefix (kiosk_feedback_flow_get_reference (flow), "TST01-"));
  kiosk_ui_maybe_screenshot (window, "feedback-done-ar.png");

  /* The feedback row and its outbox row, in the real file. */
  uuid = g_strdup (kiosk_feedback_flow_get_uuid (flow));
  reference = g_strdup (kiosk_feedback_flow_get_reference (flow));
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM feedback WHERE uuid = ?1"
                                         " AND reference = ?2 AND kind = 'complaint'"
                                         " AND body = ?3 AND phone = '+96891234567'",
                                         uuid, reference, text, NULL), ==, 1);
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM outbox WHERE record_uuid = ?1"
                                         " AND kind = 'feedback' AND state = 'queued'"
                                         " AND json_extract (payload, '$.body') = ?2",
                                         uuid, text, NULL), ==, 1);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "outbox"), ==, 1);

  /* A second tap on "send" (or going back) files nothing twice. */
  gtk_widget_activate_action (GTK_WIDGET (flow), "feedback.submit", NULL);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "feedback"), ==, 1);

  /* Finish: home, and the flow with the visitor's text is gone. */
  g_object_add_weak_pointer (G_OBJECT (flow), (gpointer *) &flow);
  kiosk_ui_click (by_id (window, "done_button"));
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "home");
  g_assert_null (flow);
  g_assert_false (kiosk_ui_holds_text (GTK_WIDGET (window), "الإنارة"));

  kiosk_ui_close_window (window);
}

static const char *
error_shown (KioskWindow *window,
             const char  *id)
{
  GtkWidget *label = kiosk_ui_find_step_error (GTK_WIDGET (window), id);

  g_assert_nonnull (label);
  kiosk_ui_wait_for_frame (window);
  return gtk_widget_is_drawable (label) ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}

static void
test_bad_input_is_explained_and_kept (Fixture       *f,
                                      gconstpointer  data)
{
  KioskWindow *window = open_feedback (f);
  GtkTextBuffer *buffer;
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autofree char *kept = NULL;
  g_autofree char *snapshot = kiosk_test_snapshot_tables (f->store);
  g_autofree char *after = NULL;

  kiosk_ui_click (choice (window, "suggestion"));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (by_id (window, "text_view")));

  /* Empty. */
  g_assert_null (error_shown (window, "text"));
  kiosk_ui_click (by_id (window, "text_next_button"));
  g_assert_cmpstr (step (window), ==, "text");
  g_assert_cmpstr (error_shown (window, "text"), ==, "يُرجى الكتابة هنا أولاً.");
  kiosk_ui_maybe_screenshot (window, "feedback-text-error-ar.png");

  /* Too long: refused, and every character the visitor wrote is still there. */
  for (guint i = 0; i < KIOSK_FEEDBACK_MAX_CHARS; i++)
    g_string_append (long_text, i % 10 == 9 ? " " : "م");
  gtk_text_buffer_set_text (buffer, long_text->str, -1);
  type (window, "ن");
  /* Typing again takes the old message away. */
  g_assert_null (error_shown (window, "text"));
  kiosk_ui_click (by_id (window, "text_next_button"));
  g_assert_cmpstr (step (window), ==, "text");
  g_assert_cmpstr (error_shown (window, "text"), ==, "النص أطول من المسموح به. يُرجى اختصاره.");
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, KIOSK_FEEDBACK_MAX_CHARS + 1);
  g_assert_true (gtk_widget_has_css_class (by_id (window, "text_counter"), "kiosk-counter-over"));

  /* The message follows a language switch, as does the counter's script. */
  kiosk_window_set_language (window, "en");
  g_assert_cmpstr (error_shown (window, "text"), ==, "This is too long. Please shorten it.");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (by_id (window, "text_counter"))), ==,
                   "2001 / 2000");
  g_assert_cmpint (kiosk_keyboard_get_layout (kiosk_window_get_keyboard (window)), ==,
                   KIOSK_KEYBOARD_ENGLISH);
  kiosk_window_set_language (window, "ar");

  /* Control characters are refused as such. */
  gtk_text_buffer_set_text (buffer, "نص\001", -1);
  kiosk_ui_click (by_id (window, "text_next_button"));
  g_assert_cmpstr (error_shown (window, "text"), ==,
                   kiosk_error_text_for_code (KIOSK_ERROR_INVALID_TEXT));
  g_assert_cmpstr (step (window), ==, "text");

  /* Fixed: on to the phone, and the error is gone. */
  gtk_text_buffer_set_text (buffer, "", -1);
  type (window, "حديقة");
  kiosk_ui_click (by_id (window, "text_next_button"));
  g_assert_cmpstr (step (window), ==, "phone");

  /* A landline, then a short number: explained, kept as typed. */
  type (window, "24123456");
  kiosk_ui_click (by_id (window, "phone_next_button"));
  g_assert_cmpstr (step (window), ==, "phone");
  g_assert_true (g_str_has_prefix (error_shown (window, "phone"),
                                   "هذا ليس رقم هاتف نقال عمانياً."));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (by_id (window, "phone_entry"))), ==,
                   "24123456");
  kiosk_ui_maybe_screenshot (window, "feedback-phone-error-ar.png");

  /* Back keeps what was typed on the earlier step. */
  kiosk_ui_click (by_id (window, "back_button"));
  g_assert_cmpstr (step (window), ==, "text");
  kept = buffer_text (window);
  g_assert_cmpstr (kept, ==, "حديقة");
  kiosk_ui_click (by_id (window, "text_next_button"));

  /* Skip sends no number at all. */
  kiosk_ui_click (by_id (window, "phone_skip_button"));
  g_assert_cmpstr (step (window), ==, "review");
  g_assert_true (kiosk_ui_shows_label (GTK_WIDGET (window), "لم يُذكر"));

  /* Nothing was written by any of it. */
  after = kiosk_test_snapshot_tables (f->store);
  g_assert_cmpstr (after, ==, snapshot);

  kiosk_ui_click (by_id (window, "review_submit_button"));
  g_assert_cmpstr (step (window), ==, "done");
  g_assert_cmpint (kiosk_test_query_int (f->store,
                                         "SELECT count (*) FROM feedback WHERE kind = 'suggestion'"
                                         " AND body = 'حديقة' AND phone IS NULL", NULL), ==, 1);

  kiosk_ui_close_window (window);
}

static void
test_store_failure_is_explained_and_kept (Fixture       *f,
                                          gconstpointer  data)
{
  /* A flow whose store is gone: "send" must say so, keep everything, and allow a retry. */
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *flow = kiosk_feedback_flow_new (NULL);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (kiosk_ui_find_by_id (flow, "text_view")));
  GtkWidget *error;

  g_object_ref (window);
  gtk_window_set_child (window, flow);
  gtk_window_present (window);
  gtk_widget_activate_action (flow, "feedback.choose-kind", "s", "inquiry");
  gtk_text_buffer_set_text (buffer, "متى يفتح السوق؟", -1);
  gtk_widget_activate_action (flow, "feedback.text-next", NULL);
  gtk_widget_activate_action (kiosk_ui_find_by_id (flow, "phone"), "phone.skip", NULL);
  gtk_widget_activate_action (flow, "feedback.submit", NULL);

  g_assert_cmpstr (kiosk_flow_get_step (KIOSK_FLOW (flow)), ==, "review");
  error = kiosk_ui_find_step_error (flow, "review");
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error)), ==,
                   "تعذّر على الجهاز حفظ طلبك ولم يُسجَّل شيء. يُرجى طلب المساعدة من موظف الخدمة.");
  g_assert_null (kiosk_feedback_flow_get_reference (KIOSK_FEEDBACK_FLOW (flow)));
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 15);

  gtk_window_destroy (window);
  g_assert_finalize_object (window);
}

static void
test_every_error_code_has_a_sentence_in_both_languages (Fixture       *f,
                                                        gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (int code = KIOSK_ERROR_FAILED; code <= KIOSK_ERROR_CONFIG; code++)
    {
      g_autofree char *ar = NULL;
      g_autofree char *en = NULL;

      kiosk_i18n_set_language ("ar");
      ar = g_strdup (kiosk_error_text_for_code (code));
      kiosk_i18n_set_language ("en");
      en = g_strdup (kiosk_error_text_for_code (code));
      g_assert_cmpstr (ar, !=, en);
      g_assert_cmpuint (strlen (en), >, 10);
      g_hash_table_add (seen, g_strdup (ar));
    }
  /* The visitor-fixable codes each get their own sentence. */
  g_assert_cmpuint (g_hash_table_size (seen), >=, 17);
  kiosk_i18n_set_language ("ar");
}

int
main (int   argc,
      char *argv[])
{
  kiosk_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/kiosk/ui/feedback/" path, Fixture, NULL, fixture_set_up, func, \
              kiosk_test_fixture_tear_down)

  ADD ("complete-flow-stores-feedback-and-outbox-row",
       test_complete_flow_stores_feedback_and_outbox_row);
  ADD ("bad-input-is-explained-and-kept", test_bad_input_is_explained_and_kept);
  ADD ("store-failure-is-explained-and-kept", test_store_failure_is_explained_and_kept);
  ADD ("every-error-code-has-a-sentence-in-both-languages",
       test_every_error_code_has_a_sentence_in_both_languages);

#undef ADD

  return g_test_run ();
}
