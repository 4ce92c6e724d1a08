/* test-gui-persons.c: "Persons of This Case…" through the desktop
 * application on a real X display (Xvfb), a real database, the real models
 * and real LFW photos of two people analysed through the engine: the
 * window groups the case in a worker behind a spinner, lists the persons
 * the engine lists, each with its sightings, and names one through its
 * Name… action, the name showing after the regrouping and in the engine's
 * own listing; Move Out, Merge With… and Not the Same Person As… each
 * recorded by the engine in a worker (the window does not wait) and shown
 * after the regrouping. The window opens
 * from the case page. Search Gallery… on a person searches with its
 * template, recorded with its members. Screenshots: persons.png,
 * persons-narrow.png, persons-name.png, persons-merge.png,
 * persons-separate.png, persons-search.png.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-gui-persons"

#include "config.h"

#include <string.h>

#include <check.h>

#include "app/sl-case-page.h"
#include "app/sl-persons-window.h"
#include "app/sl-results-window.h"
#include "app/sl-search-dialog.h"
#include "engine/sightline-engine.h"
#include "sl-test-gui.h"
#include "sl-test-lfw.h"
#include "sl-test-store.h"

#define CASE_NUMBER "C-2024-160"
#define THE_NAME    "Tall man in the grey coat"

/* helpers */

static SlPersons *
engine_persons (void)
{
  g_autofree char *db = g_build_filename (sl_test_fresh_dir (), "sightline.db", NULL);
  g_autoptr(SlEngine) engine = sl_engine_new (db);
  g_autoptr(SlSession) ivy = NULL;
  g_autoptr(GError) error = NULL;
  SlPersons *persons;

  ck_assert_msg (sl_engine_open (engine, &error), "%s", error ? error->message : "");
  ivy = sl_test_engine_sign_in (engine, SL_TEST_GUI_INVESTIGATOR);
  persons = sl_engine_case_persons (engine, ivy, CASE_NUMBER, NULL, &error);
  ck_assert_msg (persons != NULL, "%s", error ? error->message : "");
  return persons;
}

/* The same persons, each with the same faces, best view and name. */
static void
assert_same_persons (const SlPersons *shown,
                     const SlPersons *expected)
{
  ck_assert_uint_eq (shown->persons->len, expected->persons->len);
  for (guint i = 0; i < expected->persons->len; i++)
    {
      SlPerson *e = g_ptr_array_index (expected->persons, i);
      SlPerson *s = g_ptr_array_index (shown->persons, i);

      ck_assert_uint_eq (s->number, e->number);
      ck_assert_str_eq (s->name != NULL ? s->name : "", e->name != NULL ? e->name : "");
      ck_assert_int_eq (s->best.face_id, e->best.face_id);
      ck_assert_uint_eq (s->sightings->len, e->sightings->len);
      for (guint j = 0; j < e->sightings->len; j++)
        ck_assert_int_eq (g_array_index (s->sightings, SlPersonSighting, j).face_id,
                          g_array_index (e->sightings, SlPersonSighting, j).face_id);
    }
}

static AdwExpanderRow *
row_of (GtkWidget      *window,
        const SlPerson *person)
{
  g_autofree char *name = g_strdup_printf ("person-%u", person->number);
  GtkWidget *row = sl_test_find_widget_named (window, name);

  ck_assert_msg (row != NULL, "no row %s", name);
  return ADW_EXPANDER_ROW (row);
}

/* Each person's row: its name or number, and its sightings. */
static void
assert_rows (GtkWidget       *window,
             const SlPersons *persons)
{
  GtkListBox *list = GTK_LIST_BOX (sl_test_find_by_id (window, "persons_list"));
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, (int) n) != NULL)
    n++;
  ck_assert_uint_eq (n, persons->persons->len);
  for (guint i = 0; i < persons->persons->len; i++)
    {
      SlPerson *p = g_ptr_array_index (persons->persons, i);
      AdwExpanderRow *row = row_of (window, p);
      g_autofree char *title = sl_persons_window_title (p);
      g_autofree char *seen = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sighting", "%u sightings",
                                                                         p->sightings->len),
                                                            p->sightings->len);

      ck_assert_str_eq (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title);
      ck_assert_msg (g_str_has_prefix (adw_expander_row_get_subtitle (row), seen), "%s",
                     adw_expander_row_get_subtitle (row));
    }
}

static SlPerson *
person_with (const SlPersons *persons,
             gint64           face)
{
  SlPerson *p = sl_persons_find ((SlPersons *) persons, face);

  ck_assert_msg (p != NULL, "face %" G_GINT64_FORMAT " is in no person", face);
  return p;
}

/* Three photos of one person and two of another, analysed by ivy. */
static void
seed (GPtrArray *people,
      gint64     first[3],
      gint64     second[2])
{
  g_autoptr(SlEngine) engine = sl_test_create_db ();
  g_autoptr(SlSession) ivy = NULL;
  g_autoptr(SlCase) c = NULL;
  g_autoptr(GError) error = NULL;

  sl_test_seed_users (engine);
  ivy = sl_test_engine_sign_in (engine, SL_TEST_GUI_INVESTIGATOR);
  c = sl_engine_case_open (engine, ivy, CASE_NUMBER, "Burglaries, Mill Lane", &error);
  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (people, 0), i);
      first[i] = sl_test_probe_face (engine, ivy, CASE_NUMBER, photo);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (people, 1), i);
      second[i] = sl_test_probe_face (engine, ivy, CASE_NUMBER, photo);
    }
}

/* Opens the window on the case and waits until the grouping is shown. */
static SlPersonsWindow *
open_persons (SlWindow *window)
{
  SlPersonsWindow *self = SL_PERSONS_WINDOW (sl_persons_window_new (sl_window_get_context (window),
                                                                    GTK_WINDOW (window), CASE_NUMBER));

  gtk_window_present (GTK_WINDOW (self));
  sl_test_wait_for (sl_persons_window_get_persons (self) != NULL);
  return self;
}

/* Waits for the regrouping a decision starts (recorded in a worker, so
 * the grouping shown before stays meanwhile), until the grouping shown
 * applies n_decisions; the engine's listing then. */
static SlPersons *
regrouped (SlPersonsWindow *self,
           guint            n_decisions)
{
  SlPersons *persons;

  sl_test_wait_for (sl_persons_window_get_persons (self) != NULL &&
                    sl_persons_window_get_persons (self)->n_decisions == n_decisions);
  persons = engine_persons ();
  assert_same_persons (sl_persons_window_get_persons (self), persons);
  assert_rows (GTK_WIDGET (self), persons);
  return persons;
}

/* The message dialog on screen: one answered may linger, hidden, until it
 * is finalised. */
static GtkWindow *
shown_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* Chooses the other person in the Merge With… / Not the Same Person As…
 * dialog and answers it. */
static void
choose_and_answer (const SlPerson *other,
                   const char     *response)
{
  GtkWindow *dialog;
  GtkDropDown *drop_down;
  GListModel *model;
  g_autofree char *title = sl_persons_window_title (other);
  gboolean chosen = FALSE;

  sl_test_wait_for ((dialog = shown_dialog ()) != NULL);
  sl_test_wait_until_drawn (GTK_WIDGET (dialog));
  ck_assert_msg (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), response), "no %s in %s", response,
                 adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)));
  drop_down = GTK_DROP_DOWN (sl_test_find_widget_named (GTK_WIDGET (dialog), "person_drop_down"));
  model = gtk_drop_down_get_model (drop_down);
  for (guint i = 0; i < g_list_model_get_n_items (model) && !chosen; i++)
    if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (model), i), title))
      {
        gtk_drop_down_set_selected (drop_down, i);
        chosen = TRUE;
      }
  ck_assert_msg (chosen, "no %s to choose", title);
  {
    g_autofree char *shot = g_strdup_printf ("persons-%s.png", response);

    sl_test_spin (200);
    sl_test_save_screenshot (GTK_WIDGET (dialog), shot);
  }
  /* What its button does: the response, then the dialog closes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (dialog);
}

/* Picks the first item of a combo row that starts with prefix. */
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

/* tests */

START_TEST (test_persons_window)
{
  g_autoptr(SlApplication) app = NULL;
  g_autoptr(SlPersons) expected = NULL;
  g_autoptr(SlPersons) named = NULL;
  g_autoptr(GPtrArray) people = sl_test_lfw_identities (3, 2);
  gint64 first[3], second[2];
  SlPersonsWindow *persons_window;
  GtkWidget *window_widget;
  GtkWindow *dialog;
  SlPerson *person;
  SlWindow *window;

  seed (people, first, second);
  expected = engine_persons ();
  ck_assert_uint_ge (expected->persons->len, 2);
  ck_assert_ptr_ne (person_with (expected, first[0]), person_with (expected, second[0]));

  app = sl_test_start_app ();
  window = sl_test_show_window (app);
  sl_test_sign_in (window, SL_TEST_GUI_INVESTIGATOR);

  /* The case page's menu item opens the window; the grouping runs in a
   * worker, the spinner showing until it is done. */
  {
    GtkWidget *cases = sl_test_find_widget (GTK_WIDGET (window), g_type_from_name ("SlCasesView"));
    SlCasePage *page = SL_CASE_PAGE (sl_test_find_widget (GTK_WIDGET (window), SL_TYPE_CASE_PAGE));

    ck_assert (gtk_widget_activate_action (cases, "cases.select", "s", CASE_NUMBER));
    sl_test_wait_for (g_strcmp0 (sl_case_page_get_case (page), CASE_NUMBER) == 0);
    ck_assert (gtk_widget_activate_action (GTK_WIDGET (page), "case.show-persons", NULL));
    persons_window = SL_PERSONS_WINDOW (sl_test_find_toplevel (SL_TYPE_PERSONS_WINDOW));
    ck_assert_ptr_nonnull (persons_window);
  }
  window_widget = GTK_WIDGET (persons_window);
  ck_assert_str_eq (gtk_stack_get_visible_child_name (GTK_STACK (sl_test_find_by_id (window_widget, "stack"))),
                    "loading");
  ck_assert (gtk_spinner_get_spinning (GTK_SPINNER (sl_test_find_by_id (window_widget, "spinner"))));
  sl_test_wait_for (sl_persons_window_get_persons (persons_window) != NULL);
  ck_assert_str_eq (gtk_stack_get_visible_child_name (GTK_STACK (sl_test_find_by_id (window_widget, "stack"))),
                    "list");
  assert_same_persons (sl_persons_window_get_persons (persons_window), expected);
  assert_rows (window_widget, expected);
  /* Unnamed, each is "Unknown person N" (in the test's language). */
  person = person_with (expected, first[0]);
  {
    g_autofree char *unknown = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Unknown person %u"), person->number);

    ck_assert_str_eq (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row_of (window_widget, person))), unknown);
  }

  /* Name… through the action, its dialog, and the regrouping. */
  ck_assert (gtk_widget_activate_action (window_widget, "persons.name", "u", person->number));
  sl_test_wait_for ((dialog = shown_dialog ()) != NULL);
  sl_test_wait_until_drawn (GTK_WIDGET (dialog));
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find_widget_named (GTK_WIDGET (dialog), "name_entry")), THE_NAME);
  sl_test_spin (200);
  sl_test_save_screenshot (GTK_WIDGET (dialog), "persons-name.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "name");
  gtk_window_close (dialog);
  sl_test_wait_for (sl_persons_window_get_persons (persons_window) != NULL
                    && sl_persons_find ((SlPersons *) sl_persons_window_get_persons (persons_window), first[0])->name
                         != NULL);
  named = engine_persons ();
  ck_assert_str_eq (person_with (named, first[0])->name, THE_NAME);
  ck_assert_ptr_null (person_with (named, second[0])->name);
  assert_same_persons (sl_persons_window_get_persons (persons_window), named);
  assert_rows (window_widget, named);
  ck_assert_str_eq (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row_of (window_widget,
                                                                                  person_with (named, first[0])))),
                    THE_NAME);

  adw_expander_row_set_expanded (row_of (window_widget, person_with (named, first[0])), TRUE);
  sl_test_wait_until_drawn (window_widget);
  sl_test_spin (400);
  sl_test_save_screenshot (window_widget, "persons.png");
  gtk_window_set_default_size (GTK_WINDOW (persons_window), 360, 640);
  sl_test_spin (400);
  sl_test_save_screenshot (window_widget, "persons-narrow.png");
  gtk_window_destroy (GTK_WINDOW (persons_window));
}
END_TEST

START_TEST (test_persons_decisions)
{
  g_autoptr(SlApplication) app = NULL;
  g_autoptr(GPtrArray) people = sl_test_lfw_identities (3, 2);
  g_autoptr(SlPersons) split = NULL;
  g_autoptr(SlPersons) merged = NULL;
  g_autoptr(SlPersons) separated = NULL;
  gint64 first[3], second[2];
  SlPersonsWindow *self;
  SlWindow *window;

  seed (people, first, second);
  app = sl_test_start_app ();
  window = sl_test_show_window (app);
  sl_test_sign_in (window, SL_TEST_GUI_INVESTIGATOR);
  self = open_persons (window);
  ck_assert_ptr_eq (sl_persons_find ((SlPersons *) sl_persons_window_get_persons (self), first[0]),
                    sl_persons_find ((SlPersons *) sl_persons_window_get_persons (self), first[1]));

  /* Move Out: the first photo becomes a person of its own. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (self), "persons.split", "x", first[0]));
  /* Recorded in a worker: the action returns at once, the grouping shown
   * before stays until the decision is recorded and the case regrouped. */
  ck_assert_ptr_nonnull (sl_persons_window_get_persons (self));
  ck_assert_ptr_eq (person_with (sl_persons_window_get_persons (self), first[0]),
                    person_with (sl_persons_window_get_persons (self), first[1]));
  split = regrouped (self, 1);
  ck_assert_uint_eq (split->n_decisions, 1);
  ck_assert_uint_eq (person_with (split, first[0])->sightings->len, 1);
  ck_assert_ptr_ne (person_with (split, first[0]), person_with (split, first[1]));

  /* Merge With…: back with the other two. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (self), "persons.merge", "u",
                                         person_with (split, first[0])->number));
  choose_and_answer (person_with (split, first[1]), "merge");
  merged = regrouped (self, 2);
  ck_assert_uint_eq (merged->n_decisions, 2);
  ck_assert_ptr_eq (person_with (merged, first[0]), person_with (merged, first[1]));
  ck_assert_uint_eq (person_with (merged, first[0])->sightings->len, 3);

  /* Not the Same Person As…: recorded, and the two stay apart. */
  ck_assert (gtk_widget_activate_action (GTK_WIDGET (self), "persons.separate", "u",
                                         person_with (merged, first[0])->number));
  choose_and_answer (person_with (merged, second[0]), "separate");
  separated = regrouped (self, 3);
  ck_assert_uint_eq (separated->n_decisions, 3);
  ck_assert_ptr_ne (person_with (separated, first[0]), person_with (separated, second[0]));
  ck_assert_uint_eq (person_with (separated, first[0])->sightings->len, 3);

  gtk_window_destroy (GTK_WINDOW (self));
}
END_TEST

/* Search Gallery… on a person: the justification dialog offers the
 * person's template (of all its sightings) or its best view; the search
 * runs from it, opens its results, and is recorded with the faces the
 * template was made of, and audited. */
START_TEST (test_persons_search_gallery)
{
  g_autoptr(SlApplication) app = NULL;
  g_autofree char *db = NULL;
  SlTestCaseSeed seed;
  SlPersonsWindow *self;
  const SlPerson *person;
  SlWindow *window;
  GtkWidget *dialog;
  GListModel *probes;
  g_autofree char *template = NULL;
  gint64 search_id;

  /* The seeded case: a photo of the first gallery person and a stranger's;
   * two more photos of that person join it. */
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
        sl_test_probe_face (engine, ivy, CASE_NUMBER, photo);
      }
  }
  app = sl_test_start_app ();
  window = sl_test_show_window (app);
  sl_test_sign_in (window, SL_TEST_GUI_INVESTIGATOR);
  self = open_persons (window);
  person = sl_persons_find ((SlPersons *) sl_persons_window_get_persons (self), seed.face_id);
  ck_assert_ptr_nonnull (person);

  ck_assert (gtk_widget_activate_action (GTK_WIDGET (self), "persons.search-gallery", "u", person->number));
  sl_test_wait_for ((dialog = GTK_WIDGET (sl_test_find_toplevel (SL_TYPE_SEARCH_DIALOG))) != NULL);
  sl_test_wait_until_drawn (dialog);
  ck_assert (gtk_widget_get_visible (sl_test_find_by_id (dialog, "track_probe_row")));
  probes = adw_combo_row_get_model (ADW_COMBO_ROW (sl_test_find_by_id (dialog, "track_probe_row")));
  template = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Its template is the mean of its %u sighting",
                                           "Its template is the mean of its %u sightings", person->sightings->len),
                              person->sightings->len);
  ck_assert_str_eq (gtk_string_list_get_string (GTK_STRING_LIST (probes), 0),
                    g_dgettext (GETTEXT_PACKAGE, "Its template"));
  ck_assert_str_eq (adw_action_row_get_subtitle (ADW_ACTION_ROW (sl_test_find_by_id (dialog, "track_probe_row"))),
                    template);
  ck_assert_uint_eq (adw_combo_row_get_selected (ADW_COMBO_ROW (sl_test_find_by_id (dialog, "track_probe_row"))), 0);
  choose (dialog, "offense_row", "ROBBERY");
  choose (dialog, "purpose_row", g_dgettext (GETTEXT_PACKAGE, "Suspect"));
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find_by_id (dialog, "legal_basis_row")),
                         "Warrant 2024/160 of the district court");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (sl_test_find_by_id (dialog, "facts_view"))),
                            "The man on the shop camera took the till at 21:40 and left on foot.", -1);
  sl_test_spin (200);
  {
    GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (sl_test_find_widget (dialog, GTK_TYPE_SCROLLED_WINDOW)));

    gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v));
  }
  sl_test_spin (300);
  sl_test_save_screenshot (dialog, "persons-search.png");
  ck_assert (gtk_widget_activate_action (dialog, "search.run", NULL));
  sl_test_wait_for (sl_test_find_toplevel (SL_TYPE_RESULTS_WINDOW) != NULL);

  search_id = sl_test_sql_int (db, "SELECT max (id) FROM searches");
  ck_assert_int_eq (sl_test_sql_int (db, "SELECT face_id FROM searches WHERE id = (SELECT max (id) FROM searches)"),
                    person->best.face_id);
  ck_assert_int_eq (sl_test_sql_int (db, "SELECT count(*) FROM search_person_members WHERE search_id = "
                                         "(SELECT max (id) FROM searches)"), person->sightings->len);
  ck_assert_int_eq (sl_test_sql_int (db, "SELECT count(*) FROM audit WHERE action = 'search' AND outcome = 'success' "
                                         "AND json_extract (details, '$.probe') = 'person-template' AND "
                                         "json_extract (details, '$.search_id') = (SELECT max (id) FROM searches)"),
                    1);
  ck_assert_int_gt (search_id, 0);
  gtk_window_destroy (GTK_WINDOW (self));
}
END_TEST

static Suite *
gui_persons_suite (void)
{
  Suite *suite = suite_create ("gui-persons");
  TCase *tc = tcase_create ("persons");

  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_persons_window);
  tcase_add_test (tc, test_persons_decisions);
  tcase_add_test (tc, test_persons_search_gallery);
  suite_add_tcase (suite, tc);
  return suite;
}

int
main (void)
{
  return sl_test_gui_run (gui_persons_suite ());
}
