/* sl-admin-view.c: the Administration view: users, policy, galleries and
 * models, one page each beside a sidebar. The window shows it only to roles
 * that may manage users or set the policy; each page's engine calls check
 * the role again.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-admin-view"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-admin-view.h"
#include "app/sl-galleries-page.h"
#include "app/sl-model-cards-page.h"
#include "app/sl-policy-page.h"
#include "app/sl-users-page.h"

struct _SlAdminView
{
  AdwBin        parent_instance;
  SlAppContext *context;

  AdwLeaflet   *leaflet;
  GtkWidget    *content;
  GtkStack     *admin_stack;
};

G_DEFINE_FINAL_TYPE (SlAdminView, sl_admin_view, ADW_TYPE_BIN)

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
  SlPermission     action;
  GtkWidget *(*create) (SlAppContext *context);
} PageInfo;

static const PageInfo pages[] = {
  { "users",     N_("Users"),     SL_PERMISSION_USER_MANAGE,    sl_users_page_new },
  { "policy",    N_("Policy"),    SL_PERMISSION_POLICY_SET,     sl_policy_page_new },
  { "galleries", N_("Galleries"), SL_PERMISSION_GALLERY_MANAGE, sl_galleries_page_new },
  { "models",    N_("Models"),    SL_PERMISSION_MODEL_MANAGE,   sl_model_cards_page_new },
};

/* callbacks */

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  if (!sl_admin_view_show_page (SL_ADMIN_VIEW (widget), g_variant_get_string (parameter, NULL)))
    gtk_widget_error_bell (widget);
}

/* Folded (a narrow window): back to the list of pages. */
static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlAdminView *self = SL_ADMIN_VIEW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* A page chosen in the list is shown, also when the view is folded. */
static void
on_page_chosen (SlAdminView *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/* overrides */

static void
sl_admin_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SlAdminView *self = SL_ADMIN_VIEW (object);

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
sl_admin_view_constructed (GObject *object)
{
  SlAdminView *self = SL_ADMIN_VIEW (object);
  SlSession *session = sl_app_context_get_session (self->context);

  G_OBJECT_CLASS (sl_admin_view_parent_class)->constructed (object);

  /* Only the pages this role may use: the engine would refuse the rest. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (session != NULL && sl_session_may (session, pages[i].action))
      gtk_stack_add_titled (self->admin_stack, pages[i].create (self->context),
                            pages[i].name, _(pages[i].title));
}

static void
sl_admin_view_dispose (GObject *object)
{
  SlAdminView *self = SL_ADMIN_VIEW (object);

  /* The bin's child is a template child with an id: let the bin let go of
   * it before the template does. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_ADMIN_VIEW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_admin_view_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_admin_view_class_init (SlAdminViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = sl_admin_view_set_property;
  object_class->constructed = sl_admin_view_constructed;
  object_class->dispose = sl_admin_view_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SL_TYPE_APP_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-admin-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlAdminView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SlAdminView, content);
  gtk_widget_class_bind_template_child (widget_class, SlAdminView, admin_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_page_chosen);

  gtk_widget_class_install_action (widget_class, "admin.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "admin.show-list", NULL, show_list_action);
}

static void
sl_admin_view_init (SlAdminView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* public API */

GtkWidget *
sl_admin_view_new (SlAppContext *context)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  return g_object_new (SL_TYPE_ADMIN_VIEW, "context", context, NULL);
}

gboolean
sl_admin_view_show_page (SlAdminView *self,
                         const char  *name)
{
  g_return_val_if_fail (SL_IS_ADMIN_VIEW (self), FALSE);

  if (gtk_stack_get_child_by_name (self->admin_stack, name) == NULL)
    return FALSE;
  gtk_stack_set_visible_child_name (self->admin_stack, name);
  return TRUE;
}

GtkWidget *
sl_admin_view_get_page (SlAdminView *self,
                        const char  *name)
{
  g_return_val_if_fail (SL_IS_ADMIN_VIEW (self), NULL);

  return gtk_stack_get_child_by_name (self->admin_stack, name);
}
