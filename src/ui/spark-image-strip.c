/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A row of image thumbnails that scrolls sideways: the composer's
 * attachments (each with a remove button, or a spinner while it loads),
 * and the images of a sent message (each a button that opens it). Items
 * are keyed by a pointer of the owner's, so the strip holds no state of
 * its own beyond its widgets. */
#include "config.h"

#include <glib/gi18n.h>

#include "spark-image-strip.h"

#define KEY_DATA "spark-image-strip-key"

struct _SparkImageStrip
{
  GtkWidget parent_instance;

  GtkWidget *scroller;
  GtkWidget *box;
  gboolean   removable;
  int        size;
};

G_DEFINE_FINAL_TYPE (SparkImageStrip, spark_image_strip, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_REMOVABLE,
  PROP_THUMBNAIL_SIZE,
  N_PROPS
};

enum
{
  REMOVE_REQUESTED,
  ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

GtkWidget *
spark_image_strip_new (void)
{
  return g_object_new (SPARK_TYPE_IMAGE_STRIP, NULL);
}

void
spark_image_strip_set_removable (SparkImageStrip *self,
                                 gboolean         removable)
{
  g_return_if_fail (SPARK_IS_IMAGE_STRIP (self));
  g_return_if_fail (spark_image_strip_get_n_items (self) == 0);

  removable = !!removable;
  if (self->removable == removable)
    return;
  self->removable = removable;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOVABLE]);
}

gboolean
spark_image_strip_get_removable (SparkImageStrip *self)
{
  g_return_val_if_fail (SPARK_IS_IMAGE_STRIP (self), FALSE);
  return self->removable;
}

void
spark_image_strip_set_thumbnail_size (SparkImageStrip *self,
                                      int              size)
{
  g_return_if_fail (SPARK_IS_IMAGE_STRIP (self));
  g_return_if_fail (size > 0);
  g_return_if_fail (spark_image_strip_get_n_items (self) == 0);

  if (self->size == size)
    return;
  self->size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL_SIZE]);
}

/* A square of exactly the thumbnail size: a spacer sets the size and the
 * picture covers it as an overlay, so the picture's own (larger) natural
 * size never stretches the row. */
static GtkWidget *
make_picture (SparkImageStrip  *self,
              const char       *name,
              const SparkImage *image)
{
  GtkWidget *frame = gtk_overlay_new ();
  GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *content;
  gboolean   picture = FALSE;

  gtk_widget_add_css_class (frame, "thumbnail-frame");
  gtk_widget_set_overflow (frame, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_size_request (spacer, self->size, self->size);
  gtk_overlay_set_child (GTK_OVERLAY (frame), spacer);

  if (image == NULL)
    {
      content = gtk_spinner_new ();
      gtk_spinner_start (GTK_SPINNER (content));
      gtk_widget_set_tooltip_text (frame, name);
    }
  else
    {
      g_autoptr (GdkTexture) texture = NULL;

      if (image->thumbnail != NULL)
        texture = gdk_texture_new_from_bytes (image->thumbnail, NULL);
      if ((picture = texture != NULL))
        {
          content = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
          gtk_picture_set_content_fit (GTK_PICTURE (content), GTK_CONTENT_FIT_COVER);
          gtk_picture_set_can_shrink (GTK_PICTURE (content), TRUE);
          gtk_picture_set_alternative_text (GTK_PICTURE (content), name);
        }
      else
        {
          /* No thumbnail kept (an image from spark-cli, say): a stand-in. */
          content = gtk_image_new_from_icon_name ("image-x-generic-symbolic");
          gtk_image_set_pixel_size (GTK_IMAGE (content), self->size / 3);
        }
    }
  gtk_widget_set_halign (content, picture ? GTK_ALIGN_FILL : GTK_ALIGN_CENTER);
  gtk_widget_set_valign (content, picture ? GTK_ALIGN_FILL : GTK_ALIGN_CENTER);
  gtk_overlay_add_overlay (GTK_OVERLAY (frame), content);
  return frame;
}

static void
remove_clicked_cb (GtkButton       *button,
                   SparkImageStrip *self)
{
  g_signal_emit (self, signals[REMOVE_REQUESTED], 0, g_object_get_data (G_OBJECT (button), KEY_DATA));
}

static void
item_clicked_cb (GtkButton       *button,
                 SparkImageStrip *self)
{
  g_signal_emit (self, signals[ACTIVATED], 0, g_object_get_data (G_OBJECT (button), KEY_DATA));
}

static GtkWidget *
make_item (SparkImageStrip  *self,
           gconstpointer     key,
           const char       *name,
           const SparkImage *image)
{
  GtkWidget       *picture = make_picture (self, name, image);
  GtkWidget       *item;
  g_autofree char *label = NULL;

  if (self->removable)
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");

      item = gtk_overlay_new ();
      gtk_overlay_set_child (GTK_OVERLAY (item), picture);
      gtk_widget_add_css_class (remove, "circular");
      gtk_widget_add_css_class (remove, "osd");
      gtk_widget_add_css_class (remove, "remove-image");
      gtk_widget_set_halign (remove, GTK_ALIGN_END);
      gtk_widget_set_valign (remove, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (remove, _ ("Remove"));
      label = g_strdup_printf (_ ("Remove image %s"), name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data (G_OBJECT (remove), KEY_DATA, (gpointer) key);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
      gtk_overlay_add_overlay (GTK_OVERLAY (item), remove);
    }
  else
    {
      item = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (item), picture);
      gtk_widget_add_css_class (item, "flat");
      gtk_widget_add_css_class (item, "open-image");
      gtk_widget_set_tooltip_text (item, name);
      label = g_strdup_printf (_ ("Open image %s"), name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_signal_connect_object (item, "clicked", G_CALLBACK (item_clicked_cb), self, 0);
    }
  gtk_widget_add_css_class (item, "image-thumb");
  g_object_set_data (G_OBJECT (item), KEY_DATA, (gpointer) key);
  g_object_set_data_full (G_OBJECT (item), "spark-image-strip-name", g_strdup (name), g_free);
  return item;
}

static GtkWidget *
find_item (SparkImageStrip *self,
           gconstpointer    key)
{
  for (GtkWidget *c = gtk_widget_get_first_child (self->box); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (g_object_get_data (G_OBJECT (c), KEY_DATA) == key)
      return c;
  return NULL;
}

void
spark_image_strip_add (SparkImageStrip  *self,
                       gconstpointer     key,
                       const char       *name,
                       const SparkImage *image)
{
  g_return_if_fail (SPARK_IS_IMAGE_STRIP (self));
  g_return_if_fail (find_item (self, key) == NULL);

  gtk_box_append (GTK_BOX (self->box), make_item (self, key, name ? name : _ ("Image"), image));
}

void
spark_image_strip_set_image (SparkImageStrip  *self,
                             gconstpointer     key,
                             const SparkImage *image)
{
  GtkWidget  *old;
  GtkWidget  *item;
  const char *name;

  g_return_if_fail (SPARK_IS_IMAGE_STRIP (self));

  if ((old = find_item (self, key)) == NULL)
    return;
  name = image && image->name ? image->name : g_object_get_data (G_OBJECT (old), "spark-image-strip-name");
  item = make_item (self, key, name, image);
  gtk_box_insert_child_after (GTK_BOX (self->box), item, old);
  gtk_box_remove (GTK_BOX (self->box), old);
}

void
spark_image_strip_remove (SparkImageStrip *self,
                          gconstpointer    key)
{
  GtkWidget *item;

  g_return_if_fail (SPARK_IS_IMAGE_STRIP (self));

  if ((item = find_item (self, key)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), item);
}

void
spark_image_strip_remove_all (SparkImageStrip *self)
{
  GtkWidget *child;

  g_return_if_fail (SPARK_IS_IMAGE_STRIP (self));

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
}

guint
spark_image_strip_get_n_items (SparkImageStrip *self)
{
  guint n = 0;

  g_return_val_if_fail (SPARK_IS_IMAGE_STRIP (self), 0);

  for (GtkWidget *c = gtk_widget_get_first_child (self->box); c != NULL; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

static void
spark_image_strip_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SparkImageStrip *self = SPARK_IMAGE_STRIP (object);

  switch (prop_id)
    {
    case PROP_REMOVABLE:
      g_value_set_boolean (value, self->removable);
      break;
    case PROP_THUMBNAIL_SIZE:
      g_value_set_int (value, self->size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_image_strip_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SparkImageStrip *self = SPARK_IMAGE_STRIP (object);

  switch (prop_id)
    {
    case PROP_REMOVABLE:
      spark_image_strip_set_removable (self, g_value_get_boolean (value));
      break;
    case PROP_THUMBNAIL_SIZE:
      spark_image_strip_set_thumbnail_size (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_image_strip_dispose (GObject *object)
{
  SparkImageStrip *self = SPARK_IMAGE_STRIP (object);

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  G_OBJECT_CLASS (spark_image_strip_parent_class)->dispose (object);
}

static void
spark_image_strip_class_init (SparkImageStripClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = spark_image_strip_get_property;
  object_class->set_property = spark_image_strip_set_property;
  object_class->dispose = spark_image_strip_dispose;

  properties[PROP_REMOVABLE] =
    g_param_spec_boolean ("removable", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_THUMBNAIL_SIZE] =
    g_param_spec_int ("thumbnail-size", NULL, NULL, 16, 512, 64,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The remove button of the item with this key was clicked. */
  signals[REMOVE_REQUESTED] = g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  /* The item with this key was clicked (not removable strips). */
  signals[ACTIVATED] = g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "imagestrip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
spark_image_strip_init (SparkImageStrip *self)
{
  self->size = 64;
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->box);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}
