/* sl-score-bins.c: similarity scores counted in bins over [-1, 1].
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-score-bins"

#include "config.h"

#include <math.h>
#include <string.h>

#include "core/sl-score-bins.h"

/* public API */

guint
sl_score_bins_n (double step)
{
  return (guint) floor (2.0 / step + 0.5) + 1;
}

double
sl_score_bins_lower (double step,
                     guint  i)
{
  return -1.0 + i * step;
}

guint
sl_score_bins_index (double step,
                     guint  n_bins,
                     double score)
{
  double x = floor ((score + 1.0) / step + 1e-9);

  if (x < 0)
    return 0;
  if (x >= n_bins)
    return n_bins - 1;
  return (guint) x;
}

guint64
sl_score_bins_cumulate (const guint64 *counts,
                        guint64       *ge,
                        guint          n_bins)
{
  guint64 total = 0;

  for (guint i = n_bins; i-- > 0;)
    {
      total += counts[i];
      ge[i] = total;
    }
  return total;
}

char *
sl_score_bins_format (const guint64 *counts,
                      guint          n_bins)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < n_bins; i++)
    if (counts[i] > 0)
      g_string_append_printf (s, "%s%u:%" G_GUINT64_FORMAT, s->len ? ";" : "", i, counts[i]);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

gboolean
sl_score_bins_parse (const char *text,
                     guint64    *counts,
                     guint       n_bins)
{
  g_auto(GStrv) items = g_strsplit (text != NULL ? text : "", ";", -1);

  for (guint k = 0; items[k] != NULL; k++)
    {
      char *colon = strchr (items[k], ':');
      guint64 bin, count;

      if (*g_strstrip (items[k]) == '\0')
        continue;
      if (colon == NULL)
        return FALSE;
      *colon = '\0';
      if (!g_ascii_string_to_unsigned (items[k], 10, 0, n_bins - 1, &bin, NULL) ||
          !g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXUINT64, &count, NULL))
        return FALSE;
      counts[bin] = count;
    }
  return TRUE;
}
