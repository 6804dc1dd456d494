/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A generated long conversation (see spark-long-chat.h). */
#include "spark-long-chat.h"
#include "spark-store-test.h"

static const char *topics[] = {
  "the night train to Vienna",
  "a sourdough starter that will not rise",
  "noise-cancelling headphones under 200 euros",
  "a three-day walk in the Douro valley",
  "choosing a thermostat for an old flat",
  "vitamin D in winter",
  "a birthday picnic for eight children",
  "learning the funicular timetable by heart",
};

static const char *items[] = {
  "Book **early**: prices double in the last week.",
  "Keep a `notes.txt` with every booking reference.",
  "Bring a light jacket; evenings are cool by the river.",
  "Ask for the *tasting menu* only at lunch, when it is half the price.",
  "Check the opening hours on the day: many places close on Mondays.",
  "A refillable bottle saves money and plastic.",
  "Compare the battery life in independent reviews, not the box.",
  "Start with the shortest stage to see how the legs feel.",
};

char *
spark_long_chat_text (guint index)
{
  const char *topic = topics[(index / 2) % G_N_ELEMENTS (topics)];
  GString    *text = g_string_new (NULL);
  guint       n_items = 2 + (index * 7) % 4;
  guint       n_sentences = 1 + (index * 13) % 5;

  if (index % 2 == 0)
    {
      g_string_append_printf (text, "Question %u: what should I know about %s?", index, topic);
      /* Some questions run over several lines. */
      for (guint i = 0; i < (index / 2) % 3; i++)
        g_string_append_printf (text, "\nAlso, detail %u: is it worth it in spring?", i + 1);
      return g_string_free (text, FALSE);
    }

  g_string_append_printf (text, "Reply %u about %s.", index, topic);
  for (guint i = 0; i < n_sentences; i++)
    g_string_append (text, " It depends on the season, the budget and how much time there is.");
  g_string_append (text, "\n\n");
  for (guint i = 0; i < n_items; i++)
    g_string_append_printf (text, "- %s\n", items[(index + i) % G_N_ELEMENTS (items)]);
  /* A code fence about every 50 messages makes a much taller row. */
  if (index % 50 == 1)
    {
      g_string_append (text, "\n```python\n");
      for (guint i = 0; i < 8; i++)
        g_string_append_printf (text, "step_%u = plan (day=%u, budget=%u)\n", i, i + 1, 100 * (i + 1));
      g_string_append (text, "print (step_7)\n```\n");
    }
  g_string_append_printf (text, "\nIn short: plan ahead (%u).", index);
  return g_string_free (text, FALSE);
}

char *
spark_long_chat_fill (SparkStore *store,
                      const char *title,
                      guint       n_messages)
{
  g_autoptr (SparkConversation) conversation = spark_conversation_new ();
  g_autoptr (GError) error = NULL;

  spark_conversation_set_title (conversation, title);
  spark_store_save_conversation (store, conversation);
  for (guint i = 0; i < n_messages; i++)
    {
      g_autofree char *text = spark_long_chat_text (i);
      g_autoptr (SparkMessage) message = spark_message_new (i % 2 ? SPARK_ROLE_ASSISTANT : SPARK_ROLE_USER, text);

      spark_store_save_message (store, spark_conversation_get_id (conversation), message);
    }
  if (!spark_store_test_flush (store, &error))
    g_error ("Could not write the long chat: %s", error->message);
  return g_strdup (spark_conversation_get_id (conversation));
}
