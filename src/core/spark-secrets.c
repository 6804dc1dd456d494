/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkSecrets: store, look up and clear API keys with libsecret. Failures to
 * reach the keyring become SPARK_ERROR_NO_KEY with a sentence to act on; no
 * message or log ever contains a key. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spark-error.h"
#include "spark-secrets.h"

#define ATTR_PROVIDER_ID "provider-id"

struct _SparkSecrets
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (SparkSecrets, spark_secrets, G_TYPE_OBJECT)

/**
 * spark_secrets_get_schema:
 *
 * One schema for every build (not the `.Devel` app id), so a development
 * build finds the keys of the installed one.
 */
const SecretSchema *
spark_secrets_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.sparkdesk.Spark.ApiKey",
    SECRET_SCHEMA_NONE,
    {
      { ATTR_PROVIDER_ID, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* Cancellation stays as it is so callers can ignore it; everything else
 * means the keyring could not be used. libsecret's messages name D-Bus
 * objects, never the secret. */
static GError *
keyring_error (const GError *error)
{
  g_autoptr (GError) copy = NULL;
  gsize len;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  copy = g_error_copy (error);
  g_dbus_error_strip_remote_error (copy);
  g_strstrip (copy->message);
  len = strlen (copy->message);
  while (len > 0 && copy->message[len - 1] == '.')
    copy->message[--len] = '\0';

  return g_error_new (SPARK_ERROR, SPARK_ERROR_NO_KEY,
                      _ ("Spark can't reach the system keyring (%s). Install and unlock GNOME Keyring or another Secret Service."),
                      len > 0 ? copy->message : _ ("no reason given"));
}

static void
spark_secrets_class_init (SparkSecretsClass *klass)
{
}

static void
spark_secrets_init (SparkSecrets *self)
{
}

SparkSecrets *
spark_secrets_new (void)
{
  return g_object_new (SPARK_TYPE_SECRETS, NULL);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * spark_secrets_store_async:
 * @provider_id: the provider's stable id
 * @provider_name: (nullable): shown in the keyring's label
 *   ("Spark API key for <name>"); the id is used when %NULL
 * @key: the API key
 *
 * Stores @key in the default collection, replacing any key of @provider_id.
 */
void
spark_secrets_store_async (SparkSecrets       *self,
                           const char         *provider_id,
                           const char         *provider_name,
                           const char         *key,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (SPARK_IS_SECRETS (self));
  g_return_if_fail (provider_id != NULL && *provider_id != '\0');
  g_return_if_fail (key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, spark_secrets_store_async);

  if (provider_name == NULL || *provider_name == '\0')
    provider_name = provider_id;
  label = g_strdup_printf (_ ("Spark API key for %s"), provider_name);

  secret_password_store (spark_secrets_get_schema (), SECRET_COLLECTION_DEFAULT,
                         label, key, cancellable, store_cb, g_steal_pointer (&task),
                         ATTR_PROVIDER_ID, provider_id,
                         NULL);
}

gboolean
spark_secrets_store_finish (SparkSecrets *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (SPARK_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == spark_secrets_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* libsecret hands out the key in memory it wipes on free; callers get a
 * plain string so they can use g_free()/g_autofree like everywhere else. */
static char *
take_password (char *password)
{
  char *copy;

  if (password == NULL)
    return NULL;
  copy = g_strdup (password);
  secret_password_free (password);
  return copy;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_pointer (task, take_password (password), g_free);
}

void
spark_secrets_lookup_async (SparkSecrets       *self,
                            const char         *provider_id,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (SPARK_IS_SECRETS (self));
  g_return_if_fail (provider_id != NULL && *provider_id != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, spark_secrets_lookup_async);

  secret_password_lookup (spark_secrets_get_schema (), cancellable,
                          lookup_cb, g_steal_pointer (&task),
                          ATTR_PROVIDER_ID, provider_id,
                          NULL);
}

/**
 * spark_secrets_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the key (free with g_free()), or
 *   %NULL with no error when the provider has none. An error means the
 *   keyring could not be asked (SPARK_ERROR_NO_KEY) or the call was cancelled.
 */
char *
spark_secrets_lookup_finish (SparkSecrets *self,
                             GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (SPARK_IS_SECRETS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == spark_secrets_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  /* FALSE without an error only means there was nothing to remove. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * spark_secrets_clear_async:
 *
 * Removes the key of @provider_id; succeeds as well when there is none.
 */
void
spark_secrets_clear_async (SparkSecrets       *self,
                           const char         *provider_id,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (SPARK_IS_SECRETS (self));
  g_return_if_fail (provider_id != NULL && *provider_id != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, spark_secrets_clear_async);

  secret_password_clear (spark_secrets_get_schema (), cancellable,
                         clear_cb, g_steal_pointer (&task),
                         ATTR_PROVIDER_ID, provider_id,
                         NULL);
}

gboolean
spark_secrets_clear_finish (SparkSecrets *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (SPARK_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == spark_secrets_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * spark_secrets_lookup_sync:
 *
 * Like spark_secrets_lookup_async() but blocking, for spark-cli, which has
 * no main loop to keep responsive. The GUI must not call it.
 *
 * Returns: (transfer full) (nullable): as spark_secrets_lookup_finish()
 */
char *
spark_secrets_lookup_sync (SparkSecrets *self,
                           const char   *provider_id,
                           GCancellable *cancellable,
                           GError      **error)
{
  g_autoptr (GError) local_error = NULL;
  char *password;

  g_return_val_if_fail (SPARK_IS_SECRETS (self), NULL);
  g_return_val_if_fail (provider_id != NULL && *provider_id != '\0', NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  password = secret_password_lookup_sync (spark_secrets_get_schema (), cancellable, &local_error,
                                          ATTR_PROVIDER_ID, provider_id,
                                          NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, keyring_error (local_error));
      return NULL;
    }
  return take_password (password);
}
