/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's spoken guidance: the speak button in the header band, what shows now as one
 * spoken screen (the idle warning, the counter notice, or the page under its title), and the
 * watch that reads each new screen while guidance is on (kiosk-speech.h says when). */
#define G_LOG_DOMAIN "kiosk-window"

#include "config.h"

#include "kiosk-window-private.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-i18n.h"
#include "kiosk-spoken.h"

/* How often a screen is looked at while guidance is on: errors and focus change without a
 * page changing, and a quarter of a second is as soon as a visitor notices. */
#define WATCH_INTERVAL_MS 250
/* How long the header says that this kiosk cannot speak. */
#define MESSAGE_SECONDS   10

static KioskLang
lang_of (const char *language)
{
  return g_strcmp0 (language, "ar") == 0 ? KIOSK_LANG_AR : KIOSK_LANG_EN;
}

/* What the visitor sees now, front first: the idle warning over everything, the attract
 * screen, the counter notice over the page, or the page under its title. */
static KioskSpokenScreen *
spoken_screen_in (KioskWindow *self,
                  KioskLang    lang)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  KioskPage *page;

  if (gtk_widget_get_visible (GTK_WIDGET (self->idle_warning)))
    return kiosk_spoken_screen_new (GTK_WIDGET (self->idle_warning), NULL, focus, lang);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->outer_stack), "attract") == 0)
    return kiosk_spoken_screen_new (GTK_WIDGET (self->attract_page), NULL, focus, lang);
  if (kiosk_counter_notice_get_revealed (self->notice))
    return kiosk_spoken_screen_new (GTK_WIDGET (self->notice), NULL, focus, lang);
  page = kiosk_window_get_page (self);
  if (page == NULL)
    return kiosk_spoken_screen_new (GTK_WIDGET (self->stack), NULL, focus, lang);
  return kiosk_spoken_screen_new (GTK_WIDGET (page), kiosk_page_get_title (page), focus, lang);
}

static KioskSpokenScreen *
spoken_screen (KioskWindow *self)
{
  return spoken_screen_in (self, kiosk_i18n_get_lang ());
}

char *
kiosk_window_get_spoken_text_in (KioskWindow *self,
                                 const char  *language)
{
  g_autoptr(KioskSpokenScreen) screen = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  g_return_val_if_fail (kiosk_i18n_language_is_valid (language), NULL);

  screen = spoken_screen_in (self, lang_of (language));
  text = kiosk_spoken_screen_to_text (screen);
  return kiosk_spoken_text (text, lang_of (language));
}

char *
kiosk_window_get_spoken_text (KioskWindow *self)
{
  return kiosk_window_get_spoken_text_in (self, kiosk_i18n_get_language ());
}

KioskSpeech *
kiosk_window_get_speech (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  return self->speech;
}

void
_kiosk_window_speech_check (KioskWindow *self)
{
  g_autoptr(KioskSpokenScreen) screen = NULL;

  if (self->speech == NULL || !kiosk_speech_get_active (self->speech))
    return;
  screen = spoken_screen (self);
  kiosk_speech_screen_changed (self->speech, screen, kiosk_i18n_get_lang ());
}

static gboolean
watch_cb (gpointer user_data)
{
  _kiosk_window_speech_check (KIOSK_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

static void
speech_active_cb (KioskWindow *self)
{
  g_clear_handle_id (&self->speech_watch_id, g_source_remove);
  if (kiosk_speech_get_active (self->speech))
    self->speech_watch_id = g_timeout_add (WATCH_INTERVAL_MS, watch_cb, self);
}

static gboolean
hide_message_cb (gpointer user_data)
{
  KioskWindow *self = KIOSK_WINDOW (user_data);

  self->speech_message_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->speech_message_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), TRUE);
  return G_SOURCE_REMOVE;
}

/* The button's answer when the kiosk cannot speak: in writing, in the visitor's language,
 * in place of the header's subtitle for a few seconds; nothing else changes. */
static void
show_cannot_speak (KioskWindow *self)
{
  /* Translators: shown in the header band when a visitor presses the speak button on a
   * kiosk without sound output; short and calm. */
  gtk_label_set_label (self->speech_message_label,
                       _("This kiosk cannot read aloud: it has no sound output. "
                         "Please ask the service attendant for help."));
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->speech_message_label), TRUE);
  g_clear_handle_id (&self->speech_message_id, g_source_remove);
  self->speech_message_id = g_timeout_add_seconds (MESSAGE_SECONDS, hide_message_cb, self);
}

gboolean
kiosk_window_get_speech_message_shown (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->speech_message_label));
}

static void
speak_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  g_autoptr(KioskSpokenScreen) screen = spoken_screen (self);
  g_autoptr(GError) error = NULL;

  if (!kiosk_speech_request (self->speech, screen, kiosk_i18n_get_lang (), &error))
    {
      g_debug ("speak button: %s", error->message);
      show_cannot_speak (self);
    }
}

void
_kiosk_window_retranslate_speech (KioskWindow *self)
{
  /* Translators: the speak button in the header band: the kiosk reads the screen aloud. One
   * short word under a speaker icon. */
  gtk_label_set_label (self->speak_label, _("Listen"));
  /* Translators: accessible name of the speak button. */
  kiosk_accessible_set_label (self->speak_button, _("Read this screen aloud"));
  if (self->speech_message_id != 0)
    show_cannot_speak (self);
}

void
_kiosk_window_set_speech (KioskWindow *self,
                          const char  *mode,
                          const char  *output)
{
  if (self->speech != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->speech, self);
      g_clear_object (&self->speech);
    }
  self->speech = kiosk_speech_new (kiosk_speech_mode_from_string (mode), output);
  g_signal_connect_swapped (self->speech, "notify::active", G_CALLBACK (speech_active_cb), self);
  gtk_widget_set_visible (self->speak_button,
                          kiosk_speech_get_mode (self->speech) != KIOSK_SPEECH_OFF);
}

void
_kiosk_window_dispose_speech (KioskWindow *self)
{
  g_clear_handle_id (&self->speech_watch_id, g_source_remove);
  g_clear_handle_id (&self->speech_message_id, g_source_remove);
  if (self->speech != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->speech, self);
      kiosk_speech_end_session (self->speech);
      g_clear_object (&self->speech);
    }
}

void
_kiosk_window_class_speech_init (KioskWindowClass *klass)
{
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "win.speak", NULL, speak_action);
}
