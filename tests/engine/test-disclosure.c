/* test-disclosure.c: the disclosure package of a case, written by the real
 * sightline-cli from a real database: every search (one that found nobody
 * too) with every candidate, decisions and outcomes in the JSON; the
 * package checks with `audit verify-excerpt` without the database, fails
 * when one byte of any file changes, and fails on a changed row even with
 * its manifest digest brought up to date; a keyed chain says what it cannot
 * check without the key and checks it with the key.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sl-test-search.h"

typedef struct
{
  SlTestDb *db;
  gint64    lead;
  guint     shown;          /* candidates of the first search */
  guint     second_shown;   /* candidates of the second */
} Fixture;

/* helpers */

static void
fixture_free (Fixture *f)
{
  sl_test_db_free (f->db);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

/* Case C-1: a search with three candidates shown, the first a confirmed
 * lead with an outcome; a second search, of someone not in the gallery,
 * with the policy's threshold. */
static Fixture *
fixture_new (gboolean keyed)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 7);
  g_autoptr(GPtrArray) enrolled = g_ptr_array_new ();
  g_autofree char *photo = NULL;
  g_autofree char *stranger = NULL;
  g_autoptr(SlEnrolSummary) s = NULL;
  g_autoptr(SlSearchResult) r = NULL;
  g_autoptr(SlSearchResult) nobody = NULL;
  g_autoptr(GError) error = NULL;
  SlSearchRequest request;
  SlDecideResult d;
  gint64 face;

  for (guint i = 0; i < 6; i++)
    g_ptr_array_add (enrolled, g_ptr_array_index (ids, i));
  f->db = sl_test_db_new (keyed);
  photo = sl_test_lfw_image (g_ptr_array_index (ids, 0), 2);
  stranger = sl_test_lfw_image (g_ptr_array_index (ids, 6), 0);
  s = sl_test_enrol_lfw (f->db, enrolled, 1);
  face = sl_test_db_probe_face (f->db, "C-1", photo);
  r = sl_test_search_shown_by (f->db, sl_test_db_searcher (f->db), "C-1", face, 3, NULL);
  f->shown = r->candidates->len;
  f->lead = ((SlSearchCandidate *) g_ptr_array_index (r->candidates, 0))->candidate_id;
  ck_assert (sl_engine_decide (f->db->engine, f->db->investigator, f->lead, "possible-lead",
                               "Ears, nose and hairline agree with the probe", &d, &error));
  ck_assert (sl_engine_decide (f->db->engine, f->db->supervisor, f->lead, "possible-lead",
                               "Independently compared: the same features", &d, &error));
  ck_assert (sl_engine_outcome_record (f->db->engine, f->db->investigator, f->lead, "corroborated",
                                       "Bank card records place him at the shop", NULL, &error));

  face = sl_test_db_probe_face (f->db, "C-1", stranger);
  sl_test_request_init (&request, "C-1", face, "county");
  nobody = sl_engine_search (f->db->engine, f->db->investigator, &request, NULL, &error);
  ck_assert_msg (nobody != NULL, "%s", error ? error->message : "");
  f->second_shown = nobody->candidates->len;
  return f;
}

static void
write_package (Fixture    *f,
               const char *dir)
{
  g_auto(SlTestRun) run = { 0 };

  sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "report", "disclosure",
               "--case", "C-1", "--out", dir, NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
}

/* `audit verify-excerpt DIR` with no database at all: its exit status,
 * and its JSON in *out. */
static int
verify_excerpt (const char  *dir,
                const char  *key,
                JsonNode   **out)
{
  g_auto(SlTestRun) run = { 0 };
  g_autofree char *no_db = g_build_filename (dir, "..", "no-such.db", NULL);

  if (key != NULL)
    sl_test_cli (&run, no_db, NULL, "--json", "audit", "verify-excerpt", dir, "--audit-key", key, NULL);
  else
    sl_test_cli (&run, no_db, NULL, "--json", "audit", "verify-excerpt", dir, NULL);
  ck_assert_msg (!g_file_test (no_db, G_FILE_TEST_EXISTS), "verify-excerpt made a database");
  if (out != NULL && run.status <= 1)
    *out = sl_test_parse_json (run.out);
  return run.status;
}

static void
copy_package (const char *from,
              const char *to)
{
  static const char *names[] = { "MANIFEST", "audit-excerpt.json", "disclosure.json", "disclosure.pdf" };

  ck_assert_int_eq (g_mkdir (to, 0700), 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *a = g_build_filename (from, names[i], NULL);
      g_autofree char *b = g_build_filename (to, names[i], NULL);
      g_autofree char *data = NULL;
      gsize len;

      ck_assert (g_file_get_contents (a, &data, &len, NULL));
      ck_assert (g_file_set_contents (b, data, len, NULL));
    }
}

static char *
read_text (const char *path)
{
  g_autofree char *data = NULL;

  ck_assert_msg (g_file_get_contents (path, &data, NULL, NULL), "cannot read %s", path);
  return g_steal_pointer (&data);
}

/* tests */

START_TEST (test_disclosure_package)
{
  g_autoptr(Fixture) f = fixture_new (FALSE);
  g_autofree char *dir = g_build_filename (f->db->dir, "disclosure-C-1", NULL);
  g_autofree char *json_path = g_build_filename (dir, "disclosure.json", NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) verdict = NULL;
  g_auto(SlTestRun) run = { 0 };
  JsonArray *searches;
  JsonObject *first, *lead;
  guint n_changed = 0;

  write_package (f, dir);
  {
    g_autofree char *json = read_text (json_path);
    node = json_from_string (json, NULL);
  }
  ck_assert_ptr_nonnull (node);
  searches = json_object_get_array_member (json_node_get_object (node), "searches");
  ck_assert_uint_eq (json_array_get_length (searches), 2);
  first = json_array_get_object_element (searches, 0);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (first, "candidates")), f->shown);
  ck_assert_uint_eq (json_array_get_length (json_object_get_array_member (
                       json_array_get_object_element (searches, 1), "candidates")), f->second_shown);
  ck_assert_int_eq (json_object_get_int_member (json_object_get_object_member (first, "gallery"), "faces"), 6);
  ck_assert_int_eq (strlen (json_object_get_string_member (json_object_get_object_member (first, "model"),
                                                           "sha256")), 64);
  ck_assert (json_object_get_double_member (first, "threshold") > 0);
  ck_assert (json_object_has_member (first, "calibration"));
  ck_assert_str_eq (json_object_get_string_member (json_object_get_object_member (first, "justification"),
                                                   "facts"), SL_TEST_FACTS);
  lead = json_array_get_object_element (json_object_get_array_member (first, "candidates"), 0);
  ck_assert_str_eq (json_object_get_string_member (lead, "status"), "confirmed-lead");
  ck_assert_str_eq (json_object_get_string_member (json_object_get_object_member (lead, "second"), "rationale"),
                    "Independently compared: the same features");
  ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (
                      json_object_get_array_member (lead, "outcomes"), 0), "outcome"), "corroborated");
  ck_assert_int_eq (sl_test_count (f->db, "SELECT count(*) FROM audit WHERE action = 'report.disclosure' "
                                          "AND outcome = 'success' AND case_number = 'C-1'"), 1);

  /* It checks without the database, every row recomputed. */
  ck_assert_int_eq (verify_excerpt (dir, NULL, &verdict), 0);
  ck_assert (json_object_get_boolean_member (json_node_get_object (verdict), "intact"));
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (verdict), "recomputed"),
                    sl_test_count (f->db, "SELECT count(*) FROM audit WHERE case_number = 'C-1' AND seq <= "
                                          "(SELECT max (seq) FROM audit WHERE action = 'report.disclosure')"));
  ck_assert_int_ge (json_object_get_int_member (json_node_get_object (verdict), "links"), 1);
  /* Whoever has the database finds its head in the chain. */
  sl_test_cli (&run, f->db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "verify", "--against", dir,
               NULL);
  ck_assert_msg (run.status == 0, "%s%s", run.out, run.err);

  /* One byte changed anywhere fails it: each file, at many places. */
  {
    static const char *names[] = { "MANIFEST", "audit-excerpt.json", "disclosure.json", "disclosure.pdf" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      for (guint k = 1; k <= 7; k++)
        {
          g_autofree char *name = g_strdup_printf ("changed-%u-%u", i, k);
          g_autofree char *copy = g_build_filename (f->db->dir, name, NULL);
          g_autofree char *path = g_build_filename (copy, names[i], NULL);
          g_autofree char *data = NULL;
          gsize len;

          copy_package (dir, copy);
          ck_assert (g_file_get_contents (path, &data, &len, NULL));
          data[len * k / 8] ^= 0x01;
          ck_assert (g_file_set_contents (path, data, len, NULL));
          ck_assert_msg (verify_excerpt (copy, NULL, NULL) != 0, "%s changed at %zu passed", names[i],
                         len * k / 8);
          n_changed++;
        }
  }
  ck_assert_uint_eq (n_changed, 28);

  /* A changed row with its digest brought up to date still fails: its
   * hash no longer recomputes. */
  {
    g_autofree char *copy = g_build_filename (f->db->dir, "rewritten", NULL);
    g_autofree char *excerpt = g_build_filename (copy, "audit-excerpt.json", NULL);
    g_autofree char *manifest = g_build_filename (copy, "MANIFEST", NULL);
    g_autofree char *data = NULL;
    g_autofree char *old_sha = NULL;
    g_autofree char *new_sha = NULL;
    g_autofree char *text = NULL;
    g_autoptr(GString) m = NULL;
    g_autoptr(JsonNode) again = NULL;
    char *at;

    copy_package (dir, copy);
    data = read_text (excerpt);
    old_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data, -1);
    ck_assert_ptr_nonnull (at = strstr (data, "possible-lead"));
    memcpy (at, "excluded-xxxx", strlen ("possible-lead"));
    ck_assert (g_file_set_contents (excerpt, data, -1, NULL));
    new_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data, -1);
    text = read_text (manifest);
    m = g_string_new (text);
    g_string_replace (m, old_sha, new_sha, 1);
    ck_assert (g_file_set_contents (manifest, m->str, -1, NULL));
    ck_assert_int_eq (verify_excerpt (copy, NULL, &again), 1);
    ck_assert (strstr (json_to_string (again, FALSE), "does not match its hash") != NULL);
  }

  /* Written into a new folder only; administrators do not write reports. */
  sl_test_cli (&run, f->db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "report", "disclosure",
               "--case", "C-1", "--out", dir, NULL);
  ck_assert_int_eq (run.status, 1);
  {
    g_autofree char *other = g_build_filename (f->db->dir, "by-admin", NULL);

    sl_test_cli (&run, f->db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "report", "disclosure",
                 "--case", "C-1", "--out", other, NULL);
    ck_assert_int_eq (run.status, 3);
    ck_assert (!g_file_test (other, G_FILE_TEST_EXISTS));
  }
  /* Not a package at all: bad input. */
  ck_assert_int_eq (verify_excerpt (f->db->dir, NULL, NULL), 4);
  sl_test_assert_intact (f->db);
}
END_TEST

START_TEST (test_disclosure_keyed)
{
  g_autoptr(Fixture) f = fixture_new (TRUE);
  g_autofree char *dir = g_build_filename (f->db->dir, "disclosure-C-1", NULL);
  g_autoptr(JsonNode) without = NULL;
  g_autoptr(JsonNode) with = NULL;
  g_autofree char *notes = NULL;
  JsonObject *o;

  write_package (f, dir);
  /* Without the key: consistent, and it says plainly what it could not
   * check. */
  ck_assert_int_eq (verify_excerpt (dir, NULL, &without), 0);
  o = json_node_get_object (without);
  ck_assert (json_object_get_boolean_member (o, "hashes_unchecked_without_key"));
  ck_assert_int_eq (json_object_get_int_member (o, "recomputed"), 0);
  ck_assert_str_eq (json_object_get_string_member (o, "mode"), "hmac-sha256");
  notes = json_to_string (json_object_get_member (o, "notes"), FALSE);
  ck_assert_msg (strstr (notes, "Without the key no row's hash can be recomputed") != NULL, "%s", notes);
  /* With it: every row recomputed. */
  ck_assert_int_eq (verify_excerpt (dir, f->db->key, &with), 0);
  o = json_node_get_object (with);
  ck_assert (!json_object_get_boolean_member (o, "hashes_unchecked_without_key"));
  ck_assert_int_eq (json_object_get_int_member (o, "recomputed"), json_object_get_int_member (o, "rows"));
}
END_TEST

static Suite *
disclosure_suite (void)
{
  Suite *s = suite_create ("disclosure");
  TCase *tc = tcase_create ("disclosure");

  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_disclosure_package);
  tcase_add_test (tc, test_disclosure_keyed);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (disclosure_suite ());
}
