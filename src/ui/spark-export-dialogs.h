/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "spark-conversation.h"
#include "spark-store.h"

G_BEGIN_DECLS

typedef enum
{
  SPARK_EXPORT_MARKDOWN,
  SPARK_EXPORT_JSON,
} SparkExportFormat;

/* Asks where to save @conversation and writes it there (off the main
 * thread). @done gets NULL on success, or the sentence to show. */
typedef void (*SparkExportDoneFunc) (const char *problem,
                                     const char *saved_name,
                                     gpointer    user_data);

void spark_export_dialog_save (GtkWindow          *parent,
                               SparkConversation  *conversation,
                               SparkExportFormat   format,
                               SparkExportDoneFunc done,
                               gpointer            user_data);

/* Asks for a JSON file and imports it into @store; @done gets the new
 * conversation's id, or NULL and the sentence to show. */
typedef void (*SparkImportDoneFunc) (const char *conversation_id,
                                     const char *problem,
                                     gpointer    user_data);

void spark_export_dialog_import (GtkWindow          *parent,
                                 SparkStore         *store,
                                 SparkImportDoneFunc done,
                                 gpointer            user_data);

G_END_DECLS
