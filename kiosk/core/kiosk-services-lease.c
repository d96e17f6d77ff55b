/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Lease-contract renewal forms: the tenant's and landlord's details, printed now or queued
 * for the counter. */
#define G_LOG_DOMAIN "kiosk-services"

#include "config.h"

#include "kiosk-services-private.h"

#include "kiosk-validate.h"

typedef struct
{
  const KioskLeaseFormInput *input;
  char                      *fields[6];  /* tenant, civil, phone, landlord, building, contract */
  KioskRecordRef            *ref;
} LeaseWrite;

static gboolean
write_lease_form (KioskStore *store,
                  gpointer    data,
                  GError    **error)
{
  LeaseWrite *w = data;
  sqlite3_stmt *stmt;

  if (!kiosk_services_new_ref (store, w->ref, error))
    return FALSE;
  stmt = kiosk_store_prepare (store,
                              "INSERT INTO lease_form_requests (uuid, reference, tenant_name,"
                              " civil_number, phone, landlord_name, wilayat_code, area_code,"
                              " building_details, contract_number, delivery, created_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, nullif (?10, ''),"
                              " ?11, ?12)",
                              error);
  if (stmt == NULL)
    return FALSE;
  kiosk_bind_text (stmt, 1, w->ref->uuid);
  kiosk_bind_text (stmt, 2, w->ref->reference);
  kiosk_bind_text (stmt, 3, w->fields[0]);
  kiosk_bind_text (stmt, 4, w->fields[1]);
  kiosk_bind_text (stmt, 5, w->fields[2]);
  kiosk_bind_text (stmt, 6, w->fields[3]);
  kiosk_bind_text (stmt, 7, w->input->wilayat_code);
  kiosk_bind_text (stmt, 8, w->input->area_code);
  kiosk_bind_text (stmt, 9, w->fields[4]);
  kiosk_bind_text (stmt, 10, w->fields[5]);
  kiosk_bind_text (stmt, 11, w->input->print_now ? "print" : "queue");
  sqlite3_bind_int64 (stmt, 12, kiosk_store_now (store));

  return kiosk_store_step_done (store, stmt, error) &&
         kiosk_services_insert_receipt (store, "lease_form", w->ref->uuid, w->ref->reference,
                                        NULL, 0, error) &&
         kiosk_services_enqueue_row (store, KIOSK_KIND_LEASE_FORM_REQUEST,
                                     KIOSK_OUTBOX_PRIORITY_NORMAL, "lease_form_requests",
                                     w->ref->uuid, NULL, NULL, error);
}

gboolean
kiosk_services_request_lease_form (KioskStore                *store,
                                   const KioskLeaseFormInput *input,
                                   KioskRecordRef            *out_ref,
                                   GError                   **error)
{
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  LeaseWrite w = { input, { NULL }, &ref };
  gboolean ok = FALSE;

  if ((w.fields[0] = kiosk_validate_text (input->tenant_name, KIOSK_NAME_MAX_CHARS, TRUE,
                                          error)) == NULL ||
      (w.fields[1] = kiosk_validate_civil_number (input->civil_number, error)) == NULL ||
      (w.fields[2] = kiosk_validate_phone (input->phone, error)) == NULL ||
      (w.fields[3] = kiosk_validate_text (input->landlord_name, KIOSK_NAME_MAX_CHARS, TRUE,
                                          error)) == NULL ||
      (w.fields[4] = kiosk_validate_text (input->building_details, KIOSK_LANDMARK_MAX_CHARS,
                                          TRUE, error)) == NULL ||
      (w.fields[5] = kiosk_validate_text (input->contract_number ? input->contract_number : "",
                                          32, FALSE, error)) == NULL ||
      !kiosk_services_check_place (store, input->wilayat_code, input->area_code, error) ||
      !kiosk_services_in_transaction (store, write_lease_form, &w, error))
    goto out;

  kiosk_services_give_ref (&ref, out_ref);
  ok = TRUE;

out:
  for (guint i = 0; i < G_N_ELEMENTS (w.fields); i++)
    g_free (w.fields[i]);
  return ok;
}
