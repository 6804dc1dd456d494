/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Exports and imports: a conversation survives JSON exactly (texts,
 * states, errors, usage, timings, images, times, versions of messages);
 * the Markdown reads as a transcript; a bad file is refused with a
 * sentence that says what is wrong, and imports nothing. */
#include "config.h"

#include "spark-error.h"
#include "spark-export.h"
#include "spark-store-test.h"
#include "spark-test-util.h"

static SparkMessage *
add (SparkConversation *conversation,
     SparkRole          role,
     const char        *text)
{
  g_autoptr (SparkMessage) message = spark_message_new (role, text);

  spark_conversation_append (conversation, message);
  return message;
}

static SparkMessage *
nth (SparkConversation *conversation,
     guint              i)
{
  g_autoptr (SparkMessage) message = g_list_model_get_item (G_LIST_MODEL (conversation), i);
  g_assert_nonnull (message);
  return message;
}

static SparkConversation *
sample (void)
{
  SparkConversation *chat = spark_conversation_new ();
  g_autoptr (GBytes) jpeg = g_bytes_new_static ("\xff\xd8\xff\xe0 not really a jpeg \0 with a nul", 36);
  g_autoptr (GError) error = g_error_new_literal (SPARK_ERROR, SPARK_ERROR_SERVER, "The service failed (500).");
  SparkMessage *m;

  spark_conversation_set_title (chat, "Headache <b>&amp;</b> \"tea\"");
  spark_conversation_set_mode (chat, SPARK_MODE_HEALTH);
  spark_conversation_set_pinned (chat, TRUE);
  m = add (chat, SPARK_ROLE_USER, "Is ginger tea good for a headache?\nAsking for a friend.");
  spark_message_add_image (m, "image/jpeg", jpeg);
  m = add (chat, SPARK_ROLE_ASSISTANT, "It may help with nausea; for headaches, evidence is thin. 🫖");
  spark_message_append_reasoning (m, "Be careful, cite sources.", -1);
  spark_message_set_model (m, "qwen3:8b");
  spark_message_set_provider (m, "ollama");
  spark_message_set_usage (m, 30, 60, 10);
  spark_message_set_timings (m, 250, 41.25);
  m = add (chat, SPARK_ROLE_ASSISTANT, "Half an ans");
  spark_message_set_parent_id (m, spark_message_get_id (nth (chat, 1)));
  spark_message_fail (m, error);
  m = add (chat, SPARK_ROLE_ASSISTANT, "Still stream");
  spark_message_set_state (m, SPARK_MESSAGE_STREAMING);
  return chat;
}

static void
assert_same_message (SparkMessage *a,
                     SparkMessage *b,
                     gboolean      same_ids)
{
  gint64 pa, ca, ra, pb, cb, rb, ta, tb;
  double sa, sb;

  if (same_ids)
    g_assert_cmpstr (spark_message_get_id (a), ==, spark_message_get_id (b));
  g_assert_cmpint (spark_message_get_role (a), ==, spark_message_get_role (b));
  g_assert_cmpstr (spark_message_get_text (a), ==, spark_message_get_text (b));
  g_assert_cmpstr (spark_message_get_reasoning (a), ==, spark_message_get_reasoning (b));
  g_assert_cmpstr (spark_message_get_model (a), ==, spark_message_get_model (b));
  g_assert_cmpstr (spark_message_get_provider (a), ==, spark_message_get_provider (b));
  spark_message_get_usage (a, &pa, &ca, &ra);
  spark_message_get_usage (b, &pb, &cb, &rb);
  g_assert_cmpint (pa, ==, pb);
  g_assert_cmpint (ca, ==, cb);
  g_assert_cmpint (ra, ==, rb);
  spark_message_get_timings (a, &ta, &sa);
  spark_message_get_timings (b, &tb, &sb);
  g_assert_cmpint (ta, ==, tb);
  g_assert_cmpfloat (sa, ==, sb);
  g_assert_cmpint (g_date_time_compare (spark_message_get_created (a), spark_message_get_created (b)), ==, 0);
  g_assert_cmpuint (spark_message_get_images (a)->len, ==, spark_message_get_images (b)->len);
  for (guint i = 0; i < spark_message_get_images (a)->len; i++)
    {
      SparkImage *ia = spark_message_get_images (a)->pdata[i];
      SparkImage *ib = spark_message_get_images (b)->pdata[i];

      g_assert_cmpstr (ia->mime_type, ==, ib->mime_type);
      g_assert_true (g_bytes_equal (ia->data, ib->data));
    }
  if (spark_message_get_error (a) != NULL)
    g_assert_cmpstr (spark_message_get_error (a)->message, ==, spark_message_get_error (b)->message);
}

static void
assert_same_content (SparkConversation *a,
                     SparkConversation *b,
                     gboolean           same_ids)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (a));

  g_assert_cmpstr (spark_conversation_get_title (a), ==, spark_conversation_get_title (b));
  g_assert_cmpint (spark_conversation_get_mode (a), ==, spark_conversation_get_mode (b));
  g_assert_cmpint (spark_conversation_get_pinned (a), ==, spark_conversation_get_pinned (b));
  g_assert_cmpint (g_date_time_compare (spark_conversation_get_created (a), spark_conversation_get_created (b)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (b)), ==, n);
  for (guint i = 0; i < n; i++)
    assert_same_message (nth (a, i), nth (b, i), same_ids);
}

static void
test_json_round_trip (void)
{
  g_autoptr (SparkConversation) chat = sample ();
  g_autoptr (SparkConversation) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = spark_export_to_json (chat);
  g_autoptr (JsonNode) root = json_from_string (json, &error);
  JsonObject *conversation;

  /* The documented shape. */
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "spark_export"), ==, 1);
  conversation = json_object_get_object_member (json_node_get_object (root), "conversation");
  g_assert_cmpstr (json_object_get_string_member (conversation, "mode"), ==, "health");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (conversation, "messages")), ==, 4);

  back = spark_export_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spark_conversation_get_id (back), ==, spark_conversation_get_id (chat));
  assert_same_content (chat, back, TRUE);
  g_assert_cmpstr (spark_message_get_parent_id (nth (back, 2)), ==, spark_message_get_id (nth (chat, 1)));
  g_assert_cmpint (spark_message_get_state (nth (back, 2)), ==, SPARK_MESSAGE_FAILED);
  /* A reply that was still arriving can't go on after an import. */
  g_assert_cmpint (spark_message_get_state (nth (back, 3)), ==, SPARK_MESSAGE_INTERRUPTED);
}

static void
test_markdown (void)
{
  g_autoptr (SparkConversation) chat = sample ();
  g_autofree char *md = spark_export_to_markdown (chat);

  g_assert_cmpstr (md, ==,
                   "# Headache <b>&amp;</b> \"tea\"\n"
                   "\n## You\n\n"
                   "Is ginger tea good for a headache?\nAsking for a friend.\n"
                   "\n## Spark\n\n"
                   "It may help with nausea; for headaches, evidence is thin. 🫖\n"
                   "\n## Spark\n\n"
                   "Half an ans\n"
                   "\n*The service failed (500).*\n"
                   "\n## Spark\n\n"
                   "Still stream\n"
                   "\n*The reply was interrupted.*\n");
}

#define MSG(fields) "{\"spark_export\":1,\"conversation\":{\"id\":\"c\",\"title\":null,\"mode\":\"chat\"," \
                    "\"created\":\"2024-05-01T10:00:00Z\",\"messages\":[" fields "]}}"
#define OK_MESSAGE "{\"id\":\"m1\",\"role\":\"user\",\"text\":\"hi\",\"state\":\"complete\",\"created\":\"2024-05-01T10:00:00Z\"}"

static const struct
{
  const char *json;
  const char *fragment;
} bad_files[] = {
  { "", "isn’t a conversation exported by Spark" },
  { "{\"spark_export\":1,\"conversation\":{\"id\":\"\xff\xfe\"}}", "isn’t UTF-8 text" },
  { "{\"spark_export\":1,", "valid JSON" },
  { "[1, 2, 3]", "isn’t a conversation exported by Spark" },
  { "{\"conversation\":{}}", "isn’t a conversation exported by Spark" },
  { "{\"spark_export\":\"1\",\"conversation\":{}}", "positive whole number" },
  { "{\"spark_export\":0,\"conversation\":{}}", "positive whole number" },
  { "{\"spark_export\":2,\"conversation\":{}}", "newer version of Spark (format 2)" },
  { "{\"spark_export\":1}", "in the file, “conversation” is missing" },
  { "{\"spark_export\":1,\"conversation\":[]}", "“conversation” must be an object" },
  { "{\"spark_export\":1,\"conversation\":{\"id\":\"c\",\"mode\":\"chat\",\"created\":\"2024-05-01T10:00:00Z\"}}", "“messages” is missing" },
  { "{\"spark_export\":1,\"conversation\":{\"id\":\"c\",\"mode\":\"cooking\",\"created\":\"2024-05-01T10:00:00Z\",\"messages\":[]}}", "“mode” is not a known mode" },
  { "{\"spark_export\":1,\"conversation\":{\"id\":\"c\",\"mode\":\"chat\",\"created\":\"yesterday\",\"messages\":[]}}", "“created” is not a date" },
  { "{\"spark_export\":1,\"conversation\":{\"id\":\"c\",\"mode\":\"chat\",\"created\":\"2024-05-01T10:00:00\",\"messages\":[]}}", "“created” is not a date" },
  { MSG ("42"), "message 1 is not an object" },
  { MSG ("{\"id\":\"m1\",\"role\":\"wizard\",\"text\":\"hi\",\"state\":\"complete\",\"created\":\"2024-05-01T10:00:00Z\"}"), "in message 1, “role” is not a known role" },
  { MSG ("{\"id\":\"m1\",\"role\":\"user\",\"text\":7,\"state\":\"complete\",\"created\":\"2024-05-01T10:00:00Z\"}"), "“text” must be text" },
  { MSG ("{\"id\":\"m1\",\"role\":\"user\",\"state\":\"complete\",\"created\":\"2024-05-01T10:00:00Z\"}"), "“text” is missing" },
  { MSG ("{\"id\":\"m1\",\"role\":\"user\",\"text\":\"hi\",\"state\":\"done\",\"created\":\"2024-05-01T10:00:00Z\"}"), "“state” is not a known state" },
  { MSG (OK_MESSAGE "," OK_MESSAGE), "in message 2, “id” is used by an earlier message" },
  { MSG ("{\"id\":\"m1\",\"parent_id\":\"m9\",\"role\":\"user\",\"text\":\"hi\",\"state\":\"complete\",\"created\":\"2024-05-01T10:00:00Z\"}"), "“parent_id” does not name an earlier message" },
  { MSG ("{\"id\":\"m1\",\"role\":\"user\",\"text\":\"hi\",\"state\":\"complete\",\"created\":\"2024-05-01T10:00:00Z\",\"usage\":{\"prompt_tokens\":-5}}"), "“prompt_tokens” must not be negative" },
  { MSG ("{\"id\":\"m1\",\"role\":\"user\",\"text\":\"hi\",\"state\":\"complete\",\"created\":\"2024-05-01T10:00:00Z\",\"usage\":{\"prompt_tokens\":1.5}}"), "“prompt_tokens” must be a whole number" },
  { MSG ("{\"id\":\"m1\",\"role\":\"user\",\"text\":\"hi\",\"state\":\"complete\",\"created\":\"2024-05-01T10:00:00Z\",\"images\":[{\"mime_type\":\"image/png\",\"data\":\"@@@@\"}]}"), "“data” is not base64" },
  { MSG ("{\"id\":\"m1\",\"role\":\"user\",\"text\":\"hi\",\"state\":\"complete\",\"created\":\"2024-05-01T10:00:00Z\",\"images\":[{\"mime_type\":\"text/html\",\"data\":\"AAAA\"}]}"), "“mime_type” is not an image type" },
  { MSG (OK_MESSAGE ",{\"id\":\"m2\",\"role\":\"assistant\",\"text\":null,\"state\":\"complete\",\"created\":\"2024-05-01T10:00:00Z\"}"), "in message 2, “text” must not be null" },
};

static void
test_bad_json (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SparkConversation) conversation = spark_export_from_json (bad_files[i].json, -1, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(accepted)");
      g_assert_null (conversation);
      g_assert_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT);
      if (strstr (error->message, bad_files[i].fragment) == NULL)
        g_error ("case %u: “%s” not in “%s”", i, bad_files[i].fragment, error->message);
    }

  /* The smallest good file, for contrast. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (SparkConversation) conversation = spark_export_from_json (MSG (OK_MESSAGE), -1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (conversation)), ==, 1);
  }
}

static GFile *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return g_file_new_for_path (path);
}

static void
test_store_import (void)
{
  g_autofree char *dir = spark_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "spark.db", NULL);
  g_autoptr (SparkConversation) chat = sample ();
  g_autoptr (SparkConversation) back = NULL;
  g_autoptr (SparkStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = spark_export_to_json (chat);
  g_autofree char *id = NULL;
  g_autoptr (GFile) good = write_file (dir, "good.json", json);
  g_autoptr (GFile) missing = g_file_new_for_path ("/nonexistent/spark-export.json");

  store = spark_store_test_open (path, &error);
  g_assert_no_error (error);

  /* A round trip through the store: a new conversation, same content. */
  id = spark_store_test_import (store, good, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, !=, spark_conversation_get_id (chat));
  back = spark_store_test_load (store, id, 0, &error);
  g_assert_no_error (error);
  assert_same_content (chat, back, FALSE);
  /* Versions keep pointing at each other under their new ids. */
  g_assert_cmpstr (spark_message_get_parent_id (nth (back, 2)), ==, spark_message_get_id (nth (back, 1)));
  g_assert_cmpstr (spark_message_get_id (nth (back, 1)), !=, spark_message_get_id (nth (chat, 1)));
  g_assert_cmpint (spark_message_get_state (nth (back, 3)), ==, SPARK_MESSAGE_INTERRUPTED);

  /* Every bad file is refused and nothing of it lands in the history. */
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *name = g_strdup_printf ("bad-%u.json", i);
      g_autoptr (GFile) bad = write_file (dir, name, bad_files[i].json);
      g_autofree char *none = spark_store_test_import (store, bad, &error);

      g_assert_null (none);
      g_assert_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT);
      g_clear_error (&error);
    }
  g_assert_null (spark_store_test_import (store, missing, &error));
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT);
  g_assert_nonnull (strstr (error->message, "Can’t read"));
  g_assert_true (spark_store_test_flush (store, NULL));
  g_assert_cmpint (spark_store_test_sql_int (path, "SELECT COUNT (*) FROM conversations"), ==, 1);
  g_assert_cmpint (spark_store_test_sql_int (path, "SELECT COUNT (*) FROM messages"), ==, 4);

  spark_store_close (store);
  spark_test_dir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/json-round-trip", test_json_round_trip);
  g_test_add_func ("/export/markdown", test_markdown);
  g_test_add_func ("/export/bad-json", test_bad_json);
  g_test_add_func ("/export/store-import", test_store_import);
  return g_test_run ();
}
