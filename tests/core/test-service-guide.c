/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The municipal services guide at the kiosk: the one normalisation that makes Arabic spelled
 * any usual way (hamza, taa marbuta, alef maqsura, diacritics, tatweel, Arabic-Indic digits)
 * and English in any case find the same services; ranked search, the empty answer, browsing
 * by category and the detail that says where to go. */
#define G_LOG_DOMAIN "test-service-guide"

#include "config.h"

#include "kiosk-error.h"
#include "kiosk-pull.h"
#include "kiosk-service-guide.h"
#include "kiosk-store-private.h"
#include "kiosk-test-util.h"

static void
test_normalize (void)
{
  static const struct { const char *in, *out; } cases[] = {
    /* Hamza and alef forms. */
    { "أحمد", "احمد" },
    { "إسلام", "اسلام" },
    { "آمنة", "امنه" },
    { "ٱلرحمن", "الرحمن" },
    { "مؤسسة", "موسسه" },
    { "البيئة", "البييه" },
    /* Taa marbuta, alef maqsura. */
    { "رخصة", "رخصه" },
    { "مستشفى", "مستشفي" },
    /* Diacritics (fatha, damma, kasra, sukun, shadda, tanween, dagger alef) and tatweel. */
    { "رُخْصَةُ بِنَاءٍ", "رخصه بناء" },
    { "مُحَمَّدٌ", "محمد" },
    { "هٰذا", "هذا" },
    { "رخـــصة", "رخصه" },
    /* Presentation forms (lam-alef ligature). */
    { "ﻻ", "لا" },
    /* Digits: Arabic-Indic and Eastern Arabic-Indic to 0-9. */
    { "١١١١", "1111" },
    { "۴۵", "45" },
    /* English: case, accents, punctuation. */
    { "Building PERMIT!", "building permit" },
    { "Café", "cafe" },
    { "  health-card,  renewal ", "health card renewal" },
    { "", "" },
    { "؟!.،", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normal = kiosk_service_guide_normalize (cases[i].in);

      g_test_message ("%s", cases[i].in);
      g_assert_cmpstr (normal, ==, cases[i].out);
    }

  /* Invalid UTF-8 is nothing to search for, not a crash. */
  {
    g_autofree char *normal = kiosk_service_guide_normalize ("\xff\xfe");
    g_assert_cmpstr (normal, ==, "");
  }
  {
    g_autofree char *normal = kiosk_service_guide_normalize (NULL);
    g_assert_cmpstr (normal, ==, "");
  }
}

static GPtrArray *
search (KioskStore *store,
        const char *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *found = kiosk_service_guide_search (store, query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

static const char *
first_id (GPtrArray *found)
{
  g_assert_cmpuint (found->len, >, 0);
  return ((KioskGuideEntry *) g_ptr_array_index (found, 0))->id;
}

static gboolean
contains (GPtrArray  *found,
          const char *id)
{
  for (guint i = 0; i < found->len; i++)
    if (g_str_equal (((KioskGuideEntry *) g_ptr_array_index (found, i))->id, id))
      return TRUE;
  return FALSE;
}

static void
test_search_arabic_variants (KioskTestFixture *f,
                             gconstpointer     data)
{
  /* The same service, typed as visitors type it. */
  static const char *const building[] = {
    "رخصة بناء", "رخصه بناء", "رُخْصَة بِنَاء", "رخصة البناء", "الرخصة بناء", "رخـصة  بناء",
  };
  static const char *const health[] = {
    "البطاقة الصحية", "البطاقه الصحيه", "بطاقة صحية", "بطاقه صحيه",
  };

  for (guint i = 0; i < G_N_ELEMENTS (building); i++)
    {
      g_autoptr(GPtrArray) found = search (f->store, building[i]);

      g_test_message ("%s", building[i]);
      g_assert_cmpstr (first_id (found), ==, "building_permit");
    }
  for (guint i = 0; i < G_N_ELEMENTS (health); i++)
    {
      g_autoptr(GPtrArray) found = search (f->store, health[i]);

      g_test_message ("%s", health[i]);
      g_assert_cmpstr (first_id (found), ==, "health_card");
    }

  /* Hamza on the alef: "إلغاء" typed with a bare alef, and alef maqsura for yaa. */
  {
    g_autoptr(GPtrArray) with = search (f->store, "إلغاء ترخيص");
    g_autoptr(GPtrArray) without = search (f->store, "الغاء ترخيص");

    g_assert_cmpstr (first_id (with), ==, "shop_licence_cancel");
    g_assert_cmpstr (first_id (without), ==, "shop_licence_cancel");
  }
  {
    g_autoptr(GPtrArray) found = search (f->store, "مقبرة");
    g_autoptr(GPtrArray) plural = search (f->store, "المقابر");

    g_assert_cmpstr (first_id (found), ==, "cemetery_services");
    g_assert_cmpstr (first_id (plural), ==, "cemetery_services");
  }
  /* The call centre's number in either digit set finds the same entries. */
  {
    g_autoptr(GPtrArray) latin = search (f->store, "1111");
    g_autoptr(GPtrArray) arabic = search (f->store, "١١١١");

    g_assert_cmpuint (latin->len, >, 0);
    g_assert_cmpuint (latin->len, ==, arabic->len);
    for (guint i = 0; i < latin->len; i++)
      g_assert_cmpstr (((KioskGuideEntry *) latin->pdata[i])->id, ==,
                       ((KioskGuideEntry *) arabic->pdata[i])->id);
  }
}

static void
test_search_english (KioskTestFixture *f,
                     gconstpointer     data)
{
  g_autoptr(GPtrArray) permit = search (f->store, "building permit");
  g_autoptr(GPtrArray) shouting = search (f->store, "BUILDING PERMIT");
  g_autoptr(GPtrArray) health = search (f->store, "Health card");
  g_autoptr(GPtrArray) stall = search (f->store, "market stall");
  g_autoptr(GPtrArray) licences = search (f->store, "licences");
  g_autoptr(GPtrArray) cemetery = search (f->store, "cemetery");

  g_assert_cmpstr (first_id (permit), ==, "building_permit");
  g_assert_cmpstr (first_id (shouting), ==, "building_permit");
  g_assert_cmpuint (permit->len, ==, shouting->len);
  g_assert_cmpstr (first_id (health), ==, "health_card");
  g_assert_cmpstr (first_id (stall), ==, "market_stall");
  g_assert_cmpstr (first_id (cemetery), ==, "cemetery_services");
  /* A plural finds the singular, and a word in many names finds them all. */
  g_assert_true (contains (licences, "shop_licence_renewal"));
  g_assert_true (contains (licences, "vehicle_licence_renewal"));
  g_assert_true (contains (licences, "shop_licence_new"));
}

static void
test_search_ranks_name_first (KioskTestFixture *f,
                              gconstpointer     data)
{
  /* "permit" is in many names and summaries; the entries named for it come before those
   * that only mention it. */
  g_autoptr(GPtrArray) found = search (f->store, "excavation");
  g_autoptr(GPtrArray) parking = search (f->store, "parking permit");

  g_assert_cmpstr (first_id (found), ==, "excavation_permit");
  g_assert_cmpstr (first_id (parking), ==, "parking_permit");
  g_assert_true (contains (parking, "vehicle_permit_renewal"));
}

static void
test_search_no_result (KioskTestFixture *f,
                       gconstpointer     data)
{
  static const char *const nothing[] = {
    "xyzzy", "سفينة فضاء", "", "   ", "و", "؟", "building xyzzy",
  };

  for (guint i = 0; i < G_N_ELEMENTS (nothing); i++)
    {
      g_autoptr(GPtrArray) found = search (f->store, nothing[i]);

      g_test_message ("\"%s\"", nothing[i]);
      g_assert_cmpuint (found->len, ==, 0);
    }
}

static void
test_categories_and_entries (KioskTestFixture *f,
                             gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = kiosk_service_guide_list_categories (f->store, &error);
  g_autoptr(GPtrArray) vehicles = NULL;
  g_autoptr(GPtrArray) unknown = NULL;
  guint total = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (categories->len, >=, 8);
  for (guint i = 0; i < categories->len; i++)
    {
      KioskGuideCategory *category = g_ptr_array_index (categories, i);
      g_autoptr(GPtrArray) entries = kiosk_service_guide_list_entries (f->store, category->code,
                                                                       &error);

      g_assert_no_error (error);
      g_assert_cmpuint (entries->len, ==, category->n_entries);
      g_assert_cmpstr (category->name_ar, !=, "");
      g_assert_cmpstr (category->name_en, !=, "");
      total += category->n_entries;
    }
  g_assert_cmpint (total, ==, kiosk_test_count_rows (f->store, "service_guide"));
  g_assert_cmpuint (total, >=, 30);
  g_assert_cmpstr (((KioskGuideCategory *) categories->pdata[0])->code, ==, "reports");

  vehicles = kiosk_service_guide_list_entries (f->store, "vehicles", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((KioskGuideEntry *) vehicles->pdata[0])->id, ==, "vehicle_licence_renewal");

  unknown = kiosk_service_guide_list_entries (f->store, "no_such_category", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unknown->len, ==, 0);
}

static void
test_detail_says_where_to_go (KioskTestFixture *f,
                              gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskGuideEntry) fines = kiosk_service_guide_get (f->store, "parking_fines", &error);
  g_autoptr(KioskGuideEntry) stall = NULL;
  g_autoptr(KioskGuideEntry) missing = NULL;
  g_autoptr(KioskGuideEntry) disabled = NULL;
  g_autoptr(GPtrArray) kiosk_entries = NULL;
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_no_error (error);
  g_assert_cmpstr (fines->kiosk_service, ==, "fines");
  g_assert_cmpstr (fines->category_en, ==, "Vehicles and parking");

  stall = kiosk_service_guide_get (f->store, "market_stall", &error);
  g_assert_no_error (error);
  g_assert_null (stall->kiosk_service);
  g_assert_cmpstr (stall->office_wilayat, ==, "SEB");
  g_assert_cmpstr (stall->office_wilayat_ar, ==, "السيب");
  g_assert_cmpstr (stall->office_wilayat_en, ==, "Seeb");
  g_assert_cmpstr (stall->hours_en, !=, "");
  g_assert_true (g_str_has_prefix (stall->website_url, "https://"));
  g_assert_cmpint (stall->fee_baisa, ==, -1);
  g_assert_true (g_strstr_len (stall->documents_en, -1, "\n") != NULL);

  missing = kiosk_service_guide_get (f->store, "no_such_service", &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND);
  g_assert_null (missing);
  g_clear_error (&error);

  /* The nine services this kiosk performs are each in the guide with their flow's code. */
  kiosk_entries = kiosk_test_query_column (f->store, "SELECT id FROM service_guide"
                                           " WHERE kiosk_service IS NOT NULL", NULL);
  for (guint i = 0; i < kiosk_entries->len; i++)
    {
      g_autoptr(KioskGuideEntry) entry = kiosk_service_guide_get (f->store,
                                                                  kiosk_entries->pdata[i],
                                                                  &error);

      g_assert_no_error (error);
      g_assert_nonnull (entry->kiosk_service);
      g_hash_table_add (codes, (gpointer) g_intern_string (entry->kiosk_service));
    }
  g_assert_cmpuint (g_hash_table_size (codes), ==, 9);

  /* A service switched off in the catalogue is not offered to start here. */
  g_assert_true (kiosk_store_exec (f->store, "UPDATE service_catalog SET enabled = 0"
                                   " WHERE code = 'fines'", &error));
  disabled = kiosk_service_guide_get (f->store, "parking_fines", &error);
  g_assert_no_error (error);
  g_assert_null (disabled->kiosk_service);
}

/* A feed reset that clears the wilayats (and brings one back) without the guide: the entries
 * stay and lose only their office's wilayat, until the guide itself comes again (a server's
 * reset lists every dataset, so it does in the same page). */
static void
test_reset_of_wilayats_keeps_entries (KioskTestFixture *f,
                                      gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskGuideEntry) stall = NULL;
  g_autoptr(KioskGuideEntry) fines = NULL;
  gint64 entries = kiosk_test_count_rows (f->store, "service_guide");
  const char *page = "{\"reset\":true,\"datasets\":[\"wilayats\",\"areas\","
                     "\"parking_zones\"],\"has_more\":false,\"next_cursor\":\"r:1\","
                     "\"changes\":[{\"dataset\":\"wilayats\",\"op\":\"upsert\","
                     "\"key\":\"MTR\",\"data\":{\"code\":\"MTR\",\"name_ar\":\"مطرح\","
                     "\"name_en\":\"Muttrah\"}}]}";

  g_assert_true (kiosk_pull_apply_page (f->store, page, -1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_test_count_rows (f->store, "service_guide"), ==, entries);

  stall = kiosk_service_guide_get (f->store, "market_stall", &error);
  g_assert_no_error (error);
  g_assert_null (stall->office_wilayat);
  g_assert_null (stall->office_wilayat_en);
  g_assert_cmpstr (stall->office_en, !=, "");
  fines = kiosk_service_guide_get (f->store, "impounded_vehicle_release", &error);
  g_assert_no_error (error);
  g_assert_null (fines->office_wilayat);
  g_assert_cmpstr (fines->office_en, !=, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/service-guide/normalize-arabic-and-english", test_normalize);
#define ADD(path, func) \
  g_test_add (path, KioskTestFixture, NULL, kiosk_test_fixture_set_up_seeded, func, \
              kiosk_test_fixture_tear_down)
  ADD ("/kiosk/service-guide/search-arabic-spelling-variants", test_search_arabic_variants);
  ADD ("/kiosk/service-guide/search-english-any-case", test_search_english);
  ADD ("/kiosk/service-guide/search-ranks-names-first", test_search_ranks_name_first);
  ADD ("/kiosk/service-guide/search-no-result-is-empty", test_search_no_result);
  ADD ("/kiosk/service-guide/categories-and-entries", test_categories_and_entries);
  ADD ("/kiosk/service-guide/detail-says-where-to-go", test_detail_says_where_to_go);
  ADD ("/kiosk/service-guide/feed-reset-of-wilayats-keeps-entries",
       test_reset_of_wilayats_keeps_entries);
#undef ADD

  return g_test_run ();
}
