/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every spark-cli command gets: the chosen service, its key, the
 * client, and a cancellable that Ctrl+C cancels. */
#pragma once

#include <gio/gio.h>

#include "spark-client.h"
#include "spark-provider.h"
#include "spark-store.h"

G_BEGIN_DECLS

enum
{
  SPARK_CLI_EXIT_OK = 0,
  SPARK_CLI_EXIT_USAGE = 2,
  SPARK_CLI_EXIT_SERVICE = 3,
  SPARK_CLI_EXIT_BAD_INPUT = 4,
  SPARK_CLI_EXIT_STORE = 5, /* the history can't be opened or written */
  SPARK_CLI_EXIT_INTERRUPTED = 130,
};

typedef struct
{
  SparkClient   *client;
  SparkProvider *provider;
  char          *api_key;
  char          *model;
  GCancellable  *cancellable;
  gboolean       interrupted;
} SparkCliContext;

/* Prints "spark-cli: MESSAGE" on stderr. */
void spark_cli_error (const char *format,
                      ...) G_GNUC_PRINTF (1, 2);
/* Exit code for a failed request: 130 when interrupted, else 3 or 4. */
int spark_cli_exit_for (SparkCliContext *ctx,
                        const GError    *error);
/* Prints why a request failed ("Interrupted." when it was cancelled) and
 * returns spark_cli_exit_for(). */
int spark_cli_fail (SparkCliContext *ctx,
                    const GError    *error);
/* One async call run to its end: start it with spark_cli_wait_cb and a
 * SparkCliWait as callback and data, then pass spark_cli_wait_for() to its
 * _finish function. */
typedef struct
{
  GAsyncResult *result;
} SparkCliWait;

void spark_cli_wait_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data);
/* Runs the main context until the call is done; the result stays @wait's. */
GAsyncResult *spark_cli_wait_for (SparkCliWait *wait);
void          spark_cli_wait_clear (SparkCliWait *wait);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SparkCliWait, spark_cli_wait_clear)

int spark_cli_cmd_ask (SparkCliContext *ctx,
                       int              argc,
                       char           **argv);
int spark_cli_cmd_models (SparkCliContext *ctx,
                          int              argc,
                          char           **argv);
int spark_cli_cmd_transcribe (SparkCliContext *ctx,
                              int              argc,
                              char           **argv);

int spark_cli_cmd_sessions (SparkCliContext *ctx,
                            int              argc,
                            char           **argv);

/* The history at its default place ($XDG_DATA_HOME/spark/spark.db). */
SparkStore *spark_cli_open_store (GError **error);
gboolean    spark_cli_flush_store (SparkStore *store,
                                   GError    **error);
/* The stored conversation whose id is, or starts with, @id_or_prefix;
 * SPARK_ERROR_BAD_INPUT when none or several match. */
SparkConversation *spark_cli_load_session (SparkStore *store,
                                           const char *id_or_prefix,
                                           GError    **error);

G_END_DECLS
