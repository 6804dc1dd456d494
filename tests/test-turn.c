/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Requests, turns and chat sessions against the fake model service: what
 * is sent (system prompt, images, stream options, reasoning effort,
 * structured formats), what the reply message ends up holding in every
 * outcome, the json_schema → json_object → text chain and its cache. */
#include "config.h"

#include "spark-chat-session.h"
#include "spark-error.h"
#include "spark-fake-service.h"
#include "spark-request.h"
#include "spark-test-util.h"
#include "spark-turn.h"

#define TIMEOUT_MS 15000

typedef struct
{
  SparkFakeService  *service;
  SparkClient       *client;
  SparkProvider     *provider;
  SparkConversation *conversation;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->service = spark_fake_service_new (&error);
  g_assert_no_error (error);
  f->client = spark_client_new ();
  spark_client_set_retry_policy (f->client, 3, 10);
  f->provider = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_LLAMACPP);
  spark_provider_set_base_url (f->provider, spark_fake_service_get_base_url (f->service));
  f->conversation = spark_conversation_new ();
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  g_clear_object (&f->conversation);
  g_clear_object (&f->client);
  g_clear_object (&f->provider);
  g_clear_object (&f->service);
}

static void
ask (Fixture    *f,
     const char *text)
{
  g_autoptr (SparkMessage) message = spark_message_new (SPARK_ROLE_USER, text);
  spark_conversation_append (f->conversation, message);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} Wait;

static void
turn_done_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  Wait *w = user_data;

  w->ok = spark_turn_run_finish (SPARK_TURN (source), res, &w->error);
  w->done = TRUE;
}

static gboolean
run_turn (SparkTurn    *turn,
          GCancellable *cancellable,
          GError      **error)
{
  Wait w = { 0 };

  spark_turn_run_async (turn, cancellable, turn_done_cb, &w);
  spark_test_wait_for_flag (&w.done, TIMEOUT_MS);
  if (w.error != NULL)
    g_propagate_error (error, w.error);
  return w.ok;
}

static JsonObject *
last_body (Fixture *f)
{
  const SparkFakeRequest *request = spark_fake_service_get_last_request (f->service, "/v1/chat/completions");

  g_assert_nonnull (request);
  return spark_fake_request_get_object (request);
}

/* ------------------------------------------------------------------ */

static void
test_request_build (void)
{
  g_autoptr (SparkConversation) conversation = spark_conversation_new ();
  g_autoptr (SparkMessage) user = spark_message_new (SPARK_ROLE_USER, "What is in this photo?");
  g_autoptr (SparkMessage) pending = spark_message_new (SPARK_ROLE_ASSISTANT, NULL);
  g_autoptr (GBytes) png = g_bytes_new_static ("\x89PNG\r\n\x1a\n", 8);
  g_autoptr (JsonNode) root = NULL;
  SparkRequestOptions options;
  JsonObject         *body, *image_part;
  JsonArray          *messages, *content;

  spark_message_add_image (user, "image/png", png);
  spark_message_set_state (pending, SPARK_MESSAGE_PENDING);
  spark_conversation_append (conversation, user);
  spark_conversation_append (conversation, pending);

  spark_request_options_init (&options);
  options.model = "llava";
  options.system_prompt = "Be brief.";
  options.reasoning_effort = "high";
  options.max_tokens = 512;
  root = spark_request_build (&options, G_LIST_MODEL (conversation));
  body = json_node_get_object (root);

  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "llava");
  g_assert_true (json_object_get_boolean_member (body, "stream"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (body, "stream_options"), "include_usage"));
  g_assert_cmpstr (json_object_get_string_member (body, "reasoning_effort"), ==, "high");
  g_assert_cmpint (json_object_get_int_member (body, "max_tokens"), ==, 512);
  g_assert_false (json_object_has_member (body, "temperature"));
  g_assert_false (json_object_has_member (body, "response_format"));

  /* System first; the pending reply is left out. */
  messages = json_object_get_array_member (body, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "role"), ==, "system");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "content"), ==, "Be brief.");

  /* Text and image parts, the image as a data URL of its bytes. */
  content = json_object_get_array_member (json_array_get_object_element (messages, 1), "content");
  g_assert_cmpuint (json_array_get_length (content), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (content, 0), "text"), ==, "What is in this photo?");
  image_part = json_array_get_object_element (content, 1);
  g_assert_cmpstr (json_object_get_string_member (image_part, "type"), ==, "image_url");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (image_part, "image_url"), "url"),
                   ==, "data:image/png;base64,iVBORw0KGgo=");
}

/* Continuing a cut-off reply: its text so far goes to the service even
 * while it is pending again; for services that don't carry on from it by
 * themselves, a question asking to go on follows it. */
static void
test_request_continue (void)
{
  g_autoptr (SparkConversation) conversation = spark_conversation_new ();
  g_autoptr (SparkMessage) user = spark_message_new (SPARK_ROLE_USER, "Where are the cellars?");
  g_autoptr (SparkMessage) partial = spark_message_new (SPARK_ROLE_ASSISTANT, "In Gaia, across");
  SparkRequestOptions options;

  spark_message_set_state (partial, SPARK_MESSAGE_PENDING);
  spark_conversation_append (conversation, user);
  spark_conversation_append (conversation, partial);
  spark_request_options_init (&options);
  {
    g_autoptr (JsonNode) plain = spark_request_build (&options, G_LIST_MODEL (conversation));
    JsonArray *messages = json_object_get_array_member (json_node_get_object (plain), "messages");

    /* Not continuing: a pending reply is left out. */
    g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  }
  options.continue_last = TRUE;
  {
    g_autoptr (JsonNode) prefill = spark_request_build (&options, G_LIST_MODEL (conversation));
    JsonArray  *messages = json_object_get_array_member (json_node_get_object (prefill), "messages");
    JsonObject *last = json_array_get_object_element (messages, json_array_get_length (messages) - 1);

    g_assert_cmpuint (json_array_get_length (messages), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (last, "role"), ==, "assistant");
    g_assert_cmpstr (json_object_get_string_member (last, "content"), ==, "In Gaia, across");
  }
  options.continue_prompt = "Go on.";
  {
    g_autoptr (JsonNode) asked = spark_request_build (&options, G_LIST_MODEL (conversation));
    JsonArray  *messages = json_object_get_array_member (json_node_get_object (asked), "messages");
    JsonObject *last = json_array_get_object_element (messages, 2);

    g_assert_cmpuint (json_array_get_length (messages), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1), "content"), ==,
                     "In Gaia, across");
    g_assert_cmpstr (json_object_get_string_member (last, "role"), ==, "user");
    g_assert_cmpstr (json_object_get_string_member (last, "content"), ==, "Go on.");
  }
}

static void
test_request_formats (void)
{
  g_autoptr (SparkConversation) conversation = spark_conversation_new ();
  g_autoptr (JsonNode) schema = json_from_string ("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}", NULL);
  SparkRequestOptions options;

  spark_request_options_init (&options);
  options.schema = schema;
  options.schema_name = "trip";

  {
    g_autoptr (JsonNode) root = NULL;
    JsonObject *format;

    options.response_format = SPARK_RESPONSE_JSON_SCHEMA;
    root = spark_request_build (&options, G_LIST_MODEL (conversation));
    format = json_object_get_object_member (json_node_get_object (root), "response_format");
    g_assert_cmpstr (json_object_get_string_member (format, "type"), ==, "json_schema");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (format, "json_schema"), "name"), ==, "trip");
    g_assert_true (json_object_get_boolean_member (json_object_get_object_member (format, "json_schema"), "strict"));
    /* The schema is not repeated in a prompt when the service takes it natively. */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "messages")), ==, 0);
  }
  {
    g_autoptr (JsonNode) root = NULL;
    JsonArray *messages;

    options.response_format = SPARK_RESPONSE_JSON_OBJECT;
    root = spark_request_build (&options, G_LIST_MODEL (conversation));
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (root), "response_format"), "type"),
                     ==, "json_object");
    messages = json_object_get_array_member (json_node_get_object (root), "messages");
    g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "content"), "\"city\""));
  }
}

static void
test_extract_json (void)
{
  g_autofree char *a = spark_request_extract_json ("Here you go:\n```json\n{\"city\": \"Porto\", \"note\": \"a } in a string\"}\n```\nEnjoy!");
  g_autofree char *b = spark_request_extract_json ("{broken {\"ok\": [1, {\"n\": 2}]} tail");
  g_autofree char *c = spark_request_extract_json ("no json here");

  g_assert_cmpstr (a, ==, "{\"city\": \"Porto\", \"note\": \"a } in a string\"}");
  g_assert_cmpstr (b, ==, "{\"ok\": [1, {\"n\": 2}]}");
  g_assert_null (c);
}

static void
test_turn_complete (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (SparkTurn) turn = NULL;
  g_autoptr (GError) error = NULL;
  SparkFakeReply *reply = spark_fake_reply_new ("Day 1: Alfama. Day 2: Belém.");
  SparkMessage   *message;
  gint64          prompt, completion, reasoning;
  JsonArray      *messages;

  reply->reasoning = g_strdup ("Plan by neighbourhood.");
  spark_fake_service_push_reply (f->service, reply);
  ask (f, "Two days in Lisbon?");
  turn = spark_turn_new (f->client, f->provider, NULL, "fake-chat", f->conversation);
  spark_turn_set_mode (turn, SPARK_MODE_TRAVEL, SPARK_DEPTH_THINKING);
  message = spark_turn_get_reply (turn);

  g_assert_true (run_turn (turn, NULL, &error));
  g_assert_no_error (error);

  /* The reply is in the conversation, complete, with text, thinking and usage. */
  g_assert_true (spark_conversation_get_last (f->conversation) == message);
  g_assert_cmpint (spark_message_get_state (message), ==, SPARK_MESSAGE_COMPLETE);
  g_assert_cmpstr (spark_message_get_text (message), ==, "Day 1: Alfama. Day 2: Belém.");
  g_assert_cmpstr (spark_message_get_reasoning (message), ==, "Plan by neighbourhood.");
  spark_message_get_usage (message, &prompt, &completion, &reasoning);
  g_assert_cmpint (completion, >, 0);
  g_assert_cmpstr (spark_turn_get_finish_reason (turn), ==, "stop");

  /* The travel system prompt and the thinking effort went out. */
  messages = json_object_get_array_member (last_body (f), "messages");
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "content"), "travel"));
  g_assert_cmpstr (json_object_get_string_member (last_body (f), "reasoning_effort"), ==, "high");
}

static void
stop_after_text_cb (SparkMessage *message,
                    GParamSpec   *pspec,
                    GCancellable *cancellable)
{
  if (spark_message_get_text_length (message) > 0)
    g_cancellable_cancel (cancellable);
}

static void
test_turn_cancelled (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (SparkTurn) turn = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  SparkFakeReply *reply = spark_fake_reply_new ("one two three four five six");
  SparkMessage   *message;

  reply->tokens_per_second = 40;
  spark_fake_service_push_reply (f->service, reply);
  ask (f, "Count");
  turn = spark_turn_new (f->client, f->provider, NULL, "fake-chat", f->conversation);
  message = spark_turn_get_reply (turn);
  g_signal_connect (message, "notify::text", G_CALLBACK (stop_after_text_cb), cancellable);

  g_assert_false (run_turn (turn, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Stopped, and what arrived stays. */
  g_assert_cmpint (spark_message_get_state (message), ==, SPARK_MESSAGE_CANCELLED);
  g_assert_cmpstr (spark_message_get_text (message), ==, "one");
}

static void
test_turn_failed (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (SparkTurn) turn = NULL;
  g_autoptr (GError) error = NULL;
  SparkMessage *message;

  spark_fake_service_push_reply (f->service, spark_fake_reply_new_fault ("alpha beta gamma", SPARK_FAKE_FAULT_RESET_MID_STREAM, 2));
  ask (f, "Greek?");
  turn = spark_turn_new (f->client, f->provider, NULL, "fake-chat", f->conversation);
  message = spark_turn_get_reply (turn);

  g_assert_false (run_turn (turn, NULL, &error));
  g_assert_cmpint (spark_message_get_state (message), ==, SPARK_MESSAGE_FAILED);
  g_assert_error (spark_message_get_error (message), SPARK_ERROR, SPARK_ERROR_STREAM_CUT);
  g_assert_cmpstr (spark_message_get_text (message), ==, "alpha beta");
}

static void
test_structured_fallback (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr (SparkCapabilities) caps = spark_capabilities_new ();
  g_autoptr (JsonNode) schema = json_from_string ("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkTurn) first = NULL;
  g_autoptr (SparkTurn) second = NULL;
  JsonObject *format;

  spark_fake_service_set_reject_json_schema (f->service, TRUE);
  spark_fake_service_push_text (f->service, "Sure! {\"city\": \"Porto\"}");
  spark_fake_service_push_text (f->service, "{\"city\": \"Braga\"}");
  ask (f, "Pick a city");

  first = spark_turn_new (f->client, f->provider, NULL, "fake-chat", f->conversation);
  spark_turn_set_schema (first, caps, "pick", schema);
  g_assert_true (run_turn (first, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (spark_turn_get_json (first), ==, "{\"city\": \"Porto\"}");
  /* json_schema was refused (400), json_object was used instead. */
  g_assert_cmpuint (spark_fake_service_get_request_count (f->service, "/v1/chat/completions"), ==, 2);
  format = json_object_get_object_member (last_body (f), "response_format");
  g_assert_cmpstr (json_object_get_string_member (format, "type"), ==, "json_object");

  /* Remembered: the next turn goes straight to json_object. */
  g_assert_cmpint (spark_capabilities_get_response_format (caps, spark_provider_get_id (f->provider), "fake-chat"),
                   ==, SPARK_RESPONSE_JSON_OBJECT);
  ask (f, "Another");
  second = spark_turn_new (f->client, f->provider, NULL, "fake-chat", f->conversation);
  spark_turn_set_schema (second, caps, "pick", schema);
  g_assert_true (run_turn (second, NULL, &error));
  g_assert_cmpstr (spark_turn_get_json (second), ==, "{\"city\": \"Braga\"}");
  g_assert_cmpuint (spark_fake_service_get_request_count (f->service, "/v1/chat/completions"), ==, 3);
}

/* ------------------------------------------------------------------ */

typedef struct
{
  guint   finished;
  GError *error;
} Finished;

static void
finished_cb (SparkChatSession *session,
             const GError     *error,
             Finished         *fin)
{
  fin->finished++;
  g_clear_error (&fin->error);
  fin->error = error ? g_error_copy (error) : NULL;
}

static gboolean
finished_once (gpointer data)
{
  return ((Finished *) data)->finished > 0;
}

static void
test_session (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (SparkContext) context = NULL;
  g_autoptr (SparkChatSession) session = NULL;
  g_autoptr (GError) error = NULL;
  SparkProviderList *providers;
  SparkConversation *conversation;
  SparkMessage      *reply;
  Finished           fin = { 0 };

  context = spark_context_new (settings);
  providers = spark_context_get_providers (context);
  spark_provider_list_add (providers, f->provider);
  spark_provider_list_set_active (providers, f->provider);
  session = spark_chat_session_new (context);
  spark_chat_session_set_model (session, "fake-chat");
  g_signal_connect (session, "finished", G_CALLBACK (finished_cb), &fin);

  spark_fake_service_push_reply (f->service, spark_fake_reply_new_fault ("partial words here", SPARK_FAKE_FAULT_RESET_MID_STREAM, 1));
  g_assert_true (spark_chat_session_send (session, "Tell me about Porto wine cellars", NULL, SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error));
  g_assert_true (spark_chat_session_get_busy (session));
  /* A second send while busy is refused and adds nothing. */
  g_assert_false (spark_chat_session_send (session, "again", NULL, SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error));
  g_clear_error (&error);

  conversation = spark_chat_session_get_conversation (session);
  g_assert_cmpstr (spark_conversation_get_title (conversation), ==, "Tell me about Porto wine cellars");
  g_assert_true (spark_test_wait_until (finished_once, &fin, TIMEOUT_MS));
  g_assert_false (spark_chat_session_get_busy (session));
  g_assert_error (fin.error, SPARK_ERROR, SPARK_ERROR_STREAM_CUT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (conversation)), ==, 2);
  reply = spark_conversation_get_last (conversation);
  g_assert_cmpint (spark_message_get_state (reply), ==, SPARK_MESSAGE_FAILED);
  g_assert_cmpstr (spark_message_get_text (reply), ==, "partial");

  /* Retry replaces the failed reply with a good one. */
  fin.finished = 0;
  spark_fake_service_push_text (f->service, "Cross the bridge to Gaia.");
  g_assert_true (spark_chat_session_retry (session));
  g_assert_true (spark_test_wait_until (finished_once, &fin, TIMEOUT_MS));
  g_assert_no_error (fin.error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (conversation)), ==, 2);
  reply = spark_conversation_get_last (conversation);
  g_assert_cmpint (spark_message_get_state (reply), ==, SPARK_MESSAGE_COMPLETE);
  g_assert_cmpstr (spark_message_get_text (reply), ==, "Cross the bridge to Gaia.");
  /* Nothing to retry now. */
  g_assert_false (spark_chat_session_retry (session));

  /* No service set up: a clear refusal, nothing added. */
  while (g_list_model_get_n_items (G_LIST_MODEL (providers)) > 0)
    {
      g_autoptr (SparkProvider) p = g_list_model_get_item (G_LIST_MODEL (providers), 0);
      spark_provider_list_remove (providers, spark_provider_get_id (p));
    }
  g_assert_false (spark_chat_session_send (session, "Hello?", NULL, SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error));
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (conversation)), ==, 2);
  g_clear_error (&fin.error);
}

static void
returned_cb (SparkChatSession *session,
             SparkMessage     *question,
             SparkMessage    **out)
{
  g_set_object (out, question);
}

static SparkImage *
tiny_image (const char *name)
{
  g_autoptr (GBytes) jpeg = g_bytes_new_static ("\xff\xd8\xff\xe0 fake", 8);
  g_autoptr (GBytes) original = g_bytes_new_static ("\x89PNG\r\n\x1a\n original", 17);
  SparkImage *image = spark_image_new ("image/jpeg", jpeg);

  image->name = g_strdup (name);
  image->original_mime_type = g_strdup ("image/png");
  image->original = g_bytes_ref (original);
  return image;
}

static void
test_session_images (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (SparkContext) context = spark_context_new (settings);
  g_autoptr (SparkChatSession) session = NULL;
  g_autoptr (GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) spark_image_free);
  g_autoptr (SparkMessage) returned = NULL;
  g_autoptr (GError) error = NULL;
  SparkCapabilities *caps = spark_context_get_capabilities (context);
  SparkProviderList *providers = spark_context_get_providers (context);
  const char        *id = spark_provider_get_id (f->provider);
  JsonArray         *content;
  Finished           fin = { 0 };

  const char *models[] = { "llava:7b", "llama3.2:3b", NULL };

  spark_fake_service_set_models (f->service, models);
  spark_provider_list_add (providers, f->provider);
  spark_provider_list_set_active (providers, f->provider);
  session = spark_chat_session_new (context);
  g_signal_connect (session, "finished", G_CALLBACK (finished_cb), &fin);
  g_signal_connect (session, "draft-returned", G_CALLBACK (returned_cb), &returned);
  g_ptr_array_add (images, tiny_image ("cat.png"));

  /* Nothing at all is not a question. */
  g_assert_false (spark_chat_session_send (session, "", NULL, SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error));
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT);
  g_clear_error (&error);

  /* An image alone is; it titles the chat and keeps its original. */
  spark_chat_session_set_model (session, "llava:7b");
  spark_fake_service_push_text (f->service, "A cat on a sofa.");
  g_assert_true (spark_chat_session_send (session, "", images, SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error));
  g_assert_no_error (error);
  g_assert_true (spark_test_wait_until (finished_once, &fin, TIMEOUT_MS));
  g_assert_no_error (fin.error);
  g_assert_cmpstr (spark_conversation_get_title (spark_chat_session_get_conversation (session)), ==, "cat.png");
  {
    g_autoptr (SparkMessage) sent = g_list_model_get_item (G_LIST_MODEL (spark_chat_session_get_conversation (session)), 0);
    SparkImage *kept = g_ptr_array_index (spark_message_get_images (sent), 0);
    g_assert_cmpstr (kept->name, ==, "cat.png");
    g_assert_cmpstr (kept->original_mime_type, ==, "image/png");
    g_assert_cmpuint (g_bytes_get_size (kept->original), ==, 17);
  }
  {
    JsonArray  *messages = json_object_get_array_member (last_body (f), "messages");
    JsonObject *user = json_array_get_object_element (messages, json_array_get_length (messages) - 1);
    g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, "user");
    content = json_object_get_array_member (user, "content");
  }
  g_assert_cmpuint (json_array_get_length (content), ==, 1);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (content, 0), "image_url"), "url"),
                                   "data:image/jpeg;base64,"));
  g_assert_cmpint (spark_capabilities_get_images (caps, id, "llava:7b"), ==, SPARK_CAPABILITY_YES);

  /* A model that refuses images: the question comes back whole, the
   * conversation loses the dead end, and the cache remembers. */
  spark_chat_session_new_conversation (session);
  spark_chat_session_set_model (session, "llama3.2:3b");
  fin.finished = 0;
  spark_fake_service_push_reply (f->service, spark_fake_reply_new_status (500, "{\"error\":{\"message\":\"image input is not supported\"}}"));
  g_assert_true (spark_chat_session_send (session, "What breed?", images, SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error));
  g_assert_true (spark_test_wait_until (finished_once, &fin, TIMEOUT_MS));
  g_assert_error (fin.error, SPARK_ERROR, SPARK_ERROR_UNSUPPORTED_INPUT);
  g_assert_nonnull (returned);
  g_assert_cmpstr (spark_message_get_text (returned), ==, "What breed?");
  g_assert_cmpuint (spark_message_get_images (returned)->len, ==, 1);
  g_assert_null (spark_chat_session_get_conversation (session));
  g_assert_cmpint (spark_capabilities_get_images (caps, id, "llama3.2:3b"), ==, SPARK_CAPABILITY_NO);
  /* No retries of a refusal. */
  g_assert_cmpuint (spark_fake_service_get_request_count (f->service, "/v1/chat/completions"), ==, 2);

  /* Known now: refused before asking, nothing added. */
  g_assert_false (spark_chat_session_send (session, "What breed?", images, SPARK_MODE_CHAT, SPARK_DEPTH_INSTANT, &error));
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_UNSUPPORTED_INPUT);
  g_assert_nonnull (strstr (error->message, "llama3.2:3b"));
  g_assert_null (spark_chat_session_get_conversation (session));
  g_assert_cmpuint (spark_fake_service_get_request_count (f->service, "/v1/chat/completions"), ==, 2);
  g_clear_error (&fin.error);
}

static void
test_vision_hints (void)
{
  const char *vision[] = { "llava:7b", "gemma3:4b", "qwen2.5vl:7b", "Qwen2.5-VL-7B-Instruct", "llama3.2-vision:11b", "gpt-4o-mini", "minicpm-v" };
  const char *plain[] = { "llama3.2:3b", "mistral:7b", "qwen2.5:7b", "deepseek-r1:8b", "phi4" };

  for (guint i = 0; i < G_N_ELEMENTS (vision); i++)
    g_assert_true (spark_capabilities_looks_like_vision_model (vision[i]));
  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    g_assert_false (spark_capabilities_looks_like_vision_model (plain[i]));
  g_assert_false (spark_capabilities_looks_like_vision_model (NULL));
}

int
main (int   argc,
      char *argv[])
{
  /* Hermetic: no keyring on the bus, so lookups fail fast, and the
   * session must carry on for services that need no key. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/spark-test-bus", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/request/build", test_request_build);
  g_test_add_func ("/request/formats", test_request_formats);
  g_test_add_func ("/request/continue", test_request_continue);
  g_test_add_func ("/request/extract-json", test_extract_json);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/turn/complete", test_turn_complete);
  ADD ("/turn/cancelled", test_turn_cancelled);
  ADD ("/turn/failed", test_turn_failed);
  ADD ("/turn/structured-fallback", test_structured_fallback);
  ADD ("/session/send-fail-retry", test_session);
  ADD ("/session/images", test_session_images);
  g_test_add_func ("/capabilities/vision-hints", test_vision_hints);
#undef ADD
  return g_test_run ();
}
