/* SPDX-License-Identifier: GPL-3.0-or-later */
/* spark-cli transcribe FILE: any audio GStreamer decodes is turned into
 * 16 kHz mono Ogg/Opus in memory, sent to the service's
 * /audio/transcriptions, and the text printed. A file that can't be read
 * or isn't audio exits 4 with the reason; the service's errors exit 3. */
#include "config.h"

#include <glib/gi18n.h>

#include "spark-cli-context.h"
#include "spark-recorder.h"

typedef struct
{
  gboolean        done;
  SparkRecording *recording;
  char           *text;
  GError         *error;
} TranscribeState;

static void
converted_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  TranscribeState *state = user_data;

  state->recording = spark_audio_convert_file_finish (res, &state->error);
  state->done = TRUE;
}

static void
transcribed_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  TranscribeState *state = user_data;

  state->text = spark_client_transcribe_finish (SPARK_CLIENT (source), res, &state->error);
  state->done = TRUE;
}

static int
fail (SparkCliContext *ctx,
      TranscribeState *state)
{
  int ret = spark_cli_exit_for (ctx, state->error);

  if (g_error_matches (state->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    spark_cli_error ("%s", _ ("Interrupted."));
  else
    spark_cli_error ("%s", state->error->message);
  g_clear_error (&state->error);
  g_clear_pointer (&state->recording, spark_recording_free);
  return ret;
}

int
spark_cli_cmd_transcribe (SparkCliContext *ctx,
                          int              argc,
                          char           **argv)
{
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  TranscribeState state = { 0 };

  options = g_option_context_new (_ ("FILE"));
  g_option_context_set_summary (options, _ ("Print the transcription of an audio file (any format GStreamer can decode).\n"
                                            "--model chooses the transcription model; otherwise the service’s own setting is used."));
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      spark_cli_error ("%s", error->message);
      return SPARK_CLI_EXIT_USAGE;
    }
  if (argc != 2)
    {
      spark_cli_error ("%s", _ ("transcribe takes one audio file."));
      return SPARK_CLI_EXIT_USAGE;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  spark_audio_convert_file_async (file, ctx->cancellable, converted_cb, &state);
  spark_cli_wait (&state.done);
  if (state.recording == NULL)
    return fail (ctx, &state);

  if (ctx->model != NULL)
    spark_provider_set_transcription_model (ctx->provider, ctx->model);
  state.done = FALSE;
  spark_client_transcribe_async (ctx->client, ctx->provider, ctx->api_key, state.recording->data,
                                 spark_recording_get_filename (state.recording), state.recording->content_type,
                                 ctx->cancellable, transcribed_cb, &state);
  spark_cli_wait (&state.done);
  g_clear_pointer (&state.recording, spark_recording_free);
  if (state.text == NULL)
    return fail (ctx, &state);

  g_strstrip (state.text);
  if (*state.text == '\0')
    spark_cli_error (_ ("The service heard no speech in “%s”."), argv[1]);
  else
    g_print ("%s\n", state.text);
  g_free (state.text);
  return SPARK_CLI_EXIT_OK;
}
