/* sl-vector.c: small float-vector maths for embeddings.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-vector"

#include "config.h"

#include <math.h>

#include "core/sl-vector.h"

double
sl_vector_normalize (float *v,
                     gsize  n)
{
  double sum = 0;
  double len;

  for (gsize i = 0; i < n; i++)
    sum += (double) v[i] * v[i];
  len = sqrt (sum);
  if (len > 0)
    for (gsize i = 0; i < n; i++)
      v[i] = (float) (v[i] / len);
  return len;
}

double
sl_vector_dot (const float *a,
               const float *b,
               gsize        n)
{
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += (double) a[i] * b[i];
  return sum;
}

double
sl_vector_cosine (const float *a,
                  const float *b,
                  gsize        n)
{
  double ab = 0, aa = 0, bb = 0;

  for (gsize i = 0; i < n; i++)
    {
      ab += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
  if (aa <= 0 || bb <= 0)
    return 0;
  return ab / (sqrt (aa) * sqrt (bb));
}
