/* sl-compare-originals.h: the evidence image a probe face was found in, as
 * stored, with the detected box and landmarks.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/sl-probe.h"

G_BEGIN_DECLS

#define SL_TYPE_COMPARE_ORIGINALS (sl_compare_originals_get_type ())

G_DECLARE_FINAL_TYPE (SlCompareOriginals, sl_compare_originals, SL, COMPARE_ORIGINALS, AdwWindow)

/* NULL, with error, when the file is not an image GTK can read. */
GtkWindow *sl_compare_originals_new (const char         *evidence_path,
                                     const SlProbeFace  *face,
                                     GError            **error);

G_END_DECLS
