/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Messages, conversations, the capability cache and the loopback proxy
 * rule: the plain data objects the rest of Spark is built on. */
#include "config.h"

#include "spark-capabilities.h"
#include "spark-conversation.h"
#include "spark-error.h"
#include "spark-loopback-resolver.h"

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_message_streaming_text (void)
{
  g_autoptr (SparkMessage) message = spark_message_new (SPARK_ROLE_ASSISTANT, NULL);
  g_autoptr (GError) error = g_error_new_literal (SPARK_ERROR, SPARK_ERROR_STREAM_CUT, "cut");
  guint texts = 0, states = 0;

  g_signal_connect (message, "notify::text", G_CALLBACK (count_notify), &texts);
  g_signal_connect (message, "notify::state", G_CALLBACK (count_notify), &states);

  spark_message_set_state (message, SPARK_MESSAGE_STREAMING);
  spark_message_append_text (message, "Hel", -1);
  spark_message_append_text (message, "lo, world", 2);
  spark_message_append_text (message, "", -1); /* no change, no notify */
  g_assert_cmpstr (spark_message_get_text (message), ==, "Hello");
  g_assert_cmpuint (spark_message_get_text_length (message), ==, 5);
  g_assert_cmpuint (texts, ==, 2);
  g_assert_false (spark_message_is_finished (message));

  /* Failing keeps the partial text and records why. */
  spark_message_fail (message, error);
  g_assert_cmpint (spark_message_get_state (message), ==, SPARK_MESSAGE_FAILED);
  g_assert_error (spark_message_get_error (message), SPARK_ERROR, SPARK_ERROR_STREAM_CUT);
  g_assert_cmpstr (spark_message_get_text (message), ==, "Hello");
  g_assert_true (spark_message_is_finished (message));

  /* A later state clears the error. */
  spark_message_set_state (message, SPARK_MESSAGE_COMPLETE);
  g_assert_null (spark_message_get_error (message));
  g_assert_cmpuint (states, ==, 3);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GString    *log)
{
  g_string_append_printf (log, "%u-%u+%u;", position, removed, added);
}

static void
test_conversation_model (void)
{
  g_autoptr (SparkConversation) conversation = spark_conversation_new ();
  g_autoptr (SparkMessage) a = spark_message_new (SPARK_ROLE_USER, "a");
  g_autoptr (SparkMessage) b = spark_message_new (SPARK_ROLE_ASSISTANT, "b");
  g_autoptr (GString) log = g_string_new (NULL);
  g_autoptr (SparkMessage) first = NULL;

  g_signal_connect (conversation, "items-changed", G_CALLBACK (items_changed_cb), log);
  g_assert_null (spark_conversation_get_last (conversation));
  spark_conversation_append (conversation, a);
  spark_conversation_append (conversation, b);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (conversation)), ==, 2);
  g_assert_true (spark_conversation_get_last (conversation) == b);
  first = g_list_model_get_item (G_LIST_MODEL (conversation), 0);
  g_assert_true (first == a);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (conversation), 2));

  spark_conversation_remove (conversation, a);
  g_assert_cmpstr (log->str, ==, "0-0+1;1-0+1;0-1+0;");
  g_assert_true (spark_conversation_get_last (conversation) == b);
}

static void
test_capabilities (void)
{
  g_autoptr (SparkCapabilities) caps = spark_capabilities_new ();

  g_assert_cmpint (spark_capabilities_get_response_format (caps, "p", "m"), ==, SPARK_RESPONSE_JSON_SCHEMA);
  spark_capabilities_set_format_result (caps, "p", "m", SPARK_RESPONSE_JSON_SCHEMA, FALSE);
  g_assert_cmpint (spark_capabilities_get_response_format (caps, "p", "m"), ==, SPARK_RESPONSE_JSON_OBJECT);
  spark_capabilities_set_format_result (caps, "p", "m", SPARK_RESPONSE_JSON_OBJECT, FALSE);
  g_assert_cmpint (spark_capabilities_get_response_format (caps, "p", "m"), ==, SPARK_RESPONSE_TEXT);
  /* Per service and model. */
  g_assert_cmpint (spark_capabilities_get_response_format (caps, "p", "other"), ==, SPARK_RESPONSE_JSON_SCHEMA);
  g_assert_cmpint (spark_capabilities_get_response_format (caps, "q", "m"), ==, SPARK_RESPONSE_JSON_SCHEMA);

  g_assert_cmpint (spark_capabilities_get_images (caps, "p", "m"), ==, SPARK_CAPABILITY_UNKNOWN);
  spark_capabilities_set_images (caps, "p", "m", FALSE);
  g_assert_cmpint (spark_capabilities_get_images (caps, "p", "m"), ==, SPARK_CAPABILITY_NO);

  /* Suggesting a model that can see: one that looks like it and isn't known to refuse. */
  {
    const char *models[] = { "llama3.2:3b", "llava:7b", "qwen2.5vl:7b", NULL };

    g_assert_cmpstr (spark_capabilities_pick_vision_model (caps, "p", models), ==, "llava:7b");
    spark_capabilities_set_images (caps, "p", "llava:7b", FALSE);
    g_assert_cmpstr (spark_capabilities_pick_vision_model (caps, "p", models), ==, "qwen2.5vl:7b");
    g_assert_null (spark_capabilities_pick_vision_model (caps, "p", (const char *[]){ "llama3.2:3b", NULL }));
  }
}

static void
test_loopback_never_proxied (void)
{
  /* A system proxy for everything... */
  g_autoptr (GProxyResolver) all = g_simple_proxy_resolver_new ("http://proxy.example:3128", NULL);
  g_autoptr (GProxyResolver) resolver = spark_loopback_resolver_new (all);
  const char *local[] = { "http://127.0.0.1:11434/v1", "http://localhost:8080/v1", "http://[::1]:8080/v1", "http://127.1.2.3/v1" };

  /* ...except a local model service. */
  for (guint i = 0; i < G_N_ELEMENTS (local); i++)
    {
      g_auto (GStrv) proxies = g_proxy_resolver_lookup (resolver, local[i], NULL, NULL);
      g_assert_cmpstr (proxies[0], ==, "direct://");
    }
  {
    g_auto (GStrv) proxies = g_proxy_resolver_lookup (resolver, "https://api.openai.com/v1", NULL, NULL);
    g_assert_cmpstr (proxies[0], ==, "http://proxy.example:3128");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/message/streaming-text", test_message_streaming_text);
  g_test_add_func ("/conversation/model", test_conversation_model);
  g_test_add_func ("/capabilities/cache", test_capabilities);
  g_test_add_func ("/loopback/never-proxied", test_loopback_never_proxied);
  return g_test_run ();
}
