/* test-gui-cases.c: the Cases view on a real X display (Xvfb), with a real
 * database, real models, real photos and real footage written here from
 * real photos: creating a case through its dialog, importing stills the way
 * the file chooser and a drop do (with a name that is not UTF-8, a
 * duplicate and a corrupt file), thumbnails, analysis with its face count,
 * footage analysis with its progress bar, cancelled (nothing stored) and
 * then run to the end while a probe measures how long the main loop is
 * ever kept from running. Damaged evidence is kept and said loudly.
 * Screenshots: cases.png, case-page.png, analysis-progress.png,
 * case-damaged.png, viewer-damaged.png, viewer-damaged-360.png,
 * analysis-failed.png.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-gui-cases"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <glib/gstdio.h>

#include "app/sl-case-page.h"
#include "app/sl-evidence-item.h"
#include "app/sl-evidence-row.h"
#include "app/sl-evidence-viewer.h"
#include "engine/sightline-engine.h"
#include "sl-test-gui.h"
#include "sl-test-store.h"
#include "vision/sl-image.h"
#include "vision/sl-video.h"

#define wait_for sl_test_wait_for

#define CASE_NUMBER "2026-CR-0042"
/* Work done on the main loop (a decode, an analysis step, a query over
 * the case) holds it for seconds on this footage; a loaded machine's
 * scheduling alone gave gaps of 255-503 ms while six builds ran. The bound
 * tells the two apart; it is no speed target (the design's is 100 ms, and
 * the test prints the worst gap it saw). */
#define MAX_GAP_MS 1000

/* What the context said to the person at the desk. */
static GPtrArray *toasts;
static GPtrArray *alerts;

/* The main-loop latency probe: a 10 ms timer, and the longest time between
 * two of its ticks. */
static gint64 probe_last_us;
static gint64 probe_worst_us;
static const char *probe_phase = "";

/* helpers */

static gboolean
probe_tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (probe_last_us > 0 && now - probe_last_us > 100 * 1000)
    fprintf (stderr, "# main-loop gap of %" G_GINT64_FORMAT " ms, %s\n", (now - probe_last_us) / 1000,
             probe_phase);
  if (probe_last_us > 0 && now - probe_last_us > probe_worst_us)
    probe_worst_us = now - probe_last_us;
  probe_last_us = now;
  return G_SOURCE_CONTINUE;
}

static guint
probe_start (void)
{
  probe_last_us = 0;
  probe_worst_us = 0;
  return g_timeout_add_full (G_PRIORITY_DEFAULT, 10, probe_tick, NULL, NULL);
}

static void
on_toast (SlAppContext *context,
          const char   *message)
{
  g_ptr_array_add (toasts, g_strdup (message));
}

/* A failure dialog's heading and body, as the window was told them. */
static void
on_alert (SlAppContext *context,
          const char   *heading,
          const char   *body)
{
  g_ptr_array_add (alerts, g_strdup_printf ("%s: %s", heading, body));
}

/* Whether a failure dialog said a and b; closes the dialog once it has. */
static gboolean
alert_contains (const char *a,
                const char *b)
{
  for (guint i = 0; i < alerts->len; i++)
    {
      const char *t = g_ptr_array_index (alerts, i);

      if (strstr (t, a) != NULL && (b == NULL || strstr (t, b) != NULL))
        {
          GtkWindow *dialog = sl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

          if (dialog != NULL)
            gtk_window_destroy (dialog);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
toast_contains (const char *a,
                const char *b)
{
  for (guint i = 0; i < toasts->len; i++)
    {
      const char *t = g_ptr_array_index (toasts, i);

      if (strstr (t, a) != NULL && (b == NULL || strstr (t, b) != NULL))
        return TRUE;
    }
  return FALSE;
}

/* The app on a database with the test accounts, ivy signed in, the Cases
 * view showing. */
static SlWindow *
start_signed_in (SlApplication **app)
{
  g_autoptr(SlEngine) engine = sl_test_create_db ();
  g_autofree char *data_home = g_build_filename (sl_test_fresh_dir (), "xdg-data", NULL);
  SlWindow *window;

  /* GTK's file chooser notes chosen files in the recent files: this test's
   * own, never the user's. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  sl_test_seed_users (engine);
  *app = sl_test_start_app ();
  window = sl_test_show_window (*app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  sl_test_sign_in (window, SL_TEST_GUI_INVESTIGATOR);
  toasts = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (sl_window_get_context (window), "toast", G_CALLBACK (on_toast), NULL);
  alerts = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (sl_window_get_context (window), "alert", G_CALLBACK (on_alert), NULL);
  ck_assert (sl_window_show_view (window, "cases"));
  sl_test_wait_until_drawn (GTK_WIDGET (window));
  return window;
}

static GtkWidget *
cases_view (SlWindow *window)
{
  GtkWidget *view = sl_test_find_widget (GTK_WIDGET (window), g_type_from_name ("SlCasesView"));

  ck_assert_ptr_nonnull (view);
  return view;
}

static SlCasePage *
case_page (SlWindow *window)
{
  GtkWidget *page = sl_test_find_widget (GTK_WIDGET (window), SL_TYPE_CASE_PAGE);

  ck_assert_ptr_nonnull (page);
  return SL_CASE_PAGE (page);
}

/* Through the New Case dialog, as a person does. */
static void
create_case (SlWindow   *window,
             const char *number,
             const char *title)
{
  GtkWindow *dialog;

  ck_assert (gtk_widget_activate_action (cases_view (window), "cases.new", NULL));
  wait_for ((dialog = sl_test_find_toplevel (g_type_from_name ("SlCaseNewDialog"))) != NULL &&
            gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find_by_id (GTK_WIDGET (dialog), "number_row")), number);
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find_by_id (GTK_WIDGET (dialog), "title_row")), title);
  gtk_widget_activate (sl_test_find_by_id (GTK_WIDGET (dialog), "create_button"));
  wait_for (sl_test_find_toplevel (g_type_from_name ("SlCaseNewDialog")) == NULL);
  wait_for (g_strcmp0 (sl_case_page_get_case (case_page (window)), number) == 0);
}

static void
import_paths (SlCasePage         *page,
              const char * const *paths)
{
  ck_assert (gtk_widget_activate_action_variant (GTK_WIDGET (page), "case.import-paths",
                                                 g_variant_new_bytestring_array (paths, -1)));
}

static guint
n_evidence (SlCasePage *page)
{
  return g_list_model_get_n_items (sl_case_page_get_evidence (page));
}

static SlEvidenceItem *
evidence_at (SlCasePage *page,
             guint       i)
{
  g_autoptr(SlEvidenceItem) item = g_list_model_get_item (sl_case_page_get_evidence (page), i);

  return item;   /* the model keeps it */
}

static gboolean
import_idle (SlWindow *window)
{
  GtkRevealer *revealer = GTK_REVEALER (sl_test_find_by_id (GTK_WIDGET (case_page (window)), "import_revealer"));

  return !gtk_revealer_get_reveal_child (revealer);
}

static gint64
count_rows (const char *table)
{
  g_autofree char *db = g_build_filename (sl_test_fresh_dir (), "sightline.db", NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);

  return sl_test_sql_int (db, sql);
}

/* Imports and analyses ran on connections of their own, interleaved with
 * the window's: the audit chain must still be whole. */
static void
assert_audit_intact (void)
{
  g_autofree char *db = g_build_filename (sl_test_fresh_dir (), "sightline.db", NULL);
  g_autoptr(SlEngine) engine = sl_engine_new (db);
  g_autoptr(SlSession) supervisor = NULL;
  g_autoptr(GError) error = NULL;
  SlAuditVerifyResult result = { 0 };

  ck_assert_msg (sl_engine_open (engine, &error), "%s", error ? error->message : "?");
  supervisor = sl_test_engine_sign_in (engine, SL_TEST_GUI_SUPERVISOR);
  ck_assert_msg (sl_engine_audit_verify (engine, supervisor, 0, NULL, NULL, NULL, &result, &error),
                 "%s", error ? error->message : "?");
  ck_assert_msg (result.bad_seq == 0, "audit chain broken at %" G_GINT64_FORMAT ": %s", result.bad_seq,
                 result.message);
  fprintf (stderr, "# audit chain intact: %" G_GINT64_FORMAT " rows\n", result.n_rows);
  sl_audit_verify_result_clear (&result);
}

/* Real footage from real photos: LFW faces moving over a plain scene,
 * 1280 x 720 at 10 frames a second, Motion JPEG. */
static char *
write_footage (double seconds)
{
  static const char *people[] = { "Aaron_Sorkin", "AJ_Cook" };
  g_autofree char *path = g_build_filename (sl_test_fresh_dir (), "lobby-camera.avi", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlVideoWriter) writer = NULL;
  SlImage *faces[2] = { NULL, NULL };
  const double fps = 10;
  guint n = (guint) (seconds * fps);

  for (guint p = 0; p < G_N_ELEMENTS (people); p++)
    {
      g_autofree char *name = g_strdup_printf ("%s_0001.jpg", people[p]);
      g_autofree char *photo = sl_test_shared_path ("datasets", "lfw-view1", "images", people[p], name, NULL);
      g_autoptr(SlImage) image = sl_image_load (photo, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);

      ck_assert_msg (image != NULL, "%s", error ? error->message : "?");
      faces[p] = sl_image_resize (image, 300, 300);
    }
  writer = sl_video_writer_new (path, SL_VIDEO_CODEC_MJPEG, fps, 1280, 720, &error);
  ck_assert_msg (writer != NULL, "%s", error ? error->message : "?");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlImage) frame = sl_image_new_filled (1280, 720, 92, 96, 104);
      double t = (double) i / n;

      sl_image_paste (frame, faces[0], 40 + (int) (t * 500), 200);
      sl_image_paste (frame, faces[1], 900 - (int) (t * 300), 380 - (int) (t * 100));
      ck_assert_msg (sl_video_writer_add_frame (writer, frame, &error), "%s", error ? error->message : "?");
    }
  ck_assert_msg (sl_video_writer_close (writer, &error), "%s", error ? error->message : "?");
  for (guint p = 0; p < G_N_ELEMENTS (faces); p++)
    sl_image_free (faces[p]);
  return g_steal_pointer (&path);
}

/* tests */

START_TEST (test_case_import_analyse)
{
  g_autoptr(SlApplication) app = NULL;
  SlWindow *window = start_signed_in (&app);
  g_autofree char *still = sl_test_shared_path ("datasets", "faces-detection", "2008_001322.jpg", NULL);
  g_autofree char *latin1 = NULL;
  g_autofree char *corrupt = NULL;
  g_autofree char *dropped = sl_test_shared_path ("datasets", "lfw-view1", "images", "AJ_Lamas", "AJ_Lamas_0001.jpg", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  SlCasePage *page;
  SlEvidenceItem *item;
  GtkWidget *other_dialog;

  /* A case through the dialog; a second one with the same number is
   * refused in the dialog itself. */
  create_case (window, CASE_NUMBER, "Robbery at the Main Street pharmacy");
  page = case_page (window);
  ck_assert_str_eq (sl_app_context_get_case (sl_window_get_context (window)), CASE_NUMBER);
  ck_assert (gtk_widget_activate_action (cases_view (window), "cases.new", NULL));
  wait_for ((other_dialog = GTK_WIDGET (sl_test_find_toplevel (g_type_from_name ("SlCaseNewDialog")))) != NULL);
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find_by_id (other_dialog, "number_row")), CASE_NUMBER);
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find_by_id (other_dialog, "title_row")), "Again");
  gtk_widget_activate (sl_test_find_by_id (other_dialog, "create_button"));
  wait_for (gtk_widget_get_visible (sl_test_find_by_id (other_dialog, "error_label")));
  fprintf (stderr, "# duplicate case refused inline: %s\n",
           gtk_label_get_text (GTK_LABEL (sl_test_find_by_id (other_dialog, "error_label"))));
  gtk_window_close (GTK_WINDOW (other_dialog));
  wait_for (sl_test_find_toplevel (g_type_from_name ("SlCaseNewDialog")) == NULL);
  create_case (window, "2026-CR-0007", "Burglary, Elm Street");
  ck_assert (gtk_widget_activate_action (cases_view (window), "cases.select", "s", CASE_NUMBER));
  wait_for (g_strcmp0 (sl_case_page_get_case (page), CASE_NUMBER) == 0);

  /* The search filters the sidebar by number or title. */
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find_by_id (cases_view (window), "search_entry")), "pharmacy");
  wait_for (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (
              GTK_LIST_VIEW (sl_test_find_by_id (cases_view (window), "case_list"))))) == 1);
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find_by_id (cases_view (window), "search_entry")), "");
  wait_for (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (
              GTK_LIST_VIEW (sl_test_find_by_id (cases_view (window), "case_list"))))) == 2);

  /* A still, the way the file chooser hands it over; and the same photo
   * under a name that is not UTF-8 (Latin-1 "é"). */
  ck_assert (g_file_get_contents (still, &contents, &length, &error));
  latin1 = g_build_filename (sl_test_fresh_dir (), "caf\xe9-camera.jpg", NULL);
  ck_assert (g_file_set_contents (latin1, contents, length, &error));
  {
    const char *paths[] = { still, NULL };

    import_paths (page, paths);
  }
  wait_for (n_evidence (page) == 1 && import_idle (window));
  item = evidence_at (page, 0);
  ck_assert_str_eq (sl_evidence_item_get_evidence (item)->original_name, "2008_001322.jpg");
  wait_for (sl_evidence_item_get_thumbnail (item) != NULL);

  {
    const char *paths[] = { latin1, NULL };

    import_paths (page, paths);
  }
  wait_for (import_idle (window) && toast_contains ("already in this case", NULL));
  ck_assert_uint_eq (n_evidence (page), 1);

  /* A corrupt file: a dialog names it and says why (issue 15: too long
   * for a toast). */
  corrupt = g_build_filename (sl_test_fresh_dir (), "corrupt-still.jpg", NULL);
  ck_assert (g_file_set_contents (corrupt, "\xff\xd8\xff\xe0 this is not a JPEG at all", -1, &error));
  {
    const char *paths[] = { corrupt, NULL };

    import_paths (page, paths);
  }
  wait_for (alert_contains ("corrupt-still.jpg", "cut short"));
  ck_assert_uint_eq (n_evidence (page), 1);

  /* A drop of files: the handler the drop target calls. */
  {
    GtkDropTarget *target = NULL;
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (page));
    g_autoptr(GFile) file = g_file_new_for_path (dropped);
    g_autoptr(GFile) odd = g_file_new_for_path (latin1);
    GSList *files = g_slist_append (g_slist_append (NULL, file), odd);
    GValue value = G_VALUE_INIT;
    gboolean handled = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
      {
        g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

        if (GTK_IS_DROP_TARGET (c))
          target = GTK_DROP_TARGET (c);
      }
    ck_assert_ptr_nonnull (target);
    g_value_init (&value, GDK_TYPE_FILE_LIST);
    g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
    g_slist_free (files);
    g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
    g_value_unset (&value);
    ck_assert (handled);
  }
  wait_for (n_evidence (page) == 2 && import_idle (window));
  ck_assert_str_eq (sl_evidence_item_get_evidence (evidence_at (page, 1))->original_name, "AJ_Lamas_0001.jpg");
  wait_for (sl_evidence_item_get_thumbnail (evidence_at (page, 1)) != NULL);

  /* Analysis: the item says how many faces. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "case.analyse", "x",
                                         sl_evidence_item_get_id (item)));
  wait_for (sl_evidence_item_get_n_faces (item) >= 0);
  fprintf (stderr, "# faces found in %s: %d (%s)\n", sl_evidence_item_get_evidence (item)->original_name,
           sl_evidence_item_get_n_faces (item), sl_evidence_item_get_status (item));
  ck_assert_int_gt (sl_evidence_item_get_n_faces (item), 0);
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "case.analyse-all", NULL));
  wait_for (sl_evidence_item_get_n_faces (evidence_at (page, 1)) >= 0);
  ck_assert_int_eq (sl_evidence_item_get_n_faces (evidence_at (page, 1)), 1);
  wait_for (!gtk_revealer_get_child_revealed (GTK_REVEALER (sl_test_find_by_id (GTK_WIDGET (page),
                                                                                 "analysis_revealer"))));

  /* The file chooser itself (GTK's own dialog under Xvfb), a file chosen. */
  {
    g_autofree char *chosen = sl_test_shared_path ("datasets", "lfw-view1", "images", "Aaron_Peirsol",
                                           "Aaron_Peirsol_0001.jpg", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (chosen);
    GtkWindow *chooser;

    ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "case.import-files", NULL));
    wait_for ((chooser = sl_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG)) != NULL &&
              gtk_widget_get_mapped (GTK_WIDGET (chooser)));
    ck_assert (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
    /* The folder loads first; the file is selected once it is listed. */
    wait_for (({ g_autoptr(GFile) selected = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
                 selected != NULL && g_file_equal (selected, file); }));
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
    wait_for (n_evidence (page) == 3 && import_idle (window));
    ck_assert_str_eq (sl_evidence_item_get_evidence (evidence_at (page, 2))->original_name,
                      "Aaron_Peirsol_0001.jpg");
  }

  /* A URL: the engine takes https only, and the toast says so. */
  {
    const char *urls[] = { "http://127.0.0.1:9/still.jpg", NULL };

    import_paths (page, urls);
  }
  wait_for (import_idle (window) && alert_contains ("http://127.0.0.1:9/still.jpg", ":"));
  ck_assert_uint_eq (n_evidence (page), 3);

  sl_test_save_screenshot (GTK_WIDGET (window), "case-page.png");

  /* The case report, written where the save dialog would say. */
  {
    g_autofree char *report = g_build_filename (sl_test_fresh_dir (), "case-report.pdf", NULL);

    ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "case.export-report-to", "s", report));
    wait_for (toast_contains ("Report written to", "case-report.pdf") || toast_contains ("report", ":"));
    ck_assert_msg (g_file_test (report, G_FILE_TEST_IS_REGULAR), "no report: %s",
                   toasts->len > 0 ? (char *) g_ptr_array_index (toasts, toasts->len - 1) : "");
    /* Its toast offers to open it (issue 15, item 11). */
    wait_for (sl_test_find_button (GTK_WIDGET (window), "Open") != NULL);
    ck_assert_str_eq (gtk_actionable_get_action_name (GTK_ACTIONABLE (sl_test_find_button (GTK_WIDGET (window),
                                                                                           "Open"))),
                      "win.open-file");
  }

  /* The evidence viewer, and back. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "case.open-evidence", "x",
                                         sl_evidence_item_get_id (item)));
  ck_assert_str_eq (gtk_stack_get_visible_child_name (GTK_STACK (sl_test_find_by_id (GTK_WIDGET (page), "page_stack"))),
                    "viewer");
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "case.back", NULL));
  ck_assert_str_eq (gtk_stack_get_visible_child_name (GTK_STACK (sl_test_find_by_id (GTK_WIDGET (page), "page_stack"))),
                    "evidence");
  wait_for (!gtk_stack_get_transition_running (GTK_STACK (sl_test_find_by_id (GTK_WIDGET (page), "page_stack"))));

  /* The sidebar with both cases. */
  sl_test_save_screenshot (GTK_WIDGET (window), "cases.png");

  /* Closing a case asks first; closed, it leaves the list of open cases. */
  {
    GtkListView *list = GTK_LIST_VIEW (sl_test_find_by_id (cases_view (window), "case_list"));
    GtkWindow *confirm;

    ck_assert (gtk_widget_activate_action (cases_view (window), "cases.close", NULL));
    wait_for ((confirm = sl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "close");
    wait_for (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))) == 1);
    ck_assert_ptr_null (sl_app_context_get_case (sl_window_get_context (window)));
    gtk_drop_down_set_selected (GTK_DROP_DOWN (sl_test_find_by_id (cases_view (window), "status_dropdown")), 1);
    wait_for (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))) == 1);
  }
  assert_audit_intact ();
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_footage_progress_cancel_latency)
{
  g_autoptr(SlApplication) app = NULL;
  SlWindow *window = start_signed_in (&app);
  g_autofree char *footage = write_footage (12);
  SlCasePage *page;
  SlEvidenceItem *item;
  GtkRevealer *revealer;
  GtkProgressBar *bar;
  guint probe;
  gint64 worst_cancel_us, worst_us;
  gint64 t0;

  create_case (window, CASE_NUMBER, "Assault outside the station");
  page = case_page (window);
  revealer = GTK_REVEALER (sl_test_find_by_id (GTK_WIDGET (page), "analysis_revealer"));
  bar = GTK_PROGRESS_BAR (sl_test_find_by_id (GTK_WIDGET (page), "analysis_bar"));

  /* What the machine itself allows, the window idle: the gaps below are
   * read against it. */
  probe = probe_start ();
  probe_phase = "idle";
  sl_test_spin (2000);
  fprintf (stderr, "# worst main-loop gap while idle: %" G_GINT64_FORMAT " ms\n", probe_worst_us / 1000);
  g_source_remove (probe);
  probe = probe_start ();
  probe_phase = "importing";
  {
    const char *paths[] = { footage, NULL };

    import_paths (page, paths);
  }
  wait_for (n_evidence (page) == 1 && import_idle (window));
  item = evidence_at (page, 0);
  ck_assert_int_eq (sl_evidence_item_get_evidence (item)->kind, SL_EVIDENCE_FOOTAGE);
  probe_phase = "decoding the thumbnail";
  wait_for (sl_evidence_item_get_thumbnail (item) != NULL);

  /* Started, its progress shown, then cancelled: nothing of it is stored. */
  probe_phase = "analysing";
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "case.analyse", "x", sl_evidence_item_get_id (item)));
  wait_for (gtk_revealer_get_reveal_child (revealer) && gtk_widget_get_mapped (GTK_WIDGET (bar)) &&
            gtk_progress_bar_get_fraction (bar) > 0.02);
  sl_test_save_screenshot (GTK_WIDGET (window), "analysis-progress.png");
  /* Rendering the screenshot is the test's, not the window's. */
  probe_last_us = 0;
  fprintf (stderr, "# analysis progress shown: %s\n",
           gtk_label_get_text (GTK_LABEL (sl_test_find_by_id (GTK_WIDGET (page), "analysis_label"))));
  /* Closing the window while the analysis runs asks first (issue 15,
   * item 7); keeping on working leaves the window and the analysis be. */
  ck_assert_uint_eq (sl_app_context_get_work_under_way (sl_window_get_context (window)), 1);
  gtk_window_close (GTK_WINDOW (window));
  {
    GtkWindow *ask = sl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

    ck_assert_msg (ask != NULL, "closing during an analysis did not ask");
    ck_assert_str_eq (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (ask)), "Quit While Work Is Under Way?");
    sl_test_save_screenshot (GTK_WIDGET (ask), "quit-confirm.png");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "cancel");
    gtk_window_destroy (ask);
  }
  ck_assert (gtk_widget_get_visible (GTK_WIDGET (window)));
  ck_assert (gtk_revealer_get_reveal_child (revealer));
  probe_last_us = 0;
  probe_phase = "cancelling";
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "case.cancel-analysis", NULL));
  wait_for (!gtk_revealer_get_reveal_child (revealer));
  ck_assert_uint_eq (sl_app_context_get_work_under_way (sl_window_get_context (window)), 0);
  ck_assert_int_eq (sl_evidence_item_get_n_tracks (item), -1);
  ck_assert_str_eq (sl_evidence_item_get_status (item), "Analysis cancelled");
  ck_assert_int_eq (count_rows ("footage_analyses"), 0);
  ck_assert_int_eq (count_rows ("tracks"), 0);
  ck_assert_int_eq (count_rows ("faces"), 0);
  worst_cancel_us = probe_worst_us;

  /* Run to the end: tracks, and the main loop never held up for long. */
  probe_phase = "analysing to the end";
  t0 = g_get_monotonic_time ();
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "case.analyse", "x", sl_evidence_item_get_id (item)));
  wait_for (sl_evidence_item_get_n_tracks (item) >= 0);
  worst_us = MAX (probe_worst_us, worst_cancel_us);
  g_source_remove (probe);
  fprintf (stderr, "# footage 1280x720, 12 s: analysed in %.1f s, %d tracks (%s)\n",
           (g_get_monotonic_time () - t0) / 1e6, sl_evidence_item_get_n_tracks (item),
           sl_evidence_item_get_status (item));
  printf ("# worst main-loop gap: %" G_GINT64_FORMAT " ms\n", worst_us / 1000);
  fprintf (stderr, "# worst main-loop gap: %" G_GINT64_FORMAT " ms (import, thumbnail, analysis, cancel)\n",
           worst_us / 1000);
  ck_assert_int_ge (sl_evidence_item_get_n_tracks (item), 1);
  ck_assert_int_ge (count_rows ("footage_analyses"), 1);
  ck_assert_int_lt (worst_us / 1000, MAX_GAP_MS);

  /* Opened again, the case shows what the analysis found. */
  {
    int n_tracks = sl_evidence_item_get_n_tracks (item);

    create_case (window, "2026-CR-0099", "Another case");
    ck_assert_uint_eq (n_evidence (page), 0);
    ck_assert (gtk_widget_activate_action (cases_view (window), "cases.select", "s", CASE_NUMBER));
    wait_for (n_evidence (page) == 1);
    ck_assert_int_eq (sl_evidence_item_get_n_tracks (evidence_at (page, 0)), n_tracks);
  }
  assert_audit_intact ();
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* A confirmed lead, through the engine: a gallery of three people, a case
 * with a photo of one of them, Ivy's justified search and possible lead,
 * and Sam's independent second review agreeing. */
START_TEST (test_confirmed_leads)
{
  static const char *people[] = { "Aaron_Peirsol", "Abdullah_Gul", "Abel_Pacheco" };
  g_autoptr(SlApplication) app = NULL;
  g_autoptr(SlEngine) engine = sl_test_create_db ();
  g_autoptr(SlSession) admin = NULL;
  g_autoptr(SlSession) ivy = NULL;
  g_autoptr(SlSession) sam = NULL;
  g_autoptr(SlSession) ian = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlGallery) gallery = NULL;
  g_autoptr(SlEnrolSummary) summary = NULL;
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlEvidence) evidence = NULL;
  g_autoptr(SlAnalysis) analysis = NULL;
  g_autoptr(SlSearchResult) result = NULL;
  g_autofree char *root = g_build_filename (sl_test_fresh_dir (), "gallery", NULL);
  g_autofree char *probe = sl_test_shared_path ("datasets", "lfw-view1", "images", people[0], "Aaron_Peirsol_0003.jpg", NULL);
  SlEnrolOptions options = { .dir = root };
  SlSearchRequest request = {
    .case_number = CASE_NUMBER,
    .gallery = "county",
    .offense = "ROBBERY",
    .legal_basis = "Warrant 2026/042 of the district court",
    .purpose = "suspect",
    .facts = "The man on the pharmacy camera took the till at 21:40 and left towards the station.",
  };
  SlDecideResult decided = { 0 };
  SlSearchCandidate *first;
  SlWindow *window;
  GtkWidget *leads;

  sl_test_seed_users (engine);
  admin = sl_test_engine_sign_in (engine, SL_TEST_GUI_ADMIN);
  ivy = sl_test_engine_sign_in (engine, SL_TEST_GUI_INVESTIGATOR);
  sam = sl_test_engine_sign_in (engine, SL_TEST_GUI_SUPERVISOR);
  ian = sl_test_engine_sign_in (engine, SL_TEST_GUI_INVESTIGATOR2);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autofree char *dst = g_build_filename (root, people[i], NULL);

      ck_assert_int_eq (g_mkdir_with_parents (dst, 0700), 0);
      for (guint j = 1; j <= 2; j++)
        {
          g_autofree char *name = g_strdup_printf ("%s_%04u.jpg", people[i], j);
          g_autofree char *from = sl_test_shared_path ("datasets", "lfw-view1", "images", people[i], name, NULL);
          g_autofree char *to = g_build_filename (dst, name, NULL);

          ck_assert_int_eq (symlink (from, to), 0);
        }
    }
  /* The search runs on the authorisation clock (within-48h). */
  ck_assert_msg (sl_engine_policy_set (engine, admin, "authorisation", "within-48h", &error), "%s",
                 error ? error->message : "");
  gallery = sl_engine_gallery_create (engine, admin, "county", "Booking photos", NULL, &error);
  ck_assert_msg (gallery != NULL, "%s", error ? error->message : "");
  summary = sl_engine_gallery_enrol (engine, admin, "county", &options, NULL, &error);
  ck_assert_msg (summary != NULL, "enrol: %s", error ? error->message : "");
  c = sl_engine_case_open (engine, ivy, CASE_NUMBER, "Robbery at the Main Street pharmacy", &error);
  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  evidence = sl_engine_evidence_import (engine, ivy, CASE_NUMBER, probe, NULL, NULL, NULL, &error);
  ck_assert_msg (evidence != NULL, "%s", error ? error->message : "");
  analysis = sl_engine_analyse (engine, ivy, CASE_NUMBER, evidence->id, NULL, NULL, &error);
  ck_assert_msg (analysis != NULL && analysis->faces->len == 1, "%s", error ? error->message : "faces");
  request.face_id = ((SlProbeFace *) g_ptr_array_index (analysis->faces, 0))->id;
  result = sl_engine_search (engine, ivy, &request, NULL, &error);
  ck_assert_msg (result != NULL && result->candidates->len >= 1, "%s", error ? error->message : "no candidate");
  first = g_ptr_array_index (result->candidates, 0);
  ck_assert_str_eq (first->external_id, people[0]);
  /* Ivy ran the search: Ian, whom she adds to the case, and Sam decide on
   * its candidates. */
  ck_assert_msg (sl_engine_case_member_add (engine, ivy, CASE_NUMBER, SL_TEST_GUI_INVESTIGATOR2, &error), "%s",
                 error ? error->message : "");
  ck_assert_msg (sl_engine_decide (engine, ian, first->candidate_id, "possible-lead",
                                   "Same ear shape and hairline as on the camera.", &decided, &error),
                 "%s", error ? error->message : "");
  ck_assert_msg (sl_engine_decide (engine, sam, first->candidate_id, "possible-lead",
                                   "Independently: same nose bridge and ear.", &decided, &error),
                 "%s", error ? error->message : "");
  ck_assert_int_eq (decided.status, SL_REVIEW_CONFIRMED_LEAD);

  /* The case page lists it, with the two reviewers. */
  app = sl_test_start_app ();
  window = sl_test_show_window (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  sl_test_sign_in (window, SL_TEST_GUI_INVESTIGATOR);
  ck_assert (sl_window_show_view (window, "cases"));
  ck_assert (gtk_widget_activate_action (cases_view (window), "cases.select", "s", CASE_NUMBER));
  wait_for (n_evidence (case_page (window)) == 1);
  ck_assert_int_eq (sl_evidence_item_get_n_faces (evidence_at (case_page (window), 0)), 1);
  leads = sl_test_find_by_id (GTK_WIDGET (case_page (window)), "leads_list");
  wait_for (gtk_widget_get_first_child (leads) != NULL);
  ck_assert (gtk_widget_get_visible (sl_test_find_by_id (GTK_WIDGET (case_page (window)), "leads_scroller")));
  ck_assert_str_eq (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_widget_get_first_child (leads))),
                    people[0]);
  fprintf (stderr, "# confirmed lead shown: %s — %s\n",
           adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_widget_get_first_child (leads))),
           adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_first_child (leads))));
  /* The case page shows the case awaiting its authorisation, with the
   * time left. */
  {
    GtkWidget *label = sl_test_find_by_id (GTK_WIDGET (case_page (window)), "authorisation_label");
    const char *text = gtk_label_get_text (GTK_LABEL (label));

    ck_assert (gtk_widget_get_visible (label));
    ck_assert_msg (g_str_has_prefix (text, "Authorisation: Awaiting authorisation: ") &&
                   g_str_has_suffix (text, " left"), "%s", text);
  }
  /* The evidence it came from is marked. */
  ck_assert_str_eq (sl_evidence_item_get_leads (evidence_at (case_page (window), 0)), people[0]);
  wait_for (!gtk_stack_get_transition_running (GTK_STACK (sl_test_find_by_id (GTK_WIDGET (window), "stack"))));
  sl_test_save_screenshot (GTK_WIDGET (window), "case-leads.png");

  /* Record Outcome…: a note is required; the record shows under the lead,
   * and a later one supersedes it while both stay. */
  for (guint i = 0; i < 2; i++)
    {
      static const SlOutcomeKind kinds[] = { SL_OUTCOME_CORROBORATED, SL_OUTCOME_NO_ACTION };
      static const char *notes[] = { "Bank card records place him at the pharmacy at 21:38.",
                                     "The pharmacy withdrew its complaint." };
      GtkWidget *dialog;
      GtkWidget *box;

      ck_assert (gtk_widget_activate_action (GTK_WIDGET (case_page (window)), "case.record-outcome", "x",
                                             first->candidate_id));
      wait_for ((dialog = GTK_WIDGET (sl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG))) != NULL);
      ck_assert (!adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "record"));
      box = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
      gtk_drop_down_set_selected (GTK_DROP_DOWN (gtk_widget_get_first_child (box)), kinds[i]);
      gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_last_child (box)), notes[i]);
      ck_assert (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "record"));
      if (i == 0)
        sl_test_save_screenshot (dialog, "record-outcome.png");
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "record");
      gtk_window_destroy (GTK_WINDOW (dialog));
      wait_for (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_first_child (leads))),
                        notes[i]) != NULL);
    }
  {
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_first_child (leads)));

    ck_assert_msg (strstr (subtitle, "Outcome: no action taken") != NULL, "%s", subtitle);
    ck_assert_msg (strstr (subtitle, "Superseded: corroborated by other evidence") != NULL, "%s", subtitle);
  }
  sl_test_save_screenshot (GTK_WIDGET (window), "case-lead-outcomes.png");
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* The evidence tiles under root that say they are damaged. */
static guint
damaged_tiles (GtkWidget *root)
{
  guint n = 0;

  if (G_TYPE_CHECK_INSTANCE_TYPE (root, g_type_from_name ("SlEvidenceRow")))
    {
      GtkWidget *label = sl_test_find_by_id (root, "damage_label");

      SlEvidenceItem *item = sl_evidence_row_get_item (SL_EVIDENCE_ROW (root));
      SlEvidence *e = item != NULL ? sl_evidence_item_get_evidence (item) : NULL;

      return label != NULL && gtk_widget_get_visible (label) && e != NULL && e->damage != NULL &&
             strstr (gtk_label_get_text (GTK_LABEL (label)), e->damage) != NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += damaged_tiles (child);
  return n;
}

/* Issue 15 item 4: a truncated JPEG and an MP4 cut short are kept, marked
 * damaged with the reason on their tiles and in the viewer; analysing the
 * JPEG fails in a dialog that names it by its original name and gives the
 * whole reason, never the evidence store's path. */
START_TEST (test_damaged_evidence)
{
  g_autoptr(SlApplication) app = NULL;
  SlWindow *window = start_signed_in (&app);
  g_autofree char *still = sl_test_shared_path ("datasets", "faces-detection", "2008_001322.jpg", NULL);
  g_autofree char *cut_jpeg = g_build_filename (sl_test_fresh_dir (), "till-cut.jpg", NULL);
  g_autofree char *cut_mp4 = g_build_filename (sl_test_fresh_dir (), "door-camera.mp4", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *store = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  SlCasePage *page;
  SlEvidence *jpeg = NULL;
  SlEvidence *mp4 = NULL;
  GtkWidget *viewer, *dialog = NULL;
  guint n_toasts;

  ck_assert (g_file_get_contents (still, &contents, &length, &error));
  ck_assert (g_file_set_contents (cut_jpeg, contents, (gssize) (length * 3 / 5), &error));
  g_clear_pointer (&contents, g_free);
  {
    g_autoptr(SlVideoWriter) writer = sl_video_writer_new (cut_mp4, SL_VIDEO_CODEC_MPEG4, 10, 320, 240, &error);

    ck_assert_msg (writer != NULL, "%s", error ? error->message : "?");
    for (guint i = 0; i < 30; i++)
      {
        g_autoptr(SlImage) frame = sl_image_new_filled (320, 240, 40 + i * 4, 96, 104);

        ck_assert (sl_video_writer_add_frame (writer, frame, &error));
      }
    ck_assert (sl_video_writer_close (writer, &error));
  }
  ck_assert (g_file_get_contents (cut_mp4, &contents, &length, &error));
  ck_assert (g_file_set_contents (cut_mp4, contents, (gssize) (length / 2), &error));

  create_case (window, CASE_NUMBER, "Robbery at the Main Street pharmacy");
  page = case_page (window);
  {
    const char *paths[] = { cut_jpeg, cut_mp4, NULL };

    import_paths (page, paths);
  }
  wait_for (n_evidence (page) == 2 && import_idle (window));
  for (guint i = 0; i < 2; i++)
    {
      SlEvidence *e = sl_evidence_item_get_evidence (evidence_at (page, i));

      if (g_str_equal (e->original_name, "till-cut.jpg"))
        jpeg = e;
      else
        mp4 = e;
    }
  ck_assert_ptr_nonnull (jpeg);
  ck_assert_ptr_nonnull (mp4);
  /* Kept as given, damaged, with the reason in words naming the file. */
  ck_assert_msg (jpeg->damage != NULL && strstr (jpeg->damage, "till-cut.jpg") != NULL &&
                 strstr (jpeg->damage, "ends early") != NULL, "%s", jpeg->damage ? jpeg->damage : "(whole)");
  ck_assert_int_eq (mp4->kind, SL_EVIDENCE_FOOTAGE);
  ck_assert_msg (mp4->damage != NULL && strstr (mp4->damage, "door-camera.mp4") != NULL &&
                 strstr (mp4->damage, "cut short") != NULL, "%s", mp4->damage ? mp4->damage : "(whole)");

  /* Each tile says so. */
  wait_for (damaged_tiles (GTK_WIDGET (page)) == 2);
  sl_test_save_screenshot (GTK_WIDGET (window), "case-damaged.png");

  /* The viewer says it above the picture. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "case.open-evidence", "x", jpeg->id));
  wait_for ((viewer = sl_test_find_widget (GTK_WIDGET (page), g_type_from_name ("SlEvidenceViewer"))) != NULL &&
            gtk_widget_get_mapped (viewer));
  wait_for (gtk_info_bar_get_revealed (GTK_INFO_BAR (sl_test_find_by_id (viewer, "damage_banner"))));
  ck_assert (strstr (gtk_label_get_text (GTK_LABEL (sl_test_find_by_id (viewer, "damage_label"))),
                     jpeg->damage) != NULL);
  sl_test_spin (300);
  sl_test_save_screenshot (GTK_WIDGET (window), "viewer-damaged.png");
  /* A viewer asked to be 360 px wide: it keeps the still page's minimum
   * width (550 px); the banner wraps within it, nothing is cut. */
  {
    GtkWidget *narrow = gtk_window_new ();
    GtkWidget *other = sl_evidence_viewer_new (sl_window_get_context (window));

    gtk_window_set_default_size (GTK_WINDOW (narrow), 360, 600);
    gtk_window_set_child (GTK_WINDOW (narrow), other);
    gtk_window_present (GTK_WINDOW (narrow));
    sl_evidence_viewer_set_evidence (SL_EVIDENCE_VIEWER (other), CASE_NUMBER, jpeg);
    wait_for (gtk_info_bar_get_revealed (GTK_INFO_BAR (sl_test_find_by_id (other, "damage_banner"))) &&
              sl_evidence_viewer_is_idle (SL_EVIDENCE_VIEWER (other)));
    sl_test_spin (400);
    sl_test_save_screenshot (narrow, "viewer-damaged-360.png");
    gtk_window_destroy (GTK_WINDOW (narrow));
  }

  /* Analysing it fails in a dialog with the whole reason, by its name. */
  n_toasts = toasts->len;
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "case.analyse", "x", jpeg->id));
  wait_for ((dialog = GTK_WIDGET (sl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG))) != NULL &&
            gtk_widget_get_mapped (dialog));
  {
    const char *heading = adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog));
    const char *body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
    g_autofree char *path = sl_engine_evidence_path (sl_app_context_get_engine (sl_window_get_context (window)),
                                                     jpeg);

    store = g_path_get_dirname (path);
    ck_assert_msg (strstr (heading, "till-cut.jpg") != NULL, "%s", heading);
    ck_assert_msg (strstr (body, "till-cut.jpg") != NULL && strstr (body, "ends early") != NULL, "%s", body);
    ck_assert_msg (strstr (body, store) == NULL, "the dialog shows the store's path: %s", body);
  }
  ck_assert_uint_eq (toasts->len, n_toasts);
  sl_test_save_screenshot (dialog, "analysis-failed.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* Need to know (issue 12): Ivy opens a case and, on its page, adds Ian as
 * a member and removes him again; an unknown name is the engine's to
 * refuse, shown under the list. Ian's own case list follows. */
START_TEST (test_case_members)
{
  g_autoptr(SlApplication) app = NULL;
  SlWindow *window = start_signed_in (&app);
  g_autoptr(SlSession) ian = NULL;
  SlCasePage *page;
  GtkWidget *list;
  GtkWidget *message;
  gboolean ian_sees = FALSE;

  create_case (window, "C-2026-009", "Fraud at the post office");
  page = case_page (window);
  list = sl_test_find_by_id (GTK_WIDGET (page), "members_list");
  message = sl_test_find_by_id (GTK_WIDGET (page), "members_message");
  wait_for (gtk_widget_get_first_child (list) != NULL);
  ck_assert_str_eq (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_widget_get_first_child (list))),
                    "Ivy Investigator (" SL_TEST_GUI_INVESTIGATOR ")");
  /* The opener may change the members; she stays one (no Remove for her). */
  ck_assert (gtk_widget_get_visible (sl_test_find_by_id (GTK_WIDGET (page), "member_add_box")));
  ck_assert_ptr_null (sl_test_find_widget (gtk_widget_get_first_child (list), GTK_TYPE_BUTTON));

  gtk_editable_set_text (GTK_EDITABLE (sl_test_find_by_id (GTK_WIDGET (page), "member_entry")), "nobody");
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "case.member-add", NULL));
  ck_assert (gtk_widget_get_visible (message));
  ck_assert_msg (strstr (gtk_label_get_text (GTK_LABEL (message)), "nobody") != NULL, "%s",
                 gtk_label_get_text (GTK_LABEL (message)));

  gtk_editable_set_text (GTK_EDITABLE (sl_test_find_by_id (GTK_WIDGET (page), "member_entry")),
                         SL_TEST_GUI_INVESTIGATOR2);
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "case.member-add", NULL));
  ck_assert (!gtk_widget_get_visible (message));
  ck_assert_ptr_nonnull (gtk_widget_get_next_sibling (gtk_widget_get_first_child (list)));
  ck_assert_msg (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_next_sibling (
                   gtk_widget_get_first_child (list)))), "Added by " SL_TEST_GUI_INVESTIGATOR) != NULL, "%s",
                 adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_next_sibling (
                   gtk_widget_get_first_child (list)))));
  sl_test_wait_until_drawn (GTK_WIDGET (window));
  sl_test_save_screenshot (GTK_WIDGET (window), "case-members.png");
  {
    SlEngine *engine = sl_app_context_get_engine (sl_window_get_context (window));
    g_autoptr(GPtrArray) cases = NULL;

    ian = sl_test_engine_sign_in (engine, SL_TEST_GUI_INVESTIGATOR2);
    cases = sl_engine_case_list (engine, ian, NULL);
    for (guint i = 0; cases != NULL && i < cases->len; i++)
      ian_sees |= g_str_equal (((SlCase *) g_ptr_array_index (cases, i))->number, "C-2026-009");
    ck_assert (ian_sees);
  }

  ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "case.member-remove", "s", SL_TEST_GUI_INVESTIGATOR2));
  ck_assert_ptr_null (gtk_widget_get_next_sibling (gtk_widget_get_first_child (list)));
  {
    SlEngine *engine = sl_app_context_get_engine (sl_window_get_context (window));
    g_autoptr(GPtrArray) cases = sl_engine_case_list (engine, ian, NULL);

    ian_sees = FALSE;
    for (guint i = 0; cases != NULL && i < cases->len; i++)
      ian_sees |= g_str_equal (((SlCase *) g_ptr_array_index (cases, i))->number, "C-2026-009");
    ck_assert (!ian_sees);
  }
  ck_assert_int_eq (count_rows ("case_members"), 3);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* A supervisor's queue of pending authorisations: refusing asks for the
 * authority's decision and confirmation, then the engine records it. */
START_TEST (test_authorisation_queue)
{
  g_autoptr(SlEngine) engine = sl_test_create_db ();
  g_autoptr(SlApplication) app = NULL;
  g_autoptr(SlSession) admin = NULL;
  g_autoptr(SlSession) ivy = NULL;
  g_autoptr(SlSession) sam = NULL;
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlAuthorisation) a = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog = NULL;
  GtkWidget *view;
  GtkWidget *list;
  GtkWidget *entry;
  SlWindow *window;

  sl_test_seed_users (engine);
  admin = sl_test_engine_sign_in (engine, SL_TEST_GUI_ADMIN);
  ivy = sl_test_engine_sign_in (engine, SL_TEST_GUI_INVESTIGATOR);
  sam = sl_test_engine_sign_in (engine, SL_TEST_GUI_SUPERVISOR);
  ck_assert (sl_engine_policy_set (engine, admin, "authorisation", "before-search", &error));
  c = sl_engine_case_open (engine, ivy, CASE_NUMBER, "Robbery at the Main Street pharmacy", &error);
  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  a = sl_engine_authorisation_request (engine, ivy, CASE_NUMBER, "District court", "AZ 31 Gs 117/26", &error);
  ck_assert_msg (a != NULL, "%s", error ? error->message : "");

  app = sl_test_start_app ();
  window = sl_test_show_window (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  sl_test_sign_in (window, SL_TEST_GUI_SUPERVISOR);
  ck_assert (sl_window_show_view (window, "authorisations"));
  view = sl_test_find_widget (GTK_WIDGET (window), g_type_from_name ("SlAuthorisationsView"));
  ck_assert_ptr_nonnull (view);
  list = sl_test_find_by_id (view, "list");
  wait_for (gtk_widget_get_first_child (list) != NULL);
  ck_assert_str_eq (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_widget_get_first_child (list))),
                    "Case " CASE_NUMBER " · District court · AZ 31 Gs 117/26");
  sl_test_wait_until_drawn (GTK_WIDGET (window));
  sl_test_save_screenshot (GTK_WIDGET (window), "authorisations.png");

  /* Refuse: the dialog asks for the decision before it can be confirmed. */
  gtk_widget_activate (sl_test_find_button (gtk_widget_get_first_child (list), "Refuse…"));
  wait_for ((dialog = ADW_MESSAGE_DIALOG (sl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG))) != NULL);
  ck_assert (!adw_message_dialog_get_response_enabled (dialog, "decide"));
  entry = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Order refused on 13 May: no urgency shown");
  ck_assert (adw_message_dialog_get_response_enabled (dialog, "decide"));
  adw_message_dialog_response (dialog, "decide");
  wait_for (gtk_widget_get_first_child (list) == NULL);

  pending = sl_engine_authorisation_list (engine, sam, CASE_NUMBER, FALSE, &error);
  ck_assert_msg (pending != NULL && pending->len == 1, "%s", error ? error->message : "");
  ck_assert_int_eq (((SlAuthorisation *) g_ptr_array_index (pending, 0))->state, SL_AUTHORISATION_REFUSED);
  ck_assert_str_eq (((SlAuthorisation *) g_ptr_array_index (pending, 0))->decided_by, SL_TEST_GUI_SUPERVISOR);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* With footage-analysis-justification on (issue 14, item 2), analysing
 * footage from the case page asks whom it looks for and the facts first;
 * the analysis runs with them and its audit row keeps them. */
START_TEST (test_footage_justification_asked)
{
  g_autoptr(SlApplication) app = NULL;
  SlWindow *window = start_signed_in (&app);
  g_autofree char *footage = write_footage (2);
  SlEngine *engine = sl_app_context_get_engine (sl_window_get_context (window));
  g_autoptr(SlSession) admin = sl_test_engine_sign_in (engine, SL_TEST_GUI_ADMIN);
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (sl_test_fresh_dir (), "sightline.db", NULL);
  GtkWindow *ask;
  SlCasePage *page;
  SlEvidenceItem *item;

  ck_assert_msg (sl_engine_policy_set (engine, admin, "footage-analysis-justification", "on", &error), "%s",
                 error ? error->message : "");
  create_case (window, CASE_NUMBER, "Robbery in the station lobby");
  page = case_page (window);
  {
    const char *paths[] = { footage, NULL };

    import_paths (page, paths);
  }
  wait_for (n_evidence (page) == 1 && import_idle (window));
  item = evidence_at (page, 0);
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "case.analyse", "x", sl_evidence_item_get_id (item)));
  wait_for ((ask = sl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  ck_assert_str_eq (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (ask)), "Why Analyse This Footage?");
  ck_assert (!adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (ask), "analyse"));
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find_widget_named (GTK_WIDGET (ask), "person_sought_entry")),
                         "The man in the grey hood who took the till");
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find_widget_named (GTK_WIDGET (ask), "facts_entry")),
                         "The lobby camera filmed him at the till at 21:40; the clerk saw his face clearly.");
  ck_assert (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (ask), "analyse"));
  sl_test_save_screenshot (GTK_WIDGET (ask), "footage-justification.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "analyse");
  gtk_window_destroy (ask);
  wait_for (sl_evidence_item_get_n_tracks (item) >= 0);
  ck_assert_int_eq (sl_test_sql_int (db, "SELECT count(*) FROM audit WHERE outcome = 'success' AND "
                                         "json_extract (details, '$.person_sought') = "
                                         "'The man in the grey hood who took the till'"), 1);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

static Suite *
cases_suite (void)
{
  Suite *suite = suite_create ("gui-cases");
  TCase *tc = tcase_create ("cases");

  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_case_import_analyse);
  tcase_add_test (tc, test_footage_progress_cancel_latency);
  tcase_add_test (tc, test_confirmed_leads);
  tcase_add_test (tc, test_damaged_evidence);
  tcase_add_test (tc, test_case_members);
  tcase_add_test (tc, test_authorisation_queue);
  tcase_add_test (tc, test_footage_justification_asked);
  suite_add_tcase (suite, tc);
  return suite;
}

int
main (void)
{
  /* Xvfb has no GPU: GTK's GL renderer would draw each frame in Mesa's
   * llvmpipe, on the same cores the analysis keeps busy, and the probe would
   * time Mesa rather than the window. GSK_RENDERER=gl measures that too. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  /* What g_application_run() would set: GTK names the application in the
   * recent files the file chooser writes. */
  g_set_prgname ("sightline");
  return sl_test_gui_run (cases_suite ());
}
