/* sl-application-actions.c: the app.* actions: About and Quit.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-application-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-application-private.h"
#include "app/sl-window.h"

/* callbacks */

static void
sl_application_about (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  SlApplication *self = user_data;
  GtkWindow *parent;
  GtkWidget *about;

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Sightline"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Sightline Developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Sightline searches a reference gallery for faces that "
                                      "resemble a person in case evidence. Every search needs a "
                                      "recorded justification, every action is written to a "
                                      "tamper-evident audit log, and every candidate is an "
                                      "investigative lead for people to review, never an "
                                      "identification."),
                        "copyright", _("© 2026 The Sightline Developers"),
                        /* GTK_LICENSE_GPL_3_0 is "version 3 or later" */
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your names and e-mail addresses, one a line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
sl_application_quit (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  /* The main window asks first when work is under way. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (user_data)); l != NULL; l = l->next)
    if (SL_IS_WINDOW (l->data))
      {
        sl_window_confirm_quit (SL_WINDOW (l->data));
        return;
      }
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = sl_application_about },
  { .name = "quit",  .activate = sl_application_quit },
};

/* private API */

void
_sl_application_actions_init (SlApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);
}
