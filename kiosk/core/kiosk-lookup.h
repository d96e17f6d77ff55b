/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Finding the licences and vehicle permits a visitor wants to renew, as the reference data
 * last pulled from the server knows them. Holders' names are masked: a kiosk screen is
 * public, and the visitor only needs to recognise their own. */
#pragma once

#include <glib.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_LOOKUP_BY_NUMBER,  /* licence or permit number */
  KIOSK_LOOKUP_BY_CR,      /* commercial registration (shops) */
  KIOSK_LOOKUP_BY_PLATE,   /* vehicle plate */
} KioskLookupBy;

typedef struct
{
  char  *number;
  char  *kind;            /* "shop" or "vehicle" */
  char  *holder_ar;       /* masked */
  char  *holder_en;       /* masked */
  char  *cr_number;
  char  *plate;
  char  *fee_variant;
  char  *activity_ar;
  char  *activity_en;
  char  *expires_on;      /* YYYY-MM-DD */
  char  *status;          /* active, suspended, cancelled */
  char  *block_reason;    /* why it is suspended or cancelled, as the municipality wrote it */
  char  *wilayat_ar;      /* the wilayat whose municipality office holds its file, or NULL */
  char  *wilayat_en;
  guint  unpaid_fines;    /* on the plate of a vehicle licence */
  gboolean awaiting_counter; /* renewed here with a voucher not yet paid at the counter:
                              * expires_on and status are still the old ones */
} KioskLicence;

typedef struct
{
  char *number;
  char *plate;
  char *zone_code;
  char *zone_ar;
  char *zone_en;
  char *holder_ar;        /* masked */
  char *holder_en;        /* masked */
  char *expires_on;
  char *status;
  gboolean awaiting_counter; /* as KioskLicence's */
} KioskVehiclePermit;

void       kiosk_licence_free            (KioskLicence       *licence);
void       kiosk_vehicle_permit_free     (KioskVehiclePermit *permit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskLicence, kiosk_licence_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskVehiclePermit, kiosk_vehicle_permit_free)

/* Licences matching `value` (validated for its kind: number, CR or plate), possibly none. */
GPtrArray *kiosk_lookup_licences         (KioskStore    *store,
                                          KioskLookupBy  by,
                                          const char    *value,
                                          GError       **error);
/* Vehicle permits by number or plate. */
GPtrArray *kiosk_lookup_vehicle_permits  (KioskStore    *store,
                                          KioskLookupBy  by,
                                          const char    *value,
                                          GError       **error);

/* "سالم بن حمد البلوشي" → "سالم ب. ح. ا.": the first word, then initials. */
char      *kiosk_mask_name               (const char    *name);

G_END_DECLS
