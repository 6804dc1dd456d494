/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences → Model Services. The list is the SparkProviderList itself
 * (a GListModel) bound to a boxed GtkListBox, so adding, saving and removing
 * anywhere show up here without bookkeeping. Editors open as subpages of the
 * preferences window. */
#include "config.h"

#include <glib/gi18n.h>

#include "spark-services-page.h"

struct _SparkServicesPage
{
  AdwPreferencesPage parent_instance;

  SparkContext *context;
  GMenu        *add_menu;

  /* template children */
  AdwPreferencesGroup *services_group;
  GtkMenuButton       *add_button;
  GtkListBox          *list_box;
  AdwPreferencesGroup *empty_group;
  AdwStatusPage       *empty_page;
  GtkMenuButton       *empty_add_button;
};

G_DEFINE_FINAL_TYPE (SparkServicesPage, spark_services_page, ADW_TYPE_PREFERENCES_PAGE)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define ACTIVE_INDICATOR_KEY "spark-active-indicator"

static SparkProviderList *
get_providers (SparkServicesPage *self)
{
  return self->context != NULL ? spark_context_get_providers (self->context) : NULL;
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  SparkServicesPage *self = user_data;
  SparkProvider     *provider = item;
  GtkWidget         *row = adw_action_row_new ();
  GtkWidget         *indicator = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget         *check = gtk_image_new_from_icon_name ("object-select-symbolic");
  GtkWidget         *label = gtk_label_new (_ ("Active"));
  GtkWidget         *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  /* Names and addresses are typed by people: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_bind_property (provider, "name", row, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (provider, "base-url", row, "subtitle", G_BINDING_SYNC_CREATE);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (check, "accent");
  gtk_box_append (GTK_BOX (indicator), check);
  gtk_box_append (GTK_BOX (indicator), label);
  gtk_widget_set_valign (indicator, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (indicator, provider == spark_provider_list_get_active (get_providers (self)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), indicator);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  g_object_set_data (G_OBJECT (row), ACTIVE_INDICATOR_KEY, indicator);

  gtk_widget_set_tooltip_text (row, _ ("Edit this service"));
  return row;
}

static void
sync_active (SparkServicesPage *self)
{
  SparkProviderList *providers = get_providers (self);
  SparkProvider     *active = spark_provider_list_get_active (providers);
  guint              n = g_list_model_get_n_items (G_LIST_MODEL (providers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SparkProvider) provider = g_list_model_get_item (G_LIST_MODEL (providers), i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list_box, i);
      GtkWidget     *indicator;

      if (row == NULL)
        continue;
      indicator = g_object_get_data (G_OBJECT (row), ACTIVE_INDICATOR_KEY);
      gtk_widget_set_visible (indicator, provider == active);
    }
}

static void
sync_empty (SparkServicesPage *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (get_providers (self))) == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->services_group), !empty);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_group), empty);
}

static void
items_changed_cb (SparkServicesPage *self)
{
  /* Rows made during the change already know the new active one, but a
   * removal can move the active mark to a row that was not remade. */
  sync_active (self);
  sync_empty (self);
}

/**
 * spark_services_page_open_editor:
 * @provider: a provider of the list
 *
 * Shows the editor of @provider as a subpage of the preferences window the
 * page is in.
 *
 * Returns: (transfer none): the editor
 */
SparkProviderEditor *
spark_services_page_open_editor (SparkServicesPage *self,
                                 SparkProvider     *provider)
{
  SparkProviderEditor *editor;
  GtkRoot             *root;

  g_return_val_if_fail (SPARK_IS_SERVICES_PAGE (self), NULL);
  g_return_val_if_fail (SPARK_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (self->context != NULL, NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  g_return_val_if_fail (ADW_IS_PREFERENCES_WINDOW (root), NULL);

  editor = spark_provider_editor_new (self->context, provider);
  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (root), GTK_WIDGET (editor));
  return editor;
}

static void
row_activated_cb (SparkServicesPage *self,
                  GtkListBoxRow     *row)
{
  g_autoptr (SparkProvider) provider = NULL;
  int index = gtk_list_box_row_get_index (row);

  provider = g_list_model_get_item (G_LIST_MODEL (get_providers (self)), index);
  if (provider != NULL)
    spark_services_page_open_editor (self, provider);
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SparkServicesPage *self = SPARK_SERVICES_PAGE (widget);
  const char        *preset_id = g_variant_get_string (param, NULL);
  g_autoptr (SparkProvider) provider = NULL;

  if (self->context == NULL)
    return;

  for (guint i = 0; i < SPARK_N_PROVIDER_PRESETS; i++)
    {
      const SparkProviderPresetInfo *info = spark_provider_preset_get_info (i);

      if (g_str_equal (info->id, preset_id))
        {
          provider = spark_provider_new_from_preset (info->preset);
          break;
        }
    }
  g_return_if_fail (provider != NULL);

  /* The list gives it a unique id ("openai-2") before anything is stored
   * under that id, such as its API key. */
  spark_provider_list_add (get_providers (self), provider);
  spark_services_page_open_editor (self, provider);
}

static void
append_preset (GMenu              *section,
               SparkProviderPreset preset)
{
  const SparkProviderPresetInfo *info = spark_provider_preset_get_info (preset);
  g_autoptr (GMenuItem) item = g_menu_item_new (gettext (info->name), NULL);

  g_menu_item_set_action_and_target_value (item, "services.add", g_variant_new_string (info->id));
  g_menu_append_item (section, item);
}

/* Grouped the way people choose: on this computer, online, or anything else. */
static GMenu *
build_add_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr (GMenu) local = g_menu_new ();
  g_autoptr (GMenu) online = g_menu_new ();
  g_autoptr (GMenu) other = g_menu_new ();

  append_preset (local, SPARK_PROVIDER_PRESET_OLLAMA);
  append_preset (local, SPARK_PROVIDER_PRESET_LLAMACPP);
  append_preset (online, SPARK_PROVIDER_PRESET_OPENAI);
  append_preset (online, SPARK_PROVIDER_PRESET_OPENROUTER);
  append_preset (other, SPARK_PROVIDER_PRESET_CUSTOM);

  g_menu_append_section (menu, _ ("On This Computer"), G_MENU_MODEL (local));
  g_menu_append_section (menu, _ ("Online"), G_MENU_MODEL (online));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (other));
  return menu;
}

SparkContext *
spark_services_page_get_context (SparkServicesPage *self)
{
  g_return_val_if_fail (SPARK_IS_SERVICES_PAGE (self), NULL);
  return self->context;
}

/**
 * spark_services_page_set_context:
 *
 * Shows the services of @context. Set once, by the preferences window.
 */
void
spark_services_page_set_context (SparkServicesPage *self,
                                 SparkContext      *context)
{
  SparkProviderList *providers;

  g_return_if_fail (SPARK_IS_SERVICES_PAGE (self));
  g_return_if_fail (SPARK_IS_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  providers = get_providers (self);

  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (providers), create_row_cb, self, NULL);
  g_signal_connect_object (providers, "notify::active", G_CALLBACK (sync_active), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (providers, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  sync_empty (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

static void
spark_services_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SparkServicesPage *self = SPARK_SERVICES_PAGE (object);

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
spark_services_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SparkServicesPage *self = SPARK_SERVICES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      if (g_value_get_object (value) != NULL)
        spark_services_page_set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_services_page_dispose (GObject *object)
{
  SparkServicesPage *self = SPARK_SERVICES_PAGE (object);

  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPARK_TYPE_SERVICES_PAGE);
  g_clear_object (&self->add_menu);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spark_services_page_parent_class)->dispose (object);
}

static void
spark_services_page_class_init (SparkServicesPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = spark_services_page_get_property;
  object_class->set_property = spark_services_page_set_property;
  object_class->dispose = spark_services_page_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SPARK_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "services.add", "s", add_activated);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sparkdesk/Spark/ui/spark-services-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SparkServicesPage, services_group);
  gtk_widget_class_bind_template_child (widget_class, SparkServicesPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, SparkServicesPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, SparkServicesPage, empty_group);
  gtk_widget_class_bind_template_child (widget_class, SparkServicesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SparkServicesPage, empty_add_button);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
spark_services_page_init (SparkServicesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->add_menu = build_add_menu ();
  gtk_menu_button_set_menu_model (self->add_button, G_MENU_MODEL (self->add_menu));
  gtk_menu_button_set_menu_model (self->empty_add_button, G_MENU_MODEL (self->add_menu));
}
