/* sl-report.h: the case report: a PDF of everything a court or a
 * supervisor needs to see of a case's face searches: the case, its
 * evidence, each search with its justification, probe and candidates, the
 * decisions and who took them, the confirmed leads, the models used and
 * the case's audit trail.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "engine/sl-engine.h"

G_BEGIN_DECLS

typedef struct
{
  char    *path;          /* the report written */
  guint    pages;
  guint    searches;
  guint64  bytes;
  char    *sha256;        /* of the file, hex */
} SlReportSummary;

void      sl_report_summary_clear      (SlReportSummary  *summary);

/* Writes the report of a case to out_path (A4 PDF). Needs
 * SL_PERMISSION_REPORT; every report written is audited ("report.write", with
 * the file's SHA-256, size and page count), and so is a refusal or a
 * failure. The file appears under its name whole or not at all: it is
 * written beside it under a temporary name, synced and renamed. summary
 * may be NULL. */
gboolean  sl_engine_report_write_full  (SlEngine         *self,
                                        SlSession        *session,
                                        const char       *case_number,
                                        const char       *out_path,
                                        SlReportSummary  *summary,
                                        GCancellable     *cancellable,
                                        GError          **error);
gboolean  sl_engine_report_write       (SlEngine         *self,
                                        SlSession        *session,
                                        const char       *case_number,
                                        const char       *out_path,
                                        GCancellable     *cancellable,
                                        GError          **error);
/* The same in a worker thread with its own database connection. */
void      sl_engine_report_write_async (SlEngine         *self,
                                        SlSession        *session,
                                        const char       *case_number,
                                        const char       *out_path,
                                        GCancellable     *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer          user_data);
/* summary may be NULL. */
gboolean  sl_engine_report_write_finish (SlEngine        *self,
                                         GAsyncResult    *result,
                                         SlReportSummary *summary,
                                         GError         **error);

G_END_DECLS
