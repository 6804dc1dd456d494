/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "spark-context.h"

G_BEGIN_DECLS

/* Asks the model service (its key from the keyring) for a short title for
 * a conversation that starts with @question and @reply. Returns the
 * cleaned-up title, or an error (the caller keeps its fallback). */
void  spark_titler_run_async (SparkContext       *context,
                              SparkProvider      *provider,
                              const char         *model,
                              const char         *question,
                              const char         *reply,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data);
char *spark_titler_run_finish (GAsyncResult *result,
                               GError      **error);

/* What a model wrote as a title, made fit for a sidebar row: its thinking
 * and any "Title:" label, markdown, quotes and a final full stop dropped,
 * whitespace folded, at most about 60 characters. NULL when nothing is
 * left. */
char *spark_titler_clean (const char *raw);

/* The title a chat has until (or unless) the service names it: the
 * question's first words, whitespace folded, about 48 characters at most,
 * cut at a word where possible. */
char *spark_titler_fallback (const char *text);

G_END_DECLS
