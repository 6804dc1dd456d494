/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkStore: conversations, messages, images and structured results in
 * SQLite, with full-text search.
 *
 * Threading: every write is queued and done by one writer thread, in
 * order; nothing touches SQLite on the calling thread. Reads run in worker
 * threads on read-only connections and call back on the thread-default
 * main context of the caller. Call every function from the thread that
 * opened the store.
 *
 * Crash safety: a tracker (spark-store-tracker.h) writes a streaming reply
 * about every 250 ms with state `streaming`; when a store is opened and no
 * other process has it open, every message still `streaming` (or
 * `pending`) becomes `interrupted`, keeping its partial text. Each write
 * is a committed WAL transaction, so killing the process at any moment
 * loses at most what was not yet queued and never corrupts the file.
 *
 * Signals, on the main context that opened the store:
 *   ::write-failed (GError *error): a queued write could not be done;
 *   ::conversations-changed (): a conversation was added, renamed,
 *     pinned, deleted or imported, or got a finished message — time to
 *     list them again (coalesced; not for streaming flushes). */
#pragma once

#include <gio/gio.h>

#include "spark-conversation-info.h"
#include "spark-conversation.h"
#include "spark-search-hit.h"

G_BEGIN_DECLS

/* Search snippets mark each matched word with these private-use
 * characters (U+E000 before, U+E001 after, as UTF-8); they never occur in
 * what a model or a person writes, so a view can swap them for its own
 * highlighting after escaping the text. */
#define SPARK_STORE_MATCH_START "\xee\x80\x80"
#define SPARK_STORE_MATCH_END "\xee\x80\x81"

#define SPARK_TYPE_STORE (spark_store_get_type ())
G_DECLARE_FINAL_TYPE (SparkStore, spark_store, SPARK, STORE, GObject)

/* $XDG_DATA_HOME/spark/spark.db */
char *spark_store_get_default_path (void);

/* Opens (creating it and its folder if needed) and upgrades the database
 * at @path (NULL: the default path). */
void        spark_store_open_async (const char         *path,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
SparkStore *spark_store_open_finish (GAsyncResult *result,
                                     GError      **error);
const char *spark_store_get_path (SparkStore *self);
/* Replies found interrupted (left streaming by a crash) when opened. */
guint spark_store_get_n_recovered (SparkStore *self);
/* Writes everything queued, then closes. Waits for the writer thread, so
 * call it when quitting, not while a window is drawing. Later writes are
 * dropped and reads fail with G_IO_ERROR_CLOSED. Also done on finalize. */
void spark_store_close (SparkStore *self);

/* Marks objects (conversations, messages) that mirror what is stored
 * (loaded, or saved by a tracker), so that attaching a tracker doesn't
 * write them again. */
void     spark_store_mark_stored (gpointer object);
gboolean spark_store_is_stored (gpointer object);

/* --- Reads ---------------------------------------------------------- */

/* A GListModel of SparkConversationInfo: pinned first, then by last
 * activity, newest first. */
void        spark_store_list_conversations_async (SparkStore         *self,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
GListModel *spark_store_list_conversations_finish (SparkStore   *self,
                                                   GAsyncResult *result,
                                                   GError      **error);

/* The conversation with its latest @max_messages messages (0: all), in
 * their stored states (interrupted replies included, with their partial
 * text). SPARK_ERROR_NOT_FOUND if there is no such conversation. */
void               spark_store_load_conversation_async (SparkStore         *self,
                                                        const char         *id,
                                                        guint               max_messages,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
SparkConversation *spark_store_load_conversation_finish (SparkStore   *self,
                                                         GAsyncResult *result,
                                                         GError      **error);

/* A page of older messages: up to @limit (0: all) that come before
 * @before_id (NULL: from the end), oldest first; a GPtrArray of
 * SparkMessage, empty when there are no more. Pass the page to
 * spark_conversation_prepend(). */
void       spark_store_load_messages_async (SparkStore         *self,
                                            const char         *conversation_id,
                                            const char         *before_id,
                                            guint               limit,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
GPtrArray *spark_store_load_messages_finish (SparkStore   *self,
                                             GAsyncResult *result,
                                             GError      **error);

/* The other versions of a message — what an edit or a regeneration
 * replaced, what those replaced, and what replaced it — newest first: a
 * GPtrArray of SparkMessage (text, state, model, times; no images), empty
 * if none. spark_store_version_has_branch() tells which can be put back. */
void       spark_store_load_versions_async (SparkStore         *self,
                                            const char         *message_id,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
GPtrArray *spark_store_load_versions_finish (SparkStore   *self,
                                             GAsyncResult *result,
                                             GError      **error);

/* Whether @version (from spark_store_load_versions_finish) starts a
 * branch that spark_store_load_branch_async() can give back. */
gboolean spark_store_version_has_branch (SparkMessage *version);

/* The branch taken out of the thread with @root_id first (see
 * spark_store_detach_message), in its old order, with images: a GPtrArray
 * of SparkMessage, empty if there is no such branch. */
void       spark_store_load_branch_async (SparkStore         *self,
                                          const char         *root_id,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
GPtrArray *spark_store_load_branch_finish (SparkStore   *self,
                                           GAsyncResult *result,
                                           GError      **error);

/* Full-text search over every message's text, best match first (bm25;
 * for a word in thousands of messages, the best of its 2,000 newest
 * matches): a GListModel of SparkSearchHit (at most @limit; 0: 50). @query is what a
 * person typed — any text is safe (nothing in it is search syntax); all
 * words must match, and the last one matches as a prefix while it is
 * being typed (@query ends in a letter or digit, not a space). Accents
 * and case are ignored. Cancelling stops a
 * running query. */
void        spark_store_search_async (SparkStore         *self,
                                      const char         *query,
                                      guint               limit,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
GListModel *spark_store_search_finish (SparkStore   *self,
                                       GAsyncResult *result,
                                       GError      **error);

/* The structured result (JSON text) saved for a message; NULL with no
 * error when there is none. */
void  spark_store_load_result_async (SparkStore         *self,
                                     const char         *message_id,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
char *spark_store_load_result_finish (SparkStore   *self,
                                      GAsyncResult *result,
                                      GError      **error);

/* --- Writes (queued; failures are reported by ::write-failed and by the
 * next spark_store_flush_async) ------------------------------------- */

/* Inserts or updates the conversation's row (title, mode, pin), not its
 * messages. */
void spark_store_save_conversation (SparkStore        *self,
                                    SparkConversation *conversation);
/* Inserts or updates one message (its text, state, usage…; images the
 * first time). A new message goes after the last one stored in the
 * conversation, which must have been saved first. */
void spark_store_save_message (SparkStore   *self,
                               const char   *conversation_id,
                               SparkMessage *message);
/* Takes a message out of its conversation's thread but keeps it as an
 * earlier version (what a retry or an edit replaced), in the branch that
 * starts at @branch_root (the first of the messages taken out together;
 * NULL: the message itself). spark_store_load_branch_async() gives the
 * branch back. */
void spark_store_detach_message (SparkStore *self,
                                 const char *message_id,
                                 const char *branch_root);
/* Puts a saved message (back) into its conversation's thread, just before
 * @before_id (NULL: at the end) — e.g. a deleted message whose deletion
 * was undone, saved again first. */
void spark_store_place_message (SparkStore *self,
                                const char *message_id,
                                const char *before_id);
void spark_store_delete_message (SparkStore *self,
                                 const char *message_id);
void spark_store_rename_conversation (SparkStore *self,
                                      const char *id,
                                      const char *title);
/* Renames the conversation only if its title is still @expected: for a
 * title written by the model, which must not replace the person's. */
void spark_store_rename_conversation_if (SparkStore *self,
                                         const char *id,
                                         const char *title,
                                         const char *expected);
void spark_store_pin_conversation (SparkStore *self,
                                   const char *id,
                                   gboolean    pinned);
/* Deletes the conversation with its messages, images and results. */
void spark_store_delete_conversation (SparkStore *self,
                                      const char *id);
/* Saves the structured answer (JSON text) of a stored message. */
void spark_store_save_result (SparkStore *self,
                              const char *message_id,
                              const char *json);
/* Stores a thumbnail for image @index of a stored message. */
void spark_store_set_thumbnail (SparkStore *self,
                                const char *message_id,
                                guint       index,
                                const char *mime_type,
                                GBytes     *data);

/* Completes once every write queued before it is on disk: TRUE, or the
 * first write error since the previous flush. */
void     spark_store_flush_async (SparkStore         *self,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
gboolean spark_store_flush_finish (SparkStore   *self,
                                   GAsyncResult *result,
                                   GError      **error);

/* Imports a conversation exported as JSON (spark-export.h) as a new
 * conversation with new ids, all or nothing. A file that isn't a valid
 * export fails with SPARK_ERROR_BAD_INPUT and a sentence saying what is
 * wrong, and nothing is imported. Returns the new conversation's id. */
void  spark_store_import_json_async (SparkStore         *self,
                                     GFile              *file,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
char *spark_store_import_json_finish (SparkStore   *self,
                                      GAsyncResult *result,
                                      GError      **error);

G_END_DECLS
