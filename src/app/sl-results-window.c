/* sl-results-window.c: the candidates one search showed. The banner that
 * says they are leads and not identifications cannot be dismissed; a
 * search with nothing above the threshold says so as its result; a
 * selected candidate is compared with the probe and decided on.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-results-window"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "app/sl-candidate-columns.h"
#include "app/sl-candidate-item.h"
#include "app/sl-compare-pane.h"
#include "app/sl-decision-bar.h"
#include "app/sl-format.h"
#include "app/sl-results-window.h"
#include "engine/sightline-engine.h"

struct _SlResultsWindow
{
  AdwWindow           parent_instance;
  SlAppContext       *context;
  gint64              search_id;
  GListStore         *candidates;
  GtkSingleSelection *selection;
  SlComparePane      *compare;
  SlDecisionBar      *decision;

  AdwWindowTitle     *window_title;
  GtkLabel           *summary_label;
  GtkStack           *results_stack;
  GtkStack           *detail_stack;
  GtkColumnView      *candidates_view;
  AdwStatusPage      *empty_page;
  GtkBox             *detail_box;
};

G_DEFINE_FINAL_TYPE (SlResultsWindow, sl_results_window, ADW_TYPE_WINDOW)

/* helpers */

static char *
summary_text (const SlSearchResult *r)
{
  g_autofree char *faces = sl_format_count ((guint64) r->gallery_size);
  g_autofree char *subjects = sl_format_count ((guint64) r->gallery_subjects);
  g_autofree char *started = sl_format_time (r->started_at);
  g_autofree char *calibration = sl_text_map_times (r->calibration, sl_format_time);
  g_autoptr(GString) text = g_string_new (NULL);

  /* TRANSLATORS: gallery name, faces, subjects, model, threshold */
  g_string_append_printf (text, _("Gallery %s: %s faces of %s subjects · model %s · threshold %.2f"),
                          r->gallery, faces, subjects, r->model_id, r->threshold);
  g_string_append (text, " · ");
  /* TRANSLATORS: candidates at or above the threshold, of those shown */
  g_string_append_printf (text, ngettext ("%u candidate above the threshold of %u shown",
                                          "%u candidates above the threshold of %u shown", r->above_threshold),
                          r->above_threshold, r->candidates->len);
  if (r->threshold_describe != NULL)
    {
      g_string_append_c (text, '\n');
      /* TRANSLATORS: what the threshold means, e.g. "1 in 101,946 unrelated faces score this high" */
      g_string_append_printf (text, _("At the threshold: %s"), r->threshold_describe);
    }
  g_string_append_c (text, '\n');
  /* TRANSLATORS: start time, milliseconds */
  g_string_append_printf (text, _("Searched %s in %.1f ms · rates measured on %s"), started,
                          r->load_ms + r->search_ms, calibration);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* callbacks */

static void
on_selection_changed (SlResultsWindow *self)
{
  SlCandidateItem *item = gtk_single_selection_get_selected_item (self->selection);

  sl_compare_pane_set_candidate (self->compare, item);
  sl_decision_bar_set_candidate (self->decision, item);
  gtk_stack_set_visible_child_name (self->detail_stack, item != NULL ? "compare" : "none");
}

/* overrides */

static void
sl_results_window_dispose (GObject *object)
{
  SlResultsWindow *self = SL_RESULTS_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_RESULTS_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->candidates);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_results_window_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_results_window_class_init (SlResultsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_results_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/sl-results-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlResultsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlResultsWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SlResultsWindow, results_stack);
  gtk_widget_class_bind_template_child (widget_class, SlResultsWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, SlResultsWindow, candidates_view);
  gtk_widget_class_bind_template_child (widget_class, SlResultsWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SlResultsWindow, detail_box);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
sl_results_window_init (SlResultsWindow *self)
{
  self->candidates = g_list_store_new (SL_TYPE_CANDIDATE_ITEM);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* public API */

GtkWindow *
sl_results_window_new (SlAppContext         *context,
                       const SlSearchResult *result)
{
  SlResultsWindow *self;
  g_autofree char *subtitle = NULL;
  g_autofree char *summary = NULL;
  gboolean empty;

  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);
  g_return_val_if_fail (result != NULL, NULL);

  self = g_object_new (SL_TYPE_RESULTS_WINDOW, NULL);
  self->context = g_object_ref (context);
  self->search_id = result->search_id;

  /* TRANSLATORS: case number, search number */
  subtitle = g_strdup_printf (_("Case %s · search %" PRId64), result->case_number, result->search_id);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  summary = summary_text (result);
  gtk_label_set_text (self->summary_label, summary);
  /* A search run on the authorisation's clock says so, with the time left. */
  {
    g_autoptr(SlAuthorisationStatus) status =
      sl_engine_authorisation_status (sl_app_context_get_engine (context), sl_app_context_get_session (context),
                                      result->case_number, NULL);

    if (status != NULL && status->state == SL_CASE_AUTHORISATION_AWAITING)
      {
        g_autofree char *note = sl_authorisation_status_describe (status);
        g_autofree char *both = g_strdup_printf ("%s\n%s", note, summary);

        gtk_label_set_text (self->summary_label, both);
        gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "dim-label");
        gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "warning");
      }
  }

  for (guint i = 0; i < result->candidates->len; i++)
    {
      g_autoptr(SlCandidateItem) item =
        sl_candidate_item_new_from_search (g_ptr_array_index (result->candidates, i), result->face_id,
                                           result->case_number);
      g_list_store_append (self->candidates, item);
    }

  sl_candidate_columns_add (self->candidates_view, context, SL_CANDIDATE_COLUMNS_SEARCH);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->candidates)));
  gtk_column_view_set_model (self->candidates_view, GTK_SELECTION_MODEL (self->selection));

  self->compare = SL_COMPARE_PANE (sl_compare_pane_new (context));
  gtk_box_append (self->detail_box, GTK_WIDGET (self->compare));
  self->decision = SL_DECISION_BAR (sl_decision_bar_new (context));
  gtk_box_append (self->detail_box, GTK_WIDGET (self->decision));
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);

  /* No candidate at the threshold is a result of its own, not an empty
   * list: it says what it means. */
  empty = result->candidates->len == 0 || (result->above_threshold == 0 && !result->below_threshold_shown);
  if (empty)
    {
      g_autofree char *faces = sl_format_count ((guint64) result->gallery_size);
      g_autofree char *description =
        g_strdup_printf (_("None of the %s faces of the gallery “%s” scored at or above the threshold of %.2f. "
                           "This does not mean the person is not in the gallery: the system found no lead "
                           "strong enough to show. Nothing here suggests anyone."), faces, result->gallery,
                         result->threshold);

      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child_name (self->results_stack, "empty");
      gtk_widget_set_visible (GTK_WIDGET (self->detail_stack), FALSE);
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
    }
  else
    gtk_stack_set_visible_child_name (self->results_stack, "list");
  on_selection_changed (self);
  return GTK_WINDOW (self);
}

gint64
sl_results_window_get_search_id (SlResultsWindow *self)
{
  g_return_val_if_fail (SL_IS_RESULTS_WINDOW (self), 0);
  return self->search_id;
}

GListModel *
sl_results_window_get_candidates (SlResultsWindow *self)
{
  g_return_val_if_fail (SL_IS_RESULTS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->candidates);
}

void
sl_results_window_select (SlResultsWindow *self,
                          guint            position)
{
  g_return_if_fail (SL_IS_RESULTS_WINDOW (self));
  gtk_single_selection_set_selected (self->selection, position);
}
