/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Model services: presets, settings round-trip, address checks, endpoints,
 * and the provider list kept in GSettings (memory backend). */
#include "config.h"

#include "spark-core-enums.h"
#include "spark-error.h"
#include "spark-provider.h"
#include "spark-provider-list.h"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_presets (void)
{
  g_autoptr (GEnumClass) enum_class = g_type_class_ref (SPARK_TYPE_PROVIDER_PRESET);
  static const struct
  {
    SparkProviderPreset preset;
    const char         *base_url;
    gboolean            key;
  } expected[] = {
    { SPARK_PROVIDER_PRESET_OLLAMA, "http://127.0.0.1:11434/v1", FALSE },
    { SPARK_PROVIDER_PRESET_LLAMACPP, "http://127.0.0.1:8080/v1", FALSE },
    { SPARK_PROVIDER_PRESET_OPENAI, "https://api.openai.com/v1", TRUE },
    { SPARK_PROVIDER_PRESET_OPENROUTER, "https://openrouter.ai/api/v1", TRUE },
    { SPARK_PROVIDER_PRESET_CUSTOM, "", FALSE },
  };

  g_assert_cmpuint (enum_class->n_values, ==, SPARK_N_PROVIDER_PRESETS);
  g_assert_cmpuint (G_N_ELEMENTS (expected), ==, SPARK_N_PROVIDER_PRESETS);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const SparkProviderPresetInfo *info = spark_provider_preset_get_info (expected[i].preset);
      g_autoptr (SparkProvider) provider = spark_provider_new_from_preset (expected[i].preset);
      gboolean required = !expected[i].key;

      g_assert_cmpint (info->preset, ==, expected[i].preset);
      /* The stored preset id is the enum nick, so both spellings agree. */
      g_assert_cmpstr (info->id, ==, g_enum_get_value (enum_class, info->preset)->value_nick);
      g_assert_cmpstr (spark_provider_get_id (provider), ==, info->id);
      g_assert_cmpstr (spark_provider_get_name (provider), !=, "");
      g_assert_cmpint (spark_provider_get_preset (provider), ==, expected[i].preset);
      g_assert_cmpstr (spark_provider_get_base_url (provider), ==, expected[i].base_url);
      g_assert_cmpint (spark_provider_get_api_key_required (provider), ==, expected[i].key);
      g_object_get (provider, "api-key-required", &required, NULL);
      g_assert_cmpint (required, ==, expected[i].key);

      /* Every preset with an address works as it comes. */
      if (*expected[i].base_url != '\0')
        g_assert_true (spark_provider_validate (provider, NULL));
      else
        g_assert_false (spark_provider_validate (provider, NULL));
    }

  {
    g_autoptr (SparkProvider) openai = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OPENAI);
    g_autoptr (SparkProvider) ollama = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OLLAMA);

    g_assert_cmpstr (spark_provider_get_default_model (openai), ==, "gpt-4o-mini");
    g_assert_cmpstr (spark_provider_get_transcription_model (openai), ==, "whisper-1");
    g_assert_cmpstr (spark_provider_get_name (ollama), ==, "Ollama");
    g_assert_true (spark_provider_is_local (ollama));
    g_assert_false (spark_provider_is_local (openai));
  }
}

static void
test_notify (void)
{
  g_autoptr (SparkProvider) provider = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OLLAMA);
  guint any = 0, preset = 0, required = 0;

  g_signal_connect (provider, "notify", G_CALLBACK (count_notify_cb), &any);
  g_signal_connect (provider, "notify::preset", G_CALLBACK (count_notify_cb), &preset);
  g_signal_connect (provider, "notify::api-key-required", G_CALLBACK (count_notify_cb), &required);

  /* Setting the same value again is not a change. */
  spark_provider_set_name (provider, "Ollama");
  spark_provider_set_base_url (provider, "http://127.0.0.1:11434/v1");
  g_assert_cmpuint (any, ==, 0);

  spark_provider_set_name (provider, "My Ollama");
  g_assert_cmpuint (any, ==, 1);
  spark_provider_set_default_model (provider, "llama3.2");
  spark_provider_set_transcription_model (provider, "whisper");
  g_assert_cmpuint (any, ==, 3);

  /* Pasted addresses come with blanks. */
  spark_provider_set_base_url (provider, "  http://127.0.0.1:11434/v1\n");
  g_assert_cmpuint (any, ==, 3);
  g_assert_cmpstr (spark_provider_get_base_url (provider), ==, "http://127.0.0.1:11434/v1");

  spark_provider_set_preset (provider, SPARK_PROVIDER_PRESET_OPENAI);
  g_assert_cmpuint (preset, ==, 1);
  g_assert_cmpuint (required, ==, 1);
  g_assert_true (spark_provider_get_api_key_required (provider));
  spark_provider_set_preset (provider, SPARK_PROVIDER_PRESET_OPENROUTER);
  g_assert_cmpuint (preset, ==, 2);
  g_assert_cmpuint (required, ==, 1);
}

/* Names that would suggest a credential travels with the settings. */
static gboolean
looks_like_secret_field (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return strstr (lower, "key") != NULL || strstr (lower, "token") != NULL || strstr (lower, "secret") != NULL || strstr (lower, "password") != NULL || strstr (lower, "auth") != NULL;
}

static void
test_variant_round_trip (void)
{
  static const char *fields[] = {
    "id",
    "name",
    "preset",
    "base-url",
    "default-model",
    "transcription-model",
  };
  g_autoptr (SparkProvider) provider = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OPENROUTER);
  g_autoptr (SparkProvider) copy = NULL;
  g_autoptr (GVariant) variant = NULL;
  g_autoptr (GError) error = NULL;
  GVariantIter iter;
  const char  *name;
  GVariant    *value;

  spark_provider_set_id (provider, "openrouter-2");
  spark_provider_set_name (provider, "Work “router”");
  spark_provider_set_base_url (provider, "https://openrouter.ai/api/v1/");
  spark_provider_set_default_model (provider, "anthropic/claude-3.5-sonnet");
  spark_provider_set_transcription_model (provider, "openai/whisper");

  variant = g_variant_ref_sink (spark_provider_to_variant (provider));
  g_assert_cmpstr (g_variant_get_type_string (variant), ==, "a{sv}");

  /* Exactly the documented fields, all strings, none of them a credential. */
  g_assert_cmpuint (g_variant_n_children (variant), ==, G_N_ELEMENTS (fields));
  g_variant_iter_init (&iter, variant);
  while (g_variant_iter_next (&iter, "{&sv}", &name, &value))
    {
      g_autoptr (GVariant) owned = value;

      g_assert_true (g_strv_contains (fields, name));
      g_assert_false (looks_like_secret_field (name));
      g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING));
    }
  g_assert_true (g_variant_lookup (variant, "preset", "&s", &name));
  g_assert_cmpstr (name, ==, "openrouter");

  copy = spark_provider_new_from_variant (variant, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spark_provider_get_id (copy), ==, "openrouter-2");
  g_assert_cmpstr (spark_provider_get_name (copy), ==, "Work “router”");
  g_assert_cmpint (spark_provider_get_preset (copy), ==, SPARK_PROVIDER_PRESET_OPENROUTER);
  g_assert_cmpstr (spark_provider_get_base_url (copy), ==, "https://openrouter.ai/api/v1/");
  g_assert_cmpstr (spark_provider_get_default_model (copy), ==, "anthropic/claude-3.5-sonnet");
  g_assert_cmpstr (spark_provider_get_transcription_model (copy), ==, "openai/whisper");
  g_assert_true (spark_provider_get_api_key_required (copy));
}

static void
test_variant_partial (void)
{
  g_autoptr (GVariant) minimal = NULL;
  g_autoptr (GVariant) future = NULL;
  g_autoptr (GVariant) no_id = NULL;
  g_autoptr (SparkProvider) provider = NULL;
  g_autoptr (GError) error = NULL;

  /* Missing fields come from the preset. */
  minimal = g_variant_ref_sink (g_variant_new_parsed ("{'id': <'x'>, 'preset': <'openai'>}"));
  provider = spark_provider_new_from_variant (minimal, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spark_provider_get_base_url (provider), ==, "https://api.openai.com/v1");
  g_assert_cmpstr (spark_provider_get_default_model (provider), ==, "gpt-4o-mini");
  g_assert_cmpstr (spark_provider_get_name (provider), ==, "OpenAI");
  g_clear_object (&provider);

  /* A preset from a newer Spark still gives a usable service. */
  future = g_variant_ref_sink (g_variant_new_parsed (
    "{'id': <'y'>, 'preset': <'groq'>, 'base-url': <'https://api.groq.com/openai/v1'>}"));
  provider = spark_provider_new_from_variant (future, &error);
  g_assert_no_error (error);
  g_assert_cmpint (spark_provider_get_preset (provider), ==, SPARK_PROVIDER_PRESET_CUSTOM);
  g_assert_cmpstr (spark_provider_get_base_url (provider), ==, "https://api.groq.com/openai/v1");
  g_clear_object (&provider);

  no_id = g_variant_ref_sink (g_variant_new_parsed ("{'name': <'Nameless'>}"));
  provider = spark_provider_new_from_variant (no_id, &error);
  g_assert_null (provider);
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT);
}

static void
test_validate (void)
{
  static const struct
  {
    const char *url;
    const char *message_part; /* NULL: valid */
  } cases[] = {
    { "http://127.0.0.1:11434/v1", NULL },
    { "https://api.openai.com/v1", NULL },
    { "http://[::1]:8080/v1", NULL },
    { "HTTPS://Example.COM", NULL },
    { "", "Enter the address of the model service" },
    { "   ", "Enter the address of the model service" },
    { "not an address", "“not an address” is not a web address" },
    { "api.openai.com/v1", "is not a web address" },
    { "ftp://example.com/v1", "“ftp://example.com/v1” must start with http:// or https://" },
    { "file:///tmp/socket", "must start with http:// or https://" },
    { "http:///v1", "has no host name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (SparkProvider) provider = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_CUSTOM);
      g_autoptr (GError) error = NULL;
      gboolean ok;

      spark_provider_set_base_url (provider, cases[i].url);
      ok = spark_provider_validate (provider, &error);
      g_test_message ("%s → %s", cases[i].url, error ? error->message : "valid");
      if (cases[i].message_part == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT);
          g_assert_nonnull (strstr (error->message, cases[i].message_part));
          /* A sentence, not a code. */
          g_assert_true (g_str_has_suffix (error->message, "."));
        }
    }

  /* A password in the address is refused, and not echoed back. */
  {
    g_autoptr (SparkProvider) provider = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_CUSTOM);
    g_autoptr (GError) error = NULL;

    spark_provider_set_base_url (provider, "https://me:sk-hunter2@api.example.com/v1");
    g_assert_false (spark_provider_validate (provider, &error));
    g_assert_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT);
    g_assert_null (strstr (error->message, "hunter2"));
    g_assert_nonnull (strstr (error->message, "keyring"));
  }
}

static void
test_insecure_remote (void)
{
  static const struct
  {
    const char *url;
    gboolean    insecure;
    gboolean    local;
  } cases[] = {
    { "http://192.168.1.5:11434/v1", TRUE, FALSE },
    { "http://example.com/v1", TRUE, FALSE },
    { "http://[2001:db8::1]/v1", TRUE, FALSE },
    { "http://127.0.0.1:11434/v1", FALSE, TRUE },
    { "http://127.8.9.10/v1", FALSE, TRUE },
    { "http://localhost:8080/v1", FALSE, TRUE },
    { "http://LocalHost/v1", FALSE, TRUE },
    { "http://[::1]:8080/v1", FALSE, TRUE },
    { "https://x", FALSE, FALSE },
    { "https://192.168.1.5/v1", FALSE, FALSE },
    { "https://127.0.0.1/v1", FALSE, TRUE },
    { "http://localhost.example.com/v1", TRUE, FALSE },
    { "", FALSE, FALSE },
    { "not an address", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (SparkProvider) provider = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_CUSTOM);

      spark_provider_set_base_url (provider, cases[i].url);
      g_test_message ("%s", cases[i].url);
      g_assert_cmpint (spark_provider_is_insecure_remote (provider), ==, cases[i].insecure);
      g_assert_cmpint (spark_provider_is_local (provider), ==, cases[i].local);
    }
}

static void
test_endpoint (void)
{
  static const struct
  {
    const char *base;
    const char *path;
    const char *expected;
  } cases[] = {
    { "http://127.0.0.1:11434/v1", "chat/completions", "http://127.0.0.1:11434/v1/chat/completions" },
    { "http://127.0.0.1:11434/v1/", "chat/completions", "http://127.0.0.1:11434/v1/chat/completions" },
    { "http://127.0.0.1:11434/v1//", "/chat/completions", "http://127.0.0.1:11434/v1/chat/completions" },
    { "http://127.0.0.1:11434/v1", "/models", "http://127.0.0.1:11434/v1/models" },
    { "https://openrouter.ai/api/v1", "audio/transcriptions", "https://openrouter.ai/api/v1/audio/transcriptions" },
    { "http://localhost:8080", "models", "http://localhost:8080/models" },
  };
  g_autoptr (SparkProvider) empty = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_CUSTOM);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (SparkProvider) provider = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_CUSTOM);
      g_autofree char *endpoint = NULL;

      spark_provider_set_base_url (provider, cases[i].base);
      endpoint = spark_provider_dup_endpoint (provider, cases[i].path);
      g_assert_cmpstr (endpoint, ==, cases[i].expected);
    }

  g_assert_null (spark_provider_dup_endpoint (empty, "models"));
}

/* ---- SparkProviderList ---- */

static GSettings *
fresh_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "providers");
  g_settings_reset (settings, "active-provider");
  g_settings_reset (settings, "active-model");
  return settings;
}

static SparkProvider *
item (GListModel *model,
      guint       position)
{
  /* The list holds a reference, so the borrowed pointer stays valid. */
  g_autoptr (SparkProvider) provider = g_list_model_get_item (model, position);

  return provider;
}

static void
test_list_seed (void)
{
  g_autoptr (GSettings) settings = fresh_settings ();
  g_autoptr (SparkProviderList) list = spark_provider_list_new (settings);
  g_autoptr (SparkProviderList) again = NULL;
  g_autoptr (GVariant) stored = NULL;
  SparkProvider *ollama;

  /* First run: Ollama, active, already written to settings. */
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == SPARK_TYPE_PROVIDER);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 1));
  ollama = item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (spark_provider_get_id (ollama), ==, "ollama");
  g_assert_cmpint (spark_provider_get_preset (ollama), ==, SPARK_PROVIDER_PRESET_OLLAMA);
  g_assert_true (spark_provider_list_get_active (list) == ollama);
  stored = g_settings_get_value (settings, "providers");
  g_assert_cmpuint (g_variant_n_children (stored), ==, 1);

  /* A list the person emptied stays empty at the next start. */
  g_assert_true (spark_provider_list_remove (list, "ollama"));
  g_assert_false (spark_provider_list_remove (list, "ollama"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_null (spark_provider_list_get_active (list));
  g_clear_object (&list);

  again = spark_provider_list_new (settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 0);
  g_assert_null (spark_provider_list_get_active (again));
}

static void
test_list_persistence (void)
{
  g_autoptr (GSettings) settings = fresh_settings ();
  g_autoptr (GSettings) other_settings = NULL;
  g_autoptr (SparkProviderList) list = spark_provider_list_new (settings);
  g_autoptr (SparkProviderList) reloaded = NULL;
  g_autoptr (SparkProvider) openai = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OPENAI);
  g_autoptr (SparkProvider) custom = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_CUSTOM);
  SparkProvider *p;

  spark_provider_list_add (list, openai);
  spark_provider_list_add (list, custom);

  /* Edits after adding are saved too, without calling anything. */
  spark_provider_set_name (openai, "OpenAI (work)");
  spark_provider_set_default_model (openai, "gpt-4o");
  spark_provider_set_base_url (custom, "http://192.168.1.5:8000/v1");
  spark_provider_set_name (custom, "vLLM box");
  g_clear_object (&list);

  /* A new settings object reads what the backend holds, like a new start. */
  other_settings = g_settings_new (APP_ID);
  reloaded = spark_provider_list_new (other_settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 3);

  p = item (G_LIST_MODEL (reloaded), 0);
  g_assert_cmpstr (spark_provider_get_id (p), ==, "ollama");
  p = item (G_LIST_MODEL (reloaded), 1);
  g_assert_cmpstr (spark_provider_get_id (p), ==, "openai");
  g_assert_cmpstr (spark_provider_get_name (p), ==, "OpenAI (work)");
  g_assert_cmpstr (spark_provider_get_default_model (p), ==, "gpt-4o");
  g_assert_cmpstr (spark_provider_get_transcription_model (p), ==, "whisper-1");
  g_assert_true (spark_provider_get_api_key_required (p));
  p = item (G_LIST_MODEL (reloaded), 2);
  g_assert_cmpstr (spark_provider_get_id (p), ==, "custom");
  g_assert_cmpstr (spark_provider_get_name (p), ==, "vLLM box");
  g_assert_cmpstr (spark_provider_get_base_url (p), ==, "http://192.168.1.5:8000/v1");
  g_assert_true (spark_provider_is_insecure_remote (p));
  g_assert_true (spark_provider_list_lookup (reloaded, "custom") == p);
  g_assert_null (spark_provider_list_lookup (reloaded, "nope"));
}

static void
test_list_bad_entries (void)
{
  g_autoptr (GSettings) settings = fresh_settings ();
  g_autoptr (SparkProviderList) list = NULL;

  /* One without an id and a second "a": both skipped, the rest loads. */
  g_settings_set_value (settings, "providers", g_variant_new_parsed ("[{'id': <'a'>, 'preset': <'llamacpp'>},"
                                                                     " {'name': <'no id'>},"
                                                                     " {'id': <'a'>, 'preset': <'openai'>},"
                                                                     " {'id': <'b'>, 'preset': <'ollama'>}]"));
  list = spark_provider_list_new (settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpint (spark_provider_get_preset (spark_provider_list_lookup (list, "a")), ==,
                   SPARK_PROVIDER_PRESET_LLAMACPP);
  g_assert_nonnull (spark_provider_list_lookup (list, "b"));
}

static void
test_list_unique_ids (void)
{
  g_autoptr (GSettings) settings = fresh_settings ();
  g_autoptr (SparkProviderList) list = spark_provider_list_new (settings);
  g_autoptr (SparkProvider) second = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OLLAMA);
  g_autoptr (SparkProvider) third = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OLLAMA);
  g_autoptr (SparkProvider) nameless = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_CUSTOM);
  g_autoptr (SparkProvider) odd = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_CUSTOM);
  g_autofree char *free_id = NULL;
  const char      *id;

  spark_provider_list_add (list, second);
  spark_provider_list_add (list, third);
  g_assert_cmpstr (spark_provider_get_id (second), ==, "ollama-2");
  g_assert_cmpstr (spark_provider_get_id (third), ==, "ollama-3");

  spark_provider_set_id (nameless, "");
  spark_provider_list_add (list, nameless);
  spark_provider_set_id (odd, "My Server/1");
  spark_provider_list_add (list, odd);

  /* Random short ids: 8 lower-case hex digits, different from each other. */
  id = spark_provider_get_id (nameless);
  g_assert_cmpuint (strlen (id), ==, 8);
  for (const char *c = id; *c; c++)
    g_assert_true (g_ascii_isxdigit (*c) && !g_ascii_isupper (*c));
  g_assert_cmpstr (spark_provider_get_id (odd), !=, id);
  g_assert_cmpuint (strlen (spark_provider_get_id (odd)), ==, 8);

  free_id = spark_provider_list_dup_unique_id (list, "openai");
  g_assert_cmpstr (free_id, ==, "openai");

  /* Ids stay unique across a reload. */
  {
    g_autoptr (SparkProviderList) reloaded = spark_provider_list_new (settings);

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 5);
    g_assert_nonnull (spark_provider_list_lookup (reloaded, "ollama-3"));
    g_assert_nonnull (spark_provider_list_lookup (reloaded, id));
  }
}

typedef struct
{
  guint position, removed, added, calls;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *seen)
{
  seen->position = position;
  seen->removed = removed;
  seen->added = added;
  seen->calls++;
}

static void
test_list_signals (void)
{
  g_autoptr (GSettings) settings = fresh_settings ();
  g_autoptr (SparkProviderList) list = spark_provider_list_new (settings);
  g_autoptr (SparkProvider) openai = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OPENAI);
  g_autoptr (SparkProvider) edited = NULL;
  g_autoptr (GVariant) stored = NULL;
  ItemsChanged seen = {
    0,
  };

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &seen);

  spark_provider_list_add (list, openai);
  g_assert_cmpuint (seen.calls, ==, 1);
  g_assert_cmpuint (seen.position, ==, 1);
  g_assert_cmpuint (seen.added, ==, 1);

  /* Replace an edited copy in place; the stored list follows. */
  edited = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OPENAI);
  spark_provider_set_name (edited, "Edited");
  g_assert_true (spark_provider_list_replace (list, edited));
  g_assert_cmpuint (seen.calls, ==, 2);
  g_assert_cmpuint (seen.position, ==, 1);
  g_assert_cmpuint (seen.removed, ==, 1);
  g_assert_cmpuint (seen.added, ==, 1);
  g_assert_true (spark_provider_list_lookup (list, "openai") == edited);
  stored = g_settings_get_value (settings, "providers");
  {
    g_autofree char *text = g_variant_print (stored, FALSE);

    g_assert_nonnull (strstr (text, "Edited"));
  }

  /* The replaced object no longer writes to settings. */
  spark_provider_set_name (openai, "Stale");
  g_clear_pointer (&stored, g_variant_unref);
  stored = g_settings_get_value (settings, "providers");
  {
    g_autofree char *text = g_variant_print (stored, FALSE);

    g_assert_null (strstr (text, "Stale"));
  }

  spark_provider_set_id (openai, "unknown");
  g_assert_false (spark_provider_list_replace (list, openai));
  g_assert_cmpuint (seen.calls, ==, 2);

  g_assert_true (spark_provider_list_remove (list, "ollama"));
  g_assert_cmpuint (seen.calls, ==, 3);
  g_assert_cmpuint (seen.position, ==, 0);
  g_assert_cmpuint (seen.removed, ==, 1);
}

static void
test_list_active (void)
{
  g_autoptr (GSettings) settings = fresh_settings ();
  g_autoptr (SparkProviderList) list = spark_provider_list_new (settings);
  g_autoptr (SparkProvider) openai = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OPENAI);
  g_autoptr (SparkProvider) llama = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_LLAMACPP);
  g_autoptr (SparkProvider) openai_copy = NULL;
  g_autofree char *active_id = NULL;
  g_autofree char *model = NULL;
  SparkProvider   *ollama;
  guint            notified = 0;

  ollama = spark_provider_list_lookup (list, "ollama");
  spark_provider_list_add (list, openai);
  spark_provider_list_add (list, llama);
  g_signal_connect (list, "notify::active", G_CALLBACK (count_notify_cb), &notified);

  /* Adding does not change which service answers. */
  g_assert_true (spark_provider_list_get_active (list) == ollama);

  spark_provider_list_set_active (list, openai);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (spark_provider_list_get_active (list) == openai);
  active_id = g_settings_get_string (settings, "active-provider");
  g_assert_cmpstr (active_id, ==, "openai");

  /* Setting the same one again is not a change. */
  spark_provider_list_set_active (list, openai);
  g_assert_cmpuint (notified, ==, 1);

  /* The choice survives a restart. */
  g_settings_set_string (settings, "active-model", "gpt-4o");
  g_clear_object (&list);
  list = spark_provider_list_new (settings);
  g_assert_cmpstr (spark_provider_get_id (spark_provider_list_get_active (list)), ==, "openai");
  g_signal_connect (list, "notify::active", G_CALLBACK (count_notify_cb), &notified);
  notified = 0;

  /* An edited copy replacing the active one stays active with its model. */
  openai_copy = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OPENAI);
  g_assert_true (spark_provider_list_replace (list, openai_copy));
  g_assert_true (spark_provider_list_get_active (list) == openai_copy);
  g_assert_cmpuint (notified, ==, 1);
  model = g_settings_get_string (settings, "active-model");
  g_assert_cmpstr (model, ==, "gpt-4o");
  g_clear_pointer (&model, g_free);

  /* Another service: the old model name would mean nothing there. */
  spark_provider_list_set_active (list, spark_provider_list_lookup (list, "llamacpp"));
  g_assert_cmpuint (notified, ==, 2);
  model = g_settings_get_string (settings, "active-model");
  g_assert_cmpstr (model, ==, "");
  g_clear_pointer (&model, g_free);

  /* Removing the active one falls back to the first and forgets it. */
  g_settings_set_string (settings, "active-model", "qwen");
  g_assert_true (spark_provider_list_remove (list, "llamacpp"));
  g_assert_cmpuint (notified, ==, 3);
  g_assert_cmpstr (spark_provider_get_id (spark_provider_list_get_active (list)), ==, "ollama");
  g_clear_pointer (&active_id, g_free);
  active_id = g_settings_get_string (settings, "active-provider");
  g_assert_cmpstr (active_id, ==, "");
  model = g_settings_get_string (settings, "active-model");
  g_assert_cmpstr (model, ==, "");

  /* A stale id in settings (removed elsewhere) also falls back to the first. */
  g_clear_object (&list);
  g_settings_set_string (settings, "active-provider", "gone");
  list = spark_provider_list_new (settings);
  g_assert_cmpstr (spark_provider_get_id (spark_provider_list_get_active (list)), ==, "ollama");

  /* Removing the last one leaves no active service. */
  g_assert_true (spark_provider_list_remove (list, "ollama"));
  g_assert_true (spark_provider_list_remove (list, "openai"));
  g_assert_null (spark_provider_list_get_active (list));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/provider/presets", test_presets);
  g_test_add_func ("/provider/notify", test_notify);
  g_test_add_func ("/provider/variant-round-trip", test_variant_round_trip);
  g_test_add_func ("/provider/variant-partial", test_variant_partial);
  g_test_add_func ("/provider/validate", test_validate);
  g_test_add_func ("/provider/insecure-remote", test_insecure_remote);
  g_test_add_func ("/provider/endpoint", test_endpoint);
  g_test_add_func ("/provider-list/seed", test_list_seed);
  g_test_add_func ("/provider-list/persistence", test_list_persistence);
  g_test_add_func ("/provider-list/bad-entries", test_list_bad_entries);
  g_test_add_func ("/provider-list/unique-ids", test_list_unique_ids);
  g_test_add_func ("/provider-list/signals", test_list_signals);
  g_test_add_func ("/provider-list/active", test_list_active);

  return g_test_run ();
}
