/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Mode and depth tables: ids round-trip, every entry is complete. */
#include "spark-core-enums.h"
#include "spark-mode.h"

static void
test_mode_ids_round_trip (void)
{
  for (guint i = 0; i < SPARK_N_MODES; i++)
    {
      const SparkModeInfo *info = spark_mode_get_info (i);

      g_assert_cmpint (info->mode, ==, i);
      g_assert_true (spark_mode_info_from_id (info->id) == info);
      g_assert_nonnull (info->title);
      g_assert_true (g_str_has_suffix (info->icon_name, "-symbolic"));
      g_assert_cmpuint (strlen (info->system_prompt), >, 40);
    }
  g_assert_null (spark_mode_info_from_id ("no-such-mode"));
  g_assert_cmpstr (spark_mode_get_info (SPARK_MODE_TRAVEL)->id, ==, "travel");
}

static void
test_depth_ids_round_trip (void)
{
  for (guint i = 0; i < SPARK_N_DEPTHS; i++)
    {
      const SparkDepthInfo *info = spark_depth_get_info (i);

      g_assert_cmpint (info->depth, ==, i);
      g_assert_true (spark_depth_info_from_id (info->id) == info);
    }
  /* Instant must not ask for reasoning; Thinking must. */
  g_assert_null (spark_depth_get_info (SPARK_DEPTH_INSTANT)->reasoning_effort);
  g_assert_nonnull (spark_depth_get_info (SPARK_DEPTH_THINKING)->reasoning_effort);
}

static void
test_enum_types (void)
{
  g_autoptr (GEnumClass) modes = g_type_class_ref (SPARK_TYPE_MODE);
  g_autoptr (GEnumClass) depths = g_type_class_ref (SPARK_TYPE_DEPTH);

  g_assert_cmpuint (modes->n_values, ==, SPARK_N_MODES);
  g_assert_cmpuint (depths->n_values, ==, SPARK_N_DEPTHS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mode/ids", test_mode_ids_round_trip);
  g_test_add_func ("/mode/depth-ids", test_depth_ids_round_trip);
  g_test_add_func ("/mode/enum-types", test_enum_types);
  return g_test_run ();
}
