/* sl-test-gui.c: helpers of the GUI suites (see sl-test-gui.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <X11/Xlib.h>

#include "app/sl-search-dialog.h"
#include "sl-test-gui.h"
#include "sl-test-lfw.h"

static char *fresh_dir;

gboolean
sl_test_tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
sl_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

const char *
sl_test_fresh_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;

  if (fresh_dir != NULL)
    return fresh_dir;

  fresh_dir = g_dir_make_tmp ("sightline-gui-XXXXXX", &error);
  ck_assert_msg (fresh_dir != NULL, "%s", error ? error->message : "?");
  db = g_build_filename (fresh_dir, "sightline.db", NULL);
  g_setenv ("SIGHTLINE_DATA_DIR", fresh_dir, TRUE);
  g_setenv ("SIGHTLINE_DB", db, TRUE);
  return fresh_dir;
}

SlEngine *
sl_test_create_db (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (sl_test_fresh_dir (), "sightline.db", NULL);
  g_autoptr(SlEngine) engine = sl_engine_new (db);

  ck_assert_msg (sl_engine_init_database (engine, SL_TEST_GUI_ADMIN, "Alex Admin",
                                          SL_TEST_GUI_PASSWORD, NULL, &error),
                 "%s", error ? error->message : "?");
  ck_assert_msg (sl_engine_open (engine, &error), "%s", error ? error->message : "?");
  return g_steal_pointer (&engine);
}

SlSession *
sl_test_engine_sign_in (SlEngine   *engine,
                        const char *username)
{
  g_autoptr(GError) error = NULL;
  SlSession *session = sl_engine_sign_in (engine, username, SL_TEST_GUI_PASSWORD, &error);

  ck_assert_msg (session != NULL, "%s: %s", username, error ? error->message : "?");
  return session;
}

void
sl_test_seed_users (SlEngine *engine)
{
  g_autoptr(SlSession) admin = sl_test_engine_sign_in (engine, SL_TEST_GUI_ADMIN);
  static const struct { const char *name, *display; SlRole role; } users[] = {
    { SL_TEST_GUI_INVESTIGATOR,  "Ivy Investigator", SL_ROLE_INVESTIGATOR },
    { SL_TEST_GUI_INVESTIGATOR2, "Ian Investigator", SL_ROLE_INVESTIGATOR },
    { SL_TEST_GUI_SUPERVISOR,    "Sam Supervisor",   SL_ROLE_SUPERVISOR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autoptr(GError) error = NULL;

      ck_assert_msg (sl_engine_user_add (engine, admin, users[i].name, users[i].display,
                                         users[i].role, SL_TEST_GUI_PASSWORD, &error),
                     "%s", error ? error->message : "?");
    }
}

SlEnrolSummary *
sl_test_seed_gallery (SlEngine   *engine,
                      SlSession  *admin,
                      const char *gallery,
                      const char *description,
                      GPtrArray  *people,
                      guint       images)
{
  g_autofree char *root = g_build_filename (sl_test_fresh_dir (), "gallery", NULL);
  g_autofree char *dir = sl_test_lfw_gallery_dir (root, people, images);

  return sl_test_enrol (engine, admin, gallery, description, dir);
}

void
sl_test_seed_case_with_probe (const char     *case_number,
                              SlTestCaseSeed *out)
{
  g_autoptr(SlEngine) engine = sl_test_create_db ();
  g_autoptr(SlSession) admin = NULL;
  g_autoptr(SlSession) ivy = NULL;
  g_autoptr(GPtrArray) people = sl_test_lfw_identities (3, 9);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEnrolSummary) summary = NULL;
  g_autoptr(SlCase) c = NULL;
  g_autofree char *stranger = g_strdup (g_ptr_array_index (people, 8));
  g_autofree char *mated_photo = NULL;
  g_autofree char *stranger_photo = NULL;

  sl_test_seed_users (engine);
  admin = sl_test_engine_sign_in (engine, SL_TEST_GUI_ADMIN);
  ivy = sl_test_engine_sign_in (engine, SL_TEST_GUI_INVESTIGATOR);

  /* Eight enrolled; the ninth is the stranger. */
  g_ptr_array_set_size (people, 8);
  summary = sl_test_seed_gallery (engine, admin, "county", "Booking photos", people, 2);
  ck_assert_uint_ge (summary->counts[SL_ENROL_ENROLLED], 12);

  c = sl_engine_case_open (engine, ivy, case_number, "Shop robbery, High Street", &error);
  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  out->mated = g_strdup (g_ptr_array_index (people, 0));
  mated_photo = sl_test_lfw_image (out->mated, 2);
  out->face_id = sl_test_probe_face (engine, ivy, case_number, mated_photo);
  stranger_photo = sl_test_lfw_image (stranger, 0);
  out->stranger_id = sl_test_probe_face (engine, ivy, case_number, stranger_photo);
}

SlApplication *
sl_test_start_app (void)
{
  g_autoptr(GError) error = NULL;
  SlApplication *app;

  /* Never the user's own database. */
  sl_test_fresh_dir ();
  app = sl_application_new ();

  /* Tests run side by side: no single-instance name on the session bus. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  ck_assert_msg (g_application_register (G_APPLICATION (app), NULL, &error),
                 "cannot register the application: %s", error ? error->message : "?");
  return app;
}

SlWindow *
sl_test_show_window (SlApplication *app)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  ck_assert_ptr_nonnull (window);
  ck_assert (SL_IS_WINDOW (window));
  sl_test_wait_until_drawn (GTK_WIDGET (window));
  return SL_WINDOW (window);
}

void
sl_test_sign_in (SlWindow   *window,
                 const char *username)
{
  GtkWidget *user_row, *password_row, *stack;

  sl_test_wait_for (g_strcmp0 (sl_window_get_page (window), "sign-in") == 0);
  user_row = sl_test_find_by_id (GTK_WIDGET (window), "username_row");
  password_row = sl_test_find_by_id (GTK_WIDGET (window), "password_row");
  ck_assert_ptr_nonnull (user_row);
  ck_assert_ptr_nonnull (password_row);

  gtk_editable_set_text (GTK_EDITABLE (user_row), username);
  gtk_editable_set_text (GTK_EDITABLE (password_row), SL_TEST_GUI_PASSWORD);
  ck_assert (gtk_widget_activate_action (gtk_widget_get_ancestor (user_row, g_type_from_name ("SlSignInPage")),
                                         "sign-in.submit", NULL));
  sl_test_wait_for (g_strcmp0 (sl_window_get_page (window), "workspace") == 0);
  /* Screenshots show the workspace, not the cross-fade into it. */
  stack = sl_test_find_by_id (GTK_WIDGET (window), "stack");
  sl_test_wait_for (!gtk_stack_get_transition_running (GTK_STACK (stack)));
  sl_test_wait_until_drawn (GTK_WIDGET (window));
}

void
sl_test_wait_until_drawn (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gint64 frame;

  sl_test_wait_for (gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0);
  clock = gtk_widget_get_frame_clock (widget);
  frame = gdk_frame_clock_get_frame_counter (clock);
  gtk_widget_queue_draw (widget);
  sl_test_wait_for (gdk_frame_clock_get_frame_counter (clock) > frame);
}

GtkWidget *
sl_test_find_widget (GtkWidget *widget,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sl_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
sl_test_find_by_id (GtkWidget  *widget,
                    const char *id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sl_test_find_by_id (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
sl_test_find_button (GtkWidget  *widget,
                     const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget))
    {
      const char *text = gtk_button_get_label (GTK_BUTTON (widget));
      g_autofree char *plain = NULL;

      if (text != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (text, "_", -1);

          plain = g_strjoinv ("", parts);
          if (g_str_equal (plain, label))
            return widget;
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sl_test_find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWindow *
sl_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && !SL_IS_WINDOW (window))
        return window;
    }
  return NULL;
}

/* What widget drew in its last frame, or NULL if it has not drawn since it
 * last changed. */
static GskRenderNode *
last_drawn_node (GtkWidget *widget,
                 int        width,
                 int        height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  return gtk_snapshot_free_to_node (snapshot);
}

void
sl_test_save_screenshot (GtkWidget  *widget,
                         const char *name)
{
  const char *dir = g_getenv ("SIGHTLINE_TEST_OUTPUT_DIR");
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  sl_test_wait_until_drawn (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  /* Any change since (a focus moving, a popover closing) drops the drawn
   * frame until the next one. */
  sl_test_wait_for ((node = last_drawn_node (widget, width, height)) != NULL ||
                     (gtk_widget_queue_draw (widget), FALSE));

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  ck_assert_ptr_nonnull (renderer);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir != NULL ? dir : ".", name, NULL);
  ck_assert_msg (gdk_texture_save_to_png (texture, path), "cannot write %s", path);
  fprintf (stderr, "# screenshot: %s\n", path);
}

GtkWidget *
sl_test_open_search_dialog (SlWindow   *window,
                            const char *case_number,
                            gint64      face_id)
{
  GtkWindow *dialog;

  sl_search_dialog_present (sl_window_get_context (window), GTK_WINDOW (window), case_number, face_id, 0);
  sl_test_wait_for ((dialog = sl_test_find_toplevel (SL_TYPE_SEARCH_DIALOG)) != NULL);
  sl_test_wait_until_drawn (GTK_WIDGET (dialog));
  return GTK_WIDGET (dialog);
}

void
sl_test_use_language (const char *language)
{
  const char *localedir = g_getenv ("SIGHTLINE_LOCALEDIR");

  ck_assert_msg (localedir != NULL, "SIGHTLINE_LOCALEDIR is not set");
  /* LANGUAGE is ignored under the plain C locale, not under C.UTF-8. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", language, TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

int
sl_test_gui_run (Suite *suite)
{
  SRunner *runner;
  const char *display = g_getenv ("DISPLAY");
  Display *keep_alive;
  int failed;

  /* "Bail out!" stops a TAP run with a reason meson test shows. */
  if (display == NULL || *display == '\0')
    {
      printf ("Bail out! DISPLAY is not set: run the GUI tests under Xvfb, "
              "e.g. xvfb-run -a meson test -C BUILDDIR\n");
      return EXIT_FAILURE;
    }

  /* SIGHTLINE_TEST_LANGUAGE=de runs the GUI tests in that language, for
   * its screenshots; without it they are in English whatever the locale. */
  if (g_getenv ("SIGHTLINE_TEST_LANGUAGE") != NULL && g_getenv ("SIGHTLINE_LOCALEDIR") != NULL)
    sl_test_use_language (g_getenv ("SIGHTLINE_TEST_LANGUAGE"));

  /* xvfb-run starts Xvfb without -noreset, so the server resets whenever
   * its last client leaves, and a test connecting in that moment fails.
   * One plain Xlib connection held here (this is not GTK) keeps the server
   * up from one forked test to the next. */
  keep_alive = XOpenDisplay (NULL);
  if (keep_alive == NULL)
    {
      printf ("Bail out! cannot open X display '%s': is Xvfb running?\n", display);
      return EXIT_FAILURE;
    }

  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  XCloseDisplay (keep_alive);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

void
sl_test_collect_labels (GtkWidget *root,
                        GString   *out)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (root)));
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    sl_test_collect_labels (c, out);
}

GtkWidget *
sl_test_find_widget_named (GtkWidget  *root,
                           const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = sl_test_find_widget_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
sl_test_report_wide (GtkWidget *widget,
                     int        limit)
{
  int min = 0;
  gboolean child_wide = FALSE;

  if (!gtk_widget_get_visible (widget))
    return;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      int cmin = 0;

      if (gtk_widget_get_visible (c))
        gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, &cmin, NULL, NULL, NULL);
      child_wide |= cmin > limit;
    }
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min > limit && !child_wide)
    {
      GtkWidget *owner = gtk_widget_get_parent (widget);

      while (owner != NULL && !g_str_has_prefix (G_OBJECT_TYPE_NAME (owner), "Sl"))
        owner = gtk_widget_get_parent (owner);
      fprintf (stderr, "# too wide, in %s: %s %s%s%s, %d px\n", owner != NULL ? G_OBJECT_TYPE_NAME (owner) : "-",
               G_OBJECT_TYPE_NAME (widget), gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) ?: "",
               GTK_IS_LABEL (widget) ? " " : "", GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : "",
               min);
      for (GtkWidget *a = gtk_widget_get_parent (widget); a != NULL && a != owner; a = gtk_widget_get_parent (a))
        fprintf (stderr, "#   in %s %s\n", G_OBJECT_TYPE_NAME (a),
                 GTK_IS_BUILDABLE (a) && gtk_buildable_get_buildable_id (GTK_BUILDABLE (a)) ?
                 gtk_buildable_get_buildable_id (GTK_BUILDABLE (a)) : "");
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
        {
          int cmin = 0;

          gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, &cmin, NULL, NULL, NULL);
          fprintf (stderr, "#   holds %s %s %d\n", G_OBJECT_TYPE_NAME (c),
                   GTK_IS_LABEL (c) ? gtk_label_get_text (GTK_LABEL (c)) : "", cmin);
        }
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    sl_test_report_wide (c, limit);
}
