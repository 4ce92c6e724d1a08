/* test-gui-fairness.c: the per-group error rates in the GUI, from the
 * measurements the project ships: the default embedder's model card shows
 * each group's rates; the policy editor shows them for the threshold under
 * the slider, the worst group's rate in words, the expected false
 * candidates at that rate, and sets the threshold so the worst measured
 * group meets the target. Screenshots at the default size and 360 px wide.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "app/sl-admin-view.h"
#include "app/sl-app-context.h"
#include "app/sl-calibration-plot.h"
#include "app/sl-fairness-table.h"
#include "app/sl-model-card.h"
#include "engine/sl-engine-fairness.h"
#include "sl-test-gui.h"

/* helpers */

static SlWindow *
start_signed_in (const char *username)
{
  g_autoptr(SlEngine) engine = sl_test_create_db ();
  SlApplication *app;
  SlWindow *window;

  sl_test_seed_users (engine);
  g_clear_object (&engine);
  app = sl_test_start_app ();
  window = sl_test_show_window (app);
  g_object_set_data_full (G_OBJECT (window), "test-app", app, g_object_unref);
  sl_test_sign_in (window, username);
  return window;
}

static GtkWidget *
show_admin_page (SlWindow   *window,
                 const char *name)
{
  SlAdminView *view;
  GtkWidget *page;

  ck_assert (sl_window_show_view (window, "admin"));
  view = SL_ADMIN_VIEW (sl_test_find_widget (GTK_WIDGET (window), SL_TYPE_ADMIN_VIEW));
  ck_assert_ptr_nonnull (view);
  ck_assert (sl_admin_view_show_page (view, name));
  page = sl_admin_view_get_page (view, name);
  ck_assert_ptr_nonnull (page);
  sl_test_wait_until_drawn (page);
  sl_test_spin (600);
  return page;
}

static SlFairness *
shipped (SlWindow *window)
{
  g_autoptr(GError) error = NULL;
  SlFairness *f = sl_engine_model_fairness (sl_app_context_get_engine (sl_window_get_context (window)), NULL, &error);

  ck_assert_msg (f != NULL, "the default embedder has no shipped measurement: %s", error ? error->message : "");
  return f;
}

static void
scroll_to (GtkWidget *widget)
{
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW));
  GtkWidget *content = gtk_scrolled_window_get_child (scroller);
  graphene_rect_t bounds;

  ck_assert (gtk_widget_compute_bounds (widget, content, &bounds));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller),
                            bounds.origin.y + bounds.size.height - gtk_widget_get_height (GTK_WIDGET (scroller)) + 40);
  sl_test_spin (200);
}

/* tests */

START_TEST (test_model_card_table)
{
  SlWindow *window = start_signed_in (SL_TEST_GUI_ADMIN);
  GtkWidget *page = show_admin_page (window, "models");
  GtkWidget *box = sl_test_find_by_id (page, "cards_box");
  g_autoptr(SlFairness) f = shipped (window);
  SlFairnessTable *table = NULL;

  for (GtkWidget *card = gtk_widget_get_first_child (box); card != NULL; card = gtk_widget_get_next_sibling (card))
    if (g_str_equal (sl_model_card_get_model_id (SL_MODEL_CARD (card)), sl_fairness_get_model_id (f)))
      table = SL_FAIRNESS_TABLE (sl_test_find_widget (card, SL_TYPE_FAIRNESS_TABLE));
  ck_assert_ptr_nonnull (table);
  ck_assert (gtk_widget_get_visible (GTK_WIDGET (table)));
  /* female and male of the gender labels. */
  ck_assert_uint_eq (sl_fairness_table_get_n_groups (table), 2);
  ck_assert_ptr_nonnull (sl_fairness_table_get_worst_text (table));
  ck_assert_msg (strstr (sl_fairness_table_get_worst_text (table), "worst measured group") != NULL, "%s",
                 sl_fairness_table_get_worst_text (table));
  scroll_to (GTK_WIDGET (table));
  sl_test_save_screenshot (GTK_WIDGET (window), "admin-models-fairness.png");

  /* The same table 360 px wide: it wraps, nothing is cut. */
  {
    GtkWidget *narrow = gtk_window_new ();
    GtkWidget *copy = sl_fairness_table_new ();
    g_autoptr(GPtrArray) rates = sl_fairness_rates (f, 0.48, 1e-5);

    gtk_window_set_default_size (GTK_WINDOW (narrow), 360, 560);
    gtk_widget_set_margin_start (copy, 12);
    gtk_widget_set_margin_end (copy, 12);
    gtk_widget_set_margin_top (copy, 12);
    gtk_widget_set_margin_bottom (copy, 12);
    gtk_window_set_child (GTK_WINDOW (narrow), copy);
    sl_fairness_table_set_measurement (SL_FAIRNESS_TABLE (copy), f, NULL);
    sl_fairness_table_set_threshold (SL_FAIRNESS_TABLE (copy), 0.48, 1e-5);
    gtk_window_present (GTK_WINDOW (narrow));
    sl_test_wait_until_drawn (copy);
    sl_test_spin (200);
    ck_assert_int_le (gtk_widget_get_width (narrow), 360);
    ck_assert_uint_eq (sl_fairness_table_get_n_groups (SL_FAIRNESS_TABLE (copy)), 2);
    sl_test_save_screenshot (narrow, "fairness-table-360.png");
    gtk_window_destroy (GTK_WINDOW (narrow));
    ck_assert_uint_eq (rates->len, 1);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_policy_worst_group)
{
  SlWindow *window = start_signed_in (SL_TEST_GUI_ADMIN);
  GtkWidget *page = show_admin_page (window, "policy");
  SlFairnessTable *table = SL_FAIRNESS_TABLE (sl_test_find_widget (page, SL_TYPE_FAIRNESS_TABLE));
  GtkSpinButton *spin = GTK_SPIN_BUTTON (sl_test_find_by_id (page, "threshold_spin"));
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  g_autoptr(SlFairness) f = shipped (window);
  g_autoptr(SlPolicy) policy = sl_engine_policy_get (sl_app_context_get_engine (sl_window_get_context (window)),
                                                     sl_app_context_get_session (sl_window_get_context (window)),
                                                     NULL);
  g_autoptr(GPtrArray) rates = sl_fairness_rates (f, policy->threshold, policy->target_fmr);
  SlAttributeRates *gender = g_ptr_array_index (rates, 0);
  g_autofree char *before = NULL;

  ck_assert_ptr_nonnull (table);
  ck_assert_uint_eq (sl_fairness_table_get_n_groups (table), 2);
  ck_assert_double_eq_tol (policy->target_fmr, 1e-5, 1e-12);
  /* Each group's own line on the calibration plot. */
  ck_assert_uint_eq (sl_calibration_plot_get_n_groups (SL_CALIBRATION_PLOT (sl_test_find_by_id (page, "plot"))), 2);
  before = g_strdup (sl_fairness_table_get_worst_text (table));
  ck_assert_ptr_nonnull (before);
  /* The worst group named as the measurement has it. */
  ck_assert_msg (strstr (before, g_array_index (gender->groups, SlGroupRates, gender->worst_group).group) != NULL,
                 "%s", before);
  scroll_to (GTK_WIDGET (table));
  sl_test_save_screenshot (GTK_WIDGET (window), "admin-policy-fairness.png");

  /* Set by the worst group: the threshold moves to where every measured
   * group meets the target, and the words follow. */
  ck_assert (gender->has_worst_group_threshold);
  ck_assert (gtk_widget_activate_action (page, "policy.worst-group-threshold", NULL));
  sl_test_spin (100);
  ck_assert_double_eq_tol (gtk_adjustment_get_value (adjustment), gender->worst_group_threshold, 1e-6);
  ck_assert_str_ne (sl_fairness_table_get_worst_text (table), before);
  {
    g_autoptr(GPtrArray) after = sl_fairness_rates (f, gtk_adjustment_get_value (adjustment), policy->target_fmr);
    SlAttributeRates *g = g_ptr_array_index (after, 0);

    for (guint i = 0; i < g->groups->len; i++)
      ck_assert (g_array_index (g->groups, SlGroupRates, i).fmr <= policy->target_fmr);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* The model card in German: the translated table, the worst group in
 * German words, and the screenshot to look at. Last, since it changes the
 * locale of the process. */
START_TEST (test_model_card_german)
{
  SlWindow *window;
  GtkWidget *page;
  GtkWidget *box;
  SlFairnessTable *table = NULL;
  g_autoptr(SlFairness) f = NULL;
  const char *worst;

  sl_test_use_language ("de");

  window = start_signed_in (SL_TEST_GUI_ADMIN);
  page = show_admin_page (window, "models");
  box = sl_test_find_by_id (page, "cards_box");
  f = shipped (window);
  for (GtkWidget *card = gtk_widget_get_first_child (box); card != NULL; card = gtk_widget_get_next_sibling (card))
    if (g_str_equal (sl_model_card_get_model_id (SL_MODEL_CARD (card)), sl_fairness_get_model_id (f)))
      table = SL_FAIRNESS_TABLE (sl_test_find_widget (card, SL_TYPE_FAIRNESS_TABLE));
  ck_assert_ptr_nonnull (table);
  worst = sl_fairness_table_get_worst_text (table);
  ck_assert_ptr_nonnull (worst);
  ck_assert_msg (strstr (worst, "worst measured group") == NULL, "not translated: %s", worst);
  ck_assert_msg (strstr (worst, "schlechtesten") != NULL, "%s", worst);
  /* The groups of the labels file in German too, in the sentence, the
   * table and the plot's curves (issue 15 item 9). */
  ck_assert_msg (strstr (worst, "(weiblich)") != NULL && strstr (worst, "Geschlecht:") != NULL, "%s", worst);
  {
    g_autoptr(GString) shown = g_string_new (NULL);

    sl_test_collect_labels (GTK_WIDGET (table), shown);
    ck_assert_msg (strstr (shown->str, "männlich") != NULL && strstr (shown->str, "female") == NULL, "%s",
                   shown->str);
  }
  scroll_to (GTK_WIDGET (table));
  sl_test_save_screenshot (GTK_WIDGET (window), "admin-models-fairness-de.png");
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

static Suite *
gui_fairness_suite (void)
{
  Suite *s = suite_create ("gui-fairness");
  TCase *tc = tcase_create ("fairness");

  tcase_set_timeout (tc, 4 * SL_TEST_GUI_TIMEOUT_S);
  tcase_add_test (tc, test_model_card_table);
  tcase_add_test (tc, test_policy_worst_group);
  tcase_add_test (tc, test_model_card_german);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_gui_run (gui_fairness_suite ());
}
