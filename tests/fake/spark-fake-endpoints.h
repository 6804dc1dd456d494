/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Response helpers of the fake model service and its simple endpoints
 * (internal). */
#pragma once

#include <libsoup/soup.h>

#include "spark-fake-reply.h"
#include "spark-fake-request.h"

G_BEGIN_DECLS

void        spark_fake_respond (SoupServerMessage *msg,
                                guint              status,
                                const char        *content_type,
                                GBytes            *body);
void        spark_fake_respond_error (SoupServerMessage *msg,
                                      guint              status,
                                      const char        *message,
                                      const char        *type,
                                      const char        *code);
void        spark_fake_respond_status (SoupServerMessage    *msg,
                                       const SparkFakeReply *reply);
const char *spark_fake_error_type (guint status);
void        spark_fake_handle_models (SoupServerMessage *msg,
                                      const char *const *models);
void        spark_fake_handle_transcription (SoupServerMessage      *msg,
                                             const SparkFakeRequest *record,
                                             const char             *transcription);
void        spark_fake_handle_speech (SoupServerMessage      *msg,
                                      const SparkFakeRequest *record);

G_END_DECLS
