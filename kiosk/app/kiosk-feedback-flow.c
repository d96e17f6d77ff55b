/* The feedback flow's steps and rules. */
#define G_LOG_DOMAIN "kiosk-feedback-flow"

#include "config.h"

#include "kiosk-feedback-flow.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-error.h"
#include "kiosk-error-text.h"
#include "kiosk-i18n.h"
#include "kiosk-services.h"
#include "kiosk-validate.h"

struct _KioskFeedbackFlow
{
  KioskFlow          parent_instance;

  KioskFeedbackKind  kind;
  char              *phone;          /* canonical, or NULL when not given */
  int                text_error;     /* KioskError code shown on a step, or KIOSK_ERROR_TEXT_NONE */
  int                phone_error;
  int                review_error;
  KioskRecordRef     ref;

  GtkLabel          *kind_heading;
  GtkWidget         *suggestion_button;
  GtkLabel          *suggestion_title;
  GtkLabel          *suggestion_text;
  GtkWidget         *complaint_button;
  GtkLabel          *complaint_title;
  GtkLabel          *complaint_text;
  GtkWidget         *inquiry_button;
  GtkLabel          *inquiry_title;
  GtkLabel          *inquiry_text;

  GtkLabel          *text_heading;
  GtkLabel          *text_hint;
  GtkTextView       *text_view;
  GtkLabel          *text_counter;
  GtkLabel          *text_error_label;
  GtkButton         *text_next_button;

  GtkLabel          *phone_heading;
  GtkLabel          *phone_hint;
  GtkEntry          *phone_entry;
  GtkLabel          *phone_error_label;
  GtkButton         *phone_skip_button;
  GtkButton         *phone_next_button;

  GtkLabel          *review_heading;
  GtkLabel          *review_kind_caption;
  GtkLabel          *review_kind;
  GtkLabel          *review_text_caption;
  GtkLabel          *review_text;
  GtkLabel          *review_phone_caption;
  GtkLabel          *review_phone;
  GtkLabel          *review_error_label;
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

/* An error takes the place of the step's hint: it is what the visitor must read now, and
 * the step keeps its height (on a landscape screen the keyboard leaves little). */
static void
show_error (GtkLabel *label,
            int       code)
{
  GtkWidget *hint = gtk_widget_get_prev_sibling (GTK_WIDGET (label));

  gtk_widget_set_visible (GTK_WIDGET (label), code != KIOSK_ERROR_TEXT_NONE);
  gtk_label_set_label (label, code != KIOSK_ERROR_TEXT_NONE ? kiosk_error_text_for_code (code) : "");
  if (hint != NULL && gtk_widget_has_css_class (hint, "kiosk-step-text"))
    gtk_widget_set_visible (hint, code == KIOSK_ERROR_TEXT_NONE);
}

/* Focus with the cursor at the end: a visitor correcting a number goes on from there, and
 * nothing is selected for the next key to replace. */
static void
focus_entry (GtkEntry *entry)
{
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
}

static void
set_choice (GtkWidget  *button,
            GtkLabel   *title_label,
            GtkLabel   *text_label,
            const char *title,
            const char *text)
{
  g_autofree char *accessible = g_strdup_printf ("%s. %s", title, text);

  gtk_label_set_label (title_label, title);
  gtk_label_set_label (text_label, text);
  kiosk_accessible_set_label (button, accessible);
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

  gtk_label_set_label (self->review_kind, kind_name (self->kind));
  gtk_label_set_label (self->review_text, text);
  if (self->phone != NULL)
    {
      /* An Omani number reads left to right in both languages: +968 9212 3456. */
      g_autofree char *shown = g_strdup_printf ("+968 %.4s %.4s", self->phone + 4,
                                                self->phone + 8);

      gtk_label_set_label (self->review_phone, shown);
      gtk_widget_set_direction (GTK_WIDGET (self->review_phone), GTK_TEXT_DIR_LTR);
    }
  else
    {
      /* Translators: review step, in place of the mobile number when none was given. */
      gtk_label_set_label (self->review_phone, _("Not given"));
      gtk_widget_set_direction (GTK_WIDGET (self->review_phone), GTK_TEXT_DIR_NONE);
    }
}

static void
kiosk_feedback_flow_retranslate (KioskPage *page)
{
  KioskFeedbackFlow *self = KIOSK_FEEDBACK_FLOW (page);

  /* Translators: title of the suggestion / complaint / inquiry service, in the header. */
  kiosk_page_set_title (page, _("Suggestion, complaint or inquiry"));

  /* Translators: feedback flow, first step: the visitor picks one of three kinds. */
  gtk_label_set_label (self->kind_heading, _("What would you like to send?"));
  set_choice (self->suggestion_button, self->suggestion_title, self->suggestion_text,
              kind_name (KIOSK_FEEDBACK_SUGGESTION),
              /* Translators: under "Suggestion" on the choice button. */
              _("An idea to improve the municipality's services"));
  set_choice (self->complaint_button, self->complaint_title, self->complaint_text,
              kind_name (KIOSK_FEEDBACK_COMPLAINT),
              /* Translators: under "Complaint" on the choice button. */
              _("Something that went wrong and should be put right"));
  set_choice (self->inquiry_button, self->inquiry_title, self->inquiry_text,
              kind_name (KIOSK_FEEDBACK_INQUIRY),
              /* Translators: under "Inquiry" on the choice button. */
              _("A question about a service, a fee or a procedure"));

  switch (self->kind)
    {
    case KIOSK_FEEDBACK_COMPLAINT:
      /* Translators: heading of the text step for a complaint. */
      gtk_label_set_label (self->text_heading, _("Describe your complaint"));
      break;
    case KIOSK_FEEDBACK_INQUIRY:
      /* Translators: heading of the text step for an inquiry. */
      gtk_label_set_label (self->text_heading, _("Write your question"));
      break;
    case KIOSK_FEEDBACK_SUGGESTION:
    default:
      /* Translators: heading of the text step for a suggestion. */
      gtk_label_set_label (self->text_heading, _("Write your suggestion"));
      break;
    }
  /* Translators: under the heading of the text step. */
  gtk_label_set_label (self->text_hint, _("Use the keyboard below. Please do not write your ID or card numbers."));
  /* Translators: accessible name of the big text box of the feedback flow. */
  kiosk_accessible_set_label (GTK_WIDGET (self->text_view), _("Your message"));
  update_counter (self);
  show_error (self->text_error_label, self->text_error);
  /* Translators: button that goes to the next step. */
  kiosk_accessible_set_button_label (self->text_next_button, _("Next"));

  /* Translators: heading of the optional mobile number step. */
  gtk_label_set_label (self->phone_heading, _("Your mobile number (optional)"));
  /* Translators: under the heading of the mobile number step. */
  gtk_label_set_label (self->phone_hint, _("If you would like a reply, write your Omani mobile number. Otherwise tap Skip."));
  /* Translators: accessible name of the mobile number field. */
  kiosk_accessible_set_label (GTK_WIDGET (self->phone_entry), _("Mobile number"));
  show_error (self->phone_error_label, self->phone_error);
  /* Translators: button that goes on without giving a mobile number. */
  kiosk_accessible_set_button_label (self->phone_skip_button, _("Skip"));
  kiosk_accessible_set_button_label (self->phone_next_button, _("Next"));

  /* Translators: heading of the review step, before sending. */
  gtk_label_set_label (self->review_heading, _("Please check before sending"));
  /* Translators: review step, caption over the chosen kind. */
  gtk_label_set_label (self->review_kind_caption, _("Type"));
  /* Translators: review step, caption over the visitor's text. */
  gtk_label_set_label (self->review_text_caption, _("Message"));
  /* Translators: review step, caption over the mobile number. */
  gtk_label_set_label (self->review_phone_caption, _("Mobile number"));
  update_review (self);
  show_error (self->review_error_label, self->review_error);
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
    focus_entry (self->phone_entry);
  else if (g_strcmp0 (step, "review") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->review_submit_button));
  else if (g_strcmp0 (step, "done") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->done_button));
  else
    gtk_widget_grab_focus (self->suggestion_button);
}

static GtkWidget *
kiosk_feedback_flow_get_initial_focus (KioskPage *page)
{
  return KIOSK_FEEDBACK_FLOW (page)->suggestion_button;
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
        self->kind = (KioskFeedbackKind) i;
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
      self->text_error = error->domain == KIOSK_ERROR ? error->code : KIOSK_ERROR_FAILED;
      show_error (self->text_error_label, self->text_error);
      gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
      return;
    }
  self->text_error = KIOSK_ERROR_TEXT_NONE;
  show_error (self->text_error_label, KIOSK_ERROR_TEXT_NONE);
  kiosk_flow_go_to (KIOSK_FLOW (self), "phone");
}

static void
go_to_review (KioskFeedbackFlow *self)
{
  self->review_error = KIOSK_ERROR_TEXT_NONE;
  show_error (self->review_error_label, KIOSK_ERROR_TEXT_NONE);
  update_review (self);
  kiosk_flow_go_to (KIOSK_FLOW (self), "review");
}

static void
phone_next_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KioskFeedbackFlow *self = KIOSK_FEEDBACK_FLOW (widget);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->phone_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (typed));
  g_autoptr(GError) error = NULL;
  char *phone = NULL;

  if (stripped[0] != '\0')
    {
      phone = kiosk_validate_phone (stripped, &error);
      if (phone == NULL)
        {
          self->phone_error = error->domain == KIOSK_ERROR ? error->code : KIOSK_ERROR_FAILED;
          show_error (self->phone_error_label, self->phone_error);
          focus_entry (self->phone_entry);
          return;
        }
    }
  g_free (self->phone);
  self->phone = phone;
  self->phone_error = KIOSK_ERROR_TEXT_NONE;
  show_error (self->phone_error_label, KIOSK_ERROR_TEXT_NONE);
  go_to_review (self);
}

static void
skip_phone_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KioskFeedbackFlow *self = KIOSK_FEEDBACK_FLOW (widget);

  /* Skipping means "no number": nothing half-typed is kept or sent. */
  gtk_editable_set_text (GTK_EDITABLE (self->phone_entry), "");
  g_clear_pointer (&self->phone, g_free);
  self->phone_error = KIOSK_ERROR_TEXT_NONE;
  show_error (self->phone_error_label, KIOSK_ERROR_TEXT_NONE);
  go_to_review (self);
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
    kiosk_services_submit_feedback (store, self->kind, text, self->phone, &ref, &error);

  if (error != NULL)
    {
      g_message ("feedback not saved: %s", error->message);
      code = error->domain == KIOSK_ERROR ? error->code : KIOSK_ERROR_FAILED;
      /* Back to the step where the visitor can fix it, with what they typed. */
      if (code == KIOSK_ERROR_EMPTY || code == KIOSK_ERROR_TOO_LONG ||
          code == KIOSK_ERROR_INVALID_TEXT)
        {
          self->text_error = code;
          show_error (self->text_error_label, code);
          kiosk_flow_go_to (KIOSK_FLOW (self), "text");
        }
      else if (code == KIOSK_ERROR_INVALID_PHONE)
        {
          self->phone_error = code;
          show_error (self->phone_error_label, code);
          kiosk_flow_go_to (KIOSK_FLOW (self), "phone");
        }
      else
        {
          self->review_error = code;
          show_error (self->review_error_label, code);
        }
      return;
    }

  self->ref = (KioskRecordRef) { g_steal_pointer (&ref.uuid), g_steal_pointer (&ref.reference) };
  gtk_label_set_label (self->done_reference, self->ref.reference);
  g_debug ("feedback %s saved as %s", self->ref.uuid, self->ref.reference);
  kiosk_flow_go_to_final (KIOSK_FLOW (self), "done");
}

/* Typing again puts the hint back: the error was about the text as it was. */
static void
text_changed_cb (GtkTextBuffer     *buffer,
                 KioskFeedbackFlow *self)
{
  update_counter (self);
  if (self->text_error != KIOSK_ERROR_TEXT_NONE)
    {
      self->text_error = KIOSK_ERROR_TEXT_NONE;
      show_error (self->text_error_label, KIOSK_ERROR_TEXT_NONE);
    }
}

static void
phone_changed_cb (GtkEditable       *editable,
                  KioskFeedbackFlow *self)
{
  if (self->phone_error != KIOSK_ERROR_TEXT_NONE)
    {
      self->phone_error = KIOSK_ERROR_TEXT_NONE;
      show_error (self->phone_error_label, KIOSK_ERROR_TEXT_NONE);
    }
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
  KioskFeedbackFlow *self = KIOSK_FEEDBACK_FLOW (object);

  if (self->text_view != NULL)
    g_signal_handlers_disconnect_by_func (gtk_text_view_get_buffer (self->text_view),
                                          text_changed_cb, self);
  if (self->phone_entry != NULL)
    g_signal_handlers_disconnect_by_func (self->phone_entry, phone_changed_cb, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_FEEDBACK_FLOW);

  G_OBJECT_CLASS (kiosk_feedback_flow_parent_class)->dispose (object);
}

static void
kiosk_feedback_flow_finalize (GObject *object)
{
  KioskFeedbackFlow *self = KIOSK_FEEDBACK_FLOW (object);

  g_clear_pointer (&self->phone, g_free);
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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/kiosk-feedback-flow.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskFeedbackFlow, name)
  BIND (kind_heading);
  BIND (suggestion_button);
  BIND (suggestion_title);
  BIND (suggestion_text);
  BIND (complaint_button);
  BIND (complaint_title);
  BIND (complaint_text);
  BIND (inquiry_button);
  BIND (inquiry_title);
  BIND (inquiry_text);
  BIND (text_heading);
  BIND (text_hint);
  BIND (text_view);
  BIND (text_counter);
  BIND (text_next_button);
  BIND (phone_heading);
  BIND (phone_hint);
  BIND (phone_entry);
  BIND (phone_skip_button);
  BIND (phone_next_button);
  BIND (review_heading);
  BIND (review_kind_caption);
  BIND (review_kind);
  BIND (review_text_caption);
  BIND (review_text);
  BIND (review_phone_caption);
  BIND (review_phone);
  BIND (review_edit_button);
  BIND (review_submit_button);
  BIND (done_heading);
  BIND (done_reference_caption);
  BIND (done_reference);
  BIND (done_hint);
  BIND (done_button);
#undef BIND
  gtk_widget_class_bind_template_child_full (widget_class, "text_error", FALSE,
                                             G_STRUCT_OFFSET (KioskFeedbackFlow, text_error_label));
  gtk_widget_class_bind_template_child_full (widget_class, "phone_error", FALSE,
                                             G_STRUCT_OFFSET (KioskFeedbackFlow, phone_error_label));
  gtk_widget_class_bind_template_child_full (widget_class, "review_error", FALSE,
                                             G_STRUCT_OFFSET (KioskFeedbackFlow, review_error_label));

  gtk_widget_class_install_action (widget_class, "feedback.choose-kind", "s", choose_kind_action);
  gtk_widget_class_install_action (widget_class, "feedback.text-next", NULL, text_next_action);
  gtk_widget_class_install_action (widget_class, "feedback.phone-next", NULL, phone_next_action);
  gtk_widget_class_install_action (widget_class, "feedback.skip-phone", NULL, skip_phone_action);
  gtk_widget_class_install_action (widget_class, "feedback.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "feedback.submit", NULL, submit_action);
}

static void
kiosk_feedback_flow_init (KioskFeedbackFlow *self)
{
  self->text_error = KIOSK_ERROR_TEXT_NONE;
  self->phone_error = KIOSK_ERROR_TEXT_NONE;
  self->review_error = KIOSK_ERROR_TEXT_NONE;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Phone numbers and references read left to right in both languages. */
  gtk_widget_set_direction (GTK_WIDGET (self->phone_entry), GTK_TEXT_DIR_LTR);
  gtk_widget_set_direction (GTK_WIDGET (self->done_reference), GTK_TEXT_DIR_LTR);
  g_signal_connect (gtk_text_view_get_buffer (self->text_view), "changed",
                    G_CALLBACK (text_changed_cb), self);
  g_signal_connect (self->phone_entry, "changed", G_CALLBACK (phone_changed_cb), self);
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
