/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reads, checks and writes the kiosk's key-file configuration. One table describes every key, so
 * loading, command-line overrides, defaults and writing the file back cannot drift apart. */
#define G_LOG_DOMAIN "kiosk-core"

#include "config.h"

#include "kiosk-config.h"

#include <gio/gio.h>
#include <string.h>

#include "kiosk-error.h"
#include "kiosk-validate.h"

#define SYSTEM_CONFIG_PATH "/etc/muscat-kiosk/kiosk.conf"
#define SOURCE_CONFIG_PATH KIOSK_SOURCE_DIR "/assets/config/kiosk.conf"
#define OVERRIDE_SOURCE    "command line"

/* Long values are cut in messages so one bad line cannot flood a log or an attendant's screen. */
#define MAX_SHOWN_CHARS 80

typedef enum
{
  KEY_STRING,
  KEY_BOOLEAN,
  KEY_UINT,  /* a guint field */
  KEY_INT64, /* a gint64 field */
} KeyType;

/* Checks a string value and returns what to store (paths made absolute against base_dir), or
 * NULL with *problem set to a phrase that completes the sentence "\"value\" …". */
typedef char *(*KeyParseFunc) (const char  *value,
                               const char  *base_dir,
                               const char **problem);

typedef struct
{
  const char  *group;
  const char  *key;
  KeyType      type;
  KeyParseFunc parse;         /* KEY_STRING only */
  gint64       min;           /* KEY_UINT and KEY_INT64 */
  gint64       max;
  const char  *default_value; /* written as in a file, and parsed like one */
  gsize        offset;
  const char  *reason;        /* the allowed values: ends every error message about the key */
  const char  *help;          /* what the key means: the comment above it in to_data */
} KeySpec;

/* A parsed value on its way into the struct: strings own s, everything else lives in n. */
typedef struct
{
  char  *s;
  gint64 n;
} KeyValue;

static char *parse_kiosk_code    (const char *value, const char *base_dir, const char **problem);
static char *parse_path          (const char *value, const char *base_dir, const char **problem);
static char *parse_optional_path (const char *value, const char *base_dir, const char **problem);
static char *parse_language      (const char *value, const char *base_dir, const char **problem);
static char *parse_server_url    (const char *value, const char *base_dir, const char **problem);
static char *parse_pinned_key    (const char *value, const char *base_dir, const char **problem);
static char *parse_camera        (const char *value, const char *base_dir, const char **problem);
static char *parse_printer       (const char *value, const char *base_dir, const char **problem);
static char *parse_payment       (const char *value, const char *base_dir, const char **problem);
static char *parse_listen        (const char *value, const char *base_dir, const char **problem);
static char *parse_base_url      (const char *value, const char *base_dir, const char **problem);
static char *parse_speech_mode   (const char *value, const char *base_dir, const char **problem);

#define STRING_KEY(g, k, field, parser, def, why, what) \
  { g, k, KEY_STRING, parser, 0, 0, def, G_STRUCT_OFFSET (KioskConfig, field), why, what }
#define BOOLEAN_KEY(g, k, field, def, what) \
  { g, k, KEY_BOOLEAN, NULL, 0, 1, def, G_STRUCT_OFFSET (KioskConfig, field), "true or false", \
    what }
#define UINT_KEY(g, k, field, lo, hi, def, why, what) \
  { g, k, KEY_UINT, NULL, lo, hi, def, G_STRUCT_OFFSET (KioskConfig, field), why, what }
#define INT64_KEY(g, k, field, lo, hi, def, why, what) \
  { g, k, KEY_INT64, NULL, lo, hi, def, G_STRUCT_OFFSET (KioskConfig, field), why, what }

static const KeySpec key_specs[] = {
  STRING_KEY ("kiosk", "code", kiosk_code, parse_kiosk_code, "DEV01",
              "2–12 characters, A–Z and 0–9",
              "This kiosk's code: it starts every reference number the kiosk hands out."),
  STRING_KEY ("kiosk", "database", database, parse_path, "kiosk.db",
              "a file path; a relative one is taken from the directory of this file",
              "The SQLite database; photos are stored in the same directory."),
  STRING_KEY ("kiosk", "language", language, parse_language, "ar",
              "ar or en",
              "The language a visitor's session starts in."),
  BOOLEAN_KEY ("kiosk", "arabic-digits", arabic_digits, "true",
               "Show numbers in Arabic-Indic digits (٠١٢٣) while the screen is in Arabic."),
  UINT_KEY ("kiosk", "idle-timeout", idle_timeout, 20, 3600, "60",
            "20–3600 seconds",
            "Seconds without a touch before the kiosk asks whether the visitor is still there."),
  UINT_KEY ("kiosk", "idle-warning", idle_warning, 20, 120, "20",
            "20–120 seconds",
            "Seconds that question counts down before the session is cleared."),
  UINT_KEY ("kiosk", "personal-data-days", personal_data_days, 1, 3650, "30",
            "1–3650 days",
            "Days after the server acknowledged a record before its phone and civil numbers are "
            "erased here."),

  STRING_KEY ("sync", "server-url", server_url, parse_server_url, "http://127.0.0.1:8765",
              "https://…, or http:// only to 127.0.0.1, localhost or [::1]",
              "The municipality's sync server."),
  STRING_KEY ("sync", "token-file", token_file, parse_optional_path, "",
              "a file path, or empty for none",
              "File holding this kiosk's bearer token; keep it readable by the kiosk user only."),
  STRING_KEY ("sync", "ca-file", ca_file, parse_optional_path, "",
              "a file path, or empty for the system's certificate authorities",
              "Certificate authorities to trust for the sync server."),
  STRING_KEY ("sync", "pinned-key", pinned_key, parse_pinned_key, "",
              "empty, or sha256//<base64 of 32 bytes>, several separated by ;",
              "Public keys the sync server must present; list a backup pin too."),
  UINT_KEY ("sync", "interval", sync_interval, 10, 86400, "300",
            "10–86400 seconds",
            "Seconds between sync runs when the agent runs as a daemon."),
  UINT_KEY ("sync", "batch-max-records", batch_max_records, 1, 1000, "200",
            "1–1000 records",
            "Most records sent in one batch."),
  UINT_KEY ("sync", "batch-max-bytes", batch_max_bytes, 1024, 16777216, "1048576",
            "1024–16777216 bytes",
            "Largest batch body, in bytes, before compression."),
  STRING_KEY ("sync", "client-cert", client_cert, parse_optional_path, "",
              "a file path, or empty for none",
              "PEM client certificate this kiosk presents to the sync server, if it asks for one."),
  STRING_KEY ("sync", "client-key", client_key, parse_optional_path, "",
              "a file path, or empty when the key is in the client-cert file",
              "PEM private key of the client certificate; readable by the kiosk user only."),
  UINT_KEY ("sync", "connect-timeout", connect_timeout, 1, 300, "15",
            "1–300 seconds",
            "Seconds to wait for a connection to the sync server."),
  UINT_KEY ("sync", "stall-timeout", stall_timeout, 1, 600, "30",
            "1–600 seconds",
            "Seconds a transfer may make no progress before it is abandoned and retried."),
  UINT_KEY ("sync", "request-timeout", request_timeout, 1, 3600, "300",
            "1–3600 seconds",
            "Seconds one request may take in all, photo uploads included."),
  UINT_KEY ("sync", "retries", retries, 0, 20, "4",
            "0–20",
            "Times a failed request is tried again within one run before the run gives up."),
  UINT_KEY ("sync", "retry-max-delay", retry_max_delay, 1, 86400, "600",
            "1–86400 seconds",
            "Longest wait between retries; waits grow exponentially up to it, with jitter."),

  STRING_KEY ("devices", "camera", camera, parse_camera, "none",
              "a GStreamer source description such as v4l2src, or none",
              "Where camera frames come from, for site photos and QR codes."),
  STRING_KEY ("devices", "printer", printer, parse_printer, "none",
              "none, file:PATH, escpos-usb:DEVICE or escpos-tcp:HOST:PORT",
              "Where receipts go: an 80 mm thermal printer speaking ESC/POS on USB or the "
              "network, or a file that gets the bytes such a printer would."),
  STRING_KEY ("devices", "payment", payment, parse_payment, "simulated:approve",
              "simulated:approve, simulated:approve-offline, simulated:decline, "
              "simulated:timeout, simulated:cancel, opi:HOST:PORT or counter-only",
              "How visitors pay: a simulated card terminal, an OPI card terminal on the "
              "network, or only at the counter."),
  /* Like the camera, a GStreamer description that only GStreamer can judge (at start-up). */
  STRING_KEY ("devices", "speech", speech, parse_camera, "auto",
              "auto, none, or a GStreamer audio sink description such as alsasink",
              "Where spoken guidance is played: the system's audio output (auto), none, or "
              "a GStreamer audio sink."),

  STRING_KEY ("speech", "mode", speech_mode, parse_speech_mode, "button",
              "off, button or always",
              "Spoken guidance: off (no speak button), button (the speak button reads the "
              "screen and then every screen of the session), or always (every screen is read "
              "from the start of a session: a kiosk with a headset jack)."),

  INT64_KEY ("payments", "offline-tx-cap", offline_tx_cap, 0, 10000000, "50000",
             "0–10000000 baisa",
             "Largest card payment approved while the terminal is offline, in baisa."),
  INT64_KEY ("payments", "offline-total-cap", offline_total_cap, 0, 10000000, "500000",
             "0–10000000 baisa, and at least offline-tx-cap",
             "Most money held in offline card payments not yet forwarded, in baisa."),
  UINT_KEY ("payments", "offline-max-age-hours", offline_max_age_hours, 1, 720, "72",
            "1–720 hours",
            "Hours within which an offline payment must be forwarded."),

  STRING_KEY ("phone-upload", "listen", phone_upload_listen, parse_listen, "127.0.0.1:8790",
              "ADDRESS:PORT with an IP address ([…] for IPv6) and a port 0–65535",
              "Where the kiosk listens for photos sent from a visitor's phone. 127.0.0.1 keeps "
              "it on this machine; the kiosk's address on the hall's network opens it to phones "
              "there. Port 0 takes any free port (tests)."),
  STRING_KEY ("phone-upload", "base-url", phone_upload_base_url, parse_base_url, "",
              "empty, or http:// or https:// with a host and an optional port, nothing after",
              "The address a phone uses to reach the listen address, put in the QR code; empty "
              "for http://ADDRESS:PORT of listen."),
};

static const struct
{
  const char *group;
  const char *help;
} group_specs[] = {
  { "kiosk", "The kiosk itself and what a visitor sees." },
  { "sync", "The sync agent: where it sends what was done here, and how." },
  { "devices", "Camera, receipt printer and payment terminal." },
  { "speech", "Spoken guidance: when screens are read aloud ([devices] speech says where)." },
  { "payments", "Limits on card payments approved offline (store and forward). "
                "Money is in baisa: 1 OMR = 1000 baisa." },
  { "phone-upload", "The page a visitor's phone sends site photos to, through a QR code on "
                    "the report's photo step." },
};

static gboolean
group_is_known (const char *group)
{
  for (gsize i = 0; i < G_N_ELEMENTS (group_specs); i++)
    if (g_str_equal (group_specs[i].group, group))
      return TRUE;
  return FALSE;
}

static const KeySpec *
find_spec (const char *group,
           const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (key_specs); i++)
    if (g_str_equal (key_specs[i].group, group) && g_str_equal (key_specs[i].key, key))
      return &key_specs[i];
  return NULL;
}

static gboolean
spec_is (const KeySpec *spec,
         gsize          offset)
{
  return spec->offset == offset;
}

/* Text from a file or a flag, made safe to show: control characters and bytes that are not
 * UTF-8 escaped, and long text cut, so the message itself is always clean UTF-8. */
static char *
show_text (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;
  guint chars = 0;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (chars++ == MAX_SHOWN_CHARS)
        {
          g_string_append (out, "…");
          break;
        }

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }

      if (g_unichar_iscntrl (c))
        g_string_append_printf (out, "\\x%02x", c);
      else if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", (char) c);
      else
        g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }

  return g_string_free (out, FALSE);
}

static gboolean
has_control_characters (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
set_value_error (GError        **error,
                 const char     *source,
                 const KeySpec  *spec,
                 const char     *value,
                 const char     *problem)
{
  g_autofree char *shown = show_text (value);

  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG, "%s: [%s] %s: \"%s\" %s (%s)",
               source, spec->group, spec->key, shown, problem, spec->reason);
  return FALSE;
}

/* Small edit distance, so a typo in a key name can be answered with the key that was meant. */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = j;

  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0];

      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint best = MIN (row[j] + 1, row[j - 1] + 1);

          row[j] = MIN (best, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
          diagonal = above;
        }
    }

  return row[lb];
}

static gboolean
set_unknown_key_error (GError    **error,
                       const char *source,
                       const char *group,
                       const char *key)
{
  g_autofree char *shown_group = show_text (group);
  g_autofree char *shown_key = show_text (key);
  const char *closest = NULL;
  guint closest_distance = 3; /* further than two edits is not a typo */

  for (gsize i = 0; i < G_N_ELEMENTS (key_specs); i++)
    {
      guint d;

      if (!g_str_equal (key_specs[i].group, group))
        continue;
      d = edit_distance (key, key_specs[i].key);
      if (d < closest_distance)
        {
          closest = key_specs[i].key;
          closest_distance = d;
        }
    }

  if (closest != NULL)
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                 "%s: [%s] %s: unknown key (did you mean %s?)",
                 source, shown_group, shown_key, closest);
  else
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG, "%s: [%s] %s: unknown key",
                 source, shown_group, shown_key);
  return FALSE;
}

static gboolean
set_unknown_group_error (GError    **error,
                         const char *source,
                         const char *group)
{
  g_autofree char *shown = show_text (group);
  g_autoptr(GString) known = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (group_specs); i++)
    g_string_append_printf (known, "%s[%s]", i > 0 ? ", " : "", group_specs[i].group);

  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG, "%s: [%s]: unknown group (known: %s)",
               source, shown, known->str);
  return FALSE;
}

/* String parsers. */

static char *
parse_kiosk_code (const char  *value,
                  const char  *base_dir,
                  const char **problem)
{
  gsize len = strlen (value);

  if (len < 2 || len > 12)
    goto invalid;
  for (gsize i = 0; i < len; i++)
    if (!(g_ascii_isupper (value[i]) || g_ascii_isdigit (value[i])))
      goto invalid;
  return g_strdup (value);

invalid:
  *problem = "is not a valid kiosk code";
  return NULL;
}

/* Relative paths are taken from where they were written (the file's directory, or the current
 * directory for a flag), so the kiosk does not depend on the directory it happens to start in. */
static char *
parse_path (const char  *value,
            const char  *base_dir,
            const char **problem)
{
  if (*value == '\0')
    {
      *problem = "is empty";
      return NULL;
    }
  return g_canonicalize_filename (value, base_dir);
}

static char *
parse_optional_path (const char  *value,
                     const char  *base_dir,
                     const char **problem)
{
  if (*value == '\0')
    return g_strdup ("");
  return parse_path (value, base_dir, problem);
}

static char *
parse_language (const char  *value,
                const char  *base_dir,
                const char **problem)
{
  static const char *const languages[] = { "ar", "en", NULL };

  if (!g_strv_contains (languages, value))
    {
      *problem = "is not a language the kiosk speaks";
      return NULL;
    }
  return g_strdup (value);
}

static char *
parse_server_url (const char  *value,
                  const char  *base_dir,
                  const char **problem)
{
  static const char *const loopback_hosts[] = { "127.0.0.1", "localhost", "::1", NULL };
  g_autoptr(GUri) uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
  const char *scheme, *host;

  if (uri == NULL)
    {
      *problem = "is not a URL";
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      *problem = "is not an https:// URL";
      return NULL;
    }
  if (host == NULL || *host == '\0')
    {
      *problem = "has no host name";
      return NULL;
    }

  /* Plain HTTP would send the bearer token and citizens' data in the clear; it is only for a
   * server on this very machine (development and tests). */
  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      g_autofree char *lower_host = g_ascii_strdown (host, -1);

      if (!g_strv_contains (loopback_hosts, lower_host))
        {
          *problem = "uses plain http:// to a host other than this machine";
          return NULL;
        }
    }

  return g_strdup (value);
}

static gboolean
is_sha256_pin (const char *pin)
{
  const char *b64;
  gsize len;
  g_autofree guchar *raw = NULL;

  if (!g_str_has_prefix (pin, "sha256//"))
    return FALSE;

  /* 32 bytes are always 43 base64 characters and one '='; g_base64_decode skips characters
   * outside the alphabet instead of failing, so the alphabet is checked here. */
  b64 = pin + strlen ("sha256//");
  if (strlen (b64) != 44 || b64[43] != '=')
    return FALSE;
  for (gsize i = 0; i < 43; i++)
    if (!(g_ascii_isalnum (b64[i]) || b64[i] == '+' || b64[i] == '/'))
      return FALSE;

  raw = g_base64_decode (b64, &len);
  return len == 32;
}

static char *
parse_pinned_key (const char  *value,
                  const char  *base_dir,
                  const char **problem)
{
  g_auto(GStrv) pins = NULL;

  if (*value == '\0')
    return g_strdup ("");

  pins = g_strsplit (value, ";", -1);
  for (gsize i = 0; pins[i] != NULL; i++)
    if (!is_sha256_pin (pins[i]))
      {
        *problem = "is not a list of public-key pins";
        return NULL;
      }
  return g_strdup (value);
}

static char *
parse_camera (const char  *value,
              const char  *base_dir,
              const char **problem)
{
  /* Control characters are already refused for every string; what is left is up to GStreamer,
   * which reports a bad description when the camera starts. */
  if (*value == '\0')
    {
      *problem = "is empty";
      return NULL;
    }
  return g_strdup (value);
}

/* When screens are read aloud (kiosk-speech.h in the app). */
static char *
parse_speech_mode (const char  *value,
                   const char  *base_dir,
                   const char **problem)
{
  static const char *const modes[] = { "off", "button", "always", NULL };

  if (!g_strv_contains (modes, value))
    {
      *problem = "is not a speech mode";
      return NULL;
    }
  return g_strdup (value);
}

/* The printer specs of kiosk-printer.h: none, file:PATH (the ESC/POS bytes into a file, for
 * demos and tests), escpos-usb:DEVICE (a USB printer's character device, e.g. /dev/usb/lp0)
 * or escpos-tcp:HOST:PORT (a network printer's raw port, usually 9100). */
static char *
parse_printer (const char  *value,
               const char  *base_dir,
               const char **problem)
{
  if (g_str_equal (value, "none"))
    return g_strdup (value);
  if (g_str_has_prefix (value, "file:"))
    {
      g_autofree char *resolved = NULL;

      if (value[strlen ("file:")] == '\0')
        {
          *problem = "names no file (file:PATH)";
          return NULL;
        }
      resolved = parse_path (value + strlen ("file:"), base_dir, problem);
      return resolved ? g_strconcat ("file:", resolved, NULL) : NULL;
    }
  if (g_str_has_prefix (value, "escpos-usb:"))
    {
      const char *device = value + strlen ("escpos-usb:");

      /* A device node is never relative to the configuration file. */
      if (!g_path_is_absolute (device) || g_str_has_suffix (device, "/"))
        {
          *problem = "is not escpos-usb:DEVICE with an absolute device path (/dev/usb/lp0)";
          return NULL;
        }
      return g_strdup (value);
    }
  if (g_str_has_prefix (value, "escpos-tcp:"))
    {
      if (!kiosk_parse_host_port (value + strlen ("escpos-tcp:"), NULL, NULL))
        {
          *problem = "is not escpos-tcp:HOST:PORT (a host name or address, a port 1-65535)";
          return NULL;
        }
      return g_strdup (value);
    }
  *problem = "is not a printer the kiosk can drive (none, file:PATH, escpos-usb:DEVICE or "
             "escpos-tcp:HOST:PORT)";
  return NULL;
}

static char *
parse_payment (const char  *value,
               const char  *base_dir,
               const char **problem)
{
  static const char *const payments[] = {
    "simulated:approve",
    "simulated:approve-offline",
    "simulated:decline",
    "simulated:timeout",
    "simulated:cancel",
    "counter-only",
    NULL
  };

  /* A card terminal on the network speaking OPI: opi:HOST:PORT. */
  if (g_str_has_prefix (value, "opi:"))
    {
      if (!kiosk_parse_host_port (value + strlen ("opi:"), NULL, NULL))
        {
          *problem = "is not opi:HOST:PORT (a host name or address, a port 1-65535)";
          return NULL;
        }
      return g_strdup (value);
    }
  if (!g_strv_contains (payments, value))
    {
      *problem = "is not a payment method the kiosk knows";
      return NULL;
    }
  return g_strdup (value);
}

/* The upload server binds exactly this address: an IP literal, never a name to look up. */
static char *
parse_listen (const char  *value,
              const char  *base_dir,
              const char **problem)
{
  const char *colon = strrchr (value, ':');
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;
  guint64 port;

  if (colon == NULL || colon == value ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      *problem = "is not ADDRESS:PORT";
      return NULL;
    }
  host = g_strndup (value, colon - value);
  if (host[0] == '[')
    {
      gsize len = strlen (host);

      if (len < 3 || host[len - 1] != ']')
        {
          *problem = "is not ADDRESS:PORT";
          return NULL;
        }
      host[len - 1] = '\0';
      address = g_inet_address_new_from_string (host + 1);
      if (address != NULL && g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6)
        g_clear_object (&address);
    }
  else
    {
      address = g_inet_address_new_from_string (host);
      if (address != NULL && g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV4)
        g_clear_object (&address);
    }
  if (address == NULL)
    {
      *problem = "does not start with an IP address";
      return NULL;
    }
  return g_strdup (value);
}

/* What goes into the QR code before "/u/TOKEN": a bare origin, so a typo cannot smuggle a
 * path, a query or credentials into the link a visitor opens. */
static char *
parse_base_url (const char  *value,
                const char  *base_dir,
                const char **problem)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme, *path;

  if (*value == '\0')
    return g_strdup ("");
  uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      *problem = "is not a URL";
      return NULL;
    }
  scheme = g_uri_get_scheme (uri);
  path = g_uri_get_path (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      *problem = "is not an http:// or https:// URL";
      return NULL;
    }
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      *problem = "has no host name";
      return NULL;
    }
  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL || !(*path == '\0' || g_str_equal (path, "/")))
    {
      *problem = "has more than a scheme, a host and a port";
      return NULL;
    }
  /* Without the trailing slash, so the server appends its own paths. */
  if (g_str_has_suffix (value, "/"))
    return g_strndup (value, strlen (value) - 1);
  return g_strdup (value);
}

/* Only optional ASCII digits with a minus: strtoll alone would take "0x10", "+5" and " 5". */
static gboolean
is_decimal (const char *text)
{
  const char *p = text;

  if (*p == '-')
    p++;
  if (*p == '\0')
    return FALSE;
  for (; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
parse_value (const KeySpec *spec,
             const char    *text,
             const char    *base_dir,
             KeyValue      *out,
             const char   **problem)
{
  g_autofree char *stripped = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    {
      *problem = "is not valid UTF-8 text";
      return FALSE;
    }
  if (has_control_characters (text))
    {
      *problem = "contains control characters";
      return FALSE;
    }

  if (spec->type == KEY_STRING)
    {
      out->s = spec->parse (text, base_dir, problem);
      return out->s != NULL;
    }

  /* Editors leave spaces after numbers and words; unlike in a path they can never be meant. */
  stripped = g_strstrip (g_strdup (text));

  if (spec->type == KEY_BOOLEAN)
    {
      if (g_str_equal (stripped, "true"))
        out->n = TRUE;
      else if (g_str_equal (stripped, "false"))
        out->n = FALSE;
      else
        {
          *problem = "is not a yes-or-no value";
          return FALSE;
        }
      return TRUE;
    }

  if (!is_decimal (stripped))
    {
      *problem = "is not a whole number";
      return FALSE;
    }
  if (!g_ascii_string_to_signed (stripped, 10, spec->min, spec->max, &out->n, NULL))
    {
      *problem = "is out of range";
      return FALSE;
    }
  return TRUE;
}

static void
store_value (const KeySpec *spec,
             KioskConfig   *config,
             KeyValue      *value)
{
  gpointer field = G_STRUCT_MEMBER_P (config, spec->offset);

  switch (spec->type)
    {
    case KEY_STRING:
      g_free (*(char **) field);
      *(char **) field = g_steal_pointer (&value->s);
      break;
    case KEY_BOOLEAN:
      *(gboolean *) field = value->n != 0;
      break;
    case KEY_UINT:
      *(guint *) field = (guint) value->n;
      break;
    case KEY_INT64:
      *(gint64 *) field = value->n;
      break;
    default:
      g_assert_not_reached ();
    }
}

static char *
format_value (const KeySpec     *spec,
              const KioskConfig *config)
{
  gconstpointer field = G_STRUCT_MEMBER_P (config, spec->offset);

  switch (spec->type)
    {
    case KEY_STRING:
      return g_strdup (*(char *const *) field != NULL ? *(char *const *) field : "");
    case KEY_BOOLEAN:
      return g_strdup (*(const gboolean *) field ? "true" : "false");
    case KEY_UINT:
      return g_strdup_printf ("%u", *(const guint *) field);
    case KEY_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, *(const gint64 *) field);
    default:
      g_assert_not_reached ();
    }

  return NULL;
}

/* A store-and-forward total smaller than one payment would refuse every offline payment while
 * looking configured; the caps are only meaningful together. */
static gboolean
check_caps (gint64       tx_cap,
            gint64       total_cap,
            const char  *source,
            gboolean     blame_tx_cap,
            GError     **error)
{
  g_autofree char *tx_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *problem = NULL;

  if (total_cap >= tx_cap)
    return TRUE;

  tx_text = g_strdup_printf ("%" G_GINT64_FORMAT, tx_cap);
  total_text = g_strdup_printf ("%" G_GINT64_FORMAT, total_cap);
  if (blame_tx_cap)
    {
      problem = g_strdup_printf ("is more than offline-total-cap %s", total_text);
      return set_value_error (error, source,
                              find_spec ("payments", "offline-tx-cap"), tx_text, problem);
    }

  problem = g_strdup_printf ("is less than offline-tx-cap %s", tx_text);
  return set_value_error (error, source,
                          find_spec ("payments", "offline-total-cap"), total_text, problem);
}

static gboolean
apply_value (KioskConfig    *config,
             const KeySpec  *spec,
             const char     *text,
             const char     *base_dir,
             const char     *source,
             GError        **error)
{
  KeyValue value = { NULL, 0 };
  const char *problem = NULL;

  if (!parse_value (spec, text, base_dir, &value, &problem))
    return set_value_error (error, source, spec, text, problem);
  store_value (spec, config, &value);
  return TRUE;
}

KioskConfig *
kiosk_config_new_defaults (void)
{
  g_autofree char *cwd = g_get_current_dir ();
  KioskConfig *config = g_new0 (KioskConfig, 1);

  for (gsize i = 0; i < G_N_ELEMENTS (key_specs); i++)
    {
      g_autoptr(GError) error = NULL;

      /* The defaults go through the same checks as a file, so the table cannot hold a default
       * that a file could not. */
      if (!apply_value (config, &key_specs[i], key_specs[i].default_value, cwd, "defaults",
                        &error))
        g_error ("%s", error->message);
    }

  return config;
}

void
kiosk_config_free (KioskConfig *config)
{
  if (config == NULL)
    return;

  for (gsize i = 0; i < G_N_ELEMENTS (key_specs); i++)
    if (key_specs[i].type == KEY_STRING)
      g_free (G_STRUCT_MEMBER (char *, config, key_specs[i].offset));
  g_free (config->source_path);
  g_free (config);
}

/* Returns TRUE with *found NULL when no file exists anywhere: pure defaults. */
static gboolean
find_config_path (char   **found,
                  GError **error)
{
  const char *env = g_getenv ("KIOSK_CONFIG");

  *found = NULL;

  /* An explicitly named file that is missing is a mistake to report, not a reason to quietly
   * run with some other configuration. */
  if (env != NULL && *env != '\0')
    {
      if (!g_file_test (env, G_FILE_TEST_EXISTS))
        {
          g_autofree char *shown = g_filename_display_name (env);

          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                       "%s: no such file (named by $KIOSK_CONFIG)", shown);
          return FALSE;
        }
      *found = g_strdup (env);
      return TRUE;
    }

  if (g_file_test (SYSTEM_CONFIG_PATH, G_FILE_TEST_EXISTS))
    *found = g_strdup (SYSTEM_CONFIG_PATH);
  else if (g_file_test (SOURCE_CONFIG_PATH, G_FILE_TEST_EXISTS))
    *found = g_strdup (SOURCE_CONFIG_PATH);

  return TRUE;
}

static KioskConfig *
load_file (const char  *path,
           GError     **error)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *absolute = g_canonicalize_filename (path, cwd);
  g_autofree char *source = g_filename_display_name (absolute);
  g_autofree char *base_dir = g_path_get_dirname (absolute);
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(KioskConfig) config = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;

  /* Without KEEP_TRANSLATIONS GKeyFile silently drops "key[xx]=" lines for other locales;
   * the kiosk has no localized keys, so such a line must be seen and refused. */
  if (!g_key_file_load_from_file (key_file, absolute, G_KEY_FILE_KEEP_TRANSLATIONS,
                                  &local_error))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG, "%s: %s", source, local_error->message);
      return NULL;
    }

  config = kiosk_config_new_defaults ();

  /* In the file's order, so the first complaint is about the first bad line. */
  groups = g_key_file_get_groups (key_file, NULL);
  for (gsize i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = NULL;

      if (!group_is_known (groups[i]))
        {
          set_unknown_group_error (error, source, groups[i]);
          return NULL;
        }

      keys = g_key_file_get_keys (key_file, groups[i], NULL, NULL);
      for (gsize j = 0; keys != NULL && keys[j] != NULL; j++)
        {
          const KeySpec *spec = find_spec (groups[i], keys[j]);
          g_autofree char *value = NULL;

          if (spec == NULL)
            {
              set_unknown_key_error (error, source, groups[i], keys[j]);
              return NULL;
            }

          value = g_key_file_get_string (key_file, groups[i], keys[j], &local_error);
          if (value == NULL)
            {
              g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG, "%s: [%s] %s: %s (%s)",
                           source, spec->group, spec->key, local_error->message, spec->reason);
              return NULL;
            }

          if (!apply_value (config, spec, value, base_dir, source, error))
            return NULL;
        }
    }

  if (!check_caps (config->offline_tx_cap, config->offline_total_cap, source, FALSE, error))
    return NULL;

  config->source_path = g_steal_pointer (&absolute);
  return g_steal_pointer (&config);
}

KioskConfig *
kiosk_config_load (const char  *path,
                   GError     **error)
{
  g_autofree char *found = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (path == NULL)
    {
      if (!find_config_path (&found, error))
        return NULL;
      if (found == NULL)
        return kiosk_config_new_defaults ();
      path = found;
    }

  return load_file (path, error);
}

gboolean
kiosk_config_override (KioskConfig  *config,
                       const char   *assignment,
                       GError      **error)
{
  const char *equals, *dot, *text;
  g_autofree char *group = NULL;
  g_autofree char *key = NULL;
  g_autofree char *cwd = NULL;
  const KeySpec *spec;
  KeyValue value = { NULL, 0 };
  const char *problem = NULL;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (assignment != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  equals = strchr (assignment, '=');
  dot = strchr (assignment, '.');
  if (equals == NULL || dot == NULL || dot > equals || dot == assignment || dot + 1 == equals)
    {
      g_autofree char *shown = show_text (assignment);

      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                   "%s: \"%s\" is not of the form group.key=value (e.g. sync.interval=60)",
                   OVERRIDE_SOURCE, shown);
      return FALSE;
    }

  group = g_strndup (assignment, dot - assignment);
  key = g_strndup (dot + 1, equals - dot - 1);
  text = equals + 1;

  if (!group_is_known (group))
    return set_unknown_group_error (error, OVERRIDE_SOURCE, group);
  spec = find_spec (group, key);
  if (spec == NULL)
    return set_unknown_key_error (error, OVERRIDE_SOURCE, group, key);

  cwd = g_get_current_dir ();
  if (!parse_value (spec, text, cwd, &value, &problem))
    return set_value_error (error, OVERRIDE_SOURCE, spec, text, problem);

  /* Checked before storing, so a refused override leaves the configuration as it was. */
  if (spec_is (spec, G_STRUCT_OFFSET (KioskConfig, offline_tx_cap))
      && !check_caps (value.n, config->offline_total_cap, OVERRIDE_SOURCE, TRUE, error))
    return FALSE;
  if (spec_is (spec, G_STRUCT_OFFSET (KioskConfig, offline_total_cap))
      && !check_caps (config->offline_tx_cap, value.n, OVERRIDE_SOURCE, FALSE, error))
    return FALSE;

  store_value (spec, config, &value);
  return TRUE;
}

char *
kiosk_config_to_data (const KioskConfig *config)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();

  g_return_val_if_fail (config != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (key_specs); i++)
    {
      const KeySpec *spec = &key_specs[i];
      g_autofree char *value = format_value (spec, config);
      g_autofree char *comment = g_strdup_printf (" %s\n Allowed: %s.", spec->help, spec->reason);

      /* set_string escapes what a file cannot hold literally (a leading space, a backslash),
       * so what is written reads back the same. */
      g_key_file_set_string (key_file, spec->group, spec->key, value);
      g_key_file_set_comment (key_file, spec->group, spec->key, comment, NULL);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (group_specs); i++)
    {
      g_autofree char *comment = g_strconcat (" ", group_specs[i].help, NULL);

      g_key_file_set_comment (key_file, group_specs[i].group, NULL, comment, NULL);
    }

  g_key_file_set_comment (key_file, NULL, NULL,
                          " Muscat Municipality self-service kiosk configuration.", NULL);

  return g_key_file_to_data (key_file, NULL, NULL);
}
