/* sl-engine.h: the use cases every front end goes through. The engine holds
 * the database, the evidence store and the audit key; every action checks
 * the signed-in role through sl_role_may() and writes its audit row in the
 * same transaction as the change it records. A refused action is audited as
 * refused and fails with SL_ENGINE_ERROR_REFUSED.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-audit.h"
#include "core/sl-case.h"
#include "core/sl-evidence.h"
#include "core/sl-policy.h"
#include "core/sl-role.h"
#include "core/sl-user.h"
#include "engine/sl-session.h"

G_BEGIN_DECLS

#define SL_ENGINE_ERROR (sl_engine_error_quark ())

typedef enum
{
  SL_ENGINE_ERROR_FAILED,
  SL_ENGINE_ERROR_REFUSED,        /* the role or the policy does not allow it */
  SL_ENGINE_ERROR_SIGN_IN,        /* wrong name or password, account locked or disabled */
  SL_ENGINE_ERROR_INVALID,        /* a value the engine does not take */
  SL_ENGINE_ERROR_NOT_FOUND,      /* no such user, case, ... */
  SL_ENGINE_ERROR_BAD_INPUT,      /* an evidence file that is neither a still nor footage */
  SL_ENGINE_ERROR_AUDIT_KEY,      /* the audit key is missing or not this database's */
  SL_ENGINE_ERROR_AUDIT_STRIPPED, /* a key was given, but the database records none */
  SL_ENGINE_ERROR_RECOVERY,       /* a recovery code that is wrong, used, or not for this account */
} SlEngineError;

GQuark sl_engine_error_quark (void);

#define SL_TYPE_ENGINE (sl_engine_get_type ())
G_DECLARE_FINAL_TYPE (SlEngine, sl_engine, SL, ENGINE, GObject)

/* $SIGHTLINE_DATA_DIR, else the user's data dir + "sightline". */
char         *sl_engine_default_data_dir   (void);

/* db_path NULL: sightline.db in the default data dir. The evidence store is
 * "evidence" beside the database file. */
SlEngine     *sl_engine_new                (const char     *db_path);
const char   *sl_engine_get_db_path        (SlEngine       *self);
const char   *sl_engine_get_evidence_dir   (SlEngine       *self);
/* Overrides the audit key file the database names (before open). */
void          sl_engine_set_audit_key_path (SlEngine       *self,
                                            const char     *path);
/* Where model files are read from (NULL: sl_model_dir_default ()). */
void          sl_engine_set_model_dir      (SlEngine       *self,
                                            const char     *dir);
/* Whether the open database's audit log is keyed (HMAC). */
gboolean      sl_engine_is_audit_keyed     (SlEngine       *self);
/* The key id of the audit key in use; NULL when not keyed. */
const char   *sl_engine_get_audit_key_id   (SlEngine       *self);
/* The audit head witness (sl-audit-witness.h): path, else
 * $SIGHTLINE_AUDIT_WITNESS, else the database's path + ".witness". Set
 * before open or init. */
void          sl_engine_set_witness_path   (SlEngine       *self,
                                            const char     *path);
const char   *sl_engine_get_witness_path   (SlEngine       *self);

/* Creates the database, its evidence store and first administrator; with
 * audit_key_path the audit log is HMAC-keyed with the key in that file
 * (created 0600 with 32 random bytes when absent). The policy threshold is
 * set to the score at which the default embedder's calibration measured a
 * false-match rate of 1e-5, when there is one (the store's default
 * otherwise); the audit row says which. Audited as "store.init". Leaves the
 * engine open. */
gboolean      sl_engine_init_database      (SlEngine       *self,
                                            const char     *admin_name,
                                            const char     *admin_display_name,
                                            const char     *admin_password,
                                            const char     *audit_key_path,
                                            GError        **error);
/* Opens the existing database (refusing one that is not ours, newer or
 * damaged) and loads the audit key it needs. */
gboolean      sl_engine_open               (SlEngine       *self,
                                            GError        **error);

/* Every attempt is audited. After SL_USER_MAX_FAILED_SIGNINS failures in a
 * row the account is locked until an administrator unlocks it. */
SlSession    *sl_engine_sign_in            (SlEngine       *self,
                                            const char     *username,
                                            const char     *password,
                                            GError        **error);

/* Checks that the session may do action before a front end asks for more
 * (a new password, a file); a refusal is audited as audit_action on
 * object_id, like any other, and fails with SL_ENGINE_ERROR_REFUSED. */
gboolean      sl_engine_check              (SlEngine       *self,
                                            SlSession      *session,
                                            SlAction        action,
                                            const char     *audit_action,
                                            const char     *object_id,
                                            GError        **error);

/* Accounts (sl-engine-accounts.c). */
gboolean      sl_engine_user_add           (SlEngine       *self,
                                            SlSession      *session,
                                            const char     *username,
                                            const char     *display_name,
                                            SlRole          role,
                                            const char     *password,
                                            GError        **error);
gboolean      sl_engine_user_disable       (SlEngine       *self,
                                            SlSession      *session,
                                            const char     *username,
                                            GError        **error);
gboolean      sl_engine_user_unlock        (SlEngine       *self,
                                            SlSession      *session,
                                            const char     *username,
                                            GError        **error);
/* Anyone may change their own password; an administrator anyone's. */
gboolean      sl_engine_user_may_set_password (SlEngine    *self,
                                               SlSession   *session,
                                               const char  *username,
                                               GError     **error);
gboolean      sl_engine_user_set_password  (SlEngine       *self,
                                            SlSession      *session,
                                            const char     *username,
                                            const char     *new_password,
                                            GError        **error);
/* SlUser (password hashes cleared). */
GPtrArray    *sl_engine_user_list          (SlEngine       *self,
                                            SlSession      *session,
                                            GError        **error);

/* Cases and policy (sl-engine-cases.c). */
SlCase       *sl_engine_case_open          (SlEngine       *self,
                                            SlSession      *session,
                                            const char     *number,
                                            const char     *title,
                                            GError        **error);
gboolean      sl_engine_case_close         (SlEngine       *self,
                                            SlSession      *session,
                                            const char     *number,
                                            GError        **error);
GPtrArray    *sl_engine_case_list          (SlEngine       *self,
                                            SlSession      *session,
                                            GError        **error);
SlPolicy     *sl_engine_policy_get         (SlEngine       *self,
                                            SlSession      *session,
                                            GError        **error);
/* Audited with the old and the new value. */
gboolean      sl_engine_policy_set         (SlEngine       *self,
                                            SlSession      *session,
                                            const char     *key,
                                            const char     *value,
                                            GError        **error);

/* Evidence (sl-engine-evidence.c). */
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

/* The audit log (sl-engine-audit.c). Both need SL_ACTION_AUDIT_READ and are
 * audited themselves. */
gboolean      sl_engine_audit_verify       (SlEngine             *self,
                                            SlSession            *session,
                                            gint64                expect_seq,
                                            const char           *expect_hash,
                                            SlAuditProgressFunc   progress,
                                            gpointer              progress_data,
                                            SlAuditVerifyResult  *result,
                                            GError              **error);
/* The same, also against heads once issued (`audit verify --against`:
 * reports, exports, an old witness); against may be NULL. The witness
 * (sl_engine_get_witness_path ()) is always checked. */
gboolean      sl_engine_audit_verify_against (SlEngine             *self,
                                              SlSession            *session,
                                              gint64                expect_seq,
                                              const char           *expect_hash,
                                              SlAuditHeads         *against,
                                              SlAuditProgressFunc   progress,
                                              gpointer              progress_data,
                                              SlAuditVerifyResult  *result,
                                              GError              **error);
gboolean      sl_engine_audit_export       (SlEngine             *self,
                                            SlSession            *session,
                                            const char           *since,
                                            const char           *case_number,
                                            SlAuditFormat         format,
                                            GOutputStream        *out,
                                            gint64               *n_rows,
                                            GError              **error);

G_END_DECLS
