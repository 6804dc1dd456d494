/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One response the fake model service is still writing (internal): paces
 * its steps with timers, injects wire faults, can wait before the headers,
 * and lets go of its message when libsoup is done with it. */
#pragma once

#include <libsoup/soup.h>

#include "spark-fake-chat.h"

G_BEGIN_DECLS

typedef struct _SparkFakeStream SparkFakeStream;

typedef void (*SparkFakeStreamFunc) (SparkFakeStream *stream,
                                     gpointer         user_data);

SparkFakeStream   *spark_fake_stream_new (SoupServerMessage  *msg,
                                          GMainContext       *context,
                                          SparkFakeStreamFunc token_written,
                                          SparkFakeStreamFunc finished,
                                          gpointer            owner);
SoupServerMessage *spark_fake_stream_get_message (SparkFakeStream *stream);
void               spark_fake_stream_delay (SparkFakeStream    *stream,
                                            guint               delay_ms,
                                            SparkFakeStreamFunc ready,
                                            gpointer            data,
                                            GDestroyNotify      destroy);
void               spark_fake_stream_send (SparkFakeStream *stream,
                                           GPtrArray       *steps,
                                           double           tokens_per_second);
void               spark_fake_stream_free (SparkFakeStream *stream);

G_END_DECLS
