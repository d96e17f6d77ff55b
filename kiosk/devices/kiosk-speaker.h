/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskSpeaker: spoken guidance. espeak-ng turns a screen's text (prepared by
 * kiosk_spoken_text ()) into speech in the session's language on a worker thread, and a
 * GStreamer pipeline plays it, so the UI never waits. A new utterance interrupts the one
 * playing; kiosk_speaker_stop () silences it (a new screen, the end of a session).
 *
 * Output (`[devices] speech`): "auto" (the system's audio output; a kiosk without one gets
 * KIOSK_ERROR_NO_AUDIO from kiosk_speaker_new (), so the speak button can explain instead of
 * staying silent), "none", or a GStreamer sink description ("alsasink device=hw:1",
 * "wavenc ! filesink location=/tmp/speech.wav" for tests).
 *
 * Usage:
 *
 *   speaker = kiosk_speaker_new (config->speech, &error);      // once, by the application
 *   kiosk_speaker_say (speaker, KIOSK_LANG_AR, "اختر الخدمة");  // on every new screen
 *   kiosk_speaker_stop (speaker);                               // when the session ends
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-money.h"

G_BEGIN_DECLS

/* espeak-ng's voice for a language: "ar" or "en" (British English). */
const char *kiosk_speech_voice      (KioskLang      lang);

/* Synthesizes `text` as it stands (no kiosk_spoken_text ()) to signed 16-bit mono PCM at
 * *out_rate samples a second. Blocking: call it from a thread (the speaker does). */
GBytes     *kiosk_speech_synthesize (KioskLang      lang,
                                     const char    *text,
                                     guint         *out_rate,
                                     GCancellable  *cancellable,
                                     GError       **error);

#define KIOSK_TYPE_SPEAKER (kiosk_speaker_get_type ())

G_DECLARE_FINAL_TYPE (KioskSpeaker, kiosk_speaker, KIOSK, SPEAKER, GObject)

KioskSpeaker *kiosk_speaker_new          (const char   *output,
                                          GError      **error);

/* Speaks kiosk_spoken_text (text) in `lang`, interrupting whatever is being said. */
void          kiosk_speaker_say          (KioskSpeaker *self,
                                          KioskLang     lang,
                                          const char   *text);
void          kiosk_speaker_stop         (KioskSpeaker *self);

/* TRUE from kiosk_speaker_say () until the utterance has been played or interrupted
 * (property "speaking"). */
gboolean      kiosk_speaker_get_speaking (KioskSpeaker *self);

/* The text of the utterance last asked for, as it was sent to the synthesizer. */
const char   *kiosk_speaker_get_last_utterance (KioskSpeaker *self);

G_END_DECLS
