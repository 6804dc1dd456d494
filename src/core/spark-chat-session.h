/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "spark-context.h"
#include "spark-conversation.h"
#include "spark-mode.h"

G_BEGIN_DECLS

#define SPARK_TYPE_CHAT_SESSION (spark_chat_session_get_type ())
G_DECLARE_FINAL_TYPE (SparkChatSession, spark_chat_session, SPARK, CHAT_SESSION, GObject)

SparkChatSession  *spark_chat_session_new (SparkContext *context);
SparkConversation *spark_chat_session_get_conversation (SparkChatSession *self);
gboolean           spark_chat_session_get_busy (SparkChatSession *self);
/* A request for a new chat's title is running (see set_auto_title). */
gboolean spark_chat_session_get_naming (SparkChatSession *self);
/* The model for new replies; NULL: the service's default. */
void        spark_chat_session_set_model (SparkChatSession *self,
                                          const char       *model);
const char *spark_chat_session_get_model (SparkChatSession *self);
/* The model replies come from: the one set, else the service's default.
 * NULL when no service is set up. */
const char *spark_chat_session_get_effective_model (SparkChatSession *self);
/* Adds the question (text and/or images: SparkImage*, copied) and starts
 * the reply. FALSE (error set, nothing added) when there is nothing to
 * send, no model service is set up, a reply is running, or the model is
 * known not to take images (SPARK_ERROR_UNSUPPORTED_INPUT).
 *
 * When the service refuses the images before any reply text, the question
 * is taken back out of the conversation and ::draft-returned gives it back
 * (so it can go back into the composer); ::finished follows. */
gboolean spark_chat_session_send (SparkChatSession *self,
                                  const char       *text,
                                  GPtrArray        *images,
                                  SparkMode         mode,
                                  SparkDepth        depth,
                                  GError          **error);
/* Writes reply @reply_id again. It, and everything after it, leave the
 * conversation but stay in the store as the earlier version (the new
 * reply's parent). FALSE (error set) while a reply runs, with no service,
 * or when there is no such reply. */
gboolean spark_chat_session_regenerate (SparkChatSession *self,
                                        const char       *reply_id,
                                        SparkMode         mode,
                                        SparkDepth        depth,
                                        GError          **error);
/* Regenerates the last reply if it failed, was stopped or interrupted. */
gboolean spark_chat_session_retry (SparkChatSession *self);
/* Asks @text instead of question @question_id (keeping its images): the
 * old question and everything after it stay in the store as the earlier
 * version, and a new reply is written. */
gboolean spark_chat_session_edit (SparkChatSession *self,
                                  const char       *question_id,
                                  const char       *text,
                                  SparkMode         mode,
                                  SparkDepth        depth,
                                  GError          **error);
/* Whether @reply can be continued: the last message, a reply cut off
 * (interrupted by a crash, stopped, or failed mid-way) with some text. */
gboolean spark_chat_session_can_continue (SparkChatSession *self,
                                          SparkMessage     *reply);
/* Carries on the last reply from where it broke off: its text so far goes
 * to the model as the start of the answer, and the rest is appended. */
gboolean spark_chat_session_continue (SparkChatSession *self,
                                      GError          **error);
/* Deletes one message: it leaves the conversation at once, and the disk
 * when spark_chat_session_purge_message() is called (once it can no
 * longer be undone). Returns it (a new reference) and the id of the
 * message it followed (@after_id, NULL if it was first); NULL (error set)
 * while a reply runs or if there is no such message. */
SparkMessage *spark_chat_session_delete_message (SparkChatSession *self,
                                                 const char       *message_id,
                                                 char            **after_id,
                                                 GError          **error);
/* Removes a deleted message from the disk for good. */
void spark_chat_session_purge_message (SparkChatSession *self,
                                       SparkMessage     *message);
/* Undoes a deletion: puts @message back after @after_id (NULL: first).
 * FALSE (error set) while a reply runs, or when @after_id is gone. */
gboolean spark_chat_session_restore_message (SparkChatSession *self,
                                             SparkMessage     *message,
                                             const char       *after_id,
                                             GError          **error);
/* Puts back the branch that starts at @version_id (another version of the
 * message @current_id, see spark_store_load_versions_async) in place of
 * @current_id and everything after it, which stay in the store as a branch
 * of their own. Fails while a reply runs, or when either is gone. */
void     spark_chat_session_use_version_async (SparkChatSession   *self,
                                               const char         *current_id,
                                               const char         *version_id,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean spark_chat_session_use_version_finish (SparkChatSession *self,
                                                GAsyncResult     *result,
                                                GError          **error);
/* Whether a new chat is named by the model service after its first
 * exchange (a short extra request); else it keeps its first words. */
void spark_chat_session_set_auto_title (SparkChatSession *self,
                                        gboolean          auto_title);
void spark_chat_session_stop (SparkChatSession *self);
/* Stops any reply and starts an empty conversation. */
void spark_chat_session_new_conversation (SparkChatSession *self);
/* Stops any reply and continues @conversation (e.g. one loaded from the
 * store); with a store in the context, new messages are saved into it. */
void spark_chat_session_load (SparkChatSession  *self,
                              SparkConversation *conversation);

G_END_DECLS
