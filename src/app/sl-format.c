/* sl-format.c: times as people read them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-format"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "app/sl-format.h"
#include "engine/sightline-engine.h"

char *
sl_format_time (const char *iso8601)
{
  /* Translators: a day and time as g_date_time_format () writes it, e.g.
   * "22 Nov 2026, 20:03"; use your language's usual order */
  /* xgettext:no-c-format */
  return sl_text_format_stored_time (iso8601, _("%-d %b %Y, %H:%M"));
}

char *
sl_format_time_seconds (const char *iso8601)
{
  /* Translators: a day and time to the second, e.g. "22 Nov 2026, 20:03:40" */
  /* xgettext:no-c-format */
  return sl_text_format_stored_time (iso8601, _("%-d %b %Y, %H:%M:%S"));
}

char *
sl_format_date (const char *iso8601)
{
  /* Translators: a date as g_date_time_format () writes it, e.g. "6 December 2026" */
  /* xgettext:no-c-format */
  return sl_text_format_stored_time (iso8601, _("%-d %B %Y"));
}

static const char *
from_table (const char *const table[][2],
            gsize             n,
            const char       *code)
{
  for (gsize i = 0; code != NULL && i < n; i++)
    if (g_str_equal (table[i][0], code))
      return _(table[i][1]);
  return code;
}

const char *
sl_format_purpose (const char *purpose)
{
  static const char *const known[][2] = {
    { "suspect", N_("Suspect") },
    { "victim", N_("Victim") },
    { "witness", N_("Witness") },
    { "missing-person", N_("Missing person") },
    { "deceased", N_("Deceased person") },
  };

  return from_table (known, G_N_ELEMENTS (known), purpose);
}

const char *
sl_format_probe (const char *probe)
{
  static const char *const known[][2] = {
    /* Translators: what a search compared, after the face's label: "Face 9 · IMG_0042.jpg (the face)" */
    { "face", N_("the face") },
    { "track-best", N_("the track's best view") },
    { "track-template", N_("a template of the track's best views") },
    { "person-best", N_("the person's best view") },
    { "person-template", N_("a template of the person's best views") },
  };

  return from_table (known, G_N_ELEMENTS (known), probe);
}

const char *
sl_format_group (const char *name)
{
  static const char *const known[][2] = {
    /* Translators: the attribute per-group error rates are measured by
     * (a column of the labels file), and its groups: perceived gender */
    { "gender", N_("gender") },
    { "female", N_("female") },
    { "male", N_("male") },
  };

  return from_table (known, G_N_ELEMENTS (known), name);
}

const char *
sl_format_audit_outcome (const char *outcome)
{
  static const char *const known[][2] = {
    /* Translators: the outcome of an audited action that went through */
    { "success", N_("Done") },
    { "refused", N_("Refused") },
    { "failed", N_("Failed") },
  };

  return from_table (known, G_N_ELEMENTS (known), outcome);
}

char *
sl_format_expected_false (double expected)
{
  g_autofree char *count = NULL;

  if (!(expected > 0))
    return g_strdup (_("none"));
  if (expected >= 1.0)
    /* Translators: false candidates expected in each search, e.g. "2.4 per search" */
    return g_strdup_printf (_("%.1f per search"), expected);
  count = sl_format_count ((guint64) llround (1.0 / expected));
  /* Translators: e.g. "about 1 in 5,000 searches" */
  return g_strdup_printf (_("about 1 in %s searches"), count);
}
