/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by tests: deadline-bounded waits on the main context,
 * temporary folders. */
#include <glib/gstdio.h>

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

char *
spark_test_dir_new (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("spark-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  GDir       *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

void
spark_test_dir_free (char *dir)
{
  if (dir == NULL)
    return;
  remove_tree (dir);
  g_free (dir);
}
