/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Does the active model service answer, and with which models? The key
 * comes from the keyring first; a newer check cancels an older one, so
 * only the last answer counts. No GTK: the window shows the result. */
#include "config.h"

#include "spark-service-check.h"

struct _SparkServiceCheck
{
  GObject parent_instance;

  SparkContext *context;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (SparkServiceCheck, spark_service_check, G_TYPE_OBJECT)

enum
{
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

SparkServiceCheck *
spark_service_check_new (SparkContext *context)
{
  SparkServiceCheck *self;

  g_return_val_if_fail (SPARK_IS_CONTEXT (context), NULL);

  self = g_object_new (SPARK_TYPE_SERVICE_CHECK, NULL);
  self->context = g_object_ref (context);
  return self;
}

static SparkProvider *
active_provider (SparkServiceCheck *self)
{
  return spark_provider_list_get_active (spark_context_get_providers (self->context));
}

static void
models_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr (SparkServiceCheck) self = user_data;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) models = spark_client_list_models_finish (SPARK_CLIENT (source), res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  g_signal_emit (self, signals[DONE], 0, active_provider (self), models, error);
}

static void
key_cb (GObject      *source,
        GAsyncResult *res,
        gpointer      user_data)
{
  g_autoptr (SparkServiceCheck) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = spark_secrets_lookup_finish (SPARK_SECRETS (source), res, &error);
  SparkProvider   *provider = active_provider (self);

  /* A keyring that can't be reached only matters if the service wants a key;
   * then the service's own 401 says so. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || provider == NULL)
    return;
  spark_client_list_models_async (spark_context_get_client (self->context), provider, key,
                                  self->cancellable, models_cb, g_object_ref (self));
  if (key != NULL)
    memset (key, 0, strlen (key));
}

void
spark_service_check_run (SparkServiceCheck *self)
{
  SparkProvider *provider;

  g_return_if_fail (SPARK_IS_SERVICE_CHECK (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if ((provider = active_provider (self)) == NULL)
    {
      g_signal_emit (self, signals[DONE], 0, NULL, NULL, NULL);
      return;
    }
  self->cancellable = g_cancellable_new ();
  spark_secrets_lookup_async (spark_context_get_secrets (self->context), spark_provider_get_id (provider),
                              self->cancellable, key_cb, g_object_ref (self));
}

static void
spark_service_check_dispose (GObject *object)
{
  SparkServiceCheck *self = SPARK_SERVICE_CHECK (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spark_service_check_parent_class)->dispose (object);
}

static void
spark_service_check_class_init (SparkServiceCheckClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = spark_service_check_dispose;

  /* (provider or NULL, models GStrv or NULL, error or NULL) */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 3, SPARK_TYPE_PROVIDER, G_TYPE_STRV, G_TYPE_ERROR);
}

static void
spark_service_check_init (SparkServiceCheck *self)
{
}
