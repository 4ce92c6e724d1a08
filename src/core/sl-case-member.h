/* sl-case-member.h: who may work a case (need to know). Membership is kept
 * as events, added or removed, with who did it and when; the members are
 * those whose latest event is "added". The opener is the first member.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64    user_id;
  char     *username;
  char     *display_name;
  gboolean  added;        /* FALSE: a removal (in the history only) */
  char     *by;           /* user name of who added or removed */
  char     *at;
} SlCaseMember;

void        sl_case_member_free    (SlCaseMember *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCaseMember, sl_case_member_free)

/* Inside the caller's transaction. */
gboolean    sl_case_member_record  (SlStore      *store,
                                    gint64        case_id,
                                    gint64        user_id,
                                    gboolean      added,
                                    gint64        by_id,
                                    GError      **error);
/* Whether user_id is a member of the case now. */
gboolean    sl_case_member_is      (SlStore      *store,
                                    gint64        case_id,
                                    gint64        user_id,
                                    gboolean     *is_member,
                                    GError      **error);
/* The members now, each with the event that added them, by user name. */
GPtrArray  *sl_case_member_list    (SlStore      *store,
                                    gint64        case_id,
                                    GError      **error);
/* Every event of the case, oldest first. */
GPtrArray  *sl_case_member_history (SlStore      *store,
                                    gint64        case_id,
                                    GError      **error);

G_END_DECLS
