/* test-gui-review.c: the two-person review through the desktop
 * application on a real X display (Xvfb), a real database, real models and
 * real LFW photos: Ivy's search and first decision ("possible lead") are
 * taken through the engine; Sam, a supervisor, finds the candidate in the
 * Review view waiting for the second review without any trace of Ivy's
 * decision (blind), confirms it, and it is listed under Confirmed Leads.
 * An investigator gets no second-review queue. Screenshots: review.png,
 * leads.png.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-gui-review"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <check.h>

#include "app/sl-candidate-item.h"
#include "app/sl-review-view.h"
#include "engine/sl-engine-galleries.h"
#include "engine/sl-engine-records.h"
#include "engine/sl-engine-search.h"
#include "gui-test-util.h"

#define CASE_NUMBER "C-2024-117"
#define FACTS "The man on the shop camera took the till at 21:40 and left on foot towards the station."
/* Ivy's rationale: a word no screen of Sam's may show before he decides. */
#define IVY_RATIONALE "Zanzibar-mark: the scar over the left eyebrow matches"
#define SAM_RATIONALE "Independent comparison: ears, hairline and nose bridge agree"

typedef struct
{
  char   *mated;
  gint64  face_id;
  gint64  stranger_id;
  gint64  candidate_id;   /* rank 1 of Ivy's search, decided by her */
} Seed;

static Seed seed;

/* helpers */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
sorted_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  ck_assert_msg (d != NULL, "cannot read %s", dir);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

static char *
lfw_dir (void)
{
  const char *shared = g_getenv ("SIGHTLINE_SHARED_DIR");

  ck_assert_msg (shared != NULL, "SIGHTLINE_SHARED_DIR is not set; run the tests with meson test");
  return g_build_filename (shared, "datasets", "lfw-view1", "images", NULL);
}

/* The first n identities (sorted) with at least three photos. */
static GPtrArray *
identities (guint n)
{
  g_autofree char *root = lfw_dir ();
  g_autoptr(GPtrArray) all = sorted_entries (root);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < all->len && out->len < n; i++)
    {
      g_autofree char *sub = g_build_filename (root, g_ptr_array_index (all, i), NULL);
      g_autoptr(GPtrArray) files = sorted_entries (sub);

      if (files->len >= 3)
        g_ptr_array_add (out, g_strdup (g_ptr_array_index (all, i)));
    }
  ck_assert_uint_eq (out->len, n);
  return out;
}

static char *
lfw_image (const char *identity,
           guint       index)
{
  g_autofree char *root = lfw_dir ();
  g_autofree char *sub = g_build_filename (root, identity, NULL);
  g_autoptr(GPtrArray) files = sorted_entries (sub);

  ck_assert_uint_lt (index, files->len);
  return g_build_filename (sub, g_ptr_array_index (files, index), NULL);
}

/* The largest face of a photo imported into the case and analysed. */
static gint64
probe_face (SlEngine   *engine,
            SlSession  *who,
            const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEvidence) e = NULL;
  g_autoptr(SlAnalysis) a = NULL;
  gint64 best = 0;
  float best_area = -1;

  e = sl_engine_evidence_import (engine, who, CASE_NUMBER, path, NULL, NULL, NULL, &error);
  ck_assert_msg (e != NULL, "import: %s", error ? error->message : "");
  a = sl_engine_analyze (engine, who, CASE_NUMBER, e->id, NULL, NULL, &error);
  ck_assert_msg (a != NULL, "analyze: %s", error ? error->message : "");
  for (guint i = 0; i < a->faces->len; i++)
    {
      SlProbeFace *f = g_ptr_array_index (a->faces, i);

      if (f->box[2] * f->box[3] > best_area)
        {
          best_area = f->box[2] * f->box[3];
          best = f->id;
        }
    }
  ck_assert_msg (best > 0, "no face in %s", path);
  return best;
}

/* A gallery "county" of eight LFW people (two photos each, through the
 * engine's enrolment), a case with a third photo of the first of them and
 * a photo of someone not enrolled, both analysed. */
static void
seed_database (void)
{
  g_autoptr(SlEngine) engine = gui_test_create_db ();
  g_autoptr(SlSession) admin = NULL;
  g_autoptr(SlSession) ivy = NULL;
  g_autoptr(GPtrArray) people = identities (9);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlGallery) gallery = NULL;
  g_autoptr(SlEnrolSummary) summary = NULL;
  g_autoptr(SlCase) c = NULL;
  g_autofree char *root = g_build_filename (gui_test_fresh_dir (), "gallery", NULL);
  g_autofree char *mated_photo = NULL;
  g_autofree char *stranger_photo = NULL;
  SlEnrolOptions options = { .dir = root };

  gui_test_seed_users (engine);
  admin = gui_test_engine_sign_in (engine, GUI_TEST_ADMIN);
  ivy = gui_test_engine_sign_in (engine, GUI_TEST_INVESTIGATOR);

  ck_assert_int_eq (g_mkdir_with_parents (root, 0700), 0);
  for (guint i = 0; i < 8; i++)
    {
      const char *name = g_ptr_array_index (people, i);
      g_autofree char *dst = g_build_filename (root, name, NULL);

      ck_assert_int_eq (g_mkdir_with_parents (dst, 0700), 0);
      for (guint j = 0; j < 2; j++)
        {
          g_autofree char *from = lfw_image (name, j);
          g_autofree char *base = g_path_get_basename (from);
          g_autofree char *to = g_build_filename (dst, base, NULL);

          ck_assert_int_eq (symlink (from, to), 0);
        }
    }
  gallery = sl_engine_gallery_create (engine, admin, "county", "Booking photos", NULL, &error);
  ck_assert_msg (gallery != NULL, "%s", error ? error->message : "");
  summary = sl_engine_gallery_enrol (engine, admin, "county", &options, NULL, &error);
  ck_assert_msg (summary != NULL, "enrol: %s", error ? error->message : "");
  ck_assert_uint_ge (summary->counts[SL_ENROL_ENROLLED], 12);

  c = sl_engine_case_open (engine, ivy, CASE_NUMBER, "Shop robbery, High Street", &error);
  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  seed.mated = g_strdup (g_ptr_array_index (people, 0));
  mated_photo = lfw_image (seed.mated, 2);
  seed.face_id = probe_face (engine, ivy, mated_photo);
  stranger_photo = lfw_image (g_ptr_array_index (people, 8), 0);
  seed.stranger_id = probe_face (engine, ivy, stranger_photo);
}

/* Ivy's search and her first decision on its rank 1, through the engine. */
static void
ivy_searches_and_decides (void)
{
  g_autofree char *db = g_build_filename (gui_test_fresh_dir (), "sightline.db", NULL);
  g_autoptr(SlEngine) engine = sl_engine_new (db);
  g_autoptr(SlSession) ivy = NULL;
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
  ivy = gui_test_engine_sign_in (engine, GUI_TEST_INVESTIGATOR);
  result = sl_engine_search (engine, ivy, &request, NULL, &error);
  ck_assert_msg (result != NULL, "%s", error ? error->message : "");
  ck_assert_uint_ge (result->candidates->len, 1);
  first = g_ptr_array_index (result->candidates, 0);
  ck_assert_str_eq (first->external_id, seed.mated);
  seed.candidate_id = first->candidate_id;
  ck_assert_msg (sl_engine_decide (engine, ivy, seed.candidate_id, "possible-lead", IVY_RATIONALE, &decided,
                                   &error), "%s", error ? error->message : "");
  ck_assert_int_eq (decided.status, SL_REVIEW_AWAITING_SECOND);
}

static SlWindow *
start_as (SlApplication **app,
          const char     *username)
{
  SlWindow *window;

  seed_database ();
  ivy_searches_and_decides ();
  *app = gui_test_start_app ();
  window = gui_test_show_window (*app);
  gui_test_sign_in (window, username);
  return window;
}

static SlReviewView *
show_review (SlWindow *window)
{
  AdwViewStack *stack = ADW_VIEW_STACK (gui_test_find_by_id (GTK_WIDGET (window), "view_stack"));
  GtkWidget *view;

  ck_assert_ptr_nonnull (adw_view_stack_get_child_by_name (stack, "review"));
  adw_view_stack_set_visible_child_name (stack, "review");
  view = gui_test_find_widget (GTK_WIDGET (window), SL_TYPE_REVIEW_VIEW);
  ck_assert_ptr_nonnull (view);
  gui_test_wait_until_drawn (view);
  return SL_REVIEW_VIEW (view);
}

static GListModel *
list_model (GtkWidget  *view,
            const char *id)
{
  GtkColumnView *columns = GTK_COLUMN_VIEW (gui_test_find_by_id (view, id));

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
  SlWindow *window = start_as (&app, GUI_TEST_SUPERVISOR);
  SlAppContext *context = sl_window_get_context (window);
  SlReviewView *view = show_review (window);
  GtkWidget *bar;
  GListModel *queue, *confirmed_list;
  SlCandidate *lead;

  /* Ivy's candidate waits for Sam, shown for comparison only. */
  queue = list_model (GTK_WIDGET (view), "queue_view");
  ck_assert_uint_eq (g_list_model_get_n_items (queue), 1);
  waiting = g_list_model_get_item (queue, 0);
  ck_assert_int_eq (sl_candidate_item_get_id (waiting), seed.candidate_id);
  ck_assert_ptr_eq (gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (queue)), waiting);
  ck_assert_ptr_null (sl_candidate_item_dup_decisions_text (waiting));
  ck_assert (gtk_widget_get_mapped (gui_test_find_by_id (GTK_WIDGET (view), "queue_view")));
  bar = gui_test_find_widget (GTK_WIDGET (view), g_type_from_name ("SlDecisionBar"));
  ck_assert (gtk_widget_get_mapped (bar));
  gui_test_wait_for (sl_candidate_item_get_thumbnail (waiting, NULL) != NULL);

  /* Blind: nothing anywhere in the window gives Ivy's decision away. */
  ck_assert_msg (!holds_text (GTK_WIDGET (window), "Zanzibar"), "the first decision's rationale is shown");
  ck_assert (!holds_text (GTK_WIDGET (window), "First: "));
  ck_assert (!gtk_widget_get_visible (gui_test_find_by_id (GTK_WIDGET (view), "decisions_label")));
  gui_test_save_screenshot (GTK_WIDGET (window), "review.png");

  /* Sam's own decision makes it a confirmed lead. */
  gtk_editable_set_text (GTK_EDITABLE (gui_test_find_by_id (bar, "rationale_entry")), SAM_RATIONALE);
  ck_assert (gtk_widget_activate_action (bar, "decision.decide", "s", "possible-lead"));
  gui_test_wait_for (g_list_model_get_n_items (queue) == 0);

  confirmed_list = list_model (GTK_WIDGET (view), "leads_view");
  ck_assert_uint_eq (g_list_model_get_n_items (confirmed_list), 1);
  confirmed = g_list_model_get_item (confirmed_list, 0);
  ck_assert_int_eq (sl_candidate_item_get_id (confirmed), seed.candidate_id);
  ck_assert_int_eq (sl_candidate_item_get_status (confirmed), SL_REVIEW_CONFIRMED_LEAD);
  gtk_stack_set_visible_child_name (GTK_STACK (gui_test_find_by_id (GTK_WIDGET (view), "list_stack")), "leads");
  gui_test_wait_for (gtk_widget_get_mapped (gui_test_find_by_id (GTK_WIDGET (view), "decisions_label")));
  /* Once both decided, both are shown. */
  ck_assert (holds_text (GTK_WIDGET (view), "Zanzibar"));
  gui_test_wait_for (sl_candidate_item_get_thumbnail (confirmed, NULL) != NULL);
  gui_test_save_screenshot (GTK_WIDGET (window), "leads.png");

  /* The engine agrees: a confirmed lead of the case, by Ivy then Sam. */
  leads = sl_engine_review_leads (sl_app_context_get_engine (context), sl_app_context_get_session (context),
                                  CASE_NUMBER, &error);
  ck_assert_msg (leads != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (leads->len, 1);
  lead = g_ptr_array_index (leads, 0);
  ck_assert_int_eq (lead->id, seed.candidate_id);
  ck_assert_str_eq (lead->first->reviewer, GUI_TEST_INVESTIGATOR);
  ck_assert_str_eq (lead->second->reviewer, GUI_TEST_SUPERVISOR);
  ck_assert_str_eq (lead->second->rationale, SAM_RATIONALE);
  ck_assert_int_eq (lead->status, SL_REVIEW_CONFIRMED_LEAD);
}
END_TEST

START_TEST (test_investigator_has_no_second_review)
{
  g_autoptr(SlApplication) app = NULL;
  SlWindow *window = start_as (&app, GUI_TEST_INVESTIGATOR2);
  SlReviewView *view = show_review (window);
  GtkWidget *label = gui_test_find_by_id (GTK_WIDGET (view), "queue_empty_label");

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
  return gui_test_run (gui_review_suite ());
}
