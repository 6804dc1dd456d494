/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The earlier versions of a question or a reply: what an edit or a
 * regeneration replaced stays in the history, and this dialog shows it —
 * read-only, newest first, each with Copy. Built on AdwMessageDialog
 * (libadwaita 1.2 has no AdwDialog); the texts are plain labels, never
 * markup. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "spark-versions-dialog.h"

static void
copy_clicked_cb (GtkButton *button,
                 GtkLabel  *label)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), gtk_label_get_text (label));
  gtk_button_set_icon_name (button, "object-select-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), _ ("Copied"));
}

static GtkWidget *
version_card (SparkMessage *message,
              guint         number)
{
  GtkWidget       *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget       *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget       *caption, *text, *copy;
  g_autofree char *when = g_date_time_format (spark_message_get_created (message), "%x %X");
  g_autofree char *title = NULL;

  /* Translators: "Version 2 · 27/11/26 14:03:11 · llama3.2" */
  if (spark_message_get_model (message) != NULL && spark_message_get_role (message) == SPARK_ROLE_ASSISTANT)
    title = g_strdup_printf (_ ("Version %u · %s · %s"), number, when, spark_message_get_model (message));
  else
    title = g_strdup_printf (_ ("Version %u · %s"), number, when);
  caption = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_set_hexpand (caption, TRUE);
  gtk_widget_add_css_class (caption, "caption-heading");
  gtk_widget_add_css_class (caption, "dim-label");

  text = gtk_label_new (spark_message_get_text (message));
  gtk_label_set_use_markup (GTK_LABEL (text), FALSE);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (text), 0);

  copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, _ ("Copy"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Copy This Version"), -1);
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_clicked_cb), text);

  gtk_box_append (GTK_BOX (header), caption);
  gtk_box_append (GTK_BOX (header), copy);
  gtk_box_append (GTK_BOX (card), header);
  gtk_box_append (GTK_BOX (card), text);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "version-card");
  return card;
}

GtkWidget *
spark_versions_dialog_new (GtkWindow    *parent,
                           SparkMessage *current,
                           GPtrArray    *versions)
{
  GtkWidget *dialog;
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gboolean   question;

  g_return_val_if_fail (SPARK_IS_MESSAGE (current), NULL);
  g_return_val_if_fail (versions != NULL, NULL);

  question = spark_message_get_role (current) == SPARK_ROLE_USER;
  dialog = adw_message_dialog_new (parent, question ? _ ("Earlier Versions of This Question") : _ ("Earlier Versions of This Reply"),
                                   NULL);
  if (versions->len == 0)
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), _ ("The earlier versions are no longer in the history."));
  else
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                 question ? _ ("What you asked before editing, newest first.")
                                          : _ ("What the model wrote before, newest first."));
  /* Numbered oldest = 1, like the versions they are. */
  for (guint i = 0; i < versions->len; i++)
    gtk_box_append (GTK_BOX (list), version_card (g_ptr_array_index (versions, i), versions->len - i));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 420);
  gtk_widget_set_visible (scroller, versions->len > 0);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, -1);
  return dialog;
}
