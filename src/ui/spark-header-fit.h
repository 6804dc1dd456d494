/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Makes the chat header fit a 360 px phone: the model picker shows long
 * model names ellipsized (in full in its list), and the title beside it
 * gives way before the picker does. */
void spark_header_fit_model_picker (GtkDropDown *picker,
                                    GtkWidget   *title);

G_END_DECLS
