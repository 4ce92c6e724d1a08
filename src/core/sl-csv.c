/* sl-csv.c: a strict RFC 4180 reader with line numbers.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-csv"

#include "config.h"

#include <string.h>

#include "core/sl-csv.h"
#include "core/sl-regular-file.h"

G_DEFINE_QUARK (sl-csv-error-quark, sl_csv_error)

/* helpers */

static void
row_free (gpointer data)
{
  SlCsvRow *row = data;
  g_strfreev (row->fields);
  g_free (row);
}

static void
finish_row (GPtrArray *rows,
            GPtrArray *fields,
            guint      line)
{
  SlCsvRow *row;

  /* A row that is one empty field is a blank line. */
  if (fields->len == 1 && *(char *) g_ptr_array_index (fields, 0) == '\0')
    {
      g_ptr_array_set_size (fields, 0);
      return;
    }
  g_ptr_array_add (fields, NULL);
  row = g_new0 (SlCsvRow, 1);
  row->line = line;
  row->fields = (GStrv) g_ptr_array_steal (fields, NULL);
  g_ptr_array_add (rows, row);
}

/* public API */

GPtrArray *
sl_csv_parse (const char  *text,
              gsize        len,
              const char  *name,
              GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *end_valid = NULL;
  const char *p = text, *end = text + len;
  guint line = 1, row_line = 1;
  gboolean quoted = FALSE, was_quoted = FALSE;

  if (!g_utf8_validate (text, (gssize) len, &end_valid))
    {
      guint bad_line = 1;
      for (const char *q = text; q < end_valid; q++)
        bad_line += *q == '\n';
      g_set_error (error, SL_CSV_ERROR, SL_CSV_ERROR_ENCODING,
                   "'%s', line %u: not UTF-8 text", name, bad_line);
      return NULL;
    }
  /* A UTF-8 byte-order mark, as spreadsheet exports write. */
  if (len >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;

  while (p < end)
    {
      char c = *p++;

      if (quoted)
        {
          if (c == '"')
            {
              if (p < end && *p == '"')
                {
                  g_string_append_c (field, '"');
                  p++;
                }
              else
                quoted = FALSE;
            }
          else
            {
              line += c == '\n';
              g_string_append_c (field, c);
            }
          continue;
        }

      if (c == '"')
        {
          if (field->len > 0 || was_quoted)
            {
              g_set_error (error, SL_CSV_ERROR, SL_CSV_ERROR_QUOTE,
                           "'%s', line %u: a quote inside an unquoted field", name, line);
              return NULL;
            }
          quoted = was_quoted = TRUE;
        }
      else if (c == ',')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          was_quoted = FALSE;
        }
      else if (c == '\n' || c == '\r')
        {
          if (c == '\r' && p < end && *p == '\n')
            p++;
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          was_quoted = FALSE;
          finish_row (rows, fields, row_line);
          row_line = ++line;
        }
      else
        {
          if (was_quoted)
            {
              g_set_error (error, SL_CSV_ERROR, SL_CSV_ERROR_QUOTE,
                           "'%s', line %u: text after a closing quote", name, line);
              return NULL;
            }
          g_string_append_c (field, c);
        }
    }

  if (quoted)
    {
      g_set_error (error, SL_CSV_ERROR, SL_CSV_ERROR_QUOTE,
                   "'%s', line %u: a quoted field is never closed", name, row_line);
      return NULL;
    }
  if (field->len > 0 || fields->len > 0 || was_quoted)
    {
      g_ptr_array_add (fields, g_strdup (field->str));
      finish_row (rows, fields, row_line);
    }
  return g_steal_pointer (&rows);
}

GPtrArray *
sl_csv_parse_file (const char  *path,
                   GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display = g_filename_display_name (path);
  gsize len = 0;

  /* A list that is a FIFO or a device is refused, never waited on. */
  if (!sl_get_regular_contents (path, display, &contents, &len, error))
    return NULL;
  return sl_csv_parse (contents, len, display, error);
}
