/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Forward declarations shared by the core, so headers need not include each other. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SparkProvider SparkProvider;
typedef struct _SparkClient   SparkClient;
typedef struct _SparkSecrets  SparkSecrets;

G_END_DECLS
