/* sl-calibration.c: measured score distributions of an embedder, and what
 * they say about a score.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-calibration"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-calibration.h"
#include "core/sl-score-bins.h"

struct _SlCalibration
{
  gatomicrefcount  ref_count;
  char            *model_id;
  char            *model_sha256;
  char            *dataset;
  char            *created;
  double           step;
  guint            n_bins;
  guint64         *mated;      /* per bin: scores in [t_i, t_i + step) */
  guint64         *nonmated;
  guint64         *mated_ge;   /* per bin: scores >= t_i; derived */
  guint64         *nonmated_ge;
  guint64          n_mated;
  guint64          n_nonmated;
  guint            images;
  guint            identities;
};

G_DEFINE_QUARK (sl-calibration-error-quark, sl_calibration_error)

/* helpers */

static double
bin_score (SlCalibration *self,
           guint          i)
{
  return sl_score_bins_lower (self->step, i);
}

static guint
bin_of (SlCalibration *self,
        double         score)
{
  return sl_score_bins_index (self->step, self->n_bins, score);
}

static void
recount (SlCalibration *self)
{
  self->n_mated = sl_score_bins_cumulate (self->mated, self->mated_ge, self->n_bins);
  self->n_nonmated = sl_score_bins_cumulate (self->nonmated, self->nonmated_ge, self->n_bins);
}

static void
alloc_bins (SlCalibration *self,
            double         step)
{
  self->step = step;
  self->n_bins = sl_score_bins_n (step);
  self->mated = g_new0 (guint64, self->n_bins);
  self->nonmated = g_new0 (guint64, self->n_bins);
  self->mated_ge = g_new0 (guint64, self->n_bins);
  self->nonmated_ge = g_new0 (guint64, self->n_bins);
}

static gboolean
parse_counts (const char  *text,
              guint64     *bins,
              guint        n,
              const char  *what,
              GError     **error)
{
  if (sl_score_bins_parse (text, bins, n))
    return TRUE;
  g_set_error (error, SL_CALIBRATION_ERROR, SL_CALIBRATION_ERROR_INVALID,
               "malformed %s counts", what);
  return FALSE;
}

/* public API */

SlCalibration *
sl_calibration_new (const char *model_id,
                    const char *model_sha256,
                    const char *dataset,
                    double      step)
{
  SlCalibration *self = g_new0 (SlCalibration, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (step > 0 && step <= 0.1, NULL);

  g_atomic_ref_count_init (&self->ref_count);
  self->model_id = g_strdup (model_id);
  self->model_sha256 = g_strdup (model_sha256);
  self->dataset = g_strdup (dataset);
  self->created = g_date_time_format_iso8601 (now);
  alloc_bins (self, step);
  return self;
}

void
sl_calibration_add_scores (SlCalibration *self,
                           const float   *scores,
                           gsize          n,
                           gboolean       mated)
{
  guint64 *bins = mated ? self->mated : self->nonmated;

  for (gsize i = 0; i < n; i++)
    bins[bin_of (self, scores[i])]++;
  recount (self);
}

void
sl_calibration_set_counts (SlCalibration *self,
                           guint          images,
                           guint          identities)
{
  self->images = images;
  self->identities = identities;
}

SlCalibration *
sl_calibration_load (const char  *path,
                     GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(SlCalibration) self = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *mated = NULL;
  g_autofree char *nonmated = NULL;
  g_autoptr(GError) local = NULL;
  double step;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "Cannot read calibration '%s': ", display);
      return NULL;
    }
  step = g_key_file_get_double (kf, "Calibration", "step", NULL);
  if (!(step > 0 && step <= 0.1))
    {
      g_set_error (error, SL_CALIBRATION_ERROR, SL_CALIBRATION_ERROR_INVALID,
                   "Calibration '%s' has no valid step", display);
      return NULL;
    }

  self = g_new0 (SlCalibration, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->model_id = g_key_file_get_string (kf, "Calibration", "model", NULL);
  self->model_sha256 = g_key_file_get_string (kf, "Calibration", "model-sha256", NULL);
  self->dataset = g_key_file_get_string (kf, "Calibration", "dataset", NULL);
  self->created = g_key_file_get_string (kf, "Calibration", "created", NULL);
  self->images = (guint) g_key_file_get_integer (kf, "Calibration", "images", NULL);
  self->identities = (guint) g_key_file_get_integer (kf, "Calibration", "identities", NULL);
  alloc_bins (self, step);

  mated = g_key_file_get_string (kf, "Calibration", "mated", NULL);
  nonmated = g_key_file_get_string (kf, "Calibration", "non-mated", NULL);
  if (self->model_id == NULL ||
      !parse_counts (mated, self->mated, self->n_bins, "mated", &local) ||
      !parse_counts (nonmated, self->nonmated, self->n_bins, "non-mated", &local))
    {
      g_set_error (error, SL_CALIBRATION_ERROR, SL_CALIBRATION_ERROR_INVALID,
                   "Calibration '%s' is malformed: %s", display,
                   local != NULL ? local->message : "no model named");
      return NULL;
    }
  recount (self);
  if (self->n_mated == 0 || self->n_nonmated == 0)
    {
      g_set_error (error, SL_CALIBRATION_ERROR, SL_CALIBRATION_ERROR_INVALID,
                   "Calibration '%s' holds no measured pairs", display);
      return NULL;
    }
  return g_steal_pointer (&self);
}

gboolean
sl_calibration_save (SlCalibration  *self,
                     const char     *path,
                     GError        **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *mated = sl_score_bins_format (self->mated, self->n_bins);
  g_autofree char *nonmated = sl_score_bins_format (self->nonmated, self->n_bins);

  g_key_file_set_comment (kf, NULL, NULL,
                          " Sightline calibration: measured similarity scores of one embedder.\n"
                          " Counts per bin of width 'step' from -1; bin:count, empty bins left out.", NULL);
  g_key_file_set_string (kf, "Calibration", "model", self->model_id);
  g_key_file_set_string (kf, "Calibration", "model-sha256", self->model_sha256 ? self->model_sha256 : "");
  g_key_file_set_string (kf, "Calibration", "dataset", self->dataset ? self->dataset : "");
  g_key_file_set_string (kf, "Calibration", "created", self->created ? self->created : "");
  g_key_file_set_integer (kf, "Calibration", "images", (int) self->images);
  g_key_file_set_integer (kf, "Calibration", "identities", (int) self->identities);
  g_key_file_set_double (kf, "Calibration", "step", self->step);
  g_key_file_set_uint64 (kf, "Calibration", "mated-pairs", self->n_mated);
  g_key_file_set_uint64 (kf, "Calibration", "non-mated-pairs", self->n_nonmated);
  g_key_file_set_string (kf, "Calibration", "mated", mated);
  g_key_file_set_string (kf, "Calibration", "non-mated", nonmated);
  return g_key_file_save_to_file (kf, path, error);
}

SlCalibration *
sl_calibration_ref (SlCalibration *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sl_calibration_unref (SlCalibration *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->model_id);
  g_free (self->model_sha256);
  g_free (self->dataset);
  g_free (self->created);
  g_free (self->mated);
  g_free (self->nonmated);
  g_free (self->mated_ge);
  g_free (self->nonmated_ge);
  g_free (self);
}

const char *
sl_calibration_get_model_id (SlCalibration *self)
{
  return self->model_id;
}

const char *
sl_calibration_get_model_sha256 (SlCalibration *self)
{
  return self->model_sha256;
}

const char *
sl_calibration_get_dataset (SlCalibration *self)
{
  return self->dataset;
}

const char *
sl_calibration_get_created (SlCalibration *self)
{
  return self->created;
}

guint64
sl_calibration_get_n_mated (SlCalibration *self)
{
  return self->n_mated;
}

guint64
sl_calibration_get_n_nonmated (SlCalibration *self)
{
  return self->n_nonmated;
}

double
sl_calibration_false_match_rate (SlCalibration *self,
                                 double         score,
                                 gboolean      *beyond)
{
  guint64 count;

  g_return_val_if_fail (self->n_nonmated > 0, 1.0);

  count = self->nonmated_ge[bin_of (self, score)];
  if (beyond != NULL)
    *beyond = count == 0;
  return count > 0 ? (double) count / self->n_nonmated : 1.0 / self->n_nonmated;
}

double
sl_calibration_true_match_rate (SlCalibration *self,
                                double         score)
{
  guint i = bin_of (self, score);

  g_return_val_if_fail (self->n_mated > 0, 0.0);
  /* The bin above: a true-match rate is never overstated either. */
  if (i + 1 < self->n_bins)
    i++;
  return (double) self->mated_ge[i] / self->n_mated;
}

double
sl_calibration_score_at_rate (SlCalibration *self,
                              double         rate,
                              gboolean      *beyond)
{
  for (guint i = 0; i < self->n_bins; i++)
    if ((double) self->nonmated_ge[i] / self->n_nonmated <= rate)
      {
        if (beyond != NULL)
          *beyond = self->nonmated_ge[i] == 0 && rate < 1.0 / self->n_nonmated;
        return bin_score (self, i);
      }
  if (beyond != NULL)
    *beyond = TRUE;
  return 1.0;
}

/* Thousands grouped as the locale's numbers are: its own separator
 * ("5.912.874" in German, where "97,5 %" is printed beside it), else
 * whichever of ',' and '.' is not its decimal point: "1 in 25,657" where
 * the decimal point is a comma would read as twenty-five. */
static const char *
group_separator (void)
{
  const struct lconv *lc = localeconv ();

  if (lc->thousands_sep != NULL && *lc->thousands_sep != '\0')
    return lc->thousands_sep;
  return lc->decimal_point != NULL && g_str_equal (lc->decimal_point, ",") ? "." : ",";
}

char *
sl_format_count (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  g_autoptr(GString) s = g_string_new (NULL);
  const char *separator = group_separator ();
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (s, separator);
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
sl_calibration_describe (SlCalibration *self,
                         double         score)
{
  gboolean beyond = FALSE;
  double rate = sl_calibration_false_match_rate (self, score, &beyond);
  g_autofree char *n = sl_format_count ((guint64) floor (1.0 / rate + 0.5));

  if (beyond)
    /* Translators: %s is a count such as "5,912,874" */
    return g_strdup_printf (_("below 1 in %s, beyond the measured range"), n);
  /* "1 in 2" says little; a share reads better for common scores. */
  if (rate >= 0.1)
    return g_strdup_printf (_("%.0f%% of unrelated faces score this high"), rate * 100);
  /* Translators: %s is a count such as "40,000" */
  return g_strdup_printf (_("1 in %s unrelated faces score this high"), n);
}
