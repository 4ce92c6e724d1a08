/* sl-engine-recovery.h: no permanent lock-out of the last administrator.
 *
 * A recovery code is made at init and shown once; only its yescrypt hash
 * is kept (meta "admin-recovery-hash"). Given on the machine itself
 * (`sightline-cli user recover NAME`), it unlocks an administrator's
 * account, is used up, and a new code is issued in its place. Every use,
 * right or wrong, is audited. An administrator's lockout also ends by
 * itself after the policy's admin-lockout-minutes (0: never).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/sl-user.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

/* The code made by the last sl_engine_init_database () on this engine,
 * once: later calls return NULL. */
char     *sl_engine_take_recovery_code  (SlEngine    *self);

/* Unlocks the administrator `username` with the recovery code (letter
 * case, spaces and dashes do not matter). Returns the new code that
 * replaces it; NULL and SL_ENGINE_ERROR_RECOVERY for a wrong code, an
 * account that is not an administrator's, or a database without a code.
 * Needs no session: it is for when nobody can sign in. */
char     *sl_engine_recover_admin       (SlEngine    *self,
                                         const char  *username,
                                         const char  *code,
                                         GError     **error);

/* Replaces the recovery code (administrators; for databases made before
 * codes existed, or one shown to the wrong person). */
char     *sl_engine_recovery_code_renew (SlEngine    *self,
                                         SlSession   *session,
                                         GError     **error);

/* For sl-engine.c. A new code, its hash stored, inside the caller's
 * transaction on store. */
char     *sl_engine_recovery_issue      (SlStore       *store,
                                         GError       **error);
/* Whether user is an administrator whose lockout has run out under the
 * policy (minutes set to its admin-lockout-minutes). */
gboolean  sl_engine_lockout_expired     (SlStore       *store,
                                         const SlUser  *user,
                                         guint         *minutes,
                                         GError       **error);
/* For the engine's own field: the code init made. */
void      sl_engine_set_recovery_code   (SlEngine      *self,
                                         char          *code);

G_END_DECLS
