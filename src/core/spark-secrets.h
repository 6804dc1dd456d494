/* SPDX-License-Identifier: GPL-3.0-or-later */
/* API keys of model services in the Secret Service (GNOME Keyring, KWallet…),
 * keyed by provider id. Keys are never written anywhere else. */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "spark-types.h"

G_BEGIN_DECLS

#define SPARK_TYPE_SECRETS (spark_secrets_get_type ())

G_DECLARE_FINAL_TYPE (SparkSecrets, spark_secrets, SPARK, SECRETS, GObject)

const SecretSchema *spark_secrets_get_schema (void);

SparkSecrets *spark_secrets_new (void);

void     spark_secrets_store_async (SparkSecrets       *self,
                                    const char         *provider_id,
                                    const char         *provider_name,
                                    const char         *key,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
gboolean spark_secrets_store_finish (SparkSecrets *self,
                                     GAsyncResult *result,
                                     GError      **error);

void  spark_secrets_lookup_async (SparkSecrets       *self,
                                  const char         *provider_id,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
char *spark_secrets_lookup_finish (SparkSecrets *self,
                                   GAsyncResult *result,
                                   GError      **error);

void     spark_secrets_clear_async (SparkSecrets       *self,
                                    const char         *provider_id,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
gboolean spark_secrets_clear_finish (SparkSecrets *self,
                                     GAsyncResult *result,
                                     GError      **error);

/* Blocks on D-Bus (and possibly an unlock prompt): for spark-cli only.
 * The GUI must never call it; it uses spark_secrets_lookup_async(). */
char *spark_secrets_lookup_sync (SparkSecrets *self,
                                 const char   *provider_id,
                                 GCancellable *cancellable,
                                 GError      **error);

G_END_DECLS
