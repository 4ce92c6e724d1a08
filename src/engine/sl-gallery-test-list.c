/* sl-gallery-test-list.c: reading a gallery test's probe list (see
 * sl-gallery-test-list.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/sl-csv.h"
#include "engine/sl-engine.h"
#include "engine/sl-gallery-test-list.h"

/* helpers */

static void
probe_free (SlProbe *p)
{
  g_free (p->image);
  g_free (p->path);
  g_free (p->identity);
  g_strfreev (p->values);
  g_free (p);
}

/* public API */

void
sl_probe_list_free (SlProbeList *list)
{
  g_clear_pointer (&list->attributes, g_ptr_array_unref);
  g_clear_pointer (&list->probes, g_ptr_array_unref);
  g_free (list);
}

gboolean
sl_probe_list_error (GError     **error,
                     const char  *display,
                     guint        line,
                     const char  *format,
                     ...)
{
  g_autofree char *why = NULL;
  va_list args;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  if (line > 0)
    g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_BAD_INPUT,
                 _("Cannot use the probe list '%s', line %u: %s"), display, line, why);
  else
    g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_BAD_INPUT,
                 _("Cannot use the probe list '%s': %s"), display, why);
  return FALSE;
}

SlProbeList *
sl_probe_list_read (const char  *csv,
                    const char  *images_dir,
                    GError     **error)
{
  g_autofree char *display = g_filename_display_name (csv);
  g_autofree char *dir_display = g_filename_display_name (images_dir);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(SlProbeList) list = g_new0 (SlProbeList, 1);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (guint));
  GError *local_error = NULL;
  const SlCsvRow *header;
  guint n_columns;
  int image_col = -1, identity_col = -1;

  if (!g_file_test (images_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_BAD_INPUT,
                   _("Cannot use the image folder '%s': it is not a folder"), dir_display);
      return NULL;
    }
  if (!(rows = sl_csv_parse_file (csv, &local_error)))
    {
      if (local_error->domain == SL_CSV_ERROR)
        sl_probe_list_error (error, display, 0, "%s", local_error->message);
      else
        g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_BAD_INPUT,
                     _("Cannot read the probe list '%s': %s"), display, local_error->message);
      g_error_free (local_error);
      return NULL;
    }
  if (rows->len == 0)
    {
      sl_probe_list_error (error, display, 0, _("the file is empty (expected a header with an 'image' column)"));
      return NULL;
    }
  header = g_ptr_array_index (rows, 0);
  n_columns = g_strv_length (header->fields);
  list->attributes = g_ptr_array_new_with_free_func (g_free);
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *name = g_strstrip (g_strdup (header->fields[c]));

      if (*name == '\0')
        {
          sl_probe_list_error (error, display, header->line, _("column %u of the header has no name"), c + 1);
          return NULL;
        }
      if (g_ascii_strcasecmp (name, "image") == 0 && image_col < 0)
        image_col = (int) c;
      else if (g_ascii_strcasecmp (name, "identity") == 0 && identity_col < 0)
        identity_col = (int) c;
      else
        {
          for (guint a = 0; a < list->attributes->len; a++)
            if (g_ascii_strcasecmp (g_ptr_array_index (list->attributes, a), name) == 0)
              {
                sl_probe_list_error (error, display, header->line, _("the column '%s' is named twice"), name);
                return NULL;
              }
          if (g_ascii_strcasecmp (name, "image") == 0 || g_ascii_strcasecmp (name, "identity") == 0)
            {
              sl_probe_list_error (error, display, header->line, _("the column '%s' is named twice"), name);
              return NULL;
            }
          g_ptr_array_add (list->attributes, g_steal_pointer (&name));
          g_array_append_val (columns, c);
        }
    }
  if (image_col < 0)
    {
      sl_probe_list_error (error, display, header->line, _("the header has no 'image' column"));
      return NULL;
    }
  if (rows->len == 1)
    {
      sl_probe_list_error (error, display, 0, _("the file has a header but no probe"));
      return NULL;
    }

  list->probes = g_ptr_array_new_with_free_func ((GDestroyNotify) probe_free);
  for (guint r = 1; r < rows->len; r++)
    {
      const SlCsvRow *row = g_ptr_array_index (rows, r);
      guint n = g_strv_length (row->fields);
      SlProbe *p;
      const char *image;

      if (n != n_columns)
        {
          sl_probe_list_error (error, display, row->line, _("%u fields where the header has %u"), n, n_columns);
          return NULL;
        }
      image = row->fields[image_col];
      if (*image == '\0')
        {
          sl_probe_list_error (error, display, row->line, _("no image named"));
          return NULL;
        }
      if (g_path_is_absolute (image))
        {
          sl_probe_list_error (error, display, row->line, _("the image '%s' is not a path inside the image folder"),
                               image);
          return NULL;
        }
      if (g_hash_table_contains (seen, image))
        {
          const SlProbe *first = g_hash_table_lookup (seen, image);
          sl_probe_list_error (error, display, row->line, _("the image '%s' is listed again (first on line %u)"), image,
                    first->line);
          return NULL;
        }
      p = g_new0 (SlProbe, 1);
      g_ptr_array_add (list->probes, p);
      p->line = row->line;
      p->image = g_strdup (image);
      p->path = g_build_filename (images_dir, image, NULL);
      if (identity_col >= 0 && *g_strstrip (row->fields[identity_col]) != '\0')
        p->identity = g_strdup (row->fields[identity_col]);
      p->values = g_new0 (char *, columns->len + 1);
      for (guint a = 0; a < columns->len; a++)
        p->values[a] = g_strstrip (g_strdup (row->fields[g_array_index (columns, guint, a)]));
      if (!g_file_test (p->path, G_FILE_TEST_IS_REGULAR))
        {
          sl_probe_list_error (error, display, row->line, _("the image '%s' is not in the image folder '%s'"), image,
                    dir_display);
          return NULL;
        }
      g_hash_table_insert (seen, p->image, p);
    }
  return g_steal_pointer (&list);
}
