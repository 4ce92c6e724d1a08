/* sl-policy-request.h: policy changes that weaken a safeguard, asked for
 * by one person and applied only when another co-signs them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *key;
  char   *value;            /* normalised, as it will be set */
  char   *old_value;        /* when asked for; NULL when the key had none */
  char   *reason;           /* NULL when none was given */
  gint64  requested_by_id;
  char   *requested_by;     /* user name */
  char   *requested_at;
  char   *cosigned_by;      /* NULL while pending */
  char   *cosigned_at;
} SlPolicyRequest;

void             sl_policy_request_free    (SlPolicyRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPolicyRequest, sl_policy_request_free)

/* Writes belong inside the caller's transaction; the new request's id. */
gint64           sl_policy_request_insert  (SlStore     *store,
                                            const char  *key,
                                            const char  *value,
                                            const char  *old_value,
                                            const char  *reason,
                                            gint64       user_id,
                                            GError     **error);
/* NOT_FOUND when there is none. */
SlPolicyRequest *sl_policy_request_lookup  (SlStore     *store,
                                            gint64       id,
                                            GError     **error);
/* SlPolicyRequest not yet co-signed, oldest first. */
GPtrArray       *sl_policy_request_pending (SlStore     *store,
                                            GError     **error);
/* The schema refuses a co-sign by whoever asked, and a second co-sign. */
gboolean         sl_policy_request_cosign  (SlStore     *store,
                                            gint64       id,
                                            gint64       user_id,
                                            GError     **error);

G_END_DECLS
