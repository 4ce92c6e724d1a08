/* test-gui-review.c: the two-person review through the desktop
 * application on a real X display (Xvfb), a real database, real models and
 * real LFW photos: Ian's search and Ivy's first decision ("possible lead")
 * are taken through the engine (who searches decides on none of the
 * candidates); Sam, a supervisor, finds the candidate in the
 * Review view waiting for the second review without any trace of Ivy's
 * decision (blind), confirms it, and it is listed under Confirmed Leads.
 * Sam then corrects his own decision through "Correct Decision…" with a
 * reason: a disagreement, both decisions kept and shown. An investigator
 * gets no second-review queue. Screenshots: review.png, leads.png,
 * correct-decision.png.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-gui-review"

#include "config.h"

#include <string.h>

#include <check.h>

#include "app/sl-candidate-item.h"
#include "app/sl-review-view.h"
#include "engine/sightline-engine.h"
#include "sl-test-gui.h"

#define CASE_NUMBER "C-2024-117"
#define FACTS "The man on the shop camera took the till at 21:40 and left on foot towards the station."
/* Ivy's rationale: a word no screen of Sam's may show before he decides. */
#define IVY_RATIONALE "Zanzibar-mark: the scar over the left eyebrow matches"
#define SAM_RATIONALE "Independent comparison: ears, hairline and nose bridge agree"

static SlTestCaseSeed seed;
static gint64 candidate_id;   /* rank 1 of Ian's search, decided by Ivy */

/* helpers */

/* Ian's search in Ivy's case and her first decision on its rank 1, through
 * the engine. */
static void
ivy_searches_and_decides (void)
{
  g_autofree char *db = g_build_filename (sl_test_fresh_dir (), "sightline.db", NULL);
  g_autoptr(SlEngine) engine = sl_engine_new (db);
  g_autoptr(SlSession) ivy = NULL;
  g_autoptr(SlSession) ian = NULL;
  g_autoptr(SlSearchResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SlSearchRequest request = {
    .case_number = CASE_NUMBER,
    .face_id = seed.face_id,
    .gallery = "county",
    .offense = "ROBBERY",
    .legal_basis = "Warrant 2024/117 of the district court",
    .purpose = "suspect",
    .facts = FACTS,
  };
  SlDecideResult decided = { 0 };
  SlSearchCandidate *first;

  ck_assert_msg (sl_engine_open (engine, &error), "%s", error ? error->message : "");
  ivy = sl_test_engine_sign_in (engine, SL_TEST_GUI_INVESTIGATOR);
  ian = sl_test_engine_sign_in (engine, SL_TEST_GUI_INVESTIGATOR2);
  /* Need to know: Ivy opened the case and adds Ian. */
  ck_assert_msg (sl_engine_case_member_add (engine, ivy, CASE_NUMBER, SL_TEST_GUI_INVESTIGATOR2, &error), "%s",
                 error ? error->message : "");
  result = sl_engine_search (engine, ian, &request, NULL, &error);
  ck_assert_msg (result != NULL, "%s", error ? error->message : "");
  ck_assert_uint_ge (result->candidates->len, 1);
  first = g_ptr_array_index (result->candidates, 0);
  ck_assert_str_eq (first->external_id, seed.mated);
  candidate_id = first->candidate_id;
  ck_assert_msg (sl_engine_decide (engine, ivy, candidate_id, "possible-lead", IVY_RATIONALE, &decided,
                                   &error), "%s", error ? error->message : "");
  ck_assert_int_eq (decided.status, SL_REVIEW_AWAITING_SECOND);
}

static SlWindow *
start_as (SlApplication **app,
          const char     *username)
{
  SlWindow *window;

  sl_test_seed_case_with_probe (CASE_NUMBER, &seed);
  ivy_searches_and_decides ();
  *app = sl_test_start_app ();
  window = sl_test_show_window (*app);
  sl_test_sign_in (window, username);
  return window;
}

static SlReviewView *
show_review (SlWindow *window)
{
  AdwViewStack *stack = ADW_VIEW_STACK (sl_test_find_by_id (GTK_WIDGET (window), "view_stack"));
  GtkWidget *view;

  ck_assert_ptr_nonnull (adw_view_stack_get_child_by_name (stack, "review"));
  adw_view_stack_set_visible_child_name (stack, "review");
  view = sl_test_find_widget (GTK_WIDGET (window), SL_TYPE_REVIEW_VIEW);
  ck_assert_ptr_nonnull (view);
  sl_test_wait_until_drawn (view);
  return SL_REVIEW_VIEW (view);
}

static GListModel *
list_model (GtkWidget  *view,
            const char *id)
{
  GtkColumnView *columns = GTK_COLUMN_VIEW (sl_test_find_by_id (view, id));

  return G_LIST_MODEL (gtk_column_view_get_model (columns));
}

/* Any text any widget under root holds, shown or not: labels, entries,
 * text views, tooltips. */
static gboolean
holds_text (GtkWidget  *root,
            const char *needle)
{
  const char *tooltip = gtk_widget_get_tooltip_text (root);

  if (tooltip != NULL && strstr (tooltip, needle) != NULL)
    return TRUE;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), needle) != NULL)
    return TRUE;
  if (GTK_IS_EDITABLE (root) && strstr (gtk_editable_get_text (GTK_EDITABLE (root)), needle) != NULL)
    return TRUE;
  if (GTK_IS_TEXT_VIEW (root))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (root));
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
      if (strstr (text, needle) != NULL)
        return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (holds_text (child, needle))
      return TRUE;
  return FALSE;
}

/* tests */

START_TEST (test_second_review_is_blind_and_confirms)
{
  g_autoptr(SlApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(SlCandidateItem) waiting = NULL;
  g_autoptr(SlCandidateItem) confirmed = NULL;
  SlWindow *window = start_as (&app, SL_TEST_GUI_SUPERVISOR);
  SlAppContext *context = sl_window_get_context (window);
  SlReviewView *view = show_review (window);
  GtkWidget *bar;
  GListModel *queue, *confirmed_list;
  SlCandidate *lead;

  /* Ivy's candidate waits for Sam, shown for comparison only. */
  queue = list_model (GTK_WIDGET (view), "queue_view");
  ck_assert_uint_eq (g_list_model_get_n_items (queue), 1);
  waiting = g_list_model_get_item (queue, 0);
  ck_assert_int_eq (sl_candidate_item_get_id (waiting), candidate_id);
  ck_assert_ptr_eq (gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (queue)), waiting);
  ck_assert_ptr_null (sl_candidate_item_dup_decisions_text (waiting));
  ck_assert (gtk_widget_get_mapped (sl_test_find_by_id (GTK_WIDGET (view), "queue_view")));
  bar = sl_test_find_widget (GTK_WIDGET (view), g_type_from_name ("SlDecisionBar"));
  ck_assert (gtk_widget_get_mapped (bar));
  sl_test_wait_for (sl_candidate_item_get_thumbnail (waiting, NULL) != NULL);

  /* Blind: nothing anywhere in the window gives Ivy's decision away. */
  ck_assert_msg (!holds_text (GTK_WIDGET (window), "Zanzibar"), "the first decision's rationale is shown");
  ck_assert (!holds_text (GTK_WIDGET (window), "First: "));
  ck_assert (!gtk_widget_get_visible (sl_test_find_by_id (GTK_WIDGET (view), "decisions_label")));
  sl_test_save_screenshot (GTK_WIDGET (window), "review.png");

  /* Sam's own decision makes it a confirmed lead. */
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find_by_id (bar, "rationale_entry")), SAM_RATIONALE);
  ck_assert (gtk_widget_activate_action (bar, "decision.decide", "s", "possible-lead"));
  sl_test_wait_for (g_list_model_get_n_items (queue) == 0);

  confirmed_list = list_model (GTK_WIDGET (view), "leads_view");
  ck_assert_uint_eq (g_list_model_get_n_items (confirmed_list), 1);
  confirmed = g_list_model_get_item (confirmed_list, 0);
  ck_assert_int_eq (sl_candidate_item_get_id (confirmed), candidate_id);
  ck_assert_int_eq (sl_candidate_item_get_status (confirmed), SL_REVIEW_CONFIRMED_LEAD);
  gtk_stack_set_visible_child_name (GTK_STACK (sl_test_find_by_id (GTK_WIDGET (view), "list_stack")), "leads");
  sl_test_wait_for (gtk_widget_get_mapped (sl_test_find_by_id (GTK_WIDGET (view), "decisions_label")));
  /* Once both decided, both are shown. */
  ck_assert (holds_text (GTK_WIDGET (view), "Zanzibar"));
  sl_test_wait_for (sl_candidate_item_get_thumbnail (confirmed, NULL) != NULL);
  sl_test_save_screenshot (GTK_WIDGET (window), "leads.png");

  /* The engine agrees: a confirmed lead of the case, by Ivy then Sam. */
  leads = sl_engine_review_leads (sl_app_context_get_engine (context), sl_app_context_get_session (context),
                                  CASE_NUMBER, &error);
  ck_assert_msg (leads != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (leads->len, 1);
  lead = g_ptr_array_index (leads, 0);
  ck_assert_int_eq (lead->id, candidate_id);
  ck_assert_str_eq (lead->first->reviewer, SL_TEST_GUI_INVESTIGATOR);
  ck_assert_str_eq (lead->second->reviewer, SL_TEST_GUI_SUPERVISOR);
  ck_assert_str_eq (lead->second->rationale, SAM_RATIONALE);
  ck_assert_int_eq (lead->status, SL_REVIEW_CONFIRMED_LEAD);

  /* Sam's own decision, shown to him, is his to correct: through the
   * "Correct Decision…" dialog, with a reason. */
  {
    GtkWidget *correct = sl_test_find_by_id (bar, "correct_button");
    GtkWidget *dialog = NULL;
    GtkWidget *entry;
    GListModel *disagreements = list_model (GTK_WIDGET (view), "disagreements_view");
    g_autoptr(SlCandidateItem) flagged = NULL;
    GListModel *toplevels = gtk_window_get_toplevels ();

    sl_test_wait_for (gtk_widget_get_mapped (correct));
    ck_assert (!gtk_widget_get_sensitive (sl_test_find_by_id (bar, "rationale_entry")));
    ck_assert (gtk_widget_activate_action (bar, "decision.correct", NULL));
    for (guint i = 0; dialog == NULL && i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (w))
          dialog = GTK_WIDGET (w);
      }
    ck_assert_ptr_nonnull (dialog);
    ck_assert (!adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "excluded"));
    entry = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
    gtk_editable_set_text (GTK_EDITABLE (entry), "Compared again in daylight: the ears differ clearly");
    ck_assert (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "excluded"));
    sl_test_wait_until_drawn (dialog);
    sl_test_save_screenshot (dialog, "correct-decision.png");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "excluded");

    sl_test_wait_for (g_list_model_get_n_items (confirmed_list) == 0);
    ck_assert_uint_eq (g_list_model_get_n_items (disagreements), 1);
    flagged = g_list_model_get_item (disagreements, 0);
    ck_assert_int_eq (sl_candidate_item_get_status (flagged), SL_REVIEW_DISAGREEMENT);
    {
      g_autofree char *text = sl_candidate_item_dup_decisions_text (flagged);

      ck_assert_msg (strstr (text, SAM_RATIONALE) != NULL, "%s", text);
      ck_assert_msg (strstr (text, "Corrected to excluded by sam") != NULL, "%s", text);
    }
  }
}
END_TEST

START_TEST (test_investigator_has_no_second_review)
{
  g_autoptr(SlApplication) app = NULL;
  SlWindow *window = start_as (&app, SL_TEST_GUI_INVESTIGATOR2);
  SlReviewView *view = show_review (window);
  GtkWidget *label = sl_test_find_by_id (GTK_WIDGET (view), "queue_empty_label");

  ck_assert_uint_eq (g_list_model_get_n_items (list_model (GTK_WIDGET (view), "queue_view")), 0);
  ck_assert (gtk_widget_get_mapped (label));
  ck_assert (strstr (gtk_label_get_text (GTK_LABEL (label)), "supervisors") != NULL);
  ck_assert (!holds_text (GTK_WIDGET (window), "Zanzibar"));
}
END_TEST

static Suite *
gui_review_suite (void)
{
  Suite *suite = suite_create ("gui-review");
  TCase *tc = tcase_create ("review");

  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_second_review_is_blind_and_confirms);
  tcase_add_test (tc, test_investigator_has_no_second_review);
  suite_add_tcase (suite, tc);
  return suite;
}

int
main (void)
{
  return sl_test_gui_run (gui_review_suite ());
}
