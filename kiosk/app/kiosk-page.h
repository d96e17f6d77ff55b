/* SPDX-License-Identifier: GPL-3.0-or-later */
/* KioskPage: what every page of the window's stack is. The window asks a page for its title
 * (shown in the header band), tells it when the language changed, lets it handle "back"
 * itself (a flow steps back), and drops flow pages when a session ends. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_PAGE (kiosk_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (KioskPage, kiosk_page, KIOSK, PAGE, GtkWidget)

struct _KioskPageClass
{
  GtkWidgetClass parent_class;

  /* Rewrite every text in the current language (kiosk-i18n.h); set the title here. */
  void     (*retranslate) (KioskPage *self);
  /* Back to the page's first state with nothing a visitor entered. */
  void     (*reset)       (KioskPage *self);
  /* TRUE if the page went back by itself; FALSE lets the window go home. */
  gboolean (*go_back)     (KioskPage *self);
  /* The widget to focus when the page is shown (keyboard users, the on-screen keyboard). */
  GtkWidget *(*get_initial_focus) (KioskPage *self);
};

const char *kiosk_page_get_title         (KioskPage  *self);
void        kiosk_page_set_title         (KioskPage  *self,
                                          const char *title);
void        kiosk_page_retranslate       (KioskPage  *self);
void        kiosk_page_reset             (KioskPage  *self);
gboolean    kiosk_page_go_back           (KioskPage  *self);
GtkWidget  *kiosk_page_get_initial_focus (KioskPage  *self);

G_END_DECLS
