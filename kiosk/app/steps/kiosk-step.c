/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The flow step template: heading, hint, error, content and buttons in one scroller. */
#define G_LOG_DOMAIN "kiosk-step"

#include "config.h"

#include "kiosk-step.h"

#include <glib/gi18n.h>

#include "kiosk-error-text.h"
#include "kiosk-i18n.h"

typedef struct
{
  char      *heading;        /* message ids, unless heading_is_text */
  gboolean   heading_is_text;
  char      *hint;
  char      *error_message;
  int        error;          /* KioskError code, or KIOSK_ERROR_TEXT_NONE */
  guint      number;         /* "step number of count"; 0: not shown */
  guint      count;

  GtkWidget *scroller;
  GtkBox    *box;
  GtkLabel  *position_label;
  GtkLabel  *heading_label;
  GtkLabel  *hint_label;
  GtkLabel  *error_label;
  GtkBox    *actions;
  GtkWidget *last_content;   /* content goes after it */
  GtkWidget *footer;         /* under the scroller, or NULL */
} KioskStepPrivate;

static void kiosk_step_buildable_init (GtkBuildableIface *iface);

G_DEFINE_TYPE_WITH_CODE (KioskStep, kiosk_step, GTK_TYPE_WIDGET,
                         G_ADD_PRIVATE (KioskStep)
                         G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, kiosk_step_buildable_init))

enum
{
  PROP_0,
  PROP_HEADING,
  PROP_HINT,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GtkBuildableIface *parent_buildable_iface;

static void
show_text (GtkLabel   *label,
           const char *msgid)
{
  gtk_widget_set_visible (GTK_WIDGET (label), msgid != NULL);
  gtk_label_set_label (label, msgid != NULL ? _(msgid) : "");
}

static void
show_heading (KioskStep *self)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);

  if (priv->heading_is_text)
    {
      gtk_widget_set_visible (GTK_WIDGET (priv->heading_label), TRUE);
      gtk_label_set_label (priv->heading_label, priv->heading);
    }
  else
    show_text (priv->heading_label, priv->heading);
}

/* An error takes the place of the step's hint: it is what the visitor must read now, and
 * the step keeps its height (on a landscape screen the keyboard leaves little). */
static void
show_error (KioskStep *self)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);
  const char *sentence = kiosk_step_get_error_text (self);

  gtk_widget_set_visible (GTK_WIDGET (priv->error_label), sentence != NULL);
  gtk_label_set_label (priv->error_label, sentence != NULL ? sentence : "");
  kiosk_error_style_label (GTK_WIDGET (priv->error_label),
                           priv->error_message == NULL && kiosk_error_is_notice (priv->error));
  gtk_widget_set_visible (GTK_WIDGET (priv->hint_label), priv->hint != NULL && sentence == NULL);
}

static void
show_position (KioskStep *self)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);
  g_autofree char *number = kiosk_i18n_format_int (priv->number);
  g_autofree char *count = kiosk_i18n_format_int (priv->count);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (priv->position_label), priv->number > 0);
  /* Translators: above a form step's heading: "Step 2 of 5" (numbers in the screen's
   * digits). */
  text = g_strdup_printf (_("Step %1$s of %2$s"), number, count);
  gtk_label_set_label (priv->position_label, priv->number > 0 ? text : "");
}

static void
kiosk_step_real_retranslate (KioskStep *self)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);

  show_position (self);
  show_heading (self);
  show_text (priv->hint_label, priv->hint);
  show_error (self);
}

static void
kiosk_step_add_child (GtkBuildable *buildable,
                      GtkBuilder   *builder,
                      GObject      *child,
                      const char   *type)
{
  KioskStep *self = KIOSK_STEP (buildable);
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);

  /* The template's own scroller is the one child that goes to the widget itself. */
  if (priv->box != NULL && GTK_IS_WIDGET (child))
    {
      if (g_strcmp0 (type, "action") == 0)
        kiosk_step_add_action (self, GTK_WIDGET (child));
      else if (g_strcmp0 (type, "footer") == 0)
        kiosk_step_set_footer (self, GTK_WIDGET (child));
      else
        kiosk_step_add_content (self, GTK_WIDGET (child));
      return;
    }
  parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
kiosk_step_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = kiosk_step_add_child;
}

/* Not gtk_widget_dispose_template (): in GTK 4.8, once a subclass (KioskPhoneStep) has
 * disposed its own template, this class's call no longer finds its children and aborts. */
static void
kiosk_step_dispose (GObject *object)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (KIOSK_STEP (object));

  g_clear_pointer (&priv->scroller, gtk_widget_unparent);
  g_clear_pointer (&priv->footer, gtk_widget_unparent);

  G_OBJECT_CLASS (kiosk_step_parent_class)->dispose (object);
}

static void
kiosk_step_finalize (GObject *object)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (KIOSK_STEP (object));

  g_clear_pointer (&priv->heading, g_free);
  g_clear_pointer (&priv->hint, g_free);
  g_clear_pointer (&priv->error_message, g_free);

  G_OBJECT_CLASS (kiosk_step_parent_class)->finalize (object);
}

static void
kiosk_step_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KioskStep *self = KIOSK_STEP (object);

  switch (prop_id)
    {
    case PROP_HEADING:
      g_value_set_string (value, kiosk_step_get_heading (self));
      break;
    case PROP_HINT:
      g_value_set_string (value, kiosk_step_get_hint (self));
      break;
    case PROP_ERROR:
      g_value_set_int (value, kiosk_step_get_error (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_step_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  KioskStep *self = KIOSK_STEP (object);

  switch (prop_id)
    {
    case PROP_HEADING:
      kiosk_step_set_heading (self, g_value_get_string (value));
      break;
    case PROP_HINT:
      kiosk_step_set_hint (self, g_value_get_string (value));
      break;
    case PROP_ERROR:
      kiosk_step_set_error (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_step_class_init (KioskStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_step_dispose;
  object_class->finalize = kiosk_step_finalize;
  object_class->get_property = kiosk_step_get_property;
  object_class->set_property = kiosk_step_set_property;
  klass->retranslate = kiosk_step_real_retranslate;

  properties[PROP_HEADING] =
    g_param_spec_string ("heading", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HINT] =
    g_param_spec_string ("hint", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_int ("error", NULL, NULL, KIOSK_ERROR_TEXT_NONE, G_MAXINT, KIOSK_ERROR_TEXT_NONE,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/kiosk-step.ui");
  /* The ids say "step_": a test looks a flow's widgets up by id across the whole window. */
#define BIND(id, field) \
  gtk_widget_class_bind_template_child_full (widget_class, id, FALSE, \
                                             G_PRIVATE_OFFSET (KioskStep, field))
  BIND ("step_scroller", scroller);
  BIND ("step_box", box);
  BIND ("step_position", position_label);
  BIND ("step_heading", heading_label);
  BIND ("step_hint", hint_label);
  BIND ("step_error", error_label);
  BIND ("step_actions", actions);
#undef BIND
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
kiosk_step_init (KioskStep *self)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);

  priv->error = KIOSK_ERROR_TEXT_NONE;
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The scroller, then the footer under it. */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  priv->last_content = GTK_WIDGET (priv->error_label);
}

void
kiosk_step_set_heading (KioskStep  *self,
                        const char *heading)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);

  g_return_if_fail (KIOSK_IS_STEP (self));

  if (!priv->heading_is_text && g_strcmp0 (priv->heading, heading) == 0)
    return;
  g_free (priv->heading);
  priv->heading = g_strdup (heading);
  priv->heading_is_text = FALSE;
  show_heading (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADING]);
}

void
kiosk_step_set_heading_text (KioskStep  *self,
                             const char *text)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);

  g_return_if_fail (KIOSK_IS_STEP (self));
  g_return_if_fail (text != NULL);

  g_free (priv->heading);
  priv->heading = g_strdup (text);
  priv->heading_is_text = TRUE;
  show_heading (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADING]);
}

const char *
kiosk_step_get_heading (KioskStep *self)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);

  g_return_val_if_fail (KIOSK_IS_STEP (self), NULL);

  return priv->heading;
}

void
kiosk_step_set_hint (KioskStep  *self,
                     const char *hint)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);

  g_return_if_fail (KIOSK_IS_STEP (self));

  if (g_strcmp0 (priv->hint, hint) == 0)
    return;
  g_free (priv->hint);
  priv->hint = g_strdup (hint);
  show_text (priv->hint_label, priv->hint);
  show_error (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HINT]);
}

const char *
kiosk_step_get_hint (KioskStep *self)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);

  g_return_val_if_fail (KIOSK_IS_STEP (self), NULL);

  return priv->hint;
}

void
kiosk_step_set_error (KioskStep *self,
                      int        code)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);

  g_return_if_fail (KIOSK_IS_STEP (self));

  g_clear_pointer (&priv->error_message, g_free);
  priv->error = code;
  show_error (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

int
kiosk_step_get_error (KioskStep *self)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);

  g_return_val_if_fail (KIOSK_IS_STEP (self), KIOSK_ERROR_TEXT_NONE);

  return priv->error;
}

void
kiosk_step_set_error_message (KioskStep  *self,
                              const char *message)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);

  g_return_if_fail (KIOSK_IS_STEP (self));

  priv->error = KIOSK_ERROR_TEXT_NONE;
  g_free (priv->error_message);
  priv->error_message = g_strdup (message);
  show_error (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

const char *
kiosk_step_get_error_text (KioskStep *self)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);

  g_return_val_if_fail (KIOSK_IS_STEP (self), NULL);

  if (priv->error_message != NULL)
    return _(priv->error_message);
  return kiosk_error_text_or_none (priv->error);
}

void
kiosk_step_add_content (KioskStep *self,
                        GtkWidget *child)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);

  g_return_if_fail (KIOSK_IS_STEP (self));
  g_return_if_fail (GTK_IS_WIDGET (child));

  gtk_box_insert_child_after (priv->box, child, priv->last_content);
  priv->last_content = child;
}

void
kiosk_step_add_action (KioskStep *self,
                       GtkWidget *button)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);

  g_return_if_fail (KIOSK_IS_STEP (self));
  g_return_if_fail (GTK_IS_WIDGET (button));

  gtk_box_append (priv->actions, button);
  gtk_widget_set_visible (GTK_WIDGET (priv->actions), TRUE);
}

void
kiosk_step_set_footer (KioskStep *self,
                       GtkWidget *footer)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);

  g_return_if_fail (KIOSK_IS_STEP (self));
  g_return_if_fail (GTK_IS_WIDGET (footer));
  g_return_if_fail (priv->footer == NULL);

  priv->footer = footer;
  gtk_widget_set_parent (footer, GTK_WIDGET (self));
}

void
kiosk_step_set_position (KioskStep *self,
                         guint      number,
                         guint      count)
{
  KioskStepPrivate *priv = kiosk_step_get_instance_private (self);

  g_return_if_fail (KIOSK_IS_STEP (self));
  g_return_if_fail (number <= count);

  priv->number = number;
  priv->count = count;
  show_position (self);
}

void
kiosk_step_retranslate (KioskStep *self)
{
  g_return_if_fail (KIOSK_IS_STEP (self));

  KIOSK_STEP_GET_CLASS (self)->retranslate (self);
}

void
kiosk_step_focus_entry (GtkEntry *entry)
{
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
}
