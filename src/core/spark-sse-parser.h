/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Incremental Server-Sent Events parser (WHATWG "interpreting an event
 * stream"): bytes in, events out. No I/O, so it can be fed from any source. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SparkSseParser SparkSseParser;

/* Called once per dispatched event, from inside feed().
 * @event_type: the `event` field, or "message" when it was not set.
 * @data: the `data` lines joined with "\n", NUL-terminated; may contain
 *   NUL bytes, so use @data_len. Bytes are passed through as sent: the
 *   consumer decides what to do with invalid UTF-8.
 * @last_event_id: the stream's last event id ("" if none).
 * All strings belong to the parser and are valid only during the call.
 * The callback may call spark_sse_parser_stop() but must not feed or
 * free the parser. */
typedef void (*SparkSseEventFunc) (const char *event_type,
                                   const char *data,
                                   gsize       data_len,
                                   const char *last_event_id,
                                   gpointer    user_data);

SparkSseParser *spark_sse_parser_new               (SparkSseEventFunc  func,
                                                    gpointer           user_data);
/* Any split of the stream into chunks gives the same events. */
void            spark_sse_parser_feed              (SparkSseParser    *self,
                                                    const char        *buf,
                                                    gsize              len);
/* End of stream: an event without its closing blank line is discarded,
 * as the specification requires. Feeding after finish starts over as
 * a new stream (a leading BOM is skipped again). */
void            spark_sse_parser_finish            (SparkSseParser    *self);
/* No more events are delivered and feed does nothing from now on. Safe
 * to call from the callback (the rest of the current chunk is dropped). */
void            spark_sse_parser_stop              (SparkSseParser    *self);
/* The last valid `retry` value in milliseconds, -1 if none was sent. */
gint64          spark_sse_parser_get_retry         (SparkSseParser    *self);
/* The id to send as Last-Event-ID when reconnecting ("" if none). */
const char     *spark_sse_parser_get_last_event_id (SparkSseParser    *self);
/* Bytes held for the event being assembled (partial line + data), so a
 * client can refuse a stream that never ends its event. */
gsize           spark_sse_parser_get_pending_size  (SparkSseParser    *self);
void            spark_sse_parser_free              (SparkSseParser    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SparkSseParser, spark_sse_parser_free)

G_END_DECLS
