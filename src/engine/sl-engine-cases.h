/* sl-engine-cases.h: cases and the policy (sl-engine-cases.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-case.h"
#include "core/sl-policy.h"
#include "core/sl-policy-request.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

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
/* Audited with the old and the new value. A threshold under the
 * recommended one needs a reason: use sl_engine_policy_set_with_reason(). */
gboolean      sl_engine_policy_set         (SlEngine       *self,
                                            SlSession      *session,
                                            const char     *key,
                                            const char     *value,
                                            GError        **error);
/* The same with the administrator's reason, kept in the audit row. A
 * threshold below the policy's floor is refused (SL_ENGINE_ERROR_REFUSED,
 * audited); one between the floor and the recommended threshold, or a
 * lower floor, is refused the same way unless reason says why. A floor
 * above the threshold in force is refused whatever the reason: the
 * threshold goes up first. */
gboolean      sl_engine_policy_set_with_reason (SlEngine   *self,
                                            SlSession      *session,
                                            const char     *key,
                                            const char     *value,
                                            const char     *reason,
                                            GError        **error);

typedef struct
{
  gboolean pending;     /* recorded, waiting for a co-sign; not in effect */
  gint64   request_id;  /* the pending request; 0 when applied at once */
} SlPolicyChange;

/* The same, saying whether it took effect. A change that weakens a
 * safeguard (sl_policy_weakens(); a threshold only when it goes below the
 * recommended one) is not applied: it is recorded as a pending request,
 * audited as policy.request, until sl_engine_policy_cosign(). out may be
 * NULL. */
gboolean      sl_engine_policy_change      (SlEngine       *self,
                                            SlSession      *session,
                                            const char     *key,
                                            const char     *value,
                                            const char     *reason,
                                            SlPolicyChange *out,
                                            GError        **error);
/* SlPolicyRequest waiting for a co-sign, oldest first. */
GPtrArray    *sl_engine_policy_pending     (SlEngine       *self,
                                            SlSession      *session,
                                            GError        **error);
/* Applies a pending change, audited as policy.cosign with both people.
 * Refused (audited) for whoever asked for it, for someone who may not
 * co-sign (an administrator or a supervisor may), and for a change already
 * co-signed; NOT_FOUND for no such request. */
gboolean      sl_engine_policy_cosign      (SlEngine       *self,
                                            SlSession      *session,
                                            gint64          request_id,
                                            GError        **error);

typedef enum
{
  SL_THRESHOLD_ACCEPTED,     /* at or above the recommended threshold */
  SL_THRESHOLD_NEEDS_REASON, /* between the floor and the recommended one */
  SL_THRESHOLD_REFUSED,      /* below the floor */
} SlThresholdVerdict;

typedef struct
{
  SlThresholdVerdict verdict;
  double             floor;        /* NAN: no floor is known */
  double             recommended;  /* the calibration's score at the
                                    * policy's target-fmr; NAN when unknown */
  char              *explanation;  /* why, in words; NULL when accepted */
} SlThresholdCheck;

void          sl_threshold_check_clear     (SlThresholdCheck *check);

/* What sl_engine_policy_set_with_reason() would make of this threshold,
 * so that a front end can ask for the reason before it applies it. */
gboolean      sl_engine_policy_check_threshold (SlEngine   *self,
                                            SlSession      *session,
                                            double          threshold,
                                            SlThresholdCheck *out,
                                            GError        **error);

G_END_DECLS
