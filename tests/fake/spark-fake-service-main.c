/* SPDX-License-Identifier: GPL-3.0-or-later */
/* spark-fake-service: the fake model service as a program, so a developer
 * can point Spark at it (not installed). Prints its base URL on stdout. */
#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>

#include "spark-fake-service.h"

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

static void
request_received_cb (SparkFakeService       *service,
                     const SparkFakeRequest *request)
{
  g_printerr ("%s %s (%" G_GSIZE_FORMAT " bytes)\n", request->method, request->path,
              g_bytes_get_size (request->body));
}

int
main (int   argc,
      char *argv[])
{
  int              port = 0;
  double           rate = 0;
  g_autofree char *script = NULL;
  g_autofree char *text = NULL;
  g_autofree char *api_key = NULL;
  g_auto (GStrv) models = NULL;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      "Port on 127.0.0.1 (0: pick a free one)", "N" },
    { "script", 's', 0, G_OPTION_ARG_FILENAME, &script,
      "JSON file with the replies to give, in order", "FILE" },
    { "text", 't', 0, G_OPTION_ARG_STRING, &text,
      "Reply once the script is used up", "TEXT" },
    { "rate", 'r', 0, G_OPTION_ARG_DOUBLE, &rate,
      "Tokens per second (0: as fast as possible)", "TOKENS_PER_SEC" },
    { "api-key", 'k', 0, G_OPTION_ARG_STRING, &api_key,
      "Require this API key (Authorization: Bearer KEY)", "KEY" },
    { "model", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &models,
      "A model to offer (repeat for more)", "ID" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkFakeService) service = NULL;
  g_autoptr (SparkFakeReply) reply = NULL;
  g_autoptr (GMainLoop) loop = NULL;

  context = g_option_context_new ("- fake OpenAI-compatible model service");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (port < 0 || port > G_MAXUINT16 || rate < 0)
    {
      g_printerr ("--port must be 0–65535 and --rate not negative\n");
      return EXIT_FAILURE;
    }

  service = spark_fake_service_new_for_port (port, &error);
  if (service == NULL)
    {
      g_printerr ("Can't listen on 127.0.0.1:%d: %s\n", port, error->message);
      return EXIT_FAILURE;
    }

  /* --text and --rate shape the default reply, which scripted replies
   * start from. */
  reply = spark_fake_reply_copy (spark_fake_service_get_default_reply (service));
  if (text != NULL)
    {
      g_free (reply->text);
      reply->text = g_strdup (text);
    }
  reply->tokens_per_second = rate;
  spark_fake_service_set_default_reply (service, reply);

  if (models != NULL)
    spark_fake_service_set_models (service, (const char *const *) models);
  if (api_key != NULL)
    spark_fake_service_set_api_key (service, api_key);
  if (script != NULL && !spark_fake_service_load_script (service, script, &error))
    {
      g_printerr ("%s: %s\n", script, error->message);
      return EXIT_FAILURE;
    }

  g_signal_connect (service, "request-received", G_CALLBACK (request_received_cb), NULL);

  g_print ("%s\n", spark_fake_service_get_base_url (service));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  return EXIT_SUCCESS;
}
