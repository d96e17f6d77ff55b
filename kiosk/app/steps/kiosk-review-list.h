/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskReviewList: what a visitor is about to send or pay for, as caption / value rows,
 * side by side or (stacked) each caption over its value. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_REVIEW_ROW_PLAIN = 0,
  /* A number, a plate, a date: left to right in both languages, isolated, on the same side
   * as the other values. */
  KIOSK_REVIEW_ROW_LTR   = 1 << 0,
  /* A visitor's own text: wrapped anywhere, cut after eight lines. */
  KIOSK_REVIEW_ROW_LONG  = 1 << 1,
  /* A canonical mobile number ("+96891234567"): shown "+968 9123 4567", or masked
   * "91••••67" (kiosk_phone_mask) in a masked list; left to right in both languages. */
  KIOSK_REVIEW_ROW_PHONE = 1 << 2,
  /* A person's name: as written, or masked "سالم ب. ح." / "Salim b. H." (kiosk_mask_name:
   * the first word, then initials) in a masked list. */
  KIOSK_REVIEW_ROW_NAME  = 1 << 3,
} KioskReviewRowFlags;

#define KIOSK_TYPE_REVIEW_LIST (kiosk_review_list_get_type ())

G_DECLARE_FINAL_TYPE (KioskReviewList, kiosk_review_list, KIOSK, REVIEW_LIST, GtkWidget)

void      kiosk_review_list_set_stacked     (KioskReviewList     *self,
                                             gboolean             stacked);
gboolean  kiosk_review_list_get_stacked     (KioskReviewList     *self);

/* A list others may read over the visitor's shoulder (what was looked up, not typed) masks
 * its PHONE and NAME rows, by the same rule in both languages; rows set afterwards follow. */
void      kiosk_review_list_set_masked      (KioskReviewList     *self,
                                             gboolean             masked);
gboolean  kiosk_review_list_get_masked      (KioskReviewList     *self);

/* Sets row `row` (made when missing, rows before it too); the texts are already in the
 * current language. */
void      kiosk_review_list_set_row         (KioskReviewList     *self,
                                             guint                row,
                                             const char          *caption,
                                             const char          *value,
                                             KioskReviewRowFlags  flags);
/* Hides or shows row `row` (a value the visitor did not give). */
void      kiosk_review_list_set_row_visible (KioskReviewList     *self,
                                             guint                row,
                                             gboolean             visible);
/* Keeps only the first `n_rows` rows. */
void      kiosk_review_list_truncate        (KioskReviewList     *self,
                                             guint                n_rows);

G_END_DECLS
