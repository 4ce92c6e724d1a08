/* sl-engine-disclosure.c: the disclosure package of a case: the case
 * report's PDF, the same record as JSON with every candidate of every
 * search (including searches that found nobody), the case's audit rows as
 * an excerpt that checks without the database, and a manifest of the
 * files' SHA-256. The row that records the package names the PDF's and the
 * JSON's SHA-256 and is the excerpt's last row, so the chain vouches for
 * the files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/sl-outcome.h"
#include "engine/sl-engine-disclosure.h"
#include "engine/sl-engine-private.h"
#include "engine/sl-engine-report-private.h"

/* helpers */

static void
text (JsonBuilder *b,
      const char  *name,
      const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
integer (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
number (JsonBuilder *b,
        const char  *name,
        double       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, value);
}

static void
boolean (JsonBuilder *b,
         const char  *name,
         gboolean     value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_boolean_value (b, value);
}

static void
justification (JsonBuilder *b,
               const char  *offense_code,
               const char  *offense_label,
               const char  *legal_basis,
               const char  *purpose,
               const char  *facts)
{
  json_builder_set_member_name (b, "justification");
  json_builder_begin_object (b);
  text (b, "offense_code", offense_code);
  text (b, "offense_label", offense_label);
  text (b, "legal_basis", legal_basis);
  text (b, "purpose", purpose);
  text (b, "facts", facts);
  json_builder_end_object (b);
}

static void
decision (JsonBuilder      *b,
          const char       *name,
          const SlDecision *d)
{
  json_builder_set_member_name (b, name);
  if (d == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  text (b, "reviewer", d->reviewer);
  text (b, "decision", sl_decision_kind_to_string (d->decision));
  text (b, "rationale", d->rationale);
  text (b, "decided_at", d->decided_at);
  json_builder_end_object (b);
}

static void
outcomes (JsonBuilder *b,
          GPtrArray   *all,
          gint64       candidate_id)
{
  json_builder_set_member_name (b, "outcomes");
  json_builder_begin_array (b);
  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      const SlOutcome *o = g_ptr_array_index (all, i);

      if (o->candidate_id != candidate_id)
        continue;
      json_builder_begin_object (b);
      integer (b, "id", o->id);
      text (b, "outcome", sl_outcome_kind_to_string (o->outcome));
      text (b, "note", o->note);
      integer (b, "supersedes", o->supersedes);
      integer (b, "superseded_by", o->superseded_by);
      text (b, "recorded_by", o->recorder);
      text (b, "recorded_at", o->recorded_at);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
gallery_search (JsonBuilder        *b,
                const SlReportData *data,
                const SlSearchRecord *r,
                guint              *n_candidates)
{
  json_builder_begin_object (b);
  integer (b, "search_id", r->id);
  text (b, "scope", "gallery");
  text (b, "run_by", r->run_by);
  text (b, "started_at", r->started_at);
  text (b, "ended_at", r->ended_at);
  justification (b, r->offense_code, r->offense_label, r->legal_basis, r->purpose, r->facts);
  json_builder_set_member_name (b, "probe");
  json_builder_begin_object (b);
  text (b, "kind", r->probe);
  integer (b, "face_id", r->face_id);
  integer (b, "track_id", r->track_id);
  integer (b, "evidence_id", r->evidence_id);
  text (b, "evidence_name", r->evidence_name);
  text (b, "purged_at", r->probe_purged_at);
  /* A person's template: the faces and tracks it was made of. */
  if (r->members != NULL && r->members->len > 0)
    {
      json_builder_set_member_name (b, "members");
      json_builder_begin_array (b);
      for (guint i = 0; i < r->members->len; i++)
        {
          const SlSearchMember *m = &g_array_index (r->members, SlSearchMember, i);

          json_builder_begin_object (b);
          integer (b, "face_id", m->face_id);
          integer (b, "track_id", m->track_id);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "gallery");
  json_builder_begin_object (b);
  integer (b, "id", r->gallery_id);
  text (b, "name", r->gallery_name);
  integer (b, "faces", r->gallery_size);
  integer (b, "subjects", r->gallery_subjects);
  integer (b, "generation", r->gallery_generation);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "model");
  json_builder_begin_object (b);
  text (b, "id", r->model_id);
  text (b, "sha256", r->model_sha256);
  json_builder_end_object (b);
  text (b, "calibration", r->calibration);
  text (b, "fairness", r->fairness);
  number (b, "threshold", r->threshold);
  integer (b, "top_k", r->top_k);
  boolean (b, "below_threshold_shown", r->below_threshold_shown);
  integer (b, "above_threshold", r->above_threshold);
  json_builder_set_member_name (b, "candidates");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->candidates->len; i++)
    {
      const SlCandidate *k = g_ptr_array_index (r->candidates, i);

      json_builder_begin_object (b);
      integer (b, "candidate_id", k->id);
      integer (b, "rank", k->rank);
      text (b, "subject", k->subject_external_id);
      text (b, "subject_name", k->subject_name);
      integer (b, "gallery_face_id", k->gallery_face_id);
      number (b, "similarity", k->similarity);
      number (b, "false_match_rate", k->false_match_rate);
      boolean (b, "beyond_measured_range", k->beyond_range);
      number (b, "expected_false_in_gallery", k->expected_false);
      boolean (b, "above_threshold", k->above_threshold);
      text (b, "status", sl_review_status_to_string (k->status));
      decision (b, "first", k->first);
      decision (b, "second", k->second);
      outcomes (b, data->outcomes, k->id);
      json_builder_end_object (b);
      (*n_candidates)++;
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
within_search (JsonBuilder              *b,
               const SlCaseSearchRecord *w,
               guint                    *n_candidates)
{
  json_builder_begin_object (b);
  integer (b, "search_id", w->id);
  text (b, "scope", "case");
  text (b, "run_by", w->run_by);
  text (b, "started_at", w->started_at);
  text (b, "ended_at", w->ended_at);
  justification (b, w->offense_code, w->offense_label, w->legal_basis, w->purpose, w->facts);
  json_builder_set_member_name (b, "probe");
  json_builder_begin_object (b);
  text (b, "kind", w->probe);
  integer (b, "face_id", w->face_id);
  integer (b, "track_id", w->track_id);
  integer (b, "evidence_id", w->probe_evidence_id);
  json_builder_end_object (b);
  integer (b, "compared", w->compared);
  integer (b, "skipped_other_model", w->skipped_other_model);
  json_builder_set_member_name (b, "model");
  json_builder_begin_object (b);
  text (b, "id", w->model_id);
  text (b, "sha256", w->model_sha256);
  json_builder_end_object (b);
  text (b, "calibration", w->calibration);
  text (b, "fairness", w->fairness);
  number (b, "threshold", w->threshold);
  integer (b, "top_k", w->top_k);
  boolean (b, "below_threshold_shown", w->below_threshold_shown);
  integer (b, "above_threshold", w->above_threshold);
  json_builder_set_member_name (b, "candidates");
  json_builder_begin_array (b);
  for (guint i = 0; i < w->candidates->len; i++)
    {
      const SlCaseCandidateRow *k = g_ptr_array_index (w->candidates, i);

      json_builder_begin_object (b);
      integer (b, "rank", k->rank);
      integer (b, "evidence_id", k->evidence_id);
      integer (b, "face_id", k->face_id);
      integer (b, "track_id", k->track_id);
      integer (b, "time_ms", k->time_ms);
      number (b, "similarity", k->similarity);
      number (b, "false_match_rate", k->false_match_rate);
      boolean (b, "beyond_measured_range", k->beyond_range);
      number (b, "expected_false_in_case", k->expected_false);
      boolean (b, "above_threshold", k->above_threshold);
      json_builder_end_object (b);
      (*n_candidates)++;
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

/* The record as JSON: the same data the PDF was drawn from. */
static char *
disclosure_json (const SlReportData *data,
                 guint              *n_candidates)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  text (b, "format", "sightline-disclosure-1");
  text (b, "statement", _("Candidates are investigative leads, not identifications. A lead alone is never "
                          "grounds for arrest: every lead needs independent corroboration."));
  json_builder_set_member_name (b, "case");
  json_builder_begin_object (b);
  text (b, "number", data->c->number);
  text (b, "title", data->c->title);
  text (b, "status", data->c->closed ? "closed" : "open");
  text (b, "opened_by", data->c->opened_by);
  text (b, "opened_at", data->c->opened_at);
  text (b, "closed_by", data->c->closed_by);
  text (b, "closed_at", data->c->closed_at);
  json_builder_end_object (b);
  text (b, "generated_by", data->generated_by);
  text (b, "generated_at", data->generated_at);
  integer (b, "first_decisions_withheld", data->n_withheld);
  json_builder_set_member_name (b, "searches");
  json_builder_begin_array (b);
  for (guint i = 0; i < data->searches->len; i++)
    gallery_search (b, data, ((SlReportSearch *) g_ptr_array_index (data->searches, i))->record, n_candidates);
  for (guint i = 0; i < data->within->len; i++)
    within_search (b, g_ptr_array_index (data->within, i), n_candidates);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "models");
  json_builder_begin_array (b);
  for (guint i = 0; i < data->models->len; i++)
    {
      const SlReportModel *m = g_ptr_array_index (data->models, i);

      json_builder_begin_object (b);
      text (b, "id", m->id);
      text (b, "sha256", m->sha256);
      text (b, "name", m->name);
      text (b, "license", m->license);
      integer (b, "searches", m->n_searches);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static gboolean
file_error (GError     **error,
            const char  *path,
            int          errsv)
{
  g_autofree char *shown = g_filename_display_name (path);

  g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_FAILED, _("Cannot write the disclosure package '%s': %s"),
               shown, g_strerror (errsv));
  return FALSE;
}

/* A new file, synced; its SHA-256 into files under name. */
static gboolean
write_file (const char  *dir,
            const char  *name,
            const char  *contents,
            GHashTable  *files,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gsize len = strlen (contents);
  const char *p = contents;
  int fd = g_open (path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);

  if (fd < 0)
    return file_error (error, path, errno);
  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int errsv = n < 0 ? errno : ENOSPC;
          close (fd);
          return file_error (error, path, errsv);
        }
      p += n;
      len -= (gsize) n;
    }
  if (fsync (fd) != 0 || close (fd) != 0)
    return file_error (error, path, errno);
  if (files != NULL)
    g_hash_table_insert (files, g_strdup (name),
                         g_compute_checksum_for_string (G_CHECKSUM_SHA256, contents, -1));
  return TRUE;
}

static void
remove_package (const char *dir)
{
  static const char *const names[] = { SL_DISCLOSURE_PDF, SL_DISCLOSURE_JSON, SL_DISCLOSURE_EXCERPT,
                                       SL_DISCLOSURE_MANIFEST };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static gboolean
disclosure_write_with (SlEngine            *self,
                       SlStore             *store,
                       SlSession           *session,
                       const char          *case_number,
                       const char          *out_dir,
                       SlDisclosureSummary *summary,
                       GCancellable        *cancellable,
                       GError             **error)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *shown_case = sl_store_text_shown (case_number, 64);
  g_autofree char *target = g_canonicalize_filename (out_dir, NULL);
  g_autofree char *tmp = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *pdf_sha = NULL;
  g_autofree char *json = NULL;
  g_autofree char *excerpt = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *head_hash = NULL;
  g_autoptr(SlReportData) data = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { SL_DISCLOSURE_ACTION, "case", shown_case, shown_case, details };
  JsonObject *recorded;
  guint n_pages = 0, n_candidates = 0;
  gint64 n_rows = 0, head_seq = 0;
  gboolean renamed = FALSE;

  {
    g_autofree char *shown_path = g_filename_display_name (target);
    json_object_set_string_member (details, "path", shown_path);
  }
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_REPORT, &entry, error))
    return FALSE;
  if (g_file_test (target, G_FILE_TEST_EXISTS))
    {
      g_autofree char *shown = g_filename_display_name (target);
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_EXISTS,
                   _("'%s' already exists: a disclosure package is written into a new folder"), shown);
      goto fail;
    }
  {
    g_autofree char *parent = g_path_get_dirname (target);
    g_autofree char *base = g_path_get_basename (target);

    tmp = g_strdup_printf ("%s/.%s.XXXXXX", parent, base);
    if (g_mkdtemp_full (tmp, 0700) == NULL)
      {
        int errsv = errno;
        g_clear_pointer (&tmp, g_free);
        file_error (&local_error, target, errsv);
        goto fail;
      }
  }

  pdf = g_build_filename (tmp, SL_DISCLOSURE_PDF, NULL);
  if (!(data = sl_engine_report_render_file (self, store, session, case_number, pdf, &pdf_sha, &n_pages,
                                             cancellable, &local_error)))
    goto fail;
  g_hash_table_insert (files, g_strdup (SL_DISCLOSURE_PDF), g_strdup (pdf_sha));
  json = disclosure_json (data, &n_candidates);
  if (!write_file (tmp, SL_DISCLOSURE_JSON, json, files, &local_error))
    goto fail;

  recorded = json_object_new ();
  json_object_set_string_member (recorded, SL_DISCLOSURE_PDF, pdf_sha);
  json_object_set_string_member (recorded, SL_DISCLOSURE_JSON, g_hash_table_lookup (files, SL_DISCLOSURE_JSON));
  json_object_set_object_member (details, "files", recorded);
  json_object_set_int_member (details, "searches", data->searches->len + data->within->len);
  json_object_set_int_member (details, "candidates", n_candidates);
  json_object_set_int_member (details, "pages", n_pages);

  /* The row, the excerpt that ends with it, and the folder's name go
   * together: the folder leaves again if the transaction fails. */
  if (!sl_store_begin (store, &local_error) ||
      !sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !(excerpt = sl_audit_excerpt_build (store, data->c->number, sl_engine_get_audit_key_id (self), &n_rows,
                                          &head_seq, &head_hash, &local_error)) ||
      !write_file (tmp, SL_DISCLOSURE_EXCERPT, excerpt, files, &local_error))
    goto fail;
  manifest = sl_disclosure_manifest (data->c->number, head_seq, head_hash, files);
  if (!write_file (tmp, SL_DISCLOSURE_MANIFEST, manifest, NULL, &local_error))
    goto fail;
  if (g_rename (tmp, target) != 0)
    {
      file_error (&local_error, target, errno);
      goto fail;
    }
  renamed = TRUE;
  if (!sl_engine_commit (store, &local_error))
    goto fail;

  if (summary != NULL)
    {
      summary->path = g_steal_pointer (&target);
      summary->searches = data->searches->len + data->within->len;
      summary->candidates = n_candidates;
      summary->pages = n_pages;
      summary->audit_rows = n_rows;
      summary->head_seq = head_seq;
      summary->head_hash = g_steal_pointer (&head_hash);
    }
  return TRUE;

fail:
  if (renamed)
    remove_package (target);
  else if (tmp != NULL)
    remove_package (tmp);
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return FALSE;
}

/* public API */

void
sl_disclosure_summary_clear (SlDisclosureSummary *summary)
{
  g_clear_pointer (&summary->path, g_free);
  g_clear_pointer (&summary->head_hash, g_free);
}

gboolean
sl_engine_disclosure_write (SlEngine            *self,
                            SlSession           *session,
                            const char          *case_number,
                            const char          *out_dir,
                            SlDisclosureSummary *summary,
                            GCancellable        *cancellable,
                            GError             **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (case_number != NULL && out_dir != NULL, FALSE);

  return disclosure_write_with (self, sl_engine_get_store (self), session, case_number, out_dir, summary,
                                cancellable, error);
}

gboolean
sl_engine_disclosure_verify (const char           *dir,
                             const char           *key_path,
                             SlAuditExcerptResult *result,
                             GError              **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (dir != NULL && result != NULL, FALSE);

  if (key_path != NULL && !(key = sl_audit_key_load (key_path, error)))
    return FALSE;
  if (!sl_audit_excerpt_verify (dir, key, result, &local_error))
    {
      /* Not a package: bad input, not a usage error. */
      g_set_error_literal (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_BAD_INPUT, local_error->message);
      return FALSE;
    }
  return TRUE;
}
