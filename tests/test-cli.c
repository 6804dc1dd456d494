/* SPDX-License-Identifier: GPL-3.0-or-later */
/* spark-cli against the fake model service: streaming to stdout as the
 * reply arrives, --json, models, the prompt from stdin, the key from
 * SPARK_API_KEY, images with --image, and every exit code (0, 2, 3, 4,
 * 130) with its one-line "spark-cli: …" message. */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "spark-fake-service.h"
#include "spark-test-util.h"

#define TIMEOUT_MS 20000

static const char *cli_path;
static char       *data_home; /* `ask` saves its exchanges here */

typedef struct
{
  GSubprocess      *process;
  GString          *out;
  char             *err;
  int               status;
  gboolean          exited;
  gboolean          out_done;
  guint64           tokens_at_first_output; /* what the service had sent when stdout first moved */
  gboolean          saw_output;
  SparkFakeService *service;
} Cli;

static void
cli_clear (Cli *cli)
{
  g_clear_object (&cli->process);
  if (cli->out != NULL)
    g_string_free (cli->out, TRUE);
  g_free (cli->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Cli, cli_clear)

static void read_more (Cli *cli);

static void
read_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr (GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), res, NULL);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      cli->out_done = TRUE;
      return;
    }
  if (!cli->saw_output && cli->service != NULL)
    cli->tokens_at_first_output = spark_fake_service_get_tokens_sent (cli->service);
  cli->saw_output = TRUE;
  g_string_append_len (cli->out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  read_more (cli);
}

static void
read_more (Cli *cli)
{
  g_input_stream_read_bytes_async (g_subprocess_get_stdout_pipe (cli->process), 4096,
                                   G_PRIORITY_DEFAULT, NULL, read_cb, cli);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr (GInputStream) err_stream = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (source), res, NULL);
  cli->status = g_subprocess_get_if_exited (G_SUBPROCESS (source))
                  ? g_subprocess_get_exit_status (G_SUBPROCESS (source))
                  : 128 + g_subprocess_get_term_sig (G_SUBPROCESS (source));
  cli->exited = TRUE;
}

static gboolean
cli_finished (gpointer data)
{
  Cli *cli = data;
  return cli->exited && cli->out_done;
}

/* Starts spark-cli with @argv (NULL-terminated, without the program). */
static void
cli_start (Cli               *cli,
           SparkFakeService  *service,
           const char        *stdin_text,
           const char *const *env,
           const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) cli_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* No keyring here: keys come from SPARK_API_KEY when a test sets it. */
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_unsetenv (launcher, "SPARK_API_KEY");
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);

  cli->out = g_string_new (NULL);
  cli->service = service;
  cli->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  if (stdin_text != NULL)
    g_output_stream_write_all (g_subprocess_get_stdin_pipe (cli->process), stdin_text, strlen (stdin_text), NULL, NULL, NULL);
  g_output_stream_close (g_subprocess_get_stdin_pipe (cli->process), NULL, NULL);

  read_more (cli);
  g_subprocess_wait_async (cli->process, NULL, wait_cb, cli);
}

static void
cli_finish (Cli *cli)
{
  g_autoptr (GBytes) err = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (spark_test_wait_until (cli_finished, cli, TIMEOUT_MS));
  err = g_input_stream_read_bytes (g_subprocess_get_stderr_pipe (cli->process), 65536, NULL, &error);
  g_assert_no_error (error);
  cli->err = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));
  g_test_message ("exit %d, stdout «%s», stderr «%s»", cli->status, cli->out->str, cli->err);
}

static void
run (Cli               *cli,
     SparkFakeService  *service,
     const char        *stdin_text,
     const char *const *env,
     const char *const *args)
{
  cli_start (cli, service, stdin_text, env, args);
  cli_finish (cli);
}

/* One line on stderr, starting "spark-cli: ", holding @fragment. */
static void
assert_message (Cli        *cli,
                const char *fragment)
{
  g_assert_true (g_str_has_prefix (cli->err, "spark-cli: "));
  if (strstr (cli->err, fragment) == NULL)
    g_error ("“%s” not in stderr “%s”", fragment, cli->err);
}

static SparkFakeService *
service_new (void)
{
  g_autoptr (GError) error = NULL;
  SparkFakeService *service = spark_fake_service_new (&error);

  g_assert_no_error (error);
  return service;
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void
test_ask_streams (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_auto (Cli) cli = { 0 };
  SparkFakeReply *reply = spark_fake_reply_new ("Porto is on the Douro river and famous for its port wine cellars.");
  const char     *url = spark_fake_service_get_base_url (service);

  reply->tokens_per_second = 40;
  spark_fake_service_push_reply (service, reply);
  run (&cli, service, NULL, NULL, ARGS ("--base-url", url, "--model", "fake-chat", "ask", "Tell me about Porto"));

  g_assert_cmpint (cli.status, ==, 0);
  g_assert_cmpstr (cli.out->str, ==, "Porto is on the Douro river and famous for its port wine cellars.\n");
  g_assert_cmpstr (cli.err, ==, "");
  /* It streamed: stdout moved while the service was still sending. */
  g_assert_cmpuint (cli.tokens_at_first_output, <, 10);
}

static void
test_ask_json (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_auto (Cli) cli = { 0 };
  g_autoptr (JsonNode) root = NULL;
  SparkFakeReply *reply = spark_fake_reply_new ("Forty-two.");
  JsonObject     *obj, *usage;

  reply->reasoning = g_strdup ("Deep thought.");
  reply->prompt_tokens = 12;
  reply->completion_tokens = 7;
  reply->reasoning_tokens = 3;
  spark_fake_service_push_reply (service, reply);
  run (&cli, service, NULL, NULL,
       ARGS ("--base-url", spark_fake_service_get_base_url (service), "-m", "fake-chat", "ask", "--json", "--system", "Be exact.", "Answer?"));

  g_assert_cmpint (cli.status, ==, 0);
  root = json_from_string (cli.out->str, NULL);
  g_assert_nonnull (root);
  obj = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (obj, "text"), ==, "Forty-two.");
  g_assert_cmpstr (json_object_get_string_member (obj, "reasoning"), ==, "Deep thought.");
  g_assert_cmpstr (json_object_get_string_member (obj, "finish_reason"), ==, "stop");
  g_assert_cmpstr (json_object_get_string_member (obj, "model"), ==, "fake-chat");
  usage = json_object_get_object_member (obj, "usage");
  g_assert_cmpint (json_object_get_int_member (usage, "prompt_tokens"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (usage, "completion_tokens"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (usage, "reasoning_tokens"), ==, 3);

  /* --system went out as the system message. */
  {
    JsonObject *body = spark_fake_request_get_object (spark_fake_service_get_last_request (service, "/v1/chat/completions"));
    JsonArray  *messages = json_object_get_array_member (body, "messages");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "content"), ==, "Be exact.");
  }
}

static void
test_stdin_and_key (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_auto (Cli) cli = { 0 };
  const SparkFakeRequest *request;
  JsonArray              *messages;
  const char             *env[] = { "SPARK_API_KEY", "sk-from-env", NULL };

  spark_fake_service_set_api_key (service, "sk-from-env");
  spark_fake_service_push_text (service, "Got it.");
  run (&cli, service, "A question\nover two lines\n", env,
       ARGS ("--base-url", spark_fake_service_get_base_url (service), "--model", "fake-chat", "ask", "-"));

  g_assert_cmpint (cli.status, ==, 0);
  request = spark_fake_service_get_last_request (service, "/v1/chat/completions");
  g_assert_cmpstr (request->authorization, ==, "Bearer sk-from-env");
  messages = json_object_get_array_member (spark_fake_request_get_object (request), "messages");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "content"), ==, "A question\nover two lines");
  /* The key is never echoed. */
  g_assert_null (strstr (cli.out->str, "sk-from-env"));
  g_assert_null (strstr (cli.err, "sk-from-env"));
}

static void
test_models (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_auto (Cli) cli = { 0 };
  const char *ids[] = { "mistral:7b", "llama3.2:3b", NULL };

  spark_fake_service_set_models (service, ids);
  run (&cli, service, NULL, NULL, ARGS ("--base-url", spark_fake_service_get_base_url (service), "models"));
  g_assert_cmpint (cli.status, ==, 0);
  g_assert_cmpstr (cli.out->str, ==, "llama3.2:3b\nmistral:7b\n");
}

static void
test_usage_errors (void)
{
  const char *const *cases[] = {
    ARGS ("--version-typo"),
    ARGS ("frobnicate"),
    ARGS ("--base-url", "http://127.0.0.1:9/v1", "ask", "one", "two"),
    ARGS ("--base-url", "http://127.0.0.1:9/v1", "ask"),
    ARGS ("--base-url", "http://127.0.0.1:9/v1", "models", "extra"),
    ARGS ("--provider", "x", "--base-url", "http://127.0.0.1:9/v1", "models"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (Cli) cli = { 0 };

      run (&cli, NULL, NULL, NULL, cases[i]);
      g_assert_cmpint (cli.status, ==, 2);
      g_assert_true (strstr (cli.err, "spark-cli: ") != NULL);
    }

  {
    g_auto (Cli) cli = { 0 };
    run (&cli, NULL, NULL, NULL, ARGS ("--version"));
    g_assert_cmpint (cli.status, ==, 0);
    g_assert_cmpstr (cli.out->str, ==, "spark-cli " VERSION "\n");
  }
}

static void
test_bad_input (void)
{
  struct
  {
    const char        *stdin_text;
    const char *const *args;
    const char        *fragment;
  } cases[] = {
    { NULL, ARGS ("--base-url", "http://127.0.0.1:9/v1", "ask", "   "), "empty" },
    { "", ARGS ("--base-url", "http://127.0.0.1:9/v1", "ask", "-"), "empty" },
    { "\xff\xfe broken", ARGS ("--base-url", "http://127.0.0.1:9/v1", "ask", "-"), "UTF-8" },
    { NULL, ARGS ("--base-url", "not a url", "models"), "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (Cli) cli = { 0 };

      run (&cli, NULL, cases[i].stdin_text, NULL, cases[i].args);
      g_assert_cmpint (cli.status, ==, 4);
      assert_message (&cli, cases[i].fragment);
    }
}

static void
test_service_failures (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autofree char *dead = NULL;
  const char      *url = spark_fake_service_get_base_url (service);

  {
    /* A stream cut in half: the partial reply is printed, then the reason. */
    g_auto (Cli) cli = { 0 };
    spark_fake_service_push_reply (service, spark_fake_reply_new_fault ("half a reply and then", SPARK_FAKE_FAULT_RESET_MID_STREAM, 3));
    run (&cli, service, NULL, NULL, ARGS ("--base-url", url, "-m", "fake-chat", "ask", "hi"));
    g_assert_cmpint (cli.status, ==, 3);
    g_assert_true (g_str_has_prefix (cli.out->str, "half a reply"));
    assert_message (&cli, "lost before the reply finished");
  }
  {
    g_auto (Cli) cli = { 0 };
    spark_fake_service_push_reply (service, spark_fake_reply_new_status (401, "{\"error\":{\"message\":\"bad key\"}}"));
    run (&cli, service, NULL, NULL, ARGS ("--base-url", url, "-m", "fake-chat", "ask", "hi"));
    g_assert_cmpint (cli.status, ==, 3);
    assert_message (&cli, "API key");
  }
  {
    g_auto (Cli) cli = { 0 };
    run (&cli, service, NULL, NULL, ARGS ("--base-url", url, "-m", "no-such-model", "ask", "hi"));
    g_assert_cmpint (cli.status, ==, 3);
    assert_message (&cli, "no-such-model");
  }
  {
    g_auto (Cli) cli = { 0 };
    spark_fake_service_push_reply (service, spark_fake_reply_new_fault ("not json", SPARK_FAKE_FAULT_MALFORMED_EVENT, 0));
    run (&cli, service, NULL, NULL, ARGS ("--base-url", url, "-m", "fake-chat", "ask", "hi"));
    g_assert_cmpint (cli.status, ==, 3);
    assert_message (&cli, "");
  }

  dead = g_strdup_printf ("http://127.0.0.1:%u/v1", spark_fake_service_get_port (service));
  g_clear_object (&service);
  {
    g_auto (Cli) cli = { 0 };
    run (&cli, NULL, NULL, NULL, ARGS ("--base-url", dead, "ask", "hi"));
    g_assert_cmpint (cli.status, ==, 3);
    assert_message (&cli, "— is it running?");
  }
}

static char *
write_image (const char *dir,
             const char *name,
             int         width,
             int         height,
             gboolean    alpha,
             const char *format)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  gdk_pixbuf_fill (pixbuf, alpha ? 0x3080c080 : 0x3080c0ff);
  gdk_pixbuf_save (pixbuf, path, format, &error, NULL);
  g_assert_no_error (error);
  return path;
}

static void
assert_image_part (JsonArray  *content,
                   guint       index,
                   const char *mime,
                   int         width,
                   int         height)
{
  JsonObject        *part = json_array_get_object_element (content, index);
  g_autofree char   *prefix = g_strdup_printf ("data:%s;base64,", mime);
  const char        *url = json_object_get_string_member (json_object_get_object_member (part, "image_url"), "url");
  g_autofree guchar *data = NULL;
  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  gsize size;

  g_assert_cmpstr (json_object_get_string_member (part, "type"), ==, "image_url");
  g_assert_true (g_str_has_prefix (url, prefix));
  data = g_base64_decode (url + strlen (prefix), &size);
  g_assert_true (gdk_pixbuf_loader_write (loader, data, size, NULL));
  g_assert_true (gdk_pixbuf_loader_close (loader, NULL));
  g_assert_cmpint (gdk_pixbuf_get_width (gdk_pixbuf_loader_get_pixbuf (loader)), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (gdk_pixbuf_loader_get_pixbuf (loader)), ==, height);
}

static void
test_images (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("spark-cli-images-XXXXXX", &error);
  g_autofree char *photo = write_image (dir, "photo.jpg", 2400, 1800, FALSE, "jpeg");
  g_autofree char *logo = write_image (dir, "logo.png", 120, 80, TRUE, "png");
  g_autofree char *pdf = g_build_filename (dir, "menu.pdf", NULL);
  const char      *url = spark_fake_service_get_base_url (service);
  JsonArray       *messages, *content;

  g_assert_no_error (error);
  {
    g_auto (Cli) cli = { 0 };

    spark_fake_service_push_text (service, "A blue square and a logo.");
    run (&cli, service, NULL, NULL,
         ARGS ("--base-url", url, "-m", "fake-vision", "ask", "--image", photo, "-i", logo, "What are these?"));
    g_assert_cmpint (cli.status, ==, 0);
    g_assert_cmpstr (cli.out->str, ==, "A blue square and a logo.\n");

    /* Downscaled to 1568 px and re-encoded; transparency kept as PNG. */
    messages = json_object_get_array_member (spark_fake_request_get_object (spark_fake_service_get_last_request (service, "/v1/chat/completions")), "messages");
    content = json_object_get_array_member (json_array_get_object_element (messages, json_array_get_length (messages) - 1), "content");
    g_assert_cmpuint (json_array_get_length (content), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (content, 0), "text"), ==, "What are these?");
    assert_image_part (content, 1, "image/jpeg", 1568, 1176);
    assert_image_part (content, 2, "image/png", 120, 80);
  }
  {
    /* An image alone is a question. */
    g_auto (Cli) cli = { 0 };

    spark_fake_service_push_text (service, "A logo.");
    run (&cli, service, NULL, NULL, ARGS ("--base-url", url, "-m", "fake-vision", "ask", "--image", logo, ""));
    g_assert_cmpint (cli.status, ==, 0);
  }
  {
    /* Not an image: exit 4 with the reason, and nothing sent. */
    g_auto (Cli) cli = { 0 };
    guint requests = spark_fake_service_get_request_count (service, "/v1/chat/completions");

    g_assert_true (g_file_set_contents (pdf, "%PDF-1.7\n%%EOF\n", -1, NULL));
    run (&cli, service, NULL, NULL, ARGS ("--base-url", url, "-m", "fake-vision", "ask", "--image", logo, "--image", pdf, "Summarise"));
    g_assert_cmpint (cli.status, ==, 4);
    assert_message (&cli, "“menu.pdf” is a PDF document, not an image.");
    g_assert_cmpuint (spark_fake_service_get_request_count (service, "/v1/chat/completions"), ==, requests);
  }
  {
    g_auto (Cli) cli = { 0 };
    g_autofree char *missing = g_build_filename (dir, "gone.png", NULL);

    run (&cli, service, NULL, NULL, ARGS ("--base-url", url, "ask", "--image", missing, "hi"));
    g_assert_cmpint (cli.status, ==, 4);
    assert_message (&cli, "Can’t find “gone.png”");
  }

  g_unlink (photo);
  g_unlink (logo);
  g_unlink (pdf);
  g_rmdir (dir);
}

static gboolean
has_output (gpointer data)
{
  return ((Cli *) data)->saw_output;
}

static void
test_interrupted (void)
{
  g_autoptr (SparkFakeService) service = service_new ();
  g_auto (Cli) cli = { 0 };
  SparkFakeReply *reply = spark_fake_reply_new ("a slow reply that will be interrupted long before it ends");

  reply->tokens_per_second = 10;
  spark_fake_service_push_reply (service, reply);
  cli_start (&cli, service, NULL, NULL, ARGS ("--base-url", spark_fake_service_get_base_url (service), "-m", "fake-chat", "ask", "hi"));
  g_assert_true (spark_test_wait_until (has_output, &cli, TIMEOUT_MS));
  g_subprocess_send_signal (cli.process, SIGINT);
  cli_finish (&cli);

  g_assert_cmpint (cli.status, ==, 130);
  g_assert_true (g_str_has_prefix (cli.out->str, "a"));
  assert_message (&cli, "Interrupted");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  cli_path = g_getenv ("SPARK_CLI");
  if (cli_path == NULL)
    {
      g_test_skip ("SPARK_CLI is not set");
      return g_test_run ();
    }

  g_test_add_func ("/cli/ask/streams", test_ask_streams);
  g_test_add_func ("/cli/ask/json", test_ask_json);
  g_test_add_func ("/cli/ask/stdin-and-key", test_stdin_and_key);
  g_test_add_func ("/cli/models", test_models);
  g_test_add_func ("/cli/ask/images", test_images);
  g_test_add_func ("/cli/exit/usage", test_usage_errors);
  g_test_add_func ("/cli/exit/bad-input", test_bad_input);
  g_test_add_func ("/cli/exit/service", test_service_failures);
  g_test_add_func ("/cli/exit/interrupted", test_interrupted);

  data_home = spark_test_dir_new ();
  ret = g_test_run ();
  spark_test_dir_free (data_home);
  return ret;
}
