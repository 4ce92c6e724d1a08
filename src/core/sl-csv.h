/* sl-csv.h: a strict reader of comma-separated text (RFC 4180: quoted
 * fields may hold commas, quotes and line breaks), with line numbers for
 * every complaint.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_CSV_ERROR (sl_csv_error_quark ())

typedef enum
{
  SL_CSV_ERROR_ENCODING,     /* not UTF-8 */
  SL_CSV_ERROR_QUOTE,        /* an unterminated or misplaced quote */
  SL_CSV_ERROR_FIELDS,       /* a row with too few fields */
} SlCsvError;

GQuark sl_csv_error_quark (void);

typedef struct
{
  guint   line;      /* where the row starts, 1-based */
  GStrv   fields;
} SlCsvRow;

/* Parses the whole text; rows that are empty are skipped. On error nothing
 * is returned and the message names `name` and the line. */
GPtrArray *sl_csv_parse      (const char  *text,
                              gsize        len,
                              const char  *name,
                              GError     **error);
GPtrArray *sl_csv_parse_file (const char  *path,
                              GError     **error);

G_END_DECLS
