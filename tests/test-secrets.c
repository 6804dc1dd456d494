/* SPDX-License-Identifier: GPL-3.0-or-later */
/* API keys against a real gnome-keyring in a private D-Bus session (see
 * run-with-keyring.sh): round-trip, isolation between providers, the key
 * in no other store, and a clear error when there is no keyring at all. */
#include "config.h"

#include <glib/gstdio.h>

#include "spark-error.h"
#include "spark-provider-list.h"
#include "spark-secrets.h"

#define NO_KEYRING_SENTENCE "Install and unlock GNOME Keyring or another Secret Service."

static const char *
private_dir (void)
{
  return g_getenv ("SPARK_TEST_KEYRING_DIR");
}

/* Without the wrapper these tests would write to the keyring of whoever
 * runs them, so they only run inside it. */
static gboolean
have_private_keyring (void)
{
  if (private_dir () != NULL)
    return TRUE;
  g_test_skip ("needs the private keyring of tests/run-with-keyring.sh");
  return FALSE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Iterates the main context until the operation ends, failing after 10 s. */
static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  gboolean timed_out = FALSE;
  guint    timeout_id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  if (*slot == NULL)
    g_error ("The keyring did not answer within 10 s");
  return *slot;
}

static gboolean
store (SparkSecrets *secrets,
       const char   *id,
       const char   *name,
       const char   *key,
       GCancellable *cancellable,
       GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  spark_secrets_store_async (secrets, id, name, key, cancellable, got_result_cb, &result);
  return spark_secrets_store_finish (secrets, wait_for_result (&result), error);
}

static char *
lookup (SparkSecrets *secrets,
        const char   *id,
        GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  spark_secrets_lookup_async (secrets, id, NULL, got_result_cb, &result);
  return spark_secrets_lookup_finish (secrets, wait_for_result (&result), error);
}

static gboolean
clear (SparkSecrets *secrets,
       const char   *id,
       GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  spark_secrets_clear_async (secrets, id, NULL, got_result_cb, &result);
  return spark_secrets_clear_finish (secrets, wait_for_result (&result), error);
}

static void
test_round_trip (void)
{
  g_autoptr (SparkSecrets) secrets = spark_secrets_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;

  if (!have_private_keyring ())
    return;

  g_assert_true (store (secrets, "p1", "Provider One", "sk-first-key", NULL, &error));
  g_assert_no_error (error);
  key = lookup (secrets, "p1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "sk-first-key");
  g_clear_pointer (&key, g_free);

  /* A new key replaces the old one rather than adding a second entry. */
  g_assert_true (store (secrets, "p1", "Provider One", "sk-second-key", NULL, &error));
  g_assert_no_error (error);
  key = lookup (secrets, "p1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "sk-second-key");
  g_clear_pointer (&key, g_free);

  /* The blocking variant spark-cli uses sees the same key. */
  key = spark_secrets_lookup_sync (secrets, "p1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "sk-second-key");
  g_clear_pointer (&key, g_free);

  g_assert_true (clear (secrets, "p1", &error));
  g_assert_no_error (error);
  key = lookup (secrets, "p1", &error);
  g_assert_no_error (error);
  g_assert_null (key);

  /* Clearing what is not there is not an error. */
  g_assert_true (clear (secrets, "p1", &error));
  g_assert_no_error (error);
  key = spark_secrets_lookup_sync (secrets, "p1", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (key);
}

static void
test_other_provider (void)
{
  g_autoptr (SparkSecrets) secrets = spark_secrets_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;

  if (!have_private_keyring ())
    return;

  g_assert_true (store (secrets, "p1", "Provider One", "sk-only-for-p1", NULL, &error));
  g_assert_no_error (error);

  key = lookup (secrets, "p2", &error);
  g_assert_no_error (error);
  g_assert_null (key);
  /* Not a prefix match either. */
  key = lookup (secrets, "p", &error);
  g_assert_no_error (error);
  g_assert_null (key);

  /* Clearing p2 leaves p1 alone. */
  g_assert_true (clear (secrets, "p2", &error));
  g_assert_no_error (error);
  key = lookup (secrets, "p1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "sk-only-for-p1");

  g_assert_true (clear (secrets, "p1", &error));
  g_assert_no_error (error);
}

static void
test_label_and_schema (void)
{
  g_autoptr (SparkSecrets) secrets = spark_secrets_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) attributes = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *label = NULL;
  GList           *items;

  if (!have_private_keyring ())
    return;

  g_assert_true (store (secrets, "openai", "OpenAI", "sk-labelled", NULL, &error));
  g_assert_no_error (error);

  /* What a person sees in Passwords and Keys (Seahorse). Searched
   * asynchronously: the _sync variant runs a private main context that is
   * dropped before GDBusProxy's deferred clean-ups run, which leaks. */
  secret_password_search (spark_secrets_get_schema (), SECRET_SEARCH_ALL, NULL, got_result_cb, &result,
                          "provider-id", "openai", NULL);
  items = secret_password_search_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  label = secret_retrievable_get_label (items->data);
  g_assert_cmpstr (label, ==, "Spark API key for OpenAI");

  /* One schema name for all builds, never the .Devel app id. */
  attributes = secret_retrievable_get_attributes (items->data);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==, "io.github.sparkdesk.Spark.ApiKey");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "provider-id"), ==, "openai");
  g_list_free_full (items, g_object_unref);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);

  g_assert_true (clear (secrets, "openai", &error));
  g_assert_no_error (error);
}

static void
test_cancelled (void)
{
  g_autoptr (SparkSecrets) secrets = spark_secrets_new ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;

  if (!have_private_keyring ())
    return;

  /* Cancelling is not "the keyring is broken": callers can ignore it. */
  g_cancellable_cancel (cancellable);
  g_assert_false (store (secrets, "p-cancel", NULL, "sk-never", cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  key = lookup (secrets, "p-cancel", &error);
  g_assert_no_error (error);
  g_assert_null (key);
}

static gboolean
contains (const char *haystack,
          gsize       len,
          const char *needle)
{
  gsize needle_len = strlen (needle);

  /* Files are binary (NULs), so no str* functions; memmem needs _GNU_SOURCE. */
  for (gsize i = 0; i + needle_len <= len; i++)
    if (memcmp (haystack + i, needle, needle_len) == 0)
      return TRUE;
  return FALSE;
}

/* Reads every regular file under @path; fails on any holding @needle.
 * Counts the keyring files it saw so the test knows it looked there. */
static void
assert_not_in_files (const char *path,
                     const char *needle,
                     guint      *n_files,
                     guint      *n_keyring_files)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      dir = g_dir_open (path, 0, NULL);
      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          assert_not_in_files (child, needle, n_files, n_keyring_files);
        }
    }
  else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *contents = NULL;
      g_autoptr (GError) error = NULL;
      gsize len = 0;

      g_file_get_contents (path, &contents, &len, &error);
      g_assert_no_error (error);
      g_test_message ("scanned %s (%" G_GSIZE_FORMAT " bytes)", path, len);
      if (contains (contents, len, needle))
        g_error ("The API key is readable in plain text in %s", path);
      (*n_files)++;
      if (strstr (path, "/keyrings/") != NULL)
        (*n_keyring_files)++;
    }
}

static GBytes *
read_login_keyring (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "keyrings", "login.keyring", NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static void
test_key_in_no_other_store (void)
{
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (SparkProviderList) providers = NULL;
  g_autoptr (SparkProvider) provider = NULL;
  g_autoptr (SparkSecrets) secrets = spark_secrets_new ();
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *found = NULL;
  g_autoptr (GBytes) keyring_before = NULL;
  g_autoptr (GBytes) keyring_after = NULL;
  g_auto (GStrv) setting_keys = NULL;
  guint n_files = 0, n_keyring_files = 0;

  if (!have_private_keyring ())
    return;

  /* A distinctive key, so a match can only be this key. */
  key = g_strdup_printf ("sk-spark-test-%08x%08x", g_random_int (), g_random_int ());

  /* What the preferences do: add the service, then store its key. */
  settings = g_settings_new (APP_ID);
  providers = spark_provider_list_new (settings);
  provider = spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OPENAI);
  spark_provider_list_add (providers, provider);

  keyring_before = read_login_keyring ();
  g_assert_true (store (secrets, spark_provider_get_id (provider),
                        spark_provider_get_name (provider), key, NULL, &error));
  g_assert_no_error (error);
  found = lookup (secrets, spark_provider_get_id (provider), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, key);

  /* The keyring file on disk changed, so the key really went there. */
  keyring_after = read_login_keyring ();
  g_assert_false (g_bytes_equal (keyring_before, keyring_after));

  /* Not in any settings value, the provider list included. */
  g_object_get (settings, "settings-schema", &schema, NULL);
  setting_keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; setting_keys[i] != NULL; i++)
    {
      g_autoptr (GVariant) value = g_settings_get_value (settings, setting_keys[i]);
      g_autofree char *text = g_variant_print (value, TRUE);

      g_assert_null (strstr (text, key));
    }
  {
    g_autoptr (GVariant) stored = g_settings_get_value (settings, "providers");
    g_autofree char *text = g_variant_print (stored, TRUE);

    g_assert_nonnull (strstr (text, spark_provider_get_id (provider)));
    g_assert_null (strstr (text, key));
  }

  /* Not in any file under the private HOME and XDG dirs, and not readable
   * in the keyring file either: gnome-keyring encrypts it. */
  assert_not_in_files (private_dir (), key, &n_files, &n_keyring_files);
  g_assert_cmpuint (n_keyring_files, >=, 1);

  g_assert_true (clear (secrets, spark_provider_get_id (provider), &error));
  g_assert_no_error (error);
}

static void
assert_no_keyring_error (const GError *error,
                         const char   *key)
{
  g_assert_error (error, SPARK_ERROR, SPARK_ERROR_NO_KEY);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Spark can't reach the system keyring ("));
  g_assert_true (g_str_has_suffix (error->message, NO_KEYRING_SENTENCE));
  if (key != NULL)
    g_assert_null (strstr (error->message, key));
}

static void
test_no_service (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (SparkSecrets) secrets = spark_secrets_new ();
      g_autoptr (GError) error = NULL;
      g_autofree char *key = NULL;

      /* Before anything connects: a session bus that is not there. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/spark-test/bus", TRUE);

      key = lookup (secrets, "p1", &error);
      g_assert_null (key);
      assert_no_keyring_error (error, NULL);
      g_clear_error (&error);

      g_assert_false (store (secrets, "p1", "Provider One", "sk-must-not-leak", NULL, &error));
      assert_no_keyring_error (error, "sk-must-not-leak");
      g_clear_error (&error);

      g_assert_false (clear (secrets, "p1", &error));
      assert_no_keyring_error (error, NULL);
      g_clear_error (&error);

      key = spark_secrets_lookup_sync (secrets, "p1", NULL, &error);
      g_assert_null (key);
      assert_no_keyring_error (error, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  /* Nothing about the key on the way out either. */
  g_test_trap_assert_stdout_unmatched ("*sk-must-not-leak*");
  g_test_trap_assert_stderr_unmatched ("*sk-must-not-leak*");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secrets/round-trip", test_round_trip);
  g_test_add_func ("/secrets/other-provider", test_other_provider);
  g_test_add_func ("/secrets/label-and-schema", test_label_and_schema);
  g_test_add_func ("/secrets/cancelled", test_cancelled);
  g_test_add_func ("/secrets/key-in-no-other-store", test_key_in_no_other_store);
  g_test_add_func ("/secrets/no-service", test_no_service);

  status = g_test_run ();

  /* libsecret keeps the service proxy for the whole process otherwise. */
  secret_service_disconnect ();
  return status;
}
