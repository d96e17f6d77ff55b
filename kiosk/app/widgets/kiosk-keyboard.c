/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The on-screen keyboard. Keys are built from the layout tables below rather than a template:
 * a layout is data (rows of keys and their widths), and a table is easier to check against
 * the Arabic PC layout than 40 <object>s. */
#define G_LOG_DOMAIN "kiosk-keyboard"

#include "config.h"

#include "kiosk-keyboard.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-i18n.h"

typedef enum
{
  KEY_CHAR,
  KEY_BACKSPACE,
  KEY_SPACE,
  KEY_SHIFT,
  KEY_SYMBOLS,
  KEY_LETTERS,
  KEY_LANGUAGE,
  KEY_HIDE,
} KeyKind;

/* A row is written as space-separated keys; "~name" is a special key, ":N" a width in
 * units (a letter is 2 units wide). */
typedef struct
{
  KioskKeyboardLayout  layout;
  const char          *name;
  GtkTextDirection     direction;
  guint                units;      /* the width of the widest row */
  const char          *rows[6];
} LayoutSpec;

static const LayoutSpec layouts[] = {
  /* The standard Arabic (101) PC layout's letter rows; ذ (on the key left of 1 there) leads
   * the third row, and the alef forms that PC users reach with Shift get keys of their own,
   * since a touchscreen has no chords. */
  { KIOSK_KEYBOARD_ARABIC, "arabic", GTK_TEXT_DIR_RTL, 24, {
      "ض ص ث ق ف غ ع ه خ ح ج د",
      "ش س ي ب ل ا ت ن م ك ط",
      "ذ ئ ء ؤ ر لا ى ة و ز ظ ~backspace:2",
      "~symbols:3 ~language:3 أ إ آ ~space:7 ، ~hide:3",
      NULL } },
  { KIOSK_KEYBOARD_ENGLISH, "english", GTK_TEXT_DIR_LTR, 20, {
      "q w e r t y u i o p",
      "a s d f g h j k l",
      "~shift:3 z x c v b n m ~backspace:3",
      "~symbols:3 ~language:3 , ~space:7 . ~hide:3",
      NULL } },
  { KIOSK_KEYBOARD_SYMBOLS, "symbols", GTK_TEXT_DIR_LTR, 20, {
      "1 2 3 4 5 6 7 8 9 0",
      "@ # % & * - + = ( )",
      "! ? ؟ ، : ; ' \" / ~backspace:2",
      "~letters:4 _ ~space:8 . ~hide:4",
      NULL } },
  /* The digits row reads 1 to 0 from the left, as on the printed plate and a PC keyboard:
   * written here from the right, as the grid runs right to left. */
  { KIOSK_KEYBOARD_ARABIC_DIGITS, "arabic-digits", GTK_TEXT_DIR_RTL, 24, {
      "~backspace:4 0 9 8 7 6 5 4 3 2 1",
      "ض ص ث ق ف غ ع ه خ ح ج د",
      "ش س ي ب ل ا ت ن م ك ط",
      "ذ ئ ء ؤ ر لا ى ة و ز ظ",
      "~language:4 أ إ آ ~space:8 ~hide:4",
      NULL } },
  { KIOSK_KEYBOARD_ENGLISH_DIGITS, "english-digits", GTK_TEXT_DIR_LTR, 20, {
      "1 2 3 4 5 6 7 8 9 0",
      "q w e r t y u i o p",
      "a s d f g h j k l -",
      "~shift:3 z x c v b n m ~backspace:3",
      "~language:4 ~space:10 . ~hide:4",
      NULL } },
  { KIOSK_KEYBOARD_NUMERIC, "numeric", GTK_TEXT_DIR_LTR, 6, {
      "1 2 3",
      "4 5 6",
      "7 8 9",
      "+ 0 ~backspace:2",
      "~hide:6",
      NULL } },
};

struct _KioskKeyboard
{
  GtkWidget            parent_instance;

  GtkStack            *stack;
  GtkWidget           *target;      /* weak */
  KioskKeyboardLayout  layout;
  gboolean             shifted;
  GPtrArray           *keys;        /* every key button, for re-labelling */
};

G_DEFINE_FINAL_TYPE (KioskKeyboard, kiosk_keyboard, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_HIDE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define KEY_KIND "kiosk-key-kind"
#define KEY_TEXT "kiosk-key-text"
#define KEY_LAYOUT "kiosk-key-layout"

static const LayoutSpec *
layout_spec (KioskKeyboardLayout layout)
{
  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    if (layouts[i].layout == layout)
      return &layouts[i];
  g_return_val_if_reached (&layouts[0]);
}

static gboolean
is_arabic (KioskKeyboardLayout layout)
{
  return layout == KIOSK_KEYBOARD_ARABIC || layout == KIOSK_KEYBOARD_ARABIC_DIGITS;
}

/* The English letters, the ones with a shift key. */
static gboolean
is_english (KioskKeyboardLayout layout)
{
  return layout == KIOSK_KEYBOARD_ENGLISH || layout == KIOSK_KEYBOARD_ENGLISH_DIGITS;
}

static KeyKind
key_kind (GtkWidget *key)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (key), KEY_KIND));
}

static const char *
key_text (GtkWidget *key)
{
  return g_object_get_data (G_OBJECT (key), KEY_TEXT);
}

static KioskKeyboardLayout
key_layout (GtkWidget *key)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (key), KEY_LAYOUT));
}

static const char *
special_name (KeyKind kind)
{
  switch (kind)
    {
    case KEY_BACKSPACE: return "backspace";
    case KEY_SPACE: return "space";
    case KEY_SHIFT: return "shift";
    case KEY_SYMBOLS: return "symbols";
    case KEY_LETTERS: return "letters";
    case KEY_LANGUAGE: return "language";
    case KEY_HIDE: return "hide";
    case KEY_CHAR:
    default:
      return NULL;
    }
}

static KeyKind
special_kind (const char *name)
{
  static const KeyKind kinds[] = {
    KEY_BACKSPACE, KEY_SPACE, KEY_SHIFT, KEY_SYMBOLS, KEY_LETTERS, KEY_LANGUAGE, KEY_HIDE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (special_name (kinds[i]), name))
      return kinds[i];
  g_return_val_if_reached (KEY_CHAR);
}

/* Editing ------------------------------------------------------------------------------ */

static gboolean
target_is_editable (GtkWidget *target)
{
  if (GTK_IS_TEXT_VIEW (target))
    return gtk_text_view_get_editable (GTK_TEXT_VIEW (target));
  if (GTK_IS_EDITABLE (target))
    return gtk_editable_get_editable (GTK_EDITABLE (target));
  return FALSE;
}

static void
type_text (KioskKeyboard *self,
           const char    *text)
{
  GtkWidget *target = self->target;

  if (target == NULL || !target_is_editable (target))
    return;

  if (GTK_IS_TEXT_VIEW (target))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (target));

      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE);
      gtk_text_buffer_end_user_action (buffer);
      gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (target),
                                          gtk_text_buffer_get_insert (buffer));
    }
  else
    {
      GtkEditable *editable = GTK_EDITABLE (target);
      int start, end, position;

      if (gtk_editable_get_selection_bounds (editable, &start, &end))
        gtk_editable_delete_text (editable, start, end);
      position = gtk_editable_get_position (editable);
      gtk_editable_insert_text (editable, text, -1, &position);
      gtk_editable_set_position (editable, position);
    }
}

static void
backspace (KioskKeyboard *self)
{
  GtkWidget *target = self->target;

  if (target == NULL || !target_is_editable (target))
    return;

  if (GTK_IS_TEXT_VIEW (target))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (target));
      GtkTextIter cursor;

      if (gtk_text_buffer_delete_selection (buffer, TRUE, TRUE))
        return;
      gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
      gtk_text_buffer_backspace (buffer, &cursor, TRUE, TRUE);
    }
  else
    {
      GtkEditable *editable = GTK_EDITABLE (target);
      int start, end, position;

      if (gtk_editable_get_selection_bounds (editable, &start, &end))
        {
          gtk_editable_delete_text (editable, start, end);
          return;
        }
      position = gtk_editable_get_position (editable);
      if (position > 0)
        gtk_editable_delete_text (editable, position - 1, position);
    }
}

/* Labels -------------------------------------------------------------------------------- */

static void
set_key_icon (GtkWidget  *key,
              const char *icon_name)
{
  GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

  gtk_image_set_pixel_size (GTK_IMAGE (image), 40);
  gtk_button_set_child (GTK_BUTTON (key), image);
}

static void label_key_content (KioskKeyboard *self,
                               GtkWidget     *key);

/* A key's face takes its layout's direction, not the screen's: "(" on the symbols layout of
 * an Arabic screen must not be mirrored. */
static void
label_key (KioskKeyboard *self,
           GtkWidget     *key)
{
  label_key_content (self, key);
  if (key_kind (key) != KEY_LANGUAGE && gtk_button_get_child (GTK_BUTTON (key)) != NULL)
    gtk_widget_set_direction (gtk_button_get_child (GTK_BUTTON (key)),
                              layout_spec (key_layout (key))->direction);
}

static void
label_key_content (KioskKeyboard *self,
                   GtkWidget     *key)
{
  KioskKeyboardLayout layout = key_layout (key);
  const char *text = key_text (key);

  switch (key_kind (key))
    {
    case KEY_CHAR:
      if (is_english (layout) && self->shifted)
        {
          g_autofree char *upper = g_utf8_strup (text, -1);

          gtk_button_set_label (GTK_BUTTON (key), upper);
          kiosk_accessible_set_label (key, upper);
        }
      else
        {
          gtk_button_set_label (GTK_BUTTON (key), text);
          kiosk_accessible_set_label (key, text);
        }
      break;
    case KEY_BACKSPACE:
      /* Deleting goes against the writing direction: the arrow points where the text ends. */
      set_key_icon (key, is_arabic (layout) ? "kiosk-backspace-rtl-symbolic"
                                                         : "kiosk-backspace-symbolic");
      /* Translators: accessible name of the on-screen keyboard's backspace key. */
      kiosk_accessible_set_label (key, _("Delete"));
      break;
    case KEY_SPACE:
      /* Translators: the on-screen keyboard's space bar (written on the key). */
      gtk_button_set_label (GTK_BUTTON (key), C_("keyboard", "space"));
      /* Translators: accessible name of the on-screen keyboard's space bar. */
      kiosk_accessible_set_label (key, _("Space"));
      break;
    case KEY_SHIFT:
      set_key_icon (key, "kiosk-shift-symbolic");
      /* Translators: accessible name of the English keyboard's shift key. */
      kiosk_accessible_set_label (key, _("Capital letter"));
      break;
    case KEY_SYMBOLS:
      /* Key text: digits and symbols; the digits are shown as the Arabic screens write them. */
      gtk_button_set_label (GTK_BUTTON (key), is_arabic (layout) ? "؟١٢٣" : "?123");
      /* Translators: accessible name of the key that shows digits and symbols. */
      kiosk_accessible_set_label (key, _("Numbers and symbols"));
      break;
    case KEY_LETTERS:
      gtk_button_set_label (GTK_BUTTON (key),
                            kiosk_i18n_is_rtl () ? "أ ب ت" : "ABC");
      /* Translators: accessible name of the key that goes back from symbols to letters. */
      kiosk_accessible_set_label (key, _("Letters"));
      break;
    case KEY_LANGUAGE:
      /* Each writes the other keyboard's language in that language. */
      gtk_button_set_label (GTK_BUTTON (key),
                            is_arabic (layout) ? "English" : "عربي");
      gtk_widget_set_direction (gtk_button_get_child (GTK_BUTTON (key)),
                                is_arabic (layout) ? GTK_TEXT_DIR_LTR : GTK_TEXT_DIR_RTL);
      kiosk_accessible_set_label (key, is_arabic (layout)
                                         /* Translators: accessible name of the key that
                                          * switches the keyboard to English letters. */
                                         ? _("English keyboard")
                                         /* Translators: accessible name of the key that
                                          * switches the keyboard to Arabic letters. */
                                         : _("Arabic keyboard"));
      break;
    case KEY_HIDE:
      set_key_icon (key, "kiosk-keyboard-hide-symbolic");
      /* Translators: accessible name of the key that closes the on-screen keyboard. */
      kiosk_accessible_set_label (key, _("Hide the keyboard"));
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
set_shifted (KioskKeyboard *self,
             gboolean       shifted)
{
  if (self->shifted == shifted)
    return;
  self->shifted = shifted;
  for (guint i = 0; i < self->keys->len; i++)
    {
      GtkWidget *key = g_ptr_array_index (self->keys, i);

      if (is_english (key_layout (key)))
        {
          if (key_kind (key) == KEY_CHAR)
            label_key (self, key);
          else if (key_kind (key) == KEY_SHIFT)
            {
              if (shifted)
                gtk_widget_add_css_class (key, "kiosk-key-latched");
              else
                gtk_widget_remove_css_class (key, "kiosk-key-latched");
            }
        }
    }
}

static void
key_clicked_cb (GtkButton     *button,
                KioskKeyboard *self)
{
  GtkWidget *key = GTK_WIDGET (button);

  switch (key_kind (key))
    {
    case KEY_CHAR:
      if (is_english (key_layout (key)) && self->shifted)
        {
          g_autofree char *upper = g_utf8_strup (key_text (key), -1);

          type_text (self, upper);
          set_shifted (self, FALSE);
        }
      else
        type_text (self, key_text (key));
      break;
    case KEY_BACKSPACE:
      backspace (self);
      break;
    case KEY_SPACE:
      type_text (self, " ");
      break;
    case KEY_SHIFT:
      set_shifted (self, !self->shifted);
      break;
    case KEY_SYMBOLS:
      kiosk_keyboard_set_layout (self, KIOSK_KEYBOARD_SYMBOLS);
      break;
    case KEY_LETTERS:
      kiosk_keyboard_set_layout (self, kiosk_i18n_is_rtl () ? KIOSK_KEYBOARD_ARABIC
                                                             : KIOSK_KEYBOARD_ENGLISH);
      break;
    case KEY_LANGUAGE:
      /* The other language's letters, keeping the digits row a field asked for. */
      switch (key_layout (key))
        {
        case KIOSK_KEYBOARD_ARABIC_DIGITS:
          kiosk_keyboard_set_layout (self, KIOSK_KEYBOARD_ENGLISH_DIGITS);
          break;
        case KIOSK_KEYBOARD_ENGLISH_DIGITS:
          kiosk_keyboard_set_layout (self, KIOSK_KEYBOARD_ARABIC_DIGITS);
          break;
        default:
          kiosk_keyboard_set_layout (self, is_arabic (key_layout (key)) ? KIOSK_KEYBOARD_ENGLISH
                                                                        : KIOSK_KEYBOARD_ARABIC);
        }
      break;
    case KEY_HIDE:
      g_signal_emit (self, signals[SIGNAL_HIDE_REQUESTED], 0);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Building ------------------------------------------------------------------------------- */

static GtkWidget *
key_new (KioskKeyboard       *self,
         KioskKeyboardLayout  layout,
         const char          *token,
         guint               *units)
{
  /* "name:N", but ":" alone is the colon key. */
  const char *colon = strrchr (token, ':');
  g_autofree char *name = NULL;
  KeyKind kind = KEY_CHAR;
  GtkWidget *key = gtk_button_new ();

  if (colon != NULL && colon != token && g_ascii_isdigit (colon[1]))
    {
      name = g_strndup (token, colon - token);
      *units = (guint) g_ascii_strtoull (colon + 1, NULL, 10);
    }
  else
    {
      name = g_strdup (token);
      *units = 2;
    }
  if (name[0] == '~' && name[1] != '\0')
    kind = special_kind (name + 1);

  /* The visitor's text field keeps the focus (and its cursor) while they type. */
  gtk_widget_set_focusable (key, FALSE);
  gtk_widget_set_focus_on_click (key, FALSE);
  gtk_widget_set_hexpand (key, TRUE);
  gtk_widget_add_css_class (key, "kiosk-key");
  if (kind != KEY_CHAR)
    {
      gtk_widget_add_css_class (key, "kiosk-key-special");
      gtk_widget_set_name (key, special_name (kind));
    }
  if (kind == KEY_SPACE)
    gtk_widget_add_css_class (key, "kiosk-key-space");

  g_object_set_data (G_OBJECT (key), KEY_KIND, GINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (key), KEY_LAYOUT, GINT_TO_POINTER (layout));
  g_object_set_data_full (G_OBJECT (key), KEY_TEXT,
                          g_strdup (kind == KEY_CHAR ? name : special_name (kind)), g_free);
  g_signal_connect (key, "clicked", G_CALLBACK (key_clicked_cb), self);
  g_ptr_array_add (self->keys, key);
  label_key (self, key);
  return key;
}

static GtkWidget *
layout_new (KioskKeyboard    *self,
            const LayoutSpec *spec)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 4);
  gtk_widget_add_css_class (grid, "kiosk-keyboard-layout");
  gtk_widget_add_css_class (grid, spec->name);
  /* Arabic keys run right to left as on a printed Arabic keyboard. */
  gtk_widget_set_direction (grid, spec->direction);
  if (spec->layout == KIOSK_KEYBOARD_NUMERIC)
    gtk_widget_set_halign (grid, GTK_ALIGN_CENTER);

  for (guint row = 0; spec->rows[row] != NULL; row++)
    {
      g_auto(GStrv) tokens = g_strsplit (spec->rows[row], " ", -1);
      g_autoptr(GPtrArray) keys = g_ptr_array_new ();
      g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (guint));
      guint total = 0, column;

      for (guint i = 0; tokens[i] != NULL; i++)
        {
          guint units;

          if (tokens[i][0] == '\0')
            continue;
          g_ptr_array_add (keys, key_new (self, spec->layout, tokens[i], &units));
          g_array_append_val (widths, units);
          total += units;
        }
      g_warn_if_fail (total <= spec->units);

      /* Shorter rows are centred, as the home row is on a real keyboard. */
      column = (spec->units - total) / 2;
      for (guint i = 0; i < keys->len; i++)
        {
          guint units = g_array_index (widths, guint, i);

          gtk_grid_attach (GTK_GRID (grid), g_ptr_array_index (keys, i), column, row, units, 1);
          column += units;
        }
    }
  return grid;
}

static void
kiosk_keyboard_dispose (GObject *object)
{
  KioskKeyboard *self = KIOSK_KEYBOARD (object);

  g_clear_weak_pointer (&self->target);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer ((GtkWidget **) &self->stack, gtk_widget_unparent);

  G_OBJECT_CLASS (kiosk_keyboard_parent_class)->dispose (object);
}

static void
kiosk_keyboard_class_init (KioskKeyboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_keyboard_dispose;

  /* The window hides the keyboard; the target keeps its focus and text. */
  signals[SIGNAL_HIDE_REQUESTED] =
    g_signal_new ("hide-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "keyboard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kiosk_keyboard_init (KioskKeyboard *self)
{
  self->keys = g_ptr_array_new ();
  self->stack = GTK_STACK (gtk_stack_new ());
  /* Each layout as tall as its rows: four rows of letters leave a landscape step more room
   * than the five of the numeric pad would. */
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk-keyboard");

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    gtk_stack_add_named (self->stack, layout_new (self, &layouts[i]), layouts[i].name);
  kiosk_keyboard_set_layout (self, KIOSK_KEYBOARD_ARABIC);
  kiosk_keyboard_retranslate (self);
}

GtkWidget *
kiosk_keyboard_new (void)
{
  return g_object_new (KIOSK_TYPE_KEYBOARD, NULL);
}

void
kiosk_keyboard_set_target (KioskKeyboard *self,
                           GtkWidget     *target)
{
  g_return_if_fail (KIOSK_IS_KEYBOARD (self));
  g_return_if_fail (target == NULL || GTK_IS_EDITABLE (target) || GTK_IS_TEXT_VIEW (target));

  g_set_weak_pointer (&self->target, target);
  set_shifted (self, FALSE);
}

GtkWidget *
kiosk_keyboard_get_target (KioskKeyboard *self)
{
  g_return_val_if_fail (KIOSK_IS_KEYBOARD (self), NULL);

  return self->target;
}

void
kiosk_keyboard_set_layout (KioskKeyboard       *self,
                           KioskKeyboardLayout  layout)
{
  g_return_if_fail (KIOSK_IS_KEYBOARD (self));

  self->layout = layout;
  set_shifted (self, FALSE);
  gtk_stack_set_visible_child_name (self->stack, layout_spec (layout)->name);
}

KioskKeyboardLayout
kiosk_keyboard_get_layout (KioskKeyboard *self)
{
  g_return_val_if_fail (KIOSK_IS_KEYBOARD (self), KIOSK_KEYBOARD_ARABIC);

  return self->layout;
}

#define FIELD_KEYS "kiosk-field-keys"

void
kiosk_keyboard_declare_field (GtkWidget      *field,
                              KioskFieldKeys  keys)
{
  g_return_if_fail (GTK_IS_WIDGET (field));

  g_object_set_data (G_OBJECT (field), FIELD_KEYS, GINT_TO_POINTER (keys + 1));
  if (keys == KIOSK_FIELD_DIGITS && g_object_class_find_property (G_OBJECT_GET_CLASS (field),
                                                                  "input-purpose") != NULL)
    g_object_set (field, "input-purpose", GTK_INPUT_PURPOSE_DIGITS, NULL);
}

/* The declaration of `field` or of the GtkEntry it is the text of; -1 when none. */
static int
declared_keys (GtkWidget *field)
{
  for (int depth = 0; field != NULL && depth < 2; depth++, field = gtk_widget_get_parent (field))
    {
      int keys = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (field), FIELD_KEYS));

      if (keys > 0)
        return keys - 1;
    }
  return -1;
}

KioskFieldKeys
kiosk_keyboard_get_field_keys (GtkWidget *field)
{
  int keys = declared_keys (field);

  return keys < 0 ? KIOSK_FIELD_TEXT : (KioskFieldKeys) keys;
}

KioskKeyboardLayout
kiosk_keyboard_layout_for (GtkWidget  *target,
                           const char *language)
{
  GtkInputPurpose purpose = GTK_INPUT_PURPOSE_FREE_FORM;

  switch (declared_keys (target))
    {
    case KIOSK_FIELD_DIGITS:
      return KIOSK_KEYBOARD_NUMERIC;
    case KIOSK_FIELD_PLATE:
      return g_strcmp0 (language, "en") == 0 ? KIOSK_KEYBOARD_ENGLISH_DIGITS
                                             : KIOSK_KEYBOARD_ARABIC_DIGITS;
    case KIOSK_FIELD_LATIN_DIGITS:
      return KIOSK_KEYBOARD_ENGLISH_DIGITS;
    default:
      break;
    }

  if (target != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (target),
                                                      "input-purpose") != NULL)
    g_object_get (target, "input-purpose", &purpose, NULL);

  switch (purpose)
    {
    case GTK_INPUT_PURPOSE_PHONE:
    case GTK_INPUT_PURPOSE_NUMBER:
    case GTK_INPUT_PURPOSE_DIGITS:
    case GTK_INPUT_PURPOSE_PIN:
      return KIOSK_KEYBOARD_NUMERIC;
    case GTK_INPUT_PURPOSE_FREE_FORM:
    case GTK_INPUT_PURPOSE_ALPHA:
    case GTK_INPUT_PURPOSE_URL:
    case GTK_INPUT_PURPOSE_EMAIL:
    case GTK_INPUT_PURPOSE_NAME:
    case GTK_INPUT_PURPOSE_PASSWORD:
    case GTK_INPUT_PURPOSE_TERMINAL:
    default:
      return g_strcmp0 (language, "en") == 0 ? KIOSK_KEYBOARD_ENGLISH : KIOSK_KEYBOARD_ARABIC;
    }
}

GtkWidget *
kiosk_keyboard_find_key (KioskKeyboard *self,
                         const char    *text)
{
  g_return_val_if_fail (KIOSK_IS_KEYBOARD (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  for (guint i = 0; i < self->keys->len; i++)
    {
      GtkWidget *key = g_ptr_array_index (self->keys, i);

      if (key_layout (key) == self->layout && g_str_equal (key_text (key), text))
        return key;
    }
  return NULL;
}

void
kiosk_keyboard_retranslate (KioskKeyboard *self)
{
  g_return_if_fail (KIOSK_IS_KEYBOARD (self));

  for (guint i = 0; i < self->keys->len; i++)
    {
      GtkWidget *key = g_ptr_array_index (self->keys, i);

      if (key_kind (key) != KEY_CHAR)
        label_key (self, key);
    }
  /* Translators: accessible name of the on-screen keyboard as a whole. */
  kiosk_accessible_set_label (GTK_WIDGET (self), _("On-screen keyboard"));
}
