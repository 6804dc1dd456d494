/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renders the main states of the window to PNGs in the build dir
 * (tests/screenshots/NAME.png): wide and narrow, light and dark. Look at them
 * after UI changes; data/screenshots holds the copies the metainfo uses. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "spark-application.h"
#include "spark-composer.h"
#include "spark-context.h"
#include "spark-preferences-window.h"
#include "spark-provider-editor.h"
#include "spark-services-page.h"
#include "spark-image-viewer.h"
#include "spark-message-row.h"
#include "spark-sidebar.h"
#include "spark-test-util.h"
#include "spark-message-list.h"
#include "spark-ui-test.h"
#include "spark-voice-bar.h"
#include "spark-window.h"

static SparkApplication *app;
static SparkFakeService *service;
static char             *out_dir;
static char             *image_dir;

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
  g_autoptr (GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  /* A widget that changes every frame (the voice meter's clock) may have a
   * layout pending right now, and then draws nothing: try the next frame. */
  for (guint attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();

      if (attempt > 0)
        spark_test_iterate (20);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
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

static void
save_png (GtkWidget  *window,
          const char *name)
{
  g_autoptr (GdkTexture) texture = render_window (window);
  g_autofree char *filename = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (out_dir, filename, NULL);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);
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

static gboolean
search_results_shown (gpointer data)
{
  GtkWidget *sidebar = GTK_WIDGET (spark_ui_test_child (window (), SPARK_TYPE_WINDOW, "sidebar"));
  GtkStack  *stack = GTK_STACK (spark_ui_test_child (sidebar, SPARK_TYPE_SIDEBAR, "stack"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "results") == 0;
}

static void
test_search (void)
{
  static const Shot shots[] = {
    { "search-light", 1000, 700, FALSE },
    { "search-dark", 1000, 700, TRUE },
  };
  GtkWidget      *sidebar = GTK_WIDGET (spark_ui_test_child (window (), SPARK_TYPE_WINDOW, "sidebar"));
  GtkSearchEntry *entry = GTK_SEARCH_ENTRY (spark_ui_test_child (sidebar, SPARK_TYPE_SIDEBAR, "search_entry"));

  /* A second stored chat, then a search that finds words in the first. */
  new_chat ();
  spark_fake_service_push_text (service, "The Douro valley is two hours east of Porto by train; go in September for the harvest.");
  send ("Is the Douro valley worth a day trip from Porto?");
  g_object_set (entry, "search-delay", 0, NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), "tram cast");
  g_assert_true (spark_test_wait_until (search_results_shown, NULL, 10000));
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    take (&shots[i]);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
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

static GtkWidget *
versions_dialog (void)
{
  return spark_ui_test_find_message_dialog ();
}

static gboolean
versions_dialog_mapped (gpointer data)
{
  GtkWidget *dialog = versions_dialog ();
  return dialog != NULL && gtk_widget_get_mapped (dialog) && gtk_widget_get_width (dialog) > 0;
}

/* A question edited once (so it says "Edited"), being edited again: the
 * banner over the composer, the question's text in it. */
static void
test_edit_question (void)
{
  static const Shot shots[] = {
    { "edit-question-light", 1000, 700, FALSE },
    { "edit-question-narrow-dark", 360, 720, TRUE },
  };
  SparkComposer     *composer = SPARK_COMPOSER (spark_ui_test_child (window (), SPARK_TYPE_WINDOW, "composer"));
  SparkConversation *conversation;
  g_autoptr (SparkMessage) question = NULL;

  new_chat ();
  spark_fake_service_push_text (service, "Bake them at 250 °C for about 12 minutes, until the tops blister.");
  send ("How long do pastéis de nata bake?");
  conversation = spark_message_list_get_conversation (
    SPARK_MESSAGE_LIST (spark_ui_test_child (window (), SPARK_TYPE_WINDOW, "message_list")));
  question = g_list_model_get_item (G_LIST_MODEL (conversation), 0);
  gtk_widget_activate_action_variant (GTK_WIDGET (composer), "chat.edit",
                                      g_variant_new_string (spark_message_get_id (question)));
  spark_fake_service_push_text (service, "In a home oven: as hot as it goes (250–290 °C), 10 to 14 minutes.");
  spark_composer_set_text (composer, "How long do pastéis de nata bake in a home oven?");
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL);
  g_assert_true (spark_test_wait_until (composer_idle, NULL, 10000));
  g_clear_object (&question);
  question = g_list_model_get_item (G_LIST_MODEL (conversation), 0);
  gtk_widget_activate_action_variant (GTK_WIDGET (composer), "chat.edit",
                                      g_variant_new_string (spark_message_get_id (question)));
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    take (&shots[i]);
  gtk_widget_activate_action (GTK_WIDGET (composer), "chat.cancel-edit", NULL);

  /* "Edited" opens the earlier versions. */
  gtk_widget_activate_action_variant (GTK_WIDGET (composer), "chat.versions",
                                      g_variant_new_string (spark_message_get_id (question)));
  g_assert_true (spark_test_wait_until (versions_dialog_mapped, NULL, 10000));
  spark_test_iterate (400);
  save_png (versions_dialog (), "versions-dialog-light");
  gtk_window_destroy (GTK_WINDOW (versions_dialog ()));
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
  SparkComposer    *composer = SPARK_COMPOSER (spark_ui_test_child (window, SPARK_TYPE_WINDOW, "composer"));
  static const Shot shot = { "composer-travel-light", 1000, 700, FALSE };

  spark_composer_set_text (composer, "Plan three days in Lisbon with two kids:\nmuseums, parks and good food.");
  spark_composer_set_mode (composer, SPARK_MODE_TRAVEL);
  spark_composer_set_depth (composer, SPARK_DEPTH_THINKING);
  take (&shot);
  spark_composer_set_text (composer, "");
  spark_composer_set_mode (composer, SPARK_MODE_CHAT);
  spark_composer_set_depth (composer, SPARK_DEPTH_INSTANT);
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* Preferences → Model Services with a local, an online and a LAN service,
 * then the editor of the LAN one (showing the unencrypted warning). */
static void
test_model_services (void)
{
  GtkWindow         *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  SparkContext      *context = spark_application_get_context (app);
  SparkProviderList *providers = spark_context_get_providers (context);
  g_autoptr (SparkProvider) openai = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OPENAI);
  g_autoptr (SparkProvider) lan = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_LLAMACPP);
  SparkPreferencesWindow *prefs;
  SparkServicesPage      *page;
  SparkProviderEditor    *editor;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  spark_provider_list_add (providers, openai);
  spark_provider_set_name (lan, "Workstation");
  spark_provider_set_base_url (lan, "http://192.168.1.20:8080/v1");
  spark_provider_list_add (providers, lan);

  prefs = spark_preferences_window_new (context);
  /* Tall enough for the whole editor; the screen is 800 px high. */
  gtk_window_set_default_size (GTK_WINDOW (prefs), 640, 760);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), window);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "services");
  gtk_window_present (GTK_WINDOW (prefs));
  g_assert_true (spark_test_wait_until (widget_mapped, prefs, 10000));
  spark_test_iterate (600);
  save_png (GTK_WIDGET (prefs), "preferences-services-light");

  page = SPARK_SERVICES_PAGE (gtk_widget_get_template_child (GTK_WIDGET (prefs), SPARK_TYPE_PREFERENCES_WINDOW, "services_page"));
  editor = spark_services_page_open_editor (page, lan);
  g_assert_true (spark_test_wait_until (widget_mapped, editor, 10000));
  spark_test_iterate (800);
  save_png (GTK_WIDGET (prefs), "preferences-service-editor-light");

  gtk_window_destroy (GTK_WINDOW (prefs));
  spark_provider_list_remove (providers, spark_provider_get_id (lan));
  spark_provider_list_remove (providers, spark_provider_get_id (openai));
}

static SparkComposer *
composer (void)
{
  return SPARK_COMPOSER (spark_ui_test_child (window (), SPARK_TYPE_WINDOW, "composer"));
}

static gboolean
attachments_ready (gpointer data)
{
  SparkAttachments *attachments = spark_composer_get_attachments (composer ());
  return !spark_attachments_get_loading (attachments)
         && spark_attachments_get_n_items (attachments) == GPOINTER_TO_UINT (data);
}

/* Three beaches: two photos from files and one pasted picture. */
static void
attach_three (void)
{
  SparkAttachments *attachments = spark_composer_get_attachments (composer ());
  g_autofree char  *a = spark_ui_test_write_image (image_dir, "comporta.jpg", 1600, 1200, FALSE, 0, "jpeg");
  g_autofree char  *b = spark_ui_test_write_image (image_dir, "arrabida.jpg", 1200, 1600, FALSE, 1, "jpeg");
  g_autoptr (GFile) fa = g_file_new_for_path (a);
  g_autoptr (GFile) fb = g_file_new_for_path (b);
  g_autoptr (GdkTexture) texture = spark_ui_test_make_texture (800, 500, 2);
  GFile *files[] = { fa, fb };

  spark_attachments_add_files (attachments, files, 2);
  spark_attachments_add_texture (attachments, texture, NULL);
  g_assert_true (spark_test_wait_until (attachments_ready, GUINT_TO_POINTER (3), 10000));
}

static void
test_composer_images (void)
{
  static const Shot shots[] = {
    { "composer-images-light", 1000, 700, FALSE },
    { "composer-images-narrow-dark", 360, 720, TRUE },
  };

  new_chat ();
  attach_three ();
  spark_composer_set_text (composer (), "Which of these beaches is best for small kids?");
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    take (&shots[i]);
  spark_attachments_clear (spark_composer_get_attachments (composer ()));
  spark_composer_set_text (composer (), "");
}

static void
test_drop_highlight (void)
{
  static const Shot shot = { "drop-highlight-light", 1000, 700, FALSE };
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window ()));
  GtkDropTarget *target = NULL;
  GdkDragAction  action = 0;

  new_chat ();
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_DROP_TARGET (c))
        target = GTK_DROP_TARGET (c);
    }
  g_assert_nonnull (target);
  g_signal_emit_by_name (target, "enter", 400.0, 300.0, &action);
  take (&shot);
  g_signal_emit_by_name (target, "leave");
}

static void
collect_buttons (GtkWidget *root,
                 GPtrArray *out)
{
  if (gtk_widget_has_css_class (root, "open-image"))
    g_ptr_array_add (out, root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_buttons (c, out);
}

static SparkImageViewer *
find_viewer (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);
      if (SPARK_IS_IMAGE_VIEWER (w))
        return SPARK_IMAGE_VIEWER (w);
    }
  return NULL;
}

static gboolean
viewer_ready (gpointer data)
{
  SparkImageViewer *viewer = find_viewer ();
  return viewer != NULL && spark_image_viewer_get_loaded (viewer) && gtk_widget_get_mapped (GTK_WIDGET (viewer))
         && gtk_widget_get_width (GTK_WIDGET (viewer)) > 0;
}

static void
test_images_chat_and_viewer (void)
{
  static const Shot chat = { "chat-images-light", 1000, 700, FALSE };
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char  *path = NULL;
  SparkImageViewer *viewer;

  new_chat ();
  attach_three ();
  spark_fake_service_push_text (service, "For small kids, Arrábida: the Portinho beach is sheltered, the water is calm "
                                         "and shallow near the shore, and there is shade under the cliffs. Comporta is "
                                         "lovely but windier, with stronger waves.");
  send ("Which of these beaches is best for small kids?");
  take (&chat);

  collect_buttons (GTK_WIDGET (window ()), buttons);
  g_assert_cmpuint (buttons->len, ==, 3);
  g_signal_emit_by_name (buttons->pdata[1], "clicked");
  g_assert_true (spark_test_wait_until (viewer_ready, NULL, 10000));
  viewer = find_viewer ();
  spark_test_iterate (600);
  texture = render_window (GTK_WIDGET (viewer));
  path = g_build_filename (out_dir, "image-viewer-light.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);

  /* Zoomed in: scrollbars, the zoom level in the header. */
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-original", NULL);
  spark_test_iterate (600);
  g_clear_object (&texture);
  g_free (path);
  texture = render_window (GTK_WIDGET (viewer));
  path = g_build_filename (out_dir, "image-viewer-zoomed-light.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);
  gtk_window_destroy (GTK_WINDOW (viewer));
}

static gboolean
toast_shown (gpointer data)
{
  return spark_ui_test_find_label (GTK_WIDGET (spark_ui_test_child (window (), SPARK_TYPE_WINDOW, "toast_overlay")), data) != NULL;
}

/* The model can't take images: the draft is back, and a toast says so. */
static void
test_no_vision (void)
{
  static const Shot shot = { "no-vision-light", 1000, 700, FALSE };
  SparkAttachments *attachments = spark_composer_get_attachments (composer ());
  g_autoptr (GdkTexture) texture = spark_ui_test_make_texture (640, 480, 1);

  new_chat ();
  spark_attachments_add_texture (attachments, texture, NULL);
  g_assert_true (spark_test_wait_until (attachments_ready, GUINT_TO_POINTER (1), 10000));
  spark_fake_service_push_reply (service, spark_fake_reply_new_status (500, "{\"error\":{\"message\":\"image input is not supported\"}}"));
  send ("What does this sign say?");
  g_assert_true (spark_test_wait_until (toast_shown, (gpointer) "can’t look at images", 10000));
  take (&shot);
  spark_attachments_clear (attachments);
  spark_composer_set_text (composer (), "");
}

static void
remove_images (void)
{
  g_autoptr (GDir) d = g_dir_open (image_dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (image_dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (image_dir);
}

/* The onboarding shot left a dead Ollama active: back to the fake service. */
static void
use_fake_service (void)
{
  SparkProviderList *providers = spark_context_get_providers (spark_application_get_context (app));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (providers)); i++)
    {
      g_autoptr (SparkProvider) provider = g_list_model_get_item (G_LIST_MODEL (providers), i);

      if (g_str_equal (spark_provider_get_base_url (provider), spark_fake_service_get_base_url (service)))
        spark_provider_list_set_active (providers, provider);
    }
  g_assert_true (spark_test_wait_until (model_picker_ready, NULL, 10000));
}

/* Until the composer hosts the voice bar itself, put one where its text
 * area is, as the integration will: the text hidden, the bar in its place,
 * the row of controls below. */
/* The composer's own voice bar, shown in place of the text as the
 * microphone button does (the recording itself is started by the test). */
static SparkVoiceBar *
voice_bar_in_composer (GtkWidget **text_area)
{
  GtkWidget *composer = GTK_WIDGET (spark_ui_test_child (window (), SPARK_TYPE_WINDOW, "composer"));
  GtkWidget *bar = GTK_WIDGET (spark_ui_test_child (composer, SPARK_TYPE_COMPOSER, "voice_bar"));

  *text_area = GTK_WIDGET (spark_ui_test_child (composer, SPARK_TYPE_COMPOSER, "text_overlay"));
  gtk_widget_set_visible (*text_area, FALSE);
  gtk_widget_set_visible (bar, TRUE);
  return SPARK_VOICE_BAR (bar);
}

static void
voice_bar_remove (SparkVoiceBar *bar,
                  GtkWidget     *text_area)
{
  gtk_widget_activate_action (GTK_WIDGET (bar), "voice.cancel", NULL);
  gtk_widget_activate_action (GTK_WIDGET (bar), "voice.discard", NULL);
  gtk_widget_set_visible (GTK_WIDGET (bar), FALSE);
  gtk_widget_set_visible (text_area, TRUE);
}

static gboolean
voice_time_is (gpointer data)
{
  SparkVoiceBar *bar = data;
  GtkLabel      *label = GTK_LABEL (spark_ui_test_child (bar, SPARK_TYPE_VOICE_BAR, "elapsed_label"));
  GtkLevelBar   *meter = GTK_LEVEL_BAR (spark_ui_test_child (bar, SPARK_TYPE_VOICE_BAR, "level_bar"));

  return g_str_equal (gtk_label_get_text (label), "0:02") && gtk_level_bar_get_value (meter) > 0.5;
}

static gboolean
voice_failed (gpointer data)
{
  return spark_voice_bar_get_state (data) == SPARK_VOICE_BAR_FAILED;
}

static void
test_voice (void)
{
  static const Shot recording = { "voice-recording-light", 1000, 700, FALSE };
  static const Shot countdown = { "voice-countdown-dark", 1000, 700, TRUE };
  static const Shot narrow = { "voice-recording-narrow-light", 360, 720, FALSE };
  static const Shot failed = { "voice-failed-light", 1000, 700, FALSE };
  SparkContext     *context = spark_application_get_context (app);
  GtkWidget        *text_area = NULL;
  SparkVoiceBar    *bar;

  g_settings_set_string (spark_context_get_settings (context), "audio-source",
                         "audiotestsrc is-live=true wave=pink-noise volume=0.5");
  use_fake_service ();
  new_chat ();
  spark_fake_service_push_text (service, "Porto has a mild, wet winter: expect 9–14 °C and rain on about half the days. "
                                         "Pack a light waterproof jacket and shoes that can take cobbles in the wet.");
  send ("What is the weather like in Porto in January?");
  bar = voice_bar_in_composer (&text_area);

  /* Recording, two seconds in, the meter up. */
  spark_voice_bar_start (bar, context);
  g_assert_true (spark_test_wait_until (voice_time_is, bar, 10000));
  take (&recording);
  gtk_widget_activate_action (GTK_WIDGET (bar), "voice.cancel", NULL);

  /* The last half minute of the five. */
  spark_voice_bar_set_max_duration (bar, 25 * 1000);
  spark_voice_bar_start (bar, context);
  take (&countdown);
  gtk_widget_activate_action (GTK_WIDGET (bar), "voice.cancel", NULL);

  /* A service that can't transcribe: the sentence, the recording kept. */
  spark_voice_bar_set_max_duration (bar, 60 * 1000);
  spark_fake_service_set_path_status (service, "/v1/audio/transcriptions", 404);
  spark_voice_bar_start (bar, context);
  g_assert_true (spark_test_wait_until (voice_time_is, bar, 10000));
  gtk_widget_activate_action (GTK_WIDGET (bar), "voice.stop", NULL);
  g_assert_true (spark_test_wait_until (voice_failed, bar, 10000));
  take (&failed);
  spark_fake_service_set_path_status (service, "/v1/audio/transcriptions", 0);
  gtk_widget_activate_action (GTK_WIDGET (bar), "voice.discard", NULL);

  /* Narrow: the meter gives way first. */
  spark_voice_bar_start (bar, context);
  g_assert_true (spark_test_wait_until (voice_time_is, bar, 10000));
  take (&narrow);

  voice_bar_remove (bar, text_area);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  /* No AT-SPI bus needed for pictures (it can vanish mid-run in a
   * private session, failing windows opened late, like the viewer). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  out_dir = g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);
  g_mkdir_with_parents (out_dir, 0755);
  image_dir = g_dir_make_tmp ("spark-screenshots-XXXXXX", &error);
  g_assert_no_error (error);

  service = spark_fake_service_new (&error);
  g_assert_no_error (error);
  app = spark_ui_test_app_new (service);

  g_test_add_func ("/screenshots/main-states", test_main_states);
  g_test_add_func ("/screenshots/composer", test_composer_with_text);
  g_test_add_func ("/screenshots/chat", test_chat);
  g_test_add_func ("/screenshots/search", test_search);
  g_test_add_func ("/screenshots/markdown-reply", test_markdown_reply);
  g_test_add_func ("/screenshots/failed-reply", test_failed_reply);
  g_test_add_func ("/screenshots/edit-question", test_edit_question);
  g_test_add_func ("/screenshots/composer-images", test_composer_images);
  g_test_add_func ("/screenshots/drop-highlight", test_drop_highlight);
  g_test_add_func ("/screenshots/images-chat-and-viewer", test_images_chat_and_viewer);
  g_test_add_func ("/screenshots/onboarding", test_onboarding);
  g_test_add_func ("/screenshots/model-services", test_model_services);
  g_test_add_func ("/screenshots/voice", test_voice);

  /* Last: its toast would linger over the shots after it. */
  g_test_add_func ("/screenshots/no-vision", test_no_vision);

  ret = g_test_run ();

  gtk_window_destroy (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_clear_object (&app);
  g_clear_object (&service);
  g_free (out_dir);
  remove_images ();
  g_free (image_dir);
  return ret;
}
