/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The municipal services guide: lists, detail and a ranked search over both languages. */
#define G_LOG_DOMAIN "kiosk-service-guide"

#include "config.h"

#include "kiosk-service-guide.h"

#include <string.h>

#include "kiosk-store-private.h"
#include "kiosk-validate.h"

/* An entry with the words the search looks at; the order of `Field` is the ranking's. */
typedef enum
{
  FIELD_NAME,
  FIELD_KEYWORDS,
  FIELD_CATEGORY,
  FIELD_SUMMARY,
  FIELD_REST,
  N_FIELDS
} Field;

static const guint field_weight[N_FIELDS] = { 10, 7, 4, 3, 1 };

/* A visitor's search is a few words; more say nothing new and only cost time. */
#define MAX_QUERY_WORDS 8

#define ENTRY_SQL \
  "SELECT g.id, g.category, c.name_ar, c.name_en, g.name_ar, g.name_en, g.summary_ar," \
  " g.summary_en, g.eligibility_ar, g.eligibility_en, g.documents_ar, g.documents_en," \
  " g.fee_ar, g.fee_en, coalesce (g.fee_baisa, -1)," \
  " CASE WHEN s.enabled = 1 THEN g.kiosk_service END, g.website_url, g.app_ar, g.app_en," \
  " g.office_ar, g.office_en, g.office_wilayat, w.name_ar, w.name_en, g.hours_ar," \
  " g.hours_en, g.keywords" \
  " FROM service_guide g JOIN service_guide_categories c ON c.code = g.category" \
  " LEFT JOIN service_catalog s ON s.code = g.kiosk_service" \
  " LEFT JOIN wilayats w ON w.code = g.office_wilayat" \
  " WHERE (?1 IS NULL OR g.category = ?1) AND (?2 IS NULL OR g.id = ?2)" \
  " ORDER BY c.sort_order, c.code, g.sort_order, g.id"
#define KEYWORDS_COLUMN 26

void
kiosk_guide_category_free (KioskGuideCategory *category)
{
  if (category == NULL)
    return;
  g_free (category->code);
  g_free (category->name_ar);
  g_free (category->name_en);
  g_free (category->icon);
  g_free (category);
}

void
kiosk_guide_entry_free (KioskGuideEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->category);
  g_free (entry->category_ar);
  g_free (entry->category_en);
  g_free (entry->name_ar);
  g_free (entry->name_en);
  g_free (entry->summary_ar);
  g_free (entry->summary_en);
  g_free (entry->eligibility_ar);
  g_free (entry->eligibility_en);
  g_free (entry->documents_ar);
  g_free (entry->documents_en);
  g_free (entry->fee_ar);
  g_free (entry->fee_en);
  g_free (entry->kiosk_service);
  g_free (entry->website_url);
  g_free (entry->app_ar);
  g_free (entry->app_en);
  g_free (entry->office_ar);
  g_free (entry->office_en);
  g_free (entry->office_wilayat);
  g_free (entry->office_wilayat_ar);
  g_free (entry->office_wilayat_en);
  g_free (entry->hours_ar);
  g_free (entry->hours_en);
  g_free (entry);
}

static KioskGuideEntry *
read_entry (sqlite3_stmt *stmt)
{
  KioskGuideEntry *entry = g_new0 (KioskGuideEntry, 1);
  char **text[] = {
    &entry->id, &entry->category, &entry->category_ar, &entry->category_en, &entry->name_ar,
    &entry->name_en, &entry->summary_ar, &entry->summary_en, &entry->eligibility_ar,
    &entry->eligibility_en, &entry->documents_ar, &entry->documents_en, &entry->fee_ar,
    &entry->fee_en,
  };
  char **more[] = {
    &entry->kiosk_service, &entry->website_url, &entry->app_ar, &entry->app_en,
    &entry->office_ar, &entry->office_en, &entry->office_wilayat, &entry->office_wilayat_ar,
    &entry->office_wilayat_en, &entry->hours_ar, &entry->hours_en,
  };
  int column = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (text); i++)
    *text[i] = kiosk_column_dup_text (stmt, column++);
  entry->fee_baisa = sqlite3_column_int64 (stmt, column++);
  for (gsize i = 0; i < G_N_ELEMENTS (more); i++)
    *more[i] = kiosk_column_dup_text (stmt, column++);
  return entry;
}

/* Every entry of `category` (NULL: all) or the one `id`, in display order; with
 * `out_keywords`, each entry's keywords in a parallel array. */
static GPtrArray *
query_entries (KioskStore  *store,
               const char  *category,
               const char  *id,
               GPtrArray  **out_keywords,
               GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (
    (GDestroyNotify) kiosk_guide_entry_free);
  g_autoptr(GPtrArray) keywords = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = kiosk_store_prepare (store, ENTRY_SQL, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  kiosk_bind_text (stmt, 1, category);
  kiosk_bind_text (stmt, 2, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (entries, read_entry (stmt));
      g_ptr_array_add (keywords, kiosk_column_dup_text (stmt, KEYWORDS_COLUMN));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kiosk_store_fail (store, rc, "read the services guide", error);
      return NULL;
    }
  if (out_keywords != NULL)
    *out_keywords = g_steal_pointer (&keywords);
  return g_steal_pointer (&entries);
}

GPtrArray *
kiosk_service_guide_list_categories (KioskStore  *store,
                                     GError     **error)
{
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (
    (GDestroyNotify) kiosk_guide_category_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kiosk_store_prepare (store,
                              "SELECT c.code, c.name_ar, c.name_en, c.icon, count (*)"
                              " FROM service_guide_categories c"
                              " JOIN service_guide g ON g.category = c.code"
                              " GROUP BY c.code ORDER BY c.sort_order, c.code",
                              error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KioskGuideCategory *category = g_new0 (KioskGuideCategory, 1);

      category->code = kiosk_column_dup_text (stmt, 0);
      category->name_ar = kiosk_column_dup_text (stmt, 1);
      category->name_en = kiosk_column_dup_text (stmt, 2);
      category->icon = kiosk_column_dup_text (stmt, 3);
      category->n_entries = (guint) sqlite3_column_int (stmt, 4);
      g_ptr_array_add (categories, category);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kiosk_store_fail (store, rc, "read the services guide", error);
      return NULL;
    }
  return g_steal_pointer (&categories);
}

GPtrArray *
kiosk_service_guide_list_entries (KioskStore  *store,
                                  const char  *category,
                                  GError     **error)
{
  g_return_val_if_fail (category != NULL, NULL);

  return query_entries (store, category, NULL, NULL, error);
}

KioskGuideEntry *
kiosk_service_guide_get (KioskStore  *store,
                         const char  *id,
                         GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (id != NULL, NULL);

  entries = query_entries (store, NULL, id, NULL, error);
  if (entries == NULL)
    return NULL;
  if (entries->len == 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_FOUND, "no service %s in the guide", id);
      return NULL;
    }
  return g_ptr_array_steal_index (entries, 0);
}

/* Normalisation ------------------------------------------------------------------------- */

static gunichar
fold_arabic (gunichar c)
{
  switch (c)
    {
    case 0x0671:  /* alef wasla (the other alef forms decompose to alef + a mark) */
      return 0x0627;
    case 0x0629:  /* taa marbuta → haa */
      return 0x0647;
    case 0x0649:  /* alef maqsura → yaa */
      return 0x064A;
    default:
      return c;
    }
}

char *
kiosk_service_guide_normalize (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean pending_space = FALSE;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  /* Compatibility decomposition: أ إ آ ؤ ئ become their letter and a combining hamza or
   * madda (dropped below with the other marks), presentation forms become letters. */
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  if (decomposed == NULL)
    return g_strdup ("");

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);
      int digit = kiosk_digit_value (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK ||
          type == G_UNICODE_SPACING_MARK || type == G_UNICODE_FORMAT || c == 0x0640)
        continue;
      if (digit >= 0)
        c = '0' + (gunichar) digit;
      else if (!g_unichar_isalnum (c))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, fold_arabic (c));
    }
  return g_utf8_casefold (out->str, -1);
}

/* Search -------------------------------------------------------------------------------- */

static gboolean
is_arabic_letter (gunichar c)
{
  return c >= 0x0621 && c <= 0x064A;
}

/* The query's words as they are matched: the Arabic article ال is dropped from a word's start
 * (the entries' words may carry it or not: "الرخصة", "رخصة"), an English plural -s too;
 * one-letter words other than numbers say nothing and are left out. */
static GPtrArray *
query_words (const char *query)
{
  g_autofree char *normal = kiosk_service_guide_normalize (query);
  g_auto(GStrv) words = g_strsplit (normal, " ", -1);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; words[i] != NULL && out->len < MAX_QUERY_WORDS; i++)
    {
      char *word = words[i];
      glong n = g_utf8_strlen (word, -1);

      if (g_str_has_prefix (word, "ال") && n >= 4)
        {
          word += strlen ("ال");
          n -= 2;
        }
      else if (n >= 4 && !is_arabic_letter (g_utf8_get_char (word)) && g_str_has_suffix (word, "s")
               && !g_str_has_suffix (word, "ss"))
        {
          word[strlen (word) - 1] = '\0';
          n--;
        }
      if (n < 2 && !g_ascii_isdigit (*word))
        continue;
      if (!g_ptr_array_find_with_equal_func (out, word, g_str_equal, NULL))
        g_ptr_array_add (out, g_strdup (word));
    }
  return out;
}

/* How well `word` is found in `haystack`: 0 not at all, 1 inside a word, 2 at a word's start
 * (or after the article ال). */
static guint
find_word (const char *haystack,
           const char *word)
{
  guint best = 0;

  for (const char *hit = strstr (haystack, word); hit != NULL; hit = strstr (hit + 1, word))
    {
      gboolean at_start = hit == haystack || hit[-1] == ' ' ||
                          (hit - haystack >= (gssize) strlen ("ال") &&
                           strncmp (hit - strlen ("ال"), "ال", strlen ("ال")) == 0 &&
                           (hit - strlen ("ال") == haystack || hit[-(gssize) strlen ("ال") - 1] == ' '));

      best = MAX (best, at_start ? 2u : 1u);
      if (best == 2)
        break;
    }
  return best;
}

typedef struct
{
  KioskGuideEntry *entry;
  guint            score;
  guint            order;
} Hit;

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static char *
join_normalized (const char *first,
                 ...)
{
  g_autoptr(GString) joined = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (const char *text = first; text != NULL; text = va_arg (args, const char *))
    {
      g_autofree char *normal = kiosk_service_guide_normalize (text);

      if (*normal == '\0')
        continue;
      if (joined->len > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, normal);
    }
  va_end (args);
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

GPtrArray *
kiosk_service_guide_search (KioskStore  *store,
                            const char  *query,
                            GError     **error)
{
  g_autoptr(GPtrArray) words = query_words (query);
  g_autoptr(GPtrArray) keywords = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  g_autofree char *phrase = kiosk_service_guide_normalize (query);
  GPtrArray *found;

  entries = query_entries (store, NULL, NULL, &keywords, error);
  if (entries == NULL)
    return NULL;
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_guide_entry_free);
  if (words->len == 0)
    return found;

  for (guint i = 0; i < entries->len; i++)
    {
      KioskGuideEntry *e = g_ptr_array_index (entries, i);
      char *fields[N_FIELDS] = {
        join_normalized (e->name_ar, e->name_en, NULL),
        join_normalized (g_ptr_array_index (keywords, i), NULL),
        join_normalized (e->category_ar, e->category_en, NULL),
        join_normalized (e->summary_ar, e->summary_en, NULL),
        join_normalized (e->eligibility_ar, e->eligibility_en, e->documents_ar, e->documents_en,
                         e->fee_ar, e->fee_en, e->app_ar, e->app_en, e->office_ar, e->office_en,
                         e->office_wilayat_ar, e->office_wilayat_en, NULL),
      };
      guint score = 0;
      gboolean all = TRUE;

      for (guint w = 0; all && w < words->len; w++)
        {
          guint best = 0;

          for (guint f = 0; f < N_FIELDS; f++)
            best = MAX (best, field_weight[f] * find_word (fields[f], g_ptr_array_index (words, w)));
          all = best > 0;
          score += best;
        }
      /* The visitor typed (most of) the service's name. */
      if (all && strlen (phrase) >= 4 && strstr (fields[FIELD_NAME], phrase) != NULL)
        score += 20;
      if (all)
        {
          Hit hit = { e, score, i };
          g_array_append_val (hits, hit);
        }
      for (guint f = 0; f < N_FIELDS; f++)
        g_free (fields[f]);
    }

  g_array_sort (hits, compare_hits);
  /* The hits point into `entries`: they move to the result without a copy. */
  g_ptr_array_set_free_func (entries, NULL);
  for (guint i = 0; i < hits->len; i++)
    {
      Hit *hit = &g_array_index (hits, Hit, i);

      g_ptr_array_add (found, hit->entry);
      entries->pdata[hit->order] = NULL;
    }
  for (guint i = 0; i < entries->len; i++)
    kiosk_guide_entry_free (g_ptr_array_index (entries, i));
  return found;
}
