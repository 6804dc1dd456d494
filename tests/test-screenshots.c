/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renders the main states of the window to PNGs in the build dir
 * (tests/screenshots/NAME.png): wide and narrow, light and dark. Look at them
 * after UI changes; data/screenshots holds the copies the metainfo uses. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "spark-application.h"
#include "spark-composer.h"
#include "spark-test-util.h"
#include "spark-ui-test.h"
#include "spark-window.h"

static SparkApplication *app;
static SparkFakeService *service;
static char             *out_dir;

typedef struct
{
  const char *name;
  int         width;
  int         height;
  gboolean    dark;
} Shot;

static GdkTexture *
render_window (GtkWidget *window)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* Mean luminance 0..255 of a texture, to check light and dark really differ. */
static double
mean_luminance (GdkTexture *texture)
{
  int                width = gdk_texture_get_width (texture);
  int                height = gdk_texture_get_height (texture);
  gsize              stride = width * 4;
  g_autofree guchar *data = g_malloc (stride * height);
  double             sum = 0;

  gdk_texture_download (texture, data, stride);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = data + y * stride + x * 4; /* BGRA premultiplied */
        sum += 0.0722 * p[0] + 0.7152 * p[1] + 0.2126 * p[2];
      }
  return sum / ((double) width * height);
}

static gboolean
size_is (gpointer data)
{
  const Shot *shot = data;
  GtkWindow  *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));

  /* Within the frame's margins: without a compositor the default size
   * includes the window frame. */
  return gtk_widget_get_mapped (GTK_WIDGET (window))
         && ABS (gtk_widget_get_width (content) - shot->width) <= 24
         && ABS (gtk_widget_get_height (content) - shot->height) <= 24;
}

static double
take (const Shot *shot)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  g_autofree char *filename = g_strdup_printf ("%s.png", shot->name);
  double           luminance;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      shot->dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (window, shot->width, shot->height);
  g_assert_true (spark_test_wait_until (size_is, (gpointer) shot, 10000));
  /* Let transitions (leaflet, style) settle before rendering. */
  spark_test_iterate (600);

  texture = render_window (GTK_WIDGET (window));
  g_assert_cmpint (gdk_texture_get_width (texture), >=, shot->width - 24);

  path = g_build_filename (out_dir, filename, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  luminance = mean_luminance (texture);
  g_test_message ("wrote %s (mean luminance %.0f)", path, luminance);
  return luminance;
}

static SparkWindow *
window (void)
{
  return spark_ui_test_get_window (app);
}

static gboolean
model_picker_ready (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (spark_ui_test_child (window (), SPARK_TYPE_WINDOW, "model_dropdown")));
}

static gboolean
composer_idle (gpointer data)
{
  SparkComposer *composer = SPARK_COMPOSER (spark_ui_test_child (window (), SPARK_TYPE_WINDOW, "composer"));
  return !spark_composer_get_busy (composer);
}

static void
send (const char *text)
{
  SparkComposer *composer = SPARK_COMPOSER (spark_ui_test_child (window (), SPARK_TYPE_WINDOW, "composer"));

  spark_composer_set_text (composer, text);
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL);
  g_assert_true (spark_test_wait_until (composer_idle, NULL, 10000));
}

static void
new_chat (void)
{
  gtk_widget_activate_action (GTK_WIDGET (window ()), "win.new-chat", NULL);
}

static void
test_chat (void)
{
  static const Shot shots[] = {
    { "chat-wide-light", 1000, 700, FALSE },
    { "chat-wide-dark", 1000, 700, TRUE },
    { "chat-narrow-light", 360, 720, FALSE },
  };

  new_chat ();
  spark_fake_service_push_text (service, "Lisbon in three days, with kids:\n\n"
                                         "Day 1 — Belém: the Monastery, the tower, and custard tarts at the original bakery.\n"
                                         "Day 2 — The Oceanarium in the morning, then the cable car along the river.\n"
                                         "Day 3 — Tram 28 up to the castle; sunset at a miradouro.\n\n"
                                         "Literal text stays literal: <b>not bold</b> & <span foreground='red'>not red</span>.");
  send ("Plan three days in Lisbon with two kids: museums, parks and good food.");
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    take (&shots[i]);
}

/* A reply with the markdown a model typically writes: a table, a nested
 * list with inline code, a code block and a link. */
static void
test_markdown_reply (void)
{
  static const Shot shots[] = {
    { "markdown-wide-light", 1000, 760, FALSE },
    { "markdown-wide-dark", 1000, 760, TRUE },
    { "markdown-narrow-light", 360, 760, FALSE },
    { "markdown-narrow-dark", 360, 760, TRUE },
  };

  g_assert_true (spark_test_wait_until (model_picker_ready, NULL, 10000));
  new_chat ();
  spark_fake_service_push_text (service, "Two ways to read a file in GIO:\n\n"
                                         "| Approach | Memory | Best for |\n"
                                         "|:--|:-:|--:|\n"
                                         "| Load it whole | O(n) | small files |\n"
                                         "| Line by line | O(1) | logs, big files |\n\n"
                                         "### Line by line\n\n"
                                         "1. Open the file with `g_file_read()`.\n"
                                         "2. Wrap it in a **GDataInputStream**:\n"
                                         "   - read with `read_line_utf8()`;\n"
                                         "   - stop when it returns *NULL*.\n"
                                         "3. Let `g_autoptr` close it.\n\n"
                                         "```c\n"
                                         "g_autoptr (GDataInputStream) data = g_data_input_stream_new (in);\n"
                                         "char *line;\n\n"
                                         "while ((line = g_data_input_stream_read_line_utf8 (data, NULL, NULL, NULL)))\n"
                                         "  g_print (\"%s\\n\", line);\n"
                                         "```\n\n"
                                         "More in the [GIO reference](https://docs.gtk.org/gio/).");
  send ("How do I read a file line by line with GLib?");
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    take (&shots[i]);
}

static void
test_failed_reply (void)
{
  static const Shot shot = { "failed-reply-light", 1000, 700, FALSE };

  new_chat ();
  spark_fake_service_push_reply (service, spark_fake_reply_new_fault ("The fastest way from the airport is the metro red line, then", SPARK_FAKE_FAULT_RESET_MID_STREAM, 9));
  send ("How do I get from Lisbon airport to the city centre?");
  take (&shot);
}

static gboolean
offline_shown (gpointer data)
{
  GtkStack *stack = GTK_STACK (spark_ui_test_child (window (), SPARK_TYPE_WINDOW, "chat_stack"));
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "offline") == 0;
}

static void
test_onboarding (void)
{
  static const Shot shots[] = {
    { "onboarding-wide-light", 1000, 700, FALSE },
    { "onboarding-narrow-dark", 360, 720, TRUE },
  };
  SparkProviderList *providers = spark_context_get_providers (spark_application_get_context (app));
  g_autoptr (SparkProvider) ollama = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OLLAMA);

  /* First run with no Ollama running: port 9 (discard) refuses. */
  new_chat ();
  spark_provider_set_base_url (ollama, "http://127.0.0.1:9/v1");
  spark_provider_list_add (providers, ollama);
  spark_provider_list_set_active (providers, ollama);
  g_assert_true (spark_test_wait_until (offline_shown, NULL, 10000));
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    take (&shots[i]);
}

static void
test_main_states (void)
{
  static const Shot shots[] = {
    { "main-wide-light", 1000, 700, FALSE },
    { "main-wide-dark", 1000, 700, TRUE },
    { "main-narrow-light", 360, 720, FALSE },
    { "main-narrow-dark", 360, 720, TRUE },
  };
  double lum[G_N_ELEMENTS (shots)];

  g_application_activate (G_APPLICATION (app));
  /* The service answered: the model picker is filled. */
  g_assert_true (spark_test_wait_until (model_picker_ready, NULL, 10000));

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    lum[i] = take (&shots[i]);

  /* The dark style must really be dark, the light one light. */
  g_assert_cmpfloat (lum[0], >, 180);
  g_assert_cmpfloat (lum[1], <, 90);
  g_assert_cmpfloat (lum[2], >, 180);
  g_assert_cmpfloat (lum[3], <, 90);
}

static void
test_composer_with_text (void)
{
  GtkWindow        *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  SparkComposer    *composer = SPARK_COMPOSER (gtk_widget_get_template_child (GTK_WIDGET (window), SPARK_TYPE_WINDOW, "composer"));
  static const Shot shot = { "composer-travel-light", 1000, 700, FALSE };

  spark_composer_set_text (composer, "Plan three days in Lisbon with two kids:\nmuseums, parks and good food.");
  spark_composer_set_mode (composer, SPARK_MODE_TRAVEL);
  spark_composer_set_depth (composer, SPARK_DEPTH_THINKING);
  take (&shot);
  spark_composer_set_text (composer, "");
  spark_composer_set_mode (composer, SPARK_MODE_CHAT);
  spark_composer_set_depth (composer, SPARK_DEPTH_INSTANT);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);

  out_dir = g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);
  g_mkdir_with_parents (out_dir, 0755);

  service = spark_fake_service_new (&error);
  g_assert_no_error (error);
  app = spark_ui_test_app_new (service);

  g_test_add_func ("/screenshots/main-states", test_main_states);
  g_test_add_func ("/screenshots/composer", test_composer_with_text);
  g_test_add_func ("/screenshots/chat", test_chat);
  g_test_add_func ("/screenshots/markdown-reply", test_markdown_reply);
  g_test_add_func ("/screenshots/failed-reply", test_failed_reply);
  g_test_add_func ("/screenshots/onboarding", test_onboarding);

  ret = g_test_run ();

  gtk_window_destroy (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_clear_object (&app);
  g_clear_object (&service);
  g_free (out_dir);
  return ret;
}
