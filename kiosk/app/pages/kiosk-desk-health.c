/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The attendant's device and link health. */
#define G_LOG_DOMAIN "kiosk-desk-health"

#include "config.h"

#include "kiosk-desk-health.h"

#include <glib/gi18n.h>

#include "kiosk-i18n.h"
#include "kiosk-sync-health.h"

/* Below this the attendant is told the disk is nearly full (photos, the database, its WAL). */
#define LOW_DISK_BYTES (G_GINT64_CONSTANT (1024) * 1024 * 1024)

struct _KioskDeskHealth
{
  GtkWidget  parent_instance;

  GtkWidget *grid;
  GtkLabel  *camera_caption;
  GtkLabel  *camera_value;
  GtkLabel  *printer_caption;
  GtkLabel  *printer_value;
  GtkLabel  *terminal_caption;
  GtkLabel  *terminal_value;
  GtkLabel  *disk_caption;
  GtkLabel  *disk_value;
  GtkLabel  *sync_caption;
  GtkLabel  *sync_value;
};

G_DEFINE_FINAL_TYPE (KioskDeskHealth, kiosk_desk_health, GTK_TYPE_WIDGET)

static const char *
printer_state_text (KioskPrinterState state)
{
  switch (state)
    {
    case KIOSK_PRINTER_STATE_READY:
      /* Translators: desk, printer state. */
      return _("Ready");
    case KIOSK_PRINTER_STATE_PAPER_NEAR_END:
      /* Translators: desk, printer state: it prints, the roll needs changing soon. */
      return _("Paper nearly finished: change the roll soon");
    case KIOSK_PRINTER_STATE_PAPER_OUT:
      /* Translators: desk, printer state. */
      return _("Out of paper: receipts are not printing");
    case KIOSK_PRINTER_STATE_COVER_OPEN:
      /* Translators: desk, printer state. */
      return _("Cover open: receipts are not printing");
    case KIOSK_PRINTER_STATE_ERROR:
      /* Translators: desk, printer state: a cutter jam, overheating or another fault. */
      return _("Fault (paper jam or error): receipts are not printing");
    case KIOSK_PRINTER_STATE_OFFLINE:
      /* Translators: desk, printer state: unplugged, switched off or unreachable. */
      return _("Not answering: check its cable and power");
    case KIOSK_PRINTER_STATE_NONE:
      /* Translators: desk, printer state of a kiosk configured without a printer. */
      return _("No printer configured");
    case KIOSK_PRINTER_STATE_UNKNOWN:
    default:
      /* Translators: desk, printer state while it is being asked. */
      return _("Asking the printer…");
    }
}

static void
status_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KioskDeskHealth) self = user_data;
  g_autoptr(GError) error = NULL;
  KioskPrinterState state;

  state = kiosk_printer_query_status_finish (KIOSK_PRINTER (source), result, &error);
  if (error != NULL)
    {
      g_message ("printer status: %s", error->message);
      state = kiosk_printer_get_state (KIOSK_PRINTER (source));
    }
  /* Disposed while the printer answered: nothing is on screen any more. */
  if (self->printer_value != NULL)
    gtk_label_set_label (self->printer_value, printer_state_text (state));
}

gint64
kiosk_desk_health_free_disk (KioskStore *store)
{
  g_autofree char *dir = g_path_get_dirname (kiosk_store_get_path (store));
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_query_filesystem_info (file, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, &error);
  if (info == NULL)
    {
      g_message ("free disk space of %s unknown: %s", dir, error->message);
      return -1;
    }
  return (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
}

static char *
disk_text (KioskStore *store)
{
  gint64 free_bytes = kiosk_desk_health_free_disk (store);
  g_autofree char *megabytes = NULL;

  if (free_bytes < 0)
    /* Translators: desk, free disk space could not be read. */
    return g_strdup (_("Unknown"));
  megabytes = kiosk_i18n_format_int (free_bytes / (1024 * 1024));
  if (free_bytes < LOW_DISK_BYTES)
    /* Translators: desk, free disk space, nearly full; %s megabytes. */
    return g_strdup_printf (_("%s MB free — nearly full: call support"), megabytes);
  /* Translators: desk, free disk space; %s megabytes. */
  return g_strdup_printf (_("%s MB free"), megabytes);
}

static char *
terminal_text (const char *spec)
{
  if (spec == NULL || g_str_equal (spec, "counter-only"))
    /* Translators: desk, card terminal: this kiosk takes no cards. */
    return g_strdup (_("None: payments at the counter only"));
  if (g_str_has_prefix (spec, "simulated:"))
    /* Translators: desk, card terminal: a demonstration one, no real money. */
    return g_strdup (_("Simulated (demonstration)"));
  /* Translators: desk, card terminal: %s its address (HOST:PORT). */
  return g_strdup_printf (_("Network terminal %s"), spec + strlen ("opi:"));
}

void
kiosk_desk_health_refresh (KioskDeskHealth *self,
                           KioskStore      *store,
                           KioskPrinter    *printer,
                           const char      *camera_source,
                           const char      *terminal_spec)
{
  g_auto(KioskSyncHealth) health = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *disk = NULL;
  g_autofree char *terminal = terminal_text (terminal_spec);
  g_autofree char *sync = NULL;

  g_return_if_fail (KIOSK_IS_DESK_HEALTH (self));

  /* Translators: desk, caption of the camera's line. */
  gtk_label_set_label (self->camera_caption, _("Camera"));
  gtk_label_set_label (self->camera_value,
                       camera_source == NULL || g_str_equal (camera_source, "none")
                       /* Translators: desk, camera: the kiosk has none. */
                       ? _("None: scanning and photos are not offered")
                       /* Translators: desk, camera: configured (it is opened when a page
                        * needs it). */
                       : _("Configured"));
  /* Translators: desk, caption of the receipt printer's line. */
  gtk_label_set_label (self->printer_caption, _("Receipt printer"));
  gtk_label_set_label (self->printer_value,
                       printer_state_text (printer != NULL ? kiosk_printer_get_state (printer)
                                                           : KIOSK_PRINTER_STATE_NONE));
  if (printer != NULL)
    kiosk_printer_query_status_async (printer, NULL, status_cb, g_object_ref (self));
  /* Translators: desk, caption of the card terminal's line. */
  gtk_label_set_label (self->terminal_caption, _("Card terminal"));
  gtk_label_set_label (self->terminal_value, terminal);
  /* Translators: desk, caption of the free disk space. */
  gtk_label_set_label (self->disk_caption, _("Disk"));
  disk = store != NULL ? disk_text (store) : g_strdup ("");
  gtk_label_set_label (self->disk_value, disk);
  /* Translators: desk, caption of the link to the municipality's server. */
  gtk_label_set_label (self->sync_caption, _("Sync"));
  if (store != NULL && kiosk_sync_health_get (store, 5, &health, &error))
    {
      g_autofree char *queued = kiosk_i18n_format_int (health.outbox.queued);
      g_autofree char *success = health.last_success_at > 0
                                 ? kiosk_i18n_format_time (health.last_success_at, TRUE) : NULL;

      if (success != NULL)
        /* Translators: attendant desk, sync health: %1$s records waiting, %2$s the date and
         * time of the last successful sync. */
        sync = g_strdup_printf (_("Waiting to send: %1$s. Last successful sync: %2$s."),
                                queued, success);
      else
        /* Translators: attendant desk, sync health when the kiosk never synced. */
        sync = g_strdup_printf (_("Waiting to send: %s. This kiosk has not synced yet."),
                                queued);
    }
  else if (error != NULL)
    g_message ("sync health unavailable: %s", error->message);
  gtk_label_set_label (self->sync_value, sync ? sync : "");
}

static void
kiosk_desk_health_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_DESK_HEALTH);

  G_OBJECT_CLASS (kiosk_desk_health_parent_class)->dispose (object);
}

static void
kiosk_desk_health_class_init (KioskDeskHealthClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_desk_health_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/pages/kiosk-desk-health.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskDeskHealth, name)
  BIND (grid);
  BIND (camera_caption);
  BIND (camera_value);
  BIND (printer_caption);
  BIND (printer_value);
  BIND (terminal_caption);
  BIND (terminal_value);
  BIND (disk_caption);
  BIND (disk_value);
  BIND (sync_caption);
  BIND (sync_value);
#undef BIND
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kiosk_desk_health_init (KioskDeskHealth *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
