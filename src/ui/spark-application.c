/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The application: owns the long-lived objects (a SparkContext: settings,
 * client, model services, keyring), app-wide actions, and creates windows. */
#include "config.h"

#include <glib/gi18n.h>

#include "spark-application.h"
#include "spark-context.h"
#include "spark-preferences-window.h"
#include "spark-window.h"

struct _SparkApplication
{
  AdwApplication parent_instance;

  GSettings    *settings;
  SparkContext *context;
};

G_DEFINE_FINAL_TYPE (SparkApplication, spark_application, ADW_TYPE_APPLICATION)

SparkApplication *
spark_application_new (void)
{
  return g_object_new (SPARK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       /* One resource tree for stable and Devel builds. */
                       "resource-base-path", "/io/github/sparkdesk/Spark",
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

SparkContext *
spark_application_get_context (SparkApplication *self)
{
  g_return_val_if_fail (SPARK_IS_APPLICATION (self), NULL);
  return self->context;
}

GSettings *
spark_application_get_settings (SparkApplication *self)
{
  g_return_val_if_fail (SPARK_IS_APPLICATION (self), NULL);
  return self->settings;
}

static GtkWindow *
spark_application_new_window (SparkApplication *self)
{
  return GTK_WINDOW (spark_window_new (self, self->context));
}

static void
spark_application_activate (GApplication *app)
{
  SparkApplication *self = SPARK_APPLICATION (app);
  GtkWindow        *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = spark_application_new_window (self);

  gtk_window_present (window);
}

static void
spark_application_open (GApplication *app,
                        GFile       **files,
                        int           n_files,
                        const char   *hint)
{
  /* Files are attachments once images land; for now just show the window. */
  spark_application_activate (app);
}

static gboolean
color_scheme_get_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char    *nick = g_variant_get_string (variant, NULL);
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (nick, "light"))
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (nick, "dark"))
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  g_value_set_enum (value, scheme);
  return TRUE;
}

static void
new_chat_activated (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  SparkApplication *self = user_data;
  GtkWindow        *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = spark_application_new_window (self);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-chat", NULL);
  gtk_window_present (window);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  SparkApplication       *self = user_data;
  GtkWindow              *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  SparkPreferencesWindow *prefs = spark_preferences_window_new (self->context);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
model_services_activated (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  SparkApplication       *self = user_data;
  GtkWindow              *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  SparkPreferencesWindow *prefs = spark_preferences_window_new (self->context);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "services");
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  SparkApplication *self = user_data;
  GtkWindow        *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char       *developers[] = { "The Spark developers", NULL };
  GtkWidget        *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _ ("Spark"),
                        "application-icon", APP_ID,
                        "version", VERSION,
                        "developer-name", _ ("The Spark developers"),
                        "developers", developers,
                        "copyright", "© 2026 The Spark developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/sparkdesk/spark",
                        "issue-url", "https://github.com/sparkdesk/spark/issues",
                        /* Translators: replace with your names, one per line. */
                        "translator-credits", _ ("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  SparkApplication *self = user_data;
  GList            *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Close windows first so each saves its state, then quit. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_entries[] = {
  { "new-chat", new_chat_activated, NULL, NULL, NULL },
  { "preferences", preferences_activated, NULL, NULL, NULL },
  { "model-services", model_services_activated, NULL, NULL, NULL },
  { "about", about_activated, NULL, NULL, NULL },
  { "quit", quit_activated, NULL, NULL, NULL },
};

static void
store_opened_cb (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr (SparkApplication) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkStore) store = spark_store_open_finish (res, &error);
  GtkWindow *window;

  if (store != NULL)
    {
      spark_context_set_store (self->context, store);
      return;
    }
  /* Chatting still works; say once that nothing will be kept. */
  g_warning ("Could not open the history: %s", error->message);
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (SPARK_IS_WINDOW (window))
    {
      g_autofree char *message = g_strdup_printf (_ ("Spark can’t open its history, so chats won’t be saved: %s"), error->message);
      spark_window_add_toast (SPARK_WINDOW (window), message);
    }
}

static void
spark_application_shutdown (GApplication *app)
{
  SparkApplication *self = SPARK_APPLICATION (app);
  SparkStore       *store = self->context ? spark_context_get_store (self->context) : NULL;

  /* Everything queued reaches the disk before the process ends. */
  if (store != NULL)
    spark_store_close (store);

  G_APPLICATION_CLASS (spark_application_parent_class)->shutdown (app);
}

static void
spark_application_startup (GApplication *app)
{
  SparkApplication  *self = SPARK_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_accels[] = { "<Control>n", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (spark_application_parent_class)->startup (app);

  g_set_application_name (_ ("Spark"));
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);
  self->context = spark_context_new (self->settings);
  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                adw_style_manager_get_default (), "color-scheme",
                                G_SETTINGS_BIND_GET,
                                color_scheme_get_mapping, NULL, NULL, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-chat", new_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);

  /* The history opens off the main thread while the first window shows. */
  spark_store_open_async (NULL, NULL, store_opened_cb, g_object_ref (self));
}

static int
spark_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("spark %s\n", VERSION);
      return 0;
    }
  return -1;
}

static void
spark_application_dispose (GObject *object)
{
  SparkApplication *self = SPARK_APPLICATION (object);

  g_clear_object (&self->context);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (spark_application_parent_class)->dispose (object);
}

static void
spark_application_class_init (SparkApplicationClass *klass)
{
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = spark_application_dispose;
  app_class->startup = spark_application_startup;
  app_class->shutdown = spark_application_shutdown;
  app_class->activate = spark_application_activate;
  app_class->open = spark_application_open;
  app_class->handle_local_options = spark_application_handle_local_options;
}

static void
spark_application_init (SparkApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 'v', 0, G_OPTION_ARG_NONE, NULL, N_ ("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}
