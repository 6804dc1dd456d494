/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A plain SoupSession client for tests against the fake model service. */
#pragma once

#include "spark-fake-service.h"

G_BEGIN_DECLS

typedef gboolean (*Condition) (gconstpointer data);

/* Iterates the default main context until @condition holds; fails the test
 * after 10 s. */
void wait_for (Condition     condition,
               gconstpointer data);
/* Iterates the default main context for @ms (to see that nothing happens). */
void spin_for (guint ms);

/* One request whose body is read to the end, chunk by chunk. */
typedef struct
{
  SoupMessage  *msg;
  GInputStream *stream;
  GCancellable *cancellable;
  GByteArray   *body;
  GError       *error;   /* of sending or reading */
  guint         n_reads; /* non-empty reads */
  gboolean      headers; /* the response headers arrived */
  gboolean      done;    /* end of body, or an error */
  gint64        started;
  gint64        headers_at; /* monotonic time the headers arrived */
} Fetch;

SoupSession *session_new (void);
SoupMessage *message_new (SparkFakeService *service,
                          const char       *method,
                          const char       *path,
                          const char       *json);
Fetch       *fetch_start (SoupSession *session,
                          SoupMessage *msg);
gboolean     fetch_done (gconstpointer fetch);
Fetch       *fetch_sync (SoupSession      *session,
                         SparkFakeService *service,
                         const char       *method,
                         const char       *path,
                         const char       *json);
void         fetch_free (Fetch *fetch);
char        *body_text (const Fetch *fetch);
JsonObject  *body_object (const Fetch *fetch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fetch, fetch_free)

/* What a streamed reply said, event by event. */
typedef struct
{
  GPtrArray *payloads;       /* every `data:` payload, in order */
  GPtrArray *content_tokens; /* the content of each content delta */
  GString   *content;
  GString   *reasoning;
  GString   *arguments; /* of the first tool call, joined */
  char      *tool_id;
  char      *tool_name;
  guint      n_argument_pieces;
  char      *finish_reason;
  gboolean   role_first;
  gboolean   done_last; /* the last event is [DONE] */
  gint64     prompt_tokens;
  gint64     completion_tokens;
  gboolean   usage_choices_empty;
} Events;

Events *events_parse (const Fetch *fetch,
                      const char  *reasoning_field);
void    events_free (Events *events);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Events, events_free)

SparkFakeService *service_new (void);

G_END_DECLS
