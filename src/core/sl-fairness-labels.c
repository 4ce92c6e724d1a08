/* sl-fairness-labels.c: reads and checks the label file of a per-group
 * measurement, naming the line of every problem.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-fairness"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-csv.h"
#include "core/sl-fairness.h"
#include "core/sl-fairness-labels.h"

/* helpers */

static void
label_row_free (SlLabelRow *row)
{
  g_free (row->image);
  g_free (row->identity);
  g_strfreev (row->values);
  g_free (row);
}

static gboolean G_GNUC_PRINTF (4, 5)
bad (GError     **error,
     const char  *name,
     guint        line,
     const char  *format,
     ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SL_FAIRNESS_ERROR, SL_FAIRNESS_ERROR_LABELS, "'%s', line %u: %s", name, line, msg);
  return FALSE;
}

/* A photo path that stays inside the images folder. */
static gboolean
relative_inside (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (g_path_is_absolute (path) || strchr (path, '\\') != NULL)
    return FALSE;
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], "..") || (parts[i][0] == '\0' && parts[i + 1] != NULL))
      return FALSE;
  return TRUE;
}

/* public API */

SlLabels *
sl_labels_parse (const char  *text,
                 gsize        len,
                 const char  *name,
                 GError     **error)
{
  g_autoptr(SlLabels) labels = g_new0 (SlLabels, 1);
  g_autoptr(GPtrArray) csv = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);   /* image -> row */
  g_autoptr(GPtrArray) attributes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) attribute_columns = g_array_new (FALSE, FALSE, sizeof (guint));
  SlCsvRow *header;
  int image_col = -1, identity_col = -1;
  guint n_cols;

  labels->name = g_strdup (name);
  labels->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) label_row_free);

  /* A byte-order mark from a spreadsheet export is not part of the first
   * column's name. */
  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      len -= 3;
    }
  if (!(csv = sl_csv_parse (text, len, name, error)))
    return NULL;
  if (csv->len == 0)
    {
      bad (error, name, 1, _("the file is empty; expected a header line such as 'image,gender'"));
      return NULL;
    }

  header = g_ptr_array_index (csv, 0);
  n_cols = g_strv_length (header->fields);
  for (guint c = 0; c < n_cols; c++)
    {
      char *col = g_strstrip (header->fields[c]);

      for (guint d = 0; d < c; d++)
        if (g_str_equal (header->fields[d], col))
          {
            bad (error, name, header->line, _("the column '%s' appears twice"), col);
            return NULL;
          }
      if (*col == '\0')
        {
          bad (error, name, header->line, _("column %u has no name"), c + 1);
          return NULL;
        }
      if (g_str_equal (col, "image"))
        image_col = (int) c;
      else if (g_str_equal (col, "identity"))
        identity_col = (int) c;
      else
        {
          g_ptr_array_add (attributes, g_strdup (col));
          g_array_append_val (attribute_columns, c);
        }
    }
  if (image_col < 0)
    {
      bad (error, name, header->line, _("no 'image' column in the header (a photo path relative to the images folder)"));
      return NULL;
    }
  if (attributes->len == 0)
    {
      bad (error, name, header->line,
           _("no attribute column: every column but 'image' and 'identity' is an attribute such as 'gender'"));
      return NULL;
    }
  g_ptr_array_add (attributes, NULL);
  labels->attributes = (GStrv) g_ptr_array_steal (attributes, NULL);

  for (guint r = 1; r < csv->len; r++)
    {
      SlCsvRow *row = g_ptr_array_index (csv, r);
      SlLabelRow *out;
      SlLabelRow *first;
      const char *image;
      guint n = g_strv_length (row->fields);

      if (n != n_cols)
        {
          bad (error, name, row->line, _("%u fields where the header has %u"), n, n_cols);
          return NULL;
        }
      image = g_strstrip (row->fields[image_col]);
      if (*image == '\0')
        {
          bad (error, name, row->line, _("the image is empty"));
          return NULL;
        }
      if (!relative_inside (image))
        {
          bad (error, name, row->line, _("'%s' is not a path inside the images folder"), image);
          return NULL;
        }
      if ((first = g_hash_table_lookup (seen, image)) != NULL)
        {
          bad (error, name, row->line, _("'%s' is listed again (first on line %u)"), image, first->line);
          return NULL;
        }

      out = g_new0 (SlLabelRow, 1);
      out->line = row->line;
      out->image = g_strdup (image);
      if (identity_col >= 0 && *g_strstrip (row->fields[identity_col]) != '\0')
        out->identity = g_strdup (row->fields[identity_col]);
      else
        {
          g_autofree char *dir = g_path_get_dirname (image);

          if (g_str_equal (dir, "."))
            {
              label_row_free (out);
              bad (error, name, row->line,
                   _("'%s' names no person: give an 'identity' column or keep each person's photos in a folder"),
                   image);
              return NULL;
            }
          out->identity = g_path_get_basename (dir);
        }
      out->values = g_new0 (char *, attribute_columns->len + 1);
      for (guint a = 0; a < attribute_columns->len; a++)
        out->values[a] = g_strdup (g_strstrip (row->fields[g_array_index (attribute_columns, guint, a)]));
      g_ptr_array_add (labels->rows, out);
      g_hash_table_insert (seen, out->image, out);
    }
  if (labels->rows->len == 0)
    {
      bad (error, name, header->line + 1, _("no photo is listed after the header"));
      return NULL;
    }
  return g_steal_pointer (&labels);
}

SlLabels *
sl_labels_load (const char  *path,
                GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GError) local = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &local))
    {
      g_set_error (error, SL_FAIRNESS_ERROR, SL_FAIRNESS_ERROR_LABELS,
                   _("Cannot read label file '%s': %s"), display, local->message);
      return NULL;
    }
  return sl_labels_parse (contents, len, display, error);
}

void
sl_labels_free (SlLabels *labels)
{
  if (labels == NULL)
    return;
  g_free (labels->name);
  g_strfreev (labels->attributes);
  g_clear_pointer (&labels->rows, g_ptr_array_unref);
  g_free (labels);
}
