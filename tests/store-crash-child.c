/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helper for the store crash test (test-store-session.c): a process that
 * does what the app does — a SparkChatSession whose context has a store —
 * and streams one reply from the fake service into the history until the
 * test kills it with SIGKILL.
 *   store-crash-child DB_PATH BASE_URL
 * Exit status 0 would mean the reply finished before it was killed. */
#include "config.h"

#include <stdio.h>

#include "spark-chat-session.h"

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
finished_cb (SparkChatSession *session,
             const GError     *error,
             gboolean         *finished)
{
  *finished = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkStore) store = NULL;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (SparkContext) context = NULL;
  g_autoptr (SparkProvider) provider = NULL;
  g_autoptr (SparkChatSession) session = NULL;
  gboolean finished = FALSE;

  if (argc != 3)
    {
      g_printerr ("usage: store-crash-child DB_PATH BASE_URL\n");
      return 2;
    }

  spark_store_open_async (argv[1], NULL, opened_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if ((store = spark_store_open_finish (result, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  settings = g_settings_new (APP_ID);
  context = spark_context_new (settings);
  spark_context_set_store (context, store);
  provider = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_LLAMACPP);
  spark_provider_set_base_url (provider, argv[2]);
  spark_provider_list_add (spark_context_get_providers (context), provider);
  spark_provider_list_set_active (spark_context_get_providers (context), provider);

  session = spark_chat_session_new (context);
  spark_chat_session_set_model (session, "fake-chat");
  g_signal_connect (session, "finished", G_CALLBACK (finished_cb), &finished);
  if (!spark_chat_session_send (session, "Tell me a long story", NULL, SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  printf ("%s\n", spark_conversation_get_id (spark_chat_session_get_conversation (session)));
  fflush (stdout);

  while (!finished)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}
