/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the parts of SparkChatDecoder share with each other (not public API).
 * The delta loop (spark-chat-decoder.c) hands each `tool_calls` array to
 * spark-chat-decoder-tools.c and the `error` member to
 * spark-chat-decoder-errors.c; each part keeps its per-event state behind
 * its own opaque type, reused from event to event so that an event
 * allocates nothing. */
#pragma once

#include <string.h>

#include "spark-chat-decoder.h"
#include "spark-json-scan.h"

G_BEGIN_DECLS

/* Whether the member name just read (`key`, `key_len` in the caller) is @lit. */
#define KEY_IS(lit) (key_len == sizeof (lit) - 1 && memcmp (key, lit, sizeof (lit) - 1) == 0)

/* Reads a string into @dest, replacing it, and sets *@has; a null or any
 * other value is skipped. */
gboolean spark_chat_read_string (SparkJsonScan *scan,
                                 GString       *dest,
                                 gboolean      *has);

/* Tool calls: the `tool_calls` entries of one event, collected while the
 * event is read and merged into the result's calls once it was read whole. */
typedef struct _SparkChatToolPieces SparkChatToolPieces;

void                 spark_chat_tool_call_free (gpointer call);
SparkChatToolPieces *spark_chat_tool_pieces_new (void);
void                 spark_chat_tool_pieces_free (SparkChatToolPieces *self);
/* Forgets the pieces of the last event. */
void spark_chat_tool_pieces_reset (SparkChatToolPieces *self);
/* Reads a `tool_calls` array. A complete message (!@streaming) lists its
 * calls without indexes: their positions stand in. */
gboolean spark_chat_tool_pieces_read (SparkChatToolPieces *self,
                                      SparkJsonScan       *scan,
                                      gboolean             streaming);
guint    spark_chat_tool_pieces_get_count (SparkChatToolPieces *self);
/* Merges the pieces into @calls (SparkToolCall*, ordered by index). */
void spark_chat_tool_pieces_apply (SparkChatToolPieces *self,
                                   GPtrArray           *calls);

/* Errors: an `error` member a service sent instead of (or with) a reply. */
typedef struct _SparkChatErrorBody SparkChatErrorBody;

SparkChatErrorBody *spark_chat_error_body_new (void);
void                spark_chat_error_body_free (SparkChatErrorBody *self);
void                spark_chat_error_body_reset (SparkChatErrorBody *self);
/* Reads {"message", "type", "code"} or a bare "message". */
gboolean spark_chat_error_body_read (SparkChatErrorBody *self,
                                     SparkJsonScan      *scan);
gboolean spark_chat_error_body_is_set (SparkChatErrorBody *self);
/* Sets @error to a SPARK_ERROR sentence for what was read. */
void spark_chat_error_body_to_error (SparkChatErrorBody *self,
                                     GError            **error);

G_END_DECLS
