/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Exporting a conversation (Markdown or JSON) and importing one (JSON),
 * through the file chooser (GtkFileChooserNative on GTK 4.8, which also
 * goes through the portal in a sandbox). Files are written and read
 * asynchronously; what goes wrong comes back as one sentence. */
#include "config.h"

#include <glib/gi18n.h>

#include "spark-export-dialogs.h"
#include "spark-export.h"

typedef struct
{
  GtkNativeDialog    *chooser;
  GBytes             *contents;
  SparkStore         *store;
  SparkExportDoneFunc export_done;
  SparkImportDoneFunc import_done;
  gpointer            user_data;
  char               *name;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->chooser);
  g_clear_pointer (&job->contents, g_bytes_unref);
  g_clear_object (&job->store);
  g_free (job->name);
  g_free (job);
}

static char *
file_name_for (SparkConversation *conversation,
               SparkExportFormat  format)
{
  const char      *title = spark_conversation_get_title (conversation);
  g_autofree char *base = g_strdup (title && *title ? title : _ ("Conversation"));

  /* Characters that make trouble in file names on any desktop. */
  g_strdelimit (base, "/\\:*?\"<>|", '-');
  return g_strconcat (base, format == SPARK_EXPORT_MARKDOWN ? ".md" : ".json", NULL);
}

static void
written_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), res, NULL, &error))
    {
      g_autofree char *problem = g_strdup_printf (_ ("Can’t save “%s”: %s"), job->name, error->message);
      job->export_done (problem, NULL, job->user_data);
    }
  else
    job->export_done (NULL, job->name, job->user_data);
  job_free (job);
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  Job             *job)
{
  g_autoptr (GFile) file = NULL;

  gtk_native_dialog_hide (chooser);
  if (response != GTK_RESPONSE_ACCEPT || (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) == NULL)
    {
      job_free (job);
      return;
    }
  g_free (job->name);
  job->name = g_file_get_basename (file);
  g_file_replace_contents_bytes_async (file, job->contents, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, written_cb, job);
}

void
spark_export_dialog_save (GtkWindow          *parent,
                          SparkConversation  *conversation,
                          SparkExportFormat   format,
                          SparkExportDoneFunc done,
                          gpointer            user_data)
{
  Job             *job;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (SPARK_IS_CONVERSATION (conversation));
  g_return_if_fail (done != NULL);

  /* The text is made now: the conversation may change while the dialog is open. */
  text = format == SPARK_EXPORT_MARKDOWN ? spark_export_to_markdown (conversation) : spark_export_to_json (conversation);
  name = file_name_for (conversation, format);

  job = g_new0 (Job, 1);
  {
    gsize len = strlen (text);
    job->contents = g_bytes_new_take (g_steal_pointer (&text), len);
  }
  job->export_done = done;
  job->user_data = user_data;
  job->name = g_strdup (name);
  job->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (format == SPARK_EXPORT_MARKDOWN ? _ ("Export as Markdown")
                                                                                                 : _ ("Export as JSON"),
                                                                 parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                                                 _ ("_Export"), _ ("_Cancel")));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (job->chooser), name);
  gtk_native_dialog_set_modal (job->chooser, TRUE);
  g_signal_connect (job->chooser, "response", G_CALLBACK (save_response_cb), job);
  gtk_native_dialog_show (job->chooser);
}

static void
imported_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = spark_store_import_json_finish (SPARK_STORE (source), res, &error);

  job->import_done (id, id ? NULL : error->message, job->user_data);
  job_free (job);
}

static void
open_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  Job             *job)
{
  g_autoptr (GFile) file = NULL;

  gtk_native_dialog_hide (chooser);
  if (response != GTK_RESPONSE_ACCEPT || (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) == NULL)
    {
      job_free (job);
      return;
    }
  spark_store_import_json_async (job->store, file, NULL, imported_cb, job);
}

void
spark_export_dialog_import (GtkWindow          *parent,
                            SparkStore         *store,
                            SparkImportDoneFunc done,
                            gpointer            user_data)
{
  Job *job;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  g_return_if_fail (SPARK_IS_STORE (store));
  g_return_if_fail (done != NULL);

  job = g_new0 (Job, 1);
  job->store = g_object_ref (store);
  job->import_done = done;
  job->user_data = user_data;
  job->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_ ("Import Conversation"), parent,
                                                                 GTK_FILE_CHOOSER_ACTION_OPEN,
                                                                 _ ("_Import"), _ ("_Cancel")));
  gtk_file_filter_set_name (filter, _ ("Spark conversations (JSON)"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (job->chooser), filter);
  gtk_native_dialog_set_modal (job->chooser, TRUE);
  g_signal_connect (job->chooser, "response", G_CALLBACK (open_response_cb), job);
  gtk_native_dialog_show (job->chooser);
}
