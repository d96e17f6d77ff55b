/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The review rows of the flows: caption and value labels in a grid. */
#define G_LOG_DOMAIN "kiosk-review-list"

#include "config.h"

#include "kiosk-review-list.h"

#include "kiosk-i18n.h"
#include "kiosk-lookup.h"
#include "kiosk-phone-step.h"
#include "kiosk-validate.h"

struct _KioskReviewList
{
  GtkWidget  parent_instance;

  gboolean   stacked;
  gboolean   masked;
  GtkGrid   *grid;
  GPtrArray *captions;   /* GtkLabel *, one a row */
  GPtrArray *values;
};

G_DEFINE_FINAL_TYPE (KioskReviewList, kiosk_review_list, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_STACKED,
  PROP_MASKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkLabel *
new_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, css_class);
  return GTK_LABEL (label);
}

static void
attach (KioskReviewList *self,
        guint            row)
{
  GtkWidget *caption = g_ptr_array_index (self->captions, row);
  GtkWidget *value = g_ptr_array_index (self->values, row);

  if (self->stacked)
    {
      gtk_grid_attach (self->grid, caption, 0, 2 * row, 1, 1);
      gtk_grid_attach (self->grid, value, 0, 2 * row + 1, 1, 1);
    }
  else
    {
      gtk_grid_attach (self->grid, caption, 0, row, 1, 1);
      gtk_grid_attach (self->grid, value, 1, row, 1, 1);
    }
}

static void
kiosk_review_list_dispose (GObject *object)
{
  KioskReviewList *self = KIOSK_REVIEW_LIST (object);

  g_clear_pointer (&self->captions, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_ptr_array_unref);
  g_clear_pointer ((GtkWidget **) &self->grid, gtk_widget_unparent);

  G_OBJECT_CLASS (kiosk_review_list_parent_class)->dispose (object);
}

static void
kiosk_review_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STACKED:
      g_value_set_boolean (value, KIOSK_REVIEW_LIST (object)->stacked);
      break;
    case PROP_MASKED:
      g_value_set_boolean (value, KIOSK_REVIEW_LIST (object)->masked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_review_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_STACKED:
      kiosk_review_list_set_stacked (KIOSK_REVIEW_LIST (object), g_value_get_boolean (value));
      break;
    case PROP_MASKED:
      kiosk_review_list_set_masked (KIOSK_REVIEW_LIST (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_review_list_class_init (KioskReviewListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_review_list_dispose;
  object_class->get_property = kiosk_review_list_get_property;
  object_class->set_property = kiosk_review_list_set_property;

  properties[PROP_STACKED] =
    g_param_spec_boolean ("stacked", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MASKED] =
    g_param_spec_boolean ("masked", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kiosk_review_list_init (KioskReviewList *self)
{
  /* The grid holds the only references to the labels. */
  self->captions = g_ptr_array_new ();
  self->values = g_ptr_array_new ();
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->grid, 12);
  gtk_grid_set_column_spacing (self->grid, 32);
  gtk_widget_add_css_class (GTK_WIDGET (self->grid), "kiosk-review");
  gtk_widget_set_parent (GTK_WIDGET (self->grid), GTK_WIDGET (self));
}

void
kiosk_review_list_set_stacked (KioskReviewList *self,
                               gboolean         stacked)
{
  g_return_if_fail (KIOSK_IS_REVIEW_LIST (self));

  stacked = !!stacked;
  if (self->stacked == stacked)
    return;
  self->stacked = stacked;
  /* Stacked, the caption's own top margin parts the rows (kiosk.css). */
  gtk_grid_set_row_spacing (self->grid, stacked ? 0 : 12);
  for (guint i = 0; i < self->captions->len; i++)
    {
      gtk_grid_remove (self->grid, g_ptr_array_index (self->captions, i));
      gtk_grid_remove (self->grid, g_ptr_array_index (self->values, i));
    }
  /* Removing dropped the grid's references: make the rows again. */
  g_ptr_array_set_size (self->captions, 0);
  g_ptr_array_set_size (self->values, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STACKED]);
}

gboolean
kiosk_review_list_get_stacked (KioskReviewList *self)
{
  g_return_val_if_fail (KIOSK_IS_REVIEW_LIST (self), FALSE);

  return self->stacked;
}

void
kiosk_review_list_set_masked (KioskReviewList *self,
                              gboolean         masked)
{
  g_return_if_fail (KIOSK_IS_REVIEW_LIST (self));

  masked = !!masked;
  if (self->masked == masked)
    return;
  self->masked = masked;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MASKED]);
}

gboolean
kiosk_review_list_get_masked (KioskReviewList *self)
{
  g_return_val_if_fail (KIOSK_IS_REVIEW_LIST (self), FALSE);

  return self->masked;
}

/* What a row shows of `value`: personal values formatted, or masked in a masked list. */
static char *
shown_value (KioskReviewList     *self,
             const char          *value,
             KioskReviewRowFlags  flags)
{
  if (value == NULL)
    return g_strdup ("");
  if (flags & KIOSK_REVIEW_ROW_PHONE)
    return self->masked ? kiosk_phone_mask (value) : kiosk_phone_step_format (value);
  if ((flags & KIOSK_REVIEW_ROW_NAME) && self->masked)
    return kiosk_mask_name (value);
  return g_strdup (value);
}

void
kiosk_review_list_set_row (KioskReviewList     *self,
                           guint                row,
                           const char          *caption,
                           const char          *value,
                           KioskReviewRowFlags  flags)
{
  GtkLabel *v;
  gboolean ltr = (flags & (KIOSK_REVIEW_ROW_LTR | KIOSK_REVIEW_ROW_PHONE)) != 0;
  g_autofree char *shown = NULL;

  g_return_if_fail (KIOSK_IS_REVIEW_LIST (self));

  while (self->captions->len <= row)
    {
      g_ptr_array_add (self->captions, new_label ("kiosk-review-caption"));
      v = new_label ("kiosk-review-value");
      gtk_label_set_wrap (v, TRUE);
      gtk_widget_set_hexpand (GTK_WIDGET (v), TRUE);
      g_ptr_array_add (self->values, v);
      attach (self, self->captions->len - 1);
    }
  v = g_ptr_array_index (self->values, row);
  gtk_label_set_label (g_ptr_array_index (self->captions, row), caption);
  shown = shown_value (self, value, flags);
  gtk_label_set_label (v, shown);
  gtk_label_set_wrap_mode (v, (flags & KIOSK_REVIEW_ROW_LONG) ? PANGO_WRAP_WORD_CHAR : PANGO_WRAP_WORD);
  gtk_label_set_lines (v, (flags & KIOSK_REVIEW_ROW_LONG) ? 8 : -1);
  gtk_label_set_ellipsize (v, (flags & KIOSK_REVIEW_ROW_LONG) ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  if (ltr)
    kiosk_i18n_place_ltr (GTK_WIDGET (v));
  else
    {
      gtk_widget_set_direction (GTK_WIDGET (v), GTK_TEXT_DIR_NONE);
      gtk_label_set_xalign (v, 0);
    }
}

void
kiosk_review_list_set_row_visible (KioskReviewList *self,
                                   guint            row,
                                   gboolean         visible)
{
  g_return_if_fail (KIOSK_IS_REVIEW_LIST (self));
  g_return_if_fail (row < self->captions->len);

  gtk_widget_set_visible (g_ptr_array_index (self->captions, row), visible);
  gtk_widget_set_visible (g_ptr_array_index (self->values, row), visible);
}

void
kiosk_review_list_truncate (KioskReviewList *self,
                            guint            n_rows)
{
  g_return_if_fail (KIOSK_IS_REVIEW_LIST (self));

  while (self->captions->len > n_rows)
    {
      guint last = self->captions->len - 1;

      gtk_grid_remove (self->grid, g_ptr_array_index (self->captions, last));
      gtk_grid_remove (self->grid, g_ptr_array_index (self->values, last));
      g_ptr_array_set_size (self->captions, last);
      g_ptr_array_set_size (self->values, last);
    }
}
