/* sl-audit-query.c: the audit log filtered for a person reviewing it: the
 * SQL a filter becomes, the seqs it matches and rows fetched by seq.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-audit"

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include <glib/gi18n-lib.h>

#include "core/sl-audit-private.h"
#include "core/sl-audit-query.h"

/* Rows fetched per statement: a page of the view is a few of these. */
#define ROWS_PER_STMT 64

/* Fixed parameter numbers, whichever conditions the SQL holds. */
enum
{
  P_ACTOR = 1,
  P_CASE,
  P_ACTION,
  P_ACTION_PREFIX,
  P_OUTCOME,
  P_FROM,
  P_TO,
  P_TEXT,
};

/* helpers */

static inline gboolean
set (const char *text)
{
  return text != NULL && *text != '\0';
}

/* text for LIKE: its own % and _ stand for themselves. */
static char *
like_escape (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 8);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
filter_where (const SlAuditFilter *f)
{
  GString *sql = g_string_new ("");

  if (f == NULL)
    f = &(SlAuditFilter) { 0 };
  if (set (f->actor))
    g_string_append (sql, " AND lower (actor) = lower (?1)");
  if (set (f->case_number))
    g_string_append (sql, " AND case_number = ?2");
  if (set (f->action))
    g_string_append (sql, " AND (action = ?3 OR action LIKE ?4 ESCAPE '\\')");
  if (set (f->outcome))
    g_string_append (sql, " AND outcome = ?5");
  if (set (f->time_from))
    g_string_append (sql, " AND time >= ?6");
  if (set (f->time_to))
    g_string_append (sql, " AND time < ?7");
  if (set (f->text))
    g_string_append (sql, " AND sl_audit_contains (?8, actor, action, object_id, case_number, details) = 1");
  if (sql->len > 0)
    {
      /* " AND" becomes "WHERE" */
      g_string_erase (sql, 0, 4);
      g_string_prepend (sql, " WHERE");
    }
  return g_string_free (sql, FALSE);
}

static void
filter_bind (const SlAuditFilter *f,
             SlStmt        *stmt)
{
  if (f == NULL)
    return;
  if (set (f->actor))
    sl_bind_text (stmt, P_ACTOR, f->actor);
  if (set (f->case_number))
    sl_bind_text (stmt, P_CASE, f->case_number);
  if (set (f->action))
    {
      g_autofree char *escaped = like_escape (f->action);
      g_autofree char *prefix = g_strconcat (escaped, ".%", NULL);

      sl_bind_text (stmt, P_ACTION, f->action);
      sl_bind_text (stmt, P_ACTION_PREFIX, prefix);
    }
  if (set (f->outcome))
    sl_bind_text (stmt, P_OUTCOME, f->outcome);
  if (set (f->time_from))
    sl_bind_text (stmt, P_FROM, f->time_from);
  if (set (f->time_to))
    sl_bind_text (stmt, P_TO, f->time_to);
  if (set (f->text))
    sl_bind_text (stmt, P_TEXT, f->text);
}

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

/* sl_audit_contains (needle, text...): whether any text holds needle,
 * ignoring letter case. One call per row instead of a LIKE per column: an
 * ASCII needle (the usual case numbers, names, actions) is found with
 * strcasestr; any other is compared case-folded, slower but right for
 * "Müller" and "MÜLLER". */
static void
sql_contains (sqlite3_context  *context,
              int               argc,
              sqlite3_value   **argv)
{
  const char *needle = (const char *) sqlite3_value_text (argv[0]);
  g_autofree char *own_fold = NULL;
  const char *folded = NULL;
  int found = 0;

  if (needle == NULL)
    {
      sqlite3_result_int (context, 0);
      return;
    }
  if (!is_ascii (needle) && !(folded = sqlite3_get_auxdata (context, 0)))
    {
      folded = own_fold = g_utf8_casefold (needle, -1);
      /* Kept with the statement while the needle stays the same. */
      sqlite3_set_auxdata (context, 0, g_strdup (own_fold), g_free);
    }
  for (int i = 1; i < argc && !found; i++)
    {
      const char *text = (const char *) sqlite3_value_text (argv[i]);

      if (text == NULL)
        continue;
      if (folded == NULL)
        found = strcasestr (text, needle) != NULL;
      else
        {
          g_autofree char *haystack = g_utf8_casefold (text, -1);
          found = strstr (haystack, folded) != NULL;
        }
    }
  sqlite3_result_int (context, found);
}

/* A statement of its own (not cached: the SQL varies with the filter). */
static SlStmt *
prepare_on (SlStore             *store,
            const char          *select,
            const SlAuditFilter *filter,
            GError             **error)
{
  g_autofree char *where = filter_where (filter);
  g_autofree char *sql = g_strconcat (select, " FROM audit", where, " ORDER BY seq", NULL);
  struct sqlite3 *db = sl_store_get_sqlite (store);
  SlStmt *stmt;

  /* Registering again on the same connection replaces it: harmless. On
   * PostgreSQL the schema defines it (sl-store-schema-pg.c). */
  if (db != NULL &&
      sqlite3_create_function_v2 (db, "sl_audit_contains", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                  sql_contains, NULL, NULL, NULL) != SQLITE_OK)
    {
      sl_store_fail (store, sqlite3_errcode (db), error, _("Cannot read the audit log"));
      return NULL;
    }
  if ((stmt = sl_store_prepare_once (store, sql, error)) != NULL)
    filter_bind (filter, stmt);
  return stmt;
}

static SlStmt *
prepare_filtered (SlStore             *store,
                  const char          *select,
                  const SlAuditFilter *filter,
                  GError             **error)
{
  SlStmt *stmt = prepare_on (store, select, filter, error);

  if (stmt == NULL)
    g_prefix_error (error, "%s: ", _("Cannot read the audit log"));
  return stmt;
}

static int
on_sqlite_progress (void *user_data)
{
  return g_cancellable_is_cancelled (user_data) ? 1 : 0;
}

/* public API */

SlAuditFilter *
sl_audit_filter_new (void)
{
  return g_new0 (SlAuditFilter, 1);
}

SlAuditFilter *
sl_audit_filter_copy (const SlAuditFilter *f)
{
  SlAuditFilter *copy = g_new0 (SlAuditFilter, 1);

  if (f == NULL)
    return copy;
  copy->actor = g_strdup (f->actor);
  copy->case_number = g_strdup (f->case_number);
  copy->action = g_strdup (f->action);
  copy->outcome = g_strdup (f->outcome);
  copy->time_from = g_strdup (f->time_from);
  copy->time_to = g_strdup (f->time_to);
  copy->text = g_strdup (f->text);
  return copy;
}

void
sl_audit_filter_free (SlAuditFilter *f)
{
  if (f == NULL)
    return;
  g_free (f->actor);
  g_free (f->case_number);
  g_free (f->action);
  g_free (f->outcome);
  g_free (f->time_from);
  g_free (f->time_to);
  g_free (f->text);
  g_free (f);
}

gboolean
sl_audit_filter_is_empty (const SlAuditFilter *f)
{
  return f == NULL ||
         !(set (f->actor) || set (f->case_number) || set (f->action) || set (f->outcome) ||
           set (f->time_from) || set (f->time_to) || set (f->text));
}

static gboolean
same (const char *a,
      const char *b)
{
  return g_strcmp0 (set (a) ? a : NULL, set (b) ? b : NULL) == 0;
}

gboolean
sl_audit_filter_equal (const SlAuditFilter *a,
                       const SlAuditFilter *b)
{
  static const SlAuditFilter none = { 0 };

  if (a == NULL)
    a = &none;
  if (b == NULL)
    b = &none;
  return same (a->actor, b->actor) && same (a->case_number, b->case_number) &&
         same (a->action, b->action) && same (a->outcome, b->outcome) &&
         same (a->time_from, b->time_from) && same (a->time_to, b->time_to) &&
         same (a->text, b->text);
}

void
sl_audit_filter_to_json (const SlAuditFilter *f,
                         JsonObject          *object)
{
  const struct { const char *name; const char *value; } members[] = {
    { "actor", f != NULL ? f->actor : NULL },
    { "case_number", f != NULL ? f->case_number : NULL },
    { "action", f != NULL ? f->action : NULL },
    { "outcome", f != NULL ? f->outcome : NULL },
    { "from", f != NULL ? f->time_from : NULL },
    { "to", f != NULL ? f->time_to : NULL },
    { "text", f != NULL ? f->text : NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (set (members[i].value))
      json_object_set_string_member (object, members[i].name, members[i].value);
}

SlAuditRecord *
sl_audit_record_dup (const SlAuditRecord *r)
{
  const char *texts[] = { r->time, r->actor, r->action, r->object_type, r->object_id, r->case_number,
                          r->outcome, r->details, r->prev_hash, r->hash };
  const char **fields[G_N_ELEMENTS (texts)];
  gsize size = sizeof (SlAuditRecord);
  SlAuditRecord *copy;
  char *p;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    size += texts[i] != NULL ? strlen (texts[i]) + 1 : 0;
  copy = g_malloc (size);
  *copy = *r;
  fields[0] = &copy->time;
  fields[1] = &copy->actor;
  fields[2] = &copy->action;
  fields[3] = &copy->object_type;
  fields[4] = &copy->object_id;
  fields[5] = &copy->case_number;
  fields[6] = &copy->outcome;
  fields[7] = &copy->details;
  fields[8] = &copy->prev_hash;
  fields[9] = &copy->hash;
  /* The strings live in the same block, after the struct. */
  p = (char *) (copy + 1);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      gsize len;

      if (texts[i] == NULL)
        {
          *fields[i] = NULL;
          continue;
        }
      len = strlen (texts[i]) + 1;
      memcpy (p, texts[i], len);
      *fields[i] = p;
      p += len;
    }
  return copy;
}

void
sl_audit_record_free (SlAuditRecord *record)
{
  g_free (record);
}

SlAuditCursor *
sl_audit_cursor_new_filtered (SlStore             *store,
                              const SlAuditFilter *filter,
                              GError             **error)
{
  SlStmt *stmt;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);

  if (!(stmt = prepare_filtered (store, "SELECT " SL_AUDIT_COLUMNS, filter, error)))
    return NULL;
  return sl_audit_cursor_new_for_stmt (store, stmt);
}

/* Steps stmt, appending the seqs it selects; interrupted when cancelled. */
static int
scan (struct sqlite3 *db,
      SlStmt       *stmt,
      GCancellable *cancellable,
      GArray       *seqs)
{
  int rc;

  if (cancellable != NULL && db != NULL)
    sqlite3_progress_handler (db, 10000, on_sqlite_progress, cancellable);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      gint64 seq = sl_stmt_column_int64 (stmt, 0);

      /* PostgreSQL sends the rows whole: cancelled between them. */
      if (db == NULL && g_cancellable_is_cancelled (cancellable))
        return SQLITE_INTERRUPT;
      g_array_append_val (seqs, seq);
    }
  if (cancellable != NULL && db != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);
  return rc;
}

static gboolean
finish_scan (SlStore       *store,
             int            rc,
             GCancellable  *cancellable,
             GError       **error)
{
  if (rc == SQLITE_INTERRUPT || g_cancellable_is_cancelled (cancellable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The audit query was cancelled"));
      return FALSE;
    }
  if (rc == SL_DB_DONE)
    return TRUE;
  return sl_store_fail (store, rc, error, _("Cannot read the audit log"));
}

static GArray *
match (SlStore             *store,
       const SlAuditFilter *filter,
       GCancellable        *cancellable,
       GError             **error)
{
  g_autoptr(GArray) seqs = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 4096);
  SlStmt *stmt;
  int rc;

  if (!(stmt = prepare_filtered (store, "SELECT seq", filter, error)))
    return NULL;
  rc = scan (sl_store_get_sqlite (store), stmt, cancellable, seqs);
  sl_stmt_free (stmt);
  if (!finish_scan (store, rc, cancellable, error))
    return NULL;
  return g_steal_pointer (&seqs);
}

GArray *
sl_audit_query_match (SlStore              *store,
                      const SlAuditFilter  *filter,
                      GCancellable         *cancellable,
                      gint64               *head_seq,
                      char                **head_hash,
                      GError              **error)
{
  g_autofree char *hash = NULL;
  GArray *seqs = NULL;
  gint64 seq = 0;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);
  g_return_val_if_fail (!sl_store_in_transaction (store), NULL);

  /* One read transaction: the head and the matches agree. */
  if (!sl_store_begin_read (store, error))
    return NULL;
  /* One scan: a parallel one in parts (a thread and connection each)
   * measured no faster on this two-core machine. */
  if (sl_audit_get_head (store, &seq, &hash, error))
    seqs = match (store, filter, cancellable, error);
  sl_store_rollback (store);
  if (seqs != NULL && head_seq != NULL)
    *head_seq = seq;
  if (seqs != NULL && head_hash != NULL)
    *head_hash = g_steal_pointer (&hash);
  return seqs;
}

GPtrArray *
sl_audit_query_rows (SlStore       *store,
                     const gint64  *seqs,
                     guint          n_seqs,
                     GError       **error)
{
  static char *sql = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_full (n_seqs, (GDestroyNotify) sl_audit_record_free);

  g_return_val_if_fail (SL_IS_STORE (store), NULL);
  g_return_val_if_fail (seqs != NULL || n_seqs == 0, NULL);
  for (guint i = 1; i < n_seqs; i++)
    g_return_val_if_fail (seqs[i - 1] < seqs[i], NULL);

  if (g_once_init_enter (&sql))
    {
      GString *text = g_string_new ("SELECT " SL_AUDIT_COLUMNS " FROM audit WHERE seq IN (?1");

      for (guint i = 2; i <= ROWS_PER_STMT; i++)
        g_string_append_printf (text, ", ?%u", i);
      g_string_append (text, ") ORDER BY seq");
      g_once_init_leave (&sql, g_string_free (text, FALSE));
    }

  for (guint start = 0; start < n_seqs; start += ROWS_PER_STMT)
    {
      g_autoptr(SlStmt) stmt = sl_store_prepare (store, sql, error);
      guint n = MIN (ROWS_PER_STMT, n_seqs - start);
      int rc;

      if (stmt == NULL)
        return NULL;
      /* Unbound parameters are NULL, which matches no seq. */
      for (guint i = 0; i < n; i++)
        sl_stmt_bind_int64 (stmt, (int) i + 1, seqs[start + i]);
      while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
        {
          SlAuditRecord r;

          sl_audit_record_from_stmt (stmt, &r);
          g_ptr_array_add (rows, sl_audit_record_dup (&r));
        }
      if (rc != SL_DB_DONE)
        {
          sl_store_fail (store, rc, error, _("Cannot read the audit log"));
          return NULL;
        }
    }

  /* Ascending seqs, fetched in chunks each in seq order: in order. */
  return g_steal_pointer (&rows);
}
