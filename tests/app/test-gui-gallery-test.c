/* test-gui-gallery-test.c: Administration -> Galleries -> Test This
 * Gallery… on a real X display (Xvfb), a real database, the real models
 * and real LFW photos: a gallery enrolled from a CSV with the people's
 * gender, probes of other LFW people and other photos of enrolled ones,
 * the test run through the dialog's actions with its progress, the result
 * table in words as the engine counted it, the past results, Cancel (that
 * stores nothing), a bad list named with its line, and no face or person
 * anywhere in the dialog. Screenshots at the default size and 360 px wide.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-gui-gallery-test"

#include "config.h"

#include <string.h>

#include <check.h>

#include "app/sl-admin-view.h"
#include "app/sl-galleries-page.h"
#include "app/sl-gallery-test-dialog.h"
#include "engine/sightline-engine.h"
#include "sl-test-gui.h"
#include "sl-test-store.h"

#define wait_for sl_test_wait_for
#define find_by_id sl_test_find_by_id

#define GALLERY_PEOPLE  10
#define MATED           4
#define STRANGERS       20

/* helpers */

static char *
lfw_dir (void)
{
  const char *shared = g_getenv ("SIGHTLINE_SHARED_DIR");

  return g_build_filename (shared != NULL ? shared : "", "datasets", "lfw-view1", "images", NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* identity -> gender, from the data set's gender.csv (image,gender). */
static GHashTable *
read_genders (void)
{
  g_autofree char *lfw = lfw_dir ();
  g_autofree char *path = g_build_filename (lfw, "..", "gender.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  ck_assert (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (g_strstrip (lines[i]), ",", 2);

      if (f[0] != NULL && f[1] != NULL)
        g_hash_table_replace (map, g_path_get_dirname (f[0]), g_strdup (f[1]));
    }
  return map;
}

/* The photos of an identity, sorted. */
static GPtrArray *
photos_of (const char *lfw,
           const char *identity)
{
  g_autofree char *path = g_build_filename (lfw, identity, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *photos = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (photos, g_strdup (name));
  g_ptr_array_sort (photos, compare_names);
  return photos;
}

/* The gallery "county" (GALLERY_PEOPLE LFW people with two photos or
 * more, their first photo, their gender as metadata), a probe list in the
 * test's folder (the second photo of MATED of them, the first of STRANGERS
 * others) and the policy threshold at 0.3, so that strangers do reach it. */
static char *
seed (void)
{
  g_autoptr(SlEngine) engine = sl_test_create_db ();
  g_autoptr(SlSession) admin = NULL;
  g_autoptr(GHashTable) genders = read_genders ();
  g_autofree char *lfw = lfw_dir ();
  g_autoptr(GDir) dir = g_dir_open (lfw, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) gallery = g_string_new ("external_id,name,image_path,gender\n");
  g_autoptr(GString) probes = g_string_new ("image,identity,gender\n");
  g_autofree char *gallery_csv = g_build_filename (sl_test_fresh_dir (), "gallery.csv", NULL);
  char *probes_csv = g_build_filename (sl_test_fresh_dir (), "probes.csv", NULL);
  g_autoptr(SlGallery) g = NULL;
  g_autoptr(SlEnrolSummary) s = NULL;
  g_autoptr(GError) error = NULL;
  SlEnrolOptions opts = { 0 };
  guint enrolled = 0, strangers = 0;
  const char *name;

  sl_test_seed_users (engine);
  admin = sl_test_engine_sign_in (engine, SL_TEST_GUI_ADMIN);
  ck_assert_msg (dir != NULL, "no LFW images at %s", lfw);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len && strangers < STRANGERS; i++)
    {
      const char *id = g_ptr_array_index (names, i);
      const char *gender = g_hash_table_lookup (genders, id);
      g_autoptr(GPtrArray) photos = photos_of (lfw, id);

      if (gender == NULL || photos->len < 2)
        continue;
      if (enrolled < GALLERY_PEOPLE)
        {
          g_string_append_printf (gallery, "%s,%s,%s/%s/%s,%s\n", id, id, lfw, id,
                                  (char *) g_ptr_array_index (photos, 0), gender);
          if (enrolled < MATED)
            g_string_append_printf (probes, "%s/%s,%s,%s\n", id, (char *) g_ptr_array_index (photos, 1), id, gender);
          enrolled++;
        }
      else
        {
          g_string_append_printf (probes, "%s/%s,,%s\n", id, (char *) g_ptr_array_index (photos, 0), gender);
          strangers++;
        }
    }
  ck_assert (g_file_set_contents (gallery_csv, gallery->str, -1, NULL));
  ck_assert (g_file_set_contents (probes_csv, probes->str, -1, NULL));
  g = sl_engine_gallery_create (engine, admin, "county", NULL, NULL, &error);
  ck_assert_msg (g != NULL, "%s", error ? error->message : "");
  opts.csv = gallery_csv;
  s = sl_engine_gallery_enrol (engine, admin, "county", &opts, NULL, &error);
  ck_assert_msg (s != NULL && s->counts[SL_ENROL_ENROLLED] >= GALLERY_PEOPLE - 2, "%s",
                 error ? error->message : "too few enrolled");
  /* Under the policy's floor, which takes a reason to lower (issue 15)
   * and a supervisor's co-sign (issue 12). */
  {
    g_autoptr(SlSession) sam = sl_test_engine_sign_in (engine, SL_TEST_GUI_SUPERVISOR);

    sl_test_policy_apply (engine, admin, sam, "threshold-floor", "0.2", "Test: count false candidates");
    sl_test_policy_apply (engine, admin, sam, "threshold", "0.3", "Test: count false candidates");
  }
  return probes_csv;
}

static GtkWidget *
show_galleries (SlWindow *window)
{
  SlAdminView *view;
  GtkWidget *page;

  ck_assert (sl_window_show_view (window, "admin"));
  view = SL_ADMIN_VIEW (sl_test_find_widget (GTK_WIDGET (window), SL_TYPE_ADMIN_VIEW));
  ck_assert_ptr_nonnull (view);
  ck_assert (sl_admin_view_show_page (view, "galleries"));
  page = sl_admin_view_get_page (view, "galleries");
  sl_test_wait_until_drawn (page);
  sl_test_spin (600);
  return page;
}

static guint
count_type (GtkWidget *root,
            GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (root, type) ? 1 : 0;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_type (c, type);
  return n;
}

static guint
n_rows (GtkWidget  *root,
        const char *view_id)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (find_by_id (root, view_id));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view)));
}

static void
wait_for_test (SlGalleryTestDialog *dialog,
               gboolean            *saw_progress)
{
  GtkProgressBar *progress = GTK_PROGRESS_BAR (find_by_id (GTK_WIDGET (dialog), "progress_bar"));

  while (sl_gallery_test_dialog_is_running (dialog))
    {
      double fraction = gtk_progress_bar_get_fraction (progress);

      if (saw_progress != NULL)
        *saw_progress |= fraction > 0 && fraction < 1;
      g_main_context_iteration (NULL, TRUE);
    }
}

/* tests */

START_TEST (test_gallery_test_dialog)
{
  g_autofree char *probes_csv = seed ();
  g_autofree char *lfw = lfw_dir ();
  g_autoptr(GFile) probes = g_file_new_for_path (probes_csv);
  g_autoptr(GFile) images = g_file_new_for_path (lfw);
  g_autoptr(GString) labels = g_string_new (NULL);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *bad_csv = g_build_filename (sl_test_fresh_dir (), "bad.csv", NULL);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_csv);
  SlApplication *app = sl_test_start_app ();
  SlWindow *window = sl_test_show_window (app);
  const SlGalleryTestResult *shown;
  const SlGalleryTestResult *engine_result;
  const SlGalleryTestGroup *all;
  SlGalleryTestDialog *dialog;
  GtkWidget *page;
  GtkWidget *label;
  gboolean saw_progress = FALSE;

  sl_test_sign_in (window, SL_TEST_GUI_ADMIN);
  page = show_galleries (window);
  ck_assert (sl_galleries_page_select (SL_GALLERIES_PAGE (page), "county"));

  /* The button's action opens the dialog; nothing can run before both the
   * list and the folder are chosen. */
  ck_assert (gtk_widget_activate_action (page, "galleries.test", NULL));
  dialog = SL_GALLERY_TEST_DIALOG (sl_test_find_toplevel (SL_TYPE_GALLERY_TEST_DIALOG));
  ck_assert_ptr_nonnull (dialog);
  sl_test_wait_until_drawn (GTK_WIDGET (dialog));
  ck_assert_uint_eq (sl_gallery_test_dialog_get_n_past (dialog), 0);
  ck_assert_ptr_null (sl_gallery_test_dialog_get_shown (dialog));
  ck_assert (!gtk_widget_get_visible (find_by_id (GTK_WIDGET (dialog), "result_box")));
  ck_assert (!gtk_widget_get_sensitive (find_by_id (GTK_WIDGET (dialog), "run_button")));
  ck_assert_str_eq (gtk_label_get_text (GTK_LABEL (find_by_id (GTK_WIDGET (dialog), "past_label"))),
                    "No test of this gallery has been run");

  /* As the file choosers would. */
  sl_gallery_test_dialog_set_probes (dialog, probes);
  sl_gallery_test_dialog_set_images (dialog, images);
  ck_assert (gtk_widget_get_sensitive (find_by_id (GTK_WIDGET (dialog), "run_button")));
  ck_assert_str_eq (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_by_id (GTK_WIDGET (dialog), "probes_row"))),
                    probes_csv);
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (dialog), "gallery-test.run", NULL));
  ck_assert (sl_gallery_test_dialog_is_running (dialog));
  ck_assert (gtk_widget_get_visible (find_by_id (GTK_WIDGET (dialog), "cancel_button")));
  ck_assert (gtk_widget_get_visible (find_by_id (GTK_WIDGET (dialog), "progress_bar")));
  ck_assert (!gtk_widget_get_visible (find_by_id (GTK_WIDGET (dialog), "close_button")));
  wait_for_test (dialog, &saw_progress);

  /* The result shown is the one stored, as the engine lists it. */
  shown = sl_gallery_test_dialog_get_shown (dialog);
  ck_assert_msg (shown != NULL, "%s",
                 gtk_label_get_text (GTK_LABEL (find_by_id (GTK_WIDGET (dialog), "status_label"))));
  listed = sl_engine_gallery_tests (sl_app_context_get_engine (sl_window_get_context (window)),
                                    sl_app_context_get_session (sl_window_get_context (window)), "county", &error);
  ck_assert_msg (listed != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (listed->len, 1);
  engine_result = g_ptr_array_index (listed, 0);
  ck_assert_int_eq (shown->id, engine_result->id);
  ck_assert_uint_eq (shown->probes, MATED + STRANGERS);
  ck_assert_uint_eq (sl_gallery_test_dialog_get_n_past (dialog), 1);
  ck_assert (gtk_widget_get_visible (find_by_id (GTK_WIDGET (dialog), "result_box")));
  ck_assert (!gtk_widget_get_visible (find_by_id (GTK_WIDGET (dialog), "cancel_button")));
  ck_assert_double_eq (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (find_by_id (GTK_WIDGET (dialog),
                                                                                      "progress_bar"))), 1.0);
  /* All probes, then one row per gender; the gallery's own groups. */
  ck_assert_uint_eq (n_rows (GTK_WIDGET (dialog), "groups_view"), engine_result->groups->len);
  ck_assert_uint_ge (engine_result->groups->len, 2);
  ck_assert_uint_eq (n_rows (GTK_WIDGET (dialog), "gallery_groups_view"), engine_result->implicated->len);
  ck_assert (gtk_widget_get_visible (find_by_id (GTK_WIDGET (dialog), "gallery_groups_frame")));

  /* The table says it in words, with the engine's counts. */
  gtk_window_set_default_size (GTK_WINDOW (dialog), 1040, 900);
  sl_test_spin (300);
  sl_test_collect_labels (GTK_WIDGET (dialog), labels);
  all = g_ptr_array_index (engine_result->groups, 0);
  ck_assert_ptr_null (all->attribute);
  expected = g_strdup_printf ("\n%u of %u searches (%.1f %%)\n", all->with_candidate, all->searches, 100.0 * all->fpir);
  ck_assert_msg (strstr (labels->str, expected) != NULL, "'%s' not in:\n%s", expected, labels->str);
  ck_assert_msg (strstr (labels->str, "\nAll probes\n") != NULL, "%s", labels->str);
  ck_assert_msg (strstr (labels->str, "\ngender: female\n") != NULL || strstr (labels->str, "\ngender: male\n") != NULL,
                 "%s", labels->str);
  g_free (expected);
  expected = g_strdup_printf ("\n%u of %u (%.1f %%)\n", all->mated_rank1, all->mated_searches, 100.0 * all->rank1);
  ck_assert_msg (strstr (labels->str, expected) != NULL, "'%s' not in:\n%s", expected, labels->str);
  /* No face, no person: groups are rows of the totals only. */
  ck_assert_uint_eq (count_type (GTK_WIDGET (dialog), GTK_TYPE_PICTURE), 0);
  sl_test_save_screenshot (GTK_WIDGET (dialog), "gallery-test.png");
  if (!saw_progress)
    fprintf (stderr, "# the test finished before an intermediate progress was drawn\n");

  /* Narrow: 360 px wide, still readable. */
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 900);
  sl_test_spin (400);
  ck_assert_int_le (gtk_widget_get_width (GTK_WIDGET (dialog)), 420);
  sl_test_save_screenshot (GTK_WIDGET (dialog), "gallery-test-narrow.png");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 1040, 720);

  /* Cancel: nothing is stored. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (dialog), "gallery-test.run", NULL));
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (dialog), "gallery-test.cancel", NULL));
  wait_for_test (dialog, NULL);
  label = find_by_id (GTK_WIDGET (dialog), "status_label");
  ck_assert_str_eq (gtk_label_get_text (GTK_LABEL (label)), "The test was cancelled; nothing was stored.");
  ck_assert_uint_eq (sl_gallery_test_dialog_get_n_past (dialog), 1);

  /* A bad list: the error names the file and the line; nothing stored. */
  ck_assert (g_file_set_contents (bad_csv, "image,gender\nNobody/Nobody_0001.jpg,male\n", -1, NULL));
  sl_gallery_test_dialog_set_probes (dialog, bad);
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (dialog), "gallery-test.run", NULL));
  wait_for_test (dialog, NULL);
  ck_assert (gtk_widget_has_css_class (label, "error"));
  ck_assert_msg (strstr (gtk_label_get_text (GTK_LABEL (label)), "bad.csv', line 2: the image 'Nobody/Nobody_0001.jpg'")
                 != NULL, "%s", gtk_label_get_text (GTK_LABEL (label)));
  ck_assert_uint_eq (sl_gallery_test_dialog_get_n_past (dialog), 1);
  sl_test_save_screenshot (GTK_WIDGET (dialog), "gallery-test-bad-list.png");

  /* Opened again, the past test is listed and shown. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  ck_assert (gtk_widget_activate_action (page, "galleries.test", NULL));
  dialog = SL_GALLERY_TEST_DIALOG (sl_test_find_toplevel (SL_TYPE_GALLERY_TEST_DIALOG));
  ck_assert_ptr_nonnull (dialog);
  ck_assert_uint_eq (sl_gallery_test_dialog_get_n_past (dialog), 1);
  ck_assert_ptr_nonnull (sl_gallery_test_dialog_get_shown (dialog));
  ck_assert_int_eq (sl_gallery_test_dialog_get_shown (dialog)->id, engine_result->id);
  gtk_window_destroy (GTK_WINDOW (dialog));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (app);
}
END_TEST

static Suite *
gui_gallery_test_suite (void)
{
  Suite *s = suite_create ("gui-gallery-test");
  TCase *tc = tcase_create ("gallery-test");

  tcase_set_timeout (tc, 4 * SL_TEST_GUI_TIMEOUT_S);
  tcase_add_test (tc, test_gallery_test_dialog);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_gui_run (gui_gallery_test_suite ());
}
