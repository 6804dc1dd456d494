/* SPDX-License-Identifier: GPL-3.0-or-later */
/* spark-cli sessions: the stored conversations (Spark's history at
 * $XDG_DATA_HOME/spark/spark.db) — list, show, export, search, import —
 * and the helpers `ask --session` uses to open the store and find one.
 * A session is named by its id or any unique start of it. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "spark-cli-context.h"
#include "spark-error.h"
#include "spark-export.h"

SparkStore *
spark_cli_open_store (GError **error)
{
  g_auto (SparkCliWait) wait = { 0 };

  spark_store_open_async (NULL, NULL, spark_cli_wait_cb, &wait);
  return spark_store_open_finish (spark_cli_wait_for (&wait), error);
}

gboolean
spark_cli_flush_store (SparkStore *store,
                       GError    **error)
{
  g_auto (SparkCliWait) wait = { 0 };

  spark_store_flush_async (store, NULL, spark_cli_wait_cb, &wait);
  return spark_store_flush_finish (store, spark_cli_wait_for (&wait), error);
}

static GListModel *
list_sessions (SparkStore *store,
               GError    **error)
{
  g_auto (SparkCliWait) wait = { 0 };

  spark_store_list_conversations_async (store, NULL, spark_cli_wait_cb, &wait);
  return spark_store_list_conversations_finish (store, spark_cli_wait_for (&wait), error);
}

SparkConversation *
spark_cli_load_session (SparkStore *store,
                        const char *id_or_prefix,
                        GError    **error)
{
  g_autoptr (GListModel) sessions = NULL;
  g_autofree char *found = NULL;
  g_auto (SparkCliWait) wait = { 0 };
  guint matches = 0;

  if ((sessions = list_sessions (store, error)) == NULL)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr (SparkConversationInfo) info = g_list_model_get_item (sessions, i);
      const char *id = spark_conversation_info_get_id (info);

      if (g_str_equal (id, id_or_prefix))
        {
          g_free (found);
          found = g_strdup (id);
          matches = 1;
          break;
        }
      if (*id_or_prefix != '\0' && g_str_has_prefix (id, id_or_prefix))
        {
          g_free (found);
          found = g_strdup (id);
          matches++;
        }
    }
  if (matches == 0)
    {
      g_set_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                   _ ("There is no session “%s”. “spark-cli sessions list” shows them."), id_or_prefix);
      return NULL;
    }
  if (matches > 1)
    {
      g_set_error (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                   _ ("“%s” is the start of more than one session’s id; give more of it."), id_or_prefix);
      return NULL;
    }

  spark_store_load_conversation_async (store, found, 0, NULL, spark_cli_wait_cb, &wait);
  return spark_store_load_conversation_finish (store, spark_cli_wait_for (&wait), error);
}

/* Local time, to the minute: what a person wants to see in a list. */
static char *
format_date (GDateTime *date)
{
  g_autoptr (GDateTime) local = g_date_time_to_local (date);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static int
cmd_list (SparkStore *store,
          gboolean    json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) sessions = list_sessions (store, &error);
  g_autoptr (JsonBuilder) b = json_builder_new ();

  if (sessions == NULL)
    {
      spark_cli_error ("%s", error->message);
      return SPARK_CLI_EXIT_STORE;
    }

  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr (SparkConversationInfo) info = g_list_model_get_item (sessions, i);
      const char      *title = spark_conversation_info_get_title (info);
      const char      *mode = spark_mode_get_info (spark_conversation_info_get_mode (info))->id;
      g_autofree char *updated = format_date (spark_conversation_info_get_updated (info));
      g_autofree char *iso = g_date_time_format_iso8601 (spark_conversation_info_get_updated (info));

      if (!json)
        {
          g_print ("%s\t%s\t%s\t%u\t%s%s\n", spark_conversation_info_get_id (info), updated, mode,
                   spark_conversation_info_get_n_messages (info),
                   spark_conversation_info_get_pinned (info) ? "* " : "",
                   title ? title : _ ("(untitled)"));
          continue;
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, spark_conversation_info_get_id (info));
      json_builder_set_member_name (b, "title");
      if (title != NULL)
        json_builder_add_string_value (b, title);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "mode");
      json_builder_add_string_value (b, mode);
      json_builder_set_member_name (b, "pinned");
      json_builder_add_boolean_value (b, spark_conversation_info_get_pinned (info));
      json_builder_set_member_name (b, "updated");
      json_builder_add_string_value (b, iso);
      json_builder_set_member_name (b, "messages");
      json_builder_add_int_value (b, spark_conversation_info_get_n_messages (info));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (json)
    {
      g_autoptr (JsonNode) root = json_builder_get_root (b);
      g_autofree char *out = json_to_string (root, FALSE);
      g_print ("%s\n", out);
    }
  return SPARK_CLI_EXIT_OK;
}

static int
exit_for_load (const GError *error)
{
  return g_error_matches (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT)
             || g_error_matches (error, SPARK_ERROR, SPARK_ERROR_NOT_FOUND)
           ? SPARK_CLI_EXIT_BAD_INPUT
           : SPARK_CLI_EXIT_STORE;
}

static int
cmd_export (SparkStore *store,
            const char *id,
            const char *format,
            const char *output)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkConversation) conversation = NULL;
  g_autofree char *text = NULL;

  if (!g_str_equal (format, "md") && !g_str_equal (format, "json"))
    {
      spark_cli_error (_ ("Unknown format “%s”: use md or json."), format);
      return SPARK_CLI_EXIT_USAGE;
    }
  if ((conversation = spark_cli_load_session (store, id, &error)) == NULL)
    {
      spark_cli_error ("%s", error->message);
      return exit_for_load (error);
    }

  text = g_str_equal (format, "md") ? spark_export_to_markdown (conversation) : spark_export_to_json (conversation);
  if (output != NULL)
    {
      if (!g_file_set_contents (output, text, -1, &error))
        {
          spark_cli_error (_ ("Can’t write %s: %s"), output, error->message);
          return SPARK_CLI_EXIT_BAD_INPUT;
        }
      return SPARK_CLI_EXIT_OK;
    }
  g_print ("%s%s", text, g_str_has_suffix (text, "\n") ? "" : "\n");
  return SPARK_CLI_EXIT_OK;
}

/* The snippet on one line, matches shown as [this] (or bold on a terminal). */
static char *
format_snippet (const char *snippet,
                gboolean    terminal)
{
  g_autoptr (GString) out = g_string_new (snippet);

  g_string_replace (out, SPARK_STORE_MATCH_START, terminal ? "\033[1m" : "[", 0);
  g_string_replace (out, SPARK_STORE_MATCH_END, terminal ? "\033[0m" : "]", 0);
  g_string_replace (out, "\n", " ", 0);
  g_string_replace (out, "\t", " ", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static int
cmd_search (SparkStore *store,
            const char *query,
            int         limit,
            gboolean    json)
{
  g_autoptr (GListModel) hits = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GError) error = NULL;
  g_auto (SparkCliWait) wait = { 0 };
  gboolean terminal = isatty (STDOUT_FILENO);

  spark_store_search_async (store, query, MAX (limit, 0), NULL, spark_cli_wait_cb, &wait);
  if ((hits = spark_store_search_finish (store, spark_cli_wait_for (&wait), &error)) == NULL)
    {
      spark_cli_error ("%s", error->message);
      return SPARK_CLI_EXIT_STORE;
    }

  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (hits); i++)
    {
      g_autoptr (SparkSearchHit) hit = g_list_model_get_item (hits, i);
      const char      *title = spark_search_hit_get_conversation_title (hit);
      g_autofree char *snippet = format_snippet (spark_search_hit_get_snippet (hit), terminal && !json);

      if (!json)
        {
          g_print ("%s\t%s\t%s\t%s\n", spark_search_hit_get_conversation_id (hit),
                   spark_search_hit_get_message_id (hit), title ? title : _ ("(untitled)"), snippet);
          continue;
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "session");
      json_builder_add_string_value (b, spark_search_hit_get_conversation_id (hit));
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, spark_search_hit_get_message_id (hit));
      json_builder_set_member_name (b, "title");
      if (title != NULL)
        json_builder_add_string_value (b, title);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, spark_role_to_string (spark_search_hit_get_role (hit)));
      json_builder_set_member_name (b, "snippet");
      json_builder_add_string_value (b, snippet);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (json)
    {
      g_autoptr (JsonNode) root = json_builder_get_root (b);
      g_autofree char *out = json_to_string (root, FALSE);
      g_print ("%s\n", out);
    }
  return SPARK_CLI_EXIT_OK;
}

static int
cmd_import (SparkStore *store,
            const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr (GError) error = NULL;
  g_auto (SparkCliWait) wait = { 0 };
  g_autofree char *id = NULL;

  spark_store_import_json_async (store, file, NULL, spark_cli_wait_cb, &wait);
  if ((id = spark_store_import_json_finish (store, spark_cli_wait_for (&wait), &error)) == NULL)
    {
      spark_cli_error ("%s", error->message);
      return g_error_matches (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT) ? SPARK_CLI_EXIT_BAD_INPUT : SPARK_CLI_EXIT_STORE;
    }
  g_print ("%s\n", id);
  return SPARK_CLI_EXIT_OK;
}

static gboolean
takes_args (const char *command,
            int         argc,
            int         wanted)
{
  if (argc == wanted)
    return TRUE;
  if (wanted == 1)
    spark_cli_error (_ ("sessions %s takes no arguments."), command);
  else
    spark_cli_error (_ ("sessions %s takes one argument."), command);
  return FALSE;
}

int
spark_cli_cmd_sessions (SparkCliContext *ctx,
                        int              argc,
                        char           **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  gboolean         json = FALSE;
  int              limit = 20;
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkStore) store = NULL;
  const char        *command;
  int                ret;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_ ("export: md (default) or json"), N_ ("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_ ("export: write to this file"), N_ ("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("list, search: print JSON"), NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_ ("search: at most this many results (default 20)"), N_ ("N") },
    { NULL }
  };

  options = g_option_context_new (_ ("sessions list | show ID | export ID | search TEXT | import FILE"));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (options, _ ("Stored conversations. ID may be the start of a session’s id."));
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      spark_cli_error ("%s", error->message);
      return SPARK_CLI_EXIT_USAGE;
    }
  if (argc < 2)
    {
      spark_cli_error ("%s", _ ("sessions needs one of: list, show, export, search, import."));
      return SPARK_CLI_EXIT_USAGE;
    }
  command = argv[1];
  if (!g_str_equal (command, "list") && !g_str_equal (command, "show") && !g_str_equal (command, "export")
      && !g_str_equal (command, "search") && !g_str_equal (command, "import"))
    {
      spark_cli_error (_ ("Unknown sessions command “%s”: use list, show, export, search or import."), command);
      return SPARK_CLI_EXIT_USAGE;
    }
  if (!takes_args (command, argc - 1, g_str_equal (command, "list") ? 1 : 2))
    return SPARK_CLI_EXIT_USAGE;

  if ((store = spark_cli_open_store (&error)) == NULL)
    {
      spark_cli_error ("%s", error->message);
      return SPARK_CLI_EXIT_STORE;
    }

  if (g_str_equal (command, "list"))
    ret = cmd_list (store, json);
  else if (g_str_equal (command, "show"))
    ret = cmd_export (store, argv[2], "md", NULL);
  else if (g_str_equal (command, "export"))
    ret = cmd_export (store, argv[2], format ? format : "md", output);
  else if (g_str_equal (command, "search"))
    ret = cmd_search (store, argv[2], limit, json);
  else
    ret = cmd_import (store, argv[2]);

  if (!spark_cli_flush_store (store, &error))
    {
      spark_cli_error ("%s", error->message);
      ret = SPARK_CLI_EXIT_STORE;
    }
  spark_store_close (store);
  return ret;
}
