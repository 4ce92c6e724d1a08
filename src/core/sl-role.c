/* sl-role.c: the one place that decides what each role may do.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-role"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/sl-role.h"

#define I (1u << SL_ROLE_INVESTIGATOR)
#define S (1u << SL_ROLE_SUPERVISOR)
#define A (1u << SL_ROLE_ADMIN)

/* Investigators work the cases they opened or were added to (need to
 * know). Supervisors do what investigators do in every case, and also
 * read every audit record and give the second review. Administrators manage
 * users, policy, galleries and models and may read the audit log to keep it
 * sound, but do not work cases themselves: separation of duties. */
static const struct
{
  guint       roles;
  const char *describe;
} actions[SL_N_PERMISSIONS] = {
  [SL_PERMISSION_CASE_READ]           = { I | S | A, N_("see cases and their evidence") },
  [SL_PERMISSION_CASE_OPEN]           = { I | S,     N_("open a case") },
  [SL_PERMISSION_CASE_CLOSE]          = { I | S,     N_("close a case") },
  [SL_PERMISSION_EVIDENCE_IMPORT]     = { I | S,     N_("import evidence") },
  [SL_PERMISSION_ANALYSE]             = { I | S,     N_("analyse evidence") },
  [SL_PERMISSION_SEARCH]              = { I | S,     N_("search a gallery") },
  [SL_PERMISSION_DECIDE]              = { I | S,     N_("decide on a candidate") },
  [SL_PERMISSION_REVIEW]              = { S,         N_("give the second review") },
  [SL_PERMISSION_REPORT]              = { I | S,     N_("build a case report") },
  [SL_PERMISSION_AUDIT_READ]          = { S | A,     N_("read the audit log") },
  [SL_PERMISSION_USER_LIST]           = { S | A,     N_("list the users") },
  [SL_PERMISSION_USER_MANAGE]         = { A,         N_("manage users") },
  [SL_PERMISSION_PASSWORD_CHANGE_OWN] = { I | S | A, N_("change their own password") },
  [SL_PERMISSION_POLICY_READ]         = { I | S | A, N_("read the policy") },
  [SL_PERMISSION_POLICY_SET]          = { A,         N_("change the policy") },
  [SL_PERMISSION_GALLERY_MANAGE]      = { A,         N_("manage galleries") },
  [SL_PERMISSION_MODEL_MANAGE]        = { A,         N_("manage models") },
  [SL_PERMISSION_COMPARE]             = { I | S | A, N_("compare two photos") },
  [SL_PERMISSION_POLICY_COSIGN]       = { S | A,     N_("co-sign a policy change") },
  [SL_PERMISSION_CASE_ALL]            = { S | A,     N_("see every case") },
  [SL_PERMISSION_CASE_MEMBERS]        = { I | S,     N_("add and remove case members") },
  [SL_PERMISSION_AUTHORISATION_REQUEST] = { I | S,   N_("request the authorisation of a case's searches") },
  [SL_PERMISSION_AUTHORISATION_DECIDE]  = { S,       N_("record an authority's decision on an authorisation") },
};

static const char *const role_names[] = {
  [SL_ROLE_INVESTIGATOR] = "investigator",
  [SL_ROLE_SUPERVISOR]   = "supervisor",
  [SL_ROLE_ADMIN]        = "admin",
};

gboolean
sl_role_may (SlRole   role,
             SlPermission action)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), FALSE);
  g_return_val_if_fail ((guint) action < SL_N_PERMISSIONS, FALSE);

  return (actions[action].roles & (1u << role)) != 0;
}

const char *
sl_role_to_string (SlRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), NULL);
  return role_names[role];
}

const char *
sl_role_to_display (SlRole role)
{
  switch (role)
    {
    case SL_ROLE_INVESTIGATOR:
      return _("Investigator");
    case SL_ROLE_SUPERVISOR:
      return _("Supervisor");
    case SL_ROLE_ADMIN:
      return _("Administrator");
    default:
      return sl_role_to_string (role);
    }
}

gboolean
sl_role_from_string (const char *text,
                     SlRole     *role)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (role_names); i++)
    if (g_str_equal (text, role_names[i]))
      {
        *role = (SlRole) i;
        return TRUE;
      }
  return FALSE;
}

const char *
sl_role_list (void)
{
  return "investigator, supervisor, admin";
}

const char *
sl_permission_describe (SlPermission action)
{
  g_return_val_if_fail ((guint) action < SL_N_PERMISSIONS, "");
  return _(actions[action].describe);
}
