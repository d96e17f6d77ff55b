/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Simulated visitors: reports with real JPEG photos, fine payments, permits and feedback,
 * all through the core services API so they exercise exactly what the kiosk does. */
#define G_LOG_DOMAIN "kiosk-simulate"

#include "config.h"

#include "kiosk-simulate.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>

#include "kiosk-catalog.h"
#include "kiosk-error.h"
#include "kiosk-photos.h"
#include "kiosk-services.h"

static const char *descriptions[] = {
  "تجمع كبير للمياه بعد الأمطار يغلق جزءاً من الطريق قرب الإشارة الضوئية",
  "حاوية النفايات ممتلئة منذ ثلاثة أيام والروائح منتشرة في الحي",
  "حفرة عميقة في الشارع أمام المسجد تسبب خطراً على السيارات",
  "إنارة الشارع معطلة بالكامل منذ أسبوع",
  "Sewage water overflowing onto the street next to the school gate",
  "Abandoned car with flat tyres parked for months in the public car park",
  "رمي مخلفات بناء على جانب الوادي",
  "Broken pavement tiles near the bus stop, elderly people trip here",
};

static const char *feedback_texts[] = {
  "أقترح إضافة مظلات في مواقف السيارات بالقرب من السوق",
  "متى يتم تجديد الحديقة العامة في الحي؟",
  "Please add more waste bins along the corniche walkway",
  "شكوى: تأخر الرد على البلاغ السابق أكثر من أسبوعين",
};

GBytes *
kiosk_simulate_make_jpeg (guint32 seed,
                          gsize   approx_bytes,
                          GError **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *buffer = NULL;
  gsize size = 0;
  int width, height, stride;
  guchar *pixels;

  if (approx_bytes == 0)
    approx_bytes = 300 * 1024;

  /* Noisy content at quality 85 costs about 0.6 bytes per pixel; a 4:3 frame of that area
   * lands near the asked size without encoding twice. */
  width = MAX (64, (int) sqrt ((double) approx_bytes / 0.6 * 4.0 / 3.0));
  height = MAX (48, width * 3 / 4);

  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  pixels = gdk_pixbuf_get_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guchar *p = pixels + y * stride + x * 3;
        int base = 90 + (y * 120) / height;  /* sky to ground */

        p[0] = (guchar) CLAMP (base + g_rand_int_range (rand, -60, 60), 0, 255);
        p[1] = (guchar) CLAMP (base + 10 + g_rand_int_range (rand, -60, 60), 0, 255);
        p[2] = (guchar) CLAMP (base - 20 + g_rand_int_range (rand, -60, 60), 0, 255);
      }

  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", error, "quality", "85", NULL))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&buffer), size);
}

static const KioskCatalogItem *
pick (GRand     *rand,
      GPtrArray *items)
{
  return g_ptr_array_index (items, g_rand_int_range (rand, 0, (gint32) items->len));
}

static char *
random_phone (GRand *rand)
{
  return g_strdup_printf ("+968%c%07d", g_rand_boolean (rand) ? '9' : '7',
                          g_rand_int_range (rand, 0, 10000000));
}

static gboolean
simulate_report (KioskStore            *store,
                 GRand                 *rand,
                 GPtrArray             *categories,
                 GPtrArray             *wilayats,
                 guint                  n_photos,
                 const KioskSimulation *simulation,
                 GError               **error)
{
  const KioskCatalogItem *wilayat = pick (rand, wilayats);
  g_autoptr(GPtrArray) areas = kiosk_catalog_list_areas (store, wilayat->code, error);
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *phone = NULL;
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  KioskReportInput input = { 0 };

  if (areas == NULL)
    return FALSE;
  if (areas->len == 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "wilayat %s has no areas",
                   wilayat->code);
      return FALSE;
    }

  for (guint i = 0; i < n_photos; i++)
    {
      g_autoptr(GBytes) jpeg = kiosk_simulate_make_jpeg (g_rand_int (rand),
                                                         simulation->photo_bytes, error);
      char *hash;

      if (jpeg == NULL || (hash = kiosk_photos_write (store, jpeg, error)) == NULL)
        return FALSE;
      g_ptr_array_add (hashes, hash);
    }
  g_ptr_array_add (hashes, NULL);

  if (g_rand_int_range (rand, 0, 3) > 0)
    phone = random_phone (rand);

  input.category_code = pick (rand, categories)->code;
  input.wilayat_code = wilayat->code;
  input.area_code = pick (rand, areas)->code;
  input.landmark = "قرب الدوار";
  input.description = descriptions[g_rand_int_range (rand, 0, G_N_ELEMENTS (descriptions))];
  input.phone = phone;
  input.photo_hashes = (const char * const *) hashes->pdata;

  return kiosk_services_file_report (store, &input, &ref, NULL, error);
}

/* One payment for fines (or, once the demo fines are all paid, a parking permit). */
static gboolean
pay_once (KioskStore             *store,
          GPtrArray              *zones,
          const KioskPaymentAuth *auth,
          guint32                 choice_seed,
          GError                **error)
{
  g_autoptr(GRand) choice = g_rand_new_with_seed (choice_seed);
  g_autoptr(GPtrArray) any = kiosk_services_list_unpaid_fines (store, NULL, 0, error);
  g_auto(KioskRecordRef) ref = { NULL, NULL };
  const KioskFine *first = NULL;

  if (any == NULL)
    return FALSE;

  /* A fine held by a voucher waiting for the counter cannot be paid again. */
  for (guint i = 0; i < any->len && first == NULL; i++)
    if (!((KioskFine *) g_ptr_array_index (any, i))->awaiting_counter)
      first = g_ptr_array_index (any, i);

  if (first != NULL)
    {
      g_autoptr(GPtrArray) fines = kiosk_services_list_unpaid_fines (store, first->plate, 0,
                                                                     error);
      g_autoptr(GPtrArray) numbers = g_ptr_array_new ();

      if (fines == NULL)
        return FALSE;
      /* Visitors pay some or all of what their plate owes. */
      for (guint i = 0; i < fines->len; i++)
        {
          const KioskFine *fine = g_ptr_array_index (fines, i);

          if (!fine->awaiting_counter &&
              (g_str_equal (fine->number, first->number) || g_rand_boolean (choice)))
            g_ptr_array_add (numbers, fine->number);
        }
      g_ptr_array_add (numbers, NULL);

      return kiosk_services_pay_fines (store, first->plate,
                                       (const char * const *) numbers->pdata, auth, &ref,
                                       error);
    }
  else
    {
      static const int periods[] = { 1, 3, 6, 12 };
      g_autofree char *plate = g_strdup_printf ("%d %c", g_rand_int_range (choice, 1, 99999),
                                                "ABDHKMRST"[g_rand_int_range (choice, 0, 9)]);

      return kiosk_services_request_parking_permit (store, plate, pick (choice, zones)->code,
                                                    periods[g_rand_int_range (choice, 0, 4)],
                                                    NULL, auth, &ref, error);
    }
}

static gboolean
simulate_payment (KioskStore *store,
                  GRand      *rand,
                  GPtrArray  *zones,
                  GError    **error)
{
  KioskPaymentAuth auth = { KIOSK_PAYMENT_APPROVED_ONLINE, NULL, NULL };
  g_autofree char *auth_code = g_strdup_printf ("%06u", g_rand_int_range (rand, 0, 1000000));
  g_autofree char *last4 = g_strdup_printf ("%04u", g_rand_int_range (rand, 0, 10000));
  guint32 choice_seed = g_rand_int (rand);
  g_autoptr(GError) local_error = NULL;

  auth.auth_code = auth_code;
  auth.card_last4 = last4;
  switch (g_rand_int_range (rand, 0, 10))
    {
    case 0:
      auth.status = KIOSK_PAYMENT_AWAITING_COUNTER;
      auth.auth_code = auth.card_last4 = NULL;
      break;
    case 1:
    case 2:
      auth.status = KIOSK_PAYMENT_APPROVED_OFFLINE;
      break;
    default:
      break;
    }

  if (pay_once (store, zones, &auth, choice_seed, &local_error))
    return TRUE;

  /* Beyond the store-and-forward limits a terminal goes online instead; the same choice
   * of fines is made again (same seed), so the traffic stays deterministic. */
  if (auth.status == KIOSK_PAYMENT_APPROVED_OFFLINE &&
      g_error_matches (local_error, KIOSK_ERROR, KIOSK_ERROR_OFFLINE_LIMIT))
    {
      auth.status = KIOSK_PAYMENT_APPROVED_ONLINE;
      return pay_once (store, zones, &auth, choice_seed, error);
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
kiosk_simulate_run (KioskStore            *store,
                    const KioskSimulation *simulation,
                    KioskSimulationResult *result,
                    KioskSimulateProgress  progress,
                    gpointer               user_data,
                    GError               **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (simulation->seed);
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GPtrArray) wilayats = NULL;
  g_autoptr(GPtrArray) zones = NULL;
  guint total = simulation->reports + simulation->payments + simulation->feedback;
  guint photos_left = simulation->photos;
  KioskSimulationResult done = { 0 };

  if ((categories = kiosk_catalog_list_categories (store, error)) == NULL ||
      (wilayats = kiosk_catalog_list_wilayats (store, error)) == NULL ||
      (zones = kiosk_catalog_list_zones (store, error)) == NULL)
    return FALSE;
  if (categories->len == 0 || wilayats->len == 0 || zones->len == 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND,
                   "the database has no reference data: run `kiosk-admin init --seed demo`");
      return FALSE;
    }
  if (simulation->photos > simulation->reports * 3)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
                   "%u photos do not fit on %u reports (3 each at most)",
                   simulation->photos, simulation->reports);
      return FALSE;
    }

  /* Interleave the kinds the way a day at the kiosk mixes them. */
  for (guint step = 0; step < total; step++)
    {
      guint reports_left = simulation->reports - done.reports;
      guint payments_left = simulation->payments - done.payments;
      guint feedback_left = simulation->feedback - done.feedback;
      guint roll = g_rand_int_range (rand, 0, (gint32) (reports_left + payments_left +
                                                        feedback_left));

      if (roll < reports_left)
        {
          /* Spread photos so that those asked for are all placed by the last report. */
          guint n = MIN (3, (photos_left + reports_left - 1) / reports_left);

          if (!simulate_report (store, rand, categories, wilayats, n, simulation, error))
            return FALSE;
          photos_left -= n;
          done.photos += n;
          done.reports++;
        }
      else if (roll < reports_left + payments_left)
        {
          if (!simulate_payment (store, rand, zones, error))
            return FALSE;
          done.payments++;
        }
      else
        {
          g_auto(KioskRecordRef) ref = { NULL, NULL };
          g_autofree char *phone = g_rand_boolean (rand) ? random_phone (rand) : NULL;

          if (!kiosk_services_submit_feedback (store, g_rand_int_range (rand, 0, 3),
                                               feedback_texts[g_rand_int_range (
                                                 rand, 0, G_N_ELEMENTS (feedback_texts))],
                                               phone, &ref, error))
            return FALSE;
          done.feedback++;
        }

      if (progress != NULL)
        progress (step + 1, total, user_data);
    }

  if (result != NULL)
    *result = done;
  return TRUE;
}
