/* sl-cli-audit.c: `sightline-cli audit verify | export`, `policy show |
 * set` and `bench audit`.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cli/sl-cli-private.h"
#include "bench/sl-audit-bench.h"
#include "bench/sl-audit-query-bench.h"
#include "engine/sightline-engine.h"

/* helpers */

static gboolean
parse_head (const char *text,
            gint64     *seq,
            char      **hash)
{
  const char *colon = text != NULL ? strchr (text, ':') : NULL;
  g_autofree char *number = NULL;
  guint64 n;

  if (colon == NULL || strlen (colon + 1) != 64)
    return FALSE;
  for (const char *p = colon + 1; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  number = g_strndup (text, colon - text);
  if (!g_ascii_string_to_unsigned (number, 10, 1, G_MAXINT64, &n, NULL))
    return FALSE;
  *seq = (gint64) n;
  *hash = g_ascii_strdown (colon + 1, -1);
  return TRUE;
}

static void
on_verify_progress (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  sl_cli_progress (user_data, _("Verifying"), done, total);
}

static void
add_string_or_null (JsonBuilder *b,
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
print_verify_json (const SlAuditVerifyResult *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *head = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", r->head_seq, r->head_hash);

  json_builder_begin_object (b);
  sl_cli_json_bool (b, "intact", r->problem == SL_AUDIT_INTACT);
  sl_cli_json_string (b, "result", sl_audit_problem_to_string (r->problem));
  sl_cli_json_int (b, "rows", r->n_rows);
  sl_cli_json_string (b, "head", head);
  sl_cli_json_int (b, "head_seq", r->head_seq);
  sl_cli_json_string (b, "head_hash", r->head_hash);
  sl_cli_json_bool (b, "keyed", r->key_id != NULL);
  add_string_or_null (b, "mode", r->mode);
  add_string_or_null (b, "key_id", r->key_id);
  json_builder_set_member_name (b, "bad_seq");
  if (r->bad_seq > 0)
    json_builder_add_int_value (b, r->bad_seq);
  else
    json_builder_add_null_value (b);
  add_string_or_null (b, "message", r->message);
  json_builder_set_member_name (b, "witness");
  json_builder_begin_object (b);
  add_string_or_null (b, "path", r->witness_path);
  sl_cli_json_bool (b, "found", r->witness_found);
  sl_cli_json_int (b, "heads", r->witness_lines);
  sl_cli_json_int (b, "latest_seq", r->witness_seq);
  add_string_or_null (b, "latest_hash", r->witness_hash);
  json_builder_set_member_name (b, "torn_line");
  if (r->witness_torn_line > 0)
    json_builder_add_int_value (b, r->witness_torn_line);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  sl_cli_json_int (b, "against_heads", r->against_heads);
  add_string_or_null (b, "note", r->note);
  json_builder_end_object (b);
  sl_cli_print_json (b);
}

static int
audit_verify (SlCliGlobals *globals,
              SlEngine     *engine,
              SlSession    *session,
              gint64        expect_seq,
              const char   *expect_hash,
              SlAuditHeads *against)
{
  g_autoptr(GError) error = NULL;
  SlAuditVerifyResult r = { 0 };
  int ret;

  if (!sl_engine_audit_verify_against (engine, session, expect_seq, expect_hash, against, on_verify_progress,
                                       globals, &r, &error))
    return sl_cli_store_fail (globals, error);
  sl_cli_progress_end (globals);

  if (globals->json)
    print_verify_json (&r);

  if (r.problem == SL_AUDIT_INTACT)
    {
      if (!globals->json)
        {
          printf (_("The audit log is intact: %lld rows%s.\nHead: %lld:%s\n"),
                  (long long) r.n_rows, r.key_id != NULL ? _(", keyed") : "",
                  (long long) r.head_seq, r.head_hash);
          if (r.key_id != NULL)
            printf (_("Mode: %s, key id %s\n"), r.mode, r.key_id);
          else
            printf (_("Mode: %s, not keyed\n"), r.mode);
          if (against != NULL)
            printf (ngettext ("Checked %u head once issued: it is in the chain.\n",
                              "Checked %u heads once issued: all are in the chain.\n", r.against_heads),
                    r.against_heads);
          printf ("%s\n", r.note);
        }
      ret = SL_EXIT_OK;
    }
  else
    {
      fprintf (stderr, "sightline-cli: %s\n", r.message);
      ret = SL_EXIT_FAILED;
    }
  sl_audit_verify_result_clear (&r);
  return ret;
}

/* The database could not be opened for its audit key: for `audit verify`
 * that is a result, never "intact". */
static int
audit_verify_unopened (SlCliGlobals *globals,
                       const GError *error)
{
  SlAuditVerifyResult r = { 0 };

  r.problem = g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_AUDIT_STRIPPED)
              ? SL_AUDIT_STRIPPED : SL_AUDIT_KEY_MISSING;
  r.head_hash = g_strdup (SL_AUDIT_ZERO_HASH);
  r.message = g_strdup (error->message);
  r.note = g_strdup (_("Nothing was checked: the audit log cannot be read as it was kept."));
  if (globals->json)
    print_verify_json (&r);
  fprintf (stderr, "sightline-cli: %s\n", r.message);
  sl_audit_verify_result_clear (&r);
  return SL_EXIT_FAILED;
}

static int
audit_export (SlCliGlobals        *globals,
              SlEngine            *engine,
              SlSession           *session,
              const char          *format_text,
              const SlAuditFilter *filter,
              const char          *out_path)
{
  g_autoptr(GOutputStream) raw = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SlFileOut) file = { 0 };
  SlAuditFormat format;
  gboolean ok;
  gint64 n = 0;

  if (format_text == NULL)
    format_text = globals->json ? "json" : "csv";
  if (!sl_audit_format_from_string (format_text, &format))
    return sl_cli_usage_error (_("'%s' is not an export format; use csv or json"), format_text);

  if (out_path != NULL)
    {
      /* Written whole under a temporary name beside it, then given its
       * name: a killed or failed export leaves no half of a file. */
      g_autofree char *display = g_filename_display_name (out_path);
      int errsv = g_file_test (out_path, G_FILE_TEST_EXISTS) ? EEXIST : sl_file_out_open (&file, out_path);

      if (errsv != 0)
        {
          g_set_error (&error, G_FILE_ERROR, g_file_error_from_errno (errsv), _("Cannot create '%s': %s"), display,
                       g_strerror (errsv));
          return sl_cli_store_fail (globals, error);
        }
      raw = g_unix_output_stream_new (file.fd, FALSE);
    }
  else
    raw = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  out = g_buffered_output_stream_new_sized (raw, 256 * 1024);

  ok = sl_engine_audit_export_filtered (engine, session, filter, format, out, sl_cli_interrupt_cancellable (),
                                        &n, &error) &&
       g_output_stream_close (out, NULL, &error);
  if (ok && out_path != NULL)
    {
      /* A new file, never over another one. */
      int errsv = sl_file_out_close (&file);

      if (errsv == 0)
        errsv = sl_file_out_publish (&file, FALSE);
      if (errsv != 0)
        {
          g_autofree char *display = g_filename_display_name (out_path);

          g_set_error (&error, G_FILE_ERROR, g_file_error_from_errno (errsv), _("Cannot write '%s': %s"), display,
                       g_strerror (errsv));
          ok = FALSE;
        }
    }
  if (!ok)
    {
      sl_file_out_abandon (&file);
      return sl_cli_store_fail (globals, error);
    }
  if (out_path != NULL && !globals->quiet)
    {
      g_autofree char *display = g_filename_display_name (out_path);
      fprintf (stderr, _("Exported %lld audit rows to '%s'\n"), (long long) n, display);
    }
  return SL_EXIT_OK;
}

static int
policy_show (SlCliGlobals *globals,
             SlPolicy     *p)
{
  g_autofree char *purposes = g_strjoinv (",", p->purposes);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sl_cli_json_double (b, "threshold", p->threshold);
      if (!isnan (p->threshold_floor))
        sl_cli_json_double (b, "threshold-floor", p->threshold_floor);
      sl_cli_json_double (b, "target-fmr", p->target_fmr);
      sl_cli_json_int (b, "max-top-k", p->max_top_k);
      json_builder_set_member_name (b, "purposes");
      json_builder_begin_array (b);
      for (guint i = 0; p->purposes[i] != NULL; i++)
        json_builder_add_string_value (b, p->purposes[i]);
      json_builder_end_array (b);
      sl_cli_json_int (b, "min-facts-length", p->min_facts_length);
      sl_cli_json_int (b, "within-case-min-facts-length", p->within_case_min_facts_length);
      sl_cli_json_bool (b, "second-review", p->second_review);
      sl_cli_json_int (b, "retention-days", p->retention_days);
      sl_cli_json_int (b, "admin-lockout-minutes", p->admin_lockout_minutes);
      sl_cli_json_string (b, "enrol-min-quality", p->enrol_min_quality);
      sl_cli_json_string (b, "authorisation", sl_authorisation_mode_to_string (p->authorisation));
      sl_cli_json_int (b, "authorisation-hours", p->authorisation_hours);
      sl_cli_json_int (b, "min-offense-category", p->min_offense_category);
      sl_cli_json_bool (b, "footage-analysis-justification", p->footage_justification);
      sl_cli_json_string (b, "profile-name", p->profile_name);
      json_builder_set_member_name (b, "offenses");
      json_builder_begin_array (b);
      for (guint i = 0; i < p->offenses->len; i++)
        {
          SlOffense *o = g_ptr_array_index (p->offenses, i);
          json_builder_begin_object (b);
          sl_cli_json_string (b, "code", o->code);
          sl_cli_json_string (b, "label", o->label);
          sl_cli_json_int (b, "category", o->category);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      sl_cli_print_json (b);
      return SL_EXIT_OK;
    }

  printf ("%-18s %g\n", "threshold", p->threshold);
  if (!isnan (p->threshold_floor))
    printf ("%-18s %g\n", "threshold-floor", p->threshold_floor);
  printf ("%-18s %g\n", "target-fmr", p->target_fmr);
  printf ("%-18s %u\n", "max-top-k", p->max_top_k);
  printf ("%-18s %s\n", "purposes", purposes);
  printf ("%-18s %u\n", "min-facts-length", p->min_facts_length);
  printf ("%-18s %u\n", "within-case-min-facts-length", p->within_case_min_facts_length);
  printf ("%-18s %s\n", "second-review", p->second_review ? "true" : "false");
  printf ("%-18s %u\n", "retention-days", p->retention_days);
  printf ("%-18s %u\n", "admin-lockout-minutes", p->admin_lockout_minutes);
  printf ("%-18s %s\n", "enrol-min-quality", p->enrol_min_quality);
  printf ("%-18s %s\n", "authorisation", sl_authorisation_mode_to_string (p->authorisation));
  printf ("%-18s %u\n", "authorisation-hours", p->authorisation_hours);
  printf ("%-18s %u\n", "min-offense-category", p->min_offense_category);
  printf ("%-18s %s\n", "footage-analysis-justification", p->footage_justification ? "true" : "false");
  if (p->profile_name != NULL)
    printf ("%-18s %s\n", "profile-name", p->profile_name);
  printf ("%s\n", _("offenses (offense.CODE, category offense-category.CODE):"));
  for (guint i = 0; i < p->offenses->len; i++)
    {
      SlOffense *o = g_ptr_array_index (p->offenses, i);
      printf ("  %-16s %u  %s\n", o->code, o->category, o->label);
    }
  return SL_EXIT_OK;
}

/* The changes waiting for a co-sign: who asked, when, and why. */
static void
requests_json (JsonBuilder *b,
               GPtrArray   *pending)
{
  json_builder_set_member_name (b, "pending");
  json_builder_begin_array (b);
  for (guint i = 0; i < pending->len; i++)
    {
      SlPolicyRequest *r = g_ptr_array_index (pending, i);

      json_builder_begin_object (b);
      sl_cli_json_int (b, "id", r->id);
      sl_cli_json_string (b, "key", r->key);
      sl_cli_json_string (b, "value", r->value);
      json_builder_set_member_name (b, "old");
      if (r->old_value != NULL)
        json_builder_add_string_value (b, r->old_value);
      else
        json_builder_add_null_value (b);
      sl_cli_json_string (b, "requested_by", r->requested_by);
      sl_cli_json_string (b, "requested_at", r->requested_at);
      json_builder_set_member_name (b, "reason");
      if (r->reason != NULL)
        json_builder_add_string_value (b, r->reason);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
requests_print (GPtrArray *pending)
{
  if (pending->len == 0)
    {
      printf ("%s\n", _("No policy change is waiting for a co-sign."));
      return;
    }
  printf ("%s\n", _("Pending, not in effect until another administrator or a supervisor co-signs "
                    "(policy cosign ID):"));
  for (guint i = 0; i < pending->len; i++)
    {
      SlPolicyRequest *r = g_ptr_array_index (pending, i);

      /* TRANSLATORS: a pending policy change: its id, key, old and new value, who asked and when. */
      printf (_("  %lld  %s: %s -> %s, asked by %s at %s\n"), (long long) r->id, r->key,
              r->old_value != NULL ? r->old_value : "-", r->value, r->requested_by, r->requested_at);
      if (r->reason != NULL)
        printf (_("       reason: %s\n"), r->reason);
    }
}

static int
policy_pending (SlCliGlobals *globals,
                SlEngine     *engine,
                SlSession    *session)
{
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;

  if (!(pending = sl_engine_policy_pending (engine, session, &error)))
    return sl_cli_store_fail (globals, error);
  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      requests_json (b, pending);
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  else
    requests_print (pending);
  return SL_EXIT_OK;
}

static void
on_bench_progress (const char *stage,
                   guint64     done,
                   guint64     total,
                   gpointer    user_data)
{
  sl_cli_progress (user_data, stage, done, total);
}

static void
on_query_bench_progress (guint64  done,
                         guint64  total,
                         gpointer user_data)
{
  sl_cli_progress (user_data, "fill", done, total);
}

/* `bench audit --query`: the supervisor's review over a big log. */
static int
bench_audit_query (SlCliGlobals *globals,
                   const char   *dir,
                   gint64        rows,
                   gboolean      remove)
{
  g_autofree char *db = g_build_filename (dir, "audit-query.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  SlAuditQueryBenchResult r;
  gboolean ok;

  ok = sl_audit_query_bench (db, (guint64) rows, on_query_bench_progress, globals, &r, &error);
  sl_cli_progress_end (globals);
  if (remove)
    sl_remove_tree (dir);
  if (!ok)
    return sl_cli_store_fail (globals, error);

  json_builder_begin_object (b);
  sl_cli_json_int (b, "rows", (gint64) r.rows);
  sl_cli_json_bool (b, "filled", r.filled);
  sl_cli_json_double (b, "fill_s", r.fill_s);
  sl_cli_json_double (b, "open_s", r.open_s);
  sl_cli_json_double (b, "open_query_s", r.open_query_s);
  sl_cli_json_double (b, "open_page_s", r.open_page_s);
  sl_cli_json_double (b, "page_async_s", r.page_async_s);
  json_builder_set_member_name (b, "filters");
  json_builder_begin_array (b);
  for (guint i = 0; i < r.n_filters; i++)
    {
      json_builder_begin_object (b);
      sl_cli_json_string (b, "name", r.filters[i].name);
      sl_cli_json_string (b, "filter", r.filters[i].describe);
      sl_cli_json_int (b, "matches", r.filters[i].matches);
      sl_cli_json_double (b, "seconds", r.filters[i].seconds);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  sl_cli_json_double (b, "stats_s", r.stats_s);
  sl_cli_json_double (b, "export_user_csv_s", r.export_s);
  sl_cli_json_int (b, "db_bytes", (gint64) r.db_bytes);
  json_builder_end_object (b);
  sl_cli_print_json (b);
  sl_audit_query_bench_result_clear (&r);
  return SL_EXIT_OK;
}

/* public API */

/* A disclosure package, checked against itself: no database, no sign-in. */
static int
audit_verify_excerpt (SlCliGlobals *globals,
                      const char   *dir,
                      const char   *audit_key)
{
  g_autoptr(GError) error = NULL;
  SlAuditExcerptResult result = { 0 };
  int ret;

  if (!sl_engine_disclosure_verify (dir, audit_key, &result, &error))
    return sl_cli_fail (globals, error);
  ret = result.intact ? SL_EXIT_OK : SL_EXIT_FAILED;
  if (globals->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      sl_cli_json_bool (b, "intact", result.intact);
      sl_cli_json_string (b, "case", result.case_number);
      sl_cli_json_int (b, "rows", result.n_rows);
      sl_cli_json_int (b, "recomputed", result.n_recomputed);
      sl_cli_json_int (b, "links", result.n_links);
      sl_cli_json_int (b, "files", result.n_files);
      sl_cli_json_int (b, "head_seq", result.head_seq);
      sl_cli_json_string (b, "head_hash", result.head_hash);
      sl_cli_json_string (b, "mode", result.mode);
      sl_cli_json_string (b, "key_id", result.key_id);
      sl_cli_json_bool (b, "hashes_unchecked_without_key", result.keyed_unchecked);
      json_builder_set_member_name (b, "problems");
      json_builder_begin_array (b);
      for (guint i = 0; i < result.problems->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (result.problems, i));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "notes");
      json_builder_begin_array (b);
      for (guint i = 0; i < result.notes->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (result.notes, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      sl_cli_print_json (b);
    }
  else
    {
      if (result.intact && result.keyed_unchecked)
        printf (_("Disclosure package of case %s: consistent, but its hashes are not checked without the key "
                  "(head %" PRId64 ":%s)\n"), result.case_number, result.head_seq, result.head_hash);
      else if (result.intact)
        printf (_("Disclosure package of case %s: intact (%" PRId64 " audit rows, head %" PRId64 ":%s)\n"),
                result.case_number, result.n_rows, result.head_seq, result.head_hash);
      else
        printf (_("Disclosure package of case %s: FAILED\n"), result.case_number != NULL ? result.case_number : "?");
      for (guint i = 0; i < result.problems->len; i++)
        printf ("  ✗ %s\n", (const char *) g_ptr_array_index (result.problems, i));
      for (guint i = 0; i < result.notes->len; i++)
        printf ("  %s\n", (const char *) g_ptr_array_index (result.notes, i));
    }
  sl_audit_excerpt_result_clear (&result);
  return ret;
}

int
sl_cli_audit (SlCliGlobals  *globals,
              int            argc,
              char         **argv)
{
  g_autofree char *expect_head = NULL;
  g_autofree char *format = NULL;
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;
  g_autofree char *case_number = NULL;
  g_autofree char *user = NULL;
  g_autofree char *audit_action = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *text = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *audit_key = NULL;
  g_autofree char *expect_hash = NULL;
  g_auto(GStrv) against_paths = NULL;
  g_autoptr(SlAuditHeads) against = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) open_error = NULL;
  gint64 expect_seq = 0;
  const char *action;
  int ret;
  GOptionEntry entries[] = {
    { "expect-head", 0, 0, G_OPTION_ARG_STRING, &expect_head,
      N_("verify: the head noted earlier; a log that ends before it fails"), N_("SEQ:HASH") },
    { "against", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &against_paths,
      N_("verify: check that the heads a report, an export or a witness once issued are still in the chain"),
      N_("FILE|DIR") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("export: csv or json"), N_("FORMAT") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, N_("export: rows from this time on (ISO 8601)"), N_("TIME") },
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_number, N_("export: rows of this case only"), N_("NUMBER") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_("export: rows before this time (ISO 8601)"), N_("TIME") },
    { "actor", 0, 0, G_OPTION_ARG_STRING, &user, N_("export: rows of this user only"), N_("NAME") },
    { "action", 0, 0, G_OPTION_ARG_STRING, &audit_action, N_("export: rows of this action, or of every ACTION.* (e.g. search)"), N_("ACTION") },
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome, N_("export: success, refused or failed rows only"), N_("OUTCOME") },
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("export: rows holding this text (any letter case)"), N_("TEXT") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, N_("export: write to a new FILE, not standard output"), N_("FILE") },
    { "audit-key", 0, 0, G_OPTION_ARG_FILENAME, &audit_key, N_("The audit key file, if not where the database says"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "verify [--expect-head SEQ:HASH] [--against FILE|DIR] | verify-excerpt DIR [--audit-key FILE] | "
                     "export [--format csv|json]",
                     _("Verifies the audit log's hash chain, or exports its rows with their hashes. "
                       "verify-excerpt checks a disclosure package without the database."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc == 3 && g_str_equal (argv[1], "verify-excerpt"))
    return audit_verify_excerpt (globals, argv[2], audit_key);
  if (argc != 2)
    return sl_cli_usage_error (_("audit: expected verify, verify-excerpt DIR or export (try --help)"));
  action = argv[1];
  if (!g_str_equal (action, "verify") && !g_str_equal (action, "export"))
    return sl_cli_usage_error (_("audit: unknown action '%s' (expected verify or export)"), action);
  if (expect_head != NULL && !parse_head (expect_head, &expect_seq, &expect_hash))
    return sl_cli_usage_error (_("--expect-head takes SEQ:HASH, the head 'audit verify' printed "
                                 "(a row number, a colon, 64 hex digits)"));

  if (outcome != NULL && !g_str_equal (outcome, "success") && !g_str_equal (outcome, "refused") &&
      !g_str_equal (outcome, "failed"))
    return sl_cli_usage_error (_("--outcome takes success, refused or failed, not '%s'"), outcome);

  if (against_paths != NULL && !g_str_equal (action, "verify"))
    return sl_cli_usage_error (_("--against is for 'audit verify'"));
  if (against_paths != NULL)
    {
      g_autoptr(GError) error = NULL;

      against = sl_audit_heads_new ();
      for (guint i = 0; against_paths[i] != NULL; i++)
        if (!sl_audit_heads_read_against (against, against_paths[i], &error))
          return sl_cli_store_fail (globals, error);
    }

  if (g_str_equal (action, "verify"))
    {
      ret = sl_cli_open_session_full (globals, audit_key, &engine, &session, &open_error);
      if (open_error != NULL &&
          (g_error_matches (open_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_AUDIT_KEY) ||
           g_error_matches (open_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_AUDIT_STRIPPED)))
        return audit_verify_unopened (globals, open_error);
      if (open_error != NULL)
        return sl_cli_store_fail (globals, open_error);
      if (ret != SL_EXIT_OK)
        return ret;
      return audit_verify (globals, engine, session, expect_seq, expect_hash, against);
    }
  if ((ret = sl_cli_open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
    return ret;
  {
    SlAuditFilter filter = { 0 };

    /* Borrowed for the call. */
    filter.time_from = since;
    filter.time_to = until;
    filter.case_number = case_number;
    filter.actor = user;
    filter.action = audit_action;
    filter.outcome = outcome;
    filter.text = text;
    return audit_export (globals, engine, session, format, &filter, out_path);
  }
}

int
sl_cli_policy (SlCliGlobals  *globals,
               int            argc,
               char         **argv)
{
  g_autofree char *audit_key = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;
  int ret;
  GOptionEntry entries[] = {
    { "audit-key", 0, 0, G_OPTION_ARG_FILENAME, &audit_key, N_("The audit key file, if not where the database says"), N_("FILE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why a threshold below the recommended one (or a lower threshold floor) is set; kept in the audit log"),
      N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "show | set KEY VALUE [--reason TEXT] | pending | cosign ID",
                     _("Shows or (administrators) changes the policy. Keys: threshold, threshold-floor, max-top-k, "
                       "purposes, min-facts-length, second-review, retention-days, enrol-min-quality, "
                       "admin-lockout-minutes, within-case-min-facts-length, offense.CODE (an empty label "
                       "withdraws the offense). A threshold below the floor is refused, and so is a floor "
                       "above the threshold in force (raise the threshold first); a threshold below the "
                       "recommended one needs --reason. A change that weakens a safeguard (second "
                       "review off, a threshold below the recommended one, a lower floor, shorter facts, "
                       "longer retention) stays pending until another administrator or a supervisor "
                       "co-signs it with 'cosign ID'."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc == 2 && g_str_equal (argv[1], "show"))
    {
      g_autoptr(SlPolicy) policy = NULL;

      if ((ret = sl_cli_open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
        return ret;
      if (!(policy = sl_engine_policy_get (engine, session, &error)))
        return sl_cli_store_fail (globals, error);
      if ((ret = policy_show (globals, policy)) != SL_EXIT_OK || globals->json)
        return ret;
      return policy_pending (globals, engine, session);
    }
  if (argc == 2 && g_str_equal (argv[1], "pending"))
    {
      if ((ret = sl_cli_open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
        return ret;
      return policy_pending (globals, engine, session);
    }
  if (argc == 3 && g_str_equal (argv[1], "cosign"))
    {
      gint64 id;

      if (!g_ascii_string_to_signed (argv[2], 10, 1, G_MAXINT64, &id, NULL))
        return sl_cli_usage_error (_("policy cosign: ID is the number 'policy pending' shows"));
      if ((ret = sl_cli_open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
        return ret;
      if (!sl_engine_policy_cosign (engine, session, id, &error))
        return sl_cli_store_fail (globals, error);
      if (globals->json)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();
          json_builder_begin_object (b);
          sl_cli_json_int (b, "cosigned", id);
          json_builder_end_object (b);
          sl_cli_print_json (b);
        }
      else
        printf (_("Policy change %lld co-signed and in effect\n"), (long long) id);
      return SL_EXIT_OK;
    }
  if (argc == 4 && g_str_equal (argv[1], "set"))
    {
      SlPolicyChange change = { 0 };

      if ((ret = sl_cli_open_session (globals, audit_key, &engine, &session)) != SL_EXIT_OK)
        return ret;
      if (!sl_engine_policy_change (engine, session, argv[2], argv[3], reason, &change, &error))
        return sl_cli_store_fail (globals, error);
      if (globals->json)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();
          json_builder_begin_object (b);
          sl_cli_json_string (b, "key", argv[2]);
          sl_cli_json_string (b, "value", argv[3]);
          sl_cli_json_bool (b, "pending", change.pending);
          if (change.pending)
            sl_cli_json_int (b, "request_id", change.request_id);
          json_builder_end_object (b);
          sl_cli_print_json (b);
        }
      else if (change.pending)
        printf (_("Policy '%s' to '%s' weakens a safeguard: pending as change %lld until another "
                  "administrator or a supervisor co-signs it (policy cosign %lld)\n"),
                argv[2], argv[3], (long long) change.request_id, (long long) change.request_id);
      else
        printf (_("Policy '%s' set to '%s'\n"), argv[2], argv[3]);
      return SL_EXIT_OK;
    }
  return sl_cli_usage_error (_("policy: expected 'show', 'set KEY VALUE', 'pending' or 'cosign ID' (try --help)"));
}

int
sl_cli_bench_audit (SlCliGlobals  *globals,
                    int            argc,
                    char         **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gint64 rows = 100000;
  gboolean keyed = FALSE;
  gboolean query = FALSE;
  gboolean ok;
  SlAuditBenchResult r;
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT64, &rows, N_("Audited actions to append (default 100000)"), N_("N") },
    { "keyed", 0, 0, G_OPTION_ARG_NONE, &keyed, N_("Key the chain with an audit key (HMAC)"), NULL },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, N_("Folder for the benchmark database (default: a temporary one, removed)"), N_("DIR") },
    { "query", 0, 0, G_OPTION_ARG_NONE, &query, N_("Time the audit review instead: opening and filtering a log of N varied rows (kept in DIR and reused)"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!sl_cli_parse (globals, "audit [--rows N] [--query]",
                     _("Appends N audited actions, each in its own transaction, then verifies and exports the chain."),
                     entries, &argc, &argv))
    return SL_EXIT_USAGE;
  if (argc != 1 || rows < 1)
    return sl_cli_usage_error (_("bench audit takes --rows N (N >= 1)"));
  if (dir == NULL)
    {
      if (!(tmp = g_dir_make_tmp ("sightline-bench-XXXXXX", &error)))
        return sl_cli_store_fail (globals, error);
      dir = g_strdup (tmp);
    }
  if (query)
    return bench_audit_query (globals, dir, rows, tmp != NULL);

  ok = sl_audit_bench (dir, (guint64) rows, keyed, on_bench_progress, globals, &r, &error);
  sl_cli_progress_end (globals);
  if (tmp != NULL)
    sl_remove_tree (tmp);
  if (!ok)
    return sl_cli_store_fail (globals, error);

  json_builder_begin_object (b);
  sl_cli_json_int (b, "rows", (gint64) r.rows);
  sl_cli_json_bool (b, "keyed", r.keyed);
  sl_cli_json_double (b, "append_s", r.append_s);
  sl_cli_json_double (b, "actions_per_s", r.actions_per_s);
  sl_cli_json_double (b, "verify_s", r.verify_s);
  sl_cli_json_double (b, "export_s", r.export_s);
  sl_cli_json_int (b, "export_rows", (gint64) r.export_rows);
  sl_cli_json_int (b, "export_peak_rss_kb_tenth", (gint64) r.export_peak_rss_kb_tenth);
  sl_cli_json_int (b, "export_peak_rss_kb_all", (gint64) r.export_peak_rss_kb_all);
  sl_cli_json_int (b, "db_bytes", (gint64) r.db_bytes);
  json_builder_end_object (b);
  /* A benchmark's output is JSON whether or not --json was given. */
  sl_cli_print_json (b);
  return SL_EXIT_OK;
}
