/* test-gui-fit.c: nothing cut off (issue 15 item 9), through the screens
 * a person uses, in English and German: every choice of a dropdown or a
 * combo row shows whole, in the row and in its list; a table cell that
 * ellipsizes has its whole text as tooltip; times name the month in the
 * screens' language; the app's messages are words, never command-line
 * syntax.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>

#include <check.h>
#include <glib/gi18n.h>

#include "app/sl-search-dialog.h"
#include "app/sl-window.h"
#include "engine/sightline-engine.h"
#include "sl-test-gui.h"

#define CASE_NUMBER "2026-FIT-1"

/* helpers */

/* The width the label's text takes on one line, in its own font. */
static int
text_width (GtkLabel *label)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (label), gtk_label_get_text (label));
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* Every label under root that would show (its list's in a popover too,
 * which is shown only when opened) gets its whole text: it does not
 * ellipsize, or asks for room enough not to. How many it checked. */
static guint
assert_labels_whole (GtkWidget  *root,
                     const char *where)
{
  guint n = 0;

  if (!gtk_widget_get_visible (root) && !GTK_IS_POPOVER (root))
    return 0;
  if (GTK_IS_LABEL (root) && *gtk_label_get_text (GTK_LABEL (root)) != '\0')
    {
      GtkLabel *label = GTK_LABEL (root);

      if (gtk_label_get_ellipsize (label) != PANGO_ELLIPSIZE_NONE)
        {
          int natural;

          gtk_widget_measure (root, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
          ck_assert_msg (natural >= text_width (label), "'%s' in %s is cut off: %d px of %d",
                         gtk_label_get_text (label), where, natural, text_width (label));
        }
      n++;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += assert_labels_whole (c, where);
  return n;
}

/* Chooses every item of each dropdown and combo row under root in turn
 * and checks that every choice shows whole; how many it checked. */
static guint
assert_choices_whole (GtkWidget *root)
{
  guint n = 0;

  if (!gtk_widget_get_visible (root))
    return 0;
  if (ADW_IS_COMBO_ROW (root) || GTK_IS_DROP_DOWN (root))
    {
      GListModel *model = ADW_IS_COMBO_ROW (root) ? adw_combo_row_get_model (ADW_COMBO_ROW (root))
                                                  : gtk_drop_down_get_model (GTK_DROP_DOWN (root));
      guint was = ADW_IS_COMBO_ROW (root) ? adw_combo_row_get_selected (ADW_COMBO_ROW (root))
                                          : gtk_drop_down_get_selected (GTK_DROP_DOWN (root));
      const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (root));

      for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
        {
          g_autofree char *where = g_strdup_printf ("%s, choice %u", id != NULL ? id : G_OBJECT_TYPE_NAME (root), i);

          if (ADW_IS_COMBO_ROW (root))
            adw_combo_row_set_selected (ADW_COMBO_ROW (root), i);
          else
            gtk_drop_down_set_selected (GTK_DROP_DOWN (root), i);
          sl_test_spin (30);
          ck_assert_uint_gt (assert_labels_whole (root, where), 0);
          n++;
        }
      if (ADW_IS_COMBO_ROW (root))
        adw_combo_row_set_selected (ADW_COMBO_ROW (root), was);
      else
        gtk_drop_down_set_selected (GTK_DROP_DOWN (root), was);
      return n;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += assert_choices_whole (c);
  return n;
}

/* The tooltip of widget or of its nearest ancestor under root that has
 * one; NULL when none has. */
static const char *
tooltip_over (GtkWidget *widget,
              GtkWidget *root)
{
  for (GtkWidget *w = widget; w != NULL && w != root; w = gtk_widget_get_parent (w))
    if (gtk_widget_get_tooltip_text (w) != NULL)
      return gtk_widget_get_tooltip_text (w);
  return NULL;
}

/* Every drawn label under root that may ellipsize has its whole text in
 * its tooltip (or its cell's); how many it checked. */
static guint
assert_cells_have_tooltips (GtkWidget  *root,
                            GtkWidget  *widget,
                            const char *where)
{
  guint n = 0;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      gtk_label_get_ellipsize (GTK_LABEL (widget)) != PANGO_ELLIPSIZE_NONE &&
      *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));
      const char *tip = tooltip_over (widget, root);

      ck_assert_msg (tip != NULL && strstr (tip, text) != NULL, "'%s' in %s may be cut off and has no tooltip "
                     "saying it whole (it has '%s')", text, where, tip != NULL ? tip : "none");
      n++;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += assert_cells_have_tooltips (root, c, where);
  return n;
}

/* The app on a case seeded with a probe, in English (0) or German (1),
 * its window signed in as username; app holds the application. */
static SlWindow *
start_seeded (int             language,
              SlTestCaseSeed *seed,
              const char     *username,
              SlApplication **app)
{
  SlWindow *window;

  if (language == 1)
    sl_test_use_language ("de");
  sl_test_seed_case_with_probe (CASE_NUMBER, seed);
  *app = sl_test_start_app ();
  window = sl_test_show_window (*app);
  sl_test_sign_in (window, username);
  return window;
}

static GtkWidget *
shown_view (SlWindow   *window,
            const char *view,
            const char *type)
{
  GtkWidget *widget;

  ck_assert (sl_window_show_view (window, view));
  sl_test_spin (300);
  widget = sl_test_find_widget (GTK_WIDGET (window), g_type_from_name (type));
  ck_assert_ptr_nonnull (widget);
  sl_test_wait_until_drawn (widget);
  return widget;
}

static void
sign_in_as (SlWindow   *window,
            const char *username)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);
  sl_test_wait_for (g_strcmp0 (sl_window_get_page (window), "sign-in") == 0);
  sl_test_sign_in (window, username);
}

/* tests */

/* The search dialog's combo rows (offense, purpose, gallery), the audit
 * view's dropdowns and the policy page's quality row: each choice whole,
 * at the default size and 360 px wide, in English and German. */
START_TEST (test_choices_whole)
{
  const char *language = _i == 0 ? "en" : "de";
  g_autoptr(SlApplication) app = NULL;
  SlTestCaseSeed seed = { 0 };
  SlWindow *window;
  GtkWidget *dialog;
  GtkWidget *view;

  window = start_seeded (_i, &seed, SL_TEST_GUI_INVESTIGATOR, &app);

  dialog = sl_test_open_search_dialog (window, CASE_NUMBER, seed.face_id);
  ck_assert_uint_ge (assert_choices_whole (dialog), 3);
  {
    g_autofree char *shot = g_strdup_printf ("fit-search-dialog-%s.png", language);
    g_autofree char *narrow = g_strdup_printf ("fit-search-dialog-%s-360.png", language);

    /* The longest offense chosen, as a person might. */
    AdwComboRow *offense = ADW_COMBO_ROW (sl_test_find_by_id (dialog, "offense_row"));
    GListModel *offenses = adw_combo_row_get_model (offense);
    guint longest = 0;

    for (guint i = 0; i < g_list_model_get_n_items (offenses); i++)
      if (strlen (gtk_string_list_get_string (GTK_STRING_LIST (offenses), i)) >
          strlen (gtk_string_list_get_string (GTK_STRING_LIST (offenses), longest)))
        longest = i;
    adw_combo_row_set_selected (offense, longest);
    sl_test_spin (200);
    sl_test_save_screenshot (dialog, shot);
    gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 720);
    sl_test_spin (300);
    sl_test_wait_until_drawn (dialog);
    ck_assert_uint_ge (assert_choices_whole (dialog), 3);
    sl_test_save_screenshot (dialog, narrow);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));

  sign_in_as (window, SL_TEST_GUI_SUPERVISOR);
  view = shown_view (window, "audit", "SlAuditView");
  ck_assert_uint_ge (assert_choices_whole (view), 2);

  sign_in_as (window, SL_TEST_GUI_ADMIN);
  view = shown_view (window, "admin", "SlAdminView");
  ck_assert (gtk_widget_activate_action (view, "admin.show-page", "s", "policy"));
  sl_test_spin (300);
  ck_assert_uint_ge (assert_choices_whole (view), 1);
  g_free (seed.mated);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* The audit log's columns and the case list: a cell cut short by its
 * column has its whole text as tooltip. */
START_TEST (test_cells_have_tooltips)
{
  const char *language = _i == 0 ? "en" : "de";
  g_autoptr(SlApplication) app = NULL;
  g_autofree char *shot = g_strdup_printf ("fit-audit-%s-360.png", language);
  SlTestCaseSeed seed = { 0 };
  SlWindow *window;
  GtkWidget *view, *table;

  window = start_seeded (_i, &seed, SL_TEST_GUI_SUPERVISOR, &app);

  view = shown_view (window, "audit", "SlAuditView");
  table = sl_test_find_by_id (view, "column_view");
  ck_assert_ptr_nonnull (table);
  sl_test_spin (500);
  /* Rows of the seeding: sign-ins, the case, its evidence, the gallery. */
  ck_assert_uint_ge (assert_cells_have_tooltips (table, table, "the audit log"), 5);
  if (_i == 1)
    {
      /* The month in the language of the screens, not in LC_TIME's
       * (C.UTF-8 here): "7. Dez. 2026", never "7. Dec 2026". */
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *english = g_date_time_format (now, "%b");
      const char *german = g_dpgettext2 (GETTEXT_PACKAGE, "abbreviated month", english);
      g_autoptr(GString) shown = g_string_new (NULL);
      g_autofree char *day = g_strdup_printf (" %s ", english);

      ck_assert_str_ne (german, english);
      sl_test_collect_labels (table, shown);
      ck_assert_msg (strstr (shown->str, german) != NULL && strstr (shown->str, day) == NULL,
                     "the audit log's times are not in German: %.200s", shown->str);
    }
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  sl_test_spin (500);
  sl_test_wait_until_drawn (view);
  ck_assert_uint_ge (assert_cells_have_tooltips (table, table, "the audit log"), 5);
  sl_test_save_screenshot (GTK_WIDGET (window), shot);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  sl_test_spin (500);

  view = shown_view (window, "cases", "SlCasesView");
  table = sl_test_find_by_id (view, "case_list");
  ck_assert_ptr_nonnull (table);
  ck_assert_uint_ge (assert_cells_have_tooltips (table, table, "the case list"), 1);
  g_free (seed.mated);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

/* A locked account: the sign-in page says so in words, with no command
 * of sightline-cli in them. */
START_TEST (test_messages_in_words)
{
  const char *language = _i == 0 ? "en" : "de";
  g_autoptr(SlApplication) app = NULL;
  g_autoptr(SlEngine) engine = NULL;
  g_autofree char *shot = g_strdup_printf ("fit-sign-in-locked-%s.png", language);
  GtkWidget *user_row, *password_row, *error_label;
  const char *message;
  SlWindow *window;

  if (_i == 1)
    sl_test_use_language ("de");
  engine = sl_test_create_db ();
  sl_test_seed_users (engine);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) error = NULL;

      ck_assert (sl_engine_sign_in (engine, SL_TEST_GUI_INVESTIGATOR, "not the password", &error) == NULL);
    }
  g_clear_object (&engine);

  app = sl_test_start_app ();
  window = sl_test_show_window (app);
  user_row = sl_test_find_by_id (GTK_WIDGET (window), "username_row");
  password_row = sl_test_find_by_id (GTK_WIDGET (window), "password_row");
  error_label = sl_test_find_by_id (GTK_WIDGET (window), "error_label");
  gtk_editable_set_text (GTK_EDITABLE (user_row), SL_TEST_GUI_INVESTIGATOR);
  gtk_editable_set_text (GTK_EDITABLE (password_row), SL_TEST_GUI_PASSWORD);
  ck_assert (gtk_widget_activate_action (user_row, "sign-in.submit", NULL));
  sl_test_wait_for (gtk_widget_get_visible (error_label));
  message = gtk_label_get_text (GTK_LABEL (error_label));
  ck_assert_msg (strstr (message, SL_TEST_GUI_INVESTIGATOR) != NULL, "%s", message);
  ck_assert_msg (strstr (message, "sightline-cli") == NULL && strstr (message, "--") == NULL &&
                 strchr (message, '`') == NULL, "command-line syntax in the app: %s", message);
  sl_test_save_screenshot (GTK_WIDGET (window), shot);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

static Suite *
fit_suite (void)
{
  Suite *s = suite_create ("gui-fit");
  TCase *tc = tcase_create ("fit");

  tcase_set_timeout (tc, 4 * SL_TEST_GUI_TIMEOUT_S);
  tcase_add_loop_test (tc, test_choices_whole, 0, 2);
  tcase_add_loop_test (tc, test_cells_have_tooltips, 0, 2);
  tcase_add_loop_test (tc, test_messages_in_words, 0, 2);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_gui_run (fit_suite ());
}
