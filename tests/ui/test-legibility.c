/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Legibility for elderly readers (issue 11, item 14), page by page in both languages: every
 * label drawn is at least MIN_TEXT_PX high and stands out from what is drawn behind it by
 * 4.5:1 (WCAG 1.4.3). Measured on a picture of the window: the text's colour from its style,
 * its background the commonest colour under the label. */
#define G_LOG_DOMAIN "test-legibility"

#include "config.h"

#include <math.h>

#include "kiosk-i18n.h"
#include "kiosk-ui-test-util.h"
#include "kiosk-ui-visitor.h"

/* Field labels, hints and the lines under choices included: about 21 pt, read at arm's
 * length. */
#define MIN_TEXT_PX 28
#define MIN_CONTRAST 4.5

static double
linear (double channel)
{
  return channel <= 0.03928 ? channel / 12.92 : pow ((channel + 0.055) / 1.055, 2.4);
}

static double
luminance (const GdkRGBA *c)
{
  return 0.2126 * linear (c->red) + 0.7152 * linear (c->green) + 0.0722 * linear (c->blue);
}

static double
contrast (const GdkRGBA *a,
          const GdkRGBA *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* The commonest colour of the picture inside `box`: what the text is drawn on. */
static GdkRGBA
background_under (const guint8          *bgra,
                  int                    width,
                  const graphene_rect_t *box)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint best = 0, best_count = 0;

  for (int y = (int) box->origin.y; y < (int) (box->origin.y + box->size.height); y++)
    for (int x = (int) box->origin.x; x < (int) (box->origin.x + box->size.width); x++)
      {
        const guint8 *p = bgra + 4 * ((gsize) y * width + x);
        guint key = (guint) p[0] | (guint) p[1] << 8 | (guint) p[2] << 16 | 1u << 24;
        guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (key))) + 1;

        g_hash_table_insert (counts, GUINT_TO_POINTER (key), GUINT_TO_POINTER (count));
        if (count > best_count)
          best_count = count, best = key;
      }
  return (GdkRGBA) { ((best >> 16) & 0xff) / 255.0, ((best >> 8) & 0xff) / 255.0,
                     (best & 0xff) / 255.0, 1 };
}

static double
font_px (GtkWidget *label)
{
  const PangoFontDescription *font =
    pango_context_get_font_description (gtk_widget_get_pango_context (label));
  double size = (double) pango_font_description_get_size (font) / PANGO_SCALE;

  return pango_font_description_get_size_is_absolute (font) ? size : size * 96 / 72;
}

/* The part of `label` a visitor sees: inside the window and every scroller around it. */
static gboolean
visible_box (GtkWidget       *label,
             GtkWidget       *window,
             graphene_rect_t *box)
{
  graphene_rect_t clip = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (window),
                                             gtk_widget_get_height (window));

  if (!gtk_widget_compute_bounds (label, window, box))
    return FALSE;
  for (GtkWidget *up = label; up != NULL; up = gtk_widget_get_parent (up))
    {
      graphene_rect_t viewport;

      if (GTK_IS_SCROLLED_WINDOW (up) && gtk_widget_compute_bounds (up, window, &viewport))
        graphene_rect_intersection (&clip, &viewport, &clip);
    }
  return graphene_rect_intersection (box, &clip, box) &&
         box->size.width >= 4 && box->size.height >= 4;
}

/* Every label of the window's current page, header and toolbar. */
static void
assert_legible (KioskWindow *window,
                const char  *where)
{
  int width, height;
  g_autofree guint8 *bgra = kiosk_ui_render (GTK_WIDGET (window), &width, &height);
  g_autoptr(GPtrArray) labels = kiosk_ui_find_all (GTK_WIDGET (window), GTK_TYPE_LABEL);
  g_autoptr(GString) problems = g_string_new (NULL);
  guint checked = 0;

  g_assert_cmpint (width, ==, gtk_widget_get_width (GTK_WIDGET (window)));
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      const char *text = gtk_label_get_text (GTK_LABEL (label));
      graphene_rect_t box;
      GdkRGBA color, drawn, behind;
      double ratio;

      /* Greyed-out controls are exempt (WCAG 1.4.3 "inactive"); they are checked apart. */
      if (text[0] == '\0' || !gtk_widget_is_drawable (label) ||
          !gtk_widget_is_sensitive (label) || !visible_box (label, GTK_WIDGET (window), &box))
        continue;
      checked++;
      gtk_style_context_get_color (gtk_widget_get_style_context (label), &color);
      for (GtkWidget *up = label; up != NULL; up = gtk_widget_get_parent (up))
        color.alpha *= gtk_widget_get_opacity (up);
      behind = background_under (bgra, width, &box);
      drawn = (GdkRGBA) { color.red * color.alpha + behind.red * (1 - color.alpha),
                          color.green * color.alpha + behind.green * (1 - color.alpha),
                          color.blue * color.alpha + behind.blue * (1 - color.alpha), 1 };
      ratio = contrast (&drawn, &behind);
      if (font_px (label) < MIN_TEXT_PX - 0.5 || ratio < MIN_CONTRAST)
        g_string_append_printf (problems, "; \"%.40s\" (%s): %.0f px, %.2f:1 on #%02x%02x%02x",
                                text, gtk_widget_get_css_classes (label)[0] != NULL
                                        ? gtk_widget_get_css_classes (label)[0] : "-",
                                font_px (label), ratio, (int) (behind.red * 255),
                                (int) (behind.green * 255), (int) (behind.blue * 255));
    }
  g_assert_cmpuint (checked, >, 3);
  if (problems->len > 0)
    g_error ("%s: labels too small or too faint:%s", where, problems->str);
}

static void
activate (KioskWindow *window,
          const char  *id,
          const char  *action,
          const char  *target)
{
  GtkWidget *page = GTK_WIDGET (kiosk_window_get_page (window));
  GtkWidget *widget = id != NULL ? kiosk_ui_find_by_id (page, id) : page;

  g_assert_nonnull (widget);
  g_assert_true (gtk_widget_activate_action (widget, action, target ? "s" : NULL, target));
  kiosk_ui_wait_for_frame (window);
}

static void
test_pages_in_both_languages (KioskTestFixture *f,
                              gconstpointer     data)
{
  const char *languages[] = { "ar", "en" };

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      KioskWindow *window = kiosk_ui_show_window (f->store, NULL);
      g_autofree char *where = NULL;

      kiosk_window_set_language (window, languages[l]);
      kiosk_ui_wait_for_frame (window);
      assert_legible (window, "home");

      /* Choice lists with lines under the titles, a hint, a calm "no camera" note. */
      kiosk_ui_visitor_open_service (window, "report");
      assert_legible (window, "report categories");
      activate (window, NULL, "report.choose-category", "fallen_tree");
      activate (window, NULL, "report.urgent-next", NULL);
      assert_legible (window, "report photos without a camera");
      activate (window, NULL, "report.photos-next", NULL);
      assert_legible (window, "wilayat");
      activate (window, "wilayat", "place.choose", "MTR");
      assert_legible (window, "area");

      /* Zone and period choices; a field, its label and hint. */
      gtk_widget_activate_action (GTK_WIDGET (window), "win.home", NULL);
      kiosk_ui_visitor_open_service (window, "parking_permit");
      assert_legible (window, "plate field");
      gtk_editable_set_text (GTK_EDITABLE (kiosk_ui_visitor_by_id (window, "plate_entry")),
                             "9415 H");
      activate (window, "plate", "plate.next", NULL);
      assert_legible (window, "zone");
      activate (window, NULL, "permit.zone", "PZ-QURUM");
      assert_legible (window, "period");
      activate (window, "period", "period.choose", "period_3");
      assert_legible (window, "review");

      /* White and gold on the teal of the attract screen. */
      kiosk_window_end_session (window);
      kiosk_ui_wait_for_frame (window);
      assert_legible (window, "attract");
      kiosk_ui_close_window (window);
    }
}

/* The commonest colour drawn over `widget`. */
static GdkRGBA
colour_of (KioskWindow *window,
           GtkWidget   *widget)
{
  int width, height;
  g_autofree guint8 *bgra = kiosk_ui_render (GTK_WIDGET (window), &width, &height);
  graphene_rect_t box;

  g_assert_true (visible_box (widget, GTK_WIDGET (window), &box));
  return background_under (bgra, width, &box);
}

/* Issue 11, item 17: a greyed-out Pay or Next does not look like one that works. */
static void
test_disabled_buttons_look_disabled (KioskTestFixture *f,
                                     gconstpointer     data)
{
  KioskWindow *window = kiosk_ui_show_window (f->store, NULL);
  GtkWidget *next;
  GdkRGBA enabled, disabled;

  kiosk_ui_visitor_open_service (window, "parking_permit");
  next = kiosk_ui_visitor_by_id (window, "plate_next_button");
  g_assert_true (gtk_widget_has_css_class (next, "kiosk-primary"));
  enabled = colour_of (window, next);
  gtk_widget_set_sensitive (next, FALSE);
  kiosk_ui_wait_for_frame (window);
  disabled = colour_of (window, next);
  g_assert_cmpfloat (contrast (&enabled, &disabled), >, 2);
  kiosk_ui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  kiosk_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/kiosk/ui/legibility/" path, KioskTestFixture, NULL, \
              kiosk_ui_visitor_set_up_arabic, func, kiosk_test_fixture_tear_down)
  ADD ("pages-in-both-languages", test_pages_in_both_languages);
  ADD ("disabled-buttons-look-disabled", test_disabled_buttons_look_disabled);
#undef ADD
  return g_test_run ();
}
