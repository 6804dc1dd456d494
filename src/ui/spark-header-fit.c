/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fitting the chat header into a phone's width: an ellipsizing model
 * picker and a title that yields first. */
#include "config.h"

#include "spark-header-fit.h"

static void
model_label_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    {
      /* Model names can be long ("qwen2.5-coder:32b-instruct-q4_K_M"):
       * the header must still fit a 360 px phone. */
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
      gtk_label_set_width_chars (GTK_LABEL (label), 3);
    }
  gtk_list_item_set_child (item, label);
}

static void
model_label_bind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

static GtkListItemFactory *
model_label_factory (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (model_label_setup_cb), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (model_label_bind_cb), NULL);
  return factory;
}

/* A long chat title would squeeze the model picker beside it to a few
 * letters: titles give way first. */
static void
limit_title_width (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_LABEL (c))
        gtk_label_set_max_width_chars (GTK_LABEL (c), 28);
      limit_title_width (c);
    }
}

void
spark_header_fit_model_picker (GtkDropDown *picker,
                               GtkWidget   *title)
{
  g_autoptr (GtkListItemFactory) button = model_label_factory (TRUE);
  g_autoptr (GtkListItemFactory) popup = model_label_factory (FALSE);

  g_return_if_fail (GTK_IS_DROP_DOWN (picker));
  g_return_if_fail (GTK_IS_WIDGET (title));

  gtk_drop_down_set_factory (picker, button);
  gtk_drop_down_set_list_factory (picker, popup);
  limit_title_width (title);
}
