/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared set-up for UI tests. */
#include "config.h"

#include "spark-context.h"
#include "spark-ui-test.h"

SparkApplication *
spark_ui_test_app_new (SparkFakeService *service)
{
  g_autoptr (GError) error = NULL;
  SparkApplication *app = spark_application_new ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Could not register the application: %s", error->message);

  if (service != NULL)
    {
      SparkProviderList *providers = spark_context_get_providers (spark_application_get_context (app));
      g_autoptr (SparkProvider) provider = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_LLAMACPP);

      while (g_list_model_get_n_items (G_LIST_MODEL (providers)) > 0)
        {
          g_autoptr (SparkProvider) other = g_list_model_get_item (G_LIST_MODEL (providers), 0);
          spark_provider_list_remove (providers, spark_provider_get_id (other));
        }
      spark_provider_set_name (provider, "Test Service");
      spark_provider_set_base_url (provider, spark_fake_service_get_base_url (service));
      spark_provider_list_add (providers, provider);
      spark_provider_list_set_active (providers, provider);
    }
  return app;
}

SparkWindow *
spark_ui_test_get_window (SparkApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (app));
      window = gtk_application_get_active_window (GTK_APPLICATION (app));
    }
  g_assert_true (SPARK_IS_WINDOW (window));
  return SPARK_WINDOW (window);
}

GObject *
spark_ui_test_child (gpointer    widget,
                     GType       type,
                     const char *name)
{
  GObject *obj = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  if (obj == NULL)
    g_error ("No template child “%s”", name);
  return obj;
}

void
spark_ui_test_set_base_url (SparkApplication *app,
                            const char       *base_url)
{
  SparkProviderList *providers = spark_context_get_providers (spark_application_get_context (app));
  g_autoptr (SparkProvider) copy = NULL;
  SparkProvider *active = spark_provider_list_get_active (providers);
  g_autoptr (GVariant) dict = g_variant_ref_sink (spark_provider_to_variant (active));

  copy = spark_provider_new_from_variant (dict, NULL);
  spark_provider_set_base_url (copy, base_url);
  spark_provider_list_replace (providers, copy);
}
