/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Images in the window, through the paths the person uses: the file
 * chooser's (attach a list of files), a drop on the window (a file list,
 * via the drop target), a paste (a picture on the clipboard). Thumbnails
 * with accessible names; the 11th image and bad files refused with a
 * sentence naming them; sending puts downscaled data URLs on the wire;
 * a model that can't take images gives the draft back; the viewer. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "spark-message-list.h"
#include "spark-composer.h"
#include "spark-context.h"
#include "spark-image-viewer.h"
#include "spark-message-row.h"
#include "spark-test-util.h"
#include "spark-ui-test.h"

#define TIMEOUT_MS 20000
#define child spark_ui_test_child

static SparkApplication *app;
static SparkFakeService *service;
static char             *dir;
static GPtrArray        *problems;

static SparkWindow *
window (void)
{
  return spark_ui_test_get_window (app);
}

static SparkComposer *
composer (void)
{
  return SPARK_COMPOSER (child (window (), SPARK_TYPE_WINDOW, "composer"));
}

static SparkAttachments *
attachments (void)
{
  return spark_composer_get_attachments (composer ());
}

static GtkWidget *
strip (void)
{
  return GTK_WIDGET (child (composer (), SPARK_TYPE_COMPOSER, "image_strip"));
}

static void
problem_cb (SparkComposer *c,
            const char    *sentence)
{
  g_test_message ("problem: %s", sentence);
  g_ptr_array_add (problems, g_strdup (sentence));
}

static gboolean
model_picker_ready (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (child (window (), SPARK_TYPE_WINDOW, "model_dropdown")));
}

static gboolean
not_busy (gpointer data)
{
  return !spark_composer_get_busy (composer ());
}

static gboolean
n_ready (gpointer data)
{
  return !spark_attachments_get_loading (attachments ())
         && spark_attachments_get_n_items (attachments ()) == GPOINTER_TO_UINT (data);
}

static void
wait_ready (guint n)
{
  g_assert_true (spark_test_wait_until (n_ready, GUINT_TO_POINTER (n), TIMEOUT_MS));
}

static void
collect (GtkWidget  *root,
         const char *css_class,
         GPtrArray  *out)
{
  if (gtk_widget_has_css_class (root, css_class))
    g_ptr_array_add (out, root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect (c, css_class, out);
}

static GPtrArray *
remove_buttons (void)
{
  GPtrArray *buttons = g_ptr_array_new ();
  collect (strip (), "remove-image", buttons);
  return buttons;
}

static void
assert_label (gpointer    widget,
              const char *label)
{
  g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label);
  if (mismatch != NULL)
    g_error ("accessible label: %s", mismatch);
}

static char *
image_file (const char *name,
            int         width,
            int         height,
            gboolean    alpha,
            const char *format)
{
  return spark_ui_test_write_image (dir, name, width, height, alpha, 0, format);
}

static char *
data_file (const char *name,
           const char *contents,
           gssize      size)
{
  char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, contents, size, NULL));
  return path;
}

static void
reset (void)
{
  g_assert_true (spark_test_wait_until (not_busy, NULL, TIMEOUT_MS));
  gtk_widget_activate_action (GTK_WIDGET (window ()), "win.new-chat", NULL);
  spark_attachments_clear (attachments ());
  spark_composer_set_text (composer (), "");
  g_ptr_array_set_size (problems, 0);
}

/* The problem sentences name each of @names (NULL-terminated), in order. */
static void
assert_problems (const char *const *names,
                 const char *const *reasons)
{
  guint n = g_strv_length ((char **) names);

  g_assert_cmpuint (problems->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const char *sentence = g_ptr_array_index (problems, i);
      if (strstr (sentence, names[i]) == NULL || strstr (sentence, reasons[i]) == NULL)
        g_error ("“%s” should name “%s” and say “%s”", sentence, names[i], reasons[i]);
    }
}

static void
test_pick (void)
{
  g_autofree char *a = image_file ("beach.jpg", 800, 600, FALSE, "jpeg");
  g_autofree char *b = image_file ("logo.png", 200, 200, TRUE, "png");
  g_autoptr (GFile) fa = g_file_new_for_path (a);
  g_autoptr (GFile) fb = g_file_new_for_path (b);
  GFile *files[] = { fa, fb };
  g_autoptr (GPtrArray) buttons = NULL;

  reset ();
  g_assert_true (spark_test_wait_until (model_picker_ready, NULL, TIMEOUT_MS));
  g_assert_false (gtk_widget_get_visible (strip ()));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (child (composer (), SPARK_TYPE_COMPOSER, "attach_button"))));

  /* What the file chooser does with what was picked. */
  spark_attachments_add_files (attachments (), files, 2);
  g_assert_true (gtk_widget_get_visible (strip ()));
  wait_ready (2);
  g_assert_cmpuint (problems->len, ==, 0);

  buttons = remove_buttons ();
  g_assert_cmpuint (buttons->len, ==, 2);
  assert_label (buttons->pdata[0], "Remove image beach.jpg");
  assert_label (buttons->pdata[1], "Remove image logo.png");
  /* An image alone can be sent. */
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (child (composer (), SPARK_TYPE_COMPOSER, "send_button"))));

  /* Remove the first: the other stays. */
  g_signal_emit_by_name (buttons->pdata[0], "clicked");
  g_assert_cmpuint (spark_attachments_get_n_items (attachments ()), ==, 1);
  g_ptr_array_unref (g_steal_pointer (&buttons));
  buttons = remove_buttons ();
  g_assert_cmpuint (buttons->len, ==, 1);
  assert_label (buttons->pdata[0], "Remove image logo.png");
}

static GtkDropTarget *
drop_target (void)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window ()));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_DROP_TARGET (c))
        return GTK_DROP_TARGET (c);
    }
  g_error ("the window has no drop target");
}

static gboolean
drop_files (char **paths)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto (GValue) value = G_VALUE_INIT;
  gboolean       handled = FALSE;
  GdkDragAction  action = 0;
  GtkWidget     *highlight = GTK_WIDGET (child (window (), SPARK_TYPE_WINDOW, "drop_highlight"));
  GtkDropTarget *target = drop_target ();

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths[i]));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array ((GFile **) files->pdata, files->len));

  /* A drag over the window shows the highlight; the drop hides it. */
  g_signal_emit_by_name (target, "enter", 100.0, 100.0, &action);
  g_assert_true (gtk_widget_get_visible (highlight));
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  g_signal_emit_by_name (target, "drop", &value, 100.0, 100.0, &handled);
  g_assert_false (gtk_widget_get_visible (highlight));
  return handled;
}

static void
test_drop_bad_files (void)
{
  g_autofree char *good = image_file ("good.jpg", 640, 480, FALSE, "jpeg");
  g_autofree char *pdf = data_file ("x.pdf", "%PDF-1.4\n%%EOF\n", -1);
  g_autofree char *text = data_file ("notes.png", "Buy milk and bread.\n", -1);
  g_autofree char *empty = data_file ("empty.jpg", "", 0);
  g_autofree char *big = g_build_filename (dir, "huge.png", NULL);
  g_autofree char *cut = NULL;
  g_autofree char *whole = image_file ("whole.png", 300, 300, FALSE, "png");
  const char      *names[] = { "x.pdf", "notes.png", "cut.png", "empty.jpg", "huge.png", NULL };
  const char      *reasons[] = { "is a PDF document, not an image", "is a text file, not an image",
                                 "is damaged or incomplete", "is empty", "too large to attach", NULL };
  g_autofree char *contents = NULL;
  gsize            length;
  int              fd;

  reset ();
  g_assert_true (g_file_get_contents (whole, &contents, &length, NULL));
  cut = data_file ("cut.png", contents, length / 2);
  fd = g_open (big, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  g_assert_cmpint (ftruncate (fd, 60 * 1000 * 1000), ==, 0);
  close (fd);

  {
    char *paths[] = { pdf, text, good, cut, empty, big, NULL };
    g_assert_true (drop_files (paths));
  }
  wait_ready (1);
  /* Each bad file said why, by name; the good one is attached. */
  g_assert_cmpuint (problems->len, ==, 5);
  {
    /* Loads finish in any order: match each name to its sentence. */
    for (guint i = 0; names[i] != NULL; i++)
      {
        gboolean found = FALSE;
        for (guint j = 0; j < problems->len; j++)
          if (strstr (problems->pdata[j], names[i]) && strstr (problems->pdata[j], reasons[i]))
            found = TRUE;
        if (!found)
          g_error ("no problem names “%s” with “%s”", names[i], reasons[i]);
      }
  }
  {
    g_autoptr (GPtrArray) buttons = remove_buttons ();
    g_assert_cmpuint (buttons->len, ==, 1);
    assert_label (buttons->pdata[0], "Remove image good.jpg");
  }
}

static void
test_eleven (void)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *names[] = { "photo-11.jpg", NULL };
  const char *reasons[] = { "a message can have up to 10 images", NULL };

  reset ();
  for (int i = 1; i <= 11; i++)
    {
      g_autofree char *name = g_strdup_printf ("photo-%02d.jpg", i);
      g_ptr_array_add (paths, image_file (name, 64, 48, FALSE, "jpeg"));
    }
  g_ptr_array_add (paths, NULL);
  g_assert_true (drop_files ((char **) paths->pdata));
  wait_ready (10);
  assert_problems (names, reasons);
  g_assert_cmpuint (spark_image_strip_get_n_items (SPARK_IMAGE_STRIP (strip ())), ==, 10);
}

static gboolean
text_is (gpointer data)
{
  g_autofree char *text = spark_composer_dup_text (composer ());
  return g_strcmp0 (text, data) == 0;
}

static void
test_paste (void)
{
  GtkWidget    *view = GTK_WIDGET (child (composer (), SPARK_TYPE_COMPOSER, "text_view"));
  GdkClipboard *clipboard = gtk_widget_get_clipboard (view);
  g_autoptr (GdkTexture) texture = spark_ui_test_make_texture (320, 200, 1);
  g_autofree char *path = image_file ("copied.png", 90, 60, FALSE, "png");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GdkFileList *list = gdk_file_list_new_from_array (&file, 1);

  reset ();
  spark_composer_set_text (composer (), "What is this?");

  /* A picture on the clipboard: attached, the text untouched. */
  gdk_clipboard_set_texture (clipboard, texture);
  g_assert_true (gtk_widget_activate_action (view, "clipboard.paste", NULL));
  wait_ready (1);
  {
    g_autoptr (GPtrArray) buttons = remove_buttons ();
    g_autoptr (GPtrArray) images = spark_attachments_dup_images (attachments ());
    SparkImage *image = images->pdata[0];

    assert_label (buttons->pdata[0], "Remove image Pasted image");
    g_assert_cmpint (image->width, ==, 320);
    g_assert_cmpint (image->height, ==, 200);
    g_assert_cmpstr (image->original_mime_type, ==, "image/png");
  }
  g_assert_true (text_is ((gpointer) "What is this?"));

  /* Image files copied in Files: attached too. */
  gdk_clipboard_set (clipboard, GDK_TYPE_FILE_LIST, list);
  g_boxed_free (GDK_TYPE_FILE_LIST, list);
  g_assert_true (gtk_widget_activate_action (view, "clipboard.paste", NULL));
  wait_ready (2);

  /* Web addresses are pasted as the text they also are. */
  {
    g_autoptr (GFile) web = g_file_new_for_uri ("https://example.com/cat.png");
    GdkFileList *links = gdk_file_list_new_from_array (&web, 1);

    spark_composer_set_text (composer (), "");
    gdk_clipboard_set (clipboard, GDK_TYPE_FILE_LIST, links);
    g_boxed_free (GDK_TYPE_FILE_LIST, links);
    g_assert_true (gtk_widget_activate_action (view, "clipboard.paste", NULL));
    g_assert_true (spark_test_wait_until (text_is, (gpointer) "https://example.com/cat.png", TIMEOUT_MS));
    g_assert_cmpuint (spark_attachments_get_n_items (attachments ()), ==, 2);
    spark_composer_set_text (composer (), "What is this?");
  }

  /* Text still pastes as text. */
  gdk_clipboard_set_text (clipboard, " A bird?");
  {
    GtkTextIter end;
    gtk_text_buffer_get_end_iter (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), &end);
    gtk_text_buffer_place_cursor (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), &end);
  }
  g_assert_true (gtk_widget_activate_action (view, "clipboard.paste", NULL));
  g_assert_true (spark_test_wait_until (text_is, (gpointer) "What is this? A bird?", TIMEOUT_MS));
  g_assert_cmpuint (spark_attachments_get_n_items (attachments ()), ==, 2);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* The user message's image_url parts, as (mime, width, height). */
static void
assert_sent_image (JsonArray  *content,
                   guint       index,
                   const char *mime,
                   int         width,
                   int         height)
{
  JsonObject        *part = json_array_get_object_element (content, index);
  const char        *url;
  g_autofree char   *prefix = g_strdup_printf ("data:%s;base64,", mime);
  g_autofree guchar *data = NULL;
  gsize              size;
  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  GdkPixbuf *pixbuf;

  g_assert_cmpstr (json_object_get_string_member (part, "type"), ==, "image_url");
  url = json_object_get_string_member (json_object_get_object_member (part, "image_url"), "url");
  g_assert_true (g_str_has_prefix (url, prefix));
  data = g_base64_decode (url + strlen (prefix), &size);
  g_assert_true (gdk_pixbuf_loader_write (loader, data, size, NULL));
  g_assert_true (gdk_pixbuf_loader_close (loader, NULL));
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
}

static SparkMessageRow *
find_row (GtkWidget    *root,
          SparkMessage *message)
{
  if (SPARK_IS_MESSAGE_ROW (root) && spark_message_row_get_message (SPARK_MESSAGE_ROW (root)) == message)
    return SPARK_MESSAGE_ROW (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      SparkMessageRow *row = find_row (c, message);
      if (row != NULL)
        return row;
    }
  return NULL;
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
viewer_loaded (gpointer data)
{
  return find_viewer () != NULL && spark_image_viewer_get_loaded (find_viewer ());
}

static gboolean
viewer_gone (gpointer data)
{
  return find_viewer () == NULL;
}

static gboolean
row_shown (gpointer data)
{
  return find_row (GTK_WIDGET (window ()), data) != NULL;
}

static void
test_send_and_view (void)
{
  g_autofree char *photo = image_file ("street.jpg", 3000, 2000, FALSE, "jpeg");
  g_autofree char *logo = image_file ("sticker.png", 400, 600, TRUE, "png");
  g_autoptr (GFile) fp = g_file_new_for_path (photo);
  g_autoptr (GFile) fl = g_file_new_for_path (logo);
  GFile *files[] = { fp, fl };
  g_autoptr (SparkMessage) question = NULL;
  JsonArray        *messages, *content;
  JsonObject       *user;
  SparkMessageRow  *row;
  SparkImageViewer *viewer;
  g_autoptr (GPtrArray) thumbs = g_ptr_array_new ();
  double fit;

  reset ();
  spark_attachments_add_files (attachments (), files, 2);
  wait_ready (2);
  spark_composer_set_text (composer (), "Which street is this?");
  spark_fake_service_push_text (service, "It looks like Rua Augusta in Lisbon.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer ()), "composer.send", NULL));

  /* Taken: the composer is empty again. */
  g_assert_cmpuint (spark_attachments_get_n_items (attachments ()), ==, 0);
  g_assert_false (gtk_widget_get_visible (strip ()));
  g_assert_true (spark_test_wait_until (not_busy, NULL, TIMEOUT_MS));

  /* On the wire: text, then the photo downscaled as JPEG, then the
   * see-through sticker as PNG (small enough to keep its size). */
  messages = json_object_get_array_member (spark_fake_request_get_object (spark_fake_service_get_last_request (service, "/v1/chat/completions")), "messages");
  user = json_array_get_object_element (messages, json_array_get_length (messages) - 1);
  g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, "user");
  content = json_object_get_array_member (user, "content");
  g_assert_cmpuint (json_array_get_length (content), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (content, 0), "text"), ==, "Which street is this?");
  assert_sent_image (content, 1, "image/jpeg", 1568, 1045);
  assert_sent_image (content, 2, "image/png", 400, 600);

  /* The message keeps the originals for display. */
  question = g_list_model_get_item (G_LIST_MODEL (spark_message_list_get_conversation (SPARK_MESSAGE_LIST (child (window (), SPARK_TYPE_WINDOW, "message_list")))), 0);
  {
    SparkImage      *kept = g_ptr_array_index (spark_message_get_images (question), 0);
    g_autofree char *original = NULL;
    gsize            length;

    g_assert_true (g_file_get_contents (photo, &original, &length, NULL));
    g_assert_cmpstr (kept->original_mime_type, ==, "image/jpeg");
    g_assert_cmpmem (g_bytes_get_data (kept->original, NULL), g_bytes_get_size (kept->original), original, length);
  }

  /* The user bubble shows both; clicking one opens the viewer. */
  g_assert_true (spark_test_wait_until (row_shown, question, TIMEOUT_MS));
  row = find_row (GTK_WIDGET (window ()), question);
  collect (GTK_WIDGET (row), "open-image", thumbs);
  g_assert_cmpuint (thumbs->len, ==, 2);
  assert_label (thumbs->pdata[0], "Open image street.jpg");
  g_signal_emit_by_name (thumbs->pdata[0], "clicked");
  g_assert_true (spark_test_wait_until (viewer_loaded, NULL, TIMEOUT_MS));
  viewer = find_viewer ();
  spark_test_iterate (300);

  /* Fitted at first (3000 px wide doesn't fit), then zoom in and back. */
  g_assert_true (spark_image_viewer_get_best_fit (viewer));
  fit = spark_image_viewer_get_zoom (viewer);
  g_assert_cmpfloat (fit, <, 1.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-in", NULL));
  g_assert_false (spark_image_viewer_get_best_fit (viewer));
  g_assert_cmpfloat_with_epsilon (spark_image_viewer_get_zoom (viewer), fit * 1.25, 1e-6);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-original", NULL));
  g_assert_cmpfloat (spark_image_viewer_get_zoom (viewer), ==, 1.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.best-fit", NULL));
  g_assert_true (spark_image_viewer_get_best_fit (viewer));
  /* Esc is bound to closing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "window.close", NULL));
  g_assert_true (spark_test_wait_until (viewer_gone, NULL, TIMEOUT_MS));
}

static gboolean
toast_says (gpointer data)
{
  return spark_ui_test_find_label (GTK_WIDGET (child (window (), SPARK_TYPE_WINDOW, "toast_overlay")), data) != NULL;
}

static void
test_model_without_vision (void)
{
  g_autofree char *photo = image_file ("menu.jpg", 600, 800, FALSE, "jpeg");
  g_autoptr (GFile) file = g_file_new_for_path (photo);
  g_autoptr (GdkTexture) texture = spark_ui_test_make_texture (100, 80, 2);
  SparkCapabilities *caps = spark_context_get_capabilities (spark_application_get_context (app));
  SparkProvider     *provider = spark_provider_list_get_active (spark_context_get_providers (spark_application_get_context (app)));
  GtkDropDown       *models = GTK_DROP_DOWN (child (window (), SPARK_TYPE_WINDOW, "model_dropdown"));
  guint              requests;

  reset ();
  gtk_drop_down_set_selected (models, 0); /* fake-chat */
  spark_attachments_add_files (attachments (), &file, 1);
  spark_attachments_add_texture (attachments (), texture, NULL);
  wait_ready (2);
  spark_composer_set_text (composer (), "What should I order?");

  /* llama.cpp without a vision projector answers like this. */
  spark_fake_service_push_reply (service, spark_fake_reply_new_status (500, "{\"error\":{\"message\":\"image input is not supported\"}}"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer ()), "composer.send", NULL));
  g_assert_true (spark_test_wait_until (not_busy, NULL, TIMEOUT_MS));

  /* The draft and its images are back; the chat has no dead end. */
  g_assert_true (spark_test_wait_until (n_ready, GUINT_TO_POINTER (2), TIMEOUT_MS));
  g_assert_true (text_is ((gpointer) "What should I order?"));
  {
    g_autoptr (GPtrArray) buttons = remove_buttons ();
    assert_label (buttons->pdata[0], "Remove image menu.jpg");
    assert_label (buttons->pdata[1], "Remove image Pasted image");
  }
  g_assert_null (spark_message_list_get_conversation (SPARK_MESSAGE_LIST (child (window (), SPARK_TYPE_WINDOW, "message_list"))));
  g_assert_cmpint (spark_capabilities_get_images (caps, spark_provider_get_id (provider), "fake-chat"), ==, SPARK_CAPABILITY_NO);
  /* Said plainly, with a vision model the service has. */
  g_assert_true (spark_test_wait_until (toast_says, (gpointer) "fake-chat can’t look at images. Choose a vision model such as fake-vision.", TIMEOUT_MS));

  /* Known now: sending again asks nothing and keeps everything. */
  requests = spark_fake_service_get_request_count (service, "/v1/chat/completions");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer ()), "composer.send", NULL));
  g_assert_cmpuint (spark_fake_service_get_request_count (service, "/v1/chat/completions"), ==, requests);
  g_assert_cmpuint (spark_attachments_get_n_items (attachments ()), ==, 2);
  g_assert_true (text_is ((gpointer) "What should I order?"));

  /* The toast's button switches to the vision model; then it goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window ()), "win.use-model", "s", "fake-vision"));
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (models)), ==, "fake-vision");
  spark_fake_service_push_text (service, "The grilled sardines.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer ()), "composer.send", NULL));
  g_assert_true (spark_test_wait_until (not_busy, NULL, TIMEOUT_MS));
  g_assert_cmpuint (spark_fake_service_get_request_count (service, "/v1/chat/completions"), ==, requests + 1);
  g_assert_cmpint (spark_capabilities_get_images (caps, spark_provider_get_id (provider), "fake-vision"), ==, SPARK_CAPABILITY_YES);
  gtk_drop_down_set_selected (models, 0);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (path, name, NULL);
      g_unlink (p);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  /* Accessible names are read from GTK's test AT context; the private
   * session's AT-SPI bus can go away mid-run (seen under ASan), and a new
   * window (the viewer) would then fail to connect to it. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("spark-ui-images-XXXXXX", &error);
  g_assert_no_error (error);
  problems = g_ptr_array_new_with_free_func (g_free);
  service = spark_fake_service_new (&error);
  g_assert_no_error (error);
  app = spark_ui_test_app_new (service);
  g_signal_connect (composer (), "problem", G_CALLBACK (problem_cb), NULL);

  g_test_add_func ("/ui/images/pick", test_pick);
  g_test_add_func ("/ui/images/drop-bad-files", test_drop_bad_files);
  g_test_add_func ("/ui/images/eleven", test_eleven);
  g_test_add_func ("/ui/images/paste", test_paste);
  g_test_add_func ("/ui/images/send-and-view", test_send_and_view);
  g_test_add_func ("/ui/images/model-without-vision", test_model_without_vision);

  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window ()));
  g_clear_object (&app);
  g_clear_object (&service);
  g_ptr_array_unref (problems);
  remove_tree (dir);
  g_free (dir);
  return ret;
}
