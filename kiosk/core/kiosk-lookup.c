/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Licence and permit look-ups. */
#define G_LOG_DOMAIN "kiosk-lookup"

#include "config.h"

#include "kiosk-lookup.h"

#include "kiosk-payments.h"
#include "kiosk-store-private.h"
#include "kiosk-validate.h"

/* A renewal of this permit waits for its cash at the counter (?2: now). */
#define PERMIT_PENDING \
  "EXISTS (SELECT 1 FROM vehicle_permit_renewals r JOIN payments pay" \
  " ON pay.uuid = r.payment_uuid WHERE r.permit_number = p.number" \
  " AND " KIOSK_VOUCHER_PENDING_SQL ("pay", "?2") ")"

char *
kiosk_mask_name (const char *name)
{
  g_auto(GStrv) words = NULL;
  GString *masked = g_string_new (NULL);
  guint shown = 0;

  if (name == NULL)
    return g_string_free (masked, FALSE);

  words = g_strsplit_set (name, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0' || !g_utf8_validate (words[i], -1, NULL))
        continue;
      if (shown++ > 0)
        g_string_append_c (masked, ' ');
      if (shown == 1)
        g_string_append (masked, words[i]);
      else
        {
          g_string_append_len (masked, words[i], g_utf8_next_char (words[i]) - words[i]);
          g_string_append_c (masked, '.');
        }
    }
  return g_string_free (masked, FALSE);
}

void
kiosk_licence_free (KioskLicence *licence)
{
  if (licence == NULL)
    return;
  g_free (licence->number);
  g_free (licence->kind);
  g_free (licence->holder_ar);
  g_free (licence->holder_en);
  g_free (licence->cr_number);
  g_free (licence->plate);
  g_free (licence->fee_variant);
  g_free (licence->activity_ar);
  g_free (licence->activity_en);
  g_free (licence->expires_on);
  g_free (licence->status);
  g_free (licence->block_reason);
  g_free (licence->wilayat_ar);
  g_free (licence->wilayat_en);
  g_free (licence);
}

void
kiosk_vehicle_permit_free (KioskVehiclePermit *permit)
{
  if (permit == NULL)
    return;
  g_free (permit->number);
  g_free (permit->plate);
  g_free (permit->zone_code);
  g_free (permit->zone_ar);
  g_free (permit->zone_en);
  g_free (permit->holder_ar);
  g_free (permit->holder_en);
  g_free (permit->expires_on);
  g_free (permit->status);
  g_free (permit);
}

/* The canonical form of `value` for the kind of look-up, or NULL with the validator's error. */
static char *
canonical_key (KioskLookupBy  by,
               gboolean       permit,
               const char    *value,
               GError       **error)
{
  switch (by)
    {
    case KIOSK_LOOKUP_BY_NUMBER:
      /* Permit numbers are like VP-2026-00017: upper-case Latin, digits in either set. */
      if (permit)
        {
          g_autofree char *latin = value ? kiosk_digits_to_latin (value) : NULL;
          g_autofree char *clean = latin ? kiosk_validate_text (latin, 24, TRUE, error) : NULL;

          if (value == NULL)
            g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_EMPTY, "no permit number");
          if (clean == NULL)
            return NULL;
          for (const char *p = clean; *p; p++)
            if (!g_ascii_isalnum (*p) && *p != '-')
              {
                g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                             "a permit number has letters, digits and dashes only");
                return NULL;
              }
          return g_ascii_strup (clean, -1);
        }
      return kiosk_validate_licence_number (value, error);
    case KIOSK_LOOKUP_BY_CR:
      return kiosk_validate_cr_number (value, error);
    case KIOSK_LOOKUP_BY_PLATE:
      return kiosk_validate_plate (value, error);
    default:
      g_return_val_if_reached (NULL);
    }
}

GPtrArray *
kiosk_lookup_licences (KioskStore    *store,
                       KioskLookupBy  by,
                       const char    *value,
                       GError       **error)
{
  static const char *where[] = { "l.number = ?1", "l.cr_number = ?1", "l.plate = ?1" };
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (
    (GDestroyNotify) kiosk_licence_free);
  g_autofree char *key = canonical_key (by, FALSE, value, error);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (key == NULL)
    return NULL;

  sql = g_strdup_printf ("SELECT l.number, l.kind, l.holder_name_ar, l.holder_name_en,"
                         " l.cr_number, l.plate, l.fee_variant, l.activity_ar, l.activity_en,"
                         " l.expires_on, l.status, l.block_reason,"
                         " (SELECT count (*) FROM fines f WHERE l.kind = 'vehicle'"
                         "  AND f.plate = l.plate AND f.status = 'unpaid'),"
                         " EXISTS (SELECT 1 FROM licence_renewals r JOIN payments p"
                         "  ON p.uuid = r.payment_uuid WHERE r.licence_number = l.number"
                         "  AND " KIOSK_VOUCHER_PENDING_SQL ("p", "?2") "),"
                         " w.name_ar, w.name_en"
                         " FROM licences l LEFT JOIN wilayats w ON w.code = l.wilayat_code"
                         " WHERE %s ORDER BY l.expires_on, l.number LIMIT 20",
                         where[by]);
  stmt = kiosk_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  kiosk_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, kiosk_store_now (store));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KioskLicence *licence = g_new0 (KioskLicence, 1);

      licence->number = kiosk_column_dup_text (stmt, 0);
      licence->kind = kiosk_column_dup_text (stmt, 1);
      licence->holder_ar = kiosk_mask_name ((const char *) sqlite3_column_text (stmt, 2));
      licence->holder_en = kiosk_mask_name ((const char *) sqlite3_column_text (stmt, 3));
      licence->cr_number = kiosk_column_dup_text (stmt, 4);
      licence->plate = kiosk_column_dup_text (stmt, 5);
      licence->fee_variant = kiosk_column_dup_text (stmt, 6);
      licence->activity_ar = kiosk_column_dup_text (stmt, 7);
      licence->activity_en = kiosk_column_dup_text (stmt, 8);
      licence->expires_on = kiosk_column_dup_text (stmt, 9);
      licence->status = kiosk_column_dup_text (stmt, 10);
      licence->block_reason = kiosk_column_dup_text (stmt, 11);
      licence->unpaid_fines = (guint) sqlite3_column_int (stmt, 12);
      licence->awaiting_counter = sqlite3_column_int (stmt, 13) != 0;
      licence->wilayat_ar = kiosk_column_dup_text (stmt, 14);
      licence->wilayat_en = kiosk_column_dup_text (stmt, 15);
      g_ptr_array_add (found, licence);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kiosk_store_fail (store, rc, "look up licences", error);
      return NULL;
    }
  return g_steal_pointer (&found);
}

GPtrArray *
kiosk_lookup_vehicle_permits (KioskStore    *store,
                              KioskLookupBy  by,
                              const char    *value,
                              GError       **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (
    (GDestroyNotify) kiosk_vehicle_permit_free);
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (by == KIOSK_LOOKUP_BY_CR)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "vehicle permits are found by number or plate");
      return NULL;
    }
  key = canonical_key (by, TRUE, value, error);
  if (key == NULL)
    return NULL;

  stmt = kiosk_store_prepare (store,
                              by == KIOSK_LOOKUP_BY_NUMBER
                              ? "SELECT p.number, p.plate, p.zone_code,"
                                " coalesce (z.name_ar, p.zone_code), coalesce (z.name_en,"
                                " p.zone_code), p.holder_name_ar, p.holder_name_en, p.expires_on,"
                                " p.status, " PERMIT_PENDING
                                " FROM vehicle_permits p LEFT JOIN parking_zones z"
                                " ON z.code = p.zone_code WHERE p.number = ?1 LIMIT 20"
                              : "SELECT p.number, p.plate, p.zone_code,"
                                " coalesce (z.name_ar, p.zone_code), coalesce (z.name_en,"
                                " p.zone_code), p.holder_name_ar, p.holder_name_en, p.expires_on,"
                                " p.status, " PERMIT_PENDING
                                " FROM vehicle_permits p LEFT JOIN parking_zones z"
                                " ON z.code = p.zone_code WHERE p.plate = ?1"
                                " ORDER BY p.expires_on LIMIT 20",
                              error);
  if (stmt == NULL)
    return NULL;
  kiosk_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, kiosk_store_now (store));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KioskVehiclePermit *permit = g_new0 (KioskVehiclePermit, 1);

      permit->number = kiosk_column_dup_text (stmt, 0);
      permit->plate = kiosk_column_dup_text (stmt, 1);
      permit->zone_code = kiosk_column_dup_text (stmt, 2);
      permit->zone_ar = kiosk_column_dup_text (stmt, 3);
      permit->zone_en = kiosk_column_dup_text (stmt, 4);
      permit->holder_ar = kiosk_mask_name ((const char *) sqlite3_column_text (stmt, 5));
      permit->holder_en = kiosk_mask_name ((const char *) sqlite3_column_text (stmt, 6));
      permit->expires_on = kiosk_column_dup_text (stmt, 7);
      permit->status = kiosk_column_dup_text (stmt, 8);
      permit->awaiting_counter = sqlite3_column_int (stmt, 9) != 0;
      g_ptr_array_add (found, permit);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kiosk_store_fail (store, rc, "look up permits", error);
      return NULL;
    }
  return g_steal_pointer (&found);
}
