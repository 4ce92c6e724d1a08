/* sl-fairness.h: a per-group measurement of an embedder (a "fairness
 * measurement"): for each attribute of a labelled test set (gender,
 * age band...) and each of its groups, the similarity scores of mated pairs
 * and of non-mated pairs WITHIN the group, kept as histograms so that the
 * groups' error rates can be read at any threshold without embedding again.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_FAIRNESS_ERROR (sl_fairness_error_quark ())

typedef enum
{
  SL_FAIRNESS_ERROR_INVALID,   /* a malformed measurement file */
  SL_FAIRNESS_ERROR_MODEL,     /* measured on another model file */
  SL_FAIRNESS_ERROR_MISSING,   /* the model has no measurement */
  SL_FAIRNESS_ERROR_LABELS,    /* a bad label file */
} SlFairnessError;

GQuark sl_fairness_error_quark (void);

/* The confidence of every interval reported. */
#define SL_FAIRNESS_CONFIDENCE 0.95
/* The resolution a false non-match rate must reach to be reported: one
 * percentage point (see sl_fairness_min_pairs). */
#define SL_FAIRNESS_FNMR_RESOLUTION 0.01

typedef struct _SlFairness SlFairness;

SlFairness *sl_fairness_new             (const char   *model_id,
                                         const char   *model_sha256,
                                         const char   *dataset,
                                         const char   *limits,
                                         double        step);
/* A group of an attribute; returns its index. images: photos of the group
 * with a face; identities: distinct people among them. */
guint       sl_fairness_add_group       (SlFairness   *self,
                                         const char   *attribute,
                                         const char   *group,
                                         guint         images,
                                         guint         identities);
void        sl_fairness_add_scores      (SlFairness   *self,
                                         guint         group,
                                         const float  *scores,
                                         gsize         n,
                                         gboolean      mated);
/* The whole set: photos with a face, people, photos without a face. */
void        sl_fairness_set_counts      (SlFairness   *self,
                                         guint         images,
                                         guint         identities,
                                         guint         no_face);
/* The threshold and target the measurement was first reported at. */
void        sl_fairness_set_operating_point (SlFairness *self,
                                         double        threshold,
                                         double        target_fmr);

SlFairness *sl_fairness_load            (const char   *path,
                                         GError      **error);
/* Written atomically. */
gboolean    sl_fairness_save            (SlFairness   *self,
                                         const char   *path,
                                         GError      **error);
SlFairness *sl_fairness_ref             (SlFairness   *self);
void        sl_fairness_unref           (SlFairness   *self);

const char *sl_fairness_get_model_id    (SlFairness   *self);
const char *sl_fairness_get_model_sha256 (SlFairness  *self);
const char *sl_fairness_get_dataset     (SlFairness   *self);
const char *sl_fairness_get_limits      (SlFairness   *self);
const char *sl_fairness_get_created     (SlFairness   *self);
/* SHA-256 of the file it was loaded from (or last saved to); NULL for a
 * measurement never written. */
const char *sl_fairness_get_file_sha256 (SlFairness   *self);
guint       sl_fairness_get_images      (SlFairness   *self);
guint       sl_fairness_get_identities  (SlFairness   *self);
guint       sl_fairness_get_no_face     (SlFairness   *self);
double      sl_fairness_get_threshold   (SlFairness   *self);
double      sl_fairness_get_target_fmr  (SlFairness   *self);
/* The attributes, in the order first added (NULL-terminated, owned). */
const char * const *sl_fairness_get_attributes (SlFairness *self);
/* "fr-feature: <dataset> (measured <date>, file SHA-256 <hash>)": what a
 * search records as the measurement in force. */
char       *sl_fairness_describe        (SlFairness   *self);

/* The groups one by one (every attribute's, in order), for plotting: a
 * group's name (and its attribute's), and its false-match rate at a
 * threshold without an interval (cheap enough for a curve). */
guint       sl_fairness_get_n_groups    (SlFairness   *self);
const char *sl_fairness_get_group       (SlFairness   *self,
                                         guint         index,
                                         const char  **attribute);
double      sl_fairness_group_fmr       (SlFairness   *self,
                                         guint         index,
                                         double        threshold,
                                         guint64      *non_mated_pairs);

/* The least number of pairs whose 95 % Clopper-Pearson upper bound with no
 * error at all is at most `resolution`: ln (0.025) / ln (1 - resolution),
 * rounded up (368,887 pairs for 1e-5; 368 for 0.01). A group with fewer
 * pairs could not show its rate to be below `resolution` even if it made
 * no error, so its rate is "not enough pairs" (reported as null). The
 * rule depends on the number of pairs only, never on the errors found. */
guint64     sl_fairness_min_pairs       (double        resolution);

typedef struct
{
  const char *attribute;          /* borrowed from the measurement */
  const char *group;
  guint       images;
  guint       identities;
  guint64     mated_pairs;
  guint64     non_mated_pairs;
  guint64     false_matches;      /* non-mated pairs at or above the threshold */
  guint64     false_non_matches;  /* mated pairs below it */
  gboolean    fmr_enough;         /* FALSE: "not enough pairs", no rate */
  double      fmr, fmr_lo, fmr_hi;
  gboolean    fnmr_enough;
  double      fnmr, fnmr_lo, fnmr_hi;
  /* The lowest threshold at which this group's FMR is at most the target;
   * only when fmr_enough. */
  double      threshold_at_target;
} SlGroupRates;

typedef struct
{
  const char *attribute;
  GArray     *groups;             /* SlGroupRates */
  /* Highest over lowest rate among the groups with enough pairs (at least
   * two). The interval combines the two groups' Clopper-Pearson bounds at
   * 97.5 % each (Bonferroni: at least 95 % jointly): worst's lower bound
   * over best's upper bound, worst's upper over best's lower. A ratio whose
   * denominator can be 0 is unbounded: has_*_ratio FALSE or hi infinite. */
  gboolean    has_fmr_ratio;
  double      fmr_ratio, fmr_ratio_lo, fmr_ratio_hi;
  gboolean    has_fnmr_ratio;
  double      fnmr_ratio, fnmr_ratio_lo, fnmr_ratio_hi;
  /* The group with the highest FMR (-1: none with enough pairs). */
  int         worst_group;
  /* The lowest threshold at which every group with enough pairs has an FMR
   * at most the target. */
  gboolean    has_worst_group_threshold;
  double      worst_group_threshold;
} SlAttributeRates;

void        sl_attribute_rates_free     (SlAttributeRates *rates);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAttributeRates, sl_attribute_rates_free)

/* Each attribute's groups' rates at `threshold`, the enough-pairs rule and
 * worst-group threshold taken at `target_fmr`. A GPtrArray of
 * SlAttributeRates, in the measurement's order. */
GPtrArray  *sl_fairness_rates           (SlFairness   *self,
                                         double        threshold,
                                         double        target_fmr);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlFairness, sl_fairness_unref)

G_END_DECLS
