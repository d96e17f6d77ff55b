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
#include "kiosk-tracking.h"
#include "kiosk-validate.h"
#include "kiosk-wake.h"
#include "kiosk-window.h"
#include "widgets/kiosk-camera-view.h"

/* Not a KioskError: the camera works and no photo was taken yet. */
#define NO_PHOTO (-2)
/* "Already reported?" looks this far back. */
#define SIMILAR_DAYS 30

struct _KioskReportFlow
{
  KioskFlow          parent_instance;

  GPtrArray         *categories;   /* KioskCatalogItem*, for the category buttons */
  GPtrArray         *wilayats;
  GPtrArray         *areas;        /* of the chosen wilayat */
  GPtrArray         *similar;      /* KioskReportStatus* */
  char              *category;     /* chosen codes */
  gboolean           urgent;
  char              *wilayat;
  char              *area;
  char              *landmark;     /* validated */
  char              *phone;        /* canonical, NULL when not given */
  GPtrArray         *photos;       /* SHA-256 names, NULL-terminated */
  KioskCamera       *camera;
  GCancellable      *capture;      /* a capture running, or NULL */
  KioskRecordRef     ref;

  int                landmark_error;
  int                description_error;
  int                photos_error;
  int                phone_error;
  int                similar_error;
  int                review_error;

  GtkLabel          *category_heading;
  GtkLabel          *category_hint;
  GtkBox            *category_box;
  GtkLabel          *urgent_heading;
  GtkLabel          *urgent_number;
  GtkLabel          *urgent_text;
  GtkButton         *urgent_next_button;
  GtkLabel          *wilayat_heading;
  GtkBox            *wilayat_box;
  GtkLabel          *area_heading;
  GtkBox            *area_box;
  GtkLabel          *landmark_heading;
  GtkLabel          *landmark_hint;
  GtkLabel          *landmark_error_label;
  GtkEntry          *landmark_entry;
  GtkButton         *landmark_skip_button;
  GtkButton         *landmark_next_button;
  GtkLabel          *description_heading;
  GtkLabel          *description_hint;
  GtkLabel          *description_error_label;
  GtkTextView       *description_view;
  GtkButton         *description_next_button;
  GtkLabel          *photos_heading;
  GtkLabel          *photos_hint;
  GtkLabel          *photos_error_label;
  KioskCameraView   *camera_view;
  GtkBox            *thumbnails;
  GtkButton         *capture_button;
  GtkButton         *photos_next_button;
  GtkLabel          *phone_heading;
  GtkLabel          *phone_hint;
  GtkLabel          *phone_error_label;
  GtkEntry          *phone_entry;
  GtkButton         *phone_skip_button;
  GtkButton         *phone_next_button;
  GtkLabel          *similar_heading;
  GtkLabel          *similar_hint;
  GtkLabel          *similar_error_label;
  GtkBox            *similar_box;
  GtkButton         *similar_new_button;
  GtkLabel          *review_heading;
  GtkLabel          *review_category_caption;
  GtkLabel          *review_category;
  GtkLabel          *review_place_caption;
  GtkLabel          *review_place;
  GtkLabel          *review_description_caption;
  GtkLabel          *review_description;
  GtkLabel          *review_photos_caption;
  GtkLabel          *review_photos;
  GtkLabel          *review_phone_caption;
  GtkLabel          *review_phone;
  GtkLabel          *review_error_label;
  GtkButton         *review_submit_button;
  KioskReceiptPage  *receipt;
};

G_DEFINE_FINAL_TYPE (KioskReportFlow, kiosk_report_flow, KIOSK_TYPE_FLOW)

/* Helpers ------------------------------------------------------------------------------- */

static void
show_error (GtkLabel *label,
            int       code)
{
  GtkWidget *hint = gtk_widget_get_prev_sibling (GTK_WIDGET (label));

  gtk_widget_set_visible (GTK_WIDGET (label), code != KIOSK_ERROR_TEXT_NONE);
  if (code == NO_PHOTO)
    /* Translators: report photo step: Next tapped while the camera works but no photo taken. */
    gtk_label_set_label (label, _("Please take at least one photo of the problem."));
  else
    gtk_label_set_label (label, code != KIOSK_ERROR_TEXT_NONE ? kiosk_error_text_for_code (code) : "");
  if (hint != NULL && gtk_widget_has_css_class (hint, "kiosk-step-text"))
    gtk_widget_set_visible (hint, code == KIOSK_ERROR_TEXT_NONE);
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
choice_button (const char *text,
               const char *action,
               const char *target)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = new_label (text, "kiosk-choice-title");

  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_add_css_class (button, "kiosk-choice");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  kiosk_accessible_set_label (button, text);
  return button;
}

static const KioskCatalogItem *
find_item (GPtrArray  *items,
           const char *code)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      const KioskCatalogItem *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (item->code, code) == 0)
        return item;
    }
  return NULL;
}

static const char *
item_name (GPtrArray  *items,
           const char *code)
{
  const KioskCatalogItem *item = find_item (items, code);

  return item != NULL ? kiosk_i18n_pick (item->name_ar, item->name_en) : "";
}

static const char *
group_name (const char *group)
{
  if (g_strcmp0 (group, "roads") == 0)
    /* Translators: group of report categories. */
    return _("Roads and street lights");
  if (g_strcmp0 (group, "cleanliness") == 0)
    /* Translators: group of report categories. */
    return _("Cleanliness and waste");
  if (g_strcmp0 (group, "water") == 0)
    /* Translators: group of report categories. */
    return _("Water, sewage and rain");
  if (g_strcmp0 (group, "buildings") == 0)
    /* Translators: group of report categories. */
    return _("Buildings and construction");
  if (g_strcmp0 (group, "parks") == 0)
    /* Translators: group of report categories. */
    return _("Parks and beaches");
  if (g_strcmp0 (group, "markets") == 0)
    /* Translators: group of report categories. */
    return _("Food and markets");
  /* Translators: group of report categories the kiosk has no name for. */
  return _("Other");
}

static char *
dup_description (KioskReportFlow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static const char *
status_name (const char *status)
{
  if (g_strcmp0 (status, "assigned") == 0)
    return _("Assigned to a team");
  if (g_strcmp0 (status, "in_progress") == 0)
    return _("In progress");
  return _("Received");
}

static const char * const *
photo_list (KioskReportFlow *self)
{
  return (const char * const *) self->photos->pdata;
}

/* Lists ------------------------------------------------------------------------------- */

static void
render_categories (KioskReportFlow *self)
{
  const char *group = NULL;

  clear_box (self->category_box);
  for (guint i = 0; self->categories != NULL && i < self->categories->len; i++)
    {
      const KioskCatalogItem *item = g_ptr_array_index (self->categories, i);

      if (g_strcmp0 (group, item->parent) != 0)
        {
          group = item->parent;
          gtk_box_append (self->category_box, new_label (group_name (group), "kiosk-group-title"));
        }
      gtk_box_append (self->category_box,
                      choice_button (kiosk_i18n_pick (item->name_ar, item->name_en),
                                     "report.choose-category", item->code));
    }
}

static void
render_places (GtkBox     *box,
               GPtrArray  *items,
               const char *action)
{
  clear_box (box);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      const KioskCatalogItem *item = g_ptr_array_index (items, i);

      gtk_box_append (box, choice_button (kiosk_i18n_pick (item->name_ar, item->name_en),
                                          action, item->code));
    }
}

static void
render_thumbnails (KioskReportFlow *self)
{
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  guint n = self->photos->len - 1;

  clear_box (self->thumbnails);
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
  /* Without a camera there is nothing to take: only Next remains. */
  gtk_widget_set_visible (GTK_WIDGET (self->capture_button), self->camera != NULL);
}

static void
render_similar (KioskReportFlow *self)
{
  clear_box (self->similar_box);
  for (guint i = 0; self->similar != NULL && i < self->similar->len; i++)
    {
      KioskReportStatus *report = g_ptr_array_index (self->similar, i);
      g_autofree char *when = kiosk_i18n_format_time (report->created_at, FALSE);
      g_autofree char *details = NULL;
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *button;

      gtk_widget_add_css_class (card, "kiosk-review");
      /* Translators: a similar open report: "status · filed on date · area". */
      details = g_strdup_printf (C_("similar report", "%s · %s · %s"),
                                 status_name (report->status), when,
                                 kiosk_i18n_pick (report->area_ar, report->area_en));
      gtk_box_append (GTK_BOX (card), new_label (details, "kiosk-review-value"));
      if (report->landmark != NULL && report->landmark[0] != '\0')
        gtk_box_append (GTK_BOX (card), new_label (report->landmark, "kiosk-step-text"));
      button = gtk_button_new_with_label (
        /* Translators: "already reported?" — add the visitor's photos and note to this one. */
        _("Add my photos and note to this report"));
      gtk_widget_add_css_class (button, "kiosk-secondary");
      gtk_widget_set_halign (button, GTK_ALIGN_END);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "report.add-to");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", report->uuid);
      kiosk_accessible_set_label (button, _("Add my photos and note to this report"));
      gtk_box_append (GTK_BOX (card), button);
      gtk_box_append (self->similar_box, card);
    }
}

static void
update_review (KioskReportFlow *self)
{
  g_autofree char *description = dup_description (self);
  g_autofree char *place = NULL;
  g_autofree char *photos = kiosk_i18n_format_int (self->photos->len - 1);

  gtk_label_set_label (self->review_category, item_name (self->categories, self->category));
  if (self->landmark != NULL && self->landmark[0] != '\0')
    place = g_strdup_printf (C_("report place", "%s — %s"), item_name (self->areas, self->area),
                             self->landmark);
  else
    place = g_strdup (item_name (self->areas, self->area));
  gtk_label_set_label (self->review_place, place);
  gtk_label_set_label (self->review_description, description);
  gtk_label_set_label (self->review_photos, photos);
  if (self->phone != NULL)
    {
      g_autofree char *shown = g_strdup_printf ("+968 %.4s %.4s", self->phone + 4,
                                                self->phone + 8);

      gtk_label_set_label (self->review_phone, shown);
      gtk_widget_set_direction (GTK_WIDGET (self->review_phone), GTK_TEXT_DIR_LTR);
    }
  else
    {
      gtk_label_set_label (self->review_phone, _("Not given"));
      gtk_widget_set_direction (GTK_WIDGET (self->review_phone), GTK_TEXT_DIR_NONE);
    }
}

/* Texts ------------------------------------------------------------------------------- */

static void
kiosk_report_flow_retranslate (KioskPage *page)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (page);

  /* Translators: title of the report service, in the header. */
  kiosk_page_set_title (page, _("Report an issue with a photo"));

  /* Translators: report flow, first step. */
  gtk_label_set_label (self->category_heading, _("What would you like to report?"));
  /* Translators: under the heading of the category step. */
  gtk_label_set_label (self->category_hint, _("Choose the kind of problem."));
  render_categories (self);

  /* Translators: shown for an urgent kind of problem (fallen tree, open manhole, …). */
  gtk_label_set_label (self->urgent_heading, _("For the fastest response, call the free number"));
  gtk_label_set_label (self->urgent_number, "1111");
  /* Translators: under the free number 1111 on the urgent step. */
  gtk_label_set_label (self->urgent_text, _("If anyone is in danger, call now. You can still file this report here: it is sent to the municipality first."));
  /* Translators: button to go on filing an urgent report. */
  kiosk_accessible_set_button_label (self->urgent_next_button, _("Continue the report"));

  /* Translators: heading of the step where the wilayat is chosen. */
  gtk_label_set_label (self->wilayat_heading, _("In which wilayat is it?"));
  render_places (self->wilayat_box, self->wilayats, "report.choose-wilayat");
  /* Translators: heading of the step where the area is chosen. */
  gtk_label_set_label (self->area_heading, _("In which area?"));
  render_places (self->area_box, self->areas, "report.choose-area");

  /* Translators: heading of the landmark step. */
  gtk_label_set_label (self->landmark_heading, _("A landmark or street (optional)"));
  /* Translators: under the heading of the landmark step. */
  gtk_label_set_label (self->landmark_hint, _("For example: near the roundabout, or the street name."));
  /* Translators: accessible name of the landmark field. */
  kiosk_accessible_set_label (GTK_WIDGET (self->landmark_entry), _("Landmark or street"));
  show_error (self->landmark_error_label, self->landmark_error);
  kiosk_accessible_set_button_label (self->landmark_skip_button, _("Skip"));
  kiosk_accessible_set_button_label (self->landmark_next_button, _("Next"));

  /* Translators: heading of the description step. */
  gtk_label_set_label (self->description_heading, _("Describe the problem"));
  gtk_label_set_label (self->description_hint, _("Use the keyboard below. Please do not write your ID or card numbers."));
  /* Translators: accessible name of the description box. */
  kiosk_accessible_set_label (GTK_WIDGET (self->description_view), _("Description"));
  show_error (self->description_error_label, self->description_error);
  kiosk_accessible_set_button_label (self->description_next_button, _("Next"));

  /* Translators: heading of the photo step. */
  gtk_label_set_label (self->photos_heading, _("Take up to three photos"));
  /* Translators: under the heading of the photo step. */
  gtk_label_set_label (self->photos_hint, _("Hold your phone's picture of the place, or the item, up to the camera and tap Take photo."));
  show_error (self->photos_error_label, self->photos_error);
  /* Translators: button that takes a photo with the kiosk's camera. */
  kiosk_accessible_set_button_label (self->capture_button, _("Take photo"));
  kiosk_accessible_set_button_label (self->photos_next_button, _("Next"));
  render_thumbnails (self);

  gtk_label_set_label (self->phone_heading, _("Your mobile number (optional)"));
  /* Translators: under the heading of the report's mobile number step. */
  gtk_label_set_label (self->phone_hint, _("To follow your report by mobile number. Otherwise tap Skip."));
  kiosk_accessible_set_label (GTK_WIDGET (self->phone_entry), _("Mobile number"));
  show_error (self->phone_error_label, self->phone_error);
  kiosk_accessible_set_button_label (self->phone_skip_button, _("Skip"));
  kiosk_accessible_set_button_label (self->phone_next_button, _("Next"));

  /* Translators: heading of the "already reported?" step. */
  gtk_label_set_label (self->similar_heading, _("Already reported?"));
  /* Translators: under the heading of the "already reported?" step. */
  gtk_label_set_label (self->similar_hint, _("These open reports of the same kind in this area were filed in the last 30 days. If one is yours, add your photos and note to it."));
  show_error (self->similar_error_label, self->similar_error);
  render_similar (self);
  /* Translators: "already reported?" — none of these is it. */
  kiosk_accessible_set_button_label (self->similar_new_button, _("None of these: file a new report"));

  gtk_label_set_label (self->review_heading, _("Please check before sending"));
  /* Translators: review step, caption over the kind of problem. */
  gtk_label_set_label (self->review_category_caption, _("Problem"));
  gtk_label_set_label (self->review_place_caption, _("Place"));
  gtk_label_set_label (self->review_description_caption, _("Description"));
  /* Translators: review step, caption over the number of photos. */
  gtk_label_set_label (self->review_photos_caption, _("Photos"));
  gtk_label_set_label (self->review_phone_caption, _("Mobile number"));
  update_review (self);
  show_error (self->review_error_label, self->review_error);
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
  self->photos_error = kiosk_error_code_of (error);
  show_error (self->photos_error_label, self->photos_error);
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
  g_signal_connect (self->camera, "error", G_CALLBACK (camera_error_cb), self);
  if (!kiosk_camera_start (self->camera, &error))
    {
      g_message ("no camera for photos: %s", error->message);
      g_signal_handlers_disconnect_by_data (self->camera, self);
      g_clear_object (&self->camera);
      self->photos_error = kiosk_error_code_of (error);
    }
  else
    {
      kiosk_camera_view_set_camera (self->camera_view, self->camera);
      self->photos_error = KIOSK_ERROR_TEXT_NONE;
    }
  /* No empty frame where the camera would be: the message says why. */
  gtk_widget_set_visible (GTK_WIDGET (self->camera_view), self->camera != NULL);
  show_error (self->photos_error_label, self->photos_error);
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
          self->photos_error = kiosk_error_code_of (error);
          show_error (self->photos_error_label, self->photos_error);
          render_thumbnails (self);
        }
      return;
    }
  if (self->photos->len - 1 < KIOSK_REPORT_MAX_PHOTOS)
    g_ptr_array_insert (self->photos, self->photos->len - 1, g_steal_pointer (&hash));
  self->photos_error = KIOSK_ERROR_TEXT_NONE;
  show_error (self->photos_error_label, KIOSK_ERROR_TEXT_NONE);
  render_thumbnails (self);
}

/* Steps ------------------------------------------------------------------------------- */

static void
kiosk_report_flow_step_shown (KioskFlow  *flow,
                              const char *step)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (flow);

  if (g_strcmp0 (step, "photos") != 0)
    stop_camera (self);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (g_strcmp0 (step, "photos") == 0)
    {
      start_camera (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->photos_next_button));
    }
  else if (g_strcmp0 (step, "landmark") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->landmark_entry));
  else if (g_strcmp0 (step, "description") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->description_view));
  else if (g_strcmp0 (step, "phone") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->phone_entry));
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
  const KioskCatalogItem *item = find_item (self->categories,
                                            g_variant_get_string (parameter, NULL));

  if (item == NULL)
    return;
  g_free (self->category);
  self->category = g_strdup (item->code);
  self->urgent = g_strcmp0 (item->extra, "HIGH") == 0;
  kiosk_flow_go_to (KIOSK_FLOW (self), self->urgent ? "urgent" : "wilayat");
}

static void
urgent_next_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  kiosk_flow_go_to (KIOSK_FLOW (widget), "wilayat");
}

static void
choose_wilayat_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (widget);
  const KioskCatalogItem *item = find_item (self->wilayats,
                                            g_variant_get_string (parameter, NULL));
  g_autoptr(GError) error = NULL;

  if (item == NULL)
    return;
  g_free (self->wilayat);
  self->wilayat = g_strdup (item->code);
  g_clear_pointer (&self->areas, g_ptr_array_unref);
  self->areas = kiosk_catalog_list_areas (kiosk_flow_get_store (KIOSK_FLOW (self)), item->code,
                                          &error);
  if (self->areas == NULL)
    g_message ("areas of %s: %s", item->code, error->message);
  render_places (self->area_box, self->areas, "report.choose-area");
  kiosk_flow_go_to (KIOSK_FLOW (self), "area");
}

static void
choose_area_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (widget);
  const KioskCatalogItem *item = find_item (self->areas, g_variant_get_string (parameter, NULL));

  if (item == NULL)
    return;
  g_free (self->area);
  self->area = g_strdup (item->code);
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
      self->landmark_error = kiosk_error_code_of (error);
      show_error (self->landmark_error_label, self->landmark_error);
      return;
    }
  g_free (self->landmark);
  self->landmark = landmark;
  self->landmark_error = KIOSK_ERROR_TEXT_NONE;
  show_error (self->landmark_error_label, KIOSK_ERROR_TEXT_NONE);
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
      self->description_error = kiosk_error_code_of (error);
      show_error (self->description_error_label, self->description_error);
      gtk_widget_grab_focus (GTK_WIDGET (self->description_view));
      return;
    }
  self->description_error = KIOSK_ERROR_TEXT_NONE;
  show_error (self->description_error_label, KIOSK_ERROR_TEXT_NONE);
  kiosk_flow_go_to (KIOSK_FLOW (self), "photos");
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
    g_ptr_array_remove_index (self->photos, (guint) position);
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
      self->photos_error = NO_PHOTO;
      show_error (self->photos_error_label, NO_PHOTO);
      return;
    }
  kiosk_flow_go_to (KIOSK_FLOW (self), "phone");
}

static void
go_on_after_phone (KioskReportFlow *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->similar, g_ptr_array_unref);
  self->similar = kiosk_tracking_find_similar_open (kiosk_flow_get_store (KIOSK_FLOW (self)),
                                                    self->category, self->area, SIMILAR_DAYS,
                                                    &error);
  if (self->similar == NULL)
    g_message ("similar reports not listed: %s", error->message);
  self->review_error = KIOSK_ERROR_TEXT_NONE;
  show_error (self->review_error_label, KIOSK_ERROR_TEXT_NONE);
  update_review (self);
  if (self->similar != NULL && self->similar->len > 0)
    {
      self->similar_error = KIOSK_ERROR_TEXT_NONE;
      show_error (self->similar_error_label, KIOSK_ERROR_TEXT_NONE);
      render_similar (self);
      kiosk_flow_go_to (KIOSK_FLOW (self), "similar");
    }
  else
    kiosk_flow_go_to (KIOSK_FLOW (self), "review");
}

static void
phone_next_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (widget);
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->phone_entry))));
  g_autoptr(GError) error = NULL;
  char *phone = NULL;

  if (typed[0] != '\0' && (phone = kiosk_validate_phone (typed, &error)) == NULL)
    {
      self->phone_error = kiosk_error_code_of (error);
      show_error (self->phone_error_label, self->phone_error);
      return;
    }
  g_free (self->phone);
  self->phone = phone;
  self->phone_error = KIOSK_ERROR_TEXT_NONE;
  show_error (self->phone_error_label, KIOSK_ERROR_TEXT_NONE);
  go_on_after_phone (self);
}

static void
phone_skip_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->phone_entry), "");
  g_clear_pointer (&self->phone, g_free);
  self->phone_error = KIOSK_ERROR_TEXT_NONE;
  show_error (self->phone_error_label, KIOSK_ERROR_TEXT_NONE);
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
              GtkLabel        *fallback_label,
              int             *fallback_error)
{
  if (code == KIOSK_ERROR_EMPTY || code == KIOSK_ERROR_TOO_LONG ||
      code == KIOSK_ERROR_INVALID_TEXT)
    {
      self->description_error = code;
      show_error (self->description_error_label, code);
      kiosk_flow_go_to (KIOSK_FLOW (self), "description");
    }
  else if (code == KIOSK_ERROR_INVALID_PHONE)
    {
      self->phone_error = code;
      show_error (self->phone_error_label, code);
      kiosk_flow_go_to (KIOSK_FLOW (self), "phone");
    }
  else
    {
      *fallback_error = code;
      show_error (fallback_label, code);
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
    .phone = self->phone,
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
      show_refusal (self, kiosk_error_code_of (error), self->similar_error_label, &self->similar_error);
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
    .wilayat_code = self->wilayat,
    .area_code = self->area,
    .landmark = self->landmark,
    .description = description,
    .phone = self->phone,
    .photo_hashes = photo_list (self),
  };
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  gboolean urgent = FALSE;

  if (self->ref.uuid != NULL)
    return;  /* filed already: a double tap files nothing twice */
  if (!kiosk_services_file_report (store, &input, &ref, &urgent, &error))
    {
      g_message ("report not saved: %s", error->message);
      show_refusal (self, kiosk_error_code_of (error), self->review_error_label, &self->review_error);
      return;
    }
  /* After the commit: the agent pushes it now instead of at its next round. */
  if (urgent && !kiosk_wake_sync (kiosk_store_get_path (store)))
    g_message ("urgent report %s waits for the next sync: no agent listening", ref.reference);
  finish (self, &ref);
}

static gboolean
kiosk_report_flow_go_back (KioskPage *page)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (page);

  if (self->ref.uuid != NULL)
    return FALSE;
  return KIOSK_PAGE_CLASS (kiosk_report_flow_parent_class)->go_back (page);
}

static GtkWidget *
kiosk_report_flow_get_initial_focus (KioskPage *page)
{
  GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (KIOSK_REPORT_FLOW (page)->category_box));

  return first != NULL ? gtk_widget_get_next_sibling (first) : NULL;
}

static void
kiosk_report_flow_unmap (GtkWidget *widget)
{
  stop_camera (KIOSK_REPORT_FLOW (widget));
  GTK_WIDGET_CLASS (kiosk_report_flow_parent_class)->unmap (widget);
}

static void
kiosk_report_flow_dispose (GObject *object)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (object);

  stop_camera (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_REPORT_FLOW);

  G_OBJECT_CLASS (kiosk_report_flow_parent_class)->dispose (object);
}

static void
kiosk_report_flow_finalize (GObject *object)
{
  KioskReportFlow *self = KIOSK_REPORT_FLOW (object);

  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->wilayats, g_ptr_array_unref);
  g_clear_pointer (&self->areas, g_ptr_array_unref);
  g_clear_pointer (&self->similar, g_ptr_array_unref);
  g_clear_pointer (&self->photos, g_ptr_array_unref);
  g_clear_object (&self->capture);
  g_free (self->category);
  g_free (self->wilayat);
  g_free (self->area);
  g_free (self->landmark);
  g_free (self->phone);
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
      self->categories = kiosk_catalog_list_categories (store, &error);
      if (self->categories == NULL)
        g_message ("categories: %s", error->message);
      g_clear_error (&error);
      self->wilayats = kiosk_catalog_list_wilayats (store, &error);
      if (self->wilayats == NULL)
        g_message ("wilayats: %s", error->message);
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
  page_class->go_back = kiosk_report_flow_go_back;
  page_class->get_initial_focus = kiosk_report_flow_get_initial_focus;
  flow_class->step_shown = kiosk_report_flow_step_shown;

  g_type_ensure (KIOSK_TYPE_CAMERA_VIEW);
  g_type_ensure (KIOSK_TYPE_RECEIPT_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/kiosk-report-flow.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskReportFlow, name)
  BIND (category_heading);
  BIND (category_hint);
  BIND (category_box);
  BIND (urgent_heading);
  BIND (urgent_number);
  BIND (urgent_text);
  BIND (urgent_next_button);
  BIND (wilayat_heading);
  BIND (wilayat_box);
  BIND (area_heading);
  BIND (area_box);
  BIND (landmark_heading);
  BIND (landmark_hint);
  BIND (landmark_entry);
  BIND (landmark_skip_button);
  BIND (landmark_next_button);
  BIND (description_heading);
  BIND (description_hint);
  BIND (description_view);
  BIND (description_next_button);
  BIND (photos_heading);
  BIND (photos_hint);
  BIND (camera_view);
  BIND (thumbnails);
  BIND (capture_button);
  BIND (photos_next_button);
  BIND (phone_heading);
  BIND (phone_hint);
  BIND (phone_entry);
  BIND (phone_skip_button);
  BIND (phone_next_button);
  BIND (similar_heading);
  BIND (similar_hint);
  BIND (similar_box);
  BIND (similar_new_button);
  BIND (review_heading);
  BIND (review_category_caption);
  BIND (review_category);
  BIND (review_place_caption);
  BIND (review_place);
  BIND (review_description_caption);
  BIND (review_description);
  BIND (review_photos_caption);
  BIND (review_photos);
  BIND (review_phone_caption);
  BIND (review_phone);
  BIND (review_submit_button);
  BIND (receipt);
#undef BIND
#define BIND_ERROR(id, member) \
  gtk_widget_class_bind_template_child_full (widget_class, id, FALSE, \
                                             G_STRUCT_OFFSET (KioskReportFlow, member))
  BIND_ERROR ("landmark_error", landmark_error_label);
  BIND_ERROR ("description_error", description_error_label);
  BIND_ERROR ("photos_error", photos_error_label);
  BIND_ERROR ("phone_error", phone_error_label);
  BIND_ERROR ("similar_error", similar_error_label);
  BIND_ERROR ("review_error", review_error_label);
#undef BIND_ERROR

  gtk_widget_class_install_action (widget_class, "report.choose-category", "s",
                                   choose_category_action);
  gtk_widget_class_install_action (widget_class, "report.urgent-next", NULL, urgent_next_action);
  gtk_widget_class_install_action (widget_class, "report.choose-wilayat", "s",
                                   choose_wilayat_action);
  gtk_widget_class_install_action (widget_class, "report.choose-area", "s", choose_area_action);
  gtk_widget_class_install_action (widget_class, "report.landmark-next", NULL,
                                   landmark_next_action);
  gtk_widget_class_install_action (widget_class, "report.landmark-skip", NULL,
                                   landmark_skip_action);
  gtk_widget_class_install_action (widget_class, "report.description-next", NULL,
                                   description_next_action);
  gtk_widget_class_install_action (widget_class, "report.capture", NULL, capture_action);
  gtk_widget_class_install_action (widget_class, "report.remove-photo", "s",
                                   remove_photo_action);
  gtk_widget_class_install_action (widget_class, "report.photos-next", NULL, photos_next_action);
  gtk_widget_class_install_action (widget_class, "report.phone-next", NULL, phone_next_action);
  gtk_widget_class_install_action (widget_class, "report.phone-skip", NULL, phone_skip_action);
  gtk_widget_class_install_action (widget_class, "report.file-new", NULL, file_new_action);
  gtk_widget_class_install_action (widget_class, "report.add-to", "s", add_to_action);
  gtk_widget_class_install_action (widget_class, "report.submit", NULL, submit_action);
}

static void
kiosk_report_flow_init (KioskReportFlow *self)
{
  self->landmark_error = KIOSK_ERROR_TEXT_NONE;
  self->description_error = KIOSK_ERROR_TEXT_NONE;
  self->photos_error = KIOSK_ERROR_TEXT_NONE;
  self->phone_error = KIOSK_ERROR_TEXT_NONE;
  self->similar_error = KIOSK_ERROR_TEXT_NONE;
  self->review_error = KIOSK_ERROR_TEXT_NONE;
  self->photos = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->photos, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_direction (GTK_WIDGET (self->phone_entry), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (self->urgent_number), GTK_TEXT_DIR_LTR);
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
