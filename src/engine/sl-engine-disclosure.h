/* sl-engine-disclosure.h: the disclosure package of a case for discovery
 * (sl-engine-disclosure.c): every search with every candidate, its
 * justification, gallery and size, model and hash, threshold, calibration,
 * decisions and outcomes, as a PDF and as JSON, with the case's audit rows
 * and what a third party needs to check them (core/sl-audit-excerpt.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-audit-excerpt.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

#define SL_DISCLOSURE_PDF   "disclosure.pdf"
#define SL_DISCLOSURE_JSON  "disclosure.json"

typedef struct
{
  char    *path;          /* the folder written */
  guint    searches;      /* gallery searches and searches within the case */
  guint    candidates;
  guint    pages;
  gint64   audit_rows;
  gint64   head_seq;      /* the row that recorded the package */
  char    *head_hash;
} SlDisclosureSummary;

void      sl_disclosure_summary_clear (SlDisclosureSummary *summary);

/* Writes the package of case_number into the folder out_dir, which must
 * not exist yet: it appears whole or not at all. Needs
 * SL_PERMISSION_REPORT; audited ("report.disclosure", with the SHA-256 of
 * the PDF and the JSON), and so is a refusal or a failure. The package's
 * audit excerpt ends with that row. summary may be NULL. */
gboolean  sl_engine_disclosure_write  (SlEngine            *self,
                                       SlSession           *session,
                                       const char          *case_number,
                                       const char          *out_dir,
                                       SlDisclosureSummary *summary,
                                       GCancellable        *cancellable,
                                       GError             **error);
/* Checks a package without a database or a session (nothing is recorded:
 * a third party runs it). key_path: the audit key file of a keyed chain,
 * or NULL. */
gboolean  sl_engine_disclosure_verify (const char           *dir,
                                       const char           *key_path,
                                       SlAuditExcerptResult *result,
                                       GError              **error);

G_END_DECLS
