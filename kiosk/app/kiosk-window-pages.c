/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's pages: the home page with a tile a service, the not-ready page, the flow of
 * the service a visitor opened (one at a time, dropped when left), and the "available at the
 * counter" notice for a service without a flow. */
#define G_LOG_DOMAIN "kiosk-window"

#include "config.h"

#include "kiosk-window-private.h"

#include "kiosk-attendant-flow.h"
#include "kiosk-catalog.h"
#include "kiosk-error.h"
#include "kiosk-flows.h"
#include "kiosk-guide-page.h"
#include "kiosk-i18n.h"
#include "kiosk-news-page.h"

static const KioskCatalogItem *
find_service (KioskWindow *self,
              const char  *code)
{
  if (self->services == NULL)
    return NULL;
  for (guint i = 0; i < self->services->len; i++)
    {
      const KioskCatalogItem *service = g_ptr_array_index (self->services, i);

      if (g_strcmp0 (service->code, code) == 0)
        return service;
    }
  return NULL;
}


/* Pages without a catalogue entry: staff sign-in, and the news and the services guide that
 * every kiosk shows whatever services it offers. */
static gboolean
is_page_without_service (const char *code)
{
  return g_strcmp0 (code, KIOSK_ATTENDANT_SERVICE) == 0 ||
         g_strcmp0 (code, KIOSK_NEWS_PAGE_CODE) == 0 ||
         g_strcmp0 (code, KIOSK_GUIDE_PAGE_CODE) == 0;
}


void
_kiosk_window_update_notice (KioskWindow *self)
{
  const KioskCatalogItem *service = find_service (self, self->notice_service);

  kiosk_counter_notice_set_title (self->notice,
                                  service != NULL ? kiosk_i18n_pick (service->name_ar,
                                                                     service->name_en)
                                                  : NULL);
}


void
_kiosk_window_hide_notice (KioskWindow *self)
{
  kiosk_counter_notice_set_revealed (self->notice, FALSE);
  g_clear_pointer (&self->notice_service, g_free);
}


static void
kiosk_window_show_notice (KioskWindow *self,
                          const char  *code)
{
  g_free (self->notice_service);
  self->notice_service = g_strdup (code);
  _kiosk_window_update_notice (self);
  kiosk_counter_notice_set_revealed (self->notice, TRUE);
}


static gboolean
is_flow_page (KioskWindow *self,
              GtkWidget   *child)
{
  return child != GTK_WIDGET (self->home_page) && child != GTK_WIDGET (self->not_ready_page);
}


void
_kiosk_window_remove_flow_pages (KioskWindow *self)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (is_flow_page (self, child))
        gtk_stack_remove (self->stack, child);
      child = next;
    }
}


void
_kiosk_window_show_page (KioskWindow *self,
           const char  *name)
{
  KioskPage *page;
  GtkWidget *focus;

  gtk_stack_set_visible_child_name (self->stack, name);
  _kiosk_window_update_chrome (self);

  page = kiosk_window_get_page (self);
  focus = page != NULL ? kiosk_page_get_initial_focus (page) : NULL;
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
  else
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  /* The next screen cuts the last one short at once, not at the next look. */
  _kiosk_window_speech_check (self);
}


void
_kiosk_window_go_home (KioskWindow *self)
{
  _kiosk_window_hide_notice (self);
  if (self->not_ready)
    return;
  _kiosk_window_show_page (self, "home");
  /* Leaving a flow drops it, and what was typed into it, at once. */
  _kiosk_window_remove_flow_pages (self);
}


static void
page_title_changed_cb (KioskWindow *self)
{
  _kiosk_window_update_chrome (self);
}


void
_kiosk_window_load_services (KioskWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = kiosk_catalog_list_services (self->store, &error);

  if (services == NULL)
    {
      kiosk_window_show_not_ready (self, error);
      return;
    }
  if (services->len == 0)
    {
      g_set_error (&error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND,
                   "%s lists no services: load the reference data (kiosk-admin init --seed)",
                   kiosk_store_get_path (self->store));
      kiosk_window_show_not_ready (self, error);
      return;
    }

  /* Without a camera, a tile that could only lead to "no camera" is not shown at all. */
  if (g_strcmp0 (self->camera_source, "none") == 0)
    for (guint i = services->len; i-- > 0;)
      if (kiosk_flows_needs_camera (((KioskCatalogItem *) g_ptr_array_index (services, i))->code))
        g_ptr_array_remove_index (services, i);

  g_clear_pointer (&self->services, g_ptr_array_unref);
  self->services = g_steal_pointer (&services);
  kiosk_home_page_set_services (self->home_page, self->services);
  kiosk_attract_page_set_store (self->attract_page, self->store);
  _kiosk_window_show_page (self, "home");
}


const char *
kiosk_window_get_page_name (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->outer_stack), "attract") == 0)
    return "attract";
  return gtk_stack_get_visible_child_name (self->stack);
}


KioskPage *
kiosk_window_get_page (KioskWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  child = gtk_stack_get_visible_child (self->stack);
  return KIOSK_IS_PAGE (child) ? KIOSK_PAGE (child) : NULL;
}


void
kiosk_window_open_service (KioskWindow *self,
                           const char  *code)
{
  KioskFlow *flow;

  g_return_if_fail (KIOSK_IS_WINDOW (self));

  if (self->not_ready || (find_service (self, code) == NULL && !is_page_without_service (code)))
    {
      g_debug ("open-service: no service \"%s\" in the catalogue", code);
      return;
    }

  _kiosk_window_hide_notice (self);
  /* Each service's own pages come with their issues; until then, no empty page: the
   * visitor is told where the service is available. */
  flow = kiosk_flows_create (code, self->store);
  if (flow == NULL)
    {
      kiosk_window_show_notice (self, code);
      return;
    }

  /* A fresh flow every time: nothing from an earlier visit is on it. */
  _kiosk_window_remove_flow_pages (self);
  g_signal_connect_object (flow, "notify::title", G_CALLBACK (page_title_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, GTK_WIDGET (flow), code);
  _kiosk_window_show_page (self, code);
}


const char *
kiosk_window_get_notice_service (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);

  return kiosk_counter_notice_get_revealed (self->notice) ? self->notice_service : NULL;
}
