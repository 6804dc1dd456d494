/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkVoiceBar: drives a SparkRecorder and the transcription request.
 *
 * The recording outlives failures: a transcription that fails (no
 * endpoint, service down, nothing heard) leaves it in self->recording, and
 * Retry sends those same bytes again. Only Discard, a successful
 * transcription, or a new start drop it. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "spark-error.h"
#include "spark-recorder.h"
#include "spark-voice-bar.h"

/* The countdown shows in the last half minute. */
#define COUNTDOWN_SECONDS 30

struct _SparkVoiceBar
{
  GtkWidget parent_instance;

  SparkContext      *context;
  SparkRecorder     *recorder;
  SparkRecording    *recording;
  GCancellable      *cancellable; /* the recording's stop, or the transcription */
  SparkVoiceBarState state;
  guint              max_duration;
  char              *error_text;

  GtkStack    *stack;
  GtkLabel    *status_label;
  GtkLevelBar *level_bar;
  GtkLabel    *elapsed_label;
  GtkWidget   *stop_button;
  GtkSpinner  *spinner;
  GtkLabel    *error_label;
  GtkWidget   *kept_label;
  GtkWidget   *retry_button;
};

G_DEFINE_FINAL_TYPE (SparkVoiceBar, spark_voice_bar, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (SparkVoiceBarState, spark_voice_bar_state,
                    G_DEFINE_ENUM_VALUE (SPARK_VOICE_BAR_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (SPARK_VOICE_BAR_RECORDING, "recording"),
                    G_DEFINE_ENUM_VALUE (SPARK_VOICE_BAR_TRANSCRIBING, "transcribing"),
                    G_DEFINE_ENUM_VALUE (SPARK_VOICE_BAR_FAILED, "failed"))

enum
{
  PROP_0,
  PROP_STATE,
  PROP_MAX_DURATION,
  N_PROPS
};

enum
{
  TRANSCRIBED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

GtkWidget *
spark_voice_bar_new (void)
{
  return g_object_new (SPARK_TYPE_VOICE_BAR, NULL);
}

static void
set_state (SparkVoiceBar     *self,
           SparkVoiceBarState state)
{
  static const char *const pages[] = { "recording", "recording", "transcribing", "failed" };
  GtkWidget               *widget = GTK_WIDGET (self);

  gtk_stack_set_visible_child_name (self->stack, pages[state]);
  if (state == SPARK_VOICE_BAR_TRANSCRIBING)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);

  gtk_widget_action_set_enabled (widget, "voice.stop", state == SPARK_VOICE_BAR_RECORDING);
  gtk_widget_action_set_enabled (widget, "voice.cancel",
                                 state == SPARK_VOICE_BAR_RECORDING || state == SPARK_VOICE_BAR_TRANSCRIBING);
  gtk_widget_action_set_enabled (widget, "voice.retry", state == SPARK_VOICE_BAR_FAILED);
  gtk_widget_action_set_enabled (widget, "voice.discard", state == SPARK_VOICE_BAR_FAILED);

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
show_error (SparkVoiceBar *self,
            const char    *text)
{
  g_free (self->error_text);
  self->error_text = g_strdup (text);
  gtk_label_set_text (self->error_label, text);
  gtk_widget_set_visible (self->kept_label, self->recording != NULL);
  gtk_widget_set_tooltip_text (self->retry_button, self->recording != NULL
                                                     ? _ ("Send the same recording again (Enter)")
                                                     : _ ("Record again (Enter)"));
  set_state (self, SPARK_VOICE_BAR_FAILED);
  gtk_widget_grab_focus (self->retry_button);
}

static char *
format_time (guint seconds)
{
  return g_strdup_printf ("%u:%02u", seconds / 60, seconds % 60);
}

/* The clock is asked 20 times a second; relayout only when it changes. */
static void
set_label (GtkLabel   *label,
           const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

static void
update_time (SparkVoiceBar *self)
{
  double           elapsed = spark_recorder_get_elapsed (self->recorder);
  double           remaining = self->max_duration / 1000.0 - elapsed;
  g_autofree char *shown = format_time ((guint) elapsed);

  set_label (self->elapsed_label, shown);
  if (self->max_duration > 0 && remaining <= COUNTDOWN_SECONDS)
    {
      g_autofree char *left = format_time ((guint) ceil (MAX (remaining, 0)));
      g_autofree char *text = g_strdup_printf (_ ("Recording stops in %s"), left);

      set_label (self->status_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
    }
  else
    {
      set_label (self->status_label, _ ("Listening"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
    }
}

static void
level_cb (SparkVoiceBar *self)
{
  gtk_level_bar_set_value (self->level_bar, spark_recorder_get_level (self->recorder));
}

static void
drop_recorder (SparkVoiceBar *self)
{
  if (self->recorder == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->recorder, self);
  spark_recorder_cancel (self->recorder);
  g_clear_object (&self->recorder);
}

static void
transcribed_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr (SparkVoiceBar) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = spark_client_transcribe_finish (SPARK_CLIENT (source), res, &error);
  SparkProvider   *provider;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Esc while transcribing, or the bar went away. */
      if (self->recording != NULL && self->state == SPARK_VOICE_BAR_TRANSCRIBING)
        show_error (self, _ ("Transcription stopped."));
      return;
    }
  g_clear_object (&self->cancellable);

  provider = spark_provider_list_get_active (spark_context_get_providers (self->context));
  if (g_error_matches (error, SPARK_ERROR, SPARK_ERROR_NOT_FOUND) && provider != NULL)
    {
      g_autofree char *sentence = g_strdup_printf (_ ("%s can’t turn speech into text: it has no transcription endpoint. Choose a service that has one, such as OpenAI, in Preferences → Model Services."),
                                                   spark_provider_get_name (provider));
      show_error (self, sentence);
      return;
    }
  if (error != NULL)
    {
      show_error (self, error->message);
      return;
    }

  g_strstrip (text);
  if (*text == '\0')
    {
      show_error (self, _ ("Nothing was heard in the recording. Check the microphone, or retry."));
      return;
    }

  g_clear_pointer (&self->recording, spark_recording_free);
  set_state (self, SPARK_VOICE_BAR_IDLE);
  g_signal_emit (self, signals[TRANSCRIBED], 0, text);
}

static void
key_cb (GObject      *source,
        GAsyncResult *res,
        gpointer      user_data)
{
  g_autoptr (SparkVoiceBar) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = spark_secrets_lookup_finish (SPARK_SECRETS (source), res, &error);
  SparkProvider   *provider = spark_provider_list_get_active (spark_context_get_providers (self->context));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (self->recording != NULL && self->state == SPARK_VOICE_BAR_TRANSCRIBING)
        show_error (self, _ ("Transcription stopped."));
      return;
    }
  if (provider == NULL)
    {
      show_error (self, _ ("No model service is set up. Add one in Preferences → Model Services."));
      return;
    }
  /* A keyring that can't be reached only matters if the service needs a key. */
  if (key == NULL && error != NULL && spark_provider_get_api_key_required (provider))
    {
      show_error (self, error->message);
      return;
    }
  spark_client_transcribe_async (spark_context_get_client (self->context), provider, key,
                                 self->recording->data, spark_recording_get_filename (self->recording),
                                 self->recording->content_type, self->cancellable,
                                 transcribed_cb, g_object_ref (self));
  if (key != NULL)
    memset (key, 0, strlen (key));
}

static void
transcribe (SparkVoiceBar *self)
{
  SparkProvider *provider = spark_provider_list_get_active (spark_context_get_providers (self->context));

  g_assert (self->recording != NULL);

  if (provider == NULL)
    {
      show_error (self, _ ("No model service is set up. Add one in Preferences → Model Services."));
      return;
    }
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_state (self, SPARK_VOICE_BAR_TRANSCRIBING);
  spark_secrets_lookup_async (spark_context_get_secrets (self->context), spark_provider_get_id (provider),
                              self->cancellable, key_cb, g_object_ref (self));
}

static void
stopped_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr (SparkVoiceBar) self = user_data;
  g_autoptr (GError) error = NULL;
  SparkRecording *recording = spark_recorder_stop_finish (SPARK_RECORDER (source), res, &error);

  /* Discarded meanwhile, or a newer recording took its place. */
  if (SPARK_RECORDER (source) != self->recorder)
    {
      g_clear_pointer (&recording, spark_recording_free);
      return;
    }
  drop_recorder (self);
  if (recording == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  self->recording = recording;
  transcribe (self);
}

static void stop_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param);

static void
recorder_state_cb (SparkVoiceBar *self)
{
  SparkRecorderState state = spark_recorder_get_state (self->recorder);

  /* Stopped by itself (the time limit), or failed while recording. */
  if (state == SPARK_RECORDER_FINISHING && self->state == SPARK_VOICE_BAR_RECORDING)
    {
      stop_action (GTK_WIDGET (self), "voice.stop", NULL);
    }
  else if (state == SPARK_RECORDER_FAILED && self->state == SPARK_VOICE_BAR_RECORDING)
    {
      const GError *error = spark_recorder_get_error (self->recorder);

      show_error (self, error ? error->message : _ ("The recording failed."));
      drop_recorder (self);
    }
}

void
spark_voice_bar_start (SparkVoiceBar *self,
                       SparkContext  *context)
{
  g_autofree char *source = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (SPARK_IS_VOICE_BAR (self));
  g_return_if_fail (SPARK_IS_CONTEXT (context));

  if (self->state == SPARK_VOICE_BAR_RECORDING || self->state == SPARK_VOICE_BAR_TRANSCRIBING)
    return;

  g_set_object (&self->context, context);
  g_clear_pointer (&self->recording, spark_recording_free);
  drop_recorder (self);

  source = g_settings_get_string (spark_context_get_settings (context), "audio-source");
  self->recorder = spark_recorder_new (source);
  spark_recorder_set_max_duration (self->recorder, self->max_duration);
  g_signal_connect_swapped (self->recorder, "notify::level", G_CALLBACK (level_cb), self);
  g_signal_connect_swapped (self->recorder, "notify::elapsed", G_CALLBACK (update_time), self);
  g_signal_connect_swapped (self->recorder, "notify::state", G_CALLBACK (recorder_state_cb), self);

  gtk_level_bar_set_value (self->level_bar, 0);
  update_time (self);
  if (!spark_recorder_start (self->recorder, &error))
    {
      drop_recorder (self);
      show_error (self, error->message);
      return;
    }
  set_state (self, SPARK_VOICE_BAR_RECORDING);
  gtk_widget_grab_focus (self->stop_button);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SparkVoiceBar *self = SPARK_VOICE_BAR (widget);

  if (self->state != SPARK_VOICE_BAR_RECORDING || self->recorder == NULL)
    return;
  /* "Transcribing…" at once: what's left is the encoder's last page. */
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_state (self, SPARK_VOICE_BAR_TRANSCRIBING);
  spark_recorder_stop_async (self->recorder, self->cancellable, stopped_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SparkVoiceBar *self = SPARK_VOICE_BAR (widget);

  if (self->state == SPARK_VOICE_BAR_RECORDING)
    {
      drop_recorder (self);
      set_state (self, SPARK_VOICE_BAR_IDLE);
    }
  else if (self->state == SPARK_VOICE_BAR_TRANSCRIBING)
    {
      /* Keeps the recording; while it was still finishing there is none. */
      if (self->recording != NULL)
        show_error (self, _ ("Transcription stopped."));
      else
        set_state (self, SPARK_VOICE_BAR_IDLE);
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      drop_recorder (self);
    }
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SparkVoiceBar *self = SPARK_VOICE_BAR (widget);

  if (self->state != SPARK_VOICE_BAR_FAILED)
    return;
  if (self->recording != NULL)
    transcribe (self);
  else if (self->context != NULL)
    spark_voice_bar_start (self, self->context);
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  SparkVoiceBar *self = SPARK_VOICE_BAR (widget);

  g_clear_pointer (&self->recording, spark_recording_free);
  drop_recorder (self);
  set_state (self, SPARK_VOICE_BAR_IDLE);
}

SparkVoiceBarState
spark_voice_bar_get_state (SparkVoiceBar *self)
{
  g_return_val_if_fail (SPARK_IS_VOICE_BAR (self), SPARK_VOICE_BAR_IDLE);
  return self->state;
}

guint
spark_voice_bar_get_max_duration (SparkVoiceBar *self)
{
  g_return_val_if_fail (SPARK_IS_VOICE_BAR (self), 0);
  return self->max_duration;
}

void
spark_voice_bar_set_max_duration (SparkVoiceBar *self,
                                  guint          milliseconds)
{
  g_return_if_fail (SPARK_IS_VOICE_BAR (self));

  if (self->max_duration == milliseconds)
    return;
  self->max_duration = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_DURATION]);
}

const char *
spark_voice_bar_get_error_text (SparkVoiceBar *self)
{
  g_return_val_if_fail (SPARK_IS_VOICE_BAR (self), NULL);
  return self->state == SPARK_VOICE_BAR_FAILED ? self->error_text : NULL;
}

gboolean
spark_voice_bar_has_recording (SparkVoiceBar *self)
{
  g_return_val_if_fail (SPARK_IS_VOICE_BAR (self), FALSE);
  return self->recording != NULL;
}

static void
spark_voice_bar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SparkVoiceBar *self = SPARK_VOICE_BAR (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MAX_DURATION:
      g_value_set_uint (value, self->max_duration);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_voice_bar_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_MAX_DURATION:
      spark_voice_bar_set_max_duration (SPARK_VOICE_BAR (object), g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_voice_bar_dispose (GObject *object)
{
  SparkVoiceBar *self = SPARK_VOICE_BAR (object);
  GtkWidget     *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_recorder (self);
  g_clear_pointer (&self->recording, spark_recording_free);
  g_clear_object (&self->context);

  gtk_widget_dispose_template (GTK_WIDGET (self), SPARK_TYPE_VOICE_BAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (spark_voice_bar_parent_class)->dispose (object);
}

static void
spark_voice_bar_finalize (GObject *object)
{
  g_free (SPARK_VOICE_BAR (object)->error_text);
  G_OBJECT_CLASS (spark_voice_bar_parent_class)->finalize (object);
}

static void
spark_voice_bar_class_init (SparkVoiceBarClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = spark_voice_bar_get_property;
  object_class->set_property = spark_voice_bar_set_property;
  object_class->dispose = spark_voice_bar_dispose;
  object_class->finalize = spark_voice_bar_finalize;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SPARK_TYPE_VOICE_BAR_STATE, SPARK_VOICE_BAR_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MAX_DURATION] =
    g_param_spec_uint ("max-duration", NULL, NULL, 0, G_MAXUINT, SPARK_RECORDER_DEFAULT_MAX_DURATION,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The words that were heard, for the composer to insert (editable). */
  signals[TRANSCRIBED] = g_signal_new ("transcribed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sparkdesk/Spark/ui/spark-voice-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, SparkVoiceBar, stack);
  gtk_widget_class_bind_template_child (widget_class, SparkVoiceBar, status_label);
  gtk_widget_class_bind_template_child (widget_class, SparkVoiceBar, level_bar);
  gtk_widget_class_bind_template_child (widget_class, SparkVoiceBar, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, SparkVoiceBar, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SparkVoiceBar, spinner);
  gtk_widget_class_bind_template_child (widget_class, SparkVoiceBar, error_label);
  gtk_widget_class_bind_template_child (widget_class, SparkVoiceBar, kept_label);
  gtk_widget_class_bind_template_child (widget_class, SparkVoiceBar, retry_button);

  gtk_widget_class_install_action (widget_class, "voice.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "voice.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "voice.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "voice.discard", NULL, discard_action);

  /* Enter stops (or retries: only one of the two is enabled at a time). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "voice.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "voice.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "voice.retry", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "voice.retry", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "voice.cancel", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "voicebar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
spark_voice_bar_init (SparkVoiceBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* One colour for the whole meter instead of the low/high/full steps,
   * which would paint quiet speech as a warning. */
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_FULL);

  self->max_duration = SPARK_RECORDER_DEFAULT_MAX_DURATION;
  set_state (self, SPARK_VOICE_BAR_IDLE);
}
