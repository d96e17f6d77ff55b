/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The receipt at the end of a service: reference, amount, signed QR code; or the voucher to
 * pay at the counter. */
#define G_LOG_DOMAIN "kiosk-receipt-page"

#include "config.h"

#include "kiosk-receipt-page.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-attendants.h"
#include "kiosk-i18n.h"
#include "kiosk-qr-texture.h"
#include "kiosk-slips.h"
#include "kiosk-window.h"

/* Pixels per module: a version-10 code (the longest token) is 65 modules with its quiet
 * zone, 390 px, which phone cameras and the attendant's scanner read from a hand away. */
#define QR_MODULE_PX 6

struct _KioskReceiptPage
{
  GtkWidget      parent_instance;

  KioskReceipt  *receipt;
  const char    *qr_text;      /* points into receipt */
  KioskReceiptPrint print;     /* of the receipt showing */
  char          *print_uuid;   /* the receipt a job was started for: one show, one job */

  GtkWidget     *scroller;
  GtkLabel      *heading;
  GtkLabel      *service_label;
  GtkLabel      *reference_caption;
  GtkLabel      *reference_label;
  GtkLabel      *amount_label;
  GtkPicture    *qr_picture;
  GtkLabel      *print_label;
  GtkLabel      *hint;
  GtkButton     *done_button;
};

G_DEFINE_FINAL_TYPE (KioskReceiptPage, kiosk_receipt_page, GTK_TYPE_WIDGET)

/* The same names the printed slips give (one list, in kiosk-slips.c). */
const char *
kiosk_receipt_service_name (const char *service)
{
  return kiosk_slips_service_name (service);
}

static gboolean
awaits_counter (KioskReceiptPage *self)
{
  return self->receipt != NULL &&
         g_strcmp0 (self->receipt->payment_status, "awaiting_counter") == 0;
}

void
kiosk_receipt_page_retranslate (KioskReceiptPage *self)
{
  g_return_if_fail (KIOSK_IS_RECEIPT_PAGE (self));

  if (awaits_counter (self))
    /* Translators: receipt page heading when the visitor chose to pay at the counter. */
    gtk_label_set_label (self->heading, _("Please pay at the counter"));
  else
    /* Translators: receipt page heading after a finished service. */
    gtk_label_set_label (self->heading, _("Done. Thank you."));
  gtk_label_set_label (self->service_label,
                       self->receipt ? kiosk_receipt_service_name (self->receipt->service) : "");
  /* Translators: receipt page, above the reference number in large type. */
  gtk_label_set_label (self->reference_caption, _("Your reference number"));
  gtk_label_set_label (self->reference_label, self->receipt ? self->receipt->reference : "");

  if (self->receipt != NULL && self->receipt->amount > 0)
    {
      g_autofree char *money = kiosk_money_format (self->receipt->amount, kiosk_i18n_get_lang (),
                                                   kiosk_i18n_get_digits ());
      g_autofree char *text = NULL;

      if (awaits_counter (self))
        /* Translators: receipt page, the amount still to pay in cash; %s is "OMR 5.000". */
        text = g_strdup_printf (_("To pay at the counter: %s"), money);
      else
        /* Translators: receipt page, the amount paid; %s is "OMR 5.000". */
        text = g_strdup_printf (_("Amount paid: %s"), money);
      gtk_label_set_label (self->amount_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->amount_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->amount_label), FALSE);

  if (awaits_counter (self))
    /* Translators: receipt page for a counter payment, under the voucher's QR code. */
    gtk_label_set_label (self->hint, _("Show this voucher code to the attendant at the counter and pay there. Your request is completed once paid."));
  else if (self->qr_text != NULL)
    /* Translators: receipt page, under the receipt's QR code. */
    gtk_label_set_label (self->hint, _("Keep this reference. Scanning this code at any kiosk shows the receipt."));
  else
    /* Translators: receipt page of a kiosk that cannot draw a QR code. */
    gtk_label_set_label (self->hint, _("Keep this reference number to follow up."));
  switch (self->print)
    {
    case KIOSK_RECEIPT_PRINT_PRINTING:
      /* Translators: receipt page, while the slip is being printed. */
      gtk_label_set_label (self->print_label, _("Printing your receipt…"));
      break;
    case KIOSK_RECEIPT_PRINT_PRINTED:
      /* Translators: receipt page, once the slip came out of the printer. */
      gtk_label_set_label (self->print_label, _("Please take your printed receipt."));
      break;
    case KIOSK_RECEIPT_PRINT_FAILED:
      /* Translators: receipt page, when the printer could not print (no paper, cover open,
       * not answering); the service itself is done and recorded. */
      gtk_label_set_label (self->print_label, _("Your receipt could not be printed — the attendant can reprint it."));
      break;
    case KIOSK_RECEIPT_PRINT_NONE:
    default:
      gtk_label_set_label (self->print_label, "");
      break;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->print_label), self->print != KIOSK_RECEIPT_PRINT_NONE);
  if (self->print == KIOSK_RECEIPT_PRINT_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->print_label), "kiosk-error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->print_label), "kiosk-error");
  kiosk_accessible_set_label (GTK_WIDGET (self->qr_picture),
                              awaits_counter (self)
                              /* Translators: accessible name of the voucher's QR code. */
                              ? _("Voucher code for the counter")
                              /* Translators: accessible name of the receipt's QR code. */
                              : _("Receipt code"));
  /* Translators: receipt page button: end and return to the home screen. */
  gtk_button_set_label (self->done_button, _("Done"));
  kiosk_accessible_set_label (GTK_WIDGET (self->done_button), _("Done"));
}

void
kiosk_receipt_page_clear (KioskReceiptPage *self)
{
  g_return_if_fail (KIOSK_IS_RECEIPT_PAGE (self));

  g_clear_pointer (&self->receipt, kiosk_receipt_free);
  self->qr_text = NULL;
  self->print = KIOSK_RECEIPT_PRINT_NONE;
  gtk_picture_set_paintable (self->qr_picture, NULL);
  kiosk_receipt_page_retranslate (self);
}

/* Printing ------------------------------------------------------------------------------
 * The service is committed before the page shows; the slip goes to the printer's queue and
 * the page never waits for it. A job outlives the page (a visitor who presses Done at once
 * still gets the paper), so what it needs travels with it. */

typedef struct
{
  GWeakRef    page;
  KioskStore *store;          /* outlives the window (kiosk_window_new) */
  char       *receipt_uuid;
  char       *reference;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_weak_ref_clear (&job->page);
  g_free (job->receipt_uuid);
  g_free (job->reference);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrintJob, print_job_free)

static void
set_print (KioskReceiptPage  *self,
           const char        *receipt_uuid,
           KioskReceiptPrint  print)
{
  if (self->receipt == NULL || g_strcmp0 (self->receipt->uuid, receipt_uuid) != 0)
    return;  /* the page shows another receipt by now */
  self->print = print;
  kiosk_receipt_page_retranslate (self);
}

/* The desk lists the receipts that did not print; the audit line says why, for support. */
static void
note_not_printed (PrintJob         *job,
                  KioskPrinter     *printer,
                  const GError     *error)
{
  g_autoptr(GError) audit_error = NULL;
  g_autofree char *detail = NULL;

  g_message ("receipt %s not printed: %s", job->reference, error->message);
  detail = g_strdup_printf ("{\"reference\":\"%s\",\"printer\":\"%s\"}", job->reference,
                            kiosk_printer_state_to_string (kiosk_printer_get_state (printer)));
  if (!kiosk_attendants_audit (job->store, "kiosk", KIOSK_AUDIT_RECEIPT_NOT_PRINTED, job->receipt_uuid,
                               detail, &audit_error))
    g_message ("not audited: %s", audit_error->message);
}

static void
printed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PrintJob) job = user_data;
  g_autoptr(KioskReceiptPage) self = g_weak_ref_get (&job->page);
  g_autoptr(GError) error = NULL;
  KioskPrinter *printer = KIOSK_PRINTER (source);

  if (!kiosk_printer_print_finish (printer, result, &error))
    {
      note_not_printed (job, printer, error);
      if (self != NULL)
        set_print (self, job->receipt_uuid, KIOSK_RECEIPT_PRINT_FAILED);
      return;
    }
  /* The next slip of this receipt is a copy. */
  if (!kiosk_receipts_mark_printed (job->store, job->receipt_uuid, &error))
    g_message ("receipt %s printed but not counted: %s", job->reference, error->message);
  if (self != NULL)
    set_print (self, job->receipt_uuid, KIOSK_RECEIPT_PRINT_PRINTED);
}

static void
start_printing (KioskReceiptPage *self,
                KioskStore       *store)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  KioskPrinter *printer = KIOSK_IS_WINDOW (root) ? kiosk_window_get_printer (KIOSK_WINDOW (root))
                                                 : NULL;
  g_autoptr(KioskSlip) slip = NULL;
  g_autoptr(GError) error = NULL;
  PrintJob *job;

  /* A kiosk configured without a printer has nothing to say about paper. */
  if (printer == NULL)
    return;
  /* One finished service, one job: showing the same receipt again prints nothing. */
  if (g_strcmp0 (self->print_uuid, self->receipt->uuid) == 0)
    return;
  g_free (self->print_uuid);
  self->print_uuid = g_strdup (self->receipt->uuid);

  job = g_new0 (PrintJob, 1);
  g_weak_ref_init (&job->page, self);
  job->store = store;
  job->receipt_uuid = g_strdup (self->receipt->uuid);
  job->reference = g_strdup (self->receipt->reference);

  slip = kiosk_slips_for_receipt (store, self->receipt, kiosk_i18n_get_language (),
                                  kiosk_i18n_get_digits (), &error);
  if (slip == NULL)
    {
      note_not_printed (job, printer, error);
      print_job_free (job);
      self->print = KIOSK_RECEIPT_PRINT_FAILED;
      return;
    }
  self->print = KIOSK_RECEIPT_PRINT_PRINTING;
  kiosk_printer_print_async (printer, slip, NULL, printed_cb, job);
}

gboolean
kiosk_receipt_page_show_record (KioskReceiptPage  *self,
                                KioskStore        *store,
                                const char        *record_uuid,
                                GError           **error)
{
  g_autoptr(KioskReceipt) receipt = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  g_return_val_if_fail (KIOSK_IS_RECEIPT_PAGE (self), FALSE);

  receipt = kiosk_receipts_get_for_record (store, record_uuid, error);
  if (receipt == NULL)
    return FALSE;

  kiosk_receipt_page_clear (self);
  self->receipt = g_steal_pointer (&receipt);
  self->qr_text = awaits_counter (self) ? self->receipt->voucher_token : self->receipt->qr_payload;
  if (self->qr_text != NULL)
    {
      g_autoptr(GError) qr_error = NULL;

      texture = kiosk_qr_texture_new (self->qr_text, QR_MODULE_PX, &qr_error);
      if (texture == NULL)
        g_message ("no QR code for the receipt: %s", qr_error->message);
    }
  if (texture == NULL)
    self->qr_text = NULL;
  gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->qr_picture), texture != NULL);
  start_printing (self, store);
  kiosk_receipt_page_retranslate (self);
  return TRUE;
}

KioskReceiptPrint
kiosk_receipt_page_get_print (KioskReceiptPage *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT_PAGE (self), KIOSK_RECEIPT_PRINT_NONE);

  return self->print;
}

const KioskReceipt *
kiosk_receipt_page_get_receipt (KioskReceiptPage *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT_PAGE (self), NULL);

  return self->receipt;
}

const char *
kiosk_receipt_page_get_qr_text (KioskReceiptPage *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT_PAGE (self), NULL);

  return self->qr_text;
}

/* Shown: the focus goes to Done, which also puts away an on-screen keyboard left up by the
 * step before. */
static void
kiosk_receipt_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kiosk_receipt_page_parent_class)->map (widget);
  gtk_widget_grab_focus (GTK_WIDGET (KIOSK_RECEIPT_PAGE (widget)->done_button));
}

static void
kiosk_receipt_page_dispose (GObject *object)
{
  KioskReceiptPage *self = KIOSK_RECEIPT_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_RECEIPT_PAGE);

  G_OBJECT_CLASS (kiosk_receipt_page_parent_class)->dispose (object);
}

static void
kiosk_receipt_page_finalize (GObject *object)
{
  KioskReceiptPage *self = KIOSK_RECEIPT_PAGE (object);

  g_clear_pointer (&self->receipt, kiosk_receipt_free);
  g_free (self->print_uuid);

  G_OBJECT_CLASS (kiosk_receipt_page_parent_class)->finalize (object);
}

static void
kiosk_receipt_page_class_init (KioskReceiptPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_receipt_page_dispose;
  object_class->finalize = kiosk_receipt_page_finalize;
  widget_class->map = kiosk_receipt_page_map;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/pages/kiosk-receipt-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskReceiptPage, name)
  BIND (scroller);
  BIND (heading);
  BIND (service_label);
  BIND (reference_caption);
  BIND (reference_label);
  BIND (amount_label);
  BIND (qr_picture);
  BIND (print_label);
  BIND (hint);
  BIND (done_button);
#undef BIND
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kioskreceiptpage");
}

static void
kiosk_receipt_page_init (KioskReceiptPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* References read left to right in both languages. */
  gtk_widget_set_direction (GTK_WIDGET (self->reference_label), GTK_TEXT_DIR_LTR);
  kiosk_receipt_page_retranslate (self);
}

GtkWidget *
kiosk_receipt_page_new (void)
{
  return g_object_new (KIOSK_TYPE_RECEIPT_PAGE, NULL);
}
