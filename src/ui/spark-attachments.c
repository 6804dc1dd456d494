/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The images attached to the message being written. Every way in (the
 * file chooser, a drop, a paste, a draft given back) ends here: items
 * appear at once as loading thumbnails, are checked and prepared by the
 * image loader off the main thread, and either become ready or go away
 * with a ::problem sentence that names the file and says why. Nothing
 * else is touched by a bad file. Emits ::changed when items come, go or
 * finish loading. */
#include "config.h"

#include <glib/gi18n.h>

#include "spark-attachments.h"
#include "spark-image-loader.h"

typedef struct
{
  guint         id;
  char         *name;
  SparkImage   *image; /* NULL while loading */
  GCancellable *cancellable;
} Item;

struct _SparkAttachments
{
  GObject parent_instance;

  SparkImageStrip *strip;
  GPtrArray       *items;
  guint            last_id;
};

G_DEFINE_FINAL_TYPE (SparkAttachments, spark_attachments, G_TYPE_OBJECT)

enum
{
  CHANGED,
  PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
item_free (Item *item)
{
  g_cancellable_cancel (item->cancellable);
  g_object_unref (item->cancellable);
  g_free (item->name);
  g_clear_pointer (&item->image, spark_image_free);
  g_free (item);
}

static Item *
find_item (SparkAttachments *self,
           guint             id,
           guint            *index)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);
      if (item->id == id)
        {
          if (index != NULL)
            *index = i;
          return item;
        }
    }
  return NULL;
}

static void
remove_item (SparkAttachments *self,
             Item             *item)
{
  spark_image_strip_remove (self->strip, item);
  g_ptr_array_remove (self->items, item);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_requested_cb (SparkAttachments *self,
                     gpointer          key)
{
  /* Only a key the strip got from us, and still ours. */
  if (g_ptr_array_find (self->items, key, NULL))
    remove_item (self, key);
}

SparkAttachments *
spark_attachments_new (SparkImageStrip *strip)
{
  SparkAttachments *self;

  g_return_val_if_fail (SPARK_IS_IMAGE_STRIP (strip), NULL);
  g_return_val_if_fail (spark_image_strip_get_removable (strip), NULL);

  self = g_object_new (SPARK_TYPE_ATTACHMENTS, NULL);
  self->strip = g_object_ref (strip);
  g_signal_connect_object (strip, "remove-requested", G_CALLBACK (remove_requested_cb), self, G_CONNECT_SWAPPED);
  return self;
}

guint
spark_attachments_get_n_items (SparkAttachments *self)
{
  g_return_val_if_fail (SPARK_IS_ATTACHMENTS (self), 0);
  return self->items->len;
}

gboolean
spark_attachments_get_loading (SparkAttachments *self)
{
  g_return_val_if_fail (SPARK_IS_ATTACHMENTS (self), FALSE);

  for (guint i = 0; i < self->items->len; i++)
    if (((Item *) g_ptr_array_index (self->items, i))->image == NULL)
      return TRUE;
  return FALSE;
}

GPtrArray *
spark_attachments_dup_images (SparkAttachments *self)
{
  GPtrArray *images;

  g_return_val_if_fail (SPARK_IS_ATTACHMENTS (self), NULL);

  images = g_ptr_array_new_with_free_func ((GDestroyNotify) spark_image_free);
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);
      if (item->image != NULL)
        g_ptr_array_add (images, spark_image_copy (item->image));
    }
  return images;
}

void
spark_attachments_clear (SparkAttachments *self)
{
  g_return_if_fail (SPARK_IS_ATTACHMENTS (self));

  if (self->items->len == 0)
    return;
  spark_image_strip_remove_all (self->strip);
  g_ptr_array_set_size (self->items, 0);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* A new item, or NULL (and a ::problem) when the message is full. */
static Item *
add_item (SparkAttachments *self,
          const char       *name)
{
  Item *item;

  if (self->items->len >= SPARK_ATTACHMENTS_MAX)
    {
      g_autofree char *problem = g_strdup_printf (_ ("“%s” wasn’t attached: a message can have up to %u images."),
                                                  name, SPARK_ATTACHMENTS_MAX);
      g_signal_emit (self, signals[PROBLEM], 0, problem);
      return NULL;
    }
  item = g_new0 (Item, 1);
  item->id = ++self->last_id;
  item->name = g_strdup (name);
  item->cancellable = g_cancellable_new ();
  g_ptr_array_add (self->items, item);
  spark_image_strip_add (self->strip, item, name, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
  return item;
}

gboolean
spark_attachments_add_image (SparkAttachments *self,
                             const SparkImage *image)
{
  Item *item;

  g_return_val_if_fail (SPARK_IS_ATTACHMENTS (self), FALSE);
  g_return_val_if_fail (image != NULL, FALSE);

  if ((item = add_item (self, image->name ? image->name : _ ("Image"))) == NULL)
    return FALSE;
  item->image = spark_image_copy (image);
  spark_image_strip_set_image (self->strip, item, item->image);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

typedef struct
{
  SparkAttachments *self;
  guint             id;
} Load;

static void
load_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  Load             *load = user_data;
  SparkAttachments *self = load->self;
  g_autoptr (GError) error = NULL;
  SparkImage *image = spark_image_load_finish (res, &error);
  Item       *item = find_item (self, load->id, NULL);

  if (item == NULL) /* removed or cleared meanwhile */
    g_clear_pointer (&image, spark_image_free);
  else if (image == NULL)
    {
      remove_item (self, item);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[PROBLEM], 0, error->message);
    }
  else
    {
      item->image = image;
      spark_image_strip_set_image (self->strip, item, image);
      g_signal_emit (self, signals[CHANGED], 0);
    }
  g_object_unref (load->self);
  g_free (load);
}

static Load *
load_new (SparkAttachments *self,
          Item             *item)
{
  Load *load = g_new0 (Load, 1);

  load->self = g_object_ref (self);
  load->id = item->id;
  return load;
}

void
spark_attachments_add_files (SparkAttachments *self,
                             GFile *const     *files,
                             guint             n_files)
{
  g_return_if_fail (SPARK_IS_ATTACHMENTS (self));
  g_return_if_fail (files != NULL || n_files == 0);

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *name = g_file_get_basename (files[i]);
      g_autofree char *shown = name ? g_filename_display_name (name) : g_file_get_parse_name (files[i]);
      Item            *item = add_item (self, shown);

      if (item != NULL)
        spark_image_load_file_async (files[i], item->cancellable, load_cb, load_new (self, item));
    }
}

void
spark_attachments_add_texture (SparkAttachments *self,
                               GdkTexture       *texture,
                               const char       *name)
{
  Item   *item;
  int     width, height;
  gsize   stride;
  guchar *pixels;

  g_return_if_fail (SPARK_IS_ATTACHMENTS (self));
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  if ((item = add_item (self, name ? name : _ ("Pasted image"))) == NULL)
    return;
  /* Only the copy of the pixels happens here; the rest in the loader. */
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  {
    g_autoptr (GBytes) bytes = g_bytes_new_take (pixels, stride * height);
    spark_image_load_pixels_async (bytes, width, height, stride, item->name, item->cancellable,
                                   load_cb, load_new (self, item));
  }
}

gboolean
spark_attachments_add_value (SparkAttachments *self,
                             const GValue     *value,
                             const char       *texture_name)
{
  g_return_val_if_fail (SPARK_IS_ATTACHMENTS (self), FALSE);
  g_return_val_if_fail (G_IS_VALUE (value), FALSE);

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) && g_value_get_boxed (value) != NULL)
    {
      GSList *list = gdk_file_list_get_files (g_value_get_boxed (value));
      g_autoptr (GPtrArray) files = g_ptr_array_new ();

      for (GSList *l = list; l != NULL; l = l->next)
        g_ptr_array_add (files, l->data);
      spark_attachments_add_files (self, (GFile *const *) files->pdata, files->len);
      g_slist_free (list);
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE) && g_value_get_object (value) != NULL)
    {
      spark_attachments_add_texture (self, g_value_get_object (value), texture_name);
      return TRUE;
    }
  return FALSE;
}

static void
spark_attachments_dispose (GObject *object)
{
  SparkAttachments *self = SPARK_ATTACHMENTS (object);

  /* Freeing the items cancels their loads. */
  g_ptr_array_set_size (self->items, 0);
  g_clear_object (&self->strip);
  G_OBJECT_CLASS (spark_attachments_parent_class)->dispose (object);
}

static void
spark_attachments_finalize (GObject *object)
{
  g_ptr_array_unref (SPARK_ATTACHMENTS (object)->items);
  G_OBJECT_CLASS (spark_attachments_parent_class)->finalize (object);
}

static void
spark_attachments_class_init (SparkAttachmentsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = spark_attachments_dispose;
  object_class->finalize = spark_attachments_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Something could not be attached: a sentence naming it and saying why. */
  signals[PROBLEM] = g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
spark_attachments_init (SparkAttachments *self)
{
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
}
