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
  SL_ENGINE_ERROR_EXISTS,         /* a case, user, gallery ... of that name is already there */
  SL_ENGINE_ERROR_NO_FACE,        /* a photo in which no face was found */
  SL_ENGINE_ERROR_MODEL,          /* a model file, its hash, the manifest or a calibration */
  SL_ENGINE_ERROR_NETWORK,        /* a download failed */
  SL_ENGINE_ERROR_STORAGE,        /* the database or the evidence store cannot be used */
  SL_ENGINE_ERROR_DISK_FULL,      /* nothing more can be written */
  SL_ENGINE_ERROR_AUDIT_STRIPPED, /* a key was given, but the database records none */
  SL_ENGINE_ERROR_RECOVERY,       /* a recovery code that is wrong, used, or not for this account */
} SlEngineError;

GQuark sl_engine_error_quark (void);

/* Call first thing in a front end's main(): puts the image decoders' own
 * pixel limits in place, starting the program again (same arguments) when
 * they are not yet in its environment, since OpenCV reads them only as it
 * is loaded (sl-vision-limits.h). */
void   sl_engine_apply_process_limits (char **argv);

/* Front ends see one error domain: every error a public engine function
 * sets is SL_ENGINE_ERROR, whatever layer below raised it (the message is
 * kept), except a cancellation, which stays GIO's G_IO_ERROR_CANCELLED as
 * everywhere in GLib. This rewrites *error in place when it is set. */
void   sl_engine_error_normalize (GError **error);

#define SL_TYPE_ENGINE (sl_engine_get_type ())
G_DECLARE_FINAL_TYPE (SlEngine, sl_engine, SL, ENGINE, GObject)

/* $SIGHTLINE_DATA_DIR, else the user's data dir + "sightline". */
char         *sl_engine_default_data_dir   (void);

/* db_path NULL: sightline.db in the default data dir. The evidence store is
 * "evidence" beside the database file. */
SlEngine     *sl_engine_new                (const char     *db_path);
const char   *sl_engine_get_db_path        (SlEngine       *self);
/* Whether the database is on a server (a postgresql:// URI). */
gboolean      sl_engine_is_server          (SlEngine       *self);
/* On a server: whether another desk changed a gallery (enrolled) since
 * the last call, as it announced; a search then reads only what was
 * added. Always FALSE on a file or before the engine is open. Call it
 * from the thread that uses the engine's connection (the app's main
 * thread). */
gboolean      sl_engine_galleries_changed_elsewhere (SlEngine *self);
/* The database as a person is shown it: the file's path, or for a server
 * "user@host:port/database" (never a password; "host:port/database"
 * before it is opened). */
char         *sl_engine_get_db_display_name (SlEngine      *self);
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
/* The same in a worker thread (yescrypt and the first rows take a moment);
 * when it finishes the engine is open on the new database. */
void          sl_engine_init_database_async  (SlEngine            *self,
                                              const char          *admin_name,
                                              const char          *admin_display_name,
                                              const char          *admin_password,
                                              const char          *audit_key_path,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      sl_engine_init_database_finish (SlEngine            *self,
                                              GAsyncResult        *result,
                                              GError             **error);
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
/* The same in a worker thread with a database connection of its own (a
 * password hash takes a noticeable moment); the password is copied and
 * wiped when the task ends. */
void          sl_engine_sign_in_async      (SlEngine            *self,
                                            const char          *username,
                                            const char          *password,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
SlSession    *sl_engine_sign_in_finish     (SlEngine            *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Checks that the session may do action before a front end asks for more
 * (a new password, a file); a refusal is audited as audit_action on
 * object_id, like any other, and fails with SL_ENGINE_ERROR_REFUSED. */
gboolean      sl_engine_check              (SlEngine       *self,
                                            SlSession      *session,
                                            SlPermission        action,
                                            const char     *audit_action,
                                            const char     *object_id,
                                            GError        **error);

G_END_DECLS
