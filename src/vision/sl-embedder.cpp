/* sl-embedder.cpp: aligns a face to the 112x112 template and turns it into
 * an L2-normalised embedding with the configured net.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-embedder"

#include "config.h"

#include <cstring>
#include <memory>
#include <opencv2/imgproc.hpp>

#include "core/sl-vector.h"
#include "vision/sl-embedder.h"
#include "vision/sl-vision-private.hpp"

struct _SlEmbedder
{
  const SlModelInfo *info;      /* owned by the manifest */
  SlNetPool         *pool;
  double             align_template[10];

  ~_SlEmbedder () { delete pool; }
};

/* helpers */

static cv::Mat
align (SlEmbedder    *self,
       const SlImage *image,
       const SlFace  *face)
{
  cv::Mat aligned;
  /* The template is given for 112x112; other input sizes scale it. */
  double scale = self->info->input_width / 112.0;

  cv::warpAffine (image->mat, aligned, sl_align_transform (face, self->align_template, scale),
                  cv::Size (self->info->input_width, self->info->input_height),
                  cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar (0, 0, 0));
  return aligned;
}

/* public API */

SlEmbedder *
sl_embedder_new (const SlModelInfo  *info,
                 const char         *model_dir,
                 const double       *align_template,
                 GError            **error)
{
  g_autoptr(GBytes) model = NULL;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (info->role == SL_MODEL_ROLE_EMBEDDER, NULL);

  if (!(model = sl_model_read_verified (info, model_dir, error)))
    return NULL;

  return sl_vision_guard<SlEmbedder *> (error, "Cannot load the face embedder", NULL, [&] () -> SlEmbedder * {
    std::unique_ptr<SlEmbedder> self (new SlEmbedder ());
    self->info = info;
    self->pool = new SlNetPool (model);
    memcpy (self->align_template, align_template, sizeof self->align_template);

    /* Run the net once on a blank face: a model that OpenCV cannot run, or
     * whose output is not the size the card says, fails here. */
    SlNetLease lease (*self->pool);
    cv::Mat blank (info->input_height, info->input_width, CV_8UC3, cv::Scalar (128, 128, 128));
    lease.net ().setInput (cv::dnn::blobFromImage (blank, info->scale,
                                                   cv::Size (info->input_width, info->input_height),
                                                   cv::Scalar (info->mean, info->mean, info->mean),
                                                   info->rgb, false));
    cv::Mat out = lease.net ().forward ();
    if ((int) out.total () != info->output_size)
      {
        g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_MODEL,
                     "Embedder '%s' gives %d values, its card says %d",
                     info->id, (int) out.total (), info->output_size);
        return NULL;
      }
    return self.release ();
  });
}

const SlModelInfo *
sl_embedder_get_model (SlEmbedder *self)
{
  return self->info;
}

guint
sl_embedder_get_dim (SlEmbedder *self)
{
  return (guint) self->info->output_size;
}

gboolean
sl_embedder_embed (SlEmbedder     *self,
                   const SlImage  *image,
                   const SlFace   *face,
                   float          *out,
                   GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (image != NULL && face != NULL && out != NULL, FALSE);

  return sl_vision_guard<gboolean> (error, "Face embedding failed", FALSE, [&] () -> gboolean {
    const SlModelInfo *info = self->info;
    cv::Mat aligned = align (self, image, face);
    SlNetLease lease (*self->pool);

    lease.net ().setInput (cv::dnn::blobFromImage (aligned, info->scale,
                                                   cv::Size (info->input_width, info->input_height),
                                                   cv::Scalar (info->mean, info->mean, info->mean),
                                                   info->rgb, false));
    cv::Mat result = lease.net ().forward ();
    memcpy (out, result.ptr<float> (), sizeof (float) * (size_t) info->output_size);
    if (sl_vector_normalize (out, (gsize) info->output_size) <= 0)
      {
        g_set_error (error, SL_VISION_ERROR, SL_VISION_ERROR_INTERNAL,
                     "Face embedding failed: the net gave a zero vector");
        return FALSE;
      }
    return TRUE;
  });
}

SlImage *
sl_embedder_align (SlEmbedder     *self,
                   const SlImage  *image,
                   const SlFace   *face,
                   GError        **error)
{
  return sl_vision_guard<SlImage *> (error, "Face alignment failed", NULL, [&] () -> SlImage * {
    SlImage *crop = new SlImage ();
    crop->mat = align (self, image, face);
    crop->format = SL_IMAGE_FORMAT_UNKNOWN;
    return crop;
  });
}

void
sl_embedder_free (SlEmbedder *self)
{
  delete self;
}
