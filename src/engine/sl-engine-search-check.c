/* sl-engine-search-check.c: the rules a search request must pass before
 * anything is computed, in one place: the search runs them (and audits a
 * refusal), and front ends ask them ahead to say why a search cannot run
 * yet, in the search's own words.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-text.h"
#include "engine/sl-engine-authorisation-private.h"
#include "engine/sl-engine-private.h"
#include "engine/sl-engine-search-check-private.h"
#include "engine/sl-engine-search.h"

/* helpers */

static gboolean
is_missing (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char_validated (p, -1)))
      return FALSE;
  return TRUE;
}

/* Text that is not UTF-8 stays as it is, for the check to refuse. */
static char *
normalized (const char *text)
{
  char *norm = sl_text_normalize (text);

  return norm != NULL ? norm : g_strdup (text);
}

static gboolean
refuse (GError     **error,
        const char  *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError     **error,
        const char  *format,
        ...)
{
  g_autofree char *why = NULL;
  va_list args;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED, _("Refused: %s"), why);
  return FALSE;
}

/* The justification rules of the policy; the first broken one refuses. */
static gboolean
check_justification (const SlSearchRequest  *r,
                     SlPolicy               *policy,
                     guint                  *top_k,
                     GError                **error)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autoptr(GError) text_error = NULL;
  g_autofree char *facts = NULL;
  glong facts_len;
  guint min_facts;

  if (is_missing (r->case_number))
    g_ptr_array_add (missing, (gpointer) _("case"));
  if (r->face_id <= 0 && r->track_id <= 0)
    g_ptr_array_add (missing, (gpointer) _("probe face or track"));
  if (!r->within_case && is_missing (r->gallery))
    g_ptr_array_add (missing, (gpointer) _("gallery"));
  if (is_missing (r->offense))
    g_ptr_array_add (missing, (gpointer) _("offense"));
  if (is_missing (r->legal_basis))
    g_ptr_array_add (missing, (gpointer) _("legal basis"));
  if (is_missing (r->purpose))
    g_ptr_array_add (missing, (gpointer) _("purpose"));
  if (is_missing (r->facts))
    g_ptr_array_add (missing, (gpointer) _("articulable facts"));
  if (missing->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (missing, NULL);
      list = g_strjoinv (", ", (char **) missing->pdata);
      return refuse (error, _("no search without its justification; missing: %s"), list);
    }

  if (r->face_id > 0 && r->track_id > 0)
    return refuse (error, _("a search has one probe: a face or a track, not both"));
  if (r->person && (r->face_id <= 0 || r->within_case))
    return refuse (error, _("a person of the case is searched for in a gallery, named by one of its faces"));

  if (!sl_text_check_chars (_("offense code"), r->offense, SL_SEARCH_OFFENSE_MAX, SL_TEXT_ONE_LINE, &text_error) ||
      !sl_text_check_chars (_("legal basis"), r->legal_basis, SL_SEARCH_LEGAL_BASIS_MAX, SL_TEXT_MULTI_LINE,
                            &text_error) ||
      !sl_text_check_chars (_("purpose"), r->purpose, 64, SL_TEXT_ONE_LINE, &text_error) ||
      !sl_text_check_chars (_("articulable facts"), r->facts, SL_SEARCH_FACTS_MAX, SL_TEXT_MULTI_LINE,
                            &text_error) ||
      !sl_text_check_legal_basis (r->legal_basis, &text_error))
    return refuse (error, "%s", text_error->message);

  if (!sl_policy_has_offense (policy, r->offense))
    {
      g_autoptr(GString) codes = g_string_new (NULL);

      for (guint i = 0; i < policy->offenses->len; i++)
        g_string_append_printf (codes, "%s%s", i > 0 ? ", " : "",
                                ((SlOffense *) g_ptr_array_index (policy->offenses, i))->code);
      return refuse (error, _("the offense '%s' is not in the policy's list (%s)"), r->offense, codes->str);
    }
  {
    const SlOffense *o = sl_policy_get_offense (policy, r->offense);

    if (o->category < policy->min_offense_category)
      return refuse (error, _("the offense '%s' is of category %u; the policy allows searches for offenses of "
                              "category %u and above"), r->offense, o->category, policy->min_offense_category);
  }
  if (!sl_policy_has_purpose (policy, r->purpose))
    {
      g_autofree char *allowed = g_strjoinv (", ", policy->purposes);
      return refuse (error, _("the purpose '%s' is not one the policy allows (%s)"), r->purpose, allowed);
    }
  facts = g_strstrip (g_strdup (r->facts));
  facts_len = g_utf8_strlen (facts, -1);
  min_facts = r->within_case ? policy->within_case_min_facts_length : policy->min_facts_length;
  if (facts_len < (glong) min_facts)
    return refuse (error, _("the articulable facts are %ld characters long; the policy asks for at least %u"),
                   facts_len, min_facts);
  /* Characters can be padding; the facts must be words (sl-text.h). */
  if (!sl_text_check_facts (facts, &text_error))
    return refuse (error, "%s", text_error->message);
  if (r->top_k > policy->max_top_k)
    return refuse (error, _("top-k %u is above the policy's maximum of %u candidates"), r->top_k,
                   policy->max_top_k);
  *top_k = r->top_k > 0 ? r->top_k : MIN (SL_SEARCH_DEFAULT_TOP_K, policy->max_top_k);
  return TRUE;
}

/* The case, the probe and the gallery the request names, and whether they
 * go together. */
static gboolean
check_objects (SlStore                *store,
               const SlSearchRequest  *req,
               JsonObject             *details,
               SlSearchChecks         *k,
               GError                **error)
{
  if (!(k->c = sl_case_lookup (store, req->case_number, error)))
    return FALSE;
  if (k->c->closed)
    return refuse (error, _("the case '%s' is closed (by %s at %s); it cannot be searched for"), k->c->number,
                   k->c->closed_by, k->c->closed_at);
  /* Both kinds of search are searches in the case: both need what the
   * policy asks of its authorisation. */
  if (!sl_authorisation_check_search (store, k->policy, k->c, error))
    return FALSE;
  if (req->track_id > 0)
    {
      if (!(k->track = sl_track_lookup (store, req->track_id, error)))
        return FALSE;
      if (k->track->case_id != k->c->id)
        return refuse (error, _("track %" PRId64 " is from the evidence of case '%s', not of case '%s'"),
                       k->track->id, k->track->case_number, k->c->number);
      if (k->track->best_face_id <= 0 || k->track->template_embedding == NULL)
        {
          g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_FAILED,
                       _("Track %" PRId64 " has no stored face to search with"), k->track->id);
          return FALSE;
        }
    }
  if (!(k->face = sl_probe_face_lookup (store, k->track != NULL ? k->track->best_face_id : req->face_id, TRUE,
                                        error)))
    return FALSE;
  if (k->track != NULL && req->track_probe == SL_TRACK_PROBE_TEMPLATE)
    {
      /* The template stands for the whole track; the best view is still
       * the face the record names. */
      if (k->track->dim != k->face->dim)
        {
          g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_FAILED,
                       _("Track %" PRId64 " has a template of %u values and its best face %u; the analysis "
                         "is damaged"), k->track->id, k->track->dim, k->face->dim);
          return FALSE;
        }
      g_free (k->face->embedding);
      k->face->embedding = g_steal_pointer (&k->track->template_embedding);
    }
  if (details != NULL)
    {
      json_object_set_int_member (details, "probe_face_id", k->face->id);
      json_object_set_int_member (details, "evidence_id", k->face->evidence_id);
    }
  if (k->face->case_id != k->c->id)
    return refuse (error, _("face %" PRId64 " is from the evidence of case '%s', not of case '%s'"),
                   k->face->id, k->face->case_number, k->c->number);
  /* A retracted face keeps the searches made with it, and makes no more. */
  if (k->face->retracted_at != NULL)
    return refuse (error, _("face %" PRId64 " was drawn by hand and retracted by %s: %s"), k->face->id,
                   k->face->retracted_by, k->face->retraction_reason);
  /* A search within the case compares with the case's own faces, whose
   * models it checks one by one (sl-engine-within.c). */
  if (req->within_case)
    return TRUE;
  if (!(k->gallery = sl_gallery_lookup (store, req->gallery, error)))
    return FALSE;
  if (details != NULL)
    json_object_set_int_member (details, "gallery_id", k->gallery->id);
  if (g_strcmp0 (k->face->model_sha256, k->gallery->model_sha256) != 0 || k->face->dim != k->gallery->dim)
    return refuse (error, _("face %" PRId64 " was embedded with model '%s' (%.12s…) and the gallery "
                            "'%s' with '%s' (%.12s…); a search never compares embeddings of two models"),
                   k->face->id, k->face->model_id, k->face->model_sha256, k->gallery->name, k->gallery->model_id,
                   k->gallery->model_sha256);
  if (k->gallery->n_faces == 0)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_FAILED,
                   _("The gallery '%s' has no enrolled faces; enrol some first"),
                   k->gallery->name);
      return FALSE;
    }
  return TRUE;
}

/* engine-internal API */

void
sl_search_checks_clear (SlSearchChecks *k)
{
  g_clear_pointer (&k->policy, sl_policy_free);
  g_clear_pointer (&k->c, sl_case_free);
  g_clear_pointer (&k->track, sl_track_free);
  g_clear_pointer (&k->face, sl_probe_face_free);
  g_clear_pointer (&k->gallery, sl_gallery_free);
  k->offense = NULL;
  k->top_k = 0;
  g_clear_pointer (&k->offense_text, g_free);
  g_clear_pointer (&k->legal_basis, g_free);
  g_clear_pointer (&k->purpose, g_free);
  g_clear_pointer (&k->facts, g_free);
}

gboolean
sl_engine_search_check_with (SlStore                *store,
                             const SlSearchRequest  *req,
                             JsonObject             *details,
                             SlSearchChecks         *k,
                             GError                **error)
{
  SlSearchRequest norm;

  g_return_val_if_fail (req != NULL, FALSE);
  g_return_val_if_fail (k != NULL && k->policy == NULL, FALSE);

  /* One normal form for what is checked and what is recorded. */
  norm = *req;
  norm.offense = k->offense_text = normalized (req->offense);
  norm.legal_basis = k->legal_basis = normalized (req->legal_basis);
  norm.purpose = k->purpose = normalized (req->purpose);
  norm.facts = k->facts = normalized (req->facts);
  if (!(k->policy = sl_policy_load (store, error)) ||
      !check_justification (&norm, k->policy, &k->top_k, error) ||
      !check_objects (store, &norm, details, k, error))
    return FALSE;
  for (guint i = 0; i < k->policy->offenses->len; i++)
    if (g_str_equal (((SlOffense *) g_ptr_array_index (k->policy->offenses, i))->code, norm.offense))
      k->offense = g_ptr_array_index (k->policy->offenses, i);
  return TRUE;
}

/* public API */

gboolean
sl_engine_search_request_check (SlEngine               *self,
                                SlSession              *session,
                                const SlSearchRequest  *request,
                                GError                **error)
{
  g_auto(SlSearchChecks) checks = { 0 };
  GError *local_error = NULL;

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);

  /* The search's own refusal, without its audit row: asking is not an
   * attempt. */
  if (!sl_session_may (session, SL_PERMISSION_SEARCH))
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: user '%s' has the role %s, which may not %s"),
                   sl_session_get_username (session), sl_role_to_string (sl_session_get_role (session)),
                   sl_permission_describe (SL_PERMISSION_SEARCH));
      return FALSE;
    }
  if (!sl_engine_search_check_with (sl_engine_get_store (self), request, NULL, &checks, &local_error) ||
      !sl_engine_case_access (sl_engine_get_store (self), session, checks.c->id, checks.c->number, &local_error))
    {
      sl_engine_propagate (error, local_error);
      return FALSE;
    }
  return TRUE;
}

void
sl_justification_clear (SlJustification *justification)
{
  g_clear_pointer (&justification->legal_basis, g_free);
  g_clear_pointer (&justification->offense, g_free);
  g_clear_pointer (&justification->purpose, g_free);
}

gboolean
sl_engine_search_last_justification (SlEngine         *self,
                                     SlSession        *session,
                                     const char       *case_number,
                                     SlJustification  *out,
                                     GError          **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(SlCase) c = NULL;

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (case_number != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!sl_session_may (session, SL_PERMISSION_SEARCH))
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: user '%s' has the role %s, which may not %s"),
                   sl_session_get_username (session), sl_role_to_string (sl_session_get_role (session)),
                   sl_permission_describe (SL_PERMISSION_SEARCH));
      return FALSE;
    }
  if (!(c = sl_engine_case_lookup (store, session, case_number, error)))
    return FALSE;
  return sl_search_last_justification (store, c->id, sl_session_get_user_id (session), &out->legal_basis,
                                       &out->offense, &out->purpose, error);
}
