/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Typing on the on-screen keyboard without losing the step: the focused field scrolled back
 * into view whenever the room above the keyboard changes, and the keyboard bar told whether
 * the step's button and error are scrolled out of that room. */
#define G_LOG_DOMAIN "kiosk-window"

#include "config.h"

#include "kiosk-window-private.h"

/* Room kept above the field for its label, and below it. */
#define FIELD_MARGIN_ABOVE 64
#define FIELD_MARGIN_BELOW 24

/* The field as the visitor sees it: an entry's whole box, a text view's scroller. */
static GtkWidget *
field_of (GtkWidget *input)
{
  GtkWidget *parent = gtk_widget_get_parent (input);

  if ((GTK_IS_TEXT (input) && GTK_IS_EDITABLE (parent)) ||
      (GTK_IS_TEXT_VIEW (input) && GTK_IS_SCROLLED_WINDOW (parent)))
    return parent;
  return input;
}

/* Scrolls each scroller around `field` so that all of it shows, its label above it. */
static void
scroll_into_view (GtkWidget *field)
{
  for (GtkWidget *up = gtk_widget_get_parent (field); up != NULL; up = gtk_widget_get_parent (up))
    {
      GtkAdjustment *adjustment;
      graphene_rect_t bounds;
      double below, shift = 0;

      if (!GTK_IS_SCROLLED_WINDOW (up) || !gtk_widget_compute_bounds (field, up, &bounds))
        continue;
      adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (up));
      below = bounds.origin.y + bounds.size.height + FIELD_MARGIN_BELOW -
              gtk_widget_get_height (up);
      if (below > 0)
        shift = below;
      /* A field taller than the room shows its top, where typing starts. */
      if (bounds.origin.y - shift < FIELD_MARGIN_ABOVE)
        shift = bounds.origin.y - FIELD_MARGIN_ABOVE;
      if (shift != 0)
        gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + shift);
    }
}

/* Whether part of `widget` is scrolled out of a scroller around it (NULL or hidden: no). */
static gboolean
is_scrolled_out (GtkWidget *widget)
{
  graphene_rect_t bounds;

  if (widget == NULL || !gtk_widget_get_mapped (widget))
    return FALSE;
  for (GtkWidget *up = gtk_widget_get_parent (widget); up != NULL; up = gtk_widget_get_parent (up))
    if (GTK_IS_SCROLLED_WINDOW (up) &&
        (!gtk_widget_compute_bounds (widget, up, &bounds) || bounds.origin.y < -1 ||
         bounds.origin.y + bounds.size.height > gtk_widget_get_height (up) + 1))
      return TRUE;
  return FALSE;
}

/* The bar above the keys repeats the step's button and error only when they are scrolled out
 * of the room above them: in portrait they mostly show in place. */
static void
update_keyboard_bar (KioskWindow *self)
{
  GtkWidget *primary = kiosk_keyboard_bar_get_primary (self->keyboard_bar);
  GtkWidget *error = kiosk_keyboard_bar_get_error (self->keyboard_bar);

  /* An error not shown yet goes to the bar as it appears, until the next look. */
  kiosk_keyboard_bar_set_needed (self->keyboard_bar, is_scrolled_out (primary),
                                 error == NULL || !gtk_widget_get_mapped (error) ||
                                 is_scrolled_out (error));
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  self->scroll_tick_id = 0;
  if (self->typed_field == NULL || !gtk_revealer_get_reveal_child (self->keyboard_revealer))
    return G_SOURCE_REMOVE;
  if (self->scroll_pending)
    scroll_into_view (self->typed_field);
  self->scroll_pending = FALSE;
  update_keyboard_bar (self);
  return G_SOURCE_REMOVE;
}

/* On the next frame, once the scrollers have their new sizes: the field back in view (after a
 * change of room) or only the bar brought up to date (after the visitor scrolled). */
static void
queue_look (KioskWindow *self,
            gboolean     scroll)
{
  self->scroll_pending |= scroll;
  if (self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_tick_cb,
                                                         NULL, NULL);
}

static void
queue_scroll_into_view (KioskWindow *self)
{
  queue_look (self, TRUE);
}

static void
queue_bar_update (KioskWindow *self)
{
  queue_look (self, FALSE);
}

void
_kiosk_window_forget_typed_field (KioskWindow *self)
{
  for (guint i = 0; self->typed_adjustments != NULL && i < self->typed_adjustments->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->typed_adjustments, i), self);
  g_clear_pointer (&self->typed_adjustments, g_ptr_array_unref);
  g_clear_weak_pointer (&self->typed_field);
}

/* Keeps the field of `input` in view while the keyboard opens and whenever the room around
 * it changes (the keyboard's height, an error shown above it), but lets the visitor scroll. */
void
_kiosk_window_keep_in_view (KioskWindow *self,
                            GtkWidget   *input)
{
  GtkWidget *field = field_of (input);

  if (field == self->typed_field)
    {
      queue_scroll_into_view (self);
      return;
    }
  _kiosk_window_forget_typed_field (self);
  g_set_weak_pointer (&self->typed_field, field);
  self->typed_adjustments = g_ptr_array_new_with_free_func (g_object_unref);
  for (GtkWidget *up = gtk_widget_get_parent (field); up != NULL; up = gtk_widget_get_parent (up))
    if (GTK_IS_SCROLLED_WINDOW (up))
      {
        GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (up));

        g_ptr_array_add (self->typed_adjustments, g_object_ref (adjustment));
        g_signal_connect_object (adjustment, "changed", G_CALLBACK (queue_scroll_into_view),
                                 self, G_CONNECT_SWAPPED);
        g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (queue_bar_update),
                                 self, G_CONNECT_SWAPPED);
      }
  queue_scroll_into_view (self);
}

void
_kiosk_window_dispose_typing (KioskWindow *self)
{
  _kiosk_window_forget_typed_field (self);
  if (self->scroll_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
  self->scroll_tick_id = 0;
}
