/* sl-application.c: the Sightline desktop application: its resources,
 * keyboard shortcuts and main window.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-application"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "app/sl-application-private.h"
#include "app/sl-debug.h"
#include "app/sl-window.h"
#include "engine/sightline-engine.h"
#include "sl-app-resources.h"

struct _SlApplication
{
  AdwApplication  parent_instance;
  SlAppContext   *context;
};

G_DEFINE_FINAL_TYPE (SlApplication, sl_application, ADW_TYPE_APPLICATION)

typedef struct
{
  const char *action;
  const char *accels[2];
} SlAccel;

static const SlAccel accels[] = {
  { "app.quit",            { "<Control>q", NULL } },
  { "window.close",        { "<Control>w", NULL } },
  { "win.sign-out",        { "<Control><Shift>l", NULL } },
  { "win.show-view::cases",  { "<Alt>1", NULL } },
  { "win.show-view::review", { "<Alt>2", NULL } },
  { "win.show-view::audit",  { "<Alt>3", NULL } },
  { "win.show-view::admin",  { "<Alt>4", NULL } },
};

/* helpers */

static void
on_first_frame (GdkFrameClock *clock,
                GApplication  *application)
{
  /* `sightline-cli bench startup` reads this line: the monotonic time of
   * the first frame with the window's first page drawn. */
  printf ("sightline-first-frame-us %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_signal_handlers_disconnect_by_func (clock, on_first_frame, application);
  g_application_quit (application);
}

static void
on_window_mapped (GtkWidget    *window,
                  GApplication *application)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (on_first_frame), application, 0);
}

/* overrides */

static void
sl_application_startup (GApplication *application)
{
  SlApplication *self = SL_APPLICATION (application);
  g_autoptr(SlEngine) engine = NULL;

  G_APPLICATION_CLASS (sl_application_parent_class)->startup (application);
  sl_debug_latency_start ();

  g_set_application_name (_("Sightline"));
  gtk_window_set_default_icon_name (APP_ID);

  /* Investigators work long hours in dim rooms as well as in bright
   * offices: light or dark is the desktop's choice, never ours. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);

  /* The database opens with the window, so that a problem with it is
   * shown there rather than ending the program. */
  engine = sl_engine_new (g_getenv ("SIGHTLINE_DB"));
  self->context = sl_app_context_new (engine);

  _sl_application_actions_init (self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action,
                                           accels[i].accels);
}

static void
sl_application_activate (GApplication *application)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window == NULL)
    window = GTK_WINDOW (sl_window_new (GTK_APPLICATION (application),
                                        SL_APPLICATION (application)->context));

  if (sl_debug_enabled (SL_DEBUG_STARTUP) &&
      !gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_signal_connect_object (window, "map", G_CALLBACK (on_window_mapped), application, 0);
  gtk_window_present (window);
}

static void
sl_application_shutdown (GApplication *application)
{
  sl_debug_latency_stop ();
  G_APPLICATION_CLASS (sl_application_parent_class)->shutdown (application);
}

static void
sl_application_dispose (GObject *object)
{
  SlApplication *self = SL_APPLICATION (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_application_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_application_class_init (SlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sl_application_dispose;

  app_class->startup = sl_application_startup;
  app_class->shutdown = sl_application_shutdown;
  app_class->activate = sl_application_activate;

  /* The resources live in a static library; registering them by hand
   * (rather than from a constructor the linker may drop) keeps the .ui
   * templates, the stylesheet and the icons linked into every program
   * that uses this class. */
  sl_app_register_resource ();
}

static void
sl_application_init (SlApplication *self)
{
}

/* public API */

SlApplication *
sl_application_new (void)
{
  return g_object_new (SL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

SlAppContext *
sl_application_get_context (SlApplication *self)
{
  g_return_val_if_fail (SL_IS_APPLICATION (self), NULL);

  return self->context;
}
