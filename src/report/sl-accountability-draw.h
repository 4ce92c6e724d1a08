/* sl-accountability-draw.h: the accountability report as an A4 PDF
 * (sl-accountability-draw.c). Counts below 5 read "fewer than 5".
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "core/sl-accountability.h"

G_BEGIN_DECLS

#define SL_ACCOUNTABILITY_SMALL 5

/* A count as the PDF shows it: "fewer than 5" below SL_ACCOUNTABILITY_SMALL
 * (a small group could name a person), the number otherwise. */
char     *sl_accountability_count_shown (gint64                  count);
gboolean  sl_accountability_render      (const SlAccountability *report,
                                         const char             *generated_by,
                                         const char             *generated_at,
                                         const char             *left_out,
                                         cairo_write_func_t      write_func,
                                         gpointer                closure,
                                         guint                  *n_pages,
                                         GError                **error);

G_END_DECLS
