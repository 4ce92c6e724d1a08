/* sl-test-lfw.c: the LFW photos the test suites share (see sl-test-lfw.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <check.h>

#include "engine/sightline-engine.h"
#include "sl-test-lfw.h"

/* helpers */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
sorted_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  ck_assert_msg (d != NULL, "cannot read %s", dir);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* public API */

const char *
sl_test_lfw_dir (void)
{
  static char *dir;

  if (dir == NULL)
    dir = sl_test_shared_path ("datasets", "lfw-view1", "images", NULL);
  return dir;
}

GPtrArray *
sl_test_lfw_identities (guint min_images,
                        guint n)
{
  g_autoptr(GPtrArray) all = sorted_entries (sl_test_lfw_dir ());
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < all->len && out->len < n; i++)
    {
      g_autofree char *sub = g_build_filename (sl_test_lfw_dir (), g_ptr_array_index (all, i), NULL);
      g_autoptr(GPtrArray) files = sorted_entries (sub);

      if (files->len >= min_images)
        g_ptr_array_add (out, g_strdup (g_ptr_array_index (all, i)));
    }
  ck_assert_uint_eq (out->len, n);
  return out;
}

char *
sl_test_lfw_image (const char *identity,
                   guint       index)
{
  g_autofree char *sub = g_build_filename (sl_test_lfw_dir (), identity, NULL);
  g_autoptr(GPtrArray) files = sorted_entries (sub);

  ck_assert_uint_lt (index, files->len);
  return g_build_filename (sub, g_ptr_array_index (files, index), NULL);
}

char *
sl_test_lfw_gallery_dir (const char *root,
                         GPtrArray  *identities,
                         guint       images)
{
  ck_assert_int_eq (g_mkdir_with_parents (root, 0700), 0);
  for (guint i = 0; i < identities->len; i++)
    {
      const char *name = g_ptr_array_index (identities, i);
      g_autofree char *src = g_build_filename (sl_test_lfw_dir (), name, NULL);
      g_autofree char *dst = g_build_filename (root, name, NULL);
      g_autoptr(GPtrArray) files = sorted_entries (src);

      ck_assert_int_eq (g_mkdir_with_parents (dst, 0700), 0);
      for (guint j = 0; j < files->len && (images == 0 || j < images); j++)
        {
          g_autofree char *from = g_build_filename (src, g_ptr_array_index (files, j), NULL);
          g_autofree char *to = g_build_filename (dst, g_ptr_array_index (files, j), NULL);

          ck_assert_int_eq (symlink (from, to), 0);
        }
    }
  return g_strdup (root);
}

SlEnrolSummary *
sl_test_enrol (SlEngine   *engine,
               SlSession  *admin,
               const char *gallery,
               const char *description,
               const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_store_open (sl_engine_get_db_path (engine), NULL);
  g_autoptr(SlGallery) g = store != NULL ? sl_gallery_lookup (store, gallery, NULL) : NULL;
  SlEnrolOptions options = { .dir = dir };
  SlEnrolSummary *summary;

  if (g == NULL)
    {
      g_autoptr(SlGallery) made = sl_engine_gallery_create (engine, admin, gallery, description, NULL, &error);
      ck_assert_msg (made != NULL, "%s", error ? error->message : "");
    }
  summary = sl_engine_gallery_enrol (engine, admin, gallery, &options, NULL, &error);
  ck_assert_msg (summary != NULL, "enrol: %s", error ? error->message : "");
  return summary;
}

gint64
sl_test_probe_face (SlEngine   *engine,
                    SlSession  *who,
                    const char *case_number,
                    const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEvidence) e = NULL;
  g_autoptr(SlAnalysis) a = NULL;
  gint64 best = 0;
  float best_area = -1;

  e = sl_engine_evidence_import (engine, who, case_number, path, NULL, NULL, NULL, &error);
  ck_assert_msg (e != NULL, "import: %s", error ? error->message : "");
  a = sl_engine_analyse (engine, who, case_number, e->id, NULL, NULL, &error);
  ck_assert_msg (a != NULL, "analyse: %s", error ? error->message : "");
  for (guint i = 0; i < a->faces->len; i++)
    {
      SlProbeFace *f = g_ptr_array_index (a->faces, i);

      if (f->box[2] * f->box[3] > best_area)
        {
          best_area = f->box[2] * f->box[3];
          best = f->id;
        }
    }
  ck_assert_msg (best > 0, "no face in %s", path);
  return best;
}
