/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The composer: attached images as thumbnails, a text view that grows to
 * about eight lines, the mode and depth selectors, Attach / Microphone,
 * and Send (Stop while a reply streams). Enter sends, Shift+Enter adds a
 * newline, Esc stops. Pasting an image or image files attaches them.
 *
 * It does not send anything itself: it emits ::send and ::stop and the
 * window decides. The text and images are only cleared by the owner once
 * the message is safely taken, so nothing typed is ever lost. Images that
 * can't be attached are reported with ::problem (a sentence to show). */
#include "config.h"

#include <glib/gi18n.h>

#include "spark-composer.h"
#include "spark-core-enums.h"
#include "spark-image-strip.h"
#include "spark-voice-bar.h"

#define MAX_VISIBLE_LINES 8

struct _SparkComposer
{
  GtkWidget parent_instance;

  GSettings        *settings;
  SparkContext     *context;
  gboolean          busy;
  SparkAttachments *attachments;
  GCancellable     *cancellable; /* clipboard reads */
  GObject          *chooser;     /* the open file chooser, if any */
  GtkWidget        *drop_highlight;

  SparkImageStrip   *image_strip;
  GtkScrolledWindow *text_scroller;
  GtkTextView       *text_view;
  GtkDropDown       *mode_dropdown;
  GtkDropDown       *depth_dropdown;
  GtkStringList     *mode_model;
  GtkStringList     *depth_model;
  GtkWidget         *attach_button;
  GtkStack          *send_stack;
  GtkWidget         *send_button;
  GtkWidget         *placeholder;
  GtkWidget         *text_overlay;
  SparkVoiceBar     *voice_bar;
};

G_DEFINE_FINAL_TYPE (SparkComposer, spark_composer, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MODE,
  PROP_DEPTH,
  PROP_BUSY,
  N_PROPS
};

enum
{
  SEND,
  STOP,
  PROBLEM,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static gboolean
has_text (SparkComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter    iter;

  /* Stops at the first visible character: cheap however long the draft is. */
  for (gtk_text_buffer_get_start_iter (buffer, &iter);
       !gtk_text_iter_is_end (&iter);
       gtk_text_iter_forward_char (&iter))
    if (!g_unichar_isspace (gtk_text_iter_get_char (&iter)))
      return TRUE;
  return FALSE;
}

/* Text or an image is a question; loading images must finish first. */
static gboolean
can_send (SparkComposer *self)
{
  if (self->busy || spark_attachments_get_loading (self->attachments)
      || spark_voice_bar_get_state (self->voice_bar) != SPARK_VOICE_BAR_IDLE)
    return FALSE;
  return has_text (self) || spark_attachments_get_n_items (self->attachments) > 0;
}

static void
update_actions (SparkComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  guint          n_images;

  if (self->attachments == NULL) /* disposed */
    return;
  n_images = spark_attachments_get_n_items (self->attachments);

  gtk_widget_set_visible (GTK_WIDGET (self->image_strip), n_images > 0);
  gtk_label_set_text (GTK_LABEL (self->placeholder),
                      n_images == 0   ? _ ("Ask anything…")
                      : n_images == 1 ? _ ("Ask about the image…")
                                      : _ ("Ask about the images…"));
  gtk_widget_set_visible (self->placeholder, gtk_text_buffer_get_char_count (buffer) == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send", can_send (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.stop", self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.record",
                                 self->context != NULL && spark_voice_bar_get_state (self->voice_bar) == SPARK_VOICE_BAR_IDLE);
  gtk_stack_set_visible_child_name (self->send_stack, self->busy ? "stop" : "send");
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SparkComposer *self = SPARK_COMPOSER (widget);

  if (self->context == NULL || spark_voice_bar_get_state (self->voice_bar) != SPARK_VOICE_BAR_IDLE)
    return;
  /* The bar takes the text's place while recording; the draft stays. */
  gtk_widget_set_visible (self->text_overlay, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->voice_bar), TRUE);
  spark_voice_bar_start (self->voice_bar, self->context);
  gtk_widget_grab_focus (GTK_WIDGET (self->voice_bar));
  update_actions (self);
}

static void
voice_state_cb (SparkComposer *self)
{
  if (spark_voice_bar_get_state (self->voice_bar) == SPARK_VOICE_BAR_IDLE)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->voice_bar), FALSE);
      gtk_widget_set_visible (self->text_overlay, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
    }
  update_actions (self);
}

static void
voice_transcribed_cb (SparkComposer *self,
                      const char    *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter    cursor, before;

  if (text == NULL || *text == '\0')
    return;
  /* Into the draft at the cursor, editable before sending; never sent by itself. */
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  before = cursor;
  if (gtk_text_iter_backward_char (&before) && !g_unichar_isspace (gtk_text_iter_get_char (&before)))
    gtk_text_buffer_insert (buffer, &cursor, " ", 1);
  gtk_text_buffer_insert (buffer, &cursor, text, -1);
}

void
spark_composer_set_context (SparkComposer *self,
                            SparkContext  *context)
{
  g_return_if_fail (SPARK_IS_COMPOSER (self));
  g_return_if_fail (!context || SPARK_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  update_actions (self);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SparkComposer *self = SPARK_COMPOSER (widget);

  if (can_send (self))
    g_signal_emit (self, signals[SEND], 0);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SparkComposer *self = SPARK_COMPOSER (widget);

  if (self->busy)
    g_signal_emit (self, signals[STOP], 0);
}

static void
problem_cb (SparkComposer *self,
            const char    *sentence)
{
  g_signal_emit (self, signals[PROBLEM], 0, sentence);
}

static GtkFileFilter *
images_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _ ("Images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/webp");
  gtk_file_filter_add_mime_type (filter, "image/gif");
  return filter;
}

static void
attach_list (SparkComposer *self,
             GListModel    *files)
{
  g_autoptr (GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = files ? g_list_model_get_n_items (files) : 0;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, g_list_model_get_item (files, i));
  spark_attachments_add_files (self->attachments, (GFile *const *) array->pdata, array->len);
}

#if GTK_CHECK_VERSION(4, 10, 0)
/* Built against a newer GTK than the 4.8 the project pins: the build's
 * MAX_ALLOWED would flag these as unavailable. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
open_multiple_cb (GObject      *source,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  g_autoptr (SparkComposer) self = user_data;
  g_autoptr (GListModel) files = gtk_file_dialog_open_multiple_finish (GTK_FILE_DIALOG (source), res, NULL);

  g_clear_object (&self->chooser);
  attach_list (self, files);
}

static void
open_chooser (SparkComposer *self,
              GtkWindow     *parent)
{
  g_autoptr (GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr (GtkFileFilter) filter = images_filter ();
  g_autoptr (GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  g_list_store_append (filters, filter);
  gtk_file_dialog_set_title (dialog, _ ("Attach Images"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, filter);
  self->chooser = g_object_ref (G_OBJECT (dialog));
  gtk_file_dialog_open_multiple (dialog, parent, self->cancellable, open_multiple_cb, g_object_ref (self));
}
G_GNUC_END_IGNORE_DEPRECATIONS
#else
static void
chooser_response_cb (SparkComposer        *self,
                     int                   response,
                     GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
      attach_list (self, files);
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (native));
  g_clear_object (&self->chooser);
}

static void
open_chooser (SparkComposer *self,
              GtkWindow     *parent)
{
  GtkFileChooserNative *native;
  g_autoptr (GtkFileFilter) filter = images_filter ();

  native = gtk_file_chooser_native_new (_ ("Attach Images"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _ ("_Attach"), _ ("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  self->chooser = G_OBJECT (native);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
#endif

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SparkComposer *self = SPARK_COMPOSER (widget);
  GtkRoot       *root = gtk_widget_get_root (widget);

  if (self->chooser == NULL)
    open_chooser (self, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}

/* Files copied in a file manager are local; a list of web addresses is
 * better pasted as the text it also is. */
static gboolean
all_local (const GValue *value)
{
  GSList  *files;
  gboolean local = TRUE;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || g_value_get_boxed (value) == NULL)
    return TRUE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL && local; l = l->next)
    local = g_file_has_uri_scheme (l->data, "file");
  g_slist_free (files);
  return local;
}

static void
clipboard_value_cb (GObject      *source,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  g_autoptr (SparkComposer) self = user_data;
  g_autoptr (GError) error = NULL;
  const GValue *value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (source), res, &error);

  if (value != NULL && !all_local (value))
    gtk_text_buffer_paste_clipboard (gtk_text_view_get_buffer (self->text_view), GDK_CLIPBOARD (source), NULL,
                                     gtk_text_view_get_editable (self->text_view));
  else if (value != NULL)
    spark_attachments_add_value (self->attachments, value, _ ("Pasted image"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[PROBLEM], 0, error->message);
}

/* Ctrl+V, Shift+Insert and the context menu's Paste all come here: image
 * files and pictures are attached instead of pasted as text. A picture
 * that comes with text (cells copied from a spreadsheet) pastes as text. */
static void
paste_clipboard_cb (SparkComposer *self,
                    GtkTextView   *view)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));
  g_autoptr (GdkContentFormats) formats = NULL;
  GType type = G_TYPE_INVALID;

  formats = gdk_content_formats_union_deserialize_gtypes (gdk_content_formats_ref (gdk_clipboard_get_formats (clipboard)));
  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    type = GDK_TYPE_FILE_LIST;
  else if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE)
           && !gdk_content_formats_contain_gtype (formats, G_TYPE_STRING))
    type = GDK_TYPE_TEXTURE;
  if (type == G_TYPE_INVALID)
    return;

  g_signal_stop_emission_by_name (view, "paste-clipboard");
  gdk_clipboard_read_value_async (clipboard, type, G_PRIORITY_DEFAULT, self->cancellable,
                                  clipboard_value_cb, g_object_ref (self));
}

static GdkDragAction
drop_enter_cb (SparkComposer *self)
{
  if (self->drop_highlight != NULL)
    gtk_widget_set_visible (self->drop_highlight, TRUE);
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (SparkComposer *self)
{
  if (self->drop_highlight != NULL)
    gtk_widget_set_visible (self->drop_highlight, FALSE);
}

static gboolean
drop_cb (SparkComposer *self,
         const GValue  *value)
{
  drop_leave_cb (self);
  return spark_attachments_add_value (self->attachments, value, _ ("Dropped image"));
}

void
spark_composer_accept_drops (SparkComposer *self,
                             GtkWidget     *target,
                             GtkWidget     *highlight)
{
  /* A picture straight from another app first; files otherwise (Files
   * offers only a file list, and keeps the original bytes and name). */
  GType          types[] = { GDK_TYPE_TEXTURE, GDK_TYPE_FILE_LIST };
  GtkDropTarget *drop;

  g_return_if_fail (SPARK_IS_COMPOSER (self));
  g_return_if_fail (GTK_IS_WIDGET (target));
  g_return_if_fail (!highlight || GTK_IS_WIDGET (highlight));

  if (self->drop_highlight != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->drop_highlight), (gpointer *) &self->drop_highlight);
  self->drop_highlight = highlight;
  if (highlight != NULL)
    g_object_add_weak_pointer (G_OBJECT (highlight), (gpointer *) &self->drop_highlight);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect_object (drop, "enter", G_CALLBACK (drop_enter_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drop, "leave", G_CALLBACK (drop_leave_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (target, GTK_EVENT_CONTROLLER (drop));
}

static gboolean
key_pressed_cb (SparkComposer         *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
    {
      /* Shift+Enter (and Ctrl+Enter) insert a newline as usual. */
      if (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK))
        return FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "composer.send", NULL);
      return TRUE;
    }
  if (keyval == GDK_KEY_Escape && self->busy)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "composer.stop", NULL);
      return TRUE;
    }
  /* Up in an empty composer edits the last question (as in chat apps);
   * the chat around the composer has the action. */
  if (keyval == GDK_KEY_Up && (state & gtk_accelerator_get_default_mod_mask ()) == 0
      && gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (self->text_view)) == 0)
    return gtk_widget_activate_action (GTK_WIDGET (self), "chat.edit-last", NULL);
  return FALSE;
}

static void
update_max_height (SparkComposer *self)
{
  g_autoptr (PangoLayout) layout = NULL;
  int line_height = 0;

  /* Measure a real line in the view's font: font metrics leave out line spacing. */
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->text_view), "Ag");
  pango_layout_get_pixel_size (layout, NULL, &line_height);

  gtk_scrolled_window_set_max_content_height (self->text_scroller,
                                              line_height * MAX_VISIBLE_LINES
                                                + gtk_text_view_get_top_margin (self->text_view)
                                                + gtk_text_view_get_bottom_margin (self->text_view)
                                                + 8);
}

static void
spark_composer_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (spark_composer_parent_class)->css_changed (widget, change);
  update_max_height (SPARK_COMPOSER (widget));
}

static void
mode_selected_cb (SparkComposer *self)
{
  SparkMode mode = gtk_drop_down_get_selected (self->mode_dropdown);

  if (mode >= SPARK_N_MODES)
    return;
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "mode", spark_mode_get_info (mode)->id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

static void
depth_selected_cb (SparkComposer *self)
{
  SparkDepth depth = gtk_drop_down_get_selected (self->depth_dropdown);

  if (depth >= SPARK_N_DEPTHS)
    return;
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "depth", spark_depth_get_info (depth)->id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPTH]);
}

void
spark_composer_set_settings (SparkComposer *self,
                             GSettings     *settings)
{
  g_autofree char      *mode_id = NULL;
  g_autofree char      *depth_id = NULL;
  const SparkModeInfo  *mode;
  const SparkDepthInfo *depth;

  g_return_if_fail (SPARK_IS_COMPOSER (self));
  g_return_if_fail (!settings || G_IS_SETTINGS (settings));

  if (!g_set_object (&self->settings, settings) || settings == NULL)
    return;

  /* Restore the last choice; unknown ids (an older build) fall back to the default. */
  mode_id = g_settings_get_string (settings, "mode");
  depth_id = g_settings_get_string (settings, "depth");
  if ((mode = spark_mode_info_from_id (mode_id)) != NULL)
    spark_composer_set_mode (self, mode->mode);
  if ((depth = spark_depth_info_from_id (depth_id)) != NULL)
    spark_composer_set_depth (self, depth->depth);
}

char *
spark_composer_dup_text (SparkComposer *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter    start, end;

  g_return_val_if_fail (SPARK_IS_COMPOSER (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
spark_composer_set_text (SparkComposer *self,
                         const char    *text)
{
  g_return_if_fail (SPARK_IS_COMPOSER (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text ? text : "", -1);
}

void
spark_composer_focus (SparkComposer *self)
{
  g_return_if_fail (SPARK_IS_COMPOSER (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

SparkMode
spark_composer_get_mode (SparkComposer *self)
{
  g_return_val_if_fail (SPARK_IS_COMPOSER (self), SPARK_MODE_CHAT);
  return MIN (gtk_drop_down_get_selected (self->mode_dropdown), SPARK_N_MODES - 1);
}

void
spark_composer_set_mode (SparkComposer *self,
                         SparkMode      mode)
{
  g_return_if_fail (SPARK_IS_COMPOSER (self));
  g_return_if_fail (mode < SPARK_N_MODES);
  gtk_drop_down_set_selected (self->mode_dropdown, mode);
}

SparkDepth
spark_composer_get_depth (SparkComposer *self)
{
  g_return_val_if_fail (SPARK_IS_COMPOSER (self), SPARK_DEPTH_INSTANT);
  return MIN (gtk_drop_down_get_selected (self->depth_dropdown), SPARK_N_DEPTHS - 1);
}

void
spark_composer_set_depth (SparkComposer *self,
                          SparkDepth     depth)
{
  g_return_if_fail (SPARK_IS_COMPOSER (self));
  g_return_if_fail (depth < SPARK_N_DEPTHS);
  gtk_drop_down_set_selected (self->depth_dropdown, depth);
}

SparkAttachments *
spark_composer_get_attachments (SparkComposer *self)
{
  g_return_val_if_fail (SPARK_IS_COMPOSER (self), NULL);
  return self->attachments;
}

gboolean
spark_composer_get_busy (SparkComposer *self)
{
  g_return_val_if_fail (SPARK_IS_COMPOSER (self), FALSE);
  return self->busy;
}

void
spark_composer_set_busy (SparkComposer *self,
                         gboolean       busy)
{
  g_return_if_fail (SPARK_IS_COMPOSER (self));

  busy = !!busy;
  if (self->busy == busy)
    return;
  self->busy = busy;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
spark_composer_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SparkComposer *self = SPARK_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, spark_composer_get_mode (self));
      break;
    case PROP_DEPTH:
      g_value_set_enum (value, spark_composer_get_depth (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_composer_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SparkComposer *self = SPARK_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_MODE:
      spark_composer_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_DEPTH:
      spark_composer_set_depth (self, g_value_get_enum (value));
      break;
    case PROP_BUSY:
      spark_composer_set_busy (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_composer_dispose (GObject *object)
{
  SparkComposer *self = SPARK_COMPOSER (object);
  GtkWidget     *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
#if !GTK_CHECK_VERSION(4, 10, 0)
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
#endif
  g_clear_object (&self->chooser);
  g_clear_object (&self->attachments);
  if (self->drop_highlight != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->drop_highlight), (gpointer *) &self->drop_highlight);
  self->drop_highlight = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), SPARK_TYPE_COMPOSER);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spark_composer_parent_class)->dispose (object);
}

static gboolean
spark_composer_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (SPARK_COMPOSER (widget)->text_view));
}

static void
spark_composer_class_init (SparkComposerClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = spark_composer_get_property;
  object_class->set_property = spark_composer_set_property;
  object_class->dispose = spark_composer_dispose;
  widget_class->css_changed = spark_composer_css_changed;
  widget_class->grab_focus = spark_composer_grab_focus;

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, SPARK_TYPE_MODE, SPARK_MODE_CHAT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DEPTH] =
    g_param_spec_enum ("depth", NULL, NULL, SPARK_TYPE_DEPTH, SPARK_DEPTH_INSTANT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The person asked to send what is in the composer. */
  signals[SEND] = g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The person asked to stop the reply that is streaming. */
  signals[STOP] = g_signal_new ("stop", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Something couldn't be attached: a sentence that names it and says why. */
  signals[PROBLEM] = g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (SPARK_TYPE_IMAGE_STRIP);
  g_type_ensure (SPARK_TYPE_VOICE_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sparkdesk/Spark/ui/spark-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, SparkComposer, image_strip);
  gtk_widget_class_bind_template_child (widget_class, SparkComposer, text_scroller);
  gtk_widget_class_bind_template_child (widget_class, SparkComposer, text_view);
  gtk_widget_class_bind_template_child (widget_class, SparkComposer, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SparkComposer, depth_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SparkComposer, mode_model);
  gtk_widget_class_bind_template_child (widget_class, SparkComposer, depth_model);
  gtk_widget_class_bind_template_child (widget_class, SparkComposer, attach_button);
  gtk_widget_class_bind_template_child (widget_class, SparkComposer, send_stack);
  gtk_widget_class_bind_template_child (widget_class, SparkComposer, send_button);
  gtk_widget_class_bind_template_child (widget_class, SparkComposer, placeholder);
  gtk_widget_class_bind_template_child (widget_class, SparkComposer, text_overlay);
  gtk_widget_class_bind_template_child (widget_class, SparkComposer, voice_bar);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "composer.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "composer.record", NULL, record_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_M, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "composer.record", NULL);
  gtk_widget_class_install_action (widget_class, "composer.attach", NULL, attach_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "composer");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
spark_composer_init (SparkComposer *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->attachments = spark_attachments_new (self->image_strip);
  g_signal_connect_object (self->attachments, "changed", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->attachments, "problem", G_CALLBACK (problem_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->voice_bar, "notify::state", G_CALLBACK (voice_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->voice_bar, "transcribed", G_CALLBACK (voice_transcribed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->text_view, "paste-clipboard", G_CALLBACK (paste_clipboard_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < SPARK_N_MODES; i++)
    gtk_string_list_append (self->mode_model, gettext (spark_mode_get_info (i)->title));
  for (guint i = 0; i < SPARK_N_DEPTHS; i++)
    gtk_string_list_append (self->depth_model, gettext (spark_depth_get_info (i)->title));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), keys);

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mode_dropdown, "notify::selected",
                           G_CALLBACK (mode_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->depth_dropdown, "notify::selected",
                           G_CALLBACK (depth_selected_cb), self, G_CONNECT_SWAPPED);

  update_actions (self);
}
