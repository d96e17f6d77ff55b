/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The phone link of a photo step: a one-time upload link as a QR code, or why there is none. */
#define G_LOG_DOMAIN "kiosk-phone-link"

#include "config.h"

#include "kiosk-phone-link.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-error.h"
#include "kiosk-i18n.h"
#include "kiosk-qr-texture.h"

/* Big enough for a phone held at arm's length in front of the screen: a link's code is
 * version 3 or 4 (37 to 41 modules with the quiet zone), so about 400 px. */
#define MODULE_PX 10

/* Translators: photo step, beside the QR code of the phone upload link. */
#define INSTRUCTION N_("Scan this code with your phone's camera, open the page and choose " \
                       "up to three photos. They appear here in a few seconds.")

struct _KioskPhoneLink
{
  GtkWidget         parent_instance;

  KioskPhoneUpload *upload;       /* while a link is open */
  char             *url;
  gboolean          failed;       /* the last open failed: the sentence shows */

  GtkWidget        *box;
  GtkPicture       *qr_picture;
  GtkLabel         *instruction_label;
  GtkLabel         *other_label;
  GtkLabel         *error_label;
};

G_DEFINE_FINAL_TYPE (KioskPhoneLink, kiosk_phone_link, GTK_TYPE_WIDGET)

void
kiosk_phone_link_retranslate (KioskPhoneLink *self)
{
  g_autofree char *other = NULL;

  g_return_if_fail (KIOSK_IS_PHONE_LINK (self));

  other = kiosk_i18n_translate_in (kiosk_i18n_get_other_language (), INSTRUCTION);
  gtk_label_set_label (self->instruction_label, _(INSTRUCTION));
  gtk_label_set_label (self->other_label, other);
  /* Translators: photo step, when the phone upload link cannot be opened (no network
   * address set up, or it is in use). */
  gtk_label_set_label (self->error_label, _("Sending photos from a phone does not work on this "
                                            "kiosk at the moment. Please use the kiosk's camera "
                                            "instead."));
  /* Translators: accessible name of the QR code of the phone upload link. */
  kiosk_accessible_set_label (GTK_WIDGET (self->qr_picture), _("Code to scan with your phone"));
  if (self->upload != NULL)
    kiosk_phone_upload_set_language (self->upload, kiosk_i18n_get_language ());
}

static void
show_state (KioskPhoneLink *self)
{
  gboolean open = self->url != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->qr_picture), open);
  gtk_widget_set_visible (GTK_WIDGET (self->instruction_label), open);
  gtk_widget_set_visible (GTK_WIDGET (self->other_label), open);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->failed);
}

gboolean
kiosk_phone_link_open (KioskPhoneLink   *self,
                       KioskPhoneUpload *upload,
                       GError          **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  g_return_val_if_fail (KIOSK_IS_PHONE_LINK (self), FALSE);
  g_return_val_if_fail (upload == NULL || KIOSK_IS_PHONE_UPLOAD (upload), FALSE);

  kiosk_phone_link_close (self);
  if (upload == NULL)
    g_set_error_literal (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                         "This kiosk has no phone upload server (no store)");
  else
    url = kiosk_phone_upload_begin (upload, kiosk_i18n_get_language (), error);
  if (url != NULL)
    {
      texture = kiosk_qr_texture_new (url, MODULE_PX, error);
      if (texture == NULL)
        kiosk_phone_upload_end (upload);
    }
  self->failed = texture == NULL;
  if (texture != NULL)
    {
      self->upload = g_object_ref (upload);
      self->url = g_steal_pointer (&url);
      gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (texture));
    }
  show_state (self);
  return texture != NULL;
}

void
kiosk_phone_link_close (KioskPhoneLink *self)
{
  g_return_if_fail (KIOSK_IS_PHONE_LINK (self));

  if (self->upload != NULL)
    kiosk_phone_upload_end (self->upload);
  g_clear_object (&self->upload);
  g_clear_pointer (&self->url, g_free);
  self->failed = FALSE;
  gtk_picture_set_paintable (self->qr_picture, NULL);
  show_state (self);
}

gboolean
kiosk_phone_link_is_open (KioskPhoneLink *self)
{
  g_return_val_if_fail (KIOSK_IS_PHONE_LINK (self), FALSE);

  return self->url != NULL;
}

const char *
kiosk_phone_link_get_url (KioskPhoneLink *self)
{
  g_return_val_if_fail (KIOSK_IS_PHONE_LINK (self), NULL);

  return self->url;
}

static void
kiosk_phone_link_dispose (GObject *object)
{
  KioskPhoneLink *self = KIOSK_PHONE_LINK (object);

  /* A link never outlives the step that showed it. */
  if (self->upload != NULL)
    kiosk_phone_upload_end (self->upload);
  g_clear_object (&self->upload);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_PHONE_LINK);

  G_OBJECT_CLASS (kiosk_phone_link_parent_class)->dispose (object);
}

static void
kiosk_phone_link_finalize (GObject *object)
{
  g_free (KIOSK_PHONE_LINK (object)->url);

  G_OBJECT_CLASS (kiosk_phone_link_parent_class)->finalize (object);
}

static void
kiosk_phone_link_class_init (KioskPhoneLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_phone_link_dispose;
  object_class->finalize = kiosk_phone_link_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/widgets/kiosk-phone-link.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskPhoneLink, box);
  gtk_widget_class_bind_template_child (widget_class, KioskPhoneLink, qr_picture);
  gtk_widget_class_bind_template_child (widget_class, KioskPhoneLink, instruction_label);
  gtk_widget_class_bind_template_child (widget_class, KioskPhoneLink, other_label);
  gtk_widget_class_bind_template_child (widget_class, KioskPhoneLink, error_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kioskphonelink");
}

static void
kiosk_phone_link_init (KioskPhoneLink *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kiosk_phone_link_retranslate (self);
  show_state (self);
}
