/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The bilingual "kiosk not ready" page. */
#define G_LOG_DOMAIN "kiosk-not-ready-page"

#include "config.h"

#include "kiosk-not-ready-page.h"

#include <glib/gi18n.h>

#include "kiosk-i18n.h"

struct _KioskNotReadyPage
{
  KioskPage  parent_instance;

  GtkWidget *content;
  GtkBox    *arabic_box;
  GtkLabel  *arabic_title;
  GtkLabel  *arabic_body;
  GtkBox    *english_box;
  GtkLabel  *english_title;
  GtkLabel  *english_body;
  GtkLabel  *command_label;
  GtkLabel  *details_label;
};

G_DEFINE_FINAL_TYPE (KioskNotReadyPage, kiosk_not_ready_page, KIOSK_TYPE_PAGE)

/* Translators: shown full screen, in Arabic and in English together, when the kiosk has no
 * usable database yet; visitors read it, so keep it calm and short. */
static const char *title_msgid = N_("This kiosk is not ready yet");
/* Translators: under "This kiosk is not ready yet"; the command itself follows on its own
 * line (kiosk-admin init) and is not translated. */
static const char *body_msgid = N_("Please ask the service attendant to run this command:");

static void
set_translated (GtkLabel   *label,
                const char *language,
                const char *msgid)
{
  g_autofree char *text = kiosk_i18n_translate_in (language, msgid);

  gtk_label_set_label (label, text);
}

static void
kiosk_not_ready_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_NOT_READY_PAGE);

  G_OBJECT_CLASS (kiosk_not_ready_page_parent_class)->dispose (object);
}

static void
kiosk_not_ready_page_class_init (KioskNotReadyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_not_ready_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/pages/kiosk-not-ready-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskNotReadyPage, content);
  gtk_widget_class_bind_template_child (widget_class, KioskNotReadyPage, arabic_box);
  gtk_widget_class_bind_template_child (widget_class, KioskNotReadyPage, arabic_title);
  gtk_widget_class_bind_template_child (widget_class, KioskNotReadyPage, arabic_body);
  gtk_widget_class_bind_template_child (widget_class, KioskNotReadyPage, english_box);
  gtk_widget_class_bind_template_child (widget_class, KioskNotReadyPage, english_title);
  gtk_widget_class_bind_template_child (widget_class, KioskNotReadyPage, english_body);
  gtk_widget_class_bind_template_child (widget_class, KioskNotReadyPage, command_label);
  gtk_widget_class_bind_template_child (widget_class, KioskNotReadyPage, details_label);
  gtk_widget_class_set_css_name (widget_class, "notreadypage");
}

static void
kiosk_not_ready_page_init (KioskNotReadyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Each block keeps its own direction whatever the visitor's language is. */
  gtk_widget_set_direction (GTK_WIDGET (self->arabic_box), GTK_TEXT_DIR_RTL);
  gtk_widget_set_direction (GTK_WIDGET (self->arabic_title), GTK_TEXT_DIR_RTL);
  gtk_widget_set_direction (GTK_WIDGET (self->arabic_body), GTK_TEXT_DIR_RTL);
  gtk_widget_set_direction (GTK_WIDGET (self->english_box), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (self->english_title), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (self->english_body), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (self->command_label), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (self->details_label), GTK_TEXT_DIR_LTR);

  set_translated (self->arabic_title, "ar", title_msgid);
  set_translated (self->arabic_body, "ar", body_msgid);
  set_translated (self->english_title, "en", title_msgid);
  set_translated (self->english_body, "en", body_msgid);
}

GtkWidget *
kiosk_not_ready_page_new (void)
{
  return g_object_new (KIOSK_TYPE_NOT_READY_PAGE, NULL);
}

void
kiosk_not_ready_page_set_error (KioskNotReadyPage *self,
                                const GError      *error)
{
  g_return_if_fail (KIOSK_IS_NOT_READY_PAGE (self));

  gtk_label_set_label (self->details_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details_label), error != NULL);
}

char *
kiosk_not_ready_page_dup_text (KioskNotReadyPage *self)
{
  GtkLabel *labels[] = {
    self->arabic_title, self->arabic_body, self->english_title, self->english_body,
    self->command_label, self->details_label,
  };
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (KIOSK_IS_NOT_READY_PAGE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (gtk_widget_get_visible (GTK_WIDGET (labels[i])))
      g_string_append_printf (text, "%s\n", gtk_label_get_label (labels[i]));
  return g_string_free (g_steal_pointer (&text), FALSE);
}
