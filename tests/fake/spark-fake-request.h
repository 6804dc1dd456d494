/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the fake model service received: one record per HTTP request, so
 * tests can assert on what the client sent. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  char   *name;         /* form field name */
  char   *filename;     /* NULL if the part has none */
  char   *content_type; /* NULL if the part has none */
  GBytes *data;
} SparkFakePart;

typedef struct
{
  char               *method;
  char               *path;          /* e.g. "/v1/chat/completions" */
  char               *query;         /* NULL if none */
  char               *authorization; /* header value, NULL if absent */
  char               *content_type;  /* header value, NULL if absent */
  SoupMessageHeaders *headers;       /* all request headers */
  GBytes             *body;          /* never NULL, maybe empty */
  JsonNode           *json;          /* the body parsed, when it is JSON; else NULL */
  GPtrArray          *parts;         /* SparkFakePart of a multipart body; else empty */
  guint               connection;    /* 1-based number of the connection it came on */
} SparkFakeRequest;

SparkFakeRequest    *spark_fake_request_new (SoupServerMessage *msg,
                                             guint              connection);
void                 spark_fake_request_free (SparkFakeRequest *request);
JsonObject          *spark_fake_request_get_object (const SparkFakeRequest *request);
const SparkFakePart *spark_fake_request_get_part (const SparkFakeRequest *request,
                                                  const char             *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SparkFakeRequest, spark_fake_request_free)

G_END_DECLS
