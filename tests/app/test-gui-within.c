/* test-gui-within.c: "Find in This Case…" through the desktop application
 * on a real X display (Xvfb), a real database, real models and real LFW
 * photos: the justification dialog in its within-case form (no gallery,
 * the policy's within-case minimum of facts, live), the search run from
 * it, recorded and audited, and the case's other photos of the person
 * listed, best first. The viewer offers the action beside Search
 * Gallery…. Screenshot: find-in-case.png.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-gui-within"

#include "config.h"

#include <string.h>

#include <check.h>

#include "app/sl-evidence-viewer.h"
#include "app/sl-search-dialog.h"
#include "engine/sightline-engine.h"
#include "sl-test-gui.h"
#include "sl-test-lfw.h"

#define CASE_NUMBER "C-2024-118"
/* 28 characters, 8 words: enough within the case (20), not for a gallery (30). */
#define SHORT_FACTS "He ran to a red car and hid."

static SlTestCaseSeed seed;

/* helpers */

static const char *
reason_text (GtkWidget *dialog)
{
  return gtk_label_get_text (GTK_LABEL (sl_test_find_by_id (dialog, "reason_label")));
}

static void
choose (GtkWidget  *dialog,
        const char *row_id,
        const char *prefix)
{
  AdwComboRow *row = ADW_COMBO_ROW (sl_test_find_by_id (dialog, row_id));
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (model), i), prefix))
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  ck_abort_msg ("no item '%s…' in %s", prefix, row_id);
}

static guint
n_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, (int) n) != NULL)
    n++;
  return n;
}

/* tests */

START_TEST (test_find_in_this_case)
{
  g_autoptr(SlApplication) app = NULL;
  g_autofree char *db = NULL;
  gint64 mates[2];
  SlWindow *window;
  GtkWidget *dialog;
  GtkWindow *found;
  GtkListBox *list;

  /* The seeded case holds a photo of the first gallery person and one of
   * a stranger; two more photos of the first person join it. */
  sl_test_seed_case_with_probe (CASE_NUMBER, &seed);
  db = g_build_filename (sl_test_fresh_dir (), "sightline.db", NULL);
  {
    g_autoptr(SlEngine) engine = sl_engine_new (db);
    g_autoptr(SlSession) ivy = NULL;
    g_autoptr(GError) error = NULL;

    ck_assert_msg (sl_engine_open (engine, &error), "%s", error ? error->message : "");
    ivy = sl_test_engine_sign_in (engine, SL_TEST_GUI_INVESTIGATOR);
    for (guint i = 0; i < 2; i++)
      {
        g_autofree char *photo = sl_test_lfw_image (seed.mated, i);
        mates[i] = sl_test_probe_face (engine, ivy, CASE_NUMBER, photo);
      }
  }

  app = sl_test_start_app ();
  window = sl_test_show_window (app);
  sl_test_sign_in (window, SL_TEST_GUI_INVESTIGATOR);

  sl_search_dialog_present_within (sl_window_get_context (window), GTK_WINDOW (window), CASE_NUMBER,
                                   seed.face_id, 0);
  sl_test_wait_for ((found = sl_test_find_toplevel (SL_TYPE_SEARCH_DIALOG)) != NULL);
  dialog = GTK_WIDGET (found);
  sl_test_wait_until_drawn (dialog);
  ck_assert_str_eq (gtk_window_get_title (found), "Find in This Case");
  ck_assert (!gtk_widget_get_visible (sl_test_find_by_id (dialog, "gallery_row")));
  ck_assert (!gtk_widget_get_visible (sl_test_find_by_id (dialog, "within_results_group")));

  /* The engine's refusal, live, then its within-case minimum of facts. */
  ck_assert (!gtk_widget_is_sensitive (sl_test_find_by_id (dialog, "search_button")));
  ck_assert_msg (strstr (reason_text (dialog), "gallery") == NULL, "%s", reason_text (dialog));
  choose (dialog, "offense_row", "ROBBERY");
  choose (dialog, "purpose_row", "Suspect");
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find_by_id (dialog, "legal_basis_row")),
                         "Warrant 2024/118 of the district court");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (sl_test_find_by_id (dialog, "facts_view"))),
                            "He ran off.", -1);
  ck_assert_msg (strstr (reason_text (dialog), "at least 20") != NULL, "%s", reason_text (dialog));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (sl_test_find_by_id (dialog, "facts_view"))),
                            SHORT_FACTS, -1);
  ck_assert_msg (g_str_has_prefix (reason_text (dialog), "Ready"), "%s", reason_text (dialog));
  ck_assert (gtk_widget_is_sensitive (sl_test_find_by_id (dialog, "search_button")));

  /* The search: recorded, and the person's two other photos listed first. */
  ck_assert (gtk_widget_activate_action (dialog, "search.run", NULL));
  list = GTK_LIST_BOX (sl_test_find_by_id (dialog, "within_list"));
  sl_test_wait_for (gtk_widget_get_visible (sl_test_find_by_id (dialog, "within_results_group")));
  ck_assert_msg (strstr (reason_text (dialog), "2 of the case's 3 other faces and tracks") != NULL, "%s",
                 reason_text (dialog));
  ck_assert_uint_eq (n_rows (list), 2);
  for (guint i = 0; i < 2; i++)
    {
      AdwPreferencesRow *row = ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (list, (int) i));
      const char *title = adw_preferences_row_get_title (row);
      /* each named by its one label: "Face 9 · IMG_0042.jpg" */
      g_autofree char *face0 = g_strdup_printf (". Face %" G_GINT64_FORMAT " · ", mates[0]);
      g_autofree char *face1 = g_strdup_printf (". Face %" G_GINT64_FORMAT " · ", mates[1]);

      ck_assert_msg ((strstr (title, face0) != NULL || strstr (title, face1) != NULL) && strstr (title, ".jpg"),
                     "row %u: %s", i, title);
    }
  {
    GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (sl_test_find_widget (dialog, GTK_TYPE_SCROLLED_WINDOW)));

    sl_test_spin (200);
    gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v));
  }
  sl_test_spin (300);
  sl_test_save_screenshot (dialog, "find-in-case.png");

  gtk_window_destroy (found);
}
END_TEST

START_TEST (test_viewer_offers_find_in_case)
{
  /* The action beside Search Gallery…. */
  g_autoptr(SlApplication) app = sl_test_start_app ();
  GtkWidgetClass *klass = g_type_class_ref (SL_TYPE_EVIDENCE_VIEWER);
  gboolean found = FALSE;
  const char *name, *property;
  const GVariantType *parameter;
  GType owner;
  guint i = 0;

  while (gtk_widget_class_query_action (klass, i++, &owner, &name, &parameter, &property))
    found = found || g_str_equal (name, "viewer.search-within");
  ck_assert (found);
  g_type_class_unref (klass);
}
END_TEST

static Suite *
gui_within_suite (void)
{
  Suite *suite = suite_create ("gui-within");
  TCase *tc = tcase_create ("within");

  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_find_in_this_case);
  tcase_add_test (tc, test_viewer_offers_find_in_case);
  suite_add_tcase (suite, tc);
  return suite;
}

int
main (void)
{
  return sl_test_gui_run (gui_within_suite ());
}
