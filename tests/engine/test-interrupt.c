/* test-interrupt.c: issue 12.5 through the real sightline-cli: a FIFO, a
 * socket or a device among evidence or reference photos is refused by its
 * type and never blocks; SIGTERM stops a long enrolment within seconds,
 * with the database intact, the audit chain sound and the enrolled count
 * what the command reported.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vision/sl-image.h"
#include "sl-test-lfw.h"
#include "sl-test-search.h"

/* How long a refused special file may take: it must never wait. */
#define REFUSE_WITHIN_S 20
/* How long after SIGTERM the enrolment may take to stop. */
#define STOP_WITHIN_S 8

typedef struct
{
  GPid   pid;
  int    out_fd;
  int    err_fd;
} Child;

/* helpers */

static void
spawn_cli (Child       *child,
           const char  *password,
           const char  *const *args)
{
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "SIGHTLINE_PASSWORD", password, TRUE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) SL_TEST_CLI);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  ck_assert_msg (g_spawn_async_with_pipes (NULL, (char **) argv->pdata, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                           NULL, &child->pid, NULL, &child->out_fd, &child->err_fd, &error),
                 "%s", error ? error->message : "");
}

/* Waits up to timeout_s for the child; kills it (and fails) past that.
 * Returns the wait status and the seconds it took. */
static int
wait_cli (Child   *child,
          double   timeout_s,
          double  *took_s,
          char   **out,
          char   **err)
{
  gint64 start = g_get_monotonic_time ();
  int status = 0;
  pid_t done = 0;

  while ((done = waitpid (child->pid, &status, WNOHANG)) == 0 &&
         g_get_monotonic_time () - start < (gint64) (timeout_s * G_USEC_PER_SEC))
    g_usleep (20000);
  if (took_s != NULL)
    *took_s = (g_get_monotonic_time () - start) / 1e6;
  if (done == 0)
    {
      kill (child->pid, SIGKILL);
      waitpid (child->pid, &status, 0);
    }
  g_spawn_close_pid (child->pid);
  {
    g_autoptr(GIOChannel) o = g_io_channel_unix_new (child->out_fd);
    g_autoptr(GIOChannel) e = g_io_channel_unix_new (child->err_fd);

    g_io_channel_set_close_on_unref (o, TRUE);
    g_io_channel_set_close_on_unref (e, TRUE);
    g_io_channel_read_to_end (o, out, NULL, NULL);
    g_io_channel_read_to_end (e, err, NULL, NULL);
  }
  ck_assert_msg (done != 0, "sightline-cli still running after %.0f s (killed): %s", timeout_s,
                 *err != NULL ? *err : "");
  return status;
}

static char *
integrity_check (const char *db)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result;

  ck_assert_int_eq (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_prepare_v2 (handle, "PRAGMA integrity_check", -1, &stmt, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return result;
}

static void
make_socket (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_STREAM, 0);

  ck_assert_int_ge (fd, 0);
  g_strlcpy (addr.sun_path, path, sizeof addr.sun_path);
  ck_assert_int_eq (bind (fd, (struct sockaddr *) &addr, sizeof addr), 0);
  close (fd);
}

/* tests */

START_TEST (test_import_special_files_refused)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *fifo = g_build_filename (db->dir, "camera.jpg", NULL);
  g_autofree char *sock = g_build_filename (db->dir, "socket.jpg", NULL);
  const struct { const char *path; const char *says; } files[] = {
    { fifo, "named pipe (FIFO)" },
    { sock, "a socket" },
    { "/dev/zero", "character device" },
  };
  g_auto(SlTestRun) run = { 0 };

  ck_assert_int_eq (mkfifo (fifo, 0600), 0);
  make_socket (sock);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "open", "C-1", "--title", "Shop robbery", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      const char *args[] = { "--db", db->db, "--user", "ivan", "evidence", "import", "--case", "C-1",
                             files[i].path, NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      Child child;
      int status;

      spawn_cli (&child, SL_TEST_INVESTIGATOR_PASSWORD, args);
      status = wait_cli (&child, REFUSE_WITHIN_S, NULL, &out, &err);
      ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 4, "%s: status %d: %s", files[i].path, status,
                     err);
      ck_assert_msg (strstr (err, files[i].says) != NULL && strstr (err, "not a regular file") != NULL, "%s",
                     err);
    }
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM evidence"), 0);
  /* Each refusal is on the record, as failed imports are. */
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'evidence.import' "
                                        "AND outcome = 'failed'"), G_N_ELEMENTS (files));
}
END_TEST

START_TEST (test_enroll_special_files_and_sigterm)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (2, 300);
  g_autofree char *root = g_build_filename (db->dir, "gallery", NULL);
  g_autofree char *dir = sl_test_lfw_gallery_dir (root, ids, 2);
  /* Sorted first, so that a worker meets them at once. */
  g_autofree char *odd = g_build_filename (dir, "0000-odd", NULL);
  g_autofree char *fifo = g_build_filename (odd, "a-pipe.jpg", NULL);
  g_autofree char *sock = g_build_filename (odd, "b-socket.jpg", NULL);
  g_autofree char *list = g_build_filename (db->dir, "list.csv", NULL);
  g_autofree char *list_text = g_strdup_printf ("external_id,name,image_path\nP-1,Pipe,%s\n", fifo);
  const char *args[] = { "--db", db->db, "--user", "root", "--json", "gallery", "enroll", "county", "--dir", dir,
                         NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(SlTestRun) run = { 0 };
  JsonObject *summary;
  JsonArray *items;
  gboolean fifo_listed = FALSE, sock_listed = FALSE;
  double took;
  Child child;
  int status;
  gint64 kept;

  ck_assert_int_eq (g_mkdir (odd, 0700), 0);
  ck_assert_int_eq (mkfifo (fifo, 0600), 0);
  make_socket (sock);
  ck_assert (g_file_set_contents (list, list_text, -1, NULL));
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "gallery", "create", "county", NULL);
  ck_assert_int_eq (run.status, 0);

  /* A list naming a FIFO: the row is refused, nothing waits. */
  {
    const char *csv_args[] = { "--db", db->db, "--user", "root", "--json", "gallery", "enroll", "county", "--csv",
                               list, NULL };
    g_autofree char *csv_out = NULL;
    g_autofree char *csv_err = NULL;
    Child csv_child;

    spawn_cli (&csv_child, SL_TEST_ADMIN_PASSWORD, csv_args);
    status = wait_cli (&csv_child, REFUSE_WITHIN_S, NULL, &csv_out, &csv_err);
    ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 0, "status %d: %s", status, csv_err);
    ck_assert_msg (strstr (csv_out, "named pipe (FIFO)") != NULL, "%s", csv_out);
  }

  /* The folder: 600 photos, a FIFO and a socket. SIGTERM once faces are
   * going in. */
  spawn_cli (&child, SL_TEST_ADMIN_PASSWORD, args);
  for (int i = 0; i < 1200 && sl_test_sql_int (db->db, "SELECT count(*) FROM gallery_faces") == 0; i++)
    g_usleep (50000);
  ck_assert_int_gt (sl_test_sql_int (db->db, "SELECT count(*) FROM gallery_faces"), 0);
  kill (child.pid, SIGTERM);
  status = wait_cli (&child, 60, &took, &out, &err);
  ck_assert_msg (took < STOP_WITHIN_S, "stopped %.1f s after SIGTERM", took);
  ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 1, "status %d: %s", status, err);
  ck_assert_msg (strstr (err, "SIGTERM received") != NULL, "%s", err);

  /* What it reported is what is in the database. */
  node = sl_test_parse_json (out);
  summary = json_node_get_object (node);
  ck_assert (json_object_get_boolean_member (summary, "interrupted"));
  kept = sl_test_sql_int (db->db, "SELECT count(*) FROM gallery_faces");
  ck_assert_int_gt (kept, 0);
  ck_assert_int_lt (kept, 600);
  ck_assert_int_eq (json_object_get_int_member (summary, "enrolled"), kept);
  items = json_object_get_array_member (summary, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *path = json_object_get_string_member (item, "path");
      const char *reason = json_object_has_member (item, "reason") ? json_object_get_string_member (item, "reason")
                                                                   : "";

      if (g_str_has_suffix (path, "a-pipe.jpg"))
        fifo_listed = strstr (reason, "named pipe (FIFO)") != NULL;
      if (g_str_has_suffix (path, "b-socket.jpg"))
        sock_listed = strstr (reason, "a socket") != NULL;
    }
  ck_assert_msg (fifo_listed && sock_listed, "the FIFO and the socket are not listed as refused: %s", out);

  /* Intact: SQLite's own check (a server checks its own), and the audit
   * chain with the enrolment's closing row saying it was interrupted. */
  if (sl_test_db_owner (db->db) == NULL)
    {
      g_autofree char *integrity = integrity_check (db->db);
      ck_assert_str_eq (integrity, "ok");
    }
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "audit", "verify", NULL);
  ck_assert_msg (run.status == 0, "%s%s", run.out, run.err);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'gallery.enroll' AND "
                                        "outcome = 'failed' AND details LIKE '%interrupted%'"), 1);
}
END_TEST

START_TEST (test_enroll_huge_file_streams)
{
  /* A real face as a PNG followed by 3 GB of (sparse) trailing data: the
   * enrolment hashes and decodes it from the file, a buffer at a time, so
   * the command stays small (it used to read the whole file, 3.2 GB). */
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (1, 1);
  const char *name = g_ptr_array_index (ids, 0);
  g_autofree char *from = sl_test_lfw_image (name, 0);
  g_autofree char *person = g_build_filename (db->dir, "gallery", name, NULL);
  g_autofree char *photo = g_build_filename (person, "huge.png", NULL);
  g_autofree char *dir = g_build_filename (db->dir, "gallery", NULL);
  g_autoptr(SlImage) image = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SlTestRun) run = { 0 };
  g_auto(SlTestRun) enrol = { 0 };
  struct rusage ru;

  ck_assert_int_eq (g_mkdir_with_parents (person, 0700), 0);
  image = sl_image_load (from, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);
  ck_assert_msg (image != NULL, "%s", error ? error->message : "");
  png = sl_image_encode (image, SL_IMAGE_FORMAT_PNG, 0, &error);
  ck_assert (g_file_set_contents (photo, g_bytes_get_data (png, NULL), (gssize) g_bytes_get_size (png), NULL));
  ck_assert_int_eq (truncate (photo, (off_t) 3 << 30), 0);

  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "gallery", "create", "county", NULL);
  ck_assert_int_eq (run.status, 0);
  sl_test_cli (&enrol, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "gallery", "enroll", "county",
               "--dir", dir, NULL);
  ck_assert_msg (enrol.status == 0, "%s", enrol.err);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM gallery_faces"), 1);
  /* The largest of this test's children: the enrolment. */
  ck_assert_int_eq (getrusage (RUSAGE_CHILDREN, &ru), 0);
  ck_assert_msg (ru.ru_maxrss < 700 * 1024, "peak %ld MB", ru.ru_maxrss / 1024);
  g_unlink (photo);
}
END_TEST

static Suite *
interrupt_suite (void)
{
  Suite *s = suite_create ("interrupt");
  TCase *tc = tcase_create ("cli");

  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_import_special_files_refused);
  tcase_add_test (tc, test_enroll_special_files_and_sigterm);
  tcase_add_test (tc, test_enroll_huge_file_streams);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (interrupt_suite ());
}
