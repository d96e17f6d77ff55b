/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The phone upload server. microhttpd runs its own threads; everything they share with the
 * owner's main context (the session, the page's sentences, the rate limit) is behind one
 * lock, and photos reach the owner through its main context. What a request may do is
 * decided from its headers, on microhttpd's first call: a refused upload's body is read and
 * thrown away (so the phone sees the answer, not a reset connection), never kept. */
#define G_LOG_DOMAIN "kiosk-phone-upload"

#include "config.h"

#include "kiosk-phone-upload.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <microhttpd.h>
#include <sodium.h>
#include <string.h>

#include "kiosk-devices-resources.h"
#include "kiosk-error.h"
#include "kiosk-keys-private.h"
#include "kiosk-photos.h"
#include "kiosk-places.h"
#include "kiosk-upload-image.h"

#define TOKEN_BYTES 16
#define TOKEN_CHARS 22                   /* unpadded base64url of 16 bytes */
#define PAGE_PREFIX "/u/"
#define SCRIPT_PATH "/phone-upload.js"
#define RESOURCE_PATH "/om/gov/muscat/kiosk/devices/phone-upload/"
/* A multipart body is the photo plus a few hundred bytes of framing. */
#define MAX_BODY (KIOSK_UPLOAD_IMAGE_MAX_BYTES + 64 * 1024)
/* A refused body is read and dropped up to this much, then the connection is closed. */
#define DISCARD_LIMIT (32 * 1024 * 1024)
/* Requests of all clients together: a burst of RATE_BURST, then one every RATE_PERIOD_USEC.
 * A phone needs about six (page, script, three photos, an icon); guessing links gets
 * nowhere at this pace even without the 128 bits. */
#define RATE_BURST 30
#define RATE_PERIOD_USEC (G_USEC_PER_SEC / 2)
#define CONNECTION_LIMIT 16
#define PER_IP_CONNECTION_LIMIT 4
#define CONNECTION_TIMEOUT_SECONDS 60
#define CONNECTION_MEMORY_LIMIT (64 * 1024)

/* Photos ---------------------------------------------------------------------------------- */

KioskPhonePhoto *
kiosk_phone_photo_copy (const KioskPhonePhoto *photo)
{
  KioskPhonePhoto *copy = g_new0 (KioskPhonePhoto, 1);

  *copy = *photo;
  copy->sha256 = g_strdup (photo->sha256);
  copy->wilayat_code = g_strdup (photo->wilayat_code);
  copy->area_code = g_strdup (photo->area_code);
  return copy;
}

void
kiosk_phone_photo_free (KioskPhonePhoto *photo)
{
  if (photo == NULL)
    return;
  g_free (photo->sha256);
  g_free (photo->wilayat_code);
  g_free (photo->area_code);
  g_free (photo);
}

G_DEFINE_BOXED_TYPE (KioskPhonePhoto, kiosk_phone_photo, kiosk_phone_photo_copy,
                     kiosk_phone_photo_free)

/* The page's sentences ---------------------------------------------------------------------- */

typedef enum
{
  TEXT_TITLE,
  TEXT_INTRO,
  TEXT_CHOOSE,
  TEXT_SEND,
  TEXT_SENDING,
  TEXT_FAILED,
  TEXT_RECEIVED,
  TEXT_ALL_RECEIVED,
  TEXT_NO_FILE,
  TEXT_TOO_LARGE,
  TEXT_NOT_IMAGE,
  TEXT_HEIC,
  TEXT_UNREADABLE,
  TEXT_BUSY,
  TEXT_LINK_TITLE,
  TEXT_LINK_INVALID,
  TEXT_LINK_EXPIRED,
  TEXT_LINK_USED_UP,
  TEXT_NOT_FOUND,
  N_TEXTS
} TextId;

/* Taken on the owner's thread while the kiosk speaks the page's language (gettext follows
 * the process's language, which only the main thread changes), then read by the server's
 * threads under the lock. */
typedef struct
{
  char *language;
  char *text[N_TEXTS];
} Texts;

static void
texts_free (Texts *texts)
{
  if (texts == NULL)
    return;
  g_free (texts->language);
  for (guint i = 0; i < N_TEXTS; i++)
    g_free (texts->text[i]);
  g_free (texts);
}

static Texts *
texts_new (const char *language)
{
  Texts *t = g_new0 (Texts, 1);

  t->language = g_strdup (g_strcmp0 (language, "en") == 0 ? "en" : "ar");
  /* Translators: phone upload page (shown on the visitor's own phone), its title. */
  t->text[TEXT_TITLE] = g_strdup (_("Send photos to the kiosk"));
  /* Translators: phone upload page, the sentence under the title. */
  t->text[TEXT_INTRO] = g_strdup (_("Take a photo of the place, or choose one from your "
                                    "phone. The kiosk takes up to three photos."));
  /* Translators: phone upload page, label of the file field (opens camera or gallery). */
  t->text[TEXT_CHOOSE] = g_strdup (_("Take or choose a photo"));
  /* Translators: phone upload page, button that sends the chosen photo. */
  t->text[TEXT_SEND] = g_strdup (_("Send"));
  /* Translators: phone upload page, while the photo is being sent. */
  t->text[TEXT_SENDING] = g_strdup (_("Sending the photo…"));
  /* Translators: phone upload page, the photo did not reach the kiosk (network). */
  t->text[TEXT_FAILED] = g_strdup (_("The photo did not arrive. Check that your phone is on "
                                     "the hall's Wi-Fi and try again."));
  /* Translators: phone upload page, a photo arrived and more may follow. */
  t->text[TEXT_RECEIVED] = g_strdup (_("Photo received: it is on the kiosk screen now. You "
                                       "can send another one."));
  /* Translators: phone upload page, the kiosk has the most photos it takes. */
  t->text[TEXT_ALL_RECEIVED] = g_strdup (_("The kiosk has all the photos it can take. Go back "
                                           "to the kiosk to finish your report."));
  /* Translators: phone upload page, Send was pressed without a photo. */
  t->text[TEXT_NO_FILE] = g_strdup (_("Choose a photo first."));
  /* Translators: phone upload page, refused: the file is too big. */
  t->text[TEXT_TOO_LARGE] = g_strdup (_("This photo is too large. Choose a smaller one."));
  /* Translators: phone upload page, refused: the file is not a picture. */
  t->text[TEXT_NOT_IMAGE] = g_strdup (_("This file is not a photo. Send a JPEG or PNG "
                                        "picture."));
  /* Translators: phone upload page, refused: an iPhone HEIC photo the kiosk cannot read. */
  t->text[TEXT_HEIC] = g_strdup (_("The kiosk cannot read HEIC photos. On an iPhone choose "
                                   "Settings, Camera, Formats, Most Compatible, then take the "
                                   "photo again."));
  /* Translators: phone upload page, refused: the picture is damaged. */
  t->text[TEXT_UNREADABLE] = g_strdup (_("This photo cannot be read. Try another one."));
  /* Translators: phone upload page, too many requests in a short time. */
  t->text[TEXT_BUSY] = g_strdup (_("Too many attempts. Wait a minute and try again."));
  /* Translators: phone upload page, title of the page for a link that does not work. */
  t->text[TEXT_LINK_TITLE] = g_strdup (_("This link does not work"));
  /* Translators: phone upload page, a link that was never valid. */
  t->text[TEXT_LINK_INVALID] = g_strdup (_("This link is not valid. Scan the code on the "
                                           "kiosk screen again."));
  /* Translators: phone upload page, the link's time ran out or the visitor left the step. */
  t->text[TEXT_LINK_EXPIRED] = g_strdup (_("This link has expired. To send photos, open the "
                                           "photo step on the kiosk again and scan the new "
                                           "code."));
  /* Translators: phone upload page, the link was used for as many uploads as it allows. */
  t->text[TEXT_LINK_USED_UP] = g_strdup (_("This link has been used up. To send more photos, "
                                           "open the photo step on the kiosk again."));
  /* Translators: phone upload page, any other address on the kiosk. */
  t->text[TEXT_NOT_FOUND] = g_strdup (_("There is nothing here."));
  return t;
}

/* The object ------------------------------------------------------------------------------ */

typedef struct
{
  guint64    id;
  guint8     token[TOKEN_BYTES];
  char      *url;
  gint64     expires_at;   /* store clock, Unix seconds */
  guint      reserved;     /* uploads being checked now: they hold a place */
  guint      attempts;
  guint      capacity;     /* photos it may hold at a time (kiosk_phone_upload_set_capacity) */
  GPtrArray *hashes;       /* stored and not removed */
} Session;

static void
session_free (Session *session)
{
  if (session == NULL)
    return;
  sodium_memzero (session->token, sizeof session->token);
  g_free (session->url);
  g_ptr_array_unref (session->hashes);
  g_free (session);
}

struct _KioskPhoneUpload
{
  GObject            parent_instance;

  KioskStore        *store;
  GMainContext      *context;
  char              *listen;
  char              *base_url;
  struct MHD_Daemon *daemon;
  guint              port;
  GSource           *expiry;
  char              *style_hash;   /* CSP source of the page's one <style> */

  GMutex             lock;         /* guards what follows, shared with the server's threads */
  Session           *session;
  guint64            last_id;
  guint8             ended_token[TOKEN_BYTES];  /* the last session's, to say "expired" */
  gboolean           has_ended_token;
  Texts             *texts;
  gint64             rate_tokens_at;            /* monotonic time the bucket was full */
};

G_DEFINE_FINAL_TYPE (KioskPhoneUpload, kiosk_phone_upload, G_TYPE_OBJECT)

enum
{
  SIGNAL_PHOTO_RECEIVED,
  SIGNAL_EXPIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void stop_daemon (KioskPhoneUpload *self);

/* Ends the session with the lock held; the daemon is stopped after, without it. */
static void
end_session_locked (KioskPhoneUpload *self)
{
  if (self->session == NULL)
    return;
  memcpy (self->ended_token, self->session->token, TOKEN_BYTES);
  self->has_ended_token = TRUE;
  g_clear_pointer (&self->session, session_free);
}

void
kiosk_phone_upload_end (KioskPhoneUpload *self)
{
  g_return_if_fail (KIOSK_IS_PHONE_UPLOAD (self));

  g_mutex_lock (&self->lock);
  end_session_locked (self);
  g_mutex_unlock (&self->lock);
  if (self->expiry != NULL)
    {
      g_source_destroy (self->expiry);
      g_clear_pointer (&self->expiry, g_source_unref);
    }
  stop_daemon (self);
}

static void
kiosk_phone_upload_dispose (GObject *object)
{
  KioskPhoneUpload *self = KIOSK_PHONE_UPLOAD (object);

  kiosk_phone_upload_end (self);
  G_OBJECT_CLASS (kiosk_phone_upload_parent_class)->dispose (object);
}

static void
kiosk_phone_upload_finalize (GObject *object)
{
  KioskPhoneUpload *self = KIOSK_PHONE_UPLOAD (object);

  g_main_context_unref (self->context);
  g_free (self->listen);
  g_free (self->base_url);
  g_free (self->style_hash);
  texts_free (self->texts);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (kiosk_phone_upload_parent_class)->finalize (object);
}

static void
kiosk_phone_upload_class_init (KioskPhoneUploadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  /* The page's files register themselves from a constructor; naming the getter makes sure a
   * static link keeps that object file. */
  (void) kiosk_devices_get_resource ();

  object_class->dispose = kiosk_phone_upload_dispose;
  object_class->finalize = kiosk_phone_upload_finalize;

  signals[SIGNAL_PHOTO_RECEIVED] =
    g_signal_new ("photo-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1,
                  KIOSK_TYPE_PHONE_PHOTO | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_EXPIRED] =
    g_signal_new ("expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
kiosk_phone_upload_init (KioskPhoneUpload *self)
{
  g_mutex_init (&self->lock);
}

static GBytes *
resource (const char *name)
{
  g_autofree char *path = g_strconcat (RESOURCE_PATH, name, NULL);
  GBytes *bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  /* Compiled into the program: missing is a packaging bug. */
  g_assert (bytes != NULL);
  return bytes;
}

KioskPhoneUpload *
kiosk_phone_upload_new (KioskStore        *store,
                        const KioskConfig *config)
{
  KioskPhoneUpload *self = g_object_new (KIOSK_TYPE_PHONE_UPLOAD, NULL);
  g_autoptr(GBytes) css = resource ("page.css");
  guint8 digest[crypto_hash_sha256_BYTES];
  g_autofree char *digest64 = NULL;

  self->store = store;
  self->context = g_main_context_ref_thread_default ();
  self->listen = g_strdup (config->phone_upload_listen);
  self->base_url = g_strdup (config->phone_upload_base_url);
  self->texts = texts_new (config->language);

  /* The page's style is inline and allowed by its hash: no inline script is ever allowed. */
  kiosk_crypto_init ();
  crypto_hash_sha256 (digest, g_bytes_get_data (css, NULL), g_bytes_get_size (css));
  digest64 = g_base64_encode (digest, sizeof digest);
  self->style_hash = g_strdup_printf ("'sha256-%s'", digest64);
  return self;
}

/* Replies ---------------------------------------------------------------------------------- */

typedef struct
{
  unsigned int status;
  char        *body;
  const char  *type;
  guint        remaining;     /* places left for photos, for the script */
} Reply;

static void
reply_free (Reply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->body);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (out, escaped);
}

/* The page: the form (when `form_action` is set) or only a message. Plain HTML that works
 * without the script; the script (same origin) only adds progress. */
static char *
render_page (KioskPhoneUpload *self,
             const Texts      *t,
             TextId            title,
             const char       *message,
             gboolean          refused,
             const char       *form_action)
{
  g_autoptr(GBytes) css = resource ("page.css");
  GString *out = g_string_new ("<!DOCTYPE html>\n");
  gboolean arabic = g_str_equal (t->language, "ar");

  g_string_append_printf (out, "<html lang=\"%s\" dir=\"%s\">\n<head>\n", t->language,
                          arabic ? "rtl" : "ltr");
  g_string_append (out, "<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, "
                        "initial-scale=1\">\n"
                        "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
  append_escaped (out, t->text[title]);
  g_string_append (out, "</title>\n<style>");
  g_string_append_len (out, g_bytes_get_data (css, NULL), g_bytes_get_size (css));
  g_string_append (out, "</style>\n</head>\n<body>\n<main>\n<h1>");
  append_escaped (out, t->text[title]);
  g_string_append (out, "</h1>\n");
  if (form_action != NULL)
    {
      g_string_append (out, "<p>");
      append_escaped (out, t->text[TEXT_INTRO]);
      g_string_append (out, "</p>\n");
    }
  g_string_append_printf (out, "<p id=\"status\" role=\"status\" class=\"%s\">",
                          message == NULL ? "hidden" : refused ? "status refused" : "status");
  if (message != NULL)
    append_escaped (out, message);
  g_string_append (out, "</p>\n");
  if (form_action != NULL)
    {
      g_string_append (out, "<form id=\"upload\" method=\"post\" enctype=\"multipart/form-data\""
                            " action=\"");
      append_escaped (out, form_action);
      g_string_append (out, "\" data-sending=\"");
      append_escaped (out, t->text[TEXT_SENDING]);
      g_string_append (out, "\" data-failed=\"");
      append_escaped (out, t->text[TEXT_FAILED]);
      g_string_append (out, "\">\n<label for=\"photo\">");
      append_escaped (out, t->text[TEXT_CHOOSE]);
      g_string_append (out, "</label>\n<input type=\"file\" id=\"photo\" name=\"photo\""
                            " accept=\"image/*\">\n"
                            "<progress id=\"progress\" class=\"hidden\" max=\"100\" value=\"0\">"
                            "</progress>\n<button type=\"submit\" id=\"send\">");
      append_escaped (out, t->text[TEXT_SEND]);
      g_string_append (out, "</button>\n</form>\n<script src=\"" SCRIPT_PATH "\"></script>\n");
    }
  g_string_append (out, "</main>\n</body>\n</html>\n");
  return g_string_free (out, FALSE);
}

static Reply *
reply_new (unsigned int  status,
           char         *body,
           const char   *type)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->status = status;
  reply->body = body;
  reply->type = type;
  return reply;
}

/* A page with only a message, in the language of the current (or last) session. */
static Reply *
reply_message_locked (KioskPhoneUpload *self,
                      unsigned int      status,
                      TextId            title,
                      TextId            message,
                      gboolean          script)
{
  const Texts *t = self->texts;

  /* The script shows the sentence itself: it gets it alone. */
  if (script)
    return reply_new (status, g_strdup (t->text[message]), "text/plain; charset=utf-8");
  return reply_new (status, render_page (self, t, title, t->text[message], status != 200, NULL),
                    "text/html; charset=utf-8");
}

static enum MHD_Result
queue_reply (KioskPhoneUpload      *self,
             struct MHD_Connection *connection,
             Reply                 *reply)
{
  g_autoptr(Reply) owned = reply;
  g_autofree char *csp = NULL;
  g_autofree char *remaining = g_strdup_printf ("%u", owned->remaining);
  struct MHD_Response *response;
  enum MHD_Result result;
  gsize length = strlen (owned->body);

  response = MHD_create_response_from_buffer_with_free_callback (length, owned->body, g_free);
  if (response == NULL)
    return MHD_NO;
  owned->body = NULL;

  /* Nothing from elsewhere, no inline script, no framing; the link (with its token) is
   * neither cached nor sent on as a referrer. */
  csp = g_strdup_printf ("default-src 'none'; script-src 'self'; style-src %s; "
                         "connect-src 'self'; form-action 'self'; base-uri 'none'; "
                         "frame-ancestors 'none'", self->style_hash);
  MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_TYPE, owned->type);
  MHD_add_response_header (response, "Content-Security-Policy", csp);
  MHD_add_response_header (response, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header (response, "X-Frame-Options", "DENY");
  MHD_add_response_header (response, "Referrer-Policy", "no-referrer");
  MHD_add_response_header (response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  MHD_add_response_header (response, "X-Upload-Remaining", remaining);
  if (owned->status == MHD_HTTP_TOO_MANY_REQUESTS)
    MHD_add_response_header (response, MHD_HTTP_HEADER_RETRY_AFTER, "60");
  result = MHD_queue_response (connection, owned->status, response);
  MHD_destroy_response (response);
  return result;
}

/* Always through an idle source: g_main_context_invoke () would run `func` right here in a
 * server thread whenever the owner's context happens to be free, with the lock held. */
static void
run_on_owner (KioskPhoneUpload *self,
              GSourceFunc       func,
              gpointer          data,
              GDestroyNotify    destroy)
{
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, func, data, destroy);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* Sessions and links ------------------------------------------------------------------------ */

typedef enum
{
  LINK_INVALID,
  LINK_EXPIRED,
  LINK_OPEN,
} LinkState;

static gboolean
expiry_timeout_cb (gpointer user_data)
{
  KioskPhoneUpload *self = user_data;

  /* GLib holds the source while it runs; end () must not destroy it again. */
  g_clear_pointer (&self->expiry, g_source_unref);
  kiosk_phone_upload_end (self);
  g_signal_emit (self, signals[SIGNAL_EXPIRED], 0);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  KioskPhoneUpload *self;
  guint64           id;
} Expired;

static void
expired_free (Expired *expired)
{
  g_object_unref (expired->self);
  g_free (expired);
}

/* A request found the session past its time (the store's clock) and ended it: the rest is
 * done on the owner's context, which alone stops the daemon. Nothing is done when the owner
 * ended the session itself or began another meanwhile. */
static gboolean
expired_by_request_cb (gpointer user_data)
{
  Expired *expired = user_data;
  KioskPhoneUpload *self = expired->self;
  gboolean latest;

  g_mutex_lock (&self->lock);
  latest = self->session == NULL && self->last_id == expired->id;
  g_mutex_unlock (&self->lock);
  if (latest && self->expiry != NULL)
    {
      kiosk_phone_upload_end (self);
      g_signal_emit (self, signals[SIGNAL_EXPIRED], 0);
    }
  return G_SOURCE_REMOVE;
}

/* Which session `path` ("/u/TOKEN") opens, with the lock held. */
static LinkState
check_link_locked (KioskPhoneUpload *self,
                   const char       *path)
{
  const char *text = path + strlen (PAGE_PREFIX);
  guint8 token[TOKEN_BYTES];
  gsize len = 0;

  if (strlen (text) != TOKEN_CHARS ||
      !kiosk_base64url_decode (text, TOKEN_CHARS, token, sizeof token, &len) ||
      len != TOKEN_BYTES)
    return LINK_INVALID;

  if (self->session != NULL && sodium_memcmp (token, self->session->token, TOKEN_BYTES) == 0)
    {
      Expired *expired;

      if (kiosk_store_now (self->store) < self->session->expires_at)
        return LINK_OPEN;
      expired = g_new0 (Expired, 1);
      expired->self = g_object_ref (self);
      expired->id = self->session->id;
      end_session_locked (self);
      run_on_owner (self, expired_by_request_cb, expired, (GDestroyNotify) expired_free);
      return LINK_EXPIRED;
    }
  if (self->has_ended_token && sodium_memcmp (token, self->ended_token, TOKEN_BYTES) == 0)
    return LINK_EXPIRED;
  return LINK_INVALID;
}

static guint
remaining_locked (KioskPhoneUpload *self)
{
  Session *s = self->session;
  guint taken;

  if (s == NULL)
    return 0;
  taken = s->hashes->len + s->reserved;
  return taken >= s->capacity ? 0 : s->capacity - taken;
}

/* Token bucket over every client together. */
static gboolean
rate_allows_locked (KioskPhoneUpload *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 oldest = now - (gint64) RATE_BURST * RATE_PERIOD_USEC;

  if (self->rate_tokens_at < oldest)
    self->rate_tokens_at = oldest;
  if (self->rate_tokens_at + RATE_PERIOD_USEC > now)
    return FALSE;
  self->rate_tokens_at += RATE_PERIOD_USEC;
  return TRUE;
}

/* Requests -------------------------------------------------------------------------------- */

typedef struct
{
  KioskPhoneUpload         *self;
  guint64                   session_id;    /* the session whose place this upload holds */
  gboolean                  holds_place;
  gboolean                  script;        /* sent by the page's script: answer in text */
  struct MHD_PostProcessor *post;
  GByteArray               *photo;
  gboolean                  photo_done;    /* a second file field is ignored */
  gsize                     received;
  gsize                     discarded;
  Reply                    *reply;         /* decided early: sent once the body is read */
} Request;

static void
release_place (Request *request)
{
  KioskPhoneUpload *self = request->self;

  if (!request->holds_place)
    return;
  request->holds_place = FALSE;
  g_mutex_lock (&self->lock);
  if (self->session != NULL && self->session->id == request->session_id)
    self->session->reserved--;
  g_mutex_unlock (&self->lock);
}

static void
request_free (Request *request)
{
  release_place (request);
  if (request->post != NULL)
    MHD_destroy_post_processor (request->post);
  if (request->photo != NULL)
    g_byte_array_unref (request->photo);
  reply_free (request->reply);
  g_free (request);
}

static void
completed_cb (void                            *cls,
              struct MHD_Connection           *connection,
              void                           **con_cls,
              enum MHD_RequestTerminationCode  code)
{
  g_clear_pointer ((Request **) con_cls, request_free);
}

static enum MHD_Result
post_field_cb (void       *cls,
               enum MHD_ValueKind kind,
               const char *key,
               const char *filename,
               const char *content_type,
               const char *transfer_encoding,
               const char *data,
               uint64_t    off,
               size_t      size)
{
  Request *request = cls;

  if (g_strcmp0 (key, "photo") != 0 || request->photo_done)
    return MHD_YES;
  if (off == 0 && request->photo->len > 0)
    {
      request->photo_done = TRUE;
      return MHD_YES;
    }
  g_byte_array_append (request->photo, (const guint8 *) data, (guint) size);
  return MHD_YES;
}

/* Delivery to the owner ----------------------------------------------------------------- */

typedef struct
{
  KioskPhoneUpload *self;
  guint64           session_id;
  KioskPhonePhoto  *photo;
} Delivery;

static void
delivery_free (Delivery *delivery)
{
  g_object_unref (delivery->self);
  kiosk_phone_photo_free (delivery->photo);
  g_free (delivery);
}

static gboolean
deliver_cb (gpointer user_data)
{
  Delivery *delivery = user_data;
  KioskPhoneUpload *self = delivery->self;
  KioskPhonePhoto *photo = delivery->photo;
  gboolean current;

  g_mutex_lock (&self->lock);
  current = self->session != NULL && self->session->id == delivery->session_id &&
            g_ptr_array_find_with_equal_func (self->session->hashes, photo->sha256,
                                              g_str_equal, NULL);
  g_mutex_unlock (&self->lock);
  if (!current)
    return G_SOURCE_REMOVE;

  /* The store is the owner's: the place is looked up here, not in a server thread. */
  if (photo->has_location)
    {
      g_autoptr(GError) error = NULL;

      if (!kiosk_places_propose (self->store, photo->latitude, photo->longitude,
                                 &photo->wilayat_code, &photo->area_code, &error))
        g_message ("no place proposed for a phone photo: %s", error->message);
    }
  g_signal_emit (self, signals[SIGNAL_PHOTO_RECEIVED], 0, photo);
  return G_SOURCE_REMOVE;
}

static TextId
problem_text (KioskUploadImageProblem problem)
{
  switch (problem)
    {
    case KIOSK_UPLOAD_IMAGE_NOT_IMAGE:
      return TEXT_NOT_IMAGE;
    case KIOSK_UPLOAD_IMAGE_UNSUPPORTED:
      return TEXT_HEIC;
    case KIOSK_UPLOAD_IMAGE_TOO_LARGE:
      return TEXT_TOO_LARGE;
    case KIOSK_UPLOAD_IMAGE_OK:
    case KIOSK_UPLOAD_IMAGE_UNREADABLE:
    default:
      return TEXT_UNREADABLE;
    }
}

/* The whole body has arrived: check, re-encode, store, announce. Runs in the server's
 * thread for this connection (a photo takes a fraction of a second). */
static Reply *
finish_upload (Request    *request,
               const char *path)
{
  KioskPhoneUpload *self = request->self;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(KioskUploadImage) image = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  KioskUploadImageProblem problem;
  Reply *reply;
  TextId message;
  guint remaining;
  gboolean stored = FALSE;

  if (request->photo->len == 0)
    {
      g_mutex_lock (&self->lock);
      reply = reply_message_locked (self, MHD_HTTP_BAD_REQUEST, TEXT_TITLE, TEXT_NO_FILE,
                                    request->script);
      g_mutex_unlock (&self->lock);
      return reply;
    }

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&request->photo));
  image = kiosk_upload_image_check (bytes, &problem, &error);
  if (image != NULL)
    sha256 = kiosk_photos_write (self->store, image->jpeg, &error);
  if (sha256 == NULL)
    g_message ("phone upload refused: %s", error->message);

  g_mutex_lock (&self->lock);
  /* The place it held becomes the photo's, if its session is still the one open. */
  if (sha256 != NULL && request->holds_place && self->session != NULL &&
      self->session->id == request->session_id)
    {
      KioskPhonePhoto photo = { sha256, image->has_location, image->latitude, image->longitude,
                                NULL, NULL };
      Delivery *delivery = g_new0 (Delivery, 1);

      request->holds_place = FALSE;
      self->session->reserved--;
      g_ptr_array_add (self->session->hashes, g_strdup (sha256));
      delivery->self = g_object_ref (self);
      delivery->session_id = request->session_id;
      delivery->photo = kiosk_phone_photo_copy (&photo);
      run_on_owner (self, deliver_cb, delivery, (GDestroyNotify) delivery_free);
      stored = TRUE;
    }
  remaining = remaining_locked (self);
  if (stored)
    message = remaining > 0 ? TEXT_RECEIVED : TEXT_ALL_RECEIVED;
  else if (sha256 != NULL)
    message = TEXT_LINK_EXPIRED;
  else
    message = problem_text (problem);

  if (request->script)
    reply = reply_new (stored ? MHD_HTTP_OK : MHD_HTTP_UNPROCESSABLE_CONTENT,
                       g_strdup (self->texts->text[message]), "text/plain; charset=utf-8");
  else
    reply = reply_new (stored ? MHD_HTTP_OK : MHD_HTTP_UNPROCESSABLE_CONTENT,
                       render_page (self, self->texts, TEXT_TITLE, self->texts->text[message],
                                    !stored, remaining > 0 && self->session ? path : NULL),
                       "text/html; charset=utf-8");
  reply->remaining = remaining;
  g_mutex_unlock (&self->lock);
  return reply;
}

/* Decides, from the headers alone, what a request gets. NULL: an upload to read. */
static Reply *
route_locked (KioskPhoneUpload      *self,
              struct MHD_Connection *connection,
              Request               *request,
              const char            *path,
              const char            *method)
{
  gboolean get = g_str_equal (method, MHD_HTTP_METHOD_GET) ||
                 g_str_equal (method, MHD_HTTP_METHOD_HEAD);
  gboolean post = g_str_equal (method, MHD_HTTP_METHOD_POST);
  const char *length_text, *type;
  guint64 length = 0;
  Reply *reply;

  if (!rate_allows_locked (self))
    return reply_message_locked (self, MHD_HTTP_TOO_MANY_REQUESTS, TEXT_TITLE, TEXT_BUSY,
                                 request->script);

  if (get && g_str_equal (path, SCRIPT_PATH))
    {
      g_autoptr(GBytes) script = resource ("upload.js");

      return reply_new (MHD_HTTP_OK, g_strndup (g_bytes_get_data (script, NULL),
                                                g_bytes_get_size (script)),
                        "text/javascript; charset=utf-8");
    }
  if (!g_str_has_prefix (path, PAGE_PREFIX) || !(get || post))
    return reply_message_locked (self, MHD_HTTP_NOT_FOUND, TEXT_LINK_TITLE, TEXT_NOT_FOUND,
                                 FALSE);

  switch (check_link_locked (self, path))
    {
    case LINK_INVALID:
      return reply_message_locked (self, MHD_HTTP_NOT_FOUND, TEXT_LINK_TITLE,
                                   TEXT_LINK_INVALID, request->script);
    case LINK_EXPIRED:
      return reply_message_locked (self, MHD_HTTP_GONE, TEXT_LINK_TITLE, TEXT_LINK_EXPIRED,
                                   request->script);
    case LINK_OPEN:
    default:
      break;
    }

  if (get)
    {
      guint remaining = remaining_locked (self);

      reply = reply_new (MHD_HTTP_OK,
                         render_page (self, self->texts, TEXT_TITLE,
                                      remaining > 0 ? NULL
                                                    : self->texts->text[TEXT_ALL_RECEIVED],
                                      FALSE, remaining > 0 ? path : NULL),
                         "text/html; charset=utf-8");
      reply->remaining = remaining;
      return reply;
    }

  /* An upload: counted, bounded, and holding one of the session's places while checked. */
  if (self->session->attempts >= KIOSK_PHONE_UPLOAD_MAX_ATTEMPTS)
    return reply_message_locked (self, MHD_HTTP_FORBIDDEN, TEXT_LINK_TITLE, TEXT_LINK_USED_UP,
                                 request->script);
  self->session->attempts++;
  if (remaining_locked (self) == 0)
    {
      reply = reply_message_locked (self, MHD_HTTP_CONFLICT, TEXT_TITLE, TEXT_ALL_RECEIVED,
                                    request->script);
      return reply;
    }
  length_text = MHD_lookup_connection_value (connection, MHD_HEADER_KIND,
                                             MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (length_text != NULL &&
      (!g_ascii_string_to_unsigned (length_text, 10, 0, G_MAXUINT64, &length, NULL) ||
       length > MAX_BODY))
    {
      reply = reply_message_locked (self, MHD_HTTP_CONTENT_TOO_LARGE, TEXT_TITLE,
                                    TEXT_TOO_LARGE, request->script);
      reply->remaining = remaining_locked (self);
      return reply;
    }
  type = MHD_lookup_connection_value (connection, MHD_HEADER_KIND,
                                      MHD_HTTP_HEADER_CONTENT_TYPE);
  if (type == NULL || g_ascii_strncasecmp (type, "multipart/form-data", 19) != 0)
    return reply_message_locked (self, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, TEXT_TITLE,
                                 TEXT_NO_FILE, request->script);

  request->post = MHD_create_post_processor (connection, 64 * 1024, post_field_cb, request);
  if (request->post == NULL)
    return reply_message_locked (self, MHD_HTTP_BAD_REQUEST, TEXT_TITLE, TEXT_NO_FILE,
                                 request->script);
  request->photo = g_byte_array_new ();
  request->session_id = self->session->id;
  request->holds_place = TRUE;
  self->session->reserved++;
  return NULL;
}

static enum MHD_Result
access_cb (void                  *cls,
           struct MHD_Connection *connection,
           const char            *url,
           const char            *method,
           const char            *version,
           const char            *upload_data,
           size_t                *upload_data_size,
           void                 **con_cls)
{
  KioskPhoneUpload *self = cls;
  Request *request = *con_cls;

  if (request == NULL)
    {
      const char *with = MHD_lookup_connection_value (connection, MHD_HEADER_KIND,
                                                      "X-Requested-With");

      request = g_new0 (Request, 1);
      request->self = self;
      request->script = g_strcmp0 (with, "XMLHttpRequest") == 0;
      *con_cls = request;

      g_mutex_lock (&self->lock);
      request->reply = route_locked (self, connection, request, url, method);
      g_mutex_unlock (&self->lock);
      /* A GET is answered now; an upload's body is read first, kept or thrown away. */
      if (request->reply != NULL && !g_str_equal (method, MHD_HTTP_METHOD_POST))
        return queue_reply (self, connection, g_steal_pointer (&request->reply));
      return MHD_YES;
    }

  if (*upload_data_size > 0)
    {
      gsize size = *upload_data_size;

      *upload_data_size = 0;
      if (request->reply == NULL)
        {
          request->received += size;
          if (request->received > MAX_BODY)
            {
              /* No Content-Length (chunked) and too long: refused like a declared one. */
              release_place (request);
              g_clear_pointer (&request->photo, g_byte_array_unref);
              g_mutex_lock (&self->lock);
              request->reply = reply_message_locked (self, MHD_HTTP_CONTENT_TOO_LARGE,
                                                     TEXT_TITLE, TEXT_TOO_LARGE,
                                                     request->script);
              request->reply->remaining = remaining_locked (self);
              g_mutex_unlock (&self->lock);
            }
          else if (MHD_post_process (request->post, upload_data, size) != MHD_YES)
            {
              release_place (request);
              g_mutex_lock (&self->lock);
              request->reply = reply_message_locked (self, MHD_HTTP_BAD_REQUEST, TEXT_TITLE,
                                                     TEXT_UNREADABLE, request->script);
              g_mutex_unlock (&self->lock);
            }
          return MHD_YES;
        }
      request->discarded += size;
      return request->discarded > DISCARD_LIMIT ? MHD_NO : MHD_YES;
    }

  if (request->reply == NULL)
    {
      MHD_destroy_post_processor (request->post);
      request->post = NULL;
      request->reply = finish_upload (request, url);
    }
  return queue_reply (self, connection, g_steal_pointer (&request->reply));
}

/* Listening ------------------------------------------------------------------------------- */

static void
stop_daemon (KioskPhoneUpload *self)
{
  if (self->daemon == NULL)
    return;
  /* Waits for the threads: an upload being checked finishes (a fraction of a second) and
   * finds its session gone. */
  MHD_stop_daemon (self->daemon);
  self->daemon = NULL;
  self->port = 0;
}

static gboolean
start_daemon (KioskPhoneUpload *self,
              GError          **error)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  struct sockaddr_storage native;
  const char *colon = strrchr (self->listen, ':');
  const union MHD_DaemonInfo *info;
  guint64 port = 0;
  unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION;

  if (self->daemon != NULL)
    return TRUE;

  /* The configuration checked the form; brackets are taken off an IPv6 address. */
  host = colon ? g_strndup (self->listen, colon - self->listen) : g_strdup ("");
  if (host[0] == '[' && strlen (host) > 2)
    {
      host[strlen (host) - 1] = '\0';
      memmove (host, host + 1, strlen (host));
    }
  address = g_inet_address_new_from_string (host);
  if (address == NULL || colon == NULL ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                   "[phone-upload] listen: \"%s\" is not ADDRESS:PORT", self->listen);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (address, (guint16) port);
  if (!g_socket_address_to_native (socket_address, &native, sizeof native, error))
    return FALSE;
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    flags |= MHD_USE_IPv6;

  self->daemon = MHD_start_daemon (flags, (uint16_t) port, NULL, NULL, access_cb, self,
                                   MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &native,
                                   MHD_OPTION_NOTIFY_COMPLETED, completed_cb, self,
                                   MHD_OPTION_CONNECTION_LIMIT, (unsigned int) CONNECTION_LIMIT,
                                   MHD_OPTION_PER_IP_CONNECTION_LIMIT,
                                   (unsigned int) PER_IP_CONNECTION_LIMIT,
                                   MHD_OPTION_CONNECTION_TIMEOUT,
                                   (unsigned int) CONNECTION_TIMEOUT_SECONDS,
                                   MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                                   (size_t) CONNECTION_MEMORY_LIMIT,
                                   MHD_OPTION_END);
  if (self->daemon == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                   "[phone-upload] listen: cannot listen on %s", self->listen);
      return FALSE;
    }
  info = MHD_get_daemon_info (self->daemon, MHD_DAEMON_INFO_BIND_PORT);
  self->port = info != NULL ? info->port : (guint) port;
  return TRUE;
}

static char *
link_for (KioskPhoneUpload *self,
          const char       *token)
{
  g_autofree char *host = NULL;

  if (self->base_url != NULL && *self->base_url != '\0')
    return g_strconcat (self->base_url, PAGE_PREFIX, token, NULL);
  host = g_strndup (self->listen, strrchr (self->listen, ':') - self->listen);
  return g_strdup_printf ("http://%s:%u" PAGE_PREFIX "%s", host, self->port, token);
}

char *
kiosk_phone_upload_begin (KioskPhoneUpload *self,
                          const char       *language,
                          GError          **error)
{
  Session *session;
  g_autofree char *token = NULL;
  Texts *texts;

  g_return_val_if_fail (KIOSK_IS_PHONE_UPLOAD (self), NULL);

  kiosk_phone_upload_end (self);
  if (!start_daemon (self, error))
    return NULL;

  kiosk_crypto_init ();
  session = g_new0 (Session, 1);
  randombytes_buf (session->token, sizeof session->token);
  token = kiosk_base64url_encode (session->token, sizeof session->token);
  session->url = link_for (self, token);
  session->expires_at = kiosk_store_now (self->store) + KIOSK_PHONE_UPLOAD_LIFETIME;
  session->hashes = g_ptr_array_new_with_free_func (g_free);
  session->capacity = KIOSK_PHONE_UPLOAD_MAX_PHOTOS;
  texts = texts_new (language);

  g_mutex_lock (&self->lock);
  session->id = ++self->last_id;
  self->session = session;
  texts_free (self->texts);
  self->texts = texts;
  g_mutex_unlock (&self->lock);

  self->expiry = g_timeout_source_new_seconds (KIOSK_PHONE_UPLOAD_LIFETIME);
  g_source_set_callback (self->expiry, expiry_timeout_cb, self, NULL);
  g_source_attach (self->expiry, self->context);
  return g_strdup (session->url);
}

void
kiosk_phone_upload_set_language (KioskPhoneUpload *self,
                                 const char       *language)
{
  Texts *texts;

  g_return_if_fail (KIOSK_IS_PHONE_UPLOAD (self));
  texts = texts_new (language);
  g_mutex_lock (&self->lock);
  texts_free (self->texts);
  self->texts = texts;
  g_mutex_unlock (&self->lock);
}

gboolean
kiosk_phone_upload_remove (KioskPhoneUpload *self,
                           const char       *sha256)
{
  guint index;
  gboolean found = FALSE;

  g_return_val_if_fail (KIOSK_IS_PHONE_UPLOAD (self), FALSE);
  g_mutex_lock (&self->lock);
  if (self->session != NULL &&
      g_ptr_array_find_with_equal_func (self->session->hashes, sha256, g_str_equal, &index))
    {
      g_ptr_array_remove_index (self->session->hashes, index);
      found = TRUE;
    }
  g_mutex_unlock (&self->lock);
  return found;
}

void
kiosk_phone_upload_set_capacity (KioskPhoneUpload *self,
                                 guint             photos)
{
  g_return_if_fail (KIOSK_IS_PHONE_UPLOAD (self));

  g_mutex_lock (&self->lock);
  if (self->session != NULL)
    self->session->capacity = MIN (photos, KIOSK_PHONE_UPLOAD_MAX_PHOTOS);
  g_mutex_unlock (&self->lock);
}

gboolean
kiosk_phone_upload_is_active (KioskPhoneUpload *self)
{
  gboolean active;

  g_return_val_if_fail (KIOSK_IS_PHONE_UPLOAD (self), FALSE);
  g_mutex_lock (&self->lock);
  active = self->session != NULL;
  g_mutex_unlock (&self->lock);
  return active;
}

guint
kiosk_phone_upload_get_port (KioskPhoneUpload *self)
{
  g_return_val_if_fail (KIOSK_IS_PHONE_UPLOAD (self), 0);
  return self->port;
}
