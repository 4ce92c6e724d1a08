/* sl-compare-originals.h: the evidence image a probe face was found in, as
 * stored, and the photo a candidate was enrolled from, with boxes and
 * landmarks.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_COMPARE_ORIGINALS (sl_compare_originals_get_type ())

G_DECLARE_FINAL_TYPE (SlCompareOriginals, sl_compare_originals, SL, COMPARE_ORIGINALS, AdwWindow)

/* NULL, with error, when the file is not an image GTK can read. */
GtkWindow *sl_compare_originals_new (const char         *evidence_path,
                                     const SlProbeFace  *face,
                                     GError            **error);
/* Shows the photo the candidate was enrolled from (path: the engine's
 * checked copy; enrolled_name: where it was enrolled from, shown under it)
 * beside the evidence; FALSE (and says why in the window) when it cannot
 * be read. */
gboolean   sl_compare_originals_set_gallery (SlCompareOriginals *self,
                                             const char         *path,
                                             const char         *enrolled_name,
                                             const float         box[4],
                                             const char         *landmarks_json);
