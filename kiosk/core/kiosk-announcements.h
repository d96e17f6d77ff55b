/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The municipality's announcements (news, projects, new services) as the kiosk shows them:
 * only those published and not expired at the moment asked about, so one that expires while
 * the kiosk is offline disappears on time; priority first, then the newest. */
#pragma once

#include <glib.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *id;
  char   *category;        /* "news", "project" or "new_service" */
  char   *title_ar;
  char   *title_en;
  char   *body_ar;         /* paragraphs separated by a line break */
  char   *body_en;
  char   *picture_sha256;  /* NULL: no picture */
  char   *picture_path;    /* the JPEG on this kiosk; NULL until the sync agent has it */
  gint64  publish_at;      /* Unix seconds */
  gint64  expires_at;      /* Unix seconds; 0: until withdrawn */
  int     priority;        /* 0-100, higher first */
} KioskAnnouncement;

void               kiosk_announcement_free                (KioskAnnouncement *announcement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskAnnouncement, kiosk_announcement_free)

/* The announcements current at `now` (publish_at <= now < expires_at), of `category` (NULL:
 * all), highest priority first, then the newest, at most `limit` (0: all). A GPtrArray of
 * KioskAnnouncement, empty when there are none; NULL only with `error`. Pages pass
 * kiosk_store_now (store). */
GPtrArray         *kiosk_announcements_list_current       (KioskStore        *store,
                                                           gint64             now,
                                                           const char        *category,
                                                           guint              limit,
                                                           GError           **error);

/* One announcement, current at `now`; KIOSK_ERROR_NOT_FOUND when there is no such one or it
 * is not (or no longer) current. */
KioskAnnouncement *kiosk_announcements_get                (KioskStore        *store,
                                                           const char        *id,
                                                           gint64             now,
                                                           GError           **error);

/* The next moment after `now` at which the current list changes by time alone (one is
 * published or expires), for a page to refresh exactly then; 0 when none will. */
gint64             kiosk_announcements_next_change        (KioskStore        *store,
                                                           gint64             now,
                                                           GError           **error);

/* The SHA-256s of the pictures of announcements not yet expired at `now` that this kiosk's
 * photo store lacks: what the sync agent fetches after a pull. NULL only with `error`. */
GStrv              kiosk_announcements_missing_pictures   (KioskStore        *store,
                                                           gint64             now,
                                                           GError           **error);

G_END_DECLS
