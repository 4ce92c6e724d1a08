/* sl-test-vision.h: the real, verified models loaded into a face analyser
 * for the vision and analysis suites.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "analysis/sl-face-analyser.h"
#include "sl-test-util.h"

G_BEGIN_DECLS

/* The real models, installed by `sightline-cli models install` into the
 * model dir the test environment names, with this embedder (NULL: the
 * default); a missing model fails the test with the reason, never skips it. */
SlFaceAnalyser *sl_test_analyser (const char *embedder_id);

G_END_DECLS
