/* test-model-installer.c: the model installer from mirror directories and
 * over https from a real server on 127.0.0.1, and `sightline-cli models`,
 * all with the real model files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <check.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "engine/sightline-engine.h"
#include "sl-test-server.h"
#include "sl-test-store.h"
#include "vision/sl-model-manifest.h"

#define FR           "fr_feature.onnx"
#define FR_SHA256    "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581"
#define YUNET        "face_detection_yunet_2022mar.onnx"
#define YUNET_SHA256 "50ef07f702a31741ca46a4c0d947773b64143b9362780237bf0d427d6c79bab7"

static char *cert_dir;
static char *cert_file;
static char *models;          /* the real models */
static char *tmp;
static char *mirror;          /* a good copy of the real models */
static char *model_dir;       /* where the installer puts them */
static SlModelManifest *manifest;
static GPtrArray *reports;    /* "id|status|source|message" */
static SlTestServer *server_a;
static SlTestServer *server_b;

/* helpers */

static void
setup_certificate (void)
{
  cert_dir = sl_test_make_tmp_dir ("sl-test-cert-XXXXXX");
  cert_file = sl_test_make_certificate (cert_dir);
}

static void
teardown_certificate (void)
{
  sl_test_rm_rf (cert_dir);
  g_clear_pointer (&cert_dir, g_free);
  g_clear_pointer (&cert_file, g_free);
}

/* Copies the model files and their licences, as an air-gapped site's
 * mirror would hold them. */
static char *
make_mirror (const char *name)
{
  g_autoptr(GDir) dir = g_dir_open (models, 0, NULL);
  char *path = g_build_filename (tmp, name, NULL);
  const char *entry;

  ck_assert_ptr_nonnull (dir);
  ck_assert_int_eq (g_mkdir (path, 0755), 0);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (models, entry, NULL);
      g_autofree char *dest = g_build_filename (path, entry, NULL);

      if (g_str_has_suffix (entry, ".onnx") || g_str_has_prefix (entry, "LICENSE"))
        sl_test_copy_file (src, dest);
    }
  return path;
}

static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  models = sl_test_shared_models ();
  tmp = sl_test_make_tmp_dir ("sl-test-installer-XXXXXX");
  mirror = make_mirror ("mirror");
  model_dir = g_build_filename (tmp, "data", "sightline", "models", NULL);
  manifest = sl_model_manifest_load_default (&error);
  ck_assert_msg (manifest != NULL, "%s", error ? error->message : "");
  reports = g_ptr_array_new_with_free_func (g_free);
}

static void
teardown (void)
{
  g_unsetenv ("SIGHTLINE_MODEL_MIRROR");
  g_clear_pointer (&server_a, sl_test_server_stop);
  g_clear_pointer (&server_b, sl_test_server_stop);
  sl_test_rm_rf (tmp);
  g_clear_pointer (&tmp, g_free);
  g_clear_pointer (&mirror, g_free);
  g_clear_pointer (&model_dir, g_free);
  g_clear_pointer (&models, g_free);
  g_clear_pointer (&manifest, sl_model_manifest_unref);
  g_clear_pointer (&reports, g_ptr_array_unref);
}

static void
assert_installed (const char *file,
                  const char *sha256)
{
  g_autofree char *path = g_build_filename (model_dir, file, NULL);
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autofree char *actual = sl_test_sha256_file (path);

  ck_assert_str_eq (actual, sha256);
  ck_assert (!g_file_test (part, G_FILE_TEST_EXISTS));
}

static void
assert_all_installed (void)
{
  for (guint i = 0; i < sl_model_manifest_get_n_models (manifest); i++)
    {
      const SlModelInfo *info = sl_model_manifest_get_model (manifest, i);
      assert_installed (info->file, info->sha256);
    }
}

/* The report that mentions both strings, or NULL. */
static const char *
find_report (const char *a,
             const char *b)
{
  for (guint i = 0; i < reports->len; i++)
    {
      const char *r = g_ptr_array_index (reports, i);
      if (strstr (r, a) != NULL && (b == NULL || strstr (r, b) != NULL))
        return r;
    }
  return NULL;
}

static guint
count_reports (const char *status)
{
  g_autofree char *needle = g_strdup_printf ("|%s|", status);
  guint n = 0;

  for (guint i = 0; i < reports->len; i++)
    if (strstr (g_ptr_array_index (reports, i), needle) != NULL)
      n++;
  return n;
}

/* The real manifest with every model's URLs pointing at the test servers
 * and no npm package. */
static char *
write_https_manifest (void)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;
  char *path = g_build_filename (tmp, "manifest", NULL);

  ck_assert_msg (g_key_file_load_from_file (kf, sl_model_manifest_get_path (manifest),
                                            G_KEY_FILE_KEEP_COMMENTS, &error),
                 "%s", error ? error->message : "");
  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *file = NULL;
      g_autofree char *bad = NULL;
      g_autofree char *good = NULL;

      if (g_str_equal (groups[i], "Manifest"))
        continue;
      file = g_key_file_get_string (kf, groups[i], "file", NULL);
      bad = sl_test_server_url (server_a, file);
      good = sl_test_server_url (server_b, file);
      g_key_file_set_string_list (kf, groups[i], "urls",
                                  (const char * const[]) { bad, good }, 2);
      g_key_file_remove_key (kf, groups[i], "npm-package", NULL);
      g_key_file_remove_key (kf, groups[i], "npm-path", NULL);
    }
  ck_assert (g_key_file_save_to_file (kf, path, NULL));
  return path;
}

/* callbacks */

static void
on_report (const char           *model_id,
           SlModelInstallStatus  status,
           const char           *source,
           const char           *message,
           gpointer              user_data)
{
  g_ptr_array_add (reports, g_strdup_printf ("%s|%s|%s|%s", model_id,
                                             sl_model_install_status_to_string (status),
                                             source ? source : "", message ? message : ""));
}

typedef struct
{
  guint   calls;
  guint64 last_done;
  guint64 last_total;
} Progress;

static void
on_progress (const char *model_id,
             const char *source,
             guint64     done,
             guint64     total,
             gpointer    user_data)
{
  Progress *p = user_data;

  ck_assert_ptr_nonnull (model_id);
  ck_assert_ptr_nonnull (source);
  p->calls++;
  p->last_done = done;
  p->last_total = total;
}

/* tests */

START_TEST (test_install_from_mirror)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *license = g_build_filename (model_dir, "LICENSE.yunet-MIT.txt", NULL);
  Progress p = { 0 };
  SlModelInstallOptions opts = {
    .mirror_dir = mirror,
    .no_default_mirrors = TRUE,
    .progress = on_progress,
    .report = on_report,
    .user_data = &p,
  };

  ck_assert_msg (sl_model_installer_install (manifest, model_dir, &opts, NULL, &error),
                 "%s", error ? error->message : "");
  assert_all_installed ();
  ck_assert (g_file_test (license, G_FILE_TEST_IS_REGULAR));
  ck_assert_uint_eq (count_reports ("installed"), sl_model_manifest_get_n_models (manifest));
  ck_assert_ptr_nonnull (find_report ("fr-feature|installed|", mirror));
  ck_assert_uint_gt (p.calls, 0);
  ck_assert_uint_eq (p.last_done, p.last_total);

  /* A second run finds everything in place and verified. */
  g_ptr_array_set_size (reports, 0);
  ck_assert (sl_model_installer_install (manifest, model_dir, &opts, NULL, &error));
  ck_assert_uint_eq (count_reports ("present"), sl_model_manifest_get_n_models (manifest));
  ck_assert_uint_eq (count_reports ("installed"), 0);
}
END_TEST

START_TEST (test_mirror_wrong_hash_refused)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = make_mirror ("bad-mirror");
  g_autofree char *bad_file = g_build_filename (bad, FR, NULL);
  g_autofree char *installed = g_build_filename (model_dir, FR, NULL);
  g_autofree char *part = g_strconcat (installed, ".part", NULL);
  g_autofree char *actual = NULL;
  const char *only[] = { "fr-feature", NULL };
  SlModelInstallOptions opts = {
    .mirror_dir = bad,
    .no_default_mirrors = TRUE,
    .only = only,
    .report = on_report,
  };

  sl_test_corrupt_file (bad_file);
  actual = sl_test_sha256_file (bad_file);

  ck_assert (!sl_model_installer_install (manifest, model_dir, &opts, NULL, &error));
  ck_assert_msg (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_MODEL),
                 "%s", error->message);
  /* It names the refused file, both hashes, and every other source. */
  ck_assert_ptr_nonnull (strstr (error->message, "fr-feature"));
  ck_assert_ptr_nonnull (strstr (error->message, bad_file));
  ck_assert_ptr_nonnull (strstr (error->message, FR_SHA256));
  ck_assert_ptr_nonnull (strstr (error->message, actual));
  ck_assert_ptr_nonnull (strstr (error->message, "npm package faceplugin-face-recognition-js@0.0.1"));
  ck_assert_ptr_nonnull (strstr (error->message, "network sources are disabled"));
  ck_assert (!g_file_test (installed, G_FILE_TEST_EXISTS));
  ck_assert (!g_file_test (part, G_FILE_TEST_EXISTS));
  ck_assert_uint_eq (count_reports ("failed"), 1);
}
END_TEST

START_TEST (test_mirror_wrong_hash_falls_back)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = make_mirror ("bad-mirror");
  g_autofree char *bad_file = g_build_filename (bad, FR, NULL);
  g_autofree char *actual = NULL;
  const char *only[] = { "fr-feature", NULL };
  SlModelInstallOptions opts = {
    .mirror_dir = bad,
    .only = only,
    .report = on_report,
  };

  sl_test_corrupt_file (bad_file);
  actual = sl_test_sha256_file (bad_file);
  g_setenv ("SIGHTLINE_MODEL_MIRROR", mirror, TRUE);

  ck_assert_msg (sl_model_installer_install (manifest, model_dir, &opts, NULL, &error),
                 "%s", error ? error->message : "");
  assert_installed (FR, FR_SHA256);
  ck_assert_ptr_nonnull (find_report ("fr-feature|source-failed|", actual));
  ck_assert_ptr_nonnull (find_report ("fr-feature|installed|", "$SIGHTLINE_MODEL_MIRROR"));
  ck_assert_ptr_nonnull (find_report ("fr-feature|installed|", mirror));
}
END_TEST

START_TEST (test_tampered_install_replaced)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *installed = g_build_filename (model_dir, YUNET, NULL);
  g_autofree char *good = g_build_filename (mirror, YUNET, NULL);
  const char *only[] = { "yunet-2022mar", NULL };
  SlModelInstallOptions opts = {
    .mirror_dir = mirror,
    .no_default_mirrors = TRUE,
    .only = only,
    .report = on_report,
  };

  ck_assert_int_eq (g_mkdir_with_parents (model_dir, 0755), 0);
  sl_test_copy_file (good, installed);
  sl_test_corrupt_file (installed);

  ck_assert_msg (sl_model_installer_install (manifest, model_dir, &opts, NULL, &error),
                 "%s", error ? error->message : "");
  assert_installed (YUNET, YUNET_SHA256);
  ck_assert_ptr_nonnull (find_report ("yunet-2022mar|source-failed|", YUNET_SHA256));
  ck_assert_ptr_nonnull (find_report ("yunet-2022mar|installed|", mirror));
}
END_TEST

START_TEST (test_install_over_https)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlModelManifest) https_manifest = NULL;
  g_autofree char *log_a = g_build_filename (tmp, "a.log", NULL);
  g_autofree char *log_b = g_build_filename (tmp, "b.log", NULL);
  g_autofree char *path = NULL;
  g_autofree char *bad_url = NULL;
  g_autofree char *good_url = NULL;
  g_auto(GStrv) requests = NULL;
  Progress p = { 0 };
  SlModelInstallOptions opts = {
    .no_default_mirrors = TRUE,
    .allow_https = TRUE,
    .ca_file = cert_file,
    .stall_timeout = 10,
    .progress = on_progress,
    .report = on_report,
    .user_data = &p,
  };

  /* Server A sends every file with a flipped byte, B the real ones. */
  server_a = sl_test_server_start (models, cert_dir, log_a, "--corrupt", NULL);
  server_b = sl_test_server_start (models, cert_dir, log_b, NULL);
  path = write_https_manifest ();
  https_manifest = sl_model_manifest_load (path, &error);
  ck_assert_msg (https_manifest != NULL, "%s", error ? error->message : "");
  g_clear_pointer (&manifest, sl_model_manifest_unref);
  manifest = sl_model_manifest_ref (https_manifest);

  ck_assert_msg (sl_model_installer_install (manifest, model_dir, &opts, NULL, &error),
                 "%s", error ? error->message : "");
  assert_all_installed ();

  bad_url = sl_test_server_url (server_a, FR);
  good_url = sl_test_server_url (server_b, FR);
  ck_assert_ptr_nonnull (find_report ("fr-feature|source-failed|", bad_url));
  ck_assert_ptr_nonnull (find_report (bad_url, "does not match its expected SHA-256"));
  ck_assert_ptr_nonnull (find_report ("fr-feature|installed|", good_url));
  ck_assert_uint_eq (count_reports ("installed"), sl_model_manifest_get_n_models (manifest));
  ck_assert_uint_gt (p.calls, 0);

  requests = sl_test_server_requests (server_b);
  ck_assert_uint_eq (g_strv_length (requests), sl_model_manifest_get_n_models (manifest));
}
END_TEST

START_TEST (test_nothing_available_lists_sources)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = g_build_filename (tmp, "empty", NULL);
  const char *only[] = { "mobilefacenet", NULL };
  SlModelInstallOptions opts = {
    .mirror_dir = empty,
    .no_default_mirrors = TRUE,
    .only = only,
  };

  ck_assert_int_eq (g_mkdir (empty, 0755), 0);
  ck_assert (!sl_model_installer_install (manifest, model_dir, &opts, NULL, &error));
  ck_assert_msg (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_MODEL),
                 "%s", error->message);
  ck_assert_ptr_nonnull (strstr (error->message, empty));
  ck_assert_ptr_nonnull (strstr (error->message, "no file 'mobilefacenet_opset10.onnx'"));
  ck_assert_ptr_nonnull (strstr (error->message, "https://github.com/"));
}
END_TEST

START_TEST (test_unknown_model)
{
  g_autoptr(GError) error = NULL;
  const char *only[] = { "no-such-model", NULL };
  SlModelInstallOptions opts = { .only = only };

  ck_assert (!sl_model_installer_install (manifest, model_dir, &opts, NULL, &error));
  ck_assert_msg (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND),
                 "%s", error->message);
  ck_assert_ptr_nonnull (strstr (error->message, "no-such-model"));
}
END_TEST

typedef struct
{
  GMainLoop *loop;
  GThread   *main_thread;
  gboolean   off_main;
  gboolean   result;
  GError    *error;
} AsyncRun;

static void
on_async_report (const char           *model_id,
                 SlModelInstallStatus  status,
                 const char           *source,
                 const char           *message,
                 gpointer              user_data)
{
  AsyncRun *run = user_data;

  if (g_thread_self () != run->main_thread)
    run->off_main = TRUE;
  on_report (model_id, status, source, message, NULL);
}

static void
on_async_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->result = sl_model_installer_install_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

START_TEST (test_install_async)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncRun run = { .loop = loop, .main_thread = g_thread_self () };
  SlModelInstallOptions opts = {
    .mirror_dir = mirror,
    .no_default_mirrors = TRUE,
    .report = on_async_report,
    .user_data = &run,
  };

  sl_model_installer_install_async (manifest, model_dir, &opts, NULL, on_async_done, &run);
  g_main_loop_run (loop);

  ck_assert_msg (run.result, "%s", run.error ? run.error->message : "");
  assert_all_installed ();
  ck_assert (!run.off_main);
  ck_assert_uint_eq (count_reports ("installed"), sl_model_manifest_get_n_models (manifest));
}
END_TEST

START_TEST (test_cli_verify_tampered)
{
  g_auto(SlTestRun) ok_run = { 0 };
  g_auto(SlTestRun) bad_run = { 0 };
  g_auto(SlTestRun) missing_run = { 0 };
  g_autofree char *fr = g_build_filename (mirror, FR, NULL);
  g_autofree char *fr_display = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *yunet = g_build_filename (mirror, YUNET, NULL);

  sl_test_cli (&ok_run, NULL, NULL, "--model-dir", mirror, "models", "verify", NULL);
  ck_assert_int_eq (ok_run.status, 0);
  ck_assert_ptr_nonnull (strstr (ok_run.out, "fr-feature"));

  sl_test_corrupt_file (fr);
  actual = sl_test_sha256_file (fr);
  fr_display = g_filename_display_name (fr);
  sl_test_cli (&bad_run, NULL, NULL, "--model-dir", mirror, "models", "verify", NULL);
  ck_assert_int_eq (bad_run.status, 1);
  ck_assert_msg (strstr (bad_run.err, fr_display) != NULL, "stderr: %s", bad_run.err);
  ck_assert_msg (strstr (bad_run.err, FR_SHA256) != NULL, "stderr: %s", bad_run.err);
  ck_assert_msg (strstr (bad_run.err, actual) != NULL, "stderr: %s", bad_run.err);

  ck_assert_int_eq (g_unlink (yunet), 0);
  sl_test_cli (&missing_run, NULL, NULL, "--model-dir", mirror, "models", "verify", NULL);
  ck_assert_int_eq (missing_run.status, 1);
  ck_assert_msg (strstr (missing_run.err, "not installed") != NULL, "stderr: %s", missing_run.err);
}
END_TEST

START_TEST (test_cli_list_json)
{
  g_auto(SlTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *fr = g_build_filename (mirror, FR, NULL);
  JsonArray *array;
  guint n_verified = 0;
  guint n_defaults = 0;

  sl_test_corrupt_file (fr);
  sl_test_cli (&run, NULL, NULL, "--json", "--model-dir", mirror, "models", "list", NULL);
  ck_assert_int_eq (run.status, 0);
  ck_assert_msg (json_parser_load_from_data (parser, run.out, -1, &error), "%s", run.out);
  ck_assert (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  array = json_node_get_array (json_parser_get_root (parser));
  ck_assert_uint_eq (json_array_get_length (array), sl_model_manifest_get_n_models (manifest));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      const char *id = json_object_get_string_member (o, "id");
      const SlModelInfo *info = sl_model_manifest_lookup (manifest, id);

      ck_assert_ptr_nonnull (info);
      ck_assert_str_eq (json_object_get_string_member (o, "sha256"), info->sha256);
      ck_assert_str_eq (json_object_get_string_member (o, "file"), info->file);
      ck_assert_int_eq (json_object_get_int_member (o, "size"), (gint64) info->size);
      ck_assert (json_object_get_boolean_member (o, "installed"));
      ck_assert_int_eq (json_object_get_boolean_member (o, "verified"), !g_str_equal (id, "fr-feature"));
      n_verified += json_object_get_boolean_member (o, "verified");
      n_defaults += json_object_get_boolean_member (o, "default");
    }
  ck_assert_uint_eq (n_verified, sl_model_manifest_get_n_models (manifest) - 1);
  ck_assert_uint_eq (n_defaults, 2);
}
END_TEST

START_TEST (test_cli_install_from_mirror)
{
  g_auto(SlTestRun) run = { 0 };
  g_auto(SlTestRun) verify = { 0 };

  sl_test_cli (&run, NULL, NULL, "--model-dir", model_dir, "models", "install",
                             "--mirror", mirror, "--no-network", NULL);
  ck_assert_int_eq (run.status, 0);
  ck_assert_msg (strstr (run.out, "fr-feature: installed") != NULL, "stdout: %s", run.out);
  assert_all_installed ();
  sl_test_cli (&verify, NULL, NULL, "--model-dir", model_dir, "models", "verify", NULL);
  ck_assert_int_eq (verify.status, 0);
}
END_TEST

START_TEST (test_cli_usage_error)
{
  g_auto(SlTestRun) run = { 0 };

  sl_test_cli (&run, NULL, NULL, "models", "frobnicate", NULL);
  ck_assert_int_eq (run.status, 2);
  ck_assert_ptr_nonnull (strstr (run.err, "frobnicate"));
}
END_TEST

/* main */

static Suite *
installer_suite (void)
{
  Suite *s = suite_create ("model-installer");
  TCase *tc = tcase_create ("installer");
  TCase *cli = tcase_create ("cli");

  tcase_add_unchecked_fixture (tc, setup_certificate, teardown_certificate);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 30);
  tcase_add_test (tc, test_install_from_mirror);
  tcase_add_test (tc, test_mirror_wrong_hash_refused);
  tcase_add_test (tc, test_mirror_wrong_hash_falls_back);
  tcase_add_test (tc, test_tampered_install_replaced);
  tcase_add_test (tc, test_install_over_https);
  tcase_add_test (tc, test_nothing_available_lists_sources);
  tcase_add_test (tc, test_unknown_model);
  tcase_add_test (tc, test_install_async);
  suite_add_tcase (s, tc);

  tcase_add_checked_fixture (cli, setup, teardown);
  tcase_set_timeout (cli, 30);
  tcase_add_test (cli, test_cli_verify_tampered);
  tcase_add_test (cli, test_cli_list_json);
  tcase_add_test (cli, test_cli_install_from_mirror);
  tcase_add_test (cli, test_cli_usage_error);
  suite_add_tcase (s, cli);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (installer_suite ());
}
