/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Voice capture: a GStreamer pipeline from an audio source to Ogg/Opus (or
 * WAV) bytes in memory, with a live level and the elapsed time. Also turns
 * any audio file GStreamer can decode into the same format. No GTK here. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SPARK_RECORDER_IDLE,      /* not started, or cancelled */
  SPARK_RECORDER_RECORDING, /* audio is flowing */
  SPARK_RECORDER_FINISHING, /* stopped; the encoder is writing its last pages */
  SPARK_RECORDER_DONE,      /* the recording is complete */
  SPARK_RECORDER_FAILED,    /* see spark_recorder_get_error() */
} SparkRecorderState;

typedef enum
{
  SPARK_RECORDER_FORMAT_AUTO, /* Ogg/Opus when the encoder is there, else WAV */
  SPARK_RECORDER_FORMAT_OPUS,
  SPARK_RECORDER_FORMAT_WAV,
} SparkRecorderFormat;

/* The default for the "audio-source" setting. */
#define SPARK_RECORDER_DEFAULT_SOURCE "autoaudiosrc"
/* The longest recording, in milliseconds: five minutes. */
#define SPARK_RECORDER_DEFAULT_MAX_DURATION (5 * 60 * 1000)

/* A finished recording: encoded bytes, ready to upload. */
typedef struct
{
  GBytes *data;
  char   *content_type; /* "audio/ogg" or "audio/wav" */
  double  duration;     /* seconds of audio */
} SparkRecording;

#define SPARK_TYPE_RECORDING (spark_recording_get_type ())

GType           spark_recording_get_type (void) G_GNUC_CONST;
SparkRecording *spark_recording_new (GBytes     *data,
                                     const char *content_type,
                                     double      duration);
SparkRecording *spark_recording_copy (const SparkRecording *recording);
void            spark_recording_free (SparkRecording *recording);
/* A file name matching the content type, for the multipart upload. */
const char *spark_recording_get_filename (const SparkRecording *recording);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SparkRecording, spark_recording_free)

#define SPARK_TYPE_RECORDER (spark_recorder_get_type ())
G_DECLARE_FINAL_TYPE (SparkRecorder, spark_recorder, SPARK, RECORDER, GObject)

/* @source: a gst-launch description of the source, e.g. "autoaudiosrc",
 * "audiotestsrc is-live=true" or "filesrc location=a.wav ! decodebin". */
SparkRecorder      *spark_recorder_new (const char *source);
const char         *spark_recorder_get_source (SparkRecorder *self);
SparkRecorderFormat spark_recorder_get_format (SparkRecorder *self);
void                spark_recorder_set_format (SparkRecorder      *self,
                                               SparkRecorderFormat format);
guint               spark_recorder_get_max_duration (SparkRecorder *self);
void                spark_recorder_set_max_duration (SparkRecorder *self,
                                                     guint          milliseconds);

SparkRecorderState spark_recorder_get_state (SparkRecorder *self);
double             spark_recorder_get_level (SparkRecorder *self);
double             spark_recorder_get_peak_db (SparkRecorder *self);
double             spark_recorder_get_elapsed (SparkRecorder *self);
gboolean           spark_recorder_get_limit_reached (SparkRecorder *self);
const GError      *spark_recorder_get_error (SparkRecorder *self);

/* Fails at once (FALSE, SPARK_ERROR sentence) when the source can't open;
 * later failures arrive as state FAILED. Properties "level" (0..1),
 * "elapsed" (s) and "state" notify on the caller's main context; the
 * "level-measured" (peak dB, level) signal fires ~20 times a second. */
gboolean spark_recorder_start (SparkRecorder *self,
                               GError       **error);
/* Stops (if still recording) and waits for the encoded result; also works
 * after the limit stopped it. Cancelling @cancellable cancels the recording. */
void            spark_recorder_stop_async (SparkRecorder      *self,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
SparkRecording *spark_recorder_stop_finish (SparkRecorder *self,
                                            GAsyncResult  *result,
                                            GError       **error);
void            spark_recorder_cancel (SparkRecorder *self);

/* Decodes @file (any audio format GStreamer knows) into Ogg/Opus, 16 kHz
 * mono, in memory. Unreadable or undecodable files fail with
 * SPARK_ERROR_BAD_INPUT and a sentence naming the file. */
void            spark_audio_convert_file_async (GFile              *file,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
SparkRecording *spark_audio_convert_file_finish (GAsyncResult *result,
                                                 GError      **error);

G_END_DECLS
