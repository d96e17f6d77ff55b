/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report flow's steps and rules. */
#define G_LOG_DOMAIN "kiosk-report-flow"

#include "config.h"

#include "kiosk-report-flow.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-camera.h"
#include "kiosk-catalog.h"
#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-i18n.h"
#include "kiosk-photos.h"
#include "kiosk-receipt-page.h"
#include "kiosk-services.h"
#include "kiosk-track-flow.h"
#include "kiosk-tracking.h"
#include "kiosk-validate.h"
#include "kiosk-wake.h"
#include "kiosk-window.h"
#include "steps/kiosk-choice-list.h"
#include "steps/kiosk-phone-step.h"
#include "steps/kiosk-place-step.h"
#include "steps/kiosk-review-list.h"
#include "steps/kiosk-step.h"
#include "widgets/kiosk-camera-view.h"
#include "widgets/kiosk-phone-link.h"

/* "Already reported?" looks this far back. */
#define SIMILAR_DAYS 30

struct _KioskReportFlow
{
  KioskFlow          parent_instance;

  GListStore        *categories;   /* KioskChoiceItem: value 1 for a HIGH priority one */
  GPtrArray         *similar;      /* KioskReportStatus* */
  char              *category;     /* chosen codes */
  gboolean           urgent;
  char              *landmark;     /* validated */
  GPtrArray         *photos;       /* SHA-256 names, NULL-terminated */
  KioskCamera       *camera;
  GCancellable      *capture;      /* a capture running, or NULL */
  gboolean           use_phone;    /* the photo step shows the phone link, not the camera */
  GPtrArray         *phone_photos; /* KioskPhonePhoto, those still in `photos` */
  KioskPhoneUpload  *upload;       /* the window's, while the link is open */
  GPtrArray         *link_photos;  /* SHA-256 names received on the link open now, still in
                                    * `photos`: the link's share of the report's places */
  KioskRecordRef     ref;

  KioskStep         *category_step;
  KioskChoiceList   *category_list;
  KioskStep         *urgent_step;
  GtkLabel          *urgent_number;
  GtkLabel          *urgent_text;
  GtkButton         *urgent_next_button;
  KioskPlaceStep    *wilayat_step;
  KioskPlaceStep    *area_step;
  KioskStep         *landmark_step;
  GtkEntry          *landmark_entry;
  GtkButton         *landmark_skip_button;
  GtkButton         *landmark_next_button;
  KioskStep         *description_step;
  GtkTextView       *description_view;
  GtkButton         *description_next_button;
  KioskStep         *photos_step;
  KioskCameraView   *camera_view;
  GtkBox            *thumbnails;
  GtkButton         *capture_button;
  KioskPhoneLink    *phone_link;
  GtkButton         *phone_button;
  GtkButton         *camera_button;
  GtkButton         *photos_next_button;
  KioskPhoneStep    *phone_step;
  KioskStep         *similar_step;
  KioskChoiceList   *similar_box;
  GListStore        *similar_items; /* KioskChoiceItem, one a report of `similar` */
  GtkButton         *similar_new_button;
  KioskStep         *review_step;
  KioskReviewList   *review_list;
  GtkButton         *review_submit_button;
  KioskReceiptPage  *receipt;
};

G_DEFINE_FINAL_TYPE (KioskReportFlow, kiosk_report_flow, KIOSK_TYPE_FLOW)

/* Translators: report photo step: Next tapped while the camera works but no photo taken. */
#define NO_PHOTO_MESSAGE N_("Please take at least one photo of the problem.")
/* Translators: under the heading of the photo step. */
#define CAMERA_HINT N_("Hold your phone's picture of the place, or the item, up to the camera and tap Take photo.")
/* Translators: hint of the wilayat and area steps when a photo sent from the visitor's phone
 * says where it was taken: that place is first in the list, marked. */
#define PROPOSED_HINT N_("Your photo says it was taken here: tap it to confirm, or choose " \
                         "another place.")

/* Helpers ------------------------------------------------------------------------------- */

/* The heading of a group of categories, as a message id the list translates. */
static const char *
group_name (const char *group)
{
  static const struct { const char *code; const char *name; } groups[] = {
    /* Translators: group of report categories. */
    { "roads", N_("Roads and street lights") },
    /* Translators: group of report categories. */
    { "cleanliness", N_("Cleanliness and waste") },
    /* Translators: group of report categories. */
    { "water", N_("Water, sewage and rain") },
    /* Translators: group of report categories. */
    { "buildings", N_("Buildings and construction") },
    /* Translators: group of report categories. */
    { "parks", N_("Parks and beaches") },
    /* Translators: group of report categories. */
    { "markets", N_("Food and markets") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    if (g_strcmp0 (group, groups[i].code) == 0)
      return groups[i].name;
  /* Translators: group of report categories the kiosk has no name for. */
  return N_("Other");
}

static GListStore *
new_categories (GPtrArray *items)
{
  GListStore *store = kiosk_choice_list_store_catalog (items);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      const KioskCatalogItem *category = g_ptr_array_index (items, i);
      g_autoptr(KioskChoiceItem) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      kiosk_choice_item_set_group (item, group_name (category->parent));
      kiosk_choice_item_set_value (item, g_strcmp0 (category->extra, "HIGH") == 0);
    }
  return store;
}

static KioskChoiceItem *
find_category (KioskReportFlow *self,
               const char      *code)
{
  for (guint i = 0; self->categories != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->categories)); i++)
    {
      g_autoptr(KioskChoiceItem) item = g_list_model_get_item (G_LIST_MODEL (self->categories), i);

      if (g_strcmp0 (kiosk_choice_item_get_code (item), code) == 0)
        return item;  /* the store keeps it */
    }
  return NULL;
}

static const char *
chosen_code (KioskPlaceStep *step)
{
  KioskChoiceItem *item = kiosk_place_step_get_chosen (step);

  return item != NULL ? kiosk_choice_item_get_code (item) : NULL;
}

static char *
dup_description (KioskReportFlow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static const char * const *
photo_list (KioskReportFlow *self)
{
  return (const char * const *) self->photos->pdata;
}

/* Lists ------------------------------------------------------------------------------- */

static void
render_thumbnails (KioskReportFlow *self)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  guint n = self->photos->len - 1;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->thumbnails))) != NULL)
    gtk_box_remove (self->thumbnails, child);
  for (guint i = 0; i < n; i++)
    {
      const char *hash = g_ptr_array_index (self->photos, i);
      g_autofree char *path = kiosk_photos_path (store, hash);
      g_autofree char *position = g_strdup_printf ("%u", i);
      GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
      GtkWidget *picture = gtk_picture_new_for_filename (path);
      GtkWidget *remove = gtk_button_new_with_label (
        /* Translators: under a photo thumbnail: take it away (to retake it). */
        _("Remove"));

      gtk_widget_set_size_request (picture, 160, 120);
      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
      gtk_widget_add_css_class (remove, "kiosk-secondary");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "report.remove-photo");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", position);
      kiosk_accessible_set_label (remove, _("Remove"));
      gtk_box_append (GTK_BOX (column), picture);
      gtk_box_append (GTK_BOX (column), remove);
      gtk_box_append (self->thumbnails, column);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->capture_button),
                            n < KIOSK_REPORT_MAX_PHOTOS && self->camera != NULL &&
                            self->capture == NULL);
  /* Without a camera there is nothing to take: the phone, or Next, remains. */
  gtk_widget_set_visible (GTK_WIDGET (self->capture_button),
                          self->camera != NULL && !self->use_phone);
  gtk_widget_set_visible (GTK_WIDGET (self->phone_button), !self->use_phone);
  gtk_widget_set_visible (GTK_WIDGET (self->camera_button), self->use_phone);
  gtk_widget_set_visible (GTK_WIDGET (self->phone_link), self->use_phone);
  /* With the phone, the link says what to do. */
  kiosk_step_set_hint (self->photos_step, self->use_phone ? NULL : CAMERA_HINT);
  gtk_widget_set_sensitive (GTK_WIDGET (self->phone_button), self->capture == NULL);
}

/* One choice an open report like this one, told apart from the others: its problem as the
 * title, then status, day and area, its landmark, and whether it has photos. */
static void
render_similar (KioskReportFlow *self)
{
  g_list_store_remove_all (self->similar_items);
  for (guint i = 0; self->similar != NULL && i < self->similar->len; i++)
    {
      KioskReportStatus *report = g_ptr_array_index (self->similar, i);
      g_autofree char *when = kiosk_i18n_format_time (report->created_at, FALSE);
      g_autofree char *details = NULL;
      g_autofree char *photos = NULL;
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(KioskChoiceItem) item = kiosk_choice_item_new (report->uuid, NULL, NULL, NULL);

      /* Translators: a similar open report: "status · filed on date · area". */
      details = g_strdup_printf (C_("similar report", "%s · %s · %s"),
                                 kiosk_track_flow_report_status_name (report, report->status),
                                 when,
                                 kiosk_i18n_pick (report->area_ar, report->area_en));
      kiosk_choice_item_set_title (item, kiosk_i18n_pick (report->category_ar,
                                                          report->category_en));
      g_string_append (text, details);
      if (report->landmark != NULL && report->landmark[0] != '\0')
        g_string_append_printf (text, "\n%s", report->landmark);
      if (report->photos > 0)
        {
          photos = kiosk_i18n_format_int (report->photos);
          /* Translators: a similar open report: how many photos it has (%s: the number). */
          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("Photos: %s"), photos);
        }
      else
        g_string_append_printf (text, "\n%s", _("No photos"));
      kiosk_choice_item_set_text (item, text->str);
      g_list_store_append (self->similar_items, item);
    }
}

static void
update_review (KioskReportFlow *self)
{
  KioskChoiceItem *category = find_category (self, self->category);
  KioskChoiceItem *area = kiosk_place_step_get_chosen (self->area_step);
  const char *area_name = area != NULL ? kiosk_choice_item_get_title (area) : "";
  const char *phone = kiosk_phone_step_get_phone (self->phone_step);
  g_autofree char *description = dup_description (self);
  g_autofree char *place = NULL;
  guint n_photos = self->photos->len - 1;
  /* A lone "٠" reads as nothing at all: no photo is said in words. */
  g_autofree char *photos = n_photos > 0 ? kiosk_i18n_format_int (n_photos)
                                         /* Translators: review step, value of "Photos"
                                          * when the report has none. */
                                         : g_strdup (_("No photos"));

  if (self->landmark != NULL && self->landmark[0] != '\0')
    place = g_strdup_printf (C_("report place", "%s — %s"), area_name, self->landmark);
  else
    place = g_strdup (area_name);
  /* Translators: review step, caption over the kind of problem. */
  kiosk_review_list_set_row (self->review_list, 0, _("Problem"),
                             category != NULL ? kiosk_choice_item_get_title (category) : "",
                             KIOSK_REVIEW_ROW_PLAIN);
  kiosk_review_list_set_row (self->review_list, 1, _("Place"), place, KIOSK_REVIEW_ROW_PLAIN);
  kiosk_review_list_set_row (self->review_list, 2, _("Description"), description,
                             KIOSK_REVIEW_ROW_LONG);
  /* Translators: review step, caption over the number of photos. */
  kiosk_review_list_set_row (self->review_list, 3, _("Photos"), photos, KIOSK_REVIEW_ROW_PLAIN);
  kiosk_review_list_set_row (self->review_list, 4, _("Mobile number"),
                             phone != NULL ? phone : _("Not given"),
                             phone != NULL ? KIOSK_REVIEW_ROW_PHONE : KIOSK_REVIEW_ROW_PLAIN);
}

/* Texts ------------------------------------------------------------------------------- */

static void
kiosk_report_flow_retranslate (KioskPage *page)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (page);

  KIOSK_PAGE_CLASS (kiosk_report_flow_parent_class)->retranslate (page);

  kiosk_i18n_place_ltr (GTK_WIDGET (self->urgent_number));

  /* Translators: title of the report service, in the header. */
  kiosk_page_set_title (page, _("Report an issue with a photo"));

  gtk_label_set_label (self->urgent_number, "1111");
  /* Translators: under the free number 1111 on the urgent step. */
  gtk_label_set_label (self->urgent_text, _("If anyone is in danger, call now. You can still file this report here: it is sent to the municipality first."));
  /* Translators: button to go on filing an urgent report. */
  kiosk_accessible_set_button_label (self->urgent_next_button, _("Continue the report"));

  /* Translators: accessible name of the landmark field. */
  kiosk_accessible_set_label (GTK_WIDGET (self->landmark_entry), _("Landmark or street"));
  kiosk_accessible_set_button_label (self->landmark_skip_button, _("Skip"));
  kiosk_accessible_set_button_label (self->landmark_next_button, _("Next"));

  /* Translators: accessible name of the description box. */
  kiosk_accessible_set_label (GTK_WIDGET (self->description_view), _("Description"));
  kiosk_accessible_set_button_label (self->description_next_button, _("Next"));

  /* Translators: button that takes a photo with the kiosk's camera. */
  kiosk_accessible_set_button_label (self->capture_button, _("Take photo"));
  /* Translators: photo step: the choice of sending photos from the visitor's own phone. */
  kiosk_accessible_set_button_label (self->phone_button, _("Send photos from my phone"));
  /* Translators: photo step, while the phone's code shows: back to the kiosk's camera. */
  kiosk_accessible_set_button_label (self->camera_button, _("Use the kiosk's camera"));
  kiosk_accessible_set_button_label (self->photos_next_button, _("Next"));
  kiosk_phone_link_retranslate (self->phone_link);
  render_thumbnails (self);

  render_similar (self);
  /* Translators: "already reported?" — none of these is it. */
  kiosk_accessible_set_button_label (self->similar_new_button, _("None of these: file a new report"));

  update_review (self);
  kiosk_accessible_set_button_label (self->review_submit_button, _("Send"));

  kiosk_receipt_page_retranslate (self->receipt);
}

/* Camera ------------------------------------------------------------------------------- */

static void
stop_camera (KioskReportFlow *self)
{
  if (self->capture != NULL)
    g_cancellable_cancel (self->capture);
  if (self->camera != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->camera, self);
      kiosk_camera_stop (self->camera);
      kiosk_camera_view_set_camera (self->camera_view, NULL);
      g_clear_object (&self->camera);
    }
}

static void
camera_error_cb (KioskCamera     *camera,
                 const GError    *error,
                 KioskReportFlow *self)
{
  /* The report goes on without (more) photos. */
  g_message ("camera stopped: %s", error->message);
  kiosk_step_set_error (self->photos_step, kiosk_error_code_of (error));
  stop_camera (self);
  gtk_widget_set_visible (GTK_WIDGET (self->camera_view), FALSE);
  render_thumbnails (self);
}

static void
start_camera (KioskReportFlow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *source = KIOSK_IS_WINDOW (root)
                         ? kiosk_window_get_camera_source (KIOSK_WINDOW (root)) : "none";
  g_autoptr(GError) error = NULL;

  if (self->camera != NULL)
    return;
  self->camera = kiosk_camera_new (source);
  g_signal_connect_object (self->camera, "error", G_CALLBACK (camera_error_cb), self, 0);
  if (!kiosk_camera_start (self->camera, &error))
    {
      g_message ("no camera for photos: %s", error->message);
      g_signal_handlers_disconnect_by_data (self->camera, self);
      g_clear_object (&self->camera);
      kiosk_step_set_error (self->photos_step, kiosk_error_code_of (error));
    }
  else
    {
      kiosk_camera_view_set_camera (self->camera_view, self->camera);
      kiosk_step_set_error (self->photos_step, KIOSK_ERROR_TEXT_NONE);
    }
  /* No empty frame where the camera would be: the message says why. */
  gtk_widget_set_visible (GTK_WIDGET (self->camera_view), self->camera != NULL);
  render_thumbnails (self);
}

static void
captured_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KioskReportFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = kiosk_camera_capture_photo_finish (KIOSK_CAMERA (source), result, &error);

  g_clear_object (&self->capture);
  if (hash == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_message ("photo not taken: %s", error->message);
          kiosk_step_set_error (self->photos_step, kiosk_error_code_of (error));
          render_thumbnails (self);
        }
      return;
    }
  if (self->photos->len - 1 < KIOSK_REPORT_MAX_PHOTOS)
    g_ptr_array_insert (self->photos, self->photos->len - 1, g_steal_pointer (&hash));
  kiosk_step_set_error (self->photos_step, KIOSK_ERROR_TEXT_NONE);
  render_thumbnails (self);
}

/* Phone ------------------------------------------------------------------------------- */

/* The link may fill the places the report's other photos leave. */
static void
update_link_capacity (KioskReportFlow *self)
{
  guint others = (self->photos->len - 1) - self->link_photos->len;

  if (self->upload != NULL)
    kiosk_phone_upload_set_capacity (self->upload, others >= KIOSK_REPORT_MAX_PHOTOS
                                                   ? 0 : KIOSK_REPORT_MAX_PHOTOS - others);
}

static gboolean
has_photo (KioskReportFlow *self,
           const char      *hash)
{
  for (guint i = 0; i + 1 < self->photos->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->photos, i), hash) == 0)
      return TRUE;
  return FALSE;
}

static void
phone_photo_received_cb (KioskPhoneUpload *upload,
                         KioskPhonePhoto  *photo,
                         KioskReportFlow  *self)
{
  if (self->photos->len - 1 >= KIOSK_REPORT_MAX_PHOTOS || has_photo (self, photo->sha256))
    {
      /* The same picture again (the capacity keeps the phone from sending a fourth). */
      kiosk_phone_upload_remove (upload, photo->sha256);
      return;
    }
  g_ptr_array_insert (self->photos, self->photos->len - 1, g_strdup (photo->sha256));
  g_ptr_array_add (self->link_photos, g_strdup (photo->sha256));
  g_ptr_array_add (self->phone_photos, kiosk_phone_photo_copy (photo));
  kiosk_step_set_error (self->photos_step, KIOSK_ERROR_TEXT_NONE);
  render_thumbnails (self);
}

static void
close_phone_link (KioskReportFlow *self)
{
  if (self->upload != NULL)
    g_signal_handlers_disconnect_by_data (self->upload, self);
  g_clear_object (&self->upload);
  if (self->phone_link != NULL)
    kiosk_phone_link_close (self->phone_link);
  g_ptr_array_set_size (self->link_photos, 0);
}

static void open_phone_link (KioskReportFlow *self);

/* Ten minutes on the step: a fresh code, the photos received so far kept. */
static void
phone_link_expired_cb (KioskPhoneUpload *upload,
                       KioskReportFlow  *self)
{
  open_phone_link (self);
}

static void
open_phone_link (KioskReportFlow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  KioskPhoneUpload *upload = KIOSK_IS_WINDOW (root)
                               ? kiosk_window_get_phone_upload (KIOSK_WINDOW (root)) : NULL;
  g_autoptr(GError) error = NULL;

  close_phone_link (self);
  /* On failure the link shows why; the camera is one tap away. */
  if (!kiosk_phone_link_open (self->phone_link, upload, &error))
    {
      g_message ("no phone link: %s", error->message);
      return;
    }
  self->upload = g_object_ref (upload);
  g_signal_connect_object (upload, "photo-received", G_CALLBACK (phone_photo_received_cb),
                           self, 0);
  g_signal_connect_object (upload, "expired", G_CALLBACK (phone_link_expired_cb), self, 0);
  update_link_capacity (self);
}

/* The first photo from the phone still in the report that says where it was taken. */
static const KioskPhonePhoto *
placed_photo (KioskReportFlow *self)
{
  for (guint i = 0; i < self->phone_photos->len; i++)
    {
      const KioskPhonePhoto *photo = g_ptr_array_index (self->phone_photos, i);

      if (photo->wilayat_code != NULL && photo->area_code != NULL)
        return photo;
    }
  return NULL;
}

static void
forget_phone_photo (KioskReportFlow *self,
                    const char      *hash)
{
  guint index;

  for (guint i = 0; i < self->phone_photos->len; i++)
    if (g_strcmp0 (((KioskPhonePhoto *) g_ptr_array_index (self->phone_photos, i))->sha256,
                   hash) == 0)
      {
        g_ptr_array_remove_index (self->phone_photos, i);
        break;
      }
  if (g_ptr_array_find_with_equal_func (self->link_photos, hash, g_str_equal, &index))
    {
      g_ptr_array_remove_index (self->link_photos, index);
      /* Its place on the link is free for another from the phone. */
      if (self->upload != NULL)
        kiosk_phone_upload_remove (self->upload, hash);
    }
}

/* The wilayat step, with the place of a phone photo first when one says where it was. */
static void
propose_wilayat (KioskReportFlow *self)
{
  const KioskPhonePhoto *photo = placed_photo (self);
  g_autoptr(GError) error = NULL;

  if (photo == NULL && kiosk_place_step_get_proposed (self->wilayat_step) == NULL)
    return;
  /* Listed again: a proposal whose photo was removed goes with the old list. */
  if (!kiosk_place_step_show_wilayats (self->wilayat_step,
                                       kiosk_flow_get_store (KIOSK_FLOW (self)), &error))
    {
      g_message ("wilayats: %s", error->message);
      return;
    }
  if (photo != NULL &&
      !kiosk_place_step_propose (self->wilayat_step, photo->wilayat_code, PROPOSED_HINT))
    g_message ("proposed wilayat %s is not listed", photo->wilayat_code);
}

/* Steps ------------------------------------------------------------------------------- */

static void
kiosk_report_flow_step_shown (KioskFlow  *flow,
                              const char *step)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (flow);

  if (g_strcmp0 (step, "photos") != 0)
    {
      stop_camera (self);
      /* Leaving the step kills the link: nothing more comes from the phone. */
      close_phone_link (self);
    }
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (g_strcmp0 (step, "photos") == 0)
    {
      if (self->use_phone)
        open_phone_link (self);
      else
        start_camera (self);
      render_thumbnails (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->photos_next_button));
    }
  else if (g_strcmp0 (step, "landmark") == 0)
    kiosk_step_focus_entry (self->landmark_entry);
  else if (g_strcmp0 (step, "description") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->description_view));
  else if (g_strcmp0 (step, "phone") == 0)
    kiosk_phone_step_focus (self->phone_step);
  else if (g_strcmp0 (step, "review") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->review_submit_button));
  else if (g_strcmp0 (step, "urgent") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->urgent_next_button));
}

static void
choose_category_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (widget);
  KioskChoiceItem *item = find_category (self, g_variant_get_string (parameter, NULL));
  g_autoptr(GError) error = NULL;

  if (item == NULL)
    return;
  g_free (self->category);
  self->category = g_strdup (kiosk_choice_item_get_code (item));
  self->urgent = kiosk_choice_item_get_value (item) != 0;
  if (kiosk_place_step_get_chosen (self->wilayat_step) == NULL &&
      !kiosk_place_step_show_wilayats (self->wilayat_step, kiosk_flow_get_store (KIOSK_FLOW (self)),
                                       &error))
    g_message ("wilayats: %s", error->message);
  kiosk_flow_go_to (KIOSK_FLOW (self), self->urgent ? "urgent" : "photos");
}

static void
urgent_next_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  kiosk_flow_go_to (KIOSK_FLOW (widget), "photos");
}

static void
wilayat_chosen_cb (KioskPlaceStep  *step,
                   KioskChoiceItem *wilayat,
                   KioskReportFlow *self)
{
  const char *code = kiosk_choice_item_get_code (wilayat);
  const KioskPhonePhoto *photo = placed_photo (self);
  g_autoptr(GError) error = NULL;

  if (!kiosk_place_step_show_areas (self->area_step, kiosk_flow_get_store (KIOSK_FLOW (self)),
                                    code, &error))
    g_message ("areas of %s: %s", code, error->message);
  else if (photo != NULL && g_strcmp0 (photo->wilayat_code, code) == 0 &&
           !kiosk_place_step_propose (self->area_step, photo->area_code, PROPOSED_HINT))
    g_message ("proposed area %s is not listed", photo->area_code);
  kiosk_flow_go_to (KIOSK_FLOW (self), "area");
}

static void
area_chosen_cb (KioskPlaceStep  *step,
                KioskChoiceItem *area,
                KioskReportFlow *self)
{
  kiosk_flow_go_to (KIOSK_FLOW (self), "landmark");
}

static void
landmark_done (KioskReportFlow *self,
               const char      *typed)
{
  g_autoptr(GError) error = NULL;
  char *landmark = kiosk_validate_text (typed, KIOSK_LANDMARK_MAX_CHARS, FALSE, &error);

  if (landmark == NULL)
    {
      kiosk_step_set_error (self->landmark_step, kiosk_error_code_of (error));
      return;
    }
  g_free (self->landmark);
  self->landmark = landmark;
  kiosk_step_set_error (self->landmark_step, KIOSK_ERROR_TEXT_NONE);
  kiosk_flow_go_to (KIOSK_FLOW (self), "description");
}

static void
landmark_next_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (widget);

  landmark_done (self, gtk_editable_get_text (GTK_EDITABLE (self->landmark_entry)));
}

static void
landmark_skip_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->landmark_entry), "");
  landmark_done (self, "");
}

static void
description_next_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (widget);
  g_autofree char *text = dup_description (self);
  g_autofree char *valid = NULL;
  g_autoptr(GError) error = NULL;

  valid = kiosk_validate_text (text, KIOSK_DESCRIPTION_MAX_CHARS, TRUE, &error);
  if (valid == NULL)
    {
      kiosk_step_set_error (self->description_step, kiosk_error_code_of (error));
      gtk_widget_grab_focus (GTK_WIDGET (self->description_view));
      return;
    }
  kiosk_step_set_error (self->description_step, KIOSK_ERROR_TEXT_NONE);
  kiosk_flow_go_to (KIOSK_FLOW (self), "phone");
}

static void
capture_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (widget);

  if (self->camera == NULL || self->capture != NULL ||
      self->photos->len - 1 >= KIOSK_REPORT_MAX_PHOTOS)
    return;
  self->capture = g_cancellable_new ();
  kiosk_camera_capture_photo_async (self->camera, kiosk_flow_get_store (KIOSK_FLOW (self)),
                                    self->capture, captured_cb, g_object_ref (self));
  render_thumbnails (self);
}

static void
remove_photo_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (widget);
  guint64 position;

  /* The file stays until the startup sweep: another report may name the same picture. */
  if (g_ascii_string_to_unsigned (g_variant_get_string (parameter, NULL), 10, 0,
                                  KIOSK_REPORT_MAX_PHOTOS - 1, &position, NULL) &&
      position < self->photos->len - 1)
    {
      forget_phone_photo (self, g_ptr_array_index (self->photos, (guint) position));
      g_ptr_array_remove_index (self->photos, (guint) position);
      update_link_capacity (self);
    }
  render_thumbnails (self);
}

static void
use_phone_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (widget);

  if (self->capture != NULL)
    return;  /* the photo being taken would be lost */
  self->use_phone = TRUE;
  stop_camera (self);
  gtk_widget_set_visible (GTK_WIDGET (self->camera_view), FALSE);
  kiosk_step_set_error (self->photos_step, KIOSK_ERROR_TEXT_NONE);
  open_phone_link (self);
  render_thumbnails (self);
}

static void
use_camera_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (widget);

  self->use_phone = FALSE;
  close_phone_link (self);
  start_camera (self);
  render_thumbnails (self);
}

static void
photos_next_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (widget);

  if (self->capture != NULL)
    return;  /* the photo being taken would be lost */
  /* One photo at least while the camera works; without one the report goes on. */
  if (self->camera != NULL && self->photos->len - 1 == 0)
    {
      kiosk_step_set_error_message (self->photos_step, NO_PHOTO_MESSAGE);
      return;
    }
  propose_wilayat (self);
  kiosk_flow_go_to (KIOSK_FLOW (self), "wilayat");
}

static void
go_on_after_phone (KioskReportFlow *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->similar, g_ptr_array_unref);
  self->similar = kiosk_tracking_find_similar_open (kiosk_flow_get_store (KIOSK_FLOW (self)),
                                                    self->category, chosen_code (self->area_step), SIMILAR_DAYS,
                                                    &error);
  if (self->similar == NULL)
    g_message ("similar reports not listed: %s", error->message);
  kiosk_step_set_error (self->review_step, KIOSK_ERROR_TEXT_NONE);
  update_review (self);
  if (self->similar != NULL && self->similar->len > 0)
    {
      kiosk_step_set_error (self->similar_step, KIOSK_ERROR_TEXT_NONE);
      render_similar (self);
      kiosk_flow_go_to (KIOSK_FLOW (self), "similar");
    }
  else
    kiosk_flow_go_to (KIOSK_FLOW (self), "review");
}

static void
phone_done_cb (KioskPhoneStep  *step,
               const char      *phone,
               KioskReportFlow *self)
{
  go_on_after_phone (self);
}

static void
file_new_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  kiosk_flow_go_to (KIOSK_FLOW (widget), "review");
}

/* After a record was written: its receipt, and no way back into the filled form. */
static void
finish (KioskReportFlow *self,
        KioskRecordRef  *ref)
{
  g_autoptr(GError) error = NULL;

  self->ref = (KioskRecordRef) { g_steal_pointer (&ref->uuid), g_steal_pointer (&ref->reference) };
  if (!kiosk_receipt_page_show_record (self->receipt, kiosk_flow_get_store (KIOSK_FLOW (self)),
                                       self->ref.uuid, &error))
    g_message ("receipt of %s not shown: %s", self->ref.reference, error->message);
  kiosk_flow_go_to_final (KIOSK_FLOW (self), "receipt");
}

/* Sends the visitor back to the step where a refused field is. */
static void
show_refusal (KioskReportFlow *self,
              int              code,
              KioskStep       *fallback)
{
  if (code == KIOSK_ERROR_EMPTY || code == KIOSK_ERROR_TOO_LONG ||
      code == KIOSK_ERROR_INVALID_TEXT)
    {
      kiosk_step_set_error (self->description_step, code);
      kiosk_flow_go_to (KIOSK_FLOW (self), "description");
    }
  else if (code == KIOSK_ERROR_INVALID_PHONE)
    {
      kiosk_step_set_error (KIOSK_STEP (self->phone_step), code);
      kiosk_flow_go_to (KIOSK_FLOW (self), "phone");
    }
  else
    {
    kiosk_step_set_error (fallback, code);
    }
}

static void
add_to_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (widget);
  g_autofree char *note = dup_description (self);
  KioskReportAdditionInput input = {
    .report_uuid = g_variant_get_string (parameter, NULL),
    .note = note,
    .phone = kiosk_phone_step_get_phone (self->phone_step),
    .photo_hashes = photo_list (self),
  };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  if (self->ref.uuid != NULL)
    return;
  if (!kiosk_services_add_to_report (kiosk_flow_get_store (KIOSK_FLOW (self)), &input, &ref,
                                     &error))
    {
      g_message ("addition not saved: %s", error->message);
      show_refusal (self, kiosk_error_code_of (error), self->similar_step);
      return;
    }
  finish (self, &ref);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (widget);
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  g_autofree char *description = dup_description (self);
  KioskReportInput input = {
    .category_code = self->category,
    .wilayat_code = chosen_code (self->wilayat_step),
    .area_code = chosen_code (self->area_step),
    .landmark = self->landmark,
    .description = description,
    .phone = kiosk_phone_step_get_phone (self->phone_step),
    .photo_hashes = photo_list (self),
  };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  const KioskPhonePhoto *placed = placed_photo (self);
  gboolean urgent = FALSE;

  /* Where the photo was taken goes with the report when the visitor took its place. */
  if (placed != NULL && placed->has_location &&
      g_strcmp0 (placed->area_code, input.area_code) == 0)
    {
      input.has_position = TRUE;
      input.latitude = placed->latitude;
      input.longitude = placed->longitude;
    }

  if (self->ref.uuid != NULL)
    return;  /* filed already: a double tap files nothing twice */
  if (!kiosk_services_file_report (store, &input, &ref, &urgent, &error))
    {
      g_message ("report not saved: %s", error->message);
      show_refusal (self, kiosk_error_code_of (error), self->review_step);
      return;
    }
  /* After the commit: the agent pushes it now instead of at its next round. */
  if (urgent && !kiosk_wake_sync (kiosk_store_get_path (store)))
    g_message ("urgent report %s waits for the next sync: no agent listening", ref.reference);
  finish (self, &ref);
}

static GtkWidget *
kiosk_report_flow_get_initial_focus (KioskPage *page)
{
  return kiosk_choice_list_get_first_row (KIOSK_REPORT_FLOW (page)->category_list);
}

static void
kiosk_report_flow_unmap (GtkWidget *widget)
{
  stop_camera (KIOSK_REPORT_FLOW (widget));
  close_phone_link (KIOSK_REPORT_FLOW (widget));
  GTK_WIDGET_CLASS (kiosk_report_flow_parent_class)->unmap (widget);
}

static void
kiosk_report_flow_dispose (GObject *object)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (object);

  stop_camera (self);
  close_phone_link (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_REPORT_FLOW);

  G_OBJECT_CLASS (kiosk_report_flow_parent_class)->dispose (object);
}

static void
kiosk_report_flow_finalize (GObject *object)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (object);

  g_clear_object (&self->categories);
  g_clear_object (&self->similar_items);
  g_clear_pointer (&self->similar, g_ptr_array_unref);
  g_clear_pointer (&self->photos, g_ptr_array_unref);
  g_clear_pointer (&self->phone_photos, g_ptr_array_unref);
  g_clear_pointer (&self->link_photos, g_ptr_array_unref);
  g_clear_object (&self->capture);
  g_free (self->category);
  g_free (self->landmark);
  kiosk_record_ref_clear (&self->ref);

  G_OBJECT_CLASS (kiosk_report_flow_parent_class)->finalize (object);
}

static void
kiosk_report_flow_constructed (GObject *object)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (object);
  KioskStore *store;
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (kiosk_report_flow_parent_class)->constructed (object);

  store = kiosk_flow_get_store (KIOSK_FLOW (self));
  if (store != NULL)
    {
      g_autoptr(GPtrArray) categories = kiosk_catalog_list_categories (store, &error);

      if (categories == NULL)
        g_message ("categories: %s", error->message);
      self->categories = new_categories (categories);
      kiosk_choice_list_set_model (self->category_list, G_LIST_MODEL (self->categories));
    }
  kiosk_report_flow_retranslate (KIOSK_PAGE (self));
}

static void
kiosk_report_flow_class_init (KioskReportFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);
  KioskFlowClass *flow_class = KIOSK_FLOW_CLASS (klass);

  object_class->constructed = kiosk_report_flow_constructed;
  object_class->dispose = kiosk_report_flow_dispose;
  object_class->finalize = kiosk_report_flow_finalize;
  widget_class->unmap = kiosk_report_flow_unmap;
  page_class->retranslate = kiosk_report_flow_retranslate;
  page_class->get_initial_focus = kiosk_report_flow_get_initial_focus;
  flow_class->step_shown = kiosk_report_flow_step_shown;

  g_type_ensure (KIOSK_TYPE_CAMERA_VIEW);
  g_type_ensure (KIOSK_TYPE_CHOICE_LIST);
  g_type_ensure (KIOSK_TYPE_PHONE_LINK);
  g_type_ensure (KIOSK_TYPE_PHONE_STEP);
  g_type_ensure (KIOSK_TYPE_PLACE_STEP);
  g_type_ensure (KIOSK_TYPE_REVIEW_LIST);
  g_type_ensure (KIOSK_TYPE_STEP);
  g_type_ensure (KIOSK_TYPE_RECEIPT_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/flows/report/kiosk-report-flow.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskReportFlow, name)
#define BIND_STEP(id, field) \
  gtk_widget_class_bind_template_child_full (widget_class, id, FALSE, \
                                             G_STRUCT_OFFSET (KioskReportFlow, field))
  BIND_STEP ("category", category_step);
  BIND (category_list);
  BIND_STEP ("urgent", urgent_step);
  BIND (urgent_number);
  BIND (urgent_text);
  BIND (urgent_next_button);
  BIND_STEP ("wilayat", wilayat_step);
  BIND_STEP ("area", area_step);
  BIND_STEP ("landmark", landmark_step);
  BIND (landmark_entry);
  BIND (landmark_skip_button);
  BIND (landmark_next_button);
  BIND_STEP ("description", description_step);
  BIND (description_view);
  BIND (description_next_button);
  BIND_STEP ("photos", photos_step);
  BIND (camera_view);
  BIND (thumbnails);
  BIND (capture_button);
  BIND (phone_link);
  BIND (phone_button);
  BIND (camera_button);
  BIND (photos_next_button);
  BIND_STEP ("phone", phone_step);
  BIND_STEP ("similar", similar_step);
  BIND (similar_box);
  BIND (similar_new_button);
  BIND_STEP ("review", review_step);
  BIND (review_list);
  BIND (review_submit_button);
  BIND (receipt);
#undef BIND_STEP
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, wilayat_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, area_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, phone_done_cb);

  gtk_widget_class_install_action (widget_class, "report.choose-category", "s",
                                   choose_category_action);
  gtk_widget_class_install_action (widget_class, "report.urgent-next", NULL, urgent_next_action);
  gtk_widget_class_install_action (widget_class, "report.landmark-next", NULL,
                                   landmark_next_action);
  gtk_widget_class_install_action (widget_class, "report.landmark-skip", NULL,
                                   landmark_skip_action);
  gtk_widget_class_install_action (widget_class, "report.description-next", NULL,
                                   description_next_action);
  gtk_widget_class_install_action (widget_class, "report.capture", NULL, capture_action);
  gtk_widget_class_install_action (widget_class, "report.remove-photo", "s",
                                   remove_photo_action);
  gtk_widget_class_install_action (widget_class, "report.use-phone", NULL, use_phone_action);
  gtk_widget_class_install_action (widget_class, "report.use-camera", NULL, use_camera_action);
  gtk_widget_class_install_action (widget_class, "report.photos-next", NULL, photos_next_action);
  gtk_widget_class_install_action (widget_class, "report.file-new", NULL, file_new_action);
  gtk_widget_class_install_action (widget_class, "report.add-to", "s", add_to_action);
  gtk_widget_class_install_action (widget_class, "report.submit", NULL, submit_action);
}

/* The steps every visitor goes through, numbered on screen; an urgent notice and "already
 * reported?" are asides. */
static const char * const numbered_steps[] = {
  "category", "photos", "wilayat", "area", "landmark", "description", "phone", "review", NULL
};

static void
kiosk_report_flow_init (KioskReportFlow *self)
{
  self->photos = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->photos, NULL);
  self->phone_photos = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_phone_photo_free);
  self->link_photos = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  kiosk_flow_set_numbered_steps (KIOSK_FLOW (self), numbered_steps);
  self->similar_items = g_list_store_new (KIOSK_TYPE_CHOICE_ITEM);
  kiosk_choice_list_set_model (self->similar_box, G_LIST_MODEL (self->similar_items));
  /* Translators: report flow, first step. */
  kiosk_step_set_heading (self->category_step, N_("What would you like to report?"));
  /* Translators: under the heading of the category step. */
  kiosk_step_set_hint (self->category_step, N_("Choose the kind of problem."));
  /* Translators: shown for an urgent kind of problem (fallen tree, open manhole, …). */
  kiosk_step_set_heading (self->urgent_step, N_("For the fastest response, call the free number"));
  /* Translators: heading of the step where the wilayat is chosen. */
  kiosk_step_set_heading (KIOSK_STEP (self->wilayat_step), N_("In which wilayat is it?"));
  /* Translators: heading of the step where the area is chosen. */
  kiosk_step_set_heading (KIOSK_STEP (self->area_step), N_("In which area?"));
  /* Translators: heading of the landmark step. */
  kiosk_step_set_heading (self->landmark_step, N_("A landmark or street (optional)"));
  /* Translators: under the heading of the landmark step. */
  kiosk_step_set_hint (self->landmark_step, N_("For example: near the roundabout, or the street name."));
  /* Translators: heading of the description step. */
  kiosk_step_set_heading (self->description_step, N_("Describe the problem"));
  kiosk_step_set_hint (self->description_step, N_("Use the keyboard below. Please do not write your ID or card numbers."));
  /* Translators: heading of the photo step. */
  kiosk_step_set_heading (self->photos_step, N_("Take up to three photos"));
  kiosk_step_set_heading (KIOSK_STEP (self->phone_step), N_("Your mobile number (optional)"));
  /* Translators: under the heading of the report's mobile number step. */
  kiosk_step_set_hint (KIOSK_STEP (self->phone_step), N_("To follow your report by mobile number. Otherwise tap Skip."));
  /* Translators: heading of the "already reported?" step. */
  kiosk_step_set_heading (self->similar_step, N_("Already reported?"));
  /* Translators: under the heading of the "already reported?" step. */
  kiosk_step_set_hint (self->similar_step, N_("These open reports of the same kind in this area were filed in the last 30 days. If one is yours, add your photos and note to it."));
  kiosk_step_set_heading (self->review_step, N_("Please check before sending"));
}

GtkWidget *
kiosk_report_flow_new (KioskStore *store)
{
  return g_object_new (KIOSK_TYPE_REPORT_FLOW, "store", store, NULL);
}

const char *
kiosk_report_flow_get_uuid (KioskReportFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_REPORT_FLOW (self), NULL);

  return self->ref.uuid;
}

const char *
kiosk_report_flow_get_reference (KioskReportFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_REPORT_FLOW (self), NULL);

  return self->ref.reference;
}

const char * const *
kiosk_report_flow_get_photos (KioskReportFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_REPORT_FLOW (self), NULL);

  return photo_list (self);
}
