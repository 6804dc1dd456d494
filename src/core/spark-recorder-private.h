/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What SparkRecorder shares with the file converter (not public API). */
#pragma once

#include <gst/gst.h>

#include "spark-recorder.h"

G_BEGIN_DECLS

/* Initializes GStreamer once; safe to call any number of times. */
gboolean spark_audio_init (GError **error);

/* The encoder part of a recording pipeline ("audioconvert name=spark-convert
 * ! … ! level name=spark-level ! … ! giostreamsink name=spark-sink"), or
 * NULL with @error when GStreamer lacks the elements. */
char *spark_audio_tail_description (SparkRecorderFormat format,
                                    gboolean            post_levels,
                                    const char        **content_type,
                                    GError            **error);

/* A recorder that decodes @file instead of listening to a source. */
SparkRecorder *spark_recorder_new_for_file (GFile *file);
void           spark_recorder_wait_async (SparkRecorder      *self,
                                          gboolean            stop,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data,
                                          gpointer            source_tag);

/* A SPARK_ERROR sentence for a GStreamer error: about the microphone when
 * @file is NULL, else about that file (SPARK_ERROR_BAD_INPUT). */
GError *spark_audio_error_from_gst (GFile        *file,
                                    const GError *gst_error);
GError *spark_audio_error_no_audio (GFile *file);
/* Sets @pipeline playing; FALSE with one of those sentences if it won't
 * (for a microphone, also when autoaudiosrc found no device). */
gboolean spark_audio_start_pipeline (GstElement *pipeline,
                                     GFile      *file,
                                     GError    **error);

G_END_DECLS
