/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fleet of simulated kiosks for the fleet benchmark and the failure drills: each a real kiosk
 * database with queued records of mixed kinds and its own `kiosk-sync` process, registered
 * with one central database; drained with a bounded number of agents at a time; then checked
 * record by record against what the server holds. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char      *code;        /* FLT001 … */
  char      *db;          /* its kiosk.db */
  char      *token_file;
  char      *config;      /* the agent's configuration */
  char      *log;         /* every run's stdout and stderr, appended */
  GPtrArray *uuids;       /* char*, the records it queued */
  guint      runs;        /* `kiosk-sync once` runs it took */
} SyncFleetKiosk;

typedef struct
{
  char      *dir;
  char      *server_db;   /* the central database's path (a PostgreSQL database in -pg runs) */
  GPtrArray *kiosks;      /* SyncFleetKiosk* */
  guint64    records;     /* queued in all */
  guint64    photos;
} SyncFleet;

/* `n_kiosks` kiosk databases under `dir`, each with about `records` queued records (half
 * reports, a fifth of them with a photo of about `photo_bytes`; a tenth payments; the rest
 * feedback), each registered with the central database `server_db` (already loaded). */
SyncFleet *sync_fleet_new        (const char         *dir,
                                  const char         *server_db,
                                  guint               n_kiosks,
                                  guint               records,
                                  gsize               photo_bytes);
void       sync_fleet_free       (SyncFleet          *fleet);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncFleet, sync_fleet_free)

/* Writes each kiosk's agent configuration: kiosk i syncs with urls[i % n] (round-robin over
 * servers, or one load balancer), with the tests' short timeouts; `extra` is more
 * "[group]\nkey=value" text, or NULL. */
void       sync_fleet_configure  (SyncFleet          *fleet,
                                  const char * const *urls,
                                  const char         *extra);

/* Called about every 100 ms while draining, with the number of kiosks done. */
typedef void (*SyncFleetTick) (guint    done,
                               gpointer user_data);

/* Runs `kiosk-sync once` for every kiosk, at most `concurrency` at a time, again for a
 * kiosk whose run did not finish its work (partial, server unreachable or failing: what a
 * timer would do), until every run ended with 0. Fails the test after `timeout_s` or on an
 * agent's local or authentication failure. Returns the wall time in seconds. */
double     sync_fleet_drain      (SyncFleet          *fleet,
                                  guint               concurrency,
                                  guint               timeout_s,
                                  SyncFleetTick       tick,
                                  gpointer            user_data);

/* `kiosk-sync once` runs the whole fleet took (one a kiosk when nothing failed). */
guint      sync_fleet_runs       (SyncFleet          *fleet);

/* The server holds exactly the records the fleet queued, each once (compared UUID by UUID);
 * every kiosk's outbox is all acknowledged (or rejected and parked), `kiosk-admin check`
 * passes on it, and it pulled the feed of this database past its own records' changes.
 * Returns how many of the records the server accepted (the rest were rejected). */
guint64    sync_fleet_assert_exactly_once (SyncFleet *fleet);

G_END_DECLS
