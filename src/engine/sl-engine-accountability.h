/* sl-engine-accountability.h: the supervisor's accountability report over
 * a period (sl-engine-accountability.c): searches by offence, purpose,
 * outcome, user and week; refusals; searches with no candidate; leads,
 * disagreements and outcomes; the models, thresholds and per-group
 * measurements in force and every policy change; and the recorded sex,
 * race and birth decade of the people returned as candidates and as
 * confirmed leads, where the gallery records them; authorisations
 * requested, granted, refused, granted late or still pending, and the
 * searches their refusals sealed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "engine/sl-engine.h"

G_BEGIN_DECLS

typedef struct
{
  char    *path;          /* the PDF written */
  char    *sha256;
  guint    pages;
  gint64   searches;      /* gallery searches in the period */
  guint    csv_files;     /* written into the CSV folder; 0 without one */
} SlAccountabilitySummary;

void      sl_accountability_summary_clear (SlAccountabilitySummary *summary);

/* Writes the report of [from, to) (dates "2026-01-01" or times, to not
 * included) to out_pdf, whole or not at all, and with csv_dir (may be
 * NULL) one CSV file a section with the exact counts. Needs
 * SL_PERMISSION_AUDIT_READ; audited ("report.accountability", with the
 * PDF's SHA-256), and so is a refusal or a failure. summary may be NULL. */
gboolean  sl_engine_accountability_write  (SlEngine                *self,
                                           SlSession               *session,
                                           const char              *from,
                                           const char              *to,
                                           const char              *out_pdf,
                                           const char              *csv_dir,
                                           SlAccountabilitySummary *summary,
                                           GError                 **error);
/* The same in a worker thread with its own database connection. */
void      sl_engine_accountability_write_async  (SlEngine            *self,
                                                 SlSession           *session,
                                                 const char          *from,
                                                 const char          *to,
                                                 const char          *out_pdf,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean  sl_engine_accountability_write_finish (SlEngine            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
