/* test-full-disk.c: issue 12.8 on a real full disk. The test mounts a
 * small tmpfs in a mount namespace of its own (so the mount vanishes with
 * the test process, whatever happens), puts a database and its evidence
 * store on it, fills it, and runs the real sightline-cli: every command
 * must say the disk is full and what was not saved, never that the
 * database is damaged, and never name the evidence store's internal
 * paths; once space is freed the database is intact and the audit chain
 * sound. It needs root (CAP_SYS_ADMIN) for the mount; without it the test
 * says so and checks nothing.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sl-test-store.h"

/* Sizes on the tmpfs. */
#define DISK_SIZE   "4m"
#define EVIDENCE_MB 2

typedef struct
{
  char *dir;      /* the mount point */
  char *db;
} FullDisk;

/* helpers */

/* A tmpfs of DISK_SIZE at a new folder, private to this process; FALSE
 * (and why, on stderr) when this process may not mount. */
static gboolean
mount_small_disk (FullDisk *disk)
{
  disk->dir = g_dir_make_tmp ("sl-test-full-XXXXXX", NULL);
  ck_assert_ptr_nonnull (disk->dir);
  if (unshare (CLONE_NEWNS) != 0)
    {
      g_printerr ("# cannot make a mount namespace (%s): run as root to test a full disk\n", g_strerror (errno));
      return FALSE;
    }
  /* Nothing mounted here propagates to the rest of the system. */
  /* Source and type are ignored for a propagation change; named, not NULL,
   * so that memcheck has nothing to report. */
  ck_assert_int_eq (mount ("none", "/", "none", MS_REC | MS_PRIVATE, NULL), 0);
  if (mount ("tmpfs", disk->dir, "tmpfs", 0, "size=" DISK_SIZE ",mode=0700") != 0)
    {
      g_printerr ("# cannot mount a tmpfs (%s): run as root to test a full disk\n", g_strerror (errno));
      return FALSE;
    }
  disk->db = g_build_filename (disk->dir, "sightline.db", NULL);
  return TRUE;
}

static void
make_database (FullDisk *disk)
{
  g_autoptr(SlEngine) engine = sl_engine_new (disk->db);
  g_autoptr(SlSession) admin = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert_msg (sl_engine_init_database (engine, "root", "Root Admin", SL_TEST_ADMIN_PASSWORD, NULL, &error), "%s",
                 error ? error->message : "");
  admin = sl_engine_sign_in (engine, "root", SL_TEST_ADMIN_PASSWORD, &error);
  ck_assert_msg (admin != NULL, "%s", error ? error->message : "");
  ck_assert_msg (sl_engine_user_add (engine, admin, "ivan", "Ivan Investigator", SL_ROLE_INVESTIGATOR,
                                     SL_TEST_INVESTIGATOR_PASSWORD, &error), "%s", error ? error->message : "");
  ck_assert_msg (sl_engine_user_add (engine, admin, "sue", "Sue Supervisor", SL_ROLE_SUPERVISOR,
                                     SL_TEST_SUPERVISOR_PASSWORD, &error), "%s", error ? error->message : "");
}

/* Fills the disk but for `spare` bytes, with a file named filler. */
static void
fill (FullDisk *disk,
      gsize     spare)
{
  g_autofree char *filler = g_build_filename (disk->dir, "filler", NULL);
  g_autofree char *reserve = g_build_filename (disk->dir, "reserve", NULL);
  g_autofree guint8 *zeros = g_malloc0 (4096);
  int fd;

  if (spare > 0)
    {
      g_autofree guint8 *keep = g_malloc0 (spare);
      ck_assert (g_file_set_contents (reserve, (const char *) keep, (gssize) spare, NULL));
    }
  fd = g_open (filler, O_WRONLY | O_CREAT | O_APPEND, 0600);
  ck_assert_int_ge (fd, 0);
  while (write (fd, zeros, 4096) > 0)
    ;
  ck_assert_int_eq (errno, ENOSPC);
  close (fd);
  g_unlink (reserve);
}

static void
free_space (FullDisk *disk)
{
  g_autofree char *filler = g_build_filename (disk->dir, "filler", NULL);

  g_unlink (filler);
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
assert_truthful (const SlTestRun *run,
                 const char  *what)
{
  ck_assert_msg (strstr (run->err, "damaged") == NULL, "%s says damaged: %s", what, run->err);
  ck_assert_msg (strstr (run->err, "full") != NULL, "%s does not say the disk is full: %s", what, run->err);
  ck_assert_msg (strstr (run->err, "/evidence/") == NULL && strstr (run->err, "incoming") == NULL,
                 "%s names the evidence store's paths: %s", what, run->err);
}

/* tests */

START_TEST (test_full_disk_is_said)
{
  FullDisk disk = { 0 };
  g_autofree char *big = NULL;
  g_autofree char *photo = sl_test_shared_image ();
  g_autoptr(GPtrArray) opened = g_ptr_array_new_with_free_func (g_free);
  g_auto(SlTestRun) run = { 0 };
  gsize photo_len = 0;
  g_autofree char *photo_bytes = NULL;

  if (!mount_small_disk (&disk))
    {
      g_free (disk.dir);
      return;
    }
  make_database (&disk);
  sl_test_cli (&run, disk.db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "open", "C-1", "--title", "Shop robbery",
          NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);

  /* Evidence larger than the space left: the copy into the store fails.
   * A real photo with bytes after it, outside the full disk. */
  big = g_build_filename (g_get_tmp_dir (), "sl-test-full-camera-7.jpg", NULL);
  ck_assert (g_file_get_contents (photo, &photo_bytes, &photo_len, NULL));
  {
    g_autoptr(GString) content = g_string_new_len (photo_bytes, (gssize) photo_len);

    g_string_set_size (content, EVIDENCE_MB * 1024 * 1024);
    /* The bytes after the photo: zeros, not whatever the allocator left. */
    memset (content->str + photo_len, 0, content->len - photo_len);
    ck_assert (g_file_set_contents (big, content->str, (gssize) content->len, NULL));
  }
  fill (&disk, 256 * 1024);
  sl_test_cli (&run, disk.db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "evidence", "import", "--case", "C-1", big, NULL);
  ck_assert_msg (run.status == 1, "exit %d: %s", run.status, run.err);
  assert_truthful (&run, "evidence import");
  ck_assert_msg (strstr (run.err, "sl-test-full-camera-7.jpg") != NULL, "the evidence is not named: %s", run.err);
  ck_assert_msg (strstr (run.err, "nothing was stored") != NULL, "%s", run.err);
  g_unlink (big);
  free_space (&disk);

  /* Commands against a disk with less and less space: each either works
   * or says the disk is full and that nothing was saved. */
  for (guint spare_kb = 96; ; spare_kb = spare_kb > 16 ? spare_kb - 16 : 0)
    {
      g_autofree char *number = g_strdup_printf ("C-%u", 100 + spare_kb);

      fill (&disk, spare_kb * 1024);
      sl_test_cli (&run, disk.db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "open", number, "--title", "Shop robbery",
              NULL);
      if (run.status == 0)
        g_ptr_array_add (opened, g_strdup (number));
      else
        {
          ck_assert_msg (run.status == 1, "case open with %u KiB left: exit %d: %s", spare_kb, run.status, run.err);
          assert_truthful (&run, "case open");
          ck_assert_msg (strstr (run.err, "nothing of this action was saved") != NULL, "%s", run.err);
        }
      sl_test_cli (&run, disk.db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "list", NULL);
      if (run.status != 0)
        assert_truthful (&run, "case list");
      free_space (&disk);
      if (spare_kb == 0)
        break;
    }
  /* At no space at all, reading fails too, and says why. */
  fill (&disk, 0);
  sl_test_cli (&run, disk.db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "verify", NULL);
  ck_assert_msg (run.status == 1, "exit %d: %s %s", run.status, run.out, run.err);
  assert_truthful (&run, "audit verify");
  free_space (&disk);

  /* Space again: intact, and what was said to be saved is there. */
  sl_test_cli (&run, disk.db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "verify", NULL);
  ck_assert_msg (run.status == 0, "%s %s", run.out, run.err);
  {
    g_autofree char *integrity = integrity_check (disk.db);
    ck_assert_str_eq (integrity, "ok");
  }
  for (guint i = 0; i < opened->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM cases WHERE number = '%s'",
                                              (char *) g_ptr_array_index (opened, i));
      ck_assert_int_eq (sl_test_sql_int (disk.db, sql), 1);
    }
  ck_assert_int_eq (sl_test_sql_int (disk.db, "SELECT count(*) FROM cases"), 1 + (gint64) opened->len);
  ck_assert_int_eq (sl_test_sql_int (disk.db, "SELECT count(*) FROM evidence"), 0);

  umount2 (disk.dir, MNT_DETACH);
  g_rmdir (disk.dir);
  g_free (disk.db);
  g_free (disk.dir);
}
END_TEST

static Suite *
full_disk_suite (void)
{
  Suite *s = suite_create ("full-disk");
  TCase *tc = tcase_create ("tmpfs");

  tcase_set_timeout (tc, 180);
  tcase_add_test (tc, test_full_disk_is_said);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (full_disk_suite ());
}
