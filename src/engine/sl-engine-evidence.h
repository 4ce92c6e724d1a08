/* sl-engine-evidence.h: importing evidence into a case and listing it
 * (sl-engine-evidence.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-evidence.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

typedef void (*SlImportProgressFunc) (guint64  done,
                                      guint64  total,
                                      gpointer user_data);

typedef struct
{
  const char           *ca_file;        /* https: CA certificates to trust; NULL = system */
  SlImportProgressFunc  progress;
  gpointer              progress_data;
} SlImportOptions;

/* Imports a local file, a file:// URL or an https:// URL into the case:
 * hashed while copied into the store, its kind (still or footage) and
 * media facts read from its content. A file that is neither fails with
 * SL_ENGINE_ERROR_BAD_INPUT naming it. The same content imported into the
 * same case again is not duplicated: the existing evidence is returned with
 * *duplicate set. */
SlEvidence   *sl_engine_evidence_import    (SlEngine              *self,
                                            SlSession             *session,
                                            const char            *case_number,
                                            const char            *file_or_url,
                                            const SlImportOptions *options,
                                            gboolean              *duplicate,
                                            GCancellable          *cancellable,
                                            GError               **error);
/* The same in a worker thread with its own database connection; progress
 * is called in the caller's thread-default main context. */
void          sl_engine_evidence_import_async  (SlEngine              *self,
                                                SlSession             *session,
                                                const char            *case_number,
                                                const char            *file_or_url,
                                                const SlImportOptions *options,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
SlEvidence   *sl_engine_evidence_import_finish (SlEngine              *self,
                                                GAsyncResult          *result,
                                                gboolean              *duplicate,
                                                GError               **error);
GPtrArray    *sl_engine_evidence_list      (SlEngine       *self,
                                            SlSession      *session,
                                            const char     *case_number,
                                            GError        **error);
/* The absolute path of a stored evidence file. */
char         *sl_engine_evidence_path      (SlEngine       *self,
                                            SlEvidence     *evidence);

G_END_DECLS
