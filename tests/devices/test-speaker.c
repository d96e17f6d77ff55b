/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Spoken guidance through the real espeak-ng and real GStreamer pipelines: audio of a
 * plausible length in both languages, played to its end, cut short by the next screen or by
 * stop, and a clear error where there is no audio output. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>

#include "kiosk-error.h"
#include "kiosk-speaker.h"

/* Bounds every wait: speech of a sentence lasts seconds, never this long. */
#define WAIT_LIMIT_US (20 * G_USEC_PER_SEC)

static const char *arabic_heading = "اختر الخدمة التي تريدها";
static const char *arabic_long =
  "مرحبا بكم في بلدية مسقط. يمكنكم من هنا إرسال ملاحظة مع صورة للموقع، ومتابعة بلاغ، "
  "وتجديد ترخيص محل أو مركبة، ودفع مخالفات الوقوف. اختاروا الخدمة من القائمة.";
static const char *english_heading = "Choose the service you need";

static double
seconds_of (GBytes *pcm,
            guint   rate)
{
  return (double) g_bytes_get_size (pcm) / 2.0 / (double) rate;
}

static GBytes *
synthesize (KioskLang   lang,
            const char *text,
            guint      *rate)
{
  g_autoptr(GError) error = NULL;
  GBytes *pcm = kiosk_speech_synthesize (lang, text, rate, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (pcm);
  return pcm;
}

static void
test_synthesis_length_is_plausible (void)
{
  guint rate = 0;
  g_autoptr(GBytes) ar = synthesize (KIOSK_LANG_AR, arabic_heading, &rate);
  g_autoptr(GBytes) ar_long = synthesize (KIOSK_LANG_AR, arabic_long, &rate);
  g_autoptr(GBytes) en = synthesize (KIOSK_LANG_EN, english_heading, &rate);
  double ar_s = seconds_of (ar, rate), ar_long_s = seconds_of (ar_long, rate);
  double en_s = seconds_of (en, rate);

  g_assert_cmpuint (rate, >=, 8000);
  /* A four-word heading is said in one to four seconds at a calm rate… */
  g_assert_cmpfloat (ar_s, >, 0.8);
  g_assert_cmpfloat (ar_s, <, 5.0);
  g_assert_cmpfloat (en_s, >, 0.8);
  g_assert_cmpfloat (en_s, <, 5.0);
  /* …and a paragraph many times longer takes many times as long. */
  g_assert_cmpfloat (ar_long_s, >, 4.0 * ar_s);
  g_assert_cmpfloat (ar_long_s, <, 40.0);
}

static void
test_synthesis_refuses_a_page_of_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) pcm = NULL;

  while (text->len <= 5000)
    g_string_append (text, english_heading);
  pcm = kiosk_speech_synthesize (KIOSK_LANG_EN, text->str, NULL, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_TOO_LONG);
  g_assert_null (pcm);
}

typedef struct
{
  GArray *endings; /* gboolean completed, one per "finished" */
} Recorder;

static void
finished_cb (KioskSpeaker *speaker,
             gboolean      completed,
             gpointer      user_data)
{
  Recorder *recorder = user_data;

  g_array_append_val (recorder->endings, completed);
}

static void
wait_for_endings (Recorder *recorder,
                  guint     count)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  while (recorder->endings->len < count && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (recorder->endings->len, ==, count);
}

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
}

static KioskSpeaker *
speaker_for (const char *output,
             Recorder   *recorder)
{
  g_autoptr(GError) error = NULL;
  KioskSpeaker *speaker = kiosk_speaker_new (output, &error);

  g_assert_no_error (error);
  g_signal_connect (speaker, "finished", G_CALLBACK (finished_cb), recorder);
  return speaker;
}

static void
test_say_plays_to_the_end (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kiosk-speech-XXXXXX", NULL);
  g_autofree char *wav = g_build_filename (dir, "said.wav", NULL);
  g_autofree char *output = g_strdup_printf ("wavenc ! filesink location=%s", wav);
  Recorder recorder = { g_array_new (FALSE, FALSE, sizeof (gboolean)) };
  g_autoptr(KioskSpeaker) speaker = speaker_for (output, &recorder);
  guint rate = 0;
  g_autoptr(GBytes) expected = synthesize (KIOSK_LANG_AR, arabic_heading, &rate);
  GStatBuf st;

  kiosk_speaker_say (speaker, KIOSK_LANG_AR, arabic_heading);
  g_assert_true (kiosk_speaker_get_speaking (speaker));
  wait_for_endings (&recorder, 1);
  g_assert_true (g_array_index (recorder.endings, gboolean, 0));
  g_assert_false (kiosk_speaker_get_speaking (speaker));

  /* What reached the output is the whole utterance: a WAV of the synthesized length. */
  g_assert_cmpint (g_stat (wav, &st), ==, 0);
  g_assert_cmpint (st.st_size, >=, (goffset) g_bytes_get_size (expected));
  g_assert_cmpint (st.st_size, <, (goffset) g_bytes_get_size (expected) + 4096);
  /* …and it is speech, not silence: the samples have the loudness of a voice. */
  {
    g_autofree char *data = NULL;
    gsize length = 0;
    double sum = 0;
    gsize n = 0;

    g_assert_true (g_file_get_contents (wav, &data, &length, NULL));
    for (gsize i = 44; i + 1 < length; i += 2, n++)
      {
        gint16 sample = (gint16) ((guint8) data[i] | ((guint8) data[i + 1] << 8));

        sum += (double) sample * sample;
      }
    g_assert_cmpfloat (sqrt (sum / (double) n), >, 300.0);
  }

  g_array_unref (recorder.endings);
  g_remove (wav);
  g_rmdir (dir);
}

static void
test_next_screen_interrupts (void)
{
  Recorder recorder = { g_array_new (FALSE, FALSE, sizeof (gboolean)) };
  /* A clocked sink plays in real time, like a loudspeaker. */
  g_autoptr(KioskSpeaker) speaker = speaker_for ("fakesink sync=true", &recorder);
  gint64 start = g_get_monotonic_time ();
  guint rate = 0;
  g_autoptr(GBytes) long_pcm = synthesize (KIOSK_LANG_AR, arabic_long, &rate);

  kiosk_speaker_say (speaker, KIOSK_LANG_AR, arabic_long);
  spin (500); /* the paragraph is playing */
  g_assert_true (kiosk_speaker_get_speaking (speaker));
  g_assert_cmpuint (recorder.endings->len, ==, 0);

  kiosk_speaker_say (speaker, KIOSK_LANG_EN, english_heading);
  /* The paragraph ended at once, not heard to its end… */
  g_assert_cmpuint (recorder.endings->len, ==, 1);
  g_assert_false (g_array_index (recorder.endings, gboolean, 0));
  g_assert_cmpstr (kiosk_speaker_get_last_utterance (speaker), ==, english_heading);
  /* …and the new heading is heard whole, long before the paragraph would have ended. */
  wait_for_endings (&recorder, 2);
  g_assert_true (g_array_index (recorder.endings, gboolean, 1));
  g_assert_cmpfloat ((double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC, <,
                     seconds_of (long_pcm, rate));
  g_array_unref (recorder.endings);
}

static void
test_stop_silences (void)
{
  Recorder recorder = { g_array_new (FALSE, FALSE, sizeof (gboolean)) };
  g_autoptr(KioskSpeaker) speaker = speaker_for ("fakesink sync=true", &recorder);

  kiosk_speaker_say (speaker, KIOSK_LANG_AR, arabic_long);
  spin (300);
  kiosk_speaker_stop (speaker);
  g_assert_false (kiosk_speaker_get_speaking (speaker));
  g_assert_cmpuint (recorder.endings->len, ==, 1);
  g_assert_false (g_array_index (recorder.endings, gboolean, 0));

  /* Nothing of it is played later: no second ending arrives. */
  spin (300);
  g_assert_cmpuint (recorder.endings->len, ==, 1);
  g_array_unref (recorder.endings);
}

static void
test_stop_during_synthesis (void)
{
  Recorder recorder = { g_array_new (FALSE, FALSE, sizeof (gboolean)) };
  g_autoptr(KioskSpeaker) speaker = speaker_for ("fakesink sync=true", &recorder);

  /* Stopped before the worker has even finished synthesizing: nothing plays afterwards. */
  kiosk_speaker_say (speaker, KIOSK_LANG_AR, arabic_long);
  kiosk_speaker_stop (speaker);
  spin (500);
  g_assert_cmpuint (recorder.endings->len, ==, 1);
  g_assert_false (kiosk_speaker_get_speaking (speaker));
  g_array_unref (recorder.endings);
}

static void
test_no_output (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskSpeaker) none = kiosk_speaker_new ("none", &error);
  g_autoptr(KioskSpeaker) bad = NULL;
  g_autoptr(KioskSpeaker) automatic = NULL;

  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NO_AUDIO);
  g_assert_null (none);
  g_clear_error (&error);

  bad = kiosk_speaker_new ("no-such-audio-element", &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG);
  g_assert_null (bad);
  g_clear_error (&error);

  /* The system's output: a speaker where one exists, else the one error the speak button
   * explains — never anything else. */
  automatic = kiosk_speaker_new ("auto", &error);
  if (automatic == NULL)
    g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NO_AUDIO);
  else
    g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/kiosk/speaker/synthesis/length-is-plausible",
                   test_synthesis_length_is_plausible);
  g_test_add_func ("/kiosk/speaker/synthesis/refuses-a-page-of-text",
                   test_synthesis_refuses_a_page_of_text);
  g_test_add_func ("/kiosk/speaker/say/plays-to-the-end", test_say_plays_to_the_end);
  g_test_add_func ("/kiosk/speaker/say/next-screen-interrupts", test_next_screen_interrupts);
  g_test_add_func ("/kiosk/speaker/stop/silences", test_stop_silences);
  g_test_add_func ("/kiosk/speaker/stop/during-synthesis", test_stop_during_synthesis);
  g_test_add_func ("/kiosk/speaker/no-output", test_no_output);

  return g_test_run ();
}
