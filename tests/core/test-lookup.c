/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Finding licences (by number, commercial registration or plate) and vehicle permits, with
 * holders' names masked and unpaid fines counted for vehicle licences. */
#define G_LOG_DOMAIN "test-lookup"

#include "config.h"

#include "kiosk-error.h"
#include "kiosk-lookup.h"
#include "kiosk-test-util.h"

static void
test_mask_name (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "سالم بن حمد البلوشي", "سالم ب. ح. ا." },
    { "Salim bin Hamad Al Balushi", "Salim b. H. A. B." },
    { "  Aisha   Al   Rawahi ", "Aisha A. R." },
    { "Golden", "Golden" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = kiosk_mask_name (cases[i].in);
      g_assert_cmpstr (masked, ==, cases[i].out);
    }
}

static void
test_licences (KioskTestFixture *f,
               gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) by_number = NULL;
  g_autoptr(GPtrArray) by_cr = NULL;
  g_autoptr(GPtrArray) by_plate = NULL;
  g_autoptr(GPtrArray) none = NULL;
  KioskLicence *licence;

  by_number = kiosk_lookup_licences (f->store, KIOSK_LOOKUP_BY_NUMBER, "١٧٦٥٦٥٥٩", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_number->len, ==, 1);
  licence = by_number->pdata[0];
  g_assert_cmpstr (licence->kind, ==, "shop");
  g_assert_cmpstr (licence->cr_number, ==, "1306216");
  g_assert_cmpstr (licence->expires_on, ==, "2027-05-31");
  g_assert_cmpstr (licence->status, ==, "active");
  g_assert_cmpint (kiosk_test_query_int (f->store, "SELECT holder_name_en != ?1 FROM licences"
                                                   " WHERE number = '17656559'",
                                         licence->holder_en, NULL), ==, 1);

  /* One commercial registration, two shops. */
  by_cr = kiosk_lookup_licences (f->store, KIOSK_LOOKUP_BY_CR, "1306216", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_cr->len, ==, 2);

  by_plate = kiosk_lookup_licences (f->store, KIOSK_LOOKUP_BY_PLATE, "٢٣٣٦ م ه", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_plate->len, ==, 1);
  licence = by_plate->pdata[0];
  g_assert_cmpstr (licence->number, ==, "8127562");
  g_assert_cmpuint (licence->unpaid_fines, ==,
                    kiosk_test_query_int (f->store, "SELECT count (*) FROM fines WHERE plate ="
                                                    " '2336 MH' AND status = 'unpaid'", NULL));
  g_assert_cmpuint (licence->unpaid_fines, ==, 7);
  g_assert_cmpstr (licence->holder_ar, ==, "سالم ب. ح. ا.");

  none = kiosk_lookup_licences (f->store, KIOSK_LOOKUP_BY_NUMBER, "99999999", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  g_assert_null (kiosk_lookup_licences (f->store, KIOSK_LOOKUP_BY_CR, "0123", &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_CR_NUMBER);
  g_clear_error (&error);
  g_assert_null (kiosk_lookup_licences (f->store, KIOSK_LOOKUP_BY_PLATE, "ABC", &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_PLATE);
}

static void
test_permits (KioskTestFixture *f,
              gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) by_number = NULL;
  g_autoptr(GPtrArray) by_plate = NULL;
  KioskVehiclePermit *permit;

  by_number = kiosk_lookup_vehicle_permits (f->store, KIOSK_LOOKUP_BY_NUMBER, "vp-2026-03034",
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_number->len, ==, 1);
  permit = by_number->pdata[0];
  g_assert_cmpstr (permit->plate, ==, "8019 LN");
  g_assert_cmpstr (permit->status, ==, "active");
  g_assert_nonnull (permit->zone_ar);
  g_assert_cmpstr (permit->zone_ar, !=, permit->zone_code);

  by_plate = kiosk_lookup_vehicle_permits (f->store, KIOSK_LOOKUP_BY_PLATE, "8019 ln", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_plate->len, >=, 1);

  g_assert_null (kiosk_lookup_vehicle_permits (f->store, KIOSK_LOOKUP_BY_NUMBER,
                                               "VP' OR '1'='1", &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_null (kiosk_lookup_vehicle_permits (f->store, KIOSK_LOOKUP_BY_CR, "1306216", &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/lookup/mask-name", test_mask_name);
  g_test_add ("/kiosk/lookup/licences-by-number-cr-and-plate", KioskTestFixture, NULL,
              kiosk_test_fixture_set_up_seeded, test_licences, kiosk_test_fixture_tear_down);
  g_test_add ("/kiosk/lookup/vehicle-permits", KioskTestFixture, NULL,
              kiosk_test_fixture_set_up_seeded, test_permits, kiosk_test_fixture_tear_down);

  return g_test_run ();
}
