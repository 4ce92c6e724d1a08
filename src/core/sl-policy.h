/* sl-policy.h: what the administrator decides for every search: threshold,
 * top-k, the offense list, the purposes a search may have, how long the
 * articulable facts must be, second review, retention, and the face
 * quality a gallery image needs.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

/* The false-match rate a policy aims at unless it says otherwise. */
#define SL_POLICY_DEFAULT_TARGET_FMR 1e-5
/* The false-match rate at which a new policy's threshold floor is set:
 * below that score false candidates outnumber anything a reviewer can
 * exclude. */
#define SL_POLICY_FLOOR_FMR 1e-3

/* How far a case's searches need an outside authority's authorisation
 * (policy "authorisation"). */
typedef enum
{
  SL_AUTHORISATION_MODE_NONE,          /* none asked for */
  SL_AUTHORISATION_MODE_BEFORE_SEARCH, /* granted before any search */
  SL_AUTHORISATION_MODE_WITHIN,        /* granted within authorisation-hours
                                        * of the case's first search */
} SlAuthorisationMode;

#define SL_OFFENSE_CATEGORY_MIN 1
#define SL_OFFENSE_CATEGORY_MAX 5

typedef struct
{
  char *code;
  char *label;
  guint category;                      /* 1 (least grave) to 5 */
} SlOffense;

typedef struct
{
  double      threshold;          /* cosine similarity a candidate must reach */
  double      threshold_floor;    /* no threshold below it is accepted;
                                   * NAN when the policy has none of its
                                   * own (the engine then takes the score
                                   * at SL_POLICY_FLOOR_FMR) */
  double      target_fmr;         /* the false-match rate the threshold is set
                                   * for: by init from the calibration, and by
                                   * the worst measured group */
  guint       max_top_k;
  GStrv       purposes;           /* allowed, of sl_policy_all_purposes() */
  guint       min_facts_length;   /* characters of articulable facts */
  guint       within_case_min_facts_length; /* the same, for a search of a
                                             * case's own faces and tracks */
  gboolean    second_review;      /* a possible lead needs a second reviewer */
  guint       retention_days;     /* closed cases' probe data; 0 = kept */
  guint       admin_lockout_minutes; /* an administrator's lockout ends after
                                      * this long; 0 = until unlocked */
  char       *enrol_min_quality;  /* the worst face quality band enrolment
                                   * accepts: "good", "usable" or "poor" */
  GPtrArray  *offenses;           /* SlOffense, active ones, by code */
  guint       min_offense_category; /* a search for an offense of a lower
                                     * category is refused */
  SlAuthorisationMode authorisation;
  guint       authorisation_hours; /* the deadline of MODE_WITHIN */
  gboolean    footage_justification; /* analysing footage asks for the
                                      * person sought and the facts */
  char       *profile_name;       /* the jurisdiction's rules by name, shown
                                   * in the report; NULL: none given */
} SlPolicy;

void                sl_policy_free         (SlPolicy     *policy);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPolicy, sl_policy_free)

/* suspect, victim, witness, missing-person, deceased. */
const char * const *sl_policy_all_purposes (void);
/* The keys `policy set` takes; offenses are "offense.CODE", their
 * categories "offense-category.CODE". */
const char * const *sl_policy_keys         (void);

SlPolicy           *sl_policy_load         (SlStore      *store,
                                            GError      **error);
gboolean            sl_policy_has_offense  (SlPolicy     *policy,
                                            const char   *code);
gboolean            sl_policy_has_purpose  (SlPolicy     *policy,
                                            const char   *purpose);
/* The active offense with this code; NULL when there is none. */
const SlOffense    *sl_policy_get_offense  (SlPolicy     *policy,
                                            const char   *code);
/* "none", "before-search", "within-48h": the policy's words. */
const char         *sl_authorisation_mode_to_string (SlAuthorisationMode mode);

/* Checks and writes one value inside the caller's transaction. old_value
 * and new_value (normalised, e.g. "yes" -> "true") receive the text before
 * and after; old_value is NULL for an offense that did not exist. An empty
 * value for "offense.CODE" withdraws the offense. */
gboolean            sl_policy_set          (SlStore      *store,
                                            const char   *key,
                                            const char   *value,
                                            char        **old_value,
                                            char        **new_value,
                                            GError      **error);

/* The value as sl_policy_set() would store it; NULL and an error when it is
 * not valid for key. */
char               *sl_policy_normalise    (const char   *key,
                                            const char   *value,
                                            GError      **error);
/* The stored value of key (an offense's label); *value NULL when unset. */
gboolean            sl_policy_value        (SlStore      *store,
                                            const char   *key,
                                            char        **value,
                                            GError      **error);
/* Whether going from old_value to new_value (both normalised) weakens a
 * safeguard: second review off, a lower threshold or threshold floor,
 * shorter articulable facts, or probe data kept longer. Such a change waits
 * for a co-sign (the engine also lets a threshold that stays at or above
 * the recommended one through). */
gboolean            sl_policy_weakens      (const char   *key,
                                            const char   *old_value,
                                            const char   *new_value);

G_END_DECLS
