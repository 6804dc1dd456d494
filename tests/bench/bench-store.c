/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the history store on a database of 100,000 messages (one
 * conversation of 10,000, the rest in conversations of 100), built
 * through the store's own writer. Figures, each with a reference measured
 * in the same run on the same database:
 *   - writing: the store's queue (upserts, FTS triggers, batching) vs a
 *     raw INSERT of the same rows into a plain table in one transaction;
 *   - search as typed (end to end: worker thread, FTS5 MATCH, bm25 order,
 *     snippets; target ≤ 50 ms) vs the naive search, a LIKE '%word%' scan;
 *   - opening the 10,000-message conversation on its latest page (end to
 *     end; the window's first paint waits on this) vs a raw COUNT(*) of
 *     its messages; loading it whole is shown too.
 * Prints figures; asserts nothing about speed. */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>

#include "spark-store.h"

#define N_MESSAGES 100000
#define BIG_CHAT 10000
#define SMALL_CHAT 100
#define PAGE 50
#define RUNS 15

static const char *common[] = {
  "the",
  "a",
  "to",
  "of",
  "and",
  "is",
  "in",
  "that",
  "it",
  "for",
  "you",
  "can",
  "with",
  "be",
  "on",
  "this",
  "as",
  "are",
  "day",
  "museum",
  "visit",
  "walk",
  "train",
  "price",
  "hotel",
  "kids",
  "river",
  "cheap",
  "review",
  "battery",
  "screen",
  "travel",
  "budget",
  "morning",
  "evening",
  "ticket",
  "open",
};

static const char *rare[] = {
  "Porto",
  "Lisbon",
  "cellar",
  "azulejo",
  "funicular",
  "Douro",
  "pastel",
  "tram",
  "Gaia",
  "Ribeira",
  "kettle",
  "espresso",
  "headphones",
  "thermostat",
  "vitamin",
  "ibuprofen",
  "sourdough",
  "marathon",
};

static guint32 seed = 2024;

static guint
next (guint n)
{
  seed = seed * 1103515245 + 12345;
  return (seed >> 8) % n;
}

/* A message of 20-80 words: mostly common words, some rare ones, and
 * made-up words for a long tail of vocabulary. */
static char *
make_text (void)
{
  GString *s = g_string_new (NULL);
  guint    words = 20 + next (60);

  for (guint i = 0; i < words; i++)
    {
      guint kind = next (100);

      if (i > 0)
        g_string_append_c (s, ' ');
      if (kind < 75)
        g_string_append (s, common[next (G_N_ELEMENTS (common))]);
      else if (kind < 80)
        g_string_append (s, rare[next (G_N_ELEMENTS (rare))]);
      else
        for (guint k = 0, len = 2 + next (3); k < len; k++)
          g_string_append (s, (const char *[]){ "ka", "lo", "mi", "ne", "ru", "ta", "zo", "pe", "si", "du" }[next (10)]);
    }
  g_string_append_c (s, '.');
  return g_string_free (s, FALSE);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
got_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (!has_result (slot))
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), cmp_double);
  return values[n / 2];
}

static void
flush (SparkStore *store)
{
  GAsyncResult *result = NULL;

  spark_store_flush_async (store, NULL, got_cb, &result);
  if (!spark_store_flush_finish (store, wait_for (&result), NULL))
    g_error ("flush failed");
  g_object_unref (result);
}

/* The store's search, end to end; returns ms and the number of hits. */
static double
store_search (SparkStore *store,
              const char *query,
              guint      *n_hits)
{
  GAsyncResult *result = NULL;
  gint64        start = g_get_monotonic_time ();
  GListModel   *hits;
  double        ms;

  spark_store_search_async (store, query, 20, NULL, got_cb, &result);
  hits = spark_store_search_finish (store, wait_for (&result), NULL);
  ms = ms_since (start);
  *n_hits = hits ? g_list_model_get_n_items (hits) : 0;
  g_clear_object (&hits);
  g_object_unref (result);
  return ms;
}

/* The naive search: scan every message for the word, newest first. */
static double
like_search (sqlite3    *db,
             const char *word,
             guint      *n_hits)
{
  g_autofree char *pattern = g_strdup_printf ("%%%s%%", word);
  sqlite3_stmt    *stmt = NULL;
  gint64           start = g_get_monotonic_time ();

  sqlite3_prepare_v2 (db, "SELECT id, text FROM messages WHERE text LIKE ?1 ORDER BY created DESC LIMIT 20", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  *n_hits = 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    (*n_hits)++;
  sqlite3_finalize (stmt);
  return ms_since (start);
}

static double
store_load (SparkStore *store,
            const char *id,
            guint       max_messages,
            guint      *n)
{
  GAsyncResult      *result = NULL;
  gint64             start = g_get_monotonic_time ();
  SparkConversation *conversation;
  double             ms;

  spark_store_load_conversation_async (store, id, max_messages, NULL, got_cb, &result);
  conversation = spark_store_load_conversation_finish (store, wait_for (&result), NULL);
  ms = ms_since (start);
  *n = conversation ? g_list_model_get_n_items (G_LIST_MODEL (conversation)) : 0;
  g_clear_object (&conversation);
  g_object_unref (result);
  return ms;
}

static double
raw_count (sqlite3    *db,
           const char *id,
           guint      *n)
{
  sqlite3_stmt *stmt = NULL;
  gint64        start = g_get_monotonic_time ();

  sqlite3_prepare_v2 (db, "SELECT COUNT (*) FROM messages WHERE conversation_id = ?1", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  *n = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
  sqlite3_finalize (stmt);
  return ms_since (start);
}

/* The same rows, raw: one transaction into a table without FTS. */
static double
raw_insert (const char *dir,
            GPtrArray  *texts)
{
  g_autofree char *path = g_build_filename (dir, "raw.db", NULL);
  sqlite3         *db = NULL;
  sqlite3_stmt    *stmt = NULL;
  gint64           start = g_get_monotonic_time ();

  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                    "CREATE TABLE m (seq INTEGER PRIMARY KEY, id TEXT UNIQUE, conversation_id TEXT, text TEXT, created INTEGER);"
                    "BEGIN",
                NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO m (id, conversation_id, text, created) VALUES (?1, ?2, ?3, ?4)", -1, &stmt, NULL);
  for (guint i = 0; i < texts->len; i++)
    {
      g_autofree char *id = g_uuid_string_random ();

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, "conversation", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, texts->pdata[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, i);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  return ms_since (start);
}

int
main (void)
{
  g_autofree char *dir = g_dir_make_tmp ("spark-bench-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "spark.db", NULL);
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (SparkStore) store = NULL;
  g_autoptr (SparkConversation) big = spark_conversation_new ();
  g_autoptr (SparkConversation) small = NULL;
  GAsyncResult *result = NULL;
  sqlite3      *db = NULL;
  gint64        start;
  double        write_ms, raw_ms;
  /* Rare and common words, two words, and words half typed: "ri"/"rib"
   * (prefix index), "morni" (expanded into the words it starts). */
  const char *queries[] = { "cellar", "Porto", "the", "funicular Douro", "kids river", "ri", "rib", "ribei", "morni", "kids riv", "zzzz" };
  guint       n, n_ref;

  /* Figures from a busy machine are slower; say how busy it was. */
  {
    g_autofree char *load = NULL;
    if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
      printf ("Load average at start: %s\n", g_strstrip (load));
  }

  for (guint i = 0; i < N_MESSAGES; i++)
    g_ptr_array_add (texts, make_text ());

  spark_store_open_async (path, NULL, got_cb, &result);
  store = spark_store_open_finish (wait_for (&result), NULL);
  g_clear_object (&result);
  g_assert (store != NULL);

  /* Build the history through the writer, as the app would. */
  start = g_get_monotonic_time ();
  spark_conversation_set_title (big, "The long one");
  spark_store_save_conversation (store, big);
  for (guint i = 0; i < N_MESSAGES; i++)
    {
      SparkConversation *into = big;
      g_autoptr (SparkMessage) message = spark_message_new (i % 2 ? SPARK_ROLE_ASSISTANT : SPARK_ROLE_USER, texts->pdata[i]);

      if (i >= BIG_CHAT)
        {
          if ((i - BIG_CHAT) % SMALL_CHAT == 0)
            {
              g_clear_object (&small);
              small = spark_conversation_new ();
              spark_store_save_conversation (store, small);
            }
          into = small;
        }
      spark_store_save_message (store, spark_conversation_get_id (into), message);
    }
  flush (store);
  write_ms = ms_since (start);
  raw_ms = raw_insert (dir, texts);
  printf ("Writing %d messages through the store's queue: %.0f ms (%.0f messages/s)\n"
          "  reference, raw INSERT in one transaction, no FTS: %.0f ms — ratio %.1f×\n\n",
          N_MESSAGES, write_ms, N_MESSAGES / (write_ms / 1000), raw_ms, write_ms / raw_ms);

  sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);

  printf ("Search over %d messages (median of %d, 20 results with snippets; target ≤ 50 ms):\n", N_MESSAGES, RUNS);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      double fts[RUNS], like[RUNS];
      g_auto (GStrv) words = g_strsplit (queries[q], " ", -1);

      for (guint r = 0; r < RUNS; r++)
        {
          fts[r] = store_search (store, queries[q], &n);
          like[r] = like_search (db, words[0], &n_ref);
        }
      printf ("  %-18s %6.2f ms (%2u hits)   reference LIKE '%%%s%%' scan %7.2f ms — %5.1f× faster\n",
              queries[q], median (fts, RUNS), n, words[0], median (like, RUNS),
              median (like, RUNS) / median (fts, RUNS));
    }

  printf ("\nOpening the %d-message conversation (median of %d, end to end):\n", BIG_CHAT, RUNS);
  {
    double page[RUNS], all[RUNS], count[RUNS];
    guint  n_all;

    for (guint r = 0; r < RUNS; r++)
      {
        page[r] = store_load (store, spark_conversation_get_id (big), PAGE, &n);
        all[r] = store_load (store, spark_conversation_get_id (big), 0, &n_all);
        count[r] = raw_count (db, spark_conversation_get_id (big), &n_ref);
      }
    printf ("  latest page of %u messages: %.2f ms\n"
            "  all %u messages:            %.2f ms\n"
            "  reference, raw SELECT COUNT(*) of its %u messages: %.2f ms — page/count ratio %.1f×\n",
            n, median (page, RUNS), n_all, median (all, RUNS), n_ref, median (count, RUNS),
            median (page, RUNS) / median (count, RUNS));
  }

  sqlite3_close (db);
  spark_store_close (store);
  g_clear_object (&store);
  {
    const char *files[] = { "spark.db", "spark.db-wal", "spark.db-shm", "spark.db.lock", "raw.db", "raw.db-wal", "raw.db-shm" };
    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *file = g_build_filename (dir, files[i], NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }
  return 0;
}
