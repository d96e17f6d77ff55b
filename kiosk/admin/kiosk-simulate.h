/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Realistic visitor traffic through the same core API the kiosk uses: for demos, soak tests
 * and benchmarks. Deterministic for a given seed. */
#pragma once

#include <glib.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint   reports;
  guint   photos;        /* spread over the reports, at most 3 each */
  guint   payments;      /* fine payments while unpaid fines remain, then parking permits */
  guint   feedback;
  guint32 seed;
  gsize   photo_bytes;   /* approximate size of each photo; 0 for about 300 KB */
} KioskSimulation;

typedef struct
{
  guint reports;
  guint photos;
  guint payments;
  guint feedback;
} KioskSimulationResult;

typedef void (*KioskSimulateProgress) (guint    done,
                                       guint    total,
                                       gpointer user_data);

gboolean kiosk_simulate_run       (KioskStore            *store,
                                   const KioskSimulation *simulation,
                                   KioskSimulationResult *result,
                                   KioskSimulateProgress  progress,
                                   gpointer               user_data,
                                   GError               **error);

/* A real JPEG of noisy site-like content, about `approx_bytes` long, different per `seed`. */
GBytes  *kiosk_simulate_make_jpeg (guint32                seed,
                                   gsize                  approx_bytes,
                                   GError               **error);

G_END_DECLS
