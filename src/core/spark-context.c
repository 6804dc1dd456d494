/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The long-lived objects of one running Spark, created by the application
 * and handed to windows as a construct property (never reached globally):
 * settings, the HTTP client, the model services, the keyring, the
 * capability cache and (once opened) the history store. The client
 * follows the timeout settings. */
#include "config.h"

#include "spark-context.h"

struct _SparkContext
{
  GObject parent_instance;

  GSettings         *settings;
  SparkClient       *client;
  SparkProviderList *providers;
  SparkSecrets      *secrets;
  SparkCapabilities *capabilities;
  SparkStore        *store;
};

G_DEFINE_FINAL_TYPE (SparkContext, spark_context, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
timeouts_changed_cb (SparkContext *self)
{
  spark_client_set_timeouts (self->client,
                             g_settings_get_uint (self->settings, "connect-timeout"),
                             g_settings_get_uint (self->settings, "idle-timeout"));
}

SparkContext *
spark_context_new (GSettings *settings)
{
  SparkContext *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SPARK_TYPE_CONTEXT, NULL);
  self->settings = g_object_ref (settings);
  self->client = spark_client_new ();
  self->providers = spark_provider_list_new (settings);
  self->secrets = spark_secrets_new ();
  self->capabilities = spark_capabilities_new ();

  g_signal_connect_object (settings, "changed::connect-timeout", G_CALLBACK (timeouts_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::idle-timeout", G_CALLBACK (timeouts_changed_cb), self, G_CONNECT_SWAPPED);
  timeouts_changed_cb (self);
  return self;
}

GSettings *
spark_context_get_settings (SparkContext *self)
{
  g_return_val_if_fail (SPARK_IS_CONTEXT (self), NULL);
  return self->settings;
}

SparkClient *
spark_context_get_client (SparkContext *self)
{
  g_return_val_if_fail (SPARK_IS_CONTEXT (self), NULL);
  return self->client;
}

SparkProviderList *
spark_context_get_providers (SparkContext *self)
{
  g_return_val_if_fail (SPARK_IS_CONTEXT (self), NULL);
  return self->providers;
}

SparkSecrets *
spark_context_get_secrets (SparkContext *self)
{
  g_return_val_if_fail (SPARK_IS_CONTEXT (self), NULL);
  return self->secrets;
}

SparkCapabilities *
spark_context_get_capabilities (SparkContext *self)
{
  g_return_val_if_fail (SPARK_IS_CONTEXT (self), NULL);
  return self->capabilities;
}

SparkStore *
spark_context_get_store (SparkContext *self)
{
  g_return_val_if_fail (SPARK_IS_CONTEXT (self), NULL);
  return self->store;
}

void
spark_context_set_store (SparkContext *self,
                         SparkStore   *store)
{
  g_return_if_fail (SPARK_IS_CONTEXT (self));
  g_return_if_fail (store == NULL || SPARK_IS_STORE (store));

  /* The store opens after the first window shows: windows follow notify::store. */
  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static void
spark_context_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SparkContext *self = SPARK_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_context_dispose (GObject *object)
{
  SparkContext *self = SPARK_CONTEXT (object);

  g_clear_object (&self->client);
  g_clear_object (&self->providers);
  g_clear_object (&self->secrets);
  g_clear_object (&self->capabilities);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (spark_context_parent_class)->dispose (object);
}

static void
spark_context_class_init (SparkContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = spark_context_dispose;
  object_class->get_property = spark_context_get_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SPARK_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spark_context_init (SparkContext *self)
{
}
