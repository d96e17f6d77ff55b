/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The attract screen shown while nobody uses the kiosk: the municipality, the campaign
 * «لا تتعنى» ("don't make the trip") with the municipality's current announcements turning
 * under it, and a calm cycle of service highlights, in Arabic and English at once. A touch
 * anywhere starts a session (win.start). */
#pragma once

#include "kiosk-page.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_ATTRACT_PAGE (kiosk_attract_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskAttractPage, kiosk_attract_page, KIOSK, ATTRACT_PAGE, KioskPage)

GtkWidget *kiosk_attract_page_new              (void);

/* Side by side on a landscape screen, stacked on a portrait one. */
void       kiosk_attract_page_set_landscape    (KioskAttractPage *self,
                                                gboolean          landscape);

guint      kiosk_attract_page_get_n_highlights (KioskAttractPage *self);
guint      kiosk_attract_page_get_highlight    (KioskAttractPage *self);
/* Shows the next highlight now (the cycle also does this by itself while on screen). */
void       kiosk_attract_page_next_highlight   (KioskAttractPage *self);

/* Where the announcements come from (not owned; NULL: none are shown). */
void       kiosk_attract_page_set_store         (KioskAttractPage *self,
                                                 KioskStore       *store);
/* The id of the announcement showing, or NULL when none is current. */
const char *kiosk_attract_page_get_announcement (KioskAttractPage *self);
/* Reads the current announcements again and shows the next one now (the rotation also
 * does this by itself while the screen shows). */
void       kiosk_attract_page_next_announcement (KioskAttractPage *self);

G_END_DECLS
