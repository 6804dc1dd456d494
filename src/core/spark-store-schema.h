/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal to SparkStore: opening connections, the schema and its
 * migrations, and recovery of replies a crash left streaming. */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The schema version this build writes (PRAGMA user_version). */
#define SPARK_STORE_SCHEMA_VERSION 4

/* One connection and its cache of prepared statements. Used by one
 * thread at a time. */
typedef struct _SparkStoreDb SparkStoreDb;

/* Opens @path with WAL, foreign keys and a busy timeout. Read-only
 * connections never create the file. */
SparkStoreDb *spark_store_db_open (const char *path,
                                   gboolean    read_only,
                                   GError    **error);
void          spark_store_db_close (SparkStoreDb *self);
sqlite3      *spark_store_db_get_handle (SparkStoreDb *self);
/* A cached statement for @sql (a string that lives as long as the
 * program), reset and with its bindings cleared. */
sqlite3_stmt *spark_store_db_prepare (SparkStoreDb *self,
                                      const char   *sql,
                                      GError      **error);

/* Brings the database to SPARK_STORE_SCHEMA_VERSION in one transaction;
 * refuses a database written by a newer Spark. */
gboolean spark_store_schema_migrate (SparkStoreDb *self,
                                     GError      **error);

/* Every message still `streaming` or `pending` becomes `interrupted`.
 * Returns how many, or -1 with @error set. */
int spark_store_schema_recover (SparkStoreDb *self,
                                GError      **error);

/* Runs SQL with no results. */
gboolean spark_store_db_exec (SparkStoreDb *self,
                              const char   *sql,
                              GError      **error);
/* Sets @error from the connection's last error, prefixed with @what. */
void spark_store_db_set_error (SparkStoreDb *self,
                               const char   *what,
                               GError      **error);

/* Microseconds since the Unix epoch, as the tables store time. */
gint64     spark_store_time_from_date (GDateTime *date);
GDateTime *spark_store_time_to_date (gint64 usec);

G_END_DECLS
