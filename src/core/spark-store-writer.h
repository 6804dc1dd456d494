/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal to SparkStore: the one thread that writes. Operations are
 * queued from the main thread and run in order; whatever is queued when
 * the thread wakes is written in one transaction, each operation inside
 * its own savepoint so that one failure undoes only itself. */
#pragma once

#include <gio/gio.h>
#include "spark-store-schema.h"

G_BEGIN_DECLS

typedef struct _SparkStoreWriter SparkStoreWriter;

/* Runs in the writer thread inside a savepoint. */
typedef gboolean (*SparkStoreOpFunc) (SparkStoreDb *db,
                                      gpointer      data,
                                      GError      **error);
/* Called in the writer thread when an operation or a commit fails. */
typedef void (*SparkStoreWriterErrorFunc) (const GError *error,
                                           gpointer      user_data);
/* Called in the writer thread after a commit that included an operation
 * pushed with @changes_list. */
typedef void (*SparkStoreWriterListFunc) (gpointer user_data);

/* Takes over @db, which must not be used elsewhere afterwards. */
SparkStoreWriter *spark_store_writer_new (SparkStoreDb             *db,
                                          SparkStoreWriterErrorFunc error_func,
                                          SparkStoreWriterListFunc  list_func,
                                          gpointer                  user_data,
                                          GDestroyNotify            user_data_free);
/* Queues @func. @data is freed with @data_free in the writer thread (or at
 * once when the writer is closed). @task, if any, is returned TRUE once the
 * operation is committed, or with its error. */
void spark_store_writer_push (SparkStoreWriter *self,
                              SparkStoreOpFunc  func,
                              gpointer          data,
                              GDestroyNotify    data_free,
                              gboolean          changes_list,
                              GTask            *task);
/* @task is returned once everything queued before it is committed: TRUE,
 * or the first write error since the previous flush. */
void spark_store_writer_flush (SparkStoreWriter *self,
                               GTask            *task);
/* Writes what is queued, stops the thread and closes the connection. */
void spark_store_writer_close (SparkStoreWriter *self);

G_END_DECLS
