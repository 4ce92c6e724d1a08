/* sl-audit-view.c: the Audit view: the whole audit log for supervisors.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-audit-view"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-audit-view.h"

struct _SlAuditView
{
  AdwBin        parent_instance;
  SlAppContext *context;
};

G_DEFINE_FINAL_TYPE (SlAuditView, sl_audit_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* overrides */

static void
sl_audit_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SlAuditView *self = SL_AUDIT_VIEW (object);

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
sl_audit_view_dispose (GObject *object)
{
  SlAuditView *self = SL_AUDIT_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_AUDIT_VIEW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_audit_view_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_audit_view_class_init (SlAuditViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = sl_audit_view_set_property;
  object_class->dispose = sl_audit_view_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SL_TYPE_APP_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-audit-view.ui");
}

static void
sl_audit_view_init (SlAuditView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* public API */

GtkWidget *
sl_audit_view_new (SlAppContext *context)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  return g_object_new (SL_TYPE_AUDIT_VIEW, "context", context, NULL);
}
