/* sl-window.c: the Sightline main window. It opens the case database and
 * shows what fits: the first-run page on an empty one, the sign-in page,
 * or the workspace with the views the signed-in role may use. It also
 * shows the toasts any view raises, and keeps its size across sessions.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-window"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-admin-view.h"
#include "app/sl-audit-view.h"
#include "app/sl-cases-view.h"
#include "app/sl-first-run-page.h"
#include "app/sl-authorisations-view.h"
#include "app/sl-review-view.h"
#include "app/sl-sign-in-page.h"
#include "app/sl-window-private.h"
#include "engine/sightline-engine.h"

struct _SlWindow
{
  AdwApplicationWindow  parent_instance;
  SlAppContext         *context;
  GSettings            *settings;

  AdwToastOverlay      *toast_overlay;
  GtkWidget            *alert;       /* the failure dialog while it is open (weak) */
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  AdwViewStack         *view_stack;
  GtkMenuButton        *primary_menu_button;
  GtkLabel             *signed_in_name;
  GtkLabel             *signed_in_role;
  GtkWidget            *sign_in_page;
  gboolean              quit_confirmed;
};

G_DEFINE_FINAL_TYPE (SlWindow, sl_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char  *name;
  const char  *title;
  const char  *icon_name;
  SlPermission     action;       /* the view is there when the role may do this */
  SlPermission     alt_action;
  GtkWidget *(*create) (SlAppContext *context);
} ViewInfo;

static const ViewInfo views[] = {
  { "cases",  N_("Cases"),          "folder-documents-symbolic",
    SL_PERMISSION_CASE_READ,   SL_PERMISSION_CASE_READ,   sl_cases_view_new },
  { "review", N_("Review"),         "emblem-ok-symbolic",
    SL_PERMISSION_DECIDE,      SL_PERMISSION_REVIEW,      sl_review_view_new },
  { "authorisations", N_("Authorisations"), "mail-mark-important-symbolic",
    SL_PERMISSION_AUTHORISATION_DECIDE, SL_PERMISSION_AUTHORISATION_DECIDE, sl_authorisations_view_new },
  { "audit",  N_("Audit"),          "channel-secure-symbolic",
    SL_PERMISSION_AUDIT_READ,  SL_PERMISSION_AUDIT_READ,  sl_audit_view_new },
  { "admin",  N_("Administration"), "preferences-system-symbolic",
    SL_PERMISSION_USER_MANAGE, SL_PERMISSION_POLICY_SET,  sl_admin_view_new },
};

/* helpers */

static void
clear_views (SlWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->view_stack))) != NULL &&
         adw_view_stack_get_pages (self->view_stack) != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (adw_view_stack_get_pages (self->view_stack))) > 0)
    {
      g_autoptr(AdwViewStackPage) page =
        g_list_model_get_item (G_LIST_MODEL (adw_view_stack_get_pages (self->view_stack)), 0);

      adw_view_stack_remove (self->view_stack, adw_view_stack_page_get_child (page));
    }
}

static void
show_sign_in (SlWindow *self)
{
  if (self->sign_in_page == NULL)
    {
      self->sign_in_page = sl_sign_in_page_new (self->context);
      gtk_stack_add_named (self->stack, self->sign_in_page, "sign-in");
    }
  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  sl_sign_in_page_reset (SL_SIGN_IN_PAGE (self->sign_in_page));
}

static void
show_workspace (SlWindow  *self,
                SlSession *session)
{
  g_autofree char *who = NULL;

  clear_views (self);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      AdwViewStackPage *page;

      if (!sl_session_may (session, views[i].action) &&
          !sl_session_may (session, views[i].alt_action))
        continue;

      page = adw_view_stack_add_titled (self->view_stack,
                                        views[i].create (self->context),
                                        views[i].name,
                                        _(views[i].title));
      adw_view_stack_page_set_icon_name (page, views[i].icon_name);
    }

  /* Who is signed in heads the primary menu, above Sign Out. */
  gtk_label_set_text (self->signed_in_name, sl_session_get_display_name (session));
  /* Translators: the signed-in person's user name and role, e.g. "dana · Investigator" */
  who = g_strdup_printf (_("%s · %s"), sl_session_get_username (session),
                         sl_role_to_display (sl_session_get_role (session)));
  gtk_label_set_text (self->signed_in_role, who);

  gtk_stack_set_visible_child_name (self->stack, "workspace");
}

static void
open_database (SlWindow *self)
{
  g_autoptr(GError) error = NULL;
  SlEngine *engine = sl_app_context_get_engine (self->context);

  if (sl_engine_open (engine, &error))
    {
      show_sign_in (self);
      return;
    }

  if (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND))
    {
      gtk_stack_add_named (self->stack, sl_first_run_page_new (self->context), "first-run");
      gtk_stack_set_visible_child_name (self->stack, "first-run");
      return;
    }

  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* callbacks */

static void
on_session_changed (SlWindow *self)
{
  SlSession *session = sl_app_context_get_session (self->context);

  if (session != NULL)
    show_workspace (self, session);
  else
    {
      clear_views (self);
      show_sign_in (self);
    }
  _sl_window_update_actions (self);
}

static void
on_toast (SlWindow   *self,
          const char *message,
          const char *file)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  if (file != NULL)
    {
      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_action_name (toast, "win.open-file");
      adw_toast_set_action_target_value (toast, g_variant_new_string (file));
      adw_toast_set_timeout (toast, 10);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_alert (SlWindow   *self,
          const char *heading,
          const char *body)
{
  GtkWidget *dialog;

  /* Failures that come while one is shown (a batch of bad files) join it:
   * one dialog to read, not a stack of them. */
  if (self->alert != NULL)
    {
      const char *shown = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (self->alert));
      g_autofree char *more = g_strdup_printf ("%s\n\n%s:\n%s", shown, heading, body);

      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self->alert), more);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  self->alert = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->alert);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* overrides */

static void
sl_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SlWindow *self = SL_WINDOW (object);

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
sl_window_constructed (GObject *object)
{
  SlWindow *self = SL_WINDOW (object);

  G_OBJECT_CLASS (sl_window_parent_class)->constructed (object);

  g_signal_connect_object (self->context, "toast", G_CALLBACK (on_toast),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "alert", G_CALLBACK (on_alert),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::session", G_CALLBACK (on_session_changed),
                           self, G_CONNECT_SWAPPED);

  if (sl_app_context_get_session (self->context) != NULL)
    on_session_changed (self);
  else
    open_database (self);
  _sl_window_update_actions (self);
}

static void
sl_window_dispose (GObject *object)
{
  SlWindow *self = SL_WINDOW (object);

  if (self->alert != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->alert), (gpointer *) &self->alert);
  self->alert = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_window_parent_class)->dispose (object);
}

static void
on_quit_response (AdwMessageDialog *dialog,
                  const char       *response,
                  SlWindow         *self)
{
  if (!g_str_equal (response, "quit"))
    return;
  self->quit_confirmed = TRUE;
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
}

/* Closing the main window, or quitting, while an import or analysis is
 * under way asks first: the work would stop half done. */
static gboolean
sl_window_close_request (GtkWindow *window)
{
  SlWindow *self = SL_WINDOW (window);

  if (self->quit_confirmed || sl_app_context_get_work_under_way (self->context) == 0)
    return GTK_WINDOW_CLASS (sl_window_parent_class)->close_request (window);
  sl_window_confirm_quit (self);
  return TRUE;
}

static GtkLabel *
menu_label (GtkWidget  *box,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return GTK_LABEL (label);
}

/* class_init / init */

static void
sl_window_class_init (SlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = sl_window_set_property;
  object_class->constructed = sl_window_constructed;
  object_class->dispose = sl_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = sl_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SL_TYPE_APP_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, primary_menu_button);

  _sl_window_class_actions_init (widget_class);
}

static void
sl_window_init (SlWindow *self)
{
  GtkWidget *box;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The primary menu's first row: who is signed in (filled on sign-in). */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  self->signed_in_name = menu_label (box, "heading");
  self->signed_in_role = menu_label (box, "dim-label");
  gtk_popover_menu_add_child (GTK_POPOVER_MENU (gtk_menu_button_get_popover (self->primary_menu_button)),
                              box, "signed-in");

  /* GTK keeps the default size at the unmaximised size while the window
   * is maximised, so binding both restores either state faithfully. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_DEFAULT);
}

/* public API */

SlWindow *
sl_window_new (GtkApplication *application,
               SlAppContext   *context)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  return g_object_new (SL_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

SlAppContext *
sl_window_get_context (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), NULL);

  return self->context;
}

const char *
sl_window_get_page (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
_sl_window_get_view (SlWindow   *self,
                     const char *name)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), NULL);

  return adw_view_stack_get_child_by_name (self->view_stack, name);
}

gboolean
sl_window_show_view (SlWindow   *self,
                     const char *name)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), FALSE);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) == NULL)
    return FALSE;
  adw_view_stack_set_visible_child_name (self->view_stack, name);
  return TRUE;
}

void
sl_window_confirm_quit (SlWindow *self)
{
  GtkWidget *dialog;

  g_return_if_fail (SL_IS_WINDOW (self));

  if (self->quit_confirmed || sl_app_context_get_work_under_way (self->context) == 0)
    {
      g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Quit While Work Is Under Way?"),
                                   _("An import or an analysis is still running. Quitting stops it: "
                                     "what is already stored is kept, the rest has to be started again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Working"),
                                    "quit", _("_Quit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "quit",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_quit_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
