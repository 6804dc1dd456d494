/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Full-text search of the history, on a reader connection.
 *
 * What a person types becomes an FTS5 expression in which nothing is
 * syntax: every word is a quoted string, all are required, and the word
 * still being typed is a prefix. FTS5 answers a short prefix from its
 * prefix index (2 and 3 characters); a longer one it would answer by
 * merging the whole doclist of every term it starts — tens of ms for a
 * common word — so that word is first expanded, through the fts5vocab
 * table, into the few indexed terms it starts, whose OR streams.
 *
 * Relevance (bm25) is computed over the newest matches only: over every
 * message holding a common word ("the": 60,000 of 100,000) it costs
 * ~70 ms, over 2,000 ~3 ms. Rarer words are ranked over all matches.
 * Snippets are made for the final rows only. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spark-search-hit.h"
#include "spark-store-sql.h"
#include "spark-store.h"

/* More words only slow the query down. */
#define MAX_QUERY_WORDS 16
#define RANK_WINDOW "2000"
/* The longest prefix the FTS table indexes (prefix = '2 3'). */
#define INDEXED_PREFIX 3
/* A typed word that starts more indexed terms than this is left to FTS5. */
#define MAX_EXPANSION 16

/* Words are runs of non-space characters with at least one letter or
 * digit (punctuation alone would make an empty phrase). *@typing: the
 * text ends in a letter or digit, so its last word is still being typed
 * (not after a space, not "C++"). */
static GPtrArray *
split_words (const char *text,
             gboolean   *typing)
{
  GPtrArray  *words = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  while (*p != '\0' && words->len < MAX_QUERY_WORDS)
    {
      const char *start;
      gboolean    has_alnum = FALSE;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        {
          has_alnum |= g_unichar_isalnum (g_utf8_get_char (p));
          p = g_utf8_next_char (p);
        }
      if (has_alnum)
        g_ptr_array_add (words, g_strndup (start, p - start));
    }
  *typing = *text != '\0' && g_unichar_isalnum (g_utf8_get_char (g_utf8_prev_char (text + strlen (text))));
  return words;
}

/* A quoted FTS5 string: inside one, only '"' is special, and is doubled. */
static void
append_string (GString    *query,
               const char *word)
{
  g_string_append_c (query, '"');
  for (const char *c = word; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (query, '"');
      g_string_append_c (query, *c);
    }
  g_string_append_c (query, '"');
}

/* @word as the tokenizer indexes it (unicode61, remove_diacritics 2:
 * lower case, no accents), or NULL if it isn't a single token. */
static char *
as_token (const char *word)
{
  g_autofree char *lower = g_utf8_strdown (word, -1);
  g_autofree char *split = g_utf8_normalize (lower, -1, G_NORMALIZE_NFD);
  GString         *token = g_string_new (NULL);

  for (const char *p = split; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        continue;
      if (!g_unichar_isalnum (c))
        {
          g_string_free (token, TRUE);
          return NULL;
        }
      g_string_append_unichar (token, c);
    }
  return g_string_free (token, FALSE);
}

/* The typed word as an OR of the indexed terms it starts; NULL when FTS5
 * had better do it (a short prefix, no exact token, too many terms, or
 * none found — in which case its own prefix match is both right and
 * fast). */
static char *
expand_prefix (SparkStoreDb *db,
               const char   *word)
{
  g_autofree char *token = as_token (word);
  g_autoptr (GString) group = NULL;
  sqlite3_stmt *stmt;
  guint         n = 0;

  if (db == NULL || token == NULL || g_utf8_strlen (token, -1) <= INDEXED_PREFIX)
    return NULL;
  stmt = spark_store_db_prepare (db,
                                 "SELECT term FROM messages_vocab WHERE term >= ?1 AND term < ?1 || char (1114111)"
                                 " LIMIT " G_STRINGIFY (MAX_EXPANSION) " + 1",
                                 NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, token, -1, SQLITE_STATIC);
  group = g_string_new ("(");
  while (sqlite3_step (stmt) == SQLITE_ROW && n <= MAX_EXPANSION)
    {
      if (n++ > 0)
        g_string_append (group, " OR ");
      append_string (group, (const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_reset (stmt);
  if (n == 0 || n > MAX_EXPANSION)
    return NULL;
  g_string_append_c (group, ')');
  return g_string_free (g_steal_pointer (&group), FALSE);
}

char *
spark_store_fts_query (SparkStoreDb *db,
                       const char   *text)
{
  g_autoptr (GString) query = g_string_new (NULL);
  g_autoptr (GPtrArray) words = NULL;
  gboolean typing;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  words = split_words (text, &typing);
  if (words->len == 0)
    return NULL;

  for (guint i = 0; i < words->len; i++)
    {
      const char      *word = g_ptr_array_index (words, i);
      g_autofree char *expanded = NULL;

      /* Explicit: FTS5 doesn't AND a group implicitly. */
      if (i > 0)
        g_string_append (query, " AND ");
      if (!typing || i < words->len - 1)
        append_string (query, word);
      else if ((expanded = expand_prefix (db, word)) != NULL)
        g_string_append (query, expanded);
      else
        {
          append_string (query, word);
          g_string_append_c (query, '*');
        }
    }
  return g_string_free (g_steal_pointer (&query), FALSE);
}

GListStore *
spark_store_query_search (SparkStoreDb *db,
                          const char   *text,
                          guint         limit,
                          GError      **error)
{
  g_autoptr (GListStore) hits = g_list_store_new (SPARK_TYPE_SEARCH_HIT);
  g_autofree char *match = spark_store_fts_query (db, text);
  sqlite3_stmt    *stmt;
  int              rc;

  if (match == NULL)
    return g_steal_pointer (&hits);
  /* The newest matches in the thread, the best of those, and snippets
   * for these only (a snippet costs more than a rank). */
  stmt = spark_store_db_prepare (db,
                                 "WITH recent AS ("
                                 "  SELECT f.rowid AS seq, f.rank AS rank FROM messages_fts f"
                                 "  JOIN messages m ON m.seq = f.rowid"
                                 "  WHERE messages_fts MATCH ?1 AND m.position IS NOT NULL"
                                 "  ORDER BY f.rowid DESC LIMIT " RANK_WINDOW "),"
                                 " best AS (SELECT seq, rank FROM recent ORDER BY rank LIMIT ?2)"
                                 " SELECT m.id, m.conversation_id, c.title, m.role,"
                                 "  snippet (messages_fts, 0, ?3, ?4, '…', 12), best.rank, m.created"
                                 " FROM best"
                                 " JOIN messages_fts ON messages_fts.rowid = best.seq"
                                 " JOIN messages m ON m.seq = best.seq"
                                 " JOIN conversations c ON c.id = m.conversation_id"
                                 " WHERE messages_fts MATCH ?1"
                                 " ORDER BY best.rank, best.seq DESC",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, limit > 0 ? limit : 50);
  sqlite3_bind_text (stmt, 3, SPARK_STORE_MATCH_START, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, SPARK_STORE_MATCH_END, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SparkRole role = SPARK_ROLE_ASSISTANT;
      g_autoptr (GDateTime) created = spark_store_time_to_date (sqlite3_column_int64 (stmt, 6));
      g_autoptr (SparkSearchHit) hit = NULL;

      spark_role_from_string ((const char *) sqlite3_column_text (stmt, 3), &role);
      hit = spark_search_hit_new ((const char *) sqlite3_column_text (stmt, 1),
                                  (const char *) sqlite3_column_text (stmt, 2),
                                  (const char *) sqlite3_column_text (stmt, 0), role,
                                  (const char *) sqlite3_column_text (stmt, 4),
                                  sqlite3_column_double (stmt, 5), created);
      g_list_store_append (hits, hit);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      spark_store_db_set_error (db, _ ("Can’t search the history"), error);
      return NULL;
    }
  return g_steal_pointer (&hits);
}
