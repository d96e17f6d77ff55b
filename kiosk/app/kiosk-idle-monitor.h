/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskIdleMonitor: notices when nobody has touched the kiosk for a while, so a visitor's
 * session cannot be picked up by the next person. Idle for `timeout` → "warning" (with a
 * countdown of "tick"s); still idle after `warning` more → "expired". Any touch, click, key
 * or scroll on the watched window restarts the wait, and ends a warning. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_IDLE_MONITOR (kiosk_idle_monitor_get_type ())

G_DECLARE_FINAL_TYPE (KioskIdleMonitor, kiosk_idle_monitor, KIOSK, IDLE_MONITOR, GObject)

/* Watches the input that reaches `window` (held weakly). Stopped until started. */
KioskIdleMonitor *kiosk_idle_monitor_new            (GtkWidget        *window);

/* Milliseconds; the configuration gives seconds (idle-timeout, idle-warning). */
void              kiosk_idle_monitor_set_times      (KioskIdleMonitor *self,
                                                     guint             timeout_ms,
                                                     guint             warning_ms);

void              kiosk_idle_monitor_start          (KioskIdleMonitor *self);
void              kiosk_idle_monitor_stop           (KioskIdleMonitor *self);
gboolean          kiosk_idle_monitor_is_running     (KioskIdleMonitor *self);

/* Someone is there: restarts the wait and ends a warning ("continue"). */
void              kiosk_idle_monitor_poke           (KioskIdleMonitor *self);

gboolean          kiosk_idle_monitor_is_warning     (KioskIdleMonitor *self);
/* While warning: the countdown runs `times` its configured length from its start (a visitor
 * who was typing gets more time to answer, WCAG 2.2.1). */
void              kiosk_idle_monitor_lengthen_warning (KioskIdleMonitor *self,
                                                       guint             times);
/* Whole seconds left before "expired" (rounded up), while warning. */
guint             kiosk_idle_monitor_get_seconds_left (KioskIdleMonitor *self);

G_END_DECLS
