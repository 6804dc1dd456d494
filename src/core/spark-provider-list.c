/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SparkProviderList: a GListModel of SparkProvider stored in the `providers`
 * settings key, saved on every change, with the active one in `active-provider`. */
#include "config.h"

#include "spark-provider-list.h"

#define KEY_PROVIDERS "providers"
#define KEY_ACTIVE_PROVIDER "active-provider"
#define KEY_ACTIVE_MODEL "active-model"

struct _SparkProviderList
{
  GObject parent_instance;

  GSettings     *settings;
  GPtrArray     *items;  /* of SparkProvider, owned */
  SparkProvider *active; /* one of items, or NULL when empty */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SparkProviderList, spark_provider_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_ACTIVE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
spark_provider_list_get_item_type (GListModel *model)
{
  return SPARK_TYPE_PROVIDER;
}

static guint
spark_provider_list_get_n_items (GListModel *model)
{
  return SPARK_PROVIDER_LIST (model)->items->len;
}

static gpointer
spark_provider_list_get_item (GListModel *model,
                              guint       position)
{
  SparkProviderList *self = SPARK_PROVIDER_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = spark_provider_list_get_item_type;
  iface->get_n_items = spark_provider_list_get_n_items;
  iface->get_item = spark_provider_list_get_item;
}

static gboolean
find_by_id (SparkProviderList *self,
            const char        *id,
            guint             *position)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      SparkProvider *provider = g_ptr_array_index (self->items, i);

      if (g_str_equal (spark_provider_get_id (provider), id))
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
save (SparkProviderList *self)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < self->items->len; i++)
    g_variant_builder_add_value (&builder, spark_provider_to_variant (g_ptr_array_index (self->items, i)));
  g_settings_set_value (self->settings, KEY_PROVIDERS, g_variant_builder_end (&builder));
}

/* The active provider is the one named in settings, or the first one when
 * that is gone, so there is always one while the list is not empty. */
static void
update_active (SparkProviderList *self)
{
  g_autofree char *active_id = g_settings_get_string (self->settings, KEY_ACTIVE_PROVIDER);
  SparkProvider   *active = NULL;
  guint            position;

  if (find_by_id (self, active_id, &position))
    active = g_ptr_array_index (self->items, position);
  else if (self->items->len > 0)
    active = g_ptr_array_index (self->items, 0);

  if (active == self->active)
    return;

  /* A model name of one service means nothing to another. */
  if (self->active != NULL && (active == NULL || !g_str_equal (spark_provider_get_id (active), spark_provider_get_id (self->active))))
    g_settings_set_string (self->settings, KEY_ACTIVE_MODEL, "");

  self->active = active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static void
provider_notify_cb (SparkProviderList *self,
                    GParamSpec        *pspec,
                    SparkProvider     *provider)
{
  if (provider == self->active && g_str_equal (pspec->name, "id"))
    g_settings_set_string (self->settings, KEY_ACTIVE_PROVIDER, spark_provider_get_id (provider));
  save (self);
}

static void
take_provider (SparkProviderList *self,
               guint              position,
               SparkProvider     *provider)
{
  g_signal_connect_object (provider, "notify", G_CALLBACK (provider_notify_cb), self, G_CONNECT_SWAPPED);
  g_ptr_array_insert (self->items, position, provider);
}

static void
drop_provider (SparkProviderList *self,
               guint              position)
{
  SparkProvider *provider = g_ptr_array_index (self->items, position);

  g_signal_handlers_disconnect_by_data (provider, self);
  g_ptr_array_remove_index (self->items, position);
}

static void
load (SparkProviderList *self)
{
  g_autoptr (GVariant) stored = g_settings_get_value (self->settings, KEY_PROVIDERS);
  g_autoptr (GVariant) user_value = g_settings_get_user_value (self->settings, KEY_PROVIDERS);
  GVariantIter iter;
  GVariant    *dict;

  g_variant_iter_init (&iter, stored);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr (GVariant) owned = dict;
      g_autoptr (GError) error = NULL;
      g_autoptr (SparkProvider) provider = spark_provider_new_from_variant (dict, &error);

      if (provider == NULL)
        {
          g_message ("Skipping a saved model service: %s", error->message);
          continue;
        }
      if (find_by_id (self, spark_provider_get_id (provider), NULL))
        {
          g_message ("Skipping a second saved model service with id '%s'",
                     spark_provider_get_id (provider));
          continue;
        }
      take_provider (self, self->items->len, g_steal_pointer (&provider));
    }

  /* First run: the key was never written. A list the person emptied stays empty. */
  if (self->items->len == 0 && user_value == NULL)
    {
      take_provider (self, 0, spark_provider_new_from_preset (SPARK_PROVIDER_PRESET_OLLAMA));
      save (self);
    }

  update_active (self);
}

static void
spark_provider_list_constructed (GObject *object)
{
  SparkProviderList *self = SPARK_PROVIDER_LIST (object);

  G_OBJECT_CLASS (spark_provider_list_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));
  load (self);
}

static void
spark_provider_list_dispose (GObject *object)
{
  SparkProviderList *self = SPARK_PROVIDER_LIST (object);

  self->active = NULL;
  while (self->items->len > 0)
    drop_provider (self, self->items->len - 1);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (spark_provider_list_parent_class)->dispose (object);
}

static void
spark_provider_list_finalize (GObject *object)
{
  SparkProviderList *self = SPARK_PROVIDER_LIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (spark_provider_list_parent_class)->finalize (object);
}

static void
spark_provider_list_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SparkProviderList *self = SPARK_PROVIDER_LIST (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_ACTIVE:
      g_value_set_object (value, self->active);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_provider_list_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SparkProviderList *self = SPARK_PROVIDER_LIST (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_ACTIVE:
      spark_provider_list_set_active (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_provider_list_class_init (SparkProviderListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = spark_provider_list_constructed;
  object_class->dispose = spark_provider_list_dispose;
  object_class->finalize = spark_provider_list_finalize;
  object_class->get_property = spark_provider_list_get_property;
  object_class->set_property = spark_provider_list_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_object ("active", NULL, NULL, SPARK_TYPE_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spark_provider_list_init (SparkProviderList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * spark_provider_list_new:
 * @settings: the app's settings (schema with `providers`, `active-provider`
 *   and `active-model`)
 *
 * Loads the providers; on first run (the key was never written) the list is
 * seeded with the Ollama preset. Changes made elsewhere to the key while
 * the list lives are not picked up.
 */
SparkProviderList *
spark_provider_list_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (SPARK_TYPE_PROVIDER_LIST, "settings", settings, NULL);
}

GSettings *
spark_provider_list_get_settings (SparkProviderList *self)
{
  g_return_val_if_fail (SPARK_IS_PROVIDER_LIST (self), NULL);
  return self->settings;
}

/* Ids we make are lower-case words; anything else gets a random id. */
static gboolean
is_usable_id (const char *id)
{
  if (id == NULL || *id == '\0')
    return FALSE;
  for (const char *c = id; *c != '\0'; c++)
    if (!g_ascii_islower (*c) && !g_ascii_isdigit (*c) && *c != '-' && *c != '_' && *c != '.')
      return FALSE;
  return TRUE;
}

/**
 * spark_provider_list_dup_unique_id:
 * @base: (nullable): the wanted id, like "openai"
 *
 * Returns: (transfer full): @base if no provider has it, else "@base-2",
 *   "@base-3"…; a short random id when @base is empty or not made of
 *   lower-case letters, digits, '-', '_' and '.'.
 */
char *
spark_provider_list_dup_unique_id (SparkProviderList *self,
                                   const char        *base)
{
  g_return_val_if_fail (SPARK_IS_PROVIDER_LIST (self), NULL);

  if (!is_usable_id (base))
    {
      for (;;)
        {
          g_autofree char *uuid = g_uuid_string_random ();

          uuid[8] = '\0';
          if (!find_by_id (self, uuid, NULL))
            return g_steal_pointer (&uuid);
        }
    }

  if (!find_by_id (self, base, NULL))
    return g_strdup (base);

  for (guint n = 2;; n++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%u", base, n);

      if (!find_by_id (self, id, NULL))
        return g_steal_pointer (&id);
    }
}

/**
 * spark_provider_list_add:
 *
 * Appends @provider and saves. If its id is taken, empty or not made of
 * lower-case letters, digits, '-', '_' and '.', it gets a unique one (see
 * spark_provider_list_dup_unique_id()) before it is stored, so read the id
 * back before storing its API key.
 */
void
spark_provider_list_add (SparkProviderList *self,
                         SparkProvider     *provider)
{
  const char *id;
  guint       position;

  g_return_if_fail (SPARK_IS_PROVIDER_LIST (self));
  g_return_if_fail (SPARK_IS_PROVIDER (provider));
  g_return_if_fail (!g_ptr_array_find (self->items, provider, NULL));

  id = spark_provider_get_id (provider);
  if (!is_usable_id (id) || find_by_id (self, id, NULL))
    {
      g_autofree char *unique = spark_provider_list_dup_unique_id (self, id);

      spark_provider_set_id (provider, unique);
    }

  position = self->items->len;
  take_provider (self, position, g_object_ref (provider));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  save (self);
  update_active (self);
}

/**
 * spark_provider_list_remove:
 *
 * Removes the provider with @id and saves. Its API key stays in the keyring
 * until the caller clears it (spark_secrets_clear_async()).
 *
 * Returns: whether a provider had that id
 */
gboolean
spark_provider_list_remove (SparkProviderList *self,
                            const char        *id)
{
  g_autofree char *active_id = NULL;
  gboolean         was_active;
  guint            position;

  g_return_val_if_fail (SPARK_IS_PROVIDER_LIST (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!find_by_id (self, id, &position))
    return FALSE;

  /* Forget it as the active one, or a new provider that later gets the same
   * id would silently become active. */
  active_id = g_settings_get_string (self->settings, KEY_ACTIVE_PROVIDER);
  if (g_str_equal (active_id, id))
    g_settings_set_string (self->settings, KEY_ACTIVE_PROVIDER, "");

  /* Cleared now so update_active() never reads the provider being dropped. */
  was_active = self->active == g_ptr_array_index (self->items, position);
  if (was_active)
    self->active = NULL;

  drop_provider (self, position);

  if (was_active)
    {
      /* A model name of one service means nothing to another. */
      g_settings_set_string (self->settings, KEY_ACTIVE_MODEL, "");
      update_active (self);
      if (self->active == NULL)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  save (self);
  return TRUE;
}

/**
 * spark_provider_list_replace:
 *
 * Puts @provider in the place of the provider with the same id (an edited
 * copy, for example) and saves.
 *
 * Returns: whether a provider had that id
 */
gboolean
spark_provider_list_replace (SparkProviderList *self,
                             SparkProvider     *provider)
{
  gboolean was_active;
  guint    position;

  g_return_val_if_fail (SPARK_IS_PROVIDER_LIST (self), FALSE);
  g_return_val_if_fail (SPARK_IS_PROVIDER (provider), FALSE);

  if (!find_by_id (self, spark_provider_get_id (provider), &position))
    return FALSE;
  if (g_ptr_array_index (self->items, position) == provider)
    return TRUE;

  was_active = self->active == g_ptr_array_index (self->items, position);
  drop_provider (self, position);
  take_provider (self, position, g_object_ref (provider));

  /* Same id, so the chosen model stays; only the object changes. */
  if (was_active)
    {
      self->active = provider;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
  save (self);
  return TRUE;
}

/**
 * spark_provider_list_lookup:
 *
 * Returns: (transfer none) (nullable): the provider with @id
 */
SparkProvider *
spark_provider_list_lookup (SparkProviderList *self,
                            const char        *id)
{
  guint position;

  g_return_val_if_fail (SPARK_IS_PROVIDER_LIST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!find_by_id (self, id, &position))
    return NULL;
  return g_ptr_array_index (self->items, position);
}

/**
 * spark_provider_list_get_active:
 *
 * Returns: (transfer none) (nullable): the provider used for new messages;
 *   %NULL only when the list is empty
 */
SparkProvider *
spark_provider_list_get_active (SparkProviderList *self)
{
  g_return_val_if_fail (SPARK_IS_PROVIDER_LIST (self), NULL);
  return self->active;
}

/**
 * spark_provider_list_set_active:
 * @provider: a provider in the list
 *
 * Remembers @provider as the active one in `active-provider`. Switching to
 * another service resets `active-model` to its default.
 */
void
spark_provider_list_set_active (SparkProviderList *self,
                                SparkProvider     *provider)
{
  g_return_if_fail (SPARK_IS_PROVIDER_LIST (self));
  g_return_if_fail (SPARK_IS_PROVIDER (provider));
  g_return_if_fail (g_ptr_array_find (self->items, provider, NULL));

  g_settings_set_string (self->settings, KEY_ACTIVE_PROVIDER, spark_provider_get_id (provider));
  update_active (self);
}
