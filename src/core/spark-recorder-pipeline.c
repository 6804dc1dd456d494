/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The GStreamer side of SparkRecorder: SOURCE ! audioconvert ! audioresample
 * ! 16 kHz mono ! level ! opusenc ! oggmux (or wavenc) ! giostreamsink into
 * memory, and the level meter's reading.
 *
 * giostreamsink rather than appsink: wavenc seeks back at the end to write
 * the real sizes into its header, and a seekable GMemoryOutputStream lets it.
 *
 * The streaming thread only touches the fields under `lock`: a buffer probe
 * measures the audio that passed and drops what comes after the time limit,
 * then posts a "spark-limit" message for the bus watch. Everything else
 * runs on the main context of whoever starts the recording. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "spark-error.h"
#include "spark-recorder-private.h"

struct _SparkRecorderPipeline
{
  GstElement    *pipeline;
  GstPad        *eos_pad; /* where Stop injects end-of-stream */
  GOutputStream *output;
  const char    *content_type;
  guint          bus_watch;

  GMutex       lock;
  guint        max_duration;
  GstClockTime first_pts;
  GstClockTime end_pts;
  gboolean     past_limit;
};

SparkRecorderPipeline *
spark_recorder_pipeline_new (void)
{
  SparkRecorderPipeline *self = g_new0 (SparkRecorderPipeline, 1);

  g_mutex_init (&self->lock);
  self->first_pts = GST_CLOCK_TIME_NONE;
  self->end_pts = GST_CLOCK_TIME_NONE;

  return self;
}

void
spark_recorder_pipeline_free (SparkRecorderPipeline *self)
{
  if (self == NULL)
    return;

  spark_recorder_pipeline_stop (self);
  spark_recorder_pipeline_discard (self);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
spark_recorder_pipeline_set_max_duration (SparkRecorderPipeline *self,
                                          guint                  milliseconds)
{
  g_mutex_lock (&self->lock);
  self->max_duration = milliseconds;
  g_mutex_unlock (&self->lock);
}

double
spark_recorder_pipeline_get_seconds (SparkRecorderPipeline *self)
{
  double seconds = 0;

  g_mutex_lock (&self->lock);
  if (GST_CLOCK_TIME_IS_VALID (self->first_pts) && GST_CLOCK_TIME_IS_VALID (self->end_pts))
    seconds = (double) (self->end_pts - self->first_pts) / GST_SECOND;
  g_mutex_unlock (&self->lock);
  return seconds;
}

void
spark_recorder_pipeline_stop (SparkRecorderPipeline *self)
{
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  if (self->bus_watch != 0)
    {
      g_source_remove (self->bus_watch);
      self->bus_watch = 0;
    }
  g_clear_pointer (&self->eos_pad, gst_object_unref);
  g_clear_pointer (&self->pipeline, gst_object_unref);
}

void
spark_recorder_pipeline_discard (SparkRecorderPipeline *self)
{
  g_clear_object (&self->output);
}

GBytes *
spark_recorder_pipeline_steal_bytes (SparkRecorderPipeline *self,
                                     const char           **content_type)
{
  GBytes *data;

  g_output_stream_close (self->output, NULL, NULL);
  data = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (self->output));
  g_clear_object (&self->output);
  *content_type = self->content_type;
  return data;
}

void
spark_recorder_pipeline_send_eos (SparkRecorderPipeline *self)
{
  /* Into the first element of our part, not the source: a decodebin or a
   * pulling source may not pass end-of-stream on from the top. */
  if (self->eos_pad != NULL)
    gst_pad_send_event (self->eos_pad, gst_event_new_eos ());
}

double
spark_recorder_pipeline_level_peak_db (const GstStructure *s)
{
  const GValue *value = gst_structure_get_value (s, "decay");
  double        peak = SPARK_RECORDER_LEVEL_FLOOR_DB;

  /* One value per channel, in a GValueArray (deprecated, but it is what
   * the level element posts). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (value != NULL && G_VALUE_HOLDS_BOXED (value))
    {
      GValueArray *channels = g_value_get_boxed (value);

      if (channels != NULL && channels->n_values > 0 && G_VALUE_HOLDS_DOUBLE (&channels->values[0]))
        peak = g_value_get_double (&channels->values[0]);
    }
  G_GNUC_END_IGNORE_DEPRECATIONS

  return isfinite (peak) ? peak : SPARK_RECORDER_LEVEL_FLOOR_DB;
}

static GstPadProbeReturn
buffer_probe_cb (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  SparkRecorderPipeline *self = user_data;
  GstBuffer             *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstClockTime           pts = GST_BUFFER_PTS (buffer);
  GstClockTime           end;
  GstClockTime           first;
  gboolean               drop = FALSE;
  gboolean               tell = FALSE;

  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return GST_PAD_PROBE_OK;
  end = pts + (GST_BUFFER_DURATION_IS_VALID (buffer) ? GST_BUFFER_DURATION (buffer) : 0);

  g_mutex_lock (&self->lock);
  if (!GST_CLOCK_TIME_IS_VALID (self->first_pts))
    self->first_pts = pts;
  if (self->max_duration > 0 && end - self->first_pts > self->max_duration * GST_MSECOND)
    {
      drop = TRUE;
      tell = !self->past_limit;
      self->past_limit = TRUE;
    }
  else
    self->end_pts = MAX (self->end_pts == GST_CLOCK_TIME_NONE ? 0 : self->end_pts, end);
  first = self->first_pts;
  g_mutex_unlock (&self->lock);

  /* The encoded stream starts at 0 whenever the source's first buffer
   * came (a live source starts late when the machine is busy): otherwise
   * the encoder counts that delay into the Ogg granule positions. */
  if (!drop && first > 0)
    {
      buffer = gst_buffer_make_writable (buffer);
      GST_BUFFER_PTS (buffer) = pts - MIN (pts, first);
      GST_BUFFER_DTS (buffer) = GST_CLOCK_TIME_NONE;
      GST_PAD_PROBE_INFO_DATA (info) = buffer;
    }

  if (tell)
    {
      GstObject *element = GST_OBJECT_PARENT (pad);

      gst_element_post_message (GST_ELEMENT (element),
                                gst_message_new_application (element, gst_structure_new_empty ("spark-limit")));
    }
  return drop ? GST_PAD_PROBE_DROP : GST_PAD_PROBE_OK;
}

/* Builds the pipeline: @self->pipeline, eos_pad, output and the probe. */
static gboolean
build_pipeline (SparkRecorderPipeline *self,
                const char            *source,
                GFile                 *input_file,
                SparkRecorderFormat    format,
                GError               **error)
{
  g_autoptr (GError) parse_error = NULL;
  g_autofree char *tail = NULL;
  g_autofree char *description = NULL;
  g_autoptr (GstElement) convert = NULL;
  g_autoptr (GstElement) level = NULL;
  g_autoptr (GstElement) sink = NULL;
  g_autoptr (GstPad) level_src = NULL;
  const char *head = input_file ? "giosrc name=spark-input ! decodebin" : source;

  tail = spark_audio_tail_description (format, input_file == NULL, &self->content_type, error);
  if (tail == NULL)
    return FALSE;

  description = g_strdup_printf ("%s ! %s", head, tail);
  self->pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &parse_error);
  if (self->pipeline == NULL)
    {
      g_set_error (error, SPARK_ERROR, SPARK_ERROR_FAILED,
                   _ ("Spark can’t use the audio source “%s”: %s. Check the “audio-source” setting."),
                   source, parse_error ? parse_error->message : "?");
      return FALSE;
    }
  gst_object_ref_sink (self->pipeline);

  if (input_file != NULL)
    {
      g_autoptr (GstElement) input = gst_bin_get_by_name (GST_BIN (self->pipeline), "spark-input");
      g_object_set (input, "file", input_file, NULL);
    }

  convert = gst_bin_get_by_name (GST_BIN (self->pipeline), "spark-convert");
  level = gst_bin_get_by_name (GST_BIN (self->pipeline), "spark-level");
  sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "spark-sink");
  g_assert (convert != NULL && level != NULL && sink != NULL);

  self->eos_pad = gst_element_get_static_pad (convert, "sink");
  self->output = g_memory_output_stream_new_resizable ();
  g_object_set (sink, "stream", self->output, NULL);

  level_src = gst_element_get_static_pad (level, "src");
  gst_pad_add_probe (level_src, GST_PAD_PROBE_TYPE_BUFFER, buffer_probe_cb, self, NULL);
  return TRUE;
}

gboolean
spark_recorder_pipeline_start (SparkRecorderPipeline *self,
                               const char            *source,
                               GFile                 *input_file,
                               SparkRecorderFormat    format,
                               GstBusFunc             bus_func,
                               gpointer               user_data,
                               GError               **error)
{
  g_autoptr (GstBus) bus = NULL;

  g_assert (self->pipeline == NULL && self->output == NULL);

  g_mutex_lock (&self->lock);
  self->first_pts = GST_CLOCK_TIME_NONE;
  self->end_pts = GST_CLOCK_TIME_NONE;
  self->past_limit = FALSE;
  g_mutex_unlock (&self->lock);

  if (!spark_audio_init (error) || !build_pipeline (self, source, input_file, format, error)
      || !spark_audio_start_pipeline (self->pipeline, input_file, error))
    return FALSE;

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_func, user_data);
  return TRUE;
}
