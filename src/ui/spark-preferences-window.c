/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences: general settings bound to GSettings, and the page where
 * model services are managed. */
#include "config.h"

#include <glib/gi18n.h>

#include "spark-preferences-window.h"
#include "spark-services-page.h"

struct _SparkPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  SparkContext *context;
  GSettings    *settings;

  AdwComboRow       *style_row;
  GtkSwitch         *auto_title_switch;
  GtkSpinButton     *connect_timeout_spin;
  GtkSpinButton     *idle_timeout_spin;
  SparkServicesPage *services_page;
};

G_DEFINE_FINAL_TYPE (SparkPreferencesWindow, spark_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SparkPreferencesWindow *
spark_preferences_window_new (SparkContext *context)
{
  g_return_val_if_fail (SPARK_IS_CONTEXT (context), NULL);
  return g_object_new (SPARK_TYPE_PREFERENCES_WINDOW, "context", context, NULL);
}

static const char *style_nicks[] = { "default", "light", "dark" };

static gboolean
style_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (style_nicks); i++)
    if (g_str_equal (nick, style_nicks[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
style_set_mapping (const GValue       *value,
                   const GVariantType *type,
                   gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  return g_variant_new_string (style_nicks[MIN (i, G_N_ELEMENTS (style_nicks) - 1)]);
}

static void
spark_preferences_window_constructed (GObject *object)
{
  SparkPreferencesWindow *self = SPARK_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (spark_preferences_window_parent_class)->constructed (object);

  g_settings_bind_with_mapping (self->settings, "color-scheme", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, style_get_mapping, style_set_mapping,
                                NULL, NULL);
  g_settings_bind (self->settings, "auto-title", self->auto_title_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "connect-timeout", self->connect_timeout_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "idle-timeout", self->idle_timeout_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  spark_services_page_set_context (self->services_page, self->context);
}

static void
spark_preferences_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  SparkPreferencesWindow *self = SPARK_PREFERENCES_WINDOW (object);

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
spark_preferences_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  SparkPreferencesWindow *self = SPARK_PREFERENCES_WINDOW (object);

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
spark_preferences_window_dispose (GObject *object)
{
  SparkPreferencesWindow *self = SPARK_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SPARK_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spark_preferences_window_parent_class)->dispose (object);
}

static void
spark_preferences_window_class_init (SparkPreferencesWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = spark_preferences_window_constructed;
  object_class->get_property = spark_preferences_window_get_property;
  object_class->set_property = spark_preferences_window_set_property;
  object_class->dispose = spark_preferences_window_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SPARK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SPARK_TYPE_SERVICES_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sparkdesk/Spark/ui/spark-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SparkPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, SparkPreferencesWindow, auto_title_switch);
  gtk_widget_class_bind_template_child (widget_class, SparkPreferencesWindow, connect_timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, SparkPreferencesWindow, idle_timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, SparkPreferencesWindow, services_page);
}

static void
spark_preferences_window_init (SparkPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
