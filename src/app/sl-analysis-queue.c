/* sl-analysis-queue.c: evidence analysed one file at a time in a worker
 * (sl_engine_analyze_full_async), its progress shown on the item and on
 * the page's bar. One at a time because an analysis already uses every
 * core.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-analysis-queue"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-analysis-queue.h"
#include "engine/sl-engine-analyze-async.h"

typedef struct
{
  char           *case_number;
  SlEvidenceItem *item;
} Job;

struct _SlAnalysisQueue
{
  GObject       parent_instance;
  SlAppContext *context;
  GQueue        waiting;      /* Job */
  Job          *current;
  GCancellable *cancellable;
  double        fraction;
  char         *label;
};

G_DEFINE_FINAL_TYPE (SlAnalysisQueue, sl_analysis_queue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_FRACTION,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_next (SlAnalysisQueue *self);

/* helpers */

static void
job_free (Job *job)
{
  if (job == NULL)
    return;
  g_free (job->case_number);
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
  self->fraction = fraction;
  g_free (self->label);
  self->label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

static gboolean
is_waiting (SlAnalysisQueue *self,
            SlEvidenceItem  *item)
{
  if (self->current != NULL && self->current->item == item)
    return TRUE;
  for (GList *l = self->waiting.head; l != NULL; l = l->next)
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
  g_autofree char *status = NULL;
  g_autofree char *label = NULL;
  int percent = (int) (progress->fraction * 100 + 0.5);

  if (self->current == NULL)
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
  label = g_strdup_printf (_("Analysing “%s”: %s"), item_name (self->current->item), status);
  sl_evidence_item_set_progress (self->current->item, progress->fraction, status);
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
  Job *job = g_steal_pointer (&self->current);

  analysis = sl_engine_analyze_full_finish (SL_ENGINE (source_object), result, &error);
  sl_evidence_item_set_busy (job->item, FALSE);
  if (self->context == NULL)
    {
      job_free (job);
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
          sl_app_context_error (self->context, what, error);
        }
    }
  else if (analysis->footage != NULL)
    sl_evidence_item_set_result (job->item, -1, analysis->tracks != NULL ? (int) analysis->tracks->len : 0,
                                 analysis->footage->partial);
  else
    sl_evidence_item_set_result (job->item, analysis->faces != NULL ? (int) analysis->faces->len : 0, -1,
                                 FALSE);
  job_free (job);
  g_clear_object (&self->cancellable);
  if (analysis != NULL)
    sl_app_context_changed (self->context, "evidence");
  start_next (self);
}

static void
start_next (SlAnalysisQueue *self)
{
  SlSession *session = sl_app_context_get_session (self->context);
  g_autofree char *label = NULL;

  g_assert (self->current == NULL);

  self->current = g_queue_pop_head (&self->waiting);
  if (self->current == NULL || session == NULL)
    {
      g_clear_pointer (&self->current, job_free);
      g_queue_clear_full (&self->waiting, (GDestroyNotify) job_free);
      set_state (self, 0, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
      return;
    }

  self->cancellable = g_cancellable_new ();
  sl_evidence_item_set_progress (self->current->item, 0, _("Analysing…"));
  /* Translators: the evidence being analysed */
  label = g_strdup_printf (_("Analysing “%s”…"), item_name (self->current->item));
  set_state (self, sl_evidence_item_get_evidence (self->current->item)->kind == SL_EVIDENCE_FOOTAGE ? 0 : -1,
             label);
  sl_engine_analyze_full_async (sl_app_context_get_engine (self->context), session,
                                self->current->case_number,
                                sl_evidence_item_get_id (self->current->item),
                                NULL, -1, on_progress, g_object_ref (self), g_object_unref,
                                self->cancellable, on_analysis_done, g_object_ref (self));
}

/* overrides */

static void
sl_analysis_queue_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SlAnalysisQueue *self = SL_ANALYSIS_QUEUE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, sl_analysis_queue_get_busy (self));
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
sl_analysis_queue_dispose (GObject *object)
{
  SlAnalysisQueue *self = SL_ANALYSIS_QUEUE (object);

  g_queue_clear_full (&self->waiting, (GDestroyNotify) job_free);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_analysis_queue_parent_class)->dispose (object);
}

static void
sl_analysis_queue_finalize (GObject *object)
{
  SlAnalysisQueue *self = SL_ANALYSIS_QUEUE (object);

  job_free (self->current);
  g_free (self->label);

  G_OBJECT_CLASS (sl_analysis_queue_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_analysis_queue_class_init (SlAnalysisQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_analysis_queue_get_property;
  object_class->dispose = sl_analysis_queue_dispose;
  object_class->finalize = sl_analysis_queue_finalize;

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
sl_analysis_queue_init (SlAnalysisQueue *self)
{
  g_queue_init (&self->waiting);
}

/* public API */

SlAnalysisQueue *
sl_analysis_queue_new (SlAppContext *context)
{
  SlAnalysisQueue *self;

  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  self = g_object_new (SL_TYPE_ANALYSIS_QUEUE, NULL);
  self->context = g_object_ref (context);
  return self;
}

void
sl_analysis_queue_add (SlAnalysisQueue *self,
                       const char      *case_number,
                       SlEvidenceItem  *item)
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
  sl_evidence_item_set_busy (item, TRUE);
  g_queue_push_tail (&self->waiting, job);
  if (self->current == NULL)
    {
      start_next (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

void
sl_analysis_queue_cancel (SlAnalysisQueue *self)
{
  g_return_if_fail (SL_IS_ANALYSIS_QUEUE (self));

  for (GList *l = self->waiting.head; l != NULL; l = l->next)
    sl_evidence_item_set_busy (((Job *) l->data)->item, FALSE);
  g_queue_clear_full (&self->waiting, (GDestroyNotify) job_free);
  g_cancellable_cancel (self->cancellable);
}

gboolean
sl_analysis_queue_get_busy (SlAnalysisQueue *self)
{
  g_return_val_if_fail (SL_IS_ANALYSIS_QUEUE (self), FALSE);
  return self->current != NULL;
}

double
sl_analysis_queue_get_fraction (SlAnalysisQueue *self)
{
  g_return_val_if_fail (SL_IS_ANALYSIS_QUEUE (self), 0);
  return self->fraction;
}

const char *
sl_analysis_queue_get_label (SlAnalysisQueue *self)
{
  g_return_val_if_fail (SL_IS_ANALYSIS_QUEUE (self), NULL);
  return self->label;
}
