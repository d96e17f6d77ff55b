/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A choice of a list, as a model item. */
#define G_LOG_DOMAIN "kiosk-choice-item"

#include "config.h"

#include "kiosk-choice-item.h"

#include <glib/gi18n.h>

#include "kiosk-i18n.h"

struct _KioskChoiceItem
{
  GObject  parent_instance;

  char    *code;
  char    *icon_name;
  char    *title_msgid;     /* or the two names below */
  char    *text_msgid;
  char    *name_ar;
  char    *name_en;
  char    *group;
  char    *title;           /* what the row shows now */
  char    *text;
  char    *note;
  gboolean title_is_identifier;
  gint64   value;
};

G_DEFINE_FINAL_TYPE (KioskChoiceItem, kiosk_choice_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CODE,
  PROP_ICON_NAME,
  PROP_TITLE,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiosk_choice_item_finalize (GObject *object)
{
  KioskChoiceItem *self = KIOSK_CHOICE_ITEM (object);

  g_free (self->code);
  g_free (self->icon_name);
  g_free (self->title_msgid);
  g_free (self->text_msgid);
  g_free (self->name_ar);
  g_free (self->name_en);
  g_free (self->group);
  g_free (self->title);
  g_free (self->text);
  g_free (self->note);

  G_OBJECT_CLASS (kiosk_choice_item_parent_class)->finalize (object);
}

static void
kiosk_choice_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KioskChoiceItem *self = KIOSK_CHOICE_ITEM (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, self->icon_name);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_choice_item_class_init (KioskChoiceItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiosk_choice_item_finalize;
  object_class->get_property = kiosk_choice_item_get_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_choice_item_init (KioskChoiceItem *self)
{
}

KioskChoiceItem *
kiosk_choice_item_new (const char *code,
                       const char *icon_name,
                       const char *title,
                       const char *text)
{
  KioskChoiceItem *self = g_object_new (KIOSK_TYPE_CHOICE_ITEM, NULL);

  g_return_val_if_fail (code != NULL, self);

  self->code = g_strdup (code);
  self->icon_name = g_strdup (icon_name);
  self->title_msgid = g_strdup (title);
  self->text_msgid = g_strdup (text);
  kiosk_choice_item_retranslate (self);
  return self;
}

KioskChoiceItem *
kiosk_choice_item_new_catalog (const KioskCatalogItem *item)
{
  KioskChoiceItem *self = g_object_new (KIOSK_TYPE_CHOICE_ITEM, NULL);

  g_return_val_if_fail (item != NULL, self);

  self->code = g_strdup (item->code);
  self->name_ar = g_strdup (item->name_ar);
  self->name_en = g_strdup (item->name_en);
  kiosk_choice_item_retranslate (self);
  return self;
}

const char *
kiosk_choice_item_get_code (KioskChoiceItem *self)
{
  g_return_val_if_fail (KIOSK_IS_CHOICE_ITEM (self), NULL);

  return self->code;
}

const char *
kiosk_choice_item_get_icon_name (KioskChoiceItem *self)
{
  g_return_val_if_fail (KIOSK_IS_CHOICE_ITEM (self), NULL);

  return self->icon_name;
}

const char *
kiosk_choice_item_get_title (KioskChoiceItem *self)
{
  g_return_val_if_fail (KIOSK_IS_CHOICE_ITEM (self), NULL);

  return self->title;
}

const char *
kiosk_choice_item_get_text (KioskChoiceItem *self)
{
  g_return_val_if_fail (KIOSK_IS_CHOICE_ITEM (self), NULL);

  return self->text;
}

static void
set_string (KioskChoiceItem  *self,
            char            **field,
            const char       *value,
            guint             prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
kiosk_choice_item_set_title (KioskChoiceItem *self,
                             const char      *title)
{
  g_return_if_fail (KIOSK_IS_CHOICE_ITEM (self));

  set_string (self, &self->title, title, PROP_TITLE);
}

void
kiosk_choice_item_set_text (KioskChoiceItem *self,
                            const char      *text)
{
  g_return_if_fail (KIOSK_IS_CHOICE_ITEM (self));

  set_string (self, &self->text, text, PROP_TEXT);
}

gboolean
kiosk_choice_item_get_title_is_identifier (KioskChoiceItem *self)
{
  g_return_val_if_fail (KIOSK_IS_CHOICE_ITEM (self), FALSE);

  return self->title_is_identifier;
}

void
kiosk_choice_item_set_title_is_identifier (KioskChoiceItem *self,
                                           gboolean         identifier)
{
  g_return_if_fail (KIOSK_IS_CHOICE_ITEM (self));

  self->title_is_identifier = identifier;
}

const char *
kiosk_choice_item_get_note (KioskChoiceItem *self)
{
  g_return_val_if_fail (KIOSK_IS_CHOICE_ITEM (self), NULL);

  return self->note;
}

void
kiosk_choice_item_set_note (KioskChoiceItem *self,
                            const char      *note)
{
  g_return_if_fail (KIOSK_IS_CHOICE_ITEM (self));

  g_free (self->note);
  self->note = g_strdup (note);
}

gint64
kiosk_choice_item_get_value (KioskChoiceItem *self)
{
  g_return_val_if_fail (KIOSK_IS_CHOICE_ITEM (self), 0);

  return self->value;
}

void
kiosk_choice_item_set_value (KioskChoiceItem *self,
                             gint64           value)
{
  g_return_if_fail (KIOSK_IS_CHOICE_ITEM (self));

  self->value = value;
}

const char *
kiosk_choice_item_get_group (KioskChoiceItem *self)
{
  g_return_val_if_fail (KIOSK_IS_CHOICE_ITEM (self), NULL);

  return self->group;
}

void
kiosk_choice_item_set_group (KioskChoiceItem *self,
                             const char      *group)
{
  g_return_if_fail (KIOSK_IS_CHOICE_ITEM (self));

  g_free (self->group);
  self->group = g_strdup (group);
}

void
kiosk_choice_item_retranslate (KioskChoiceItem *self)
{
  g_return_if_fail (KIOSK_IS_CHOICE_ITEM (self));

  if (self->title_msgid != NULL)
    kiosk_choice_item_set_title (self, _(self->title_msgid));
  else if (self->name_ar != NULL || self->name_en != NULL)
    kiosk_choice_item_set_title (self, kiosk_i18n_pick (self->name_ar, self->name_en));
  if (self->text_msgid != NULL)
    kiosk_choice_item_set_text (self, _(self->text_msgid));
}
