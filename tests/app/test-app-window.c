/* test-app-window.c: the desktop application on a real X display (Xvfb):
 * the main window and its welcome page, the main menu, light or dark as
 * the desktop prefers, About, Keyboard Shortcuts, Quit, the saved window
 * size and the German translation.
 * Each test saves a screenshot of what it showed next to the test binary.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-app-window"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include <check.h>
#include <glib/gi18n.h>
#include <X11/Xlib.h>

#include "app/sl-application.h"
#include "app/sl-window.h"

/* GTK is initialised by GtkApplication's startup inside each forked test,
 * never in Check's parent: a parent-initialised GTK hangs the children. */

#define TIMEOUT_S 20

/* helpers */

static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until COND holds, failing the test after TIMEOUT_S. */
#define wait_for(cond)                                                      \
  G_STMT_START {                                                            \
    gint64 deadline_ = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC; \
    guint tick_ = g_timeout_add (10, tick, NULL);                           \
    while (!(cond))                                                         \
      {                                                                     \
        ck_assert_msg (g_get_monotonic_time () < deadline_,                 \
                       "timed out waiting for %s", #cond);                  \
        g_main_context_iteration (NULL, TRUE);                              \
      }                                                                     \
    g_source_remove (tick_);                                                \
  } G_STMT_END

/* Waits until WIDGET is mapped, laid out and has been through a frame that
 * started after that: what a person would see. */
static void
wait_until_drawn (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gint64 frame;

  wait_for (gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0);
  clock = gtk_widget_get_frame_clock (widget);
  frame = gdk_frame_clock_get_frame_counter (clock);
  gtk_widget_queue_draw (widget);
  wait_for (gdk_frame_clock_get_frame_counter (clock) > frame);
}

static SlApplication *
start_app (void)
{
  g_autoptr(GError) error = NULL;
  SlApplication *app = sl_application_new ();

  /* Tests run side by side: no single-instance name on the session bus. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  ck_assert_msg (g_application_register (G_APPLICATION (app), NULL, &error),
                 "cannot register the application: %s",
                 error ? error->message : "?");
  return app;
}

/* Activates the application as a launch would and waits until its main
 * window is on screen and has drawn. */
static SlWindow *
show_main_window (SlApplication *app)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  ck_assert_ptr_nonnull (window);
  ck_assert (SL_IS_WINDOW (window));

  wait_until_drawn (GTK_WIDGET (window));

  return SL_WINDOW (window);
}

/* Depth-first search of WIDGET and its descendants for one of TYPE. */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A toplevel of TYPE, whether or not it belongs to the application (GTK
 * owns toplevels, so the pointer outlives the list item). */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static void
collect_menu_actions (GMenuModel *model,
                      GPtrArray  *actions)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autoptr(GMenuLinkIter) links = NULL;
      char *action = NULL;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        g_ptr_array_add (actions, action);

      links = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) link = g_menu_link_iter_get_value (links);

          collect_menu_actions (link, actions);
        }
    }
}

static gboolean
has_accel (SlApplication *app,
           const char    *action,
           const char    *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  return accels != NULL && g_strv_contains ((const char * const *) accels, accel);
}

/* What WIDGET drew in its last frame, or NULL if it has not drawn since
 * it last changed. */
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

/* Renders WIDGET the way it is on screen, with the renderer of its own
 * window, into a PNG beside the test binary: a test artefact to look at. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("SIGHTLINE_TEST_OUTPUT_DIR");
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  wait_until_drawn (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  /* Any change since (a focus moving, a popover closing) drops the drawn
   * frame until the next one. */
  wait_for ((node = last_drawn_node (widget, width, height)) != NULL ||
            (gtk_widget_queue_draw (widget), FALSE));

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  ck_assert_ptr_nonnull (renderer);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  ck_assert_int_eq (gdk_texture_get_width (texture), width);
  ck_assert_int_eq (gdk_texture_get_height (texture), height);

  path = g_build_filename (dir != NULL ? dir : ".", name, NULL);
  ck_assert_msg (gdk_texture_save_to_png (texture, path), "cannot write %s", path);
  fprintf (stderr, "# screenshot: %s\n", path);
}

/* tests */

START_TEST (test_window_shows_welcome)
{
  g_autoptr(SlApplication) app = start_app ();
  SlWindow *window = show_main_window (app);
  GtkWidget *header_bar, *stack, *page, *menu_button, *popover;
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);

  ck_assert_str_eq (gtk_window_get_title (GTK_WINDOW (window)), "Sightline");

  header_bar = find_widget (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  ck_assert_ptr_nonnull (header_bar);
  ck_assert (gtk_widget_get_mapped (header_bar));

  page = find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  ck_assert_ptr_nonnull (page);
  stack = gtk_widget_get_ancestor (page, GTK_TYPE_STACK);
  ck_assert_ptr_nonnull (stack);
  ck_assert_str_eq (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "welcome");
  ck_assert_ptr_eq (gtk_stack_get_visible_child (GTK_STACK (stack)), page);
  ck_assert (gtk_widget_get_mapped (page));
  ck_assert_str_eq (adw_status_page_get_title (ADW_STATUS_PAGE (page)),
                    "Investigative Leads, Not Identifications");
  ck_assert_str_eq (adw_status_page_get_icon_name (ADW_STATUS_PAGE (page)), APP_ID);
  ck_assert (find_widget (page, ADW_TYPE_ACTION_ROW) != NULL);

  /* The app icon comes from the application's own resources, so it shows
   * before anything is installed. */
  ck_assert (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                      APP_ID));

  menu_button = find_widget (header_bar, GTK_TYPE_MENU_BUTTON);
  ck_assert_ptr_nonnull (menu_button);
  ck_assert (gtk_menu_button_get_primary (GTK_MENU_BUTTON (menu_button)));
  collect_menu_actions (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)), actions);
  ck_assert_uint_eq (actions->len, 3);
  ck_assert (g_ptr_array_find_with_equal_func (actions, "win.show-help-overlay", g_str_equal, NULL));
  ck_assert (g_ptr_array_find_with_equal_func (actions, "app.about", g_str_equal, NULL));
  ck_assert (g_ptr_array_find_with_equal_func (actions, "app.quit", g_str_equal, NULL));

  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  ck_assert_ptr_nonnull (popover);
  wait_until_drawn (popover);
  save_screenshot (popover, "sightline-menu.png");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));

  /* Light or dark follows the desktop. */
  ck_assert_int_eq (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()),
                    ADW_COLOR_SCHEME_DEFAULT);

  save_screenshot (GTK_WIDGET (window), "sightline-window.png");
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_follows_dark_system)
{
  g_autoptr(SlApplication) app = NULL;
  SlWindow *window;

  /* libadwaita's stand-in for the desktop's "prefer dark" setting; read
   * once, when the style manager starts. */
  g_setenv ("ADW_DEBUG_COLOR_SCHEME", "prefer-dark", TRUE);
  app = start_app ();
  window = show_main_window (app);

  ck_assert (adw_style_manager_get_dark (adw_style_manager_get_default ()));

  save_screenshot (GTK_WIDGET (window), "sightline-window-dark.png");
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_about)
{
  g_autoptr(SlApplication) app = start_app ();
  SlWindow *window = show_main_window (app);
  GtkWindow *about;

  ck_assert (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);

  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  ck_assert_msg (about != NULL, "app.about showed no AdwAboutWindow");
  wait_until_drawn (GTK_WIDGET (about));

  ck_assert_ptr_eq (gtk_window_get_transient_for (about), GTK_WINDOW (window));
  ck_assert (gtk_window_get_modal (about));
  ck_assert_str_eq (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), "Sightline");
  ck_assert_str_eq (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), APP_ID);
  ck_assert_str_eq (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), PACKAGE_VERSION);
  /* GPL-3.0-or-later */
  ck_assert_int_eq (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)),
                    GTK_LICENSE_GPL_3_0);

  save_screenshot (GTK_WIDGET (about), "sightline-about.png");
  gtk_window_destroy (about);
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_shortcuts)
{
  g_autoptr(SlApplication) app = start_app ();
  SlWindow *window = show_main_window (app);
  GtkShortcutsWindow *overlay;

  /* Loaded by GtkApplication from /org/sightline/Sightline/gtk/help-overlay.ui */
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  ck_assert_msg (overlay != NULL, "no help overlay: is gtk/help-overlay.ui in the resources?");
  ck_assert (!gtk_widget_get_visible (GTK_WIDGET (overlay)));

  ck_assert (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  wait_until_drawn (GTK_WIDGET (overlay));
  ck_assert (find_widget (GTK_WIDGET (overlay), GTK_TYPE_SHORTCUTS_SHORTCUT) != NULL);

  save_screenshot (GTK_WIDGET (overlay), "sightline-shortcuts.png");
  gtk_window_destroy (GTK_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_accels)
{
  g_autoptr(SlApplication) app = start_app ();
  SlWindow *window = show_main_window (app);

  ck_assert (has_accel (app, "app.quit", "<Control>q"));
  ck_assert (has_accel (app, "window.close", "<Control>w"));
  ck_assert (has_accel (app, "win.show-help-overlay", "<Control>question"));
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

static gboolean
quit_once_shown (gpointer data)
{
  SlApplication *app = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL || !gtk_widget_get_mapped (GTK_WIDGET (window)))
    return G_SOURCE_CONTINUE;

  g_object_set_data (G_OBJECT (app), "was-shown", GINT_TO_POINTER (TRUE));
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

START_TEST (test_quit)
{
  g_autoptr(SlApplication) app = sl_application_new ();
  char *argv[] = { (char *) "sightline", NULL };
  int status;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_timeout_add (10, quit_once_shown, app);
  status = g_application_run (G_APPLICATION (app), 1, argv);

  ck_assert_int_eq (status, 0);
  ck_assert (g_object_get_data (G_OBJECT (app), "was-shown"));
}
END_TEST

START_TEST (test_window_size_saved)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(SlApplication) app = NULL;
  SlWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 800);
  g_settings_set_int (settings, "window-height", 600);

  app = start_app ();
  window = show_main_window (app);

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  ck_assert_int_eq (width, 800);
  ck_assert_int_eq (height, 600);

  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  ck_assert_int_eq (g_settings_get_int (settings, "window-width"), 1024);
  ck_assert_int_eq (g_settings_get_int (settings, "window-height"), 700);
  ck_assert (!g_settings_get_boolean (settings, "window-maximized"));

  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

START_TEST (test_german)
{
  const char *localedir = g_getenv ("SIGHTLINE_LOCALEDIR");
  g_autoptr(SlApplication) app = NULL;
  SlWindow *window;
  GtkWidget *page;

  ck_assert_msg (localedir != NULL, "SIGHTLINE_LOCALEDIR is not set");
  /* LANGUAGE is ignored under the plain C locale, not under C.UTF-8. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "de", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = start_app ();
  window = show_main_window (app);
  page = find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  ck_assert_ptr_nonnull (page);
  ck_assert_str_eq (adw_status_page_get_title (ADW_STATUS_PAGE (page)),
                    "Ermittlungsansätze, keine Identifizierungen");

  save_screenshot (GTK_WIDGET (window), "sightline-window-de.png");
  gtk_window_destroy (GTK_WINDOW (window));
}
END_TEST

static Suite *
app_window_suite (void)
{
  Suite *s = suite_create ("app-window");
  TCase *tc = tcase_create ("window");

  tcase_set_timeout (tc, 2 * TIMEOUT_S);
  tcase_add_test (tc, test_window_shows_welcome);
  tcase_add_test (tc, test_follows_dark_system);
  tcase_add_test (tc, test_about);
  tcase_add_test (tc, test_shortcuts);
  tcase_add_test (tc, test_accels);
  tcase_add_test (tc, test_quit);
  tcase_add_test (tc, test_window_size_saved);
  tcase_add_test (tc, test_german);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
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

  runner = srunner_create (app_window_suite ());
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  XCloseDisplay (keep_alive);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
