/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "spark-message.h"

G_BEGIN_DECLS

/* Called with the id of the version the person chose to use. */
typedef void (*SparkVersionsUseFunc) (const char *version_id,
                                      gpointer    user_data);

/* Shows the other versions of @current (SparkMessages, newest first, as
 * spark_store_load_versions gives them) in a dialog over @parent: each
 * with when it was written (and by which model), its text as plain
 * selectable text, Copy, and — for those whose branch can be put back —
 * Use This Version, which calls @use and closes the dialog. */
GtkWidget *spark_versions_dialog_new (GtkWindow           *parent,
                                      SparkMessage        *current,
                                      GPtrArray           *versions,
                                      SparkVersionsUseFunc use,
                                      gpointer             user_data,
                                      GDestroyNotify       destroy);

G_END_DECLS
