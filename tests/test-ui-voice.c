/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The voice bar against a test tone and the fake service: the meter moves
 * and the time runs while recording; Stop shows "Transcribing…" and the
 * text comes out of ::transcribed; a service without the endpoint (404)
 * gets a sentence and keeps the recording, and Retry sends the very same
 * bytes again without recording; the countdown shows near the limit and
 * the limit stops and transcribes by itself; Esc discards; a missing
 * sound server is explained; an empty transcription is not inserted. */
#include "config.h"

#include <gst/gst.h>

#include "spark-composer.h"
#include "spark-test-util.h"
#include "spark-ui-test.h"
#include "spark-voice-bar.h"

#define TIMEOUT_MS 20000
#define NOISE "audiotestsrc is-live=true wave=pink-noise volume=0.6"
#define FAKE_TEXT "What is the weather in Porto?"

static SparkApplication *app;
static SparkFakeService *service;

typedef struct
{
  GtkWindow     *window;
  SparkVoiceBar *bar;
  GHashTable    *levels; /* distinct meter values seen */
  GPtrArray     *states; /* every state the bar went through */
  char          *text;   /* from ::transcribed */
  guint          n_transcribed;
} Fixture;

static SparkContext *
context (void)
{
  return spark_application_get_context (app);
}

static void
set_source (const char *source)
{
  g_settings_set_string (spark_context_get_settings (context ()), "audio-source", source);
}

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  return GTK_WIDGET (spark_ui_test_child (f->bar, SPARK_TYPE_VOICE_BAR, name));
}

static void
level_changed_cb (GtkLevelBar *level_bar,
                  GParamSpec  *pspec,
                  Fixture     *f)
{
  g_hash_table_add (f->levels, g_strdup_printf ("%.3f", gtk_level_bar_get_value (level_bar)));
}

static void
state_cb (SparkVoiceBar *bar,
          GParamSpec    *pspec,
          Fixture       *f)
{
  g_ptr_array_add (f->states, GINT_TO_POINTER (spark_voice_bar_get_state (bar)));
}

static void
transcribed_cb (SparkVoiceBar *bar,
                const char    *text,
                Fixture       *f)
{
  g_free (f->text);
  f->text = g_strdup (text);
  f->n_transcribed++;
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  spark_fake_service_set_transcription (service, FAKE_TEXT);
  spark_fake_service_set_path_status (service, "/v1/audio/transcriptions", 0);
  set_source (NOISE);

  f->levels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->states = g_ptr_array_new ();
  f->window = GTK_WINDOW (gtk_window_new ());
  f->bar = SPARK_VOICE_BAR (spark_voice_bar_new ());
  gtk_window_set_default_size (f->window, 600, -1);
  gtk_window_set_child (f->window, GTK_WIDGET (f->bar));
  g_signal_connect (child (f, "level_bar"), "notify::value", G_CALLBACK (level_changed_cb), f);
  g_signal_connect (f->bar, "notify::state", G_CALLBACK (state_cb), f);
  g_signal_connect (f->bar, "transcribed", G_CALLBACK (transcribed_cb), f);
  gtk_window_present (f->window);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  gtk_window_destroy (f->window);
  g_hash_table_unref (f->levels);
  g_ptr_array_unref (f->states);
  g_free (f->text);
}

static gboolean
is_state (Fixture           *f,
          SparkVoiceBarState state)
{
  return spark_voice_bar_get_state (f->bar) == state;
}

static gboolean
idle_cb (gpointer f)
{
  return is_state (f, SPARK_VOICE_BAR_IDLE);
}

static gboolean
failed_cb (gpointer f)
{
  return is_state (f, SPARK_VOICE_BAR_FAILED);
}

static gboolean
meter_moved (gpointer data)
{
  Fixture *f = data;
  return g_hash_table_size (f->levels) >= 5;
}

static gboolean
one_second_shown (gpointer data)
{
  Fixture *f = data;
  return g_str_equal (gtk_label_get_text (GTK_LABEL (child (f, "elapsed_label"))), "0:01");
}

static const char *
page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (f, "stack")));
}

static void
stop (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->bar), "voice.stop", NULL));
}

static GBytes *
last_upload (void)
{
  const SparkFakeRequest *request = spark_fake_service_get_last_request (service, "/v1/audio/transcriptions");
  const SparkFakePart    *file;

  g_assert_nonnull (request);
  file = spark_fake_request_get_part (request, "file");
  g_assert_nonnull (file);
  g_assert_cmpstr (file->content_type, ==, "audio/ogg");
  g_assert_cmpmem (g_bytes_get_data (file->data, NULL), 4, "OggS", 4);
  return g_bytes_ref (file->data);
}

/* The shortcut the bar binds to @keyval, activated as if pressed. */
static void
press (Fixture *f,
       guint    keyval)
{
  g_autoptr (GtkShortcutTrigger) trigger = gtk_keyval_trigger_new (keyval, 0);
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->bar));
  gboolean activated = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !activated; i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !activated; j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger))
            activated = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                      GTK_WIDGET (f->bar), gtk_shortcut_get_arguments (shortcut));
        }
    }
  g_assert_true (activated);
}

static void
test_record_and_transcribe (Fixture      *f,
                            gconstpointer data)
{
  guint before = spark_fake_service_get_request_count (service, "/v1/audio/transcriptions");
  g_autoptr (GBytes) upload = NULL;

  spark_voice_bar_start (f->bar, context ());
  g_assert_cmpint (spark_voice_bar_get_state (f->bar), ==, SPARK_VOICE_BAR_RECORDING);
  g_assert_cmpstr (page (f), ==, "recording");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (f, "status_label"))), ==, "Listening");
  g_assert_true (gtk_widget_has_focus (child (f, "stop_button")));

  /* The meter follows the noise, and the clock runs. */
  g_assert_true (spark_test_wait_until (meter_moved, f, TIMEOUT_MS));
  g_assert_true (spark_test_wait_until (one_second_shown, f, TIMEOUT_MS));
  g_assert_cmpfloat (gtk_level_bar_get_value (GTK_LEVEL_BAR (child (f, "level_bar"))), >, 0.3);

  /* Enter stops; "Transcribing…" at once. */
  press (f, GDK_KEY_Return);
  g_assert_cmpint (spark_voice_bar_get_state (f->bar), ==, SPARK_VOICE_BAR_TRANSCRIBING);
  g_assert_cmpstr (page (f), ==, "transcribing");
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (child (f, "spinner"))));

  g_assert_true (spark_test_wait_until (idle_cb, f, TIMEOUT_MS));
  g_assert_cmpuint (f->n_transcribed, ==, 1);
  g_assert_cmpstr (f->text, ==, FAKE_TEXT);
  g_assert_false (spark_voice_bar_has_recording (f->bar));
  g_assert_cmpuint (spark_fake_service_get_request_count (service, "/v1/audio/transcriptions"), ==, before + 1);
  upload = last_upload ();
  g_assert_cmpuint (g_bytes_get_size (upload), >, 1000);
}

static void
test_missing_endpoint_then_retry (Fixture      *f,
                                  gconstpointer data)
{
  guint before = spark_fake_service_get_request_count (service, "/v1/audio/transcriptions");
  g_autoptr (GBytes) first = NULL;
  g_autoptr (GBytes) second = NULL;
  const char *text;
  guint       failed_at;

  spark_fake_service_set_path_status (service, "/v1/audio/transcriptions", 404);
  spark_voice_bar_start (f->bar, context ());
  g_assert_true (spark_test_wait_until (meter_moved, f, TIMEOUT_MS));
  stop (f);
  g_assert_true (spark_test_wait_until (failed_cb, f, TIMEOUT_MS));

  text = spark_voice_bar_get_error_text (f->bar);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "Test Service can’t turn speech into text"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (f, "error_label"))), ==, text);
  g_assert_cmpstr (page (f), ==, "failed");
  g_assert_true (spark_voice_bar_has_recording (f->bar));
  g_assert_true (gtk_widget_get_visible (child (f, "kept_label")));
  g_assert_cmpuint (f->n_transcribed, ==, 0);
  first = last_upload ();
  failed_at = f->states->len;

  /* The service is fixed; Retry (Enter) sends the same recording. */
  spark_fake_service_set_path_status (service, "/v1/audio/transcriptions", 0);
  press (f, GDK_KEY_Return);
  g_assert_true (spark_test_wait_until (idle_cb, f, TIMEOUT_MS));
  g_assert_cmpstr (f->text, ==, FAKE_TEXT);
  g_assert_cmpuint (spark_fake_service_get_request_count (service, "/v1/audio/transcriptions"), ==, before + 2);
  second = last_upload ();
  g_assert_true (g_bytes_equal (first, second));
  /* …and never went back to recording. */
  g_assert_cmpuint (f->states->len, ==, failed_at + 2);
  g_assert_cmpint (GPOINTER_TO_INT (f->states->pdata[failed_at]), ==, SPARK_VOICE_BAR_TRANSCRIBING);
  g_assert_cmpint (GPOINTER_TO_INT (f->states->pdata[failed_at + 1]), ==, SPARK_VOICE_BAR_IDLE);
}

static void
test_countdown_and_limit (Fixture      *f,
                          gconstpointer data)
{
  GtkWidget *status = child (f, "status_label");

  spark_voice_bar_set_max_duration (f->bar, 2000);
  spark_voice_bar_start (f->bar, context ());
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), ==, "Recording stops in 0:02");
  g_assert_true (gtk_widget_has_css_class (status, "warning"));

  /* Nobody presses Stop. */
  g_assert_true (spark_test_wait_until (idle_cb, f, TIMEOUT_MS));
  g_assert_cmpstr (f->text, ==, FAKE_TEXT);
  g_assert_cmpint (GPOINTER_TO_INT (f->states->pdata[f->states->len - 2]), ==, SPARK_VOICE_BAR_TRANSCRIBING);
}

static void
test_escape_discards (Fixture      *f,
                      gconstpointer data)
{
  guint before = spark_fake_service_get_request_count (service, "/v1/audio/transcriptions");

  spark_voice_bar_start (f->bar, context ());
  g_assert_true (spark_test_wait_until (meter_moved, f, TIMEOUT_MS));
  press (f, GDK_KEY_Escape);
  g_assert_cmpint (spark_voice_bar_get_state (f->bar), ==, SPARK_VOICE_BAR_IDLE);
  g_assert_false (spark_voice_bar_has_recording (f->bar));
  spark_test_iterate (200);
  g_assert_cmpuint (spark_fake_service_get_request_count (service, "/v1/audio/transcriptions"), ==, before);
  g_assert_cmpuint (f->n_transcribed, ==, 0);
}

static void
test_no_microphone (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *socket = g_build_filename (g_get_tmp_dir (), "spark-no-such-pulse-socket", NULL);
  g_autofree char *source = g_strdup_printf ("pulsesrc server=unix:%s", socket);
  g_autoptr (GstElementFactory) pulsesrc = gst_element_factory_find ("pulsesrc");

  if (pulsesrc == NULL)
    {
      g_test_skip ("pulsesrc is not installed");
      return;
    }
  set_source (source);
  spark_voice_bar_start (f->bar, context ());
  g_assert_cmpint (spark_voice_bar_get_state (f->bar), ==, SPARK_VOICE_BAR_FAILED);
  g_test_message ("%s", spark_voice_bar_get_error_text (f->bar));
  g_assert_true (g_str_has_prefix (spark_voice_bar_get_error_text (f->bar), "Spark can’t reach a microphone: "));
  g_assert_false (spark_voice_bar_has_recording (f->bar));
  g_assert_false (gtk_widget_get_visible (child (f, "kept_label")));

  /* Retry records again, from the (now working) source. */
  set_source (NOISE);
  press (f, GDK_KEY_Return);
  g_assert_cmpint (spark_voice_bar_get_state (f->bar), ==, SPARK_VOICE_BAR_RECORDING);
  press (f, GDK_KEY_Escape);
}

static void
test_nothing_heard (Fixture      *f,
                    gconstpointer data)
{
  spark_fake_service_set_transcription (service, "  \n");
  spark_voice_bar_start (f->bar, context ());
  g_assert_true (spark_test_wait_until (meter_moved, f, TIMEOUT_MS));
  stop (f);
  g_assert_true (spark_test_wait_until (failed_cb, f, TIMEOUT_MS));
  g_assert_true (g_str_has_prefix (spark_voice_bar_get_error_text (f->bar), "Nothing was heard"));
  g_assert_true (spark_voice_bar_has_recording (f->bar));
  g_assert_cmpuint (f->n_transcribed, ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->bar), "voice.discard", NULL));
  g_assert_cmpint (spark_voice_bar_get_state (f->bar), ==, SPARK_VOICE_BAR_IDLE);
  g_assert_false (spark_voice_bar_has_recording (f->bar));
}

static gboolean
composer_has_text (gpointer data)
{
  g_autofree char *text = spark_composer_dup_text (data);
  return strstr (text, FAKE_TEXT) != NULL;
}

static gboolean
bar_recording (gpointer data)
{
  GtkLabel *elapsed = GTK_LABEL (spark_ui_test_child (data, SPARK_TYPE_VOICE_BAR, "elapsed_label"));

  /* A second of sound in. */
  return spark_voice_bar_get_state (data) == SPARK_VOICE_BAR_RECORDING
         && g_strcmp0 (gtk_label_get_text (elapsed), "0:01") == 0;
}

/* The microphone in the window's composer: Ctrl+Shift+M's action shows
 * the bar in place of the text, Stop transcribes, and the words land in
 * the draft after what was typed — editable, not sent. */
static void
test_composer_microphone (void)
{
  SparkWindow     *window = spark_ui_test_get_window (app);
  SparkComposer   *composer = SPARK_COMPOSER (spark_ui_test_child (window, SPARK_TYPE_WINDOW, "composer"));
  SparkVoiceBar   *bar = SPARK_VOICE_BAR (spark_ui_test_child (composer, SPARK_TYPE_COMPOSER, "voice_bar"));
  GtkWidget       *text = GTK_WIDGET (spark_ui_test_child (composer, SPARK_TYPE_COMPOSER, "text_overlay"));
  g_autofree char *draft = NULL;

  spark_fake_service_set_transcription (service, FAKE_TEXT);
  spark_fake_service_set_path_status (service, "/v1/audio/transcriptions", 0);
  set_source (NOISE);
  spark_composer_set_text (composer, "Question:");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.record", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_false (gtk_widget_get_visible (text));
  g_assert_true (spark_test_wait_until (bar_recording, bar, 10000));
  /* Nothing can be sent while recording. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL)
                  && spark_composer_get_busy (composer));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "voice.stop", NULL));
  g_assert_true (spark_test_wait_until (composer_has_text, composer, 15000));
  draft = spark_composer_dup_text (composer);
  g_assert_cmpstr (draft, ==, "Question: " FAKE_TEXT);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_true (gtk_widget_get_visible (text));
  spark_composer_set_text (composer, "");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);

  service = spark_fake_service_new (&error);
  g_assert_no_error (error);
  app = spark_ui_test_app_new (service);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ui/voice/record-and-transcribe", test_record_and_transcribe);
  ADD ("/ui/voice/missing-endpoint-then-retry", test_missing_endpoint_then_retry);
  ADD ("/ui/voice/countdown-and-limit", test_countdown_and_limit);
  ADD ("/ui/voice/escape-discards", test_escape_discards);
  ADD ("/ui/voice/no-microphone", test_no_microphone);
  ADD ("/ui/voice/nothing-heard", test_nothing_heard);
#undef ADD
  g_test_add_func ("/ui/voice/composer-microphone", test_composer_microphone);

  ret = g_test_run ();

  g_clear_object (&app);
  g_clear_object (&service);
  return ret;
}
