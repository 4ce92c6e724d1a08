/* sl-audit-query-bench.c: `bench audit --query`: a year of a unit's audit
 * rows (a million by default), then the supervisor's review opened and
 * filtered against it, timed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-audit-bench"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "core/sl-user.h"
#include "bench/sl-audit-query-bench.h"
#include "engine/sightline-engine.h"
#include "engine/sl-engine-private.h"

#define N_INVESTIGATORS 20
#define N_CASES         5000
#define ROWS_PER_COMMIT 1000
#define PAGE            200

typedef struct
{
  gint64  id;
  char   *name;
} Person;

/* helpers */

static char *
fake_sha256 (GRand *rand)
{
  char *hex = g_malloc (65);

  for (guint i = 0; i < 64; i++)
    hex[i] = "0123456789abcdef"[g_rand_int_range (rand, 0, 16)];
  hex[64] = '\0';
  return hex;
}

/* One row such as the engine writes for the action drawn. */
static void
draw_row (GRand         *rand,
          guint64        i,
          SlAuditRecord *r,
          char         **case_number,
          char         **object_id,
          char         **details)
{
  static const char *const offenses[] = { "ROBBERY", "BURGLARY", "ASSAULT", "FRAUD", "HOMICIDE" };
  static const char *const decisions[] = { "possible-lead", "excluded", "inconclusive" };
  int kind = g_rand_int_range (rand, 0, 1000);
  int c = g_rand_int_range (rand, 1, N_CASES + 1);

  *case_number = g_strdup_printf ("2026-%05d", c);
  r->outcome = "success";
  if (kind < 20)
    {
      r->action = "sign-in";
      r->object_type = "user";
      g_clear_pointer (case_number, g_free);
      *details = g_strdup ("{}");
    }
  else if (kind < 70)
    {
      r->action = "case.open";
      r->object_type = "case";
      *details = g_strdup_printf ("{\"title\":\"Robbery at shop %d\"}", c);
    }
  else if (kind < 400)
    {
      g_autofree char *sha = fake_sha256 (rand);

      r->action = "evidence.import";
      r->object_type = "evidence";
      *object_id = g_strdup_printf ("%" G_GUINT64_FORMAT, i);
      *details = g_strdup_printf ("{\"sha256\":\"%s\",\"size\":%d,\"kind\":\"still\","
                                  "\"original_name\":\"IMG_%04d.jpg\",\"source\":"
                                  "\"/srv/evidence/incoming/%05d/IMG_%04d.jpg\"}",
                                  sha, g_rand_int_range (rand, 40000, 4000000), (int) (i % 10000), c,
                                  (int) (i % 10000));
      if (kind < 75)
        r->outcome = "failed";
    }
  else if (kind < 520)
    {
      r->action = "evidence.analyze";
      r->object_type = "evidence";
      *object_id = g_strdup_printf ("%" G_GUINT64_FORMAT, i - 1);
      *details = g_strdup_printf ("{\"faces\":%d,\"model\":\"arcface-r100\"}", g_rand_int_range (rand, 0, 6));
    }
  else if (kind < 600)
    {
      r->action = "search";
      r->object_type = "search";
      *object_id = g_strdup_printf ("%" G_GUINT64_FORMAT, i);
      *details = g_strdup_printf ("{\"offense\":\"%s\",\"legal_basis\":\"Warrant W-2026-%04d\","
                                  "\"purpose\":\"suspect\",\"facts\":\"The person on the shop camera "
                                  "took the till at 21:40 and left on foot.\",\"gallery\":\"county\","
                                  "\"probe_face_id\":%d,\"candidates\":%d}",
                                  offenses[c % G_N_ELEMENTS (offenses)], c % 10000, (int) (i % 100000),
                                  g_rand_int_range (rand, 0, 20));
    }
  else if (kind < 750)
    {
      r->action = "candidate.decide";
      r->object_type = "candidate";
      *object_id = g_strdup_printf ("%" G_GUINT64_FORMAT, i);
      *details = g_strdup_printf ("{\"decision\":\"%s\",\"stage\":\"first\",\"rationale\":"
                                  "\"Compared ears, hairline and the scar above the left eye.\"}",
                                  decisions[g_rand_int_range (rand, 0, 3)]);
    }
  else if (kind < 970)
    {
      r->action = kind < 850 ? "case.list" : "evidence.list";
      r->object_type = "case";
      if (kind < 850)
        g_clear_pointer (case_number, g_free);
      *details = g_strdup ("{}");
    }
  else
    {
      r->action = kind < 985 ? "audit.verify" : "search";
      r->object_type = kind < 985 ? "audit" : "search";
      r->outcome = "refused";
      *details = g_strdup (kind < 985
                           ? "{\"reason\":\"the investigator role may not read the audit log\","
                             "\"role\":\"investigator\"}"
                           : "{\"reason\":\"the articulable facts are 12 characters long; the policy "
                             "asks for at least 30\",\"role\":\"investigator\"}");
    }
}

static void
person_free (Person *p)
{
  g_free (p->name);
  g_free (p);
}

/* The supervisor and the investigators, who write the rows. */
static GPtrArray *
make_people (SlEngine  *engine,
             GError   **error)
{
  g_autoptr(SlSession) admin = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);

  if (!(admin = sl_engine_sign_in (engine, "bench-admin", SL_AUDIT_QUERY_BENCH_PASSWORD, error)) ||
      !sl_engine_user_add (engine, admin, "bench-sup", "Benchmark supervisor", SL_ROLE_SUPERVISOR,
                           SL_AUDIT_QUERY_BENCH_PASSWORD, error))
    return NULL;
  for (guint i = 1; i <= N_INVESTIGATORS; i++)
    {
      g_autofree char *name = g_strdup_printf ("inv%02u", i);
      g_autofree char *display = g_strdup_printf ("Investigator %u", i);

      if (!sl_engine_user_add (engine, admin, name, display, SL_ROLE_INVESTIGATOR,
                               SL_AUDIT_QUERY_BENCH_PASSWORD, error))
        return NULL;
    }
  if (!(users = sl_engine_user_list (engine, admin, error)))
    return NULL;
  for (guint i = 0; i < users->len; i++)
    {
      SlUser *u = g_ptr_array_index (users, i);
      Person *p;

      if (u->role == SL_ROLE_ADMIN)
        continue;
      p = g_new0 (Person, 1);
      p->id = u->id;
      p->name = g_strdup (u->username);
      g_ptr_array_add (people, p);
    }
  return g_steal_pointer (&people);
}

static gboolean
time_query (SlEngine             *engine,
            SlSession            *session,
            const char           *name,
            const SlAuditFilter  *filter,
            SlAuditQueryBenchResult *result,
            GError              **error)
{
  g_autoptr(SlAuditMatches) m = NULL;
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  SlAuditQueryTiming *t;
  gint64 t0 = g_get_monotonic_time ();

  g_assert (result->n_filters < G_N_ELEMENTS (result->filters));
  if (!(m = sl_engine_audit_query (engine, session, filter, NULL, error)))
    return FALSE;
  t = &result->filters[result->n_filters++];
  t->seconds = (g_get_monotonic_time () - t0) / 1e6;
  t->name = name;
  t->matches = m->seqs->len;
  sl_audit_filter_to_json (filter, o);
  json_node_set_object (node, o);
  t->describe = json_to_string (node, FALSE);
  return TRUE;
}

static void
on_rows (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* What a list view waits for when scrolled far: a page fetched in a
 * worker, which opens a connection of its own. */
static gboolean
time_async_pages (SlEngine      *engine,
                  SlSession     *session,
                  GArray        *seqs,
                  double        *seconds,
                  GError       **error)
{
  guint n = MIN (PAGE, seqs->len);
  gint64 t0 = g_get_monotonic_time ();

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      guint start = (seqs->len - n) / 20 * i;

      sl_engine_audit_rows_async (engine, session, &g_array_index (seqs, gint64, start), n, NULL, on_rows,
                                  &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      if (!(rows = sl_engine_audit_rows_finish (engine, result, error)))
        return FALSE;
    }
  *seconds = (g_get_monotonic_time () - t0) / 1e6 / 20;
  return TRUE;
}

/* public API */

void
sl_audit_query_bench_result_clear (SlAuditQueryBenchResult *result)
{
  for (guint i = 0; i < result->n_filters; i++)
    g_clear_pointer (&result->filters[i].describe, g_free);
}

gboolean
sl_audit_query_bench_fill (const char           *db_path,
                           guint64               rows,
                           SlAuditProgressFunc   progress,
                           gpointer              progress_data,
                           GError              **error)
{
  g_autoptr(SlEngine) engine = sl_engine_new (db_path);
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start = g_date_time_add_days (now, -365);
  SlStore *store;
  GBytes *key;
  GTimeSpan step;

  if (!sl_engine_init_database (engine, "bench-admin", "Benchmark admin", SL_AUDIT_QUERY_BENCH_PASSWORD,
                                NULL, error) ||
      !(people = make_people (engine, error)))
    return FALSE;
  store = sl_engine_get_store (engine);
  key = sl_engine_get_audit_key (engine);
  step = rows > 0 ? 365 * G_TIME_SPAN_DAY / (GTimeSpan) rows : 0;

  for (guint64 i = 0; i < rows;)
    {
      if (!sl_store_begin (store, error))
        return FALSE;
      for (guint k = 0; k < ROWS_PER_COMMIT && i < rows; k++, i++)
        {
          g_autoptr(GDateTime) t = g_date_time_add (start, step * (GTimeSpan) i);
          g_autofree char *time = sl_store_format_time (t);
          g_autofree char *case_number = NULL;
          g_autofree char *object_id = NULL;
          g_autofree char *details = NULL;
          Person *who = g_ptr_array_index (people, g_rand_int_range (rand, 0, people->len));
          SlAuditRecord r = { 0 };

          draw_row (rand, i, &r, &case_number, &object_id, &details);
          r.time = time;
          r.actor_id = who->id;
          r.actor = who->name;
          r.case_number = case_number;
          r.object_id = object_id;
          r.details = details;
          if (!sl_audit_append (store, key, &r, NULL, NULL, error))
            {
              sl_store_rollback (store);
              return FALSE;
            }
        }
      if (!sl_engine_commit (store, error))
        return FALSE;
      if (progress != NULL)
        progress (i, rows, progress_data);
    }
  return TRUE;
}

gboolean
sl_audit_query_bench (const char               *db_path,
                      guint64                   rows,
                      SlAuditProgressFunc       progress,
                      gpointer                  progress_data,
                      SlAuditQueryBenchResult  *result,
                      GError                  **error)
{
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) sup = NULL;
  g_autoptr(SlAuditMatches) all = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) middle = NULL;
  g_autoptr(SlAuditStats) stats = NULL;
  g_autoptr(GFile) null = g_file_new_for_path ("/dev/null");
  g_autoptr(GFileOutputStream) out = NULL;
  SlAuditFilter f;
  gint64 t0, t1;
  GStatBuf st;

  memset (result, 0, sizeof *result);
  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      t0 = g_get_monotonic_time ();
      if (!sl_audit_query_bench_fill (db_path, rows, progress, progress_data, error))
        return FALSE;
      result->fill_s = (g_get_monotonic_time () - t0) / 1e6;
      result->filled = TRUE;
    }

  engine = sl_engine_new (db_path);
  if (!sl_engine_open (engine, error) ||
      !(sup = sl_engine_sign_in (engine, "bench-sup", SL_AUDIT_QUERY_BENCH_PASSWORD, error)))
    return FALSE;

  /* Opening the review: every row matches; the first page is shown. */
  t0 = g_get_monotonic_time ();
  if (!(all = sl_engine_audit_query (engine, sup, NULL, NULL, error)))
    return FALSE;
  t1 = g_get_monotonic_time ();
  if (!(page = sl_engine_audit_rows (engine, sup, (const gint64 *) all->seqs->data,
                                     MIN (PAGE, all->seqs->len), error)))
    return FALSE;
  result->open_query_s = (t1 - t0) / 1e6;
  result->open_page_s = (g_get_monotonic_time () - t1) / 1e6;
  result->open_s = result->open_query_s + result->open_page_s;
  result->open_matches = all->seqs->len;
  result->rows = all->seqs->len;

  if (!time_async_pages (engine, sup, all->seqs, &result->page_async_s, error))
    return FALSE;

  /* A time range of a week from the middle row on. */
  if (all->seqs->len == 0 ||
      !(middle = sl_engine_audit_rows (engine, sup, &g_array_index (all->seqs, gint64, all->seqs->len / 2),
                                       1, error)))
    return all->seqs->len == 0 ? TRUE : FALSE;

  memset (&f, 0, sizeof f);
  f.actor = "inv07";
  if (!time_query (engine, sup, "user", &f, result, error))
    return FALSE;
  memset (&f, 0, sizeof f);
  f.action = "search";
  if (!time_query (engine, sup, "action", &f, result, error))
    return FALSE;
  memset (&f, 0, sizeof f);
  f.outcome = "refused";
  if (!time_query (engine, sup, "outcome", &f, result, error))
    return FALSE;
  memset (&f, 0, sizeof f);
  f.case_number = "2026-01234";
  if (!time_query (engine, sup, "case", &f, result, error))
    return FALSE;
  {
    const SlAuditRecord *m = g_ptr_array_index (middle, 0);
    g_autoptr(GDateTime) from = g_date_time_new_from_iso8601 (m->time, NULL);
    g_autoptr(GDateTime) to = from != NULL ? g_date_time_add_days (from, 7) : NULL;
    g_autofree char *to_text = to != NULL ? sl_store_format_time (to) : NULL;

    memset (&f, 0, sizeof f);
    f.time_from = (char *) m->time;
    f.time_to = to_text;
    if (!time_query (engine, sup, "time", &f, result, error))
      return FALSE;
  }
  memset (&f, 0, sizeof f);
  f.text = "w-2026-0123";
  if (!time_query (engine, sup, "text", &f, result, error))
    return FALSE;
  memset (&f, 0, sizeof f);
  f.actor = "inv07";
  f.text = "robbery";
  if (!time_query (engine, sup, "user+text", &f, result, error))
    return FALSE;

  t0 = g_get_monotonic_time ();
  if (!(stats = sl_engine_audit_stats (engine, sup, NULL, NULL, error)))
    return FALSE;
  result->stats_s = (g_get_monotonic_time () - t0) / 1e6;

  memset (&f, 0, sizeof f);
  f.actor = "inv07";
  if (!(out = g_file_append_to (null, G_FILE_CREATE_NONE, NULL, error)))
    return FALSE;
  t0 = g_get_monotonic_time ();
  if (!sl_engine_audit_export_filtered (engine, sup, &f, SL_AUDIT_FORMAT_CSV, G_OUTPUT_STREAM (out), NULL,
                                        NULL, error))
    return FALSE;
  result->export_s = (g_get_monotonic_time () - t0) / 1e6;

  if (g_stat (db_path, &st) == 0)
    result->db_bytes = (guint64) st.st_size;
  return TRUE;
}
