/* SPDX-License-Identifier: GPL-3.0-or-later */
/* When the kiosk speaks: the mode, guidance on or off for the session, what to say of a
 * screen that changed. */
#define G_LOG_DOMAIN "kiosk-speech"

#include "config.h"

#include "kiosk-speech.h"

#include "kiosk-error.h"

struct _KioskSpeech
{
  GObject          parent_instance;

  KioskSpeechMode  mode;
  char            *output;
  KioskSpeaker    *speaker;      /* made on first use */
  GError          *unavailable;  /* why there is no speaker, once known */
  gboolean         active;

  /* The screen last spoken of, to tell a new screen from a new error or focus. */
  char            *heading;
  char            *hint;
  char            *error;
  gpointer         focus;        /* compared, never used */
  KioskLang        lang;
};

enum
{
  PROP_0,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KioskSpeech, kiosk_speech, G_TYPE_OBJECT)

KioskSpeechMode
kiosk_speech_mode_from_string (const char *mode)
{
  if (g_strcmp0 (mode, "always") == 0)
    return KIOSK_SPEECH_ALWAYS;
  if (g_strcmp0 (mode, "button") == 0)
    return KIOSK_SPEECH_BUTTON;
  return KIOSK_SPEECH_OFF;
}

static void
set_active (KioskSpeech *self,
            gboolean     active)
{
  if (self->active == active)
    return;
  self->active = active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static void
forget_screen (KioskSpeech *self)
{
  g_clear_pointer (&self->heading, g_free);
  g_clear_pointer (&self->hint, g_free);
  g_clear_pointer (&self->error, g_free);
  self->focus = NULL;
}

static void
remember_screen (KioskSpeech             *self,
                 const KioskSpokenScreen *screen,
                 KioskLang                lang)
{
  forget_screen (self);
  self->heading = g_strdup (screen->heading);
  self->hint = g_strdup (screen->hint);
  self->error = g_strdup (screen->error);
  self->focus = screen->focus;
  self->lang = lang;
}

/* The speaker, made the first time it is needed; NULL with the reason when it cannot be. */
static KioskSpeaker *
ensure_speaker (KioskSpeech  *self,
                GError      **error)
{
  if (self->speaker == NULL && self->unavailable == NULL)
    {
      self->speaker = kiosk_speaker_new (self->output, &self->unavailable);
      if (self->speaker == NULL)
        g_message ("no spoken guidance: %s", self->unavailable->message);
    }
  if (self->speaker == NULL)
    {
      g_propagate_error (error, g_error_copy (self->unavailable));
      return NULL;
    }
  return self->speaker;
}

static void
say (KioskSpeech *self,
     KioskLang    lang,
     const char  *text)
{
  if (text == NULL || *text == '\0' || ensure_speaker (self, NULL) == NULL)
    return;
  kiosk_speaker_say (self->speaker, lang, text);
}

KioskSpeech *
kiosk_speech_new (KioskSpeechMode  mode,
                  const char      *output)
{
  KioskSpeech *self = g_object_new (KIOSK_TYPE_SPEECH, NULL);

  self->mode = mode;
  self->output = g_strdup (output != NULL ? output : "auto");
  return self;
}

KioskSpeechMode
kiosk_speech_get_mode (KioskSpeech *self)
{
  g_return_val_if_fail (KIOSK_IS_SPEECH (self), KIOSK_SPEECH_OFF);

  return self->mode;
}

gboolean
kiosk_speech_get_active (KioskSpeech *self)
{
  g_return_val_if_fail (KIOSK_IS_SPEECH (self), FALSE);

  return self->active;
}

void
kiosk_speech_start_session (KioskSpeech *self)
{
  g_return_if_fail (KIOSK_IS_SPEECH (self));

  forget_screen (self);
  set_active (self, self->mode == KIOSK_SPEECH_ALWAYS);
}

void
kiosk_speech_end_session (KioskSpeech *self)
{
  g_return_if_fail (KIOSK_IS_SPEECH (self));

  kiosk_speech_stop (self);
  forget_screen (self);
  set_active (self, FALSE);
}

gboolean
kiosk_speech_request (KioskSpeech              *self,
                      const KioskSpokenScreen  *screen,
                      KioskLang                 lang,
                      GError                  **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (KIOSK_IS_SPEECH (self), FALSE);
  g_return_val_if_fail (screen != NULL, FALSE);

  if (self->mode == KIOSK_SPEECH_OFF)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NO_AUDIO,
                   "Spoken guidance is turned off on this kiosk ([speech] mode off)");
      return FALSE;
    }
  if (ensure_speaker (self, error) == NULL)
    return FALSE;
  text = kiosk_spoken_screen_to_text (screen);
  remember_screen (self, screen, lang);
  say (self, lang, text);
  set_active (self, TRUE);
  return TRUE;
}

void
kiosk_speech_screen_changed (KioskSpeech             *self,
                             const KioskSpokenScreen *screen,
                             KioskLang                lang)
{
  g_autofree char *text = NULL;
  gboolean same_screen;

  g_return_if_fail (KIOSK_IS_SPEECH (self));
  g_return_if_fail (screen != NULL);

  if (!self->active)
    return;

  /* A step's error takes its hint's place: a hint that changed with the error is the same
   * screen. */
  same_screen = self->lang == lang && (self->heading != NULL || self->hint != NULL) &&
                g_strcmp0 (self->heading, screen->heading) == 0 &&
                (g_strcmp0 (self->hint, screen->hint) == 0 ||
                 g_strcmp0 (self->error, screen->error) != 0);
  if (!same_screen)
    text = kiosk_spoken_screen_to_text (screen);
  else if (screen->error != NULL && g_strcmp0 (screen->error, self->error) != 0)
    /* A new error is what the visitor must hear now, with the field it is about. */
    text = kiosk_spoken_screen_join (NULL, NULL, screen->field, screen->error);
  else if (screen->focus != self->focus && screen->field != NULL)
    text = g_strdup (screen->field);

  remember_screen (self, screen, lang);
  if (text != NULL)
    say (self, lang, text);
}

void
kiosk_speech_stop (KioskSpeech *self)
{
  g_return_if_fail (KIOSK_IS_SPEECH (self));

  if (self->speaker != NULL)
    kiosk_speaker_stop (self->speaker);
}

KioskSpeaker *
kiosk_speech_get_speaker (KioskSpeech *self)
{
  g_return_val_if_fail (KIOSK_IS_SPEECH (self), NULL);

  return self->speaker;
}

static void
kiosk_speech_dispose (GObject *object)
{
  KioskSpeech *self = KIOSK_SPEECH (object);

  g_clear_object (&self->speaker);

  G_OBJECT_CLASS (kiosk_speech_parent_class)->dispose (object);
}

static void
kiosk_speech_finalize (GObject *object)
{
  KioskSpeech *self = KIOSK_SPEECH (object);

  forget_screen (self);
  g_clear_error (&self->unavailable);
  g_free (self->output);

  G_OBJECT_CLASS (kiosk_speech_parent_class)->finalize (object);
}

static void
kiosk_speech_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KioskSpeech *self = KIOSK_SPEECH (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_speech_class_init (KioskSpeechClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_speech_dispose;
  object_class->finalize = kiosk_speech_finalize;
  object_class->get_property = kiosk_speech_get_property;

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_speech_init (KioskSpeech *self)
{
}
