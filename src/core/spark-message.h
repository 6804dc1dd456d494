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
/* SparkImage*, in the order added; owned by the message. */
GPtrArray *spark_message_get_images (SparkMessage *self);
gboolean   spark_message_is_finished (SparkMessage *self);

G_END_DECLS
