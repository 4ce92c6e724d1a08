/* sl-analysis-queue.c: evidence analysed one file at a time in a worker
 * (sl_engine_analyse_full_async), its progress shown on the item and on
 * the page's bar. One at a time because an analysis already uses every
 * core.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-analysis-queue"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-analysis-queue.h"
#include "engine/sightline-engine.h"

typedef struct
{
  char           *case_number;
  SlEvidenceItem *item;
  char           *person_sought;   /* footage, when the policy asks why */
  char           *facts;
} Job;

struct _SlAnalysisQueue
{
  SlWorkQueue parent_instance;
};

G_DEFINE_FINAL_TYPE (SlAnalysisQueue, sl_analysis_queue, SL_TYPE_WORK_QUEUE)

/* helpers */

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->case_number);
  g_free (job->person_sought);
  g_free (job->facts);
  g_clear_object (&job->item);
  g_free (job);
}

static const char *
item_name (SlEvidenceItem *item)
{
  return sl_evidence_item_get_evidence (item)->original_name;
}

static void
set_state (SlAnalysisQueue *self,
           double           fraction,
           const char      *label)
{
  sl_work_queue_set_fraction (SL_WORK_QUEUE (self), fraction);
  sl_work_queue_set_label (SL_WORK_QUEUE (self), label);
}

static gboolean
is_waiting (SlAnalysisQueue *self,
            SlEvidenceItem  *item)
{
  Job *current = sl_work_queue_get_current (SL_WORK_QUEUE (self));

  if (current != NULL && current->item == item)
    return TRUE;
  for (GList *l = sl_work_queue_peek_waiting (SL_WORK_QUEUE (self)); l != NULL; l = l->next)
    if (((Job *) l->data)->item == item)
      return TRUE;
  return FALSE;
}

/* callbacks */

static void
on_progress (const SlFootageProgress *progress,
             gpointer                 user_data)
{
  SlAnalysisQueue *self = user_data;
  Job *current = sl_work_queue_get_current (SL_WORK_QUEUE (self));
  g_autofree char *status = NULL;
  g_autofree char *label = NULL;
  int percent = (int) (progress->fraction * 100 + 0.5);

  if (current == NULL)
    return;
  if (progress->eta_s >= 0)
    /* Translators: footage analysis progress: percent done, seconds left, tracks found so far */
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%d %% · about %.0f s left · %u track",
                                           "%d %% · about %.0f s left · %u tracks",
                                           progress->tracks),
                              percent, progress->eta_s, progress->tracks);
  else
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d %% · %u track", "%d %% · %u tracks",
                                           progress->tracks),
                              percent, progress->tracks);
  /* Translators: the evidence being analysed, then how far it is */
  label = g_strdup_printf (_("Analysing “%s”: %s"), item_name (current->item), status);
  sl_evidence_item_set_progress (current->item, progress->fraction, status);
  set_state (self, progress->fraction, label);
}

static void
on_analysis_done (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SlAnalysisQueue) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAnalysis) analysis = NULL;
  SlWorkQueue *queue = SL_WORK_QUEUE (self);
  SlAppContext *context = sl_work_queue_get_context (queue);
  Job *job = sl_work_queue_steal_current (queue);

  analysis = sl_engine_analyse_full_finish (SL_ENGINE (source_object), result, &error);
  sl_evidence_item_set_busy (job->item, FALSE);
  if (context == NULL)
    {
      sl_work_queue_finish (queue, job);
      return;
    }
  if (analysis == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sl_evidence_item_set_progress (job->item, 0, _("Analysis cancelled"));
      else
        {
          /* Translators: the evidence that could not be analysed */
          g_autofree char *what = g_strdup_printf (_("Cannot analyse “%s”"), item_name (job->item));

          sl_evidence_item_set_progress (job->item, 0, _("Analysis failed"));
          sl_app_context_alert (context, what, error);
        }
    }
  else if (analysis->footage != NULL)
    sl_evidence_item_set_result (job->item, -1, analysis->tracks != NULL ? (int) analysis->tracks->len : 0,
                                 analysis->footage->partial);
  else
    sl_evidence_item_set_result (job->item, analysis->faces != NULL ? (int) analysis->faces->len : 0, -1,
                                 FALSE);
  if (analysis != NULL)
    sl_app_context_changed (context, "evidence");
  sl_work_queue_finish (queue, job);
}

/* overrides */

static void
sl_analysis_queue_start (SlWorkQueue  *queue,
                         gpointer      data,
                         SlSession    *session,
                         GCancellable *cancellable)
{
  SlAnalysisQueue *self = SL_ANALYSIS_QUEUE (queue);
  Job *job = data;
  g_autofree char *label = NULL;
  SlAnalyseOptions options = { .sample_fps = -1, .person_sought = job->person_sought, .facts = job->facts };

  sl_evidence_item_set_progress (job->item, 0, _("Analysing…"));
  /* Translators: the evidence being analysed */
  label = g_strdup_printf (_("Analysing “%s”…"), item_name (job->item));
  set_state (self, sl_evidence_item_get_evidence (job->item)->kind == SL_EVIDENCE_FOOTAGE ? 0 : -1, label);
  sl_engine_analyse_full_async (sl_app_context_get_engine (sl_work_queue_get_context (queue)), session,
                                job->case_number, sl_evidence_item_get_id (job->item),
                                NULL, &options, on_progress, g_object_ref (self), g_object_unref,
                                cancellable, on_analysis_done, g_object_ref (self));
}

static void
sl_analysis_queue_dispose (GObject *object)
{
  /* An analysis nobody will see is not worth the cores. */
  g_cancellable_cancel (sl_work_queue_get_cancellable (SL_WORK_QUEUE (object)));

  G_OBJECT_CLASS (sl_analysis_queue_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_analysis_queue_class_init (SlAnalysisQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SlWorkQueueClass *queue_class = SL_WORK_QUEUE_CLASS (klass);

  object_class->dispose = sl_analysis_queue_dispose;
  queue_class->job_free = job_free;
  queue_class->start = sl_analysis_queue_start;
}

static void
sl_analysis_queue_init (SlAnalysisQueue *self)
{
}

/* public API */

SlAnalysisQueue *
sl_analysis_queue_new (SlAppContext *context)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  return g_object_new (SL_TYPE_ANALYSIS_QUEUE, "context", context, NULL);
}

void
sl_analysis_queue_add (SlAnalysisQueue *self,
                       const char      *case_number,
                       SlEvidenceItem  *item,
                       const char      *person_sought,
                       const char      *facts)
{
  Job *job;

  g_return_if_fail (SL_IS_ANALYSIS_QUEUE (self));
  g_return_if_fail (case_number != NULL);
  g_return_if_fail (SL_IS_EVIDENCE_ITEM (item));

  if (is_waiting (self, item))
    return;
  job = g_new0 (Job, 1);
  job->case_number = g_strdup (case_number);
  job->item = g_object_ref (item);
  job->person_sought = g_strdup (person_sought);
  job->facts = g_strdup (facts);
  sl_evidence_item_set_busy (item, TRUE);
  sl_work_queue_push (SL_WORK_QUEUE (self), job);
}

void
sl_analysis_queue_cancel (SlAnalysisQueue *self)
{
  g_return_if_fail (SL_IS_ANALYSIS_QUEUE (self));

  for (GList *l = sl_work_queue_peek_waiting (SL_WORK_QUEUE (self)); l != NULL; l = l->next)
    sl_evidence_item_set_busy (((Job *) l->data)->item, FALSE);
  sl_work_queue_cancel (SL_WORK_QUEUE (self));
}
