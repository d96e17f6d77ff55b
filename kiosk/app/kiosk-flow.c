/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The multi-step page base class. */
#define G_LOG_DOMAIN "kiosk-flow"

#include "config.h"

#include "kiosk-flow.h"

#include "steps/kiosk-choice-list.h"
#include "steps/kiosk-step.h"

typedef struct
{
  KioskStore *store;     /* not owned: the application's */
  GtkStack   *stack;
  char       *first;
  GPtrArray  *history;   /* step names, oldest first */
  GStrv       numbered;  /* the steps every visitor goes through, in order, or NULL */
} KioskFlowPrivate;

static void kiosk_flow_buildable_init (GtkBuildableIface *iface);

G_DEFINE_TYPE_WITH_CODE (KioskFlow, kiosk_flow, KIOSK_TYPE_PAGE,
                         G_ADD_PRIVATE (KioskFlow)
                         G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, kiosk_flow_buildable_init))

enum
{
  PROP_0,
  PROP_STORE,
  PROP_STEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GtkBuildableIface *parent_buildable_iface;

/* "Step 2 of 5" on the numbered steps; asides (an urgent notice, "already reported?") and
 * the receipt show none. */
static void
show_position (KioskFlow  *self,
               const char *name)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);
  GtkWidget *step = name != NULL ? gtk_stack_get_child_by_name (priv->stack, name) : NULL;
  guint count = priv->numbered != NULL ? g_strv_length (priv->numbered) : 0;
  guint number = 0;

  if (!KIOSK_IS_STEP (step))
    return;
  for (guint i = 0; i < count && number == 0; i++)
    if (g_str_equal (priv->numbered[i], name))
      number = i + 1;
  kiosk_step_set_position (KIOSK_STEP (step), number, count);
}

static void
show_step (KioskFlow  *self,
           const char *name)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  gtk_stack_set_visible_child_name (priv->stack, name);
  show_position (self, name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
  KIOSK_FLOW_GET_CLASS (self)->step_shown (self, name);
}

static void
kiosk_flow_real_step_shown (KioskFlow  *self,
                            const char *step)
{
}

/* The step kit keeps its own texts as message ids: say them again in the new language. */
static void
retranslate_kit (GtkWidget *widget)
{
  if (KIOSK_IS_STEP (widget))
    kiosk_step_retranslate (KIOSK_STEP (widget));
  else if (KIOSK_IS_CHOICE_LIST (widget))
    kiosk_choice_list_retranslate (KIOSK_CHOICE_LIST (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    retranslate_kit (child);
}

static void
kiosk_flow_retranslate (KioskPage *page)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (KIOSK_FLOW (page));

  if (priv->stack != NULL)
    retranslate_kit (GTK_WIDGET (priv->stack));
}

static gboolean
kiosk_flow_go_back (KioskPage *page)
{
  KioskFlow *self = KIOSK_FLOW (page);
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);
  g_autofree char *previous = NULL;

  if (priv->history->len == 0)
    return FALSE;
  previous = g_ptr_array_steal_index (priv->history, priv->history->len - 1);
  show_step (self, previous);
  return TRUE;
}

static void
kiosk_flow_reset (KioskPage *page)
{
  KioskFlow *self = KIOSK_FLOW (page);
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  g_ptr_array_set_size (priv->history, 0);
  if (priv->first != NULL)
    show_step (self, priv->first);
}

static void
kiosk_flow_add_child (GtkBuildable *buildable,
                      GtkBuilder   *builder,
                      GObject      *child,
                      const char   *type)
{
  if (GTK_IS_WIDGET (child) && type == NULL)
    {
      const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (child));

      g_return_if_fail (id != NULL);
      kiosk_flow_add_step (KIOSK_FLOW (buildable), id, GTK_WIDGET (child));
      return;
    }
  parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
kiosk_flow_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = kiosk_flow_add_child;
}

static void
kiosk_flow_dispose (GObject *object)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (KIOSK_FLOW (object));

  g_clear_pointer ((GtkWidget **) &priv->stack, gtk_widget_unparent);

  G_OBJECT_CLASS (kiosk_flow_parent_class)->dispose (object);
}

static void
kiosk_flow_finalize (GObject *object)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (KIOSK_FLOW (object));

  g_clear_pointer (&priv->history, g_ptr_array_unref);
  g_clear_pointer (&priv->first, g_free);
  g_clear_pointer (&priv->numbered, g_strfreev);

  G_OBJECT_CLASS (kiosk_flow_parent_class)->finalize (object);
}

static void
kiosk_flow_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KioskFlow *self = KIOSK_FLOW (object);
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_pointer (value, priv->store);
      break;
    case PROP_STEP:
      g_value_set_string (value, kiosk_flow_get_step (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_flow_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (KIOSK_FLOW (object));

  switch (prop_id)
    {
    case PROP_STORE:
      priv->store = g_value_get_pointer (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_flow_class_init (KioskFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_flow_dispose;
  object_class->finalize = kiosk_flow_finalize;
  object_class->get_property = kiosk_flow_get_property;
  object_class->set_property = kiosk_flow_set_property;

  page_class->retranslate = kiosk_flow_retranslate;
  page_class->go_back = kiosk_flow_go_back;
  page_class->reset = kiosk_flow_reset;
  klass->step_shown = kiosk_flow_real_step_shown;

  /* A KioskStore is a plain struct owned by the application. */
  properties[PROP_STORE] =
    g_param_spec_pointer ("store", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP] =
    g_param_spec_string ("step", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_flow_init (KioskFlow *self)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  priv->history = g_ptr_array_new_with_free_func (g_free);
  priv->stack = GTK_STACK (gtk_stack_new ());
  /* Steps change at once: a visitor's eyes stay on the same place of the screen. */
  gtk_stack_set_transition_type (priv->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  /* Only the step on screen counts for the page's size. */
  gtk_stack_set_hhomogeneous (priv->stack, FALSE);
  gtk_stack_set_vhomogeneous (priv->stack, FALSE);
  gtk_widget_set_parent (GTK_WIDGET (priv->stack), GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk-flow");
}

KioskStore *
kiosk_flow_get_store (KioskFlow *self)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);

  return priv->store;
}

void
kiosk_flow_add_step (KioskFlow  *self,
                     const char *name,
                     GtkWidget  *step)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  g_return_if_fail (KIOSK_IS_FLOW (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (GTK_IS_WIDGET (step));

  gtk_stack_add_named (priv->stack, step, name);
  if (priv->first == NULL)
    {
      priv->first = g_strdup (name);
      gtk_stack_set_visible_child_name (priv->stack, name);
    }
}

void
kiosk_flow_set_numbered_steps (KioskFlow         *self,
                               const char * const *names)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  g_return_if_fail (KIOSK_IS_FLOW (self));

  g_clear_pointer (&priv->numbered, g_strfreev);
  priv->numbered = g_strdupv ((char **) names);
  show_position (self, gtk_stack_get_visible_child_name (priv->stack));
}

void
kiosk_flow_go_to (KioskFlow  *self,
                  const char *name)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);
  const char *current;

  g_return_if_fail (KIOSK_IS_FLOW (self));
  g_return_if_fail (gtk_stack_get_child_by_name (priv->stack, name) != NULL);

  current = gtk_stack_get_visible_child_name (priv->stack);
  if (g_strcmp0 (current, name) == 0)
    return;
  if (current != NULL)
    g_ptr_array_add (priv->history, g_strdup (current));
  show_step (self, name);
}

void
kiosk_flow_go_to_final (KioskFlow  *self,
                        const char *name)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  g_return_if_fail (KIOSK_IS_FLOW (self));
  g_return_if_fail (gtk_stack_get_child_by_name (priv->stack, name) != NULL);

  g_ptr_array_set_size (priv->history, 0);
  show_step (self, name);
}

const char *
kiosk_flow_get_step (KioskFlow *self)
{
  KioskFlowPrivate *priv = kiosk_flow_get_instance_private (self);

  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);

  return priv->stack != NULL ? gtk_stack_get_visible_child_name (priv->stack) : NULL;
}
