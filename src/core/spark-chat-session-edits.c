/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkChatSession, continued: changing a chat after the fact.
 *
 * Regenerating a reply or editing a question truncates the conversation
 * at that message; the store tracker takes the tail out of the thread as
 * one branch (rooted at its first message), and the new message names the
 * one it replaces as its parent. Using another version puts that branch
 * back in place of the current one, which becomes a branch in turn — so
 * every version stays reachable. Deleting removes one message from the
 * disk too; restoring saves it again in its place. Continuing carries on
 * a reply that was cut off. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spark-chat-session-private.h"
#include "spark-error.h"

/* Why nothing can be changed right now, or TRUE. */
static gboolean
can_change (SparkChatSession *self,
            SparkProvider   **provider,
            GError          **error)
{
  if (spark_chat_session_get_busy (self))
    {
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                           _ ("Wait for the reply to finish, or stop it, first."));
      return FALSE;
    }
  if (provider == NULL)
    return TRUE;
  *provider = spark_provider_list_get_active (spark_context_get_providers (spark_chat_session_get_context (self)));
  if (*provider == NULL)
    {
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                           _ ("No model service is set up. Add one in Preferences → Model Services."));
      return FALSE;
    }
  return TRUE;
}

static SparkMessage *
find_message (SparkChatSession *self,
              const char       *message_id,
              int               role, /* SparkRole, or -1: any */
              guint            *position,
              GError          **error)
{
  SparkConversation *conversation = spark_chat_session_get_conversation (self);
  SparkMessage      *message = conversation ? spark_conversation_find (conversation, message_id, position) : NULL;

  if (message == NULL || (role >= 0 && spark_message_get_role (message) != (SparkRole) role))
    {
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_NOT_FOUND, _ ("That message is no longer in this chat."));
      return NULL;
    }
  return message;
}

/* The question a reply at @position answers: the message before it, if
 * it is the person's (a new reference), else NULL. */
static SparkMessage *
question_before (SparkConversation *conversation,
                 guint              position)
{
  g_autoptr (SparkMessage) before = NULL;

  if (position == 0)
    return NULL;
  before = g_list_model_get_item (G_LIST_MODEL (conversation), position - 1);
  return before != NULL && spark_message_get_role (before) == SPARK_ROLE_USER ? g_steal_pointer (&before) : NULL;
}

gboolean
spark_chat_session_regenerate (SparkChatSession *self,
                               const char       *reply_id,
                               SparkMode         mode,
                               SparkDepth        depth,
                               GError          **error)
{
  SparkConversation *conversation = spark_chat_session_get_conversation (self);
  SparkProvider     *provider;
  guint              position;
  g_autoptr (GPtrArray) replaced = NULL;
  g_autoptr (SparkMessage) question = NULL;

  g_return_val_if_fail (SPARK_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (reply_id != NULL, FALSE);

  if (!can_change (self, &provider, error) || find_message (self, reply_id, SPARK_ROLE_ASSISTANT, &position, error) == NULL)
    return FALSE;

  spark_chat_session_prepare (self, mode, depth);
  /* The reply and whatever followed it become the earlier version. */
  replaced = spark_conversation_truncate (conversation, position);
  question = question_before (conversation, position);
  spark_chat_session_start_reply (self, provider, question, reply_id, NULL);
  return TRUE;
}

gboolean
spark_chat_session_edit (SparkChatSession *self,
                         const char       *question_id,
                         const char       *text,
                         SparkMode         mode,
                         SparkDepth        depth,
                         GError          **error)
{
  SparkConversation *conversation = spark_chat_session_get_conversation (self);
  SparkProvider     *provider;
  SparkMessage      *old;
  guint              position;
  GPtrArray         *images;
  const char        *replaces_id = NULL;
  g_autoptr (SparkMessage) question = NULL;
  g_autoptr (GPtrArray) replaced = NULL;

  g_return_val_if_fail (SPARK_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (question_id != NULL && text != NULL, FALSE);

  if (!can_change (self, &provider, error)
      || (old = find_message (self, question_id, SPARK_ROLE_USER, &position, error)) == NULL)
    return FALSE;
  images = spark_message_get_images (old);
  if (*text == '\0' && images->len == 0)
    {
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT, _ ("Type a question or attach an image first."));
      return FALSE;
    }

  spark_chat_session_prepare (self, mode, depth);
  /* The new question is a later version of the old one, with its images;
   * the reply that followed (if any) is what the new reply replaces. */
  question = spark_message_new (SPARK_ROLE_USER, text);
  spark_message_set_parent_id (question, question_id);
  for (guint i = 0; i < images->len; i++)
    spark_message_append_image (question, g_ptr_array_index (images, i));
  replaced = spark_conversation_truncate (conversation, position);
  if (replaced->len > 1 && spark_message_get_role (g_ptr_array_index (replaced, 1)) == SPARK_ROLE_ASSISTANT)
    replaces_id = spark_message_get_id (g_ptr_array_index (replaced, 1));
  spark_conversation_append (conversation, question);
  spark_chat_session_start_reply (self, provider, question, replaces_id, NULL);
  return TRUE;
}

gboolean
spark_chat_session_can_continue (SparkChatSession *self,
                                 SparkMessage     *reply)
{
  SparkConversation *conversation;

  g_return_val_if_fail (SPARK_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (SPARK_IS_MESSAGE (reply), FALSE);

  conversation = spark_chat_session_get_conversation (self);
  if (conversation == NULL || spark_conversation_get_last (conversation) != reply)
    return FALSE;
  switch (spark_message_get_state (reply))
    {
    case SPARK_MESSAGE_INTERRUPTED:
    case SPARK_MESSAGE_CANCELLED:
    case SPARK_MESSAGE_FAILED:
      return spark_message_get_role (reply) == SPARK_ROLE_ASSISTANT && spark_message_get_text_length (reply) > 0;
    case SPARK_MESSAGE_PENDING:
    case SPARK_MESSAGE_STREAMING:
    case SPARK_MESSAGE_COMPLETE:
    default:
      return FALSE;
    }
}

gboolean
spark_chat_session_continue (SparkChatSession *self,
                             GError          **error)
{
  SparkConversation *conversation = spark_chat_session_get_conversation (self);
  SparkProvider     *provider;
  SparkMessage      *last;
  g_autoptr (SparkMessage) question = NULL;

  g_return_val_if_fail (SPARK_IS_CHAT_SESSION (self), FALSE);

  if (!can_change (self, &provider, error))
    return FALSE;
  last = conversation ? spark_conversation_get_last (conversation) : NULL;
  if (last == NULL || !spark_chat_session_can_continue (self, last))
    {
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                           _ ("Only the last reply can be continued, and only if it was cut off."));
      return FALSE;
    }
  spark_chat_session_track (self);
  question = question_before (conversation, g_list_model_get_n_items (G_LIST_MODEL (conversation)) - 1);
  spark_chat_session_start_reply (self, provider, question, NULL, last);
  return TRUE;
}

SparkMessage *
spark_chat_session_delete_message (SparkChatSession *self,
                                   const char       *message_id,
                                   char            **after_id,
                                   GError          **error)
{
  SparkConversation *conversation = spark_chat_session_get_conversation (self);
  SparkMessage      *message;
  guint              index;

  g_return_val_if_fail (SPARK_IS_CHAT_SESSION (self), NULL);
  g_return_val_if_fail (message_id != NULL, NULL);

  if (!can_change (self, NULL, error) || (message = find_message (self, message_id, -1, &index, error)) == NULL)
    return NULL;
  g_object_ref (message);
  if (after_id != NULL)
    {
      g_autoptr (SparkMessage) before = index > 0 ? g_list_model_get_item (G_LIST_MODEL (conversation), index - 1) : NULL;
      *after_id = before ? g_strdup (spark_message_get_id (before)) : NULL;
    }
  spark_chat_session_track (self);
  /* Out of the thread (the tracker keeps its row, with its links to
   * other versions, its result and thumbnails) until it is purged. */
  spark_conversation_remove (conversation, message);
  return message;
}

void
spark_chat_session_purge_message (SparkChatSession *self,
                                  SparkMessage     *message)
{
  SparkStore *store;

  g_return_if_fail (SPARK_IS_CHAT_SESSION (self));
  g_return_if_fail (SPARK_IS_MESSAGE (message));

  store = spark_context_get_store (spark_chat_session_get_context (self));
  if (store != NULL && spark_store_is_stored (message))
    spark_store_delete_message (store, spark_message_get_id (message));
}

gboolean
spark_chat_session_restore_message (SparkChatSession *self,
                                    SparkMessage     *message,
                                    const char       *after_id,
                                    GError          **error)
{
  SparkConversation *conversation = spark_chat_session_get_conversation (self);
  SparkStore        *store = spark_context_get_store (spark_chat_session_get_context (self));
  guint              position = 0;
  g_autoptr (SparkMessage) next = NULL;

  g_return_val_if_fail (SPARK_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (SPARK_IS_MESSAGE (message), FALSE);

  if (!can_change (self, NULL, error))
    return FALSE;
  /* Back after the message it followed; if that one is gone, the chat
   * has changed too much for "its place" to mean anything. */
  if (conversation == NULL || spark_conversation_find (conversation, spark_message_get_id (message), NULL) != NULL
      || (after_id != NULL && spark_conversation_find (conversation, after_id, &position) == NULL))
    {
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_NOT_FOUND,
                           _ ("The message can’t be put back: the chat has changed since."));
      return FALSE;
    }
  if (after_id != NULL)
    position++;
  spark_chat_session_track (self);
  spark_conversation_insert (conversation, position, message);
  if (store != NULL && spark_store_is_stored (message))
    {
      next = g_list_model_get_item (G_LIST_MODEL (conversation), position + 1);
      spark_store_place_message (store, spark_message_get_id (message), next ? spark_message_get_id (next) : NULL);
    }
  return TRUE;
}

/* --- Using another version ------------------------------------------ */

typedef struct
{
  SparkConversation *conversation;
  char              *current_id;
  char              *version_id;
} SwitchJob;

static void
switch_job_free (SwitchJob *job)
{
  g_clear_object (&job->conversation);
  g_free (job->current_id);
  g_free (job->version_id);
  g_free (job);
}

static void
branch_loaded_cb (GObject      *source,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SparkChatSession  *self = g_task_get_source_object (task);
  SwitchJob         *job = g_task_get_task_data (task);
  SparkStore        *store = SPARK_STORE (source);
  SparkConversation *conversation = spark_chat_session_get_conversation (self);
  GError            *error = NULL;
  g_autoptr (GPtrArray) branch = spark_store_load_branch_finish (store, res, &error);
  g_autoptr (GPtrArray) replaced = NULL;
  guint position;

  if (branch == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The chat moved on while the branch was read: nothing changes. */
  if (conversation != job->conversation)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _ ("The chat changed."));
      return;
    }
  if (!can_change (self, NULL, &error) || find_message (self, job->current_id, -1, &position, &error) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (branch->len == 0)
    {
      g_task_return_new_error (task, SPARK_ERROR, SPARK_ERROR_NOT_FOUND, "%s",
                               _ ("That version is no longer in the history."));
      return;
    }

  spark_chat_session_track (self);
  /* The current version and what follows it leave as one branch (the
   * tracker roots it at its first message); the chosen branch comes back
   * into the thread in its order. */
  replaced = spark_conversation_truncate (conversation, position);
  for (guint i = 0; i < branch->len; i++)
    {
      SparkMessage *message = g_ptr_array_index (branch, i);

      spark_conversation_insert (conversation, position + i, message);
      spark_store_place_message (store, spark_message_get_id (message), NULL);
    }
  /* The version put back has a later one now: the one just replaced. */
  spark_message_set_has_later_versions (g_ptr_array_index (branch, 0), TRUE);
  g_task_return_boolean (task, TRUE);
}

static void
flushed_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SwitchJob    *job = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  /* A write that failed says so elsewhere (::write-failed); the read
   * still shows what is there. */
  spark_store_flush_finish (SPARK_STORE (source), res, NULL);
  spark_store_load_branch_async (SPARK_STORE (source), job->version_id, cancellable, branch_loaded_cb,
                                 g_steal_pointer (&task));
}

void
spark_chat_session_use_version_async (SparkChatSession   *self,
                                      const char         *current_id,
                                      const char         *version_id,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  SparkStore *store;
  SwitchJob  *job;
  GError     *error = NULL;

  g_return_if_fail (SPARK_IS_CHAT_SESSION (self));
  g_return_if_fail (current_id != NULL && version_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, spark_chat_session_use_version_async);
  store = spark_context_get_store (spark_chat_session_get_context (self));
  if (!can_change (self, NULL, &error) || find_message (self, current_id, -1, NULL, &error) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (store == NULL)
    {
      g_task_return_new_error (task, SPARK_ERROR, SPARK_ERROR_NOT_FOUND, "%s",
                               _ ("That version is no longer in the history."));
      return;
    }
  job = g_new0 (SwitchJob, 1);
  job->conversation = g_object_ref (spark_chat_session_get_conversation (self));
  job->current_id = g_strdup (current_id);
  job->version_id = g_strdup (version_id);
  g_task_set_task_data (task, job, (GDestroyNotify) switch_job_free);
  /* Reads don't wait for queued writes: the branch may have just left. */
  spark_store_flush_async (store, cancellable, flushed_cb, g_steal_pointer (&task));
}

gboolean
spark_chat_session_use_version_finish (SparkChatSession *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
