/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk's configuration: one key file (a system path on real kiosks, a documented
 * development default in assets/config/), with command-line overrides on top. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  /* [kiosk] */
  char    *kiosk_code;          /* e.g. "MCT01": 2-12 of A-Z 0-9 */
  char    *database;            /* path of the SQLite file; photos live beside it */
  char    *language;            /* "ar" or "en": the language a session starts in */
  gboolean arabic_digits;       /* show numbers in Arabic-Indic digits in Arabic */
  guint    idle_timeout;        /* seconds before the idle warning, 20-3600 */
  guint    idle_warning;        /* seconds the warning counts down, 20-120 */
  guint    personal_data_days;  /* purge phone/civil number this long after the server acked */

  /* [sync] */
  char    *server_url;          /* https:// (http:// only to 127.0.0.1/localhost) */
  char    *token_file;          /* file holding the kiosk's bearer token */
  char    *ca_file;             /* optional CA bundle */
  char    *pinned_key;          /* optional "sha256//BASE64;sha256//BASE64" pins */
  guint    sync_interval;       /* seconds between daemon runs, 10-86400 */
  guint    batch_max_records;   /* 1-1000 */
  guint    batch_max_bytes;     /* 1024-16777216 */
  char    *client_cert;         /* optional PEM client certificate */
  char    *client_key;          /* optional PEM key of client_cert (empty: in the cert file) */
  guint    connect_timeout;     /* seconds, 1-300 */
  guint    stall_timeout;       /* seconds without a byte moving before a transfer is dropped */
  guint    request_timeout;     /* seconds for one whole request, 1-3600 */
  guint    retries;             /* attempts after the first within one run, 0-20 */
  guint    retry_max_delay;     /* seconds: the cap of the exponential backoff, 1-86400 */

  /* [devices] */
  char    *camera;              /* GStreamer source description, or "none" */
  char    *printer;             /* "none", "file:PATH", "escpos-usb:DEV", "escpos-tcp:H:P" */
  char    *payment;             /* "simulated:approve|approve-offline|decline|timeout|cancel" */
  char    *speech;              /* "auto", "none" or a GStreamer audio sink description */

  /* [speech] */
  char    *speech_mode;         /* "off", "button" or "always" (kiosk-speech.h) */

  /* [payments] offline store-and-forward limits, baisa and hours */
  gint64   offline_tx_cap;
  gint64   offline_total_cap;
  guint    offline_max_age_hours;

  /* [phone-upload] the page a visitor's phone sends site photos to (kiosk-phone-upload.h) */
  char    *phone_upload_listen;   /* "ADDRESS:PORT", an IP literal ([v6] in brackets) */
  char    *phone_upload_base_url; /* http(s)://host[:port] the phone reaches, or empty */

  /* Where the values came from, for messages: the absolute path of the file read, or NULL
   * for pure defaults. Every path above is absolute (or empty where empty means none). */
  char    *source_path;
} KioskConfig;

/* The built-in defaults; the default database "kiosk.db" is made absolute against the
 * current directory. */
KioskConfig *kiosk_config_new_defaults (void);
void         kiosk_config_free         (KioskConfig *config);

/* Loads `path`, or when NULL the first of $KIOSK_CONFIG, the system path
 * (/etc/muscat-kiosk/kiosk.conf) and the development default in the source tree; if none
 * exists, the defaults. $KIOSK_CONFIG naming a missing file is an error. Keys and groups left
 * out of a file keep their defaults; unknown ones are an error.
 * A bad value fails with KIOSK_ERROR_CONFIG and a message naming file, [group] key and reason. */
KioskConfig *kiosk_config_load         (const char  *path,
                                        GError     **error);

/* Applies one "group.key=value" override (from a command-line flag) with the same checks;
 * relative paths are taken from the current directory. A refused override changes nothing.
 * offline-total-cap >= offline-tx-cap is checked on each call, so raise the total first. */
gboolean     kiosk_config_override     (KioskConfig *config,
                                        const char  *assignment,
                                        GError     **error);

/* The whole configuration as key-file text, as a person would write it. */
char        *kiosk_config_to_data      (const KioskConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskConfig, kiosk_config_free)

G_END_DECLS
