/* SPDX-License-Identifier: GPL-3.0-or-later */
/* spark-cli: the headless front end over the same core as the app.
 *   spark-cli [--provider ID | --base-url URL] [--model NAME] COMMAND …
 * COMMAND is ask, models, transcribe or sessions.
 * The service comes from Spark's settings (the active one, or --provider),
 * or from --base-url. The key comes from the keyring, else SPARK_API_KEY. */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "spark-cli-context.h"
#include "spark-error.h"
#include "spark-provider-list.h"
#include "spark-secrets.h"

void
spark_cli_error (const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fflush (stdout);
  g_printerr ("spark-cli: %s\n", message);
}

int
spark_cli_exit_for (SparkCliContext *ctx,
                    const GError    *error)
{
  if (ctx->interrupted || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return SPARK_CLI_EXIT_INTERRUPTED;
  if (g_error_matches (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT))
    return SPARK_CLI_EXIT_BAD_INPUT;
  return SPARK_CLI_EXIT_SERVICE;
}

int
spark_cli_fail (SparkCliContext *ctx,
                const GError    *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    spark_cli_error ("%s", _ ("Interrupted."));
  else
    spark_cli_error ("%s", error->message);
  return spark_cli_exit_for (ctx, error);
}

void
spark_cli_wait_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SparkCliWait *wait = user_data;

  wait->result = g_object_ref (result);
}

GAsyncResult *
spark_cli_wait_for (SparkCliWait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return wait->result;
}

void
spark_cli_wait_clear (SparkCliWait *wait)
{
  g_clear_object (&wait->result);
}

static gboolean
sigint_cb (gpointer user_data)
{
  SparkCliContext *ctx = user_data;

  ctx->interrupted = TRUE;
  g_cancellable_cancel (ctx->cancellable);
  return G_SOURCE_CONTINUE;
}

/* Spark's settings, if its schema is installed (it isn't in a bare build dir). */
static GSettings *
open_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source == NULL || (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

/* A name for error sentences ("Can't reach Ollama at …"), from the address. */
static char *
name_for_url (const char *base_url)
{
  g_autoptr (GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri ? g_uri_get_host (uri) : NULL;
  int         port = uri ? g_uri_get_port (uri) : -1;

  if (host == NULL)
    return g_strdup (base_url);
  if (port == 11434)
    return g_strdup ("Ollama");
  if (port == 8080)
    return g_strdup ("llama.cpp server");
  if (g_str_has_suffix (host, "openai.com"))
    return g_strdup ("OpenAI");
  if (g_str_has_suffix (host, "openrouter.ai"))
    return g_strdup ("OpenRouter");
  return g_strdup (host);
}

static SparkProvider *
choose_provider (const char *provider_id,
                 const char *base_url,
                 gboolean   *from_settings,
                 GError    **error)
{
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (SparkProviderList) list = NULL;
  SparkProvider *provider;

  *from_settings = FALSE;
  if (base_url != NULL)
    {
      g_autofree char *name = name_for_url (base_url);

      provider = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_CUSTOM);
      spark_provider_set_id (provider, "cli");
      spark_provider_set_name (provider, name);
      spark_provider_set_base_url (provider, base_url);
      if (!spark_provider_validate (provider, error))
        {
          g_object_unref (provider);
          return NULL;
        }
      return provider;
    }

  if ((settings = open_settings ()) == NULL)
    {
      if (provider_id != NULL)
        {
          g_set_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                       _ ("Spark’s settings aren’t installed, so there is no model service “%s”. Use --base-url."),
                       provider_id);
          return NULL;
        }
      /* Not installed: the first-run default, a local Ollama. */
      return spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OLLAMA);
    }

  list = spark_provider_list_new (settings);
  provider = provider_id ? spark_provider_list_lookup (list, provider_id) : spark_provider_list_get_active (list);
  if (provider == NULL)
    {
      if (provider_id != NULL)
        g_set_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                     _ ("There is no model service “%s”. Add it in Spark’s Preferences, or use --base-url."),
                     provider_id);
      else
        g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                             _ ("No model service is set up. Add one in Spark’s Preferences, or use --base-url."));
      return NULL;
    }
  *from_settings = TRUE;
  return g_object_ref (provider);
}

static char *
find_api_key (SparkProvider *provider,
              gboolean       from_settings)
{
  const char *env = g_getenv ("SPARK_API_KEY");

  /* The keyring holds keys of configured services only; asking it needs a session bus. */
  if (from_settings && g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    {
      g_autoptr (SparkSecrets) secrets = spark_secrets_new ();
      g_autoptr (GError) error = NULL;
      char *key = spark_secrets_lookup_sync (secrets, spark_provider_get_id (provider), NULL, &error);

      if (key != NULL)
        return key;
    }
  return (env && *env) ? g_strdup (env) : NULL;
}

static void
usage (GOptionContext *context)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
  g_printerr ("%s", help);
}

int
main (int   argc,
      char *argv[])
{
  gboolean         version = FALSE;
  g_autofree char *provider_id = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *model = NULL;
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  SparkCliContext    ctx = { 0 };
  gboolean           from_settings;
  const char        *command;
  int                ret;
  const GOptionEntry entries[] = {
    { "provider", 'p', 0, G_OPTION_ARG_STRING, &provider_id, N_ ("Model service to use (its id in Spark’s settings)"), N_ ("ID") },
    { "base-url", 'u', 0, G_OPTION_ARG_STRING, &base_url, N_ ("Use an OpenAI-compatible service at this address"), N_ ("URL") },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model, N_ ("Model to use"), N_ ("NAME") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_ ("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_ ("COMMAND [ARGS…]"));
  g_option_context_set_summary (context, _ ("Commands:\n"
                                            "  ask [--system TEXT] [--json] [--no-store] PROMPT|-   Ask a question; - reads it from standard input\n"
                                            "      [--session ID | --new-session]                   …continuing a stored session, or starting one\n"
                                            "  models                                               List the service’s models\n"
                                            "  transcribe FILE                                      Print what is said in an audio file\n"
                                            "  sessions list|show ID|export ID|search TEXT|import FILE\n"
                                            "                                                       Stored conversations (see sessions --help)"));
  g_option_context_set_description (context, _ ("The API key comes from the system keyring for services set up in Spark. "
                                                "For scripts and CI only, SPARK_API_KEY is used when the keyring has none.\n"
                                                "Conversations are saved in $XDG_DATA_HOME/spark/spark.db, shared with the app.\n"
                                                "Exit status: 0 done, 2 usage, 3 model service, 4 bad input, 5 history, 130 interrupted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Options after the command belong to the command. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      spark_cli_error ("%s", error->message);
      return SPARK_CLI_EXIT_USAGE;
    }

  if (version)
    {
      g_print ("spark-cli %s\n", VERSION);
      return SPARK_CLI_EXIT_OK;
    }
  if (argc < 2)
    {
      usage (context);
      spark_cli_error ("%s", _ ("No command given."));
      return SPARK_CLI_EXIT_USAGE;
    }
  if (provider_id != NULL && base_url != NULL)
    {
      spark_cli_error ("%s", _ ("Use either --provider or --base-url, not both."));
      return SPARK_CLI_EXIT_USAGE;
    }

  command = argv[1];
  if (!g_str_equal (command, "ask") && !g_str_equal (command, "models") && !g_str_equal (command, "transcribe")
      && !g_str_equal (command, "sessions"))
    {
      spark_cli_error (_ ("Unknown command “%s”. Try “spark-cli --help”."), command);
      return SPARK_CLI_EXIT_USAGE;
    }

  /* The history needs no model service. */
  if (g_str_equal (command, "sessions"))
    {
      ctx.cancellable = g_cancellable_new ();
      ret = spark_cli_cmd_sessions (&ctx, argc - 1, argv + 1);
      g_clear_object (&ctx.cancellable);
      return ret;
    }

  if ((ctx.provider = choose_provider (provider_id, base_url, &from_settings, &error)) == NULL)
    {
      spark_cli_error ("%s", error->message);
      return SPARK_CLI_EXIT_BAD_INPUT;
    }
  ctx.api_key = find_api_key (ctx.provider, from_settings);
  ctx.model = g_strdup (model);
  ctx.client = spark_client_new ();
  ctx.cancellable = g_cancellable_new ();
  g_unix_signal_add (SIGINT, sigint_cb, &ctx);
  g_unix_signal_add (SIGTERM, sigint_cb, &ctx);

  if (g_str_equal (command, "ask"))
    ret = spark_cli_cmd_ask (&ctx, argc - 1, argv + 1);
  else if (g_str_equal (command, "transcribe"))
    ret = spark_cli_cmd_transcribe (&ctx, argc - 1, argv + 1);
  else
    ret = spark_cli_cmd_models (&ctx, argc - 1, argv + 1);

  g_clear_object (&ctx.client);
  g_clear_object (&ctx.provider);
  g_clear_object (&ctx.cancellable);
  if (ctx.api_key != NULL)
    memset (ctx.api_key, 0, strlen (ctx.api_key));
  g_free (ctx.api_key);
  g_free (ctx.model);
  return ret;
}
