/* sl-engine-members.h: need to know: who may work a case
 * (sl-engine-members.c). Investigators see, search, decide on, report and
 * close only the cases they opened or were added to; supervisors and
 * administrators see every case.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-case-member.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

/* SlCaseMember, the members now. */
GPtrArray *sl_engine_case_members       (SlEngine    *self,
                                         SlSession   *session,
                                         const char  *case_number,
                                         GError     **error);
/* Every added and removed event of the case, oldest first. */
GPtrArray *sl_engine_case_member_history (SlEngine   *self,
                                         SlSession   *session,
                                         const char  *case_number,
                                         GError     **error);
/* Adds or removes username, audited (case.member.add, case.member.remove).
 * Refused unless session is the case's opener or a supervisor; the opener
 * is never removed. EXISTS when adding a member, NOT_FOUND when removing
 * someone who is not one or naming no user. */
gboolean   sl_engine_case_member_add    (SlEngine    *self,
                                         SlSession   *session,
                                         const char  *case_number,
                                         const char  *username,
                                         GError     **error);
gboolean   sl_engine_case_member_remove (SlEngine    *self,
                                         SlSession   *session,
                                         const char  *case_number,
                                         const char  *username,
                                         GError     **error);

G_END_DECLS
