/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Spoken guidance in the window under Xvfb, with real espeak-ng synthesis and the real
 * GStreamer playback into a clocked fakesink (`[devices] speech`, the same code as a sound
 * card): the speak button reads the screen and every screen after it, the next screen cuts
 * the last one short, a new error is said alone, the button repeats, the session's end is
 * silent; the audio is as long as the words; a kiosk that cannot speak says so in writing
 * and goes on; "always" reads from the start, "off" has no button. */
#define G_LOG_DOMAIN "test-speech"

#include "config.h"

#include <gtk/gtk.h>

#include "kiosk-flow.h"
#include "kiosk-i18n.h"
#include "kiosk-spoken.h"
#include "kiosk-ui-test-util.h"

typedef KioskTestFixture Fixture;

/* A real-time output: an utterance lasts as long as it sounds, so it can be cut short. */
#define CLOCKED_SINK "fakesink sync=true"
/* Longest a short utterance may take to be synthesized and played (ASan and a loaded CI). */
#define PLAY_WAIT_US (40 * G_TIME_SPAN_SECOND)

typedef struct
{
  guint finished;
  guint completed;
} Heard;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  kiosk_test_fixture_set_up_seeded (f, data);
  kiosk_i18n_set_language ("ar");
}

static KioskConfig *
speech_config (const char *mode,
               const char *output)
{
  KioskConfig *config = kiosk_config_new_defaults ();

  g_free (config->speech_mode);
  config->speech_mode = g_strdup (mode);
  g_free (config->speech);
  config->speech = g_strdup (output);
  return config;
}

static void
finished_cb (KioskSpeaker *speaker,
             gboolean      completed,
             Heard        *heard)
{
  heard->finished++;
  heard->completed += completed ? 1 : 0;
}

static const char *
last_utterance (KioskWindow *window)
{
  KioskSpeaker *speaker = kiosk_speech_get_speaker (kiosk_window_get_speech (window));

  return speaker != NULL ? kiosk_speaker_get_last_utterance (speaker) : NULL;
}

static void
test_button_reads_each_screen_and_the_next_cuts_it_short (Fixture       *f,
                                                          gconstpointer  data)
{
  g_autoptr(KioskConfig) config = speech_config ("button", CLOCKED_SINK);
  KioskWindow *window = kiosk_ui_show_window (f->store, config);
  KioskSpeech *speech = kiosk_window_get_speech (window);
  GtkWidget *button = kiosk_ui_find_by_id (GTK_WIDGET (window), "speak_button");
  g_autofree char *home_words = NULL;
  g_autofree char *kind_words = NULL;
  g_autofree char *text_words = NULL;
  KioskSpeaker *speaker;
  GtkWidget *flow, *error_label;
  Heard heard = { 0, 0 };
  gint64 deadline;

  /* A touch target for every finger, labelled in the session's language. */
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_cmpint (gtk_widget_get_height (button), >=, 72);
  g_assert_cmpint (gtk_widget_get_width (button), >=, 72);
  g_assert_true (kiosk_ui_shows_label (button, "استمع"));
  /* Silent until asked. */
  g_assert_false (kiosk_speech_get_active (speech));
  g_assert_null (kiosk_speech_get_speaker (speech));

  kiosk_ui_click (button);
  speaker = kiosk_speech_get_speaker (speech);
  g_assert_nonnull (speaker);
  g_signal_connect (speaker, "finished", G_CALLBACK (finished_cb), &heard);
  home_words = kiosk_window_get_spoken_text (window);
  g_assert_cmpstr (last_utterance (window), ==, home_words);
  g_assert_true (kiosk_speaker_get_speaking (speaker));
  g_assert_true (kiosk_speech_get_active (speech));

  /* The next screen cuts the home screen's words short and is read at once. */
  kiosk_window_open_service (window, "feedback");
  kind_words = kiosk_window_get_spoken_text (window);
  g_assert_cmpstr (kind_words, !=, home_words);
  g_assert_cmpstr (last_utterance (window), ==, kind_words);
  g_assert_cmpuint (heard.finished, ==, 1);
  g_assert_cmpuint (heard.completed, ==, 0);

  /* Tapped again: the same words again, from the start. */
  kiosk_ui_click (button);
  g_assert_cmpuint (heard.finished, ==, 2);
  g_assert_cmpstr (last_utterance (window), ==, kind_words);
  g_assert_true (kiosk_speaker_get_speaking (speaker));

  /* A step shown inside the flow is a new screen too: the watch reads it. */
  flow = GTK_WIDGET (kiosk_window_get_page (window));
  gtk_widget_activate_action (flow, "feedback.choose-kind", "s", "complaint");
  KIOSK_UI_WAIT_FOR (g_strcmp0 (last_utterance (window), kind_words) != 0);
  text_words = kiosk_window_get_spoken_text (window);
  g_assert_cmpstr (last_utterance (window), ==, text_words);

  /* An error on the same screen is said alone, with the field it is about. */
  gtk_widget_activate_action (flow, "feedback.text-next", NULL);
  error_label = kiosk_ui_find_step_error (flow, "text");
  g_assert_true (gtk_widget_get_visible (error_label));
  KIOSK_UI_WAIT_FOR (g_strcmp0 (last_utterance (window), text_words) != 0);
  {
    g_autofree char *error_words =
      kiosk_spoken_text (gtk_label_get_text (GTK_LABEL (error_label)), KIOSK_LANG_AR);
    g_autofree char *heading_words =
      kiosk_spoken_text (kiosk_page_get_title (KIOSK_PAGE (flow)), KIOSK_LANG_AR);

    g_assert_nonnull (strstr (last_utterance (window), error_words));
    g_assert_null (strstr (last_utterance (window), heading_words));
  }

  /* Left alone, it is played to its end through the output. */
  deadline = g_get_monotonic_time () + PLAY_WAIT_US;
  while (kiosk_speaker_get_speaking (speaker) && g_get_monotonic_time () < deadline)
    kiosk_ui_iterate ();
  g_assert_false (kiosk_speaker_get_speaking (speaker));
  g_assert_cmpuint (heard.completed, ==, 1);

  /* The session's end: silence, guidance off for the next visitor. */
  kiosk_ui_click (button);
  g_assert_true (kiosk_speaker_get_speaking (speaker));
  kiosk_window_end_session (window);
  g_assert_false (kiosk_speaker_get_speaking (speaker));
  g_assert_false (kiosk_speech_get_active (speech));

  /* The header with its speak button keeps within a portrait screen in both languages. */
  for (guint i = 0; i < 2; i++)
    {
      int minimum = 0;

      kiosk_window_set_language (window, i == 0 ? "en" : "ar");
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL,
                          NULL, NULL);
      g_assert_cmpint (minimum, <=, 1080);
    }

  g_signal_handlers_disconnect_by_data (speaker, &heard);
  kiosk_ui_close_window (window);
}

static guint
count_words (const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    n += words[i][0] != '\0' ? 1 : 0;
  return n;
}

/* Seconds of speech `text` gives in `lang`. */
static double
synthesized_seconds (KioskLang   lang,
                     const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pcm = NULL;
  guint rate = 0;

  pcm = kiosk_speech_synthesize (lang, text, &rate, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rate, >, 8000);
  return (double) g_bytes_get_size (pcm) / 2 / rate;
}

/* The words a page says become audio as long as a person would take to say them: 0.2 to
 * 1.5 s a word, and twice the words about twice the time. */
static void
test_page_words_synthesize_to_plausible_audio (Fixture       *f,
                                               gconstpointer  data)
{
  KioskWindow *window = kiosk_ui_show_window (f->store, NULL);
  const char *languages[] = { "ar", "en" };

  kiosk_window_open_service (window, "feedback");
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      KioskLang lang = i == 0 ? KIOSK_LANG_AR : KIOSK_LANG_EN;
      g_autofree char *words = NULL;
      g_autofree char *twice = NULL;
      double seconds, seconds_twice;
      guint n;

      kiosk_window_set_language (window, languages[i]);
      words = kiosk_window_get_spoken_text (window);
      n = count_words (words);
      g_assert_cmpuint (n, >=, 3);
      seconds = synthesized_seconds (lang, words);
      g_test_message ("%s: %u words, %.2f s: %s", languages[i], n, seconds, words);
      g_assert_cmpfloat (seconds, >, 0.2 * n);
      g_assert_cmpfloat (seconds, <, 1.5 * n);

      twice = g_strdup_printf ("%s %s", words, words);
      seconds_twice = synthesized_seconds (lang, twice);
      g_assert_cmpfloat (seconds_twice, >, 1.6 * seconds);
      g_assert_cmpfloat (seconds_twice, <, 2.4 * seconds);
    }
  kiosk_ui_close_window (window);
}

/* No audio output (`[devices] speech` none answers as a kiosk without a sound card does):
 * the button says so in writing, in the visitor's language, and the visit goes on. */
static void
test_no_audio_explains_and_the_flow_goes_on (Fixture       *f,
                                             gconstpointer  data)
{
  g_autoptr(KioskConfig) config = speech_config ("button", "none");
  KioskWindow *window = kiosk_ui_show_window (f->store, config);
  GtkWidget *button = kiosk_ui_find_by_id (GTK_WIDGET (window), "speak_button");
  GtkWidget *message = kiosk_ui_find_by_id (GTK_WIDGET (window), "speech_message_label");

  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (kiosk_window_get_speech_message_shown (window));
  kiosk_ui_click (button);
  g_assert_true (kiosk_window_get_speech_message_shown (window));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (message)),
                                   "لا يستطيع هذا الجهاز القراءة"));
  g_assert_null (kiosk_speech_get_speaker (kiosk_window_get_speech (window)));
  g_assert_false (kiosk_speech_get_active (kiosk_window_get_speech (window)));

  /* In the other language the message follows; the flows work as before. */
  kiosk_window_set_language (window, "en");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (message)),
                                   "This kiosk cannot read aloud"));
  kiosk_window_open_service (window, "feedback");
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "feedback");
  gtk_widget_activate_action (GTK_WIDGET (kiosk_window_get_page (window)),
                              "feedback.choose-kind", "s", "complaint");
  g_assert_cmpstr (kiosk_flow_get_step (KIOSK_FLOW (kiosk_window_get_page (window))), ==,
                   "text");
  kiosk_ui_close_window (window);
}

/* A kiosk with a headset jack reads every screen from the start of a session; off has no
 * button and says nothing. */
static void
test_always_reads_from_the_start_and_off_has_no_button (Fixture       *f,
                                                        gconstpointer  data)
{
  g_autoptr(KioskConfig) always = speech_config ("always", "fakesink");
  g_autoptr(KioskConfig) off = speech_config ("off", CLOCKED_SINK);
  KioskWindow *window = kiosk_ui_show_window (f->store, always);
  g_autofree char *words = NULL;

  kiosk_window_end_session (window);
  kiosk_window_start_session (window, "en");
  KIOSK_UI_WAIT_FOR (last_utterance (window) != NULL);
  words = kiosk_window_get_spoken_text (window);
  g_assert_cmpstr (last_utterance (window), ==, words);
  g_assert_true (kiosk_ui_holds_text (GTK_WIDGET (window), "Listen"));
  kiosk_ui_close_window (window);

  kiosk_i18n_set_language ("ar");
  window = kiosk_ui_show_window (f->store, off);
  g_assert_false (gtk_widget_get_visible (kiosk_ui_find_by_id (GTK_WIDGET (window),
                                                               "speak_button")));
  kiosk_window_open_service (window, "feedback");
  kiosk_ui_spin (300);
  g_assert_null (kiosk_speech_get_speaker (kiosk_window_get_speech (window)));
  kiosk_ui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  kiosk_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/kiosk/ui/speech/" path, Fixture, NULL, fixture_set_up, func, \
              kiosk_test_fixture_tear_down)

  ADD ("button-reads-each-screen-and-the-next-cuts-it-short",
       test_button_reads_each_screen_and_the_next_cuts_it_short);
  ADD ("page-words-synthesize-to-plausible-audio",
       test_page_words_synthesize_to_plausible_audio);
  ADD ("no-audio-explains-and-the-flow-goes-on", test_no_audio_explains_and_the_flow_goes_on);
  ADD ("always-reads-from-the-start-and-off-has-no-button",
       test_always_reads_from_the_start_and_off_has_no_button);

#undef ADD

  return g_test_run ();
}
