/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkRecorder, the public object: its properties, the state machine
 * (recording, finishing, done, failed) and the callers waiting for the end.
 * The pipeline itself, its buffer probe and the level reading are in
 * spark-recorder-pipeline.c.
 *
 * All state changes happen on the main context of whoever calls start (the
 * bus watch); the pipeline's streaming thread only asks it to stop. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>

#include "spark-core-enums.h"
#include "spark-error.h"
#include "spark-recorder-private.h"

#define FINISH_GRACE_MS 5000 /* after Stop, how long to wait for the encoder's end */
#define LIMIT_GRACE_MS 3000  /* wall-clock slack over the limit for a source that stalls */

struct _SparkRecorder
{
  GObject parent_instance;

  char               *source;
  GFile              *input_file; /* converting a file instead of recording */
  SparkRecorderFormat format;
  guint               max_duration;

  SparkRecorderState state;
  double             level;
  double             peak_db;
  double             elapsed;
  gboolean           limit_reached;
  GError            *error;
  SparkRecording    *recording;
  GList             *waiters; /* GTasks waiting for the end */

  SparkRecorderPipeline *pipeline;
  guint                  guard_id;
};

G_DEFINE_FINAL_TYPE (SparkRecorder, spark_recorder, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SOURCE,
  PROP_FORMAT,
  PROP_MAX_DURATION,
  PROP_STATE,
  PROP_LEVEL,
  PROP_ELAPSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  LEVEL_MEASURED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_state (SparkRecorder     *self,
           SparkRecorderState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_level (SparkRecorder *self,
           double         peak_db)
{
  double level = CLAMP ((peak_db - SPARK_RECORDER_LEVEL_FLOOR_DB) / -SPARK_RECORDER_LEVEL_FLOOR_DB, 0.0, 1.0);

  self->peak_db = peak_db;
  if (level != self->level)
    {
      self->level = level;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
    }
}

static void
update_elapsed (SparkRecorder *self)
{
  double elapsed = spark_recorder_pipeline_get_seconds (self->pipeline);

  if (elapsed == self->elapsed)
    return;
  self->elapsed = elapsed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED]);
}

/* Stops the pipeline and lets go of it; the recorded bytes stay. */
static void
teardown (SparkRecorder *self)
{
  g_clear_handle_id (&self->guard_id, g_source_remove);
  spark_recorder_pipeline_stop (self->pipeline);
}

static void
complete_waiters (SparkRecorder *self)
{
  GList *waiters = g_steal_pointer (&self->waiters);

  for (GList *l = waiters; l != NULL; l = l->next)
    {
      g_autoptr (GTask) task = l->data;
      gulong handler = GPOINTER_TO_SIZE (g_task_get_task_data (task));

      /* Not g_cancellable_disconnect(): this may run inside its handler. */
      if (handler != 0)
        g_signal_handler_disconnect (g_task_get_cancellable (task), handler);
      if (self->recording != NULL)
        g_task_return_pointer (task, spark_recording_copy (self->recording), (GDestroyNotify) spark_recording_free);
      else if (self->error != NULL)
        g_task_return_error (task, g_error_copy (self->error));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("The recording was cancelled."));
    }
  g_list_free (waiters);
}

static void
fail (SparkRecorder *self,
      GError        *error)
{
  teardown (self);
  spark_recorder_pipeline_discard (self->pipeline);
  g_clear_error (&self->error);
  self->error = error;
  set_state (self, SPARK_RECORDER_FAILED);
  complete_waiters (self);
}

static void
finish_recording (SparkRecorder *self)
{
  g_autoptr (GBytes) data = NULL;
  const char *content_type;
  double      seconds;

  teardown (self);
  update_elapsed (self);
  data = spark_recorder_pipeline_steal_bytes (self->pipeline, &content_type);
  seconds = spark_recorder_pipeline_get_seconds (self->pipeline);

  /* Headers alone (the encoder writes them before any audio) are nothing. */
  if (g_bytes_get_size (data) == 0 || seconds <= 0)
    {
      fail (self, self->input_file != NULL
                    ? spark_audio_error_no_audio (self->input_file)
                    : g_error_new_literal (SPARK_ERROR, SPARK_ERROR_FAILED,
                                           _ ("Nothing was recorded: the audio source sent no sound. Check the microphone and try again.")));
      return;
    }

  self->recording = spark_recording_new (data, content_type, seconds);
  set_state (self, SPARK_RECORDER_DONE);
  complete_waiters (self);
}

static gboolean
finish_grace_cb (gpointer user_data)
{
  /* Whoever watches the state may drop their reference meanwhile. */
  g_autoptr (SparkRecorder) self = g_object_ref (user_data);

  /* The source never delivered end-of-stream: keep what was encoded. */
  self->guard_id = 0;
  g_debug ("Recorder: no end-of-stream %d ms after Stop; keeping what was encoded", FINISH_GRACE_MS);
  finish_recording (self);
  return G_SOURCE_REMOVE;
}

static void
request_stop (SparkRecorder *self)
{
  if (self->state != SPARK_RECORDER_RECORDING)
    return;

  set_state (self, SPARK_RECORDER_FINISHING);
  /* Before the first buffer the elements have no segment yet, and an
   * end-of-stream then trips them up; there is nothing to keep anyway. */
  if (spark_recorder_pipeline_get_seconds (self->pipeline) == 0)
    {
      finish_recording (self);
      return;
    }
  g_clear_handle_id (&self->guard_id, g_source_remove);
  self->guard_id = g_timeout_add (FINISH_GRACE_MS, finish_grace_cb, self);
  spark_recorder_pipeline_send_eos (self->pipeline);
}

static gboolean
limit_guard_cb (gpointer user_data)
{
  g_autoptr (SparkRecorder) self = g_object_ref (user_data);

  /* A live source that stalled never reaches the limit in audio time. */
  self->guard_id = 0;
  self->limit_reached = TRUE;
  request_stop (self);
  return G_SOURCE_REMOVE;
}

static void
handle_level (SparkRecorder      *self,
              const GstStructure *s)
{
  double peak = spark_recorder_pipeline_level_peak_db (s);

  if (self->state != SPARK_RECORDER_RECORDING)
    return;
  set_level (self, peak);
  update_elapsed (self);
  g_signal_emit (self, signals[LEVEL_MEASURED], 0, self->peak_db, self->level);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  /* Finishing completes waiters, which may drop the last other reference. */
  g_autoptr (SparkRecorder) self = g_object_ref (user_data);

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ELEMENT:
      if (gst_message_has_name (message, "level"))
        handle_level (self, gst_message_get_structure (message));
      break;

    case GST_MESSAGE_APPLICATION:
      if (gst_message_has_name (message, "spark-limit"))
        {
          self->limit_reached = TRUE;
          request_stop (self);
        }
      break;

    case GST_MESSAGE_EOS:
      if (self->state == SPARK_RECORDER_RECORDING || self->state == SPARK_RECORDER_FINISHING)
        finish_recording (self);
      break;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr (GError) gst_error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &gst_error, &debug);
        g_debug ("Recorder: %s (%s)", gst_error->message, debug ? debug : "");
        fail (self, spark_audio_error_from_gst (self->input_file, gst_error));
        return G_SOURCE_REMOVE;
      }

    case GST_MESSAGE_WARNING:
      {
        g_autoptr (GError) gst_error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_warning (message, &gst_error, &debug);
        g_debug ("Recorder warning: %s (%s)", gst_error->message, debug ? debug : "");
        break;
      }

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

gboolean
spark_recorder_start (SparkRecorder *self,
                      GError       **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (SPARK_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (self->state != SPARK_RECORDER_RECORDING && self->state != SPARK_RECORDER_FINISHING, FALSE);

  teardown (self);
  spark_recorder_pipeline_discard (self->pipeline);
  g_clear_error (&self->error);
  g_clear_pointer (&self->recording, spark_recording_free);
  self->limit_reached = FALSE;
  self->elapsed = 0;
  set_level (self, SPARK_RECORDER_LEVEL_FLOOR_DB);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED]);

  if (!spark_recorder_pipeline_start (self->pipeline, self->source, self->input_file, self->format, bus_cb, self,
                                      &local_error))
    goto failed;

  if (self->input_file == NULL && self->max_duration > 0)
    self->guard_id = g_timeout_add (self->max_duration + LIMIT_GRACE_MS, limit_guard_cb, self);
  set_state (self, SPARK_RECORDER_RECORDING);
  return TRUE;

failed:
  fail (self, g_error_copy (local_error));
  g_propagate_error (error, local_error);
  return FALSE;
}

static void
stop_cancelled_cb (SparkRecorder *self)
{
  spark_recorder_cancel (self);
}

/* Waits for the end of the recording; with @stop, asks for it first. */
void
spark_recorder_wait_async (SparkRecorder      *self,
                           gboolean            stop,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data,
                           gpointer            source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  switch (self->state)
    {
    case SPARK_RECORDER_DONE:
      g_task_return_pointer (task, spark_recording_copy (self->recording), (GDestroyNotify) spark_recording_free);
      g_object_unref (task);
      return;
    case SPARK_RECORDER_FAILED:
      g_task_return_error (task, g_error_copy (self->error));
      g_object_unref (task);
      return;
    case SPARK_RECORDER_IDLE:
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("The recording was cancelled."));
      g_object_unref (task);
      return;
    case SPARK_RECORDER_RECORDING:
    case SPARK_RECORDER_FINISHING:
    default:
      break;
    }

  self->waiters = g_list_append (self->waiters, task);
  if (cancellable != NULL)
    {
      gulong handler = g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (stop_cancelled_cb),
                                                self, G_CONNECT_SWAPPED);

      g_task_set_task_data (task, GSIZE_TO_POINTER (handler), NULL);
      if (g_cancellable_is_cancelled (cancellable))
        {
          spark_recorder_cancel (self);
          return;
        }
    }
  if (stop)
    request_stop (self);
}

void
spark_recorder_stop_async (SparkRecorder      *self,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_return_if_fail (SPARK_IS_RECORDER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  spark_recorder_wait_async (self, TRUE, cancellable, callback, user_data, spark_recorder_stop_async);
}

SparkRecording *
spark_recorder_stop_finish (SparkRecorder *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
spark_recorder_cancel (SparkRecorder *self)
{
  g_autoptr (SparkRecorder) keep = NULL;

  g_return_if_fail (SPARK_IS_RECORDER (self));

  /* Handlers of the state change may drop the caller's reference. */
  keep = g_object_ref (self);

  teardown (self);
  spark_recorder_pipeline_discard (self->pipeline);
  g_clear_pointer (&self->recording, spark_recording_free);
  g_clear_error (&self->error);
  set_state (self, SPARK_RECORDER_IDLE);
  complete_waiters (self);
}

SparkRecorder *
spark_recorder_new (const char *source)
{
  g_return_val_if_fail (source != NULL, NULL);
  return g_object_new (SPARK_TYPE_RECORDER, "source", source, NULL);
}

SparkRecorder *
spark_recorder_new_for_file (GFile *file)
{
  SparkRecorder *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (SPARK_TYPE_RECORDER, "source", "giosrc", "max-duration", 0, NULL);
  self->input_file = g_object_ref (file);
  return self;
}

const char *
spark_recorder_get_source (SparkRecorder *self)
{
  g_return_val_if_fail (SPARK_IS_RECORDER (self), NULL);
  return self->source;
}

SparkRecorderFormat
spark_recorder_get_format (SparkRecorder *self)
{
  g_return_val_if_fail (SPARK_IS_RECORDER (self), SPARK_RECORDER_FORMAT_AUTO);
  return self->format;
}

void
spark_recorder_set_format (SparkRecorder      *self,
                           SparkRecorderFormat format)
{
  g_return_if_fail (SPARK_IS_RECORDER (self));
  g_return_if_fail (format <= SPARK_RECORDER_FORMAT_WAV);

  if (self->format == format)
    return;
  self->format = format;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
}

guint
spark_recorder_get_max_duration (SparkRecorder *self)
{
  g_return_val_if_fail (SPARK_IS_RECORDER (self), 0);
  return self->max_duration;
}

/* 0 means no limit. Takes effect at the next start. */
void
spark_recorder_set_max_duration (SparkRecorder *self,
                                 guint          milliseconds)
{
  g_return_if_fail (SPARK_IS_RECORDER (self));

  if (self->max_duration == milliseconds)
    return;
  self->max_duration = milliseconds;
  spark_recorder_pipeline_set_max_duration (self->pipeline, milliseconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_DURATION]);
}

SparkRecorderState
spark_recorder_get_state (SparkRecorder *self)
{
  g_return_val_if_fail (SPARK_IS_RECORDER (self), SPARK_RECORDER_IDLE);
  return self->state;
}

/* The input level, 0 (silence, or under -60 dB) to 1 (full scale). */
double
spark_recorder_get_level (SparkRecorder *self)
{
  g_return_val_if_fail (SPARK_IS_RECORDER (self), 0);
  return self->level;
}

double
spark_recorder_get_peak_db (SparkRecorder *self)
{
  g_return_val_if_fail (SPARK_IS_RECORDER (self), SPARK_RECORDER_LEVEL_FLOOR_DB);
  return self->peak_db;
}

/* Seconds of audio recorded so far. */
double
spark_recorder_get_elapsed (SparkRecorder *self)
{
  g_return_val_if_fail (SPARK_IS_RECORDER (self), 0);
  return self->elapsed;
}

/* Whether the recording stopped by itself at the time limit. */
gboolean
spark_recorder_get_limit_reached (SparkRecorder *self)
{
  g_return_val_if_fail (SPARK_IS_RECORDER (self), FALSE);
  return self->limit_reached;
}

/* Why the state is SPARK_RECORDER_FAILED; NULL otherwise. */
const GError *
spark_recorder_get_error (SparkRecorder *self)
{
  g_return_val_if_fail (SPARK_IS_RECORDER (self), NULL);
  return self->error;
}

static void
spark_recorder_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SparkRecorder *self = SPARK_RECORDER (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;
    case PROP_MAX_DURATION:
      g_value_set_uint (value, self->max_duration);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LEVEL:
      g_value_set_double (value, self->level);
      break;
    case PROP_ELAPSED:
      g_value_set_double (value, self->elapsed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_recorder_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SparkRecorder *self = SPARK_RECORDER (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      {
        const char *source = g_value_get_string (value);

        /* An empty setting means the default, not "record from nothing". */
        g_free (self->source);
        self->source = g_strdup ((source && *source) ? source : SPARK_RECORDER_DEFAULT_SOURCE);
      }
      break;
    case PROP_FORMAT:
      spark_recorder_set_format (self, g_value_get_enum (value));
      break;
    case PROP_MAX_DURATION:
      spark_recorder_set_max_duration (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_recorder_dispose (GObject *object)
{
  SparkRecorder *self = SPARK_RECORDER (object);

  /* Waiters hold a reference, so there are none left here. */
  teardown (self);
  spark_recorder_pipeline_discard (self->pipeline);
  g_clear_object (&self->input_file);

  G_OBJECT_CLASS (spark_recorder_parent_class)->dispose (object);
}

static void
spark_recorder_finalize (GObject *object)
{
  SparkRecorder *self = SPARK_RECORDER (object);

  g_clear_pointer (&self->recording, spark_recording_free);
  g_clear_error (&self->error);
  g_free (self->source);
  spark_recorder_pipeline_free (self->pipeline);

  G_OBJECT_CLASS (spark_recorder_parent_class)->finalize (object);
}

static void
spark_recorder_class_init (SparkRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = spark_recorder_get_property;
  object_class->set_property = spark_recorder_set_property;
  object_class->dispose = spark_recorder_dispose;
  object_class->finalize = spark_recorder_finalize;

  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, SPARK_RECORDER_DEFAULT_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL, SPARK_TYPE_RECORDER_FORMAT, SPARK_RECORDER_FORMAT_AUTO,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MAX_DURATION] =
    g_param_spec_uint ("max-duration", NULL, NULL, 0, G_MAXUINT, SPARK_RECORDER_DEFAULT_MAX_DURATION,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SPARK_TYPE_RECORDER_STATE, SPARK_RECORDER_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LEVEL] =
    g_param_spec_double ("level", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ELAPSED] =
    g_param_spec_double ("elapsed", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Every level report (20 a second while recording), even when the value
   * is the same as before: (peak in dB, level 0..1). */
  signals[LEVEL_MEASURED] = g_signal_new ("level-measured", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
}

static void
spark_recorder_init (SparkRecorder *self)
{
  self->pipeline = spark_recorder_pipeline_new ();
  self->peak_db = SPARK_RECORDER_LEVEL_FLOOR_DB;
}
