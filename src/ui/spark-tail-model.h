/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SPARK_TYPE_TAIL_MODEL (spark_tail_model_get_type ())
G_DECLARE_FINAL_TYPE (SparkTailModel, spark_tail_model, SPARK, TAIL_MODEL, GObject)

/* The last @n_shown items of @model, and any added after them. */
SparkTailModel *spark_tail_model_new (GListModel *model,
                                      guint       n_shown);
/* Shows up to @n more of the hidden items, before the ones shown. */
void spark_tail_model_reveal (SparkTailModel *self,
                              guint           n);
/* Hides the first @n items shown. */
void spark_tail_model_hide (SparkTailModel *self,
                            guint           n);
/* Items of the model before the first one shown. */
guint spark_tail_model_get_n_hidden (SparkTailModel *self);
/* While TRUE, items inserted at the start of the model (older messages
 * loaded late) go in hidden, before the ones shown; otherwise an item put
 * at the start is shown like any other. */
void spark_tail_model_prepend_hidden (SparkTailModel *self,
                                      gboolean        prepending);

G_END_DECLS
