/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the recorder and the speech player share: GStreamer set-up, the
 * encoder part of a recording pipeline, SparkRecording, and the sentences
 * for what can go wrong with audio (no microphone, a file that isn't
 * audio). Also audio files into Ogg/Opus for spark-cli transcribe: a
 * SparkRecorder whose source is the file, run to its natural end. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>

#include "spark-error.h"
#include "spark-recorder-private.h"

/* How often the level element reports: a meter that moves smoothly. */
#define LEVEL_INTERVAL_NS (50 * GST_MSECOND)

G_DEFINE_BOXED_TYPE (SparkRecording, spark_recording, spark_recording_copy, spark_recording_free)

SparkRecording *
spark_recording_new (GBytes     *data,
                     const char *content_type,
                     double      duration)
{
  SparkRecording *recording;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (content_type != NULL, NULL);

  recording = g_new0 (SparkRecording, 1);
  recording->data = g_bytes_ref (data);
  recording->content_type = g_strdup (content_type);
  recording->duration = duration;
  return recording;
}

SparkRecording *
spark_recording_copy (const SparkRecording *recording)
{
  g_return_val_if_fail (recording != NULL, NULL);
  return spark_recording_new (recording->data, recording->content_type, recording->duration);
}

void
spark_recording_free (SparkRecording *recording)
{
  if (recording == NULL)
    return;
  g_bytes_unref (recording->data);
  g_free (recording->content_type);
  g_free (recording);
}

const char *
spark_recording_get_filename (const SparkRecording *recording)
{
  g_return_val_if_fail (recording != NULL, NULL);
  return g_str_equal (recording->content_type, "audio/wav") ? "recording.wav" : "recording.ogg";
}

gboolean
spark_audio_init (GError **error)
{
  if (gst_is_initialized ())
    return TRUE;
  if (!gst_init_check (NULL, NULL, error))
    return FALSE;
  return TRUE;
}

static gboolean
have_elements (const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr (GstElementFactory) factory = gst_element_factory_find (names[i]);

      if (factory == NULL)
        return FALSE;
    }
  return TRUE;
}

static const char *const common_elements[] = { "audioconvert", "audioresample", "level", "giostreamsink", NULL };
static const char *const opus_elements[] = { "opusenc", "oggmux", NULL };
static const char *const wav_elements[] = { "wavenc", NULL };

/* The encoder part of the pipeline, or NULL (with @error) when GStreamer
 * lacks what it needs. */
char *
spark_audio_tail_description (SparkRecorderFormat format,
                              gboolean            post_levels,
                              const char        **content_type,
                              GError            **error)
{
  const char *encoder;

  if (format == SPARK_RECORDER_FORMAT_AUTO)
    format = have_elements (opus_elements) ? SPARK_RECORDER_FORMAT_OPUS : SPARK_RECORDER_FORMAT_WAV;

  if (!have_elements (common_elements)
      || !have_elements (format == SPARK_RECORDER_FORMAT_OPUS ? opus_elements : wav_elements))
    {
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_FAILED,
                           _ ("Spark can’t record: parts of GStreamer are missing. Install the GStreamer “base” and “good” plugins."));
      return NULL;
    }

  if (format == SPARK_RECORDER_FORMAT_OPUS)
    {
      /* 32 kbit/s is plenty for speech at 16 kHz and keeps five minutes near 1 MB. */
      encoder = "opusenc bitrate=32000 audio-type=voice ! oggmux";
      *content_type = "audio/ogg";
    }
  else
    {
      encoder = "wavenc";
      *content_type = "audio/wav";
    }

  return g_strdup_printf ("audioconvert name=spark-convert ! audioresample"
                          " ! audio/x-raw,format=S16LE,rate=16000,channels=1"
                          " ! level name=spark-level interval=%" G_GUINT64_FORMAT " post-messages=%s"
                          " ! %s ! giostreamsink name=spark-sink sync=false",
                          (guint64) LEVEL_INTERVAL_NS, post_levels ? "true" : "false", encoder);
}

/* GStreamer's messages sometimes end with a full stop; ours add their own. */
static char *
without_full_stop (const char *message)
{
  char *copy = g_strstrip (g_strdup (message ? message : ""));
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '.')
    copy[--len] = '\0';
  return copy;
}

GError *
spark_audio_error_from_gst (GFile        *file,
                            const GError *gst_error)
{
  g_autofree char *said = without_full_stop (gst_error ? gst_error->message : NULL);
  gboolean         resource = gst_error != NULL && gst_error->domain == GST_RESOURCE_ERROR;

  if (file != NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      if (resource)
        return g_error_new (SPARK_ERROR, SPARK_ERROR_BAD_INPUT, _ ("Spark can’t read “%s”: %s."), name, said);
      return g_error_new (SPARK_ERROR, SPARK_ERROR_BAD_INPUT, _ ("“%s” isn’t audio Spark can read: %s."), name, said);
    }

  if (resource && gst_error->code == GST_RESOURCE_ERROR_NOT_AUTHORIZED)
    return g_error_new (SPARK_ERROR, SPARK_ERROR_FAILED,
                        _ ("Spark may not use the microphone (%s). Allow it in Settings → Privacy → Microphone, then try again."),
                        said);
  if (resource)
    return g_error_new (SPARK_ERROR, SPARK_ERROR_FAILED,
                        _ ("Spark can’t reach a microphone: %s. Check that one is connected and that Spark may use it."),
                        said);
  return g_error_new (SPARK_ERROR, SPARK_ERROR_FAILED,
                      _ ("The recording failed: %s. Try again, or choose another audio source in the “audio-source” setting."),
                      said);
}

gboolean
spark_audio_start_pipeline (GstElement *pipeline,
                            GFile      *file,
                            GError    **error)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr (GstMessage) message = NULL;
  g_autoptr (GError) gst_error = NULL;
  g_autoptr (GstElement) fake = NULL;

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      /* Opening the device happens right here, and says why it failed. */
      if ((message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR)) != NULL)
        gst_message_parse_error (message, &gst_error, NULL);
      else
        gst_error = g_error_new_literal (GST_CORE_ERROR, GST_CORE_ERROR_STATE_CHANGE, _ ("The audio pipeline didn’t start"));
      g_propagate_error (error, spark_audio_error_from_gst (file, gst_error));
      return FALSE;
    }

  /* autoaudiosrc quietly falls back to a silent test source when it finds
   * no device (warning why): a recording of nothing. Say so instead. */
  if (file == NULL && (fake = gst_bin_get_by_name (GST_BIN (pipeline), "fake-auto-audio-src")) != NULL)
    {
      if ((message = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING)) != NULL)
        gst_message_parse_warning (message, &gst_error, NULL);
      else
        gst_error = g_error_new_literal (GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND, _ ("No audio input device was found"));
      g_propagate_error (error, spark_audio_error_from_gst (NULL, gst_error));
      return FALSE;
    }
  return TRUE;
}

GError *
spark_audio_error_no_audio (GFile *file)
{
  g_autofree char *name = g_file_get_parse_name (file);

  return g_error_new (SPARK_ERROR, SPARK_ERROR_BAD_INPUT, _ ("“%s” has no sound Spark can use."), name);
}

static void
converted_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError         *error = NULL;
  SparkRecording *recording = spark_recorder_stop_finish (SPARK_RECORDER (source), res, &error);

  if (recording == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, recording, (GDestroyNotify) spark_recording_free);
}

static void
info_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GFile *file = G_FILE (source);
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkRecorder) recorder = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  GCancellable    *cancellable;

  info = g_file_query_info_finish (file, res, &error);
  if (info == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_task_return_new_error (task, SPARK_ERROR, SPARK_ERROR_BAD_INPUT, _ ("There is no file “%s”."), name);
      else
        g_task_return_new_error (task, SPARK_ERROR, SPARK_ERROR_BAD_INPUT, _ ("Spark can’t read “%s”: %s"),
                                 name, error->message);
      return;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_task_return_new_error (task, SPARK_ERROR, SPARK_ERROR_BAD_INPUT, _ ("“%s” is a folder, not an audio file."), name);
      return;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR && g_file_info_get_size (info) == 0)
    {
      g_task_return_new_error (task, SPARK_ERROR, SPARK_ERROR_BAD_INPUT, _ ("“%s” is empty."), name);
      return;
    }

  recorder = spark_recorder_new_for_file (file);
  spark_recorder_set_format (recorder, SPARK_RECORDER_FORMAT_OPUS);
  if (!spark_recorder_start (recorder, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  cancellable = g_task_get_cancellable (task);
  spark_recorder_wait_async (recorder, FALSE, cancellable, converted_cb, g_steal_pointer (&task),
                             spark_audio_convert_file_async);
}

void
spark_audio_convert_file_async (GFile              *file,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  GTask  *task;
  GError *error = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, spark_audio_convert_file_async);
  if (!spark_audio_init (&error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, cancellable, info_cb, task);
}

SparkRecording *
spark_audio_convert_file_finish (GAsyncResult *result,
                                 GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == spark_audio_convert_file_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
