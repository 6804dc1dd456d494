/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SPARK_ERROR domain. */
#include "spark-error.h"

/* The quark name is stringified by the macro: clang-format would add spaces
 * around the dashes and change the name. */
/* clang-format off */
G_DEFINE_QUARK (spark-error-quark, spark_error)
/* clang-format on */
