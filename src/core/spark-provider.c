/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkProvider: one model service, its presets, its checks and its settings form. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "spark-core-enums.h"
#include "spark-error.h"
#include "spark-provider.h"

struct _SparkProvider
{
  GObject parent_instance;

  char               *id;
  char               *name;
  char               *base_url;
  char               *default_model;
  char               *transcription_model;
  SparkProviderPreset preset;
};

G_DEFINE_FINAL_TYPE (SparkProvider, spark_provider, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_PRESET,
  PROP_BASE_URL,
  PROP_DEFAULT_MODEL,
  PROP_TRANSCRIPTION_MODEL,
  PROP_API_KEY_REQUIRED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const SparkProviderPresetInfo presets[SPARK_N_PROVIDER_PRESETS] = {
  { SPARK_PROVIDER_PRESET_OLLAMA, "ollama", N_ ("Ollama"),
    "http://127.0.0.1:11434/v1", "", "", FALSE },
  { SPARK_PROVIDER_PRESET_LLAMACPP, "llamacpp", N_ ("llama.cpp"),
    "http://127.0.0.1:8080/v1", "", "", FALSE },
  { SPARK_PROVIDER_PRESET_OPENAI, "openai", N_ ("OpenAI"),
    "https://api.openai.com/v1", "gpt-4o-mini", "whisper-1", TRUE },
  { SPARK_PROVIDER_PRESET_OPENROUTER, "openrouter", N_ ("OpenRouter"),
    "https://openrouter.ai/api/v1", "", "", TRUE },
  { SPARK_PROVIDER_PRESET_CUSTOM, "custom", N_ ("Custom"),
    "", "", "", FALSE },
};

/* The keys written to settings. An API key is deliberately not among them. */
#define KEY_ID "id"
#define KEY_NAME "name"
#define KEY_PRESET "preset"
#define KEY_BASE_URL "base-url"
#define KEY_DEFAULT_MODEL "default-model"
#define KEY_TRANSCRIPTION_MODEL "transcription-model"

const SparkProviderPresetInfo *
spark_provider_preset_get_info (SparkProviderPreset preset)
{
  g_return_val_if_fail (preset < SPARK_N_PROVIDER_PRESETS, &presets[SPARK_PROVIDER_PRESET_CUSTOM]);
  return &presets[preset];
}

static const SparkProviderPresetInfo *
preset_info_from_id (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_str_equal (presets[i].id, id))
      return &presets[i];
  return NULL;
}

/* Sets *field and notifies only when the value really changes. */
static void
set_string (SparkProvider *self,
            char         **field,
            const char    *value,
            guint          prop)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
spark_provider_finalize (GObject *object)
{
  SparkProvider *self = SPARK_PROVIDER (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->default_model, g_free);
  g_clear_pointer (&self->transcription_model, g_free);

  G_OBJECT_CLASS (spark_provider_parent_class)->finalize (object);
}

static void
spark_provider_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SparkProvider *self = SPARK_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PRESET:
      g_value_set_enum (value, self->preset);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_DEFAULT_MODEL:
      g_value_set_string (value, self->default_model);
      break;
    case PROP_TRANSCRIPTION_MODEL:
      g_value_set_string (value, self->transcription_model);
      break;
    case PROP_API_KEY_REQUIRED:
      g_value_set_boolean (value, spark_provider_get_api_key_required (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_provider_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SparkProvider *self = SPARK_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_ID:
      spark_provider_set_id (self, g_value_get_string (value));
      break;
    case PROP_NAME:
      spark_provider_set_name (self, g_value_get_string (value));
      break;
    case PROP_PRESET:
      spark_provider_set_preset (self, g_value_get_enum (value));
      break;
    case PROP_BASE_URL:
      spark_provider_set_base_url (self, g_value_get_string (value));
      break;
    case PROP_DEFAULT_MODEL:
      spark_provider_set_default_model (self, g_value_get_string (value));
      break;
    case PROP_TRANSCRIPTION_MODEL:
      spark_provider_set_transcription_model (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_provider_class_init (SparkProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = spark_provider_finalize;
  object_class->get_property = spark_provider_get_property;
  object_class->set_property = spark_provider_set_property;

  /* Stable: the keyring entry of the API key is keyed by it. */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRESET] =
    g_param_spec_enum ("preset", NULL, NULL,
                       SPARK_TYPE_PROVIDER_PRESET, SPARK_PROVIDER_PRESET_CUSTOM,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEFAULT_MODEL] =
    g_param_spec_string ("default-model", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRANSCRIPTION_MODEL] =
    g_param_spec_string ("transcription-model", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Follows the preset; a Custom service may still take an optional key. */
  properties[PROP_API_KEY_REQUIRED] =
    g_param_spec_boolean ("api-key-required", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spark_provider_init (SparkProvider *self)
{
  self->id = g_strdup ("");
  self->name = g_strdup ("");
  self->base_url = g_strdup ("");
  self->default_model = g_strdup ("");
  self->transcription_model = g_strdup ("");
  self->preset = SPARK_PROVIDER_PRESET_CUSTOM;
}

/**
 * spark_provider_new_from_preset:
 *
 * A provider filled in from @preset. Its id is the preset's id ("ollama");
 * SparkProviderList makes it unique when the provider is added.
 */
SparkProvider *
spark_provider_new_from_preset (SparkProviderPreset preset)
{
  const SparkProviderPresetInfo *info;

  g_return_val_if_fail (preset < SPARK_N_PROVIDER_PRESETS, NULL);

  info = &presets[preset];
  return g_object_new (SPARK_TYPE_PROVIDER,
                       "id", info->id,
                       "name", _ (info->name),
                       "preset", preset,
                       "base-url", info->base_url,
                       "default-model", info->default_model,
                       "transcription-model", info->transcription_model,
                       NULL);
}

static const char *
lookup_string (GVariantDict *dict,
               const char   *key,
               const char   *fallback)
{
  const char *value = NULL;

  if (g_variant_dict_lookup (dict, key, "&s", &value))
    return value;
  return fallback;
}

/**
 * spark_provider_new_from_variant:
 * @dict: an `a{sv}` as written by spark_provider_to_variant()
 *
 * Fields that are missing take the preset's values; an unknown preset
 * (from a newer Spark) is read as Custom so the service still works.
 *
 * Returns: (transfer full) (nullable): the provider, or %NULL without an id.
 */
SparkProvider *
spark_provider_new_from_variant (GVariant *dict,
                                 GError  **error)
{
  g_auto (GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
  const SparkProviderPresetInfo *info;
  const char                    *id;

  g_return_val_if_fail (dict != NULL, NULL);
  g_return_val_if_fail (g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_variant_dict_init (&d, dict);

  id = lookup_string (&d, KEY_ID, NULL);
  if (id == NULL || *id == '\0')
    {
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                           _ ("The saved model service has no id."));
      return NULL;
    }

  info = preset_info_from_id (lookup_string (&d, KEY_PRESET, ""));
  if (info == NULL)
    info = &presets[SPARK_PROVIDER_PRESET_CUSTOM];

  return g_object_new (SPARK_TYPE_PROVIDER,
                       "id", id,
                       "name", lookup_string (&d, KEY_NAME, _ (info->name)),
                       "preset", info->preset,
                       "base-url", lookup_string (&d, KEY_BASE_URL, info->base_url),
                       "default-model", lookup_string (&d, KEY_DEFAULT_MODEL, info->default_model),
                       "transcription-model", lookup_string (&d, KEY_TRANSCRIPTION_MODEL, info->transcription_model),
                       NULL);
}

/**
 * spark_provider_to_variant:
 *
 * The provider as an `a{sv}` for the `providers` settings key. Never
 * contains an API key.
 *
 * Returns: (transfer floating): the dictionary
 */
GVariant *
spark_provider_to_variant (SparkProvider *self)
{
  GVariantDict d;

  g_return_val_if_fail (SPARK_IS_PROVIDER (self), NULL);

  g_variant_dict_init (&d, NULL);
  g_variant_dict_insert (&d, KEY_ID, "s", self->id);
  g_variant_dict_insert (&d, KEY_NAME, "s", self->name);
  g_variant_dict_insert (&d, KEY_PRESET, "s", presets[self->preset].id);
  g_variant_dict_insert (&d, KEY_BASE_URL, "s", self->base_url);
  g_variant_dict_insert (&d, KEY_DEFAULT_MODEL, "s", self->default_model);
  g_variant_dict_insert (&d, KEY_TRANSCRIPTION_MODEL, "s", self->transcription_model);
  return g_variant_dict_end (&d);
}

const char *
spark_provider_get_id (SparkProvider *self)
{
  g_return_val_if_fail (SPARK_IS_PROVIDER (self), NULL);
  return self->id;
}

/* Changing the id of a provider that has a key in the keyring orphans that
 * key; only SparkProviderList does it, before the provider is stored. */
void
spark_provider_set_id (SparkProvider *self,
                       const char    *id)
{
  g_return_if_fail (SPARK_IS_PROVIDER (self));
  set_string (self, &self->id, id, PROP_ID);
}

const char *
spark_provider_get_name (SparkProvider *self)
{
  g_return_val_if_fail (SPARK_IS_PROVIDER (self), NULL);
  return self->name;
}

void
spark_provider_set_name (SparkProvider *self,
                         const char    *name)
{
  g_return_if_fail (SPARK_IS_PROVIDER (self));
  set_string (self, &self->name, name, PROP_NAME);
}

SparkProviderPreset
spark_provider_get_preset (SparkProvider *self)
{
  g_return_val_if_fail (SPARK_IS_PROVIDER (self), SPARK_PROVIDER_PRESET_CUSTOM);
  return self->preset;
}

/* Only the preset changes: the address and models stay as the person set
 * them (the UI may refill them from spark_provider_preset_get_info()). */
void
spark_provider_set_preset (SparkProvider      *self,
                           SparkProviderPreset preset)
{
  gboolean was_required;

  g_return_if_fail (SPARK_IS_PROVIDER (self));
  g_return_if_fail (preset < SPARK_N_PROVIDER_PRESETS);

  if (self->preset == preset)
    return;

  was_required = spark_provider_get_api_key_required (self);
  self->preset = preset;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESET]);
  if (was_required != spark_provider_get_api_key_required (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_KEY_REQUIRED]);
}

const char *
spark_provider_get_base_url (SparkProvider *self)
{
  g_return_val_if_fail (SPARK_IS_PROVIDER (self), NULL);
  return self->base_url;
}

/* Surrounding blanks are dropped: they come with pasted addresses. */
void
spark_provider_set_base_url (SparkProvider *self,
                             const char    *base_url)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (SPARK_IS_PROVIDER (self));

  stripped = g_strstrip (g_strdup (base_url ? base_url : ""));
  set_string (self, &self->base_url, stripped, PROP_BASE_URL);
}

const char *
spark_provider_get_default_model (SparkProvider *self)
{
  g_return_val_if_fail (SPARK_IS_PROVIDER (self), NULL);
  return self->default_model;
}

void
spark_provider_set_default_model (SparkProvider *self,
                                  const char    *model)
{
  g_return_if_fail (SPARK_IS_PROVIDER (self));
  set_string (self, &self->default_model, model, PROP_DEFAULT_MODEL);
}

const char *
spark_provider_get_transcription_model (SparkProvider *self)
{
  g_return_val_if_fail (SPARK_IS_PROVIDER (self), NULL);
  return self->transcription_model;
}

void
spark_provider_set_transcription_model (SparkProvider *self,
                                        const char    *model)
{
  g_return_if_fail (SPARK_IS_PROVIDER (self));
  set_string (self, &self->transcription_model, model, PROP_TRANSCRIPTION_MODEL);
}

gboolean
spark_provider_get_api_key_required (SparkProvider *self)
{
  g_return_val_if_fail (SPARK_IS_PROVIDER (self), FALSE);
  return presets[self->preset].api_key_required;
}

/**
 * spark_provider_validate:
 *
 * Checks that the base URL is an http:// or https:// address with a host.
 * The error message is a sentence to show next to the address field.
 */
gboolean
spark_provider_validate (SparkProvider *self,
                         GError       **error)
{
  g_autoptr (GUri) uri = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (SPARK_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->base_url[0] == '\0')
    {
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                           _ ("Enter the address of the model service, for example http://127.0.0.1:11434/v1."));
      return FALSE;
    }

  uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_set_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                   _ ("“%s” is not a web address. Enter one like https://api.example.com/v1."),
                   self->base_url);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      g_set_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                   _ ("The address “%s” must start with http:// or https://."),
                   self->base_url);
      return FALSE;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                   _ ("The address “%s” has no host name. Enter one like https://api.example.com/v1."),
                   self->base_url);
      return FALSE;
    }

  /* A password in the address would end up in settings in plain text, so
   * the message must not repeat the address either. */
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                           _ ("Remove the user name and password from the address. Enter the API key in its own field; Spark keeps it in the keyring."));
      return FALSE;
    }

  return TRUE;
}

/* The host of the base URL if it is http(s), else NULL. */
static char *
dup_http_host (SparkProvider *self,
               gboolean      *is_plain_http)
{
  g_autoptr (GUri) uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  const char *scheme;
  const char *host;

  if (uri == NULL)
    return NULL;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    return NULL;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    *is_plain_http = TRUE;
  else if (g_ascii_strcasecmp (scheme, "https") == 0)
    *is_plain_http = FALSE;
  else
    return NULL;

  return g_strdup (host);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr (GInetAddress) address = NULL;

  /* "localhost." (with the root dot) is the same name. */
  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;

  /* GUri gives IPv6 literals without brackets. */
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * spark_provider_is_insecure_remote:
 *
 * Whether requests (and the API key) would cross the network unencrypted:
 * plain http:// to a host other than this machine.
 */
gboolean
spark_provider_is_insecure_remote (SparkProvider *self)
{
  g_autofree char *host = NULL;
  gboolean         plain = FALSE;

  g_return_val_if_fail (SPARK_IS_PROVIDER (self), FALSE);

  host = dup_http_host (self, &plain);
  return host != NULL && plain && !host_is_loopback (host);
}

/**
 * spark_provider_is_local:
 *
 * Whether the service runs on this machine (a loopback address), so
 * nothing a person types leaves it.
 */
gboolean
spark_provider_is_local (SparkProvider *self)
{
  g_autofree char *host = NULL;
  gboolean         plain = FALSE;

  g_return_val_if_fail (SPARK_IS_PROVIDER (self), FALSE);

  host = dup_http_host (self, &plain);
  return host != NULL && host_is_loopback (host);
}

/**
 * spark_provider_dup_endpoint:
 * @path: an endpoint relative to the base URL, like "chat/completions"
 *
 * Returns: (transfer full) (nullable): base URL and @path joined with
 *   exactly one slash, or %NULL when there is no base URL.
 */
char *
spark_provider_dup_endpoint (SparkProvider *self,
                             const char    *path)
{
  gsize base_len;

  g_return_val_if_fail (SPARK_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  base_len = strlen (self->base_url);
  while (base_len > 0 && self->base_url[base_len - 1] == '/')
    base_len--;
  if (base_len == 0)
    return NULL;

  while (*path == '/')
    path++;

  return g_strdup_printf ("%.*s/%s", (int) base_len, self->base_url, path);
}
