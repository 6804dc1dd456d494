/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared set-up for UI tests: the application registered on the test's
 * session bus, its model service pointed at a fake service. */
#pragma once

#include <adwaita.h>

#include "spark-application.h"
#include "spark-message-list.h"
#include "spark-fake-service.h"
#include "spark-window.h"

G_BEGIN_DECLS

/* Registers a fresh application; when @service is not NULL it becomes the
 * only, active model service (a llama.cpp-style preset needing no key). */
SparkApplication *spark_ui_test_app_new (SparkFakeService *service);
/* The application's window, created if needed. */
SparkWindow *spark_ui_test_get_window (SparkApplication *app);
/* A template child of @widget (of type @type), failing the test if absent.
 * For SPARK_TYPE_WINDOW, the chat view's children count as the window's. */
GObject *spark_ui_test_child (gpointer    widget,
                              GType       type,
                              const char *name);
/* Points the active service somewhere else (e.g. a dead port). */
void spark_ui_test_set_base_url (SparkApplication *app,
                                 const char       *base_url);
/* Writes a generated picture (a little landscape; @variant changes its
 * colours) as @format ("png", "jpeg"…) to @dir/@name; returns the path. */
char *spark_ui_test_write_image (const char *dir,
                                 const char *name,
                                 int         width,
                                 int         height,
                                 gboolean    alpha,
                                 int         variant,
                                 const char *format);
/* The same picture as a texture (a pasted or dropped one). */
GdkTexture *spark_ui_test_make_texture (int width,
                                        int height,
                                        int variant);
/* The first GtkLabel under @root whose text holds @fragment, or NULL. */
GtkLabel *spark_ui_test_find_label (GtkWidget  *root,
                                    const char *fragment);
/* The first GtkButton under @root whose label is @label (e.g. "_Undo" on
 * a toast), or NULL. */
GtkWidget *spark_ui_test_find_button (GtkWidget  *root,
                                      const char *label);

/* Long chats: the SparkMessageRow under @root showing @message (NULL if
 * none), and how many message rows there are. */
GtkWidget *spark_ui_test_find_message_row (GtkWidget    *root,
                                           SparkMessage *message);
guint      spark_ui_test_count_message_rows (GtkWidget *root);
/* Whether message @index of @view's conversation is on screen: its row is
 * mapped, inside the visible part of the list, and shows its text. */
gboolean spark_ui_test_message_on_screen (SparkMessageList *view,
                                          guint             index);
/* Moves @view's scrollbar to its top or its end as a person's input
 * would: from the main loop at the priority of input events, not in the
 * middle of whatever ran last (where the view would take it for the
 * list's own doing). */
void spark_ui_test_drag_scrollbar (SparkMessageList *view,
                                   gboolean          to_end);
/* The visible AdwMessageDialog (e.g. the versions dialog), or NULL. */
GtkWidget *spark_ui_test_find_message_dialog (void);

G_END_DECLS
