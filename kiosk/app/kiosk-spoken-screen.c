/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A screen's spoken parts, read from its widgets. */
#define G_LOG_DOMAIN "kiosk-speech"

#include "config.h"

#include "kiosk-spoken-screen.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kiosk-accessible.h"
#include "kiosk-spoken.h"

typedef enum
{
  ROLE_NONE,
  ROLE_HEADING,
  ROLE_HINT,
  ROLE_CAPTION, /* spoken only before the value it names */
  ROLE_VALUE,
  ROLE_ERROR,
} Role;

/* What each label style says. Every page and step of the kiosk styles its texts with these
 * classes, so a new page speaks as soon as it uses them. */
static const struct
{
  const char *css_class;
  Role        role;
} roles[] = {
  { "kiosk-step-heading", ROLE_HEADING },
  { "kiosk-page-heading", ROLE_HEADING },
  { "kiosk-not-ready-title", ROLE_HEADING },
  { "kiosk-notice-title", ROLE_HEADING },
  { "kiosk-idle-title", ROLE_HEADING },
  { "kiosk-campaign-ar", ROLE_HEADING },
  { "kiosk-campaign-en", ROLE_HEADING },
  { "kiosk-step-text", ROLE_HINT },
  { "kiosk-reference", ROLE_HINT },
  { "kiosk-notice-text", ROLE_HINT },
  { "kiosk-idle-text", ROLE_HINT },
  { "kiosk-not-ready-body", ROLE_HINT },
  { "kiosk-news-body", ROLE_HINT },
  { "kiosk-touch-ar", ROLE_HINT },
  { "kiosk-touch-en", ROLE_HINT },
  { "kiosk-attract-news-ar", ROLE_HINT },
  { "kiosk-attract-news-en", ROLE_HINT },
  { "kiosk-review-caption", ROLE_CAPTION },
  { "kiosk-review-value", ROLE_VALUE },
  { "kiosk-error", ROLE_ERROR },
};

typedef struct
{
  KioskLang lang;
  GString  *heading;
  GString  *hint;
  GString  *error;
  char     *caption; /* the last caption seen, for the value after it */
  GHashTable *said;  /* the lines already collected: a screen repeating one says it once */
} Collect;

/* Shown: visible, and not a stack's hidden page or a closed revealer's child (both set the
 * child's child-visible), so the text is the one on screen whether or not it is mapped. */
static gboolean
is_shown (GtkWidget *widget)
{
  return gtk_widget_get_visible (widget) && gtk_widget_get_child_visible (widget);
}

/* A bilingual screen's half in the other language: "kiosk-touch-en" in an Arabic session. */
static gboolean
is_other_language (GtkWidget *widget,
                   KioskLang  lang)
{
  g_auto(GStrv) classes = gtk_widget_get_css_classes (widget);
  const char *other = lang == KIOSK_LANG_AR ? "-en" : "-ar";

  for (guint i = 0; classes[i] != NULL; i++)
    if (g_str_has_suffix (classes[i], other))
      return TRUE;
  return FALSE;
}

static Role
role_of (GtkWidget *label)
{
  for (gsize i = 0; i < G_N_ELEMENTS (roles); i++)
    if (gtk_widget_has_css_class (label, roles[i].css_class))
      return roles[i].role;
  return ROLE_NONE;
}

/* Whether `text` ends a sentence already. An amount's "ر.ع." does not: its dot goes with the
 * amount when it is read as words. */
static gboolean
ends_sentence (const char *text)
{
  gunichar last = g_utf8_get_char (g_utf8_prev_char (text + strlen (text)));

  return g_utf8_strchr (".!?:؟؛…", -1, last) != NULL && !g_str_has_suffix (text, "ر.ع.");
}

/* One sentence after another, each ended, so the voice pauses between them. */
static void
append_sentence (GString    *out,
                 const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (*stripped == '\0')
    return;
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append (out, stripped);
  if (!ends_sentence (stripped))
    g_string_append_c (out, '.');
}

/* Whether the session's voice can read `text`: the Arabic voice reads no English word (data
 * that exists only in English, such as a suspension reason from the central), the English
 * one no Arabic. Identifiers are spelt a character at a time first, so they stay. */
static gboolean
is_speakable (const char *text,
              KioskLang   lang)
{
  g_autofree char *spoken = kiosk_spoken_text (text, lang);
  gboolean latin = FALSE, arabic = FALSE;
  guint latin_run = 0;

  for (const char *p = spoken; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      latin_run = c < 0x80 && g_ascii_isalpha (c) ? latin_run + 1 : 0;
      latin |= latin_run >= 2;
      arabic |= g_unichar_isalpha (c) && g_unichar_get_script (c) == G_UNICODE_SCRIPT_ARABIC;
    }
  return lang == KIOSK_LANG_AR ? !latin : (latin || !arabic);
}

/* Each line of a label is a sentence; one the screen already said, or one the voice cannot
 * read, is left out. */
static void
append_lines (Collect    *collect,
              GString    *out,
              const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || g_hash_table_contains (collect->said, line) ||
          !is_speakable (line, collect->lang))
        continue;
      g_hash_table_add (collect->said, g_strdup (line));
      append_sentence (out, line);
    }
}

static void
collect_label (Collect   *collect,
               GtkWidget *label)
{
  const char *text = gtk_label_get_text (GTK_LABEL (label));

  if (text == NULL || *text == '\0')
    return;
  switch (role_of (label))
    {
    case ROLE_HEADING:
      append_lines (collect, collect->heading, text);
      break;
    case ROLE_HINT:
      append_lines (collect, collect->hint, text);
      break;
    case ROLE_CAPTION:
      g_free (collect->caption);
      collect->caption = g_strdup (text);
      break;
    case ROLE_VALUE:
      {
        g_autofree char *row = collect->caption != NULL
                                 ? g_strdup_printf ("%s: %s", collect->caption, text)
                                 : g_strdup (text);

        /* A row whose value the voice cannot read is left out whole, caption too. */
        if (is_speakable (text, collect->lang))
          append_lines (collect, collect->hint, row);
        g_clear_pointer (&collect->caption, g_free);
      }
      break;
    case ROLE_ERROR:
      append_lines (collect, collect->error, text);
      break;
    case ROLE_NONE:
    default:
      break;
    }
}

static char *describe_focus (GtkWidget *focus,
                             KioskLang  lang);

static void
collect_widget (Collect   *collect,
                GtkWidget *widget)
{
  if (!is_shown (widget) || is_other_language (widget, collect->lang))
    return;
  /* A tick box is a choice the visitor makes on the page (the fines to pay): each is read
   * with whether it is ticked. */
  if (GTK_IS_CHECK_BUTTON (widget))
    {
      g_autofree char *option = describe_focus (widget, collect->lang);

      if (option != NULL)
        append_lines (collect, collect->hint, option);
      return;
    }
  if (GTK_IS_LABEL (widget))
    {
      collect_label (collect, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widget (collect, child);
}

/* The texts of `widget`'s shown labels, in order: what a button or a row says. */
static void
append_label_texts (GString   *out,
                    GtkWidget *widget)
{
  if (!is_shown (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      if (text != NULL && *text != '\0')
        g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", text);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    append_label_texts (out, child);
}

/* The field a focus widget belongs to: a GtkEntry's focus is its inner GtkText. */
static GtkWidget *
field_of (GtkWidget *focus)
{
  GtkWidget *parent = gtk_widget_get_parent (focus);

  if (GTK_IS_TEXT (focus) && parent != NULL && GTK_IS_EDITABLE (parent))
    return parent;
  return focus;
}

/* What the visitor typed, or NULL when it must not be heard (a PIN) or there is nothing. */
static char *
typed_text (GtkWidget *field)
{
  g_autofree char *text = NULL;

  if (GTK_IS_ENTRY (field) && !gtk_entry_get_visibility (GTK_ENTRY (field)))
    return NULL;
  if (GTK_IS_TEXT (field) && !gtk_text_get_visibility (GTK_TEXT (field)))
    return NULL;
  if (GTK_IS_PASSWORD_ENTRY (field))
    return NULL;
  if (GTK_IS_EDITABLE (field))
    text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (field)));
  else if (GTK_IS_TEXT_VIEW (field))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  if (text == NULL || *g_strstrip (text) == '\0')
    return NULL;
  return g_steal_pointer (&text);
}

static gboolean
is_text_field (GtkWidget *field)
{
  return GTK_IS_EDITABLE (field) || GTK_IS_TEXT_VIEW (field);
}

/* Something a visitor chooses or presses, whose own labels name it; a focused container (a
 * scroller, a whole step) names nothing: its labels are the screen's, said already. */
static gboolean
is_option (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) ||
         GTK_IS_LIST_BOX_ROW (widget) || GTK_IS_FLOW_BOX_CHILD (widget);
}

/* The focused field or option: its name (accessible label, else what it shows), then what
 * was typed into a field, or whether an option is ticked. */
static char *
describe_focus (GtkWidget *focus,
                KioskLang  lang)
{
  GtkWidget *field = field_of (focus);
  const char *name = kiosk_accessible_get_label (field);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *typed = NULL;

  if (name != NULL && *name != '\0')
    g_string_append (out, name);
  else if (GTK_IS_ENTRY (field) && gtk_entry_get_placeholder_text (GTK_ENTRY (field)) != NULL)
    g_string_append (out, gtk_entry_get_placeholder_text (GTK_ENTRY (field)));
  else if (is_option (field))
    append_label_texts (out, field);

  typed = typed_text (field);
  if (typed != NULL && !is_speakable (typed, lang))
    g_clear_pointer (&typed, g_free);
  if (typed != NULL)
    g_string_append_printf (out, "%s%s", out->len > 0 ? ": " : "", typed);
  else if (is_text_field (field) && out->len > 0)
    /* Translators: spoken after the name of the focused field when nothing is typed in it. */
    g_string_append_printf (out, ": %s", _("empty"));

  if (GTK_IS_CHECK_BUTTON (field) || GTK_IS_TOGGLE_BUTTON (field))
    {
      gboolean active = GTK_IS_CHECK_BUTTON (field)
                          ? gtk_check_button_get_active (GTK_CHECK_BUTTON (field))
                          : gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (field));
      const char *comma = lang == KIOSK_LANG_AR ? "، " : ", ";

      g_string_append_printf (out, "%s%s", out->len > 0 ? comma : "",
                              /* Translators: spoken after a tick box's name: ticked or not. */
                              active ? _("selected") : _("not selected"));
    }
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
string_or_null (GString *text)
{
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

KioskSpokenScreen *
kiosk_spoken_screen_new (GtkWidget  *screen,
                         const char *title,
                         GtkWidget  *focus,
                         KioskLang   lang)
{
  KioskSpokenScreen *self = g_new0 (KioskSpokenScreen, 1);
  Collect collect = { lang, g_string_new (NULL), g_string_new (NULL), g_string_new (NULL),
                      NULL, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  GString *heading = g_string_new (NULL);

  g_return_val_if_fail (GTK_IS_WIDGET (screen), self);

  collect_widget (&collect, screen);
  g_free (collect.caption);
  g_hash_table_unref (collect.said);

  /* The title the toolbar shows first, unless the screen's own heading says the same. */
  if (title != NULL && *title != '\0' && strstr (collect.heading->str, title) == NULL)
    append_sentence (heading, title);
  append_sentence (heading, collect.heading->str);
  g_string_free (collect.heading, TRUE);

  self->heading = string_or_null (heading);
  self->hint = string_or_null (collect.hint);
  self->error = string_or_null (collect.error);
  if (focus != NULL && (focus == screen || gtk_widget_is_ancestor (focus, screen)))
    {
      self->field = describe_focus (focus, lang);
      self->focus = focus;
    }
  return self;
}

void
kiosk_spoken_screen_free (KioskSpokenScreen *self)
{
  if (self == NULL)
    return;
  g_free (self->heading);
  g_free (self->hint);
  g_free (self->field);
  g_free (self->error);
  g_free (self);
}

char *
kiosk_spoken_screen_join (const char *heading,
                          const char *hint,
                          const char *field,
                          const char *error)
{
  GString *out = g_string_new (NULL);

  append_sentence (out, heading);
  append_sentence (out, hint);
  append_sentence (out, field);
  append_sentence (out, error);
  return g_string_free (out, FALSE);
}

char *
kiosk_spoken_screen_to_text (const KioskSpokenScreen *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return kiosk_spoken_screen_join (self->heading, self->hint, self->field, self->error);
}
