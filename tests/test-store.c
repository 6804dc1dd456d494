/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The history store: what is saved comes back exactly (text, states,
 * errors, usage, timings, images, results), the sidebar's order, renames,
 * pins and deletes, pages of a long conversation, the upgrade of a
 * hand-made version 1 database, full-text search with snippets and with
 * every kind of FTS5 syntax typed as a query, a writer and readers at
 * once, and replies left streaming by a crash found interrupted. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "spark-error.h"
#include "spark-store-schema.h"
#include "spark-store-test.h"
#include "spark-store-tracker.h"
#include "spark-test-util.h"

typedef struct
{
  char       *dir;
  char       *path;
  SparkStore *store;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = spark_test_dir_new ();
  /* A folder that doesn't exist yet: the store creates it. */
  f->path = g_build_filename (f->dir, "data", "spark", "spark.db", NULL);
  f->store = spark_store_test_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  g_clear_object (&f->store);
  g_free (f->path);
  spark_test_dir_free (f->dir);
}

static void
reopen (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  spark_store_close (f->store);
  g_clear_object (&f->store);
  f->store = spark_store_test_open (f->path, &error);
  g_assert_no_error (error);
}

static void
flush (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (spark_store_test_flush (f->store, &error));
  g_assert_no_error (error);
}

static SparkMessage *
add (SparkConversation *conversation,
     SparkRole          role,
     const char        *text)
{
  g_autoptr (SparkMessage) message = spark_message_new (role, text);

  spark_conversation_append (conversation, message);
  return message;
}

/* Saves @conversation and all its messages, in order. */
static void
save_all (Fixture           *f,
          SparkConversation *conversation)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (conversation));

  spark_store_save_conversation (f->store, conversation);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SparkMessage) message = g_list_model_get_item (G_LIST_MODEL (conversation), i);
      spark_store_save_message (f->store, spark_conversation_get_id (conversation), message);
    }
}

static SparkConversation *
load (Fixture    *f,
      const char *id)
{
  g_autoptr (GError) error = NULL;
  SparkConversation *conversation = spark_store_test_load (f->store, id, 0, &error);

  g_assert_no_error (error);
  return conversation;
}

static SparkMessage *
nth (SparkConversation *conversation,
     guint              i)
{
  g_autoptr (SparkMessage) message = g_list_model_get_item (G_LIST_MODEL (conversation), i);
  g_assert_nonnull (message);
  return message; /* the conversation keeps it alive */
}

static void
assert_same_time (GDateTime *a,
                  GDateTime *b)
{
  g_assert_cmpint (g_date_time_compare (a, b), ==, 0);
}

static gboolean
count_positive (gpointer data)
{
  return *(guint *) data > 0;
}

static void
count_cb (GObject *object,
          guint   *count)
{
  (*count)++;
}

static void
failed_cb (SparkStore   *store,
           const GError *error,
           guint        *count)
{
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_FAILED);
  (*count)++;
}

static GDateTime *
at (gint64 seconds)
{
  return g_date_time_new_from_unix_utc (1700000000 + seconds);
}

static void
test_crud (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (SparkConversation) trip = spark_conversation_new ();
  g_autoptr (SparkConversation) back = NULL;
  g_autoptr (GListModel) list = NULL;
  g_autoptr (SparkConversationInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = g_bytes_new_static ("\x89PNG\r\n\x1a\n\0\1", 10);
  g_autoptr (GError) cut = g_error_new_literal (SPARK_ERROR, SPARK_ERROR_STREAM_CUT, "The connection was lost.");
  g_autofree char *json = NULL;
  SparkMessage    *question, *answer, *failed, *m;
  GPtrArray       *images;
  gint64           p, c, r, ttft;
  double           speed;
  guint            changes = 0;

  g_signal_connect (f->store, "conversations-changed", G_CALLBACK (count_cb), &changes);
  spark_conversation_set_title (trip, "Three days in Porto");
  spark_conversation_set_mode (trip, SPARK_MODE_TRAVEL);
  question = add (trip, SPARK_ROLE_USER, "Plan three days in Porto with kids");
  spark_message_add_image (question, "image/png", png);
  {
    /* A photo: the downscaled JPEG goes on the wire, the original is kept. */
    g_autoptr (GBytes) small = g_bytes_new_static ("\xff\xd8\xff small", 9);
    g_autoptr (GBytes) big = g_bytes_new_static ("\xff\xd8\xff the original, bigger", 25);
    g_autoptr (SparkImage) photo = spark_image_new ("image/jpeg", small);

    photo->original = g_bytes_ref (big);
    photo->original_mime_type = g_strdup ("image/jpeg");
    spark_message_append_image (question, photo);
  }
  answer = add (trip, SPARK_ROLE_ASSISTANT, "Day 1: the Ribeira…");
  spark_message_append_reasoning (answer, "They have kids, so short walks.", -1);
  spark_message_set_model (answer, "llama3.2:3b");
  spark_message_set_provider (answer, "ollama");
  spark_message_set_usage (answer, 120, 480, 32);
  spark_message_set_timings (answer, 412, 37.5);
  failed = add (trip, SPARK_ROLE_ASSISTANT, "Day 2: ");
  spark_message_fail (failed, cut);
  save_all (f, trip);
  spark_store_save_result (f->store, spark_message_get_id (answer), "{\"days\":[]}");
  flush (f);
  /* A new conversation is news for the sidebar. */
  g_assert_true (spark_test_wait_until (count_positive, &changes, SPARK_STORE_TEST_TIMEOUT_MS));

  list = spark_store_test_list (f->store);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  info = g_list_model_get_item (list, 0);
  g_assert_cmpstr (spark_conversation_info_get_id (info), ==, spark_conversation_get_id (trip));
  g_assert_cmpstr (spark_conversation_info_get_title (info), ==, "Three days in Porto");
  g_assert_cmpint (spark_conversation_info_get_mode (info), ==, SPARK_MODE_TRAVEL);
  g_assert_cmpuint (spark_conversation_info_get_n_messages (info), ==, 3);

  /* Everything comes back as it was, after closing and opening again. */
  reopen (f);
  back = load (f, spark_conversation_get_id (trip));
  g_assert_cmpstr (spark_conversation_get_title (back), ==, "Three days in Porto");
  g_assert_cmpint (spark_conversation_get_mode (back), ==, SPARK_MODE_TRAVEL);
  assert_same_time (spark_conversation_get_created (back), spark_conversation_get_created (trip));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (back)), ==, 3);

  m = nth (back, 0);
  g_assert_cmpstr (spark_message_get_id (m), ==, spark_message_get_id (question));
  g_assert_cmpint (spark_message_get_role (m), ==, SPARK_ROLE_USER);
  g_assert_cmpstr (spark_message_get_text (m), ==, "Plan three days in Porto with kids");
  assert_same_time (spark_message_get_created (m), spark_message_get_created (question));
  images = spark_message_get_images (m);
  g_assert_cmpuint (images->len, ==, 2);
  g_assert_cmpstr (((SparkImage *) images->pdata[0])->mime_type, ==, "image/png");
  g_assert_true (g_bytes_equal (((SparkImage *) images->pdata[0])->data, png));
  g_assert_null (((SparkImage *) images->pdata[0])->original);
  /* The original comes back for display; the wire bytes too. */
  g_assert_cmpuint (g_bytes_get_size (((SparkImage *) images->pdata[1])->data), ==, 9);
  g_assert_cmpuint (g_bytes_get_size (((SparkImage *) images->pdata[1])->original), ==, 25);
  g_assert_cmpstr (((SparkImage *) images->pdata[1])->original_mime_type, ==, "image/jpeg");

  m = nth (back, 1);
  g_assert_cmpint (spark_message_get_state (m), ==, SPARK_MESSAGE_COMPLETE);
  g_assert_cmpstr (spark_message_get_reasoning (m), ==, "They have kids, so short walks.");
  g_assert_cmpstr (spark_message_get_model (m), ==, "llama3.2:3b");
  g_assert_cmpstr (spark_message_get_provider (m), ==, "ollama");
  spark_message_get_usage (m, &p, &c, &r);
  g_assert_cmpint (p, ==, 120);
  g_assert_cmpint (c, ==, 480);
  g_assert_cmpint (r, ==, 32);
  spark_message_get_timings (m, &ttft, &speed);
  g_assert_cmpint (ttft, ==, 412);
  g_assert_cmpfloat (speed, ==, 37.5);
  json = spark_store_test_load_result (f->store, spark_message_get_id (m));
  g_assert_cmpstr (json, ==, "{\"days\":[]}");

  m = nth (back, 2);
  g_assert_cmpint (spark_message_get_state (m), ==, SPARK_MESSAGE_FAILED);
  g_assert_cmpstr (spark_message_get_text (m), ==, "Day 2: ");
  g_assert_error (spark_message_get_error (m), SPARK_ERROR, SPARK_ERROR_STREAM_CUT);
  g_assert_cmpstr (spark_message_get_error (m)->message, ==, "The connection was lost.");
  g_clear_pointer (&json, g_free);
  json = spark_store_test_load_result (f->store, spark_message_get_id (m));
  g_assert_null (json);

  /* A missing conversation is a clear error. */
  g_assert_null (spark_store_test_load (f->store, "no-such-id", 0, &error));
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_NOT_FOUND);

  /* Deleting takes the messages, images and results with it. */
  spark_store_delete_conversation (f->store, spark_conversation_get_id (trip));
  flush (f);
  g_clear_object (&list);
  list = spark_store_test_list (f->store);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  g_assert_cmpint (spark_store_test_sql_int (f->path, "SELECT COUNT (*) FROM messages"), ==, 0);
  g_assert_cmpint (spark_store_test_sql_int (f->path, "SELECT COUNT (*) FROM attachments"), ==, 0);
  g_assert_cmpint (spark_store_test_sql_int (f->path, "SELECT COUNT (*) FROM results"), ==, 0);
  g_assert_cmpint (spark_store_test_sql_int (f->path, "SELECT COUNT (*) FROM messages_fts WHERE messages_fts MATCH 'porto'"), ==, 0);
  /* Private: only the owner can read the history. */
  {
    GStatBuf st;
    g_assert_cmpint (g_stat (f->path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0077, ==, 0);
  }
}

static char *
ids_in_order (GListModel *list)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (SparkConversationInfo) info = g_list_model_get_item (list, i);
      g_string_append (out, spark_conversation_info_get_title (info));
    }
  return g_string_free (out, FALSE);
}

static void
test_order (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (SparkConversation) a = spark_conversation_new ();
  g_autoptr (SparkConversation) b = spark_conversation_new ();
  g_autoptr (SparkConversation) c = spark_conversation_new ();
  g_autoptr (GDateTime) t1 = at (1);
  g_autoptr (GDateTime) t2 = at (2);
  g_autoptr (GDateTime) t3 = at (3);
  g_autoptr (GListModel) list = NULL;
  g_autofree char *order = NULL;
  SparkMessage    *late;

  spark_conversation_set_title (a, "A");
  spark_conversation_set_title (b, "B");
  spark_conversation_set_title (c, "C");
  spark_conversation_set_times (a, t1, t1);
  spark_conversation_set_times (b, t2, t2);
  spark_conversation_set_times (c, t3, t3);
  spark_store_save_conversation (f->store, a);
  spark_store_save_conversation (f->store, b);
  spark_store_save_conversation (f->store, c);
  flush (f);
  list = spark_store_test_list (f->store);
  order = ids_in_order (list);
  g_assert_cmpstr (order, ==, "CBA"); /* newest first */

  /* Pinned first; a rename shows. */
  spark_store_pin_conversation (f->store, spark_conversation_get_id (a), TRUE);
  spark_store_rename_conversation (f->store, spark_conversation_get_id (b), "Bee");
  flush (f);
  g_clear_object (&list);
  g_clear_pointer (&order, g_free);
  list = spark_store_test_list (f->store);
  order = ids_in_order (list);
  g_assert_cmpstr (order, ==, "ACBee");

  /* A new message makes its conversation the newest. */
  late = add (b, SPARK_ROLE_USER, "one more thing");
  spark_store_save_message (f->store, spark_conversation_get_id (b), late);
  flush (f);
  g_clear_object (&list);
  g_clear_pointer (&order, g_free);
  list = spark_store_test_list (f->store);
  order = ids_in_order (list);
  g_assert_cmpstr (order, ==, "ABeeC");
}

static void
test_pages (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (SparkConversation) long_chat = spark_conversation_new ();
  g_autoptr (SparkConversation) shown = NULL;
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (GListModel) list = NULL;
  g_autoptr (SparkConversationInfo) info = NULL;
  const char *id = spark_conversation_get_id (long_chat);

  for (guint i = 1; i <= 120; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);
      add (long_chat, i % 2 ? SPARK_ROLE_USER : SPARK_ROLE_ASSISTANT, text);
    }
  save_all (f, long_chat);
  flush (f);

  /* The chat opens on its latest page... */
  shown = spark_store_test_load (f->store, id, 50, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown)), ==, 50);
  g_assert_cmpstr (spark_message_get_text (nth (shown, 0)), ==, "message 71");
  g_assert_cmpstr (spark_message_get_text (nth (shown, 49)), ==, "message 120");

  /* ...and older pages come in front of it, in order. */
  page = spark_store_test_page (f->store, id, spark_message_get_id (nth (shown, 0)), 50);
  g_assert_cmpuint (page->len, ==, 50);
  spark_conversation_prepend (shown, page);
  g_clear_pointer (&page, g_ptr_array_unref);
  page = spark_store_test_page (f->store, id, spark_message_get_id (nth (shown, 0)), 50);
  g_assert_cmpuint (page->len, ==, 20);
  spark_conversation_prepend (shown, page);
  g_clear_pointer (&page, g_ptr_array_unref);
  page = spark_store_test_page (f->store, id, spark_message_get_id (nth (shown, 0)), 50);
  g_assert_cmpuint (page->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown)), ==, 120);
  for (guint i = 0; i < 120; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i + 1);
      g_assert_cmpstr (spark_message_get_text (nth (shown, i)), ==, text);
    }

  /* A detached message (a replaced reply) stays stored but leaves the
   * thread; a deleted one is gone. */
  spark_store_detach_message (f->store, spark_message_get_id (nth (long_chat, 119)), NULL);
  spark_store_delete_message (f->store, spark_message_get_id (nth (long_chat, 118)));
  flush (f);
  g_clear_object (&shown);
  shown = load (f, id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown)), ==, 118);
  g_assert_cmpstr (spark_message_get_text (spark_conversation_get_last (shown)), ==, "message 118");
  g_assert_cmpint (spark_store_test_sql_int (f->path, "SELECT COUNT (*) FROM messages"), ==, 119);
  list = spark_store_test_list (f->store);
  info = g_list_model_get_item (list, 0);
  g_assert_cmpuint (spark_conversation_info_get_n_messages (info), ==, 118);
}

/* The first released schema, written by hand: if a migration step ever
 * breaks old data, this is where it shows. */
static const char v1_schema[] =
  "CREATE TABLE conversations (id TEXT PRIMARY KEY NOT NULL, title TEXT, mode TEXT NOT NULL DEFAULT 'chat',"
  "  pinned INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL, updated INTEGER NOT NULL);"
  "CREATE TABLE messages (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
  "  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,"
  "  role TEXT NOT NULL, text TEXT NOT NULL DEFAULT '', state TEXT NOT NULL DEFAULT 'complete',"
  "  model TEXT, created INTEGER NOT NULL);"
  "CREATE INDEX messages_by_conversation ON messages (conversation_id, seq);"
  "INSERT INTO conversations VALUES ('c-old', 'Old shopping', 'shopping', 1, 1600000000000000, 1600000100000000);"
  "INSERT INTO messages (id, conversation_id, role, text, state, model, created) VALUES"
  "  ('m1', 'c-old', 'user', 'Which kettle boils fastest?', 'complete', NULL, 1600000000000000),"
  "  ('m2', 'c-old', 'assistant', 'The Bosch TWK boils a litre in ninety seconds', 'complete', 'mistral', 1600000050000000),"
  "  ('m3', 'c-old', 'user', 'And the quietest?', 'complete', NULL, 1600000060000000),"
  "  ('m4', 'c-old', 'assistant', 'The quietest is', 'streaming', 'mistral', 1600000070000000);"
  "PRAGMA user_version = 1;";

static void
write_db (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char    *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  sqlite3_close (db);
}

static void
test_migrate_v1 (void)
{
  g_autofree char *dir = spark_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "spark.db", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer.db", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.db", NULL);
  g_autoptr (SparkStore) store = NULL;
  g_autoptr (SparkConversation) old = NULL;
  g_autoptr (GListModel) hits = NULL;
  g_autoptr (SparkSearchHit) hit = NULL;
  g_autoptr (GError) error = NULL;

  write_db (path, v1_schema);
  store = spark_store_test_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (spark_store_test_sql_int (path, "PRAGMA user_version"), ==, SPARK_STORE_SCHEMA_VERSION);
  /* The reply a version 1 app left streaming is recovered too. */
  g_assert_cmpuint (spark_store_get_n_recovered (store), ==, 1);

  old = spark_store_test_load (store, "c-old", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spark_conversation_get_title (old), ==, "Old shopping");
  g_assert_cmpint (spark_conversation_get_mode (old), ==, SPARK_MODE_SHOPPING);
  g_assert_true (spark_conversation_get_pinned (old));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (old)), ==, 4);
  g_assert_cmpstr (spark_message_get_id (nth (old, 0)), ==, "m1");
  g_assert_cmpstr (spark_message_get_text (nth (old, 1)), ==, "The Bosch TWK boils a litre in ninety seconds");
  g_assert_cmpstr (spark_message_get_model (nth (old, 1)), ==, "mistral");
  g_assert_cmpint (spark_message_get_state (nth (old, 3)), ==, SPARK_MESSAGE_INTERRUPTED);
  g_assert_cmpstr (spark_message_get_text (nth (old, 3)), ==, "The quietest is");

  /* Old text is searchable, and new messages go after the old ones. */
  hits = spark_store_test_search (store, "kettle", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (hits), ==, 1);
  hit = g_list_model_get_item (hits, 0);
  g_assert_cmpstr (spark_search_hit_get_message_id (hit), ==, "m1");
  {
    g_autoptr (SparkMessage) more = spark_message_new (SPARK_ROLE_USER, "Thanks");
    g_autoptr (SparkConversation) again = NULL;

    spark_store_save_message (store, "c-old", more);
    g_assert_true (spark_store_test_flush (store, NULL));
    again = spark_store_test_load (store, "c-old", 0, NULL);
    g_assert_cmpstr (spark_message_get_text (spark_conversation_get_last (again)), ==, "Thanks");
  }
  g_clear_object (&store);

  /* A database from a newer Spark is refused, not damaged. */
  write_db (newer, "CREATE TABLE future (x); PRAGMA user_version = 99;");
  g_assert_null (spark_store_test_open (newer, &error));
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "newer version of Spark"));
  g_clear_error (&error);
  g_assert_cmpint (spark_store_test_sql_int (newer, "PRAGMA user_version"), ==, 99);

  /* Something that isn't a database at all. */
  g_assert_true (g_file_set_contents (junk, "this is not a database, just some text that is long enough", -1, NULL));
  g_assert_null (spark_store_test_open (junk, &error));
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "not a Spark history or is damaged"));

  spark_test_dir_free (g_steal_pointer (&dir));
}

static void
test_recover (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (SparkConversation) chat = spark_conversation_new ();
  g_autoptr (SparkConversation) back = NULL;
  g_autoptr (SparkStore) other = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *state = NULL;
  SparkMessage    *streaming, *pending;

  add (chat, SPARK_ROLE_USER, "Tell me a long story");
  streaming = add (chat, SPARK_ROLE_ASSISTANT, "Once upon a ti");
  spark_message_set_state (streaming, SPARK_MESSAGE_STREAMING);
  pending = add (chat, SPARK_ROLE_ASSISTANT, "Another");
  spark_message_set_state (pending, SPARK_MESSAGE_PENDING);
  save_all (f, chat);
  flush (f);

  /* While another process has the history open, its streaming reply is
   * live: opening must not call it interrupted. */
  other = spark_store_test_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (spark_store_get_n_recovered (other), ==, 0);
  spark_store_close (other);
  g_clear_object (&other);
  state = spark_store_test_sql_text (f->path, "SELECT state FROM messages WHERE text = 'Once upon a ti'");
  g_assert_cmpstr (state, ==, "streaming");

  /* Alone again after a "crash": both become interrupted, text kept. */
  reopen (f);
  g_assert_cmpuint (spark_store_get_n_recovered (f->store), ==, 2);
  back = load (f, spark_conversation_get_id (chat));
  g_assert_cmpint (spark_message_get_state (nth (back, 1)), ==, SPARK_MESSAGE_INTERRUPTED);
  g_assert_cmpstr (spark_message_get_text (nth (back, 1)), ==, "Once upon a ti");
  g_assert_cmpint (spark_message_get_state (nth (back, 2)), ==, SPARK_MESSAGE_INTERRUPTED);
  g_assert_cmpint (spark_message_get_state (nth (back, 0)), ==, SPARK_MESSAGE_COMPLETE);

  reopen (f);
  g_assert_cmpuint (spark_store_get_n_recovered (f->store), ==, 0);
}

static void
test_write_failed (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (SparkMessage) orphan = spark_message_new (SPARK_ROLE_USER, "nobody's message");
  g_autoptr (SparkConversation) fine = spark_conversation_new ();
  g_autoptr (GError) error = NULL;
  guint failures = 0;

  g_signal_connect (f->store, "write-failed", G_CALLBACK (failed_cb), &failures);
  /* Its conversation was never saved. */
  spark_store_save_message (f->store, "no-such-conversation", orphan);
  add (fine, SPARK_ROLE_USER, "but this one is fine");
  save_all (f, fine);
  g_assert_false (spark_store_test_flush (f->store, &error));
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_FAILED);
  g_assert_true (spark_test_wait_until (count_positive, &failures, SPARK_STORE_TEST_TIMEOUT_MS));
  /* Only the bad write was undone; the next flush is clean again. */
  g_assert_cmpint (spark_store_test_sql_int (f->path, "SELECT COUNT (*) FROM messages"), ==, 1);
  g_assert_true (spark_store_test_flush (f->store, NULL));

  /* After close, writes are dropped and reads say so. */
  spark_store_close (f->store);
  spark_store_save_message (f->store, spark_conversation_get_id (fine), orphan);
  g_clear_error (&error);
  g_assert_false (spark_store_test_flush (f->store, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_null (spark_store_test_load (f->store, spark_conversation_get_id (fine), 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/crud", test_crud);
  ADD ("/store/order", test_order);
  ADD ("/store/pages", test_pages);
  ADD ("/store/recover-interrupted", test_recover);
  ADD ("/store/write-failed", test_write_failed);
#undef ADD
  g_test_add_func ("/store/migrate-v1", test_migrate_v1);
  return g_test_run ();
}
