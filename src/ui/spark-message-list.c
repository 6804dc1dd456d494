/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The conversation: a GtkListView of SparkMessageRows (recycled) over a
 * SparkConversation. While the person is at the bottom it follows the
 * reply as it grows; once they scroll up it stays put and offers "Jump to
 * latest". */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "spark-message-list.h"
#include "spark-speech-player.h"
#include "spark-message-row.h"
#include "spark-tail-model.h"

/* Pixels from the end that still count as "at the bottom". */
#define STICK_SLACK 24.0

/* Messages shown when a chat opens, and the fewest shown more at a time
 * as the person scrolls up (see SparkTailModel). */
#define FIRST_ROWS SPARK_MESSAGE_LIST_OPEN_MESSAGES
#define PAGE_ROWS 30

struct _SparkMessageList
{
  GtkWidget parent_instance;

  SparkContext      *context;
  SparkConversation *conversation;
  GCancellable      *older_cancellable; /* loading its older messages */
  SparkTailModel    *tail;              /* the part of it in the list */
  guint              tail_tick;
  guint              tail_keep; /* rows kept when back at the end */
  gboolean           stick_to_bottom;
  SparkSpeechPlayer *speech_player; /* Read Aloud under replies */
  char              *flash_id;      /* message to highlight when its row shows */
  guint              flash_timeout;
  gboolean           scrolling_programmatically;
  guint              follow_tick;
  guint              relayout_idle; /* set while the list's height just changed */

  GtkScrolledWindow *scroller;
  GtkListView       *list_view;
  GtkWidget         *jump_button;
};

G_DEFINE_FINAL_TYPE (SparkMessageList, spark_message_list, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONVERSATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, spark_message_row_new ());
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  SparkMessageList *self = user_data;
  SparkMessage     *message = gtk_list_item_get_item (item);
  GtkWidget        *row = gtk_list_item_get_child (item);

  spark_message_row_set_message (SPARK_MESSAGE_ROW (row), message);
  /* By identity: the list shows only a tail of the conversation, so a
   * position in it is not one in the conversation. */
  spark_message_row_set_last (SPARK_MESSAGE_ROW (row), message == spark_conversation_get_last (self->conversation));
  spark_message_row_set_reading (SPARK_MESSAGE_ROW (row),
                                 self->speech_player != NULL
                                   && spark_speech_player_get_item (self->speech_player) == G_OBJECT (message));
  if (self->flash_id != NULL && g_strcmp0 (spark_message_get_id (message), self->flash_id) == 0)
    gtk_widget_add_css_class (row, "flash");
  else
    gtk_widget_remove_css_class (row, "flash");
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  spark_message_row_set_message (SPARK_MESSAGE_ROW (gtk_list_item_get_child (item)), NULL);
}

void
spark_message_list_scroll_to_end (SparkMessageList *self)
{
  GtkAdjustment *adj;

  g_return_if_fail (SPARK_IS_MESSAGE_LIST (self));

  adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  self->stick_to_bottom = TRUE;
  self->scrolling_programmatically = TRUE;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  self->scrolling_programmatically = FALSE;
  gtk_widget_set_visible (self->jump_button, FALSE);
}

static void
unflash (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      gtk_widget_remove_css_class (c, "flash");
      unflash (c);
    }
}

static gboolean
flash_done_cb (gpointer user_data)
{
  SparkMessageList *self = user_data;

  self->flash_timeout = 0;
  g_clear_pointer (&self->flash_id, g_free);
  unflash (GTK_WIDGET (self->list_view));
  return G_SOURCE_REMOVE;
}

void
spark_message_list_show_message (SparkMessageList *self,
                                 const char       *message_id)
{
  guint n;

  g_return_if_fail (SPARK_IS_MESSAGE_LIST (self));
  g_return_if_fail (message_id != NULL);

  if (self->conversation == NULL)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->conversation));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SparkMessage) message = g_list_model_get_item (G_LIST_MODEL (self->conversation), i);

      if (g_strcmp0 (spark_message_get_id (message), message_id) != 0)
        continue;
      /* Stay there (no following the end), and flash the row for a moment. */
      self->stick_to_bottom = FALSE;
      if (i < spark_tail_model_get_n_hidden (self->tail))
        spark_tail_model_reveal (self->tail, spark_tail_model_get_n_hidden (self->tail) - i);
      g_free (self->flash_id);
      self->flash_id = g_strdup (message_id);
      g_clear_handle_id (&self->flash_timeout, g_source_remove);
      self->flash_timeout = g_timeout_add (2000, flash_done_cb, self);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i - spark_tail_model_get_n_hidden (self->tail));
      gtk_widget_set_visible (self->jump_button, i + 1 < n);
      return;
    }
}

const char *
spark_message_list_get_flash_id (SparkMessageList *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE_LIST (self), NULL);
  return self->flash_id;
}

static void
jump_clicked_cb (SparkMessageList *self)
{
  spark_message_list_scroll_to_end (self);
}

static gboolean
tail_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  SparkMessageList *self = SPARK_MESSAGE_LIST (widget);
  GtkAdjustment    *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  guint             shown, n;
  double            above;

  self->tail_tick = 0;
  if (self->tail == NULL)
    return G_SOURCE_REMOVE;
  shown = g_list_model_get_n_items (G_LIST_MODEL (self->tail));
  /* At the end, the follow tick may not have got there yet. */
  above = self->stick_to_bottom ? gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj)
                                : gtk_adjustment_get_value (adj);
  /* Less than a screen above what is shown: show older messages, as many
   * as are shown (again after the next layout if that was not a screen),
   * so that a long way up takes a few steps. At the very top (the
   * scrollbar dragged there) the person is going to the start: all of
   * them (GtkListView makes rows only near the ones on screen; the next
   * drag gets there). At the end, rows too few to fill the window are kept
   * from then on. Back at the end after scrolling up, let go of the rows
   * that made, but not at the first row too many (a small scroll up would
   * take them back at once). Each change of the list costs a layout of
   * its rows, so changes are few and large. */
  if (spark_tail_model_get_n_hidden (self->tail) > 0 && gtk_adjustment_get_upper (adj) > 0 && above < gtk_adjustment_get_page_size (adj))
    {
      n = !self->stick_to_bottom && above == 0 ? spark_tail_model_get_n_hidden (self->tail) : MAX (PAGE_ROWS, shown);
      spark_tail_model_reveal (self->tail, n);
      if (self->stick_to_bottom)
        self->tail_keep = MAX (self->tail_keep, shown + n);
    }
  else if (self->stick_to_bottom && shown > self->tail_keep + PAGE_ROWS)
    {
      spark_tail_model_hide (self->tail, shown - self->tail_keep);
    }
  return G_SOURCE_REMOVE;
}

/* The list's model is not changed from inside a scroll: that may be in the
 * middle of GtkListView's own layout. */
static void
queue_tail_update (SparkMessageList *self)
{
  if (self->tail_tick == 0 && self->tail != NULL)
    self->tail_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), tail_tick_cb, NULL, NULL);
}

static void
value_changed_cb (SparkMessageList *self,
                  GtkAdjustment    *adj)
{
  double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  if (self->scrolling_programmatically)
    return;
  /* GtkListView moves the value itself when it measures rows it had only
   * estimated (it keeps a row in the middle of the view in place, not the
   * end), in the same call that changes the height. That is not the
   * person scrolling away: stay at the end, the follow tick gets there. */
  if (self->stick_to_bottom && self->relayout_idle != 0)
    return;
  self->stick_to_bottom = gtk_adjustment_get_value (adj) >= end - STICK_SLACK;
  gtk_widget_set_visible (self->jump_button, !self->stick_to_bottom);
  queue_tail_update (self);
}

static gboolean
follow_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  SparkMessageList *self = SPARK_MESSAGE_LIST (widget);

  self->follow_tick = 0;
  if (self->stick_to_bottom)
    spark_message_list_scroll_to_end (self);
  return G_SOURCE_REMOVE;
}

static gboolean
relayout_done_cb (gpointer user_data)
{
  SparkMessageList *self = user_data;

  self->relayout_idle = 0;
  return G_SOURCE_REMOVE;
}

static void
upper_changed_cb (SparkMessageList *self,
                  GParamSpec       *pspec,
                  GtkAdjustment    *adj)
{
  /* Until the layout that changed the height is over (before any input
   * is handled again), value changes are the list's own. */
  if (self->relayout_idle == 0)
    self->relayout_idle = g_idle_add_full (G_PRIORITY_HIGH, relayout_done_cb, self, NULL);

  /* Content grew (a delta, a new message): follow it if we were at the
   * end. Not from inside this notification: it comes while GtkListView
   * configures the adjustment with its own value handler blocked, so a
   * value set now would move the scrollbar but not the rows. */
  if (self->stick_to_bottom && self->follow_tick == 0)
    self->follow_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), follow_tick_cb, NULL, NULL);
  queue_tail_update (self);
}

static void
older_loaded_cb (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr (SparkMessageList) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) older = spark_store_load_messages_finish (SPARK_STORE (source), res, &error);

  /* Cancelled when the view shows another chat or goes away. */
  if (older != NULL && self->conversation != NULL && self->tail != NULL)
    {
      spark_tail_model_prepend_hidden (self->tail, TRUE);
      spark_conversation_prepend (self->conversation, older);
      spark_tail_model_prepend_hidden (self->tail, FALSE);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not load the older messages: %s", error->message);
}

/* The window opens a stored chat on its latest messages only (it asks the
 * store for SPARK_MESSAGE_LIST_OPEN_MESSAGES): the older ones are loaded here,
 * behind the first frame, and go in before those, hidden until the person
 * scrolls up. So the conversation is whole again a moment after it shows,
 * as the model's context and export need it. A chat with fewer messages
 * than that is whole already. */
static void
load_older (SparkMessageList *self)
{
  SparkStore *store = self->context ? spark_context_get_store (self->context) : NULL;
  g_autoptr (SparkMessage) first = NULL;

  if (store == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->conversation)) < SPARK_MESSAGE_LIST_OPEN_MESSAGES)
    return;
  first = g_list_model_get_item (G_LIST_MODEL (self->conversation), 0);
  self->older_cancellable = g_cancellable_new ();
  spark_store_load_messages_async (store, spark_conversation_get_id (self->conversation), spark_message_get_id (first), 0,
                                   self->older_cancellable, older_loaded_cb, g_object_ref (self));
}

SparkConversation *
spark_message_list_get_conversation (SparkMessageList *self)
{
  g_return_val_if_fail (SPARK_IS_MESSAGE_LIST (self), NULL);
  return self->conversation;
}

static void messages_changed_cb (SparkMessageList *self);

void
spark_message_list_set_conversation (SparkMessageList  *self,
                                     SparkConversation *conversation)
{
  g_autoptr (GtkNoSelection) selection = NULL;
  GtkAdjustment *adj;

  g_return_if_fail (SPARK_IS_MESSAGE_LIST (self));
  g_return_if_fail (!conversation || SPARK_IS_CONVERSATION (conversation));

  if (self->conversation == conversation)
    return;
  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_func (self->conversation, messages_changed_cb, self);
  g_set_object (&self->conversation, conversation);
  if (conversation != NULL)
    g_signal_connect_object (conversation, "items-changed", G_CALLBACK (messages_changed_cb), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  /* Forget the old conversation's height: until the list is laid out
   * again, scrolling to its end would be a position past the end of the
   * new one, which GtkListView refuses with a warning. */
  self->scrolling_programmatically = TRUE;
  adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  gtk_adjustment_set_value (adj, 0);
  gtk_adjustment_set_upper (adj, 0);
  self->scrolling_programmatically = FALSE;

  g_clear_object (&self->tail);
  if (conversation != NULL)
    {
      self->tail = spark_tail_model_new (G_LIST_MODEL (conversation), FIRST_ROWS);
      self->tail_keep = FIRST_ROWS;
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->tail)));
    }
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_cancellable_cancel (self->older_cancellable);
  g_clear_object (&self->older_cancellable);
  if (conversation != NULL)
    load_older (self);
  self->stick_to_bottom = TRUE;
  gtk_widget_set_visible (self->jump_button, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
}

/* ------------------------------------------------------------------ */
/* Copy and Read Aloud, from the buttons under a reply                */

static SparkMessage *
find_message (SparkMessageList *self,
              const char       *id)
{
  guint n = self->conversation ? g_list_model_get_n_items (G_LIST_MODEL (self->conversation)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SparkMessage) message = g_list_model_get_item (G_LIST_MODEL (self->conversation), i);

      if (g_strcmp0 (spark_message_get_id (message), id) == 0)
        return message; /* the conversation keeps it alive */
    }
  return NULL;
}

static void
toast (SparkMessageList *self,
       const char       *text)
{
  GtkWidget       *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SparkMessageList *self = SPARK_MESSAGE_LIST (widget);
  SparkMessage     *message = find_message (self, g_variant_get_string (param, NULL));

  if (message == NULL)
    return;
  /* The reply's source text (markdown), as the model wrote it. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), spark_message_get_text (message));
  toast (self, _ ("Copied"));
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr (SparkMessageList) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!spark_speech_player_read_finish (SPARK_SPEECH_PLAYER (source), res, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
}

static void
read_aloud_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  SparkMessageList *self = SPARK_MESSAGE_LIST (widget);
  SparkMessage     *message = find_message (self, g_variant_get_string (param, NULL));

  if (message == NULL || self->speech_player == NULL)
    return;
  /* The same button stops the reading it started. */
  if (spark_speech_player_get_item (self->speech_player) == G_OBJECT (message))
    {
      spark_speech_player_stop (self->speech_player);
      return;
    }
  spark_speech_player_read_async (self->speech_player, spark_message_get_text (message), G_OBJECT (message), NULL,
                                  read_done_cb, g_object_ref (self));
}

static void
mark_reading (GtkWidget *widget,
              GObject   *item)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (SPARK_IS_MESSAGE_ROW (c))
        spark_message_row_set_reading (SPARK_MESSAGE_ROW (c),
                                       item != NULL && G_OBJECT (spark_message_row_get_message (SPARK_MESSAGE_ROW (c))) == item);
      else
        mark_reading (c, item);
    }
}

/* Only the last message's row offers Continue; when a message is added
 * or removed, the rows on screen (the only ones there are) learn again
 * which one that is. */
static void
mark_last (GtkWidget    *widget,
           SparkMessage *last)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (SPARK_IS_MESSAGE_ROW (c))
        spark_message_row_set_last (SPARK_MESSAGE_ROW (c), spark_message_row_get_message (SPARK_MESSAGE_ROW (c)) == last);
      else
        mark_last (c, last);
    }
}

static void
messages_changed_cb (SparkMessageList *self)
{
  mark_last (GTK_WIDGET (self->list_view), spark_conversation_get_last (self->conversation));
}

static void
reading_changed_cb (SparkMessageList *self)
{
  mark_reading (GTK_WIDGET (self->list_view), spark_speech_player_get_item (self->speech_player));
}

void
spark_message_list_set_context (SparkMessageList *self,
                                SparkContext     *context)
{
  g_return_if_fail (SPARK_IS_MESSAGE_LIST (self));
  g_return_if_fail (SPARK_IS_CONTEXT (context));

  if (self->speech_player != NULL)
    spark_speech_player_stop (self->speech_player);
  g_clear_object (&self->speech_player);
  g_set_object (&self->context, context);
  self->speech_player = spark_speech_player_new (context);
  g_signal_connect_object (self->speech_player, "notify::item", G_CALLBACK (reading_changed_cb), self, G_CONNECT_SWAPPED);
}

void
spark_message_list_update_read_aloud (SparkMessageList *self,
                                      SparkProvider    *provider)
{
  g_return_if_fail (SPARK_IS_MESSAGE_LIST (self));

  /* Offered only where the service may have a speech endpoint. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.read-aloud",
                                 self->speech_player != NULL && provider != NULL
                                   && spark_speech_player_get_available (self->speech_player, provider) != SPARK_CAPABILITY_NO);
}

static void
spark_message_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SparkMessageList *self = SPARK_MESSAGE_LIST (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_message_list_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SparkMessageList *self = SPARK_MESSAGE_LIST (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      spark_message_list_set_conversation (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_message_list_dispose (GObject *object)
{
  SparkMessageList *self = SPARK_MESSAGE_LIST (object);
  GtkWidget        *child;

  if (self->follow_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->follow_tick);
  self->follow_tick = 0;
  g_clear_handle_id (&self->relayout_idle, g_source_remove);
  if (self->tail_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tail_tick);
  self->tail_tick = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), SPARK_TYPE_MESSAGE_LIST);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_cancellable_cancel (self->older_cancellable);
  g_clear_object (&self->older_cancellable);
  g_clear_object (&self->tail);
  g_clear_object (&self->conversation);
  g_clear_object (&self->context);
  g_clear_handle_id (&self->flash_timeout, g_source_remove);
  g_clear_pointer (&self->flash_id, g_free);
  if (self->speech_player != NULL)
    spark_speech_player_stop (self->speech_player);
  g_clear_object (&self->speech_player);

  G_OBJECT_CLASS (spark_message_list_parent_class)->dispose (object);
}

static void
spark_message_list_class_init (SparkMessageListClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = spark_message_list_get_property;
  object_class->set_property = spark_message_list_set_property;
  object_class->dispose = spark_message_list_dispose;

  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL, SPARK_TYPE_CONVERSATION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sparkdesk/Spark/ui/spark-message-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SparkMessageList, scroller);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageList, list_view);
  gtk_widget_class_bind_template_child (widget_class, SparkMessageList, jump_button);
  gtk_widget_class_bind_template_callback (widget_class, jump_clicked_cb);

  gtk_widget_class_install_action (widget_class, "chat.copy", "s", copy_action);
  gtk_widget_class_install_action (widget_class, "chat.read-aloud", "s", read_aloud_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagelist");
}

static void
spark_message_list_init (SparkMessageList *self)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkAdjustment *adj;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  self->stick_to_bottom = TRUE;
  adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adj, "notify::upper", G_CALLBACK (upper_changed_cb), self, G_CONNECT_SWAPPED);
}
