/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every msgstr of ar.po and en.po, set the way the kiosk sets it (fontconfig with the kiosk's
 * setting, assets/fontconfig/kiosk-fonts.conf, picking a font per character as Pango does, in
 * the families of the style sheet), then shaped with HarfBuzz: no glyph is .notdef. Arabic
 * letters come out in Noto Naskh Arabic and Latin ones in Noto Sans. No display needed. */
#define G_LOG_DOMAIN "test-fonts"

#include "config.h"

#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <hb.h>

typedef struct
{
  FcConfig  *config;
  FcFontSet *arabic_screen;   /* right-to-left labels: Naskh first */
  FcFontSet *latin_screen;    /* left-to-right labels: Noto Sans first */
  GHashTable *hb_fonts;       /* "file:index" → hb_font_t */
} Fonts;

static Fonts fonts;

static FcFontSet *
sorted_fonts (const char * const *families,
              const char         *lang)
{
  FcPattern *pattern = FcPatternCreate ();
  FcFontSet *set;
  FcResult result;

  for (guint i = 0; families[i] != NULL; i++)
    FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) families[i]);
  FcPatternAddString (pattern, FC_LANG, (const FcChar8 *) lang);
  FcConfigSubstitute (fonts.config, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);
  set = FcFontSort (fonts.config, pattern, FcFalse, NULL, &result);
  g_assert_nonnull (set);
  g_assert_cmpint (set->nfont, >, 0);
  FcPatternDestroy (pattern);
  return set;
}

static void
fonts_init (void)
{
  /* The families of assets/ui/kiosk.css, window.kiosk and label:dir(ltr). */
  static const char *rtl[] = { "Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", "sans-serif", NULL };
  static const char *ltr[] = { "Noto Sans", "Noto Naskh Arabic", "Noto Sans Arabic", "sans-serif", NULL };
  g_autofree char *conf = g_build_filename (g_getenv ("KIOSK_SOURCE_DIR"), "assets", "fontconfig",
                                            "kiosk-fonts.conf", NULL);

  fonts.config = FcInitLoadConfigAndFonts ();
  g_assert_nonnull (fonts.config);
  g_assert_true (FcConfigParseAndLoad (fonts.config, (const FcChar8 *) conf, FcTrue));
  fonts.arabic_screen = sorted_fonts (rtl, "ar");
  fonts.latin_screen = sorted_fonts (ltr, "en");
  fonts.hb_fonts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) hb_font_destroy);
}

static const char *
family_of (FcPattern *font)
{
  FcChar8 *family = NULL;

  FcPatternGetString (font, FC_FAMILY, 0, &family);
  return (const char *) family;
}

static hb_font_t *
hb_font_for (FcPattern *font)
{
  FcChar8 *file = NULL;
  int index = 0;
  g_autofree char *key = NULL;
  hb_font_t *hb_font;

  g_assert_cmpint (FcPatternGetString (font, FC_FILE, 0, &file), ==, FcResultMatch);
  FcPatternGetInteger (font, FC_INDEX, 0, &index);
  key = g_strdup_printf ("%s:%d", file, index);
  hb_font = g_hash_table_lookup (fonts.hb_fonts, key);
  if (hb_font == NULL)
    {
      hb_blob_t *blob = hb_blob_create_from_file ((const char *) file);
      hb_face_t *face = hb_face_create (blob, (unsigned int) index);

      g_assert_cmpuint (hb_face_get_glyph_count (face), >, 0);
      hb_font = hb_font_create (face);
      hb_face_destroy (face);
      hb_blob_destroy (blob);
      g_hash_table_insert (fonts.hb_fonts, g_steal_pointer (&key), hb_font);
    }
  return hb_font;
}

/* The first font of `set` that has `c`, as Pango's fallback picks it. */
static FcPattern *
font_for_char (FcFontSet *set,
               gunichar   c)
{
  for (int i = 0; i < set->nfont; i++)
    {
      FcCharSet *charset = NULL;

      if (FcPatternGetCharSet (set->fonts[i], FC_CHARSET, 0, &charset) == FcResultMatch &&
          FcCharSetHasChar (charset, c))
        return set->fonts[i];
    }
  return NULL;
}

static void
shape_run (FcPattern  *font,
           const char *text,
           gsize       length,
           const char *msgstr)
{
  hb_buffer_t *buffer = hb_buffer_create ();
  hb_glyph_info_t *glyphs;
  unsigned int n_glyphs = 0;

  hb_buffer_add_utf8 (buffer, text, (int) length, 0, (int) length);
  hb_buffer_guess_segment_properties (buffer);
  hb_shape (hb_font_for (font), buffer, NULL, 0);
  glyphs = hb_buffer_get_glyph_infos (buffer, &n_glyphs);
  g_assert_cmpuint (n_glyphs, >, 0);
  for (unsigned int i = 0; i < n_glyphs; i++)
    if (glyphs[i].codepoint == 0)
      g_error (".notdef in %s for \"%.*s\" of msgstr \"%s\"", family_of (font), (int) length,
               text, msgstr);
  hb_buffer_destroy (buffer);
}

/* Splits `msgstr` into runs of one font each and shapes them. Returns how many Arabic and
 * Latin letters were set, and checks which family they got. */
static void
check_msgstr (const char *msgstr,
              FcFontSet  *set,
              guint      *arabic_letters,
              guint      *latin_letters)
{
  const char *run = msgstr;
  FcPattern *run_font = NULL;

  for (const char *p = msgstr; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      FcPattern *font = NULL;

      if (c != 0 && c != '\n')
        {
          font = font_for_char (set, c);
          if (font == NULL)
            g_error ("no font has U+%04X of msgstr \"%s\"", c, msgstr);
          if (g_unichar_isalpha (c) && g_unichar_get_script (c) == G_UNICODE_SCRIPT_ARABIC)
            {
              g_assert_cmpstr (family_of (font), ==, "Noto Naskh Arabic");
              (*arabic_letters)++;
            }
          else if (g_unichar_isalpha (c) && g_unichar_get_script (c) == G_UNICODE_SCRIPT_LATIN)
            {
              if (set == fonts.latin_screen)
                g_assert_cmpstr (family_of (font), ==, "Noto Sans");
              (*latin_letters)++;
            }
        }
      if (font != run_font || c == 0 || c == '\n')
        {
          if (run_font != NULL && p > run)
            shape_run (run_font, run, p - run, msgstr);
          run = c == '\n' ? g_utf8_next_char (p) : p;
          run_font = font;
        }
      if (c == 0)
        break;
    }
}

static char *
unescape (const char *quoted)
{
  return g_strcompress (quoted);
}

/* Every msgstr (and msgstr[n]) of a .po file, unescaped. */
static GPtrArray *
read_msgstrs (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *msgstrs = g_ptr_array_new_with_free_func (g_free);
  GString *current = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *quote = strchr (line, '"');

      if (g_str_has_prefix (line, "msgstr"))
        {
          if (current != NULL)
            g_ptr_array_add (msgstrs, g_string_free (current, FALSE));
          current = g_string_new (NULL);
        }
      else if (!(line[0] == '"' && current != NULL))
        {
          if (current != NULL)
            g_ptr_array_add (msgstrs, g_string_free (current, FALSE));
          current = NULL;
          continue;
        }
      if (quote != NULL)
        {
          g_autofree char *inner = g_strndup (quote + 1, strlen (quote + 1) - 1);
          g_autofree char *text = unescape (inner);

          g_string_append (current, text);
        }
    }
  if (current != NULL)
    g_ptr_array_add (msgstrs, g_string_free (current, FALSE));
  return msgstrs;
}

static void
check_catalogue (const char *language,
                 FcFontSet  *set)
{
  g_autofree char *name = g_strdup_printf ("%s.po", language);
  g_autofree char *path = g_build_filename (g_getenv ("KIOSK_SOURCE_DIR"), "locale", name, NULL);
  g_autoptr(GPtrArray) msgstrs = read_msgstrs (path);
  guint arabic = 0, latin = 0, shaped = 0;

  for (guint i = 0; i < msgstrs->len; i++)
    {
      const char *msgstr = g_ptr_array_index (msgstrs, i);

      /* The header entry is metadata, not screen text. */
      if (msgstr[0] == '\0' || strstr (msgstr, "Content-Type:") != NULL)
        continue;
      g_assert_true (g_utf8_validate (msgstr, -1, NULL));
      check_msgstr (msgstr, set, &arabic, &latin);
      shaped++;
    }
  g_test_message ("%s.po: %u strings, %u Arabic and %u Latin letters shaped", language, shaped,
                  arabic, latin);
  g_assert_cmpuint (shaped, >=, 80);
  if (g_str_equal (language, "ar"))
    g_assert_cmpuint (arabic, >, 1000);
  else
    g_assert_cmpuint (latin, >, 1000);
}

static void
test_kiosk_setting_picks_noto (void)
{
  /* What a label asks for by generic family gets the same fonts. */
  static const char *sans[] = { "sans-serif", NULL };
  FcFontSet *arabic = sorted_fonts (sans, "ar");
  FcFontSet *latin = sorted_fonts (sans, "en");

  g_assert_cmpstr (family_of (arabic->fonts[0]), ==, "Noto Naskh Arabic");
  g_assert_cmpstr (family_of (latin->fonts[0]), ==, "Noto Sans");
  g_assert_cmpstr (family_of (fonts.arabic_screen->fonts[0]), ==, "Noto Naskh Arabic");
  g_assert_cmpstr (family_of (fonts.latin_screen->fonts[0]), ==, "Noto Sans");
  FcFontSetDestroy (arabic);
  FcFontSetDestroy (latin);
}

static void
test_arabic_catalogue_has_no_notdef (void)
{
  check_catalogue ("ar", fonts.arabic_screen);
}

static void
test_english_catalogue_has_no_notdef (void)
{
  check_catalogue ("en", fonts.latin_screen);
}

static void
test_missing_glyph_is_caught (void)
{
  /* The check can fail: a character no kiosk font has is reported, not skipped. */
  if (g_test_subprocess ())
    {
      guint arabic = 0, latin = 0;

      /* U+0378 is unassigned: no font can have it. */
      check_msgstr ("a\xcd\xb8", fonts.latin_screen, &arabic, &latin);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*no font has U+0378*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fonts_init ();

  g_test_add_func ("/kiosk/ui/fonts/kiosk-setting-picks-noto", test_kiosk_setting_picks_noto);
  g_test_add_func ("/kiosk/ui/fonts/arabic-catalogue-has-no-notdef",
                   test_arabic_catalogue_has_no_notdef);
  g_test_add_func ("/kiosk/ui/fonts/english-catalogue-has-no-notdef",
                   test_english_catalogue_has_no_notdef);
  g_test_add_func ("/kiosk/ui/fonts/missing-glyph-is-caught", test_missing_glyph_is_caught);

  return g_test_run ();
}
