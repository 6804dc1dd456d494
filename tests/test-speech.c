/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Read aloud without a display: the client's POST /audio/speech, and
 * SparkSpeechPlayer playing real Ogg/Opus through a fakesink in real time,
 * stopping, one reading replacing another, a service without the endpoint
 * (404: the player stops offering it) and audio it can't decode. */
#include "config.h"

#include <gst/gst.h>

#include "spark-client.h"
#include "spark-error.h"
#include "spark-fake-service.h"
#include "spark-recorder.h"
#include "spark-speech-player.h"
#include "spark-test-util.h"

#define TIMEOUT_MS 20000
#define SINK "fakesink sync=true"

typedef struct
{
  SparkFakeService  *service;
  SparkContext      *context;
  SparkProvider     *provider;
  SparkSpeechPlayer *player;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  SparkProviderList *providers;

  f->service = spark_fake_service_new (&error);
  g_assert_no_error (error);
  f->context = spark_context_new (settings);
  providers = spark_context_get_providers (f->context);
  f->provider = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_LLAMACPP);
  spark_provider_set_name (f->provider, "Test Service");
  spark_provider_set_base_url (f->provider, spark_fake_service_get_base_url (f->service));
  spark_provider_list_add (providers, f->provider);
  spark_provider_list_set_active (providers, f->provider);
  f->player = spark_speech_player_new (f->context);
  spark_speech_player_set_sink (f->player, SINK);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  g_clear_object (&f->player);
  g_clear_object (&f->provider);
  g_clear_object (&f->context);
  g_clear_object (&f->service);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GBytes  *audio;
  char    *content_type;
  GError  *error;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->audio, g_bytes_unref);
  g_free (r->content_type);
  g_clear_error (&r->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
speech_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  Result *r = user_data;

  r->audio = spark_client_speech_finish (SPARK_CLIENT (source), res, &r->content_type, &r->error);
  r->done = TRUE;
}

static void
read_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  Result *r = user_data;

  r->ok = spark_speech_player_read_finish (SPARK_SPEECH_PLAYER (source), res, &r->error);
  r->done = TRUE;
}

static void
play_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  Result *r = user_data;

  r->ok = spark_speech_player_play_finish (SPARK_SPEECH_PLAYER (source), res, &r->error);
  r->done = TRUE;
}

static void
recorded_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  SparkRecording **out = user_data;

  *out = spark_recorder_stop_finish (SPARK_RECORDER (source), res, NULL);
  g_assert_nonnull (*out);
}

static gboolean
recording_ready (gpointer data)
{
  return *(SparkRecording **) data != NULL;
}

static gboolean
limit_done (gpointer recorder)
{
  return spark_recorder_get_state (recorder) == SPARK_RECORDER_DONE;
}

/* One second of tone, as real Ogg/Opus to play back. */
static SparkRecording *
record_second (void)
{
  g_autoptr (SparkRecorder) recorder = spark_recorder_new ("audiotestsrc is-live=true volume=0.3");
  SparkRecording *recording = NULL;

  spark_recorder_set_max_duration (recorder, 1000);
  g_assert_true (spark_recorder_start (recorder, NULL));
  g_assert_true (spark_test_wait_until (limit_done, recorder, TIMEOUT_MS));
  spark_recorder_stop_async (recorder, NULL, recorded_cb, &recording);
  g_assert_true (spark_test_wait_until (recording_ready, &recording, TIMEOUT_MS));
  return recording;
}

static void
test_client_speech (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (SparkClient) client = spark_client_new ();
  g_auto (Result) r = { 0 };
  const SparkFakeRequest *request;
  JsonObject             *body;

  spark_client_speech_async (client, f->provider, NULL, "The tram leaves at nine.", NULL, NULL, NULL, speech_cb, &r);
  spark_test_wait_for_flag (&r.done, TIMEOUT_MS);
  g_assert_no_error (r.error);
  g_assert_cmpstr (r.content_type, ==, "audio/ogg");
  g_assert_cmpmem (g_bytes_get_data (r.audio, NULL), 4, "OggS", 4);

  request = spark_fake_service_get_last_request (f->service, "/v1/audio/speech");
  g_assert_nonnull (request);
  body = spark_fake_request_get_object (request);
  g_assert_cmpstr (json_object_get_string_member (body, "input"), ==, "The tram leaves at nine.");
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "tts-1");
  g_assert_cmpstr (json_object_get_string_member (body, "voice"), ==, "alloy");
}

static void
test_client_speech_missing (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr (SparkClient) client = spark_client_new ();
  g_auto (Result) r = { 0 };

  spark_fake_service_set_path_status (f->service, "/v1/audio/speech", 404);
  spark_client_speech_async (client, f->provider, NULL, "Hello", NULL, NULL, NULL, speech_cb, &r);
  spark_test_wait_for_flag (&r.done, TIMEOUT_MS);
  g_assert_error (r.error, SPARK_ERROR, SPARK_ERROR_NOT_FOUND);
  g_assert_null (r.audio);
}

static void
test_play (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (SparkRecording) recording = record_second ();
  g_autoptr (GObject) item = g_object_new (G_TYPE_OBJECT, NULL);
  g_auto (Result) r = { 0 };
  gint64 start = g_get_monotonic_time ();
  double seconds;

  spark_speech_player_play_async (f->player, recording->data, item, NULL, play_cb, &r);
  g_assert_cmpint (spark_speech_player_get_state (f->player), ==, SPARK_SPEECH_PLAYING);
  g_assert_true (spark_speech_player_get_item (f->player) == item);
  spark_test_wait_for_flag (&r.done, TIMEOUT_MS);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  /* It played in real time, to the end. */
  g_test_message ("played %.3f s of audio in %.3f s", recording->duration, seconds);
  g_assert_cmpfloat (seconds, >=, recording->duration - 0.1);
  g_assert_cmpint (spark_speech_player_get_state (f->player), ==, SPARK_SPEECH_IDLE);
  g_assert_null (spark_speech_player_get_item (f->player));
}

static gboolean
stop_when_playing (gpointer data)
{
  SparkSpeechPlayer *player = data;

  spark_speech_player_stop (player);
  return G_SOURCE_REMOVE;
}

static void
test_stop (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (SparkRecording) recording = record_second ();
  g_auto (Result) r = { 0 };
  gint64 start = g_get_monotonic_time ();

  spark_speech_player_play_async (f->player, recording->data, NULL, NULL, play_cb, &r);
  g_idle_add (stop_when_playing, f->player);
  spark_test_wait_for_flag (&r.done, TIMEOUT_MS);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (r.ok);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);
  g_assert_cmpint (spark_speech_player_get_state (f->player), ==, SPARK_SPEECH_IDLE);
}

static void
test_replace (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (SparkRecording) recording = record_second ();
  g_autoptr (GObject) first = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr (GObject) second = g_object_new (G_TYPE_OBJECT, NULL);
  g_auto (Result) a = { 0 };
  g_auto (Result) b = { 0 };

  spark_speech_player_play_async (f->player, recording->data, first, NULL, play_cb, &a);
  spark_speech_player_play_async (f->player, recording->data, second, NULL, play_cb, &b);
  g_assert_true (spark_speech_player_get_item (f->player) == second);
  spark_test_wait_for_flag (&a.done, TIMEOUT_MS);
  g_assert_error (a.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  spark_test_wait_for_flag (&b.done, TIMEOUT_MS);
  g_assert_no_error (b.error);
  g_assert_true (b.ok);
}

static void
test_read_missing_endpoint (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr (SparkProvider) ollama = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OLLAMA);
  g_auto (Result) r = { 0 };

  g_assert_cmpint (spark_speech_player_get_available (f->player, ollama), ==, SPARK_CAPABILITY_NO);
  g_assert_cmpint (spark_speech_player_get_available (f->player, f->provider), ==, SPARK_CAPABILITY_UNKNOWN);

  spark_fake_service_set_path_status (f->service, "/v1/audio/speech", 404);
  spark_speech_player_read_async (f->player, "Hello", NULL, NULL, read_cb, &r);
  g_assert_cmpint (spark_speech_player_get_state (f->player), ==, SPARK_SPEECH_LOADING);
  spark_test_wait_for_flag (&r.done, TIMEOUT_MS);
  g_assert_error (r.error, SPARK_ERROR, SPARK_ERROR_NOT_FOUND);
  g_test_message ("%s", r.error->message);
  g_assert_true (g_str_has_prefix (r.error->message, "Test Service can’t read text aloud"));
  /* From now on "Read aloud" is not offered for this service. */
  g_assert_cmpint (spark_speech_player_get_available (f->player, f->provider), ==, SPARK_CAPABILITY_NO);
  g_assert_cmpint (spark_speech_player_get_state (f->player), ==, SPARK_SPEECH_IDLE);
}

static void
test_read_undecodable (Fixture      *f,
                       gconstpointer data)
{
  g_auto (Result) r = { 0 };

  /* The fake service answers with an Ogg stub that isn't playable audio. */
  spark_speech_player_read_async (f->player, "Hello", NULL, NULL, read_cb, &r);
  spark_test_wait_for_flag (&r.done, TIMEOUT_MS);
  g_assert_error (r.error, SPARK_ERROR, SPARK_ERROR_FAILED);
  g_test_message ("%s", r.error->message);
  g_assert_true (g_str_has_prefix (r.error->message, "Spark can’t play the speech"));
  g_assert_cmpuint (spark_fake_service_get_request_count (f->service, "/v1/audio/speech"), ==, 1);
  /* The endpoint is there, though. */
  g_assert_cmpint (spark_speech_player_get_available (f->player, f->provider), ==, SPARK_CAPABILITY_YES);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/speech/client", test_client_speech);
  ADD ("/speech/client-missing", test_client_speech_missing);
  ADD ("/speech/play", test_play);
  ADD ("/speech/stop", test_stop);
  ADD ("/speech/replace", test_replace);
  ADD ("/speech/read-missing-endpoint", test_read_missing_endpoint);
  ADD ("/speech/read-undecodable", test_read_undecodable);
#undef ADD

  ret = g_test_run ();
  gst_deinit ();
  return ret;
}
