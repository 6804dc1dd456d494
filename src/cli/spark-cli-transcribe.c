/* SPDX-License-Identifier: GPL-3.0-or-later */
/* spark-cli transcribe FILE: any audio GStreamer decodes is turned into
 * 16 kHz mono Ogg/Opus in memory, sent to the service's
 * /audio/transcriptions, and the text printed. A file that can't be read
 * or isn't audio exits 4 with the reason; the service's errors exit 3. */
#include "config.h"

#include <glib/gi18n.h>

#include "spark-cli-context.h"
#include "spark-recorder.h"

int
spark_cli_cmd_transcribe (SparkCliContext *ctx,
                          int              argc,
                          char           **argv)
{
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (SparkRecording) recording = NULL;
  g_autofree char *text = NULL;
  g_auto (SparkCliWait) converted = { 0 };
  g_auto (SparkCliWait) transcribed = { 0 };

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
  spark_audio_convert_file_async (file, ctx->cancellable, spark_cli_wait_cb, &converted);
  if ((recording = spark_audio_convert_file_finish (spark_cli_wait_for (&converted), &error)) == NULL)
    return spark_cli_fail (ctx, error);

  if (ctx->model != NULL)
    spark_provider_set_transcription_model (ctx->provider, ctx->model);
  spark_client_transcribe_async (ctx->client, ctx->provider, ctx->api_key, recording->data,
                                 spark_recording_get_filename (recording), recording->content_type,
                                 ctx->cancellable, spark_cli_wait_cb, &transcribed);
  text = spark_client_transcribe_finish (ctx->client, spark_cli_wait_for (&transcribed), &error);
  g_clear_pointer (&recording, spark_recording_free);
  if (text == NULL)
    return spark_cli_fail (ctx, error);

  g_strstrip (text);
  if (*text == '\0')
    spark_cli_error (_ ("The service heard no speech in “%s”."), argv[1]);
  else
    g_print ("%s\n", text);
  return SPARK_CLI_EXIT_OK;
}
