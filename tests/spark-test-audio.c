/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Audio helpers for tests: Ogg/Opus and WAV headers, espeak-ng input. */
/* memmem() */
#define _GNU_SOURCE

#include "spark-test-audio.h"

#include <string.h>

static guint32
le32 (const guchar *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint64
le64 (const guchar *p)
{
  return le32 (p) | ((guint64) le32 (p + 4) << 32);
}

gboolean
spark_test_parse_ogg_opus (GBytes           *data,
                           SparkTestOggOpus *info)
{
  gsize         size;
  const guchar *bytes = g_bytes_get_data (data, &size);
  const guchar *head;
  gsize         offset = 0;

  memset (info, 0, sizeof *info);
  if (size < 27 || memcmp (bytes, "OggS", 4) != 0)
    {
      g_test_message ("no OggS at the start (%" G_GSIZE_FORMAT " bytes)", size);
      return FALSE;
    }
  head = memmem (bytes, size, "OpusHead", 8);
  if (head == NULL || head + 19 > bytes + size)
    {
      g_test_message ("no OpusHead packet");
      return FALSE;
    }
  /* OpusHead: magic(8) version(1) channels(1) pre-skip(2) input rate(4) … */
  info->channels = head[9];
  info->pre_skip = head[10] | (head[11] << 8);
  info->input_rate = le32 (head + 12);

  while (offset < size)
    {
      const guchar *page = bytes + offset;
      guint         n_segments;
      gsize         body = 0;

      if (size - offset < 27 || memcmp (page, "OggS", 4) != 0 || page[4] != 0)
        {
          g_test_message ("broken Ogg page at byte %" G_GSIZE_FORMAT, offset);
          return FALSE;
        }
      n_segments = page[26];
      if (size - offset < 27 + (gsize) n_segments)
        return FALSE;
      for (guint i = 0; i < n_segments; i++)
        body += page[27 + i];
      if (size - offset < 27 + n_segments + body)
        {
          g_test_message ("truncated Ogg page at byte %" G_GSIZE_FORMAT, offset);
          return FALSE;
        }
      info->n_pages++;
      info->last_granule = le64 (page + 6);
      info->last_is_eos = (page[5] & 0x04) != 0;
      offset += 27 + n_segments + body;
    }

  /* Opus granule positions count 48 kHz samples, whatever the input rate. */
  info->duration = ((double) info->last_granule - info->pre_skip) / 48000.0;
  return TRUE;
}

gboolean
spark_test_parse_wav (GBytes       *data,
                      SparkTestWav *info)
{
  gsize         size;
  const guchar *bytes = g_bytes_get_data (data, &size);
  gsize         offset = 12;

  memset (info, 0, sizeof *info);
  if (size < 44 || memcmp (bytes, "RIFF", 4) != 0 || memcmp (bytes + 8, "WAVE", 4) != 0)
    return FALSE;
  info->riff_size = le32 (bytes + 4);
  while (offset + 8 <= size)
    {
      guint32 chunk = le32 (bytes + offset + 4);

      if (memcmp (bytes + offset, "fmt ", 4) == 0 && offset + 24 <= size)
        {
          info->channels = bytes[offset + 10] | (bytes[offset + 11] << 8);
          info->rate = le32 (bytes + offset + 12);
          info->bits = bytes[offset + 22] | (bytes[offset + 23] << 8);
        }
      else if (memcmp (bytes + offset, "data", 4) == 0)
        {
          info->data_size = chunk;
          info->data_offset = offset + 8;
          if (info->rate > 0 && info->channels > 0 && info->bits > 0)
            info->duration = (double) chunk / (info->rate * info->channels * (info->bits / 8));
          return info->rate > 0;
        }
      offset += 8 + chunk + (chunk & 1);
    }
  return FALSE;
}

char *
spark_test_make_speech_wav (const char *dir,
                            const char *text)
{
  g_autofree char *espeak = g_find_program_in_path ("espeak-ng");
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  int         status = 0;
  const char *argv[] = { NULL, "-w", NULL, NULL, NULL };

  if (espeak == NULL)
    return NULL;
  path = g_build_filename (dir, "speech.wav", NULL);
  argv[0] = espeak;
  argv[2] = path;
  argv[3] = text;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      g_test_message ("espeak-ng failed: %s", error->message);
      return NULL;
    }
  return g_steal_pointer (&path);
}
