/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Audio helpers for tests: read an Ogg/Opus stream's header and length,
 * read a WAV header, and make a spoken WAV with espeak-ng. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint    n_pages;
  guint    channels;   /* from OpusHead */
  guint    input_rate; /* from OpusHead */
  guint    pre_skip;   /* from OpusHead, in 48 kHz samples */
  guint64  last_granule;
  gboolean last_is_eos; /* the last page has the end-of-stream flag */
  double   duration;    /* seconds, from the last granule position */
} SparkTestOggOpus;

/* Walks every Ogg page of @data (checking the page structure on the way)
 * and reads the OpusHead packet. FALSE, with a test message, if it isn't a
 * well-formed Ogg/Opus stream. */
gboolean spark_test_parse_ogg_opus (GBytes           *data,
                                    SparkTestOggOpus *info);

typedef struct
{
  gsize  riff_size; /* what the RIFF header says */
  guint  channels;
  guint  rate;
  guint  bits;
  gsize  data_offset; /* where the samples start */
  gsize  data_size;   /* what the "data" chunk header says */
  double duration;
} SparkTestWav;

gboolean spark_test_parse_wav (GBytes       *data,
                               SparkTestWav *info);

/* Writes @text spoken by espeak-ng to a new WAV file in @dir and returns its
 * path, or NULL when espeak-ng is not installed. */
char *spark_test_make_speech_wav (const char *dir,
                                  const char *text);

G_END_DECLS
