/* sl-calibration.h: what a similarity score means: the measured share of
 * unrelated (non-mated) and of same-person (mated) pairs that score at
 * least that high, for one embedder.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_CALIBRATION_ERROR (sl_calibration_error_quark ())

typedef enum
{
  SL_CALIBRATION_ERROR_INVALID,   /* a malformed or inconsistent table */
  SL_CALIBRATION_ERROR_MODEL,     /* the table belongs to another model */
  SL_CALIBRATION_ERROR_MISSING,   /* the model has no calibration */
} SlCalibrationError;

GQuark sl_calibration_error_quark (void);

typedef struct _SlCalibration SlCalibration;

/* Scores are binned on a grid of `step` from -1 to 1. */
SlCalibration *sl_calibration_new            (const char     *model_id,
                                              const char     *model_sha256,
                                              const char     *dataset,
                                              double          step);
/* Adds measured scores (mated: same person; non-mated: different people). */
void           sl_calibration_add_scores     (SlCalibration  *self,
                                              const float    *scores,
                                              gsize           n,
                                              gboolean        mated);
void           sl_calibration_set_counts     (SlCalibration  *self,
                                              guint           images,
                                              guint           identities);

SlCalibration *sl_calibration_load           (const char     *path,
                                              GError        **error);
gboolean       sl_calibration_save           (SlCalibration  *self,
                                              const char     *path,
                                              GError        **error);
SlCalibration *sl_calibration_ref            (SlCalibration  *self);
void           sl_calibration_unref          (SlCalibration  *self);

const char    *sl_calibration_get_model_id   (SlCalibration  *self);
const char    *sl_calibration_get_model_sha256 (SlCalibration *self);
const char    *sl_calibration_get_dataset    (SlCalibration  *self);
const char    *sl_calibration_get_created    (SlCalibration  *self);
guint64        sl_calibration_get_n_mated    (SlCalibration  *self);
guint64        sl_calibration_get_n_nonmated (SlCalibration  *self);

/* The share of non-mated pairs scoring at least `score`. When none of the
 * measured pairs did, `beyond` is set and the result is the bound
 * 1 / n_nonmated: the true rate is below it, not measured. */
double         sl_calibration_false_match_rate (SlCalibration *self,
                                              double          score,
                                              gboolean       *beyond);
/* The share of mated pairs scoring at least `score`. */
double         sl_calibration_true_match_rate (SlCalibration  *self,
                                              double          score);
/* The lowest score whose false-match rate is at most `rate`; beyond when
 * the measurement cannot resolve a rate that small. */
double         sl_calibration_score_at_rate  (SlCalibration  *self,
                                              double          rate,
                                              gboolean       *beyond);
/* "1 in 40,000 unrelated faces score this high", or "below 1 in 5,800,000,
 * beyond the measured range". */
char          *sl_calibration_describe       (SlCalibration  *self,
                                              double          score);
/* 1234567 -> "1,234,567"; grouped as the locale groups (German
 * "1.234.567"), never with its decimal point. */
char          *sl_format_count               (guint64         n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCalibration, sl_calibration_unref)

G_END_DECLS
