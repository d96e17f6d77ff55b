/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's actions (win.*): what the header, the toolbar, the tiles, the notice and the
 * idle warning do, and the keys an attendant's keyboard has for them. */
#define G_LOG_DOMAIN "kiosk-window"

#include "config.h"

#include "kiosk-window-private.h"

#include "kiosk-i18n.h"

static void
language_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  kiosk_window_set_language (KIOSK_WINDOW (widget), kiosk_i18n_get_other_language ());
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  const char *language = g_variant_get_string (parameter, NULL);

  kiosk_window_start_session (KIOSK_WINDOW (widget),
                              kiosk_i18n_language_is_valid (language) ? language : NULL);
}

static void
home_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _kiosk_window_go_home (KIOSK_WINDOW (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  KioskPage *page = kiosk_window_get_page (self);

  if (self->notice_service != NULL)
    {
      _kiosk_window_hide_notice (self);
      return;
    }
  if (page != NULL && kiosk_page_go_back (page))
    return;
  _kiosk_window_go_home (self);
}

static void
open_service_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  kiosk_window_open_service (KIOSK_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
dismiss_notice_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _kiosk_window_hide_notice (KIOSK_WINDOW (widget));
}

static void
continue_session_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  kiosk_idle_monitor_poke (KIOSK_WINDOW (widget)->idle);
}

void
_kiosk_window_class_actions_init (KioskWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.language", NULL, language_action);
  gtk_widget_class_install_action (widget_class, "win.start", "s", start_action);
  gtk_widget_class_install_action (widget_class, "win.home", NULL, home_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.open-service", "s", open_service_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-notice", NULL,
                                   dismiss_notice_action);
  gtk_widget_class_install_action (widget_class, "win.continue-session", NULL,
                                   continue_session_action);
  gtk_widget_class_install_property_action (widget_class, "win.large-text", "large-text");
  gtk_widget_class_install_property_action (widget_class, "win.high-contrast", "high-contrast");

  /* An attendant's keyboard: Escape goes back, as the toolbar's back button does. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
}
