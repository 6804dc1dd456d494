/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Names a conversation after its first exchange: one short request to the same model service, whose answer is cleaned up before it
 * becomes a title. The session falls back to the question's first words
 * when this fails or is turned off. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spark-error.h"
#include "spark-titler.h"
#include "spark-turn.h"

/* Enough of each side for the gist, little enough to be quick. */
#define EXCERPT_CHARS 1200
#define TITLE_CHARS 60

static const char system_prompt[] =
  "You name conversations. Reply with only a title of at most six words for the "
  "conversation below, in the language it is written in. No quotes, no final "
  "punctuation, no explanation.";

typedef struct
{
  SparkContext  *context;
  SparkProvider *provider;
  char          *model;
  char          *prompt;
  SparkTurn     *turn;
} TitleJob;

static void
title_job_free (TitleJob *job)
{
  g_clear_object (&job->context);
  g_clear_object (&job->provider);
  g_clear_object (&job->turn);
  g_free (job->model);
  g_free (job->prompt);
  g_free (job);
}

static void
append_excerpt (GString    *out,
                const char *label,
                const char *text)
{
  g_string_append_printf (out, "%s:\n", label);
  if (g_utf8_strlen (text, -1) > EXCERPT_CHARS)
    {
      g_string_append_len (out, text, g_utf8_offset_to_pointer (text, EXCERPT_CHARS) - text);
      g_string_append (out, "…");
    }
  else
    g_string_append (out, text);
  g_string_append (out, "\n\n");
}

static char *
skip_thinking (char *text)
{
  /* Some models write their thinking inline before the answer. */
  char *start = g_strchug (text);
  char *end = strstr (start, "</think>");

  return (g_str_has_prefix (start, "<think>") && end != NULL) ? end + strlen ("</think>") : start;
}

/* Whether the character at the start of @p is one of @set's (UTF-8). */
static gboolean
starts_with_one_of (const char *p,
                    const char *set)
{
  char buf[8] = { 0 };

  if (*p == '\0')
    return FALSE;
  g_unichar_to_utf8 (g_utf8_get_char (p), buf);
  return strstr (set, buf) != NULL;
}

static void
trim_start (GString    *s,
            const char *set)
{
  while (starts_with_one_of (s->str, set))
    g_string_erase (s, 0, g_utf8_next_char (s->str) - s->str);
}

static void
trim_end (GString    *s,
          const char *set)
{
  while (s->len > 0)
    {
      const char *last = g_utf8_find_prev_char (s->str, s->str + s->len);

      if (last == NULL || !starts_with_one_of (last, set))
        break;
      g_string_truncate (s, last - s->str);
    }
}

char *
spark_titler_clean (const char *raw)
{
  g_autofree char *copy = NULL;
  g_auto (GStrv) lines = NULL;
  GString                 *title;
  const char              *line = NULL;
  static const char *const labels[] = { "title:", "titel:", "titre:", "título:", "titolo:" };
  static const char        quotes[] = "\"'“”„‘’«»「」";
  static const char        ends[] = " .:;,!。\"'“”„‘’«»「」";

  if (raw == NULL)
    return NULL;
  copy = g_strdup (raw);
  lines = g_strsplit (skip_thinking (copy), "\n", -1);
  for (guint i = 0; lines[i] != NULL && line == NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      line = lines[i];
  if (line == NULL)
    return NULL;

  /* Whitespace folded; emphasis and code marks dropped (a title is plain). */
  title = g_string_new (NULL);
  for (const char *p = line; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          if (title->len > 0 && title->str[title->len - 1] != ' ')
            g_string_append_c (title, ' ');
        }
      else if (*p != '*' && *p != '`')
        g_string_append_c (title, *p);
    }
  /* A heading or quote mark, a "Title:" label, then quotes around it. */
  trim_start (title, "#>- ");
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *folded = g_utf8_casefold (title->str, -1);

      if (g_str_has_prefix (folded, labels[i]))
        {
          g_string_erase (title, 0, g_utf8_offset_to_pointer (title->str, g_utf8_strlen (labels[i], -1)) - title->str);
          break;
        }
    }
  trim_start (title, " ");
  trim_start (title, quotes);
  trim_end (title, ends);

  if (g_utf8_strlen (title->str, -1) > TITLE_CHARS)
    {
      char *cut = g_utf8_offset_to_pointer (title->str, TITLE_CHARS - 1);
      char *space = g_utf8_strrchr (title->str, cut - title->str, ' ');

      g_string_truncate (title, (space != NULL && space - title->str > TITLE_CHARS / 2 ? space : cut) - title->str);
      g_string_append (title, "…");
    }
  if (title->len == 0)
    {
      g_string_free (title, TRUE);
      return NULL;
    }
  return g_string_free (title, FALSE);
}

char *
spark_titler_fallback (const char *text)
{
  g_auto (GStrv) words = g_strsplit_set (text, " \t\n", -1);
  GString *title = g_string_new (NULL);

  /* The question's words, whitespace folded, up to about 48 characters,
   * cut at a word where possible. */
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (title->len > 0 && g_utf8_strlen (title->str, -1) + 1 + g_utf8_strlen (words[i], -1) > 48)
        {
          g_string_append (title, "…");
          break;
        }
      if (title->len > 0)
        g_string_append_c (title, ' ');
      g_string_append (title, words[i]);
    }
  if (g_utf8_strlen (title->str, -1) > 49)
    {
      char *cut = g_utf8_offset_to_pointer (title->str, 47);
      g_string_truncate (title, cut - title->str);
      g_string_append (title, "…");
    }
  return g_string_free (title, FALSE);
}

static void
turn_done_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  char   *title;

  if (!spark_turn_run_finish (SPARK_TURN (source), res, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  title = spark_titler_clean (spark_message_get_text (spark_turn_get_reply (SPARK_TURN (source))));
  if (title == NULL)
    g_task_return_new_error (task, SPARK_ERROR, SPARK_ERROR_SERVICE, "%s",
                             _ ("The model service gave no title."));
  else
    g_task_return_pointer (task, title, g_free);
}

static void
key_cb (GObject      *source,
        GAsyncResult *res,
        gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  TitleJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *key = spark_secrets_lookup_finish (SPARK_SECRETS (source), res, &error);
  g_autoptr (SparkConversation) conversation = NULL;
  g_autoptr (SparkMessage) message = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (key == NULL && error != NULL && spark_provider_get_api_key_required (job->provider))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  conversation = spark_conversation_new ();
  message = spark_message_new (SPARK_ROLE_USER, job->prompt);
  spark_conversation_append (conversation, message);
  job->turn = spark_turn_new (spark_context_get_client (job->context), job->provider, key, job->model, conversation);
  spark_turn_set_system_prompt (job->turn, system_prompt);
  if (key != NULL)
    memset (key, 0, strlen (key));
  spark_turn_run_async (job->turn, g_task_get_cancellable (task), turn_done_cb, g_object_ref (task));
}

void
spark_titler_run_async (SparkContext       *context,
                        SparkProvider      *provider,
                        const char         *model,
                        const char         *question,
                        const char         *reply,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  TitleJob *job;
  GString  *prompt;

  g_return_if_fail (SPARK_IS_CONTEXT (context));
  g_return_if_fail (SPARK_IS_PROVIDER (provider));
  g_return_if_fail (question != NULL && reply != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, spark_titler_run_async);

  prompt = g_string_new (NULL);
  append_excerpt (prompt, "Question", question);
  append_excerpt (prompt, "Answer", reply);
  g_string_append (prompt, "Title:");

  job = g_new0 (TitleJob, 1);
  job->context = g_object_ref (context);
  job->provider = g_object_ref (provider);
  job->model = g_strdup (model);
  job->prompt = g_string_free (prompt, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) title_job_free);

  spark_secrets_lookup_async (spark_context_get_secrets (context), spark_provider_get_id (provider), cancellable,
                              key_cb, g_steal_pointer (&task));
}

char *
spark_titler_run_finish (GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
