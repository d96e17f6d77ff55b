/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A visitor's hands and a QR code to hold up, for the UI tests. */
#define G_LOG_DOMAIN "kiosk-ui-visitor"

#include "config.h"

#include "kiosk-ui-visitor.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <sqlite3.h>
#include <string.h>

#include "kiosk-flow.h"
#include "kiosk-i18n.h"
#include "kiosk-qr-image.h"
#include "kiosk-store-private.h"

void
kiosk_ui_visitor_set_up_arabic (KioskTestFixture *f,
                                gconstpointer     data)
{
  kiosk_test_fixture_set_up_seeded (f, data);
  kiosk_i18n_set_language ("ar");
}

GtkWidget *
kiosk_ui_visitor_find_tile (KioskWindow *window,
           const char  *code)
{
  g_autoptr(GPtrArray) tiles = kiosk_ui_find_all (GTK_WIDGET (window), GTK_TYPE_BUTTON);

  for (guint i = 0; i < tiles->len; i++)
    {
      GtkActionable *tile = g_ptr_array_index (tiles, i);
      GVariant *target = gtk_actionable_get_action_target_value (tile);

      if (g_strcmp0 (gtk_actionable_get_action_name (tile), "win.open-service") == 0 &&
          target != NULL && g_str_equal (g_variant_get_string (target, NULL), code))
        return GTK_WIDGET (tile);
    }
  return NULL;
}

void
kiosk_ui_visitor_open_service (KioskWindow *window,
                               const char  *code)
{
  GtkWidget *tile = kiosk_ui_visitor_find_tile (window, code);

  if (tile == NULL)
    g_error ("no home tile for \"%s\"", code);
  kiosk_ui_click (tile);
  KIOSK_UI_WAIT_FOR (g_strcmp0 (kiosk_window_get_page_name (window), code) == 0);
  kiosk_ui_wait_for_frame (window);
}

KioskWindow *
kiosk_ui_visitor_show_service (KioskStore *store,
                               const char *code,
                               gboolean    keyboard)
{
  KioskWindow *window = kiosk_ui_show_window (store, NULL);
  GtkWidget *tile = kiosk_ui_visitor_find_tile (window, code);

  g_assert_nonnull (tile);
  kiosk_ui_click (tile);
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, code);
  kiosk_ui_wait_for_frame (window);
  if (keyboard)
    KIOSK_UI_WAIT_FOR (kiosk_window_get_keyboard_shown (window));
  return window;
}

GtkWidget *
kiosk_ui_visitor_by_id (KioskWindow *window,
                        const char  *id)
{
  GtkWidget *widget = kiosk_ui_find_by_id (GTK_WIDGET (window), id);

  if (widget == NULL)
    g_error ("no widget \"%s\" on screen", id);
  return widget;
}

const char *
kiosk_ui_visitor_step (KioskWindow *window)
{
  return kiosk_flow_get_step (KIOSK_FLOW (kiosk_window_get_page (window)));
}

const char *
kiosk_ui_visitor_error_shown (KioskWindow *window,
                              const char  *id)
{
  GtkWidget *label = kiosk_ui_find_step_error (GTK_WIDGET (window), id);

  if (label == NULL)
    g_error ("no widget \"%s\" on screen", id);
  kiosk_ui_wait_for_frame (window);
  return gtk_widget_is_drawable (label) ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}

GtkWidget *
kiosk_ui_visitor_named_child (GtkWidget  *parent,
                              const char *name)
{
  for (GtkWidget *c = gtk_widget_get_first_child (parent); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (g_strcmp0 (gtk_widget_get_name (c), name) == 0)
      return c;
  return NULL;
}

GtkWidget *
kiosk_ui_visitor_by_name (GtkWidget  *root,
                          const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      found = kiosk_ui_visitor_by_name (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* One key per character of `text`, switching layouts with the keyboard's own keys. */
static void
type_keys (KioskWindow *window,
           const char  *text)
{
  KioskKeyboard *keyboard = kiosk_window_get_keyboard (window);

  for (const char *p = text; *p != '\0';)
    {
      g_autofree char *key_text = NULL;
      GtkWidget *key;

      if (*p == ' ')
        key_text = g_strdup ("space");
      else
        key_text = g_strndup (p, g_utf8_next_char (p) - p);
      p += g_str_equal (key_text, "space") ? 1 : strlen (key_text);

      key = kiosk_keyboard_find_key (keyboard, key_text);
      if (key == NULL && kiosk_keyboard_get_layout (keyboard) != KIOSK_KEYBOARD_NUMERIC)
        {
          KioskKeyboardLayout start = kiosk_keyboard_get_layout (keyboard);

          kiosk_keyboard_set_layout (keyboard, start == KIOSK_KEYBOARD_ARABIC
                                                 ? KIOSK_KEYBOARD_ENGLISH
                                                 : KIOSK_KEYBOARD_ARABIC);
          key = kiosk_keyboard_find_key (keyboard, key_text);
          if (key == NULL)
            {
              kiosk_keyboard_set_layout (keyboard, KIOSK_KEYBOARD_SYMBOLS);
              key = kiosk_keyboard_find_key (keyboard, key_text);
            }
        }
      if (key == NULL)
        g_error ("no key types \"%s\"", key_text);
      kiosk_ui_click (key);
    }
}

void
kiosk_ui_visitor_type (KioskWindow *window,
                       const char  *text)
{
  KIOSK_UI_WAIT_FOR (kiosk_window_get_keyboard_shown (window));
  type_keys (window, text);
}

void
kiosk_ui_visitor_type_shown (KioskWindow *window,
                             const char  *text)
{
  g_assert_true (kiosk_window_get_keyboard_shown (window));
  type_keys (window, text);
}

char *
kiosk_ui_visitor_receipt_qr (KioskStore *store,
                             const char *record_uuid)
{
  sqlite3_stmt *stmt = NULL;
  char *qr = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (kiosk_store_get_db (store),
                                       "SELECT qr_payload FROM receipts WHERE record_uuid = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, record_uuid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    qr = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return qr;
}

char *
kiosk_ui_visitor_qr_source (const char *text,
                            const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskQrMatrix) matrix = kiosk_qr_encode (text, &error);
  g_autoptr(GdkPixbuf) picture = NULL;
  const int width = 640, height = 480;
  int scale, side, left, top, stride;
  guint8 *pixels;

  g_assert_no_error (error);
  /* As large as fits, up to 8 px a module: a code held close to the camera. */
  scale = MIN (8, height / (matrix->width + 2 * KIOSK_QR_QUIET_ZONE));
  g_assert_cmpint (scale, >=, 3);
  side = (matrix->width + 2 * KIOSK_QR_QUIET_ZONE) * scale;
  left = (width - side) / 2;
  top = (height - side) / 2;

  picture = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  gdk_pixbuf_fill (picture, 0xffffffff);
  stride = gdk_pixbuf_get_rowstride (picture);
  pixels = gdk_pixbuf_get_pixels (picture);
  for (int y = 0; y < side; y++)
    for (int x = 0; x < side; x++)
      if (kiosk_qr_matrix_is_dark (matrix, x / scale - KIOSK_QR_QUIET_ZONE,
                                   y / scale - KIOSK_QR_QUIET_ZONE))
        memset (pixels + (top + y) * stride + (left + x) * 3, 0x00, 3);

  g_assert_true (gdk_pixbuf_save (picture, path, "png", &error, NULL));
  g_assert_no_error (error);
  return g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! imagefreeze is-live=true", path);
}
