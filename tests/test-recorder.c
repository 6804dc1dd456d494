/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkRecorder without a display: a live test tone becomes a well-formed
 * Ogg/Opus stream (16 kHz mono) of the length that was recorded; levels
 * arrive while recording; the time limit stops it by itself; bad sources
 * fail with a sentence a person can act on; a spoken WAV made by espeak-ng
 * goes through filesrc ! decodebin and is transcribed by the fake service,
 * which receives the multipart fields a Whisper server expects. Also the
 * file converter behind spark-cli transcribe. */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "spark-client.h"
#include "spark-error.h"
#include "spark-fake-service.h"
#include "spark-recorder.h"
#include "spark-test-audio.h"
#include "spark-test-util.h"

#define TIMEOUT_MS 20000
/* Live sources under valgrind or ASan run late: lengths get this much slack. */
#define SLACK_S 0.75

#define TONE "audiotestsrc is-live=true wave=sine freq=440 volume=0.5"

typedef struct
{
  SparkRecorder  *recorder;
  double          stop_at; /* seconds of audio after which to stop */
  gboolean        stop_requested;
  gboolean        done;
  SparkRecording *recording;
  GError         *error;
  guint           level_updates;
  double          max_level;
} Take;

static void
take_clear (Take *take)
{
  g_clear_object (&take->recorder);
  g_clear_pointer (&take->recording, spark_recording_free);
  g_clear_error (&take->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Take, take_clear)

static void
stopped_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  Take *take = user_data;

  take->recording = spark_recorder_stop_finish (SPARK_RECORDER (source), res, &take->error);
  take->done = TRUE;
}

static void
level_cb (SparkRecorder *recorder,
          double         peak_db,
          double         level,
          Take          *take)
{
  take->level_updates++;
  take->max_level = MAX (take->max_level, level);
  g_assert_cmpfloat (level, ==, spark_recorder_get_level (recorder));
}

/* Stops once the recorder says enough audio went through: driven by the
 * recorder's own clock, not by sleeping. */
static void
elapsed_cb (SparkRecorder *recorder,
            GParamSpec    *pspec,
            Take          *take)
{
  if (take->stop_at > 0 && !take->stop_requested && spark_recorder_get_elapsed (recorder) >= take->stop_at)
    {
      take->stop_requested = TRUE;
      spark_recorder_stop_async (recorder, NULL, stopped_cb, take);
    }
}

static gboolean
recorder_finished (gpointer data)
{
  Take *take = data;
  return take->done;
}

static gboolean
recorder_done (gpointer recorder)
{
  return spark_recorder_get_state (recorder) == SPARK_RECORDER_DONE;
}

static gboolean
have_element (const char *name)
{
  g_autoptr (GstElementFactory) factory = gst_element_factory_find (name);
  return factory != NULL;
}

static void
take_start_format (Take               *take,
                   const char         *source,
                   double              stop_at,
                   SparkRecorderFormat format)
{
  g_autoptr (GError) error = NULL;

  take->recorder = spark_recorder_new (source);
  spark_recorder_set_format (take->recorder, format);
  take->stop_at = stop_at;
  g_signal_connect (take->recorder, "level-measured", G_CALLBACK (level_cb), take);
  g_signal_connect (take->recorder, "notify::elapsed", G_CALLBACK (elapsed_cb), take);
  g_assert_true (spark_recorder_start (take->recorder, &error));
  g_assert_no_error (error);
  g_assert_cmpint (spark_recorder_get_state (take->recorder), ==, SPARK_RECORDER_RECORDING);
}

static void
take_start (Take       *take,
            const char *source,
            double      stop_at)
{
  take_start_format (take, source, stop_at, SPARK_RECORDER_FORMAT_AUTO);
}

static void
take_wait (Take *take)
{
  g_assert_true (spark_test_wait_until (recorder_finished, take, TIMEOUT_MS));
}

static void
test_opus_tone (void)
{
  g_auto (Take) take = { 0 };
  SparkTestOggOpus ogg;

  take_start (&take, TONE, 1.5);
  take_wait (&take);
  g_assert_no_error (take.error);
  g_assert_nonnull (take.recording);
  g_assert_cmpint (spark_recorder_get_state (take.recorder), ==, SPARK_RECORDER_DONE);
  g_assert_cmpstr (take.recording->content_type, ==, "audio/ogg");
  g_assert_cmpstr (spark_recording_get_filename (take.recording), ==, "recording.ogg");

  g_assert_true (spark_test_parse_ogg_opus (take.recording->data, &ogg));
  g_assert_cmpuint (ogg.channels, ==, 1);
  g_assert_cmpuint (ogg.input_rate, ==, 16000);
  g_assert_true (ogg.last_is_eos);
  g_assert_cmpuint (ogg.n_pages, >=, 3);
  g_test_message ("stopped at %.3f s; Ogg says %.3f s, recorder %.3f s, %" G_GSIZE_FORMAT " bytes",
                  take.stop_at, ogg.duration, take.recording->duration, g_bytes_get_size (take.recording->data));

  /* What the file holds is what the recorder reports, and about what was asked. */
  g_assert_cmpfloat_with_epsilon (ogg.duration, take.recording->duration, 0.03);
  g_assert_cmpfloat (ogg.duration, >=, 1.5 - 0.03);
  g_assert_cmpfloat (ogg.duration, <=, 1.5 + SLACK_S);
  /* The tone was heard. */
  g_assert_cmpuint (take.level_updates, >=, 5);
  g_assert_cmpfloat (take.max_level, >, 0.8);
}

static void
test_silence_is_low (void)
{
  g_auto (Take) take = { 0 };

  take_start (&take, "audiotestsrc is-live=true wave=silence", 0.5);
  take_wait (&take);
  g_assert_no_error (take.error);
  g_assert_cmpfloat (take.max_level, <, 0.05);
  g_assert_cmpfloat (spark_recorder_get_peak_db (take.recorder), <=, -59.0);
}

static void
test_wav (void)
{
  g_auto (Take) take = { 0 };
  SparkTestWav wav;
  gsize        size;

  take_start_format (&take, TONE, 1.0, SPARK_RECORDER_FORMAT_WAV);
  take_wait (&take);
  g_assert_no_error (take.error);
  g_assert_cmpstr (take.recording->content_type, ==, "audio/wav");
  g_assert_cmpstr (spark_recording_get_filename (take.recording), ==, "recording.wav");

  /* wavenc went back and wrote the real sizes into the header (a LIST
   * chunk may follow the samples). */
  g_assert_true (spark_test_parse_wav (take.recording->data, &wav));
  g_bytes_get_data (take.recording->data, &size);
  g_assert_cmpuint (wav.channels, ==, 1);
  g_assert_cmpuint (wav.rate, ==, 16000);
  g_assert_cmpuint (wav.bits, ==, 16);
  g_assert_cmpuint (wav.riff_size, ==, size - 8);
  g_assert_cmpuint (wav.data_size, >, 0);
  g_assert_cmpuint (wav.data_offset + wav.data_size, <=, size);
  g_assert_cmpfloat_with_epsilon (wav.duration, take.recording->duration, 0.03);
  g_assert_cmpfloat (wav.duration, >=, 1.0 - 0.03);
  g_assert_cmpfloat (wav.duration, <=, 1.0 + SLACK_S);
}

static void
test_limit (void)
{
  g_auto (Take) take = { 0 };
  SparkTestOggOpus ogg;

  take.recorder = spark_recorder_new (TONE);
  spark_recorder_set_max_duration (take.recorder, 1000);
  g_assert_true (spark_recorder_start (take.recorder, NULL));

  /* Nobody presses Stop: it ends by itself at the limit, and the result
   * is still there for whoever asks afterwards. */
  g_assert_true (spark_test_wait_until (recorder_done, take.recorder, TIMEOUT_MS));
  g_assert_true (spark_recorder_get_limit_reached (take.recorder));
  spark_recorder_stop_async (take.recorder, NULL, stopped_cb, &take);
  take_wait (&take);
  g_assert_no_error (take.error);

  g_assert_true (spark_test_parse_ogg_opus (take.recording->data, &ogg));
  g_test_message ("limit 1 s: Ogg says %.3f s", ogg.duration);
  g_assert_cmpfloat (ogg.duration, >=, 0.9);
  g_assert_cmpfloat (ogg.duration, <=, 1.0 + 0.03);
  g_assert_cmpfloat (spark_recorder_get_elapsed (take.recorder), <=, 1.0 + 0.03);
}

static void
test_bogus_source (void)
{
  g_autoptr (SparkRecorder) recorder = spark_recorder_new ("sparkbogussrc device=mic");
  g_autoptr (GError) error = NULL;

  g_assert_false (spark_recorder_start (recorder, &error));
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "sparkbogussrc"));
  g_assert_nonnull (strstr (error->message, "audio-source"));
  g_assert_cmpint (spark_recorder_get_state (recorder), ==, SPARK_RECORDER_FAILED);
  g_assert_error (spark_recorder_get_error (recorder), SPARK_ERROR, SPARK_ERROR_FAILED);
}

static void
test_no_sound_server (void)
{
  g_autoptr (SparkRecorder) recorder = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *socket = NULL;
  g_autofree char *source = NULL;

  if (!have_element ("pulsesrc"))
    {
      g_test_skip ("pulsesrc is not installed");
      return;
    }
  /* A sound server that isn't there: what a person without PulseAudio or
   * PipeWire gets. */
  socket = g_build_filename (g_get_tmp_dir (), "spark-no-such-pulse-socket", NULL);
  source = g_strdup_printf ("pulsesrc server=unix:%s", socket);
  recorder = spark_recorder_new (source);
  g_assert_false (spark_recorder_start (recorder, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "Spark can’t reach a microphone: "));
  g_assert_nonnull (strstr (error->message, "Check that one is connected and that Spark may use it."));
}

static gboolean
has_audio (gpointer recorder)
{
  return spark_recorder_get_elapsed (recorder) > 0.2;
}

/* Stop before any sound came: nothing to transcribe, and it says so. */
static void
test_stop_at_once (void)
{
  g_auto (Take) take = { 0 };

  /* A source that delivers nothing (a valve that drops it all). */
  take_start (&take, "audiotestsrc is-live=true ! valve drop=true", 0);
  spark_recorder_stop_async (take.recorder, NULL, stopped_cb, &take);
  take_wait (&take);
  g_assert_error (take.error, SPARK_ERROR, SPARK_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (take.error->message, "Nothing was recorded"));
  g_assert_cmpint (spark_recorder_get_state (take.recorder), ==, SPARK_RECORDER_FAILED);
}

static void
test_cancel (void)
{
  g_auto (Take) take = { 0 };

  take_start (&take, TONE, 0);
  g_assert_true (spark_test_wait_until (has_audio, take.recorder, TIMEOUT_MS));
  spark_recorder_stop_async (take.recorder, NULL, stopped_cb, &take);
  g_assert_cmpint (spark_recorder_get_state (take.recorder), ==, SPARK_RECORDER_FINISHING);
  spark_recorder_cancel (take.recorder);
  take_wait (&take);
  g_assert_error (take.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (take.recording);
  g_assert_cmpint (spark_recorder_get_state (take.recorder), ==, SPARK_RECORDER_IDLE);
}

typedef struct
{
  gboolean done;
  char    *text;
  GError  *error;
} Transcription;

static void
transcribed_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  Transcription *t = user_data;

  t->text = spark_client_transcribe_finish (SPARK_CLIENT (source), res, &t->error);
  t->done = TRUE;
}

static GBytes *
read_file_bytes (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
remove_dir (char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
  g_free (dir);
}

typedef char char_dir;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (char_dir, remove_dir)

static void
test_spoken_transcribed (void)
{
  g_autoptr (char_dir) dir = g_dir_make_tmp ("spark-voice-XXXXXX", NULL);
  g_autofree char *wav_path = spark_test_make_speech_wav (dir, "what is the weather in Porto");
  g_autofree char *source = NULL;
  g_autoptr (GBytes) wav_bytes = NULL;
  g_autoptr (SparkFakeService) service = NULL;
  g_autoptr (SparkClient) client = NULL;
  g_autoptr (SparkProvider) provider = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (Take) take = { 0 };
  Transcription           t = { 0 };
  SparkTestWav            wav;
  SparkTestOggOpus        ogg;
  const SparkFakeRequest *request;
  const SparkFakePart    *file, *model, *format;

  if (wav_path == NULL)
    {
      g_test_skip ("espeak-ng is not installed (apt-get install espeak-ng)");
      return;
    }
  wav_bytes = read_file_bytes (wav_path);
  g_assert_true (spark_test_parse_wav (wav_bytes, &wav));
  g_test_message ("espeak-ng: %u Hz, %u channel(s), %.3f s", wav.rate, wav.channels, wav.duration);

  /* A file is not live: it runs to its end by itself, faster than real time. */
  source = g_strdup_printf ("filesrc location=\"%s\" ! decodebin", wav_path);
  take_start (&take, source, 0);
  g_assert_true (spark_test_wait_until (recorder_done, take.recorder, TIMEOUT_MS));
  spark_recorder_stop_async (take.recorder, NULL, stopped_cb, &take);
  take_wait (&take);
  g_assert_no_error (take.error);
  g_assert_true (spark_test_parse_ogg_opus (take.recording->data, &ogg));
  g_assert_cmpuint (ogg.input_rate, ==, 16000);
  g_assert_cmpuint (ogg.channels, ==, 1);
  g_assert_cmpfloat_with_epsilon (ogg.duration, wav.duration, 0.05);
  g_assert_cmpfloat (take.max_level, >, 0.5); /* somebody spoke */

  service = spark_fake_service_new (&error);
  g_assert_no_error (error);
  spark_fake_service_set_transcription (service, "What is the weather in Porto?");
  client = spark_client_new ();
  provider = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_CUSTOM);
  spark_provider_set_name (provider, "Whisper");
  spark_provider_set_base_url (provider, spark_fake_service_get_base_url (service));
  spark_provider_set_transcription_model (provider, "whisper-large-v3");

  spark_client_transcribe_async (client, provider, NULL, take.recording->data,
                                 spark_recording_get_filename (take.recording),
                                 take.recording->content_type, NULL, transcribed_cb, &t);
  spark_test_wait_for_flag (&t.done, TIMEOUT_MS);
  g_assert_no_error (t.error);
  g_assert_cmpstr (t.text, ==, "What is the weather in Porto?");
  g_free (t.text);

  /* What went over the wire: a Whisper-style multipart form. */
  request = spark_fake_service_get_last_request (service, "/v1/audio/transcriptions");
  g_assert_nonnull (request);
  g_assert_true (g_str_has_prefix (request->content_type, "multipart/form-data"));
  file = spark_fake_request_get_part (request, "file");
  model = spark_fake_request_get_part (request, "model");
  format = spark_fake_request_get_part (request, "response_format");
  g_assert_nonnull (file);
  g_assert_nonnull (model);
  g_assert_cmpstr (file->content_type, ==, "audio/ogg");
  g_assert_cmpstr (file->filename, ==, "recording.ogg");
  g_assert_true (g_bytes_equal (file->data, take.recording->data));
  g_assert_cmpmem (g_bytes_get_data (file->data, NULL), 4, "OggS", 4);
  g_assert_cmpmem (g_bytes_get_data (model->data, NULL), g_bytes_get_size (model->data), "whisper-large-v3", 16);
  g_assert_nonnull (format);
  g_assert_cmpmem (g_bytes_get_data (format->data, NULL), g_bytes_get_size (format->data), "json", 4);
}

typedef struct
{
  gboolean        done;
  SparkRecording *recording;
  GError         *error;
} Conversion;

static void
converted_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  Conversion *c = user_data;

  c->recording = spark_audio_convert_file_finish (res, &c->error);
  c->done = TRUE;
}

static void
convert (const char *path,
         Conversion *c)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);

  spark_audio_convert_file_async (file, NULL, converted_cb, c);
  spark_test_wait_for_flag (&c->done, TIMEOUT_MS);
}

static void
test_convert_file (void)
{
  g_autoptr (char_dir) dir = g_dir_make_tmp ("spark-voice-XXXXXX", NULL);
  g_autofree char *wav_path = spark_test_make_speech_wav (dir, "what is the weather in Porto");
  g_autoptr (GBytes) wav_bytes = NULL;
  Conversion       c = { 0 };
  SparkTestWav     wav;
  SparkTestOggOpus ogg;

  if (wav_path == NULL)
    {
      g_test_skip ("espeak-ng is not installed (apt-get install espeak-ng)");
      return;
    }
  wav_bytes = read_file_bytes (wav_path);
  g_assert_true (spark_test_parse_wav (wav_bytes, &wav));

  convert (wav_path, &c);
  g_assert_no_error (c.error);
  g_assert_cmpstr (c.recording->content_type, ==, "audio/ogg");
  g_assert_true (spark_test_parse_ogg_opus (c.recording->data, &ogg));
  g_assert_cmpuint (ogg.channels, ==, 1);
  g_assert_cmpuint (ogg.input_rate, ==, 16000);
  g_assert_true (ogg.last_is_eos);
  g_assert_cmpfloat_with_epsilon (ogg.duration, wav.duration, 0.05);
  g_assert_cmpfloat_with_epsilon (c.recording->duration, wav.duration, 0.05);
  spark_recording_free (c.recording);
}

/* Each bad file fails with SPARK_ERROR_BAD_INPUT, naming the file and why. */
static void
test_convert_bad_files (void)
{
  g_autoptr (char_dir) dir = g_dir_make_tmp ("spark-voice-XXXXXX", NULL);
  g_autofree char  *text = g_build_filename (dir, "notes.ogg", NULL);
  g_autofree char  *empty = g_build_filename (dir, "empty.wav", NULL);
  g_autofree char  *missing = g_build_filename (dir, "missing.wav", NULL);
  g_autofree char  *truncated = g_build_filename (dir, "truncated.ogg", NULL);
  static const char ogg_start[] = "OggS\0\2\0\0\0\0\0\0\0\0";
  struct
  {
    const char *path;
    const char *reason;
  } cases[] = {
    { text, "isn’t audio Spark can read" },
    { empty, "is empty" },
    { missing, "There is no file" },
    { dir, "is a folder" },
    { truncated, "isn’t audio Spark can read" },
  };

  g_assert_true (g_file_set_contents (text, "Buy milk.\nCall Ana about Porto.\n", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (truncated, ogg_start, sizeof ogg_start - 1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Conversion c = { 0 };

      convert (cases[i].path, &c);
      g_assert_null (c.recording);
      g_assert_error (c.error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT);
      g_test_message ("%s", c.error->message);
      g_assert_nonnull (strstr (c.error->message, cases[i].path));
      if (strstr (c.error->message, cases[i].reason) == NULL)
        g_error ("“%s” not in “%s”", cases[i].reason, c.error->message);
      g_clear_error (&c.error);
    }
  g_remove (text);
  g_remove (empty);
  g_remove (truncated);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);

  g_test_add_func ("/recorder/opus-tone", test_opus_tone);
  g_test_add_func ("/recorder/silence", test_silence_is_low);
  g_test_add_func ("/recorder/wav", test_wav);
  g_test_add_func ("/recorder/limit", test_limit);
  g_test_add_func ("/recorder/bogus-source", test_bogus_source);
  g_test_add_func ("/recorder/no-sound-server", test_no_sound_server);
  g_test_add_func ("/recorder/stop-at-once", test_stop_at_once);
  g_test_add_func ("/recorder/cancel", test_cancel);
  g_test_add_func ("/recorder/spoken-transcribed", test_spoken_transcribed);
  g_test_add_func ("/audio/convert-file", test_convert_file);
  g_test_add_func ("/audio/convert-bad-files", test_convert_bad_files);

  ret = g_test_run ();
  gst_deinit ();
  return ret;
}
