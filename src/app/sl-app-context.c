/* sl-app-context.c: the services the desktop front end shares, handed to
 * every view instead of living in globals or in the window.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-app-context"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-app-context.h"

struct _SlAppContext
{
  GObject    parent_instance;
  SlEngine  *engine;
  SlSession *session;
  char      *case_number;
  guint      work_under_way;
  guint      notice_source;   /* polls a server for other desks' gallery changes */
};

G_DEFINE_FINAL_TYPE (SlAppContext, sl_app_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_SESSION,
  PROP_CASE,
  N_PROPS
};

enum {
  CHANGED,
  TOAST,
  ALERT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* overrides */

/* Another desk enrolled: what shows galleries reads them again (and the
 * next search reads only the added rows). */
static gboolean
poll_notices (gpointer data)
{
  SlAppContext *self = data;

  if (self->engine != NULL && sl_engine_galleries_changed_elsewhere (self->engine))
    sl_app_context_changed (self, "galleries");
  return G_SOURCE_CONTINUE;
}

static void
sl_app_context_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SlAppContext *self = SL_APP_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_CASE:
      g_value_set_string (value, self->case_number);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_app_context_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SlAppContext *self = SL_APP_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      /* Other desks' enrolments are announced on the server's channel. */
      if (self->engine != NULL && sl_engine_is_server (self->engine))
        self->notice_source = g_timeout_add_seconds (3, poll_notices, self);
      break;
    case PROP_SESSION:
      sl_app_context_set_session (self, g_value_get_object (value));
      break;
    case PROP_CASE:
      sl_app_context_set_case (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_app_context_dispose (GObject *object)
{
  SlAppContext *self = SL_APP_CONTEXT (object);

  g_clear_handle_id (&self->notice_source, g_source_remove);
  g_clear_object (&self->session);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (sl_app_context_parent_class)->dispose (object);
}

static void
sl_app_context_finalize (GObject *object)
{
  SlAppContext *self = SL_APP_CONTEXT (object);

  g_free (self->case_number);

  G_OBJECT_CLASS (sl_app_context_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_app_context_class_init (SlAppContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_app_context_get_property;
  object_class->set_property = sl_app_context_set_property;
  object_class->dispose = sl_app_context_dispose;
  object_class->finalize = sl_app_context_finalize;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, SL_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SL_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CASE] =
    g_param_spec_string ("case", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[ALERT] =
    g_signal_new ("alert", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
sl_app_context_init (SlAppContext *self)
{
}

/* public API */

SlAppContext *
sl_app_context_new (SlEngine *engine)
{
  g_return_val_if_fail (SL_IS_ENGINE (engine), NULL);

  return g_object_new (SL_TYPE_APP_CONTEXT, "engine", engine, NULL);
}

SlEngine *
sl_app_context_get_engine (SlAppContext *self)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (self), NULL);

  return self->engine;
}

SlSession *
sl_app_context_get_session (SlAppContext *self)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (self), NULL);

  return self->session;
}

void
sl_app_context_set_session (SlAppContext *self,
                            SlSession    *session)
{
  g_return_if_fail (SL_IS_APP_CONTEXT (self));
  g_return_if_fail (session == NULL || SL_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    {
      /* A new person sees nothing of the last one's work in progress. */
      sl_app_context_set_case (self, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
    }
}

void
sl_app_context_changed (SlAppContext *self,
                        const char   *topic)
{
  g_return_if_fail (SL_IS_APP_CONTEXT (self));
  g_return_if_fail (topic != NULL);

  g_signal_emit (self, signals[CHANGED], g_quark_from_string (topic), topic);
}

void
sl_app_context_toast (SlAppContext *self,
                      const char   *message)
{
  g_return_if_fail (SL_IS_APP_CONTEXT (self));
  g_return_if_fail (message != NULL);

  g_signal_emit (self, signals[TOAST], 0, message, NULL);
}

void
sl_app_context_toast_file (SlAppContext *self,
                           const char   *message,
                           const char   *path)
{
  g_return_if_fail (SL_IS_APP_CONTEXT (self));
  g_return_if_fail (message != NULL);
  g_return_if_fail (path != NULL);

  g_signal_emit (self, signals[TOAST], 0, message, path);
}

void
sl_app_context_error (SlAppContext *self,
                      const char   *what,
                      const GError *error)
{
  g_autofree char *message = NULL;

  g_return_if_fail (SL_IS_APP_CONTEXT (self));

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (what != NULL && error != NULL)
    /* Translators: what failed, then why, e.g. "Cannot import a.jpg: not an image" */
    message = g_strdup_printf (_("%s: %s"), what, error->message);
  else
    message = g_strdup (what != NULL ? what : error != NULL ? error->message : _("Something went wrong"));

  g_warning ("%s", message);
  sl_app_context_toast (self, message);
}

void
sl_app_context_alert (SlAppContext *self,
                      const char   *heading,
                      const GError *error)
{
  g_return_if_fail (SL_IS_APP_CONTEXT (self));
  g_return_if_fail (heading != NULL);

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_warning ("%s: %s", heading, error != NULL ? error->message : "");
  g_signal_emit (self, signals[ALERT], 0, heading, error != NULL ? error->message : "");
}

const char *
sl_app_context_get_case (SlAppContext *self)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (self), NULL);

  return self->case_number;
}

void
sl_app_context_set_case (SlAppContext *self,
                         const char   *case_number)
{
  g_return_if_fail (SL_IS_APP_CONTEXT (self));

  if (g_strcmp0 (self->case_number, case_number) == 0)
    return;

  g_free (self->case_number);
  self->case_number = g_strdup (case_number);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
}

void
sl_app_context_work_begin (SlAppContext *self)
{
  g_return_if_fail (SL_IS_APP_CONTEXT (self));

  self->work_under_way++;
}

void
sl_app_context_work_end (SlAppContext *self)
{
  g_return_if_fail (SL_IS_APP_CONTEXT (self));
  g_return_if_fail (self->work_under_way > 0);

  self->work_under_way--;
}

guint
sl_app_context_get_work_under_way (SlAppContext *self)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (self), 0);

  return self->work_under_way;
}
