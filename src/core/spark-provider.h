/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A model service Spark talks to (Ollama, OpenAI, …): its address and models.
 * Its API key is not here: that lives in the keyring (SparkSecrets). */
#pragma once

#include <glib-object.h>

#include "spark-types.h"

G_BEGIN_DECLS

typedef enum
{
  SPARK_PROVIDER_PRESET_OLLAMA,
  SPARK_PROVIDER_PRESET_LLAMACPP,
  SPARK_PROVIDER_PRESET_OPENAI,
  SPARK_PROVIDER_PRESET_OPENROUTER,
  SPARK_PROVIDER_PRESET_CUSTOM,
} SparkProviderPreset;

#define SPARK_N_PROVIDER_PRESETS (SPARK_PROVIDER_PRESET_CUSTOM + 1)

typedef struct
{
  SparkProviderPreset preset;
  const char         *id;                  /* the enum nick, stored in settings */
  const char         *name;                /* untranslated; call _() / gettext() to show */
  const char         *base_url;            /* "" for Custom */
  const char         *default_model;       /* "" when the service has no obvious one */
  const char         *transcription_model; /* "" likewise */
  gboolean            api_key_required;
} SparkProviderPresetInfo;

const SparkProviderPresetInfo *spark_provider_preset_get_info (SparkProviderPreset preset);

#define SPARK_TYPE_PROVIDER (spark_provider_get_type ())

G_DECLARE_FINAL_TYPE (SparkProvider, spark_provider, SPARK, PROVIDER, GObject)

SparkProvider *spark_provider_new_from_preset (SparkProviderPreset preset);
SparkProvider *spark_provider_new_from_variant (GVariant *dict,
                                                GError  **error);
GVariant      *spark_provider_to_variant (SparkProvider *self);

const char         *spark_provider_get_id (SparkProvider *self);
void                spark_provider_set_id (SparkProvider *self,
                                           const char    *id);
const char         *spark_provider_get_name (SparkProvider *self);
void                spark_provider_set_name (SparkProvider *self,
                                             const char    *name);
SparkProviderPreset spark_provider_get_preset (SparkProvider *self);
void                spark_provider_set_preset (SparkProvider      *self,
                                               SparkProviderPreset preset);
const char         *spark_provider_get_base_url (SparkProvider *self);
void                spark_provider_set_base_url (SparkProvider *self,
                                                 const char    *base_url);
const char         *spark_provider_get_default_model (SparkProvider *self);
void                spark_provider_set_default_model (SparkProvider *self,
                                                      const char    *model);
const char         *spark_provider_get_transcription_model (SparkProvider *self);
void                spark_provider_set_transcription_model (SparkProvider *self,
                                                            const char    *model);
gboolean            spark_provider_get_api_key_required (SparkProvider *self);

gboolean spark_provider_validate (SparkProvider *self,
                                  GError       **error);
gboolean spark_provider_is_insecure_remote (SparkProvider *self);
gboolean spark_provider_is_local (SparkProvider *self);
char    *spark_provider_dup_endpoint (SparkProvider *self,
                                      const char    *path);

G_END_DECLS
