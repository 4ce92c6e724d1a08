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
  SlWorkQueue parent_instance;
};

G_DEFINE_FINAL_TYPE (SlImportQueue, sl_import_queue, SL_TYPE_WORK_QUEUE)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* helpers */

static void
job_free (gpointer data)
{
  Job *job = data;

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
update_label (SlImportQueue *self)
{
  SlWorkQueue *queue = SL_WORK_QUEUE (self);
  Job *current = sl_work_queue_get_current (queue);
  g_autofree char *label = NULL;

  if (current != NULL)
    {
      g_autofree char *name = sl_import_source_display (current->source);
      guint n_done = sl_work_queue_get_n_done (queue);
      guint total = n_done + 1 + sl_work_queue_get_n_waiting (queue);

      if (total > 1)
        /* Translators: a file being imported, then which of how many */
        label = g_strdup_printf (_("Importing “%s” (%u of %u)…"), name, n_done + 1, total);
      else
        label = g_strdup_printf (_("Importing “%s”…"), name);
    }
  sl_work_queue_set_label (queue, label);
}

/* callbacks */

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  SlWorkQueue *queue = user_data;

  sl_work_queue_set_fraction (queue, total > 0 ? (double) done / (double) total : -1);
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
  SlWorkQueue *queue = SL_WORK_QUEUE (self);
  SlAppContext *context = sl_work_queue_get_context (queue);
  Job *job = sl_work_queue_steal_current (queue);

  evidence = sl_engine_evidence_import_finish (SL_ENGINE (source_object), result, &duplicate, &error);
  if (context == NULL)
    {
      /* Disposed while the worker ran: nobody is there to tell. */
      sl_work_queue_finish (queue, job);
      return;
    }
  name = sl_import_source_display (job->source);
  if (evidence == NULL)
    {
      /* Translators: the file that could not be imported */
      g_autofree char *what = g_strdup_printf (_("Cannot import “%s”"), name);

      sl_app_context_alert (context, what, error);
    }
  else
    {
      if (duplicate)
        {
          g_autofree char *message =
            /* Translators: a file imported again into the same case */
            g_strdup_printf (_("“%s” is already in this case"), name);

          sl_app_context_toast (context, message);
        }
      g_signal_emit (self, signals[IMPORTED], 0, evidence, duplicate);
      sl_app_context_changed (context, "evidence");
    }
  sl_work_queue_finish (queue, job);
}

/* overrides */

static void
sl_import_queue_start (SlWorkQueue  *queue,
                       gpointer      data,
                       SlSession    *session,
                       GCancellable *cancellable)
{
  SlImportQueue *self = SL_IMPORT_QUEUE (queue);
  SlImportOptions options = { NULL, on_progress, self };
  Job *job = data;
  g_autofree char *source = NULL;

  /* A file:// URL from a drop or a portal is a local file to the engine. */
  if (g_str_has_prefix (job->source, "file://"))
    {
      g_autoptr(GFile) file = g_file_new_for_uri (job->source);

      source = g_file_get_path (file);
    }
  if (source == NULL)
    source = g_strdup (job->source);

  sl_work_queue_set_fraction (queue, 0);
  update_label (self);
  sl_engine_evidence_import_async (sl_app_context_get_engine (sl_work_queue_get_context (queue)), session,
                                   job->case_number, source, &options,
                                   cancellable, on_import_done, g_object_ref (self));
}

/* class_init / init */

static void
sl_import_queue_class_init (SlImportQueueClass *klass)
{
  SlWorkQueueClass *queue_class = SL_WORK_QUEUE_CLASS (klass);

  queue_class->job_free = job_free;
  queue_class->start = sl_import_queue_start;

  /* The SlEvidence is valid during the emission only. */
  signals[IMPORTED] =
    g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_BOOLEAN);
}

static void
sl_import_queue_init (SlImportQueue *self)
{
}

/* public API */

SlImportQueue *
sl_import_queue_new (SlAppContext *context)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  return g_object_new (SL_TYPE_IMPORT_QUEUE, "context", context, NULL);
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
  if (!sl_work_queue_push (SL_WORK_QUEUE (self), job))
    update_label (self);
}

void
sl_import_queue_cancel (SlImportQueue *self)
{
  g_return_if_fail (SL_IS_IMPORT_QUEUE (self));

  sl_work_queue_cancel (SL_WORK_QUEUE (self));
  update_label (self);
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
