/* sl-face.h: a detected face, its landmarks and its quality.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_QUALITY_GOOD,
  SL_QUALITY_USABLE,
  SL_QUALITY_POOR,
} SlQualityBand;

/* Why a face is not good, as flags. */
typedef enum
{
  SL_QUALITY_SMALL_FACE     = 1 << 0,
  SL_QUALITY_BLURRY         = 1 << 1,
  SL_QUALITY_EXTREME_POSE   = 1 << 2,
  SL_QUALITY_TOO_DARK       = 1 << 3,
  SL_QUALITY_TOO_BRIGHT     = 1 << 4,
  SL_QUALITY_LOW_CONFIDENCE = 1 << 5,
} SlQualityReason;

#define SL_QUALITY_N_REASONS 6

typedef struct
{
  SlQualityBand band;
  guint         reasons;      /* SlQualityReason flags */
  double        size_px;      /* the shorter side of the face box */
  double        sharpness;    /* variance of the Laplacian on the aligned face */
  double        brightness;   /* mean grey level of the aligned face, 0..255 */
  double        yaw;          /* degrees, estimated from the landmarks */
  double        roll;         /* degrees */
  double        score;        /* detector score */
} SlFaceQuality;

typedef struct
{
  float         box[4];        /* x, y, width, height in image pixels */
  float         landmarks[10]; /* right eye, left eye, nose tip, right and left
                                * mouth corner (subject's sides), x,y each */
  float         score;
  SlFaceQuality quality;
} SlFace;

const char *sl_quality_band_to_string   (SlQualityBand band);
/* The stable name of the reason at bit `index` (0 .. SL_QUALITY_N_REASONS-1). */
const char *sl_quality_reason_to_string (guint         index);
/* Index of the largest face by box area, or -1 for an empty array. */
int         sl_faces_largest            (GArray       *faces);

G_END_DECLS
