/* sl-person-group.c: average-linkage grouping at a strict threshold under
 * the investigator's must-link and cannot-link statements.
 *
 * Average linkage, not single linkage: single linkage chains strangers
 * together through one lucky pair each; a group here joins another only
 * when their faces agree on average. Two groups whose mean similarity
 * reaches the threshold have at least one pair that does, so every final
 * group lies inside one connected component of the graph of pairs at or
 * above the threshold: the exact clustering runs per component, each
 * small at a strict threshold, instead of over an n x n matrix.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-person-group"

#include "config.h"

#include <math.h>

#include "core/sl-person-group.h"

/* Union-find whose roots may be kept apart. */
typedef struct
{
  guint      *parent;
  GHashTable *apart;     /* root -> set of roots it must stay apart from */
} Partition;

/* helpers */

/* Eight partial sums, so that the compiler may keep them in one vector
 * register without reordering a single sum: the n x n pass is most of the
 * grouping's time. */
static float
dot (const float *a,
     const float *b,
     guint        dim)
{
  float part[8] = { 0 };
  float s = 0;
  guint i = 0;

  for (; i + 8 <= dim; i += 8)
    for (guint k = 0; k < 8; k++)
      part[k] += a[i + k] * b[i + k];
  for (; i < dim; i++)
    s += a[i] * b[i];
  for (guint k = 0; k < 8; k++)
    s += part[k];
  return s;
}

static guint
find (guint *parent,
      guint  x)
{
  while (parent[x] != x)
    {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
  return x;
}

static GHashTable *
apart_of (Partition *p,
          guint      root,
          gboolean   create)
{
  GHashTable *set = g_hash_table_lookup (p->apart, GUINT_TO_POINTER (root));

  if (set == NULL && create)
    {
      set = g_hash_table_new (NULL, NULL);
      g_hash_table_insert (p->apart, GUINT_TO_POINTER (root), set);
    }
  return set;
}

/* Joins x and y unless their groups are kept apart; the lower root stays. */
static gboolean
join (Partition *p,
      guint      x,
      guint      y)
{
  guint rx = find (p->parent, x), ry = find (p->parent, y);
  GHashTable *gone;
  GHashTableIter iter;
  gpointer key;

  if (rx == ry)
    return TRUE;
  if (rx > ry)
    {
      guint t = rx;
      rx = ry;
      ry = t;
    }
  gone = apart_of (p, ry, FALSE);
  if (gone != NULL && g_hash_table_contains (gone, GUINT_TO_POINTER (rx)))
    return FALSE;
  p->parent[ry] = rx;
  if (gone == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, gone);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      GHashTable *other = apart_of (p, GPOINTER_TO_UINT (key), TRUE);

      g_hash_table_remove (other, GUINT_TO_POINTER (ry));
      g_hash_table_add (other, GUINT_TO_POINTER (rx));
      g_hash_table_add (apart_of (p, rx, TRUE), key);
    }
  g_hash_table_remove (p->apart, GUINT_TO_POINTER (ry));
  return TRUE;
}

static void
keep_apart (Partition *p,
            guint      x,
            guint      y)
{
  guint rx = find (p->parent, x), ry = find (p->parent, y);

  /* A newer statement already made them one person. */
  if (rx == ry)
    return;
  g_hash_table_add (apart_of (p, rx, TRUE), GUINT_TO_POINTER (ry));
  g_hash_table_add (apart_of (p, ry, TRUE), GUINT_TO_POINTER (rx));
}

/* The statements, newest first: a statement only takes effect where no
 * newer one already decided otherwise. */
static void
apply_links (Partition *p,
             GPtrArray *links,
             guint      n)
{
  for (guint l = links != NULL ? links->len : 0; l-- > 0;)
    {
      SlPersonLink *link = g_ptr_array_index (links, l);

      if (link->kind == SL_PERSON_LINK_SAME)
        {
          g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (guint));

          g_array_append_vals (all, link->a->data, link->a->len);
          g_array_append_vals (all, link->b->data, link->b->len);
          for (guint i = 1; i < all->len; i++)
            if (g_array_index (all, guint, 0) < n && g_array_index (all, guint, i) < n)
              join (p, g_array_index (all, guint, 0), g_array_index (all, guint, i));
          continue;
        }
      for (guint i = 0; i < link->a->len; i++)
        for (guint j = 0; j < link->b->len; j++)
          if (g_array_index (link->a, guint, i) < n && g_array_index (link->b, guint, j) < n)
            keep_apart (p, g_array_index (link->a, guint, i), g_array_index (link->b, guint, j));
    }
}

static double
mean (const double *sum,
      const guint  *size,
      guint         m,
      guint         i,
      guint         j)
{
  return sum[(gsize) i * m + j] / ((double) size[i] * size[j]);
}

static void
best_of (const double   *sum,
         const guint    *size,
         const gboolean *active,
         guint           m,
         guint           i,
         guint          *best,
         double         *best_score)
{
  best[i] = G_MAXUINT;
  best_score[i] = -INFINITY;
  for (guint k = 0; k < m; k++)
    if (k != i && active[k])
      {
        double s = mean (sum, size, m, i, k);

        if (s > best_score[i])
          {
            best_score[i] = s;
            best[i] = k;
          }
      }
}

/* Average linkage over the m starting groups of one component: sum holds
 * the summed similarities of every pair across two groups (-inf: kept
 * apart), size their sizes. into[j] is the group j joined (itself while
 * it stands). */
static void
agglomerate (double  *sum,
             guint   *size,
             guint    m,
             double   threshold,
             guint   *into)
{
  g_autofree gboolean *active = g_new (gboolean, m);
  g_autofree guint *best = g_new (guint, m);
  g_autofree double *best_score = g_new (double, m);

  for (guint i = 0; i < m; i++)
    {
      active[i] = TRUE;
      into[i] = i;
    }
  for (guint i = 0; i < m; i++)
    best_of (sum, size, active, m, i, best, best_score);

  for (;;)
    {
      guint i = G_MAXUINT, j;

      for (guint k = 0; k < m; k++)
        if (active[k] && best[k] != G_MAXUINT && (i == G_MAXUINT || best_score[k] > best_score[i]))
          i = k;
      if (i == G_MAXUINT || !(best_score[i] >= threshold))
        break;
      j = best[i];
      if (j < i)
        {
          guint t = i;
          i = j;
          j = t;
        }
      /* j joins i; -inf (kept apart) stays -inf in the sum. */
      for (guint k = 0; k < m; k++)
        if (active[k] && k != i && k != j)
          {
            sum[(gsize) i * m + k] += sum[(gsize) j * m + k];
            sum[(gsize) k * m + i] = sum[(gsize) i * m + k];
          }
      size[i] += size[j];
      active[j] = FALSE;
      into[j] = i;
      best_of (sum, size, active, m, i, best, best_score);
      for (guint k = 0; k < m; k++)
        {
          if (!active[k] || k == i)
            continue;
          if (best[k] == i || best[k] == j)
            best_of (sum, size, active, m, k, best, best_score);
          else if (mean (sum, size, m, k, i) > best_score[k])
            {
              best_score[k] = mean (sum, size, m, k, i);
              best[k] = i;
            }
        }
    }
}

static guint
final_of (guint *into,
          guint  x)
{
  while (into[x] != x)
    x = into[x];
  return x;
}

/* The exact clustering inside one component: members are item indices,
 * each starting in its statements' group (its root in p). Writes each
 * item's final root into result. */
static void
cluster_component (const float *vectors,
                   guint        dim,
                   double       threshold,
                   Partition   *p,
                   GArray      *members,
                   guint       *result)
{
  g_autoptr(GHashTable) index = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *of = g_new (guint, members->len);
  g_autofree double *sum = NULL;
  g_autofree guint *size = NULL;
  g_autofree guint *into = NULL;
  guint m;

  for (guint i = 0; i < members->len; i++)
    {
      guint root = find (p->parent, g_array_index (members, guint, i));
      gpointer found;

      if (!g_hash_table_lookup_extended (index, GUINT_TO_POINTER (root), NULL, &found))
        {
          found = GUINT_TO_POINTER (starts->len);
          g_hash_table_insert (index, GUINT_TO_POINTER (root), found);
          g_array_append_val (starts, root);
        }
      of[i] = GPOINTER_TO_UINT (found);
    }
  m = starts->len;
  if (m > 1)
    {
      sum = g_new0 (double, (gsize) m * m);
      size = g_new0 (guint, m);
      into = g_new (guint, m);
      for (guint i = 0; i < members->len; i++)
        {
          const float *vi = vectors + (gsize) g_array_index (members, guint, i) * dim;

          size[of[i]]++;
          for (guint j = i + 1; j < members->len; j++)
            if (of[i] != of[j])
              {
                double s = dot (vi, vectors + (gsize) g_array_index (members, guint, j) * dim, dim);

                sum[(gsize) of[i] * m + of[j]] += s;
                sum[(gsize) of[j] * m + of[i]] += s;
              }
        }
      for (guint c = 0; c < m; c++)
        {
          GHashTable *apart = apart_of (p, g_array_index (starts, guint, c), FALSE);
          GHashTableIter iter;
          gpointer key;

          if (apart == NULL)
            continue;
          g_hash_table_iter_init (&iter, apart);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            {
              gpointer d;

              if (g_hash_table_lookup_extended (index, key, NULL, &d))
                sum[(gsize) c * m + GPOINTER_TO_UINT (d)] = sum[(gsize) GPOINTER_TO_UINT (d) * m + c] = -INFINITY;
            }
        }
      agglomerate (sum, size, m, threshold, into);
    }
  for (guint i = 0; i < members->len; i++)
    result[g_array_index (members, guint, i)] =
      g_array_index (starts, guint, m > 1 ? final_of (into, of[i]) : of[i]);
}

/* public API */

SlPersonLink *
sl_person_link_new (SlPersonLinkKind kind)
{
  SlPersonLink *link = g_new0 (SlPersonLink, 1);

  link->kind = kind;
  link->a = g_array_new (FALSE, FALSE, sizeof (guint));
  link->b = g_array_new (FALSE, FALSE, sizeof (guint));
  return link;
}

void
sl_person_link_free (SlPersonLink *link)
{
  if (link == NULL)
    return;
  g_array_unref (link->a);
  g_array_unref (link->b);
  g_free (link);
}

guint *
sl_person_group (const float *vectors,
                 guint        n,
                 guint        dim,
                 double       threshold,
                 GPtrArray   *links,
                 guint       *n_groups)
{
  Partition p = { g_new (guint, MAX (n, 1)),
                  g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref) };
  g_autofree guint *graph = g_new (guint, MAX (n, 1));
  g_autofree guint *root = g_new (guint, MAX (n, 1));
  g_autoptr(GHashTable) components = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) labels = g_hash_table_new (NULL, NULL);
  guint *result = g_new (guint, MAX (n, 1));

  g_return_val_if_fail (n == 0 || vectors != NULL, NULL);
  g_return_val_if_fail (n_groups != NULL, NULL);

  for (guint i = 0; i < n; i++)
    p.parent[i] = i;
  apply_links (&p, links, n);

  /* The components of the graph of pairs at or above the threshold, with
   * the statements' groups already joined. */
  for (guint i = 0; i < n; i++)
    graph[i] = find (p.parent, i);
  for (guint i = 0; i < n; i++)
    {
      const float *vi = vectors + (gsize) i * dim;

      for (guint j = i + 1; j < n; j++)
        if (dot (vi, vectors + (gsize) j * dim, dim) >= threshold)
          {
            guint ri = find (graph, i), rj = find (graph, j);

            if (ri != rj)
              graph[MAX (ri, rj)] = MIN (ri, rj);
          }
    }
  for (guint i = 0; i < n; i++)
    {
      guint r = find (graph, i);
      GArray *members = g_hash_table_lookup (components, GUINT_TO_POINTER (r));

      if (members == NULL)
        {
          members = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (components, GUINT_TO_POINTER (r), members);
        }
      g_array_append_val (members, i);
    }
  {
    GHashTableIter iter;
    gpointer members;

    g_hash_table_iter_init (&iter, components);
    while (g_hash_table_iter_next (&iter, NULL, &members))
      cluster_component (vectors, dim, threshold, &p, members, root);
  }

  *n_groups = 0;
  for (guint i = 0; i < n; i++)
    {
      gpointer label;

      if (!g_hash_table_lookup_extended (labels, GUINT_TO_POINTER (root[i]), NULL, &label))
        {
          label = GUINT_TO_POINTER ((*n_groups)++);
          g_hash_table_insert (labels, GUINT_TO_POINTER (root[i]), label);
        }
      result[i] = GPOINTER_TO_UINT (label);
    }
  g_free (p.parent);
  g_hash_table_unref (p.apart);
  return result;
}
