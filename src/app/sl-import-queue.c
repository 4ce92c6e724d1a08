/* sl-import-queue.c: evidence imports run one after the other, each in a
 * worker through sl_engine_evidence_import_async(), so that several files
 * dropped at once do not fight for the disk and their progress reads as
 * one bar.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-import-queue"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-import-queue.h"

typedef struct
{
  char *case_number;
  char *source;
} Job;

struct _SlImportQueue
{
  GObject       parent_instance;
  SlAppContext *context;
  GQueue        waiting;      /* Job */
  Job          *current;
  GCancellable *cancellable;
  guint         n_done;       /* since the queue was last idle */
  double        fraction;
  char         *label;
};

G_DEFINE_FINAL_TYPE (SlImportQueue, sl_import_queue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_FRACTION,
  PROP_LABEL,
  N_PROPS
};

enum {
  IMPORTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_next (SlImportQueue *self);

/* helpers */

static void
job_free (Job *job)
{
  if (job == NULL)
    return;
  g_free (job->case_number);
  g_free (job->source);
  g_free (job);
}

static gboolean
is_url (const char *source)
{
  return g_str_has_prefix (source, "https://") || g_str_has_prefix (source, "http://") ||
         g_str_has_prefix (source, "file://") || g_str_has_prefix (source, "ftp://");
}

static void
set_progress (SlImportQueue *self,
              double         fraction)
{
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
update_label (SlImportQueue *self)
{
  g_free (self->label);
  self->label = NULL;
  if (self->current != NULL)
    {
      g_autofree char *name = sl_import_source_display (self->current->source);
      guint total = self->n_done + 1 + g_queue_get_length (&self->waiting);

      if (total > 1)
        /* Translators: a file being imported, then which of how many */
        self->label = g_strdup_printf (_("Importing “%s” (%u of %u)…"), name, self->n_done + 1, total);
      else
        self->label = g_strdup_printf (_("Importing “%s”…"), name);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

/* callbacks */

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  SlImportQueue *self = user_data;

  set_progress (self, total > 0 ? (double) done / (double) total : -1);
}

static void
on_import_done (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SlImportQueue) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEvidence) evidence = NULL;
  g_autofree char *name = NULL;
  gboolean duplicate = FALSE;
  Job *job = g_steal_pointer (&self->current);

  evidence = sl_engine_evidence_import_finish (SL_ENGINE (source_object), result, &duplicate, &error);
  if (self->context == NULL)
    {
      /* Disposed while the worker ran: nobody is there to tell. */
      job_free (job);
      return;
    }
  name = sl_import_source_display (job->source);
  if (evidence == NULL)
    {
      /* Translators: the file that could not be imported */
      g_autofree char *what = g_strdup_printf (_("Cannot import “%s”"), name);

      sl_app_context_error (self->context, what, error);
    }
  else
    {
      if (duplicate)
        {
          g_autofree char *message =
            /* Translators: a file imported again into the same case */
            g_strdup_printf (_("“%s” is already in this case"), name);

          sl_app_context_toast (self->context, message);
        }
      g_signal_emit (self, signals[IMPORTED], 0, evidence, duplicate);
      sl_app_context_changed (self->context, "evidence");
    }
  job_free (job);
  g_clear_object (&self->cancellable);
  self->n_done++;
  start_next (self);
}

static void
start_next (SlImportQueue *self)
{
  SlSession *session = sl_app_context_get_session (self->context);
  SlImportOptions options = { NULL, on_progress, self };
  g_autofree char *source = NULL;

  g_assert (self->current == NULL);

  self->current = g_queue_pop_head (&self->waiting);
  if (self->current == NULL || session == NULL)
    {
      g_clear_pointer (&self->current, job_free);
      g_queue_clear_full (&self->waiting, (GDestroyNotify) job_free);
      self->n_done = 0;
      update_label (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
      return;
    }

  /* A file:// URL from a drop or a portal is a local file to the engine. */
  if (g_str_has_prefix (self->current->source, "file://"))
    {
      g_autoptr(GFile) file = g_file_new_for_uri (self->current->source);

      source = g_file_get_path (file);
    }
  if (source == NULL)
    source = g_strdup (self->current->source);

  self->cancellable = g_cancellable_new ();
  set_progress (self, 0);
  update_label (self);
  sl_engine_evidence_import_async (sl_app_context_get_engine (self->context), session,
                                   self->current->case_number, source, &options,
                                   self->cancellable, on_import_done, g_object_ref (self));
}

/* overrides */

static void
sl_import_queue_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SlImportQueue *self = SL_IMPORT_QUEUE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, sl_import_queue_get_busy (self));
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_import_queue_dispose (GObject *object)
{
  SlImportQueue *self = SL_IMPORT_QUEUE (object);

  g_queue_clear_full (&self->waiting, (GDestroyNotify) job_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_import_queue_parent_class)->dispose (object);
}

static void
sl_import_queue_finalize (GObject *object)
{
  SlImportQueue *self = SL_IMPORT_QUEUE (object);

  job_free (self->current);
  g_free (self->label);

  G_OBJECT_CLASS (sl_import_queue_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_import_queue_class_init (SlImportQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_import_queue_get_property;
  object_class->dispose = sl_import_queue_dispose;
  object_class->finalize = sl_import_queue_finalize;

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

  /* The SlEvidence is valid during the emission only. */
  signals[IMPORTED] =
    g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_BOOLEAN);
}

static void
sl_import_queue_init (SlImportQueue *self)
{
  g_queue_init (&self->waiting);
}

/* public API */

SlImportQueue *
sl_import_queue_new (SlAppContext *context)
{
  SlImportQueue *self;

  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  self = g_object_new (SL_TYPE_IMPORT_QUEUE, NULL);
  self->context = g_object_ref (context);
  return self;
}

void
sl_import_queue_add (SlImportQueue *self,
                     const char    *case_number,
                     const char    *source)
{
  Job *job;

  g_return_if_fail (SL_IS_IMPORT_QUEUE (self));
  g_return_if_fail (case_number != NULL && source != NULL);

  job = g_new0 (Job, 1);
  job->case_number = g_strdup (case_number);
  job->source = g_strdup (source);
  g_queue_push_tail (&self->waiting, job);
  if (self->current == NULL)
    {
      start_next (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  else
    update_label (self);
}

void
sl_import_queue_cancel (SlImportQueue *self)
{
  g_return_if_fail (SL_IS_IMPORT_QUEUE (self));

  g_queue_clear_full (&self->waiting, (GDestroyNotify) job_free);
  g_cancellable_cancel (self->cancellable);
  update_label (self);
}

gboolean
sl_import_queue_get_busy (SlImportQueue *self)
{
  g_return_val_if_fail (SL_IS_IMPORT_QUEUE (self), FALSE);
  return self->current != NULL;
}

double
sl_import_queue_get_fraction (SlImportQueue *self)
{
  g_return_val_if_fail (SL_IS_IMPORT_QUEUE (self), 0);
  return self->fraction;
}

const char *
sl_import_queue_get_label (SlImportQueue *self)
{
  g_return_val_if_fail (SL_IS_IMPORT_QUEUE (self), NULL);
  return self->label;
}

char *
sl_import_source_display (const char *source)
{
  g_return_val_if_fail (source != NULL, NULL);

  if (g_str_has_prefix (source, "file://"))
    {
      g_autoptr(GFile) file = g_file_new_for_uri (source);
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        return g_filename_display_basename (path);
    }
  if (is_url (source))
    return g_strdup (source);
  return g_filename_display_basename (source);
}
