/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The attract screen. */
#define G_LOG_DOMAIN "kiosk-attract-page"

#include "config.h"

#include "kiosk-attract-page.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"
#include "kiosk-announcements.h"
#include "kiosk-i18n.h"

/* Long enough to read both languages at an unhurried pace. */
#define HIGHLIGHT_SECONDS 7
/* An announcement's title in both languages takes a little longer. */
#define ANNOUNCEMENT_SECONDS 9
/* The attract screen turns through the most important few, not the whole list. */
#define MAX_ANNOUNCEMENTS 6

static const struct
{
  const char *icon_name;
  const char *msgid;
} highlights[] = {
  /* Translators: attract screen highlight (shown in Arabic and English together). */
  { "kiosk-feedback-symbolic", N_("Send a suggestion, complaint or inquiry in a few taps") },
  /* Translators: attract screen highlight. */
  { "kiosk-report-symbolic", N_("Report a problem in your area, with a photo of the place") },
  /* Translators: attract screen highlight. */
  { "kiosk-fines-symbolic", N_("Pay parking fines here, without a trip to the office") },
  /* Translators: attract screen highlight. */
  { "kiosk-shop-licence-symbolic", N_("Renew your shop or vehicle licence") },
  /* Translators: attract screen highlight. */
  { "kiosk-scan-symbolic", N_("Hold up your receipt's QR code to check its status") },
};

/* Translators: the campaign's message under «لا تتعنى» on the attract screen. */
static const char *campaign_msgid = N_("No need to make the trip: Muscat Municipality's services are here");
/* Translators: attract screen, the invitation to start. */
static const char *touch_msgid = N_("Touch the screen to start");

struct _KioskAttractPage
{
  KioskPage   parent_instance;

  GtkGrid    *grid;
  GtkWidget  *brand_block;
  GtkWidget  *start_block;
  GtkWidget  *feature_box;
  GtkStack   *highlights_stack;
  GtkLabel   *campaign_ar;
  GtkLabel   *campaign_en;
  GtkLabel   *touch_ar;
  GtkLabel   *touch_en;
  GtkButton  *start_ar_button;
  GtkButton  *start_en_button;
  GtkWidget  *news_block;
  GtkLabel   *news_heading;
  GtkLabel   *news_title_ar;
  GtkLabel   *news_title_en;

  guint       current;
  guint       cycle_id;

  KioskStore *store;           /* not owned */
  char       *announcement;    /* the id showing */
  guint       news_cycle_id;
};

G_DEFINE_FINAL_TYPE (KioskAttractPage, kiosk_attract_page, KIOSK_TYPE_PAGE)

static void
set_translated (GtkLabel   *label,
                const char *language,
                const char *msgid)
{
  g_autofree char *text = kiosk_i18n_translate_in (language, msgid);

  gtk_label_set_label (label, text);
}

static GtkWidget *
highlight_new (guint index)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *icon = gtk_image_new_from_icon_name (highlights[index].icon_name);
  GtkWidget *ar = gtk_label_new (NULL);
  GtkWidget *en = gtk_label_new (NULL);

  gtk_widget_add_css_class (box, "kiosk-highlight");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 128);
  gtk_widget_add_css_class (icon, "kiosk-highlight-icon");

  set_translated (GTK_LABEL (ar), "ar", highlights[index].msgid);
  set_translated (GTK_LABEL (en), "en", highlights[index].msgid);
  gtk_widget_set_direction (ar, GTK_TEXT_DIR_RTL);
  gtk_widget_set_direction (en, GTK_TEXT_DIR_LTR);
  for (GtkWidget *label = ar; label != NULL; label = label == ar ? en : NULL)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
    }
  gtk_widget_add_css_class (ar, "kiosk-highlight-ar");
  gtk_widget_add_css_class (en, "kiosk-highlight-en");

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), ar);
  gtk_box_append (GTK_BOX (box), en);
  return box;
}

static void
show_highlight (KioskAttractPage *self,
                guint             index)
{
  g_autofree char *name = g_strdup_printf ("highlight-%u", index);

  self->current = index;
  gtk_stack_set_visible_child_name (self->highlights_stack, name);
}

static gboolean
cycle_cb (gpointer user_data)
{
  kiosk_attract_page_next_highlight (user_data);
  return G_SOURCE_CONTINUE;
}

static void
pressed_cb (GtkGestureClick  *gesture,
            int               n_press,
            double            x,
            double            y,
            KioskAttractPage *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  /* Empty: the session starts in the configured language. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.start", "s", "");
}

/* The announcement after the one showing, read from the store at this moment: one that
 * expired meanwhile is not shown again, one just published joins the turn. */
static void
show_next_announcement (KioskAttractPage *self)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const KioskAnnouncement *next = NULL;

  if (self->store != NULL)
    list = kiosk_announcements_list_current (self->store, kiosk_store_now (self->store), NULL,
                                             MAX_ANNOUNCEMENTS, &error);
  if (error != NULL)
    g_message ("attract: %s", error->message);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const KioskAnnouncement *a = g_ptr_array_index (list, i);

      if (g_strcmp0 (a->id, self->announcement) == 0)
        {
          next = g_ptr_array_index (list, (i + 1) % list->len);
          break;
        }
    }
  if (next == NULL && list != NULL && list->len > 0)
    next = g_ptr_array_index (list, 0);

  g_free (self->announcement);
  self->announcement = next != NULL ? g_strdup (next->id) : NULL;
  gtk_widget_set_visible (self->news_block, next != NULL);
  if (next == NULL)
    return;
  gtk_label_set_label (self->news_title_ar, next->title_ar);
  gtk_label_set_label (self->news_title_en, next->title_en);
}

static gboolean
news_cycle_cb (gpointer user_data)
{
  show_next_announcement (user_data);
  return G_SOURCE_CONTINUE;
}

static void
kiosk_attract_page_map (GtkWidget *widget)
{
  KioskAttractPage *self = KIOSK_ATTRACT_PAGE (widget);

  GTK_WIDGET_CLASS (kiosk_attract_page_parent_class)->map (widget);

  show_highlight (self, 0);
  if (self->cycle_id == 0)
    self->cycle_id = g_timeout_add_seconds (HIGHLIGHT_SECONDS, cycle_cb, self);
  /* From the first again, as the store has it now. */
  g_clear_pointer (&self->announcement, g_free);
  show_next_announcement (self);
  if (self->news_cycle_id == 0)
    self->news_cycle_id = g_timeout_add_seconds (ANNOUNCEMENT_SECONDS, news_cycle_cb, self);
}

static void
kiosk_attract_page_unmap (GtkWidget *widget)
{
  KioskAttractPage *self = KIOSK_ATTRACT_PAGE (widget);

  g_clear_handle_id (&self->cycle_id, g_source_remove);
  g_clear_handle_id (&self->news_cycle_id, g_source_remove);

  GTK_WIDGET_CLASS (kiosk_attract_page_parent_class)->unmap (widget);
}

static void
kiosk_attract_page_dispose (GObject *object)
{
  KioskAttractPage *self = KIOSK_ATTRACT_PAGE (object);

  g_clear_handle_id (&self->cycle_id, g_source_remove);
  g_clear_handle_id (&self->news_cycle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_ATTRACT_PAGE);

  G_OBJECT_CLASS (kiosk_attract_page_parent_class)->dispose (object);
}

static void
kiosk_attract_page_finalize (GObject *object)
{
  g_clear_pointer (&KIOSK_ATTRACT_PAGE (object)->announcement, g_free);

  G_OBJECT_CLASS (kiosk_attract_page_parent_class)->finalize (object);
}

static void
kiosk_attract_page_retranslate (KioskPage *page)
{
  KioskAttractPage *self = KIOSK_ATTRACT_PAGE (page);
  g_autofree char *start_ar = NULL;
  g_autofree char *start_en = NULL;

  /* Translators: attract screen button that starts a session in this language; shown in
   * the catalogue's own language ("ابدأ بالعربية" / "Start in English"). */
  start_ar = kiosk_i18n_translate_in ("ar", N_("Start in this language"));
  start_en = kiosk_i18n_translate_in ("en", N_("Start in this language"));
  /* The Arabic button says "Start in Arabic", the English one "Start in English". */
  gtk_button_set_label (self->start_ar_button, start_ar);
  gtk_button_set_label (self->start_en_button, start_en);
  kiosk_accessible_set_label (GTK_WIDGET (self->start_ar_button), start_ar);
  kiosk_accessible_set_label (GTK_WIDGET (self->start_en_button), start_en);
}

static void
kiosk_attract_page_class_init (KioskAttractPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KioskPageClass *page_class = KIOSK_PAGE_CLASS (klass);

  object_class->dispose = kiosk_attract_page_dispose;
  object_class->finalize = kiosk_attract_page_finalize;
  widget_class->map = kiosk_attract_page_map;
  widget_class->unmap = kiosk_attract_page_unmap;
  page_class->retranslate = kiosk_attract_page_retranslate;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/om/gov/muscat/Kiosk/pages/kiosk-attract-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, grid);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, brand_block);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, start_block);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, feature_box);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, highlights_stack);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, campaign_ar);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, campaign_en);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, touch_ar);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, touch_en);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, start_ar_button);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, start_en_button);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, news_block);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, news_heading);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, news_title_ar);
  gtk_widget_class_bind_template_child (widget_class, KioskAttractPage, news_title_en);
  gtk_widget_class_bind_template_callback (widget_class, pressed_cb);
  gtk_widget_class_set_css_name (widget_class, "attractpage");
}

static void
kiosk_attract_page_init (KioskAttractPage *self)
{
  /* Translators: attract screen, over the municipality's latest announcement (shown in
   * Arabic and English together, "آخر الأخبار · Latest news"). */
  g_autofree char *heading_ar = kiosk_i18n_translate_in ("ar", N_("Latest news"));
  g_autofree char *heading_en = kiosk_i18n_translate_in ("en", N_("Latest news"));
  g_autofree char *news_heading = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (highlights); i++)
    {
      g_autofree char *name = g_strdup_printf ("highlight-%u", i);

      gtk_stack_add_named (self->highlights_stack, highlight_new (i), name);
    }
  set_translated (self->campaign_ar, "ar", campaign_msgid);
  set_translated (self->campaign_en, "en", campaign_msgid);
  set_translated (self->touch_ar, "ar", touch_msgid);
  set_translated (self->touch_en, "en", touch_msgid);
  gtk_widget_set_direction (GTK_WIDGET (self->news_heading), GTK_TEXT_DIR_RTL);
  gtk_widget_set_direction (GTK_WIDGET (self->news_title_ar), GTK_TEXT_DIR_RTL);
  gtk_widget_set_direction (GTK_WIDGET (self->news_title_en), GTK_TEXT_DIR_LTR);
  news_heading = g_strdup_printf ("%s · %s", heading_ar, heading_en);
  gtk_label_set_label (self->news_heading, news_heading);
  kiosk_attract_page_retranslate (KIOSK_PAGE (self));
}

GtkWidget *
kiosk_attract_page_new (void)
{
  return g_object_new (KIOSK_TYPE_ATTRACT_PAGE, NULL);
}

void
kiosk_attract_page_set_landscape (KioskAttractPage *self,
                                  gboolean          landscape)
{
  GtkWidget *blocks[] = { self->brand_block, self->feature_box, self->start_block };

  g_return_if_fail (KIOSK_IS_ATTRACT_PAGE (self));

  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    {
      g_object_ref (blocks[i]);
      gtk_grid_remove (self->grid, blocks[i]);
    }
  /* Portrait: brand, announcements and highlights, start, top to bottom. Landscape: brand
   * over start on the reading side, announcements and highlights beside them. */
  if (landscape)
    {
      gtk_grid_attach (self->grid, self->brand_block, 0, 0, 1, 1);
      gtk_grid_attach (self->grid, self->start_block, 0, 1, 1, 1);
      gtk_grid_attach (self->grid, blocks[1], 1, 0, 1, 2);
    }
  else
    {
      gtk_grid_attach (self->grid, self->brand_block, 0, 0, 1, 1);
      gtk_grid_attach (self->grid, blocks[1], 0, 1, 1, 1);
      gtk_grid_attach (self->grid, self->start_block, 0, 2, 1, 1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    g_object_unref (blocks[i]);
}

guint
kiosk_attract_page_get_n_highlights (KioskAttractPage *self)
{
  return G_N_ELEMENTS (highlights);
}

guint
kiosk_attract_page_get_highlight (KioskAttractPage *self)
{
  g_return_val_if_fail (KIOSK_IS_ATTRACT_PAGE (self), 0);

  return self->current;
}

void
kiosk_attract_page_next_highlight (KioskAttractPage *self)
{
  g_return_if_fail (KIOSK_IS_ATTRACT_PAGE (self));

  show_highlight (self, (self->current + 1) % G_N_ELEMENTS (highlights));
}

void
kiosk_attract_page_set_store (KioskAttractPage *self,
                              KioskStore       *store)
{
  g_return_if_fail (KIOSK_IS_ATTRACT_PAGE (self));

  self->store = store;
  g_clear_pointer (&self->announcement, g_free);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    show_next_announcement (self);
}

const char *
kiosk_attract_page_get_announcement (KioskAttractPage *self)
{
  g_return_val_if_fail (KIOSK_IS_ATTRACT_PAGE (self), NULL);

  return self->announcement;
}

void
kiosk_attract_page_next_announcement (KioskAttractPage *self)
{
  g_return_if_fail (KIOSK_IS_ATTRACT_PAGE (self));

  show_next_announcement (self);
}
