/* sl-fairness.c: per-group score histograms of an embedder, their file,
 * and the error rates, intervals and ratios they give at a threshold.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-fairness"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/sl-binomial.h"
#include "core/sl-fairness.h"
#include "core/sl-score-bins.h"

#define GROUP_PREFIX "Group "

typedef struct
{
  char    *attribute;
  char    *group;
  guint    images;
  guint    identities;
  guint64 *mated;        /* per bin: scores in [t_i, t_i + step) */
  guint64 *nonmated;
  guint64 *mated_ge;     /* per bin: scores >= t_i; derived */
  guint64 *nonmated_ge;
} Group;

struct _SlFairness
{
  gatomicrefcount  ref_count;
  char            *model_id;
  char            *model_sha256;
  char            *dataset;
  char            *limits;
  char            *created;
  char            *file_sha256;
  double           step;
  guint            n_bins;
  guint            images;
  guint            identities;
  guint            no_face;
  double           threshold;
  double           target_fmr;
  GPtrArray       *groups;       /* Group */
  GPtrArray       *attributes;   /* char *, NULL-terminated */
};

G_DEFINE_QUARK (sl-fairness-error-quark, sl_fairness_error)

/* helpers */

static void
group_free (Group *g)
{
  g_free (g->attribute);
  g_free (g->group);
  g_free (g->mated);
  g_free (g->nonmated);
  g_free (g->mated_ge);
  g_free (g->nonmated_ge);
  g_free (g);
}

/* Rounded to a millionth: 0.501, not 0.50100000000000011. */
static double
bin_score (SlFairness *self,
           guint       i)
{
  return round (sl_score_bins_lower (self->step, i) * 1e6) / 1e6;
}

/* The bin whose lower edge is at or below the score, as the calibration
 * bins: a false-match count read from it is never understated. */
static guint
bin_of (SlFairness *self,
        double      score)
{
  return sl_score_bins_index (self->step, self->n_bins, score);
}

static void
recount (SlFairness *self,
         Group      *g)
{
  sl_score_bins_cumulate (g->mated, g->mated_ge, self->n_bins);
  sl_score_bins_cumulate (g->nonmated, g->nonmated_ge, self->n_bins);
}

static Group *
group_new (SlFairness *self,
           const char *attribute,
           const char *group)
{
  Group *g = g_new0 (Group, 1);

  g->attribute = g_strdup (attribute);
  g->group = g_strdup (group);
  g->mated = g_new0 (guint64, self->n_bins);
  g->nonmated = g_new0 (guint64, self->n_bins);
  g->mated_ge = g_new0 (guint64, self->n_bins);
  g->nonmated_ge = g_new0 (guint64, self->n_bins);
  return g;
}

static void
note_attribute (SlFairness *self,
                const char *attribute)
{
  for (guint i = 0; i + 1 < self->attributes->len; i++)
    if (g_str_equal (g_ptr_array_index (self->attributes, i), attribute))
      return;
  g_ptr_array_insert (self->attributes, (int) self->attributes->len - 1, g_strdup (attribute));
}

static SlFairness *
fairness_alloc (double step)
{
  SlFairness *self = g_new0 (SlFairness, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->step = step;
  self->n_bins = sl_score_bins_n (step);
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  self->attributes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->attributes, NULL);
  return self;
}

/* Six significant digits: 0.48, not 0.47999999999999998. */
static void
set_number (GKeyFile   *kf,
            const char *key,
            double      value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_key_file_set_string (kf, "Fairness", key, g_ascii_formatd (text, sizeof text, "%.6g", value));
}

static gboolean
invalid (GError     **error,
         const char  *path,
         const char  *why)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, SL_FAIRNESS_ERROR, SL_FAIRNESS_ERROR_INVALID,
               _("Per-group measurement '%s' is malformed: %s"), display, why);
  return FALSE;
}

static void
fill_rates (SlFairness   *self,
            Group        *g,
            double        threshold,
            double        target_fmr,
            SlGroupRates *r)
{
  guint b = bin_of (self, threshold);
  guint64 min_fmr = sl_fairness_min_pairs (target_fmr);
  guint64 min_fnmr = sl_fairness_min_pairs (SL_FAIRNESS_FNMR_RESOLUTION);

  r->attribute = g->attribute;
  r->group = g->group;
  r->images = g->images;
  r->identities = g->identities;
  r->mated_pairs = g->mated_ge[0];
  r->non_mated_pairs = g->nonmated_ge[0];
  r->false_matches = g->nonmated_ge[b];
  /* The threshold's own bin counts as below: never understated either. */
  r->false_non_matches = r->mated_pairs - (b + 1 < self->n_bins ? g->mated_ge[b + 1] : 0);

  r->fmr_enough = r->non_mated_pairs > 0 && r->non_mated_pairs >= min_fmr;
  r->fmr = r->non_mated_pairs > 0 ? (double) r->false_matches / r->non_mated_pairs : NAN;
  sl_binomial_interval (r->false_matches, r->non_mated_pairs, SL_FAIRNESS_CONFIDENCE, &r->fmr_lo, &r->fmr_hi);
  r->fnmr_enough = r->mated_pairs > 0 && r->mated_pairs >= min_fnmr;
  r->fnmr = r->mated_pairs > 0 ? (double) r->false_non_matches / r->mated_pairs : NAN;
  sl_binomial_interval (r->false_non_matches, r->mated_pairs, SL_FAIRNESS_CONFIDENCE, &r->fnmr_lo, &r->fnmr_hi);

  r->threshold_at_target = NAN;
  if (r->fmr_enough)
    for (guint i = 0; i < self->n_bins; i++)
      if ((double) g->nonmated_ge[i] / r->non_mated_pairs <= target_fmr)
        {
          r->threshold_at_target = bin_score (self, i);
          break;
        }
}

/* Highest over lowest of the groups' rates (fnmr: FALSE for FMR), with the
 * Bonferroni-combined interval; see sl-fairness.h. */
static gboolean
rate_ratio (GArray   *groups,
            gboolean  fnmr,
            double   *ratio,
            double   *lo,
            double   *hi,
            int      *worst_index)
{
  const double confidence = 1.0 - (1.0 - SL_FAIRNESS_CONFIDENCE) / 2.0;
  SlGroupRates *worst = NULL, *best = NULL;
  double w_lo, w_hi, b_lo, b_hi;
  guint n = 0;

  for (guint i = 0; i < groups->len; i++)
    {
      SlGroupRates *r = &g_array_index (groups, SlGroupRates, i);
      double rate = fnmr ? r->fnmr : r->fmr;

      if (!(fnmr ? r->fnmr_enough : r->fmr_enough))
        continue;
      n++;
      if (worst == NULL || rate > (fnmr ? worst->fnmr : worst->fmr))
        {
          worst = r;
          if (worst_index != NULL)
            *worst_index = (int) i;
        }
      if (best == NULL || rate < (fnmr ? best->fnmr : best->fmr))
        best = r;
    }
  if (n < 2)
    return FALSE;

  sl_binomial_interval (fnmr ? worst->false_non_matches : worst->false_matches,
                        fnmr ? worst->mated_pairs : worst->non_mated_pairs, confidence, &w_lo, &w_hi);
  sl_binomial_interval (fnmr ? best->false_non_matches : best->false_matches,
                        fnmr ? best->mated_pairs : best->non_mated_pairs, confidence, &b_lo, &b_hi);
  {
    double w = fnmr ? worst->fnmr : worst->fmr;
    double b = fnmr ? best->fnmr : best->fmr;

    *ratio = b > 0 ? w / b : (w > 0 ? INFINITY : NAN);
  }
  *lo = b_hi > 0 ? w_lo / b_hi : 0.0;
  *hi = b_lo > 0 ? w_hi / b_lo : INFINITY;
  return TRUE;
}

/* public API */

SlFairness *
sl_fairness_new (const char *model_id,
                 const char *model_sha256,
                 const char *dataset,
                 const char *limits,
                 double      step)
{
  SlFairness *self;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (model_id != NULL, NULL);
  g_return_val_if_fail (step > 0 && step <= 0.1, NULL);

  self = fairness_alloc (step);
  self->model_id = g_strdup (model_id);
  self->model_sha256 = g_strdup (model_sha256);
  self->dataset = g_strdup (dataset);
  self->limits = g_strdup (limits);
  self->created = g_date_time_format_iso8601 (now);
  self->threshold = NAN;
  self->target_fmr = NAN;
  return self;
}

guint
sl_fairness_add_group (SlFairness *self,
                       const char *attribute,
                       const char *group,
                       guint       images,
                       guint       identities)
{
  Group *g = group_new (self, attribute, group);

  g->images = images;
  g->identities = identities;
  g_ptr_array_add (self->groups, g);
  note_attribute (self, attribute);
  return self->groups->len - 1;
}

void
sl_fairness_add_scores (SlFairness  *self,
                        guint        group,
                        const float *scores,
                        gsize        n,
                        gboolean     mated)
{
  Group *g;
  guint64 *bins;

  g_return_if_fail (group < self->groups->len);

  g = g_ptr_array_index (self->groups, group);
  bins = mated ? g->mated : g->nonmated;
  for (gsize i = 0; i < n; i++)
    bins[bin_of (self, scores[i])]++;
  recount (self, g);
}

void
sl_fairness_set_counts (SlFairness *self,
                        guint       images,
                        guint       identities,
                        guint       no_face)
{
  self->images = images;
  self->identities = identities;
  self->no_face = no_face;
}

void
sl_fairness_set_operating_point (SlFairness *self,
                                 double      threshold,
                                 double      target_fmr)
{
  self->threshold = threshold;
  self->target_fmr = target_fmr;
}

SlFairness *
sl_fairness_load (const char  *path,
                  GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(SlFairness) self = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_auto(GStrv) sections = NULL;
  gsize len = 0;
  double step;

  if (!g_file_get_contents (path, &contents, &len, error) ||
      !g_key_file_load_from_data (kf, contents, len, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, _("Cannot read per-group measurement '%s': "), display);
      return NULL;
    }
  step = g_key_file_get_double (kf, "Fairness", "step", NULL);
  if (!(step > 0 && step <= 0.1))
    {
      invalid (error, path, _("no valid step"));
      return NULL;
    }

  self = fairness_alloc (step);
  self->file_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  self->model_id = g_key_file_get_string (kf, "Fairness", "model", NULL);
  self->model_sha256 = g_key_file_get_string (kf, "Fairness", "model-sha256", NULL);
  self->dataset = g_key_file_get_string (kf, "Fairness", "dataset", NULL);
  self->limits = g_key_file_get_string (kf, "Fairness", "limits", NULL);
  self->created = g_key_file_get_string (kf, "Fairness", "created", NULL);
  self->images = (guint) g_key_file_get_integer (kf, "Fairness", "images", NULL);
  self->identities = (guint) g_key_file_get_integer (kf, "Fairness", "identities", NULL);
  self->no_face = (guint) g_key_file_get_integer (kf, "Fairness", "no-face", NULL);
  self->threshold = g_key_file_has_key (kf, "Fairness", "threshold", NULL)
                    ? g_key_file_get_double (kf, "Fairness", "threshold", NULL) : NAN;
  self->target_fmr = g_key_file_has_key (kf, "Fairness", "target-fmr", NULL)
                     ? g_key_file_get_double (kf, "Fairness", "target-fmr", NULL) : NAN;
  if (self->model_id == NULL || self->model_sha256 == NULL)
    {
      invalid (error, path, _("it names no model"));
      return NULL;
    }

  sections = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; sections[i] != NULL; i++)
    {
      g_autofree char *attribute = NULL;
      g_autofree char *group = NULL;
      g_autofree char *mated = NULL;
      g_autofree char *nonmated = NULL;
      Group *g;

      if (!g_str_has_prefix (sections[i], GROUP_PREFIX))
        continue;
      attribute = g_key_file_get_string (kf, sections[i], "attribute", NULL);
      group = g_key_file_get_string (kf, sections[i], "group", NULL);
      if (attribute == NULL || group == NULL || *attribute == '\0' || *group == '\0')
        {
          g_autofree char *why = g_strdup_printf (_("[%s] names no attribute and group"), sections[i]);
          invalid (error, path, why);
          return NULL;
        }
      g = group_new (self, attribute, group);
      g_ptr_array_add (self->groups, g);
      note_attribute (self, attribute);
      g->images = (guint) g_key_file_get_integer (kf, sections[i], "images", NULL);
      g->identities = (guint) g_key_file_get_integer (kf, sections[i], "identities", NULL);
      mated = g_key_file_get_string (kf, sections[i], "mated", NULL);
      nonmated = g_key_file_get_string (kf, sections[i], "non-mated", NULL);
      if (!sl_score_bins_parse (mated, g->mated, self->n_bins) ||
          !sl_score_bins_parse (nonmated, g->nonmated, self->n_bins))
        {
          g_autofree char *why = g_strdup_printf (_("[%s] has malformed score counts"), sections[i]);
          invalid (error, path, why);
          return NULL;
        }
      recount (self, g);
    }
  if (self->groups->len == 0)
    {
      invalid (error, path, _("it holds no group"));
      return NULL;
    }
  return g_steal_pointer (&self);
}

gboolean
sl_fairness_save (SlFairness  *self,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize len = 0;

  g_key_file_set_comment (kf, NULL, NULL,
                          " Sightline per-group measurement of one embedder: for each group of each\n"
                          " attribute, scores of mated pairs and of non-mated pairs within the group.\n"
                          " Counts per bin of width 'step' from -1; bin:count, empty bins left out.", NULL);
  g_key_file_set_string (kf, "Fairness", "model", self->model_id);
  g_key_file_set_string (kf, "Fairness", "model-sha256", self->model_sha256 ? self->model_sha256 : "");
  g_key_file_set_string (kf, "Fairness", "dataset", self->dataset ? self->dataset : "");
  g_key_file_set_string (kf, "Fairness", "limits", self->limits ? self->limits : "");
  g_key_file_set_string (kf, "Fairness", "created", self->created ? self->created : "");
  g_key_file_set_integer (kf, "Fairness", "images", (int) self->images);
  g_key_file_set_integer (kf, "Fairness", "identities", (int) self->identities);
  g_key_file_set_integer (kf, "Fairness", "no-face", (int) self->no_face);
  g_key_file_set_double (kf, "Fairness", "step", self->step);
  if (!isnan (self->threshold))
    set_number (kf, "threshold", self->threshold);
  if (!isnan (self->target_fmr))
    set_number (kf, "target-fmr", self->target_fmr);

  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *g = g_ptr_array_index (self->groups, i);
      g_autofree char *section = g_strdup_printf (GROUP_PREFIX "%u", i + 1);
      g_autofree char *mated = sl_score_bins_format (g->mated, self->n_bins);
      g_autofree char *nonmated = sl_score_bins_format (g->nonmated, self->n_bins);

      g_key_file_set_string (kf, section, "attribute", g->attribute);
      g_key_file_set_string (kf, section, "group", g->group);
      g_key_file_set_integer (kf, section, "images", (int) g->images);
      g_key_file_set_integer (kf, section, "identities", (int) g->identities);
      g_key_file_set_uint64 (kf, section, "mated-pairs", g->mated_ge[0]);
      g_key_file_set_uint64 (kf, section, "non-mated-pairs", g->nonmated_ge[0]);
      g_key_file_set_string (kf, section, "mated", mated);
      g_key_file_set_string (kf, section, "non-mated", nonmated);
    }

  data = g_key_file_to_data (kf, &len, NULL);
  /* g_file_set_contents writes a temporary file and renames it: a reader
   * never sees half a measurement. */
  if (!g_file_set_contents (path, data, (gssize) len, error))
    return FALSE;
  g_free (self->file_sha256);
  self->file_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  return TRUE;
}

SlFairness *
sl_fairness_ref (SlFairness *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sl_fairness_unref (SlFairness *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->model_id);
  g_free (self->model_sha256);
  g_free (self->dataset);
  g_free (self->limits);
  g_free (self->created);
  g_free (self->file_sha256);
  g_ptr_array_unref (self->groups);
  g_ptr_array_unref (self->attributes);
  g_free (self);
}

const char *
sl_fairness_get_model_id (SlFairness *self)
{
  return self->model_id;
}

const char *
sl_fairness_get_model_sha256 (SlFairness *self)
{
  return self->model_sha256;
}

const char *
sl_fairness_get_dataset (SlFairness *self)
{
  return self->dataset;
}

const char *
sl_fairness_get_limits (SlFairness *self)
{
  return self->limits;
}

const char *
sl_fairness_get_created (SlFairness *self)
{
  return self->created;
}

const char *
sl_fairness_get_file_sha256 (SlFairness *self)
{
  return self->file_sha256;
}

guint
sl_fairness_get_images (SlFairness *self)
{
  return self->images;
}

guint
sl_fairness_get_identities (SlFairness *self)
{
  return self->identities;
}

guint
sl_fairness_get_no_face (SlFairness *self)
{
  return self->no_face;
}

double
sl_fairness_get_threshold (SlFairness *self)
{
  return self->threshold;
}

double
sl_fairness_get_target_fmr (SlFairness *self)
{
  return self->target_fmr;
}

const char * const *
sl_fairness_get_attributes (SlFairness *self)
{
  return (const char * const *) self->attributes->pdata;
}

char *
sl_fairness_describe (SlFairness *self)
{
  return g_strdup_printf ("%s: %s (measured %s, file SHA-256 %s)", self->model_id,
                          self->dataset != NULL ? self->dataset : "",
                          self->created != NULL ? self->created : "?",
                          self->file_sha256 != NULL ? self->file_sha256 : "not saved");
}

guint
sl_fairness_get_n_groups (SlFairness *self)
{
  return self->groups->len;
}

const char *
sl_fairness_get_group (SlFairness  *self,
                       guint        index,
                       const char **attribute)
{
  Group *g;

  g_return_val_if_fail (index < self->groups->len, NULL);

  g = g_ptr_array_index (self->groups, index);
  if (attribute != NULL)
    *attribute = g->attribute;
  return g->group;
}

double
sl_fairness_group_fmr (SlFairness *self,
                       guint       index,
                       double      threshold,
                       guint64    *non_mated_pairs)
{
  Group *g;

  g_return_val_if_fail (index < self->groups->len, NAN);

  g = g_ptr_array_index (self->groups, index);
  if (non_mated_pairs != NULL)
    *non_mated_pairs = g->nonmated_ge[0];
  return g->nonmated_ge[0] > 0 ? (double) g->nonmated_ge[bin_of (self, threshold)] / g->nonmated_ge[0] : NAN;
}

guint64
sl_fairness_min_pairs (double resolution)
{
  g_return_val_if_fail (resolution > 0 && resolution < 1, G_MAXUINT64);

  return (guint64) ceil (log ((1.0 - SL_FAIRNESS_CONFIDENCE) / 2.0) / log1p (-resolution) - 1e-9);
}

void
sl_attribute_rates_free (SlAttributeRates *rates)
{
  if (rates == NULL)
    return;
  g_array_unref (rates->groups);
  g_free (rates);
}

GPtrArray *
sl_fairness_rates (SlFairness *self,
                   double      threshold,
                   double      target_fmr)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_attribute_rates_free);

  g_return_val_if_fail (target_fmr > 0 && target_fmr < 1, out);

  for (guint a = 0; a + 1 < self->attributes->len; a++)
    {
      const char *attribute = g_ptr_array_index (self->attributes, a);
      SlAttributeRates *ar = g_new0 (SlAttributeRates, 1);
      gboolean unreachable = FALSE;

      ar->attribute = attribute;
      ar->groups = g_array_new (FALSE, TRUE, sizeof (SlGroupRates));
      ar->worst_group = -1;
      for (guint i = 0; i < self->groups->len; i++)
        {
          Group *g = g_ptr_array_index (self->groups, i);
          SlGroupRates r = { 0 };

          if (!g_str_equal (g->attribute, attribute))
            continue;
          fill_rates (self, g, threshold, target_fmr, &r);
          g_array_append_val (ar->groups, r);
        }

      ar->has_fmr_ratio = rate_ratio (ar->groups, FALSE, &ar->fmr_ratio, &ar->fmr_ratio_lo, &ar->fmr_ratio_hi,
                                      &ar->worst_group);
      ar->has_fnmr_ratio = rate_ratio (ar->groups, TRUE, &ar->fnmr_ratio, &ar->fnmr_ratio_lo, &ar->fnmr_ratio_hi,
                                       NULL);
      /* With a single group of enough pairs there is no ratio, but still a
       * worst group. A group that exceeds the target at every score (the
       * same photo under two names scores 1) leaves no such threshold. */
      for (guint i = 0; i < ar->groups->len; i++)
        {
          SlGroupRates *r = &g_array_index (ar->groups, SlGroupRates, i);

          if (!r->fmr_enough)
            continue;
          if (ar->worst_group < 0 || r->fmr > g_array_index (ar->groups, SlGroupRates, ar->worst_group).fmr)
            ar->worst_group = (int) i;
          if (isnan (r->threshold_at_target))
            unreachable = TRUE;
          else if (!ar->has_worst_group_threshold || r->threshold_at_target > ar->worst_group_threshold)
            ar->worst_group_threshold = r->threshold_at_target;
          ar->has_worst_group_threshold = !unreachable;
        }
      g_ptr_array_add (out, ar);
    }
  return out;
}
