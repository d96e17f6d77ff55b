/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskSpeech: when the kiosk speaks. `[speech] mode` off: never (no speak button); button:
 * the speak button reads the screen and turns guidance on for the rest of the session;
 * always: guidance is on from the start of every session (a kiosk with a headset jack).
 * While guidance is on, each new screen is read whole (cutting off the one before), then a
 * new error or a newly focused field or option alone; the button reads the screen again.
 * The session's end silences it and turns guidance off.
 *
 * The speaker (`[devices] speech`, kiosk-speaker.h) is made on first use, not at start-up:
 * a kiosk without an audio output learns it when the button is pressed, and the button then
 * explains instead of speaking (kiosk_speech_request () fails with KIOSK_ERROR_NO_AUDIO).
 * What a screen says is KioskSpokenScreen's (kiosk-spoken-screen.h); the window gives it. */
#pragma once

#include <gio/gio.h>

#include "kiosk-speaker.h"
#include "kiosk-spoken-screen.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_SPEECH_OFF,
  KIOSK_SPEECH_BUTTON,
  KIOSK_SPEECH_ALWAYS,
} KioskSpeechMode;

/* "off", "button" or "always" ([speech] mode, checked by kiosk-config.c); anything else is
 * off. */
KioskSpeechMode kiosk_speech_mode_from_string (const char *mode);

#define KIOSK_TYPE_SPEECH (kiosk_speech_get_type ())

G_DECLARE_FINAL_TYPE (KioskSpeech, kiosk_speech, KIOSK, SPEECH, GObject)

/* `output` is `[devices] speech`: "auto", "none" or a GStreamer sink description. */
KioskSpeech    *kiosk_speech_new            (KioskSpeechMode           mode,
                                             const char               *output);
KioskSpeechMode kiosk_speech_get_mode       (KioskSpeech              *self);

/* Guidance on for this session (property "active"): the window watches screens while it is. */
gboolean        kiosk_speech_get_active     (KioskSpeech              *self);

/* A session begins: guidance on in "always" mode. */
void            kiosk_speech_start_session  (KioskSpeech              *self);
/* The session ended: silence, guidance off. */
void            kiosk_speech_end_session    (KioskSpeech              *self);

/* The speak button: reads `screen` whole in `lang` and turns guidance on. FALSE, with
 * nothing spoken, when this kiosk cannot speak (KIOSK_ERROR_NO_AUDIO: no audio output, or
 * `[devices] speech` none) or the mode is off. */
gboolean        kiosk_speech_request        (KioskSpeech              *self,
                                             const KioskSpokenScreen  *screen,
                                             KioskLang                 lang,
                                             GError                  **error);

/* What shows now, while guidance is on: a new screen is read whole, a new error or focus
 * alone; the same screen says nothing again. */
void            kiosk_speech_screen_changed (KioskSpeech              *self,
                                             const KioskSpokenScreen  *screen,
                                             KioskLang                 lang);

/* Silence now (the screen is going away), guidance staying as it is. */
void            kiosk_speech_stop           (KioskSpeech              *self);

/* The speaker once made, or NULL (tests listen to it). */
KioskSpeaker   *kiosk_speech_get_speaker    (KioskSpeech              *self);

G_END_DECLS
