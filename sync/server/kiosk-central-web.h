/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A request as the staff console and Open311 see it, already read and decoded by the HTTP
 * layer (kiosk-central-http.c), and the response they give back. Keeps microhttpd out of the
 * pages and the pages' headers in one place. */
#pragma once

#include <glib.h>

#include "kiosk-central-db.h"

G_BEGIN_DECLS

typedef struct
{
  const char     *method;            /* "GET", "HEAD" or "POST" */
  const char     *path;              /* decoded, without the query */
  GHashTable     *query;             /* name → value (the last one given) */
  GHashTable     *form;              /* POST application/x-www-form-urlencoded; else empty */
  GHashTable     *cookies;           /* name → value */
  KioskCentralDb *db;
  const char     *attachments_dir;
  const char     *base_url;          /* "http(s)://host[:port]" as the client addressed us */
} KioskCentralWebRequest;

typedef struct
{
  guint       status;
  const char *type;     /* a static string; NULL with no body */
  GBytes     *body;
  GPtrArray  *headers;  /* name, value, name, value … (owned strings) */
} KioskCentralWebResponse;

KioskCentralWebResponse *kiosk_central_web_response_new  (guint                    status,
                                                          const char              *type,
                                                          GBytes                  *body);
/* A GString's text as the body (the GString is freed). */
KioskCentralWebResponse *kiosk_central_web_response_text (guint                    status,
                                                          const char              *type,
                                                          GString                 *text);
void  kiosk_central_web_response_add_header              (KioskCentralWebResponse *response,
                                                          const char              *name,
                                                          const char              *value);
void  kiosk_central_web_response_free                    (KioskCentralWebResponse *response);

/* The value of a query, form or cookie field, or NULL. */
const char *kiosk_central_web_get                        (GHashTable              *fields,
                                                          const char              *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCentralWebResponse, kiosk_central_web_response_free)

G_END_DECLS
