/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal to SparkStore: what its other source files need of it. */
#pragma once

#include "spark-store-writer.h"
#include "spark-store.h"

G_BEGIN_DECLS

/* NULL once the store is closed. Main thread only. */
SparkStoreWriter *spark_store_get_writer (SparkStore *self);

G_END_DECLS
