/* test-gui-audit.c: the supervisor's audit review on a real X display
 * (Xvfb): real searches run by two investigators on real LFW photos with
 * the real models, then a supervisor finds one of them by its filters,
 * the row count is right and its detail opens; an investigator cannot
 * reach the review (no page, and the engine refuses and audits); Verify
 * Now shows the chain intact and its head. With SIGHTLINE_AUDIT_BENCH_DB
 * (a log made by `sightline-cli bench audit --query --dir DIR`) it also
 * times opening and filtering that log in the view.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-gui-audit"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <check.h>

#include "app/sl-app-context.h"
#include "app/sl-audit-model.h"
#include "app/sl-audit-row.h"
#include "app/sl-audit-view.h"
#include "app/sl-search-detail.h"
#include "bench/sl-audit-query-bench.h"
#include "engine/sightline-engine.h"
#include "sl-test-gui.h"
#include "sl-test-lfw.h"
#include "sl-test-store.h"

#define CASE_IVY "2026-0042"
#define CASE_IAN "2026-0043"

/* helpers */

typedef struct
{
  gint64 ivy_search;
  gint64 ian_search;
} Seeded;

/* The case opened, the photo imported and analysed: its largest face. */
static gint64
probe_face (SlEngine   *engine,
            SlSession  *who,
            const char *case_number,
            const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCase) c = sl_engine_case_open (engine, who, case_number, "Robbery at the corner shop", &error);

  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  return sl_test_probe_face (engine, who, case_number, path);
}

static SlSearchResult *
search (SlEngine   *engine,
        SlSession  *who,
        const char *case_number,
        gint64      face)
{
  g_autoptr(GError) error = NULL;
  SlSearchRequest req = { 0 };
  SlSearchResult *result;

  req.case_number = case_number;
  req.face_id = face;
  req.gallery = "county";
  req.offense = "ROBBERY";
  req.legal_basis = "Warrant 2026/117 of the district court";
  req.purpose = "suspect";
  req.facts = "The person on the shop camera took the till at 21:40 and left on foot.";
  req.top_k = 5;
  req.show_below_threshold = TRUE;
  result = sl_engine_search (engine, who, &req, NULL, &error);
  ck_assert_msg (result != NULL, "%s", error ? error->message : "");
  return result;
}

/* Two real searches, by ivy and by ian, each of a photo of someone
 * enrolled; ian calls the first candidate of ivy's search a possible lead
 * (who runs a search decides on none of its candidates) and sam, in the
 * second review, excludes it: a disagreement. */
static void
seed (SlEngine *engine,
      Seeded   *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSession) admin = sl_test_engine_sign_in (engine, SL_TEST_GUI_ADMIN);
  g_autoptr(SlSession) ivy = sl_test_engine_sign_in (engine, SL_TEST_GUI_INVESTIGATOR);
  g_autoptr(SlSession) ian = sl_test_engine_sign_in (engine, SL_TEST_GUI_INVESTIGATOR2);
  g_autoptr(SlSession) sam = sl_test_engine_sign_in (engine, SL_TEST_GUI_SUPERVISOR);
  g_autoptr(GPtrArray) people = sl_test_lfw_identities (2, 6);
  g_autofree char *probe_ivy = NULL;
  g_autofree char *probe_ian = NULL;
  g_autoptr(SlEnrolSummary) summary = NULL;
  g_autoptr(SlSearchResult) a = NULL;
  g_autoptr(SlSearchResult) b = NULL;
  SlDecideResult decided;
  gint64 first;

  /* The gallery: a folder per person, a link to their first photo. */
  summary = sl_test_seed_gallery (engine, admin, "county", NULL, people, 1);

  probe_ivy = sl_test_lfw_image (g_ptr_array_index (people, 2), 1);
  probe_ian = sl_test_lfw_image (g_ptr_array_index (people, 4), 1);
  a = search (engine, ivy, CASE_IVY, probe_face (engine, ivy, CASE_IVY, probe_ivy));
  b = search (engine, ian, CASE_IAN, probe_face (engine, ian, CASE_IAN, probe_ian));

  ck_assert_uint_gt (a->candidates->len, 0);
  first = ((SlSearchCandidate *) g_ptr_array_index (a->candidates, 0))->candidate_id;
  ck_assert_msg (sl_engine_case_member_add (engine, ivy, CASE_IVY, SL_TEST_GUI_INVESTIGATOR2, &error), "%s",
                 error ? error->message : "");
  ck_assert_msg (sl_engine_decide (engine, ian, first, "possible-lead",
                                   "Same scar above the left eye and the same hairline.", &decided, &error),
                 "%s", error ? error->message : "");
  ck_assert_msg (sl_engine_decide (engine, sam, first, "excluded",
                                   "The ears differ clearly in shape and the nose is wider.", &decided, &error),
                 "%s", error ? error->message : "");
  /* ian tries to read the log: refused, and counted. */
  ck_assert_ptr_null (sl_engine_audit_query (engine, ian, NULL, NULL, NULL));
  out->ivy_search = a->search_id;
  out->ian_search = b->search_id;
}

static SlWindow *
start_signed_in (const char     *username,
                 SlApplication **app)
{
  SlWindow *window;

  *app = sl_test_start_app ();
  window = sl_test_show_window (*app);
  sl_test_sign_in (window, username);
  return window;
}

static gboolean
has_view (SlWindow   *window,
          const char *name)
{
  AdwViewStack *stack = ADW_VIEW_STACK (sl_test_find_by_id (GTK_WIDGET (window), "view_stack"));

  return adw_view_stack_get_child_by_name (stack, name) != NULL;
}

static SlAuditView *
show_audit (SlWindow *window)
{
  AdwViewStack *stack = ADW_VIEW_STACK (sl_test_find_by_id (GTK_WIDGET (window), "view_stack"));
  GtkWidget *view;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "audit");
  sl_test_wait_for (g_strcmp0 (adw_view_stack_get_visible_child_name (stack), "audit") == 0);
  view = adw_view_stack_get_child_by_name (stack, "audit");
  ck_assert (SL_IS_AUDIT_VIEW (view));
  return SL_AUDIT_VIEW (view);
}

static SlAuditModel *
model_of (SlAuditView *view)
{
  GtkColumnView *column_view = GTK_COLUMN_VIEW (sl_test_find_by_id (GTK_WIDGET (view), "column_view"));
  GtkSelectionModel *selection = gtk_column_view_get_model (column_view);

  return SL_AUDIT_MODEL (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection)));
}

/* The model answered its query and has its first page. */
static gboolean
settled (SlAuditModel *model)
{
  return !sl_audit_model_get_loading (model) && sl_audit_model_get_ready_seconds (model) > 0;
}

static void
set_text (GtkWidget  *root,
          const char *id,
          const char *text)
{
  GtkWidget *entry = sl_test_find_by_id (root, id);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  if (GTK_IS_ENTRY (entry))
    g_signal_emit_by_name (entry, "activate");
}

static guint
choice_index (GtkDropDown *dropdown,
              const char  *text)
{
  GListModel *list = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (list), i), text) == 0)
      return i;
  ck_abort_msg ("no choice '%s'", text);
  return 0;
}

static gint64
sql_count (SlEngine   *engine,
           const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE %s", where);

  return sl_test_sql_int (sl_engine_get_db_path (engine), sql);
}

/* tests */

START_TEST (test_supervisor_finds_search)
{
  g_autoptr(SlEngine) engine = sl_test_create_db ();
  g_autoptr(SlApplication) app = NULL;
  g_autofree char *where = NULL;
  g_autofree char *count_text = NULL;
  SlAuditView *view;
  SlAuditModel *model;
  SlWindow *window;
  GtkWindow *detail;
  Seeded seeded;
  gint64 expected;

  sl_test_seed_users (engine);
  seed (engine, &seeded);

  window = start_signed_in (SL_TEST_GUI_SUPERVISOR, &app);
  ck_assert (has_view (window, "audit"));
  view = show_audit (window);
  model = model_of (view);
  sl_test_wait_for (settled (model));
  ck_assert_int_eq (g_list_model_get_n_items (G_LIST_MODEL (model)), sql_count (engine, "1"));
  sl_test_wait_until_drawn (GTK_WIDGET (view));

  /* Ctrl+F's action puts the cursor in the search. */
  gtk_widget_activate_action (GTK_WIDGET (view), "audit.focus-search", NULL);
  sl_test_spin (50);
  ck_assert (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                     sl_test_find_by_id (GTK_WIDGET (view), "search_entry")));

  /* ivy's searches that mention her case: one. */
  set_text (GTK_WIDGET (view), "user_entry", SL_TEST_GUI_INVESTIGATOR);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sl_test_find_by_id (GTK_WIDGET (view), "action_dropdown")),
                              choice_index (GTK_DROP_DOWN (sl_test_find_by_id (GTK_WIDGET (view), "action_dropdown")),
                                            "search"));
  set_text (GTK_WIDGET (view), "search_entry", CASE_IVY);
  where = g_strdup_printf ("actor = 'ivy' AND action = 'search' AND (case_number LIKE '%%%s%%' OR details LIKE "
                           "'%%%s%%')", CASE_IVY, CASE_IVY);
  expected = sql_count (engine, where);
  ck_assert_int_eq (expected, 1);
  sl_test_wait_for (!sl_audit_model_get_loading (model) &&
                     g_list_model_get_n_items (G_LIST_MODEL (model)) == expected &&
                     sl_audit_filter_equal (sl_audit_model_get_filter (model),
                                            &(SlAuditFilter) { .actor = SL_TEST_GUI_INVESTIGATOR,
                                                               .action = "search", .text = CASE_IVY }));
  sl_test_spin (300);
  count_text = g_strdup (gtk_label_get_text (GTK_LABEL (sl_test_find_by_id (GTK_WIDGET (view), "count_label"))));
  ck_assert_msg (g_str_has_prefix (count_text, "1 row of "), "%s", count_text);
  sl_test_save_screenshot (GTK_WIDGET (window), "audit.png");
  /* The rows speak words, not stored codes (issue 15, item 9): the time in
   * the desk's form, never ISO with microseconds; the outcome as a word. */
  {
    g_autoptr(GString) labels = g_string_new (NULL);

    sl_test_collect_labels (sl_test_find_by_id (GTK_WIDGET (view), "column_view"), labels);
    ck_assert_msg (strstr (labels->str, "\nDone\n") != NULL, "%s", labels->str);
    ck_assert_msg (strstr (labels->str, "success") == NULL, "%s", labels->str);
    ck_assert_msg (!g_regex_match_simple ("[0-9]{4}-[0-9]{2}-[0-9]{2}", labels->str, 0, 0), "%s", labels->str);
  }

  /* The row is the search; activating it opens its detail. */
  g_signal_emit_by_name (sl_test_find_by_id (GTK_WIDGET (view), "column_view"), "activate", 0);
  sl_test_wait_for ((detail = sl_test_find_toplevel (SL_TYPE_SEARCH_DETAIL)) != NULL);
  sl_test_wait_until_drawn (GTK_WIDGET (detail));
  {
    g_autofree char *title = g_strdup_printf ("Search %" G_GINT64_FORMAT, seeded.ivy_search);
    ck_assert_str_eq (gtk_window_get_title (detail), title);
  }
  ck_assert_ptr_nonnull (sl_test_find_widget (GTK_WIDGET (detail), ADW_TYPE_EXPANDER_ROW));
  sl_test_spin (300);
  sl_test_save_screenshot (GTK_WIDGET (detail), "search-detail.png");
  {
    g_autoptr(GString) labels = g_string_new (NULL);

    sl_test_collect_labels (GTK_WIDGET (detail), labels);
    ck_assert_msg (strstr (labels->str, "\nSuspect\n") != NULL, "%s", labels->str);
  }
  gtk_window_destroy (detail);

  /* Any other row's detail is a boxed list of its facts, like the search's
   * (issue 15, item 11), in words. */
  set_text (GTK_WIDGET (view), "user_entry", "");
  set_text (GTK_WIDGET (view), "search_entry", "");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sl_test_find_by_id (GTK_WIDGET (view), "action_dropdown")),
                              choice_index (GTK_DROP_DOWN (sl_test_find_by_id (GTK_WIDGET (view), "action_dropdown")),
                                            "user"));
  sl_test_wait_for (!sl_audit_model_get_loading (model) &&
                    g_list_model_get_n_items (G_LIST_MODEL (model)) == sql_count (engine, "action LIKE 'user.%'"));
  sl_test_spin (300);
  g_signal_emit_by_name (sl_test_find_by_id (GTK_WIDGET (view), "column_view"), "activate", 0);
  sl_test_wait_for ((detail = sl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  sl_test_wait_until_drawn (GTK_WIDGET (detail));
  {
    g_autoptr(GString) labels = g_string_new (NULL);

    ck_assert_ptr_nonnull (sl_test_find_widget (GTK_WIDGET (detail), ADW_TYPE_PREFERENCES_GROUP));
    sl_test_collect_labels (GTK_WIDGET (detail), labels);
    ck_assert_msg (strstr (labels->str, "\nPrevious hash\n") != NULL, "%s", labels->str);
    ck_assert_msg (strstr (labels->str, "\nDone\n") != NULL, "%s", labels->str);
    ck_assert_msg (strstr (labels->str, "Outcome: ") == NULL, "%s", labels->str);
  }
  sl_test_spin (200);
  sl_test_save_screenshot (GTK_WIDGET (detail), "audit-row-detail.png");
  gtk_window_destroy (detail);

  /* The overview counts the disagreement and the refusal. */
  {
    g_autoptr(SlSession) sam = sl_test_engine_sign_in (engine, SL_TEST_GUI_SUPERVISOR);
    g_autoptr(SlAuditStats) stats = sl_engine_audit_stats (engine, sam, NULL, NULL, NULL);

    ck_assert_int_eq (stats->n_searches, 2);
    ck_assert_int_eq (stats->n_disagreements, 1);
    ck_assert_int_eq (stats->n_refused, 1);
  }
  gtk_stack_set_visible_child_name (GTK_STACK (sl_test_find_by_id (GTK_WIDGET (view), "pages")), "overview");
  sl_test_wait_for (strlen (gtk_label_get_text (GTK_LABEL (sl_test_find_by_id (GTK_WIDGET (view),
                                                                                   "updated_label")))) > 0);
  sl_test_spin (200);
  sl_test_save_screenshot (GTK_WIDGET (window), "audit-overview.png");
}
END_TEST

START_TEST (test_investigator_cannot_review)
{
  g_autoptr(SlEngine) engine = sl_test_create_db ();
  g_autoptr(SlApplication) app = NULL;
  g_autoptr(SlSession) ivy = NULL;
  g_autoptr(GError) error = NULL;
  AdwViewStack *stack;
  SlWindow *window;
  gint64 before;

  sl_test_seed_users (engine);
  window = start_signed_in (SL_TEST_GUI_INVESTIGATOR, &app);
  stack = ADW_VIEW_STACK (sl_test_find_by_id (GTK_WIDGET (window), "view_stack"));
  ck_assert (!has_view (window, "audit"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "audit");
  sl_test_spin (200);
  ck_assert_str_ne (adw_view_stack_get_visible_child_name (stack), "audit");
  ck_assert_ptr_null (sl_test_find_widget (GTK_WIDGET (window), SL_TYPE_AUDIT_VIEW));

  /* Behind the page, the engine refuses too, and says so in the log. */
  before = sql_count (engine, "actor = 'ivy' AND action = 'audit.query' AND outcome = 'refused'");
  ivy = sl_test_engine_sign_in (engine, SL_TEST_GUI_INVESTIGATOR);
  ck_assert_ptr_null (sl_engine_audit_query (engine, ivy, NULL, NULL, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED));
  ck_assert_int_eq (sql_count (engine, "actor = 'ivy' AND action = 'audit.query' AND outcome = 'refused'"),
                    before + 1);
  sl_test_save_screenshot (GTK_WIDGET (window), "audit-investigator.png");
}
END_TEST

START_TEST (test_verify_now)
{
  g_autoptr(SlEngine) engine = sl_test_create_db ();
  g_autoptr(SlApplication) app = NULL;
  g_autoptr(SlSession) sam = NULL;
  GtkLabel *chain, *head;
  SlAuditView *view;
  SlWindow *window;
  gint64 head_seq, rows;
  g_autofree char *head_hash = NULL;
  g_autofree char *expected = NULL;

  sl_test_seed_users (engine);
  window = start_signed_in (SL_TEST_GUI_SUPERVISOR, &app);
  view = show_audit (window);
  sl_test_wait_for (settled (model_of (view)));
  chain = GTK_LABEL (sl_test_find_by_id (GTK_WIDGET (view), "chain_label"));
  head = GTK_LABEL (sl_test_find_by_id (GTK_WIDGET (view), "head_label"));
  ck_assert_str_eq (gtk_label_get_text (chain), "Chain not yet verified");
  ck_assert (g_str_has_prefix (gtk_label_get_text (head), "Head: row "));

  rows = sql_count (engine, "1");
  gtk_widget_activate_action (GTK_WIDGET (view), "audit.verify", NULL);
  sl_test_wait_for (g_str_has_prefix (gtk_label_get_text (chain), "Chain intact"));
  sam = sl_test_engine_sign_in (engine, SL_TEST_GUI_SUPERVISOR);
  ck_assert (sl_engine_audit_head (engine, sam, &head_seq, &head_hash, NULL));
  /* The head shown is the one verified: the rows before the check's own. */
  expected = g_strdup_printf ("Chain intact up to row %lld", (long long) rows);
  ck_assert_str_eq (gtk_label_get_text (chain), expected);
  /* The head shown is a real row with that hash: the one verified, or
   * the newer one (the check's own row) once the log is read again. */
  sl_test_wait_for (!sl_audit_model_get_loading (model_of (view)));
  {
    long long shown = 0;
    g_autofree char *where = NULL;

    ck_assert_int_eq (sscanf (gtk_label_get_text (head), "Head: row %lld", &shown), 1);
    ck_assert_int_ge (shown, rows);
    ck_assert_int_le (shown, head_seq);
    where = g_strdup_printf ("seq = %lld AND hash = '%s'", shown, gtk_widget_get_tooltip_text (GTK_WIDGET (head)));
    ck_assert_int_eq (sql_count (engine, where), 1);
  }
  ck_assert_int_gt (head_seq, rows);
  ck_assert_int_eq (sql_count (engine, "action = 'audit.verify' AND actor = 'sam' AND outcome = 'success'"), 1);
  sl_test_spin (200);
  sl_test_save_screenshot (GTK_WIDGET (window), "audit-verified.png");
}
END_TEST

/* Accountability Report…: the supervisor writes the PDF of the period
 * (the last year when no From/To filter is set), audited. */
START_TEST (test_accountability_report)
{
  g_autoptr(SlEngine) engine = sl_test_create_db ();
  g_autoptr(SlApplication) app = NULL;
  g_autofree char *pdf = g_build_filename (sl_test_fresh_dir (), "accountability.pdf", NULL);
  SlAuditView *view;
  SlWindow *window;

  sl_test_seed_users (engine);
  window = start_signed_in (SL_TEST_GUI_SUPERVISOR, &app);
  view = show_audit (window);
  sl_test_wait_for (settled (model_of (view)));
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (view), "audit.accountability-report-to", "s", pdf));
  sl_test_wait_for (sql_count (engine, "action = 'report.accountability' AND actor = 'sam'") == 1);
  ck_assert_int_eq (sql_count (engine, "action = 'report.accountability' AND outcome = 'success'"), 1);
  ck_assert (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
}
END_TEST

/* Not a check: a timing on a big log, printed, when one is given. */
START_TEST (test_timing_big_log)
{
  const char *db = g_getenv ("SIGHTLINE_AUDIT_BENCH_DB");
  g_autoptr(SlApplication) app = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autoptr(SlSession) sup = NULL;
  g_autoptr(SlAppContext) context = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window, *view;
  SlAuditModel *model;
  gint64 t0;
  double open_s, filter_s, text_s, verify_s, jump_s;
  gboolean jump_loaded;

  if (db == NULL)
    return;
  /* The application's startup initialises GTK and registers the resources. */
  app = sl_test_start_app ();
  engine = sl_engine_new (db);
  ck_assert_msg (sl_engine_open (engine, &error), "%s", error ? error->message : "");
  sup = sl_engine_sign_in (engine, "bench-sup", SL_AUDIT_QUERY_BENCH_PASSWORD, &error);
  ck_assert_msg (sup != NULL, "%s", error ? error->message : "");
  context = sl_app_context_new (engine);
  sl_app_context_set_session (context, sup);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  t0 = g_get_monotonic_time ();
  view = sl_audit_view_new (context);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  model = model_of (SL_AUDIT_VIEW (view));
  sl_test_wait_for (settled (model));
  sl_test_wait_until_drawn (view);
  open_s = (g_get_monotonic_time () - t0) / 1e6;

  /* A jump to the middle of the million: the rows there are fetched. */
  {
    GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (
      sl_test_find_by_id (view, "column_view"), GTK_TYPE_SCROLLED_WINDOW));
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (scrolled);
    guint middle = g_list_model_get_n_items (G_LIST_MODEL (model)) / 2;
    g_autoptr(SlAuditRow) row = NULL;

    t0 = g_get_monotonic_time ();
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) / 2);
    sl_test_spin (20);
    sl_test_wait_for (!sl_audit_model_get_fetching (model));
    jump_s = (g_get_monotonic_time () - t0) / 1e6;
    row = g_list_model_get_item (G_LIST_MODEL (model), middle);
    jump_loaded = sl_audit_row_get_record (row) != NULL;
    sl_test_save_screenshot (window, "audit-1m-middle.png");
  }

  set_text (view, "user_entry", "inv07");
  sl_test_wait_for (!sl_audit_model_get_loading (model) &&
                     g_strcmp0 (sl_audit_model_get_filter (model)->actor, "inv07") == 0 &&
                     sl_audit_model_get_ready_seconds (model) > 0 &&
                     g_list_model_get_n_items (G_LIST_MODEL (model)) < 100000);
  filter_s = sl_audit_model_get_ready_seconds (model);

  set_text (view, "user_entry", "");
  set_text (view, "search_entry", "w-2026-0123");
  sl_test_wait_for (!sl_audit_model_get_loading (model) &&
                     g_strcmp0 (sl_audit_model_get_filter (model)->text, "w-2026-0123") == 0 &&
                     sl_audit_model_get_ready_seconds (model) > 0 &&
                     g_list_model_get_n_items (G_LIST_MODEL (model)) < 1000);
  text_s = sl_audit_model_get_ready_seconds (model);
  sl_test_save_screenshot (window, "audit-1m.png");

  /* Verify Now on the whole log: the view stays live, with progress. */
  {
    GtkWidget *progress = sl_test_find_by_id (view, "verify_progress");
    GtkLabel *chain = GTK_LABEL (sl_test_find_by_id (view, "chain_label"));

    t0 = g_get_monotonic_time ();
    gtk_widget_activate_action (view, "audit.verify", NULL);
    sl_test_wait_for (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (progress)) > 0.2);
    ck_assert (gtk_widget_get_visible (progress));
    sl_test_save_screenshot (window, "audit-1m-verifying.png");
    sl_test_wait_for (g_str_has_prefix (gtk_label_get_text (chain), "Chain intact"));
    verify_s = (g_get_monotonic_time () - t0) / 1e6;
    ck_assert (!gtk_widget_get_visible (progress));
  }

  printf ("# audit view: %u rows; open %.3f s (window shown to first page drawn), user filter %.3f s, "
          "text filter %.3f s (%u rows), each to its first page of rows; verify now %.3f s; "
          "jump to the middle %.3f s (%s)\n",
          (guint) sl_audit_model_get_head_seq (model), open_s, filter_s, text_s,
          g_list_model_get_n_items (G_LIST_MODEL (model)), verify_s, jump_s,
          jump_loaded ? "middle row loaded" : "middle row not on screen");
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

static Suite *
gui_audit_suite (void)
{
  Suite *s = suite_create ("gui-audit");
  TCase *tc = tcase_create ("audit");
  TCase *timing = tcase_create ("timing");

  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_supervisor_finds_search);
  tcase_add_test (tc, test_investigator_cannot_review);
  tcase_add_test (tc, test_verify_now);
  tcase_add_test (tc, test_accountability_report);
  suite_add_tcase (s, tc);
  tcase_set_timeout (timing, 600);
  tcase_add_test (timing, test_timing_big_log);
  suite_add_tcase (s, timing);
  return s;
}

int
main (void)
{
  return sl_test_gui_run (gui_audit_suite ());
}
