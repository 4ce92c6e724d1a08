/* sl-authorisation.c: the authorisations table, and sealing a case's
 * searches when one is refused.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-authorisation"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "core/sl-authorisation.h"
#include "core/sl-store-private.h"

#define AUTHORISATION_QUERY \
  "SELECT a.id, a.case_id, c.number, a.authority, a.reference, r.username, a.requested_at, a.state, " \
  "  d.username, a.decided_at, a.decision " \
  "FROM authorisations a JOIN cases c ON c.id = a.case_id JOIN users r ON r.id = a.requested_by " \
  "LEFT JOIN users d ON d.id = a.decided_by "

/* The searches sealed under authorisation ?1, of each kind. */
#define SEALED_GALLERY "SELECT search_id FROM sealed_searches WHERE kind = 'gallery' AND authorisation_id = ?1"
#define SEALED_CASE    "SELECT search_id FROM sealed_searches WHERE kind = 'case' AND authorisation_id = ?1"
#define SEALED_TRACKS \
  "SELECT track_id FROM searches WHERE track_id IS NOT NULL AND id IN (" SEALED_GALLERY ") " \
  "UNION SELECT track_id FROM case_searches WHERE track_id IS NOT NULL AND id IN (" SEALED_CASE ")"

/* helpers */

static SlAuthorisationState
state_from_string (const char *text)
{
  if (g_strcmp0 (text, "granted") == 0)
    return SL_AUTHORISATION_GRANTED;
  if (g_strcmp0 (text, "refused") == 0)
    return SL_AUTHORISATION_REFUSED;
  return SL_AUTHORISATION_PENDING;
}

static SlAuthorisation *
authorisation_from_row (SlStmt *stmt)
{
  SlAuthorisation *a = g_new0 (SlAuthorisation, 1);

  a->id = sl_stmt_column_int64 (stmt, 0);
  a->case_id = sl_stmt_column_int64 (stmt, 1);
  a->case_number = sl_column_text (stmt, 2);
  a->authority = sl_column_text (stmt, 3);
  a->reference = sl_column_text (stmt, 4);
  a->requested_by = sl_column_text (stmt, 5);
  a->requested_at = sl_column_text (stmt, 6);
  a->state = state_from_string (sl_stmt_column_text (stmt, 7));
  a->decided_by = sl_column_text (stmt, 8);
  a->decided_at = sl_column_text (stmt, 9);
  a->decision = sl_column_text (stmt, 10);
  return a;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* Runs one step of the seal with ?1 the authorisation and ?2 the time;
 * changed (optional) receives the rows it touched. */
static gboolean
seal_step (SlStore     *store,
           const char  *sql,
           gint64       authorisation_id,
           const char  *now,
           guint       *changed,
           GError     **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, authorisation_id);
  if (sl_stmt_parameter_count (stmt) >= 2)
    sl_bind_text (stmt, 2, now);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot seal the searches of a case")))
    return FALSE;
  if (changed != NULL)
    *changed = (guint) sl_store_changes (store);
  return TRUE;
}

/* public API */

void
sl_authorisation_free (SlAuthorisation *a)
{
  if (a == NULL)
    return;
  g_free (a->case_number);
  g_free (a->authority);
  g_free (a->reference);
  g_free (a->requested_by);
  g_free (a->requested_at);
  g_free (a->decided_by);
  g_free (a->decided_at);
  g_free (a->decision);
  g_free (a);
}

const char *
sl_authorisation_state_to_string (SlAuthorisationState state)
{
  switch (state)
    {
    case SL_AUTHORISATION_GRANTED:
      return "granted";
    case SL_AUTHORISATION_REFUSED:
      return "refused";
    case SL_AUTHORISATION_PENDING:
    default:
      return "pending";
    }
}

gint64
sl_authorisation_insert (SlStore     *store,
                         gint64       case_id,
                         const char  *authority,
                         const char  *reference,
                         gint64       user_id,
                         const char  *now,
                         GError     **error)
{
  g_autoptr(SlStmt) stmt = NULL;

  if (!sl_store_check_text (_("authority"), authority, 200, FALSE, error) ||
      !sl_store_check_text (_("reference"), reference, 200, FALSE, error))
    return 0;
  if (is_blank (authority) || is_blank (reference))
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("An authorisation names the authority and its reference"));
      return 0;
    }
  stmt = sl_store_prepare (store, "INSERT INTO authorisations (case_id, authority, reference, requested_by, "
                                  "requested_at) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return 0;
  sl_stmt_bind_int64 (stmt, 1, case_id);
  sl_bind_text (stmt, 2, authority);
  sl_bind_text (stmt, 3, reference);
  sl_stmt_bind_int64 (stmt, 4, user_id);
  sl_bind_text (stmt, 5, now);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot record the authorisation request")))
    return 0;
  return sl_store_last_insert_id (store, error);
}

SlAuthorisation *
sl_authorisation_lookup (SlStore  *store,
                         gint64    id,
                         GError  **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, AUTHORISATION_QUERY "WHERE a.id = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, id);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    return authorisation_from_row (stmt);
  if (rc != SL_DB_DONE)
    sl_store_fail (store, rc, error, _("Cannot read the authorisations"));
  else
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND, _("There is no authorisation %" PRId64),
                 id);
  return NULL;
}

GPtrArray *
sl_authorisation_list (SlStore   *store,
                       gint64     case_id,
                       gboolean   pending_only,
                       GError   **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, AUTHORISATION_QUERY "WHERE (?1 = 0 OR a.case_id = ?1) "
                                                 "AND (?2 = 0 OR a.state = 'pending') ORDER BY a.id", error);
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, case_id);
  sl_stmt_bind_int (stmt, 2, pending_only ? 1 : 0);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_authorisation_free);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    g_ptr_array_add (list, authorisation_from_row (stmt));
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the authorisations"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
sl_authorisation_decide (SlStore     *store,
                         gint64       id,
                         gboolean     granted,
                         gint64       user_id,
                         const char  *decision,
                         const char  *now,
                         GError     **error)
{
  g_autoptr(SlStmt) stmt = NULL;

  if (!sl_store_check_text (_("the authority's decision"), decision, 2000, TRUE, error))
    return FALSE;
  stmt = sl_store_prepare (store, "UPDATE authorisations SET state = ?2, decided_by = ?3, decided_at = ?4, "
                                  "decision = ?5 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sl_stmt_bind_int64 (stmt, 1, id);
  sl_bind_text (stmt, 2, granted ? "granted" : "refused");
  sl_stmt_bind_int64 (stmt, 3, user_id);
  sl_bind_text (stmt, 4, now);
  sl_bind_text (stmt, 5, decision);
  return sl_store_exec_stmt (store, stmt, error, _("Cannot record the decision on the authorisation"));
}

char *
sl_authorisation_first_search (SlStore  *store,
                               gint64    case_id,
                               GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store,
                      "SELECT min (started_at) FROM ("
                      "  SELECT started_at FROM searches WHERE case_id = ?1 AND id NOT IN "
                      "    (SELECT search_id FROM sealed_searches WHERE kind = 'gallery') "
                      "  UNION ALL SELECT started_at FROM case_searches WHERE case_id = ?1 AND id NOT IN "
                      "    (SELECT search_id FROM sealed_searches WHERE kind = 'case')) s", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_stmt_bind_int64 (stmt, 1, case_id);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    return sl_column_text (stmt, 0);
  sl_store_fail (store, rc, error, _("Cannot read the searches of a case"));
  return NULL;
}

gboolean
sl_authorisation_seal_case (SlStore      *store,
                            gint64        case_id,
                            gint64        authorisation_id,
                            const char   *now,
                            SlSealCounts *counts,
                            GError      **error)
{
  g_autoptr(SlStmt) seal = NULL;
  guint gallery = 0, within = 0, within_candidates = 0, track_faces = 0;

  *counts = (SlSealCounts) { 0 };
  /* The seals first: the triggers let the erasure through only under them. */
  seal = sl_store_prepare (store,
                           "INSERT INTO sealed_searches (kind, search_id, authorisation_id, sealed_at) "
                           "SELECT CAST (?3 AS TEXT), id, CAST (?1 AS BIGINT), CAST (?2 AS TEXT) FROM searches "
                           "WHERE ?3 = 'gallery' AND case_id = ?4 AND id NOT IN "
                           "  (SELECT search_id FROM sealed_searches WHERE kind = 'gallery') "
                           "UNION ALL SELECT CAST (?3 AS TEXT), id, CAST (?1 AS BIGINT), CAST (?2 AS TEXT) "
                           "FROM case_searches WHERE ?3 = 'case' AND case_id = ?4 "
                           "  AND id NOT IN (SELECT search_id FROM sealed_searches WHERE kind = 'case')",
                           error);
  if (seal == NULL)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      sl_stmt_reset (seal);
      sl_stmt_bind_int64 (seal, 1, authorisation_id);
      sl_bind_text (seal, 2, now);
      sl_bind_text (seal, 3, i == 0 ? "gallery" : "case");
      sl_stmt_bind_int64 (seal, 4, case_id);
      if (!sl_store_exec_stmt (store, seal, error, _("Cannot seal the searches of a case")))
        return FALSE;
      *(i == 0 ? &gallery : &within) = (guint) sl_store_changes (store);
    }
  counts->searches = gallery + within;

  /* Then what they showed and what they were run with. */
  return seal_step (store, "INSERT INTO sealed_candidates (candidate_id, search_id) "
                           "SELECT id, search_id FROM candidates WHERE search_id IN (" SEALED_GALLERY ")",
                    authorisation_id, NULL, NULL, error) &&
         seal_step (store, "DELETE FROM decision_corrections WHERE decision_id IN (SELECT id FROM decisions "
                           "WHERE candidate_id IN (SELECT id FROM candidates WHERE search_id IN (" SEALED_GALLERY ")))",
                    authorisation_id, NULL, NULL, error) &&
         seal_step (store, "DELETE FROM outcomes WHERE candidate_id IN "
                           "(SELECT id FROM candidates WHERE search_id IN (" SEALED_GALLERY "))",
                    authorisation_id, NULL, NULL, error) &&
         seal_step (store, "DELETE FROM decisions WHERE candidate_id IN "
                           "(SELECT id FROM candidates WHERE search_id IN (" SEALED_GALLERY "))",
                    authorisation_id, NULL, &counts->decisions, error) &&
         seal_step (store, "DELETE FROM candidates WHERE search_id IN (" SEALED_GALLERY ")",
                    authorisation_id, NULL, &counts->candidates, error) &&
         seal_step (store, "DELETE FROM case_candidates WHERE search_id IN (" SEALED_CASE ")",
                    authorisation_id, NULL, &within_candidates, error) &&
         seal_step (store, "UPDATE faces SET embedding = substr (embedding, 1, 0), crop = NULL, purged_at = ?2 "
                           "WHERE purged_at IS NULL AND (id IN "
                           "  (SELECT face_id FROM searches WHERE id IN (" SEALED_GALLERY ") "
                           "   UNION SELECT face_id FROM case_searches WHERE id IN (" SEALED_CASE ")))",
                    authorisation_id, now, &counts->faces, error) &&
         seal_step (store, "UPDATE faces SET embedding = substr (embedding, 1, 0), crop = NULL, purged_at = ?2 "
                           "WHERE purged_at IS NULL AND track_id IN (" SEALED_TRACKS ")",
                    authorisation_id, now, &track_faces, error) &&
         seal_step (store, "UPDATE tracks SET template = NULL, purged_at = ?2 "
                           "WHERE purged_at IS NULL AND id IN (" SEALED_TRACKS ")",
                    authorisation_id, now, &counts->tracks, error) &&
         (counts->candidates += within_candidates, counts->faces += track_faces, TRUE);
}

gboolean
sl_authorisation_search_sealed (SlStore      *store,
                                const char   *kind,
                                gint64        search_id,
                                char        **sealed_at,
                                GError      **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT sealed_at FROM sealed_searches WHERE kind = ?1 AND search_id = ?2", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sl_bind_text (stmt, 1, kind);
  sl_stmt_bind_int64 (stmt, 2, search_id);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    {
      if (sealed_at != NULL)
        *sealed_at = sl_column_text (stmt, 0);
      return TRUE;
    }
  if (rc != SL_DB_DONE)
    sl_store_fail (store, rc, error, _("Cannot read the seals of searches"));
  return FALSE;
}

gint64
sl_authorisation_sealed_candidate (SlStore  *store,
                                   gint64    candidate_id,
                                   GError  **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (store, "SELECT search_id FROM sealed_candidates WHERE candidate_id = ?1", error);
  int rc;

  if (stmt == NULL)
    return 0;
  sl_stmt_bind_int64 (stmt, 1, candidate_id);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    return sl_stmt_column_int64 (stmt, 0);
  if (rc != SL_DB_DONE)
    sl_store_fail (store, rc, error, _("Cannot read the seals of searches"));
  return 0;
}
