/* sl-role.h: the roles, the actions, and the one table that says which
 * role may do what. Every front end's permission check comes here.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_ROLE_INVESTIGATOR,
  SL_ROLE_SUPERVISOR,
  SL_ROLE_ADMIN,
} SlRole;

/* What a signed-in person may ask the engine to do. */
typedef enum
{
  SL_PERMISSION_CASE_READ,            /* list cases and their evidence */
  SL_PERMISSION_CASE_OPEN,
  SL_PERMISSION_CASE_CLOSE,
  SL_PERMISSION_EVIDENCE_IMPORT,
  SL_PERMISSION_ANALYSE,              /* find faces in evidence */
  SL_PERMISSION_SEARCH,               /* a justified gallery search */
  SL_PERMISSION_DECIDE,               /* first-stage decision on a candidate */
  SL_PERMISSION_REVIEW,               /* second, independent review */
  SL_PERMISSION_REPORT,
  SL_PERMISSION_AUDIT_READ,           /* every audit record: verify and export */
  SL_PERMISSION_USER_LIST,
  SL_PERMISSION_USER_MANAGE,          /* add, disable, unlock, set another's password */
  SL_PERMISSION_PASSWORD_CHANGE_OWN,
  SL_PERMISSION_POLICY_READ,
  SL_PERMISSION_POLICY_SET,
  SL_PERMISSION_GALLERY_MANAGE,
  SL_PERMISSION_MODEL_MANAGE,
  SL_PERMISSION_COMPARE,              /* match two loose photos, audited */
  SL_PERMISSION_POLICY_COSIGN,        /* apply another's weakening policy change */
  SL_PERMISSION_CASE_ALL,             /* every case, not only those one is a member of */
  SL_PERMISSION_CASE_MEMBERS,         /* add and remove members (investigators: of cases they opened) */
  SL_PERMISSION_AUTHORISATION_REQUEST, /* ask an authority to authorise a case's searches */
  SL_PERMISSION_AUTHORISATION_DECIDE,  /* record the authority's grant or refusal */
} SlPermission;

#define SL_N_PERMISSIONS (SL_PERMISSION_AUTHORISATION_DECIDE + 1)

gboolean    sl_role_may              (SlRole       role,
                                      SlPermission     action);

const char *sl_role_to_string        (SlRole       role);
/* The role's name for a person, translated: "Investigator", ... */
const char *sl_role_to_display       (SlRole       role);
/* Accepts the names sl_role_to_string() gives; FALSE for anything else. */
gboolean    sl_role_from_string      (const char  *text,
                                      SlRole      *role);
/* "investigator", "supervisor" or "admin", for messages and help. */
const char *sl_role_list             (void);
/* A short text naming the action in messages: "change the policy". */
const char *sl_permission_describe       (SlPermission     action);

G_END_DECLS
