/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The conversation a window is showing and the reply being written in it:
 * sends a question (fetching the service's key from the keyring first),
 * stops, retries, regenerates a reply, edits a question, continues a
 * reply cut off, deletes a message; names a new chat after its first
 * exchange. No GTK, so it is tested without a display.
 *
 * Signals: ::retrying (attempt, seconds, why) while a busy service is
 * retried before the first byte; ::draft-returned (SparkMessage) when the
 * service refused a question's images and the question was taken back;
 * ::finished (GError or NULL) after each reply, so the window can say what
 * happened. What a model was seen to do with images goes into the
 * context's capability cache.
 *
 * When the context has a store, the conversation is kept saved by a
 * SparkStoreTracker: the question at once, the reply while it streams and
 * when it ends. What a regeneration or an edit replaces stays in the store
 * as an earlier version (parent_id of its replacement), with everything
 * that followed it. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spark-chat-session-private.h"
#include "spark-error.h"
#include "spark-store-tracker.h"
#include "spark-titler.h"
#include "spark-turn.h"

struct _SparkChatSession
{
  GObject parent_instance;

  SparkContext      *context;
  SparkConversation *conversation;
  SparkTurn         *turn;
  SparkMessage      *question; /* the last one sent */
  char              *turn_provider_id;
  GCancellable      *cancellable;
  char              *model;
  SparkMode          mode;
  SparkDepth         depth;
  gboolean           busy;
  SparkStoreTracker *tracker;
  char              *replaces_id;    /* the reply a retry replaces */
  SparkMessage      *continuing;     /* the reply being carried on */
  gboolean           auto_title;     /* ask the service to name new chats */
  char              *fallback_title; /* the first words, until a better one */
  GCancellable      *title_cancellable;
  guint              n_naming; /* title requests running */
};

G_DEFINE_FINAL_TYPE (SparkChatSession, spark_chat_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CONVERSATION,
  PROP_BUSY,
  PROP_AUTO_TITLE,
  PROP_NAMING,
  N_PROPS
};

enum
{
  RETRYING,
  DRAFT_RETURNED,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

SparkChatSession *
spark_chat_session_new (SparkContext *context)
{
  SparkChatSession *self;

  g_return_val_if_fail (SPARK_IS_CONTEXT (context), NULL);

  self = g_object_new (SPARK_TYPE_CHAT_SESSION, NULL);
  self->context = g_object_ref (context);
  return self;
}

SparkConversation *
spark_chat_session_get_conversation (SparkChatSession *self)
{
  g_return_val_if_fail (SPARK_IS_CHAT_SESSION (self), NULL);
  return self->conversation;
}

gboolean
spark_chat_session_get_naming (SparkChatSession *self)
{
  g_return_val_if_fail (SPARK_IS_CHAT_SESSION (self), FALSE);
  return self->n_naming > 0;
}

gboolean
spark_chat_session_get_busy (SparkChatSession *self)
{
  g_return_val_if_fail (SPARK_IS_CHAT_SESSION (self), FALSE);
  return self->busy;
}

void
spark_chat_session_set_model (SparkChatSession *self,
                              const char       *model)
{
  g_return_if_fail (SPARK_IS_CHAT_SESSION (self));

  g_free (self->model);
  self->model = (model && *model) ? g_strdup (model) : NULL;
}

const char *
spark_chat_session_get_model (SparkChatSession *self)
{
  g_return_val_if_fail (SPARK_IS_CHAT_SESSION (self), NULL);
  return self->model;
}

const char *
spark_chat_session_get_effective_model (SparkChatSession *self)
{
  SparkProvider *provider;

  g_return_val_if_fail (SPARK_IS_CHAT_SESSION (self), NULL);

  if (self->model != NULL)
    return self->model;
  provider = spark_provider_list_get_active (spark_context_get_providers (self->context));
  return provider ? spark_provider_get_default_model (provider) : NULL;
}

void
spark_chat_session_set_auto_title (SparkChatSession *self,
                                   gboolean          auto_title)
{
  g_return_if_fail (SPARK_IS_CHAT_SESSION (self));

  auto_title = !!auto_title;
  if (self->auto_title == auto_title)
    return;
  self->auto_title = auto_title;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_TITLE]);
}

static void
set_busy (SparkChatSession *self,
          gboolean          busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Keeps the current conversation saved when there is a store. */
static void
track (SparkChatSession *self)
{
  SparkStore *store = spark_context_get_store (self->context);

  if (store == NULL || self->conversation == NULL)
    {
      g_clear_object (&self->tracker);
      return;
    }
  if (self->tracker != NULL
      && spark_store_tracker_get_conversation (self->tracker) == self->conversation
      && spark_store_tracker_get_store (self->tracker) == store)
    return;
  g_clear_object (&self->tracker);
  self->tracker = spark_store_tracker_new (store, self->conversation);
}

static void
turn_retrying_cb (SparkChatSession *self,
                  guint             attempt,
                  guint             seconds,
                  const char       *why,
                  SparkTurn        *turn)
{
  g_signal_emit (self, signals[RETRYING], 0, attempt, seconds, why);
}

static void switch_conversation (SparkChatSession  *self,
                                 SparkConversation *conversation);

static gboolean
has_images (SparkMessage *message)
{
  return message != NULL && spark_message_get_images (message)->len > 0;
}

/* Remembers whether the model took images; when it refused the question's
 * images before writing anything, takes the question back so that nothing
 * the person attached is lost and the history holds no dead end. */
static void
learn_images (SparkChatSession *self,
              SparkTurn        *turn,
              const GError     *error)
{
  SparkCapabilities *caps = spark_context_get_capabilities (self->context);
  SparkMessage      *reply = spark_turn_get_reply (turn);
  const char        *model = spark_message_get_model (reply);
  g_autoptr (SparkMessage) question = NULL;

  if (error == NULL && has_images (self->question))
    spark_capabilities_set_images (caps, self->turn_provider_id, model, TRUE);
  if (!g_error_matches (error, SPARK_ERROR, SPARK_ERROR_UNSUPPORTED_INPUT))
    return;
  spark_capabilities_set_images (caps, self->turn_provider_id, model, FALSE);

  if (!has_images (self->question) || spark_message_get_text_length (reply) > 0)
    return;
  question = g_steal_pointer (&self->question);
  spark_conversation_remove (self->conversation, reply);
  spark_conversation_remove (self->conversation, question);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->conversation)) == 0)
    {
      /* Nothing left: back to a new chat, so the next question titles it,
       * and no empty chat stays in the history. */
      g_autofree char *id = g_strdup (spark_conversation_get_id (self->conversation));
      SparkStore      *store = spark_context_get_store (self->context);

      switch_conversation (self, NULL);
      if (store != NULL)
        spark_store_delete_conversation (store, id);
    }
  g_signal_emit (self, signals[DRAFT_RETURNED], 0, question);
}

typedef struct
{
  SparkChatSession  *self;
  SparkConversation *conversation;
  char              *fallback;
} TitleRequest;

static void
title_request_free (TitleRequest *request)
{
  g_object_unref (request->self);
  g_object_unref (request->conversation);
  g_free (request->fallback);
  g_free (request);
}

static void
title_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  TitleRequest     *request = user_data;
  SparkChatSession *self = request->self;
  g_autoptr (GError) error = NULL;
  g_autofree char   *title = spark_titler_run_finish (res, &error);
  SparkStore        *store;
  SparkConversation *target;

  if (--self->n_naming == 0 && self->context != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMING]);

  /* The same chat, opened again meanwhile, is another object. */
  target = request->conversation;
  if (self->conversation != NULL && self->conversation != target
      && g_strcmp0 (spark_conversation_get_id (self->conversation), spark_conversation_get_id (target)) == 0)
    target = self->conversation;

  /* Failed, stopped, or renamed by the person meanwhile: the first words
   * (or their name) stay. */
  if (title == NULL || self->context == NULL || g_strcmp0 (spark_conversation_get_title (target), request->fallback) != 0)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No title from the model service: %s", error->message);
      title_request_free (request);
      return;
    }
  spark_conversation_set_title (target, title);
  /* The tracker saves a title change of the chat it follows. A chat left
   * meanwhile may have been renamed from the sidebar since: the stored
   * title changes only if it is still the first words. */
  store = spark_context_get_store (self->context);
  if (store != NULL && spark_store_is_stored (target)
      && (self->tracker == NULL || spark_store_tracker_get_conversation (self->tracker) != target))
    spark_store_rename_conversation_if (store, spark_conversation_get_id (target), title, request->fallback);
  title_request_free (request);
}

/* After the first exchange of a chat still called by its first words,
 * asks the service for a proper title. */
static void
maybe_name_conversation (SparkChatSession *self,
                         SparkMessage     *reply)
{
  SparkProvider *provider = spark_provider_list_get_active (spark_context_get_providers (self->context));
  SparkMessage  *question;
  TitleRequest  *request;

  if (!self->auto_title || provider == NULL || self->fallback_title == NULL
      || g_list_model_get_n_items (G_LIST_MODEL (self->conversation)) != 2
      || g_strcmp0 (spark_conversation_get_title (self->conversation), self->fallback_title) != 0
      || spark_message_get_text_length (reply) == 0)
    return;
  question = g_list_model_get_item (G_LIST_MODEL (self->conversation), 0);
  g_object_unref (question); /* the conversation keeps it */
  if (spark_message_get_text_length (question) == 0)
    return; /* an image alone: its name is as good a title as any */

  request = g_new0 (TitleRequest, 1);
  request->self = g_object_ref (self);
  request->conversation = g_object_ref (self->conversation);
  request->fallback = g_steal_pointer (&self->fallback_title);
  if (self->title_cancellable == NULL)
    self->title_cancellable = g_cancellable_new ();
  if (self->n_naming++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMING]);
  spark_titler_run_async (self->context, provider, spark_message_get_model (reply), spark_message_get_text (question),
                          spark_message_get_text (reply), self->title_cancellable, title_cb, request);
}

static void
turn_done_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr (SparkChatSession) self = user_data;
  g_autoptr (GError) error = NULL;

  spark_turn_run_finish (SPARK_TURN (source), res, &error);
  /* Disposed while the reply ran (its window closed): nobody to tell. */
  if (self->context == NULL)
    return;
  /* The tracker has written the reply's final state; its structured
   * answer, if any, goes with it. */
  if (self->tracker != NULL && spark_turn_get_json (SPARK_TURN (source)) != NULL)
    spark_store_save_result (spark_store_tracker_get_store (self->tracker),
                             spark_message_get_id (spark_turn_get_reply (SPARK_TURN (source))),
                             spark_turn_get_json (SPARK_TURN (source)));
  if (self->turn == SPARK_TURN (source))
    {
      learn_images (self, SPARK_TURN (source), error);
      if (error == NULL)
        maybe_name_conversation (self, spark_turn_get_reply (SPARK_TURN (source)));
      g_clear_object (&self->turn);
      g_clear_object (&self->cancellable);
      set_busy (self, FALSE);
    }
  g_signal_emit (self, signals[FINISHED], 0, error);
}

typedef struct
{
  SparkChatSession  *self;
  SparkProvider     *provider;
  SparkConversation *conversation; /* the one the reply is for */
  GCancellable      *cancellable;  /* this attempt's */
  SparkMessage      *reply;        /* shown as waiting while the key is looked up */
  gboolean           placeholder;  /* reply is a stand-in (else: being continued) */
} KeyLookup;

static void
key_lookup_free (KeyLookup *lookup)
{
  g_object_unref (lookup->self);
  g_object_unref (lookup->provider);
  g_object_unref (lookup->reply);
  g_object_unref (lookup->conversation);
  g_object_unref (lookup->cancellable);
  g_free (lookup);
}

static void
start_turn (SparkChatSession *self,
            SparkProvider    *provider,
            const char       *api_key)
{
  self->turn = spark_turn_new (spark_context_get_client (self->context), provider, api_key,
                               self->model, self->conversation);
  g_free (self->turn_provider_id);
  self->turn_provider_id = g_strdup (spark_provider_get_id (provider));
  spark_turn_set_mode (self->turn, self->mode, self->depth);
  if (self->continuing != NULL)
    spark_turn_continue_reply (self->turn, self->continuing);
  g_clear_object (&self->continuing);
  if (self->replaces_id != NULL)
    spark_message_set_parent_id (spark_turn_get_reply (self->turn), self->replaces_id);
  g_clear_pointer (&self->replaces_id, g_free);
  g_signal_connect_object (self->turn, "retrying", G_CALLBACK (turn_retrying_cb), self, G_CONNECT_SWAPPED);
  spark_turn_run_async (self->turn, self->cancellable, turn_done_cb, g_object_ref (self));
}

/* A reply that never started: nothing of it stays for the next one. */
static void
end_attempt (SparkChatSession *self)
{
  g_clear_object (&self->continuing);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->replaces_id, g_free);
  g_clear_object (&self->question);
  set_busy (self, FALSE);
}

static void
key_cb (GObject      *source,
        GAsyncResult *res,
        gpointer      user_data)
{
  KeyLookup        *lookup = user_data;
  SparkChatSession *self = lookup->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = spark_secrets_lookup_finish (SPARK_SECRETS (source), res, &error);

  /* Stopped, or the chat changed (left, or this attempt is no longer the
   * current one), while we waited for the keyring. Only the current
   * attempt's state is the session's to reset. */
  if (g_cancellable_is_cancelled (lookup->cancellable) || self->cancellable != lookup->cancellable
      || self->conversation != lookup->conversation || spark_conversation_get_last (lookup->conversation) != lookup->reply)
    {
      /* A stand-in still at the end stays, as a reply stopped before it
       * began: what it was to replace stays reachable (its parent), and
       * it offers Regenerate like any stopped reply. */
      if (lookup->placeholder && spark_conversation_get_last (lookup->conversation) != lookup->reply)
        spark_conversation_remove (lookup->conversation, lookup->reply);
      else if (spark_message_get_state (lookup->reply) == SPARK_MESSAGE_PENDING)
        spark_message_set_state (lookup->reply, SPARK_MESSAGE_CANCELLED);
      if (self->cancellable == lookup->cancellable)
        end_attempt (self);
      key_lookup_free (lookup);
      return;
    }

  /* A keyring that can't be reached only matters if the service needs a key. */
  if (error != NULL && spark_provider_get_api_key_required (lookup->provider) && key == NULL)
    {
      spark_message_fail (lookup->reply, error);
      end_attempt (self);
      g_signal_emit (self, signals[FINISHED], 0, error);
      key_lookup_free (lookup);
      return;
    }

  if (lookup->placeholder)
    spark_conversation_remove (self->conversation, lookup->reply);
  start_turn (self, lookup->provider, key);
  if (key != NULL)
    memset (key, 0, strlen (key));
  key_lookup_free (lookup);
}

/* Starts a reply: a new one, or @continuing carried on. */
static void
begin_reply (SparkChatSession *self,
             SparkProvider    *provider,
             SparkMessage     *continuing)
{
  KeyLookup *lookup = g_new0 (KeyLookup, 1);

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  /* Show "waiting" at once; the turn's own reply replaces this placeholder. */
  lookup->self = g_object_ref (self);
  lookup->provider = g_object_ref (provider);
  lookup->conversation = g_object_ref (self->conversation);
  lookup->cancellable = g_object_ref (self->cancellable);
  lookup->placeholder = continuing == NULL;
  if (continuing != NULL)
    {
      g_set_object (&self->continuing, continuing);
      lookup->reply = g_object_ref (continuing);
      spark_message_set_state (lookup->reply, SPARK_MESSAGE_PENDING);
    }
  else
    {
      lookup->reply = spark_message_new (SPARK_ROLE_ASSISTANT, NULL);
      spark_message_set_state (lookup->reply, SPARK_MESSAGE_PENDING);
      spark_message_set_parent_id (lookup->reply, self->replaces_id);
      spark_conversation_append (self->conversation, lookup->reply);
    }

  spark_secrets_lookup_async (spark_context_get_secrets (self->context), spark_provider_get_id (provider),
                              self->cancellable, key_cb, lookup);
}

static void
ensure_conversation (SparkChatSession *self)
{
  if (self->conversation != NULL)
    return;
  self->conversation = spark_conversation_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
}

gboolean
spark_chat_session_send (SparkChatSession *self,
                         const char       *text,
                         GPtrArray        *images,
                         SparkMode         mode,
                         SparkDepth        depth,
                         GError          **error)
{
  SparkProvider *provider;
  g_autoptr (SparkMessage) question = NULL;
  guint n_images = images ? images->len : 0;

  g_return_val_if_fail (SPARK_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (*text == '\0' && n_images == 0)
    {
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                           _ ("Type a question or attach an image first."));
      return FALSE;
    }
  if (self->busy)
    {
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                           _ ("Wait for the reply to finish, or stop it, before sending another message."));
      return FALSE;
    }
  provider = spark_provider_list_get_active (spark_context_get_providers (self->context));
  if (provider == NULL)
    {
      g_set_error_literal (error, SPARK_ERROR, SPARK_ERROR_BAD_INPUT,
                           _ ("No model service is set up. Add one in Preferences → Model Services."));
      return FALSE;
    }
  if (n_images > 0
      && spark_capabilities_get_images (spark_context_get_capabilities (self->context), spark_provider_get_id (provider),
                                        spark_chat_session_get_effective_model (self))
           == SPARK_CAPABILITY_NO)
    {
      g_set_error (error, SPARK_ERROR, SPARK_ERROR_UNSUPPORTED_INPUT,
                   _ ("The model “%s” can’t look at images. Choose a vision model, or remove the images."),
                   spark_chat_session_get_effective_model (self));
      return FALSE;
    }

  ensure_conversation (self);
  if (spark_conversation_get_title (self->conversation) == NULL)
    {
      const SparkImage *first = n_images > 0 ? g_ptr_array_index (images, 0) : NULL;
      g_autofree char  *title = *text != '\0' ? spark_titler_fallback (text)
                                              : g_strdup (first->name ? first->name : _ ("Image"));
      spark_conversation_set_title (self->conversation, title);
      spark_conversation_set_mode (self->conversation, mode);
      g_free (self->fallback_title);
      self->fallback_title = g_strdup (title);
    }
  self->mode = mode;
  self->depth = depth;
  track (self);

  question = spark_message_new (SPARK_ROLE_USER, text);
  for (guint i = 0; i < n_images; i++)
    spark_message_append_image (question, g_ptr_array_index (images, i));
  g_set_object (&self->question, question);
  spark_conversation_append (self->conversation, question);
  begin_reply (self, provider, NULL);
  return TRUE;
}

gboolean
spark_chat_session_retry (SparkChatSession *self)
{
  SparkMessage *last;

  g_return_val_if_fail (SPARK_IS_CHAT_SESSION (self), FALSE);

  if (self->busy || self->conversation == NULL)
    return FALSE;
  last = spark_conversation_get_last (self->conversation);
  if (last == NULL || spark_message_get_role (last) != SPARK_ROLE_ASSISTANT)
    return FALSE;
  if (spark_message_get_state (last) != SPARK_MESSAGE_FAILED && spark_message_get_state (last) != SPARK_MESSAGE_CANCELLED
      && spark_message_get_state (last) != SPARK_MESSAGE_INTERRUPTED)
    return FALSE;
  return spark_chat_session_regenerate (self, spark_message_get_id (last), self->mode, self->depth, NULL);
}

SparkContext *
spark_chat_session_get_context (SparkChatSession *self)
{
  return self->context;
}

void
spark_chat_session_track (SparkChatSession *self)
{
  track (self);
}

void
spark_chat_session_prepare (SparkChatSession *self,
                            SparkMode         mode,
                            SparkDepth        depth)
{
  self->mode = mode;
  self->depth = depth;
  track (self);
}

void
spark_chat_session_start_reply (SparkChatSession *self,
                                SparkProvider    *provider,
                                SparkMessage     *question,
                                const char       *replaces_id,
                                SparkMessage     *continuing)
{
  g_set_object (&self->question, question);
  g_free (self->replaces_id);
  self->replaces_id = g_strdup (replaces_id);
  begin_reply (self, provider, continuing);
}

void
spark_chat_session_stop (SparkChatSession *self)
{
  g_return_if_fail (SPARK_IS_CHAT_SESSION (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* A stopped reply reaches its final state (cancelled) a moment later; the
 * turn lives until then, and keeps the tracker that writes that state. */
static void
retire_tracker (SparkChatSession *self)
{
  if (self->turn != NULL && self->tracker != NULL)
    g_object_set_data_full (G_OBJECT (self->turn), "spark-store-tracker",
                            g_steal_pointer (&self->tracker), g_object_unref);
  g_clear_object (&self->tracker);
}

static void
switch_conversation (SparkChatSession  *self,
                     SparkConversation *conversation)
{
  spark_chat_session_stop (self);
  retire_tracker (self);
  g_clear_object (&self->turn);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->replaces_id, g_free);
  g_clear_pointer (&self->fallback_title, g_free);
  g_clear_object (&self->continuing);
  g_clear_object (&self->question);
  set_busy (self, FALSE);
  if (g_set_object (&self->conversation, conversation))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
  track (self);
}

void
spark_chat_session_new_conversation (SparkChatSession *self)
{
  g_return_if_fail (SPARK_IS_CHAT_SESSION (self));

  switch_conversation (self, NULL);
}

void
spark_chat_session_load (SparkChatSession  *self,
                         SparkConversation *conversation)
{
  g_return_if_fail (SPARK_IS_CHAT_SESSION (self));
  g_return_if_fail (SPARK_IS_CONVERSATION (conversation));

  switch_conversation (self, conversation);
}

static void
spark_chat_session_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SparkChatSession *self = SPARK_CHAT_SESSION (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_AUTO_TITLE:
      g_value_set_boolean (value, self->auto_title);
      break;
    case PROP_NAMING:
      g_value_set_boolean (value, self->n_naming > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_chat_session_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SparkChatSession *self = SPARK_CHAT_SESSION (object);

  switch (prop_id)
    {
    case PROP_AUTO_TITLE:
      spark_chat_session_set_auto_title (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spark_chat_session_dispose (GObject *object)
{
  SparkChatSession *self = SPARK_CHAT_SESSION (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->title_cancellable != NULL)
    g_cancellable_cancel (self->title_cancellable);
  g_clear_object (&self->title_cancellable);
  retire_tracker (self);
  g_clear_object (&self->turn);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->question);
  g_clear_object (&self->continuing);
  g_clear_object (&self->conversation);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spark_chat_session_parent_class)->dispose (object);
}

static void
spark_chat_session_finalize (GObject *object)
{
  g_free (SPARK_CHAT_SESSION (object)->model);
  g_free (SPARK_CHAT_SESSION (object)->turn_provider_id);
  g_free (SPARK_CHAT_SESSION (object)->replaces_id);
  g_free (SPARK_CHAT_SESSION (object)->fallback_title);
  G_OBJECT_CLASS (spark_chat_session_parent_class)->finalize (object);
}

static void
spark_chat_session_class_init (SparkChatSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = spark_chat_session_get_property;
  object_class->set_property = spark_chat_session_set_property;
  object_class->dispose = spark_chat_session_dispose;
  object_class->finalize = spark_chat_session_finalize;

  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL, SPARK_TYPE_CONVERSATION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Off unless asked for (the app asks, from its setting, on by default):
   * a title request is one more call to the service. */
  properties[PROP_AUTO_TITLE] =
    g_param_spec_boolean ("auto-title", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* A title request is running. */
  properties[PROP_NAMING] =
    g_param_spec_boolean ("naming", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RETRYING] = g_signal_new ("retrying", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 3,
                                    G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING);
  signals[DRAFT_RETURNED] = g_signal_new ("draft-returned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, SPARK_TYPE_MESSAGE);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
spark_chat_session_init (SparkChatSession *self)
{
}
