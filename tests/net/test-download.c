/* test-download.c: sl_download_file against a real https server on
 * 127.0.0.1 (tests/lib/https-server.py) serving the real model files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <check.h>
#include <glib/gstdio.h>

#include "net/sl-download.h"
#include "sl-test-server.h"

#define YUNET        "face_detection_yunet_2022mar.onnx"
#define YUNET_SHA256 "50ef07f702a31741ca46a4c0d947773b64143b9362780237bf0d427d6c79bab7"
#define YUNET_SIZE   345478
#define FR           "fr_feature.onnx"
#define FR_SHA256    "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581"
#define FR_SIZE      4884269

static char *cert_dir;      /* per test case, made in the parent */
static char *cert_file;
static char *models;        /* the real models: what the server serves */
static char *tmp;           /* per test */
static char *dest;
static char *part;
static char *log_path;
static SlTestServer *server;

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

static void
setup (void)
{
  models = sl_test_shared_models ();
  tmp = sl_test_make_tmp_dir ("sl-test-download-XXXXXX");
  dest = g_build_filename (tmp, "model.onnx", NULL);
  part = g_strconcat (dest, ".part", NULL);
  log_path = g_build_filename (tmp, "requests.log", NULL);
}

static void
teardown (void)
{
  g_clear_pointer (&server, sl_test_server_stop);
  sl_test_rm_rf (tmp);
  g_clear_pointer (&tmp, g_free);
  g_clear_pointer (&dest, g_free);
  g_clear_pointer (&part, g_free);
  g_clear_pointer (&log_path, g_free);
  g_clear_pointer (&models, g_free);
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  ck_assert_msg (g_stat (path, &st) == 0, "%s does not exist", path);
  return (guint64) st.st_size;
}

static SlDownloadOptions
yunet_options (void)
{
  SlDownloadOptions opts = {
    .sha256 = YUNET_SHA256,
    .size = YUNET_SIZE,
    .ca_file = cert_file,
    .connect_timeout = 5,
    .stall_timeout = 10,
  };
  return opts;
}

static void
write_prefix (const char *src,
              gsize       length)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  ck_assert (g_file_get_contents (src, &contents, &len, NULL));
  ck_assert_uint_le (length, len);
  ck_assert (g_file_set_contents (part, contents, (gssize) length, NULL));
}

/* callbacks */

typedef struct
{
  guint    calls;
  guint64  last_done;
  guint64  last_total;
  gboolean backwards;
} Progress;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;

  if (done < p->last_done)
    p->backwards = TRUE;
  p->calls++;
  p->last_done = done;
  p->last_total = total;
}

static void
cancel_on_first_bytes (guint64  done,
                       guint64  total,
                       gpointer user_data)
{
  if (done > 0)
    g_cancellable_cancel (user_data);
}

/* tests */

START_TEST (test_https_download_verified)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *actual = NULL;
  g_auto(GStrv) requests = NULL;
  SlDownloadOptions opts = yunet_options ();
  Progress p = { 0 };

  server = sl_test_server_start (models, cert_dir, log_path, NULL);
  url = sl_test_server_url (server, YUNET);
  opts.progress = on_progress;
  opts.progress_data = &p;

  ck_assert_msg (sl_download_file (url, dest, &opts, NULL, &error), "%s", error ? error->message : "");
  actual = sl_test_sha256_file (dest);
  ck_assert_str_eq (actual, YUNET_SHA256);
  ck_assert (!g_file_test (part, G_FILE_TEST_EXISTS));
  ck_assert_uint_gt (p.calls, 0);
  ck_assert_uint_eq (p.last_done, YUNET_SIZE);
  ck_assert_uint_eq (p.last_total, YUNET_SIZE);
  ck_assert (!p.backwards);

  requests = sl_test_server_requests (server);
  ck_assert_uint_eq (g_strv_length (requests), 1);
  ck_assert_str_eq (requests[0], "GET /" YUNET " -");
}
END_TEST

START_TEST (test_untrusted_certificate_refused)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  SlDownloadOptions opts = yunet_options ();

  server = sl_test_server_start (models, cert_dir, log_path, NULL);
  url = sl_test_server_url (server, YUNET);
  opts.ca_file = NULL;   /* the system's CAs do not know our certificate */

  ck_assert (!sl_download_file (url, dest, &opts, NULL, &error));
  ck_assert_msg (g_error_matches (error, SL_NET_ERROR, SL_NET_ERROR_TLS), "%s", error->message);
  ck_assert_ptr_nonnull (strstr (error->message, url));
  ck_assert (!g_file_test (dest, G_FILE_TEST_EXISTS));
  ck_assert (!g_file_test (part, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_wrong_hash_refused)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *yunet = g_build_filename (models, YUNET, NULL);
  g_autofree char *corrupt = g_build_filename (tmp, "corrupt.onnx", NULL);
  g_autofree char *actual = NULL;
  SlDownloadOptions opts = yunet_options ();

  /* The hash the corrupting server's bytes really have. */
  sl_test_copy_file (yunet, corrupt);
  sl_test_corrupt_file (corrupt);
  actual = sl_test_sha256_file (corrupt);

  server = sl_test_server_start (models, cert_dir, log_path, "--corrupt", NULL);
  url = sl_test_server_url (server, YUNET);

  ck_assert (!sl_download_file (url, dest, &opts, NULL, &error));
  ck_assert_msg (g_error_matches (error, SL_NET_ERROR, SL_NET_ERROR_HASH_MISMATCH), "%s", error->message);
  ck_assert_ptr_nonnull (strstr (error->message, url));
  ck_assert_ptr_nonnull (strstr (error->message, YUNET_SHA256));
  ck_assert_ptr_nonnull (strstr (error->message, actual));
  ck_assert (!g_file_test (dest, G_FILE_TEST_EXISTS));
  ck_assert (!g_file_test (part, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_interrupted_then_resumed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *actual = NULL;
  g_auto(GStrv) requests = NULL;
  SlDownloadOptions opts = {
    .sha256 = FR_SHA256,
    .size = FR_SIZE,
    .ca_file = cert_file,
    .stall_timeout = 10,
  };
  Progress p = { 0 };

  /* Requests without a Range header are cut after 1 MB. */
  server = sl_test_server_start (models, cert_dir, log_path, "--cut-after", "1000000", NULL);
  url = sl_test_server_url (server, FR);

  ck_assert (!sl_download_file (url, dest, &opts, NULL, &error));
  ck_assert_msg (g_error_matches (error, SL_NET_ERROR, SL_NET_ERROR_FAILED), "%s", error->message);
  ck_assert_ptr_nonnull (strstr (error->message, "resume"));
  ck_assert (!g_file_test (dest, G_FILE_TEST_EXISTS));
  ck_assert_uint_eq (file_size (part), 1000000);
  g_clear_error (&error);

  opts.progress = on_progress;
  opts.progress_data = &p;
  ck_assert_msg (sl_download_file (url, dest, &opts, NULL, &error), "%s", error ? error->message : "");
  actual = sl_test_sha256_file (dest);
  ck_assert_str_eq (actual, FR_SHA256);
  ck_assert (!g_file_test (part, G_FILE_TEST_EXISTS));
  /* Progress counts the resumed prefix as done. */
  ck_assert_uint_eq (p.last_done, FR_SIZE);
  ck_assert_uint_eq (p.last_total, FR_SIZE);

  requests = sl_test_server_requests (server);
  ck_assert_uint_eq (g_strv_length (requests), 2);
  ck_assert_str_eq (requests[0], "GET /" FR " -");
  ck_assert_str_eq (requests[1], "GET /" FR " bytes=1000000-");
}
END_TEST

START_TEST (test_resume_ignored_starts_over)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *yunet = g_build_filename (models, YUNET, NULL);
  g_autofree char *actual = NULL;
  g_auto(GStrv) requests = NULL;
  SlDownloadOptions opts = yunet_options ();

  write_prefix (yunet, 1000);
  server = sl_test_server_start (models, cert_dir, log_path, "--ignore-range", NULL);
  url = sl_test_server_url (server, YUNET);

  ck_assert_msg (sl_download_file (url, dest, &opts, NULL, &error), "%s", error ? error->message : "");
  actual = sl_test_sha256_file (dest);
  ck_assert_str_eq (actual, YUNET_SHA256);

  /* The server answered 200 to the range; the whole file came again. */
  requests = sl_test_server_requests (server);
  ck_assert_uint_eq (g_strv_length (requests), 2);
  ck_assert_str_eq (requests[0], "GET /" YUNET " bytes=1000-");
  ck_assert_str_eq (requests[1], "GET /" YUNET " -");
}
END_TEST

START_TEST (test_complete_part_answered_416)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *yunet = g_build_filename (models, YUNET, NULL);
  g_autofree char *actual = NULL;
  g_auto(GStrv) requests = NULL;
  SlDownloadOptions opts = yunet_options ();

  /* Without the size the .part could be short: ask for the rest. */
  opts.size = 0;
  write_prefix (yunet, YUNET_SIZE);
  server = sl_test_server_start (models, cert_dir, log_path, NULL);
  url = sl_test_server_url (server, YUNET);

  ck_assert_msg (sl_download_file (url, dest, &opts, NULL, &error), "%s", error ? error->message : "");
  actual = sl_test_sha256_file (dest);
  ck_assert_str_eq (actual, YUNET_SHA256);
  requests = sl_test_server_requests (server);
  ck_assert_uint_eq (g_strv_length (requests), 1);
  ck_assert_str_eq (requests[0], "GET /" YUNET " bytes=" G_STRINGIFY (YUNET_SIZE) "-");
}
END_TEST

START_TEST (test_resumed_prefix_is_hashed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  SlDownloadOptions opts = yunet_options ();

  /* A .part that is not a prefix of the file: the tail that comes back
   * is right, the whole is not. */
  ck_assert (g_file_set_contents (part, "not the beginning of the model", -1, NULL));
  server = sl_test_server_start (models, cert_dir, log_path, NULL);
  url = sl_test_server_url (server, YUNET);

  ck_assert (!sl_download_file (url, dest, &opts, NULL, &error));
  ck_assert_msg (g_error_matches (error, SL_NET_ERROR, SL_NET_ERROR_HASH_MISMATCH), "%s", error->message);
  ck_assert (!g_file_test (dest, G_FILE_TEST_EXISTS));
  ck_assert (!g_file_test (part, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_cancel_from_progress)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = NULL;
  SlDownloadOptions opts = {
    .sha256 = FR_SHA256,
    .size = FR_SIZE,
    .ca_file = cert_file,
    .progress = cancel_on_first_bytes,
    .progress_data = cancellable,
  };

  server = sl_test_server_start (models, cert_dir, log_path, NULL);
  url = sl_test_server_url (server, FR);

  ck_assert (!sl_download_file (url, dest, &opts, cancellable, &error));
  ck_assert_msg (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED), "%s", error->message);
  ck_assert (!g_file_test (dest, G_FILE_TEST_EXISTS));
  /* What arrived is kept for a later resume. */
  ck_assert_uint_gt (file_size (part), 0);
  ck_assert_uint_lt (file_size (part), FR_SIZE);
}
END_TEST

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  GError       *error;
  gboolean      result;
  guint         progress_calls;
  gboolean      progress_off_main;
  GThread      *main_thread;
} AsyncRun;

static void
async_progress (guint64  done,
                guint64  total,
                gpointer user_data)
{
  AsyncRun *run = user_data;

  run->progress_calls++;
  if (g_thread_self () != run->main_thread)
    run->progress_off_main = TRUE;
}

static gboolean
cancel_later (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_async_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->result = sl_download_file_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

START_TEST (test_async_cancel_while_stalled)
{
  g_autofree char *url = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncRun run = { .loop = loop, .cancellable = cancellable, .main_thread = g_thread_self () };
  SlDownloadOptions opts = {
    .sha256 = FR_SHA256,
    .size = FR_SIZE,
    .ca_file = cert_file,
    .stall_timeout = 30,   /* cancellation must win, long before this */
    .progress = async_progress,
    .progress_data = &run,
  };
  gint64 start;

  server = sl_test_server_start (models, cert_dir, log_path, "--stall-after", "200000", NULL);
  url = sl_test_server_url (server, FR);

  start = g_get_monotonic_time ();
  sl_download_file_async (url, dest, &opts, cancellable, on_async_done, &run);
  g_timeout_add (700, cancel_later, cancellable);
  g_main_loop_run (loop);

  ck_assert (!run.result);
  ck_assert_msg (g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED),
                 "%s", run.error ? run.error->message : "");
  ck_assert_int_lt (g_get_monotonic_time () - start, 5 * G_USEC_PER_SEC);
  ck_assert_uint_gt (run.progress_calls, 0);
  ck_assert (!run.progress_off_main);
  ck_assert (!g_file_test (dest, G_FILE_TEST_EXISTS));
  ck_assert_uint_eq (file_size (part), 200000);
  g_clear_error (&run.error);
}
END_TEST

START_TEST (test_async_download)
{
  g_autofree char *url = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncRun run = { .loop = loop, .main_thread = g_thread_self () };
  SlDownloadOptions opts = yunet_options ();

  opts.progress = async_progress;
  opts.progress_data = &run;
  server = sl_test_server_start (models, cert_dir, log_path, NULL);
  url = sl_test_server_url (server, YUNET);

  sl_download_file_async (url, dest, &opts, NULL, on_async_done, &run);
  g_main_loop_run (loop);

  ck_assert_msg (run.result, "%s", run.error ? run.error->message : "");
  actual = sl_test_sha256_file (dest);
  ck_assert_str_eq (actual, YUNET_SHA256);
  ck_assert (!run.progress_off_main);
}
END_TEST

START_TEST (test_stalled_server_times_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  SlDownloadOptions opts = yunet_options ();
  gint64 start;

  opts.stall_timeout = 1;
  server = sl_test_server_start (models, cert_dir, log_path, "--stall-after", "5000", NULL);
  url = sl_test_server_url (server, YUNET);

  start = g_get_monotonic_time ();
  ck_assert (!sl_download_file (url, dest, &opts, NULL, &error));
  ck_assert_msg (g_error_matches (error, SL_NET_ERROR, SL_NET_ERROR_TIMEOUT), "%s", error->message);
  ck_assert_ptr_nonnull (strstr (error->message, url));
  ck_assert_ptr_nonnull (strstr (error->message, "stalled"));
  ck_assert_int_lt (g_get_monotonic_time () - start, 8 * G_USEC_PER_SEC);
  ck_assert (!g_file_test (dest, G_FILE_TEST_EXISTS));
  ck_assert_uint_eq (file_size (part), 5000);
}
END_TEST

START_TEST (test_http_404_names_url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  SlDownloadOptions opts = yunet_options ();

  server = sl_test_server_start (models, cert_dir, log_path, NULL);
  url = sl_test_server_url (server, "no-such-model.onnx");

  ck_assert (!sl_download_file (url, dest, &opts, NULL, &error));
  ck_assert_msg (g_error_matches (error, SL_NET_ERROR, SL_NET_ERROR_HTTP), "%s", error->message);
  ck_assert_ptr_nonnull (strstr (error->message, url));
  ck_assert_ptr_nonnull (strstr (error->message, "404"));
  ck_assert (!g_file_test (dest, G_FILE_TEST_EXISTS));
  ck_assert (!g_file_test (part, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_larger_than_expected_refused)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  SlDownloadOptions opts = yunet_options ();

  opts.size = 1000;
  server = sl_test_server_start (models, cert_dir, log_path, NULL);
  url = sl_test_server_url (server, YUNET);

  ck_assert (!sl_download_file (url, dest, &opts, NULL, &error));
  ck_assert_msg (g_error_matches (error, SL_NET_ERROR, SL_NET_ERROR_SIZE_MISMATCH), "%s", error->message);
  ck_assert (!g_file_test (dest, G_FILE_TEST_EXISTS));
  ck_assert (!g_file_test (part, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_file_url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *yunet = g_build_filename (models, YUNET, NULL);
  g_autofree char *url = g_filename_to_uri (yunet, NULL, NULL);
  g_autofree char *actual = NULL;
  SlDownloadOptions opts = yunet_options ();

  ck_assert_msg (sl_download_file (url, dest, &opts, NULL, &error), "%s", error ? error->message : "");
  actual = sl_test_sha256_file (dest);
  ck_assert_str_eq (actual, YUNET_SHA256);
  ck_assert (!g_file_test (part, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_missing_file_url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (tmp, "missing.onnx", NULL);
  g_autofree char *url = g_filename_to_uri (missing, NULL, NULL);

  ck_assert (!sl_download_file (url, dest, NULL, NULL, &error));
  ck_assert_msg (g_error_matches (error, SL_NET_ERROR, SL_NET_ERROR_FAILED), "%s", error->message);
  ck_assert_ptr_nonnull (strstr (error->message, url));
  ck_assert (!g_file_test (dest, G_FILE_TEST_EXISTS));
  ck_assert (!g_file_test (part, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_busy_part_refused)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *yunet = g_build_filename (models, YUNET, NULL);
  g_autofree char *url = g_filename_to_uri (yunet, NULL, NULL);
  SlDownloadOptions opts = yunet_options ();
  int fd;

  /* Another download holds the .part. */
  fd = g_open (part, O_RDWR | O_CREAT, 0644);
  ck_assert_int_ge (fd, 0);
  ck_assert_int_eq (flock (fd, LOCK_EX), 0);

  ck_assert (!sl_download_file (url, dest, &opts, NULL, &error));
  ck_assert_msg (g_error_matches (error, SL_NET_ERROR, SL_NET_ERROR_IO), "%s", error->message);
  ck_assert_ptr_nonnull (strstr (error->message, "another download"));
  ck_assert (!g_file_test (dest, G_FILE_TEST_EXISTS));
  close (fd);
}
END_TEST

START_TEST (test_plain_http_refused)
{
  static const char *refused[] = {
    "http://example.com/model.onnx",
    "ftp://127.0.0.1/model.onnx",
    "not a url",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      ck_assert (!sl_download_file (refused[i], dest, NULL, NULL, &error));
      ck_assert_msg (g_error_matches (error, SL_NET_ERROR, SL_NET_ERROR_UNSUPPORTED_URL),
                     "%s: %s", refused[i], error->message);
      ck_assert (!g_file_test (part, G_FILE_TEST_EXISTS));
    }
}
END_TEST

/* main */

static Suite *
download_suite (void)
{
  Suite *s = suite_create ("download");
  TCase *tc = tcase_create ("https");

  tcase_add_unchecked_fixture (tc, setup_certificate, teardown_certificate);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 20);
  tcase_add_test (tc, test_https_download_verified);
  tcase_add_test (tc, test_untrusted_certificate_refused);
  tcase_add_test (tc, test_wrong_hash_refused);
  tcase_add_test (tc, test_interrupted_then_resumed);
  tcase_add_test (tc, test_resume_ignored_starts_over);
  tcase_add_test (tc, test_complete_part_answered_416);
  tcase_add_test (tc, test_resumed_prefix_is_hashed);
  tcase_add_test (tc, test_cancel_from_progress);
  tcase_add_test (tc, test_async_cancel_while_stalled);
  tcase_add_test (tc, test_async_download);
  tcase_add_test (tc, test_stalled_server_times_out);
  tcase_add_test (tc, test_http_404_names_url);
  tcase_add_test (tc, test_larger_than_expected_refused);
  tcase_add_test (tc, test_file_url);
  tcase_add_test (tc, test_missing_file_url);
  tcase_add_test (tc, test_busy_part_refused);
  tcase_add_test (tc, test_plain_http_refused);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (download_suite ());
}
