/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The conversations sidebar: stored chats grouped by date (Pinned, Today,
 * Yesterday, Previous 7 Days, Older) with rename (inline), pin and delete
 * (with Undo), and full-text search whose results show the matching words
 * highlighted — with Pango attributes, never markup, since snippets are
 * model text. Emits ::conversation-activated (id, message id or NULL). */
#include "config.h"

#include <glib/gi18n.h>

#include "spark-sidebar.h"

struct _SparkSidebar
{
  GtkWidget parent_instance;

  SparkStore         *store;
  GListModel         *conversations;
  GtkFilterListModel *visible;
  GtkCustomFilter    *filter;
  char               *active_id;
  char               *pending_delete;
  AdwToast           *delete_toast;
  GCancellable       *list_cancellable;
  GCancellable       *search_cancellable;

  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  GtkListBox     *list_box;
  GtkListBox     *results_box;
};

G_DEFINE_FINAL_TYPE (SparkSidebar, spark_sidebar, GTK_TYPE_WIDGET)

enum
{
  CONVERSATION_ACTIVATED,
  CONVERSATION_RENAMED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ */
/* Rows                                                               */

#define ROW_ID_KEY "spark-conversation-id"

static const char *
row_id (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), ROW_ID_KEY);
}

static void
rename_commit (GtkEntry     *entry,
               SparkSidebar *self)
{
  GtkWidget       *row = gtk_widget_get_ancestor (GTK_WIDGET (entry), GTK_TYPE_LIST_BOX_ROW);
  GtkStack        *stack = GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (entry)));
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (!gtk_widget_get_visible (GTK_WIDGET (stack)) || g_strcmp0 (gtk_stack_get_visible_child_name (stack), "edit") != 0)
    return;
  gtk_stack_set_visible_child_name (stack, "label");
  if (*title == '\0' || self->store == NULL)
    return;
  gtk_label_set_text (GTK_LABEL (gtk_stack_get_child_by_name (stack, "label")), title);
  spark_store_rename_conversation (self->store, row_id (row), title);
  g_signal_emit (self, signals[CONVERSATION_RENAMED], 0, row_id (row), title);
  spark_sidebar_reload (self);
}

static gboolean
rename_key_cb (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               GtkStack              *stack)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;
  gtk_stack_set_visible_child_name (stack, "label");
  return TRUE;
}

static void
start_rename (GtkWidget *row)
{
  GtkStack  *stack = g_object_get_data (G_OBJECT (row), "title-stack");
  GtkWidget *entry = gtk_stack_get_child_by_name (stack, "edit");
  GtkWidget *label = gtk_stack_get_child_by_name (stack, "label");

  gtk_editable_set_text (GTK_EDITABLE (entry), gtk_label_get_text (GTK_LABEL (label)));
  gtk_stack_set_visible_child_name (stack, "edit");
  gtk_widget_grab_focus (entry);
}

static void
forget_toast (SparkSidebar *self)
{
  /* The toast may stay on screen until it times out, but it no longer
   * speaks for any deletion. (No adw_toast_dismiss: in libadwaita 1.2
   * dismissing a toast mid-animation can crash.) */
  if (self->delete_toast != NULL)
    g_signal_handlers_disconnect_by_data (self->delete_toast, self);
  self->delete_toast = NULL;
}

void
spark_sidebar_undo_delete (SparkSidebar *self)
{
  g_return_if_fail (SPARK_IS_SIDEBAR (self));

  forget_toast (self);
  g_clear_pointer (&self->pending_delete, g_free);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
}

static void
commit_delete (SparkSidebar *self)
{
  forget_toast (self);
  if (self->pending_delete != NULL && self->store != NULL)
    {
      spark_store_delete_conversation (self->store, self->pending_delete);
      g_clear_pointer (&self->pending_delete, g_free);
      spark_sidebar_reload (self);
    }
}

static void
delete_row (SparkSidebar *self,
            GtkWidget    *row)
{
  GtkWidget       *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  GtkStack        *stack = g_object_get_data (G_OBJECT (row), "title-stack");
  const char      *title = gtk_label_get_text (GTK_LABEL (gtk_stack_get_child_by_name (stack, "label")));
  g_autofree char *message = g_strdup_printf (_ ("“%s” deleted"), title);
  AdwToast        *toast;

  /* One undoable deletion at a time: an earlier one is final now. */
  commit_delete (self);

  self->pending_delete = g_strdup (row_id (row));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_MORE_STRICT);

  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _ ("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (spark_sidebar_undo_delete), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (commit_delete), self, G_CONNECT_SWAPPED);
  self->delete_toast = toast;
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    commit_delete (self);
}

static void
row_action_cb (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  GtkWidget    *row = user_data;
  SparkSidebar *self = SPARK_SIDEBAR (gtk_widget_get_ancestor (row, SPARK_TYPE_SIDEBAR));
  const char   *name = g_action_get_name (G_ACTION (action));

  if (self == NULL || self->store == NULL)
    return;
  if (g_str_equal (name, "rename"))
    start_rename (row);
  else if (g_str_equal (name, "pin"))
    {
      gboolean pinned = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "pinned"));
      spark_store_pin_conversation (self->store, row_id (row), !pinned);
      spark_sidebar_reload (self);
    }
  else if (g_str_equal (name, "delete"))
    delete_row (self, row);
}

static GMenuModel *
row_menu (gboolean pinned)
{
  GMenu *menu = g_menu_new ();

  g_menu_append (menu, _ ("_Rename"), "row.rename");
  g_menu_append (menu, pinned ? _ ("_Unpin") : _ ("_Pin to Top"), "row.pin");
  g_menu_append (menu, _ ("_Delete"), "row.delete");
  return G_MENU_MODEL (menu);
}

static void
row_right_click_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    GtkWidget       *menu_button)
{
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
}

static GtkWidget *
create_conversation_row (gpointer item,
                         gpointer user_data)
{
  SparkSidebar          *self = user_data;
  SparkConversationInfo *info = item;
  const char            *title = spark_conversation_info_get_title (info);
  gboolean               pinned = spark_conversation_info_get_pinned (info);
  GtkWidget             *row = gtk_list_box_row_new ();
  GtkWidget             *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget             *stack = gtk_stack_new ();
  GtkWidget             *label = gtk_label_new (title && *title ? title : _ ("Untitled Chat"));
  GtkWidget             *entry = gtk_entry_new ();
  GtkWidget             *menu_button = gtk_menu_button_new ();
  g_autoptr (GMenuModel) menu = row_menu (pinned);
  g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture         *right_click = gtk_gesture_click_new ();
  const GActionEntry  entries[] = {
     { "rename", row_action_cb, NULL, NULL, NULL },
     { "pin", row_action_cb, NULL, NULL, NULL },
     { "delete", row_action_cb, NULL, NULL, NULL },
  };

  g_object_set_data_full (G_OBJECT (row), ROW_ID_KEY, g_strdup (spark_conversation_info_get_id (info)), g_free);
  g_object_set_data (G_OBJECT (row), "pinned", GINT_TO_POINTER (pinned));
  g_object_set_data (G_OBJECT (row), "title-stack", stack);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (spark_mode_get_info (spark_conversation_info_get_mode (info))->icon_name));

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_stack_add_named (GTK_STACK (stack), label, "label");
  gtk_stack_add_named (GTK_STACK (stack), entry, "edit");
  gtk_widget_set_hexpand (stack, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Conversation title"), -1);
  g_signal_connect_object (entry, "activate", G_CALLBACK (rename_commit), self, 0);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (rename_key_cb), stack);
  gtk_widget_add_controller (entry, keys);
  gtk_box_append (GTK_BOX (box), stack);

  if (pinned)
    {
      GtkWidget *pin = gtk_image_new_from_icon_name ("view-pin-symbolic");
      gtk_widget_set_tooltip_text (pin, _ ("Pinned"));
      gtk_box_append (GTK_BOX (box), pin);
    }

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), menu);
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_widget_set_tooltip_text (menu_button, _ ("Conversation Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Conversation Menu"), -1);
  gtk_box_append (GTK_BOX (box), menu_button);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (right_click), GDK_BUTTON_SECONDARY);
  g_signal_connect (right_click, "pressed", G_CALLBACK (row_right_click_cb), menu_button);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (right_click));

  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), row);
  gtk_widget_insert_action_group (row, "row", G_ACTION_GROUP (group));

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

typedef enum
{
  GROUP_PINNED,
  GROUP_TODAY,
  GROUP_YESTERDAY,
  GROUP_WEEK,
  GROUP_OLDER,
} Group;

static Group
group_of (SparkConversationInfo *info)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) when = g_date_time_to_local (spark_conversation_info_get_updated (info));
  g_autoptr (GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                       g_date_time_get_day_of_month (now), 0, 0, 0);
  GTimeSpan before_today = g_date_time_difference (today, when);

  if (spark_conversation_info_get_pinned (info))
    return GROUP_PINNED;
  if (before_today <= 0)
    return GROUP_TODAY;
  if (before_today <= G_TIME_SPAN_DAY)
    return GROUP_YESTERDAY;
  if (before_today <= 6 * G_TIME_SPAN_DAY)
    return GROUP_WEEK;
  return GROUP_OLDER;
}

static SparkConversationInfo *
info_at (SparkSidebar  *self,
         GtkListBoxRow *row)
{
  return g_list_model_get_item (G_LIST_MODEL (self->visible), gtk_list_box_row_get_index (row));
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  SparkSidebar *self = user_data;
  g_autoptr (SparkConversationInfo) info = info_at (self, row);
  g_autoptr (SparkConversationInfo) prev = before ? info_at (self, before) : NULL;
  static const char *titles[] = { N_ ("Pinned"), N_ ("Today"), N_ ("Yesterday"), N_ ("Previous 7 Days"), N_ ("Older") };
  Group              group;
  GtkWidget         *header;

  if (info == NULL)
    return;
  group = group_of (info);
  if (prev != NULL && group_of (prev) == group)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (gettext (titles[group]));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "sidebar-group");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_add_css_class (header, "caption-heading");
  gtk_list_box_row_set_header (row, header);
}

static gboolean
not_pending_delete (gpointer item,
                    gpointer user_data)
{
  SparkSidebar *self = user_data;
  return g_strcmp0 (spark_conversation_info_get_id (item), self->pending_delete) != 0;
}

static void
select_active (SparkSidebar *self)
{
  GtkListBoxRow *row;

  gtk_list_box_unselect_all (self->list_box);
  if (self->active_id == NULL)
    return;
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
    if (g_strcmp0 (row_id (GTK_WIDGET (row)), self->active_id) == 0)
      {
        gtk_list_box_select_row (self->list_box, row);
        break;
      }
}

static void
update_page (SparkSidebar *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (*query != '\0')
    return;
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->visible)) > 0 ? "list" : "empty");
}

static void
list_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  SparkSidebar *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) conversations = spark_store_list_conversations_finish (SPARK_STORE (source), res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->list_cancellable);
  if (conversations == NULL)
    {
      g_warning ("Could not list conversations: %s", error->message);
      return;
    }
  g_set_object (&self->conversations, conversations);
  gtk_filter_list_model_set_model (self->visible, conversations);
  select_active (self);
  update_page (self);
}

void
spark_sidebar_reload (SparkSidebar *self)
{
  g_return_if_fail (SPARK_IS_SIDEBAR (self));

  if (self->store == NULL)
    return;
  if (self->list_cancellable != NULL)
    g_cancellable_cancel (self->list_cancellable);
  g_set_object (&self->list_cancellable, g_cancellable_new ());
  /* The sidebar lives as long as the window; the cancellable covers the rest. */
  spark_store_list_conversations_async (self->store, self->list_cancellable, list_cb, self);
}

void
spark_sidebar_set_store (SparkSidebar *self,
                         SparkStore   *store)
{
  g_return_if_fail (SPARK_IS_SIDEBAR (self));

  if (g_set_object (&self->store, store))
    spark_sidebar_reload (self);
}

void
spark_sidebar_set_active (SparkSidebar *self,
                          const char   *conversation_id)
{
  g_return_if_fail (SPARK_IS_SIDEBAR (self));

  g_free (self->active_id);
  self->active_id = g_strdup (conversation_id);
  select_active (self);
}

void
spark_sidebar_focus_search (SparkSidebar *self)
{
  g_return_if_fail (SPARK_IS_SIDEBAR (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

const char *
spark_sidebar_get_pending_delete (SparkSidebar *self)
{
  g_return_val_if_fail (SPARK_IS_SIDEBAR (self), NULL);
  return self->pending_delete;
}

static void
row_activated_cb (SparkSidebar  *self,
                  GtkListBoxRow *row)
{
  g_signal_emit (self, signals[CONVERSATION_ACTIVATED], 0, row_id (GTK_WIDGET (row)), NULL);
}

/* ------------------------------------------------------------------ */
/* Search                                                             */

/* The snippet without the match markers, and bold attributes where they were. */
static char *
snippet_text (const char     *snippet,
              PangoAttrList **attrs)
{
  GString *text = g_string_new (NULL);
  gsize    start = 0;
  gboolean inside = FALSE;

  *attrs = pango_attr_list_new ();
  for (const char *p = snippet; *p != '\0';)
    {
      if (g_str_has_prefix (p, SPARK_STORE_MATCH_START))
        {
          start = text->len;
          inside = TRUE;
          p += strlen (SPARK_STORE_MATCH_START);
        }
      else if (g_str_has_prefix (p, SPARK_STORE_MATCH_END))
        {
          if (inside)
            {
              PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
              PangoAttribute *under = pango_attr_underline_new (PANGO_UNDERLINE_SINGLE);

              bold->start_index = under->start_index = start;
              bold->end_index = under->end_index = text->len;
              pango_attr_list_insert (*attrs, bold);
              pango_attr_list_insert (*attrs, under);
            }
          inside = FALSE;
          p += strlen (SPARK_STORE_MATCH_END);
        }
      else
        {
          const char *next = g_utf8_next_char (p);
          g_string_append_len (text, p, next - p);
          p = next;
        }
    }
  return g_string_free (text, FALSE);
}

static GtkWidget *
create_result_row (gpointer item,
                   gpointer user_data)
{
  SparkSearchHit  *hit = item;
  const char      *title = spark_search_hit_get_conversation_title (hit);
  GtkWidget       *row = gtk_list_box_row_new ();
  GtkWidget       *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget       *title_label = gtk_label_new (title && *title ? title : _ ("Untitled Chat"));
  PangoAttrList   *attrs = NULL;
  g_autofree char *text = snippet_text (spark_search_hit_get_snippet (hit), &attrs);
  GtkWidget       *snippet = gtk_label_new (text);

  g_object_set_data_full (G_OBJECT (row), ROW_ID_KEY, g_strdup (spark_search_hit_get_conversation_id (hit)), g_free);
  g_object_set_data_full (G_OBJECT (row), "message-id", g_strdup (spark_search_hit_get_message_id (hit)), g_free);

  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title_label, "heading");
  gtk_label_set_xalign (GTK_LABEL (snippet), 0);
  gtk_label_set_wrap (GTK_LABEL (snippet), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (snippet), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (snippet), 3);
  gtk_label_set_ellipsize (GTK_LABEL (snippet), PANGO_ELLIPSIZE_END);
  gtk_label_set_attributes (GTK_LABEL (snippet), attrs);
  pango_attr_list_unref (attrs);
  gtk_widget_add_css_class (snippet, "caption");

  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), snippet);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
search_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  SparkSidebar *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) hits = spark_store_search_finish (SPARK_STORE (source), res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->search_cancellable);
  if (hits == NULL)
    {
      g_warning ("Search failed: %s", error->message);
      return;
    }
  gtk_list_box_bind_model (self->results_box, hits, create_result_row, self, NULL);
  gtk_stack_set_visible_child_name (self->stack, g_list_model_get_n_items (hits) > 0 ? "results" : "no-results");
}

static void
search_changed_cb (SparkSidebar *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (*query == '\0' || self->store == NULL)
    {
      update_page (self);
      return;
    }
  /* Typing fast: each new query cancels the one before. */
  self->search_cancellable = g_cancellable_new ();
  spark_store_search_async (self->store, query, 50, self->search_cancellable, search_cb, self);
}

static void
stop_search_cb (SparkSidebar *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
search_activate_cb (SparkSidebar *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results_box, 0);

  if (first != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "results") == 0)
    g_signal_emit_by_name (self->results_box, "row-activated", first);
}

static void
result_activated_cb (SparkSidebar  *self,
                     GtkListBoxRow *row)
{
  g_signal_emit (self, signals[CONVERSATION_ACTIVATED], 0,
                 row_id (GTK_WIDGET (row)), g_object_get_data (G_OBJECT (row), "message-id"));
}

/* ------------------------------------------------------------------ */

static void
rename_selected (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SparkSidebar  *self = SPARK_SIDEBAR (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list_box);

  if (row != NULL)
    start_rename (GTK_WIDGET (row));
}

static void
delete_selected (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SparkSidebar  *self = SPARK_SIDEBAR (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list_box);

  if (row != NULL && gtk_widget_has_focus (GTK_WIDGET (row)))
    delete_row (self, GTK_WIDGET (row));
}

static void
spark_sidebar_dispose (GObject *object)
{
  SparkSidebar *self = SPARK_SIDEBAR (object);
  GtkWidget    *child;

  if (self->list_cancellable != NULL)
    g_cancellable_cancel (self->list_cancellable);
  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->search_cancellable);
  /* A deletion still waiting for Undo happens now. */
  if (self->pending_delete != NULL && self->store != NULL)
    spark_store_delete_conversation (self->store, self->pending_delete);
  g_clear_pointer (&self->pending_delete, g_free);
  forget_toast (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SPARK_TYPE_SIDEBAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->visible);
  g_clear_object (&self->conversations);
  g_clear_object (&self->store);
  g_clear_pointer (&self->active_id, g_free);

  G_OBJECT_CLASS (spark_sidebar_parent_class)->dispose (object);
}

static void
spark_sidebar_class_init (SparkSidebarClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spark_sidebar_dispose;

  /* A conversation was chosen: its id, and the message to show (a search hit) or NULL. */
  signals[CONVERSATION_ACTIVATED] =
    g_signal_new ("conversation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /* A conversation got a new title (id, title). */
  signals[CONVERSATION_RENAMED] =
    g_signal_new ("conversation-renamed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sparkdesk/Spark/ui/spark-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, SparkSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SparkSidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, SparkSidebar, list_box);
  gtk_widget_class_bind_template_child (widget_class, SparkSidebar, results_box);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);

  gtk_widget_class_install_action (widget_class, "sidebar.rename", NULL, rename_selected);
  gtk_widget_class_install_action (widget_class, "sidebar.delete", NULL, delete_selected);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "sidebar.rename", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "sidebar.delete", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sidebar");
}

static void
spark_sidebar_init (SparkSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (not_pending_delete, self, NULL);
  self->visible = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->visible), create_conversation_row, self, NULL);
  gtk_list_box_set_header_func (self->list_box, header_func, self, NULL);
  g_signal_connect_object (self->visible, "items-changed", G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);
  update_page (self);
}
