/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "spark-message.h"

G_BEGIN_DECLS

/* Shows the earlier versions of @current (SparkMessages, newest first, as
 * spark_store_load_versions gives them) in a dialog over @parent: each
 * with when it was written (and by which model), its text as plain
 * selectable text, and Copy. */
GtkWidget *spark_versions_dialog_new (GtkWindow    *parent,
                                      SparkMessage *current,
                                      GPtrArray    *versions);

G_END_DECLS
