/* sl-lfw-pairs.c: reads labelled pair lists in the LFW format (View 1:
 * "N" then pairs; View 2: "FOLDS N" then folds of pairs).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-lfw-pairs"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/sl-lfw-pairs.h"

/* helpers */

static void
pair_free (SlLfwPair *pair)
{
  g_free (pair->name_a);
  g_free (pair->name_b);
  g_free (pair);
}

/* public API */

char *
sl_lfw_image_path (const char *images_dir,
                   const char *name,
                   int         num)
{
  g_autofree char *file = g_strdup_printf ("%s_%04d.jpg", name, num);
  return g_build_filename (images_dir, name, file, NULL);
}

SlLfwPairs *
sl_lfw_pairs_load (const char  *path,
                   GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display = g_filename_display_name (path);
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, error))
    {
      g_prefix_error (error, "Cannot read pair list: ");
      return NULL;
    }
  return sl_lfw_pairs_parse (contents, len, display, error);
}

SlLfwPairs *
sl_lfw_pairs_parse (const char  *text,
                    gsize        len,
                    const char  *name,
                    GError     **error)
{
  const char *display = name;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) head = NULL;
  g_autoptr(SlLfwPairs) pairs = g_new0 (SlLfwPairs, 1);
  guint per_fold = 0;
  guint n_head;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  /* A NUL inside the text fails this too. */
  if (!g_utf8_validate_len (text, len, NULL))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "Pair list '%s' is not UTF-8 text", display);
      return NULL;
    }
  contents = g_strndup (text, len);

  pairs->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);
  lines = g_strsplit (contents, "\n", -1);
  /* An empty text splits into no lines at all. */
  if (lines[0] == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "Pair list '%s' is empty", display);
      return NULL;
    }
  head = g_strsplit_set (g_strstrip (lines[0]), " \t", -1);
  n_head = g_strv_length (head);
  /* View 1: "N" (N same pairs, then N different). View 2: "FOLDS N". */
  if (n_head == 1)
    {
      pairs->n_folds = 1;
    }
  else if (n_head == 2)
    {
      pairs->n_folds = atoi (head[0]);
      per_fold = 2 * (guint) atoi (head[1]);
    }
  if (pairs->n_folds <= 0 || (n_head == 2 && per_fold == 0))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "Pair list '%s', line 1: expected a pair count (View 1) or 'FOLDS COUNT' (View 2)",
                   display);
      return NULL;
    }

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      SlLfwPair *p;
      guint n;
      char *end_a = NULL, *end_b = NULL;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      f = g_strsplit_set (lines[i], " \t", -1);
      n = g_strv_length (f);
      if (n != 3 && n != 4)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "Pair list '%s', line %u: expected 'Name i j' or 'Name1 i Name2 j', found %u fields",
                       display, i + 1, n);
          return NULL;
        }
      p = g_new0 (SlLfwPair, 1);
      p->same = n == 3;
      p->name_a = g_strdup (f[0]);
      p->num_a = (int) strtol (f[1], &end_a, 10);
      p->name_b = g_strdup (n == 3 ? f[0] : f[2]);
      p->num_b = (int) strtol (n == 3 ? f[2] : f[3], &end_b, 10);
      p->fold = per_fold > 0 ? (int) (pairs->pairs->len / per_fold) : 0;
      g_ptr_array_add (pairs->pairs, p);
      if (*end_a != '\0' || *end_b != '\0' || p->num_a <= 0 || p->num_b <= 0 ||
          strchr (p->name_a, '/') != NULL || strchr (p->name_b, '/') != NULL)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "Pair list '%s', line %u: malformed name or image number", display, i + 1);
          return NULL;
        }
    }
  if (pairs->pairs->len == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "Pair list '%s' holds no pairs", display);
      return NULL;
    }
  return g_steal_pointer (&pairs);
}

void
sl_lfw_pairs_free (SlLfwPairs *pairs)
{
  if (pairs == NULL)
    return;
  g_clear_pointer (&pairs->pairs, g_ptr_array_unref);
  g_free (pairs);
}

