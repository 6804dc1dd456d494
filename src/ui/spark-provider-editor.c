/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The editor of one model service (a Preferences subpage).
 *
 * Fields are edited on a scratch copy: the address is checked and the
 * connection tested exactly as typed, and nothing reaches the list (and
 * GSettings) until Save, which swaps the copy in with the same id.
 *
 * The API key is handled by SparkApiKeyGroup and only ever goes to the
 * keyring. Network work is cancelled as soon as the editor leaves the
 * window. */
#include "config.h"

#include <glib/gi18n.h>

#include "spark-api-key-group.h"
#include "spark-provider-editor.h"

/* How many model names the connection test lists before "…". */
#define MAX_LISTED_MODELS 3

struct _SparkProviderEditor
{
  AdwBin parent_instance;

  SparkContext  *context;
  SparkProvider *provider; /* the one in the list; replaced on Save */
  GCancellable  *test_cancellable;
  gboolean       filling;

  /* template children */
  AdwWindowTitle   *window_title;
  GtkWidget        *save_button;
  AdwEntryRow      *name_row;
  AdwEntryRow      *url_row;
  AdwActionRow     *url_error_row;
  GtkWidget        *insecure_row;
  SparkApiKeyGroup *key_group;
  AdwEntryRow      *default_model_row;
  AdwEntryRow      *transcription_model_row;
  AdwActionRow     *test_row;
  GtkSpinner       *test_spinner;
  GtkWidget        *test_button;
  GtkWidget        *use_button;
  GtkWidget        *remove_button;
};

G_DEFINE_FINAL_TYPE (SparkProviderEditor, spark_provider_editor, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_PROVIDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static SparkProviderList *
get_providers (SparkProviderEditor *self)
{
  return spark_context_get_providers (self->context);
}

static void
add_toast (SparkProviderEditor *self,
           const char          *message)
{
  GtkRoot         *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  /* A toast title is markup; service names and error sentences are not. */
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (escaped));
}

static void
cancel_test (SparkProviderEditor *self)
{
  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
}

/* A copy of the provider with the fields as typed, not yet in the list. */
static SparkProvider *
dup_scratch (SparkProviderEditor *self)
{
  g_autoptr (GVariant) dict = g_variant_ref_sink (spark_provider_to_variant (self->provider));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *model = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->default_model_row))));
  g_autofree char *transcription = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->transcription_model_row))));
  SparkProvider   *scratch = spark_provider_new_from_variant (dict, NULL);

  spark_provider_set_name (scratch, name);
  spark_provider_set_base_url (scratch, gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
  spark_provider_set_default_model (scratch, model);
  spark_provider_set_transcription_model (scratch, transcription);
  return scratch;
}

static void
set_editable_text (SparkProviderEditor *self,
                   AdwEntryRow         *row,
                   const char          *text)
{
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  self->filling = FALSE;
}

static void
fill_fields (SparkProviderEditor *self)
{
  set_editable_text (self, self->name_row, spark_provider_get_name (self->provider));
  set_editable_text (self, self->url_row, spark_provider_get_base_url (self->provider));
  set_editable_text (self, self->default_model_row, spark_provider_get_default_model (self->provider));
  set_editable_text (self, self->transcription_model_row, spark_provider_get_transcription_model (self->provider));
}

static void
sync_fields (SparkProviderEditor *self)
{
  g_autoptr (SparkProvider) scratch = dup_scratch (self);
  g_autoptr (GError) error = NULL;
  gboolean has_name = *spark_provider_get_name (scratch) != '\0';
  gboolean valid_url = spark_provider_validate (scratch, &error);

  adw_window_title_set_title (self->window_title, has_name ? spark_provider_get_name (scratch) : _ ("Unnamed Service"));

  if (has_name)
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");

  if (valid_url)
    gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_error_row), error->message);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->url_error_row), !valid_url);
  gtk_widget_set_visible (self->insecure_row, valid_url && spark_provider_is_insecure_remote (scratch));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", valid_url && has_name);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test",
                                 valid_url && self->test_cancellable == NULL);
}

static void
reset_test (SparkProviderEditor *self)
{
  cancel_test (self);

  gtk_spinner_stop (self->test_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  adw_action_row_set_icon_name (self->test_row, "network-transmit-receive-symbolic");
  adw_action_row_set_subtitle (self->test_row, _ ("Ask the service which models it offers, with the address and key above"));
}

static void
fields_changed_cb (SparkProviderEditor *self)
{
  if (self->filling)
    return;
  /* A result for another address would be misleading. */
  reset_test (self);
  sync_fields (self);
}

static void
key_changed_cb (SparkProviderEditor *self)
{
  reset_test (self);
  sync_fields (self);
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  SparkProviderEditor *self = SPARK_PROVIDER_EDITOR (widget);
  g_autoptr (SparkProvider) scratch = dup_scratch (self);

  if (!spark_provider_validate (scratch, NULL) || *spark_provider_get_name (scratch) == '\0')
    return;

  if (!spark_provider_list_replace (get_providers (self), scratch))
    {
      add_toast (self, _ ("This service was removed meanwhile; it can’t be saved."));
      return;
    }
  g_set_object (&self->provider, scratch);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);

  if (!spark_api_key_group_save (self->key_group, self->provider))
    {
      g_autofree char *message = g_strdup_printf (_ ("Saved “%s”"), spark_provider_get_name (self->provider));
      add_toast (self, message);
    }
}

static void
entry_activated_cb (SparkProviderEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

static char *
describe_models (const char *const *models)
{
  guint n = models != NULL ? g_strv_length ((char **) models) : 0;
  g_autoptr (GString) names = g_string_new (NULL);

  if (n == 0)
    return g_strdup (_ ("Connected, but the service has no models yet."));

  for (guint i = 0; i < n && i < MAX_LISTED_MODELS; i++)
    {
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, models[i]);
    }
  if (n > MAX_LISTED_MODELS)
    g_string_append (names, "…");

  return g_strdup_printf (ngettext ("Found %u model: %s", "Found %u models: %s", n), n, names->str);
}

static void
models_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (SparkProviderEditor) self = user_data;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) models = spark_client_list_models_finish (SPARK_CLIENT (source), result, &error);
  g_autofree char *description = NULL;

  /* Cancelled: the editor is gone, or the fields changed and reset the row. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->test_cancellable);
  gtk_spinner_stop (self->test_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  sync_fields (self);

  if (error != NULL)
    {
      adw_action_row_set_icon_name (self->test_row, "dialog-error-symbolic");
      adw_action_row_set_subtitle (self->test_row, error->message);
      return;
    }
  description = describe_models ((const char *const *) models);
  adw_action_row_set_icon_name (self->test_row, "emblem-ok-symbolic");
  adw_action_row_set_subtitle (self->test_row, description);
}

static void
test_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  SparkProviderEditor *self = SPARK_PROVIDER_EDITOR (widget);
  g_autoptr (SparkProvider) scratch = dup_scratch (self);
  const char *key = spark_api_key_group_get_text (self->key_group);

  if (!spark_provider_validate (scratch, NULL))
    return;

  reset_test (self);
  self->test_cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), TRUE);
  gtk_spinner_start (self->test_spinner);
  adw_action_row_set_subtitle (self->test_row, _ ("Connecting…"));
  sync_fields (self);

  spark_client_list_models_async (spark_context_get_client (self->context), scratch,
                                  *key != '\0' ? key : NULL, self->test_cancellable,
                                  models_cb, g_object_ref (self));
}

static SparkProvider *
provider_in_list (SparkProviderEditor *self)
{
  return spark_provider_list_lookup (get_providers (self), spark_provider_get_id (self->provider));
}

static void
sync_active (SparkProviderEditor *self)
{
  SparkProvider *listed = provider_in_list (self);

  gtk_widget_set_visible (self->use_button,
                          listed != NULL && listed != spark_provider_list_get_active (get_providers (self)));
}

static void
use_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SparkProviderEditor *self = SPARK_PROVIDER_EDITOR (widget);
  SparkProvider       *listed = provider_in_list (self);
  g_autofree char     *message = NULL;

  if (listed == NULL)
    return;
  spark_provider_list_set_active (get_providers (self), listed);
  message = g_strdup_printf (_ ("New messages go to “%s”"), spark_provider_get_name (listed));
  add_toast (self, message);
}

static void
removed_key_cleared_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  /* Without a keyring there was no key to leave behind either. */
  if (!spark_secrets_clear_finish (SPARK_SECRETS (source), result, &error))
    g_message ("Could not remove the API key of a removed model service: %s", error->message);
}

static void
remove_response_cb (SparkProviderEditor *self,
                    const char          *response)
{
  g_autofree char *id = NULL;
  g_autofree char *message = NULL;
  GtkRoot         *root;

  if (!g_str_equal (response, "remove"))
    return;

  id = g_strdup (spark_provider_get_id (self->provider));
  message = g_strdup_printf (_ ("Removed “%s”"), spark_provider_get_name (self->provider));
  cancel_test (self);
  spark_provider_list_remove (get_providers (self), id);

  /* Not tied to the editor, which is about to go: a key left behind in
   * the keyring would be picked up by a later service with the same id. */
  spark_secrets_clear_async (spark_context_get_secrets (self->context), id, NULL,
                             removed_key_cleared_cb, NULL);

  add_toast (self, message);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (root));
}

static void
remove_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  SparkProviderEditor *self = SPARK_PROVIDER_EDITOR (widget);
  GtkRoot             *root = gtk_widget_get_root (widget);
  GtkWidget           *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _ ("Remove “%s”?"),
                                     spark_provider_get_name (self->provider));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _ ("Spark forgets this service and removes its API key from the keyring. Your conversations stay."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _ ("_Cancel"),
                                    "remove", _ ("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (root));
}

SparkProviderEditor *
spark_provider_editor_new (SparkContext  *context,
                           SparkProvider *provider)
{
  g_return_val_if_fail (SPARK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (SPARK_IS_PROVIDER (provider), NULL);

  return g_object_new (SPARK_TYPE_PROVIDER_EDITOR, "context", context, "provider", provider, NULL);
}

/**
 * spark_provider_editor_get_provider:
 *
 * Returns: (transfer none): the provider being edited; after Save, the
 *   saved copy that is now in the list
 */
SparkProvider *
spark_provider_editor_get_provider (SparkProviderEditor *self)
{
  g_return_val_if_fail (SPARK_IS_PROVIDER_EDITOR (self), NULL);
  return self->provider;
}

static void
spark_provider_editor_constructed (GObject *object)
{
  SparkProviderEditor *self = SPARK_PROVIDER_EDITOR (object);

  G_OBJECT_CLASS (spark_provider_editor_parent_class)->constructed (object);

  g_assert (SPARK_IS_CONTEXT (self->context));
  g_assert (SPARK_IS_PROVIDER (self->provider));

  fill_fields (self);
  reset_test (self);
  sync_fields (self);
  sync_active (self);
  g_signal_connect_object (get_providers (self), "notify::active", G_CALLBACK (sync_active), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (get_providers (self), "items-changed", G_CALLBACK (sync_active), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  spark_api_key_group_load (self->key_group, spark_context_get_secrets (self->context), self->provider);
}

/* Leaving the window (the subpage closes, or the window goes) ends all
 * work at once; pending callbacks hold a reference, so dispose alone
 * would come too late. */
static void
spark_provider_editor_unroot (GtkWidget *widget)
{
  cancel_test (SPARK_PROVIDER_EDITOR (widget));
  GTK_WIDGET_CLASS (spark_provider_editor_parent_class)->unroot (widget);
}

static void
spark_provider_editor_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SparkProviderEditor *self = SPARK_PROVIDER_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_provider_editor_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SparkProviderEditor *self = SPARK_PROVIDER_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_PROVIDER:
      self->provider = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_provider_editor_dispose (GObject *object)
{
  SparkProviderEditor *self = SPARK_PROVIDER_EDITOR (object);

  cancel_test (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPARK_TYPE_PROVIDER_EDITOR);
  g_clear_object (&self->provider);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spark_provider_editor_parent_class)->dispose (object);
}

static void
spark_provider_editor_class_init (SparkProviderEditorClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = spark_provider_editor_constructed;
  object_class->get_property = spark_provider_editor_get_property;
  object_class->set_property = spark_provider_editor_set_property;
  object_class->dispose = spark_provider_editor_dispose;
  widget_class->unroot = spark_provider_editor_unroot;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SPARK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL, SPARK_TYPE_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "editor.test", NULL, test_activated);
  gtk_widget_class_install_action (widget_class, "editor.use", NULL, use_activated);
  gtk_widget_class_install_action (widget_class, "editor.remove", NULL, remove_activated);
  gtk_widget_class_install_action (widget_class, "editor.back", NULL, back_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);

  g_type_ensure (SPARK_TYPE_API_KEY_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sparkdesk/Spark/ui/spark-provider-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SparkProviderEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, SparkProviderEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, SparkProviderEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, SparkProviderEditor, url_row);
  gtk_widget_class_bind_template_child (widget_class, SparkProviderEditor, url_error_row);
  gtk_widget_class_bind_template_child (widget_class, SparkProviderEditor, insecure_row);
  gtk_widget_class_bind_template_child (widget_class, SparkProviderEditor, key_group);
  gtk_widget_class_bind_template_child (widget_class, SparkProviderEditor, default_model_row);
  gtk_widget_class_bind_template_child (widget_class, SparkProviderEditor, transcription_model_row);
  gtk_widget_class_bind_template_child (widget_class, SparkProviderEditor, test_row);
  gtk_widget_class_bind_template_child (widget_class, SparkProviderEditor, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, SparkProviderEditor, test_button);
  gtk_widget_class_bind_template_child (widget_class, SparkProviderEditor, use_button);
  gtk_widget_class_bind_template_child (widget_class, SparkProviderEditor, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
}

static void
spark_provider_editor_init (SparkProviderEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
