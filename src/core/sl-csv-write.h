/* sl-csv-write.h: writing comma-separated cells that stay data when a
 * spreadsheet opens them (OWASP, CSV injection).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends one RFC 4180 cell. A cell a spreadsheet would read as a formula
 * (it begins with '=', '+', '-', '@', a tab or a carriage return) is
 * neutralised as OWASP advises: a single quote is put before it and the
 * cell is quoted. Quotes inside are doubled; a cell with a comma, quote or
 * line break is quoted. NULL appends an empty cell. */
void      sl_csv_append_cell      (GString     *out,
                                   const char  *text);
/* Whether a cell beginning so would be read as a formula. */
gboolean  sl_csv_cell_is_formula  (const char  *text);

G_END_DECLS
