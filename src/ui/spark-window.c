/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: an adaptive split (AdwLeaflet) of the conversations
 * sidebar and the chat side (header + SparkChatView). Saves its size,
 * maximised state and sidebar state in GSettings.
 *
 * The chat itself lives in a SparkChatSession (core), shown and driven by
 * the chat view; the window opens stored chats into it, checks that the
 * model service answers (else the chat view says what to do), fills the
 * model picker, and exports and imports. */
#include "config.h"

#include <glib/gi18n.h>

#include "spark-chat-session.h"
#include "spark-chat-view.h"
#include "spark-error.h"
#include "spark-header-fit.h"
#include "spark-service-check.h"
#include "spark-export-dialogs.h"
#include "spark-sidebar.h"
#include "spark-window.h"

struct _SparkWindow
{
  AdwApplicationWindow parent_instance;

  SparkContext      *context;
  GSettings         *settings;
  SparkChatSession  *session;
  SparkServiceCheck *service_check;
  GCancellable      *load_cancellable; /* the stored chat being opened */
  char              *loading_id;
  gboolean           filling_models;
  SparkConversation *titled_conversation; /* whose title the header shows */

  /* template children */
  AdwToastOverlay *toast_overlay;
  AdwLeaflet      *leaflet;
  GtkWidget       *sidebar_pane;
  GtkWidget       *chat_pane;
  SparkSidebar    *sidebar;
  AdwWindowTitle  *chat_title;
  GtkWidget       *back_button;
  SparkChatView   *chat_view;
  GtkDropDown     *model_dropdown;
  GtkStringList   *model_list;
};

G_DEFINE_FINAL_TYPE (SparkWindow, spark_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SparkWindow *
spark_window_new (SparkApplication *app,
                  SparkContext     *context)
{
  g_return_val_if_fail (SPARK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (SPARK_IS_CONTEXT (context), NULL);

  return g_object_new (SPARK_TYPE_WINDOW,
                       "application", app,
                       "context", context,
                       NULL);
}

/* Toast titles are markup; sentences may quote file names, service
 * names or server messages with & or <. */
static AdwToast *
plain_toast (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

void
spark_window_add_toast (SparkWindow *self,
                        const char  *message)
{
  g_return_if_fail (SPARK_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, plain_toast (message));
}

static gboolean
sidebar_shown (SparkWindow *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    return adw_leaflet_get_visible_child (self->leaflet) == self->sidebar_pane;
  return gtk_widget_get_visible (self->sidebar_pane);
}

static void
sync_sidebar_action (SparkWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "toggle-sidebar");

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action),
                               g_variant_new_boolean (sidebar_shown (self)));
}

static void
set_sidebar_shown (SparkWindow *self,
                   gboolean     shown)
{
  if (adw_leaflet_get_folded (self->leaflet))
    {
      /* Narrow: one pane at a time; "showing the sidebar" navigates to it. */
      gtk_widget_set_visible (self->sidebar_pane, TRUE);
      adw_leaflet_set_visible_child (self->leaflet, shown ? self->sidebar_pane : self->chat_pane);
    }
  else
    {
      gtk_widget_set_visible (self->sidebar_pane, shown);
      g_settings_set_boolean (self->settings, "sidebar-visible", shown);
    }
  sync_sidebar_action (self);
}

static void
leaflet_folded_changed_cb (SparkWindow *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    {
      /* A hidden sidebar would be unreachable when folded. */
      gtk_widget_set_visible (self->sidebar_pane, TRUE);
      adw_leaflet_set_visible_child (self->leaflet, self->chat_pane);
    }
  else
    {
      gtk_widget_set_visible (self->sidebar_pane,
                              g_settings_get_boolean (self->settings, "sidebar-visible"));
    }
  sync_sidebar_action (self);
}

static void
toggle_sidebar_change_state (GSimpleAction *action,
                             GVariant      *state,
                             gpointer       user_data)
{
  set_sidebar_shown (SPARK_WINDOW (user_data), g_variant_get_boolean (state));
}

static void
toggle_sidebar_activated (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  SparkWindow *self = user_data;
  set_sidebar_shown (self, !sidebar_shown (self));
}

static void
show_sidebar_activated (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  set_sidebar_shown (SPARK_WINDOW (user_data), TRUE);
}

/* ------------------------------------------------------------------ */
/* Chat                                                               */

static void
conversation_changed_cb (SparkWindow *self)
{
  SparkConversation *conversation = spark_chat_session_get_conversation (self->session);
  const char        *title = conversation ? spark_conversation_get_title (conversation) : NULL;

  adw_window_title_set_title (self->chat_title, title ? title : _ ("New Chat"));
  spark_sidebar_set_active (self->sidebar, conversation ? spark_conversation_get_id (conversation) : NULL);
  /* A title the service writes later (or a rename) shows at once. */
  if (self->titled_conversation != conversation)
    {
      if (self->titled_conversation != NULL)
        g_signal_handlers_disconnect_by_data (self->titled_conversation, self);
      g_set_object (&self->titled_conversation, conversation);
      if (conversation != NULL)
        g_signal_connect_object (conversation, "notify::title", G_CALLBACK (conversation_changed_cb), self,
                                 G_CONNECT_SWAPPED);
    }
}

/* ------------------------------------------------------------------ */
/* History                                                            */

typedef struct
{
  SparkWindow *self;
  char        *message_id;
} OpenRequest;

static void
open_request_free (OpenRequest *request)
{
  g_object_unref (request->self);
  g_free (request->message_id);
  g_free (request);
}

static void
conversation_loaded_cb (GObject      *source,
                        GAsyncResult *res,
                        gpointer      user_data)
{
  OpenRequest *request = user_data;
  SparkWindow *self = request->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (SparkConversation) conversation = spark_store_load_conversation_finish (SPARK_STORE (source), res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      open_request_free (request);
      return;
    }
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->loading_id, g_free);
  if (conversation == NULL)
    {
      spark_window_add_toast (self, error->message);
      open_request_free (request);
      return;
    }
  spark_chat_session_load (self->session, conversation);
  spark_composer_set_mode (spark_chat_view_get_composer (self->chat_view), spark_conversation_get_mode (conversation));
  if (request->message_id != NULL)
    spark_message_list_show_message (spark_chat_view_get_message_list (self->chat_view), request->message_id);
  else
    spark_message_list_scroll_to_end (spark_chat_view_get_message_list (self->chat_view));
  open_request_free (request);
}

static void
sidebar_activated_cb (SparkWindow *self,
                      const char  *conversation_id,
                      const char  *message_id)
{
  SparkStore        *store = spark_context_get_store (self->context);
  SparkConversation *current = spark_chat_session_get_conversation (self->session);
  OpenRequest       *request;

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->chat_pane);
  if (store == NULL)
    return;
  if (current != NULL && g_strcmp0 (spark_conversation_get_id (current), conversation_id) == 0)
    {
      if (message_id != NULL)
        spark_message_list_show_message (spark_chat_view_get_message_list (self->chat_view), message_id);
      return;
    }

  /* Already on its way: only the message to show may change. */
  if (self->loading_id != NULL && g_str_equal (self->loading_id, conversation_id) && message_id == NULL)
    return;
  /* Only the last chat chosen opens, however fast the clicks. */
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_set_object (&self->load_cancellable, g_cancellable_new ());
  g_free (self->loading_id);
  self->loading_id = g_strdup (conversation_id);

  request = g_new0 (OpenRequest, 1);
  request->self = g_object_ref (self);
  request->message_id = g_strdup (message_id);
  /* The latest messages first (the list loads the older ones behind the
   * first frame); all of them for a search hit, which may be anywhere. */
  spark_store_load_conversation_async (store, conversation_id, message_id ? 0 : SPARK_MESSAGE_LIST_OPEN_MESSAGES,
                                       self->load_cancellable, conversation_loaded_cb, request);
}

static void
sidebar_renamed_cb (SparkWindow *self,
                    const char  *conversation_id,
                    const char  *title)
{
  SparkConversation *current = spark_chat_session_get_conversation (self->session);

  if (current != NULL && g_strcmp0 (spark_conversation_get_id (current), conversation_id) == 0)
    {
      spark_conversation_set_title (current, title);
    }
}

static void
store_changed_cb (SparkWindow *self)
{
  SparkStore *store = spark_context_get_store (self->context);

  spark_sidebar_set_store (self->sidebar, store);
  if (store != NULL)
    g_signal_connect_object (store, "conversations-changed", G_CALLBACK (spark_sidebar_reload),
                             self->sidebar, G_CONNECT_SWAPPED);
}

/* Says that the model can't take images, naming one listed that can. */
static void
needs_vision_model_cb (SparkWindow *self)
{
  SparkProvider *provider = spark_provider_list_get_active (spark_context_get_providers (self->context));
  const char    *model = spark_chat_session_get_effective_model (self->session);
  guint          n = g_list_model_get_n_items (G_LIST_MODEL (self->model_list));
  g_autoptr (GPtrArray) models = g_ptr_array_new ();
  const char      *vision;
  g_autofree char *message = NULL;
  AdwToast        *toast;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (models, (gpointer) gtk_string_list_get_string (self->model_list, i));
  g_ptr_array_add (models, NULL);
  vision = spark_capabilities_pick_vision_model (spark_context_get_capabilities (self->context),
                                                 provider ? spark_provider_get_id (provider) : NULL,
                                                 (const char *const *) models->pdata);
  if (vision != NULL)
    message = g_strdup_printf (_ ("%s can’t look at images. Choose a vision model such as %s."),
                               model ? model : _ ("This model"), vision);
  else
    message = g_strdup_printf (_ ("%s can’t look at images. Choose a vision model such as Gemma 3, Qwen2.5-VL or LLaVA."),
                               model ? model : _ ("This model"));

  toast = plain_toast (message);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  if (vision != NULL)
    {
      adw_toast_set_button_label (toast, _ ("_Switch Model"));
      adw_toast_set_action_name (toast, "win.use-model");
      adw_toast_set_action_target_value (toast, g_variant_new_string (vision));
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void check_service (SparkWindow *self);

static void
session_finished_cb (SparkWindow  *self,
                     const GError *error)
{
  /* A reply that can't reach the service says so in the chat; the
   * header's model picker should also stop pretending all is well. */
  if (error != NULL && error->domain == SPARK_ERROR
      && (error->code == SPARK_ERROR_CANT_CONNECT || error->code == SPARK_ERROR_DNS))
    spark_chat_view_set_online (self->chat_view, FALSE);
  else if (error == NULL && !spark_chat_view_get_online (self->chat_view))
    check_service (self);
}

static void
model_selected_cb (SparkWindow *self)
{
  guint       pos = gtk_drop_down_get_selected (self->model_dropdown);
  const char *model;

  if (self->filling_models || pos == GTK_INVALID_LIST_POSITION)
    return;
  model = gtk_string_list_get_string (self->model_list, pos);
  spark_chat_session_set_model (self->session, model);
  g_settings_set_string (self->settings, "active-model", model);
}

static void
fill_models (SparkWindow       *self,
             const char *const *models)
{
  SparkProvider   *provider = spark_provider_list_get_active (spark_context_get_providers (self->context));
  g_autofree char *wanted = g_settings_get_string (self->settings, "active-model");
  guint            n = g_list_model_get_n_items (G_LIST_MODEL (self->model_list));
  guint            selected = 0;

  if (*wanted == '\0' && provider != NULL)
    {
      g_free (wanted);
      wanted = g_strdup (spark_provider_get_default_model (provider));
    }

  self->filling_models = TRUE;
  gtk_string_list_splice (self->model_list, 0, n, models);
  for (guint i = 0; models[i] != NULL; i++)
    if (g_strcmp0 (models[i], wanted) == 0)
      selected = i;
  gtk_widget_set_visible (GTK_WIDGET (self->model_dropdown), models[0] != NULL);
  self->filling_models = FALSE;

  if (models[0] != NULL)
    {
      gtk_drop_down_set_selected (self->model_dropdown, selected);
      /* Set explicitly: selecting the position already selected notifies nothing. */
      spark_chat_session_set_model (self->session, models[selected]);
    }
}

static void
show_offline (SparkWindow *self,
              const char  *title,
              const char  *description)
{
  spark_chat_view_set_offline_text (self->chat_view, title, description);
  spark_chat_view_set_online (self->chat_view, FALSE);
}

static void
service_checked_cb (SparkWindow       *self,
                    SparkProvider     *provider,
                    const char *const *models,
                    const GError      *error)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  if (provider == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->model_dropdown), FALSE);
      show_offline (self, _ ("No Model Service"),
                    _ ("Spark needs a model service to answer: a local one like Ollama, or an online one like OpenAI."));
      return;
    }
  /* Read aloud only where the service may have a speech endpoint. */
  spark_message_list_update_read_aloud (spark_chat_view_get_message_list (self->chat_view), provider);
  if (models != NULL)
    {
      fill_models (self, models);
      spark_chat_view_set_online (self->chat_view, TRUE);
      return;
    }

  title = g_strdup_printf (_ ("Can’t Reach %s"), spark_provider_get_name (provider));
  if (spark_provider_get_preset (provider) == SPARK_PROVIDER_PRESET_OLLAMA
      && g_error_matches (error, SPARK_ERROR, SPARK_ERROR_CANT_CONNECT))
    description = g_strdup_printf ("%s\n%s", error->message,
                                   _ ("Install Ollama from ollama.com and start it, or add another model service."));
  else
    description = g_strdup (error->message);
  show_offline (self, title, description);
}

/* Asks the active service for its models: fills the picker, or explains
 * why it can't be reached. The rest of the app keeps working meanwhile. */
static void
check_service (SparkWindow *self)
{
  spark_service_check_run (self->service_check);
}

static void
check_service_activated (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  check_service (SPARK_WINDOW (user_data));
}

static void
providers_changed_cb (SparkWindow *self)
{
  check_service (self);
}

static void
use_model_activated (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  SparkWindow *self = user_data;
  const char  *model = g_variant_get_string (param, NULL);
  guint        n = g_list_model_get_n_items (G_LIST_MODEL (self->model_list));

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->model_list, i), model) == 0)
      gtk_drop_down_set_selected (self->model_dropdown, i);
  spark_composer_focus (spark_chat_view_get_composer (self->chat_view));
}

static void
new_chat_activated (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  SparkWindow *self = user_data;

  /* A stored chat still opening would replace the new one. */
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->loading_id, g_free);
  spark_chat_session_new_conversation (self->session);
  conversation_changed_cb (self);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->chat_pane);
  spark_composer_focus (spark_chat_view_get_composer (self->chat_view));
}

static void
focus_search_activated (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  SparkWindow *self = user_data;

  set_sidebar_shown (self, TRUE);
  spark_sidebar_focus_search (self->sidebar);
}

static void
exported_cb (const char *problem,
             const char *saved_name,
             gpointer    user_data)
{
  g_autoptr (SparkWindow) self = user_data;
  g_autofree char *message = NULL;

  if (problem == NULL)
    message = g_strdup_printf (_ ("Saved “%s”"), saved_name);
  spark_window_add_toast (self, problem ? problem : message);
}

static void
export_activated (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  SparkWindow       *self = user_data;
  SparkConversation *conversation = spark_chat_session_get_conversation (self->session);
  gboolean           markdown = g_str_equal (g_variant_get_string (param, NULL), "markdown");

  if (conversation == NULL || g_list_model_get_n_items (G_LIST_MODEL (conversation)) == 0)
    {
      spark_window_add_toast (self, _ ("There is nothing to export yet."));
      return;
    }
  spark_export_dialog_save (GTK_WINDOW (self), conversation, markdown ? SPARK_EXPORT_MARKDOWN : SPARK_EXPORT_JSON,
                            exported_cb, g_object_ref (self));
}

static void
imported_cb (const char *conversation_id,
             const char *problem,
             gpointer    user_data)
{
  g_autoptr (SparkWindow) self = user_data;

  if (conversation_id == NULL)
    {
      /* Nothing was imported; the sentence says why. */
      spark_window_add_toast (self, problem);
      return;
    }
  spark_sidebar_reload (self->sidebar);
  sidebar_activated_cb (self, conversation_id, NULL);
}

static void
import_activated (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  SparkWindow *self = user_data;
  SparkStore  *store = spark_context_get_store (self->context);

  if (store == NULL)
    {
      spark_window_add_toast (self, _ ("The history isn’t open, so nothing can be imported."));
      return;
    }
  spark_export_dialog_import (GTK_WINDOW (self), store, imported_cb, g_object_ref (self));
}

static const GActionEntry win_entries[] = {
  { "new-chat", new_chat_activated, NULL, NULL, NULL },
  { "toggle-sidebar", toggle_sidebar_activated, NULL, "true", toggle_sidebar_change_state },
  { "show-sidebar", show_sidebar_activated, NULL, NULL, NULL },
  { "focus-search", focus_search_activated, NULL, NULL, NULL },
  { "check-service", check_service_activated, NULL, NULL, NULL },
  { "export", export_activated, "s", NULL, NULL },
  { "import", import_activated, NULL, NULL, NULL },
  { "use-model", use_model_activated, "s", NULL, NULL },
};

static void
spark_window_constructed (GObject *object)
{
  SparkWindow *self = SPARK_WINDOW (object);

  G_OBJECT_CLASS (spark_window_parent_class)->constructed (object);

  g_assert (self->settings != NULL);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries,
                                   G_N_ELEMENTS (win_entries), self);

  spark_header_fit_model_picker (self->model_dropdown, GTK_WIDGET (self->chat_title));
  leaflet_folded_changed_cb (self);

  self->session = spark_chat_session_new (self->context);
  g_settings_bind (self->settings, "auto-title", self->session, "auto-title", G_SETTINGS_BIND_GET);
  self->service_check = spark_service_check_new (self->context);
  spark_chat_view_set_session (self->chat_view, self->session, self->context, self->settings);
  g_signal_connect_object (self->service_check, "done", G_CALLBACK (service_checked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::conversation", G_CALLBACK (conversation_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "finished", G_CALLBACK (session_finished_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chat_view, "needs-vision-model", G_CALLBACK (needs_vision_model_cb), self,
                           G_CONNECT_SWAPPED);
  spark_chat_view_accept_drops (self->chat_view, GTK_WIDGET (self));
  g_signal_connect_object (self->sidebar, "conversation-activated", G_CALLBACK (sidebar_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "conversation-renamed", G_CALLBACK (sidebar_renamed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::store", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  store_changed_cb (self);
  g_signal_connect_object (self->model_dropdown, "notify::selected", G_CALLBACK (model_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (spark_context_get_providers (self->context), "notify::active",
                           G_CALLBACK (providers_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (spark_context_get_providers (self->context), "items-changed",
                           G_CALLBACK (providers_changed_cb), self, G_CONNECT_SWAPPED);

  /* Optimistic until the check says otherwise: no flash of "offline". */
  spark_chat_view_set_online (self->chat_view, TRUE);
  conversation_changed_cb (self);
  check_service (self);
}

static gboolean
spark_window_close_request (GtkWindow *window)
{
  SparkWindow *self = SPARK_WINDOW (window);
  int          width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (spark_window_parent_class)->close_request (window);
}

static void
spark_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SparkWindow *self = SPARK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SparkWindow *self = SPARK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      self->settings = g_object_ref (spark_context_get_settings (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_window_dispose (GObject *object)
{
  SparkWindow *self = SPARK_WINDOW (object);

  g_clear_object (&self->service_check);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->loading_id, g_free);
  if (self->session != NULL)
    {
      /* A reply still running stops (and is saved as stopped); whatever it
       * reports later must not reach this disposed window. */
      g_signal_handlers_disconnect_by_data (self->session, self);
      spark_chat_session_stop (self->session);
    }
  g_clear_object (&self->session);
  if (self->titled_conversation != NULL)
    g_signal_handlers_disconnect_by_data (self->titled_conversation, self);
  g_clear_object (&self->titled_conversation);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPARK_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spark_window_parent_class)->dispose (object);
}

static void
spark_window_class_init (SparkWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = spark_window_constructed;
  object_class->get_property = spark_window_get_property;
  object_class->set_property = spark_window_set_property;
  object_class->dispose = spark_window_dispose;
  window_class->close_request = spark_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SPARK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SPARK_TYPE_CHAT_VIEW);
  g_type_ensure (SPARK_TYPE_SIDEBAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sparkdesk/Spark/ui/spark-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, chat_pane);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, chat_title);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, chat_view);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SparkWindow, model_list);

  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-search", NULL);
}

static void
spark_window_init (SparkWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
