/* sl-test-util.c: the runner, shared data, temp folders and file helpers
 * every suite uses (see sl-test-util.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <stdarg.h>

#include <glib/gstdio.h>

#include "sl-test-pg.h"
#include "sl-test-util.h"

/* public API */

int
sl_test_run_suite (Suite *suite)
{
  SRunner *runner = srunner_create (suite);
  int failed;

  /* One server for all the forked tests of this process. */
  if (sl_test_backend_pg ())
    sl_test_pg_cluster ();
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}

gboolean
sl_test_backend_pg (void)
{
  return g_strcmp0 (g_getenv ("SIGHTLINE_TEST_BACKEND"), "postgresql") == 0;
}

char *
sl_test_shared_path (const char *first,
                     ...)
{
  const char *shared = g_getenv ("SIGHTLINE_SHARED_DIR");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  ck_assert_msg (shared != NULL, "SIGHTLINE_SHARED_DIR is not set; run the tests with meson test");
  g_ptr_array_add (parts, (gpointer) shared);
  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

char *
sl_test_shared_image (void)
{
  return sl_test_shared_path ("datasets", "faces-detection", "2008_002506.jpg", NULL);
}

char *
sl_test_shared_models (void)
{
  return sl_test_shared_path ("models", NULL);
}

char *
sl_test_make_tmp_dir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  ck_assert_msg (dir != NULL, "cannot make a temp folder: %s", error ? error->message : "");
  return dir;
}

void
sl_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;
  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && (dir = g_dir_open (path, 0, NULL)) != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        sl_test_rm_rf (child);
      }
  g_remove (path);
}

GBytes *
sl_test_read_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  ck_assert_msg (g_file_get_contents (path, &contents, &len, NULL), "cannot read %s", path);
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

char *
sl_test_sha256_file (const char *path)
{
  g_autoptr(GBytes) bytes = sl_test_read_file (path);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

void
sl_test_copy_file (const char *src,
                   const char *dest)
{
  g_autoptr(GBytes) bytes = sl_test_read_file (src);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  ck_assert_msg (g_file_set_contents (dest, data != NULL ? data : "", (gssize) len, NULL), "cannot write %s", dest);
}

void
sl_test_corrupt_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  ck_assert_msg (g_file_get_contents (path, &contents, &len, NULL), "cannot read %s", path);
  ck_assert_uint_gt (len, 0);
  contents[len / 2] ^= (char) 0xFF;
  ck_assert_msg (g_file_set_contents (path, contents, (gssize) len, NULL), "cannot write %s", path);
}
