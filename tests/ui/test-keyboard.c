/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The on-screen keyboard under Xvfb: its keys, activated as a touch activates them, type into
 * the focused entry or text view without taking the focus; Arabic runs right to left; shift,
 * symbols, the language key and the numeric pad; keys big enough for a finger. */
#define G_LOG_DOMAIN "test-keyboard"

#include "config.h"

#include <gtk/gtk.h>

#include "kiosk-i18n.h"
#include "kiosk-keyboard.h"
#include "kiosk-ui-test-util.h"

typedef struct
{
  GtkWindow     *window;
  GtkEntry      *entry;
  GtkTextView   *view;
  KioskKeyboard *keyboard;
  gboolean       hide_requested;
} Fixture;

static void
hide_requested_cb (KioskKeyboard *keyboard,
                   Fixture       *f)
{
  f->hide_requested = TRUE;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  kiosk_i18n_set_language ("ar");
  f->window = GTK_WINDOW (gtk_window_new ());
  g_object_ref (f->window);
  gtk_widget_add_css_class (GTK_WIDGET (f->window), "kiosk");
  gtk_window_set_default_size (f->window, 1080, 1200);
  f->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_input_hints (f->entry, GTK_INPUT_HINT_INHIBIT_OSK);
  f->view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_widget_set_size_request (GTK_WIDGET (f->view), -1, 200);
  f->keyboard = KIOSK_KEYBOARD (kiosk_keyboard_new ());
  g_signal_connect (f->keyboard, "hide-requested", G_CALLBACK (hide_requested_cb), f);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->view));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->keyboard));
  gtk_window_set_child (f->window, box);
  gtk_window_present (f->window);
  KIOSK_UI_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->keyboard)));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_assert_finalize_object (f->window);
}

/* Touches the key of the shown layout that types `text` (or the named special key). */
static void
press (Fixture    *f,
       const char *text)
{
  GtkWidget *key = kiosk_keyboard_find_key (f->keyboard, text);

  if (key == NULL)
    g_error ("no key \"%s\" in the layout shown", text);
  g_assert_true (gtk_widget_is_drawable (key));
  kiosk_ui_click (key);
}

static void
focus (Fixture   *f,
       GtkWidget *target)
{
  gtk_widget_grab_focus (target);
  KIOSK_UI_WAIT_FOR (gtk_widget_has_focus (target) ||
                     gtk_widget_has_focus (GTK_WIDGET (gtk_editable_get_delegate (
                       GTK_EDITABLE (target)))));
}

static GtkWidget *
entry_text (Fixture *f)
{
  /* What has the focus in a GtkEntry, and what the kiosk window hands the keyboard. */
  return GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (f->entry)));
}

static void
test_types_arabic_into_focused_entry (Fixture       *f,
                                      gconstpointer  data)
{
  focus (f, GTK_WIDGET (f->entry));
  kiosk_keyboard_set_target (f->keyboard, entry_text (f));
  kiosk_keyboard_set_layout (f->keyboard, KIOSK_KEYBOARD_ARABIC);

  press (f, "ش");
  press (f, "ك");
  press (f, "ر");
  press (f, "ا");
  press (f, "space");
  press (f, "لا");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->entry)), ==, "شكرا لا");

  /* Backspace removes one character (the alef of "لا"), at the cursor. */
  press (f, "backspace");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->entry)), ==, "شكرا ل");
  gtk_editable_set_position (GTK_EDITABLE (f->entry), 2);
  press (f, "ذ");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->entry)), ==, "شكذرا ل");

  /* Keys never take the focus: the entry keeps it, and its cursor. */
  g_assert_true (gtk_widget_has_focus (entry_text (f)));
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (f->entry)), ==, 3);
}

static void
test_shift_types_one_capital (Fixture       *f,
                              gconstpointer  data)
{
  focus (f, GTK_WIDGET (f->entry));
  kiosk_keyboard_set_target (f->keyboard, entry_text (f));
  kiosk_keyboard_set_layout (f->keyboard, KIOSK_KEYBOARD_ENGLISH);

  press (f, "shift");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (kiosk_keyboard_find_key (f->keyboard, "h"))),
                   ==, "H");
  press (f, "h");
  press (f, "i");
  press (f, ".");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->entry)), ==, "Hi.");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (kiosk_keyboard_find_key (f->keyboard, "h"))),
                   ==, "h");
}

static void
test_types_into_text_view_at_cursor (Fixture       *f,
                                     gconstpointer  data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (f->view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_set_text (buffer, "ab", -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, 1);
  gtk_text_buffer_place_cursor (buffer, &start);
  focus (f, GTK_WIDGET (f->view));
  kiosk_keyboard_set_target (f->keyboard, GTK_WIDGET (f->view));
  kiosk_keyboard_set_layout (f->keyboard, KIOSK_KEYBOARD_SYMBOLS);

  press (f, "1");
  press (f, "؟");
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (text, ==, "a1؟b");
  g_clear_pointer (&text, g_free);

  /* A selection is replaced, as a physical keyboard does. */
  gtk_text_buffer_get_iter_at_offset (buffer, &start, 0);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, 3);
  gtk_text_buffer_select_range (buffer, &start, &end);
  press (f, "backspace");
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (text, ==, "b");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (f->view)));
}

static void
test_layout_keys_switch_layouts_and_hide (Fixture       *f,
                                          gconstpointer  data)
{
  kiosk_keyboard_set_layout (f->keyboard, KIOSK_KEYBOARD_ARABIC);
  press (f, "language");
  g_assert_cmpint (kiosk_keyboard_get_layout (f->keyboard), ==, KIOSK_KEYBOARD_ENGLISH);
  press (f, "language");
  g_assert_cmpint (kiosk_keyboard_get_layout (f->keyboard), ==, KIOSK_KEYBOARD_ARABIC);
  press (f, "symbols");
  g_assert_cmpint (kiosk_keyboard_get_layout (f->keyboard), ==, KIOSK_KEYBOARD_SYMBOLS);
  /* On an Arabic screen the symbols still face left to right: "(" is not mirrored. */
  g_assert_cmpint (gtk_widget_get_direction (gtk_button_get_child (GTK_BUTTON (
                     kiosk_keyboard_find_key (f->keyboard, "(")))), ==, GTK_TEXT_DIR_LTR);
  /* Back to the letters of the language on screen. */
  press (f, "letters");
  g_assert_cmpint (kiosk_keyboard_get_layout (f->keyboard), ==, KIOSK_KEYBOARD_ARABIC);

  g_assert_false (f->hide_requested);
  press (f, "hide");
  g_assert_true (f->hide_requested);
}

static void
test_input_purpose_picks_layout (Fixture       *f,
                                 gconstpointer  data)
{
  g_assert_cmpint (kiosk_keyboard_layout_for (entry_text (f), "ar"), ==, KIOSK_KEYBOARD_ARABIC);
  g_assert_cmpint (kiosk_keyboard_layout_for (entry_text (f), "en"), ==, KIOSK_KEYBOARD_ENGLISH);
  gtk_entry_set_input_purpose (f->entry, GTK_INPUT_PURPOSE_PHONE);
  g_assert_cmpint (kiosk_keyboard_layout_for (entry_text (f), "ar"), ==, KIOSK_KEYBOARD_NUMERIC);
  gtk_entry_set_input_purpose (f->entry, GTK_INPUT_PURPOSE_NUMBER);
  g_assert_cmpint (kiosk_keyboard_layout_for (entry_text (f), "en"), ==, KIOSK_KEYBOARD_NUMERIC);

  focus (f, GTK_WIDGET (f->entry));
  kiosk_keyboard_set_target (f->keyboard, entry_text (f));
  kiosk_keyboard_set_layout (f->keyboard, KIOSK_KEYBOARD_NUMERIC);
  press (f, "9");
  press (f, "1");
  press (f, "+");
  press (f, "0");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->entry)), ==, "91+0");
  /* The numeric pad has no letters. */
  g_assert_null (kiosk_keyboard_find_key (f->keyboard, "ض"));
  g_assert_null (kiosk_keyboard_find_key (f->keyboard, "a"));
}

static void
test_read_only_and_vanished_targets_get_nothing (Fixture       *f,
                                                 gconstpointer  data)
{
  GtkWidget *other = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (f->entry), "ثابت");
  gtk_editable_set_editable (GTK_EDITABLE (f->entry), FALSE);
  kiosk_keyboard_set_target (f->keyboard, entry_text (f));
  kiosk_keyboard_set_layout (f->keyboard, KIOSK_KEYBOARD_ARABIC);
  press (f, "ب");
  press (f, "backspace");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->entry)), ==, "ثابت");

  /* The keyboard holds its target weakly: a page that goes away takes its text with it. */
  g_object_ref_sink (other);
  kiosk_keyboard_set_target (f->keyboard, other);
  g_assert_true (kiosk_keyboard_get_target (f->keyboard) == other);
  g_assert_finalize_object (other);
  g_assert_null (kiosk_keyboard_get_target (f->keyboard));
  press (f, "ب");
}

static void
test_arabic_runs_right_to_left_with_big_keys (Fixture       *f,
                                              gconstpointer  data)
{
  const KioskKeyboardLayout layouts[] = {
    KIOSK_KEYBOARD_ARABIC, KIOSK_KEYBOARD_ENGLISH, KIOSK_KEYBOARD_SYMBOLS, KIOSK_KEYBOARD_NUMERIC,
    KIOSK_KEYBOARD_ARABIC_DIGITS, KIOSK_KEYBOARD_ENGLISH_DIGITS,
  };
  graphene_rect_t first, last;
  GtkWidget *dad, *zad;

  kiosk_keyboard_set_layout (f->keyboard, KIOSK_KEYBOARD_ARABIC);
  kiosk_ui_spin (50);
  dad = kiosk_keyboard_find_key (f->keyboard, "ض");
  zad = kiosk_keyboard_find_key (f->keyboard, "د");
  g_assert_true (gtk_widget_compute_bounds (dad, GTK_WIDGET (f->keyboard), &first));
  g_assert_true (gtk_widget_compute_bounds (zad, GTK_WIDGET (f->keyboard), &last));
  /* ض opens the top row on the right, as on a printed Arabic keyboard. */
  g_assert_cmpfloat (first.origin.x, >, last.origin.x);

  for (guint l = 0; l < G_N_ELEMENTS (layouts); l++)
    {
      g_autoptr(GPtrArray) keys = NULL;
      guint shown = 0;

      kiosk_keyboard_set_layout (f->keyboard, layouts[l]);
      kiosk_ui_spin (50);
      /* A layout shown for the first time is laid out on a later frame. */
      KIOSK_UI_WAIT_FOR (gtk_widget_get_height (kiosk_keyboard_find_key (f->keyboard, "hide")) > 0);
      keys = kiosk_ui_find_all (GTK_WIDGET (f->keyboard), GTK_TYPE_BUTTON);
      for (guint i = 0; i < keys->len; i++)
        {
          GtkWidget *key = g_ptr_array_index (keys, i);

          if (!gtk_widget_is_drawable (key))
            continue;
          shown++;
          /* At least 72 px each way: a fingertip, not a stylus. */
          g_assert_cmpint (gtk_widget_get_height (key), >=, 72);
          g_assert_cmpint (gtk_widget_get_width (key), >=, 72);
          g_assert_false (gtk_widget_get_focusable (key));
          g_assert_false (gtk_widget_get_focus_on_click (key));
        }
      g_assert_cmpuint (shown, >=, 13);
    }
}

int
main (int   argc,
      char *argv[])
{
  kiosk_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/kiosk/ui/keyboard/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("types-arabic-into-focused-entry", test_types_arabic_into_focused_entry);
  ADD ("shift-types-one-capital", test_shift_types_one_capital);
  ADD ("types-into-text-view-at-cursor", test_types_into_text_view_at_cursor);
  ADD ("layout-keys-switch-layouts-and-hide", test_layout_keys_switch_layouts_and_hide);
  ADD ("input-purpose-picks-layout", test_input_purpose_picks_layout);
  ADD ("read-only-and-vanished-targets-get-nothing",
       test_read_only_and_vanished_targets_get_nothing);
  ADD ("arabic-runs-right-to-left-with-big-keys", test_arabic_runs_right_to_left_with_big_keys);

#undef ADD

  return g_test_run ();
}
