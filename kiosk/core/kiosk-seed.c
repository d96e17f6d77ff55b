/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Seeds: reference data as SQL, loaded in one transaction. */
#define G_LOG_DOMAIN "kiosk-seed"

#include "config.h"

#include "kiosk-seed.h"

#include <gio/gio.h>

#include "kiosk-store-private.h"

#define SEED_PATH "/om/gov/muscat/kiosk/core/seed/"

gboolean
kiosk_seed_load_sql (KioskStore *store,
                     const char *sql,
                     GError    **error)
{
  g_autoptr(GPtrArray) problems = NULL;

  if (!kiosk_store_begin (store, error))
    return FALSE;
  if (!kiosk_store_exec (store, sql, error))
    goto fail;

  /* Foreign keys are checked per statement; this catches rows the seed left dangling in
   * tables whose constraints SQLite defers. */
  if (!kiosk_store_check_integrity (store, &problems, error))
    goto fail;
  if (problems->len > 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE, "seed is inconsistent: %s",
                   (const char *) g_ptr_array_index (problems, 0));
      goto fail;
    }
  return kiosk_store_commit (store, error);

fail:
  kiosk_store_rollback (store);
  return FALSE;
}

static gboolean
kiosk_store_has_reference_data (KioskStore *store)
{
  sqlite3_stmt *stmt = kiosk_store_prepare (store, "SELECT 1 FROM wilayats LIMIT 1", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

gboolean
kiosk_seed_load (KioskStore *store,
                 const char *name,
                 GError    **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) sql = NULL;

  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      goto unknown;

  /* Reference data is loaded once; later the sync agent's pulls replace it. */
  if (kiosk_store_has_reference_data (store))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFLICT,
                   "%s already has reference data: seed a new database instead",
                   kiosk_store_get_path (store));
      return FALSE;
    }

  path = g_strconcat (SEED_PATH, name, ".sql", NULL);
  sql = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (sql == NULL)
    goto unknown;

  return kiosk_seed_load_sql (store, g_bytes_get_data (sql, NULL), error);

unknown:
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID_VALUE,
               "unknown seed \"%s\" (known: demo)", name);
  return FALSE;
}
