/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Spoken guidance: espeak-ng synthesis on a worker thread, GStreamer playback. */
#define G_LOG_DOMAIN "kiosk-devices"

#include "config.h"

#include "kiosk-speaker.h"

#include <espeak-ng/speak_lib.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <string.h>

#include "kiosk-error.h"
#include "kiosk-spoken.h"

/* Longest text spoken at once, in bytes: a screen's heading, hint, field and error come to a
 * few hundred; more is not guidance but a page nobody would listen to. */
#define MAX_TEXT_BYTES 4096

/* espeak-ng keeps one global synthesizer: every call into it holds this lock. */
static GMutex espeak_lock;
static int espeak_rate; /* samples a second once initialized, 0 before, -1 when it failed */

typedef struct
{
  GByteArray   *pcm;
  GCancellable *cancellable;
} SynthJob;

static int
synth_cb (short        *wav,
          int           n_samples,
          espeak_EVENT *events)
{
  SynthJob *job = events != NULL ? events->user_data : NULL;

  if (job == NULL)
    return 0;
  if (wav != NULL && n_samples > 0)
    g_byte_array_append (job->pcm, (const guint8 *) wav, (guint) n_samples * sizeof (short));
  /* Returning 1 stops the synthesis: a newer utterance has taken over. */
  return g_cancellable_is_cancelled (job->cancellable) ? 1 : 0;
}

static gboolean
espeak_ready_locked (GError **error)
{
  if (espeak_rate == 0)
    {
      espeak_rate = espeak_Initialize (AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL,
                                       espeakINITIALIZE_DONT_EXIT);
      if (espeak_rate > 0)
        espeak_SetSynthCallback (synth_cb);
      else
        espeak_rate = -1;
    }
  if (espeak_rate < 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NO_AUDIO,
                   "The speech synthesizer (espeak-ng) cannot start: are its voices installed?");
      return FALSE;
    }
  return TRUE;
}

const char *
kiosk_speech_voice (KioskLang lang)
{
  return lang == KIOSK_LANG_AR ? "ar" : "en";
}

GBytes *
kiosk_speech_synthesize (KioskLang      lang,
                         const char    *text,
                         guint         *out_rate,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GCancellable) own_cancellable = NULL;
  SynthJob job;
  espeak_ERROR status;

  g_return_val_if_fail (text != NULL && g_utf8_validate (text, -1, NULL), NULL);

  if (strlen (text) > MAX_TEXT_BYTES)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TOO_LONG,
                   "Too much text to speak at once (%zu bytes)", strlen (text));
      return NULL;
    }

  locker = g_mutex_locker_new (&espeak_lock);
  if (!espeak_ready_locked (error))
    return NULL;
  if (espeak_SetVoiceByName (kiosk_speech_voice (lang)) != EE_OK)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NO_AUDIO,
                   "espeak-ng has no voice “%s”", kiosk_speech_voice (lang));
      return NULL;
    }

  if (cancellable == NULL)
    cancellable = own_cancellable = g_cancellable_new ();
  job.pcm = g_byte_array_new ();
  job.cancellable = cancellable;
  status = espeak_Synth (text, strlen (text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL,
                         &job);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_byte_array_unref (job.pcm);
      return NULL;
    }
  if (status != EE_OK)
    {
      g_byte_array_unref (job.pcm);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "espeak-ng failed to speak (%d)",
                   (int) status);
      return NULL;
    }
  if (out_rate != NULL)
    *out_rate = (guint) espeak_rate;
  return g_byte_array_free_to_bytes (job.pcm);
}

struct _KioskSpeaker
{
  GObject       parent_instance;

  char         *sink_description; /* NULL: the system's output (autoaudiosink) */
  GstElement   *pipeline;         /* the utterance playing, if any */
  guint         bus_watch;
  GCancellable *synthesis;        /* the utterance being synthesized, if any */
  char         *last_utterance;
  gboolean      speaking;
};

enum
{
  PROP_0,
  PROP_SPEAKING,
  N_PROPS
};

enum
{
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KioskSpeaker, kiosk_speaker, G_TYPE_OBJECT)

static void
set_speaking (KioskSpeaker *self,
              gboolean      speaking)
{
  if (self->speaking == speaking)
    return;
  self->speaking = speaking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKING]);
}

static void
teardown_pipeline (KioskSpeaker *self)
{
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_pointer (&self->pipeline, gst_object_unref);
    }
}

/* Ends the current utterance, if any: `completed` says whether it was heard to its end. */
static void
end_utterance (KioskSpeaker *self,
               gboolean      completed)
{
  if (self->synthesis != NULL)
    {
      g_cancellable_cancel (self->synthesis);
      g_clear_object (&self->synthesis);
    }
  teardown_pipeline (self);
  if (self->speaking)
    {
      set_speaking (self, FALSE);
      g_signal_emit (self, signals[FINISHED], 0, completed);
    }
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  KioskSpeaker *self = KIOSK_SPEAKER (user_data);

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      self->bus_watch = 0;
      end_utterance (self, TRUE);
      return G_SOURCE_REMOVE;
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_error (message, &error, NULL);
        /* An audio output that fails mid-sentence must not stop the kiosk: the visitor still
         * reads the screen. The attendant finds it in the log. */
        g_message ("Speech output failed: %s", error->message);
        self->bus_watch = 0;
        end_utterance (self, FALSE);
        return G_SOURCE_REMOVE;
      }
    default:
      return G_SOURCE_CONTINUE;
    }
}

static GstElement *
make_sink (const char  *description,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GstElement *sink;

  if (description == NULL)
    sink = gst_element_factory_make ("autoaudiosink", NULL);
  else
    sink = gst_parse_bin_from_description_full (description, TRUE, NULL,
                                                GST_PARSE_FLAG_FATAL_ERRORS, &local_error);
  if (sink == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                   "The speech output “%s” is not valid: %s",
                   description != NULL ? description : "autoaudiosink",
                   local_error != NULL ? local_error->message : "no such element");
      return NULL;
    }
  return sink;
}

static void
play_pcm (KioskSpeaker *self,
          GBytes       *pcm,
          guint         rate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstElement *src, *convert, *resample, *sink;
  GstBuffer *buffer;
  GstFlowReturn flow;

  sink = make_sink (self->sink_description, &error);
  if (sink == NULL)
    {
      g_message ("Speech output failed: %s", error->message);
      end_utterance (self, FALSE);
      return;
    }
  self->pipeline = gst_pipeline_new ("kiosk-speech");
  src = gst_element_factory_make ("appsrc", NULL);
  convert = gst_element_factory_make ("audioconvert", NULL);
  resample = gst_element_factory_make ("audioresample", NULL);
  gst_bin_add_many (GST_BIN (self->pipeline), src, convert, resample, sink, NULL);
  if (!gst_element_link_many (src, convert, resample, sink, NULL))
    {
      g_message ("Speech output failed: the output cannot take audio");
      end_utterance (self, FALSE);
      return;
    }

  caps = gst_caps_new_simple ("audio/x-raw",
                              "format", G_TYPE_STRING, "S16LE",
                              "layout", G_TYPE_STRING, "interleaved",
                              "rate", G_TYPE_INT, (int) rate,
                              "channels", G_TYPE_INT, 1,
                              NULL);
  g_object_set (src, "caps", caps, "format", GST_FORMAT_TIME, NULL);
  buffer = gst_buffer_new_wrapped_bytes (pcm);
  /* Timestamped, so a clocked output plays it in real time rather than all at once. */
  GST_BUFFER_PTS (buffer) = 0;
  GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (g_bytes_get_size (pcm) / 2, GST_SECOND,
                                                        rate);
  flow = gst_app_src_push_buffer (GST_APP_SRC (src), buffer);
  if (flow == GST_FLOW_OK)
    flow = gst_app_src_end_of_stream (GST_APP_SRC (src));
  if (flow != GST_FLOW_OK)
    {
      end_utterance (self, FALSE);
      return;
    }

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_message ("Speech output failed: the audio output cannot start");
      end_utterance (self, FALSE);
    }
}

typedef struct
{
  KioskLang lang;
  char     *text;
  guint     rate;
} SynthTask;

static void
synth_task_free (gpointer data)
{
  SynthTask *task = data;

  g_free (task->text);
  g_free (task);
}

static void
synth_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SynthTask *synth = task_data;
  GError *error = NULL;
  GBytes *pcm;

  pcm = kiosk_speech_synthesize (synth->lang, synth->text, &synth->rate, cancellable, &error);
  if (pcm == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pcm, (GDestroyNotify) g_bytes_unref);
}

static void
synth_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  KioskSpeaker *self = KIOSK_SPEAKER (source);
  SynthTask *synth = g_task_get_task_data (G_TASK (result));
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pcm = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer utterance (or stop) has replaced this one: it ended there already. */
  if (cancellable != self->synthesis || g_cancellable_is_cancelled (cancellable))
    return;
  g_clear_object (&self->synthesis);
  if (pcm == NULL)
    {
      g_message ("Speech synthesis failed: %s", error->message);
      end_utterance (self, FALSE);
      return;
    }
  play_pcm (self, pcm, synth->rate);
}

void
kiosk_speaker_say (KioskSpeaker *self,
                   KioskLang     lang,
                   const char   *text)
{
  g_autoptr(GTask) task = NULL;
  SynthTask *synth;

  g_return_if_fail (KIOSK_IS_SPEAKER (self));
  g_return_if_fail (text != NULL && g_utf8_validate (text, -1, NULL));

  end_utterance (self, FALSE);

  synth = g_new0 (SynthTask, 1);
  synth->lang = lang;
  synth->text = kiosk_spoken_text (text, lang);
  g_free (self->last_utterance);
  self->last_utterance = g_strdup (synth->text);

  self->synthesis = g_cancellable_new ();
  set_speaking (self, TRUE);
  task = g_task_new (self, self->synthesis, synth_done_cb, NULL);
  g_task_set_source_tag (task, kiosk_speaker_say);
  g_task_set_task_data (task, synth, synth_task_free);
  g_task_run_in_thread (task, synth_thread);
}

void
kiosk_speaker_stop (KioskSpeaker *self)
{
  g_return_if_fail (KIOSK_IS_SPEAKER (self));

  end_utterance (self, FALSE);
}

gboolean
kiosk_speaker_get_speaking (KioskSpeaker *self)
{
  g_return_val_if_fail (KIOSK_IS_SPEAKER (self), FALSE);

  return self->speaking;
}

const char *
kiosk_speaker_get_last_utterance (KioskSpeaker *self)
{
  g_return_val_if_fail (KIOSK_IS_SPEAKER (self), NULL);

  return self->last_utterance;
}

/* Whether the system has an audio output: autoaudiosink falls back to a fake sink when it
 * finds none, which would make the speak button silently do nothing. */
static gboolean
system_output_exists (GError **error)
{
  g_autoptr(GstElement) sink = gst_object_ref_sink (gst_element_factory_make ("autoaudiosink",
                                                                              NULL));
  gboolean real = FALSE;

  if (sink != NULL && gst_element_set_state (sink, GST_STATE_READY) != GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstIterator) children = gst_bin_iterate_elements (GST_BIN (sink));
      GValue item = G_VALUE_INIT;

      while (gst_iterator_next (children, &item) == GST_ITERATOR_OK)
        {
          GstElement *child = g_value_get_object (&item);
          GstElementFactory *factory = gst_element_get_factory (child);
          const char *name = factory != NULL ? GST_OBJECT_NAME (factory) : "";

          real |= !g_str_has_prefix (name, "fake");
          g_value_reset (&item);
        }
      g_value_unset (&item);
    }
  if (sink != NULL)
    gst_element_set_state (sink, GST_STATE_NULL);
  if (!real)
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NO_AUDIO,
                 "This kiosk has no audio output for spoken guidance");
  return real;
}

KioskSpeaker *
kiosk_speaker_new (const char  *output,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KioskSpeaker) self = NULL;

  g_return_val_if_fail (output != NULL, NULL);

  if (g_ascii_strcasecmp (output, "none") == 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NO_AUDIO,
                   "Spoken guidance is turned off on this kiosk");
      return NULL;
    }
  if (!gst_init_check (NULL, NULL, &local_error))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NO_AUDIO, "GStreamer cannot start: %s",
                   local_error->message);
      return NULL;
    }

  self = g_object_new (KIOSK_TYPE_SPEAKER, NULL);
  if (g_ascii_strcasecmp (output, "auto") == 0)
    {
      if (!system_output_exists (error))
        return NULL;
    }
  else
    {
      g_autoptr(GstElement) sink = make_sink (output, error);

      if (sink == NULL)
        return NULL;
      gst_object_ref_sink (sink);
      self->sink_description = g_strdup (output);
    }
  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&espeak_lock);

    if (!espeak_ready_locked (error))
      return NULL;
  }
  return g_steal_pointer (&self);
}

static void
kiosk_speaker_dispose (GObject *object)
{
  KioskSpeaker *self = KIOSK_SPEAKER (object);

  if (self->synthesis != NULL)
    g_cancellable_cancel (self->synthesis);
  g_clear_object (&self->synthesis);
  teardown_pipeline (self);

  G_OBJECT_CLASS (kiosk_speaker_parent_class)->dispose (object);
}

static void
kiosk_speaker_finalize (GObject *object)
{
  KioskSpeaker *self = KIOSK_SPEAKER (object);

  g_free (self->sink_description);
  g_free (self->last_utterance);

  G_OBJECT_CLASS (kiosk_speaker_parent_class)->finalize (object);
}

static void
kiosk_speaker_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KioskSpeaker *self = KIOSK_SPEAKER (object);

  switch (prop_id)
    {
    case PROP_SPEAKING:
      g_value_set_boolean (value, self->speaking);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_speaker_class_init (KioskSpeakerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_speaker_dispose;
  object_class->finalize = kiosk_speaker_finalize;
  object_class->get_property = kiosk_speaker_get_property;

  properties[PROP_SPEAKING] =
    g_param_spec_boolean ("speaking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An utterance ended: `completed` TRUE when it was played to its end, FALSE when a newer
   * one, kiosk_speaker_stop () or a failing output cut it short. */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
kiosk_speaker_init (KioskSpeaker *self)
{
}
