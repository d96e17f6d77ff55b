/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The strip above the on-screen keyboard: the step's error and a stand-in for its primary
 * button. In landscape the keyboard leaves a step about a third of the screen, too little
 * for a form, its error at the top and its button at the bottom at once. */
#define G_LOG_DOMAIN "kiosk-keyboard-bar"

#include "config.h"

#include "kiosk-keyboard-bar.h"

#include "kiosk-accessible.h"

struct _KioskKeyboardBar
{
  GtkWidget  parent_instance;

  GtkWidget *error_label;
  GtkWidget *button;
  GtkWidget *button_label;
  /* What the bar stands for, held weakly: the step owns them. */
  GtkWidget *primary;
  GtkWidget *primary_label;   /* the GtkLabel inside the primary button, if it has one */
  GtkWidget *error_source;
  gboolean   primary_needed;
  gboolean   error_needed;
};

G_DEFINE_FINAL_TYPE (KioskKeyboardBar, kiosk_keyboard_bar, GTK_TYPE_WIDGET)

typedef gboolean (*Match) (GtkWidget *widget);

/* Whether `widget` is shown when its parent is: a stack's other pages are not. */
static gboolean
is_shown_in_parent (GtkWidget *widget)
{
  return gtk_widget_get_visible (widget) && gtk_widget_get_child_visible (widget);
}

static gboolean
is_primary_button (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "kiosk-primary") &&
         is_shown_in_parent (widget);
}

/* An error label may be hidden until there is an error: the bar follows it either way. */
static gboolean
is_error_label (GtkWidget *widget)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "kiosk-error");
}

/* The first of `widget`'s shown descendants (or itself), depth first, that `match` takes. */
static GtkWidget *
find_below (GtkWidget *widget,
            Match      match)
{
  if (match (widget))
    return widget;
  if (!is_shown_in_parent (widget))
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_below (child, match);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Nearest to `field` in the tree: its parent's descendants first, then its grandparent's,
 * never above `limit`. */
static GtkWidget *
find_nearest (GtkWidget *field,
              GtkWidget *limit,
              Match      match)
{
  for (GtkWidget *ancestor = gtk_widget_get_parent (field);
       ancestor != NULL && ancestor != limit; ancestor = gtk_widget_get_parent (ancestor))
    {
      GtkWidget *found = find_below (ancestor, match);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_label (GtkWidget *widget)
{
  return GTK_IS_LABEL (widget);
}

static void
kiosk_keyboard_bar_sync (KioskKeyboardBar *self)
{
  gboolean has_error = self->error_needed && self->error_source != NULL &&
                       gtk_widget_get_visible (self->error_source) &&
                       *gtk_label_get_label (GTK_LABEL (self->error_source)) != '\0';
  gboolean has_primary = self->primary_needed && self->primary != NULL;
  const char *text = NULL;

  if (self->primary_label != NULL)
    text = gtk_label_get_label (GTK_LABEL (self->primary_label));
  else if (self->primary != NULL)
    text = gtk_button_get_label (GTK_BUTTON (self->primary));

  gtk_label_set_label (GTK_LABEL (self->button_label), text != NULL ? text : "");
  /* Said as the step's own button is. */
  kiosk_accessible_set_label (self->button, text != NULL ? text : "");
  gtk_widget_set_visible (self->button, has_primary);
  gtk_widget_set_sensitive (self->button,
                            self->primary != NULL && gtk_widget_get_sensitive (self->primary));
  gtk_label_set_label (GTK_LABEL (self->error_label),
                       has_error ? gtk_label_get_label (GTK_LABEL (self->error_source)) : "");
  gtk_widget_set_visible (self->error_label, has_error);
  gtk_widget_set_visible (GTK_WIDGET (self), has_primary || has_error);
}

static void
watch (KioskKeyboardBar  *self,
       GtkWidget        **slot,
       GtkWidget         *widget,
       const char * const *properties)
{
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_data (*slot, self);
  g_set_weak_pointer (slot, widget);
  if (widget == NULL)
    return;
  for (guint i = 0; properties[i] != NULL; i++)
    g_signal_connect_object (widget, properties[i], G_CALLBACK (kiosk_keyboard_bar_sync), self,
                             G_CONNECT_SWAPPED);
}

static void
button_clicked_cb (KioskKeyboardBar *self)
{
  /* The step's own button does what it always does (its action or its handler). */
  if (self->primary != NULL && gtk_widget_get_sensitive (self->primary))
    g_signal_emit_by_name (self->primary, "clicked");
}

static void
kiosk_keyboard_bar_dispose (GObject *object)
{
  KioskKeyboardBar *self = KIOSK_KEYBOARD_BAR (object);
  const char *none[] = { NULL };

  watch (self, &self->primary, NULL, none);
  watch (self, &self->primary_label, NULL, none);
  watch (self, &self->error_source, NULL, none);
  g_clear_pointer (&self->error_label, gtk_widget_unparent);
  g_clear_pointer (&self->button, gtk_widget_unparent);

  G_OBJECT_CLASS (kiosk_keyboard_bar_parent_class)->dispose (object);
}

static void
kiosk_keyboard_bar_class_init (KioskKeyboardBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_keyboard_bar_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "keyboardbar");
}

static void
kiosk_keyboard_bar_init (KioskKeyboardBar *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  /* The error over the button: side by side, a wrapping error and a taller button make
   * GTK 4.8's box measure heights that disagree with each other. */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk-keyboard-bar");

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_widget_add_css_class (self->error_label, "kiosk-error");
  gtk_widget_set_parent (self->error_label, GTK_WIDGET (self));

  self->button_label = gtk_label_new (NULL);
  self->button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (self->button), self->button_label);
  gtk_widget_set_halign (self->button, GTK_ALIGN_END);
  gtk_widget_add_css_class (self->button, "kiosk-primary");
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (button_clicked_cb), self);

  kiosk_keyboard_bar_sync (self);
}

GtkWidget *
kiosk_keyboard_bar_new (void)
{
  return g_object_new (KIOSK_TYPE_KEYBOARD_BAR, NULL);
}

void
kiosk_keyboard_bar_follow (KioskKeyboardBar *self,
                           GtkWidget        *field,
                           GtkWidget        *limit)
{
  const char *button_signals[] = { "notify::sensitive", "notify::visible", "notify::label",
                                   NULL };
  const char *label_signals[] = { "notify::label", "notify::visible", NULL };
  GtkWidget *primary = NULL;
  GtkWidget *error = NULL;

  g_return_if_fail (KIOSK_IS_KEYBOARD_BAR (self));
  g_return_if_fail (field == NULL || GTK_IS_WIDGET (field));

  if (field != NULL)
    {
      primary = find_nearest (field, limit, is_primary_button);
      error = find_nearest (field, limit, is_error_label);
    }
  watch (self, &self->primary, primary, button_signals);
  watch (self, &self->primary_label, primary != NULL ? find_below (primary, is_label) : NULL,
         label_signals);
  watch (self, &self->error_source, error, label_signals);
  self->primary_needed = self->error_needed = TRUE;
  kiosk_keyboard_bar_sync (self);
}

GtkWidget *
kiosk_keyboard_bar_get_primary (KioskKeyboardBar *self)
{
  g_return_val_if_fail (KIOSK_IS_KEYBOARD_BAR (self), NULL);

  return self->primary;
}

GtkWidget *
kiosk_keyboard_bar_get_error (KioskKeyboardBar *self)
{
  g_return_val_if_fail (KIOSK_IS_KEYBOARD_BAR (self), NULL);

  return self->error_source;
}

void
kiosk_keyboard_bar_set_needed (KioskKeyboardBar *self,
                               gboolean          primary,
                               gboolean          error)
{
  g_return_if_fail (KIOSK_IS_KEYBOARD_BAR (self));

  if (self->primary_needed == !!primary && self->error_needed == !!error)
    return;
  self->primary_needed = !!primary;
  self->error_needed = !!error;
  kiosk_keyboard_bar_sync (self);
}
