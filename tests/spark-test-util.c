/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by tests: deadline-bounded waits on the main context. */
#include "spark-test-util.h"

static gboolean
deadline_reached_cb (gpointer data)
{
  gboolean *reached = data;

  *reached = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
spark_test_wait_until (SparkTestCondition cond,
                       gpointer           data,
                       guint              timeout_ms)
{
  GMainContext *context = g_main_context_ref_thread_default ();
  gboolean      reached = FALSE;
  GSource      *source = g_timeout_source_new (timeout_ms);
  gboolean      ok;

  g_source_set_callback (source, deadline_reached_cb, &reached, NULL);
  g_source_attach (source, context);

  while (!(ok = cond (data)) && !reached)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (source);
  g_source_unref (source);
  g_main_context_unref (context);
  return ok;
}

gboolean
spark_test_flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
spark_test_iterate (guint ms)
{
  spark_test_wait_until (never, NULL, ms);
}
