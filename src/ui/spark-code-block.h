/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fenced code block in a reply: the code in a read-only GtkSourceView,
 * highlighted for the fence's language, under a header with the language
 * and a Copy button. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SPARK_TYPE_CODE_BLOCK (spark_code_block_get_type ())
G_DECLARE_FINAL_TYPE (SparkCodeBlock, spark_code_block, SPARK, CODE_BLOCK, GtkWidget)

/* @language: the fence's info word ("python", "sh", ...), or NULL. */
GtkWidget  *spark_code_block_new (const char *language);
const char *spark_code_block_get_language (SparkCodeBlock *self);
/* The GtkSourceLanguage id used for highlighting, or NULL for none. */
const char *spark_code_block_get_language_id (SparkCodeBlock *self);
/* Text that extends the current one (a streaming reply) is appended. */
void        spark_code_block_set_code (SparkCodeBlock *self,
                                       const char     *code);
const char *spark_code_block_get_code (SparkCodeBlock *self);
/* What the Copy button does: the code to the clipboard, and "Copied"
 * on the button for a moment. */
void spark_code_block_copy (SparkCodeBlock *self);

G_END_DECLS
