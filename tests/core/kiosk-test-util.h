/* Helpers every core test shares: a scratch folder, a seeded store in it, row counts. */
#pragma once

#include <glib.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

char       *kiosk_test_make_dir    (void);
void        kiosk_test_remove_dir  (const char *dir);

/* A store at DIR/kiosk.db with identity TST01, seeded with the demo data when `seed`. */
KioskStore *kiosk_test_store_new   (const char *dir,
                                    gboolean    seed);

/* The single integer a query returns (e.g. "SELECT count (*) FROM outbox"). */
gint64      kiosk_test_query_int   (KioskStore *store,
                                    const char *sql);

/* Unix time of a Muscat wall-clock moment. */
gint64      kiosk_test_muscat_time (int year,
                                    int month,
                                    int day,
                                    int hour);

G_END_DECLS
