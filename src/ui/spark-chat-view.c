/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The chat side under the header: the messages (SparkMessageList), or an
 * empty or offline page when there are none, and the composer below.
 * It connects the composer to the window's SparkChatSession and owns the
 * per-message actions the rows offer:
 *
 *   chat.retry, chat.continue          a failed or cut-off last reply
 *   chat.regenerate (s), chat.delete (s), chat.edit (s)   by message id
 *   chat.cancel-edit                   leave editing (Esc)
 *   chat.versions (s)                  earlier versions of an edited question
 *                                      or a regenerated reply
 *   chat.edit-last (Up in an empty composer), chat.regenerate-last
 *   (Ctrl+Shift+R), chat.copy-last (Ctrl+Shift+C)
 *
 * Editing puts the question into the composer (the draft there is kept
 * aside and comes back afterwards); sending then asks the edited question
 * instead. Deleting offers Undo in a toast. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "spark-chat-view.h"
#include "spark-error.h"
#include "spark-versions-dialog.h"

struct _SparkChatView
{
  GtkWidget parent_instance;

  SparkChatSession *session;
  SparkContext     *context;
  gboolean          online;
  char             *editing_id;
  char             *stashed_draft;  /* the composer's text before editing */
  GPtrArray        *stashed_images; /* and its attachments (SparkImage) */
  SparkMessage     *undo_message;   /* the last deletion, while it can be undone */
  char             *undo_after_id;  /* the message it followed */
  AdwToast         *undo_toast;
  GCancellable     *cancellable;          /* reads for dialogs; cancelled on dispose */
  GSignalGroup     *conversation_signals; /* the session's conversation */

  GtkStack         *chat_stack;
  AdwStatusPage    *chat_empty_page;
  SparkMessageList *message_list;
  AdwStatusPage    *offline_page;
  SparkComposer    *composer;
  GtkWidget        *drop_highlight;
  GtkRevealer      *edit_revealer;
};

G_DEFINE_FINAL_TYPE (SparkChatView, spark_chat_view, GTK_TYPE_WIDGET)

enum
{
  NEEDS_VISION_MODEL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void forget_undo (SparkChatView *self);

/* Toast titles are markup; sentences may quote names or server text. */
static AdwToast *
show_toast (SparkChatView *self,
            const char    *text)
{
  GtkWidget       *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast        *toast = adw_toast_new (escaped);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
  return toast;
}

static void
report (SparkChatView *self,
        const GError  *error)
{
  /* The model can't take images: the window knows which can. */
  if (g_error_matches (error, SPARK_ERROR, SPARK_ERROR_UNSUPPORTED_INPUT))
    g_signal_emit (self, signals[NEEDS_VISION_MODEL], 0);
  else
    show_toast (self, error->message);
}

SparkComposer *
spark_chat_view_get_composer (SparkChatView *self)
{
  g_return_val_if_fail (SPARK_IS_CHAT_VIEW (self), NULL);
  return self->composer;
}

SparkMessageList *
spark_chat_view_get_message_list (SparkChatView *self)
{
  g_return_val_if_fail (SPARK_IS_CHAT_VIEW (self), NULL);
  return self->message_list;
}

const char *
spark_chat_view_get_editing_id (SparkChatView *self)
{
  g_return_val_if_fail (SPARK_IS_CHAT_VIEW (self), NULL);
  return self->editing_id;
}

void
spark_chat_view_sync_page (SparkChatView *self)
{
  SparkConversation *conversation;

  g_return_if_fail (SPARK_IS_CHAT_VIEW (self));

  conversation = self->session ? spark_chat_session_get_conversation (self->session) : NULL;
  if (conversation != NULL && g_list_model_get_n_items (G_LIST_MODEL (conversation)) > 0)
    gtk_stack_set_visible_child_name (self->chat_stack, "chat");
  else if (!self->online)
    gtk_stack_set_visible_child_name (self->chat_stack, "offline");
  else
    gtk_stack_set_visible_child_name (self->chat_stack, "empty");
}

void
spark_chat_view_set_online (SparkChatView *self,
                            gboolean       online)
{
  g_return_if_fail (SPARK_IS_CHAT_VIEW (self));

  self->online = online;
  spark_chat_view_sync_page (self);
}

gboolean
spark_chat_view_get_online (SparkChatView *self)
{
  g_return_val_if_fail (SPARK_IS_CHAT_VIEW (self), FALSE);
  return self->online;
}

void
spark_chat_view_set_offline_text (SparkChatView *self,
                                  const char    *title,
                                  const char    *description)
{
  g_return_if_fail (SPARK_IS_CHAT_VIEW (self));

  adw_status_page_set_title (self->offline_page, title);
  adw_status_page_set_description (self->offline_page, description);
}

/* ------------------------------------------------------------------ */
/* Editing a question                                                 */

static void
stop_editing (SparkChatView *self,
              gboolean       restore_draft)
{
  if (self->editing_id == NULL)
    return;
  g_clear_pointer (&self->editing_id, g_free);
  gtk_revealer_set_reveal_child (self->edit_revealer, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.cancel-edit", FALSE);
  if (restore_draft)
    {
      SparkAttachments *attachments = spark_composer_get_attachments (self->composer);

      spark_composer_set_text (self->composer, self->stashed_draft ? self->stashed_draft : "");
      spark_attachments_clear (attachments);
      for (guint i = 0; self->stashed_images != NULL && i < self->stashed_images->len; i++)
        spark_attachments_add_image (attachments, g_ptr_array_index (self->stashed_images, i));
    }
  g_clear_pointer (&self->stashed_draft, g_free);
  g_clear_pointer (&self->stashed_images, g_ptr_array_unref);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SparkChatView     *self = SPARK_CHAT_VIEW (widget);
  const char        *id = g_variant_get_string (param, NULL);
  SparkConversation *conversation = spark_chat_session_get_conversation (self->session);
  SparkMessage      *question = conversation ? spark_conversation_find (conversation, id, NULL) : NULL;

  if (question == NULL)
    return;
  /* Editing another question: the draft kept aside stays the one from
   * before any editing. Its attachments go aside too: the edited question
   * keeps its own images, and the composer must not suggest otherwise. */
  if (self->editing_id == NULL)
    {
      self->stashed_draft = spark_composer_dup_text (self->composer);
      self->stashed_images = spark_attachments_dup_images (spark_composer_get_attachments (self->composer));
      spark_attachments_clear (spark_composer_get_attachments (self->composer));
    }
  g_free (self->editing_id);
  self->editing_id = g_strdup (id);
  spark_composer_set_text (self->composer, spark_message_get_text (question));
  gtk_revealer_set_reveal_child (self->edit_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.cancel-edit", TRUE);
  spark_composer_focus (self->composer);
}

static void
cancel_edit_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  SparkChatView *self = SPARK_CHAT_VIEW (widget);

  stop_editing (self, TRUE);
  spark_composer_focus (self->composer);
}

/* ------------------------------------------------------------------ */
/* Composer and session                                               */

static void
composer_send_cb (SparkChatView *self)
{
  g_autofree char  *text = spark_composer_dup_text (self->composer);
  SparkAttachments *attachments = spark_composer_get_attachments (self->composer);
  SparkMode         mode = spark_composer_get_mode (self->composer);
  SparkDepth        depth = spark_composer_get_depth (self->composer);
  g_autoptr (GError) error = NULL;

  /* A deletion can't be undone into a chat that moves on. */
  forget_undo (self);
  if (self->editing_id != NULL)
    {
      /* The attachments in the composer belong to the draft kept aside;
       * the edited question keeps its own images. */
      if (!spark_chat_session_edit (self->session, self->editing_id, g_strstrip (text), mode, depth, &error))
        {
          report (self, error);
          return;
        }
      stop_editing (self, TRUE);
    }
  else
    {
      g_autoptr (GPtrArray) images = spark_attachments_dup_images (attachments);

      if (!spark_chat_session_send (self->session, g_strstrip (text), images, mode, depth, &error))
        {
          /* Nothing was sent: the draft stays in the composer. */
          report (self, error);
          return;
        }
      spark_composer_set_text (self->composer, "");
      spark_attachments_clear (attachments);
    }
  spark_chat_view_sync_page (self);
  spark_message_list_scroll_to_end (self->message_list);
}

static void
composer_stop_cb (SparkChatView *self)
{
  spark_chat_session_stop (self->session);
}

static void
composer_problem_cb (SparkChatView *self,
                     const char    *sentence)
{
  show_toast (self, sentence);
}

static void
sync_actions (SparkChatView *self)
{
  gboolean          idle = self->session != NULL && !spark_chat_session_get_busy (self->session);
  const char *const actions[] = { "chat.retry", "chat.continue", "chat.regenerate", "chat.edit",
                                  "chat.regenerate-last", "chat.edit-last", "chat.delete" };

  /* Nothing is changed under a reply that is being written. */
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], idle);
}

static void
busy_changed_cb (SparkChatView *self)
{
  spark_composer_set_busy (self->composer, spark_chat_session_get_busy (self->session));
  sync_actions (self);
}

/* The last deletion can no longer be undone (its toast went, another
 * change came): the message leaves the disk too. */
static void
forget_undo (SparkChatView *self)
{
  /* The toast may stay until it times out; it no longer undoes anything.
   * (Not dismissed: in libadwaita 1.2 that can crash mid-animation.) */
  if (self->undo_toast != NULL)
    g_signal_handlers_disconnect_by_data (self->undo_toast, self);
  self->undo_toast = NULL;
  if (self->undo_message != NULL && self->session != NULL)
    spark_chat_session_purge_message (self->session, self->undo_message);
  g_clear_object (&self->undo_message);
  g_clear_pointer (&self->undo_after_id, g_free);
}

/* The question being edited went (a regeneration before it, a deletion,
 * another version): editing ends, the draft comes back. */
static void
messages_changed_cb (SparkChatView *self)
{
  SparkConversation *conversation = spark_chat_session_get_conversation (self->session);

  if (self->editing_id != NULL
      && (conversation == NULL || spark_conversation_find (conversation, self->editing_id, NULL) == NULL))
    stop_editing (self, TRUE);
}

static void
conversation_changed_cb (SparkChatView *self)
{
  SparkConversation *conversation = spark_chat_session_get_conversation (self->session);

  stop_editing (self, TRUE);
  forget_undo (self);
  g_signal_group_set_target (self->conversation_signals, conversation);
  spark_message_list_set_conversation (self->message_list, conversation);
  spark_chat_view_sync_page (self);
}

/* The service refused the question's images: it goes back into the
 * composer, ahead of anything typed since. */
static void
draft_returned_cb (SparkChatView *self,
                   SparkMessage  *question)
{
  g_autofree char *draft = spark_composer_dup_text (self->composer);
  const char      *text = spark_message_get_text (question);
  GPtrArray       *images = spark_message_get_images (question);

  if (*g_strstrip (draft) == '\0')
    spark_composer_set_text (self->composer, text);
  else if (*text != '\0')
    {
      g_autofree char *both = g_strconcat (text, "\n\n", draft, NULL);
      spark_composer_set_text (self->composer, both);
    }
  for (guint i = 0; i < images->len; i++)
    spark_attachments_add_image (spark_composer_get_attachments (self->composer), g_ptr_array_index (images, i));
  spark_chat_view_sync_page (self);
  g_signal_emit (self, signals[NEEDS_VISION_MODEL], 0);
}

static void
retrying_cb (SparkChatView *self,
             guint          attempt,
             guint          seconds,
             const char    *why)
{
  g_autofree char *message = g_strdup_printf (_ ("%s Retrying in %u s…"), why ? why : "", seconds);

  adw_toast_set_timeout (show_toast (self, message), MAX (seconds, 2));
}

/* ------------------------------------------------------------------ */
/* Per-message actions                                                */

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SparkChatView *self = SPARK_CHAT_VIEW (widget);

  forget_undo (self);

  if (spark_chat_session_retry (self->session))
    spark_message_list_scroll_to_end (self->message_list);
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SparkChatView *self = SPARK_CHAT_VIEW (widget);

  forget_undo (self);
  g_autoptr (GError) error = NULL;

  if (!spark_chat_session_continue (self->session, &error))
    report (self, error);
  else
    spark_message_list_scroll_to_end (self->message_list);
}

static void
regenerate_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  SparkChatView *self = SPARK_CHAT_VIEW (widget);

  forget_undo (self);
  g_autoptr (GError) error = NULL;

  if (!spark_chat_session_regenerate (self->session, g_variant_get_string (param, NULL),
                                      spark_composer_get_mode (self->composer),
                                      spark_composer_get_depth (self->composer), &error))
    report (self, error);
  else
    spark_message_list_scroll_to_end (self->message_list);
}

static void
undo_clicked_cb (SparkChatView *self)
{
  g_autoptr (SparkMessage) message = g_steal_pointer (&self->undo_message);
  g_autofree char *after_id = g_steal_pointer (&self->undo_after_id);
  g_autoptr (GError) error = NULL;

  forget_undo (self);
  if (message == NULL)
    return;
  if (!spark_chat_session_restore_message (self->session, message, after_id, &error))
    {
      /* Not back: then it is gone for good. */
      spark_chat_session_purge_message (self->session, message);
      report (self, error);
    }
  spark_chat_view_sync_page (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SparkChatView *self = SPARK_CHAT_VIEW (widget);
  const char    *id = g_variant_get_string (param, NULL);
  g_autoptr (GError) error = NULL;
  SparkMessage *message;
  AdwToast     *toast;
  char         *after_id = NULL;

  message = spark_chat_session_delete_message (self->session, id, &after_id, &error);
  if (message == NULL)
    {
      report (self, error);
      return;
    }
  /* One undoable deletion at a time: an earlier one is final now. */
  forget_undo (self);
  self->undo_message = message;
  self->undo_after_id = after_id;
  toast = show_toast (self, spark_message_get_role (message) == SPARK_ROLE_USER ? _ ("Question deleted")
                                                                                : _ ("Reply deleted"));
  adw_toast_set_button_label (toast, _ ("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (forget_undo), self, G_CONNECT_SWAPPED);
  self->undo_toast = toast;
  spark_chat_view_sync_page (self);
}

typedef struct
{
  SparkChatView *self;
  SparkMessage  *message;
} VersionsRequest;

static void
version_used_cb (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr (SparkChatView) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!spark_chat_session_use_version_finish (SPARK_CHAT_SESSION (source), res, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        report (self, error);
      return;
    }
  spark_chat_view_sync_page (self);
}

typedef struct
{
  SparkChatView *self;
  char          *current_id;
} UseVersion;

static void
use_version_free (UseVersion *use)
{
  g_object_unref (use->self);
  g_free (use->current_id);
  g_free (use);
}

/* The versions dialog's Use This Version. */
static void
use_version_cb (const char *version_id,
                gpointer    user_data)
{
  UseVersion *use = user_data;

  stop_editing (use->self, TRUE);
  forget_undo (use->self);
  spark_chat_session_use_version_async (use->self->session, use->current_id, version_id, use->self->cancellable,
                                        version_used_cb, g_object_ref (use->self));
}

static void
versions_loaded_cb (GObject      *source,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  VersionsRequest *request = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) versions = spark_store_load_versions_finish (SPARK_STORE (source), res, &error);

  if (versions != NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (request->self));

      UseVersion *use = g_new0 (UseVersion, 1);

      use->self = g_object_ref (request->self);
      use->current_id = g_strdup (spark_message_get_id (request->message));
      gtk_window_present (GTK_WINDOW (spark_versions_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                 request->message, versions, use_version_cb, use,
                                                                 (GDestroyNotify) use_version_free)));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (request->self, error->message);
  g_object_unref (request->self);
  g_object_unref (request->message);
  g_free (request);
}

static void
versions_flushed_cb (GObject      *source,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  VersionsRequest *request = user_data;

  /* A failed write says so elsewhere (::write-failed). */
  spark_store_flush_finish (SPARK_STORE (source), res, NULL);
  if (request->self->cancellable == NULL || g_cancellable_is_cancelled (request->self->cancellable))
    {
      /* The view went meanwhile. */
      g_object_unref (request->self);
      g_object_unref (request->message);
      g_free (request);
      return;
    }
  spark_store_load_versions_async (SPARK_STORE (source), spark_message_get_id (request->message),
                                   request->self->cancellable, versions_loaded_cb, request);
}

static void
versions_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SparkChatView     *self = SPARK_CHAT_VIEW (widget);
  SparkConversation *conversation = spark_chat_session_get_conversation (self->session);
  SparkStore        *store = spark_context_get_store (self->context);
  SparkMessage      *message;
  VersionsRequest   *request;

  message = conversation ? spark_conversation_find (conversation, g_variant_get_string (param, NULL), NULL) : NULL;
  if (message == NULL || store == NULL)
    return;
  request = g_new0 (VersionsRequest, 1);
  request->self = g_object_ref (self);
  request->message = g_object_ref (message);
  /* Reads don't wait for queued writes: a version may have just been
   * written or taken out of the thread. */
  spark_store_flush_async (store, self->cancellable, versions_flushed_cb, request);
}

/* The last message of @role, or NULL. */
static SparkMessage *
last_of (SparkChatView *self,
         SparkRole      role)
{
  SparkConversation *conversation = spark_chat_session_get_conversation (self->session);
  guint              n = conversation ? g_list_model_get_n_items (G_LIST_MODEL (conversation)) : 0;

  for (guint i = n; i > 0; i--)
    {
      g_autoptr (SparkMessage) message = g_list_model_get_item (G_LIST_MODEL (conversation), i - 1);

      if (spark_message_get_role (message) == role)
        return message; /* the conversation keeps it */
    }
  return NULL;
}

/* Runs @action on the last message of @role, as its row's button would. */
static void
act_on_last (SparkChatView *self,
             SparkRole      role,
             const char    *action)
{
  SparkMessage *message = last_of (self, role);

  if (message != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->message_list), action, "s", spark_message_get_id (message));
}

static void
edit_last_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  act_on_last (SPARK_CHAT_VIEW (widget), SPARK_ROLE_USER, "chat.edit");
}

static void
regenerate_last_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  act_on_last (SPARK_CHAT_VIEW (widget), SPARK_ROLE_ASSISTANT, "chat.regenerate");
}

static void
copy_last_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  act_on_last (SPARK_CHAT_VIEW (widget), SPARK_ROLE_ASSISTANT, "chat.copy");
}

/* ------------------------------------------------------------------ */

void
spark_chat_view_set_session (SparkChatView    *self,
                             SparkChatSession *session,
                             SparkContext     *context,
                             GSettings        *settings)
{
  g_return_if_fail (SPARK_IS_CHAT_VIEW (self));
  g_return_if_fail (SPARK_IS_CHAT_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  self->context = g_object_ref (context);
  spark_composer_set_settings (self->composer, settings);
  spark_composer_set_context (self->composer, context);
  spark_message_list_set_context (self->message_list, context);
  g_signal_connect_object (session, "notify::conversation", G_CALLBACK (conversation_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::busy", G_CALLBACK (busy_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "retrying", G_CALLBACK (retrying_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "draft-returned", G_CALLBACK (draft_returned_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->composer, "send", G_CALLBACK (composer_send_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->composer, "stop", G_CALLBACK (composer_stop_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->composer, "problem", G_CALLBACK (composer_problem_cb), self, G_CONNECT_SWAPPED);
  conversation_changed_cb (self);
  sync_actions (self);
}

void
spark_chat_view_accept_drops (SparkChatView *self,
                              GtkWidget     *target)
{
  g_return_if_fail (SPARK_IS_CHAT_VIEW (self));
  spark_composer_accept_drops (self->composer, target, self->drop_highlight);
}

static void
spark_chat_view_dispose (GObject *object)
{
  SparkChatView *self = SPARK_CHAT_VIEW (object);
  GtkWidget     *child;

  forget_undo (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->conversation_signals != NULL)
    g_signal_group_set_target (self->conversation_signals, NULL);
  g_clear_object (&self->conversation_signals);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPARK_TYPE_CHAT_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (spark_chat_view_parent_class)->dispose (object);
}

static void
spark_chat_view_finalize (GObject *object)
{
  SparkChatView *self = SPARK_CHAT_VIEW (object);

  g_free (self->editing_id);
  g_free (self->stashed_draft);
  g_clear_pointer (&self->stashed_images, g_ptr_array_unref);
  G_OBJECT_CLASS (spark_chat_view_parent_class)->finalize (object);
}

static void
spark_chat_view_class_init (SparkChatViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spark_chat_view_dispose;
  object_class->finalize = spark_chat_view_finalize;

  /* The model can't take the images of a question (the question, if it
   * was sent, is back in the composer): time to suggest another model. */
  signals[NEEDS_VISION_MODEL] = g_signal_new ("needs-vision-model", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                              NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SPARK_TYPE_COMPOSER);
  g_type_ensure (SPARK_TYPE_MESSAGE_LIST);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sparkdesk/Spark/ui/spark-chat-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SparkChatView, chat_stack);
  gtk_widget_class_bind_template_child (widget_class, SparkChatView, chat_empty_page);
  gtk_widget_class_bind_template_child (widget_class, SparkChatView, message_list);
  gtk_widget_class_bind_template_child (widget_class, SparkChatView, offline_page);
  gtk_widget_class_bind_template_child (widget_class, SparkChatView, composer);
  gtk_widget_class_bind_template_child (widget_class, SparkChatView, drop_highlight);
  gtk_widget_class_bind_template_child (widget_class, SparkChatView, edit_revealer);

  gtk_widget_class_install_action (widget_class, "chat.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "chat.continue", NULL, continue_action);
  gtk_widget_class_install_action (widget_class, "chat.regenerate", "s", regenerate_action);
  gtk_widget_class_install_action (widget_class, "chat.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "chat.cancel-edit", NULL, cancel_edit_action);
  gtk_widget_class_install_action (widget_class, "chat.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "chat.versions", "s", versions_action);
  gtk_widget_class_install_action (widget_class, "chat.edit-last", NULL, edit_last_action);
  gtk_widget_class_install_action (widget_class, "chat.regenerate-last", NULL, regenerate_last_action);
  gtk_widget_class_install_action (widget_class, "chat.copy-last", NULL, copy_last_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "chat.cancel-edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "chat.regenerate-last", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "chat.copy-last",
                                       NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "chatview");
}

static void
spark_chat_view_init (SparkChatView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->online = TRUE;
  self->cancellable = g_cancellable_new ();
  self->conversation_signals = g_signal_group_new (SPARK_TYPE_CONVERSATION);
  g_signal_group_connect_data (self->conversation_signals, "items-changed", G_CALLBACK (messages_changed_cb), self,
                               NULL, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.cancel-edit", FALSE);
}
