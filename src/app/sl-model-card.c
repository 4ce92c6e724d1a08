/* sl-model-card.c: one model's card. The manifest's words (source, licence,
 * SHA-256), the installed file checked against that hash in a worker, and
 * for an embedder its measured accuracy and calibration curve with the
 * policy's threshold marked. Every figure comes from the engine.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-model-card"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-calibration-plot.h"
#include "app/sl-fairness-table.h"
#include "app/sl-format.h"
#include "app/sl-model-card.h"
#include "app/sl-evidence-row.h"
#include "engine/sightline-engine.h"

struct _SlModelCard
{
  AdwBin             parent_instance;
  SlAppContext      *context;
  SlModelDetails    *details;
  GCancellable      *cancellable;
  gboolean           checked;
  SlModelFileState   state;

  GtkLabel          *name_label;
  GtkLabel          *subtitle_label;
  AdwActionRow      *state_row;
  GtkSpinner        *spinner;
  GtkImage          *state_icon;
  AdwActionRow      *sha_row;
  AdwActionRow      *source_row;
  AdwActionRow      *license_row;
  AdwActionRow      *io_row;
  AdwActionRow      *accuracy_row;
  SlCalibrationPlot *plot;
  SlFairnessTable   *fairness_table;
};

G_DEFINE_FINAL_TYPE (SlModelCard, sl_model_card, ADW_TYPE_BIN)

/* helpers */

static char *
tmr_text (double   score,
          double   tmr,
          gboolean beyond,
          double   rate)
{
  g_autofree char *words = sl_rate_in_words (rate, FALSE, 0);

  if (beyond)
    /* Translators: a false-match rate the calibration cannot resolve, e.g. "1 in 100,000" */
    return g_strdup_printf (_("at a false-match rate of %s: not resolved by the measurement"), words);
  /* Translators: e.g. "97.1% at a false-match rate of 1 in 1,000 (threshold 0.352)" */
  return g_strdup_printf (_("%.1f%% found at a false-match rate of %s (threshold %.3f)"),
                          tmr * 100, words, score);
}

static void
fill (SlModelCard *self)
{
  SlModelDetails *d = self->details;
  g_autofree char *subtitle = NULL;
  g_autofree char *io = NULL;
  g_autofree char *size = g_format_size (d->size);
  const char *role = d->role == SL_MODEL_ROLE_DETECTOR ? _("Face detector") : _("Face embedder");

  gtk_label_set_text (self->name_label, d->name != NULL ? d->name : d->id);
  /* Translators: model id, its role, its file and size, and whether it is the default */
  subtitle = g_strdup_printf (_("%s · %s · %s, %s%s"), d->id, role, d->file, size,
                              d->is_default ? _(" · default") : "");
  gtk_label_set_text (self->subtitle_label, subtitle);
  adw_action_row_set_subtitle (self->sha_row, d->sha256);
  adw_action_row_set_subtitle (self->source_row, d->source != NULL ? d->source : _("None recorded"));
  adw_action_row_set_subtitle (self->license_row, d->license != NULL ? d->license : _("Not stated"));
  io = g_strdup_printf ("%s\n%s", d->normalization != NULL ? d->normalization : "",
                        d->output != NULL ? d->output : "");
  adw_action_row_set_subtitle (self->io_row, io);
  adw_action_row_set_subtitle (self->state_row, _("Checking the file's SHA-256…"));

  if (d->role != SL_MODEL_ROLE_EMBEDDER)
    {
      adw_action_row_set_subtitle (self->accuracy_row,
                                   _("Detectors are not calibrated; faces they miss show in the analysis"));
      gtk_widget_set_visible (GTK_WIDGET (self->plot), FALSE);
    }
  else if (!d->calibrated)
    {
      adw_action_row_set_subtitle (self->accuracy_row, d->calibration_problem);
      gtk_widget_set_visible (GTK_WIDGET (self->plot), FALSE);
    }
  else
    {
      g_autofree char *at3 = tmr_text (d->score_at_1e3, d->tmr_at_1e3, d->beyond_1e3, 1e-3);
      g_autofree char *at5 = tmr_text (d->score_at_1e5, d->tmr_at_1e5, d->beyond_1e5, 1e-5);
      g_autofree char *mated = sl_format_count (d->n_mated);
      g_autofree char *nonmated = sl_format_count (d->n_nonmated);
      g_autofree char *measured = sl_format_date (d->measured_at);
      g_autofree char *text = NULL;

      /* Translators: the true-match rates at two false-match rates, then what they were measured on */
      text = g_strdup_printf (_("Same person %s\nSame person %s\nMeasured on %s: %s mated and %s non-mated pairs (%s)"),
                              at3, at5, d->dataset, mated, nonmated, measured);
      adw_action_row_set_subtitle (self->accuracy_row, text);
      sl_calibration_plot_set_curve (self->plot, d->curve);
    }

  if (d->role == SL_MODEL_ROLE_EMBEDDER)
    {
      g_autoptr(GError) why = NULL;
      g_autoptr(SlFairness) fairness = sl_engine_model_fairness (sl_app_context_get_engine (self->context), d->id,
                                                                 &why);

      sl_fairness_table_set_measurement (self->fairness_table, fairness, why != NULL ? why->message : NULL);
      if (fairness != NULL)
        sl_calibration_plot_set_groups (self->plot, fairness, sl_fairness_get_target_fmr (fairness));
      gtk_widget_set_visible (GTK_WIDGET (self->fairness_table), TRUE);
    }
}

/* The target the measurement was first reported at, else the default. */
static double
fairness_target (SlModelCard *self)
{
  g_autoptr(SlFairness) fairness = NULL;
  double target;

  if (self->details->role != SL_MODEL_ROLE_EMBEDDER ||
      !(fairness = sl_engine_model_fairness (sl_app_context_get_engine (self->context), self->details->id, NULL)))
    return SL_POLICY_DEFAULT_TARGET_FMR;
  target = sl_fairness_get_target_fmr (fairness);
  return target > 0 && target < 1 ? target : SL_POLICY_DEFAULT_TARGET_FMR;
}

/* callbacks */

static void
on_verified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlModelCard) self = user_data;
  g_autoptr(GError) error = NULL;
  SlModelFileState state = sl_engine_model_verify_finish (SL_ENGINE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->checked = TRUE;
  self->state = state;
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->state_icon), TRUE);
  if (state == SL_MODEL_FILE_VERIFIED)
    {
      g_autofree char *text = g_strdup_printf (_("Verified: %s matches the recorded SHA-256"), self->details->path);

      gtk_image_set_from_icon_name (self->state_icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), "success");
      adw_action_row_set_subtitle (self->state_row, text);
    }
  else
    {
      gtk_image_set_from_icon_name (self->state_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), "error");
      /* The engine refuses to load such a file; say so here too. */
      adw_action_row_set_subtitle (self->state_row, error->message);
    }
}

/* overrides */

static void
sl_model_card_dispose (GObject *object)
{
  SlModelCard *self = SL_MODEL_CARD (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_MODEL_CARD);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_model_card_parent_class)->dispose (object);
}

static void
sl_model_card_finalize (GObject *object)
{
  SlModelCard *self = SL_MODEL_CARD (object);

  g_clear_pointer (&self->details, sl_model_details_free);

  G_OBJECT_CLASS (sl_model_card_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_model_card_class_init (SlModelCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_model_card_dispose;
  object_class->finalize = sl_model_card_finalize;

  g_type_ensure (SL_TYPE_CALIBRATION_PLOT);
  g_type_ensure (SL_TYPE_FAIRNESS_TABLE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-model-card.ui");
  gtk_widget_class_bind_template_child (widget_class, SlModelCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, SlModelCard, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SlModelCard, state_row);
  gtk_widget_class_bind_template_child (widget_class, SlModelCard, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlModelCard, state_icon);
  gtk_widget_class_bind_template_child (widget_class, SlModelCard, sha_row);
  gtk_widget_class_bind_template_child (widget_class, SlModelCard, source_row);
  gtk_widget_class_bind_template_child (widget_class, SlModelCard, license_row);
  gtk_widget_class_bind_template_child (widget_class, SlModelCard, io_row);
  gtk_widget_class_bind_template_child (widget_class, SlModelCard, accuracy_row);
  gtk_widget_class_bind_template_child (widget_class, SlModelCard, plot);
  gtk_widget_class_bind_template_child (widget_class, SlModelCard, fairness_table);
}

static void
sl_model_card_init (SlModelCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/* public API */

GtkWidget *
sl_model_card_new (SlAppContext   *context,
                   SlModelDetails *details,
                   double          threshold)
{
  SlModelCard *self;

  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);
  g_return_val_if_fail (details != NULL, NULL);

  self = g_object_new (SL_TYPE_MODEL_CARD, NULL);
  self->context = g_object_ref (context);
  self->details = details;
  fill (self);
  sl_calibration_plot_set_threshold (self->plot, threshold);
  sl_fairness_table_set_threshold (self->fairness_table, threshold, fairness_target (self));
  sl_engine_model_verify_async (sl_app_context_get_engine (context), sl_app_context_get_session (context),
                                details->id, self->cancellable, on_verified, g_object_ref (self));
  return GTK_WIDGET (self);
}

const char *
sl_model_card_get_model_id (SlModelCard *self)
{
  g_return_val_if_fail (SL_IS_MODEL_CARD (self), NULL);

  return self->details->id;
}

gboolean
sl_model_card_is_checked (SlModelCard *self)
{
  g_return_val_if_fail (SL_IS_MODEL_CARD (self), FALSE);

  return self->checked;
}

SlModelFileState
sl_model_card_get_state (SlModelCard *self)
{
  g_return_val_if_fail (SL_IS_MODEL_CARD (self), SL_MODEL_FILE_MISSING);

  return self->state;
}

void
sl_model_card_set_threshold (SlModelCard *self,
                             double       threshold)
{
  g_return_if_fail (SL_IS_MODEL_CARD (self));

  sl_calibration_plot_set_threshold (self->plot, threshold);
  sl_fairness_table_set_threshold (self->fairness_table, threshold, fairness_target (self));
}
