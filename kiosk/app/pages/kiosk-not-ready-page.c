/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The bilingual "out of service" page. The public sees only that the kiosk is out of service
 * and a short fault code; what went wrong and what to run go to the log (see the README's
 * "Out of service" table), never to the screen: paths and commands mean nothing to a visitor
 * and tell a stranger more than they should. */
#define G_LOG_DOMAIN "kiosk-not-ready-page"

#include "config.h"

#include "kiosk-not-ready-page.h"

#include <glib/gi18n.h>

#include "kiosk-error.h"
#include "kiosk-i18n.h"

struct _KioskNotReadyPage
{
  KioskPage  parent_instance;

  GtkWidget *content;
  GtkBox    *arabic_box;
  GtkLabel  *arabic_title;
  GtkLabel  *arabic_body;
  GtkLabel  *arabic_fault;
  GtkBox    *english_box;
  GtkLabel  *english_title;
  GtkLabel  *english_body;
  GtkLabel  *english_fault;
};

G_DEFINE_FINAL_TYPE (KioskNotReadyPage, kiosk_not_ready_page, KIOSK_TYPE_PAGE)

/* Translators: shown full screen, in Arabic and in English together, when the kiosk cannot
 * serve anyone (no usable database or setup); visitors read it, so keep it calm and short. */
static const char *title_msgid = N_("This kiosk is out of service");
/* Translators: under "This kiosk is out of service". */
static const char *body_msgid = N_("Please ask the service attendant for help.");

/* Stable names, documented in the README, rather than enum numbers that move between
 * versions. Only failures that can stop the kiosk at start are listed. */
static const struct {
  KioskError  code;
  const char *name;
} fault_codes[] = {
  { KIOSK_ERROR_CONFIG, "CONFIG" },
  { KIOSK_ERROR_STORE_OPEN, "DB-OPEN" },
  { KIOSK_ERROR_STORE_TOO_NEW, "DB-NEWER" },
  { KIOSK_ERROR_STORE_MIGRATION, "DB-MIGRATE" },
  { KIOSK_ERROR_STORE_CORRUPT, "DB-CORRUPT" },
  { KIOSK_ERROR_STORE_BUSY, "DB-BUSY" },
  { KIOSK_ERROR_STORE_IO, "DB-IO" },
  { KIOSK_ERROR_STORE_SQL, "DB-IO" },
  { KIOSK_ERROR_NOT_FOUND, "SETUP" },
};

const char *
kiosk_not_ready_page_fault_code (const GError *error)
{
  if (error == NULL)
    return NULL;
  if (error->domain == KIOSK_ERROR)
    for (guint i = 0; i < G_N_ELEMENTS (fault_codes); i++)
      if (error->code == (int) fault_codes[i].code)
        return fault_codes[i].name;
  return "OTHER";
}

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
  gtk_widget_class_bind_template_child (widget_class, KioskNotReadyPage, arabic_fault);
  gtk_widget_class_bind_template_child (widget_class, KioskNotReadyPage, english_box);
  gtk_widget_class_bind_template_child (widget_class, KioskNotReadyPage, english_title);
  gtk_widget_class_bind_template_child (widget_class, KioskNotReadyPage, english_body);
  gtk_widget_class_bind_template_child (widget_class, KioskNotReadyPage, english_fault);
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
  gtk_widget_set_direction (GTK_WIDGET (self->arabic_fault), GTK_TEXT_DIR_RTL);
  gtk_widget_set_direction (GTK_WIDGET (self->english_body), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (self->english_fault), GTK_TEXT_DIR_LTR);

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

static void
set_fault (GtkLabel   *label,
           const char *language,
           const char *code)
{
  /* Isolated left to right, so "DB-OPEN" is never reordered inside the Arabic sentence. */
  g_autofree char *isolated = g_strdup_printf ("\u2066%s\u2069", code != NULL ? code : "");
  /* Translators: under the out-of-service message, small; %s is a short code such as DB-OPEN
   * that the attendant looks up, kept in Latin letters and left to right. */
  g_autofree char *text = kiosk_i18n_printf_in (language, N_("Fault code: %s"), isolated);

  gtk_label_set_label (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), code != NULL);
}

void
kiosk_not_ready_page_set_error (KioskNotReadyPage *self,
                                const GError      *error)
{
  const char *code;

  g_return_if_fail (KIOSK_IS_NOT_READY_PAGE (self));

  code = kiosk_not_ready_page_fault_code (error);
  set_fault (self->arabic_fault, "ar", code);
  set_fault (self->english_fault, "en", code);
}

char *
kiosk_not_ready_page_dup_text (KioskNotReadyPage *self)
{
  GtkLabel *labels[] = {
    self->arabic_title, self->arabic_body, self->arabic_fault,
    self->english_title, self->english_body, self->english_fault,
  };
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (KIOSK_IS_NOT_READY_PAGE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (gtk_widget_get_visible (GTK_WIDGET (labels[i])))
      g_string_append_printf (text, "%s\n", gtk_label_get_label (labels[i]));
  return g_string_free (g_steal_pointer (&text), FALSE);
}
