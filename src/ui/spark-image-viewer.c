/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A sent image at full size, in its own window over the chat. It opens
 * with the thumbnail at once and swaps in the full picture when it has
 * been decoded (off the main thread). It starts fitted to the window;
 * zoom with Ctrl+scroll (plain scroll while fitted), a pinch, + and −,
 * 0 for best fit and 1 for 100 %; Esc closes.
 *
 * Zooming sets the picture's size request; the scrolled window then pans.
 * The point under the pointer stays put while zooming: the adjustments
 * are set to the new content size at once, before the relayout. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "spark-image-loader.h"
#include "spark-image-viewer.h"

#define MAX_ZOOM 8.0
#define ZOOM_STEP 1.25
/* Large enough for any screen, small enough for a GL texture. */
#define MAX_DECODE_EDGE 8192

struct _SparkImageViewer
{
  AdwWindow parent_instance;

  GCancellable *cancellable;
  gboolean      loaded;
  gboolean      best_fit;
  double        zoom; /* when not best_fit */
  double        pinch_start;
  double        pointer_x;
  double        pointer_y;

  AdwWindowTitle    *title;
  GtkScrolledWindow *scroller;
  GtkPicture        *picture;
  GtkLabel          *zoom_label;
};

G_DEFINE_FINAL_TYPE (SparkImageViewer, spark_image_viewer, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
image_size (SparkImageViewer *self,
            double           *width,
            double           *height)
{
  GdkPaintable *paintable = gtk_picture_get_paintable (self->picture);

  if (paintable == NULL || gdk_paintable_get_intrinsic_width (paintable) <= 0
      || gdk_paintable_get_intrinsic_height (paintable) <= 0)
    return FALSE;
  *width = gdk_paintable_get_intrinsic_width (paintable);
  *height = gdk_paintable_get_intrinsic_height (paintable);
  return TRUE;
}

/* The zoom at which the whole picture shows; never above 1:1, so small
 * pictures are not blown up. */
static double
fit_zoom (SparkImageViewer *self)
{
  double width, height;
  int    view_width = gtk_widget_get_width (GTK_WIDGET (self->scroller));
  int    view_height = gtk_widget_get_height (GTK_WIDGET (self->scroller));

  if (!image_size (self, &width, &height) || view_width <= 0 || view_height <= 0)
    return 1.0;
  return MIN (1.0, MIN (view_width / width, view_height / height));
}

double
spark_image_viewer_get_zoom (SparkImageViewer *self)
{
  g_return_val_if_fail (SPARK_IS_IMAGE_VIEWER (self), 1.0);
  return self->best_fit ? fit_zoom (self) : self->zoom;
}

gboolean
spark_image_viewer_get_best_fit (SparkImageViewer *self)
{
  g_return_val_if_fail (SPARK_IS_IMAGE_VIEWER (self), TRUE);
  return self->best_fit;
}

gboolean
spark_image_viewer_get_loaded (SparkImageViewer *self)
{
  g_return_val_if_fail (SPARK_IS_IMAGE_VIEWER (self), FALSE);
  return self->loaded;
}

static void
update_zoom_controls (SparkImageViewer *self)
{
  double zoom = spark_image_viewer_get_zoom (self);

  if (self->best_fit)
    gtk_label_set_text (self->zoom_label, _ ("Best Fit"));
  else
    {
      g_autofree char *percent = g_strdup_printf ("%.0f %%", zoom * 100);
      gtk_label_set_text (self->zoom_label, percent);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-in", self->loaded && zoom < MAX_ZOOM);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-out", self->loaded && !self->best_fit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.best-fit", self->loaded && !self->best_fit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-original", self->loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.toggle-zoom", self->loaded && fit_zoom (self) < 1.0);
}

static void
set_zoom (SparkImageViewer *self,
          double            zoom)
{
  double fit = fit_zoom (self);
  double width, height;

  zoom = MIN (zoom, MAX_ZOOM);
  if (!image_size (self, &width, &height) || zoom <= fit * 1.001)
    {
      self->best_fit = TRUE;
      gtk_widget_set_size_request (GTK_WIDGET (self->picture), -1, -1);
    }
  else
    {
      self->best_fit = FALSE;
      self->zoom = zoom;
      gtk_widget_set_size_request (GTK_WIDGET (self->picture), (int) round (width * zoom), (int) round (height * zoom));
    }
  update_zoom_controls (self);
}

/* Zooms keeping the content under (@x, @y) of the view where it is. */
static void
zoom_at (SparkImageViewer *self,
         double            zoom,
         double            x,
         double            y)
{
  GtkAdjustment *adj[2] = { gtk_scrolled_window_get_hadjustment (self->scroller),
                            gtk_scrolled_window_get_vadjustment (self->scroller) };
  double         offset[2] = { x, y };
  double         fraction[2];
  double         size[2];

  for (int i = 0; i < 2; i++)
    fraction[i] = (gtk_adjustment_get_value (adj[i]) + offset[i]) / MAX (gtk_adjustment_get_upper (adj[i]), 1);
  set_zoom (self, zoom);
  if (self->best_fit || !image_size (self, &size[0], &size[1]))
    return;

  for (int i = 0; i < 2; i++)
    {
      double page = gtk_adjustment_get_page_size (adj[i]);
      double upper = MAX (round (size[i] * self->zoom), page);

      /* The viewport keeps this value when it relays out to the same upper. */
      gtk_adjustment_configure (adj[i], CLAMP (fraction[i] * upper - offset[i], 0, upper - page), 0, upper,
                                gtk_adjustment_get_step_increment (adj[i]), gtk_adjustment_get_page_increment (adj[i]),
                                page);
    }
}

static void
zoom_at_center (SparkImageViewer *self,
                double            zoom)
{
  zoom_at (self, zoom, gtk_widget_get_width (GTK_WIDGET (self->scroller)) / 2.0,
           gtk_widget_get_height (GTK_WIDGET (self->scroller)) / 2.0);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  SparkImageViewer *self = SPARK_IMAGE_VIEWER (widget);
  zoom_at_center (self, spark_image_viewer_get_zoom (self) * ZOOM_STEP);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SparkImageViewer *self = SPARK_IMAGE_VIEWER (widget);
  zoom_at_center (self, spark_image_viewer_get_zoom (self) / ZOOM_STEP);
}

static void
best_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  set_zoom (SPARK_IMAGE_VIEWER (widget), 0);
}

/* The zoom level button: between best fit and 100 %. */
static void
toggle_zoom_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  SparkImageViewer *self = SPARK_IMAGE_VIEWER (widget);

  if (self->best_fit)
    zoom_at_center (self, 1.0);
  else
    set_zoom (self, 0);
}

static void
zoom_original_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  zoom_at_center (SPARK_IMAGE_VIEWER (widget), 1.0);
}

static void
motion_cb (SparkImageViewer *self,
           double            x,
           double            y)
{
  self->pointer_x = x;
  self->pointer_y = y;
}

static gboolean
scroll_cb (SparkImageViewer         *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double          step;

  /* While fitted there is nothing to pan, so the wheel zooms. */
  if (!self->loaded || (!(state & GDK_CONTROL_MASK) && !self->best_fit))
    return FALSE;
  if (dy == 0)
    return TRUE;
  step = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL ? ZOOM_STEP : 1.01;
  zoom_at (self, spark_image_viewer_get_zoom (self) * pow (step, -dy), self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
pinch_begin_cb (SparkImageViewer *self)
{
  self->pinch_start = spark_image_viewer_get_zoom (self);
}

static void
pinch_scale_cb (SparkImageViewer *self,
                double            scale,
                GtkGesture       *gesture)
{
  double x, y;

  if (!self->loaded)
    return;
  if (!gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    {
      x = self->pointer_x;
      y = self->pointer_y;
    }
  zoom_at (self, self->pinch_start * scale, x, y);
}

static void
decoded_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr (SparkImageViewer) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) pixbuf = spark_image_decode_finish (res, &error);
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *size = NULL;

  if (pixbuf == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_window_title_set_subtitle (self->title, error->message);
      return;
    }
  texture = gdk_texture_new_for_pixbuf (pixbuf);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  size = g_strdup_printf (_ ("%d × %d pixels"), gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf));
  adw_window_title_set_subtitle (self->title, size);
  self->loaded = TRUE;
  set_zoom (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

GtkWidget *
spark_image_viewer_new (GtkWindow        *parent,
                        const SparkImage *image)
{
  SparkImageViewer *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (image != NULL, NULL);

  self = g_object_new (SPARK_TYPE_IMAGE_VIEWER,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       "title", image->name ? image->name : _ ("Image"),
                       NULL);
  adw_window_title_set_title (self->title, image->name ? image->name : _ ("Image"));

  /* The thumbnail stands in until the full picture is decoded. */
  if (image->thumbnail != NULL)
    {
      g_autoptr (GdkTexture) thumb = gdk_texture_new_from_bytes (image->thumbnail, NULL);
      gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (thumb));
    }
  spark_image_decode_async (spark_image_get_display_bytes (image), MAX_DECODE_EDGE, self->cancellable,
                            decoded_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}

static void
spark_image_viewer_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, SPARK_IMAGE_VIEWER (object)->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_image_viewer_dispose (GObject *object)
{
  SparkImageViewer *self = SPARK_IMAGE_VIEWER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPARK_TYPE_IMAGE_VIEWER);
  G_OBJECT_CLASS (spark_image_viewer_parent_class)->dispose (object);
}

static void
spark_image_viewer_class_init (SparkImageViewerClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const guint     zoom_in_keys[] = { GDK_KEY_plus, GDK_KEY_equal, GDK_KEY_KP_Add };
  const guint     zoom_out_keys[] = { GDK_KEY_minus, GDK_KEY_KP_Subtract };

  object_class->get_property = spark_image_viewer_get_property;
  object_class->dispose = spark_image_viewer_dispose;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sparkdesk/Spark/ui/spark-image-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, SparkImageViewer, title);
  gtk_widget_class_bind_template_child (widget_class, SparkImageViewer, scroller);
  gtk_widget_class_bind_template_child (widget_class, SparkImageViewer, picture);
  gtk_widget_class_bind_template_child (widget_class, SparkImageViewer, zoom_label);

  gtk_widget_class_install_action (widget_class, "viewer.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "viewer.best-fit", NULL, best_fit_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-original", NULL, zoom_original_action);
  gtk_widget_class_install_action (widget_class, "viewer.toggle-zoom", NULL, toggle_zoom_action);

  for (guint i = 0; i < G_N_ELEMENTS (zoom_in_keys); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, zoom_in_keys[i], 0, "viewer.zoom-in", NULL);
      gtk_widget_class_add_binding_action (widget_class, zoom_in_keys[i], GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (zoom_out_keys); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, zoom_out_keys[i], 0, "viewer.zoom-out", NULL);
      gtk_widget_class_add_binding_action (widget_class, zoom_out_keys[i], GDK_CONTROL_MASK, "viewer.zoom-out", NULL);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "viewer.best-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "viewer.best-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, 0, "viewer.zoom-original", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1, 0, "viewer.zoom-original", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
spark_image_viewer_init (SparkImageViewer *self)
{
  GtkEventController *scroll;
  GtkEventController *motion;
  GtkGesture         *pinch;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->best_fit = TRUE;
  self->zoom = 1.0;

  /* Capture phase: ahead of the scrolled window's own panning. */
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), motion);

  pinch = gtk_gesture_zoom_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (pinch), GTK_PHASE_CAPTURE);
  g_signal_connect_object (pinch, "begin", G_CALLBACK (pinch_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (pinch, "scale-changed", G_CALLBACK (pinch_scale_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), GTK_EVENT_CONTROLLER (pinch));

  update_zoom_controls (self);
}
