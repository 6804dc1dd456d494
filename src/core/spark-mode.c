/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The mode and depth tables. Titles are marked with N_() and translated where shown. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spark-mode.h"

static const SparkModeInfo modes[SPARK_N_MODES] = {
  { SPARK_MODE_CHAT, "chat", N_ ("Chat"), "spark-chat-symbolic",
    "You are Spark, a helpful assistant on the person's desktop. Answer clearly "
    "and concisely; use Markdown for structure when it helps." },
  { SPARK_MODE_TRAVEL, "travel", N_ ("Travel"), "spark-travel-symbolic",
    "You are Spark in travel mode. Plan trips as a day-by-day itinerary with "
    "times, places, durations and costs; say when something needs booking." },
  { SPARK_MODE_SHOPPING, "shopping", N_ ("Shopping"), "spark-shopping-symbolic",
    "You are Spark in shopping mode. Compare products fairly with prices, "
    "ratings, pros and cons, and say who each product is best for." },
  { SPARK_MODE_HEALTH, "health", N_ ("Health"), "spark-health-symbolic",
    "You are Spark in health mode. Give careful, general information, state "
    "uncertainty, cite reputable sources and say when to see a professional. "
    "You are not a doctor and never give a diagnosis." },
};

static const SparkDepthInfo depths[SPARK_N_DEPTHS] = {
  { SPARK_DEPTH_INSTANT, "instant", N_ ("Instant"), N_ ("Answer straight away"), NULL },
  { SPARK_DEPTH_THINKING, "thinking", N_ ("Thinking"), N_ ("Reason step by step before answering"), "high" },
  { SPARK_DEPTH_CONTEMPLATE, "contemplate", N_ ("Contemplate"), N_ ("Split the question between several agents, then merge"), "high" },
};

const SparkModeInfo *
spark_mode_get_info (SparkMode mode)
{
  g_return_val_if_fail (mode < SPARK_N_MODES, &modes[0]);
  return &modes[mode];
}

const SparkModeInfo *
spark_mode_info_from_id (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (g_str_equal (modes[i].id, id))
      return &modes[i];
  return NULL;
}

const SparkDepthInfo *
spark_depth_get_info (SparkDepth depth)
{
  g_return_val_if_fail (depth < SPARK_N_DEPTHS, &depths[0]);
  return &depths[depth];
}

const SparkDepthInfo *
spark_depth_info_from_id (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (depths); i++)
    if (g_str_equal (depths[i].id, id))
      return &depths[i];
  return NULL;
}
