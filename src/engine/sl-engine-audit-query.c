/* sl-engine-audit-query.c: browsing the audit log: filtered queries, rows
 * by seq, the head and the overview, for those who may read the log.
 * Reads: a refusal is audited, an allowed read is not.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "engine/sl-engine-audit.h"
#include "engine/sl-engine-private.h"

typedef enum
{
  READ_QUERY,
  READ_ROWS,
  READ_STATS,
} ReadKind;

typedef struct
{
  ReadKind       kind;
  SlSession     *session;
  SlAuditFilter *filter;
  GArray        *seqs;
  char          *from;
  char          *to;
  guint          n_newest;
} ReadTask;

/* helpers */

static void
read_task_free (gpointer user_data)
{
  ReadTask *data = user_data;

  g_clear_object (&data->session);
  g_clear_pointer (&data->filter, sl_audit_filter_free);
  g_clear_pointer (&data->seqs, g_array_unref);
  g_free (data->from);
  g_free (data->to);
  g_free (data);
}

static ReadTask *
read_task_new (SlSession *session,
               ReadKind   kind)
{
  ReadTask *data = g_new0 (ReadTask, 1);

  data->kind = kind;
  data->session = g_object_ref (session);
  return data;
}

static gboolean
may_read (SlEngine    *self,
          SlStore     *store,
          SlSession   *session,
          const char  *audit_action,
          GError     **error)
{
  SlAuditEntry entry = { audit_action, "audit", NULL, NULL, NULL };

  return sl_engine_authorize (self, store, session, SL_PERMISSION_AUDIT_READ, &entry, error);
}

static char *
parse_time (const char  *text,
            GError     **error)
{
  GError *local_error = NULL;
  char *parsed;

  if (text == NULL || *text == '\0')
    return NULL;
  if (!(parsed = sl_store_parse_time (text, &local_error)))
    sl_engine_propagate (error, local_error);
  return parsed;
}

/* Both ends of a time range parsed (NULL where not given); FALSE with
 * error when one is not a time. */
static gboolean
parse_range (const char  *from,
             const char  *to,
             char       **from_time,
             char       **to_time,
             GError     **error)
{
  g_autofree char *parsed_from = NULL;
  g_autofree char *parsed_to = NULL;

  if ((from != NULL && *from != '\0' && !(parsed_from = parse_time (from, error))) ||
      (to != NULL && *to != '\0' && !(parsed_to = parse_time (to, error))))
    return FALSE;
  *from_time = g_steal_pointer (&parsed_from);
  *to_time = g_steal_pointer (&parsed_to);
  return TRUE;
}

static SlAuditMatches *
query_with (SlEngine             *self,
            SlStore              *store,
            SlSession            *session,
            const SlAuditFilter  *filter,
            guint                 n_newest,
            GCancellable         *cancellable,
            GError              **error)
{
  g_autoptr(SlAuditMatches) matches = g_new0 (SlAuditMatches, 1);
  g_autoptr(SlAuditFilter) parsed = NULL;
  gint64 t0 = g_get_monotonic_time ();

  if (!may_read (self, store, session, "audit.query", error) ||
      !(parsed = sl_engine_audit_filter_parse (filter, error)))
    return NULL;

  if (!(matches->seqs = sl_audit_query_match (store, parsed, cancellable, &matches->head_seq,
                                              &matches->head_hash, error)))
    return NULL;
  if (n_newest > 0 && matches->seqs->len > 0)
    {
      guint n = MIN (n_newest, matches->seqs->len);

      if (!(matches->newest = sl_audit_query_rows (store, &g_array_index (matches->seqs, gint64,
                                                                          matches->seqs->len - n), n, error)))
        return NULL;
    }
  matches->seconds = (g_get_monotonic_time () - t0) / 1e6;
  return g_steal_pointer (&matches);
}

static GPtrArray *
rows_with (SlEngine      *self,
           SlStore       *store,
           SlSession     *session,
           const gint64  *seqs,
           guint          n_seqs,
           GError       **error)
{
  if (!may_read (self, store, session, "audit.read", error))
    return NULL;
  return sl_audit_query_rows (store, seqs, n_seqs, error);
}

static SlAuditStats *
stats_with (SlEngine      *self,
            SlStore       *store,
            SlSession     *session,
            const char    *from,
            const char    *to,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *from_time = NULL;
  g_autofree char *to_time = NULL;

  if (!may_read (self, store, session, "audit.stats", error) ||
      !parse_range (from, to, &from_time, &to_time, error))
    return NULL;
  return sl_audit_stats_compute (store, from_time, to_time, cancellable, error);
}

/* callbacks */

static gpointer
read_work (SlEngine      *engine,
           SlStore       *store,
           gpointer       task_data,
           GCancellable  *cancellable,
           GError       **error)
{
  ReadTask *data = task_data;

  switch (data->kind)
    {
    case READ_QUERY:
      return query_with (engine, store, data->session, data->filter, data->n_newest, cancellable, error);
    case READ_ROWS:
      return rows_with (engine, store, data->session, (const gint64 *) data->seqs->data, data->seqs->len, error);
    case READ_STATS:
      return stats_with (engine, store, data->session, data->from, data->to, cancellable, error);
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

/* public API */

void
sl_audit_matches_free (SlAuditMatches *matches)
{
  if (matches == NULL)
    return;
  g_clear_pointer (&matches->seqs, g_array_unref);
  g_clear_pointer (&matches->newest, g_ptr_array_unref);
  g_free (matches->head_hash);
  g_free (matches);
}

SlAuditFilter *
sl_engine_audit_filter_parse (const SlAuditFilter  *filter,
                              GError              **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_autoptr(SlAuditFilter) copy = sl_audit_filter_copy (filter);
  char *from = NULL, *to = NULL;

  if (!parse_range (copy->time_from, copy->time_to, &from, &to, error))
    return NULL;
  if (from != NULL)
    {
      g_free (copy->time_from);
      copy->time_from = from;
    }
  if (to != NULL)
    {
      g_free (copy->time_to);
      copy->time_to = to;
    }
  return g_steal_pointer (&copy);
}

SlAuditMatches *
sl_engine_audit_query (SlEngine             *self,
                       SlSession            *session,
                       const SlAuditFilter  *filter,
                       GCancellable         *cancellable,
                       GError              **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);

  return query_with (self, sl_engine_get_store (self), session, filter, 0, cancellable, error);
}

void
sl_engine_audit_query_async (SlEngine             *self,
                             SlSession            *session,
                             const SlAuditFilter  *filter,
                             guint                 n_newest,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadTask *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));

  data = read_task_new (session, READ_QUERY);
  data->filter = sl_audit_filter_copy (filter);
  data->n_newest = n_newest;
  task = sl_engine_task_new (self, sl_engine_audit_query_async, cancellable, callback, user_data);
  sl_engine_task_run (task, read_work, data, read_task_free, (GDestroyNotify) sl_audit_matches_free);
}

SlAuditMatches *
sl_engine_audit_query_finish (SlEngine      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return sl_engine_task_finish (self, result, sl_engine_audit_query_async, error);
}

GPtrArray *
sl_engine_audit_rows (SlEngine      *self,
                      SlSession     *session,
                      const gint64  *seqs,
                      guint          n_seqs,
                      GError       **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);

  return rows_with (self, sl_engine_get_store (self), session, seqs, n_seqs, error);
}

void
sl_engine_audit_rows_async (SlEngine            *self,
                            SlSession           *session,
                            const gint64        *seqs,
                            guint                n_seqs,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadTask *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (seqs != NULL || n_seqs == 0);

  data = read_task_new (session, READ_ROWS);
  data->seqs = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_seqs);
  g_array_append_vals (data->seqs, seqs, n_seqs);
  task = sl_engine_task_new (self, sl_engine_audit_rows_async, cancellable, callback, user_data);
  sl_engine_task_run (task, read_work, data, read_task_free, (GDestroyNotify) g_ptr_array_unref);
}

GPtrArray *
sl_engine_audit_rows_finish (SlEngine      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return sl_engine_task_finish (self, result, sl_engine_audit_rows_async, error);
}

gboolean
sl_engine_audit_head (SlEngine   *self,
                      SlSession  *session,
                      gint64     *seq,
                      char      **hash,
                      GError    **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store;

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);

  store = sl_engine_get_store (self);
  return may_read (self, store, session, "audit.head", error) &&
         sl_audit_get_head (store, seq, hash, error);
}

SlAuditStats *
sl_engine_audit_stats (SlEngine    *self,
                       SlSession   *session,
                       const char  *from,
                       const char  *to,
                       GError     **error)
{
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);

  return stats_with (self, sl_engine_get_store (self), session, from, to, NULL, error);
}

void
sl_engine_audit_stats_async (SlEngine            *self,
                             SlSession           *session,
                             const char          *from,
                             const char          *to,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadTask *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));

  data = read_task_new (session, READ_STATS);
  data->from = g_strdup (from);
  data->to = g_strdup (to);
  task = sl_engine_task_new (self, sl_engine_audit_stats_async, cancellable, callback, user_data);
  sl_engine_task_run (task, read_work, data, read_task_free, (GDestroyNotify) sl_audit_stats_free);
}

SlAuditStats *
sl_engine_audit_stats_finish (SlEngine      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return sl_engine_task_finish (self, result, sl_engine_audit_stats_async, error);
}
