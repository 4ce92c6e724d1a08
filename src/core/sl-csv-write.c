/* sl-csv-write.c: cells for every CSV file Sightline writes, neutralised
 * against formula injection: an audit row's details or a case title typed
 * by anyone must open in a spreadsheet as the text it is.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-csv"

#include "config.h"

#include "core/sl-csv-write.h"

/* public API */

gboolean
sl_csv_cell_is_formula (const char *text)
{
  if (text == NULL)
    return FALSE;
  switch (text[0])
    {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return TRUE;
    default:
      return FALSE;
    }
}

void
sl_csv_append_cell (GString    *out,
                    const char *text)
{
  gboolean formula, quote;

  g_return_if_fail (out != NULL);

  if (text == NULL)
    return;
  formula = sl_csv_cell_is_formula (text);
  quote = formula;
  for (const char *p = text; *p != '\0' && !quote; p++)
    quote = *p == ',' || *p == '"' || *p == '\n' || *p == '\r';
  if (!quote)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
