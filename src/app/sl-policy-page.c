/* sl-policy-page.c: the policy editor. The form shows the policy in force;
 * Apply writes only the values that changed, one sl_engine_policy_change()
 * each (the engine checks and audits each with its old and new value); a
 * threshold the engine wants a reason for (or a lower floor) is applied
 * only after a dialog asks for it, and one below the floor, or a floor
 * above the threshold in force, shows the engine's refusal. A change
 * that weakens a safeguard stays pending: listed on top, with who asked,
 * when and why, and a Co-sign button for anyone else who may co-sign.
 * Moving the threshold shows at once what it would mean: the calibrated
 * false-match rate and, for each gallery, the false candidates to expect
 * per search, as sl_engine_threshold_preview() computes them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-policy-page"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "app/sl-calibration-plot.h"
#include "app/sl-fairness-table.h"
#include "app/sl-policy-offenses.h"
#include "app/sl-format.h"
#include "app/sl-policy-page.h"
#include "app/sl-policy-purge.h"
#include "engine/sightline-engine.h"

struct _SlPolicyPage
{
  AdwBin            parent_instance;
  SlAppContext     *context;
  SlPolicy         *policy;          /* in force */
  GPtrArray        *purpose_switches;
  gboolean          loading;

  GtkAdjustment    *threshold_adjustment;
  GtkSpinButton    *floor_spin;
  double            floor_in_force;  /* the policy's, or the calibration's
                                      * when it has none; NAN: not known */
  GtkLabel         *changes_label;
  GtkLabel         *error_label;
  GtkLabel         *fmr_label;
  GtkLabel         *guard_label;
  GtkLabel         *tmr_label;
  GtkBox           *galleries_box;
  SlCalibrationPlot *plot;
  SlFairnessTable  *fairness_table;
  SlFairness       *fairness;        /* the default embedder's, or NULL */
  GtkSpinButton    *top_k_spin;
  GtkSpinButton    *facts_spin;
  AdwExpanderRow   *purposes_row;
  GtkSwitch        *second_review_switch;
  SlPolicyOffenses *offenses;
  AdwComboRow      *quality_row;
  GtkSpinButton    *retention_spin;
  AdwPreferencesGroup *pending_group;
  GtkListBox       *pending_list;
  guint             n_pending;
};

G_DEFINE_FINAL_TYPE (SlPolicyPage, sl_policy_page, ADW_TYPE_BIN)

static const char *const quality_bands[] = { "good", "usable", "poor" };

/* helpers */

static const char *
purpose_label (const char *purpose)
{
  if (g_str_equal (purpose, "suspect"))
    return _("Identify a suspect");
  if (g_str_equal (purpose, "victim"))
    return _("Identify a victim");
  if (g_str_equal (purpose, "witness"))
    return _("Identify a witness");
  if (g_str_equal (purpose, "missing-person"))
    return _("Find a missing person");
  if (g_str_equal (purpose, "deceased"))
    return _("Identify a deceased person");
  return purpose;
}

static char *
format_double (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (text, sizeof text, "%.3f", value));
}

/* A policy key as the form names it, for messages: never the command
 * line's spelling where the form has a title for it. */
static const char *
setting_title (const char *key)
{
  static const struct
  {
    const char *key;
    const char *title;
  } titles[] = {
    { "threshold", N_("Threshold") },
    { "threshold-floor", N_("Threshold Floor") },
    { "max-top-k", N_("Most Candidates per Search") },
    { "purposes", N_("Purposes") },
    { "min-facts-length", N_("Shortest Articulable Facts") },
    { "second-review", N_("Second Review") },
    { "retention-days", N_("Keep Probe Data of Closed Cases") },
    { "enrol-min-quality", N_("Worst Face Quality Enrolment Accepts") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (key, titles[i].key))
      return _(titles[i].title);
  return key;
}

/* The floor as the form shows it (0 when none is known). */
static double
floor_shown (SlPolicyPage *self)
{
  return isnan (self->floor_in_force) ? 0.0 : self->floor_in_force;
}

static double
target_fmr (SlPolicyPage *self)
{
  return self->policy != NULL ? self->policy->target_fmr : SL_POLICY_DEFAULT_TARGET_FMR;
}

/* The highest false-match rate of any measured group with enough pairs at
 * threshold; FALSE when there is no such group. */
static gboolean
worst_group_rate (SlPolicyPage *self,
                  double        threshold,
                  double       *rate)
{
  g_autoptr(GPtrArray) rates = NULL;
  gboolean found = FALSE;

  if (self->fairness == NULL)
    return FALSE;
  rates = sl_fairness_rates (self->fairness, threshold, target_fmr (self));
  for (guint a = 0; a < rates->len; a++)
    {
      SlAttributeRates *ar = g_ptr_array_index (rates, a);
      double r;

      if (ar->worst_group < 0)
        continue;
      r = g_array_index (ar->groups, SlGroupRates, ar->worst_group).fmr;
      if (!found || r > *rate)
        *rate = r;
      found = TRUE;
    }
  return found;
}

static char *
purposes_value (SlPolicyPage *self)
{
  const char * const *all = sl_policy_all_purposes ();
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; all[i] != NULL && i < self->purpose_switches->len; i++)
    if (gtk_switch_get_active (g_ptr_array_index (self->purpose_switches, i)))
      g_string_append_printf (text, "%s%s", text->len > 0 ? "," : "", all[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The changed values as policy keys and texts, in the order Apply writes
 * them. */
static GPtrArray *
collect_changes (SlPolicyPage  *self,
                 GPtrArray    **values)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) vals = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) offense_keys = NULL;
  g_autoptr(GPtrArray) offense_values = NULL;
  g_autofree char *was_purposes = NULL;
  g_autofree char *purposes = NULL;
  SlPolicy *p = self->policy;
  double threshold;
  guint quality;

#define CHANGE(k, v) G_STMT_START { g_ptr_array_add (keys, g_strdup (k)); g_ptr_array_add (vals, (v)); } G_STMT_END

  if (p == NULL)
    {
      *values = g_steal_pointer (&vals);
      return g_steal_pointer (&keys);
    }
  threshold = gtk_adjustment_get_value (self->threshold_adjustment);
  if (fabs (threshold - p->threshold) >= 0.0005)
    CHANGE ("threshold", format_double (threshold));
  /* After the threshold: a floor raised above the old threshold is
   * accepted once the threshold has gone up first. */
  if (fabs (gtk_spin_button_get_value (self->floor_spin) - floor_shown (self)) >= 0.0005)
    CHANGE ("threshold-floor", format_double (gtk_spin_button_get_value (self->floor_spin)));
  if ((guint) gtk_spin_button_get_value_as_int (self->top_k_spin) != p->max_top_k)
    CHANGE ("max-top-k", g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->top_k_spin)));
  purposes = purposes_value (self);
  was_purposes = g_strjoinv (",", p->purposes);
  if (!g_str_equal (purposes, was_purposes))
    CHANGE ("purposes", g_steal_pointer (&purposes));
  if ((guint) gtk_spin_button_get_value_as_int (self->facts_spin) != p->min_facts_length)
    CHANGE ("min-facts-length", g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->facts_spin)));
  if (gtk_switch_get_active (self->second_review_switch) != p->second_review)
    CHANGE ("second-review", g_strdup (gtk_switch_get_active (self->second_review_switch) ? "true" : "false"));
  if ((guint) gtk_spin_button_get_value_as_int (self->retention_spin) != p->retention_days)
    CHANGE ("retention-days", g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->retention_spin)));
  quality = adw_combo_row_get_selected (self->quality_row);
  if (quality < G_N_ELEMENTS (quality_bands) && g_strcmp0 (quality_bands[quality], p->enrol_min_quality) != 0)
    CHANGE ("enrol-min-quality", g_strdup (quality_bands[quality]));
  offense_keys = sl_policy_offenses_get_changes (self->offenses, &offense_values);
  for (guint i = 0; i < offense_keys->len; i++)
    CHANGE (g_ptr_array_index (offense_keys, i), g_strdup (g_ptr_array_index (offense_values, i)));
#undef CHANGE

  *values = g_steal_pointer (&vals);
  return g_steal_pointer (&keys);
}

static void
update_changes (SlPolicyPage *self)
{
  guint n = sl_policy_page_n_changes (self);
  g_autofree char *text = NULL;

  if (n > 0)
    text = g_strdup_printf (ngettext ("%u change not applied yet", "%u changes not applied yet", n), n);
  gtk_label_set_text (self->changes_label, text != NULL ? text : _("No changes"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "policy.apply", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "policy.revert", n > 0);
}

/* The engine's guard rails, live: below the floor Apply will be refused,
 * below the recommended threshold it will ask for a reason. */
static void
show_guard (SlPolicyPage *self)
{
  SlThresholdCheck check = { 0 };
  GtkWidget *label = GTK_WIDGET (self->guard_label);

  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "warning");
  if (!sl_engine_policy_check_threshold (sl_app_context_get_engine (self->context),
                                         sl_app_context_get_session (self->context),
                                         gtk_adjustment_get_value (self->threshold_adjustment), &check, NULL) ||
      check.verdict == SL_THRESHOLD_ACCEPTED)
    {
      gtk_widget_set_visible (label, FALSE);
      sl_threshold_check_clear (&check);
      return;
    }
  gtk_label_set_text (self->guard_label, check.explanation);
  gtk_widget_add_css_class (label, check.verdict == SL_THRESHOLD_REFUSED ? "error" : "warning");
  gtk_widget_set_visible (label, TRUE);
  sl_threshold_check_clear (&check);
}

static void
show_preview (SlPolicyPage *self)
{
  g_auto(SlThresholdPreview) preview = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *fmr = NULL;
  g_autofree char *tmr = NULL;
  GtkWidget *child;
  double worst = 0;

  sl_fairness_table_set_threshold (self->fairness_table, gtk_adjustment_get_value (self->threshold_adjustment),
                                   target_fmr (self));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->galleries_box))) != NULL)
    gtk_box_remove (self->galleries_box, child);
  sl_calibration_plot_set_threshold (self->plot, gtk_adjustment_get_value (self->threshold_adjustment));
  show_guard (self);
  if (!sl_engine_threshold_preview (sl_app_context_get_engine (self->context),
                                    sl_app_context_get_session (self->context),
                                    gtk_adjustment_get_value (self->threshold_adjustment),
                                    &preview, &error))
    {
      gtk_label_set_text (self->fmr_label, error->message);
      gtk_label_set_text (self->tmr_label, "");
      return;
    }

  if (!preview.calibrated)
    {
      fmr = g_strdup_printf (_("False-match rate at this threshold: not known (%s)"), preview.problem);
    }
  else
    {
      g_autofree char *n = sl_format_count (preview.one_in);
      g_autofree char *pairs = sl_format_count (preview.n_nonmated);

      g_autofree char *mated = sl_format_count (preview.n_mated);
      g_autofree char *day = sl_format_date (preview.measured_at);

      if (preview.beyond_range)
        /* Translators: e.g. "below 1 in 5,912,874, beyond the measured range (measured on 5,912,874 unrelated pairs)" */
        fmr = g_strdup_printf (_("False-match rate at this threshold: below 1 in %s, beyond the measured range "
                                 "(measured on %s unrelated pairs)"), n, pairs);
      else
        fmr = g_strdup_printf (_("False-match rate at this threshold: 1 in %s (measured on %s unrelated pairs)"),
                               n, pairs);
      /* Translators: the true-match rate, then the embedder, the data and the day of its calibration */
      tmr = g_strdup_printf (_("Same person found at this threshold: %.1f%% of %s mated pairs. "
                               "Calibration of %s: %s, %s."),
                             preview.true_match_rate * 100, mated, preview.model_id, preview.dataset, day != NULL ? day : "—");
    }
  gtk_label_set_text (self->fmr_label, fmr);
  gtk_label_set_text (self->tmr_label, tmr != NULL ? tmr : "");

  for (guint i = 0; i < preview.galleries->len; i++)
    {
      SlGalleryPreview *g = g_ptr_array_index (preview.galleries, i);
      g_autofree char *text = NULL;
      GtkWidget *label;

      if (!g->calibrated)
        text = g_strdup_printf (_("%s: expected false candidates per search not known (%s)"), g->gallery, g->problem);
      else
        {
          g_autofree char *expected = sl_format_expected_false (g->expected_false);
          g_autofree char *subjects = sl_format_count ((guint64) g->n_subjects);
          g_autofree char *faces = sl_format_count ((guint64) g->n_faces);

          /* Translators: gallery name, expected number of false candidates, its size */
          text = g_strdup_printf (g->beyond_range
                                  ? _("%s: expected false candidates per search: below %s, beyond the measured range "
                                      "(gallery of %s subjects / %s faces)")
                                  : _("%s: expected false candidates per search: %s (gallery of %s subjects / %s faces)"),
                                  g->gallery, expected, subjects, faces);
        }
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (self->galleries_box, label);

      /* The average flatters the group the model confuses most: say what a
       * search of someone from that group should expect. */
      if (g->calibrated && self->fairness != NULL &&
          g_strcmp0 (g->model_id, sl_fairness_get_model_id (self->fairness)) == 0 &&
          worst_group_rate (self, gtk_adjustment_get_value (self->threshold_adjustment), &worst))
        {
          g_autofree char *worst_expected = sl_format_expected_false (worst * (double) g->n_faces);
          g_autofree char *worst_text = NULL;

          /* Translators: gallery name, expected number of false candidates */
          worst_text = g_strdup_printf (_("%s: expected false candidates per search at the worst measured group's "
                                          "rate: %s"), g->gallery, worst_expected);
          label = gtk_label_new (worst_text);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_widget_add_css_class (label, "worst-group");
          gtk_box_append (self->galleries_box, label);
        }
    }
  if (preview.galleries->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("No galleries yet: the expected false candidates show here for each one."));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->galleries_box, label);
    }
}

/* The default embedder's curve, which the threshold is marked on. */
static void
load_curve (SlPolicyPage *self)
{
  g_autoptr(GPtrArray) details = NULL;

  details = sl_engine_model_details (sl_app_context_get_engine (self->context),
                                     sl_app_context_get_session (self->context), NULL);
  sl_calibration_plot_set_curve (self->plot, NULL);
  for (guint i = 0; details != NULL && i < details->len; i++)
    {
      SlModelDetails *d = g_ptr_array_index (details, i);

      if (d->role == SL_MODEL_ROLE_EMBEDDER && d->is_default)
        sl_calibration_plot_set_curve (self->plot, d->curve);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->plot), sl_calibration_plot_get_n_points (self->plot) > 0);

  {
    g_autoptr(GError) why = NULL;

    g_clear_pointer (&self->fairness, sl_fairness_unref);
    self->fairness = sl_engine_model_fairness (sl_app_context_get_engine (self->context), NULL, &why);
    sl_fairness_table_set_measurement (self->fairness_table, self->fairness, why != NULL ? why->message : NULL);
    sl_calibration_plot_set_groups (self->plot, self->fairness, target_fmr (self));
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "policy.worst-group-threshold", self->fairness != NULL);
  }
}

static GtkWidget *
pending_row (SlPolicyPage    *self,
             SlPolicyRequest *r)
{
  SlSession *session = sl_app_context_get_session (self->context);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Co-sign"));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  gboolean mine = sl_session_get_user_id (session) == r->requested_by_id;

  /* TRANSLATORS: a pending policy change: key, old value, new value. */
  title = g_strdup_printf (_("%s: %s → %s"), r->key, r->old_value != NULL ? r->old_value : "–", r->value);
  if (r->reason != NULL)
    /* TRANSLATORS: who asked for a pending policy change, when, and why. */
    subtitle = g_strdup_printf (_("Pending: asked by %s at %s. Reason: %s"), r->requested_by, r->requested_at,
                                r->reason);
  else
    subtitle = g_strdup_printf (_("Pending: asked by %s at %s"), r->requested_by, r->requested_at);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* The engine refuses the rest; the button says so first. An action
   * would make it sensitive again, so only those who may get one. */
  if (!mine && sl_session_may (session, SL_PERMISSION_POLICY_COSIGN))
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "policy.cosign");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (r->id));
    }
  else
    gtk_widget_set_sensitive (button, FALSE);
  gtk_widget_set_tooltip_text (button, mine ? _("You asked for this change: another administrator or a "
                                                "supervisor co-signs it")
                                            : _("Apply this change; the co-sign is audited"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
fill_pending (SlPolicyPage *self)
{
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pending_list))) != NULL)
    gtk_list_box_remove (self->pending_list, child);
  if (!(pending = sl_engine_policy_pending (sl_app_context_get_engine (self->context),
                                            sl_app_context_get_session (self->context), &error)))
    {
      sl_app_context_error (self->context, _("Cannot read the pending policy changes"), error);
      return;
    }
  for (guint i = 0; i < pending->len; i++)
    gtk_list_box_append (self->pending_list, pending_row (self, g_ptr_array_index (pending, i)));
  self->n_pending = pending->len;
  gtk_widget_set_visible (GTK_WIDGET (self->pending_group), pending->len > 0);
}

static void
fill (SlPolicyPage *self)
{
  const char * const *all = sl_policy_all_purposes ();
  SlPolicy *p = self->policy;

  self->loading = TRUE;
  gtk_adjustment_set_value (self->threshold_adjustment, p->threshold);
  self->floor_in_force = p->threshold_floor;
  if (isnan (self->floor_in_force))
    {
      SlThresholdCheck check = { 0 };

      if (sl_engine_policy_check_threshold (sl_app_context_get_engine (self->context),
                                            sl_app_context_get_session (self->context), p->threshold, &check, NULL))
        self->floor_in_force = check.floor;
      sl_threshold_check_clear (&check);
    }
  gtk_spin_button_set_value (self->floor_spin, floor_shown (self));
  gtk_spin_button_set_value (self->top_k_spin, p->max_top_k);
  gtk_spin_button_set_value (self->facts_spin, p->min_facts_length);
  for (guint i = 0; all[i] != NULL && i < self->purpose_switches->len; i++)
    gtk_switch_set_active (g_ptr_array_index (self->purpose_switches, i), sl_policy_has_purpose (p, all[i]));
  gtk_switch_set_active (self->second_review_switch, p->second_review);
  gtk_spin_button_set_value (self->retention_spin, p->retention_days);
  for (guint i = 0; i < G_N_ELEMENTS (quality_bands); i++)
    if (g_strcmp0 (quality_bands[i], p->enrol_min_quality) == 0)
      adw_combo_row_set_selected (self->quality_row, i);
  sl_policy_offenses_set (self->offenses, p->offenses);
  load_curve (self);
  self->loading = FALSE;
  show_preview (self);
  update_changes (self);
}

/* callbacks */

static void
on_value_changed (SlPolicyPage *self)
{
  if (self->loading || self->policy == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_changes (self);
}

static void
on_threshold_changed (SlPolicyPage *self)
{
  if (self->loading || self->policy == NULL)
    return;
  show_preview (self);
  on_value_changed (self);
}

static void
on_changed_topic (SlPolicyPage *self)
{
  /* A change elsewhere (another gallery, enrolment) changes the preview;
   * pending edits stay. */
  if (self->policy != NULL)
    show_preview (self);
}

/* Writes the pending changes; reason goes with the threshold and the
 * floor. */
static void
apply_changes (SlPolicyPage *self,
               const char   *reason)
{
  SlEngine *engine = sl_app_context_get_engine (self->context);
  SlSession *session = sl_app_context_get_session (self->context);
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) keys = collect_changes (self, &values);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint done = 0;
  guint pending = 0;

  for (; done < keys->len; done++)
    {
      const char *key = g_ptr_array_index (keys, done);
      SlPolicyChange change = { 0 };

      if (!sl_engine_policy_change (engine, session, key, g_ptr_array_index (values, done),
                                    g_str_equal (key, "threshold") || g_str_equal (key, "threshold-floor")
                                    ? reason : NULL,
                                    &change, &error))
        break;
      if (change.pending)
        pending++;
    }

  if (done > 0)
    {
      sl_app_context_changed (self->context, "policy");
      sl_app_context_changed (self->context, "audit");
    }
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot change '%s': %s"),
                                               setting_title (g_ptr_array_index (keys, done)), error->message);
      /* What was written stays written (and audited); the rest stays pending. */
      g_autoptr(SlPolicy) policy = sl_engine_policy_get (engine, session, NULL);

      if (policy != NULL)
        {
          if (!isnan (policy->threshold_floor))
            self->floor_in_force = policy->threshold_floor;
          g_clear_pointer (&self->policy, sl_policy_free);
          self->policy = g_steal_pointer (&policy);
        }
      update_changes (self);
      gtk_label_set_text (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  if (pending > 0)
    message = g_strdup_printf (ngettext ("%u policy change waits for a co-sign", "%u policy changes wait for a co-sign",
                                         pending), pending);
  else
    message = g_strdup_printf (ngettext ("Applied %u policy change", "Applied %u policy changes", done), done);
  sl_app_context_toast (self->context, message);
  sl_policy_page_reload (self);
}

static void
on_reason_changed (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "apply", *text != '\0');
}

static void
on_reason_response (AdwMessageDialog *dialog,
                    const char       *response,
                    SlPolicyPage     *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");

  if (g_str_equal (response, "apply"))
    apply_changes (self, gtk_editable_get_text (entry));
}

/* A threshold under the recommended one, or a lower floor, is applied only
 * with a reason the audit log keeps; the engine says which thresholds
 * those are. */
static void
ask_reason (SlPolicyPage *self,
            const char   *heading,
            const char   *explanation)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  GtkWidget *entry;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, explanation);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, kept in the audit log"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_set_name (entry, "reason_entry");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "apply", _("_Apply With Reason"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "apply", FALSE);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reason_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlPolicyPage *self = SL_POLICY_PAGE (widget);
  SlEngine *engine = sl_app_context_get_engine (self->context);
  SlSession *session = sl_app_context_get_session (self->context);
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) keys = collect_changes (self, &values);
  g_autoptr(GString) why = g_string_new (NULL);
  const char *heading = NULL;
  SlThresholdCheck check = { 0 };
  guint index;

  /* Below the floor, or a floor above the threshold in force, the engine
   * refuses the change itself (and audits the refusal): apply_changes()
   * shows its reason. */
  if (g_ptr_array_find_with_equal_func (keys, "threshold", g_str_equal, &index) &&
      sl_engine_policy_check_threshold (engine, session, g_ascii_strtod (g_ptr_array_index (values, index), NULL),
                                        &check, NULL) &&
      check.verdict == SL_THRESHOLD_NEEDS_REASON)
    {
      heading = _("Lower the Threshold Below the Recommended One?");
      g_string_append (why, check.explanation);
    }
  sl_threshold_check_clear (&check);
  if (g_ptr_array_find_with_equal_func (keys, "threshold-floor", g_str_equal, &index) &&
      !isnan (self->floor_in_force) &&
      g_ascii_strtod (g_ptr_array_index (values, index), NULL) < self->floor_in_force - 0.0005)
    {
      if (heading == NULL)
        heading = _("Lower the Threshold Floor?");
      if (why->len > 0)
        g_string_append (why, "\n\n");
      g_string_append_printf (why, _("Lowering the floor from %.3f to %.3f takes a guard rail away: say why, "
                                     "and the reason is kept in the audit log."),
                              self->floor_in_force, g_ascii_strtod (g_ptr_array_index (values, index), NULL));
    }
  if (heading != NULL)
    {
      ask_reason (self, heading, why->str);
      return;
    }
  apply_changes (self, NULL);
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sl_policy_page_reload (SL_POLICY_PAGE (widget));
}

/* The lowest threshold at which every measured group of every attribute
 * meets the policy's target false-match rate. */
static void
worst_group_threshold_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SlPolicyPage *self = SL_POLICY_PAGE (widget);
  g_autoptr(GPtrArray) rates = NULL;
  gboolean found = FALSE;
  double threshold = 0;

  if (self->fairness == NULL)
    return;
  rates = sl_fairness_rates (self->fairness, gtk_adjustment_get_value (self->threshold_adjustment),
                             target_fmr (self));
  for (guint a = 0; a < rates->len; a++)
    {
      SlAttributeRates *ar = g_ptr_array_index (rates, a);

      if (!ar->has_worst_group_threshold)
        {
          g_autofree char *text = g_strdup_printf (_("The measurement of '%s' shows no threshold at which every "
                                                     "group meets the target"), ar->attribute);
          gtk_label_set_text (self->error_label, text);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          return;
        }
      threshold = found ? MAX (threshold, ar->worst_group_threshold) : ar->worst_group_threshold;
      found = TRUE;
    }
  if (found)
    gtk_adjustment_set_value (self->threshold_adjustment, threshold);
}

static void
purge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlPolicyPage *self = SL_POLICY_PAGE (widget);

  sl_policy_purge_ask (GTK_WINDOW (gtk_widget_get_root (widget)), self->context);
}

static void
cosign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlPolicyPage *self = SL_POLICY_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!sl_engine_policy_cosign (sl_app_context_get_engine (self->context), sl_app_context_get_session (self->context),
                                g_variant_get_int64 (parameter), &error))
    {
      g_autofree char *text = g_strdup_printf (_("Cannot co-sign: %s"), error->message);

      gtk_label_set_text (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      fill_pending (self);
      return;
    }
  sl_app_context_changed (self->context, "policy");
  sl_app_context_changed (self->context, "audit");
  sl_app_context_toast (self->context, _("Policy change co-signed and in effect"));
  sl_policy_page_reload (self);
}

/* overrides */

static void
sl_policy_page_dispose (GObject *object)
{
  SlPolicyPage *self = SL_POLICY_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_POLICY_PAGE);
  g_clear_pointer (&self->purpose_switches, g_ptr_array_unref);
  g_clear_pointer (&self->policy, sl_policy_free);
  g_clear_pointer (&self->fairness, sl_fairness_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_policy_page_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_policy_page_class_init (SlPolicyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_policy_page_dispose;

  g_type_ensure (SL_TYPE_POLICY_OFFENSES);
  g_type_ensure (SL_TYPE_CALIBRATION_PLOT);
  g_type_ensure (SL_TYPE_FAIRNESS_TABLE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-policy-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, threshold_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, floor_spin);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, changes_label);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, fmr_label);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, guard_label);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, tmr_label);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, galleries_box);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, plot);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, fairness_table);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, top_k_spin);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, facts_spin);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, purposes_row);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, second_review_switch);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, offenses);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, quality_row);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, pending_group);
  gtk_widget_class_bind_template_child (widget_class, SlPolicyPage, pending_list);
  gtk_widget_class_bind_template_callback (widget_class, on_value_changed);

  gtk_widget_class_install_action (widget_class, "policy.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "policy.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "policy.purge", NULL, purge_action);
  gtk_widget_class_install_action (widget_class, "policy.cosign", "x", cosign_action);
  gtk_widget_class_install_action (widget_class, "policy.worst-group-threshold", NULL,
                                   worst_group_threshold_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "policy.apply", NULL);
}

static void
sl_policy_page_init (SlPolicyPage *self)
{
  const char * const *all = sl_policy_all_purposes ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->floor_in_force = NAN;
  self->purpose_switches = g_ptr_array_new ();
  for (guint i = 0; all[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *sw = gtk_switch_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), purpose_label (all[i]));
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
      g_signal_connect_object (sw, "notify::active", G_CALLBACK (on_value_changed), self, G_CONNECT_SWAPPED);
      adw_expander_row_add_row (self->purposes_row, row);
      g_ptr_array_add (self->purpose_switches, sw);
    }
  g_signal_connect_object (self->threshold_adjustment, "value-changed", G_CALLBACK (on_threshold_changed),
                           self, G_CONNECT_SWAPPED);
}

/* public API */

GtkWidget *
sl_policy_page_new (SlAppContext *context)
{
  SlPolicyPage *self;

  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  self = g_object_new (SL_TYPE_POLICY_PAGE, NULL);
  self->context = g_object_ref (context);
  g_signal_connect_object (context, "changed::policy", G_CALLBACK (on_changed_topic), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "changed::galleries", G_CALLBACK (on_changed_topic), self, G_CONNECT_SWAPPED);
  sl_policy_page_reload (self);
  return GTK_WIDGET (self);
}

void
sl_policy_page_reload (SlPolicyPage *self)
{
  g_autoptr(SlPolicy) policy = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SL_IS_POLICY_PAGE (self));

  if (sl_app_context_get_session (self->context) == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (!(policy = sl_engine_policy_get (sl_app_context_get_engine (self->context),
                                       sl_app_context_get_session (self->context), &error)))
    {
      sl_app_context_error (self->context, _("Cannot read the policy"), error);
      return;
    }
  g_clear_pointer (&self->policy, sl_policy_free);
  self->policy = g_steal_pointer (&policy);
  fill (self);
  fill_pending (self);
}

guint
sl_policy_page_n_pending (SlPolicyPage *self)
{
  g_return_val_if_fail (SL_IS_POLICY_PAGE (self), 0);
  return self->n_pending;
}

guint
sl_policy_page_n_changes (SlPolicyPage *self)
{
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) keys = NULL;

  g_return_val_if_fail (SL_IS_POLICY_PAGE (self), 0);

  keys = collect_changes (self, &values);
  return keys->len;
}
