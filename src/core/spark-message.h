/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  SPARK_ROLE_SYSTEM,
  SPARK_ROLE_USER,
  SPARK_ROLE_ASSISTANT,
  SPARK_ROLE_TOOL,
} SparkRole;

typedef enum
{
  SPARK_MESSAGE_COMPLETE,    /* finished normally (user messages are born complete) */
  SPARK_MESSAGE_PENDING,     /* sent, waiting for the first byte */
  SPARK_MESSAGE_STREAMING,   /* text is arriving */
  SPARK_MESSAGE_CANCELLED,   /* the person stopped it; partial text kept */
  SPARK_MESSAGE_FAILED,      /* an error ended it; partial text kept, error set */
  SPARK_MESSAGE_INTERRUPTED, /* found streaming after a crash */
} SparkMessageState;

/* An image sent with a message. Only mime_type and data are required;
 * the rest is NULL / 0 when not known (e.g. images added by spark-cli). */
typedef struct
{
  char   *mime_type; /* of data */
  GBytes *data;      /* as it goes on the wire (downscaled, re-encoded) */
  int     width;     /* of data, in pixels */
  int     height;
  char   *name;               /* what the person knows it by: a file name */
  char   *original_mime_type; /* of original */
  GBytes *original;           /* the bytes as they came: for display and the store */
  GBytes *thumbnail;          /* PNG, long edge at most 256 px */
} SparkImage;

#define SPARK_TYPE_IMAGE (spark_image_get_type ())

GType       spark_image_get_type (void) G_GNUC_CONST;
SparkImage *spark_image_new (const char *mime_type,
                             GBytes     *data);
/* A copy sharing the (immutable) bytes. */
SparkImage *spark_image_copy (const SparkImage *image);
void        spark_image_free (SparkImage *image);
/* The bytes to show at full size: the original if kept, else data. */
GBytes *spark_image_get_display_bytes (const SparkImage *image);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SparkImage, spark_image_free)

/* Stable names ("user", "assistant"…; "complete", "streaming"…) as stored
 * and exported. from_string returns FALSE for an unknown name. */
const char *spark_role_to_string (SparkRole role);
gboolean    spark_role_from_string (const char *name,
                                    SparkRole  *role);
const char *spark_message_state_to_string (SparkMessageState state);
gboolean    spark_message_state_from_string (const char        *name,
                                             SparkMessageState *state);

#define SPARK_TYPE_MESSAGE (spark_message_get_type ())
G_DECLARE_FINAL_TYPE (SparkMessage, spark_message, SPARK, MESSAGE, GObject)

SparkMessage     *spark_message_new (SparkRole   role,
                                     const char *text);
SparkRole         spark_message_get_role (SparkMessage *self);
const char       *spark_message_get_text (SparkMessage *self);
gsize             spark_message_get_text_length (SparkMessage *self);
void              spark_message_set_text (SparkMessage *self,
                                          const char   *text);
void              spark_message_append_text (SparkMessage *self,
                                             const char   *text,
                                             gssize        len);
const char       *spark_message_get_reasoning (SparkMessage *self);
void              spark_message_append_reasoning (SparkMessage *self,
                                                  const char   *text,
                                                  gssize        len);
SparkMessageState spark_message_get_state (SparkMessage *self);
void              spark_message_set_state (SparkMessage     *self,
                                           SparkMessageState state);
const GError     *spark_message_get_error (SparkMessage *self);
void              spark_message_fail (SparkMessage *self,
                                      const GError *error);
const char       *spark_message_get_model (SparkMessage *self);
void              spark_message_set_model (SparkMessage *self,
                                           const char   *model);
void              spark_message_get_usage (SparkMessage *self,
                                           gint64       *prompt_tokens,
                                           gint64       *completion_tokens,
                                           gint64       *reasoning_tokens);
void              spark_message_set_usage (SparkMessage *self,
                                           gint64        prompt_tokens,
                                           gint64        completion_tokens,
                                           gint64        reasoning_tokens);
GDateTime        *spark_message_get_created (SparkMessage *self);
void              spark_message_add_image (SparkMessage *self,
                                           const char   *mime_type,
                                           GBytes       *data);
/* Adds a copy of @image (the bytes are shared, not copied). */
void spark_message_append_image (SparkMessage     *self,
                                 const SparkImage *image);
/* When the state or text was last set (appends while streaming don't count). */
GDateTime *spark_message_get_updated (SparkMessage *self);
/* Restores stored timestamps; NULL leaves one as it is. */
void spark_message_set_times (SparkMessage *self,
                              GDateTime    *created,
                              GDateTime    *updated);
/* A stable id (a random UUID unless given as the construct-only "id"). */
const char *spark_message_get_id (SparkMessage *self);
/* The message this one is another version of (an edited question, a
 * regenerated or retried reply); NULL for an original. */
/* Whether other versions of this message exist: an earlier one (it has
 * a parent) or a later one (see below). */
gboolean spark_message_get_versioned (SparkMessage *self);
/* A later version replaced this one (e.g. it was put back from the
 * versions an edit kept). */
void        spark_message_set_has_later_versions (SparkMessage *self,
                                                  gboolean      has_later);
const char *spark_message_get_parent_id (SparkMessage *self);
void        spark_message_set_parent_id (SparkMessage *self,
                                         const char   *parent_id);
/* Id of the model service that wrote a reply. */
const char *spark_message_get_provider (SparkMessage *self);
void        spark_message_set_provider (SparkMessage *self,
                                        const char   *provider);
void        spark_message_set_reasoning (SparkMessage *self,
                                         const char   *text);
/* Time to first token in ms (-1: unknown) and generation speed (0: unknown). */
void spark_message_get_timings (SparkMessage *self,
                                gint64       *first_token_ms,
                                double       *tokens_per_second);
void spark_message_set_timings (SparkMessage *self,
                                gint64        first_token_ms,
                                double        tokens_per_second);
/* SparkImage*, in the order added; owned by the message. */
GPtrArray *spark_message_get_images (SparkMessage *self);
gboolean   spark_message_is_finished (SparkMessage *self);

G_END_DECLS
