/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The idle watch. */
#define G_LOG_DOMAIN "kiosk-idle-monitor"

#include "config.h"

#include "kiosk-idle-monitor.h"

/* Often enough that the countdown's seconds change on time. */
#define TICK_MS 200

struct _KioskIdleMonitor
{
  GObject             parent_instance;

  GtkWidget          *window;       /* weak */
  GtkEventController *controller;   /* owned by the window */
  guint               timeout_ms;
  guint               warning_ms;
  gboolean            running;
  gboolean            warning;
  gint64              deadline;     /* monotonic µs when the warning runs out */
  guint               idle_id;
  guint               tick_id;
  guint               seconds_left;
};

G_DEFINE_FINAL_TYPE (KioskIdleMonitor, kiosk_idle_monitor, G_TYPE_OBJECT)

enum
{
  SIGNAL_WARNING,
  SIGNAL_TICK,
  SIGNAL_CONTINUED,
  SIGNAL_EXPIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_sources (KioskIdleMonitor *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

static guint
compute_seconds_left (KioskIdleMonitor *self)
{
  gint64 left = self->deadline - g_get_monotonic_time ();

  if (left <= 0)
    return 0;
  return (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

static gboolean
tick_cb (gpointer user_data)
{
  KioskIdleMonitor *self = user_data;
  guint left = compute_seconds_left (self);

  if (left == 0)
    {
      self->tick_id = 0;
      self->warning = FALSE;
      self->running = FALSE;
      g_signal_emit (self, signals[SIGNAL_EXPIRED], 0);
      return G_SOURCE_REMOVE;
    }
  if (left != self->seconds_left)
    {
      self->seconds_left = left;
      g_signal_emit (self, signals[SIGNAL_TICK], 0, left);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
idle_cb (gpointer user_data)
{
  KioskIdleMonitor *self = user_data;

  self->idle_id = 0;
  self->warning = TRUE;
  self->deadline = g_get_monotonic_time () + (gint64) self->warning_ms * 1000;
  self->seconds_left = compute_seconds_left (self);
  self->tick_id = g_timeout_add (MIN (TICK_MS, MAX (self->warning_ms / 4, 10)), tick_cb, self);
  g_signal_emit (self, signals[SIGNAL_WARNING], 0);
  return G_SOURCE_REMOVE;
}

static void
arm (KioskIdleMonitor *self)
{
  clear_sources (self);
  self->idle_id = g_timeout_add (self->timeout_ms, idle_cb, self);
}

static gboolean
event_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          KioskIdleMonitor         *self)
{
  switch (gdk_event_get_event_type (event))
    {
    /* Pointer motion alone is not a person: a bumped mouse must not keep a session open. */
    case GDK_BUTTON_PRESS:
    case GDK_KEY_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_SCROLL:
      if (self->running)
        kiosk_idle_monitor_poke (self);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
kiosk_idle_monitor_dispose (GObject *object)
{
  KioskIdleMonitor *self = KIOSK_IDLE_MONITOR (object);

  clear_sources (self);
  if (self->window != NULL && self->controller != NULL)
    gtk_widget_remove_controller (self->window, self->controller);
  self->controller = NULL;
  g_clear_weak_pointer (&self->window);

  G_OBJECT_CLASS (kiosk_idle_monitor_parent_class)->dispose (object);
}

static void
kiosk_idle_monitor_class_init (KioskIdleMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_idle_monitor_dispose;

  signals[SIGNAL_WARNING] =
    g_signal_new ("warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_TICK] =
    g_signal_new ("tick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_CONTINUED] =
    g_signal_new ("continued", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_EXPIRED] =
    g_signal_new ("expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_idle_monitor_init (KioskIdleMonitor *self)
{
  self->timeout_ms = 60 * 1000;
  self->warning_ms = 20 * 1000;
}

KioskIdleMonitor *
kiosk_idle_monitor_new (GtkWidget *window)
{
  KioskIdleMonitor *self;

  g_return_val_if_fail (GTK_IS_WIDGET (window), NULL);

  self = g_object_new (KIOSK_TYPE_IDLE_MONITOR, NULL);
  g_set_weak_pointer (&self->window, window);
  /* Capture phase: the window sees every press before the widget under the finger does,
   * and lets it through. */
  self->controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (self->controller, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (self->controller, "kiosk-idle-monitor");
  g_signal_connect (self->controller, "event", G_CALLBACK (event_cb), self);
  gtk_widget_add_controller (window, self->controller);
  return self;
}

void
kiosk_idle_monitor_set_times (KioskIdleMonitor *self,
                              guint             timeout_ms,
                              guint             warning_ms)
{
  g_return_if_fail (KIOSK_IS_IDLE_MONITOR (self));
  g_return_if_fail (timeout_ms > 0 && warning_ms > 0);

  self->timeout_ms = timeout_ms;
  self->warning_ms = warning_ms;
  if (self->running && !self->warning)
    arm (self);
}

void
kiosk_idle_monitor_start (KioskIdleMonitor *self)
{
  g_return_if_fail (KIOSK_IS_IDLE_MONITOR (self));

  self->running = TRUE;
  self->warning = FALSE;
  arm (self);
}

void
kiosk_idle_monitor_stop (KioskIdleMonitor *self)
{
  g_return_if_fail (KIOSK_IS_IDLE_MONITOR (self));

  self->running = FALSE;
  self->warning = FALSE;
  clear_sources (self);
}

gboolean
kiosk_idle_monitor_is_running (KioskIdleMonitor *self)
{
  g_return_val_if_fail (KIOSK_IS_IDLE_MONITOR (self), FALSE);

  return self->running;
}

void
kiosk_idle_monitor_poke (KioskIdleMonitor *self)
{
  gboolean was_warning;

  g_return_if_fail (KIOSK_IS_IDLE_MONITOR (self));

  if (!self->running)
    return;
  was_warning = self->warning;
  self->warning = FALSE;
  arm (self);
  if (was_warning)
    g_signal_emit (self, signals[SIGNAL_CONTINUED], 0);
}

gboolean
kiosk_idle_monitor_is_warning (KioskIdleMonitor *self)
{
  g_return_val_if_fail (KIOSK_IS_IDLE_MONITOR (self), FALSE);

  return self->warning;
}

void
kiosk_idle_monitor_lengthen_warning (KioskIdleMonitor *self,
                                     guint             times)
{
  g_return_if_fail (KIOSK_IS_IDLE_MONITOR (self));
  g_return_if_fail (times >= 1);

  if (!self->warning)
    return;
  self->deadline += (gint64) (times - 1) * self->warning_ms * 1000;
  self->seconds_left = compute_seconds_left (self);
  g_signal_emit (self, signals[SIGNAL_TICK], 0, self->seconds_left);
}

guint
kiosk_idle_monitor_get_seconds_left (KioskIdleMonitor *self)
{
  g_return_val_if_fail (KIOSK_IS_IDLE_MONITOR (self), 0);

  return self->warning ? compute_seconds_left (self) : 0;
}
