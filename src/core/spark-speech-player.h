/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Read aloud": asks the active model service for speech (POST
 * /audio/speech) and plays it through GStreamer, one text at a time.
 * Remembers which services have no speech endpoint so the UI can stop
 * offering it. No GTK here. */
#pragma once

#include <gio/gio.h>

#include "spark-capabilities.h"
#include "spark-context.h"

G_BEGIN_DECLS

typedef enum
{
  SPARK_SPEECH_IDLE,
  SPARK_SPEECH_LOADING, /* waiting for the service's audio */
  SPARK_SPEECH_PLAYING,
} SparkSpeechState;

#define SPARK_TYPE_SPEECH_PLAYER (spark_speech_player_get_type ())
G_DECLARE_FINAL_TYPE (SparkSpeechPlayer, spark_speech_player, SPARK, SPEECH_PLAYER, GObject)

SparkSpeechPlayer *spark_speech_player_new (SparkContext *context);
/* A gst-launch description of the output, "autoaudiosink" by default
 * (tests use "fakesink sync=true"). */
void             spark_speech_player_set_sink (SparkSpeechPlayer *self,
                                               const char        *sink);
SparkSpeechState spark_speech_player_get_state (SparkSpeechPlayer *self);
/* What is being read: the @item given to read_async (e.g. a SparkMessage). */
GObject *spark_speech_player_get_item (SparkSpeechPlayer *self);

/* NO once the service answered 404 (or is known to lack the endpoint, like
 * Ollama): hide "Read aloud" then. YES once it worked; else UNKNOWN. */
SparkCapabilityState spark_speech_player_get_available (SparkSpeechPlayer *self,
                                                        SparkProvider     *provider);

/* Reads @text aloud with the active service; completes when playback ends.
 * Starting another reading, or spark_speech_player_stop(), ends this one
 * with G_IO_ERROR_CANCELLED. */
void     spark_speech_player_read_async (SparkSpeechPlayer  *self,
                                         const char         *text,
                                         GObject            *item,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
gboolean spark_speech_player_read_finish (SparkSpeechPlayer *self,
                                          GAsyncResult      *result,
                                          GError           **error);
/* Plays encoded audio bytes (any format GStreamer decodes). */
void     spark_speech_player_play_async (SparkSpeechPlayer  *self,
                                         GBytes             *audio,
                                         GObject            *item,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
gboolean spark_speech_player_play_finish (SparkSpeechPlayer *self,
                                          GAsyncResult      *result,
                                          GError           **error);
void     spark_speech_player_stop (SparkSpeechPlayer *self);

G_END_DECLS
