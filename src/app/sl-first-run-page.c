/* sl-first-run-page.c: the first start on an empty database. It creates
 * the database with its first administrator (the engine checks the name,
 * the password and writes the first audit row) and signs that person in.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-first-run-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "app/sl-first-run-page.h"
#include "engine/sl-engine-recovery.h"

typedef struct
{
  char *username;
  char *display_name;
  char *password;
} CreateData;

struct _SlFirstRunPage
{
  AdwBin        parent_instance;
  SlAppContext *context;
  GCancellable *cancellable;
  CreateData   *pending;        /* the form as sent, until signed in */

  AdwEntryRow         *username_row;
  AdwEntryRow         *display_name_row;
  AdwPasswordEntryRow *password_row;
  AdwPasswordEntryRow *confirm_row;
  GtkLabel            *hint_label;
  GtkSpinner          *spinner;
};

G_DEFINE_FINAL_TYPE (SlFirstRunPage, sl_first_run_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* helpers */

static void
create_data_free (CreateData *data)
{
  g_free (data->username);
  g_free (data->display_name);
  explicit_bzero (data->password, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

static const char *
text_of (gpointer row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* What is still missing, for the hint under the form; NULL when the form
 * can be sent. The engine checks again and has the last word. */
static const char *
missing_reason (SlFirstRunPage *self)
{
  if (*text_of (self->username_row) == '\0')
    return _("Enter a user name for the administrator.");
  if (*text_of (self->display_name_row) == '\0')
    return _("Enter the administrator's full name.");
  if (*text_of (self->password_row) == '\0')
    return _("Choose a password.");
  if (g_strcmp0 (text_of (self->password_row), text_of (self->confirm_row)) != 0)
    return _("The two passwords differ.");
  return NULL;
}

static void
update_state (SlFirstRunPage *self)
{
  const char *reason = missing_reason (self);
  gboolean busy = gtk_spinner_get_spinning (self->spinner);

  gtk_label_set_text (self->hint_label, reason != NULL ? reason : "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "error");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "first-run.create", reason == NULL && !busy);
}

/* The code init made, shown this once: written down, it unlocks a
 * locked-out administrator from the command line. */
static void
show_recovery_code (SlFirstRunPage *self)
{
  g_autofree char *code = sl_engine_take_recovery_code (sl_app_context_get_engine (self->context));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  GtkWidget *label;

  if (code == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Recovery Code"),
                                   _("Write this code down and keep it apart from the computer. It is shown only "
                                     "now. If every administrator is locked out, it unlocks one on this machine "
                                     "with 'sightline-cli user recover NAME', once; a new code is shown then."));
  label = gtk_label_new (code);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "title-2");
  gtk_widget_add_css_class (label, "monospace");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), label);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("I Have Written It Down"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* callbacks */

static void
signed_in (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlFirstRunPage) self = user_data;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = sl_engine_sign_in_finish (SL_ENGINE (source), result, &error);
  g_clear_pointer (&self->pending, create_data_free);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  update_state (self);

  if (session == NULL)
    {
      gtk_label_set_text (self->hint_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "error");
      return;
    }

  sl_app_context_set_session (self->context, session);
  show_recovery_code (self);
}

/* The database is there and open: the administrator signs in, as anyone
 * does, audited. */
static void
created (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SlFirstRunPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sl_engine_init_database_finish (SL_ENGINE (source), result, &error))
    {
      g_clear_pointer (&self->pending, create_data_free);
      gtk_spinner_set_spinning (self->spinner, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
      update_state (self);
      gtk_label_set_text (self->hint_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "error");
      return;
    }
  sl_engine_sign_in_async (SL_ENGINE (source), self->pending->username, self->pending->password,
                           self->cancellable, signed_in, g_object_ref (self));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlFirstRunPage *self = SL_FIRST_RUN_PAGE (widget);
  CreateData *data;

  if (missing_reason (self) != NULL)
    return;

  data = g_new0 (CreateData, 1);
  data->username = g_strdup (text_of (self->username_row));
  data->display_name = g_strdup (text_of (self->display_name_row));
  data->password = g_strdup (text_of (self->password_row));

  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  update_state (self);

  g_clear_pointer (&self->pending, create_data_free);
  self->pending = data;
  sl_engine_init_database_async (sl_app_context_get_engine (self->context), data->username, data->display_name,
                                 data->password, NULL, self->cancellable, created, g_object_ref (self));
}

static void
on_changed (SlFirstRunPage *self)
{
  update_state (self);
}

static void
on_confirm_activate (SlFirstRunPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "first-run.create", NULL);
}

/* overrides */

static void
sl_first_run_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SlFirstRunPage *self = SL_FIRST_RUN_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_first_run_page_dispose (GObject *object)
{
  SlFirstRunPage *self = SL_FIRST_RUN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending, create_data_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_FIRST_RUN_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_first_run_page_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_first_run_page_class_init (SlFirstRunPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = sl_first_run_page_set_property;
  object_class->dispose = sl_first_run_page_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SL_TYPE_APP_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-first-run-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlFirstRunPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, SlFirstRunPage, display_name_row);
  gtk_widget_class_bind_template_child (widget_class, SlFirstRunPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, SlFirstRunPage, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, SlFirstRunPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, SlFirstRunPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm_activate);

  gtk_widget_class_install_action (widget_class, "first-run.create", NULL, create_action);
}

static void
sl_first_run_page_init (SlFirstRunPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update_state (self);
}

/* public API */

GtkWidget *
sl_first_run_page_new (SlAppContext *context)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  return g_object_new (SL_TYPE_FIRST_RUN_PAGE, "context", context, NULL);
}
