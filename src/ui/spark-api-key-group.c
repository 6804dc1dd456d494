/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The API key part of a service's editor. The key is read from the keyring
 * when the editor opens and only ever goes back there: the description and
 * the error row say what the keyring did, never what the key is. Work is
 * cancelled as soon as the group leaves its window.
 *
 * Saving compares the field with what the keyring holds: a new key is
 * stored, an emptied field clears it, an unchanged one is left alone. If
 * the keyring could not be read, an empty field says nothing and is left. */
#include "config.h"

#include <glib/gi18n.h>

#include "spark-api-key-group.h"

typedef enum
{
  KEY_IDLE,
  KEY_LOADING,
  KEY_LOADED,
  KEY_UNAVAILABLE,
} KeyState;

struct _SparkApiKeyGroup
{
  AdwPreferencesGroup parent_instance;

  SparkSecrets *secrets;
  GCancellable *cancellable;
  char         *provider_id;
  gboolean      key_required;
  char         *stored_key;  /* what the keyring holds */
  char         *pending_key; /* being written to the keyring */
  char         *saved_name;  /* for the toast once the keyring is done */
  KeyState      state;
  gboolean      edited;
  gboolean      filling;

  /* template children */
  AdwEntryRow  *key_row;
  AdwActionRow *error_row;
};

G_DEFINE_FINAL_TYPE (SparkApiKeyGroup, spark_api_key_group, ADW_TYPE_PREFERENCES_GROUP)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Keys are wiped before their memory goes back to the allocator. */
static void
wipe_and_free (char *key)
{
  if (key == NULL)
    return;
  memset (key, 0, strlen (key));
  g_free (key);
}

static void
add_toast (SparkApiKeyGroup *self,
           const char       *message)
{
  GtkRoot         *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  /* A toast title is markup; names and error sentences are not. */
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (escaped));
}

static void
set_text (SparkApiKeyGroup *self,
          const char       *text)
{
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), text != NULL ? text : "");
  self->filling = FALSE;
}

static void
sync_description (SparkApiKeyGroup *self)
{
  const char *description = NULL;

  if (self->state == KEY_LOADING)
    description = _ ("Looking in the keyring…");
  else if (self->state == KEY_LOADED && self->stored_key != NULL)
    description = _ ("Stored in the keyring");
  else if (self->state == KEY_LOADED && self->key_required)
    description = _ ("This service needs a key. Spark keeps it in the keyring.");
  else if (self->state == KEY_LOADED)
    description = _ ("Optional. Spark keeps it in the keyring.");
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), description);
}

static void
show_error (SparkApiKeyGroup *self,
            const GError     *error)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->error_row), error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), TRUE);
}

static void
key_changed_cb (SparkApiKeyGroup *self)
{
  if (self->filling)
    return;
  self->edited = TRUE;
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
entry_activated_cb (SparkApiKeyGroup *self)
{
  /* The editor around the group saves. */
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (SparkApiKeyGroup) self = user_data;
  g_autoptr (GError) error = NULL;
  char *key = spark_secrets_lookup_finish (SPARK_SECRETS (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      self->state = KEY_UNAVAILABLE;
      show_error (self, error);
    }
  else
    {
      self->state = KEY_LOADED;
      wipe_and_free (self->stored_key);
      self->stored_key = key;
      /* What the person typed meanwhile wins over what was stored. */
      if (!self->edited)
        set_text (self, key);
    }
  sync_description (self);
}

/* One callback for storing and clearing: a cleared key is a NULL pending one. */
static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (SparkApiKeyGroup) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean         cleared = g_async_result_is_tagged (result, spark_secrets_clear_async);
  gboolean         ok;

  if (cleared)
    ok = spark_secrets_clear_finish (SPARK_SECRETS (source), result, &error);
  else
    ok = spark_secrets_store_finish (SPARK_SECRETS (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!ok)
    {
      g_clear_pointer (&self->pending_key, wipe_and_free);
      show_error (self, error);
      add_toast (self, error->message);
      return;
    }

  wipe_and_free (self->stored_key);
  self->stored_key = g_steal_pointer (&self->pending_key);
  self->state = KEY_LOADED;
  /* Typed again while the keyring worked: that is a new change. */
  self->edited = g_strcmp0 (self->stored_key != NULL ? self->stored_key : "",
                            gtk_editable_get_text (GTK_EDITABLE (self->key_row)))
                 != 0;
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), FALSE);
  sync_description (self);

  if (cleared)
    message = g_strdup_printf (_ ("Saved “%s” and removed its API key"), self->saved_name);
  else
    message = g_strdup_printf (_ ("Saved “%s”"), self->saved_name);
  add_toast (self, message);
}

/**
 * spark_api_key_group_load:
 *
 * Starts reading the key of @provider from the keyring into the field.
 */
void
spark_api_key_group_load (SparkApiKeyGroup *self,
                          SparkSecrets     *secrets,
                          SparkProvider    *provider)
{
  g_return_if_fail (SPARK_IS_API_KEY_GROUP (self));
  g_return_if_fail (SPARK_IS_SECRETS (secrets));
  g_return_if_fail (SPARK_IS_PROVIDER (provider));
  g_return_if_fail (self->secrets == NULL);

  self->secrets = g_object_ref (secrets);
  self->provider_id = g_strdup (spark_provider_get_id (provider));
  self->key_required = spark_provider_get_api_key_required (provider);
  self->state = KEY_LOADING;
  sync_description (self);
  spark_secrets_lookup_async (secrets, self->provider_id, self->cancellable, lookup_cb, g_object_ref (self));
}

/**
 * spark_api_key_group_save:
 * @provider: the saved provider (same id as loaded), named in the keyring
 *
 * Stores or clears the key if the field differs from the keyring. When
 * done it shows a toast, or the keyring's error in the group.
 *
 * Returns: whether keyring work was started
 */
gboolean
spark_api_key_group_save (SparkApiKeyGroup *self,
                          SparkProvider    *provider)
{
  const char *typed;

  g_return_val_if_fail (SPARK_IS_API_KEY_GROUP (self), FALSE);
  g_return_val_if_fail (SPARK_IS_PROVIDER (provider), FALSE);
  g_return_val_if_fail (g_strcmp0 (self->provider_id, spark_provider_get_id (provider)) == 0, FALSE);

  typed = gtk_editable_get_text (GTK_EDITABLE (self->key_row));
  if (self->state == KEY_LOADED)
    {
      if (g_strcmp0 (typed, self->stored_key != NULL ? self->stored_key : "") == 0)
        return FALSE;
    }
  else if (!self->edited || *typed == '\0')
    {
      /* The keyring was not read: an empty field says nothing about it. */
      return FALSE;
    }

  g_free (self->saved_name);
  self->saved_name = g_strdup (spark_provider_get_name (provider));
  g_clear_pointer (&self->pending_key, wipe_and_free);

  if (*typed == '\0')
    {
      spark_secrets_clear_async (self->secrets, self->provider_id, self->cancellable, saved_cb, g_object_ref (self));
      return TRUE;
    }
  self->pending_key = g_strdup (typed);
  spark_secrets_store_async (self->secrets, self->provider_id, self->saved_name, typed,
                             self->cancellable, saved_cb, g_object_ref (self));
  return TRUE;
}

/**
 * spark_api_key_group_get_text:
 *
 * Returns: the key as typed (for a connection test), "" when empty
 */
const char *
spark_api_key_group_get_text (SparkApiKeyGroup *self)
{
  g_return_val_if_fail (SPARK_IS_API_KEY_GROUP (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->key_row));
}

/* Pending callbacks hold a reference, so dispose alone would come too
 * late to stop keyring work when the editor closes. */
static void
spark_api_key_group_unroot (GtkWidget *widget)
{
  g_cancellable_cancel (SPARK_API_KEY_GROUP (widget)->cancellable);
  GTK_WIDGET_CLASS (spark_api_key_group_parent_class)->unroot (widget);
}

static void
spark_api_key_group_dispose (GObject *object)
{
  SparkApiKeyGroup *self = SPARK_API_KEY_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPARK_TYPE_API_KEY_GROUP);
  g_clear_object (&self->secrets);

  G_OBJECT_CLASS (spark_api_key_group_parent_class)->dispose (object);
}

static void
spark_api_key_group_finalize (GObject *object)
{
  SparkApiKeyGroup *self = SPARK_API_KEY_GROUP (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->stored_key, wipe_and_free);
  g_clear_pointer (&self->pending_key, wipe_and_free);
  g_free (self->provider_id);
  g_free (self->saved_name);

  G_OBJECT_CLASS (spark_api_key_group_parent_class)->finalize (object);
}

static void
spark_api_key_group_class_init (SparkApiKeyGroupClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spark_api_key_group_dispose;
  object_class->finalize = spark_api_key_group_finalize;
  widget_class->unroot = spark_api_key_group_unroot;

  /* The person typed in the field (not emitted while loading it). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sparkdesk/Spark/ui/spark-api-key-group.ui");
  gtk_widget_class_bind_template_child (widget_class, SparkApiKeyGroup, key_row);
  gtk_widget_class_bind_template_child (widget_class, SparkApiKeyGroup, error_row);
  gtk_widget_class_bind_template_callback (widget_class, key_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
}

static void
spark_api_key_group_init (SparkApiKeyGroup *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
