/* sl-sign-in-page.c: the sign-in page. The password check (yescrypt) runs
 * in a worker so the window keeps drawing; the engine audits every attempt
 * and locks an account after repeated failures, the page only says so.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-sign-in-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "app/sl-sign-in-page.h"

struct _SlSignInPage
{
  AdwBin        parent_instance;
  SlAppContext *context;
  GCancellable *cancellable;

  AdwStatusPage *status_page;
  AdwEntryRow   *username_row;
  AdwPasswordEntryRow *password_row;
  GtkButton     *sign_in_button;
  GtkSpinner    *spinner;
  GtkLabel      *error_label;
};

G_DEFINE_FINAL_TYPE (SlSignInPage, sl_sign_in_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* helpers */

static void
set_busy (SlSignInPage *self,
          gboolean      busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->username_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.submit", !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
}

/* callbacks */

static void
sign_in_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SlSignInPage) self = user_data;
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = sl_engine_sign_in_finish (SL_ENGINE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");

  if (session == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  sl_app_context_set_session (self->context, session);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlSignInPage *self = SL_SIGN_IN_PAGE (widget);
  const char *username = gtk_editable_get_text (GTK_EDITABLE (self->username_row));

  if (*username == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
      return;
    }

  set_busy (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  sl_engine_sign_in_async (sl_app_context_get_engine (self->context), username,
                           gtk_editable_get_text (GTK_EDITABLE (self->password_row)), self->cancellable,
                           sign_in_done, g_object_ref (self));
}

static void
on_username_activate (SlSignInPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
on_password_activate (SlSignInPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.submit", NULL);
}

/* overrides */

static void
sl_sign_in_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SlSignInPage *self = SL_SIGN_IN_PAGE (object);

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
sl_sign_in_page_constructed (GObject *object)
{
  SlSignInPage *self = SL_SIGN_IN_PAGE (object);
  g_autofree char *description = NULL;
  g_autofree char *name = NULL;
  SlEngine *engine;

  G_OBJECT_CLASS (sl_sign_in_page_parent_class)->constructed (object);

  engine = sl_app_context_get_engine (self->context);
  name = sl_engine_get_db_display_name (engine);
  if (sl_engine_is_server (engine))
    /* Translators: %s is the database server as user@host:port/database */
    description = g_strdup_printf (_("Server: %s"), name);
  else
    /* Translators: %s is the path of the database file */
    description = g_strdup_printf (_("Case database: %s"), name);
  adw_status_page_set_description (self->status_page, description);
}

static void
sl_sign_in_page_dispose (GObject *object)
{
  SlSignInPage *self = SL_SIGN_IN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_SIGN_IN_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_sign_in_page_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_sign_in_page_class_init (SlSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = sl_sign_in_page_set_property;
  object_class->constructed = sl_sign_in_page_constructed;
  object_class->dispose = sl_sign_in_page_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SL_TYPE_APP_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlSignInPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, SlSignInPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, SlSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, SlSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, SlSignInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlSignInPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_username_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_password_activate);

  gtk_widget_class_install_action (widget_class, "sign-in.submit", NULL, submit_action);
}

static void
sl_sign_in_page_init (SlSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* public API */

GtkWidget *
sl_sign_in_page_new (SlAppContext *context)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  return g_object_new (SL_TYPE_SIGN_IN_PAGE, "context", context, NULL);
}

void
sl_sign_in_page_reset (SlSignInPage *self)
{
  g_return_if_fail (SL_IS_SIGN_IN_PAGE (self));

  /* A shared desk: the next person finds nothing of the last one. */
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
}
