/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the chat view on long stored chats, in the real window
 * (run under Xvfb and a D-Bus session, like the UI tests). Figures, each
 * with a reference measured in the same run:
 *   - memory: VmRSS with the 2,000-message chat open (scrolled to the top
 *     and back once) vs the empty window (target ≤ +30 MB);
 *   - first paint: from choosing the 10,000-message chat in the sidebar to
 *     the first painted frame that shows its last message (target
 *     ≤ 150 ms) vs the same for a 10-message chat;
 *   - frame work while a 2,000 tokens/s markdown reply streams into the
 *     2,000-message chat: p50/p99/max of the time from a frame's first
 *     phase to the end of its paint (target p99 ≤ 16 ms) vs the same chat
 *     scrolled without a reply.
 * The history is written by a child process first (`--fill DIR`), so the
 * memory figures don't count what writing it left on the heap. The fake
 * model service runs on a thread of its own, so that it sends at its pace
 * however busy the window keeps the main thread, as a real one would.
 * SPARK_BENCH_ONLY=memory, paint or frames runs one part (for profiling).
 * Prints figures; asserts nothing about speed. */
#include "config.h"

#include <malloc.h>
#include <stdio.h>

#include "spark-message-list.h"
#include "spark-composer.h"
#include "spark-context.h"
#include "spark-long-chat.h"
#include "spark-message-row.h"
#include "spark-sidebar.h"
#include "spark-store-test.h"
#include "spark-test-util.h"
#include "spark-ui-test.h"

#define TIMEOUT_MS 60000
#define RUNS 7
#define SCROLL_FRAMES 240
#define child spark_ui_test_child

static const struct
{
  const char *title;
  guint       n_messages;
} chats[] = {
  { "Ten messages", 10 },
  { "Two thousand messages", 2000 },
  { "Ten thousand messages", 10000 },
};

static SparkApplication *app;
static SparkFakeService *service; /* lives on service_thread */
static GThread          *service_thread;
static GMainLoop        *service_loop;

/* ------------------------------------------------------------------ */
/* The fake model service, on its own thread                          */

typedef struct
{
  GSourceFunc func;
  gpointer    data;
  gboolean    done;
  GMutex      lock;
  GCond       cond;
} Call;

static gboolean
call_cb (gpointer user_data)
{
  Call *call = user_data;

  call->func (call->data);
  g_mutex_lock (&call->lock);
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->lock);
  return G_SOURCE_REMOVE;
}

/* Runs @func on the service's thread and waits for it. */
static void
on_service_thread (GSourceFunc func,
                   gpointer    data)
{
  Call call = { func, data, FALSE };

  g_mutex_init (&call.lock);
  g_cond_init (&call.cond);
  g_main_context_invoke (g_main_loop_get_context (service_loop), call_cb, &call);
  g_mutex_lock (&call.lock);
  while (!call.done)
    g_cond_wait (&call.cond, &call.lock);
  g_mutex_unlock (&call.lock);
  g_mutex_clear (&call.lock);
  g_cond_clear (&call.cond);
}

static gboolean
start_service_cb (gpointer data)
{
  g_autoptr (GError) error = NULL;

  service = spark_fake_service_new (&error);
  g_assert_no_error (error);
  return G_SOURCE_REMOVE;
}

static gboolean
stop_service_cb (gpointer data)
{
  g_clear_object (&service);
  g_main_loop_quit (service_loop);
  return G_SOURCE_REMOVE;
}

static gpointer
service_thread_func (gpointer data)
{
  GMainContext *context = g_main_loop_get_context (service_loop);

  g_main_context_push_thread_default (context);
  g_main_loop_run (service_loop);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
service_start (void)
{
  GMainContext *context = g_main_context_new ();

  service_loop = g_main_loop_new (context, FALSE);
  g_main_context_unref (context);
  service_thread = g_thread_new ("fake-service", service_thread_func, NULL);
  on_service_thread (start_service_cb, NULL);
}

static void
service_stop (void)
{
  on_service_thread (stop_service_cb, NULL);
  g_thread_join (service_thread);
  g_clear_pointer (&service_loop, g_main_loop_unref);
}

static gboolean
push_reply_cb (gpointer data)
{
  spark_fake_service_push_reply (service, data);
  return G_SOURCE_REMOVE;
}

static gboolean
part (const char *name)
{
  const char *only = g_getenv ("SPARK_BENCH_ONLY");

  return only == NULL || *only == '\0' || g_str_equal (only, name);
}

/* ------------------------------------------------------------------ */
/* The window                                                         */

static SparkWindow *
window (void)
{
  return spark_ui_test_get_window (app);
}

static SparkMessageList *
chat_view (void)
{
  return SPARK_MESSAGE_LIST (child (window (), SPARK_TYPE_WINDOW, "message_list"));
}

static GtkWidget *
scroller (void)
{
  return GTK_WIDGET (child (chat_view (), SPARK_TYPE_MESSAGE_LIST, "scroller"));
}

static GtkAdjustment *
vadjustment (void)
{
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller ()));
}

static GtkListBox *
sidebar_list (void)
{
  SparkSidebar *sidebar = SPARK_SIDEBAR (child (window (), SPARK_TYPE_WINDOW, "sidebar"));

  return GTK_LIST_BOX (child (sidebar, SPARK_TYPE_SIDEBAR, "list_box"));
}

static SparkComposer *
composer (void)
{
  return SPARK_COMPOSER (child (window (), SPARK_TYPE_WINDOW, "composer"));
}

static SparkConversation *
shown (void)
{
  return spark_message_list_get_conversation (chat_view ());
}

static gboolean
last_on_screen (gpointer data)
{
  return shown () != NULL && spark_ui_test_message_on_screen (chat_view (), g_list_model_get_n_items (G_LIST_MODEL (shown ())) - 1);
}

/* Drags the scrollbar to the top, again each time older messages show up
 * above, until the first message is on screen. */
static gboolean
dragged_to_top (gpointer data)
{
  if (gtk_adjustment_get_value (vadjustment ()) > 0)
    {
      spark_ui_test_drag_scrollbar (chat_view (), FALSE);
      return FALSE;
    }
  return spark_ui_test_message_on_screen (chat_view (), 0);
}

static gboolean
dragged_to_end (gpointer data)
{
  GtkAdjustment *adj = vadjustment ();
  double         end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  if (gtk_adjustment_get_value (adj) < end)
    {
      spark_ui_test_drag_scrollbar (chat_view (), TRUE);
      return FALSE;
    }
  return last_on_screen (NULL);
}

static GtkListBoxRow *
sidebar_row (const char *title)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (sidebar_list (), i)) != NULL; i++)
    if (spark_ui_test_find_label (GTK_WIDGET (row), title) != NULL)
      return row;
  return NULL;
}

static gboolean
all_listed (gpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (chats); i++)
    if (sidebar_row (chats[i].title) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
is_shown (gpointer data)
{
  return shown () != NULL && g_strcmp0 (spark_conversation_get_title (shown ()), data) == 0;
}

/* Chooses the chat in the sidebar, as a click does, and waits until its
 * end is on screen. */
static void
open_chat (const char *title)
{
  g_signal_emit_by_name (sidebar_list (), "row-activated", sidebar_row (title));
  if (!spark_test_wait_until (is_shown, (gpointer) title, TIMEOUT_MS)
      || !spark_test_wait_until (last_on_screen, NULL, TIMEOUT_MS))
    g_error ("“%s” did not open at its end", title);
}

static void
scroll_to_top (void)
{
  /* A person scrolls after the frame that showed the chat, not in it. */
  spark_test_iterate (100);
  if (!spark_test_wait_until (dragged_to_top, NULL, TIMEOUT_MS))
    g_error ("Scrolling to the top did not show the first message (value %.0f of %.0f, %u messages)",
             gtk_adjustment_get_value (vadjustment ()), gtk_adjustment_get_upper (vadjustment ()),
             g_list_model_get_n_items (G_LIST_MODEL (shown ())));
}

static void
scroll_to_end (void)
{
  spark_test_iterate (100);
  if (!spark_test_wait_until (dragged_to_end, NULL, TIMEOUT_MS))
    g_error ("Scrolling back did not show the last message");
}

/* Message rows alive in the list. */
static guint
n_rows (void)
{
  return spark_ui_test_count_message_rows (GTK_WIDGET (chat_view ()));
}

/* ------------------------------------------------------------------ */
/* Figures                                                            */

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  guint i;

  if (values->len == 0)
    return 0;
  g_array_sort (values, cmp_double);
  i = (guint) (p * (values->len - 1) + 0.5);
  return g_array_index (values, double, MIN (i, values->len - 1));
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), cmp_double);
  return values[n / 2];
}

/* Resident memory in MiB, after giving freed heap back to the system so
 * that only live memory counts. */
static double
rss_mib (void)
{
  g_autofree char *status = NULL;
  const char      *line;

  malloc_trim (0);
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0;
}

/* --- First paint ---------------------------------------------------- */

typedef struct
{
  const char *title;
  gint64      start;
  gint64      painted;
} PaintWait;

static void
after_paint_cb (GdkFrameClock *clock,
                PaintWait     *wait)
{
  if (wait->painted == 0 && is_shown ((gpointer) wait->title) && last_on_screen (NULL))
    wait->painted = g_get_monotonic_time ();
}

static gboolean
painted (gpointer data)
{
  return ((PaintWait *) data)->painted != 0;
}

/* Milliseconds from choosing @title in the sidebar to the end of the
 * first frame that shows its last message. */
static double
first_paint_ms (const char *title)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window ()));
  PaintWait      wait = { title, 0, 0 };
  gulong         id = g_signal_connect_after (clock, "after-paint", G_CALLBACK (after_paint_cb), &wait);

  wait.start = g_get_monotonic_time ();
  g_signal_emit_by_name (sidebar_list (), "row-activated", sidebar_row (title));
  if (!spark_test_wait_until (painted, &wait, TIMEOUT_MS))
    g_error ("“%s” never showed its last message", title);
  g_signal_handler_disconnect (clock, id);
  /* Let it settle (rows measured, follow to the end) before the next run. */
  spark_test_iterate (300);
  return (wait.painted - wait.start) / 1000.0;
}

/* --- Frame work ------------------------------------------------------ */

typedef struct
{
  gint64  frame_start; /* first phase of the current frame, 0: none yet */
  gint64  last_end;
  GArray *work;      /* ms from a frame's first phase to its painted end */
  GArray *intervals; /* ms between the ends of consecutive frames */
} FrameLog;

static void
phase_cb (GdkFrameClock *clock,
          FrameLog      *log)
{
  if (log->frame_start == 0)
    log->frame_start = g_get_monotonic_time ();
}

static void
frame_end_cb (GdkFrameClock *clock,
              FrameLog      *log)
{
  gint64 now = g_get_monotonic_time ();
  double work = log->frame_start ? (now - log->frame_start) / 1000.0 : 0;
  double interval = log->last_end ? (now - log->last_end) / 1000.0 : 0;

  if (log->frame_start != 0)
    g_array_append_val (log->work, work);
  if (log->last_end != 0)
    g_array_append_val (log->intervals, interval);
  log->frame_start = 0;
  log->last_end = now;
}

static const char *phases[] = { "flush-events", "before-paint", "update", "layout", "paint" };

static void
log_start (FrameLog *log,
           GArray   *ids)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window ()));
  gulong         id;

  log->frame_start = 0;
  log->last_end = 0;
  log->work = g_array_new (FALSE, FALSE, sizeof (double));
  log->intervals = g_array_new (FALSE, FALSE, sizeof (double));
  /* Before GTK's own handlers where it can be (they connect at realize;
   * G_CONNECT_AFTER on after-paint runs last). */
  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    {
      id = g_signal_connect (clock, phases[i], G_CALLBACK (phase_cb), log);
      g_array_append_val (ids, id);
    }
  id = g_signal_connect_after (clock, "after-paint", G_CALLBACK (frame_end_cb), log);
  g_array_append_val (ids, id);
}

static void
log_stop (GArray *ids)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window ()));

  for (guint i = 0; i < ids->len; i++)
    g_signal_handler_disconnect (clock, g_array_index (ids, gulong, i));
  g_array_set_size (ids, 0);
}

static void
log_print (const char *what,
           FrameLog   *log)
{
  guint over = 0;

  for (guint i = 0; i < log->work->len; i++)
    over += g_array_index (log->work, double, i) > 16.0;
  printf ("  %-34s %4u frames: work p50 %5.2f ms, p99 %6.2f ms, max %6.2f ms (%u over 16 ms);"
          " frame interval p50 %5.1f ms, p99 %6.1f ms, max %6.1f ms\n",
          what, log->work->len, percentile (log->work, 0.5), percentile (log->work, 0.99),
          percentile (log->work, 1.0), over, percentile (log->intervals, 0.5),
          percentile (log->intervals, 0.99), percentile (log->intervals, 1.0));
}

static void
log_free (FrameLog *log)
{
  g_array_unref (log->work);
  g_array_unref (log->intervals);
}

typedef struct
{
  guint    frames;
  gboolean done;
} Scroll;

/* Scrolls up by 40 px a frame, as a steady touchpad swipe would. */
static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  Scroll        *scroll = user_data;
  GtkAdjustment *adj = vadjustment ();

  gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) - 40);
  if (++scroll->frames >= SCROLL_FRAMES)
    {
      scroll->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
not_busy (gpointer data)
{
  return !spark_composer_get_busy (composer ());
}

static gboolean
reply_started (gpointer data)
{
  SparkMessage *last = shown () ? spark_conversation_get_last (shown ()) : NULL;

  return last != NULL && spark_message_get_role (last) == SPARK_ROLE_ASSISTANT
         && spark_message_get_text_length (last) > 0;
}

/* A long markdown reply: headings, paragraphs, lists, code and a table. */
static char *
long_reply (guint n_sections)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_sections; i++)
    {
      g_string_append_printf (text, "## Day %u: the old town and the river\n\n", i + 1);
      g_string_append (text, "Start early, before the tour groups: the light on the river is best before nine, "
                             "and the cafés by the bridge open at half past seven. Walk up through the lanes "
                             "rather than taking the tram, which is full by then.\n\n");
      g_string_append (text, "1. **Morning**: the cathedral terrace, then the market hall for breakfast.\n"
                             "2. **Midday**: the tile museum; the café in its cloister is quiet.\n"
                             "3. **Afternoon**: a boat up the river, about two hours, *book ahead*.\n"
                             "4. **Evening**: dinner in the lower town; ask for the fish of the day.\n\n");
      if (i % 3 == 1)
        g_string_append (text, "```python\nbudget = {\"boat\": 18, \"museum\": 5, \"dinner\": 35}\n"
                               "total = sum (budget.values ())\nprint (f\"Day total: {total} EUR\")\n```\n\n");
      if (i % 4 == 2)
        g_string_append (text, "| Place | Opens | Price |\n|---|---|---|\n| Museum | 10:00 | 5 € |\n"
                               "| Boat | 11:00 | 18 € |\n| Terrace | 08:00 | free |\n\n");
      g_string_append (text, "> Tip: most museums are free on the first Sunday of the month, "
                             "but the queues are long.\n\n");
    }
  return g_string_free (text, FALSE);
}

/* ------------------------------------------------------------------ */

static int
fill (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkStore) store = spark_store_test_open (path, &error);

  if (store == NULL)
    g_error ("Could not open %s: %s", path, error->message);
  for (guint i = 0; i < G_N_ELEMENTS (chats); i++)
    g_free (spark_long_chat_fill (store, chats[i].title, chats[i].n_messages));
  spark_store_close (store);
  return 0;
}

static void
fill_in_child (const char *self_exe,
               const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_exe, "--fill", path, NULL);

  if (child == NULL || !g_subprocess_wait_check (child, NULL, &error))
    g_error ("Could not write the history: %s", error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *exe = NULL;
  char            *dir;
  g_autofree char *db_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gulong));
  double rss_empty, rss_small, rss_long;

  if (argc == 3 && g_str_equal (argv[1], "--fill"))
    return fill (argv[2]);

  /* Lines as they come, when the output is a pipe (meson). */
  setvbuf (stdout, NULL, _IOLBF, 0);

  /* Figures from a busy machine are slower; say how busy it was. */
  {
    g_autofree char *load = NULL;
    if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
      printf ("Load average at start: %s\n", g_strstrip (load));
  }
#ifdef NDEBUG
  printf ("Build: NDEBUG\n");
#endif
  printf ("GTK %u.%u.%u, renderer: %s\n", gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
          g_getenv ("GDK_DEBUG") && strstr (g_getenv ("GDK_DEBUG"), "gl-disable") ? "cairo (GL disabled)" : "default");

  /* A history of its own, written by a child process. */
  dir = spark_test_dir_new ();
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  db_dir = g_build_filename (dir, "spark", NULL);
  g_mkdir_with_parents (db_dir, 0700);
  db_path = g_build_filename (db_dir, "spark.db", NULL);
  exe = g_file_read_link ("/proc/self/exe", NULL);
  fill_in_child (exe ? exe : argv[0], db_path);

  gtk_init ();
  service_start ();
  app = spark_ui_test_app_new (service);
  gtk_window_present (GTK_WINDOW (window ()));
  if (!spark_test_wait_until (all_listed, NULL, TIMEOUT_MS))
    g_error ("The sidebar did not list the chats");
  spark_test_iterate (1000);

  /* --- Memory, first, while nothing else has been open ------------- */
  if (part ("memory"))
    {
      double rss_open, rss_top;
      guint  rows_open, rows_top, rows_long;

      rss_empty = rss_mib ();
      open_chat (chats[0].title);
      spark_test_iterate (500);
      rss_small = rss_mib ();
      open_chat (chats[1].title);
      spark_test_iterate (500);
      rss_open = rss_mib ();
      rows_open = n_rows ();
      scroll_to_top ();
      spark_test_iterate (500);
      rss_top = rss_mib ();
      rows_top = n_rows ();
      scroll_to_end ();
      spark_test_iterate (500);
      rss_long = rss_mib ();
      rows_long = n_rows ();
      printf ("\nMemory (VmRSS after malloc_trim; target ≤ +30 MB; G_SLICE=%s):\n"
              "  reference, empty window:                %6.1f MiB\n"
              "  with the 10-message chat open:          %6.1f MiB (%+.1f)\n"
              "  the 2,000-message chat just opened:     %6.1f MiB (%+.1f), %u message rows\n"
              "  ... scrolled to its first message:      %6.1f MiB (%+.1f), %u message rows\n"
              "  ... and back to its end:                %6.1f MiB (%+.1f), %u message rows\n",
              g_getenv ("G_SLICE") ? g_getenv ("G_SLICE") : "(GLib's default)",
              rss_empty, rss_small, rss_small - rss_empty, rss_open, rss_open - rss_empty, rows_open,
              rss_top, rss_top - rss_empty, rows_top, rss_long, rss_long - rss_empty, rows_long);
    }

  /* --- First paint ---------------------------------------------------- */
  if (part ("paint"))
    {
      double big[RUNS], small[RUNS], first_big;

      for (guint r = 0; r < RUNS; r++)
        {
          small[r] = first_paint_ms (chats[0].title);
          big[r] = first_paint_ms (chats[2].title);
        }
      first_big = big[0];
      printf ("\nFirst paint, sidebar choice to the first frame showing the last message (median of %d; target ≤ 150 ms):\n"
              "  10,000-message chat: %7.1f ms (first time %.1f ms)\n"
              "  reference, 10-message chat: %7.1f ms — ratio %.1f×\n",
              RUNS, median (big, RUNS), first_big, median (small, RUNS), median (big, RUNS) / median (small, RUNS));
    }

  /* --- Frame work ------------------------------------------------------ */
  if (!part ("frames"))
    goto out;
  printf ("\nFrame work in the 2,000-message chat (target p99 ≤ 16 ms):\n");
  open_chat (chats[1].title);
  spark_test_iterate (500);
  {
    FrameLog log;
    Scroll   scroll = { 0, FALSE };

    log_start (&log, ids);
    gtk_widget_add_tick_callback (GTK_WIDGET (chat_view ()), scroll_tick_cb, &scroll, NULL);
    if (!spark_test_wait_until (spark_test_flag_is_set, &scroll.done, TIMEOUT_MS))
      g_error ("Scrolling did not finish");
    log_stop (ids);
    log_print ("reference, scrolling 40 px/frame", &log);
    log_free (&log);
  }
  {
    FrameLog         log;
    g_autofree char *text = long_reply (40);
    SparkFakeReply  *reply = spark_fake_reply_new (text);
    g_auto (GStrv) tokens = spark_fake_split_tokens (text);
    gint64 start;
    double seconds;

    spark_message_list_scroll_to_end (chat_view ());
    spark_test_iterate (500);
    reply->tokens_per_second = 2000;
    on_service_thread (push_reply_cb, reply);
    spark_composer_set_text (composer (), "Plan forty days along the river, with costs.");
    start = g_get_monotonic_time ();
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer ()), "composer.send", NULL));
    if (!spark_test_wait_until (reply_started, NULL, TIMEOUT_MS))
      g_error ("The reply did not start");
    log_start (&log, ids);
    if (!spark_test_wait_until (not_busy, NULL, TIMEOUT_MS))
      g_error ("The reply did not finish");
    log_stop (ids);
    seconds = (g_get_monotonic_time () - start) / 1e6;
    {
      g_autofree char *what = g_strdup_printf ("streaming %u tokens at 2,000/s", g_strv_length (tokens));
      log_print (what, &log);
    }
    printf ("  (the reply took %.2f s: %.0f tokens/s arrived; last row shows it whole: %s)\n", seconds,
            g_strv_length (tokens) / seconds, last_on_screen (NULL) ? "yes" : "no");
    log_free (&log);
  }

out:
  gtk_window_destroy (GTK_WINDOW (window ()));
  g_clear_object (&app);
  service_stop ();
  spark_test_dir_free (dir);
  return 0;
}
