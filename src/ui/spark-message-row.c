/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One message in the chat list. Rows are recycled by the GtkListView:
 * set_message() rebinds a row to another message.
 *
 * Text deltas arrive far faster than frames: they only mark the row dirty,
 * and a tick callback hands the text over once per frame. A reply is
 * rendered as markdown (SparkMarkdownView re-parses only its changed
 * tail); the person's own message is shown as typed, in a label with
 * use-markup off. Model text never becomes markup either way. */
#include "config.h"

#include <glib/gi18n.h>

#include "spark-error.h"
#include "spark-image-strip.h"
#include "spark-image-viewer.h"
#include "spark-markdown-view.h"
#include "spark-message-row.h"

struct _SparkMessageRow
{
  GtkWidget parent_instance;

  SparkMessage *message;
  GSignalGroup *signals;
  guint         tick_id;
  gboolean      last; /* the conversation's last message (can be continued) */

  GtkWidget  *box;
  GtkWidget  *pending_box;
  GtkWidget  *image_strip;
  GtkSpinner *spinner;
  GtkLabel   *text_label;
  GtkWidget  *markdown_view;
  GtkLabel   *status_label;
  GtkWidget  *footer;
  GtkWidget  *copy_button;
  GtkWidget  *read_button;
  GtkWidget  *regenerate_button;
  GtkWidget  *delete_button;
  GtkWidget  *versions_button;
  GtkWidget  *continue_button;
  GtkWidget  *error_continue_button;
  GtkWidget  *user_actions;
  GtkWidget  *edited_button;
  GtkWidget  *edit_button;
  GtkWidget  *user_copy_button;
  GtkWidget  *user_delete_button;
  GtkLabel   *stats_label;
  GtkWidget  *error_box;
  GtkLabel   *error_label;
};

G_DEFINE_FINAL_TYPE (SparkMessageRow, spark_message_row, GTK_TYPE_WIDGET)

GtkWidget *
spark_message_row_new (void)
{
  return g_object_new (SPARK_TYPE_MESSAGE_ROW, NULL);
}

static gboolean
is_user (SparkMessageRow *self)
{
  return self->message != NULL && spark_message_get_role (self->message) == SPARK_ROLE_USER;
}

static void
sync_text (SparkMessageRow *self)
{
  const char *text = self->message ? spark_message_get_text (self->message) : "";
  gboolean    user = is_user (self);

  /* The hidden one is emptied so a recycled row holds no old widgets. */
  gtk_label_set_text (self->text_label, user ? text : "");
  /* As in SparkMarkdownView: GTK 4.8 measures a long wrapping label's
   * minimum width slowly unless it is given one. */
  gtk_label_set_width_chars (self->text_label, user && strlen (text) > 40 ? 20 : -1);
  spark_markdown_view_set_text (SPARK_MARKDOWN_VIEW (self->markdown_view), user ? "" : text);
  gtk_widget_set_visible (GTK_WIDGET (self->text_label), user && *text != '\0');
  gtk_widget_set_visible (self->markdown_view, !user && *text != '\0');
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  SparkMessageRow *self = SPARK_MESSAGE_ROW (widget);

  self->tick_id = 0;
  sync_text (self);
  return G_SOURCE_REMOVE;
}

static void
text_changed_cb (SparkMessageRow *self)
{
  /* Unmapped rows (off screen, or no frame clock yet) update directly. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      sync_text (self);
      return;
    }
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

/* "model · 12 → 340 tokens (80 thinking) · 0.4 s to first token · 45 tokens/s" */
static char *
stats_text (SparkMessage *message)
{
  GString *text = g_string_new (spark_message_get_model (message));
  gint64   prompt, completion, reasoning, first_token_ms;
  double   tokens_per_second;

  spark_message_get_usage (message, &prompt, &completion, &reasoning);
  spark_message_get_timings (message, &first_token_ms, &tokens_per_second);
  if (prompt > 0 || completion > 0)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      /* Translators: tokens sent → tokens written. */
      g_string_append_printf (text, _ ("%lld → %lld tokens"), (long long) prompt, (long long) completion);
      if (reasoning > 0)
        g_string_append_printf (text, _ (" (%lld thinking)"), (long long) reasoning);
    }
  if (first_token_ms >= 0)
    g_string_append_printf (text, _ (" · %.1f s to first token"), first_token_ms / 1000.0);
  if (tokens_per_second > 0)
    g_string_append_printf (text, _ (" · %.0f tokens/s"), tokens_per_second);
  return g_string_free (text, FALSE);
}

/* Rows are recycled: a button acts on whichever message is shown. Named
 * only once a target is set: an action without its parameter warns. */
static void
target_button (GtkWidget    *button,
               const char   *action,
               SparkMessage *message)
{
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", spark_message_get_id (message));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
}

/* A reply cut off (stopped, failed mid-way, or interrupted by a crash)
 * can be carried on while it is the last message. */
static gboolean
can_continue (SparkMessageRow *self)
{
  SparkMessageState state = spark_message_get_state (self->message);

  return self->last && spark_message_get_role (self->message) == SPARK_ROLE_ASSISTANT
         && spark_message_get_text_length (self->message) > 0
         && (state == SPARK_MESSAGE_CANCELLED || state == SPARK_MESSAGE_FAILED || state == SPARK_MESSAGE_INTERRUPTED);
}

static void
sync_footer (SparkMessageRow *self)
{
  SparkMessage *message = self->message;
  gboolean      reply, user;

  reply = message != NULL && spark_message_get_role (message) == SPARK_ROLE_ASSISTANT
          && spark_message_is_finished (message);
  user = message != NULL && spark_message_get_role (message) == SPARK_ROLE_USER;
  /* A reply that failed before writing anything has only its error box;
   * one stopped before it wrote anything can still be written again. */
  gtk_widget_set_visible (self->footer, reply
                                          && (spark_message_get_text_length (message) > 0
                                              || spark_message_get_state (message) == SPARK_MESSAGE_CANCELLED));
  gtk_widget_set_visible (self->user_actions, user);
  if (user)
    {
      /* Edited (an earlier version exists), or put back from the versions
       * (a later one exists). */
      gtk_widget_set_visible (self->edited_button, spark_message_get_versioned (message));
      gtk_button_set_label (GTK_BUTTON (self->edited_button),
                            spark_message_get_parent_id (message) ? _ ("Edited") : _ ("Other Versions"));
      target_button (self->edited_button, "chat.versions", message);
      target_button (self->edit_button, "chat.edit", message);
      target_button (self->user_copy_button, "chat.copy", message);
      target_button (self->user_delete_button, "chat.delete", message);
    }
  if (!reply)
    return;
  {
    g_autofree char *stats = stats_text (message);
    gtk_label_set_text (self->stats_label, stats);
  }
  gtk_widget_set_visible (self->continue_button,
                          can_continue (self) && spark_message_get_state (message) == SPARK_MESSAGE_CANCELLED);
  gtk_widget_set_visible (self->copy_button, spark_message_get_text_length (message) > 0);
  gtk_widget_set_visible (self->read_button, spark_message_get_text_length (message) > 0);
  target_button (self->copy_button, "chat.copy", message);
  target_button (self->read_button, "chat.read-aloud", message);
  target_button (self->regenerate_button, "chat.regenerate", message);
  target_button (self->delete_button, "chat.delete", message);
  gtk_widget_set_visible (self->versions_button, spark_message_get_versioned (message));
  target_button (self->versions_button, "chat.versions", message);
}

static void
sync_state (SparkMessageRow *self)
{
  SparkMessageState state = self->message ? spark_message_get_state (self->message) : SPARK_MESSAGE_COMPLETE;
  const char       *status = NULL;

  gtk_widget_set_visible (self->pending_box, state == SPARK_MESSAGE_PENDING);
  if (state == SPARK_MESSAGE_PENDING)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);

  switch (state)
    {
    case SPARK_MESSAGE_CANCELLED:
      status = _ ("Stopped");
      break;
    case SPARK_MESSAGE_INTERRUPTED:
    case SPARK_MESSAGE_COMPLETE:
    case SPARK_MESSAGE_PENDING:
    case SPARK_MESSAGE_STREAMING:
    case SPARK_MESSAGE_FAILED:
    default:
      break;
    }
  gtk_label_set_text (self->status_label, status ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status != NULL);

  if (state == SPARK_MESSAGE_FAILED && spark_message_get_error (self->message) != NULL)
    {
      gtk_label_set_text (self->error_label, spark_message_get_error (self->message)->message);
      gtk_widget_set_visible (self->error_box, TRUE);
    }
  else if (state == SPARK_MESSAGE_INTERRUPTED)
    {
      /* Found streaming after a crash or kill: what arrived is kept, and
       * Retry asks again. */
      gtk_label_set_text (self->error_label, _ ("Spark closed before this reply finished. What arrived is kept."));
      gtk_widget_set_visible (self->error_box, TRUE);
    }
  else
    {
      gtk_widget_set_visible (self->error_box, FALSE);
    }

  gtk_widget_set_visible (self->error_continue_button, self->message != NULL && can_continue (self));

  /* The final text must be there even if no frame came since the last delta. */
  if (spark_message_row_get_message (self) && state != SPARK_MESSAGE_STREAMING)
    sync_text (self);
  sync_footer (self);
}

/* A person's own images, as thumbnails that open the viewer. */
static void
sync_images (SparkMessageRow *self)
{
  GPtrArray *images = self->message ? spark_message_get_images (self->message) : NULL;
  gboolean   show = images != NULL && images->len > 0 && spark_message_get_role (self->message) == SPARK_ROLE_USER;

  spark_image_strip_remove_all (SPARK_IMAGE_STRIP (self->image_strip));
  for (guint i = 0; show && i < images->len; i++)
    {
      SparkImage *image = g_ptr_array_index (images, i);
      spark_image_strip_add (SPARK_IMAGE_STRIP (self->image_strip), image, image->name, image);
    }
  gtk_widget_set_visible (self->image_strip, show);
}

static void
image_activated_cb (SparkMessageRow *self,
                    gpointer         key)
{
  GPtrArray *images = self->message ? spark_message_get_images (self->message) : NULL;
  GtkRoot   *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (images != NULL && g_ptr_array_find (images, key, NULL))
    gtk_window_present (GTK_WINDOW (spark_image_viewer_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, key)));
}

SparkMessage *
spark_message_row_get_message (SparkMessageRow *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE_ROW (self), NULL);
  return self->message;
}

void
spark_message_row_set_reading (SparkMessageRow *self,
                               gboolean         reading)
{
  g_return_if_fail (SPARK_IS_MESSAGE_ROW (self));

  /* While this reply is read aloud, its button stops the reading. */
  gtk_button_set_icon_name (GTK_BUTTON (self->read_button),
                            reading ? "media-playback-stop-symbolic" : "audio-speakers-symbolic");
  gtk_widget_set_tooltip_text (self->read_button, reading ? _ ("Stop Reading") : _ ("Read Aloud"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->read_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  reading ? _ ("Stop Reading") : _ ("Read Aloud"), -1);
}

void
spark_message_row_set_last (SparkMessageRow *self,
                            gboolean         last)
{
  g_return_if_fail (SPARK_IS_MESSAGE_ROW (self));

  last = !!last;
  if (self->last == last)
    return;
  self->last = last;
  if (self->message != NULL)
    sync_state (self);
}

const char *
spark_message_row_get_shown_text (SparkMessageRow *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE_ROW (self), NULL);
  if (is_user (self))
    return gtk_label_get_text (self->text_label);
  return spark_markdown_view_get_text (SPARK_MARKDOWN_VIEW (self->markdown_view));
}

void
spark_message_row_set_message (SparkMessageRow *self,
                               SparkMessage    *message)
{
  gboolean user;

  g_return_if_fail (SPARK_IS_MESSAGE_ROW (self));
  g_return_if_fail (!message || SPARK_IS_MESSAGE (message));

  if (!g_set_object (&self->message, message))
    return;

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_signal_group_set_target (self->signals, message);

  user = message != NULL && spark_message_get_role (message) == SPARK_ROLE_USER;
  if (user)
    {
      gtk_widget_add_css_class (self->box, "user-bubble");
      gtk_widget_remove_css_class (self->box, "assistant-reply");
      gtk_widget_set_halign (self->box, GTK_ALIGN_END);
    }
  else
    {
      gtk_widget_add_css_class (self->box, "assistant-reply");
      gtk_widget_remove_css_class (self->box, "user-bubble");
      gtk_widget_set_halign (self->box, GTK_ALIGN_FILL);
    }

  sync_images (self);
  sync_text (self);
  sync_state (self);
}

static void
spark_message_row_dispose (GObject *object)
{
  SparkMessageRow *self = SPARK_MESSAGE_ROW (object);
  GtkWidget       *child;

  spark_message_row_set_message (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPARK_TYPE_MESSAGE_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->signals);

  G_OBJECT_CLASS (spark_message_row_parent_class)->dispose (object);
}

static void
spark_message_row_class_init (SparkMessageRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spark_message_row_dispose;

  g_type_ensure (SPARK_TYPE_IMAGE_STRIP);
  g_type_ensure (SPARK_TYPE_MARKDOWN_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sparkdesk/Spark/ui/spark-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, box);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, pending_box);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, image_strip);
  gtk_widget_class_bind_template_callback (widget_class, image_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, markdown_view);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, footer);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, read_button);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, versions_button);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, user_delete_button);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, user_copy_button);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, edited_button);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, user_actions);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, error_continue_button);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, continue_button);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, delete_button);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, regenerate_button);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, stats_label);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, error_box);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageRow, error_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagerow");
}

static void
spark_message_row_init (SparkMessageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->signals = g_signal_group_new (SPARK_TYPE_MESSAGE);
  g_signal_group_connect_swapped (self->signals, "notify::text", G_CALLBACK (text_changed_cb), self);
  g_signal_group_connect_swapped (self->signals, "notify::state", G_CALLBACK (sync_state), self);
  g_signal_group_connect_swapped (self->signals, "notify::usage", G_CALLBACK (sync_footer), self);
  g_signal_group_connect_swapped (self->signals, "notify::versioned", G_CALLBACK (sync_footer), self);
}
