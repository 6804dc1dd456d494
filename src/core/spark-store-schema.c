/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's tables and their history. Each step in `migrations` takes
 * the database from version N to N + 1; a new database runs them all, so
 * every upgrade path is exercised by every fresh install too.
 *
 * Times are INTEGER microseconds since the Unix epoch (exact round trip
 * of GDateTime). Roles, states and modes are stored by name, so that
 * reordering an enum never changes what old rows mean.
 *
 * Messages keep their order in `position`, handed out by the writer as
 * the next number in the conversation. A message taken out of the thread
 * (a retried reply, an edited question's old branch) keeps its row with
 * `position` NULL, so it stays as an earlier version (see parent_id);
 * the messages taken out together keep `branch_root` (the first of them)
 * and `branch_position` (their old order), so that the whole branch can
 * be put back. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spark-error.h"
#include "spark-store-schema.h"

/* Version 1: conversations and plain messages. */
static const char migrate_to_v1[] =
  "CREATE TABLE conversations ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  title TEXT,"
  "  mode TEXT NOT NULL DEFAULT 'chat',"
  "  pinned INTEGER NOT NULL DEFAULT 0,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL);"
  "CREATE TABLE messages ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,"
  "  role TEXT NOT NULL,"
  "  text TEXT NOT NULL DEFAULT '',"
  "  state TEXT NOT NULL DEFAULT 'complete',"
  "  model TEXT,"
  "  created INTEGER NOT NULL);"
  "CREATE INDEX messages_by_conversation ON messages (conversation_id, seq);";

/* Version 2: everything a reply carries, versions of messages, images,
 * structured results, and full-text search kept in sync by triggers.
 * The FTS table is external-content over messages.text (rowid = seq), so
 * the text is stored once; `rebuild` indexes what version 1 had. */
static const char migrate_to_v2[] =
  "ALTER TABLE messages ADD COLUMN parent_id TEXT REFERENCES messages (id) ON DELETE SET NULL;"
  "ALTER TABLE messages ADD COLUMN position INTEGER;"
  "ALTER TABLE messages ADD COLUMN reasoning TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE messages ADD COLUMN error TEXT;"
  "ALTER TABLE messages ADD COLUMN error_code INTEGER;"
  "ALTER TABLE messages ADD COLUMN provider TEXT;"
  "ALTER TABLE messages ADD COLUMN prompt_tokens INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE messages ADD COLUMN completion_tokens INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE messages ADD COLUMN reasoning_tokens INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE messages ADD COLUMN first_token_ms INTEGER NOT NULL DEFAULT -1;"
  "ALTER TABLE messages ADD COLUMN tokens_per_second REAL NOT NULL DEFAULT 0;"
  "ALTER TABLE messages ADD COLUMN updated INTEGER NOT NULL DEFAULT 0;"
  "UPDATE messages SET position = seq, updated = created;"
  "DROP INDEX messages_by_conversation;"
  "CREATE INDEX messages_thread ON messages (conversation_id, position);"
  "CREATE INDEX messages_parent ON messages (parent_id);"
  "CREATE INDEX messages_unfinished ON messages (state) WHERE state IN ('streaming', 'pending');"
  "CREATE INDEX conversations_order ON conversations (pinned DESC, updated DESC);"
  "CREATE TABLE attachments ("
  "  id INTEGER PRIMARY KEY,"
  "  message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  mime_type TEXT NOT NULL,"
  "  data BLOB NOT NULL,"
  "  thumbnail BLOB,"
  "  thumbnail_mime_type TEXT,"
  "  UNIQUE (message_id, position));"
  "CREATE TABLE results ("
  "  message_id TEXT PRIMARY KEY NOT NULL REFERENCES messages (id) ON DELETE CASCADE,"
  "  json TEXT NOT NULL,"
  "  updated INTEGER NOT NULL);"
  "CREATE VIRTUAL TABLE messages_fts USING fts5 ("
  "  text, content = 'messages', content_rowid = 'seq',"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
  "INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');"
  /* The indexed terms, to expand a typed prefix (spark-store-search.c). */
  "CREATE VIRTUAL TABLE messages_vocab USING fts5vocab (messages_fts, 'row');"
  "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN"
  "  INSERT INTO messages_fts (rowid, text) VALUES (new.seq, new.text);"
  "END;"
  "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN"
  "  INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);"
  "END;"
  /* Streaming flushes rewrite the row several times a second; only a
   * changed text needs the index touched. */
  "CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages"
  "  WHEN old.text IS NOT new.text BEGIN"
  "  INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);"
  "  INSERT INTO messages_fts (rowid, text) VALUES (new.seq, new.text);"
  "END;";

/* Version 3: a sent image keeps its original bytes next to the
 * downscaled ones that go on the wire (shown at full size when reopened). */
static const char migrate_to_v3[] =
  "ALTER TABLE attachments ADD COLUMN original BLOB;"
  "ALTER TABLE attachments ADD COLUMN original_mime_type TEXT;";

/* Version 4: branches. Messages taken out of the thread before this
 * version each become a branch of their own. */
static const char migrate_to_v4[] =
  "ALTER TABLE messages ADD COLUMN branch_root TEXT;"
  "ALTER TABLE messages ADD COLUMN branch_position INTEGER;"
  "UPDATE messages SET branch_root = id, branch_position = 0 WHERE position IS NULL;"
  "CREATE INDEX messages_branch ON messages (branch_root) WHERE branch_root IS NOT NULL;";

static const char *const migrations[] = {
  migrate_to_v1,
  migrate_to_v2,
  migrate_to_v3,
  migrate_to_v4,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SPARK_STORE_SCHEMA_VERSION);

struct _SparkStoreDb
{
  sqlite3    *db;
  GHashTable *statements; /* SQL text → sqlite3_stmt */
};

static void
set_error_from (sqlite3    *db,
                const char *what,
                GError    **error)
{
  int code = db ? sqlite3_extended_errcode (db) : SQLITE_CANTOPEN;

  if ((code & 0xff) == SQLITE_FULL)
    g_set_error (error, SPARK_ERROR, SPARK_ERROR_FAILED,
                 _ ("%s: the disk is full. Free some space and try again."), what);
  else if ((code & 0xff) == SQLITE_NOTADB || (code & 0xff) == SQLITE_CORRUPT)
    g_set_error (error, SPARK_ERROR, SPARK_ERROR_FAILED,
                 _ ("%s: the file is not a Spark history or is damaged (%s)."), what,
                 db ? sqlite3_errmsg (db) : sqlite3_errstr (code));
  else
    g_set_error (error, SPARK_ERROR, SPARK_ERROR_FAILED, "%s: %s", what,
                 db ? sqlite3_errmsg (db) : sqlite3_errstr (code));
}

void
spark_store_db_set_error (SparkStoreDb *self,
                          const char   *what,
                          GError      **error)
{
  set_error_from (self ? self->db : NULL, what, error);
}

gboolean
spark_store_db_exec (SparkStoreDb *self,
                     const char   *sql,
                     GError      **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      spark_store_db_set_error (self, _ ("Can’t update the history"), error);
      return FALSE;
    }
  return TRUE;
}

sqlite3 *
spark_store_db_get_handle (SparkStoreDb *self)
{
  return self->db;
}

sqlite3_stmt *
spark_store_db_prepare (SparkStoreDb *self,
                        const char   *sql,
                        GError      **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      spark_store_db_set_error (self, _ ("Can’t read the history"), error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

static int
get_user_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int           version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

SparkStoreDb *
spark_store_db_open (const char *path,
                     gboolean    read_only,
                     GError    **error)
{
  sqlite3         *db = NULL;
  int              flags = SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  g_autofree char *what = g_strdup_printf (_ ("Can’t open the history at %s"), path);
  SparkStoreDb    *self;

  if (sqlite3_open_v2 (path, &db, flags, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_extended_result_codes (db, 1);
  /* Another process (spark-cli next to the app) may hold the write lock
   * for a moment; wait rather than fail. */
  sqlite3_busy_timeout (db, 5000);

  /* WAL: readers never block the writer. synchronous=NORMAL keeps every
   * committed transaction through a crash or kill -9 of the process; only
   * a power cut can lose the last ones, never corrupt the file. */
  if (sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
    goto fail;
  /* The writer wraps each operation in a savepoint: keep their undo
   * journals in memory rather than in temporary files. */
  if (!read_only && sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY", NULL, NULL, NULL) != SQLITE_OK)
    goto fail;
  /* Fails here, not at the first query, on a file that isn't a database. */
  if (get_user_version (db) < 0)
    goto fail;

  self = g_new0 (SparkStoreDb, 1);
  self->db = db;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) sqlite3_finalize);
  return self;

fail:
  set_error_from (db, what, error);
  sqlite3_close (db);
  return NULL;
}

void
spark_store_db_close (SparkStoreDb *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->statements);
  sqlite3_close (self->db);
  g_free (self);
}

gboolean
spark_store_schema_migrate (SparkStoreDb *self,
                            GError      **error)
{
  int version;

  if (!spark_store_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  version = get_user_version (self->db);
  if (version < 0)
    {
      spark_store_db_set_error (self, _ ("Can’t read the history"), error);
      goto fail;
    }
  if (version > SPARK_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, SPARK_ERROR, SPARK_ERROR_FAILED,
                   _ ("The history was written by a newer version of Spark (format %d; this one reads up to %d). Update Spark to open it."),
                   version, SPARK_STORE_SCHEMA_VERSION);
      goto fail;
    }

  for (int v = version; v < SPARK_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", v + 1);

      if (sqlite3_exec (self->db, migrations[v], NULL, NULL, NULL) != SQLITE_OK
          || sqlite3_exec (self->db, set_version, NULL, NULL, NULL) != SQLITE_OK)
        {
          g_autofree char *what = g_strdup_printf (_ ("Can’t upgrade the history to format %d"), v + 1);
          spark_store_db_set_error (self, what, error);
          goto fail;
        }
    }

  return spark_store_db_exec (self, "COMMIT", error);

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

int
spark_store_schema_recover (SparkStoreDb *self,
                            GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int           changed = -1;

  if (sqlite3_prepare_v2 (self->db,
                          "UPDATE messages SET state = 'interrupted', updated = ?1"
                          " WHERE state IN ('streaming', 'pending')",
                          -1, &stmt, NULL)
        == SQLITE_OK
      && sqlite3_bind_int64 (stmt, 1, g_get_real_time ()) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_DONE)
    changed = sqlite3_changes (self->db);
  else
    spark_store_db_set_error (self, _ ("Can’t recover interrupted replies"), error);
  sqlite3_finalize (stmt);
  return changed;
}

gint64
spark_store_time_from_date (GDateTime *date)
{
  if (date == NULL)
    return g_get_real_time ();
  return g_date_time_to_unix (date) * G_USEC_PER_SEC + g_date_time_get_microsecond (date);
}

GDateTime *
spark_store_time_to_date (gint64 usec)
{
  g_autoptr (GDateTime) seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  if (seconds == NULL)
    return g_date_time_new_from_unix_utc (0);
  return g_date_time_add (seconds, usec % G_USEC_PER_SEC);
}
