/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by tests: wait on the main context for a condition, with a deadline. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gboolean (*SparkTestCondition) (gpointer data);

/* Iterates the thread-default main context until @cond returns TRUE or
 * @timeout_ms pass. Returns whether the condition became true. */
gboolean spark_test_wait_until (SparkTestCondition cond,
                                gpointer           data,
                                guint              timeout_ms);

/* Waits until *@flag becomes TRUE, failing the test after @timeout_ms. */
#define spark_test_wait_for_flag(flag, timeout_ms) \
  g_assert_true (spark_test_wait_until (spark_test_flag_is_set, (flag), (timeout_ms)))

gboolean spark_test_flag_is_set (gpointer data);

/* Runs the main context for a while with nothing to wait for, so pending
 * idles, layouts and frames happen (e.g. after a resize). */
void spark_test_iterate (guint ms);

/* A new empty temporary folder; spark_test_dir_free removes it with
 * everything in it and frees the name. */
char *spark_test_dir_new (void);
void  spark_test_dir_free (char *dir);

G_END_DECLS
