/* sl-audit-model.c: the audit log as a list model. Holding a million
 * SlAuditRows would cost hundreds of megabytes and seconds to build: the
 * model holds the matching seqs only and makes a row object when the view
 * asks for one, from a cache of pages fetched in a worker.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-audit-model"

#include "config.h"

#include "app/sl-audit-model.h"
#include "app/sl-debug.h"
#include "app/sl-audit-row.h"

/* Pages kept: 64 x 200 rows, whatever has been scrolled through. */
#define MAX_PAGES 64
/* Fetches at once; more wait, the latest asked for first (what is on
 * screen now), and only the latest few are kept waiting. */
#define MAX_RUNNING 3
#define MAX_WAITING 16

struct _SlAuditModel
{
  GObject        parent_instance;
  SlEngine      *engine;
  SlSession     *session;
  SlAuditFilter *filter;
  GArray        *seqs;          /* ascending; shown newest first */
  GHashTable    *pages;         /* page + 1 -> GPtrArray of SlAuditRecord */
  GHashTable    *pending;       /* page + 1 being fetched or waiting to be */
  GQueue         waiting;       /* page + 1 not started yet */
  guint          running;
  GQueue         order;         /* pages in the order they came */
  GCancellable  *cancellable;   /* the query and its page fetches */
  guint          generation;
  gboolean       loading;
  gboolean       timing;
  gint64         started_us;
  double         ready_seconds;
  gint64         head_seq;
  char          *head_hash;
};

typedef struct
{
  SlAuditModel *model;
  guint         generation;
  guint         page;
} Fetch;

static void sl_audit_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlAuditModel, sl_audit_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, sl_audit_model_list_model_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_HEAD_SEQ,
  PROP_HEAD_HASH,
  PROP_READY_SECONDS,
  N_PROPS
};

enum {
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* helpers */

static Fetch *
fetch_new (SlAuditModel *self,
           guint         page)
{
  Fetch *f = g_new0 (Fetch, 1);

  f->model = g_object_ref (self);
  f->generation = self->generation;
  f->page = page;
  return f;
}

static void
fetch_free (Fetch *f)
{
  g_clear_object (&f->model);
  g_free (f);
}

/* Positions [first, first + *count) of page p, as a run of ascending seqs
 * starting at index *start of seqs (newest first on screen). */
static void
page_span (SlAuditModel *self,
           guint         page,
           guint        *start,
           guint        *count)
{
  guint n = self->seqs->len;
  guint first = page * SL_AUDIT_MODEL_PAGE;
  guint end = MIN (n, first + SL_AUDIT_MODEL_PAGE);

  *count = end > first ? end - first : 0;
  *start = n - end;
}

static void
set_loading (SlAuditModel *self,
             gboolean      loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
ready (SlAuditModel *self)
{
  if (!self->timing)
    return;
  self->timing = FALSE;
  self->ready_seconds = (g_get_monotonic_time () - self->started_us) / 1e6;
  sl_debug_timing ("Audit view ready", self->started_us, self->seqs->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY_SECONDS]);
}

static void
clear_pages (SlAuditModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_hash_table_remove_all (self->pending);
  g_queue_clear (&self->order);
  g_queue_clear (&self->waiting);
}

static void on_page_fetched (GObject *source, GAsyncResult *result, gpointer user_data);
static void on_query_done (GObject *source, GAsyncResult *result, gpointer user_data);

static void
start_fetch (SlAuditModel *self,
             guint         page)
{
  guint start, count;

  page_span (self, page, &start, &count);
  self->running++;
  sl_engine_audit_rows_async (self->engine, self->session, &g_array_index (self->seqs, gint64, start), count,
                              self->cancellable, on_page_fetched, fetch_new (self, page));
}

static void
request_page (SlAuditModel *self,
              guint         page)
{
  gpointer key = GUINT_TO_POINTER (page + 1);
  guint start, count;

  if (self->engine == NULL || g_hash_table_contains (self->pending, key) ||
      g_hash_table_contains (self->pages, key))
    return;
  page_span (self, page, &start, &count);
  if (count == 0)
    return;
  g_hash_table_add (self->pending, key);
  if (self->running < MAX_RUNNING)
    {
      start_fetch (self, page);
      return;
    }
  g_queue_push_tail (&self->waiting, key);
  if (g_queue_get_length (&self->waiting) > MAX_WAITING)
    g_hash_table_remove (self->pending, g_queue_pop_head (&self->waiting));
}

static void
start_waiting (SlAuditModel *self)
{
  /* Disposed: nothing more to fetch for. */
  if (self->engine == NULL)
    return;
  while (self->running < MAX_RUNNING && !g_queue_is_empty (&self->waiting))
    start_fetch (self, GPOINTER_TO_UINT (g_queue_pop_tail (&self->waiting)) - 1);
}

static void
run_query (SlAuditModel *self)
{
  if (self->engine == NULL)
    return;
  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->started_us = g_get_monotonic_time ();
  self->timing = TRUE;
  self->ready_seconds = 0;
  set_loading (self, TRUE);
  sl_engine_audit_query_async (self->engine, self->session, self->filter, SL_AUDIT_MODEL_PAGE,
                               self->cancellable, on_query_done, fetch_new (self, 0));
}

/* callbacks */

static void
on_page_fetched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fetch *f = user_data;
  SlAuditModel *self = f->model;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = sl_engine_audit_rows_finish (SL_ENGINE (source), result, &error);
  gpointer key = GUINT_TO_POINTER (f->page + 1);
  guint start, count;

  self->running--;
  if (f->generation != self->generation)
    {
      start_waiting (self);
      fetch_free (f);
      return;
    }
  g_hash_table_remove (self->pending, key);
  start_waiting (self);
  if (rows == NULL)
    {
      g_debug ("audit page %u failed: %s", f->page, error->message);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[FAILED], 0, error);
      fetch_free (f);
      return;
    }

  g_hash_table_insert (self->pages, key, g_ptr_array_ref (rows));
  g_queue_push_tail (&self->order, key);
  while (g_queue_get_length (&self->order) > MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_head (&self->order));

  page_span (self, f->page, &start, &count);
  g_list_model_items_changed (G_LIST_MODEL (self), f->page * SL_AUDIT_MODEL_PAGE, count, count);
  if (f->page == 0)
    ready (self);
  fetch_free (f);
}

static void
on_query_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fetch *f = user_data;
  SlAuditModel *self = f->model;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAuditMatches) matches = sl_engine_audit_query_finish (SL_ENGINE (source), result, &error);
  guint old_n;

  if (f->generation != self->generation)
    {
      /* A newer query is running: this one's result is not wanted. */
      fetch_free (f);
      return;
    }
  set_loading (self, FALSE);
  if (matches == NULL)
    {
      g_debug ("audit query failed: %s", error->message);
      g_signal_emit (self, signals[FAILED], 0, error);
      fetch_free (f);
      return;
    }

  g_debug ("audit query: %u rows in %.3f s", matches->seqs->len, matches->seconds);
  /* Pages still coming are of the old seqs: they are dropped. */
  self->generation++;
  old_n = self->seqs->len;
  clear_pages (self);
  self->head_seq = matches->head_seq;
  g_free (self->head_hash);
  self->head_hash = g_steal_pointer (&matches->head_hash);

  /* Everything out, then everything in, the model as each change says.
   * One change of both would make the list view ask for every new item,
   * looking for ones it can reuse: a get_item() per matching row. */
  g_array_set_size (self->seqs, 0);
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
  g_array_unref (self->seqs);
  self->seqs = g_steal_pointer (&matches->seqs);
  /* The first page (the newest rows) came with the query. */
  if (matches->newest != NULL && matches->newest->len == MIN (self->seqs->len, SL_AUDIT_MODEL_PAGE))
    {
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (1), g_steal_pointer (&matches->newest));
      g_queue_push_tail (&self->order, GUINT_TO_POINTER (1));
    }
  else
    request_page (self, 0);
  if (self->seqs->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->seqs->len);
  if (old_n != self->seqs->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEAD_SEQ]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEAD_HASH]);
  if (self->seqs->len == 0 || g_hash_table_contains (self->pages, GUINT_TO_POINTER (1)))
    ready (self);
  fetch_free (f);
}

/* GListModel */

static GType
sl_audit_model_get_item_type (GListModel *model)
{
  return SL_TYPE_AUDIT_ROW;
}

static guint
sl_audit_model_get_n_items (GListModel *model)
{
  return SL_AUDIT_MODEL (model)->seqs->len;
}

static gpointer
sl_audit_model_get_item (GListModel *model,
                         guint       position)
{
  SlAuditModel *self = SL_AUDIT_MODEL (model);
  guint n = self->seqs->len;
  guint page = position / SL_AUDIT_MODEL_PAGE;
  GPtrArray *rows;
  gint64 seq;

  if (position >= n)
    return NULL;
  seq = g_array_index (self->seqs, gint64, n - 1 - position);
  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page + 1));
  if (rows == NULL)
    {
      request_page (self, page);
      return sl_audit_row_new (seq, NULL, 0);
    }

  /* Records are ascending by seq: find this one. */
  for (guint lo = 0, hi = rows->len; lo < hi;)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 s = ((SlAuditRecord *) g_ptr_array_index (rows, mid))->seq;

      if (s == seq)
        return sl_audit_row_new (seq, rows, mid);
      if (s < seq)
        lo = mid + 1;
      else
        hi = mid;
    }
  return sl_audit_row_new (seq, NULL, 0);
}

static void
sl_audit_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sl_audit_model_get_item_type;
  iface->get_n_items = sl_audit_model_get_n_items;
  iface->get_item = sl_audit_model_get_item;
}

/* overrides */

static void
sl_audit_model_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SlAuditModel *self = SL_AUDIT_MODEL (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->seqs->len);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_HEAD_SEQ:
      g_value_set_int64 (value, self->head_seq);
      break;
    case PROP_HEAD_HASH:
      g_value_set_string (value, self->head_hash);
      break;
    case PROP_READY_SECONDS:
      g_value_set_double (value, self->ready_seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_audit_model_dispose (GObject *object)
{
  SlAuditModel *self = SL_AUDIT_MODEL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->engine);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sl_audit_model_parent_class)->dispose (object);
}

static void
sl_audit_model_finalize (GObject *object)
{
  SlAuditModel *self = SL_AUDIT_MODEL (object);

  clear_pages (self);
  g_hash_table_unref (self->pages);
  g_hash_table_unref (self->pending);
  g_array_unref (self->seqs);
  g_clear_pointer (&self->filter, sl_audit_filter_free);
  g_free (self->head_hash);

  G_OBJECT_CLASS (sl_audit_model_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_audit_model_class_init (SlAuditModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_audit_model_get_property;
  object_class->dispose = sl_audit_model_dispose;
  object_class->finalize = sl_audit_model_finalize;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEAD_SEQ] =
    g_param_spec_int64 ("head-seq", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEAD_HASH] =
    g_param_spec_string ("head-hash", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY_SECONDS] =
    g_param_spec_double ("ready-seconds", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
sl_audit_model_init (SlAuditModel *self)
{
  self->seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->pending = g_hash_table_new (NULL, NULL);
  g_queue_init (&self->order);
  g_queue_init (&self->waiting);
  self->filter = sl_audit_filter_new ();
  self->cancellable = g_cancellable_new ();
}

/* public API */

SlAuditModel *
sl_audit_model_new (SlEngine  *engine,
                    SlSession *session)
{
  SlAuditModel *self;

  g_return_val_if_fail (SL_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);

  self = g_object_new (SL_TYPE_AUDIT_MODEL, NULL);
  self->engine = g_object_ref (engine);
  self->session = g_object_ref (session);
  return self;
}

void
sl_audit_model_set_filter (SlAuditModel        *self,
                           const SlAuditFilter *filter)
{
  g_return_if_fail (SL_IS_AUDIT_MODEL (self));

  sl_audit_filter_free (self->filter);
  self->filter = sl_audit_filter_copy (filter);
  run_query (self);
}

const SlAuditFilter *
sl_audit_model_get_filter (SlAuditModel *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_MODEL (self), NULL);

  return self->filter;
}

void
sl_audit_model_reload (SlAuditModel *self)
{
  g_return_if_fail (SL_IS_AUDIT_MODEL (self));

  run_query (self);
}

gboolean
sl_audit_model_get_loading (SlAuditModel *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_MODEL (self), FALSE);

  return self->loading;
}

gint64
sl_audit_model_get_head_seq (SlAuditModel *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_MODEL (self), 0);

  return self->head_seq;
}

const char *
sl_audit_model_get_head_hash (SlAuditModel *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_MODEL (self), NULL);

  return self->head_hash;
}

double
sl_audit_model_get_ready_seconds (SlAuditModel *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_MODEL (self), 0);

  return self->ready_seconds;
}

gboolean
sl_audit_model_get_fetching (SlAuditModel *self)
{
  g_return_val_if_fail (SL_IS_AUDIT_MODEL (self), FALSE);

  return self->running > 0 || !g_queue_is_empty (&self->waiting);
}

int
sl_audit_model_find_seq (SlAuditModel *self,
                         gint64        seq)
{
  guint n;

  g_return_val_if_fail (SL_IS_AUDIT_MODEL (self), -1);

  n = self->seqs->len;
  for (guint lo = 0, hi = n; lo < hi;)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 s = g_array_index (self->seqs, gint64, mid);

      if (s == seq)
        return (int) (n - 1 - mid);
      if (s < seq)
        lo = mid + 1;
      else
        hi = mid;
    }
  return -1;
}
