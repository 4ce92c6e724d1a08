/* sl-application.c: the Sightline desktop application: its resources,
 * keyboard shortcuts and main window.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-application"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-application-private.h"
#include "app/sl-window.h"
#include "sl-app-resources.h"

struct _SlApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (SlApplication, sl_application, ADW_TYPE_APPLICATION)

typedef struct
{
  const char *action;
  const char *accels[2];
} SlAccel;

static const SlAccel accels[] = {
  { "app.quit",     { "<Control>q", NULL } },
  { "window.close", { "<Control>w", NULL } },
};

/* overrides */

static void
sl_application_startup (GApplication *application)
{
  SlApplication *self = SL_APPLICATION (application);

  G_APPLICATION_CLASS (sl_application_parent_class)->startup (application);

  g_set_application_name (_("Sightline"));
  gtk_window_set_default_icon_name (APP_ID);

  /* Investigators work long hours in dim rooms as well as in bright
   * offices: light or dark is the desktop's choice, never ours. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);

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
    window = GTK_WINDOW (sl_window_new (GTK_APPLICATION (application)));

  gtk_window_present (window);
}

/* class_init / init */

static void
sl_application_class_init (SlApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = sl_application_startup;
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
