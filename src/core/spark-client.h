/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "spark-chat-decoder.h"
#include "spark-provider.h"

G_BEGIN_DECLS

/* Called on the caller's main context while a reply streams. */
typedef struct
{
  /* Each decoded event; @so_far is everything received until now. */
  void (*delta) (const SparkChatDelta  *delta,
                 const SparkChatResult *so_far,
                 gpointer               user_data);
  /* A 429/5xx before the first byte: retrying @attempt in @seconds. */
  void (*retrying) (guint         attempt,
                    guint         seconds,
                    const GError *reason,
                    gpointer      user_data);
} SparkStreamCallbacks;

#define SPARK_TYPE_CLIENT (spark_client_get_type ())
G_DECLARE_FINAL_TYPE (SparkClient, spark_client, SPARK, CLIENT, GObject)

SparkClient *spark_client_new (void);
void         spark_client_set_timeouts (SparkClient *self,
                                        guint        connect_seconds,
                                        guint        idle_seconds);
void         spark_client_set_retry_policy (SparkClient *self,
                                            guint        max_retries,
                                            guint        base_delay_ms);

void             spark_client_stream_chat_async (SparkClient                *self,
                                                 SparkProvider              *provider,
                                                 const char                 *api_key,
                                                 JsonNode                   *request,
                                                 const SparkStreamCallbacks *callbacks,
                                                 gpointer                    callback_data,
                                                 GCancellable               *cancellable,
                                                 GAsyncReadyCallback         callback,
                                                 gpointer                    user_data);
SparkChatResult *spark_client_stream_chat_finish (SparkClient  *self,
                                                  GAsyncResult *result,
                                                  GError      **error);

void  spark_client_list_models_async (SparkClient        *self,
                                      SparkProvider      *provider,
                                      const char         *api_key,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
GStrv spark_client_list_models_finish (SparkClient  *self,
                                       GAsyncResult *result,
                                       GError      **error);

void  spark_client_transcribe_async (SparkClient        *self,
                                     SparkProvider      *provider,
                                     const char         *api_key,
                                     GBytes             *audio,
                                     const char         *filename,
                                     const char         *content_type,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
char *spark_client_transcribe_finish (SparkClient  *self,
                                      GAsyncResult *result,
                                      GError      **error);

/* POST /audio/speech: @text read aloud by @voice (NULL: "alloy") with
 * @model (NULL: "tts-1"). Returns the audio bytes; *@content_type is what
 * the service said they are (e.g. "audio/mpeg"). */
void    spark_client_speech_async (SparkClient        *self,
                                   SparkProvider      *provider,
                                   const char         *api_key,
                                   const char         *text,
                                   const char         *model,
                                   const char         *voice,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data);
GBytes *spark_client_speech_finish (SparkClient  *self,
                                    GAsyncResult *result,
                                    char        **content_type,
                                    GError      **error);

G_END_DECLS
