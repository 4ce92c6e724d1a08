/* sl-engine-compare.h: matching the largest face of two loose photos, as a
 * use case: a signed-in person with the permission to compare, and an audit
 * row naming both files (name, size, SHA-256), the model and the result.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "analysis/sl-face-analyser.h"
#include "engine/sl-engine.h"
#include "engine/sl-session.h"

G_BEGIN_DECLS

typedef struct
{
  double   similarity;             /* cosine */
  char    *model_id;
  char    *model_sha256;
  /* What the number means; without a calibration there is nothing honest
   * to say beyond the number, and calibration_error says why. */
  gboolean calibrated;
  double   false_match_rate;
  gboolean beyond_measured_range;
  double   true_match_rate;
  char    *meaning;
  char    *calibration_error;
  SlFace   face_a;
  SlFace   face_b;
  gint64   audit_seq;              /* the audit row written for it */
} SlCompareResult;

void sl_compare_result_free (SlCompareResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCompareResult, sl_compare_result_free)

/* Compares the largest face of each photo with the embedder embedder_id
 * (NULL: the default one). Needs SL_PERMISSION_COMPARE; a refusal is
 * audited as refused (SL_ENGINE_ERROR_REFUSED), a failure as failed, and a
 * success writes one row `compare` whose seq the result gives. */
SlCompareResult *sl_engine_compare_files (SlEngine    *self,
                                          SlSession   *session,
                                          const char  *path_a,
                                          const char  *path_b,
                                          const char  *embedder_id,
                                          GError     **error);

G_END_DECLS
