/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk's fonts: adds assets/fontconfig/kiosk-fonts.conf (bundled in the resources) to
 * fontconfig's configuration before GTK opens any font, so Arabic is set in Noto Naskh
 * Arabic and Latin in Noto Sans on any image that has fonts-noto-core. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Call once, before the first window. */
gboolean kiosk_fonts_init (GError **error);

G_END_DECLS
