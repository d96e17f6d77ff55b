/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: signed QR tokens. Time per call (p50/p99) of verifying a receipt against the
 * kiosk's own key and a notice against a trusted server key (each with its SQLite key
 * lookup), refusing a malformed and a forged payload, signing a receipt, and encoding its QR
 * matrix; then the resident memory after a long run of verifications, as a long-running
 * kiosk would do them. `bench-token [N]`, N calls of each (20000). Not a pass/fail test. */
#define G_LOG_DOMAIN "bench-token"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kiosk-keys.h"
#include "kiosk-qr-image.h"
#include "kiosk-store.h"
#include "kiosk-token.h"

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

static void
report (const char *name,
        GArray     *ns)
{
  g_array_sort (ns, compare_gint64);
  printf ("%-22s n=%u p50=%7.1f us p99=%7.1f us\n", name, ns->len,
          g_array_index (ns, gint64, ns->len / 2) / 1000.0,
          g_array_index (ns, gint64, ns->len * 99 / 100) / 1000.0);
}

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("bench-token: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* Resident set size in KiB, from /proc/self/status. */
static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return strtol (line + 6, NULL, 10);
}

typedef gboolean (*Step) (gpointer data);

static void
measure (const char *name,
         guint       n,
         Step        step,
         gpointer    data)
{
  g_autoptr(GArray) ns = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  for (guint i = 0; i < n; i++)
    {
      gint64 start = now_ns (), elapsed;

      if (!step (data))
        die (name, NULL);
      elapsed = now_ns () - start;
      g_array_append_val (ns, elapsed);
    }
  report (name, ns);
}

typedef struct
{
  KioskStore *store;
  const char *text;
  gboolean    expect_ok;
} Verify;

static gboolean
verify_step (gpointer data)
{
  Verify *v = data;
  g_autoptr(KioskToken) token = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = kiosk_token_verify (v->store, v->text, -1, KIOSK_TOKEN_ANY, &token, &error);

  return ok == v->expect_ok;
}

typedef struct
{
  KioskStore             *store;
  const KioskTokenFields *fields;
} Sign;

static gboolean
sign_step (gpointer data)
{
  Sign *s = data;
  g_autofree char *text = kiosk_token_sign (s->store, KIOSK_TOKEN_RECEIPT, s->fields, NULL);

  return text != NULL;
}

static gboolean
qr_step (gpointer data)
{
  g_autoptr(KioskQrMatrix) matrix = kiosk_qr_encode (data, NULL);

  return matrix != NULL && matrix->version <= 10;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 20000;
  g_autofree char *dir = g_dir_make_tmp ("bench-token-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(KioskSigningKey) server = kiosk_signing_key_generate ();
  g_autoptr(KioskSigningKey) stranger = kiosk_signing_key_generate ();
  g_autofree char *uuid = g_uuid_string_random ();
  static const char * const fines[] = { "PF2025-000042", "PF2025-000147", NULL };
  KioskTokenFields receipt = { .reference = "BENCH-261130-0001", .uuid = uuid,
                               .service = "vehicle_licence", .amount = 25000,
                               .time = 1796018400 };
  KioskTokenFields notice = { .fine_numbers = fines, .plate = "9415 H", .amount = 10000,
                              .time = 1735811407 };
  g_autofree char *receipt_text = NULL;
  g_autofree char *notice_text = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *malformed = NULL;
  long rss_before = 0, rss_after;
  guint long_run = n * 10;

  if (dir == NULL || n == 0)
    die ("setup", error);
  path = g_build_filename (dir, "kiosk.db", NULL);
  store = kiosk_store_open (path, KIOSK_STORE_OPEN_DEFAULT, &error);
  if (store == NULL || !kiosk_store_set_identity (store, "BENCH", &error) ||
      !kiosk_keys_ensure_own (store, NULL, &error) ||
      !kiosk_keys_trust (store, "server", kiosk_signing_key_get_public_key (server), 0, 0,
                         &error))
    die ("setup", error);

  receipt_text = kiosk_token_sign (store, KIOSK_TOKEN_RECEIPT, &receipt, &error);
  notice_text = kiosk_token_sign_with_key (server, KIOSK_TOKEN_FINE_NOTICE, &notice, &error);
  forged = kiosk_token_sign_with_key (stranger, KIOSK_TOKEN_FINE_NOTICE, &notice, &error);
  if (receipt_text == NULL || notice_text == NULL || forged == NULL)
    die ("sign", error);
  /* The server's key id in front of a stranger's signature: the full check runs, then fails. */
  {
    g_autofree char *head = g_strndup (notice_text, (gsize) (strrchr (notice_text, '.') -
                                                             notice_text));
    g_autofree char *signed_part = g_strconcat (head, strrchr (forged, '.'), NULL);
    g_free (forged);
    forged = g_steal_pointer (&signed_part);
  }
  malformed = g_strndup (receipt_text, strlen (receipt_text) - 1);

  printf ("token: %zu characters (receipt), %zu (fine notice); %u calls each\n",
          strlen (receipt_text), strlen (notice_text), n);
  measure ("verify own receipt", n, verify_step, &(Verify) { store, receipt_text, TRUE });
  measure ("verify server notice", n, verify_step, &(Verify) { store, notice_text, TRUE });
  measure ("refuse forged", n, verify_step, &(Verify) { store, forged, FALSE });
  measure ("refuse malformed", n, verify_step, &(Verify) { store, malformed, FALSE });
  measure ("sign receipt", n, sign_step, &(Sign) { store, &receipt });
  measure ("encode QR matrix", n, qr_step, receipt_text);

  /* A kiosk verifies for months: the memory it holds must not grow with the count. Half a
   * run settles the heap; the second half, of accepted and refused codes, is measured. */
  for (guint i = 0; i < long_run; i++)
    {
      if (i == long_run / 2)
        rss_before = rss_kib ();
      if (!verify_step (&(Verify) { store, i % 2 ? receipt_text : forged, i % 2 == 1 }))
        die ("long run", NULL);
    }
  rss_after = rss_kib ();
  printf ("resident memory: %ld KiB, then %ld KiB after %u more verifications (%+ld KiB)\n",
          rss_before, rss_after, long_run - long_run / 2, rss_after - rss_before);

  g_clear_pointer (&store, kiosk_store_close);
  {
    const char *names[] = { "kiosk.db", "kiosk.db-wal", "kiosk.db-shm", "kiosk.db.photos" };
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *file = g_build_filename (dir, names[i], NULL);
        g_remove (file);
      }
    g_rmdir (dir);
  }
  return 0;
}
