/* sl-vision-private.hpp: what the vision layer's C++ files share. Only
 * the C++ files of src/vision include this, and with it, OpenCV.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <exception>
#include <mutex>
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <vector>

#include "vision/sl-face.h"
#include "vision/sl-image.h"
#include "vision/sl-vision-error.h"

struct _SlImage
{
  cv::Mat       mat;     /* CV_8UC3, BGR */
  SlImageFormat format;
};

/* Every C entry point runs its body through this: no exception crosses into
 * C; each becomes a GError naming what was being done. */
template <typename T, typename F>
static inline T
sl_vision_guard (GError     **error,
                 const char  *doing,
                 T            failed,
                 F          &&body)
{
  try
    {
      return body ();
    }
  catch (const cv::Exception &e)
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_INTERNAL,
                   "%s: OpenCV failed: %s", doing, e.err.c_str ());
    }
  catch (const std::bad_alloc &)
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_INTERNAL,
                   "%s: out of memory", doing);
    }
  catch (const std::exception &e)
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_INTERNAL,
                   "%s: %s", doing, e.what ());
    }
  catch (...)
    {
      g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_INTERNAL,
                   "%s: unexpected failure", doing);
    }
  return failed;
}

/* Quality measures of a face, given the aligned grey crop (sl-quality.cpp). */
void sl_quality_measure (SlFace         *face,
                         const cv::Mat  &aligned_bgr);

/* The similarity transform from a face's landmarks to the template. */
cv::Mat sl_align_transform (const SlFace *face,
                            const double *align_template,
                            double        scale);

/* Nets are not safe to share between threads, so each caller borrows an idle
 * one, made from the verified model bytes when none is idle. */
class SlNetPool
{
public:
  explicit SlNetPool (GBytes *model) : model_ (g_bytes_ref (model)) {}
  ~SlNetPool ()
  {
    for (cv::dnn::Net *net : idle_)
      delete net;
    g_bytes_unref (model_);
  }
  SlNetPool (const SlNetPool &) = delete;
  SlNetPool &operator= (const SlNetPool &) = delete;

  cv::dnn::Net *
  acquire ()
  {
    {
      std::lock_guard<std::mutex> guard (lock_);
      if (!idle_.empty ())
        {
          cv::dnn::Net *net = idle_.back ();
          idle_.pop_back ();
          return net;
        }
    }
    gsize len = 0;
    const char *data = (const char *) g_bytes_get_data (model_, &len);
    return new cv::dnn::Net (cv::dnn::readNetFromONNX (data, len));
  }

  void
  release (cv::dnn::Net *net)
  {
    std::lock_guard<std::mutex> guard (lock_);
    idle_.push_back (net);
  }

private:
  GBytes                      *model_;
  std::mutex                   lock_;
  std::vector<cv::dnn::Net *>  idle_;
};

/* Holds a borrowed net for one scope. */
class SlNetLease
{
public:
  explicit SlNetLease (SlNetPool &pool) : pool_ (pool), net_ (pool.acquire ()) {}
  ~SlNetLease () { pool_.release (net_); }
  SlNetLease (const SlNetLease &) = delete;
  SlNetLease &operator= (const SlNetLease &) = delete;
  cv::dnn::Net &net () { return *net_; }

private:
  SlNetPool    &pool_;
  cv::dnn::Net *net_;
};
