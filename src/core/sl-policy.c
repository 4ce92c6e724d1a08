/* sl-policy.c: the policy table and the offense list, with the rules every
 * value must keep.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-policy"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-policy.h"
#include "core/sl-store-private.h"

static const char *const purposes[] = {
  "suspect", "victim", "witness", "missing-person", "deceased", NULL
};

static const char *const keys[] = {
  "threshold", "max-top-k", "purposes", "min-facts-length", "second-review", "retention-days",
  "enrol-min-quality", "target-fmr", "admin-lockout-minutes", "within-case-min-facts-length", "threshold-floor",
  "authorisation", "authorisation-hours", "min-offense-category", "footage-analysis-justification", "profile-name", "offense.CODE", "offense-category.CODE", NULL
};

/* Face quality bands, best first, as enrolment's minimum names them. */
static const char *const quality_bands[] = { "good", "usable", "poor", NULL };

/* SlAuthorisationMode, in order. */
static const char *const authorisation_modes[] = { "none", "before-search", "within-48h", NULL };

/* helpers */

static gboolean
invalid (GError     **error,
         const char  *key,
         const char  *value,
         const char  *expected)
{
  g_autofree char *shown = g_utf8_make_valid (value, -1);

  g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
               _("'%s' is not a valid value for the policy '%s': %s"), shown, key, expected);
  return FALSE;
}

static gboolean
parse_uint (const char *text,
            guint64     min,
            guint64     max,
            guint64    *out)
{
  return g_ascii_string_to_unsigned (text, 10, min, max, out, NULL);
}

/* The normalised form of value for key; NULL and an error when invalid. */
static char *
normalise (const char  *key,
           const char  *value,
           GError     **error)
{
  guint64 n;

  if (g_str_equal (key, "threshold") || g_str_equal (key, "threshold-floor"))
    {
      char *end = NULL;
      double d;

      errno = 0;
      d = g_ascii_strtod (value, &end);
      if (*value == '\0' || *end != '\0' || errno != 0 || !(d >= 0.0 && d <= 1.0))
        {
          invalid (error, key, value, _("a number from 0 to 1"));
          return NULL;
        }
      return g_strdup_printf ("%.6g", d);
    }
  if (g_str_equal (key, "target-fmr"))
    {
      char *end = NULL;
      double d;

      errno = 0;
      d = g_ascii_strtod (value, &end);
      if (*value == '\0' || *end != '\0' || errno != 0 || !(d > 0.0 && d < 1.0))
        {
          invalid (error, key, value, _("a false-match rate above 0 and below 1, such as 1e-5"));
          return NULL;
        }
      return g_strdup_printf ("%.6g", d);
    }
  if (g_str_equal (key, "max-top-k"))
    {
      if (!parse_uint (value, 1, 1000, &n))
        {
          invalid (error, key, value, _("a whole number from 1 to 1000"));
          return NULL;
        }
      return g_strdup_printf ("%" G_GUINT64_FORMAT, n);
    }
  if (g_str_equal (key, "min-facts-length") || g_str_equal (key, "within-case-min-facts-length"))
    {
      if (!parse_uint (value, 0, 10000, &n))
        {
          invalid (error, key, value, _("a whole number of characters from 0 to 10000"));
          return NULL;
        }
      return g_strdup_printf ("%" G_GUINT64_FORMAT, n);
    }
  if (g_str_equal (key, "retention-days"))
    {
      if (!parse_uint (value, 0, 36500, &n))
        {
          invalid (error, key, value, _("a whole number of days from 0 (keep) to 36500"));
          return NULL;
        }
      return g_strdup_printf ("%" G_GUINT64_FORMAT, n);
    }
  if (g_str_equal (key, "admin-lockout-minutes"))
    {
      if (!parse_uint (value, 0, 10080, &n))
        {
          invalid (error, key, value, _("a whole number of minutes from 0 (until unlocked) to 10080"));
          return NULL;
        }
      return g_strdup_printf ("%" G_GUINT64_FORMAT, n);
    }
  if (g_str_equal (key, "profile-name"))
    {
      g_autofree char *name = g_strstrip (g_strdup (value));

      if (*name == '\0' || g_utf8_strlen (name, -1) > 100 || strpbrk (name, "\r\n\t") != NULL)
        {
          invalid (error, key, value, _("a name of 1 to 100 characters on one line"));
          return NULL;
        }
      return g_steal_pointer (&name);
    }
  if (g_str_equal (key, "authorisation"))
    {
      if (!g_strv_contains (authorisation_modes, value))
        {
          invalid (error, key, value, _("none, before-search or within-48h"));
          return NULL;
        }
      return g_strdup (value);
    }
  if (g_str_equal (key, "authorisation-hours"))
    {
      if (!parse_uint (value, 1, 720, &n))
        {
          invalid (error, key, value, _("a whole number of hours from 1 to 720"));
          return NULL;
        }
      return g_strdup_printf ("%" G_GUINT64_FORMAT, n);
    }
  if (g_str_equal (key, "min-offense-category"))
    {
      if (!parse_uint (value, SL_OFFENSE_CATEGORY_MIN, SL_OFFENSE_CATEGORY_MAX, &n))
        {
          invalid (error, key, value, _("an offense category from 1 (least grave) to 5"));
          return NULL;
        }
      return g_strdup_printf ("%" G_GUINT64_FORMAT, n);
    }
  if (g_str_equal (key, "second-review") || g_str_equal (key, "footage-analysis-justification"))
    {
      if (g_strv_contains ((const char *const[]) { "true", "yes", "on", "1", NULL }, value))
        return g_strdup ("true");
      if (g_strv_contains ((const char *const[]) { "false", "no", "off", "0", NULL }, value))
        return g_strdup ("false");
      invalid (error, key, value, _("true or false"));
      return NULL;
    }
  if (g_str_equal (key, "enrol-min-quality"))
    {
      if (!g_strv_contains (quality_bands, value))
        {
          invalid (error, key, value, _("good, usable or poor (the worst quality band enrolment accepts)"));
          return NULL;
        }
      return g_strdup (value);
    }
  if (g_str_equal (key, "purposes"))
    {
      g_auto(GStrv) parts = g_strsplit (value, ",", -1);
      g_autoptr(GString) out = g_string_new (NULL);
      g_autofree char *expected = g_strjoinv (", ", (char **) purposes);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_strstrip (parts[i]);
          if (!g_strv_contains (purposes, parts[i]))
            {
              invalid (error, key, value, expected);
              return NULL;
            }
        }
      /* Kept in the canonical order, each once. */
      for (guint i = 0; purposes[i] != NULL; i++)
        if (g_strv_contains ((const char *const *) parts, purposes[i]))
          g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", purposes[i]);
      if (out->len == 0)
        {
          invalid (error, key, value, expected);
          return NULL;
        }
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  {
    g_autofree char *shown = g_utf8_make_valid (key, -1);
    g_autofree char *known = g_strjoinv (", ", (char **) keys);
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                 _("There is no policy '%s'; the policies are: %s"), shown, known);
  }
  return NULL;
}

static gboolean
check_offense_code (const char  *code,
                    GError     **error)
{
  gsize len = strlen (code);
  gboolean ok = len >= 1 && len <= 32;

  for (gsize i = 0; ok && i < len; i++)
    ok = g_ascii_isupper (code[i]) || g_ascii_isdigit (code[i]) || code[i] == '-' || code[i] == '_';
  if (!ok)
    {
      g_autofree char *shown = g_utf8_make_valid (code, -1);
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("'%s' is not a valid offense code: use 1 to 32 of A-Z, 0-9, '-' and '_'"), shown);
    }
  return ok;
}

static char *
read_value (SlStore     *store,
            const char  *sql,
            const char  *key,
            GError     **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_bind_text (stmt, 1, key);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    return sl_column_text (stmt, 0);
  if (rc != SL_DB_DONE)
    sl_store_fail (store, rc, error, _("Cannot read the policy"));
  return NULL;
}

static gboolean
set_offense (SlStore     *store,
             const char  *code,
             const char  *label,
             char       **old_value,
             char       **new_value,
             GError     **error)
{
  g_autoptr(SlStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *old = NULL;

  if (!check_offense_code (code, error))
    return FALSE;
  old = read_value (store, "SELECT label FROM offenses WHERE code = ?1 AND active = 1", code, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (*label == '\0')
    {
      if (old == NULL)
        {
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                       _("There is no offense '%s' to withdraw"), code);
          return FALSE;
        }
      /* Withdrawn, not deleted: earlier searches still name it. */
      stmt = sl_store_prepare (store, "UPDATE offenses SET active = 0 WHERE code = ?1", error);
    }
  else
    {
      if (!sl_store_check_text (_("offense label"), label, 200, FALSE, error))
        return FALSE;
      stmt = sl_store_prepare (store, "INSERT INTO offenses (code, label, active) VALUES (?1, ?2, 1) "
                                      "ON CONFLICT (code) DO UPDATE SET label = excluded.label, active = 1",
                               error);
    }
  if (stmt == NULL)
    return FALSE;
  sl_bind_text (stmt, 1, code);
  if (*label != '\0')
    sl_bind_text (stmt, 2, label);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot change the offense list")))
    return FALSE;
  *old_value = g_steal_pointer (&old);
  *new_value = *label != '\0' ? g_strdup (label) : NULL;
  return TRUE;
}

static gboolean
set_offense_category (SlStore     *store,
                      const char  *code,
                      const char  *value,
                      char       **old_value,
                      char       **new_value,
                      GError     **error)
{
  g_autoptr(SlStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *old = NULL;
  guint64 n;

  if (!check_offense_code (code, error))
    return FALSE;
  if (!parse_uint (value, SL_OFFENSE_CATEGORY_MIN, SL_OFFENSE_CATEGORY_MAX, &n))
    return invalid (error, "offense-category", value, _("an offense category from 1 (least grave) to 5"));
  old = read_value (store, "SELECT CAST (category AS TEXT) FROM offenses WHERE code = ?1 AND active = 1", code,
                    &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (old == NULL)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND, _("There is no offense '%s'"), code);
      return FALSE;
    }
  stmt = sl_store_prepare (store, "UPDATE offenses SET category = ?2 WHERE code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sl_bind_text (stmt, 1, code);
  sl_stmt_bind_int64 (stmt, 2, (gint64) n);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot change the offense list")))
    return FALSE;
  *old_value = g_steal_pointer (&old);
  *new_value = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  return TRUE;
}

/* public API */

void
sl_policy_free (SlPolicy *policy)
{
  if (policy == NULL)
    return;
  g_strfreev (policy->purposes);
  g_free (policy->enrol_min_quality);
  g_free (policy->profile_name);
  g_clear_pointer (&policy->offenses, g_ptr_array_unref);
  g_free (policy);
}

const char * const *
sl_policy_all_purposes (void)
{
  return purposes;
}

const char * const *
sl_policy_keys (void)
{
  return keys;
}

static void
offense_free (SlOffense *o)
{
  g_free (o->code);
  g_free (o->label);
  g_free (o);
}

SlPolicy *
sl_policy_load (SlStore  *store,
                GError  **error)
{
  g_autoptr(SlPolicy) policy = g_new0 (SlPolicy, 1);
  g_autoptr(SlStmt) stmt = sl_store_prepare (store, "SELECT key, value FROM policy", error);
  g_autoptr(SlStmt) offenses = NULL;
  int rc;

  policy->threshold_floor = NAN;
  if (stmt == NULL)
    return NULL;
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      const char *key = sl_stmt_column_text (stmt, 0);
      const char *value = sl_stmt_column_text (stmt, 1);

      if (g_str_equal (key, "threshold"))
        policy->threshold = g_ascii_strtod (value, NULL);
      else if (g_str_equal (key, "max-top-k"))
        policy->max_top_k = (guint) g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (key, "purposes"))
        policy->purposes = g_strsplit (value, ",", -1);
      else if (g_str_equal (key, "min-facts-length"))
        policy->min_facts_length = (guint) g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (key, "within-case-min-facts-length"))
        policy->within_case_min_facts_length = (guint) g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (key, "second-review"))
        policy->second_review = g_str_equal (value, "true");
      else if (g_str_equal (key, "retention-days"))
        policy->retention_days = (guint) g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (key, "threshold-floor"))
        policy->threshold_floor = g_ascii_strtod (value, NULL);
      else if (g_str_equal (key, "target-fmr"))
        policy->target_fmr = g_ascii_strtod (value, NULL);
      else if (g_str_equal (key, "admin-lockout-minutes"))
        policy->admin_lockout_minutes = (guint) g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (key, "profile-name"))
        {
          g_free (policy->profile_name);
          policy->profile_name = g_strdup (value);
        }
      else if (g_str_equal (key, "footage-analysis-justification"))
        policy->footage_justification = g_str_equal (value, "true");
      else if (g_str_equal (key, "min-offense-category"))
        policy->min_offense_category = (guint) g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (key, "authorisation-hours"))
        policy->authorisation_hours = (guint) g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (key, "authorisation"))
        {
          for (guint i = 0; authorisation_modes[i] != NULL; i++)
            if (g_str_equal (value, authorisation_modes[i]))
              policy->authorisation = (SlAuthorisationMode) i;
        }
      else if (g_str_equal (key, "enrol-min-quality"))
        {
          g_free (policy->enrol_min_quality);
          policy->enrol_min_quality = g_strdup (value);
        }
    }
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the policy"));
      return NULL;
    }
  if (policy->purposes == NULL)
    policy->purposes = g_new0 (char *, 1);
  if (!(policy->target_fmr > 0.0 && policy->target_fmr < 1.0))
    policy->target_fmr = SL_POLICY_DEFAULT_TARGET_FMR;
  if (policy->enrol_min_quality == NULL)
    policy->enrol_min_quality = g_strdup ("usable");
  if (policy->authorisation_hours == 0)
    policy->authorisation_hours = 48;
  policy->min_offense_category = CLAMP (policy->min_offense_category, SL_OFFENSE_CATEGORY_MIN,
                                        SL_OFFENSE_CATEGORY_MAX);

  offenses = sl_store_prepare (store, "SELECT code, label, category FROM offenses WHERE active = 1 ORDER BY code", error);
  if (offenses == NULL)
    return NULL;
  policy->offenses = g_ptr_array_new_with_free_func ((GDestroyNotify) offense_free);
  while ((rc = sl_stmt_step (offenses)) == SL_DB_ROW)
    {
      SlOffense *o = g_new0 (SlOffense, 1);
      o->code = sl_column_text (offenses, 0);
      o->label = sl_column_text (offenses, 1);
      o->category = (guint) sl_stmt_column_int (offenses, 2);
      g_ptr_array_add (policy->offenses, o);
    }
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (store, rc, error, _("Cannot read the offense list"));
      return NULL;
    }
  return g_steal_pointer (&policy);
}

gboolean
sl_policy_has_offense (SlPolicy   *policy,
                       const char *code)
{
  for (guint i = 0; i < policy->offenses->len; i++)
    if (g_strcmp0 (((SlOffense *) g_ptr_array_index (policy->offenses, i))->code, code) == 0)
      return TRUE;
  return FALSE;
}

const SlOffense *
sl_policy_get_offense (SlPolicy   *policy,
                       const char *code)
{
  for (guint i = 0; i < policy->offenses->len; i++)
    {
      const SlOffense *o = g_ptr_array_index (policy->offenses, i);

      if (g_strcmp0 (o->code, code) == 0)
        return o;
    }
  return NULL;
}

const char *
sl_authorisation_mode_to_string (SlAuthorisationMode mode)
{
  g_return_val_if_fail (mode <= SL_AUTHORISATION_MODE_WITHIN, NULL);
  return authorisation_modes[mode];
}

gboolean
sl_policy_has_purpose (SlPolicy   *policy,
                       const char *purpose)
{
  return purpose != NULL && g_strv_contains ((const char *const *) policy->purposes, purpose);
}

char *
sl_policy_normalise (const char  *key,
                     const char  *value,
                     GError     **error)
{
  g_return_val_if_fail (key != NULL && value != NULL, NULL);

  if (g_str_has_prefix (key, "offense."))
    return check_offense_code (key + strlen ("offense."), error) ? g_strdup (value) : NULL;
  return normalise (key, value, error);
}

gboolean
sl_policy_value (SlStore     *store,
                 const char  *key,
                 char       **value,
                 GError     **error)
{
  GError *local_error = NULL;

  if (g_str_has_prefix (key, "offense."))
    *value = read_value (store, "SELECT label FROM offenses WHERE code = ?1 AND active = 1",
                         key + strlen ("offense."), &local_error);
  else
    *value = read_value (store, "SELECT value FROM policy WHERE key = ?1", key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_policy_weakens (const char *key,
                   const char *old_value,
                   const char *new_value)
{
  if (old_value == NULL || new_value == NULL)
    return FALSE;
  if (g_str_equal (key, "second-review"))
    return g_str_equal (old_value, "true") && !g_str_equal (new_value, "true");
  if (g_str_equal (key, "threshold") || g_str_equal (key, "threshold-floor"))
    return g_ascii_strtod (new_value, NULL) < g_ascii_strtod (old_value, NULL);
  if (g_str_equal (key, "min-facts-length") || g_str_equal (key, "within-case-min-facts-length"))
    return g_ascii_strtoull (new_value, NULL, 10) < g_ascii_strtoull (old_value, NULL, 10);
  if (g_str_equal (key, "retention-days"))
    {
      guint64 before = g_ascii_strtoull (old_value, NULL, 10);
      guint64 after = g_ascii_strtoull (new_value, NULL, 10);

      /* 0 keeps the data for ever: the longest of all. */
      return before != 0 && (after == 0 || after > before);
    }
  return FALSE;
}

gboolean
sl_policy_set (SlStore     *store,
               const char  *key,
               const char  *value,
               char       **old_value,
               char       **new_value,
               GError     **error)
{
  g_autoptr(SlStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *old = NULL;

  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  if (!sl_store_check_text (_("policy value"), value, 1000, FALSE, error))
    return FALSE;
  if (g_str_has_prefix (key, "offense-category."))
    return set_offense_category (store, key + strlen ("offense-category."), value, old_value, new_value, error);
  if (g_str_has_prefix (key, "offense."))
    return set_offense (store, key + strlen ("offense."), value, old_value, new_value, error);

  if (!(normal = normalise (key, value, error)))
    return FALSE;
  old = read_value (store, "SELECT value FROM policy WHERE key = ?1", key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  stmt = sl_store_prepare (store, "INSERT INTO policy (key, value) VALUES (?1, ?2) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  sl_bind_text (stmt, 1, key);
  sl_bind_text (stmt, 2, normal);
  if (!sl_store_exec_stmt (store, stmt, error, _("Cannot change the policy")))
    return FALSE;
  *old_value = g_steal_pointer (&old);
  *new_value = g_steal_pointer (&normal);
  return TRUE;
}
