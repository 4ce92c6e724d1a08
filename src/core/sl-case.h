/* sl-case.h: cases: a number, a title, open or closed, and who did what.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

#define SL_CASE_TITLE_MAX 1000

typedef struct
{
  gint64    id;
  char     *number;
  char     *title;
  gboolean  closed;
  char     *opened_by;      /* user name */
  char     *opened_at;
  char     *closed_by;      /* NULL while open */
  char     *closed_at;
  gint64    n_evidence;
} SlCase;

void       sl_case_free         (SlCase      *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCase, sl_case_free)

/* A case number: 1 to 64 characters of UTF-8, no control characters, no
 * space at either end. */
gboolean   sl_case_check_number (const char  *number,
                                 GError     **error);
gboolean   sl_case_check_title  (const char  *title,
                                 GError     **error);

/* Writes belong inside the caller's transaction. The opener becomes the
 * case's first member. */
gint64     sl_case_insert       (SlStore     *store,
                                 const char  *number,
                                 const char  *title,
                                 gint64       user_id,
                                 GError     **error);
SlCase    *sl_case_lookup       (SlStore     *store,
                                 const char  *number,
                                 GError     **error);
/* SlCase, newest first. */
GPtrArray *sl_case_list         (SlStore     *store,
                                 GError     **error);
/* The same, only the cases user_id is a member of now (0: every case). */
GPtrArray *sl_case_list_for_member (SlStore  *store,
                                 gint64       user_id,
                                 GError     **error);
gboolean   sl_case_close        (SlStore     *store,
                                 gint64       id,
                                 gint64       user_id,
                                 GError     **error);

G_END_DECLS
