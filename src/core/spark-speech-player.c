/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkSpeechPlayer: the key from the keyring, POST /audio/speech, then
 * giostreamsrc (the bytes in memory) ! decodebin ! audioconvert !
 * audioresample ! autoaudiosink. One reading at a time: a new one, or Stop,
 * ends the current one as cancelled. Stale callbacks of an ended reading
 * are recognised by their task no longer being the current one. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>

#include "spark-core-enums.h"
#include "spark-error.h"
#include "spark-recorder-private.h"
#include "spark-speech-player.h"

struct _SparkSpeechPlayer
{
  GObject parent_instance;

  SparkContext    *context;
  char            *sink;
  SparkSpeechState state;
  GObject         *item;
  GTask           *task;      /* the current reading */
  GCancellable    *cancel;    /* its requests */
  gulong           cancel_id; /* on the caller's cancellable */
  GstElement      *pipeline;
  guint            bus_watch;
  GHashTable      *available; /* provider id → SparkCapabilityState */
};

G_DEFINE_FINAL_TYPE (SparkSpeechPlayer, spark_speech_player, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char          *text;
  SparkProvider *provider;
} Reading;

static void
reading_free (Reading *reading)
{
  g_free (reading->text);
  g_clear_object (&reading->provider);
  g_free (reading);
}

SparkSpeechPlayer *
spark_speech_player_new (SparkContext *context)
{
  SparkSpeechPlayer *self;

  g_return_val_if_fail (SPARK_IS_CONTEXT (context), NULL);

  self = g_object_new (SPARK_TYPE_SPEECH_PLAYER, NULL);
  self->context = g_object_ref (context);
  return self;
}

void
spark_speech_player_set_sink (SparkSpeechPlayer *self,
                              const char        *sink)
{
  g_return_if_fail (SPARK_IS_SPEECH_PLAYER (self));

  g_free (self->sink);
  self->sink = g_strdup ((sink && *sink) ? sink : "autoaudiosink");
}

SparkSpeechState
spark_speech_player_get_state (SparkSpeechPlayer *self)
{
  g_return_val_if_fail (SPARK_IS_SPEECH_PLAYER (self), SPARK_SPEECH_IDLE);
  return self->state;
}

GObject *
spark_speech_player_get_item (SparkSpeechPlayer *self)
{
  g_return_val_if_fail (SPARK_IS_SPEECH_PLAYER (self), NULL);
  return self->item;
}

SparkCapabilityState
spark_speech_player_get_available (SparkSpeechPlayer *self,
                                   SparkProvider     *provider)
{
  gpointer known;

  g_return_val_if_fail (SPARK_IS_SPEECH_PLAYER (self), SPARK_CAPABILITY_UNKNOWN);
  g_return_val_if_fail (SPARK_IS_PROVIDER (provider), SPARK_CAPABILITY_UNKNOWN);

  if (g_hash_table_lookup_extended (self->available, spark_provider_get_id (provider), NULL, &known))
    return GPOINTER_TO_INT (known);
  /* Ollama's OpenAI API has no speech endpoint. */
  if (spark_provider_get_preset (provider) == SPARK_PROVIDER_PRESET_OLLAMA)
    return SPARK_CAPABILITY_NO;
  return SPARK_CAPABILITY_UNKNOWN;
}

static void
set_state (SparkSpeechPlayer *self,
           SparkSpeechState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
stop_pipeline (SparkSpeechPlayer *self)
{
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  if (self->bus_watch != 0)
    {
      g_source_remove (self->bus_watch);
      self->bus_watch = 0;
    }
  g_clear_pointer (&self->pipeline, gst_object_unref);
}

/* Ends the current reading with @error (NULL: it played to the end). */
static void
finish_current (SparkSpeechPlayer *self,
                GError            *error)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->task);

  stop_pipeline (self);
  if (self->cancel != NULL)
    g_cancellable_cancel (self->cancel);
  g_clear_object (&self->cancel);
  /* Not g_cancellable_disconnect(): this may run inside its handler. */
  if (self->cancel_id != 0 && task != NULL)
    g_signal_handler_disconnect (g_task_get_cancellable (task), self->cancel_id);
  self->cancel_id = 0;

  if (self->item != NULL)
    {
      g_clear_object (&self->item);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
    }
  set_state (self, SPARK_SPEECH_IDLE);

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  g_autoptr (SparkSpeechPlayer) self = g_object_ref (user_data);

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    {
      self->bus_watch = 0;
      finish_current (self, NULL);
      return G_SOURCE_REMOVE;
    }
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr (GError) gst_error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (message, &gst_error, &debug);
      g_debug ("Speech player: %s (%s)", gst_error->message, debug ? debug : "");
      self->bus_watch = 0;
      finish_current (self, g_error_new (SPARK_ERROR, SPARK_ERROR_FAILED,
                                         _ ("Spark can’t play the speech: %s"), gst_error->message));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
start_playback (SparkSpeechPlayer *self,
                GBytes            *audio)
{
  g_autofree char *description = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) src = NULL;
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GstBus) bus = NULL;

  if (!spark_audio_init (&error))
    {
      finish_current (self, g_steal_pointer (&error));
      return;
    }

  description = g_strdup_printf ("giostreamsrc name=spark-speech ! decodebin ! audioconvert ! audioresample ! %s",
                                 self->sink);
  self->pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &error);
  if (self->pipeline == NULL)
    {
      finish_current (self, g_error_new (SPARK_ERROR, SPARK_ERROR_FAILED,
                                         _ ("Spark can’t play the speech: %s"), error->message));
      return;
    }
  gst_object_ref_sink (self->pipeline);

  src = gst_bin_get_by_name (GST_BIN (self->pipeline), "spark-speech");
  stream = g_memory_input_stream_new_from_bytes (audio);
  g_object_set (src, "stream", stream, NULL);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  set_state (self, SPARK_SPEECH_PLAYING);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr (GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      g_autoptr (GError) gst_error = NULL;

      if (message != NULL)
        gst_message_parse_error (message, &gst_error, NULL);
      finish_current (self, g_error_new (SPARK_ERROR, SPARK_ERROR_FAILED,
                                         _ ("Spark can’t play the speech: %s"),
                                         gst_error ? gst_error->message : _ ("no audio output")));
    }
}

static void
caller_cancelled_cb (SparkSpeechPlayer *self)
{
  g_autoptr (SparkSpeechPlayer) keep = g_object_ref (self);

  spark_speech_player_stop (self);
}

/* Ends any current reading and makes @task the current one. */
static void
begin (SparkSpeechPlayer *self,
       GTask             *task,
       GObject           *item)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  finish_current (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("Stopped")));

  self->task = task;
  self->cancel = g_cancellable_new ();
  if (g_set_object (&self->item, item))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
  if (cancellable != NULL)
    self->cancel_id = g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (caller_cancelled_cb),
                                               self, G_CONNECT_SWAPPED);
}

static void
speech_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SparkSpeechPlayer *self = g_task_get_source_object (task);
  Reading           *reading = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) audio = spark_client_speech_finish (SPARK_CLIENT (source), res, NULL, &error);
  const char *id = spark_provider_get_id (reading->provider);

  if (task != self->task)
    return;

  if (audio == NULL)
    {
      if (g_error_matches (error, SPARK_ERROR, SPARK_ERROR_NOT_FOUND))
        {
          g_hash_table_insert (self->available, g_strdup (id), GINT_TO_POINTER (SPARK_CAPABILITY_NO));
          g_clear_error (&error);
          error = g_error_new (SPARK_ERROR, SPARK_ERROR_NOT_FOUND,
                               _ ("%s can’t read text aloud: it has no speech endpoint. Choose a service that has one, such as OpenAI, in Preferences → Model Services."),
                               spark_provider_get_name (reading->provider));
        }
      finish_current (self, g_steal_pointer (&error));
      return;
    }

  g_hash_table_insert (self->available, g_strdup (id), GINT_TO_POINTER (SPARK_CAPABILITY_YES));
  start_playback (self, audio);
}

static void
key_cb (GObject      *source,
        GAsyncResult *res,
        gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SparkSpeechPlayer *self = g_task_get_source_object (task);
  Reading           *reading = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *key = spark_secrets_lookup_finish (SPARK_SECRETS (source), res, &error);

  if (task != self->task)
    return;
  /* A keyring that can't be reached only matters if the service needs a key. */
  if (key == NULL && error != NULL && spark_provider_get_api_key_required (reading->provider))
    {
      finish_current (self, g_steal_pointer (&error));
      return;
    }
  spark_client_speech_async (spark_context_get_client (self->context), reading->provider, key,
                             reading->text, NULL, NULL, self->cancel, speech_cb, g_object_ref (task));
  if (key != NULL)
    memset (key, 0, strlen (key));
}

void
spark_speech_player_read_async (SparkSpeechPlayer  *self,
                                const char         *text,
                                GObject            *item,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  SparkProvider *provider;
  GTask         *task;
  Reading       *reading;

  g_return_if_fail (SPARK_IS_SPEECH_PLAYER (self));
  g_return_if_fail (text != NULL);
  g_return_if_fail (!item || G_IS_OBJECT (item));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, spark_speech_player_read_async);
  provider = spark_provider_list_get_active (spark_context_get_providers (self->context));
  if (provider == NULL)
    {
      g_task_return_new_error (task, SPARK_ERROR, SPARK_ERROR_FAILED,
                               _ ("No model service is set up. Add one in Preferences → Model Services."));
      g_object_unref (task);
      return;
    }

  reading = g_new0 (Reading, 1);
  reading->text = g_strdup (text);
  reading->provider = g_object_ref (provider);
  g_task_set_task_data (task, reading, (GDestroyNotify) reading_free);

  begin (self, task, item);
  set_state (self, SPARK_SPEECH_LOADING);
  spark_secrets_lookup_async (spark_context_get_secrets (self->context), spark_provider_get_id (provider),
                              self->cancel, key_cb, g_object_ref (task));
}

gboolean
spark_speech_player_read_finish (SparkSpeechPlayer *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == spark_speech_player_read_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
spark_speech_player_play_async (SparkSpeechPlayer  *self,
                                GBytes             *audio,
                                GObject            *item,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (SPARK_IS_SPEECH_PLAYER (self));
  g_return_if_fail (audio != NULL);
  g_return_if_fail (!item || G_IS_OBJECT (item));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, spark_speech_player_play_async);
  begin (self, task, item);
  start_playback (self, audio);
}

gboolean
spark_speech_player_play_finish (SparkSpeechPlayer *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == spark_speech_player_play_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
spark_speech_player_stop (SparkSpeechPlayer *self)
{
  g_return_if_fail (SPARK_IS_SPEECH_PLAYER (self));
  finish_current (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("Stopped")));
}

static void
spark_speech_player_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SparkSpeechPlayer *self = SPARK_SPEECH_PLAYER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_speech_player_dispose (GObject *object)
{
  SparkSpeechPlayer *self = SPARK_SPEECH_PLAYER (object);

  /* A current reading holds a reference to us, so there is none here. */
  stop_pipeline (self);
  g_clear_object (&self->item);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spark_speech_player_parent_class)->dispose (object);
}

static void
spark_speech_player_finalize (GObject *object)
{
  SparkSpeechPlayer *self = SPARK_SPEECH_PLAYER (object);

  g_hash_table_unref (self->available);
  g_free (self->sink);

  G_OBJECT_CLASS (spark_speech_player_parent_class)->finalize (object);
}

static void
spark_speech_player_class_init (SparkSpeechPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = spark_speech_player_get_property;
  object_class->dispose = spark_speech_player_dispose;
  object_class->finalize = spark_speech_player_finalize;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SPARK_TYPE_SPEECH_STATE, SPARK_SPEECH_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spark_speech_player_init (SparkSpeechPlayer *self)
{
  self->sink = g_strdup ("autoaudiosink");
  self->available = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
