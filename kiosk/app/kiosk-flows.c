/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The table of built flows. */
#define G_LOG_DOMAIN "kiosk-flows"

#include "config.h"

#include "kiosk-flows.h"

#include "kiosk-attendant-flow.h"
#include "kiosk-feedback-flow.h"
#include "kiosk-fines-flow.h"
#include "kiosk-guide-page.h"
#include "kiosk-lease-form-flow.h"
#include "kiosk-licence-flow.h"
#include "kiosk-news-page.h"
#include "kiosk-parking-permit-flow.h"
#include "kiosk-report-flow.h"
#include "kiosk-scan-page.h"
#include "kiosk-track-flow.h"

typedef GType (*GetType) (void);

static const struct
{
  const char *code;
  GetType     get_type;
  gboolean    needs_camera;  /* nothing to do there without one: not offered */
} flows[] = {
  { KIOSK_ATTENDANT_SERVICE, kiosk_attendant_flow_get_type },
  { "feedback", kiosk_feedback_flow_get_type },
  { "fines", kiosk_fines_flow_get_type },
  { "shop_licence", kiosk_shop_licence_flow_get_type },
  { "vehicle_licence", kiosk_vehicle_licence_flow_get_type },
  { "vehicle_permit", kiosk_vehicle_permit_flow_get_type },
  { "parking_permit", kiosk_parking_permit_flow_get_type },
  { "lease_form", kiosk_lease_form_flow_get_type },
  { "report", kiosk_report_flow_get_type },
  { "scan", kiosk_scan_page_get_type, TRUE },
  { "track_report", kiosk_track_flow_get_type },
  /* Pages every kiosk has, with no catalogue entry (kiosk-window-pages.c). */
  { KIOSK_NEWS_PAGE_CODE, kiosk_news_page_get_type },
  { KIOSK_GUIDE_PAGE_CODE, kiosk_guide_page_get_type },
};

GType
kiosk_flows_lookup (const char *service_code)
{
  for (guint i = 0; i < G_N_ELEMENTS (flows); i++)
    if (g_strcmp0 (flows[i].code, service_code) == 0)
      return flows[i].get_type ();
  return G_TYPE_INVALID;
}

gboolean
kiosk_flows_needs_camera (const char *service_code)
{
  for (guint i = 0; i < G_N_ELEMENTS (flows); i++)
    if (g_strcmp0 (flows[i].code, service_code) == 0)
      return flows[i].needs_camera;
  return FALSE;
}

KioskFlow *
kiosk_flows_create (const char *service_code,
                    KioskStore *store)
{
  GType type = kiosk_flows_lookup (service_code);

  if (type == G_TYPE_INVALID)
    return NULL;
  return g_object_new (type, "store", store, NULL);
}
