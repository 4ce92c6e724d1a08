/* sl-work-queue.c: jobs run one after the other, each in a worker, so that
 * they do not fight for the disk and the cores and their progress reads as
 * one bar. Subclasses say how a job starts and what its end means.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-work-queue"

#include "config.h"

#include "app/sl-work-queue.h"

typedef struct
{
  SlAppContext *context;
  GQueue        waiting;      /* job */
  gpointer      current;
  GCancellable *cancellable;
  guint         n_done;       /* since the queue was last idle */
  double        fraction;
  char         *label;
  gboolean      counted;      /* in the context's work under way */
} SlWorkQueuePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SlWorkQueue, sl_work_queue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_BUSY,
  PROP_FRACTION,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* helpers */

static void
job_free (SlWorkQueue *self,
          gpointer     job)
{
  if (job != NULL)
    SL_WORK_QUEUE_GET_CLASS (self)->job_free (job);
}

static void
drop_waiting (SlWorkQueue *self)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  g_queue_clear_full (&priv->waiting, SL_WORK_QUEUE_GET_CLASS (self)->job_free);
}

static void
start_next (SlWorkQueue *self)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);
  SlSession *session = sl_app_context_get_session (priv->context);

  g_assert (priv->current == NULL);

  priv->current = g_queue_pop_head (&priv->waiting);
  if (priv->current == NULL || session == NULL)
    {
      job_free (self, g_steal_pointer (&priv->current));
      drop_waiting (self);
      priv->n_done = 0;
      sl_work_queue_set_fraction (self, 0);
      sl_work_queue_set_label (self, NULL);
      if (priv->counted)
        sl_app_context_work_end (priv->context);
      priv->counted = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
      return;
    }

  if (!priv->counted)
    sl_app_context_work_begin (priv->context);
  priv->counted = TRUE;
  priv->cancellable = g_cancellable_new ();
  SL_WORK_QUEUE_GET_CLASS (self)->start (self, priv->current, session, priv->cancellable);
}

/* overrides */

static void
sl_work_queue_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SlWorkQueue *self = SL_WORK_QUEUE (object);
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, priv->context);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, sl_work_queue_get_busy (self));
      break;
    case PROP_FRACTION:
      g_value_set_double (value, priv->fraction);
      break;
    case PROP_LABEL:
      g_value_set_string (value, priv->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_work_queue_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SlWorkQueue *self = SL_WORK_QUEUE (object);
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      priv->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_work_queue_dispose (GObject *object)
{
  SlWorkQueue *self = SL_WORK_QUEUE (object);
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  drop_waiting (self);
  g_clear_object (&priv->cancellable);
  if (priv->counted && priv->context != NULL)
    sl_app_context_work_end (priv->context);
  priv->counted = FALSE;
  g_clear_object (&priv->context);

  G_OBJECT_CLASS (sl_work_queue_parent_class)->dispose (object);
}

static void
sl_work_queue_finalize (GObject *object)
{
  SlWorkQueue *self = SL_WORK_QUEUE (object);
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  job_free (self, priv->current);
  g_free (priv->label);

  G_OBJECT_CLASS (sl_work_queue_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_work_queue_class_init (SlWorkQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_work_queue_get_property;
  object_class->set_property = sl_work_queue_set_property;
  object_class->dispose = sl_work_queue_dispose;
  object_class->finalize = sl_work_queue_finalize;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SL_TYPE_APP_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, -1.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_work_queue_init (SlWorkQueue *self)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  g_queue_init (&priv->waiting);
}

/* public API */

gboolean
sl_work_queue_get_busy (SlWorkQueue *self)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  g_return_val_if_fail (SL_IS_WORK_QUEUE (self), FALSE);
  return priv->current != NULL;
}

double
sl_work_queue_get_fraction (SlWorkQueue *self)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  g_return_val_if_fail (SL_IS_WORK_QUEUE (self), 0);
  return priv->fraction;
}

const char *
sl_work_queue_get_label (SlWorkQueue *self)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  g_return_val_if_fail (SL_IS_WORK_QUEUE (self), NULL);
  return priv->label;
}

void
sl_work_queue_cancel (SlWorkQueue *self)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  g_return_if_fail (SL_IS_WORK_QUEUE (self));

  drop_waiting (self);
  g_cancellable_cancel (priv->cancellable);
}

SlAppContext *
sl_work_queue_get_context (SlWorkQueue *self)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  g_return_val_if_fail (SL_IS_WORK_QUEUE (self), NULL);
  return priv->context;
}

GCancellable *
sl_work_queue_get_cancellable (SlWorkQueue *self)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  g_return_val_if_fail (SL_IS_WORK_QUEUE (self), NULL);
  return priv->cancellable;
}

gpointer
sl_work_queue_get_current (SlWorkQueue *self)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  g_return_val_if_fail (SL_IS_WORK_QUEUE (self), NULL);
  return priv->current;
}

GList *
sl_work_queue_peek_waiting (SlWorkQueue *self)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  g_return_val_if_fail (SL_IS_WORK_QUEUE (self), NULL);
  return priv->waiting.head;
}

guint
sl_work_queue_get_n_waiting (SlWorkQueue *self)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  g_return_val_if_fail (SL_IS_WORK_QUEUE (self), 0);
  return g_queue_get_length (&priv->waiting);
}

guint
sl_work_queue_get_n_done (SlWorkQueue *self)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  g_return_val_if_fail (SL_IS_WORK_QUEUE (self), 0);
  return priv->n_done;
}

gboolean
sl_work_queue_push (SlWorkQueue *self,
                    gpointer     job)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  g_return_val_if_fail (SL_IS_WORK_QUEUE (self), FALSE);
  g_return_val_if_fail (job != NULL, FALSE);

  g_queue_push_tail (&priv->waiting, job);
  if (priv->current != NULL)
    return FALSE;
  start_next (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  return TRUE;
}

void
sl_work_queue_set_fraction (SlWorkQueue *self,
                            double       fraction)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  g_return_if_fail (SL_IS_WORK_QUEUE (self));

  priv->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

void
sl_work_queue_set_label (SlWorkQueue *self,
                         const char  *label)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  g_return_if_fail (SL_IS_WORK_QUEUE (self));

  g_free (priv->label);
  priv->label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

gpointer
sl_work_queue_steal_current (SlWorkQueue *self)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  g_return_val_if_fail (SL_IS_WORK_QUEUE (self), NULL);
  return g_steal_pointer (&priv->current);
}

void
sl_work_queue_finish (SlWorkQueue *self,
                      gpointer     job)
{
  SlWorkQueuePrivate *priv = sl_work_queue_get_instance_private (self);

  g_return_if_fail (SL_IS_WORK_QUEUE (self));

  job_free (self, job);
  if (priv->context == NULL)
    return;
  g_clear_object (&priv->cancellable);
  priv->n_done++;
  start_next (self);
}
