/* sl-quality.cpp: alignment to the template, and the quality of a face:
 * size, sharpness, brightness, pose and confidence, with a band and reasons.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-quality"

#include "config.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "vision/sl-vision-private.hpp"

/* Where a face stops being good (first) and becomes poor (second). The
 * sharpness and brightness are measured on the aligned 112x112 crop, so they
 * do not depend on the size of the face in the photo. */
#define SMALL_FACE_PX      40.0
#define TINY_FACE_PX       24.0
#define BLURRY_SHARPNESS   60.0
#define VERY_BLURRY        20.0
#define POSE_YAW_DEG       40.0
#define EXTREME_YAW_DEG    60.0
#define POSE_ROLL_DEG      35.0
#define DARK_LEVEL         55.0
#define VERY_DARK_LEVEL    30.0
#define BRIGHT_LEVEL       210.0
#define VERY_BRIGHT_LEVEL  235.0
#define LOW_SCORE          0.8

static const char *reason_names[SL_QUALITY_N_REASONS] = {
  "small_face", "blurry", "extreme_pose", "too_dark", "too_bright", "low_confidence",
};

/* The least-squares similarity (rotation, uniform scale, shift) that takes
 * the five landmarks onto the template (Umeyama, closed form in 2-D). */
cv::Mat
sl_align_transform (const SlFace *face,
                    const double *align_template,
                    double        scale)
{
  double sx = 0, sy = 0, dx = 0, dy = 0, a = 0, b = 0, norm = 0;

  for (int k = 0; k < 5; k++)
    {
      sx += face->landmarks[2 * k];
      sy += face->landmarks[2 * k + 1];
      dx += align_template[2 * k] * scale;
      dy += align_template[2 * k + 1] * scale;
    }
  sx /= 5; sy /= 5; dx /= 5; dy /= 5;

  for (int k = 0; k < 5; k++)
    {
      double px = face->landmarks[2 * k] - sx;
      double py = face->landmarks[2 * k + 1] - sy;
      double qx = align_template[2 * k] * scale - dx;
      double qy = align_template[2 * k + 1] * scale - dy;
      a += px * qx + py * qy;
      b += px * qy - py * qx;
      norm += px * px + py * py;
    }

  cv::Mat m (2, 3, CV_64F);
  double c = norm > 0 ? a / norm : 1;
  double s = norm > 0 ? b / norm : 0;
  m.at<double> (0, 0) = c;
  m.at<double> (0, 1) = -s;
  m.at<double> (1, 0) = s;
  m.at<double> (1, 1) = c;
  m.at<double> (0, 2) = dx - (c * sx - s * sy);
  m.at<double> (1, 2) = dy - (s * sx + c * sy);
  return m;
}

void
sl_quality_measure (SlFace        *face,
                    const cv::Mat &aligned_bgr)
{
  SlFaceQuality *q = &face->quality;
  const float *lm = face->landmarks;
  cv::Mat grey, lap;
  cv::Scalar mean, stddev;
  guint severe = 0;

  /* The centre of the crop is face in every pose the template allows. */
  cv::Rect centre (aligned_bgr.cols / 6, aligned_bgr.rows / 6,
                   aligned_bgr.cols * 2 / 3, aligned_bgr.rows * 2 / 3);
  cv::cvtColor (aligned_bgr (centre), grey, cv::COLOR_BGR2GRAY);
  cv::Laplacian (grey, lap, CV_64F);
  cv::meanStdDev (lap, mean, stddev);
  q->sharpness = stddev[0] * stddev[0];
  q->brightness = cv::mean (grey)[0];

  /* Roll from the eye line; yaw from how far the nose sits off the eyes'
   * midpoint, once the roll is undone. Both are estimates. */
  double ex = lm[2] - lm[0], ey = lm[3] - lm[1];
  double eye_dist = std::hypot (ex, ey);
  q->roll = std::atan2 (ey, ex) * 180.0 / M_PI;
  if (eye_dist > 0)
    {
      double mx = (lm[0] + lm[2]) / 2, my = (lm[1] + lm[3]) / 2;
      double nx = lm[4] - mx, ny = lm[5] - my;
      double along = (nx * ex + ny * ey) / eye_dist;
      double off = std::max (-1.0, std::min (1.0, 2.0 * along / eye_dist));
      q->yaw = std::asin (off) * 180.0 / M_PI;
    }
  else
    q->yaw = 0;

  q->size_px = std::min (face->box[2], face->box[3]);
  q->score = face->score;
  q->reasons = 0;

  if (q->size_px < SMALL_FACE_PX)
    {
      q->reasons |= SL_QUALITY_SMALL_FACE;
      severe += q->size_px < TINY_FACE_PX;
    }
  if (q->sharpness < BLURRY_SHARPNESS)
    {
      q->reasons |= SL_QUALITY_BLURRY;
      severe += q->sharpness < VERY_BLURRY;
    }
  if (std::fabs (q->yaw) > POSE_YAW_DEG || std::fabs (q->roll) > POSE_ROLL_DEG)
    {
      q->reasons |= SL_QUALITY_EXTREME_POSE;
      severe += std::fabs (q->yaw) > EXTREME_YAW_DEG;
    }
  if (q->brightness < DARK_LEVEL)
    {
      q->reasons |= SL_QUALITY_TOO_DARK;
      severe += q->brightness < VERY_DARK_LEVEL;
    }
  if (q->brightness > BRIGHT_LEVEL)
    {
      q->reasons |= SL_QUALITY_TOO_BRIGHT;
      severe += q->brightness > VERY_BRIGHT_LEVEL;
    }
  if (q->score < LOW_SCORE)
    q->reasons |= SL_QUALITY_LOW_CONFIDENCE;

  if (severe > 0 || __builtin_popcount (q->reasons) >= 3)
    q->band = SL_QUALITY_POOR;
  else if (q->reasons != 0)
    q->band = SL_QUALITY_USABLE;
  else
    q->band = SL_QUALITY_GOOD;
}

const char *
sl_quality_band_to_string (SlQualityBand band)
{
  switch (band)
    {
    case SL_QUALITY_GOOD:   return "good";
    case SL_QUALITY_USABLE: return "usable";
    case SL_QUALITY_POOR:
    default:                return "poor";
    }
}

const char *
sl_quality_reason_to_string (guint index)
{
  g_return_val_if_fail (index < SL_QUALITY_N_REASONS, NULL);
  return reason_names[index];
}

int
sl_faces_largest (GArray *faces)
{
  int best = -1;
  float best_area = -1;

  for (guint i = 0; i < faces->len; i++)
    {
      const SlFace *f = &g_array_index (faces, SlFace, i);
      float area = f->box[2] * f->box[3];
      if (area > best_area)
        {
          best_area = area;
          best = (int) i;
        }
    }
  return best;
}
