/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The visitor's session: the idle watch and its warning, the on-screen keyboard that
 * follows the focused field, the not-ready state, and the start and end of a session (the
 * end forgets everything the visitor entered). */
#define G_LOG_DOMAIN "kiosk-window"

#include "config.h"

#include "kiosk-window-private.h"

#include "kiosk-i18n.h"

/* The idle warning ----------------------------------------------------------------------- */

static void
kiosk_window_update_idle_seconds (KioskWindow *self)
{
  kiosk_idle_warning_set_seconds (self->idle_warning,
                                  kiosk_idle_monitor_get_seconds_left (self->idle));
}

static gboolean
kiosk_window_session_is_fresh (KioskWindow *self)
{
  /* Nothing to lose and nobody to warn: the home screen as a session starts. */
  return g_strcmp0 (kiosk_window_get_page_name (self), "home") == 0 &&
         g_strcmp0 (kiosk_i18n_get_language (), self->default_language) == 0 &&
         self->notice_service == NULL &&
         !self->large_text && !self->high_contrast &&
         !gtk_revealer_get_reveal_child (self->keyboard_revealer);
}

static void
idle_warning_cb (KioskIdleMonitor *idle,
                 KioskWindow      *self)
{
  gboolean typing;

  if (kiosk_window_session_is_fresh (self))
    {
      kiosk_window_end_session (self);
      return;
    }
  typing = gtk_revealer_get_reveal_child (self->keyboard_revealer);
  /* Someone typing may be slow to look up: three times as long, and "more time" offered. */
  if (typing)
    kiosk_idle_monitor_lengthen_warning (idle, 3);
  kiosk_idle_warning_set_typing (self->idle_warning, typing);
  kiosk_window_update_idle_seconds (self);
  gtk_widget_set_visible (GTK_WIDGET (self->idle_warning), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->idle_warning));
}

static void
idle_tick_cb (KioskIdleMonitor *idle,
              guint             seconds,
              KioskWindow      *self)
{
  kiosk_window_update_idle_seconds (self);
}

static void
idle_continued_cb (KioskIdleMonitor *idle,
                   KioskWindow      *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->idle_warning), FALSE);
}

static void
idle_expired_cb (KioskIdleMonitor *idle,
                 KioskWindow      *self)
{
  g_debug ("idle: the session ran out, forgetting it");
  kiosk_window_end_session (self);
}

/* Keyboard ------------------------------------------------------------------------------- */

static GtkWidget *
text_input_of (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      if (GTK_IS_TEXT_VIEW (widget) &&
          gtk_text_view_get_editable (GTK_TEXT_VIEW (widget)))
        return widget;
      /* A GtkEntry's focus and text live in its GtkText. */
      if (GTK_IS_TEXT (widget) && gtk_editable_get_editable (GTK_EDITABLE (widget)))
        return widget;
    }
  return NULL;
}

static void
kiosk_window_show_keyboard_for (KioskWindow *self,
                                GtkWidget   *input)
{
  _kiosk_window_keep_in_view (self, input);
  kiosk_keyboard_set_target (self->keyboard, input);
  kiosk_keyboard_set_layout (self->keyboard,
                             kiosk_keyboard_layout_for (input, kiosk_i18n_get_language ()));
  kiosk_keyboard_bar_follow (self->keyboard_bar, input, GTK_WIDGET (self->stack));
  gtk_revealer_set_reveal_child (self->keyboard_revealer, TRUE);
  _kiosk_window_update_header (self);
}

/* In landscape the keyboard takes nearly half the height: while it is open the brand band
 * gives its room to the step (the toolbar, with Back and Home, stays). */
void
_kiosk_window_update_header (KioskWindow *self)
{
  gtk_widget_set_visible (self->header,
                          !(self->landscape &&
                            gtk_revealer_get_reveal_child (self->keyboard_revealer)));
}

void
_kiosk_window_hide_keyboard (KioskWindow *self)
{
  gtk_revealer_set_reveal_child (self->keyboard_revealer, FALSE);
  _kiosk_window_update_header (self);
}

static void
focus_widget_changed_cb (KioskWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *input = focus != NULL ? text_input_of (focus) : NULL;

  if (input != NULL)
    kiosk_window_show_keyboard_for (self, input);
  else
    {
      kiosk_keyboard_set_target (self->keyboard, NULL);
      kiosk_keyboard_bar_follow (self->keyboard_bar, NULL, NULL);
      _kiosk_window_forget_typed_field (self);
      _kiosk_window_hide_keyboard (self);
    }
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            KioskWindow     *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);
  GtkWidget *input = picked != NULL ? text_input_of (picked) : NULL;

  /* Touching the field again brings back a keyboard the visitor had hidden. */
  if (input != NULL && input == gtk_root_get_focus (GTK_ROOT (self)))
    kiosk_window_show_keyboard_for (self, input);
}

static void
keyboard_hide_requested_cb (KioskKeyboard *keyboard,
                            KioskWindow   *self)
{
  _kiosk_window_hide_keyboard (self);
}

KioskKeyboard *
kiosk_window_get_keyboard (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  return self->keyboard;
}

gboolean
kiosk_window_get_keyboard_shown (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), FALSE);

  return gtk_revealer_get_reveal_child (self->keyboard_revealer);
}

KioskIdleMonitor *
kiosk_window_get_idle_monitor (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  return self->idle;
}

gboolean
kiosk_window_get_idle_warning_shown (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->idle_warning));
}

void
kiosk_window_start_session (KioskWindow *self,
                            const char  *language)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));

  if (self->not_ready)
    return;
  kiosk_window_set_language (self, language != NULL ? language : self->default_language);
  gtk_stack_set_visible_child_name (self->outer_stack, "main");
  kiosk_speech_start_session (self->speech);
  _kiosk_window_go_home (self);
  kiosk_idle_monitor_start (self->idle);
}

void
kiosk_window_end_session (KioskWindow *self)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));

  kiosk_idle_monitor_stop (self->idle);
  /* Silent before anything of the session is gone: nothing of it is heard after. */
  if (self->speech != NULL)
    kiosk_speech_end_session (self->speech);
  gtk_widget_set_visible (GTK_WIDGET (self->idle_warning), FALSE);
  _kiosk_window_hide_notice (self);
  _kiosk_window_hide_keyboard (self);
  kiosk_keyboard_set_target (self->keyboard, NULL);
  gtk_window_set_focus (GTK_WINDOW (self), NULL);

  /* A phone link dies with the session, whatever page opened it. */
  if (self->phone_upload != NULL)
    kiosk_phone_upload_end (self->phone_upload);
  /* The flow pages hold what the visitor typed (buffers, undo history): destroy them. */
  if (!self->not_ready)
    gtk_stack_set_visible_child_name (self->stack, "home");
  _kiosk_window_remove_flow_pages (self);

  g_object_set (self, "large-text", FALSE, "high-contrast", FALSE, NULL);
  kiosk_window_set_language (self, self->default_language);
  _kiosk_window_update_chrome (self);

  if (!self->not_ready)
    gtk_stack_set_visible_child_name (self->outer_stack, "attract");
}

void
kiosk_window_show_not_ready (KioskWindow  *self,
                             const GError *error)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));

  self->not_ready = TRUE;
  kiosk_idle_monitor_stop (self->idle);
  _kiosk_window_hide_notice (self);
  _kiosk_window_hide_keyboard (self);
  kiosk_not_ready_page_set_error (self->not_ready_page, error);
  gtk_stack_set_visible_child_name (self->outer_stack, "main");
  gtk_stack_set_visible_child_name (self->stack, "not-ready");
  _kiosk_window_remove_flow_pages (self);
  _kiosk_window_update_chrome (self);

  /* The screen shows only the fault code; the details and the way out are for the log. */
  if (error != NULL)
    g_message ("out of service (fault code %s): %s", kiosk_not_ready_page_fault_code (error),
               error->message);
}

void
_kiosk_window_class_session_init (KioskWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_callback (widget_class, focus_widget_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, keyboard_hide_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, pressed_cb);
}

void
_kiosk_window_init_session (KioskWindow *self)
{
  self->idle = kiosk_idle_monitor_new (GTK_WIDGET (self));
  g_signal_connect_object (self->idle, "warning", G_CALLBACK (idle_warning_cb), self, 0);
  g_signal_connect_object (self->idle, "tick", G_CALLBACK (idle_tick_cb), self, 0);
  g_signal_connect_object (self->idle, "continued", G_CALLBACK (idle_continued_cb), self, 0);
  g_signal_connect_object (self->idle, "expired", G_CALLBACK (idle_expired_cb), self, 0);
}
