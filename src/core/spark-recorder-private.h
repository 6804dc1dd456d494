/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the parts of SparkRecorder share with each other and with the file
 * converter (not public API): the object and its state machine
 * (spark-recorder.c), its GStreamer pipeline (spark-recorder-pipeline.c)
 * and the encoder, errors and file conversion (spark-audio.c). */
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

/* The level meter's floor: quieter is silence (level 0). */
#define SPARK_RECORDER_LEVEL_FLOOR_DB -60.0

/* One run of the recording pipeline, from the source to encoded bytes in
 * memory, and what it measured: the seconds of audio that went through
 * are kept after it stops, until the next start. */
typedef struct _SparkRecorderPipeline SparkRecorderPipeline;

SparkRecorderPipeline *spark_recorder_pipeline_new (void);
void                   spark_recorder_pipeline_free (SparkRecorderPipeline *self);
/* Audio past this is dropped and a "spark-limit" application message
 * posted, once; 0 means no limit. Also applies to a running pipeline. */
void spark_recorder_pipeline_set_max_duration (SparkRecorderPipeline *self,
                                               guint                  milliseconds);
/* Builds "@source ! encoder" (or decodes @input_file instead), sets it
 * playing and watches its bus with @bus_func on the thread-default main
 * context. On FALSE, @error is a SPARK_ERROR sentence and what was built
 * stays until spark_recorder_pipeline_stop(). */
gboolean spark_recorder_pipeline_start (SparkRecorderPipeline *self,
                                        const char            *source,
                                        GFile                 *input_file,
                                        SparkRecorderFormat    format,
                                        GstBusFunc             bus_func,
                                        gpointer               user_data,
                                        GError               **error);
/* Seconds of audio that went through, as the probe measured them. */
double spark_recorder_pipeline_get_seconds (SparkRecorderPipeline *self);
/* Asks the encoder to finish: end-of-stream arrives on the bus. */
void spark_recorder_pipeline_send_eos (SparkRecorderPipeline *self);
/* Stops the pipeline and lets go of it; the encoded bytes stay. */
void spark_recorder_pipeline_stop (SparkRecorderPipeline *self);
/* The encoded bytes (after stop) and their content type. */
GBytes *spark_recorder_pipeline_steal_bytes (SparkRecorderPipeline *self,
                                             const char           **content_type);
void    spark_recorder_pipeline_discard (SparkRecorderPipeline *self);
/* The peak in dB of a "level" element message; the floor when it has none
 * or it isn't finite. */
double spark_recorder_pipeline_level_peak_db (const GstStructure *s);

G_END_DECLS
