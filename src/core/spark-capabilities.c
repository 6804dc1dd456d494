/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What each service + model pair was seen to support (structured output
 * formats, images), so Spark doesn't ask again for what failed once. */
#include "config.h"

#include "spark-capabilities.h"

typedef struct
{
  SparkCapabilityState json_schema;
  SparkCapabilityState json_object;
  SparkCapabilityState images;
} Entry;

struct _SparkCapabilities
{
  GObject     parent_instance;
  GHashTable *entries; /* "provider\nmodel" → Entry */
};

G_DEFINE_FINAL_TYPE (SparkCapabilities, spark_capabilities, G_TYPE_OBJECT)

SparkCapabilities *
spark_capabilities_new (void)
{
  return g_object_new (SPARK_TYPE_CAPABILITIES, NULL);
}

static Entry *
lookup (SparkCapabilities *self,
        const char        *provider_id,
        const char        *model,
        gboolean           create)
{
  g_autofree char *key = g_strconcat (provider_id ? provider_id : "", "\n", model ? model : "", NULL);
  Entry           *entry = g_hash_table_lookup (self->entries, key);

  if (entry == NULL && create)
    {
      entry = g_new0 (Entry, 1);
      g_hash_table_insert (self->entries, g_steal_pointer (&key), entry);
    }
  return entry;
}

SparkResponseFormat
spark_capabilities_get_response_format (SparkCapabilities *self,
                                        const char        *provider_id,
                                        const char        *model)
{
  Entry *entry;

  g_return_val_if_fail (SPARK_IS_CAPABILITIES (self), SPARK_RESPONSE_TEXT);

  entry = lookup (self, provider_id, model, FALSE);
  if (entry == NULL || entry->json_schema != SPARK_CAPABILITY_NO)
    return SPARK_RESPONSE_JSON_SCHEMA;
  if (entry->json_object != SPARK_CAPABILITY_NO)
    return SPARK_RESPONSE_JSON_OBJECT;
  return SPARK_RESPONSE_TEXT;
}

void
spark_capabilities_set_format_result (SparkCapabilities  *self,
                                      const char         *provider_id,
                                      const char         *model,
                                      SparkResponseFormat format,
                                      gboolean            works)
{
  Entry               *entry;
  SparkCapabilityState state = works ? SPARK_CAPABILITY_YES : SPARK_CAPABILITY_NO;

  g_return_if_fail (SPARK_IS_CAPABILITIES (self));

  entry = lookup (self, provider_id, model, TRUE);
  if (format == SPARK_RESPONSE_JSON_SCHEMA)
    entry->json_schema = state;
  else if (format == SPARK_RESPONSE_JSON_OBJECT)
    entry->json_object = state;
}

SparkCapabilityState
spark_capabilities_get_images (SparkCapabilities *self,
                               const char        *provider_id,
                               const char        *model)
{
  Entry *entry;

  g_return_val_if_fail (SPARK_IS_CAPABILITIES (self), SPARK_CAPABILITY_UNKNOWN);

  entry = lookup (self, provider_id, model, FALSE);
  return entry ? entry->images : SPARK_CAPABILITY_UNKNOWN;
}

void
spark_capabilities_set_images (SparkCapabilities *self,
                               const char        *provider_id,
                               const char        *model,
                               gboolean           works)
{
  g_return_if_fail (SPARK_IS_CAPABILITIES (self));
  lookup (self, provider_id, model, TRUE)->images = works ? SPARK_CAPABILITY_YES : SPARK_CAPABILITY_NO;
}

gboolean
spark_capabilities_looks_like_vision_model (const char *model)
{
  /* Families known to take images, as their names appear in Ollama,
   * llama.cpp, OpenAI-compatible services and OpenRouter. */
  static const char *const hints[] = {
    "llava", "vision", "-vl", "vl:", "qwen2.5vl", "qwen3vl", "gemma3", "gemma-3", "pixtral",
    "minicpm-v", "moondream", "internvl", "smolvlm", "molmo", "mistral-small3.1",
    "mistral-small3.2", "mistral-small-3.1", "llama4", "gpt-4o", "gpt-4.1", "gpt-5", "claude", NULL
  };
  g_autofree char *lower = NULL;

  if (model == NULL)
    return FALSE;
  lower = g_utf8_strdown (model, -1);
  for (guint i = 0; hints[i] != NULL; i++)
    if (strstr (lower, hints[i]) != NULL)
      return TRUE;
  return FALSE;
}

static void
spark_capabilities_finalize (GObject *object)
{
  g_hash_table_unref (SPARK_CAPABILITIES (object)->entries);
  G_OBJECT_CLASS (spark_capabilities_parent_class)->finalize (object);
}

static void
spark_capabilities_class_init (SparkCapabilitiesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spark_capabilities_finalize;
}

static void
spark_capabilities_init (SparkCapabilities *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

const char *
spark_capabilities_pick_vision_model (SparkCapabilities *self,
                                      const char        *provider_id,
                                      const char *const *models)
{
  g_return_val_if_fail (SPARK_IS_CAPABILITIES (self), NULL);

  for (guint i = 0; models != NULL && models[i] != NULL; i++)
    if (spark_capabilities_looks_like_vision_model (models[i])
        && (provider_id == NULL
            || spark_capabilities_get_images (self, provider_id, models[i]) != SPARK_CAPABILITY_NO))
      return models[i];
  return NULL;
}
