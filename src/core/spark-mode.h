/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Modes (what kind of answer) and depths (how much thinking) with their descriptors. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  SPARK_MODE_CHAT,
  SPARK_MODE_TRAVEL,
  SPARK_MODE_SHOPPING,
  SPARK_MODE_HEALTH,
} SparkMode;

#define SPARK_N_MODES (SPARK_MODE_HEALTH + 1)

typedef enum
{
  SPARK_DEPTH_INSTANT,
  SPARK_DEPTH_THINKING,
  SPARK_DEPTH_CONTEMPLATE,
} SparkDepth;

#define SPARK_N_DEPTHS (SPARK_DEPTH_CONTEMPLATE + 1)

typedef struct
{
  SparkMode   mode;
  const char *id;    /* stable, stored and used by spark-cli */
  const char *title; /* untranslated; call _() / gettext() to show */
  const char *icon_name;
  const char *system_prompt; /* sent to the model; not translated */
} SparkModeInfo;

typedef struct
{
  SparkDepth  depth;
  const char *id;
  const char *title;            /* untranslated */
  const char *description;      /* untranslated */
  const char *reasoning_effort; /* "low", "high" or NULL */
} SparkDepthInfo;

const SparkModeInfo  *spark_mode_get_info (SparkMode mode);
const SparkModeInfo  *spark_mode_info_from_id (const char *id);
const SparkDepthInfo *spark_depth_get_info (SparkDepth depth);
const SparkDepthInfo *spark_depth_info_from_id (const char *id);

G_END_DECLS
