/* sl-users-dialog.c: adding a user (name, full name, role, password) or
 * setting a user's new password. The engine checks the name, the password
 * and the role of whoever asks, and audits; the dialog shows its refusal
 * and stays open.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-users-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-users-dialog.h"

struct _SlUsersDialog
{
  AdwWindow     parent_instance;
  SlAppContext *context;
  char         *username;     /* NULL: adding a user */

  AdwWindowTitle      *window_title;
  GtkButton           *submit_button;
  AdwPreferencesGroup *account_group;
  AdwEntryRow         *username_row;
  AdwEntryRow         *display_name_row;
  AdwComboRow         *role_row;
  AdwPasswordEntryRow *password_row;
  AdwPasswordEntryRow *confirm_row;
  GtkLabel            *hint_label;
  GtkLabel            *error_label;
};

G_DEFINE_FINAL_TYPE (SlUsersDialog, sl_users_dialog, ADW_TYPE_WINDOW)

/* The roles in the order the combo row lists them. */
static const SlRole roles[] = { SL_ROLE_INVESTIGATOR, SL_ROLE_SUPERVISOR, SL_ROLE_ADMIN };

/* helpers */

static const char *
text_of (gpointer row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* Marks a row as wrong (GNOME's .error style) or right again. */
static void
mark (gpointer row,
      gboolean wrong)
{
  if (wrong)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* What stops the form from being sent, checked as the person types with
 * the engine's own rules for names and passwords (the engine still has the
 * last word); the rows at fault are marked. NULL when it can be sent. */
static char *
missing_reason (SlUsersDialog *self)
{
  g_autoptr(GError) name_error = NULL;
  g_autoptr(GError) password_error = NULL;
  const char *name = text_of (self->username_row);
  const char *password = text_of (self->password_row);
  const char *confirm = text_of (self->confirm_row);
  gboolean bad_name = self->username == NULL && *name != '\0' && !sl_user_check_name (name, &name_error);
  gboolean bad_password = *password != '\0' && !sl_password_check (password, &password_error);
  gboolean differ = *confirm != '\0' && g_strcmp0 (password, confirm) != 0;

  mark (self->username_row, bad_name);
  mark (self->password_row, bad_password);
  mark (self->confirm_row, differ);
  if (bad_name)
    return g_strdup (name_error->message);
  if (bad_password)
    return g_strdup (password_error->message);
  if (differ)
    return g_strdup (_("The two passwords differ."));
  if (self->username == NULL && *name == '\0')
    return g_strdup (_("Enter a user name."));
  if (self->username == NULL && *text_of (self->display_name_row) == '\0')
    return g_strdup (_("Enter the person's full name."));
  if (*password == '\0')
    return g_strdup (_("Choose a password."));
  if (*confirm == '\0')
    return g_strdup (_("Type the password again to confirm it."));
  return NULL;
}

static void
update (SlUsersDialog *self)
{
  g_autofree char *reason = missing_reason (self);

  gtk_label_set_text (self->hint_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), reason != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users-dialog.submit", reason == NULL);
}

/* callbacks */

static void
on_changed (SlUsersDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update (self);
}

static void
on_confirm_activated (SlUsersDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "users-dialog.submit", NULL);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlUsersDialog *self = SL_USERS_DIALOG (widget);
  SlEngine *engine = sl_app_context_get_engine (self->context);
  SlSession *session = sl_app_context_get_session (self->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *reason = missing_reason (self);
  gboolean ok;

  if (reason != NULL)
    return;

  if (self->username == NULL)
    {
      guint role = adw_combo_row_get_selected (self->role_row);

      ok = sl_engine_user_add (engine, session, text_of (self->username_row),
                               text_of (self->display_name_row),
                               roles[MIN (role, G_N_ELEMENTS (roles) - 1)],
                               text_of (self->password_row), &error);
      if (ok)
        message = g_strdup_printf (_("Added the user '%s'"), text_of (self->username_row));
    }
  else
    {
      ok = sl_engine_user_set_password (engine, session, self->username,
                                        text_of (self->password_row), &error);
      if (ok)
        message = g_strdup_printf (_("Set a new password for '%s'"), self->username);
    }

  /* The password never stays in the form after an attempt. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  if (!ok)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  sl_app_context_changed (self->context, "users");
  sl_app_context_changed (self->context, "audit");
  sl_app_context_toast (self->context, message);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* overrides */

static void
sl_users_dialog_dispose (GObject *object)
{
  SlUsersDialog *self = SL_USERS_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_USERS_DIALOG);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_users_dialog_parent_class)->dispose (object);
}

static void
sl_users_dialog_finalize (GObject *object)
{
  SlUsersDialog *self = SL_USERS_DIALOG (object);

  g_free (self->username);

  G_OBJECT_CLASS (sl_users_dialog_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_users_dialog_class_init (SlUsersDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_users_dialog_dispose;
  object_class->finalize = sl_users_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-users-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlUsersDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlUsersDialog, submit_button);
  gtk_widget_class_bind_template_child (widget_class, SlUsersDialog, account_group);
  gtk_widget_class_bind_template_child (widget_class, SlUsersDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, SlUsersDialog, display_name_row);
  gtk_widget_class_bind_template_child (widget_class, SlUsersDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, SlUsersDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, SlUsersDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, SlUsersDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, SlUsersDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm_activated);

  gtk_widget_class_install_action (widget_class, "users-dialog.submit", NULL, submit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_users_dialog_init (SlUsersDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* public API */

GtkWidget *
sl_users_dialog_new (SlAppContext *context,
                     const char   *username)
{
  SlUsersDialog *self;

  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  self = g_object_new (SL_TYPE_USERS_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->username = g_strdup (username);
  if (username == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Add User"));
      gtk_button_set_label (self->submit_button, _("_Add"));
    }
  else
    {
      g_autofree char *subtitle = g_strdup_printf (_("A new password for '%s'"), username);

      adw_window_title_set_title (self->window_title, _("Reset Password"));
      adw_window_title_set_subtitle (self->window_title, subtitle);
      gtk_button_set_label (self->submit_button, _("_Set Password"));
      gtk_widget_set_visible (GTK_WIDGET (self->account_group), FALSE);
    }
  update (self);
  return GTK_WIDGET (self);
}
