/* sl-engine-report-private.h: what the disclosure package shares with the
 * case report (sl-engine-report.c): the same data and the same PDF.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "engine/sl-engine-private.h"
#include "report/sl-report.h"

G_BEGIN_DECLS

/* Gathers the case's report data and renders the PDF into a new file at
 * path (never an existing one), synced. Not audited: the caller records
 * what it made. Returns the data the PDF was made from. */
SlReportData *sl_engine_report_render_file (SlEngine      *self,
                                            SlStore       *store,
                                            SlSession     *session,
                                            const char    *case_number,
                                            const char    *path,
                                            char         **sha256,
                                            guint         *n_pages,
                                            GCancellable  *cancellable,
                                            GError       **error);

G_END_DECLS
