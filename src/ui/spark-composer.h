/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "spark-attachments.h"
#include "spark-context.h"
#include "spark-mode.h"

G_BEGIN_DECLS

#define SPARK_TYPE_COMPOSER (spark_composer_get_type ())
G_DECLARE_FINAL_TYPE (SparkComposer, spark_composer, SPARK, COMPOSER, GtkWidget)

void       spark_composer_set_settings (SparkComposer *self,
                                        GSettings     *settings);
char      *spark_composer_dup_text (SparkComposer *self);
void       spark_composer_set_text (SparkComposer *self,
                                    const char    *text);
void       spark_composer_focus (SparkComposer *self);
SparkMode  spark_composer_get_mode (SparkComposer *self);
void       spark_composer_set_mode (SparkComposer *self,
                                    SparkMode      mode);
SparkDepth spark_composer_get_depth (SparkComposer *self);
void       spark_composer_set_depth (SparkComposer *self,
                                     SparkDepth     depth);
/* Images dropped anywhere on @target are attached; @highlight (may be
 * NULL) is shown while a drag is over it. */
void spark_composer_accept_drops (SparkComposer *self,
                                  GtkWidget     *target,
                                  GtkWidget     *highlight);
/* The images attached to the message being written. */
SparkAttachments *spark_composer_get_attachments (SparkComposer *self);
gboolean          spark_composer_get_busy (SparkComposer *self);
void              spark_composer_set_busy (SparkComposer *self,
                                           gboolean       busy);

/* Voice input needs the context (service, keyring); without one the
 * microphone stays off. */
void spark_composer_set_context (SparkComposer *self,
                                 SparkContext  *context);

G_END_DECLS
