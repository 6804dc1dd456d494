/* SPDX-License-Identifier: GPL-3.0-or-later */
/* spark-cli and the history, as separate processes with their own
 * XDG_DATA_HOME: `ask` saves a session (not with --no-store), --new-session
 * names it, --session continues it with its history sent to the service;
 * `sessions list / show / export / search / import`, ids by prefix, and
 * the exit codes and sentences of every mistake. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "spark-fake-service.h"
#include "spark-test-util.h"

#define TIMEOUT_MS 20000
#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const char *cli_path;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

typedef struct
{
  GAsyncResult *result;
} Done;

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ((Done *) user_data)->result = g_object_ref (result);
}

static gboolean
is_done (gpointer data)
{
  return ((Done *) data)->result != NULL;
}

/* Runs spark-cli with @args, HOME-like data in @data_home, while the main
 * context (and so the fake service) keeps running. */
static void
run (Run               *run,
     const char        *data_home,
     const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  Done done = { NULL };

  g_ptr_array_add (argv, (gpointer) cli_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_unsetenv (launcher, "SPARK_API_KEY");
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, &done);
  g_assert_true (spark_test_wait_until (is_done, &done, TIMEOUT_MS));
  g_assert_true (g_subprocess_communicate_utf8_finish (process, done.result, &run->out, &run->err, &error));
  g_assert_no_error (error);
  g_object_unref (done.result);
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("exit %d, stdout «%s», stderr «%s»", run->status, run->out, run->err);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not in “%s”", needle, haystack);
}

/* The session ids `sessions list` prints, newest first. */
static GStrv
list_ids (const char *data_home)
{
  g_auto (Run) r = { 0 };
  g_autoptr (GStrvBuilder) ids = g_strv_builder_new ();
  g_auto (GStrv) lines = NULL;

  run (&r, data_home, ARGS ("sessions", "list"));
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      {
        g_auto (GStrv) fields = g_strsplit (lines[i], "\t", -1);
        g_assert_cmpuint (g_strv_length (fields), ==, 5);
        g_strv_builder_add (ids, fields[0]);
      }
  return g_strv_builder_end (ids);
}

static void
test_sessions (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkFakeService) service = spark_fake_service_new (&error);
  g_autofree char *home = spark_test_dir_new ();
  const char      *url = spark_fake_service_get_base_url (service);
  g_auto (GStrv) ids = NULL;
  g_autofree char *id = NULL;
  g_autofree char *prefix = NULL;

  g_assert_no_error (error);

  /* A new session: the reply on stdout, the id on stderr. */
  {
    g_auto (Run) r = { 0 };
    spark_fake_service_push_text (service, "Port wine ages in the Gaia cellars.");
    run (&r, home, ARGS ("--base-url", url, "-m", "fake-chat", "ask", "--new-session", "Where does port wine age?"));
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "Port wine ages in the Gaia cellars.\n");
    g_assert_true (g_str_has_prefix (r.err, "spark-cli: Saved as session "));
    ids = list_ids (home);
    g_assert_cmpuint (g_strv_length (ids), ==, 1);
    id = g_strdup (ids[0]);
    assert_contains (r.err, id);
  }
  {
    g_auto (Run) r = { 0 };
    run (&r, home, ARGS ("sessions", "list"));
    assert_contains (r.out, "\tchat\t2\tWhere does port wine age?\n");
  }

  /* Continued by a prefix of its id: the history goes to the service. */
  prefix = g_strndup (id, 8);
  {
    g_auto (Run) r = { 0 };
    JsonArray *messages;

    spark_fake_service_push_text (service, "About two years for a ruby.");
    run (&r, home, ARGS ("--base-url", url, "-m", "fake-chat", "ask", "--session", prefix, "--json", "And how long?"));
    g_assert_cmpint (r.status, ==, 0);
    messages = json_object_get_array_member (spark_fake_request_get_object (spark_fake_service_get_last_request (service, "/v1/chat/completions")),
                                             "messages");
    g_assert_cmpuint (json_array_get_length (messages), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "content"), ==, "Where does port wine age?");
    assert_contains (r.out, id); /* "session" in the JSON */
  }

  /* show: a readable transcript. */
  {
    g_auto (Run) r = { 0 };
    run (&r, home, ARGS ("sessions", "show", prefix));
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==,
                     "# Where does port wine age?\n\n## You\n\nWhere does port wine age?\n\n## Spark\n\n"
                     "Port wine ages in the Gaia cellars.\n\n## You\n\nAnd how long?\n\n## Spark\n\n"
                     "About two years for a ruby.\n");
  }

  /* export as JSON, then import it back as a second session. */
  {
    g_auto (Run) r = { 0 };
    g_auto (Run) imported = { 0 };
    g_autoptr (JsonNode) root = NULL;
    g_autofree char *file = g_build_filename (home, "export.json", NULL);
    JsonObject      *conversation;

    run (&r, home, ARGS ("sessions", "export", id, "--format", "json"));
    g_assert_cmpint (r.status, ==, 0);
    root = json_from_string (r.out, &error);
    g_assert_no_error (error);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "spark_export"), ==, 1);
    conversation = json_object_get_object_member (json_node_get_object (root), "conversation");
    g_assert_cmpstr (json_object_get_string_member (conversation, "id"), ==, id);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (conversation, "messages")), ==, 4);

    g_assert_true (g_file_set_contents (file, r.out, -1, NULL));
    run (&imported, home, ARGS ("sessions", "import", file));
    g_assert_cmpint (imported.status, ==, 0);
    g_strfreev (ids);
    ids = list_ids (home);
    g_assert_cmpuint (g_strv_length (ids), ==, 2);
  }
  {
    g_auto (Run) r = { 0 };
    run (&r, home, ARGS ("sessions", "export", id, "-f", "md"));
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_str_has_prefix (r.out, "# Where does port wine age?\n"));
  }

  /* search: one line per hit, the match in brackets. */
  {
    g_auto (Run) r = { 0 };
    g_auto (GStrv) lines = NULL;

    run (&r, home, ARGS ("sessions", "search", "cellar"));
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "\tWhere does port wine age?\tPort wine ages in the Gaia [cellars].\n");
    lines = g_strsplit (r.out, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 3); /* both sessions, and the final newline */
  }
  {
    g_auto (Run) r = { 0 };
    run (&r, home, ARGS ("sessions", "search", "\"AND(* NEAR ^:", "--json"));
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "[]\n");
  }

  /* --no-store leaves no trace; plain ask saves quietly. */
  {
    g_auto (Run) r = { 0 };
    spark_fake_service_push_text (service, "Not kept.");
    run (&r, home, ARGS ("--base-url", url, "-m", "fake-chat", "ask", "--no-store", "Forget this"));
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.err, ==, "");
    g_strfreev (ids);
    ids = list_ids (home);
    g_assert_cmpuint (g_strv_length (ids), ==, 2);
  }
  {
    g_auto (Run) r = { 0 };
    spark_fake_service_push_text (service, "Kept.");
    run (&r, home, ARGS ("--base-url", url, "-m", "fake-chat", "ask", "Remember this"));
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.err, ==, "");
    g_strfreev (ids);
    ids = list_ids (home);
    g_assert_cmpuint (g_strv_length (ids), ==, 3);
  }

  spark_test_dir_free (g_steal_pointer (&home));
}

static void
test_mistakes (void)
{
  g_autofree char *home = spark_test_dir_new ();
  g_autofree char *bad = g_build_filename (home, "bad.json", NULL);
  struct
  {
    const char *const *args;
    int                status;
    const char        *fragment;
  } cases[] = {
    { ARGS ("sessions"), 2, "list, show, export, search, import" },
    { ARGS ("sessions", "frob"), 2, "Unknown sessions command “frob”" },
    { ARGS ("sessions", "show"), 2, "takes one argument" },
    { ARGS ("sessions", "list", "extra"), 2, "takes no arguments" },
    { ARGS ("sessions", "export", "x", "--format", "pdf"), 2, "Unknown format “pdf”" },
    { ARGS ("sessions", "show", "no-such-session"), 4, "There is no session “no-such-session”" },
    { ARGS ("sessions", "import", bad), 4, "“role” is not a known role" },
    { ARGS ("sessions", "import", "/nonexistent/x.json"), 4, "Can’t read" },
    { ARGS ("--base-url", "http://127.0.0.1:9/v1", "ask", "--session", "nope", "hi"), 4, "There is no session “nope”" },
    { ARGS ("--base-url", "http://127.0.0.1:9/v1", "ask", "--session", "a", "--new-session", "hi"), 2, "not both" },
    { ARGS ("--base-url", "http://127.0.0.1:9/v1", "ask", "--new-session", "--no-store", "hi"), 2, "--no-store" },
  };

  g_assert_true (g_file_set_contents (bad,
                                      "{\"spark_export\":1,\"conversation\":{\"id\":\"c\",\"mode\":\"chat\","
                                      "\"created\":\"2024-05-01T10:00:00Z\",\"messages\":[{\"id\":\"m\",\"role\":\"wizard\","
                                      "\"text\":\"hi\",\"state\":\"complete\",\"created\":\"2024-05-01T10:00:00Z\"}]}}",
                                      -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (Run) r = { 0 };

      run (&r, home, cases[i].args);
      g_assert_cmpint (r.status, ==, cases[i].status);
      g_assert_true (g_str_has_prefix (r.err, "spark-cli: "));
      assert_contains (r.err, cases[i].fragment);
    }

  /* Nothing was saved by any of them. */
  {
    g_auto (Run) r = { 0 };
    run (&r, home, ARGS ("sessions", "list", "--json"));
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "[]\n");
  }

  /* A history that can't be opened: exit 5 for the sessions commands. */
  {
    g_auto (Run) r = { 0 };
    g_autofree char *file_home = g_build_filename (home, "not-a-dir", NULL);

    g_assert_true (g_file_set_contents (file_home, "", -1, NULL));
    run (&r, file_home, ARGS ("sessions", "list"));
    g_assert_cmpint (r.status, ==, 5);
    assert_contains (r.err, "spark-cli: ");
  }

  spark_test_dir_free (g_steal_pointer (&home));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  cli_path = g_getenv ("SPARK_CLI");
  if (cli_path == NULL)
    {
      g_test_skip ("SPARK_CLI is not set");
      return g_test_run ();
    }

  g_test_add_func ("/cli/sessions/ask-list-show-export-search", test_sessions);
  g_test_add_func ("/cli/sessions/mistakes", test_mistakes);
  return g_test_run ();
}
