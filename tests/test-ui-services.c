/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences → Model Services against the fake service: the list shows
 * the configured service and marks the active one; a preset adds a row and
 * opens its editor; the editor tests the connection as typed (models, or
 * the "can't reach" sentence), warns about unencrypted remote addresses,
 * refuses invalid ones, saves (never putting the key in GSettings), makes
 * a service the active one, and removes one after asking; an empty list
 * invites to add a service.
 *
 * Run under tests/run-with-keyring.sh (SPARK_TEST_KEYRING_DIR set), the
 * key must really land in the keyring and go again when cleared; on a bare
 * session bus the editor may instead report that the keyring can't be
 * reached, and everything else must keep working. */
#include "config.h"

#include "spark-api-key-group.h"
#include "spark-context.h"
#include "spark-preferences-window.h"
#include "spark-provider-editor.h"
#include "spark-services-page.h"
#include "spark-test-util.h"
#include "spark-ui-test.h"

#define TIMEOUT_MS 15000
#define child spark_ui_test_child
#define SECRET_KEY "sk-spark-test-7f3a9c1e5b"

static SparkApplication       *app;
static SparkFakeService       *service;
static SparkPreferencesWindow *prefs;

static SparkContext *
context (void)
{
  return spark_application_get_context (app);
}

static SparkProviderList *
providers (void)
{
  return spark_context_get_providers (context ());
}

static guint
n_providers (void)
{
  return g_list_model_get_n_items (G_LIST_MODEL (providers ()));
}

static SparkServicesPage *
page (void)
{
  return SPARK_SERVICES_PAGE (child (prefs, SPARK_TYPE_PREFERENCES_WINDOW, "services_page"));
}

static GtkListBox *
list_box (void)
{
  return GTK_LIST_BOX (child (page (), SPARK_TYPE_SERVICES_PAGE, "list_box"));
}

static guint
n_rows (void)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list_box (), n) != NULL)
    n++;
  return n;
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
widget_unrooted (gpointer data)
{
  return gtk_widget_get_root (GTK_WIDGET (data)) == NULL;
}

static GtkWidget *
find_label_with_text (GtkWidget  *root,
                      const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label_with_text (c, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
row_marked_active (guint index)
{
  GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (list_box (), index));
  GtkWidget *label = find_label_with_text (row, "Active");

  g_assert_nonnull (label);
  return gtk_widget_is_visible (label);
}

static SparkProviderEditor *
open_editor (SparkProvider *provider)
{
  SparkProviderEditor *editor = spark_services_page_open_editor (page (), provider);

  g_assert_true (spark_test_wait_until (widget_mapped, editor, TIMEOUT_MS));
  return editor;
}

static void
close_editor (SparkProviderEditor *editor)
{
  g_object_ref (editor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.back", NULL));
  g_assert_true (spark_test_wait_until (widget_unrooted, editor, TIMEOUT_MS));
  g_object_unref (editor);
}

#define editor_child(editor, name) child ((editor), SPARK_TYPE_PROVIDER_EDITOR, (name))
#define key_child(editor, name) child (editor_child ((editor), "key_group"), SPARK_TYPE_API_KEY_GROUP, (name))

static void
type_into (SparkProviderEditor *editor,
           const char          *row,
           const char          *text)
{
  GObject *editable = g_str_equal (row, "key_row") ? key_child (editor, row) : editor_child (editor, row);

  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static const char *
test_result (SparkProviderEditor *editor)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (editor_child (editor, "test_row")));
}

static SparkProvider *
test_service (void)
{
  SparkProvider *provider = g_list_model_get_item (G_LIST_MODEL (providers ()), 0);

  g_object_unref (provider); /* the list keeps it */
  g_assert_cmpstr (spark_provider_get_name (provider), ==, "Test Service");
  return provider;
}

static void
test_lists_configured (void)
{
  GtkListBoxRow *row;

  g_assert_true (spark_test_wait_until (widget_mapped, list_box (), TIMEOUT_MS));
  g_assert_cmpuint (n_rows (), ==, 1);
  row = gtk_list_box_get_row_at_index (list_box (), 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Test Service");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, spark_fake_service_get_base_url (service));
  g_assert_true (row_marked_active (0));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (page (), SPARK_TYPE_SERVICES_PAGE, "empty_group"))));
}

/* Recursive search for a mapped editor anywhere in the window. */
static SparkProviderEditor *
find_editor (GtkWidget *root)
{
  if (SPARK_IS_PROVIDER_EDITOR (root) && gtk_widget_get_mapped (root))
    return SPARK_PROVIDER_EDITOR (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      SparkProviderEditor *found = find_editor (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
editor_shown (gpointer data)
{
  SparkProviderEditor **out = data;

  *out = find_editor (GTK_WIDGET (prefs));
  return *out != NULL;
}

static void
test_add_preset (void)
{
  SparkProviderEditor *editor = NULL;
  GtkListBoxRow       *row;
  SparkProvider       *added;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page ()), "services.add", "s", "openai"));
  g_assert_cmpuint (n_providers (), ==, 2);
  g_assert_cmpuint (n_rows (), ==, 2);
  row = gtk_list_box_get_row_at_index (list_box (), 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "OpenAI");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "https://api.openai.com/v1");
  g_assert_false (row_marked_active (1));

  /* Its editor opens, filled from the preset. */
  g_assert_true (spark_test_wait_until (editor_shown, &editor, TIMEOUT_MS));
  added = spark_provider_editor_get_provider (editor);
  g_assert_cmpstr (spark_provider_get_id (added), ==, "openai");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor_child (editor, "name_row"))), ==, "OpenAI");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor_child (editor, "url_row"))), ==, "https://api.openai.com/v1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor_child (editor, "default_model_row"))), ==, "gpt-4o-mini");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor_child (editor, "use_button"))));
  close_editor (editor);

  /* A second one of the same preset gets its own id. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page ()), "services.add", "s", "openai"));
  g_assert_true (spark_test_wait_until (editor_shown, &editor, TIMEOUT_MS));
  g_assert_cmpstr (spark_provider_get_id (spark_provider_editor_get_provider (editor)), ==, "openai-2");
  close_editor (editor);
  g_assert_cmpuint (n_rows (), ==, 3);
}

static gboolean
test_finished (gpointer data)
{
  SparkProviderEditor *editor = data;

  return !gtk_widget_get_visible (GTK_WIDGET (editor_child (editor, "test_spinner")))
         && gtk_widget_is_sensitive (GTK_WIDGET (editor_child (editor, "test_button")));
}

static void
test_connection (void)
{
  SparkProviderEditor *editor;
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkFakeService) gone = spark_fake_service_new (&error);
  g_autofree char *dead_url = NULL;
  g_autofree char *expected = NULL;
  GtkListBoxRow   *row;

  g_assert_no_error (error);
  dead_url = g_strdup (spark_fake_service_get_base_url (gone));
  g_clear_object (&gone); /* nothing listens there any more */

  /* Opened the way a person does: activating the row. */
  row = gtk_list_box_get_row_at_index (list_box (), 0);
  gtk_widget_activate (GTK_WIDGET (row));
  g_assert_true (spark_test_wait_until (editor_shown, &editor, TIMEOUT_MS));
  g_assert_true (spark_provider_editor_get_provider (editor) == test_service ());

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.test", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor_child (editor, "test_spinner"))));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (editor_child (editor, "test_button"))));
  g_assert_true (spark_test_wait_until (test_finished, editor, TIMEOUT_MS));
  g_assert_cmpstr (test_result (editor), ==, "Found 2 models: fake-chat, fake-vision");

  /* The address as typed, not as saved. */
  type_into (editor, "url_row", dead_url);
  g_assert_cmpstr (test_result (editor), !=, "Found 2 models: fake-chat, fake-vision");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.test", NULL));
  g_assert_true (spark_test_wait_until (test_finished, editor, TIMEOUT_MS));
  expected = g_strdup_printf ("Can’t reach Test Service at %s — is it running?", dead_url);
  g_assert_cmpstr (test_result (editor), ==, expected);

  /* Nothing was saved by testing. */
  g_assert_cmpstr (spark_provider_get_base_url (test_service ()), ==, spark_fake_service_get_base_url (service));

  /* Closing the editor while a test runs cancels it. */
  type_into (editor, "url_row", spark_fake_service_get_base_url (service));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.test", NULL));
  close_editor (editor);
}

static void
test_insecure_and_invalid (void)
{
  SparkProviderEditor *editor = open_editor (test_service ());
  GtkWidget           *insecure = GTK_WIDGET (editor_child (editor, "insecure_row"));
  GtkWidget           *invalid = GTK_WIDGET (editor_child (editor, "url_error_row"));
  GtkWidget           *save = GTK_WIDGET (editor_child (editor, "save_button"));
  GtkWidget           *test = GTK_WIDGET (editor_child (editor, "test_button"));

  g_assert_false (gtk_widget_get_visible (insecure));
  g_assert_true (gtk_widget_is_sensitive (save));

  type_into (editor, "url_row", "http://192.168.1.20:11434/v1");
  g_assert_true (gtk_widget_get_visible (insecure));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (insecure)), ==,
                   "Unencrypted connection — anyone on the network can read your messages and key");
  g_assert_true (gtk_widget_is_sensitive (save));

  type_into (editor, "url_row", "https://192.168.1.20:11434/v1");
  g_assert_false (gtk_widget_get_visible (insecure));
  type_into (editor, "url_row", "http://localhost:11434/v1");
  g_assert_false (gtk_widget_get_visible (insecure));

  /* Not an address: said why, and neither Save nor Test. */
  type_into (editor, "url_row", "ftp://example.com/v1");
  g_assert_true (gtk_widget_get_visible (invalid));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (invalid)), ==,
                   "The address “ftp://example.com/v1” must start with http:// or https://.");
  g_assert_false (gtk_widget_is_sensitive (save));
  g_assert_false (gtk_widget_is_sensitive (test));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  g_assert_cmpstr (spark_provider_get_base_url (test_service ()), ==, spark_fake_service_get_base_url (service));

  type_into (editor, "url_row", "");
  g_assert_true (gtk_widget_get_visible (invalid));
  g_assert_false (gtk_widget_is_sensitive (save));

  /* A name is needed too. */
  type_into (editor, "url_row", spark_fake_service_get_base_url (service));
  g_assert_false (gtk_widget_get_visible (invalid));
  g_assert_true (gtk_widget_is_sensitive (save));
  type_into (editor, "name_row", "  ");
  g_assert_false (gtk_widget_is_sensitive (save));

  /* Nothing typed here was saved. */
  close_editor (editor);
  g_assert_cmpstr (spark_provider_get_name (test_service ()), ==, "Test Service");
  g_assert_cmpstr (spark_provider_get_base_url (test_service ()), ==, spark_fake_service_get_base_url (service));
}

typedef struct
{
  gboolean done;
  char    *key;
  GError  *error;
} Lookup;

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Lookup *lookup = user_data;

  lookup->key = spark_secrets_lookup_finish (SPARK_SECRETS (source), result, &lookup->error);
  lookup->done = TRUE;
}

static char *
keyring_key (const char *id)
{
  Lookup lookup = { FALSE, NULL, NULL };

  spark_secrets_lookup_async (spark_context_get_secrets (context ()), id, NULL, lookup_cb, &lookup);
  spark_test_wait_for_flag (&lookup.done, TIMEOUT_MS);
  g_assert_no_error (lookup.error);
  return lookup.key;
}

/* Done storing: "Stored in the keyring", or the keyring's sentence shown. */
static gboolean
key_outcome_shown (gpointer data)
{
  SparkProviderEditor *editor = data;
  GtkWidget           *error_row = GTK_WIDGET (key_child (editor, "error_row"));
  const char          *description = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (editor_child (editor, "key_group")));

  return gtk_widget_get_visible (error_row) || g_strcmp0 (description, "Stored in the keyring") == 0;
}

static gboolean
key_cleared_shown (gpointer data)
{
  SparkProviderEditor *editor = data;
  const char          *description = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (editor_child (editor, "key_group")));

  return description != NULL && g_str_has_prefix (description, "Optional");
}

static gboolean
key_loaded (gpointer data)
{
  SparkProviderEditor *editor = data;
  const char          *description = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (editor_child (editor, "key_group")));

  return g_strcmp0 (description, "Looking in the keyring…") != 0;
}

static void
assert_no_key_in_settings (void)
{
  GSettings *settings = spark_context_get_settings (context ());
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr (GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_assert_null (strstr (printed, SECRET_KEY));
      g_assert_null (strstr (printed, "sk-spark-test"));
    }
}

static void
test_save (void)
{
  SparkProviderEditor *editor = open_editor (test_service ());
  GtkWidget           *key_error = GTK_WIDGET (key_child (editor, "error_row"));
  gboolean             real_keyring = g_getenv ("SPARK_TEST_KEYRING_DIR") != NULL;
  SparkProvider       *saved;
  g_autofree char     *stored = NULL;
  g_autofree char     *id = NULL;

  g_assert_true (spark_test_wait_until (key_loaded, editor, TIMEOUT_MS));
  type_into (editor, "name_row", "Renamed Service");
  type_into (editor, "default_model_row", "fake-vision");
  type_into (editor, "key_row", SECRET_KEY);
  /* Not saved yet. */
  g_assert_cmpstr (spark_provider_get_name (test_service ()), ==, "Test Service");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  saved = spark_provider_list_lookup (providers (), spark_provider_get_id (spark_provider_editor_get_provider (editor)));
  g_assert_true (saved == spark_provider_editor_get_provider (editor));
  g_assert_cmpstr (spark_provider_get_name (saved), ==, "Renamed Service");
  g_assert_cmpstr (spark_provider_get_default_model (saved), ==, "fake-vision");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (list_box (), 0))), ==,
                   "Renamed Service");
  /* Still the active one, under the same id. */
  g_assert_true (spark_provider_list_get_active (providers ()) == saved);
  id = g_strdup (spark_provider_get_id (saved));

  g_assert_true (spark_test_wait_until (key_outcome_shown, editor, TIMEOUT_MS));
  assert_no_key_in_settings ();
  if (gtk_widget_get_visible (key_error))
    {
      const char *sentence = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (key_error));

      g_test_message ("no usable keyring here: %s", sentence);
      g_assert_false (real_keyring);
      g_assert_true (g_str_has_prefix (sentence, "Spark can't reach the system keyring"));
      g_assert_null (strstr (sentence, SECRET_KEY));
    }
  else
    {
      stored = keyring_key (id);
      g_assert_cmpstr (stored, ==, SECRET_KEY);

      /* A new editor finds it, without showing it anywhere but the field. */
      close_editor (editor);
      editor = open_editor (saved);
      g_assert_true (spark_test_wait_until (key_outcome_shown, editor, TIMEOUT_MS));
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_child (editor, "key_row"))), ==, SECRET_KEY);

      /* Clearing the field and saving removes it from the keyring. */
      type_into (editor, "key_row", "");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
      g_assert_true (spark_test_wait_until (key_cleared_shown, editor, TIMEOUT_MS));
      g_clear_pointer (&stored, g_free);
      stored = keyring_key (id);
      g_assert_null (stored);
    }

  /* Back to the name the other tests expect. */
  type_into (editor, "name_row", "Test Service");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  close_editor (editor);
  g_assert_cmpstr (spark_provider_get_name (test_service ()), ==, "Test Service");
}

static void
test_use_service (void)
{
  SparkProvider       *openai = spark_provider_list_lookup (providers (), "openai");
  SparkProviderEditor *editor = open_editor (openai);
  GtkWidget           *use = GTK_WIDGET (editor_child (editor, "use_button"));

  g_assert_true (spark_provider_list_get_active (providers ()) == test_service ());
  g_assert_true (gtk_widget_get_visible (use));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.use", NULL));
  g_assert_true (spark_provider_list_get_active (providers ()) == openai);
  g_assert_false (gtk_widget_get_visible (use));
  g_assert_true (row_marked_active (1));
  g_assert_false (row_marked_active (0));
  close_editor (editor);

  /* Switching back from the other editor. */
  editor = open_editor (test_service ());
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor_child (editor, "use_button"))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.use", NULL));
  g_assert_true (spark_provider_list_get_active (providers ()) == test_service ());
  g_assert_true (row_marked_active (0));
  g_assert_false (row_marked_active (1));
  close_editor (editor);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static void
answer_dialog (const char *response)
{
  AdwMessageDialog *dialog;

  g_assert_true (spark_test_wait_until (dialog_shown, NULL, TIMEOUT_MS));
  dialog = g_object_ref (find_dialog ());
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (prefs));
  g_assert_true (adw_message_dialog_has_response (dialog, "remove"));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  spark_test_iterate (50);
}

static void
test_remove (void)
{
  SparkProvider       *openai = spark_provider_list_lookup (providers (), "openai-2");
  SparkProviderEditor *editor = open_editor (openai);
  guint                before = n_providers ();

  g_object_ref (editor);

  /* Cancel keeps it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.remove", NULL));
  answer_dialog ("cancel");
  g_assert_cmpuint (n_providers (), ==, before);
  g_assert_true (gtk_widget_get_root (GTK_WIDGET (editor)) == GTK_ROOT (prefs));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.remove", NULL));
  answer_dialog ("remove");
  g_assert_cmpuint (n_providers (), ==, before - 1);
  g_assert_null (spark_provider_list_lookup (providers (), "openai-2"));
  g_assert_cmpuint (n_rows (), ==, before - 1);
  /* The editor of a removed service closes. */
  g_assert_true (spark_test_wait_until (widget_unrooted, editor, TIMEOUT_MS));
  g_object_unref (editor);
}

static void
test_empty_state (void)
{
  GtkWidget *empty = GTK_WIDGET (child (page (), SPARK_TYPE_SERVICES_PAGE, "empty_group"));
  GtkWidget *services = GTK_WIDGET (child (page (), SPARK_TYPE_SERVICES_PAGE, "services_group"));

  while (n_providers () > 0)
    {
      g_autoptr (SparkProvider) provider = g_list_model_get_item (G_LIST_MODEL (providers ()), 0);
      spark_provider_list_remove (providers (), spark_provider_get_id (provider));
    }
  g_assert_true (gtk_widget_get_visible (empty));
  g_assert_false (gtk_widget_get_visible (services));

  /* Its button offers the same presets. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page ()), "services.add", "s", "ollama"));
  g_assert_cmpuint (n_providers (), ==, 1);
  g_assert_false (gtk_widget_get_visible (empty));
  g_assert_true (gtk_widget_get_visible (services));
  g_assert_true (row_marked_active (0));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);

  service = spark_fake_service_new (&error);
  g_assert_no_error (error);
  app = spark_ui_test_app_new (service);

  prefs = spark_preferences_window_new (context ());
  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (spark_ui_test_get_window (app)));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "services");
  gtk_window_present (GTK_WINDOW (prefs));

  g_test_add_func ("/ui/services/lists-configured", test_lists_configured);
  g_test_add_func ("/ui/services/add-preset", test_add_preset);
  g_test_add_func ("/ui/services/test-connection", test_connection);
  g_test_add_func ("/ui/services/insecure-and-invalid", test_insecure_and_invalid);
  g_test_add_func ("/ui/services/save", test_save);
  g_test_add_func ("/ui/services/use-service", test_use_service);
  g_test_add_func ("/ui/services/remove", test_remove);
  g_test_add_func ("/ui/services/empty-state", test_empty_state);

  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (spark_ui_test_get_window (app)));
  g_clear_object (&app);
  g_clear_object (&service);
  return ret;
}
