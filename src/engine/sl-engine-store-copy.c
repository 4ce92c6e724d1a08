/* sl-engine-store-copy.c: `store copy` (a desk's database file, its
 * evidence and its kept gallery photos onto the office's server, verified
 * there before success is reported) and `store migrate`.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/sl-audit.h"
#include "core/sl-audit-witness.h"
#include "core/sl-evidence-store.h"
#include "core/sl-files.h"
#include "core/sl-store-copy.h"
#include "core/sl-store.h"
#include "engine/sl-engine-private.h"
#include "engine/sl-engine-store-copy.h"

typedef struct
{
  SlStoreCopyProgressFunc  func;
  gpointer                 data;
  SlStoreCopyStep          step;
  guint                    tables;
  char                    *table;
} Progress;

/* helpers */

static void
report (Progress        *progress,
        SlStoreCopyStep  step,
        const char      *name,
        guint64          done,
        guint64          total)
{
  if (progress->func != NULL)
    progress->func (step, name, done, total, progress->data);
}

static void
on_rows (const char *table,
         guint64     rows,
         gpointer    user_data)
{
  Progress *progress = user_data;

  if (g_strcmp0 (progress->table, table) != 0)
    {
      g_free (progress->table);
      progress->table = g_strdup (table);
      progress->tables++;
    }
  report (progress, SL_STORE_COPY_STEP_ROWS, table, rows, 0);
}

static void
on_audit (guint64  done,
          guint64  total,
          gpointer user_data)
{
  Progress *progress = user_data;

  report (progress, progress->step, NULL, done, total);
}

/* Walks a chain; FALSE with an error when it cannot be read or is not
 * intact. */
static gboolean
verify_chain (SlStore              *store,
              GBytes               *key,
              const char           *witness,
              const char           *which,
              Progress             *progress,
              GCancellable         *cancellable,
              SlAuditVerifyResult  *result,
              GError              **error)
{
  SlAuditVerifyOptions options = { 0, NULL, witness, NULL };

  if (!sl_audit_verify_full (store, key, &options, on_audit, progress, cancellable, result, error))
    return FALSE;
  if (result->problem != SL_AUDIT_INTACT)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_FAILED,
                   _("The audit log of %s does not verify: %s (row %" PRId64 ")"), which,
                   result->message != NULL ? result->message : sl_audit_problem_to_string (result->problem),
                   result->bad_seq);
      return FALSE;
    }
  return TRUE;
}

static SlEvidenceStore *
source_folder (SlEngine        *source,
               SlStoreCopyFile *file)
{
  return g_str_equal (file->kind, "gallery") ? sl_engine_get_gallery_store (source)
                                             : sl_engine_get_evidence (source);
}

/* The files one at a time, each in a transaction of its own. */
static gboolean
put_files (SlEngine          *source,
           SlStore           *to,
           GPtrArray         *files,
           Progress          *progress,
           GCancellable      *cancellable,
           SlStoreCopyStats  *stats,
           GError           **error)
{
  for (guint i = 0; i < files->len; i++)
    {
      SlStoreCopyFile *file = g_ptr_array_index (files, i);
      g_autofree char *path = sl_evidence_store_path (source_folder (source, file), file->relative);
      GStatBuf st;

      report (progress, SL_STORE_COPY_STEP_FILE, file->name, i, files->len);
      if (g_stat (path, &st) != 0)
        {
          int saved = errno;
          g_autofree char *display = g_filename_display_name (path);

          g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_STORAGE,
                       g_str_equal (file->kind, "gallery")
                         ? _("Cannot read the kept copy of an enrolled photo ('%s'): %s")
                         : _("Cannot read the evidence file '%s': %s"),
                       display, g_strerror (saved));
          return FALSE;
        }
      if (!sl_store_copy_put_file (to, file, path, cancellable, error))
        {
          g_prefix_error (error, "%s: ", file->name);
          return FALSE;
        }
      stats->files++;
      stats->bytes += (guint64) st.st_size;
      if (g_str_equal (file->kind, "gallery"))
        stats->gallery_files++;
      else
        stats->evidence_files++;
    }
  report (progress, SL_STORE_COPY_STEP_FILE, NULL, files->len, files->len);
  return TRUE;
}

static gboolean
check_files (SlStore       *to,
             GPtrArray     *files,
             Progress      *progress,
             GCancellable  *cancellable,
             GError       **error)
{
  for (guint i = 0; i < files->len; i++)
    {
      SlStoreCopyFile *file = g_ptr_array_index (files, i);
      g_autofree char *found = NULL;

      report (progress, SL_STORE_COPY_STEP_CHECK_FILE, file->name, i, files->len);
      if (!sl_store_copy_read_file (to, file, &found, cancellable, error))
        return FALSE;
      if (!g_str_equal (found, file->sha256))
        {
          g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_STORAGE,
                       g_str_equal (file->kind, "gallery")
                         ? _("The kept copy of an enrolled photo (SHA-256 %s) read back from the server hashes "
                             "to %s: the source's copy was altered or damaged")
                         : _("The evidence file '%s' read back from the server hashes to %s, not to the SHA-256 "
                             "its record names: the source's file was altered or damaged"),
                       g_str_equal (file->kind, "gallery") ? file->sha256 : file->name, found);
          return FALSE;
        }
    }
  report (progress, SL_STORE_COPY_STEP_CHECK_FILE, NULL, files->len, files->len);
  return TRUE;
}

/* After the target's tables exist, whatever stops the copy leaves them:
 * the message says so and how to start over. */
static void
mark_partial (SlStoreCopyStats  *stats,
              GError           **error)
{
  stats->partial = TRUE;
  if (error == NULL || *error == NULL || g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  sl_engine_error_normalize (error);
  g_prefix_error (error, _("The copy failed and %s now holds part of it (it is not empty, so a second copy "
                           "would be refused): drop the database and create it again (as the server's "
                           "administrator: dropdb, then build-aux/pg-setup.sh) before copying again. "),
                  stats->target);
}

/* After the copy this machine goes on with the source's witness: its
 * lines name heads the target's chain has too (verified), under a header
 * naming the server, in the witness this machine keeps for it. Never over
 * an existing witness. */
static gboolean
carry_witness (const char        *source_witness,
               const char        *target_witness,
               SlStoreCopyStats  *stats,
               GError           **error)
{
  g_autofree char *text = NULL;
  g_autofree char *dir = NULL;
  g_auto(SlFileOut) out = { 0 };
  const char *body;
  int errsv;

  if (!g_file_get_contents (source_witness, &text, NULL, NULL))
    return TRUE;   /* the source kept none: nothing to carry */
  if (g_file_test (target_witness, G_FILE_TEST_EXISTS))
    {
      stats->witness_kept = TRUE;
      return TRUE;
    }
  /* "# sightline audit witness 1: from row N: DB" */
  body = strchr (text, '\n');
  if (!g_str_has_prefix (text, "# sightline audit witness 1: from row ") || body == NULL)
    return TRUE;
  dir = g_path_get_dirname (target_witness);
  g_mkdir_with_parents (dir, 0700);
  {
    const char *from = text + strlen ("# sightline audit witness 1: from row ");
    g_autofree char *header = g_strdup_printf ("# sightline audit witness 1: from row %" G_GINT64_FORMAT ": %s\n",
                                               g_ascii_strtoll (from, NULL, 10), stats->target);

    if ((errsv = sl_file_out_open (&out, target_witness)) != 0 ||
        (!sl_file_out_write (&out, header, strlen (header)) ||
         !sl_file_out_write (&out, body + 1, strlen (body + 1))) ||
        (errsv = sl_file_out_close (&out)) != 0 || (errsv = sl_file_out_publish (&out, FALSE)) != 0)
      {
        g_autofree char *display = g_filename_display_name (target_witness);

        if (errsv == 0)
          errsv = out.errsv;
        sl_file_out_abandon (&out);
        g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_STORAGE,
                     _("Cannot write the audit witness '%s': %s"), display, g_strerror (errsv));
        return FALSE;
      }
  }
  g_chmod (target_witness, 0600);
  stats->witness_path = g_strdup (target_witness);
  return TRUE;
}

/* public API */

void
sl_store_copy_stats_clear (SlStoreCopyStats *stats)
{
  g_clear_pointer (&stats->audit_head_hash, g_free);
  g_clear_pointer (&stats->target, g_free);
  g_clear_pointer (&stats->witness_path, g_free);
}

gboolean
sl_engine_store_copy (const char               *from_path,
                      const char               *to_uri,
                      const char               *audit_key_path,
                      const char               *witness_path,
                      SlStoreCopyProgressFunc   progress_func,
                      gpointer                  progress_data,
                      GCancellable             *cancellable,
                      SlStoreCopyStats         *stats,
                      GError                  **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_autoptr(SlEngine) source = NULL;
  g_autoptr(SlEngine) target = NULL;
  g_autoptr(SlStore) to = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  SlAuditVerifyResult source_chain = { 0 };
  SlAuditVerifyResult target_chain = { 0 };
  Progress progress = { progress_func, progress_data, SL_STORE_COPY_STEP_CHECK_SOURCE, 0, NULL };
  gboolean ok = FALSE;

  g_return_val_if_fail (from_path != NULL && to_uri != NULL && stats != NULL, FALSE);

  memset (stats, 0, sizeof *stats);
  stats->target = sl_store_path_is_server (to_uri) ? sl_store_server_name (to_uri) : g_strdup (to_uri);
  if (!sl_store_path_is_server (to_uri))
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
                   _("A copy goes to a database server: --to takes a URI (postgresql://...)"));
      return FALSE;
    }
  if (sl_store_path_is_server (from_path))
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
                   _("A copy is made from a database file: --from takes a file, not a server"));
      return FALSE;
    }

  /* The source as a desk opens it: its audit key, its folders. */
  source = sl_engine_new (from_path);
  if (audit_key_path != NULL)
    sl_engine_set_audit_key_path (source, audit_key_path);
  if (!sl_engine_open (source, error))
    goto early;
  /* A chain that is broken at the source would be copied broken. */
  if (!verify_chain (sl_engine_get_store (source), sl_engine_get_audit_key (source),
                     sl_engine_get_witness_path (source), sl_store_get_display_name (sl_engine_get_store (source)),
                     &progress, cancellable, &source_chain, error) ||
      !(files = sl_store_copy_list_files (sl_engine_get_store (source), error)))
    goto early;

  /* Refuses a database that holds anything, untouched. */
  if (!(to = sl_store_create (to_uri, error)))
    {
      if (error != NULL && g_error_matches (*error, SL_STORE_ERROR, SL_STORE_ERROR_EXISTS))
        g_prefix_error (error, _("Nothing was copied: "));
      goto early;
    }
  g_free (stats->target);
  stats->target = g_strdup (sl_store_get_display_name (to));

  progress.step = SL_STORE_COPY_STEP_ROWS;
  if (!sl_store_copy_rows (sl_engine_get_store (source), to, on_rows, &progress, cancellable, &stats->rows, error))
    goto out;
  stats->tables = progress.tables;
  if (!put_files (source, to, files, &progress, cancellable, stats, error))
    goto out;

  progress.step = SL_STORE_COPY_STEP_CHECK_AUDIT;
  if (!verify_chain (to, sl_engine_get_audit_key (source), NULL, stats->target, &progress, cancellable,
                     &target_chain, error))
    goto out;
  if (target_chain.head_seq != source_chain.head_seq ||
      g_strcmp0 (target_chain.head_hash, source_chain.head_hash) != 0)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_FAILED,
                   _("The audit log on %s ends at row %" PRId64 ", the source's at row %" PRId64
                     " with another hash"),
                   stats->target, target_chain.head_seq, source_chain.head_seq);
      goto out;
    }
  if (!check_files (to, files, &progress, cancellable, error))
    goto out;

  /* This machine's witness of the server goes on from the source's. */
  target = sl_engine_new (to_uri);
  if (witness_path != NULL)
    sl_engine_set_witness_path (target, witness_path);
  if (!carry_witness (sl_engine_get_witness_path (source), sl_engine_get_witness_path (target), stats, error))
    goto out;

  stats->audit_rows = target_chain.n_rows;
  stats->audit_head_seq = target_chain.head_seq;
  stats->audit_head_hash = g_strdup (target_chain.head_hash);
  ok = TRUE;

out:
  g_free (progress.table);
  stats->seconds = g_timer_elapsed (timer, NULL);
  if (!ok)
    mark_partial (stats, error);
  sl_audit_verify_result_clear (&source_chain);
  sl_audit_verify_result_clear (&target_chain);
  return ok;

early:
  sl_audit_verify_result_clear (&source_chain);
  stats->seconds = g_timer_elapsed (timer, NULL);
  return FALSE;
}

gboolean
sl_engine_store_migrate (const char  *path,
                         int         *version_out,
                         GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_autoptr(SlStore) store = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!(store = sl_store_open (path, error)))
    return FALSE;
  if (!sl_store_owns_schema (store))
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("%s is not the database's owner: only the owner role (sightline_owner, as "
                     "build-aux/pg-setup.sh prints its URI) may upgrade the schema; the desks' role never may"),
                   sl_store_get_display_name (store));
      return FALSE;
    }
  if (version_out != NULL)
    *version_out = sl_store_get_schema_version (store);
  return TRUE;
}
