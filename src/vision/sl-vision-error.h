/* sl-vision-error.h: the error domain of the vision layer.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_VISION_ERROR (sl_vision_error_quark ())

typedef enum
{
  SL_VISION_ERROR_NOT_IMAGE,      /* the bytes are not an image format we read */
  SL_VISION_ERROR_TRUNCATED,      /* the file ends before the image does */
  SL_VISION_ERROR_TOO_LARGE,      /* over the pixel limit; refused before decoding */
  SL_VISION_ERROR_DECODE,         /* the decoder gave up on the data */
  SL_VISION_ERROR_EMPTY,          /* a zero-byte file */
  SL_VISION_ERROR_MODEL,          /* a model is missing, unreadable or unusable */
  SL_VISION_ERROR_MODEL_HASH,     /* a model file does not match its SHA-256 */
  SL_VISION_ERROR_MANIFEST,       /* the model manifest is malformed */
  SL_VISION_ERROR_NO_FACE,        /* a face was needed and none was found */
  SL_VISION_ERROR_INTERNAL,       /* an unexpected failure inside OpenCV */
  SL_VISION_ERROR_NOT_VIDEO,      /* the decoder cannot open the file as video */
} SlVisionError;

GQuark sl_vision_error_quark (void);

/* How many threads OpenCV may use inside one call (0: its default). Callers
 * that already run one worker per core set 1, so the cores are not
 * oversubscribed. Process-wide. */
void   sl_vision_set_threads (int n_threads);
int    sl_vision_get_threads (void);

G_END_DECLS
