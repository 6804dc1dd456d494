/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal to SparkStore: reads in GTask worker threads, each on a
 * read-only connection taken from a small pool, with results delivered on
 * the caller's main context. */
#pragma once

#include <gio/gio.h>

#include "spark-store-schema.h"

G_BEGIN_DECLS

typedef struct _SparkStoreReaders SparkStoreReaders;

typedef struct
{
  char *id;
  char *before_id;
  guint limit;
} SparkStoreReadArgs;

/* Runs in a worker thread; returns the result or NULL with @error set. */
typedef gpointer (*SparkStoreReadFunc) (SparkStoreDb       *db,
                                        SparkStoreReadArgs *args,
                                        GError            **error);

SparkStoreReaders *spark_store_readers_new (const char *path);
/* Closes idle connections; later reads fail with G_IO_ERROR_CLOSED and
 * running ones close theirs when done. */
void spark_store_readers_close (SparkStoreReaders *self);
/* Once no read is running (each holds a reference on its source object,
 * so: when that object is finalized). */
void spark_store_readers_free (SparkStoreReaders *self);

/* Runs @func in a thread as a GTask of @source_object (which must own
 * @self); cancelling @cancellable stops a running query. */
void     spark_store_readers_run (SparkStoreReaders  *self,
                                  gpointer            source_object,
                                  gpointer            source_tag,
                                  SparkStoreReadFunc  func,
                                  GDestroyNotify      result_free,
                                  const char         *id,
                                  const char         *before_id,
                                  guint               limit,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
gpointer spark_store_readers_finish (gpointer      source_object,
                                     GAsyncResult *result,
                                     gpointer      source_tag,
                                     GError      **error);

G_END_DECLS
