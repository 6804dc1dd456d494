/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The other versions of a question or a reply: what an edit or a
 * regeneration replaced stays in the history (with what followed it), and
 * this dialog shows them newest first, each with Copy and, where its
 * branch is kept, Use This Version. Built on AdwMessageDialog (libadwaita
 * 1.2 has no AdwDialog); the texts are plain labels, never markup. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "spark-store.h"
#include "spark-versions-dialog.h"

static void
copy_clicked_cb (GtkButton *button,
                 GtkLabel  *label)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), gtk_label_get_text (label));
  gtk_button_set_icon_name (button, "object-select-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), _ ("Copied"));
}

typedef struct
{
  SparkVersionsUseFunc use;
  gpointer             user_data;
  GDestroyNotify       destroy;
} UseCallback;

static void
use_callback_free (UseCallback *callback)
{
  if (callback->destroy != NULL)
    callback->destroy (callback->user_data);
  g_free (callback);
}

static void
use_clicked_cb (GtkButton *button,
                GtkWidget *dialog)
{
  UseCallback *callback = g_object_get_data (G_OBJECT (dialog), "spark-use-callback");
  const char  *id = g_object_get_data (G_OBJECT (button), "spark-version-id");

  callback->use (id, callback->user_data);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static GtkWidget *
version_card (GtkWidget    *dialog,
              SparkMessage *message)
{
  GtkWidget       *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget       *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget       *caption, *text, *copy;
  g_autofree char *when = g_date_time_format (spark_message_get_created (message), "%x %X");
  g_autofree char *title = NULL;

  /* When it was written, and by which model for a reply. */
  if (spark_message_get_model (message) != NULL && spark_message_get_role (message) == SPARK_ROLE_ASSISTANT)
    title = g_strdup_printf ("%s · %s", when, spark_message_get_model (message));
  else
    title = g_strdup (when);
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
  if (spark_store_version_has_branch (message))
    {
      GtkWidget *use = gtk_button_new_with_mnemonic (_ ("_Use This Version"));

      gtk_widget_add_css_class (use, "flat");
      gtk_widget_set_tooltip_text (use, _ ("Show this version, and what followed it, in the chat instead"));
      g_object_set_data_full (G_OBJECT (use), "spark-version-id", g_strdup (spark_message_get_id (message)), g_free);
      g_signal_connect (use, "clicked", G_CALLBACK (use_clicked_cb), dialog);
      gtk_box_append (GTK_BOX (header), use);
    }
  gtk_box_append (GTK_BOX (header), copy);
  gtk_box_append (GTK_BOX (card), header);
  gtk_box_append (GTK_BOX (card), text);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "version-card");
  return card;
}

GtkWidget *
spark_versions_dialog_new (GtkWindow           *parent,
                           SparkMessage        *current,
                           GPtrArray           *versions,
                           SparkVersionsUseFunc use,
                           gpointer             user_data,
                           GDestroyNotify       destroy)
{
  UseCallback *callback;
  GtkWidget   *dialog;
  GtkWidget   *scroller = gtk_scrolled_window_new ();
  GtkWidget   *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gboolean     question;

  g_return_val_if_fail (SPARK_IS_MESSAGE (current), NULL);
  g_return_val_if_fail (versions != NULL, NULL);

  question = spark_message_get_role (current) == SPARK_ROLE_USER;
  dialog = adw_message_dialog_new (parent, question ? _ ("Other Versions of This Question") : _ ("Other Versions of This Reply"),
                                   NULL);
  callback = g_new0 (UseCallback, 1);
  callback->use = use;
  callback->user_data = user_data;
  callback->destroy = destroy;
  g_object_set_data_full (G_OBJECT (dialog), "spark-use-callback", callback, (GDestroyNotify) use_callback_free);
  if (versions->len == 0)
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), _ ("The other versions are no longer in the history."));
  else
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                 question ? _ ("The other versions of your question, newest first.")
                                          : _ ("What the model wrote in the other versions, newest first."));
  /* The one in the chat is not listed. */
  for (guint i = 0; i < versions->len; i++)
    gtk_box_append (GTK_BOX (list), version_card (dialog, g_ptr_array_index (versions, i)));
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
  /* It acts on its window's chat: it goes with it. */
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  return dialog;
}
