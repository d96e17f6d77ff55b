/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The feedback flow's steps and rules. */
#define G_LOG_DOMAIN "kiosk-feedback-flow"

#include "config.h"

#include "kiosk-feedback-flow.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "steps/kiosk-choice-list.h"
#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-i18n.h"
#include "kiosk-services.h"
#include "steps/kiosk-phone-step.h"
#include "steps/kiosk-review-list.h"
#include "kiosk-validate.h"

struct _KioskFeedbackFlow
{
  KioskFlow          parent_instance;

  KioskFeedbackKind  kind;
  KioskRecordRef     ref;

  KioskStep         *kind_step;
  KioskChoiceList   *kind_list;

  KioskStep         *text_step;
  GtkTextView       *text_view;
  GtkLabel          *text_counter;
  GtkButton         *text_next_button;

  KioskPhoneStep    *phone_step;

  KioskStep         *review_step;
  KioskReviewList   *review_list;
  GtkButton         *review_edit_button;
  GtkButton         *review_submit_button;

  GtkLabel          *done_heading;
  GtkLabel          *done_reference_caption;
  GtkLabel          *done_reference;
  GtkLabel          *done_hint;
  GtkButton         *done_button;
};

G_DEFINE_FINAL_TYPE (KioskFeedbackFlow, kiosk_feedback_flow, KIOSK_TYPE_FLOW)

static const char *kind_codes[] = { "suggestion", "complaint", "inquiry" };

static const char *
kind_name (KioskFeedbackKind kind)
{
  switch (kind)
    {
    case KIOSK_FEEDBACK_COMPLAINT:
      /* Translators: feedback kind, a complaint (شكوى). */
      return _("Complaint");
    case KIOSK_FEEDBACK_INQUIRY:
      /* Translators: feedback kind, an inquiry / question (استفسار). */
      return _("Inquiry");
    case KIOSK_FEEDBACK_SUGGESTION:
    default:
      /* Translators: feedback kind, a suggestion (مقترح). */
      return _("Suggestion");
    }
}

static char *
dup_text (KioskFeedbackFlow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_counter (KioskFeedbackFlow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  int count = gtk_text_buffer_get_char_count (buffer);
  g_autofree char *used = kiosk_i18n_format_int (count);
  g_autofree char *limit = kiosk_i18n_format_int (KIOSK_FEEDBACK_MAX_CHARS);
  g_autofree char *text = NULL;

  /* Translators: the character counter under the text box: "120 / 2000". */
  text = g_strdup_printf (C_("character counter", "%s / %s"), used, limit);
  gtk_label_set_label (self->text_counter, text);
  if (count > KIOSK_FEEDBACK_MAX_CHARS)
    gtk_widget_add_css_class (GTK_WIDGET (self->text_counter), "kiosk-counter-over");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->text_counter), "kiosk-counter-over");
}

static void
update_review (KioskFeedbackFlow *self)
{
  g_autofree char *text = dup_text (self);
  const char *phone = kiosk_phone_step_get_phone (self->phone_step);

  /* Translators: review step, caption over the chosen kind. */
  kiosk_review_list_set_row (self->review_list, 0, _("Type"), kind_name (self->kind),
                             KIOSK_REVIEW_ROW_PLAIN);
  /* Translators: review step, caption over the visitor's text. */
  kiosk_review_list_set_row (self->review_list, 1, _("Message"), text, KIOSK_REVIEW_ROW_LONG);
  /* Translators: review step, caption over the mobile number. */
  kiosk_review_list_set_row (self->review_list, 2, _("Mobile number"),
                             /* Translators: review step, in place of the mobile number when none was given. */
                             phone != NULL ? phone : _("Not given"),
                             phone != NULL ? KIOSK_REVIEW_ROW_PHONE : KIOSK_REVIEW_ROW_PLAIN);
}

/* The headings that name the kind: message ids, so the steps say them again by themselves. */
static void
set_kind (KioskFeedbackFlow *self,
          KioskFeedbackKind  kind)
{
  self->kind = kind;
  switch (kind)
    {
    case KIOSK_FEEDBACK_COMPLAINT:
      /* Translators: heading of the text step for a complaint. */
      kiosk_step_set_heading (self->text_step, N_("Describe your complaint"));
      break;
    case KIOSK_FEEDBACK_INQUIRY:
      /* Translators: heading of the text step for an inquiry. */
      kiosk_step_set_heading (self->text_step, N_("Write your question"));
      break;
    case KIOSK_FEEDBACK_SUGGESTION:
    default:
      /* Translators: heading of the text step for a suggestion. */
      kiosk_step_set_heading (self->text_step, N_("Write your suggestion"));
      break;
    }
}

static void
kiosk_feedback_flow_retranslate (KioskPage *page)
{
  KioskFeedbackFlow *self = KIOSK_FEEDBACK_FLOW (page);

  KIOSK_PAGE_CLASS (kiosk_feedback_flow_parent_class)->retranslate (page);

  kiosk_i18n_place_ltr (GTK_WIDGET (self->done_reference));

  /* Translators: title of the suggestion / complaint / inquiry service, in the header. */
  kiosk_page_set_title (page, _("Suggestion, complaint or inquiry"));

  /* Translators: accessible name of the big text box of the feedback flow. */
  kiosk_accessible_set_label (GTK_WIDGET (self->text_view), _("Your message"));
  update_counter (self);
  /* Translators: button that goes to the next step. */
  kiosk_accessible_set_button_label (self->text_next_button, _("Next"));

  update_review (self);
  /* Translators: review step, button that goes back to change the text. */
  kiosk_accessible_set_button_label (self->review_edit_button, _("Change"));
  /* Translators: review step, button that sends the suggestion / complaint / inquiry. */
  kiosk_accessible_set_button_label (self->review_submit_button, _("Send"));

  switch (self->kind)
    {
    case KIOSK_FEEDBACK_COMPLAINT:
      /* Translators: confirmation after sending a complaint. */
      gtk_label_set_label (self->done_heading, _("Thank you. We have received your complaint."));
      break;
    case KIOSK_FEEDBACK_INQUIRY:
      /* Translators: confirmation after sending an inquiry. */
      gtk_label_set_label (self->done_heading, _("Thank you. We have received your question."));
      break;
    case KIOSK_FEEDBACK_SUGGESTION:
    default:
      /* Translators: confirmation after sending a suggestion. */
      gtk_label_set_label (self->done_heading, _("Thank you. We have received your suggestion."));
      break;
    }
  /* Translators: confirmation, above the reference number in large type. */
  gtk_label_set_label (self->done_reference_caption, _("Your reference number"));
  /* Translators: confirmation, under the reference number. */
  gtk_label_set_label (self->done_hint, _("Keep this number to follow up. It reaches the municipality as soon as the kiosk is connected."));
  /* Translators: confirmation, button that ends and returns to the home screen. */
  kiosk_accessible_set_button_label (self->done_button, _("Finish"));
}

static void
kiosk_feedback_flow_step_shown (KioskFlow  *flow,
                                const char *step)
{
  KioskFeedbackFlow *self = KIOSK_FEEDBACK_FLOW (flow);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (g_strcmp0 (step, "text") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  else if (g_strcmp0 (step, "phone") == 0)
    kiosk_phone_step_focus (self->phone_step);
  else if (g_strcmp0 (step, "review") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->review_submit_button));
  else if (g_strcmp0 (step, "done") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->done_button));
  else
    gtk_widget_grab_focus (kiosk_choice_list_get_first_row (self->kind_list));
}

static GtkWidget *
kiosk_feedback_flow_get_initial_focus (KioskPage *page)
{
  return kiosk_choice_list_get_first_row (KIOSK_FEEDBACK_FLOW (page)->kind_list);
}

static void
choose_kind_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KioskFeedbackFlow *self = KIOSK_FEEDBACK_FLOW (widget);
  const char *code = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kind_codes); i++)
    if (g_str_equal (code, kind_codes[i]))
      {
        set_kind (self, (KioskFeedbackKind) i);
        kiosk_feedback_flow_retranslate (KIOSK_PAGE (self));
        kiosk_flow_go_to (KIOSK_FLOW (self), "text");
        return;
      }
  g_warning ("unknown feedback kind \"%s\"", code);
}

static void
text_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KioskFeedbackFlow *self = KIOSK_FEEDBACK_FLOW (widget);
  g_autofree char *text = dup_text (self);
  g_autofree char *valid = NULL;
  g_autoptr(GError) error = NULL;

  /* The core checks again on submit; checking here keeps the visitor on the step where the
   * problem is, with what they typed. */
  valid = kiosk_validate_text (text, KIOSK_FEEDBACK_MAX_CHARS, TRUE, &error);
  if (valid == NULL)
    {
      kiosk_step_set_error (self->text_step, kiosk_error_code_of (error));
      gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
      return;
    }
  kiosk_step_set_error (self->text_step, KIOSK_ERROR_TEXT_NONE);
  kiosk_flow_go_to (KIOSK_FLOW (self), "phone");
}

static void
phone_done_cb (KioskPhoneStep    *step,
               const char        *phone,
               KioskFeedbackFlow *self)
{
  kiosk_step_set_error (self->review_step, KIOSK_ERROR_TEXT_NONE);
  update_review (self);
  kiosk_flow_go_to (KIOSK_FLOW (self), "review");
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kiosk_flow_go_to (KIOSK_FLOW (widget), "text");
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KioskFeedbackFlow *self = KIOSK_FEEDBACK_FLOW (widget);
  KioskStore *store = kiosk_flow_get_store (KIOSK_FLOW (self));
  g_autofree char *text = dup_text (self);
  g_autoptr(GError) error = NULL;
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  int code;

  if (self->ref.uuid != NULL)
    return;  /* sent already: a double tap files nothing twice */

  if (store == NULL)
    g_set_error_literal (&error, KIOSK_ERROR, KIOSK_ERROR_STORE_OPEN, "no store");
  else
    kiosk_services_submit_feedback (store, self->kind, text,
                                    kiosk_phone_step_get_phone (self->phone_step), &ref, &error);

  if (error != NULL)
    {
      g_message ("feedback not saved: %s", error->message);
      code = kiosk_error_code_of (error);
      /* Back to the step where the visitor can fix it, with what they typed. */
      if (code == KIOSK_ERROR_EMPTY || code == KIOSK_ERROR_TOO_LONG ||
          code == KIOSK_ERROR_INVALID_TEXT)
        {
          kiosk_step_set_error (self->text_step, code);
          kiosk_flow_go_to (KIOSK_FLOW (self), "text");
        }
      else if (code == KIOSK_ERROR_INVALID_PHONE)
        {
          kiosk_step_set_error (KIOSK_STEP (self->phone_step), code);
          kiosk_flow_go_to (KIOSK_FLOW (self), "phone");
        }
      else
        kiosk_step_set_error (self->review_step, code);
      return;
    }

  self->ref = (KioskRecordRef) { g_steal_pointer (&ref.uuid), g_steal_pointer (&ref.reference) };
  gtk_label_set_label (self->done_reference, self->ref.reference);
  g_debug ("feedback %s saved as %s", self->ref.uuid, self->ref.reference);
  kiosk_flow_go_to_final (KIOSK_FLOW (self), "done");
}

/* Typing again puts the hint back: the error was about the text as it was. */
static void
text_changed_cb (KioskFeedbackFlow *self)
{
  update_counter (self);
  if (kiosk_step_get_error (self->text_step) != KIOSK_ERROR_TEXT_NONE)
    kiosk_step_set_error (self->text_step, KIOSK_ERROR_TEXT_NONE);
}

static gboolean
kiosk_feedback_flow_go_back (KioskPage *page)
{
  KioskFeedbackFlow *self = KIOSK_FEEDBACK_FLOW (page);

  /* After sending, "back" would only show a filled form again: leave instead. */
  if (self->ref.uuid != NULL)
    return FALSE;
  return KIOSK_PAGE_CLASS (kiosk_feedback_flow_parent_class)->go_back (page);
}

static void
kiosk_feedback_flow_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_FEEDBACK_FLOW);

  G_OBJECT_CLASS (kiosk_feedback_flow_parent_class)->dispose (object);
}

static void
kiosk_feedback_flow_finalize (GObject *object)
{
  KioskFeedbackFlow *self = KIOSK_FEEDBACK_FLOW (object);

  kiosk_record_ref_clear (&self->ref);

  G_OBJECT_CLASS (kiosk_feedback_flow_parent_class)->finalize (object);
}

static void
kiosk_feedback_flow_class_init (KioskFeedbackFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);
  KioskFlowClass *flow_class = KIOSK_FLOW_CLASS (klass);

  object_class->dispose = kiosk_feedback_flow_dispose;
  object_class->finalize = kiosk_feedback_flow_finalize;
  page_class->retranslate = kiosk_feedback_flow_retranslate;
  page_class->go_back = kiosk_feedback_flow_go_back;
  page_class->get_initial_focus = kiosk_feedback_flow_get_initial_focus;
  flow_class->step_shown = kiosk_feedback_flow_step_shown;

  g_type_ensure (KIOSK_TYPE_CHOICE_LIST);
  g_type_ensure (KIOSK_TYPE_PHONE_STEP);
  g_type_ensure (KIOSK_TYPE_REVIEW_LIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/flows/feedback/kiosk-feedback-flow.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskFeedbackFlow, name)
#define BIND_STEP(id, field) \
  gtk_widget_class_bind_template_child_full (widget_class, id, FALSE, \
                                             G_STRUCT_OFFSET (KioskFeedbackFlow, field))
  BIND_STEP ("kind", kind_step);
  BIND (kind_list);
  BIND_STEP ("text", text_step);
  BIND (text_view);
  BIND (text_counter);
  BIND (text_next_button);
  BIND_STEP ("phone", phone_step);
  BIND_STEP ("review", review_step);
  BIND (review_list);
  BIND (review_edit_button);
  BIND (review_submit_button);
  BIND (done_heading);
  BIND (done_reference_caption);
  BIND (done_reference);
  BIND (done_hint);
  BIND (done_button);
#undef BIND_STEP
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, phone_done_cb);

  gtk_widget_class_install_action (widget_class, "feedback.choose-kind", "s", choose_kind_action);
  gtk_widget_class_install_action (widget_class, "feedback.text-next", NULL, text_next_action);
  gtk_widget_class_install_action (widget_class, "feedback.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "feedback.submit", NULL, submit_action);
}

/* The steps every visitor goes through, numbered on screen. */
static const char * const numbered_steps[] = {
  "kind", "text", "phone", "review", NULL
};

static void
kiosk_feedback_flow_init (KioskFeedbackFlow *self)
{
  g_autoptr(GListStore) kinds = g_list_store_new (KIOSK_TYPE_CHOICE_ITEM);
  g_autoptr(KioskChoiceItem) suggestion = NULL;
  g_autoptr(KioskChoiceItem) complaint = NULL;
  g_autoptr(KioskChoiceItem) inquiry = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  kiosk_flow_set_numbered_steps (KIOSK_FLOW (self), numbered_steps);

  /* Translators: feedback flow, first step: the visitor picks one of three kinds. */
  kiosk_step_set_heading (self->kind_step, N_("What would you like to send?"));
  /* Translators: under the heading of the text step. */
  kiosk_step_set_hint (self->text_step, N_("Use the keyboard below. Please do not write your ID or card numbers."));
  /* Translators: heading of the optional mobile number step. */
  kiosk_step_set_heading (KIOSK_STEP (self->phone_step), N_("Your mobile number (optional)"));
  /* Translators: under the heading of the mobile number step. */
  kiosk_step_set_hint (KIOSK_STEP (self->phone_step), N_("If you would like a reply, write your Omani mobile number. Otherwise tap Skip."));
  /* Translators: heading of the review step, before sending. */
  kiosk_step_set_heading (self->review_step, N_("Please check before sending"));
  set_kind (self, KIOSK_FEEDBACK_SUGGESTION);

  suggestion = kiosk_choice_item_new ("suggestion", "kiosk-suggestion-symbolic", N_("Suggestion"),
                                      /* Translators: under "Suggestion" on the choice button. */
                                      N_("An idea to improve the municipality's services"));
  complaint = kiosk_choice_item_new ("complaint", "kiosk-complaint-symbolic", N_("Complaint"),
                                     /* Translators: under "Complaint" on the choice button. */
                                     N_("Something that went wrong and should be put right"));
  inquiry = kiosk_choice_item_new ("inquiry", "kiosk-inquiry-symbolic", N_("Inquiry"),
                                   /* Translators: under "Inquiry" on the choice button. */
                                   N_("A question about a service, a fee or a procedure"));
  g_list_store_append (kinds, suggestion);
  g_list_store_append (kinds, complaint);
  g_list_store_append (kinds, inquiry);
  kiosk_choice_list_set_model (self->kind_list, G_LIST_MODEL (kinds));

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (text_changed_cb), self, G_CONNECT_SWAPPED);
  kiosk_feedback_flow_retranslate (KIOSK_PAGE (self));
}

GtkWidget *
kiosk_feedback_flow_new (KioskStore *store)
{
  return g_object_new (KIOSK_TYPE_FEEDBACK_FLOW, "store", store, NULL);
}

const char *
kiosk_feedback_flow_get_uuid (KioskFeedbackFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FEEDBACK_FLOW (self), NULL);

  return self->ref.uuid;
}

const char *
kiosk_feedback_flow_get_reference (KioskFeedbackFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FEEDBACK_FLOW (self), NULL);

  return self->ref.reference;
}
