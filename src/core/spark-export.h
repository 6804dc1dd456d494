/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Conversations to and from files: Markdown (to read or share) and JSON
 * (to keep or move between machines). Pure functions, no I/O, so the app,
 * spark-cli and the store share them.
 *
 * JSON export format, version 1 (UTF-8, one object):
 *
 *   { "spark_export": 1,
 *     "conversation": {
 *       "id": string, "title": string|null, "mode": "chat"|"travel"|"shopping"|"health",
 *       "pinned": bool (optional), "created": ISO 8601, "updated": ISO 8601 (optional),
 *       "messages": [ {
 *         "id": string, "parent_id": string|null (optional),
 *         "role": "system"|"user"|"assistant"|"tool",
 *         "text": string, "reasoning": string (optional),
 *         "state": "complete"|"pending"|"streaming"|"cancelled"|"failed"|"interrupted",
 *         "error": string|null (optional), "model": string|null, "provider": string|null (optional),
 *         "usage": { "prompt_tokens": int, "completion_tokens": int, "reasoning_tokens": int },
 *         "first_token_ms": int (optional), "tokens_per_second": number (optional),
 *         "created": ISO 8601, "updated": ISO 8601 (optional),
 *         "images": [ { "mime_type": "image/…", "data": base64 } ] (optional)
 *       } … ] } }
 *
 * Reading is strict about what it uses: a wrong type, a missing member, an
 * unknown role, state or mode, a bad date, a duplicated message id or a
 * newer format version is an error (members it doesn't know are ignored).
 * `pending` and `streaming` read as `interrupted`. */
#pragma once

#include <json-glib/json-glib.h>

#include "spark-conversation.h"

G_BEGIN_DECLS

#define SPARK_EXPORT_VERSION 1

/* "# Title", then "## You" / "## Spark" sections with each message's text;
 * a reply that didn't finish says so below its text. */
char *spark_export_to_markdown (SparkConversation *conversation);

/* The JSON export described above, pretty-printed. */
JsonNode *spark_export_to_json_node (SparkConversation *conversation);
char     *spark_export_to_json (SparkConversation *conversation);

/* Parses an export. On a bad file: NULL and SPARK_ERROR_BAD_INPUT with a
 * sentence saying what is wrong and where. Ids are kept as in the file. */
SparkConversation *spark_export_from_json (const char *data,
                                           gssize      length,
                                           GError    **error);

G_END_DECLS
