/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fake OpenAI-compatible model service for tests: a SoupServer on
 * 127.0.0.1 that answers with scripted replies, injects faults on the wire
 * and records every request it gets. It runs on the thread-default main
 * context of whoever creates it. */
#pragma once

#include <gio/gio.h>

#include "spark-fake-reply.h"
#include "spark-fake-request.h"

G_BEGIN_DECLS

#define SPARK_TYPE_FAKE_SERVICE (spark_fake_service_get_type ())

G_DECLARE_FINAL_TYPE (SparkFakeService, spark_fake_service, SPARK, FAKE_SERVICE, GObject)

SparkFakeService *spark_fake_service_new (GError **error);
SparkFakeService *spark_fake_service_new_for_port (guint    port,
                                                   GError **error);
const char       *spark_fake_service_get_base_url (SparkFakeService *self);
guint             spark_fake_service_get_port (SparkFakeService *self);

/* What it answers. */
void                  spark_fake_service_set_models (SparkFakeService  *self,
                                                     const char *const *ids);
void                  spark_fake_service_set_api_key (SparkFakeService *self,
                                                      const char       *api_key);
void                  spark_fake_service_set_reject_json_schema (SparkFakeService *self,
                                                                 gboolean          reject);
void                  spark_fake_service_set_transcription (SparkFakeService *self,
                                                            const char       *text);
void                  spark_fake_service_set_path_status (SparkFakeService *self,
                                                          const char       *path,
                                                          guint             status);
void                  spark_fake_service_set_default_reply (SparkFakeService     *self,
                                                            const SparkFakeReply *reply);
const SparkFakeReply *spark_fake_service_get_default_reply (SparkFakeService *self);
void                  spark_fake_service_push_reply (SparkFakeService *self,
                                                     SparkFakeReply   *reply);
void                  spark_fake_service_push_text (SparkFakeService *self,
                                                    const char       *text);
void                  spark_fake_service_push_status (SparkFakeService *self,
                                                      guint             status,
                                                      guint             retry_after);
guint                 spark_fake_service_get_n_queued (SparkFakeService *self);
gboolean              spark_fake_service_load_script (SparkFakeService *self,
                                                      const char       *path,
                                                      GError          **error);

/* What it saw. */
GPtrArray *spark_fake_service_get_requests (SparkFakeService *self);
const SparkFakeRequest         *
spark_fake_service_get_last_request (SparkFakeService *self,
                                             const char       *path);
guint   spark_fake_service_get_request_count (SparkFakeService *self,
                                              const char       *path);
guint   spark_fake_service_get_connection_count (SparkFakeService *self);
guint64 spark_fake_service_get_tokens_sent (SparkFakeService *self);
guint   spark_fake_service_get_n_streams (SparkFakeService *self);

G_END_DECLS
