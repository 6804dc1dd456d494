/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A proxy resolver that never sends loopback traffic through a proxy and
 * asks the system resolver for everything else. A local Ollama must work
 * even when http_proxy is set (libsoup would route 127.0.0.1 through it). */
#include "config.h"

#include "spark-loopback-resolver.h"

struct _SparkLoopbackResolver
{
  GObject         parent_instance;
  GProxyResolver *fallback;
};

static void resolver_iface_init (GProxyResolverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SparkLoopbackResolver, spark_loopback_resolver, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_PROXY_RESOLVER, resolver_iface_init))

gboolean
spark_uri_is_loopback (const char *uri)
{
  g_autoptr (GUri) parsed = NULL;
  g_autoptr (GInetAddress) address = NULL;
  const char *host;

  if (uri == NULL || (parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL)) == NULL)
    return FALSE;
  host = g_uri_get_host (parsed);
  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gchar **
direct (void)
{
  gchar **proxies = g_new0 (gchar *, 2);

  proxies[0] = g_strdup ("direct://");
  return proxies;
}

static gboolean
is_supported (GProxyResolver *resolver)
{
  return TRUE;
}

static gchar **
lookup (GProxyResolver *resolver,
        const gchar    *uri,
        GCancellable   *cancellable,
        GError        **error)
{
  SparkLoopbackResolver *self = SPARK_LOOPBACK_RESOLVER (resolver);

  if (spark_uri_is_loopback (uri) || self->fallback == NULL)
    return direct ();
  return g_proxy_resolver_lookup (self->fallback, uri, cancellable, error);
}

static void
fallback_lookup_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  gchar **proxies = g_proxy_resolver_lookup_finish (G_PROXY_RESOLVER (source), result, &error);

  if (proxies == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, proxies, (GDestroyNotify) g_strfreev);
}

static void
lookup_async (GProxyResolver     *resolver,
              const gchar        *uri,
              GCancellable       *cancellable,
              GAsyncReadyCallback callback,
              gpointer            user_data)
{
  SparkLoopbackResolver *self = SPARK_LOOPBACK_RESOLVER (resolver);
  g_autoptr (GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  g_task_set_source_tag (task, lookup_async);
  if (spark_uri_is_loopback (uri) || self->fallback == NULL)
    {
      g_task_return_pointer (task, direct (), (GDestroyNotify) g_strfreev);
      return;
    }
  g_proxy_resolver_lookup_async (self->fallback, uri, cancellable, fallback_lookup_cb,
                                 g_steal_pointer (&task));
}

static gchar **
lookup_finish (GProxyResolver *resolver,
               GAsyncResult   *result,
               GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
resolver_iface_init (GProxyResolverInterface *iface)
{
  iface->is_supported = is_supported;
  iface->lookup = lookup;
  iface->lookup_async = lookup_async;
  iface->lookup_finish = lookup_finish;
}

GProxyResolver *
spark_loopback_resolver_new (GProxyResolver *fallback)
{
  SparkLoopbackResolver *self = g_object_new (SPARK_TYPE_LOOPBACK_RESOLVER, NULL);

  self->fallback = fallback ? g_object_ref (fallback) : NULL;
  return G_PROXY_RESOLVER (self);
}

static void
spark_loopback_resolver_finalize (GObject *object)
{
  g_clear_object (&SPARK_LOOPBACK_RESOLVER (object)->fallback);
  G_OBJECT_CLASS (spark_loopback_resolver_parent_class)->finalize (object);
}

static void
spark_loopback_resolver_class_init (SparkLoopbackResolverClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spark_loopback_resolver_finalize;
}

static void
spark_loopback_resolver_init (SparkLoopbackResolver *self)
{
}
