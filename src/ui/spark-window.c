/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: an adaptive split (AdwLeaflet) of the conversations
 * sidebar and the chat side with its composer. Saves its size, maximised
 * state and sidebar state in GSettings. */
#include "config.h"

#include <glib/gi18n.h>

#include "spark-composer.h"
#include "spark-window.h"

struct _SparkWindow
{
  AdwApplicationWindow parent_instance;

  SparkContext *context;
  GSettings *settings;

  /* template children */
  AdwToastOverlay *toast_overlay;
  AdwLeaflet      *leaflet;
  GtkWidget       *sidebar_pane;
  GtkWidget       *chat_pane;
  GtkSearchEntry  *search_entry;
  GtkStack        *sidebar_stack;
  GtkStack        *chat_stack;
  AdwWindowTitle  *chat_title;
  AdwStatusPage   *chat_empty_page;
  GtkWidget       *back_button;
  SparkComposer   *composer;
};

G_DEFINE_FINAL_TYPE (SparkWindow, spark_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SparkWindow *
spark_window_new (SparkApplication *app,
                  SparkContext     *context)
{
  g_return_val_if_fail (SPARK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (SPARK_IS_CONTEXT (context), NULL);

  return g_object_new (SPARK_TYPE_WINDOW,
                       "application", app,
                       "context", context,
                       NULL);
}

void
spark_window_add_toast (SparkWindow *self,
                        const char  *message)
{
  g_return_if_fail (SPARK_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static gboolean
sidebar_shown (SparkWindow *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    return adw_leaflet_get_visible_child (self->leaflet) == self->sidebar_pane;
  return gtk_widget_get_visible (self->sidebar_pane);
}

static void
sync_sidebar_action (SparkWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "toggle-sidebar");

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action),
                               g_variant_new_boolean (sidebar_shown (self)));
}

static void
set_sidebar_shown (SparkWindow *self,
                   gboolean     shown)
{
  if (adw_leaflet_get_folded (self->leaflet))
    {
      /* Narrow: one pane at a time; "showing the sidebar" navigates to it. */
      gtk_widget_set_visible (self->sidebar_pane, TRUE);
      adw_leaflet_set_visible_child (self->leaflet, shown ? self->sidebar_pane : self->chat_pane);
    }
  else
    {
      gtk_widget_set_visible (self->sidebar_pane, shown);
      g_settings_set_boolean (self->settings, "sidebar-visible", shown);
    }
  sync_sidebar_action (self);
}

static void
leaflet_folded_changed_cb (SparkWindow *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    {
      /* A hidden sidebar would be unreachable when folded. */
      gtk_widget_set_visible (self->sidebar_pane, TRUE);
      adw_leaflet_set_visible_child (self->leaflet, self->chat_pane);
    }
  else
    {
      gtk_widget_set_visible (self->sidebar_pane,
                              g_settings_get_boolean (self->settings, "sidebar-visible"));
    }
  sync_sidebar_action (self);
}

static void
toggle_sidebar_change_state (GSimpleAction *action,
                             GVariant      *state,
                             gpointer       user_data)
{
  set_sidebar_shown (SPARK_WINDOW (user_data), g_variant_get_boolean (state));
}

static void
toggle_sidebar_activated (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  SparkWindow *self = user_data;
  set_sidebar_shown (self, !sidebar_shown (self));
}

static void
show_sidebar_activated (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  set_sidebar_shown (SPARK_WINDOW (user_data), TRUE);
}

static void
new_chat_activated (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  SparkWindow *self = user_data;

  adw_window_title_set_title (self->chat_title, _ ("New Chat"));
  gtk_stack_set_visible_child_name (self->chat_stack, "empty");
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->chat_pane);
  spark_composer_focus (self->composer);
}

static void
focus_search_activated (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  SparkWindow *self = user_data;

  set_sidebar_shown (self, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static const GActionEntry win_entries[] = {
  { "new-chat", new_chat_activated, NULL, NULL, NULL },
  { "toggle-sidebar", toggle_sidebar_activated, NULL, "true", toggle_sidebar_change_state },
  { "show-sidebar", show_sidebar_activated, NULL, NULL, NULL },
  { "focus-search", focus_search_activated, NULL, NULL, NULL },
};

static void
spark_window_constructed (GObject *object)
{
  SparkWindow *self = SPARK_WINDOW (object);

  G_OBJECT_CLASS (spark_window_parent_class)->constructed (object);

  g_assert (self->settings != NULL);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries,
                                   G_N_ELEMENTS (win_entries), self);

  spark_composer_set_settings (self->composer, self->settings);
  leaflet_folded_changed_cb (self);
}

static gboolean
spark_window_close_request (GtkWindow *window)
{
  SparkWindow *self = SPARK_WINDOW (window);
  int          width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (spark_window_parent_class)->close_request (window);
}

static void
spark_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SparkWindow *self = SPARK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SparkWindow *self = SPARK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      self->settings = g_object_ref (spark_context_get_settings (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_window_dispose (GObject *object)
{
  SparkWindow *self = SPARK_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SPARK_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spark_window_parent_class)->dispose (object);
}

static void
spark_window_class_init (SparkWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = spark_window_constructed;
  object_class->get_property = spark_window_get_property;
  object_class->set_property = spark_window_set_property;
  object_class->dispose = spark_window_dispose;
  window_class->close_request = spark_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SPARK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SPARK_TYPE_COMPOSER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sparkdesk/Spark/ui/spark-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, chat_pane);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, chat_stack);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, chat_title);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, composer);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, chat_empty_page);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, back_button);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-search", NULL);
}

static void
spark_window_init (SparkWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
