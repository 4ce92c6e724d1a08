/* sl-window-actions.c: the win.* actions: switching views, signing out and
 * opening a file the app wrote.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-window-private.h"

/* callbacks */

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);

  if (!sl_window_show_view (self, g_variant_get_string (parameter, NULL)))
    gtk_widget_error_bell (widget);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);

  sl_app_context_set_session (sl_window_get_context (self), NULL);
}

/* Opens evidence of a case in the viewer at a face or a track's time
 * ("(sxxxx)": case, evidence, face, track, time), from a window that
 * listed it (Find in This Case…). */
static void
show_face_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);
  GtkWidget *cases;

  if (!sl_window_show_view (self, "cases") || (cases = _sl_window_get_view (self, "cases")) == NULL ||
      !gtk_widget_activate_action_variant (cases, "cases.show-face", parameter))
    {
      gtk_widget_error_bell (widget);
      return;
    }
  gtk_window_present (GTK_WINDOW (self));
}

/* Opens a file the app wrote (a report) in the desktop's viewer. */
static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_autofree char *uri = g_filename_to_uri (g_variant_get_string (parameter, NULL), NULL, NULL);

  if (uri != NULL)
    gtk_show_uri (GTK_WINDOW (widget), uri, GDK_CURRENT_TIME);
}

/* private API */

void
_sl_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.open-file", "s", open_file_action);
  gtk_widget_class_install_action (widget_class, "win.show-face", "(sxxxx)", show_face_action);
}

void
_sl_window_update_actions (SlWindow *self)
{
  gboolean signed_in = sl_app_context_get_session (sl_window_get_context (self)) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-view", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", signed_in);
}
