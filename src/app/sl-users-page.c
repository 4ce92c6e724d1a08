/* sl-users-page.c: the accounts in a column view (name, full name, role,
 * state, failed sign-ins, last password change) and what an administrator
 * does to them: add, disable (after a confirmation), enable, unlock, reset
 * a password. The engine decides and audits each; its refusals are shown
 * as they come.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-users-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "app/sl-admin-item.h"
#include "app/sl-users-dialog.h"
#include "app/sl-users-page.h"

struct _SlUsersPage
{
  AdwBin         parent_instance;
  SlAppContext  *context;
  GListStore    *users;

  GtkColumnView *users_view;
};

G_DEFINE_FINAL_TYPE (SlUsersPage, sl_users_page, ADW_TYPE_BIN)

/* helpers */

static char *
user_name_text (gpointer data)
{
  return g_strdup (((SlUser *) data)->username);
}

static char *
display_name_text (gpointer data)
{
  return g_strdup (((SlUser *) data)->display_name);
}

static char *
role_text (gpointer data)
{
  return g_strdup (sl_role_to_display (((SlUser *) data)->role));
}

static char *
state_text (gpointer data)
{
  SlUser *user = data;

  if (user->disabled)
    return g_strdup (_("Disabled"));
  if (user->locked)
    return g_strdup (_("Locked"));
  return g_strdup (_("Active"));
}

static char *
failures_text (gpointer data)
{
  return g_strdup_printf ("%u", ((SlUser *) data)->failed_signins);
}

static char *
password_changed_text (gpointer data)
{
  const char *when = ((SlUser *) data)->password_changed_at;
  char *text;

  if (when == NULL)
    return g_strdup ("—");
  /* The store's times are UTC ISO 8601; minutes are enough here. */
  text = g_strndup (when, 16);
  if (strlen (text) > 10 && text[10] == 'T')
    text[10] = ' ';
  return text;
}

static SlUser *
selected_user (SlUsersPage *self)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (self->users_view));
  SlAdminItem *item = gtk_single_selection_get_selected_item (selection);

  return item != NULL ? sl_admin_item_get_data (item) : NULL;
}

static void
update_actions (SlUsersPage *self)
{
  SlUser *user = selected_user (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.disable", user != NULL && !user->disabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.enable", user != NULL && user->disabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.unlock", user != NULL && user->locked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.reset-password", user != NULL);
}

static void
present_dialog (SlUsersPage *self,
                const char  *username)
{
  GtkWidget *dialog = sl_users_dialog_new (self->context, username);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* callbacks */

static void
on_selection_changed (SlUsersPage *self)
{
  update_actions (self);
}

static void
on_users_changed (SlUsersPage *self)
{
  sl_users_page_reload (self);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  present_dialog (SL_USERS_PAGE (widget), NULL);
}

static void
reset_password_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SlUsersPage *self = SL_USERS_PAGE (widget);
  SlUser *user = selected_user (self);

  if (user != NULL)
    present_dialog (self, user->username);
}

/* One account change through the engine, its outcome shown. */
static void
apply_change (SlUsersPage *self,
              const char  *action_name,
              const char  *username)
{
  SlEngine *engine = sl_app_context_get_engine (self->context);
  SlSession *session = sl_app_context_get_session (self->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *done = NULL;
  gboolean ok;

  if (g_str_equal (action_name, "users.disable"))
    {
      ok = sl_engine_user_disable (engine, session, username, &error);
      failed = g_strdup_printf (_("Cannot disable '%s'"), username);
      done = g_strdup_printf (_("Disabled '%s'"), username);
    }
  else if (g_str_equal (action_name, "users.enable"))
    {
      ok = sl_engine_user_enable (engine, session, username, &error);
      failed = g_strdup_printf (_("Cannot enable '%s'"), username);
      done = g_strdup_printf (_("Enabled '%s'"), username);
    }
  else
    {
      ok = sl_engine_user_unlock (engine, session, username, &error);
      failed = g_strdup_printf (_("Cannot unlock '%s'"), username);
      done = g_strdup_printf (_("Unlocked '%s'"), username);
    }
  if (!ok)
    {
      sl_app_context_error (self->context, failed, error);
      return;
    }
  sl_app_context_toast (self->context, done);
  sl_app_context_changed (self->context, "users");
  sl_app_context_changed (self->context, "audit");
}

static void
on_disable_response (AdwMessageDialog *dialog,
                     const char       *response,
                     SlUsersPage      *self)
{
  if (g_str_equal (response, "disable"))
    apply_change (self, "users.disable", g_object_get_data (G_OBJECT (dialog), "username"));
}

static void
change_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlUsersPage *self = SL_USERS_PAGE (widget);
  SlUser *user = selected_user (self);
  g_autofree char *heading = NULL;
  GtkRoot *root;
  GtkWidget *dialog;

  if (user == NULL)
    return;
  if (!g_str_equal (action_name, "users.disable"))
    {
      g_autofree char *username = g_strdup (user->username);

      apply_change (self, action_name, username);
      return;
    }

  /* Disabling shuts a colleague out mid-case: asked first. */
  root = gtk_widget_get_root (widget);
  heading = g_strdup_printf (_("Disable '%s'?"), user->username);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("The person can no longer sign in. Their cases, searches and "
                                     "decisions stay, and an administrator can enable the account again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "disable", _("_Disable"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "disable", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "username", g_strdup (user->username), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_disable_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* overrides */

static void
sl_users_page_dispose (GObject *object)
{
  SlUsersPage *self = SL_USERS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_USERS_PAGE);
  g_clear_object (&self->users);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_users_page_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_users_page_class_init (SlUsersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_users_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-users-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlUsersPage, users_view);

  gtk_widget_class_install_action (widget_class, "users.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "users.disable", NULL, change_action);
  gtk_widget_class_install_action (widget_class, "users.enable", NULL, change_action);
  gtk_widget_class_install_action (widget_class, "users.unlock", NULL, change_action);
  gtk_widget_class_install_action (widget_class, "users.reset-password", NULL, reset_password_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "users.add", NULL);
}

static void
sl_users_page_init (SlUsersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  sl_admin_add_text_column (self->users_view, _("User Name"), user_name_text, FALSE);
  sl_admin_add_text_column (self->users_view, _("Full Name"), display_name_text, TRUE);
  sl_admin_add_text_column (self->users_view, _("Role"), role_text, FALSE);
  sl_admin_add_text_column (self->users_view, _("State"), state_text, FALSE);
  sl_admin_add_text_column (self->users_view, _("Failed Sign-ins"), failures_text, FALSE);
  sl_admin_add_text_column (self->users_view, _("Password Changed (UTC)"), password_changed_text, FALSE);
  self->users = sl_admin_wrap (self->users_view, NULL);
  g_signal_connect_object (gtk_column_view_get_model (self->users_view), "selection-changed",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

/* public API */

GtkWidget *
sl_users_page_new (SlAppContext *context)
{
  SlUsersPage *self;

  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  self = g_object_new (SL_TYPE_USERS_PAGE, NULL);
  self->context = g_object_ref (context);
  g_signal_connect_object (context, "changed::users", G_CALLBACK (on_users_changed),
                           self, G_CONNECT_SWAPPED);
  sl_users_page_reload (self);
  return GTK_WIDGET (self);
}

void
sl_users_page_reload (SlUsersPage *self)
{
  SlSession *session;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (SL_IS_USERS_PAGE (self));

  session = sl_app_context_get_session (self->context);
  if (session == NULL)
    return;
  if (!(users = sl_engine_user_list (sl_app_context_get_engine (self->context), session, &error)))
    {
      sl_app_context_error (self->context, _("Cannot list the users"), error);
      return;
    }
  /* The items take the users over. */
  g_ptr_array_set_free_func (users, NULL);
  for (guint i = 0; i < users->len; i++)
    g_ptr_array_add (items, sl_admin_item_new (g_ptr_array_index (users, i), (GDestroyNotify) sl_user_free));
  g_list_store_splice (self->users, 0, g_list_model_get_n_items (G_LIST_MODEL (self->users)),
                       items->pdata, items->len);
  update_actions (self);
}
