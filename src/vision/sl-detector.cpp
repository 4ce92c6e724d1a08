/* sl-detector.cpp: YuNet over an image pyramid and tiles, merged by
 * non-maximum suppression, so that faces from about 10 px to the whole frame
 * are found.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-detector"

#include "config.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>
#include <vector>

#include "vision/sl-detector.h"
#include "vision/sl-vision-private.hpp"

/* YuNet sees faces of about 10 to 300 px at its input size. A level keeps
 * what it sees well and leaves larger faces to coarser levels. */
#define TILE_SIZE        640
#define LEVEL_MAX_FACE   220   /* px at a level's scale; coarsest level keeps all */
#define TILE_OVERLAP     (LEVEL_MAX_FACE + 16)
#define COARSEST_SIDE    320   /* the coarsest level's longer side at most */
/* YuNet also fires on animal faces and on some fists and torsos. A second,
 * independent look at the upright crop by OpenCV's cascades (frontal, and
 * profile both ways) confirms a face; below this size a crop holds too little
 * for them, and the detector's score alone decides. */
#define VERIFY_MIN_FACE  32
/* The check runs at three quarters of the template's scale: a face about
 * 75 px wide is plenty for the cascades and costs about half. */
#define VERIFY_SCALE     0.75
#define VERIFY_CANVAS    132   /* the 84 px template with a 24 px margin */
#define VERIFY_MARGIN    24

static const char *cascade_dirs[] = {
  "/usr/share/opencv4/haarcascades",
  "/usr/share/opencv/haarcascades",
};
static const char *cascade_files[] = {
  "haarcascade_frontalface_default.xml",
  "haarcascade_frontalface_alt2.xml",
  "haarcascade_profileface.xml",
};
#define N_CASCADES 3

/* One set of cascades; like nets, a set serves one caller at a time. */
struct SlVerifier
{
  cv::CascadeClassifier cascades[N_CASCADES];
};

struct _SlDetector
{
  const SlModelInfo *info;      /* owned by the manifest */
  SlNetPool         *pool;
  char              *cascade_dir;
  std::mutex         verifier_lock;
  std::vector<SlVerifier *> verifiers;
  double             align_template[10];
  SlDetectorOptions  options;

  ~_SlDetector ()
  {
    delete pool;
    for (SlVerifier *v : verifiers)
      delete v;
    g_free (cascade_dir);
  }
};

namespace {

struct Prior
{
  float cx, cy, w, h;   /* in input pixels */
};

/* The anchors YuNet 2022mar was trained with, for a padded input size. */
std::vector<Prior>
make_priors (int width,
             int height)
{
  static const int steps[4] = { 8, 16, 32, 64 };
  static const std::vector<float> min_sizes[4] = {
    { 10, 16, 24 }, { 32, 48 }, { 64, 96 }, { 128, 192, 256 },
  };
  int fw = ((width + 1) / 2) / 2;
  int fh = ((height + 1) / 2) / 2;
  std::vector<Prior> priors;

  for (int i = 0; i < 4; i++)
    {
      fw /= 2;
      fh /= 2;
      for (int y = 0; y < fh; y++)
        for (int x = 0; x < fw; x++)
          for (float m : min_sizes[i])
            priors.push_back ({ (x + 0.5f) * steps[i], (y + 0.5f) * steps[i], m, m });
    }
  return priors;
}

/* Runs the net on one tile (BGR, any size) and decodes faces in tile pixels. */
void
detect_tile (cv::dnn::Net       &net,
             const cv::Mat      &tile,
             float               threshold,
             std::vector<SlFace> &out)
{
  /* The net needs a multiple of 32, and at least 128, on each side: a
   * smaller input makes its deepest pooling layer fail. */
  int pw = std::max (128, ((tile.cols + 31) / 32) * 32);
  int ph = std::max (128, ((tile.rows + 31) / 32) * 32);
  cv::Mat padded;
  std::vector<cv::Mat> outs;
  static const std::vector<cv::String> names = { "loc", "conf", "iou" };

  cv::copyMakeBorder (tile, padded, 0, ph - tile.rows, 0, pw - tile.cols, cv::BORDER_CONSTANT, 0);
  net.setInput (cv::dnn::blobFromImage (padded));
  net.forward (outs, names);

  std::vector<Prior> priors = make_priors (pw, ph);
  const float *loc = (const float *) outs[0].data;
  const float *conf = (const float *) outs[1].data;
  const float *iou = (const float *) outs[2].data;
  size_t n = std::min (priors.size (), (size_t) outs[1].total () / 2);

  for (size_t i = 0; i < n; i++)
    {
      const Prior &p = priors[i];
      const float *l = loc + i * 14;
      float cls = conf[i * 2 + 1];
      float io = std::min (std::max (iou[i], 0.f), 1.f);
      float score = std::sqrt (cls * io);
      SlFace face = {};

      if (!(score >= threshold))
        continue;
      float cx = p.cx + l[0] * 0.1f * p.w;
      float cy = p.cy + l[1] * 0.1f * p.h;
      float w = p.w * std::exp (l[2] * 0.2f);
      float h = p.h * std::exp (l[3] * 0.2f);
      face.box[0] = cx - w / 2;
      face.box[1] = cy - h / 2;
      face.box[2] = w;
      face.box[3] = h;
      for (int k = 0; k < 5; k++)
        {
          face.landmarks[2 * k] = p.cx + l[4 + 2 * k] * 0.1f * p.w;
          face.landmarks[2 * k + 1] = p.cy + l[5 + 2 * k] * 0.1f * p.h;
        }
      face.score = score;
      out.push_back (face);
    }
}

float
box_iou (const SlFace &a,
         const SlFace &b,
         float        *over_smaller)
{
  float x1 = std::max (a.box[0], b.box[0]);
  float y1 = std::max (a.box[1], b.box[1]);
  float x2 = std::min (a.box[0] + a.box[2], b.box[0] + b.box[2]);
  float y2 = std::min (a.box[1] + a.box[3], b.box[1] + b.box[3]);
  float inter = std::max (0.f, x2 - x1) * std::max (0.f, y2 - y1);
  float aa = a.box[2] * a.box[3];
  float ba = b.box[2] * b.box[3];

  *over_smaller = inter / std::max (1e-6f, std::min (aa, ba));
  return inter / std::max (1e-6f, aa + ba - inter);
}

/* Greedy NMS, best score first. A lower-scoring box lying mostly inside a
 * better one is a piece of the same face seen by a tile or a finer level. */
std::vector<SlFace>
merge (std::vector<SlFace> faces,
       float               nms_threshold)
{
  std::vector<SlFace> kept;

  std::sort (faces.begin (), faces.end (),
             [] (const SlFace &a, const SlFace &b) { return a.score > b.score; });
  for (const SlFace &f : faces)
    {
      bool keep = true;
      for (const SlFace &k : kept)
        {
          float over_smaller;
          float iou = box_iou (f, k, &over_smaller);
          if (iou > nms_threshold || over_smaller > 0.75f)
            {
              keep = false;
              break;
            }
        }
      if (keep)
        kept.push_back (f);
    }
  return kept;
}

std::vector<double>
pyramid_scales (int width,
                int height,
                int max_side)
{
  std::vector<double> scales;
  int side = std::max (width, height);
  double pixels = (double) width * height;
  double finest = max_side > 0 && side > max_side ? (double) max_side / side : 1.0;

  /* However large the image, the finest level holds at most
   * SL_DETECTOR_MAX_PIXELS: the work per image is bounded. */
  if (pixels * finest * finest > SL_DETECTOR_MAX_PIXELS)
    finest = std::sqrt (SL_DETECTOR_MAX_PIXELS / pixels);

  for (double s = finest;; s /= 2)
    {
      scales.push_back (s);
      if (side * s <= COARSEST_SIDE)
        break;
    }
  return scales;
}

void
detect_level (const SlDetectorOptions &options,
              cv::dnn::Net        &net,
              const cv::Mat       &image,
              double               scale,
              bool                 coarsest,
              std::vector<SlFace> &out)
{
  cv::Mat level;
  int stride = TILE_SIZE - TILE_OVERLAP;

  if (scale == 1.0)
    level = image;
  else
    cv::resize (image, level, cv::Size (), scale, scale,
                scale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);

  for (int ty = 0;; ty += stride)
    {
      int th = std::min (TILE_SIZE, level.rows - ty);
      bool last_row = ty + th >= level.rows;

      for (int tx = 0;; tx += stride)
        {
          int tw = std::min (TILE_SIZE, level.cols - tx);
          bool last_col = tx + tw >= level.cols;
          std::vector<SlFace> found;

          detect_tile (net, level (cv::Rect (tx, ty, tw, th)), options.score_threshold, found);
          for (SlFace &f : found)
            {
              float size = std::max (f.box[2], f.box[3]);
              /* A face cut by an inner tile edge lies whole in a neighbour. */
              bool cut = (tx > 0 && f.box[0] < 2) || (ty > 0 && f.box[1] < 2) ||
                         (!last_col && f.box[0] + f.box[2] > tw - 2) ||
                         (!last_row && f.box[1] + f.box[3] > th - 2);
              if (cut || (!coarsest && size > LEVEL_MAX_FACE))
                continue;
              f.box[0] = (float) ((f.box[0] + tx) / scale);
              f.box[1] = (float) ((f.box[1] + ty) / scale);
              f.box[2] = (float) (f.box[2] / scale);
              f.box[3] = (float) (f.box[3] / scale);
              for (int k = 0; k < 5; k++)
                {
                  f.landmarks[2 * k] = (float) ((f.landmarks[2 * k] + tx) / scale);
                  f.landmarks[2 * k + 1] = (float) ((f.landmarks[2 * k + 1] + ty) / scale);
                }
              if (std::min (f.box[2], f.box[3]) >= options.min_face_px)
                out.push_back (f);
            }
          if (last_col)
            break;
        }
      if (last_row)
        break;
    }
}

SlVerifier *
verifier_acquire (SlDetector *self)
{
  {
    std::lock_guard<std::mutex> guard (self->verifier_lock);
    if (!self->verifiers.empty ())
      {
        SlVerifier *v = self->verifiers.back ();
        self->verifiers.pop_back ();
        return v;
      }
  }
  SlVerifier *v = new SlVerifier ();
  for (int i = 0; i < N_CASCADES; i++)
    {
      g_autofree char *path = g_build_filename (self->cascade_dir, cascade_files[i], NULL);
      if (!v->cascades[i].load (path))
        {
          delete v;
          throw std::runtime_error (std::string ("cannot load the face verifier ") + path);
        }
    }
  return v;
}

void
verifier_release (SlDetector *self,
                  SlVerifier *v)
{
  std::lock_guard<std::mutex> guard (self->verifier_lock);
  self->verifiers.push_back (v);
}

bool
verify_face (SlDetector    *self,
             SlVerifier    *v,
             const cv::Mat &image,
             const SlFace  &f)
{
  double tmpl[10];
  cv::Mat crop, grey, flipped;
  std::vector<cv::Rect> hits;
  /* The face sits where the template puts it, about 75 px wide: search a
   * narrow band of sizes. */
  const cv::Size min_size (48, 48), max_size (120, 120);

  if (std::min (f.box[2], f.box[3]) < VERIFY_MIN_FACE)
    return true;
  for (int i = 0; i < 10; i++)
    tmpl[i] = self->align_template[i] * VERIFY_SCALE + VERIFY_MARGIN;
  cv::warpAffine (image, crop, sl_align_transform (&f, tmpl, 1.0),
                  cv::Size (VERIFY_CANVAS, VERIFY_CANVAS), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  cv::cvtColor (crop, grey, cv::COLOR_BGR2GRAY);
  cv::equalizeHist (grey, grey);

  for (int i = 0; i < N_CASCADES; i++)
    {
      v->cascades[i].detectMultiScale (grey, hits, 1.08, 2, 0, min_size, max_size);
      if (!hits.empty ())
        return true;
    }
  /* The profile cascade knows one side only. */
  cv::flip (grey, flipped, 1);
  v->cascades[N_CASCADES - 1].detectMultiScale (flipped, hits, 1.08, 2, 0, min_size, max_size);
  return !hits.empty ();
}

void
clip_box (SlFace &f,
          int     width,
          int     height)
{
  float x1 = std::max (0.f, f.box[0]);
  float y1 = std::max (0.f, f.box[1]);
  float x2 = std::min ((float) width, f.box[0] + f.box[2]);
  float y2 = std::min ((float) height, f.box[1] + f.box[3]);

  f.box[0] = x1;
  f.box[1] = y1;
  f.box[2] = std::max (0.f, x2 - x1);
  f.box[3] = std::max (0.f, y2 - y1);
}

} /* namespace */

/* public API */

SlDetector *
sl_detector_new (const SlModelInfo  *info,
                 const char         *model_dir,
                 const double       *align_template,
                 GError            **error)
{
  g_autoptr(GBytes) model = NULL;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (info->role == SL_MODEL_ROLE_DETECTOR, NULL);

  if (!(model = sl_model_read_verified (info, model_dir, error)))
    return NULL;

  return sl_vision_guard<SlDetector *> (error, "Cannot load the face detector", NULL, [&] () -> SlDetector * {
    std::unique_ptr<SlDetector> self (new SlDetector ());
    self->info = info;
    self->pool = new SlNetPool (model);
    memcpy (self->align_template, align_template, sizeof self->align_template);
    self->options.score_threshold = 0.7f;
    self->options.nms_threshold = 0.4f;
    self->options.min_face_px = 8;
    self->options.max_side = 0;
    self->options.verify = TRUE;
    for (const char *dir : cascade_dirs)
      {
        g_autofree char *probe = g_build_filename (dir, cascade_files[0], NULL);
        if (g_file_test (probe, G_FILE_TEST_IS_REGULAR))
          {
            self->cascade_dir = g_strdup (dir);
            break;
          }
      }
    if (g_getenv ("SIGHTLINE_CASCADE_DIR") != NULL)
      {
        g_free (self->cascade_dir);
        self->cascade_dir = g_strdup (g_getenv ("SIGHTLINE_CASCADE_DIR"));
      }
    if (self->cascade_dir == NULL)
      {
        g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_MODEL,
                     "Cannot load the face detector: OpenCV's face cascades (Debian package opencv-data) are not installed");
        return NULL;
      }
    verifier_release (self.get (), verifier_acquire (self.get ()));
    /* Load one net now, so a model OpenCV cannot read fails here. */
    {
      SlNetLease lease (*self->pool);
    }
    return self.release ();
  });
}

void
sl_detector_get_options (SlDetector        *self,
                         SlDetectorOptions *options)
{
  *options = self->options;
}

void
sl_detector_set_options (SlDetector              *self,
                         const SlDetectorOptions *options)
{
  self->options = *options;
}

const SlModelInfo *
sl_detector_get_model (SlDetector *self)
{
  return self->info;
}

GArray *
sl_detector_detect (SlDetector     *self,
                    const SlImage  *image,
                    GError        **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  return sl_detector_detect_with_options (self, image, &self->options, error);
}

GArray *
sl_detector_detect_with_options (SlDetector              *self,
                                 const SlImage           *image,
                                 const SlDetectorOptions *options,
                                 GError                 **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  return sl_vision_guard<GArray *> (error, "Face detection failed", NULL, [&] () -> GArray * {
    const cv::Mat &mat = image->mat;
    std::vector<double> scales = pyramid_scales (mat.cols, mat.rows, options->max_side);
    std::vector<SlFace> all;
    SlNetLease lease (*self->pool);

    for (size_t i = 0; i < scales.size (); i++)
      detect_level (*options, lease.net (), mat, scales[i], i + 1 == scales.size (), all);

    std::vector<SlFace> faces = merge (std::move (all), options->nms_threshold);
    if (options->verify)
      {
        SlVerifier *verifier = verifier_acquire (self);
        std::vector<SlFace> verified;
        try
          {
            for (const SlFace &f : faces)
              if (verify_face (self, verifier, mat, f))
                verified.push_back (f);
          }
        catch (...)
          {
            verifier_release (self, verifier);
            throw;
          }
        verifier_release (self, verifier);
        faces.swap (verified);
      }

    GArray *result = g_array_sized_new (FALSE, TRUE, sizeof (SlFace), (guint) faces.size ());
    for (SlFace &f : faces)
      {
        clip_box (f, mat.cols, mat.rows);
        if (f.box[2] < 1 || f.box[3] < 1)
          continue;
        cv::Mat aligned;
        cv::warpAffine (mat, aligned, sl_align_transform (&f, self->align_template, 1.0),
                        cv::Size (112, 112), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar (0, 0, 0));
        sl_quality_measure (&f, aligned);
        g_array_append_val (result, f);
      }
    return result;
  });
}

gboolean
sl_detector_verify (SlDetector     *self,
                    const SlImage  *image,
                    const SlFace   *face,
                    gboolean       *verified,
                    GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (image != NULL && face != NULL && verified != NULL, FALSE);

  *verified = FALSE;
  return sl_vision_guard<gboolean> (error, "Face verification failed", FALSE, [&] () -> gboolean {
    SlVerifier *verifier = verifier_acquire (self);
    try
      {
        *verified = verify_face (self, verifier, image->mat, *face);
      }
    catch (...)
      {
        verifier_release (self, verifier);
        throw;
      }
    verifier_release (self, verifier);
    return TRUE;
  });
}

guint
sl_detector_count_tiles (guint                    width,
                         guint                    height,
                         const SlDetectorOptions *options)
{
  int stride = TILE_SIZE - TILE_OVERLAP;
  guint tiles = 0;

  g_return_val_if_fail (options != NULL, 0);

  for (double scale : pyramid_scales ((int) width, (int) height, options->max_side))
    {
      /* As cv::resize rounds a level's size. */
      int w = std::max (1, (int) std::lround (width * scale));
      int h = std::max (1, (int) std::lround (height * scale));
      guint cols = 1 + (guint) (std::max (0, w - TILE_SIZE) + stride - 1) / (guint) stride;
      guint rows = 1 + (guint) (std::max (0, h - TILE_SIZE) + stride - 1) / (guint) stride;
      tiles += cols * rows;
    }
  return tiles;
}

void
sl_detector_free (SlDetector *self)
{
  if (self == NULL)
    return;
  delete self;
}
