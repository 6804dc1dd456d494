/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal to SparkStore: snapshots of conversations and messages taken on
 * the main thread (GObjects never cross into the writer), the write
 * operations the writer thread runs on them, and the read queries the
 * reader threads run. */
#pragma once

#include <gio/gio.h>

#include "spark-conversation.h"
#include "spark-store-schema.h"
#include "spark-store.h"

G_BEGIN_DECLS

typedef struct
{
  char     *id;
  char     *title;
  SparkMode mode;
  gboolean  pinned;
  gint64    created;
  gint64    updated;
} SparkStoreConversationRow;

typedef struct
{
  char             *id;
  char             *conversation_id;
  char             *parent_id;
  SparkRole         role;
  char             *text;
  char             *reasoning;
  SparkMessageState state;
  char             *error;
  int               error_code; /* SparkErrorCode; -1: no error */
  char             *model;
  char             *provider;
  gint64            prompt_tokens;
  gint64            completion_tokens;
  gint64            reasoning_tokens;
  gint64            first_token_ms;
  double            tokens_per_second;
  gint64            created;
  gint64            updated;
  GPtrArray        *images; /* SparkImage (copies; the bytes are shared) */
} SparkStoreMessageRow;

SparkStoreConversationRow *spark_store_conversation_row_new (SparkConversation *conversation);
void                       spark_store_conversation_row_free (SparkStoreConversationRow *row);
SparkStoreMessageRow      *spark_store_message_row_new (const char   *conversation_id,
                                                        SparkMessage *message);
void                       spark_store_message_row_free (SparkStoreMessageRow *row);

/* Write operations (SparkStoreOpFunc), each with the data it takes. */
gboolean spark_store_op_save_conversation (SparkStoreDb *db,
                                           gpointer      row,
                                           GError      **error);
gboolean spark_store_op_save_message (SparkStoreDb *db,
                                      gpointer      row,
                                      GError      **error);

typedef struct
{
  char   *id;
  char   *text;
  char   *expected; /* for conditional writes; set after _new */
  gint64  number;
  GBytes *bytes;
} SparkStoreArgs;

SparkStoreArgs *spark_store_args_new (const char *id,
                                      const char *text,
                                      gint64      number,
                                      GBytes     *bytes);
void            spark_store_args_free (SparkStoreArgs *args);

gboolean spark_store_op_detach_message (SparkStoreDb *db,
                                        gpointer      args,
                                        GError      **error);
/* args: id = message id, text = the message it goes before (NULL: end). */
gboolean spark_store_op_place_message (SparkStoreDb *db,
                                       gpointer      args,
                                       GError      **error);
gboolean spark_store_op_delete_message (SparkStoreDb *db,
                                        gpointer      args,
                                        GError      **error);
gboolean spark_store_op_rename_conversation (SparkStoreDb *db,
                                             gpointer      args,
                                             GError      **error);
/* args: id, text = new title, expected = the title it must still have. */
gboolean spark_store_op_rename_conversation_if (SparkStoreDb *db,
                                                gpointer      args,
                                                GError      **error);
gboolean spark_store_op_pin_conversation (SparkStoreDb *db,
                                          gpointer      args,
                                          GError      **error);
gboolean spark_store_op_delete_conversation (SparkStoreDb *db,
                                             gpointer      args,
                                             GError      **error);
/* args: id = message id, text = JSON. */
gboolean spark_store_op_save_result (SparkStoreDb *db,
                                     gpointer      args,
                                     GError      **error);
/* args: id = message id, number = image index, text = MIME type, bytes. */
gboolean spark_store_op_set_thumbnail (SparkStoreDb *db,
                                       gpointer      args,
                                       GError      **error);

typedef struct
{
  SparkStoreConversationRow *conversation;
  GPtrArray                 *messages; /* SparkStoreMessageRow, in order */
} SparkStoreImport;

void     spark_store_import_free (SparkStoreImport *import);
gboolean spark_store_op_import (SparkStoreDb *db,
                                gpointer      import,
                                GError      **error);

/* Read queries, run on a reader connection in a worker thread. */
GListStore        *spark_store_query_conversations (SparkStoreDb *db,
                                                    GError      **error);
SparkConversation *spark_store_query_conversation (SparkStoreDb *db,
                                                   const char   *id,
                                                   guint         max_messages,
                                                   GError      **error);
/* The other versions of a message (what an edit or a regeneration
 * replaced, and what replaced it), newest first, without their images;
 * those whose branch can be put back carry "spark-store-branch" data. */
GPtrArray *spark_store_query_versions (SparkStoreDb *db,
                                       const char   *message_id,
                                       GError      **error);
/* The messages taken out of the thread together with @root_id (first),
 * in their old order, with their images. */
GPtrArray  *spark_store_query_branch (SparkStoreDb *db,
                                      const char   *root_id,
                                      GError      **error);
GPtrArray  *spark_store_query_messages (SparkStoreDb *db,
                                        const char   *conversation_id,
                                        const char   *before_id,
                                        guint         limit,
                                        GError      **error);
GListStore *spark_store_query_search (SparkStoreDb *db,
                                      const char   *text,
                                      guint         limit,
                                      GError      **error);
char       *spark_store_query_result (SparkStoreDb *db,
                                      const char   *message_id,
                                      GError      **error);

/* The FTS5 MATCH expression for what a person typed: every word quoted
 * (so no character is FTS5 syntax), all words required, the last one as
 * a prefix if @text ends in a letter or digit — expanded into the terms
 * it starts when @db is given and the prefix is longer than the prefix
 * index. NULL when nothing is left to search for. */
char *spark_store_fts_query (SparkStoreDb *db,
                             const char   *text);

G_END_DECLS
