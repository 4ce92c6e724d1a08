/* sl-engine-private.h: what the engine's files share: the connection, the
 * evidence store, the key, and the audited-action helpers.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "core/sl-calibration.h"
#include "core/sl-evidence-store.h"
#include "core/sl-gallery-matrix.h"
#include "core/sl-store.h"
#include "engine/sightline-engine.h"
#include "analysis/sl-face-analyser.h"

G_BEGIN_DECLS

/* The first declaration of every public engine function that takes a
 * GError: on every way out, the error it sets is put in the engine's
 * domain (sl_engine_error_normalize()). */
static inline void
sl_engine_boundary_leave (GError ***error)
{
  sl_engine_error_normalize (*error);
}
#define SL_ENGINE_BOUNDARY(error) \
  G_GNUC_UNUSED __attribute__ ((cleanup (sl_engine_boundary_leave))) GError **sl_boundary_ = (error)

SlSession       *sl_session_new              (gint64           user_id,
                                              const char      *username,
                                              const char      *display_name,
                                              SlRole           role);

/* The connection of the thread that opened the engine. */
SlStore         *sl_engine_get_store         (SlEngine        *self);
/* A new connection, for a worker thread. */
SlStore         *sl_engine_connect           (SlEngine        *self,
                                              GError         **error);
SlEvidenceStore *sl_engine_get_evidence      (SlEngine        *self);
/* The enrolled photos' content-addressed, read-only copies (data/gallery-photos). */
SlEvidenceStore *sl_engine_get_gallery_store (SlEngine        *self);
/* Copies into the gallery store every enrolled photo not yet looked at
 * (enrolled before the store existed) that is still readable and unchanged,
 * and marks the others missing; audited once when there was any. */
gboolean         sl_engine_gallery_store_copies (SlEngine     *self,
                                                 SlStore      *store,
                                                 GError      **error);
GBytes          *sl_engine_get_audit_key     (SlEngine        *self);

/* Models, loaded once per engine and shared by its threads. */
const char      *sl_engine_get_model_dir     (SlEngine        *self);
SlModelManifest *sl_engine_get_manifest      (SlEngine        *self,
                                              GError         **error);
/* The card of an embedder (NULL: the default one); NOT_FOUND naming it. */
const SlModelInfo *sl_engine_lookup_embedder (SlEngine        *self,
                                              SlModelManifest *manifest,
                                              const char      *embedder_id,
                                              GError         **error);
/* The detector and that embedder, loaded and verified; a new reference. */
SlFaceAnalyser  *sl_engine_get_analyser      (SlEngine        *self,
                                              const char      *embedder_id,
                                              GError         **error);
/* The calibration of the default embedder; NULL and an error when the
 * models or their calibration are not installed. */
SlCalibration   *sl_engine_default_calibration (SlEngine      *self,
                                                GError       **error);
/* The score at which calibration's false-match rate is rate, rounded as
 * the policy stores thresholds (three decimals); NAN when the measurement
 * does not resolve a rate that small. */
double           sl_engine_calibrated_score  (SlCalibration   *calibration,
                                              double           rate);
/* The calibration measured on the embedder file with this SHA-256. */
SlCalibration   *sl_engine_get_calibration   (SlEngine        *self,
                                              const char      *model_id,
                                              const char      *model_sha256,
                                              GError         **error);
/* The gallery's search matrix: kept from an earlier search while the
 * gallery's generation is unchanged, else loaded through store (loaded
 * says which). A new reference. */
SlGalleryMatrix *sl_engine_get_matrix        (SlEngine        *self,
                                              SlStore         *store,
                                              gint64           gallery_id,
                                              gint64           generation,
                                              gboolean        *loaded,
                                              GCancellable    *cancellable,
                                              GError         **error);

/* Use cases in a worker (sl-engine-task.c). A use case is a function of a
 * connection; in a worker it gets one of its own. It returns its result, or
 * SL_ENGINE_TASK_DONE when success is all it has to say; NULL with error set
 * when it fails. */
typedef gpointer (*SlEngineWorkFunc) (SlEngine      *engine,
                                      SlStore       *store,
                                      gpointer       data,
                                      GCancellable  *cancellable,
                                      GError       **error);
#define SL_ENGINE_TASK_DONE GINT_TO_POINTER (1)

/* Made in the caller's thread, so that a progress relay can be tied to it
 * (sl_progress_relay_new()) before it runs. */
GTask           *sl_engine_task_new          (SlEngine            *self,
                                              gpointer             source_tag,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* Runs work (data, freed with data_free when the task goes) in a worker
 * thread with a connection of its own; consumes nothing of task. */
void             sl_engine_task_run          (GTask               *task,
                                              SlEngineWorkFunc     work,
                                              gpointer             data,
                                              GDestroyNotify       data_free,
                                              GDestroyNotify       result_free);
/* The data given to sl_engine_task_run(). */
gpointer         sl_engine_task_get_data     (GAsyncResult        *result);
/* The work's result (SL_ENGINE_TASK_DONE for a bare success); NULL and
 * error (in the engine's domain, or G_IO_ERROR_CANCELLED) when it failed. */
gpointer         sl_engine_task_finish       (SlEngine            *self,
                                              GAsyncResult        *result,
                                              gpointer             source_tag,
                                              GError             **error);

/* Need to know (sl-engine-members.c): whether session may work the case,
 * as a member or by a role that sees every case; REFUSED saying why when
 * not. Nothing is audited here: the caller's failure path writes the
 * refusal with its own action. */
gboolean         sl_engine_case_access       (SlStore             *store,
                                              SlSession           *session,
                                              gint64               case_id,
                                              const char          *case_number,
                                              GError             **error);
/* sl_case_lookup () and then sl_engine_case_access (). */
SlCase          *sl_engine_case_lookup       (SlStore             *store,
                                              SlSession           *session,
                                              const char          *case_number,
                                              GError             **error);
/* The user id a case list is filtered by: 0 when session sees every case. */
gint64           sl_engine_case_filter       (SlSession           *session);

/* What an audit row says besides its outcome. details may be NULL. */
typedef struct
{
  const char *action;        /* "case.open" */
  const char *object_type;   /* "case" */
  const char *object_id;
  const char *case_number;
  JsonObject *details;
} SlAuditEntry;

/* Appends the row inside the caller's transaction on store. */
gboolean         sl_engine_audit             (SlEngine        *self,
                                              SlStore         *store,
                                              SlSession       *session,
                                              const SlAuditEntry *entry,
                                              SlAuditOutcome   outcome,
                                              GError         **error);
/* Checks that the session may do action. When not, writes the refused row
 * (in a transaction of its own) and sets SL_ENGINE_ERROR_REFUSED. */
gboolean         sl_engine_authorize         (SlEngine        *self,
                                              SlStore         *store,
                                              SlSession       *session,
                                              SlPermission         action,
                                              const SlAuditEntry *entry,
                                              GError         **error);
/* After a rolled-back change: records it as failed (or refused, for an
 * SL_ENGINE_ERROR_REFUSED) with the reason, in a transaction of its own.
 * Best effort: a failure to write is logged, the original error stands. */
void             sl_engine_audit_failure     (SlEngine        *self,
                                              SlStore         *store,
                                              SlSession       *session,
                                              const SlAuditEntry *entry,
                                              const GError    *why);
/* Commits, or rolls back and returns FALSE. */
gboolean         sl_engine_commit            (SlStore         *store,
                                              GError         **error);

/* Core's store errors in the engine's words: NOT_FOUND and INVALID map to
 * the engine's codes, the rest pass through. */
/* The error names the evidence by original_name wherever it named its
 * stored copy (stored_path, or its folder); when it names it nowhere, it
 * is prefixed "<doing> '<original_name>': " (sl-engine-paths.c). */
void             sl_engine_error_name_evidence (GError        **error,
                                                const char     *stored_path,
                                                const char     *original_name,
                                                const char     *doing);
void             sl_engine_propagate         (GError         **dest,
                                              GError          *src);

/* The evidence of the case with this id; NOT_FOUND when the case has none
 * (sl-engine-analyse.c). */
SlEvidence      *sl_engine_find_evidence     (SlStore         *store,
                                              SlCase          *c,
                                              gint64           evidence_id,
                                              GError         **error);
/* Refuses (SL_ENGINE_ERROR_REFUSED) to find faces in a closed case's
 * evidence. */
gboolean         sl_engine_check_analysable  (SlCase          *c,
                                              GError         **error);
/* A still that held no face leaves nothing in the faces table: its
 * successful analysis in the audit log says it was looked at
 * (sl-engine-faces.c). */
gboolean         sl_engine_still_analysed    (SlStore         *store,
                                              const char      *case_number,
                                              gint64           evidence_id,
                                              GError         **error);
/* The decision word of a first decision, a review or a correction
 * (sl-engine-review.c): its kind, and "decision" in the audit details;
 * INVALID naming it when it is none. */
gboolean         sl_engine_decision_parse    (const char      *decision,
                                              JsonObject      *details,
                                              SlDecisionKind  *kind,
                                              GError         **error);
/* The reason a correction or a retraction gives, in words: at most 4,000
 * characters a person can read, at least SL_CORRECTION_REASON_MIN_WORDS
 * words, not one word repeated; REFUSED otherwise. `option` names where a
 * front end asks for it (sl-engine-review-correct.c). */
gboolean         sl_engine_check_reason      (const char      *reason,
                                              const char      *option,
                                              GError         **error);

G_END_DECLS
