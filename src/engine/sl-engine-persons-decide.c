/* sl-engine-persons-decide.c: the investigator's decisions on the persons
 * of a case: merge, split, name and separate. Each records the members
 * of the persons it was about as they are at that moment, so that the
 * next grouping (after new evidence too) applies it again; nothing is
 * ever changed or deleted, a newer decision wins over an older one.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "core/sl-case-search.h"
#include "core/sl-person.h"
#include "core/sl-text.h"
#include "engine/sl-engine-persons-private.h"
#include "engine/sl-engine-private.h"

#define SL_PERSON_NAME_MAX 128

/* What one decision asks for. */
typedef struct
{
  const char   *kind;        /* merge, split, name, separate */
  const gint64 *faces;       /* merge, separate: two; name: one; split: n */
  guint         n_faces;
  const char   *name;
} Decision;

/* A decision copied for a worker thread. */
typedef struct
{
  SlSession *session;
  char      *case_number;
  char      *kind;
  GArray    *faces;          /* gint64 */
  char      *name;
} DecideTask;

/* helpers */

static void
decide_task_free (gpointer data)
{
  DecideTask *t = data;

  g_object_unref (t->session);
  g_free (t->case_number);
  g_free (t->kind);
  g_array_unref (t->faces);
  g_free (t->name);
  g_free (t);
}

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID, message);
  return FALSE;
}

/* Side `side` of the record: every item of person p, or only those in
 * `only` (item indices set to TRUE). */
static void
add_person (GArray     *out,
            SlGrouping *g,
            guint       p,
            char        side,
            gboolean   *only,
            gboolean    wanted)
{
  for (guint i = 0; i < g->items->len; i++)
    if (g->person_of[i] == p && (only == NULL || only[i] == wanted))
      {
        SlCaseItem *item = g_ptr_array_index (g->items, i);
        SlPersonDecisionItem d = { item->face_id, item->track_id, side };

        g_array_append_val (out, d);
      }
}

/* The rows the decision records, from the grouping as it is now. */
static gboolean
plan (SlGrouping      *g,
      SlStore         *store,
      const Decision  *d,
      GArray          *rows,
      JsonObject      *details,
      GError         **error)
{
  g_autofree int *at = g_new0 (int, MAX (d->n_faces, 1));
  g_autofree gboolean *moved = NULL;
  guint person;

  for (guint i = 0; i < d->n_faces; i++)
    if ((at[i] = sl_grouping_item_of_face (g, store, d->faces[i], error)) < 0)
      return FALSE;
  person = g->person_of[at[0]];
  json_object_set_int_member (details, "person", person + 1);

  if (g_str_equal (d->kind, "merge") || g_str_equal (d->kind, "separate"))
    {
      guint other = g->person_of[at[1]];

      if (other == person)
        return invalid (error, _("faces %" PRId64 " and %" PRId64 " are already one person "
                                 "(person %u)%s"), d->faces[0], d->faces[1], person + 1,
                        g_str_equal (d->kind, "separate") ? _("; split one out instead") : "");
      json_object_set_int_member (details, "other_person", other + 1);
      add_person (rows, g, person, 'a', NULL, FALSE);
      add_person (rows, g, other, 'b', NULL, FALSE);
      return TRUE;
    }
  if (g_str_equal (d->kind, "name"))
    {
      add_person (rows, g, person, 'a', NULL, FALSE);
      return TRUE;
    }

  /* split: the faces of one person move out together. */
  moved = g_new0 (gboolean, g->items->len);
  for (guint i = 0; i < d->n_faces; i++)
    {
      if (g->person_of[at[i]] != person)
        return invalid (error, _("faces %" PRId64 " and %" PRId64 " are of two persons "
                                 "(%u and %u); a split moves faces out of one"), d->faces[0], d->faces[i],
                        person + 1, g->person_of[at[i]] + 1);
      moved[at[i]] = TRUE;
    }
  add_person (rows, g, person, 'a', moved, TRUE);
  add_person (rows, g, person, 'b', moved, FALSE);
  {
    guint n_moved = 0;

    for (guint i = 0; i < rows->len; i++)
      n_moved += g_array_index (rows, SlPersonDecisionItem, i).side == 'a';
    if (n_moved == rows->len)
      return invalid (error, _("those are all the faces of person %u; nothing would stay"), person + 1);
    json_object_set_int_member (details, "moved", n_moved);
  }
  return TRUE;
}

static gboolean
decide_with (SlEngine        *self,
             SlStore         *store,
             SlSession       *session,
             const char      *case_number,
             const Decision  *d,
             GError         **error)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown_case = sl_store_text_shown (case_number, 64);
  g_autofree char *action = g_strdup_printf ("case.persons.%s", d->kind);
  g_autofree char *decision_id_text = NULL;
  g_autofree char *now = NULL;
  g_autofree char *name = NULL;
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlGrouping) g = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (SlPersonDecisionItem));
  g_autoptr(JsonArray) faces = json_array_new ();
  GError *local_error = NULL;
  SlAuditEntry entry = { action, "case", shown_case, shown_case, details };
  gint64 decision_id;

  for (guint i = 0; i < d->n_faces; i++)
    json_array_add_int_element (faces, d->faces[i]);
  json_object_set_array_member (details, "faces", g_steal_pointer (&faces));
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_SEARCH, &entry, error))
    return FALSE;
  /* A name is stored as names are (NFKC, one line, a letter or digit);
   * an empty one clears the name. */
  if (d->name != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (d->name));
      g_autoptr(GError) text_error = NULL;

      if (*stripped != '\0' &&
          (!sl_text_check_label (_("name"), stripped, SL_PERSON_NAME_MAX, &text_error) ||
           !sl_text_check_label (_("name"), (name = sl_text_normalize (stripped)), SL_PERSON_NAME_MAX,
                                 &text_error)))
        {
          invalid (&local_error, "%s", text_error->message);
          goto fail;
        }
      if (name != NULL)
        json_object_set_string_member (details, "name", name);
    }
  if (!(c = sl_engine_case_lookup (store, session, case_number, &local_error)))
    goto fail;
  if (c->closed)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("the case '%s' is closed (by %s at %s); its persons cannot be changed"), c->number,
                   c->closed_by, c->closed_at);
      goto fail;
    }
  if (!(g = sl_engine_group_case_with (self, store, c, NULL, &local_error)) ||
      !plan (g, store, d, rows, details, &local_error))
    goto fail;

  now = sl_store_now ();
  if (!sl_store_begin (store, &local_error))
    goto fail;
  if ((decision_id = sl_person_decision_insert (store, c->id, d->kind, name, sl_session_get_user_id (session), now,
                                                &local_error)) == 0)
    goto rollback;
  for (guint i = 0; i < rows->len; i++)
    if (!sl_person_decision_item_insert (store, decision_id, &g_array_index (rows, SlPersonDecisionItem, i),
                                         &local_error))
      goto rollback;
  json_object_set_int_member (details, "decision_id", decision_id);
  json_object_set_int_member (details, "items", rows->len);
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    goto rollback;
  return TRUE;

rollback:
  sl_store_rollback (store);
fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return FALSE;
}

static gboolean
decide (SlEngine        *self,
        SlSession       *session,
        const char      *case_number,
        const Decision  *d,
        GError         **error)
{
  return decide_with (self, sl_engine_get_store (self), session, case_number, d, error);
}

static gpointer
decide_work (SlEngine      *engine,
             SlStore       *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  DecideTask *t = task_data;
  Decision d = { t->kind, (const gint64 *) (gpointer) t->faces->data, t->faces->len, t->name };

  if (!decide_with (engine, store, t->session, t->case_number, &d, error))
    return NULL;
  return SL_ENGINE_TASK_DONE;
}

/* public API */

const char *
sl_persons_decision_to_string (SlPersonsDecision decision)
{
  switch (decision)
    {
    case SL_PERSONS_MERGE:
      return "merge";
    case SL_PERSONS_SPLIT:
      return "split";
    case SL_PERSONS_NAME:
      return "name";
    case SL_PERSONS_SEPARATE:
      return "separate";
    default:
      g_return_val_if_reached (NULL);
    }
}

void
sl_engine_persons_decide_async (SlEngine            *self,
                                SlSession           *session,
                                const char          *case_number,
                                SlPersonsDecision    decision,
                                const gint64        *faces,
                                guint                n_faces,
                                const char          *name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DecideTask *t;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (case_number != NULL);
  g_return_if_fail (faces != NULL && n_faces > 0);
  g_return_if_fail ((decision == SL_PERSONS_MERGE || decision == SL_PERSONS_SEPARATE) ? n_faces == 2
                    : decision == SL_PERSONS_NAME ? n_faces == 1 : TRUE);

  t = g_new0 (DecideTask, 1);
  t->session = g_object_ref (session);
  t->case_number = g_strdup (case_number);
  t->kind = g_strdup (sl_persons_decision_to_string (decision));
  t->faces = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_faces);
  g_array_append_vals (t->faces, faces, n_faces);
  t->name = g_strdup (name);
  task = sl_engine_task_new (self, sl_engine_persons_decide_async, cancellable, callback, user_data);
  sl_engine_task_run (task, decide_work, t, decide_task_free, NULL);
}

gboolean
sl_engine_persons_decide_finish (SlEngine      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return sl_engine_task_finish (self, result, sl_engine_persons_decide_async, error) != NULL;
}


gboolean
sl_engine_persons_merge (SlEngine    *self,
                         SlSession   *session,
                         const char  *case_number,
                         gint64       face_a,
                         gint64       face_b,
                         GError     **error)
{
  const gint64 faces[] = { face_a, face_b };
  Decision d = { "merge", faces, 2, NULL };

  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (case_number != NULL, FALSE);

  return decide (self, session, case_number, &d, error);
}

gboolean
sl_engine_persons_split (SlEngine      *self,
                         SlSession     *session,
                         const char    *case_number,
                         const gint64  *faces,
                         guint          n_faces,
                         GError       **error)
{
  Decision d = { "split", faces, n_faces, NULL };

  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (case_number != NULL, FALSE);
  g_return_val_if_fail (faces != NULL && n_faces > 0, FALSE);

  return decide (self, session, case_number, &d, error);
}

gboolean
sl_engine_persons_name (SlEngine    *self,
                        SlSession   *session,
                        const char  *case_number,
                        gint64       face,
                        const char  *name,
                        GError     **error)
{
  Decision d = { "name", &face, 1, name };

  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (case_number != NULL, FALSE);

  return decide (self, session, case_number, &d, error);
}

gboolean
sl_engine_persons_separate (SlEngine    *self,
                            SlSession   *session,
                            const char  *case_number,
                            gint64       face_a,
                            gint64       face_b,
                            GError     **error)
{
  const gint64 faces[] = { face_a, face_b };
  Decision d = { "separate", faces, 2, NULL };

  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (case_number != NULL, FALSE);

  return decide (self, session, case_number, &d, error);
}
