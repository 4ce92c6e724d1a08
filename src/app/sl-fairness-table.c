/* sl-fairness-table.c: the per-group error-rate table of a model card and
 * the policy editor, recomputed from the measurement's histograms whenever
 * the threshold moves.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-fairness-table"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "app/sl-fairness-table.h"
#include "app/sl-evidence-row.h"
#include "app/sl-format.h"
#include "engine/sightline-engine.h"

struct _SlFairnessTable
{
  GtkWidget   parent_instance;

  SlFairness *fairness;
  char       *problem;
  double      threshold;
  double      target_fmr;
  guint       n_groups;
  char       *worst_text;

  GtkWidget  *box;
  GtkLabel   *source_label;
  GtkGrid    *grid;
  GtkLabel   *worst_label;
};

G_DEFINE_FINAL_TYPE (SlFairnessTable, sl_fairness_table, GTK_TYPE_WIDGET)

/* helpers */

/* "1 in 25,000", "3.1%", "none" */
static char *
rate_text (double rate)
{
  g_autofree char *n = NULL;

  if (rate <= 0)
    return g_strdup (_("none"));
  if (rate >= 0.01)
    return g_strdup_printf ("%.1f%%", rate * 100);
  n = sl_format_count ((guint64) floor (1.0 / rate + 0.5));
  /* Translators: a rate, e.g. "1 in 25,000" */
  return g_strdup_printf (_("1 in %s"), n);
}

static char *
rate_with_interval (gboolean enough,
                    double   rate,
                    double   lo,
                    double   hi,
                    guint64  pairs)
{
  g_autofree char *count = sl_format_count (pairs);
  g_autofree char *r = NULL;
  g_autofree char *l = NULL;
  g_autofree char *h = NULL;

  if (pairs == 0)
    return g_strdup (_("no pairs"));
  if (!enough)
    /* Translators: %s is a number of pairs */
    return g_strdup_printf (_("not enough pairs (%s)"), count);
  r = rate_text (rate);
  l = rate_text (lo);
  h = rate_text (hi);
  /* Translators: a rate, its 95% interval, and the pairs it was counted over */
  return g_strdup_printf (_("%s (95%%: %s to %s; %s pairs)"), r, l, h, count);
}

static void
clear_grid (SlFairnessTable *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  self->n_groups = 0;
  g_clear_pointer (&self->worst_text, g_free);
}

static GtkWidget *
cell (const char *text,
      gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (label, !heading);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
refresh (SlFairnessTable *self)
{
  g_autoptr(GPtrArray) rates = NULL;
  g_autoptr(GString) worst = g_string_new (NULL);
  int row = 0;

  clear_grid (self);
  if (self->fairness == NULL)
    {
      gtk_label_set_text (self->source_label, self->problem != NULL ? self->problem : "");
      gtk_label_set_text (self->worst_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->worst_label), FALSE);
      return;
    }

  {
    const char *limits = sl_fairness_get_limits (self->fairness);
    g_autofree char *created = sl_format_date (sl_fairness_get_created (self->fairness));
    /* Translators: the data set, when it was measured, then its limits */
    g_autofree char *source = g_strdup_printf (_("Measured on %s (%s). %s"),
                                               sl_fairness_get_dataset (self->fairness), created,
                                               limits != NULL ? limits : "");
    gtk_label_set_text (self->source_label, source);
  }

  rates = sl_fairness_rates (self->fairness, self->threshold, self->target_fmr);
  for (guint a = 0; a < rates->len; a++)
    {
      SlAttributeRates *ar = g_ptr_array_index (rates, a);

      gtk_grid_attach (self->grid, cell (sl_format_group (ar->attribute), TRUE), 0, row++, 2, 1);
      for (guint i = 0; i < ar->groups->len; i++)
        {
          SlGroupRates *r = &g_array_index (ar->groups, SlGroupRates, i);
          g_autofree char *fmr = rate_with_interval (r->fmr_enough, r->fmr, r->fmr_lo, r->fmr_hi, r->non_mated_pairs);
          g_autofree char *fnmr = rate_with_interval (r->fnmr_enough, r->fnmr, r->fnmr_lo, r->fnmr_hi,
                                                      r->mated_pairs);
          /* Translators: a group's false-match and false non-match rates */
          g_autofree char *text = g_strdup_printf (_("False match: %s\nMissed match: %s"), fmr, fnmr);
          GtkWidget *name = cell (sl_format_group (r->group), FALSE);

          gtk_widget_set_hexpand (name, FALSE);
          gtk_grid_attach (self->grid, name, 0, row, 1, 1);
          gtk_grid_attach (self->grid, cell (text, FALSE), 1, row++, 1, 1);
          self->n_groups++;
        }

      if (ar->worst_group >= 0)
        {
          SlGroupRates *w = &g_array_index (ar->groups, SlGroupRates, ar->worst_group);
          g_autofree char *rate = rate_text (w->fmr);
          g_autofree char *target = rate_text (self->target_fmr);

          if (worst->len > 0)
            g_string_append_c (worst, '\n');
          /* Translators: attribute, its worst group, that group's false-match rate, the threshold */
          g_string_append_printf (worst, _("%s: the worst measured group (%s) falsely matches %s at %.3f"),
                                  sl_format_group (ar->attribute), sl_format_group (w->group), rate,
                                  self->threshold);
          if (ar->has_fmr_ratio && isfinite (ar->fmr_ratio))
            /* Translators: how many times the best group's rate the worst group's is */
            g_string_append_printf (worst, _(", %.1f times the best group's"), ar->fmr_ratio);
          if (ar->has_worst_group_threshold)
            /* Translators: a target rate such as "1 in 100,000" and a threshold */
            g_string_append_printf (worst, _("; every group meets %s from %.3f"), target,
                                    ar->worst_group_threshold);
          else
            g_string_append_printf (worst, _("; no measured threshold makes every group meet %s"), target);
        }
    }
  self->worst_text = g_strdup (worst->str);
  gtk_label_set_text (self->worst_label, worst->str);
  gtk_widget_set_visible (GTK_WIDGET (self->worst_label), worst->len > 0);
}

/* overrides */

static void
sl_fairness_table_dispose (GObject *object)
{
  SlFairnessTable *self = SL_FAIRNESS_TABLE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_FAIRNESS_TABLE);
  g_clear_pointer (&self->fairness, sl_fairness_unref);

  G_OBJECT_CLASS (sl_fairness_table_parent_class)->dispose (object);
}

static void
sl_fairness_table_finalize (GObject *object)
{
  SlFairnessTable *self = SL_FAIRNESS_TABLE (object);

  g_free (self->problem);
  g_free (self->worst_text);

  G_OBJECT_CLASS (sl_fairness_table_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_fairness_table_class_init (SlFairnessTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_fairness_table_dispose;
  object_class->finalize = sl_fairness_table_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-fairness-table.ui");
  gtk_widget_class_bind_template_child (widget_class, SlFairnessTable, box);
  gtk_widget_class_bind_template_child (widget_class, SlFairnessTable, source_label);
  gtk_widget_class_bind_template_child (widget_class, SlFairnessTable, grid);
  gtk_widget_class_bind_template_child (widget_class, SlFairnessTable, worst_label);
}

static void
sl_fairness_table_init (SlFairnessTable *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->threshold = 0.5;
  self->target_fmr = SL_POLICY_DEFAULT_TARGET_FMR;
}

/* public API */

GtkWidget *
sl_fairness_table_new (void)
{
  return g_object_new (SL_TYPE_FAIRNESS_TABLE, NULL);
}

void
sl_fairness_table_set_measurement (SlFairnessTable *self,
                                   SlFairness      *fairness,
                                   const char      *problem)
{
  g_return_if_fail (SL_IS_FAIRNESS_TABLE (self));

  g_clear_pointer (&self->fairness, sl_fairness_unref);
  g_clear_pointer (&self->problem, g_free);
  self->fairness = fairness != NULL ? sl_fairness_ref (fairness) : NULL;
  self->problem = g_strdup (problem);
  refresh (self);
}

void
sl_fairness_table_set_threshold (SlFairnessTable *self,
                                 double           threshold,
                                 double           target_fmr)
{
  g_return_if_fail (SL_IS_FAIRNESS_TABLE (self));

  self->threshold = threshold;
  if (target_fmr > 0 && target_fmr < 1)
    self->target_fmr = target_fmr;
  refresh (self);
}

guint
sl_fairness_table_get_n_groups (SlFairnessTable *self)
{
  g_return_val_if_fail (SL_IS_FAIRNESS_TABLE (self), 0);

  return self->n_groups;
}

const char *
sl_fairness_table_get_worst_text (SlFairnessTable *self)
{
  g_return_val_if_fail (SL_IS_FAIRNESS_TABLE (self), NULL);

  return self->worst_text != NULL && *self->worst_text != '\0' ? self->worst_text : NULL;
}
