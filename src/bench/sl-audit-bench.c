/* sl-audit-bench.c: `bench audit`: appending audited actions, verifying
 * and exporting the chain, with timings and export memory.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-audit-bench"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bench/sl-audit-bench.h"
#include "engine/sl-engine-private.h"

#define BENCH_PASSWORD "bench-password-not-secret"

/* helpers */

static guint64
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      !(line = strstr (status, "VmHWM:")))
    return 0;
  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

static void
reset_peak_rss (void)
{
  /* Linux: "5" resets the peak resident set size to the current one. */
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

static gboolean
export_once (SlEngine  *engine,
             guint64   *peak_kb,
             guint64   *bytes,
             double    *seconds,
             GError   **error)
{
  g_autoptr(GFile) null = g_file_new_for_path ("/dev/null");
  g_autoptr(GFileOutputStream) out = g_file_append_to (null, G_FILE_CREATE_NONE, NULL, error);
  gint64 t0 = g_get_monotonic_time ();
  gint64 n = 0;

  if (out == NULL)
    return FALSE;
  reset_peak_rss ();
  if (!sl_audit_export (sl_engine_get_store (engine), NULL, NULL, SL_AUDIT_FORMAT_JSON,
                        G_OUTPUT_STREAM (out), NULL, &n, error))
    return FALSE;
  *seconds = (g_get_monotonic_time () - t0) / 1e6;
  *peak_kb = peak_rss_kb ();
  if (bytes != NULL)
    *bytes = (guint64) n;
  return TRUE;
}

/* public API */

gboolean
sl_audit_bench (const char                *dir,
                guint64                    rows,
                gboolean                   keyed,
                SlAuditBenchProgressFunc   progress,
                gpointer                   progress_data,
                SlAuditBenchResult        *result,
                GError                   **error)
{
  g_autofree char *db = g_build_filename (dir, "bench.db", NULL);
  g_autofree char *key = g_build_filename (dir, "bench.key", NULL);
  g_autoptr(SlEngine) engine = sl_engine_new (db);
  g_autoptr(SlSession) admin = NULL;
  g_autoptr(SlSession) investigator = NULL;
  SlAuditVerifyResult verify = { 0 };
  GStatBuf st;
  gint64 t0;
  double seconds;

  memset (result, 0, sizeof *result);
  result->rows = rows;
  result->keyed = keyed;

  if (!sl_engine_init_database (engine, "bench-admin", "Benchmark admin", BENCH_PASSWORD,
                                keyed ? key : NULL, error) ||
      !(admin = sl_engine_sign_in (engine, "bench-admin", BENCH_PASSWORD, error)) ||
      !sl_engine_user_add (engine, admin, "bench", "Benchmark investigator", SL_ROLE_INVESTIGATOR,
                           BENCH_PASSWORD, error) ||
      !(investigator = sl_engine_sign_in (engine, "bench", BENCH_PASSWORD, error)))
    return FALSE;

  /* Each a whole engine action: role check, change, audit row, commit. */
  t0 = g_get_monotonic_time ();
  for (guint64 i = 0; i < rows; i++)
    {
      char number[32];
      g_autoptr(SlCase) c = NULL;

      g_snprintf (number, sizeof number, "BENCH-%" G_GUINT64_FORMAT, i + 1);
      if (!(c = sl_engine_case_open (engine, investigator, number, "Benchmark case", error)))
        return FALSE;
      if (progress != NULL && (i + 1) % 1000 == 0)
        progress ("append", i + 1, rows, progress_data);
    }
  result->append_s = (g_get_monotonic_time () - t0) / 1e6;
  result->actions_per_s = result->append_s > 0 ? rows / result->append_s : 0;

  t0 = g_get_monotonic_time ();
  {
    /* As `audit verify` runs it: the chain and its witness. */
    SlAuditVerifyOptions options = { 0, NULL, sl_engine_get_witness_path (engine), NULL };

    if (!sl_audit_verify_full (sl_engine_get_store (engine), sl_engine_get_audit_key (engine), &options,
                               NULL, NULL, NULL, &verify, error))
      return FALSE;
  }
  result->verify_s = (g_get_monotonic_time () - t0) / 1e6;
  if (verify.problem != SL_AUDIT_INTACT)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_FAILED, "The benchmark chain does not verify: %s",
                   verify.message);
      sl_audit_verify_result_clear (&verify);
      return FALSE;
    }
  sl_audit_verify_result_clear (&verify);
  if (progress != NULL)
    progress ("verify", rows, rows, progress_data);

  /* Export memory: a log a tenth as long first, then the whole one. The
   * tenth is a second database made from the first rows. */
  {
    g_autofree char *tenth_dir = g_build_filename (dir, "tenth", NULL);
    g_autofree char *tenth_db = g_build_filename (tenth_dir, "bench.db", NULL);
    g_autoptr(SlEngine) tenth = sl_engine_new (tenth_db);
    g_autoptr(SlSession) a = NULL;
    g_autoptr(SlSession) inv = NULL;
    g_autofree char *tenth_key = g_build_filename (tenth_dir, "bench.key", NULL);

    if (g_mkdir_with_parents (tenth_dir, 0700) != 0 ||
        !sl_engine_init_database (tenth, "bench-admin", "Benchmark admin", BENCH_PASSWORD,
                                  keyed ? tenth_key : NULL, error) ||
        !(a = sl_engine_sign_in (tenth, "bench-admin", BENCH_PASSWORD, error)) ||
        !sl_engine_user_add (tenth, a, "bench", "Benchmark investigator", SL_ROLE_INVESTIGATOR,
                             BENCH_PASSWORD, error) ||
        !(inv = sl_engine_sign_in (tenth, "bench", BENCH_PASSWORD, error)))
      return FALSE;
    for (guint64 i = 0; i < rows / 10; i++)
      {
        char number[32];
        g_autoptr(SlCase) c = NULL;

        g_snprintf (number, sizeof number, "BENCH-%" G_GUINT64_FORMAT, i + 1);
        if (!(c = sl_engine_case_open (tenth, inv, number, "Benchmark case", error)))
          return FALSE;
      }
    if (!export_once (tenth, &result->export_peak_rss_kb_tenth, NULL, &seconds, error))
      return FALSE;
  }
  if (!export_once (engine, &result->export_peak_rss_kb_all, &result->export_rows, &result->export_s,
                    error))
    return FALSE;
  if (progress != NULL)
    progress ("export", rows, rows, progress_data);

  if (g_stat (db, &st) == 0)
    result->db_bytes = (guint64) st.st_size;
  return TRUE;
}
