/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The guide to every municipal service, from the reference data: browse by category, search
 * in Arabic or English, and the detail that says where to go — this kiosk (the service code
 * that starts its flow), the website, the app, or an office with its wilayat and hours. */
#pragma once

#include <glib.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

typedef struct
{
  char  *code;
  char  *name_ar;
  char  *name_en;
  char  *icon;       /* an icon name, or "" */
  guint  n_entries;
} KioskGuideCategory;

typedef struct
{
  char   *id;
  char   *category;
  char   *category_ar;
  char   *category_en;
  char   *name_ar;
  char   *name_en;
  char   *summary_ar;
  char   *summary_en;
  char   *eligibility_ar;   /* "" when not stated */
  char   *eligibility_en;
  char   *documents_ar;     /* one document a line; "" when none */
  char   *documents_en;
  char   *fee_ar;           /* the fee or its rule; "" when not stated */
  char   *fee_en;
  gint64  fee_baisa;        /* one amount, or -1 */
  char   *kiosk_service;    /* the service_catalog code when this kiosk performs it now (its
                             * catalogue entry enabled), else NULL: the page's start button */
  char   *website_url;      /* https://…, or NULL */
  char   *app_ar;           /* where in the app; "" when not in the app */
  char   *app_en;
  char   *office_ar;        /* which office, where; "" when not at an office */
  char   *office_en;
  char   *office_wilayat;   /* its wilayat's code, or NULL */
  char   *office_wilayat_ar;
  char   *office_wilayat_en;
  char   *hours_ar;         /* opening hours; "" when not stated */
  char   *hours_en;
} KioskGuideEntry;

void              kiosk_guide_category_free            (KioskGuideCategory *category);
void              kiosk_guide_entry_free               (KioskGuideEntry    *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskGuideCategory, kiosk_guide_category_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskGuideEntry, kiosk_guide_entry_free)

/* Categories that have at least one entry, in display order: KioskGuideCategory. */
GPtrArray        *kiosk_service_guide_list_categories  (KioskStore   *store,
                                                        GError      **error);
/* The entries of a category in display order: KioskGuideEntry; empty for an unknown one. */
GPtrArray        *kiosk_service_guide_list_entries     (KioskStore   *store,
                                                        const char   *category,
                                                        GError      **error);
/* One entry; KIOSK_ERROR_NOT_FOUND when there is none with that id. */
KioskGuideEntry  *kiosk_service_guide_get              (KioskStore   *store,
                                                        const char   *id,
                                                        GError      **error);
/* The entries a visitor's words find, best first: KioskGuideEntry. Both languages are
 * searched whatever the screen's language, through kiosk_service_guide_normalize; every
 * word must be found (in the name, keywords, category, summary or the rest, which rank in
 * that order). An empty array is the answer "nothing found" (also for a query with no word
 * of two letters or more); NULL only with `error`. */
GPtrArray        *kiosk_service_guide_search           (KioskStore   *store,
                                                        const char   *query,
                                                        GError      **error);

/* The one normalisation for matching Arabic and English text typed on a kiosk: hamza and
 * alef forms (أ إ آ ٱ) → ا, ؤ → و, ئ → ي, taa marbuta ة → ه, alef maqsura ى → ي; diacritics
 * (harakat, shadda, sukun, dagger alef, Latin accents) and tatweel removed; Arabic-Indic
 * digits → 0-9; presentation forms → letters; case folded; anything not a letter or digit
 * becomes one space, trimmed. Never NULL. */
char             *kiosk_service_guide_normalize        (const char   *text);

G_END_DECLS
