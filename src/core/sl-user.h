/* sl-user.h: accounts: yescrypt password hashes, roles, disabling and the
 * lockout after repeated failed sign-ins.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-role.h"
#include "core/sl-store.h"

G_BEGIN_DECLS

/* Failed sign-ins in a row after which an account is locked until an
 * administrator unlocks it. */
#define SL_USER_MAX_FAILED_SIGNINS 5
#define SL_USER_MIN_PASSWORD_LENGTH 8

typedef struct
{
  gint64    id;
  char     *username;
  char     *display_name;
  SlRole    role;
  gboolean  disabled;
  gboolean  locked;
  guint     failed_signins;
  char     *created_at;
  char     *password_changed_at;
  char     *password_hash;
  char     *locked_at;      /* when it was locked (the store's time form); NULL when not */
} SlUser;

void       sl_user_free               (SlUser      *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlUser, sl_user_free)

/* A yescrypt hash ("$y$...") of the password with a fresh random salt. */
char      *sl_password_hash           (const char  *password,
                                       GError     **error);
/* Whether password matches hash. A NULL hash (an unknown user) costs the
 * same time and never matches, so that timing does not tell which names
 * exist. */
gboolean   sl_password_verify         (const char  *password,
                                       const char  *hash);
/* At least SL_USER_MIN_PASSWORD_LENGTH characters, UTF-8, no control
 * characters. */
gboolean   sl_password_check          (const char  *password,
                                       GError     **error);
/* 1 to 64 of A-Z a-z 0-9 . _ - and not starting with . or -. */
gboolean   sl_user_check_name         (const char  *username,
                                       GError     **error);

/* Table access; writes belong inside the caller's transaction. */
SlUser    *sl_user_lookup             (SlStore     *store,
                                       const char  *username,
                                       GError     **error);
gint64     sl_user_insert             (SlStore     *store,
                                       const char  *username,
                                       const char  *display_name,
                                       SlRole       role,
                                       const char  *password_hash,
                                       gint64       created_by,
                                       GError     **error);
/* SlUser, ordered by name. */
GPtrArray *sl_user_list               (SlStore     *store,
                                       GError     **error);
gboolean   sl_user_set_disabled       (SlStore     *store,
                                       gint64       id,
                                       gboolean     disabled,
                                       GError     **error);
gboolean   sl_user_set_password_hash  (SlStore     *store,
                                       gint64       id,
                                       const char  *hash,
                                       GError     **error);
/* Counts one more failed sign-in and locks the account at the limit. */
gboolean   sl_user_record_failure     (SlStore     *store,
                                       gint64       id,
                                       guint       *failed_signins,
                                       gboolean    *locked,
                                       GError     **error);
gboolean   sl_user_reset_failures     (SlStore     *store,
                                       gint64       id,
                                       GError     **error);
gboolean   sl_user_unlock             (SlStore     *store,
                                       gint64       id,
                                       GError     **error);
gint64     sl_user_count              (SlStore     *store,
                                       GError     **error);

G_END_DECLS
