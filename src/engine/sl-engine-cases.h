/* sl-engine-cases.h: cases and the policy (sl-engine-cases.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-case.h"
#include "core/sl-policy.h"
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
/* Audited with the old and the new value. */
gboolean      sl_engine_policy_set         (SlEngine       *self,
                                            SlSession      *session,
                                            const char     *key,
                                            const char     *value,
                                            GError        **error);

G_END_DECLS
