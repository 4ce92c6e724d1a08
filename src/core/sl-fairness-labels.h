/* sl-fairness-labels.h: the label file of a per-group measurement: a CSV
 * with a header; `image` is a photo path relative to the images folder,
 * `identity` (optional) names the person, else the photo's folder does;
 * every other column is an attribute whose values are its groups. An empty
 * cell leaves the photo out of that attribute's groups.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint  line;         /* 1-based, where the row starts */
  char  *image;        /* relative to the images folder */
  char  *identity;
  GStrv  values;       /* one per attribute; "" when not labelled */
} SlLabelRow;

typedef struct
{
  char      *name;        /* the file's name, for messages */
  GStrv      attributes;
  GPtrArray *rows;        /* SlLabelRow */
} SlLabels;

/* Reads and checks the whole file. Every complaint (SL_FAIRNESS_ERROR_LABELS
 * or SL_CSV_ERROR) names the file and the line: an empty file, no `image`
 * column, no attribute column, a repeated column, a row with more or fewer
 * fields than the header, an empty or absolute image path or one that
 * leaves the folder, an image listed twice, an image in no folder without
 * an `identity` column, text that is not UTF-8. */
SlLabels *sl_labels_load  (const char  *path,
                           GError     **error);
SlLabels *sl_labels_parse (const char  *text,
                           gsize        len,
                           const char  *name,
                           GError     **error);
void      sl_labels_free  (SlLabels    *labels);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlLabels, sl_labels_free)

G_END_DECLS
