/* SPDX-License-Identifier: GPL-3.0-or-later */
/* spark-cli transcribe FILE as a separate process against the fake
 * service: a WAV (made by GStreamer, and a spoken one by espeak-ng) is
 * converted to Ogg/Opus, sent as a Whisper-style form, and the service's
 * text printed; a text file or a missing file exits 4 with the reason and
 * sends nothing; a service without the endpoint exits 3. */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "spark-fake-service.h"
#include "spark-test-audio.h"
#include "spark-test-util.h"

#define TIMEOUT_MS 30000
#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const char *cli_path;
static char       *dir;

typedef struct
{
  gboolean done;
  int      status;
  char    *out;
  char    *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
communicated_cb (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;
  GSubprocess *process = G_SUBPROCESS (source);

  g_subprocess_communicate_utf8_finish (process, res, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
  run->done = TRUE;
}

/* Runs spark-cli with @args while the main context (and the fake) runs. */
static void
run_cli (Run               *run,
         const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) cli_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* No keyring here. */
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_unsetenv (launcher, "SPARK_API_KEY");
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, run);
  spark_test_wait_for_flag (&run->done, TIMEOUT_MS);
  g_test_message ("exit %d, stdout «%s», stderr «%s»", run->status, run->out, run->err);
}

static SparkFakeService *
service_new (void)
{
  g_autoptr (GError) error = NULL;
  SparkFakeService *service = spark_fake_service_new (&error);

  g_assert_no_error (error);
  spark_fake_service_set_transcription (service, "What is the weather in Porto?");
  return service;
}

static char *
part_text (const SparkFakeRequest *request,
           const char             *name)
{
  const SparkFakePart *part = spark_fake_request_get_part (request, name);

  g_assert_nonnull (part);
  return g_strndup (g_bytes_get_data (part->data, NULL), g_bytes_get_size (part->data));
}

/* Half a second of tone as a WAV file, written by GStreamer itself. */
static char *
make_tone_wav (void)
{
  g_autofree char *path = g_build_filename (dir, "tone.wav", NULL);
  g_autofree char *description = g_strdup_printf ("audiotestsrc num-buffers=22 ! audio/x-raw,rate=44100,channels=2"
                                                  " ! wavenc ! filesink location=\"%s\"",
                                                  path);
  g_autoptr (GstElement) pipeline = gst_parse_launch (description, NULL);
  g_autoptr (GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr (GstMessage) message = NULL;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return g_steal_pointer (&path);
}

static void
assert_transcribed (SparkFakeService *service,
                    const char       *path,
                    const char       *model)
{
  g_auto (Run) run = { 0 };
  const SparkFakeRequest *request;
  const SparkFakePart    *file;
  g_autofree char        *sent_model = NULL;
  const char             *url = spark_fake_service_get_base_url (service);

  if (model != NULL)
    run_cli (&run, ARGS ("--base-url", url, "--model", model, "transcribe", path));
  else
    run_cli (&run, ARGS ("--base-url", url, "transcribe", path));
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "What is the weather in Porto?\n");
  g_assert_cmpstr (run.err, ==, "");

  request = spark_fake_service_get_last_request (service, "/v1/audio/transcriptions");
  g_assert_nonnull (request);
  file = spark_fake_request_get_part (request, "file");
  g_assert_nonnull (file);
  g_assert_cmpstr (file->content_type, ==, "audio/ogg");
  g_assert_cmpuint (g_bytes_get_size (file->data), >, 100);
  g_assert_cmpmem (g_bytes_get_data (file->data, NULL), 4, "OggS", 4);
  sent_model = part_text (request, "model");
  g_assert_cmpstr (sent_model, ==, model ? model : "whisper-1");
}

static void
test_tone_wav (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autofree char *wav = make_tone_wav ();

  assert_transcribed (service, wav, NULL);
  g_remove (wav);
}

static void
test_spoken_wav (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autofree char *wav = spark_test_make_speech_wav (dir, "what is the weather in Porto");

  if (wav == NULL)
    {
      g_test_skip ("espeak-ng is not installed (apt-get install espeak-ng)");
      return;
    }
  assert_transcribed (service, wav, "whisper-large-v3");
  g_remove (wav);
}

static void
test_text_file (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autofree char *path = g_build_filename (dir, "notes.wav", NULL);
  g_auto (Run) run = { 0 };

  g_assert_true (g_file_set_contents (path, "Buy milk. Call Ana about Porto.\n", -1, NULL));
  run_cli (&run, ARGS ("--base-url", spark_fake_service_get_base_url (service), "transcribe", path));
  g_assert_cmpint (run.status, ==, 4);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, "spark-cli: “"));
  g_assert_nonnull (strstr (run.err, "notes.wav” isn’t audio Spark can read"));
  g_assert_cmpuint (spark_fake_service_get_request_count (service, "/v1/audio/transcriptions"), ==, 0);
  g_remove (path);
}

static void
test_missing_file (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autofree char *path = g_build_filename (dir, "nowhere.ogg", NULL);
  g_autofree char *expected = g_strdup_printf ("spark-cli: There is no file “%s”.\n", path);
  g_auto (Run) run = { 0 };

  run_cli (&run, ARGS ("--base-url", spark_fake_service_get_base_url (service), "transcribe", path));
  g_assert_cmpint (run.status, ==, 4);
  g_assert_cmpstr (run.err, ==, expected);
  g_assert_cmpuint (spark_fake_service_get_request_count (service, "/v1/audio/transcriptions"), ==, 0);
}

static void
test_no_endpoint (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autofree char *wav = make_tone_wav ();
  g_auto (Run) run = { 0 };

  spark_fake_service_set_path_status (service, "/v1/audio/transcriptions", 404);
  run_cli (&run, ARGS ("--base-url", spark_fake_service_get_base_url (service), "transcribe", wav));
  g_assert_cmpint (run.status, ==, 3);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, "spark-cli: "));
  g_assert_nonnull (strstr (run.err, "audio/transcriptions"));
  g_remove (wav);
}

static void
test_usage (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_auto (Run) run = { 0 };

  run_cli (&run, ARGS ("--base-url", spark_fake_service_get_base_url (service), "transcribe"));
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.err, ==, "spark-cli: transcribe takes one audio file.\n");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);
  cli_path = g_getenv ("SPARK_CLI");
  g_assert_nonnull (cli_path);
  dir = g_dir_make_tmp ("spark-cli-transcribe-XXXXXX", NULL);

  g_test_add_func ("/cli/transcribe/tone-wav", test_tone_wav);
  g_test_add_func ("/cli/transcribe/spoken-wav", test_spoken_wav);
  g_test_add_func ("/cli/transcribe/text-file", test_text_file);
  g_test_add_func ("/cli/transcribe/missing-file", test_missing_file);
  g_test_add_func ("/cli/transcribe/no-endpoint", test_no_endpoint);
  g_test_add_func ("/cli/transcribe/usage", test_usage);

  ret = g_test_run ();
  g_rmdir (dir);
  g_free (dir);
  gst_deinit ();
  return ret;
}
