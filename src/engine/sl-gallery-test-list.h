/* sl-gallery-test-list.h: the probe list of a gallery test, read and
 * checked whole before anything is computed: a header naming an image
 * column (and, optionally, identity), one row per image, each image a file
 * under the image folder; every other column is a group attribute.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One row of the probe list. */
typedef struct
{
  guint   line;
  char   *image;          /* as written */
  char   *path;           /* under the images folder */
  char   *identity;       /* NULL when none */
  GStrv   values;         /* one per attribute; "" when not given */
} SlProbe;

typedef struct
{
  GPtrArray *attributes;  /* column names besides image and identity */
  GPtrArray *probes;      /* SlProbe */
} SlProbeList;

void         sl_probe_list_free  (SlProbeList  *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlProbeList, sl_probe_list_free)

/* Fails with SL_ENGINE_ERROR_BAD_INPUT naming the file and the line. */
SlProbeList *sl_probe_list_read  (const char   *csv,
                                  const char   *images_dir,
                                  GError      **error);
/* Sets SL_ENGINE_ERROR_BAD_INPUT: "Cannot use the probe list 'display',
 * line N: why" (without the line when it is 0). Returns FALSE. */
gboolean     sl_probe_list_error (GError      **error,
                                  const char   *display,
                                  guint         line,
                                  const char   *format,
                                  ...) G_GNUC_PRINTF (4, 5);

G_END_DECLS
