/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared set-up for UI tests. */
#include "config.h"

#include <math.h>

#include "spark-context.h"
#include "spark-chat-view.h"
#include "spark-message-list.h"
#include "spark-message-row.h"
#include "spark-ui-test.h"

#include <glib/gstdio.h>

#include "spark-test-util.h"

/* Empties the test's own history folder (only ever one under the build
 * tree's tests/xdg/, set by tests/meson.build). */
static void
clear_history (void)
{
  const char      *data_home = g_getenv ("XDG_DATA_HOME");
  g_autofree char *dir = NULL;
  g_autoptr (GDir) d = NULL;
  const char *name;

  if (data_home == NULL || strstr (data_home, "/tests/xdg/") == NULL)
    return;
  dir = g_build_filename (data_home, "spark", NULL);
  if ((d = g_dir_open (dir, 0, NULL)) == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
}

static gboolean
store_open (gpointer data)
{
  return spark_context_get_store (spark_application_get_context (data)) != NULL;
}

SparkApplication *
spark_ui_test_app_new (SparkFakeService *service)
{
  g_autoptr (GError) error = NULL;
  SparkApplication *app;

  clear_history ();
  app = spark_application_new ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Could not register the application: %s", error->message);

  if (service != NULL)
    {
      SparkProviderList *providers = spark_context_get_providers (spark_application_get_context (app));
      g_autoptr (SparkProvider) provider = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_LLAMACPP);

      while (g_list_model_get_n_items (G_LIST_MODEL (providers)) > 0)
        {
          g_autoptr (SparkProvider) other = g_list_model_get_item (G_LIST_MODEL (providers), 0);
          spark_provider_list_remove (providers, spark_provider_get_id (other));
        }
      spark_provider_set_name (provider, "Test Service");
      spark_provider_set_base_url (provider, spark_fake_service_get_base_url (service));
      spark_provider_list_add (providers, provider);
      spark_provider_list_set_active (providers, provider);
    }
  /* A title request would take the next scripted reply meant for the
   * test's next question; the tests about titles turn it back on. */
  g_settings_set_boolean (spark_context_get_settings (spark_application_get_context (app)), "auto-title", FALSE);
  /* Tests start with the history open, as the app is a moment after start. */
  if (!spark_test_wait_until (store_open, app, 10000))
    g_error ("The history store did not open");
  return app;
}

SparkWindow *
spark_ui_test_get_window (SparkApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (app));
      window = gtk_application_get_active_window (GTK_APPLICATION (app));
    }
  g_assert_true (SPARK_IS_WINDOW (window));
  return SPARK_WINDOW (window);
}

GObject *
spark_ui_test_child (gpointer    widget,
                     GType       type,
                     const char *name)
{
  GObject *obj = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  /* The chat side's parts (composer, pages, messages) are the chat
   * view's; tests name them as parts of the window. */
  if (obj == NULL && type == SPARK_TYPE_WINDOW)
    {
      GObject *chat_view = gtk_widget_get_template_child (GTK_WIDGET (widget), SPARK_TYPE_WINDOW, "chat_view");

      if (chat_view != NULL)
        obj = gtk_widget_get_template_child (GTK_WIDGET (chat_view), SPARK_TYPE_CHAT_VIEW, name);
    }
  if (obj == NULL)
    g_error ("No template child “%s”", name);
  return obj;
}

void
spark_ui_test_set_base_url (SparkApplication *app,
                            const char       *base_url)
{
  SparkProviderList *providers = spark_context_get_providers (spark_application_get_context (app));
  g_autoptr (SparkProvider) copy = NULL;
  SparkProvider *active = spark_provider_list_get_active (providers);
  g_autoptr (GVariant) dict = g_variant_ref_sink (spark_provider_to_variant (active));

  copy = spark_provider_new_from_variant (dict, NULL);
  spark_provider_set_base_url (copy, base_url);
  spark_provider_list_replace (providers, copy);
}

static void
set_rgb (guchar *p,
         double  r,
         double  g,
         double  b)
{
  p[0] = CLAMP (r, 0, 255);
  p[1] = CLAMP (g, 0, 255);
  p[2] = CLAMP (b, 0, 255);
}

static GdkPixbuf *
landscape (int      width,
           int      height,
           gboolean alpha,
           int      variant)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  int        n = gdk_pixbuf_get_n_channels (pixbuf);
  int        stride = gdk_pixbuf_get_rowstride (pixbuf);
  guchar    *pixels = gdk_pixbuf_get_pixels (pixbuf);
  double     sun_x = width * (0.25 + 0.2 * (variant % 3));
  double     sun_y = height * 0.3;
  double     sun_r = MIN (width, height) * 0.12;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guchar *p = pixels + y * stride + x * n;
        double  t = (double) y / height;
        double  hill = height * (0.62 + 0.08 * sin ((double) x / width * (5 + variant) + variant));
        double  dx = x - sun_x, dy = y - sun_y;

        if (dx * dx + dy * dy < sun_r * sun_r)
          set_rgb (p, 255, 200 - 20 * (variant % 2), 60);
        else if (y > hill)
          set_rgb (p, 40 + 30 * (variant % 3), 120 + 40 * t, 50);
        else
          set_rgb (p, 90 + 60 * t + 40 * (variant % 2), 150 + 50 * t, 230 - 20 * (variant % 3));
        if (alpha)
          p[3] = (y > hill || dx * dx + dy * dy < sun_r * sun_r) ? 255 : 0;
      }
  return pixbuf;
}

char *
spark_ui_test_write_image (const char *dir,
                           const char *name,
                           int         width,
                           int         height,
                           gboolean    alpha,
                           int         variant,
                           const char *format)
{
  g_autoptr (GdkPixbuf) pixbuf = landscape (width, height, alpha, variant);
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  gdk_pixbuf_save (pixbuf, path, format, &error, NULL);
  g_assert_no_error (error);
  return path;
}

GdkTexture *
spark_ui_test_make_texture (int width,
                            int height,
                            int variant)
{
  g_autoptr (GdkPixbuf) pixbuf = landscape (width, height, FALSE, variant);

  return gdk_texture_new_for_pixbuf (pixbuf);
}

GtkLabel *
spark_ui_test_find_label (GtkWidget  *root,
                          const char *fragment)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), fragment) != NULL)
    return GTK_LABEL (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *label = spark_ui_test_find_label (c, fragment);
      if (label != NULL)
        return label;
    }
  return NULL;
}

GtkWidget *
spark_ui_test_find_button (GtkWidget  *root,
                           const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *button = spark_ui_test_find_button (c, label);
      if (button != NULL)
        return button;
    }
  return NULL;
}

GtkWidget *
spark_ui_test_find_message_row (GtkWidget    *root,
                                SparkMessage *message)
{
  if (SPARK_IS_MESSAGE_ROW (root) && spark_message_row_get_message (SPARK_MESSAGE_ROW (root)) == message)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *row = spark_ui_test_find_message_row (c, message);
      if (row != NULL)
        return row;
    }
  return NULL;
}

guint
spark_ui_test_count_message_rows (GtkWidget *root)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += SPARK_IS_MESSAGE_ROW (c) ? 1 : spark_ui_test_count_message_rows (c);
  return n;
}

gboolean
spark_ui_test_message_on_screen (SparkMessageList *view,
                                 guint             index)
{
  SparkConversation *conversation = spark_message_list_get_conversation (view);
  GtkWidget         *scroller = GTK_WIDGET (spark_ui_test_child (view, SPARK_TYPE_MESSAGE_LIST, "scroller"));
  g_autoptr (SparkMessage) message = NULL;
  GtkWidget      *row;
  graphene_rect_t bounds;

  if (conversation == NULL || index >= g_list_model_get_n_items (G_LIST_MODEL (conversation)))
    return FALSE;
  message = g_list_model_get_item (G_LIST_MODEL (conversation), index);
  row = spark_ui_test_find_message_row (scroller, message);
  if (row == NULL || !gtk_widget_get_mapped (row) || !gtk_widget_compute_bounds (row, scroller, &bounds))
    return FALSE;
  if (bounds.size.height <= 0 || bounds.origin.y + bounds.size.height <= 0
      || bounds.origin.y >= gtk_widget_get_height (scroller))
    return FALSE;
  return g_strcmp0 (spark_message_row_get_shown_text (SPARK_MESSAGE_ROW (row)), spark_message_get_text (message)) == 0;
}

typedef struct
{
  GtkAdjustment *adjustment;
  gboolean       to_end;
} Drag;

static gboolean
drag_cb (gpointer data)
{
  Drag *drag = data;

  gtk_adjustment_set_value (drag->adjustment, drag->to_end ? gtk_adjustment_get_upper (drag->adjustment) - gtk_adjustment_get_page_size (drag->adjustment) : 0);
  return G_SOURCE_REMOVE;
}

static void
drag_free (gpointer data)
{
  Drag *drag = data;

  g_object_unref (drag->adjustment);
  g_free (drag);
}

void
spark_ui_test_drag_scrollbar (SparkMessageList *view,
                              gboolean          to_end)
{
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (spark_ui_test_child (view, SPARK_TYPE_MESSAGE_LIST, "scroller"));
  Drag              *drag = g_new0 (Drag, 1);

  drag->adjustment = g_object_ref (gtk_scrolled_window_get_vadjustment (scroller));
  drag->to_end = to_end;
  g_idle_add_full (G_PRIORITY_DEFAULT, drag_cb, drag, drag_free);
}

GtkWidget *
spark_ui_test_find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (w))
        return w;
    }
  return NULL;
}
