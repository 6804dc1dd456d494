/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SPARK_ERROR domain. */
#include "spark-error.h"

G_DEFINE_QUARK (spark-error-quark, spark_error)
