/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A strict pull scanner for JSON (RFC 8259, UTF-8 only) that builds no tree.
 * Used on the streaming hot path, where json-glib's JsonParser costs more
 * per small event than the whole rest of the pipeline.
 *
 * Usage: the caller walks the document it expects and skips the rest:
 *
 *   if (!spark_json_scan_enter_object (&scan))
 *     return FALSE;
 *   while (spark_json_scan_next_member (&scan, &key, &key_len))
 *     {
 *       if (KEY_IS ("model"))
 *         spark_json_scan_string (&scan, &model, &model_len);
 *       else
 *         spark_json_scan_skip (&scan, NULL, NULL);
 *     }
 *   if (scan.error != NULL)
 *     return FALSE;
 *
 * After next_member/next_element returned TRUE, exactly one value must be
 * consumed. The first error sticks: every later call returns FALSE, so
 * loops end by themselves and the caller checks `error` once. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SPARK_JSON_INVALID,
  SPARK_JSON_OBJECT,
  SPARK_JSON_ARRAY,
  SPARK_JSON_STRING,
  SPARK_JSON_NUMBER,
  SPARK_JSON_TRUE,
  SPARK_JSON_FALSE,
  SPARK_JSON_NULL,
} SparkJsonType;

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  GString    *scratch;  /* holds strings that had escapes */
  const char *error;    /* NULL, or what went wrong (for debug logs) */
  gsize       error_offset;
  guint       depth;
  gboolean    fresh;    /* just entered a container */
} SparkJsonScan;

/* Deeper nesting is refused, which bounds the recursion in skip(). */
#define SPARK_JSON_MAX_DEPTH 64

void          spark_json_scan_init          (SparkJsonScan *scan,
                                             const char    *buf,
                                             gsize          len,
                                             GString       *scratch);
/* Type of the next value, after whitespace; does not consume it. */
SparkJsonType spark_json_scan_peek          (SparkJsonScan *scan);
gboolean      spark_json_scan_enter_object  (SparkJsonScan *scan);
gboolean      spark_json_scan_next_member   (SparkJsonScan *scan,
                                             const char   **key,
                                             gsize         *key_len);
gboolean      spark_json_scan_enter_array   (SparkJsonScan *scan);
gboolean      spark_json_scan_next_element  (SparkJsonScan *scan);
/* The decoded string points into the input, or into scratch when it had
 * escapes; valid until the next call. \u0000 and lone surrogates become
 * U+FFFD so the result stays valid UTF-8 without inner NULs. */
gboolean      spark_json_scan_string        (SparkJsonScan *scan,
                                             const char   **str,
                                             gsize         *len);
gboolean      spark_json_scan_string_append (SparkJsonScan *scan,
                                             GString       *dest);
/* A number as an integer: fractions truncated, out of range clamped. */
gboolean      spark_json_scan_int           (SparkJsonScan *scan,
                                             gint64        *value);
/* Consumes any value, checking it; @value_start/@value_end (optional)
 * get its raw text. */
gboolean      spark_json_scan_skip          (SparkJsonScan *scan,
                                             const char   **value_start,
                                             const char   **value_end);
/* Only whitespace may follow the document. */
gboolean      spark_json_scan_end           (SparkJsonScan *scan);

G_END_DECLS
