/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What kiosk-window.c and kiosk-window-actions.c share: the window's fields and the few
 * functions the actions call. Not for use outside the window. */
#pragma once

#include "kiosk-window.h"

#include "kiosk-attract-page.h"
#include "kiosk-home-page.h"
#include "kiosk-not-ready-page.h"
#include "kiosk-phone-upload.h"
#include "kiosk-printer.h"
#include "kiosk-speech.h"
#include "widgets/kiosk-counter-notice.h"
#include "widgets/kiosk-idle-warning.h"
#include "widgets/kiosk-keyboard-bar.h"

G_BEGIN_DECLS

struct _KioskWindow
{
  GtkApplicationWindow  parent_instance;

  KioskStore           *store;             /* not owned */
  GPtrArray            *services;          /* KioskCatalogItem */
  char                 *notice_service;    /* code of the service the notice is about */
  char                 *default_language;
  char                 *camera_source;  /* [devices] camera, for the flows that scan or take photos */
  KioskPrinter         *printer;        /* [devices] printer, for receipts and the desk; NULL: none */
  KioskConfig          *phone_config;   /* [phone-upload], until the store is known */
  KioskPhoneUpload     *phone_upload;   /* the report's photos from a phone; NULL: no store */
  guint                 idle_timeout_ms;
  guint                 idle_warning_ms;
  gboolean              large_text;
  gboolean              high_contrast;
  gboolean              not_ready;
  gboolean              landscape;
  KioskIdleMonitor     *idle;
  KioskSpeech          *speech;         /* [speech] mode, [devices] speech */
  guint                 speech_watch_id;
  guint                 speech_message_id;

  GtkStack             *outer_stack;
  KioskAttractPage     *attract_page;
  GtkWidget            *header;
  GtkWidget            *toolbar;
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkButton            *language_button;
  GtkLabel             *language_label;
  GtkWidget            *speak_button;
  GtkLabel             *speak_label;
  GtkLabel             *speech_message_label;
  GtkWidget            *back_button;
  GtkImage             *back_icon;
  GtkLabel             *back_label;
  GtkWidget            *home_button;
  GtkLabel             *home_label;
  GtkLabel             *page_title_label;
  GtkWidget            *large_text_button;
  GtkWidget            *contrast_button;
  GtkStack             *stack;
  KioskHomePage        *home_page;
  KioskNotReadyPage    *not_ready_page;
  KioskCounterNotice   *notice;
  GtkRevealer          *keyboard_revealer;
  KioskKeyboardBar     *keyboard_bar;
  /* The focused field kept in view above the keyboard (kiosk-window-typing.c). */
  GtkWidget            *typed_field;         /* weak */
  GPtrArray            *typed_adjustments;   /* GtkAdjustment of the scrollers around it */
  guint                 scroll_tick_id;
  gboolean              scroll_pending;      /* the next tick scrolls, not only looks */
  KioskKeyboard        *keyboard;
  KioskIdleWarning     *idle_warning;
};

/* kiosk-window.c: the header band and toolbar for the page showing. */
void _kiosk_window_update_chrome       (KioskWindow      *self);

/* kiosk-window-actions.c: the win.* actions and their key bindings. */
void _kiosk_window_class_actions_init  (KioskWindowClass *klass);

/* kiosk-window-pages.c */
void _kiosk_window_load_services       (KioskWindow      *self);
void _kiosk_window_show_page           (KioskWindow      *self,
                                        const char       *name);
/* The home page, dropping the flow that was open (and what was typed into it). */
void _kiosk_window_go_home             (KioskWindow      *self);
void _kiosk_window_remove_flow_pages   (KioskWindow      *self);
void _kiosk_window_update_notice       (KioskWindow      *self);
void _kiosk_window_hide_notice         (KioskWindow      *self);

/* kiosk-window-session.c: the template callbacks of the on-screen keyboard, and the idle
 * watch of a new window. */
void _kiosk_window_class_session_init  (KioskWindowClass *klass);
void _kiosk_window_init_session        (KioskWindow      *self);
void _kiosk_window_hide_keyboard       (KioskWindow      *self);
/* The header band, given up to the step while typing in landscape. */
void _kiosk_window_update_header       (KioskWindow      *self);

/* kiosk-window-typing.c: the focused field kept in view above the keyboard. */
void _kiosk_window_keep_in_view        (KioskWindow      *self,
                                        GtkWidget        *input);
void _kiosk_window_forget_typed_field  (KioskWindow      *self);
void _kiosk_window_dispose_typing      (KioskWindow      *self);

/* kiosk-window-speech.c: the speak button and the watch of what shows while guidance is on. */
void _kiosk_window_class_speech_init   (KioskWindowClass *klass);
void _kiosk_window_set_speech          (KioskWindow      *self,
                                        const char       *mode,
                                        const char       *output);
void _kiosk_window_retranslate_speech  (KioskWindow      *self);
/* A screen may have changed (a page shown): read it now if guidance is on. */
void _kiosk_window_speech_check        (KioskWindow      *self);
void _kiosk_window_dispose_speech      (KioskWindow      *self);

G_END_DECLS
