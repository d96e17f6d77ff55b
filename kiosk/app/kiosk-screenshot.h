/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rendering a widget to a PNG file with its window's own renderer: `kiosk --screenshot`, and
 * pictures of the screens for reviews and tests. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Renders `widget` as it is now. It must be mapped. */
gboolean kiosk_screenshot_save               (GtkWidget           *widget,
                                              const char          *path,
                                              GError             **error);

/* Waits until `widget` is mapped and its window has painted a frame, then saves. */
void     kiosk_screenshot_save_after_frame   (GtkWidget           *widget,
                                              const char          *path,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean kiosk_screenshot_save_finish        (GtkWidget           *widget,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
