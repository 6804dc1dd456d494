/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Voice input, shown in place of the composer's text while it is in use:
 * a live level meter and the time while recording (with a countdown near
 * the limit), then "Transcribing…", then ::transcribed with the text. On
 * failure it says why and keeps the recording for Retry or Discard. */
#pragma once

#include <gtk/gtk.h>

#include "spark-context.h"

G_BEGIN_DECLS

typedef enum
{
  SPARK_VOICE_BAR_IDLE,         /* nothing to show: the composer shows its text again */
  SPARK_VOICE_BAR_RECORDING,    /* Stop (Enter) / Discard (Esc) */
  SPARK_VOICE_BAR_TRANSCRIBING, /* Stop (Esc) keeps the recording */
  SPARK_VOICE_BAR_FAILED,       /* Retry (Enter) / Discard */
} SparkVoiceBarState;

#define SPARK_TYPE_VOICE_BAR_STATE (spark_voice_bar_state_get_type ())
GType spark_voice_bar_state_get_type (void) G_GNUC_CONST;

#define SPARK_TYPE_VOICE_BAR (spark_voice_bar_get_type ())
G_DECLARE_FINAL_TYPE (SparkVoiceBar, spark_voice_bar, SPARK, VOICE_BAR, GtkWidget)

GtkWidget         *spark_voice_bar_new (void);
SparkVoiceBarState spark_voice_bar_get_state (SparkVoiceBar *self);
/* Milliseconds; SPARK_RECORDER_DEFAULT_MAX_DURATION (five minutes) unless set. */
guint spark_voice_bar_get_max_duration (SparkVoiceBar *self);
void  spark_voice_bar_set_max_duration (SparkVoiceBar *self,
                                        guint          milliseconds);
/* Records from the "audio-source" setting of @context and transcribes with
 * its active model service. Any recording kept from a failure is dropped. */
void spark_voice_bar_start (SparkVoiceBar *self,
                            SparkContext  *context);
/* What the failure page says, or NULL. */
const char *spark_voice_bar_get_error_text (SparkVoiceBar *self);
/* Whether a recording is kept for Retry. */
gboolean spark_voice_bar_has_recording (SparkVoiceBar *self);

G_END_DECLS
