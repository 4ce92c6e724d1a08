/* sl-vector.h: small float-vector maths for embeddings.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Scales v to unit length in place; returns the original length. */
double sl_vector_normalize (float       *v,
                            gsize        n);
/* Dot product; for unit vectors the cosine similarity. */
double sl_vector_dot       (const float *a,
                            const float *b,
                            gsize        n);
double sl_vector_cosine    (const float *a,
                            const float *b,
                            gsize        n);

G_END_DECLS
