/* sl-audit-overview.c: the audit overview a supervisor starts from,
 * computed by the engine in a worker.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-audit-overview"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-audit-overview.h"
#include "engine/sightline-engine.h"

struct _SlAuditOverview
{
  AdwBin        parent_instance;
  SlAppContext *context;
  GCancellable *cancellable;
  char         *from;
  char         *to;

  GtkLabel     *updated_label;
  GtkSpinner   *spinner;
  GtkListBox   *totals_list;
  GtkListBox   *weeks_list;
  GtkListBox   *refusals_list;
};

G_DEFINE_FINAL_TYPE (SlAuditOverview, sl_audit_overview, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* helpers */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle,
         gint64      n)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *count = g_strdup_printf ("%'lld", (long long) n);
  GtkWidget *label = gtk_label_new (count);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "title-4");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (list, row);
}

static void
add_placeholder (GtkListBox *list,
                 const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_append (list, row);
}

static void
show_stats (SlAuditOverview    *self,
            const SlAuditStats *s)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%X");
  g_autofree char *updated = NULL;

  if (self->from != NULL || self->to != NULL)
    /* Translators: when the overview was computed, and the period it covers */
    updated = g_strdup_printf (_("Updated at %s, for %s to %s"), when, self->from != NULL ? self->from : "…",
                               self->to != NULL ? self->to : "…");
  else
    updated = g_strdup_printf (_("Updated at %s, for the whole log"), when);

  clear_list (self->totals_list);
  clear_list (self->weeks_list);
  clear_list (self->refusals_list);

  add_row (self->totals_list, _("Searches"), _("Justified gallery searches that ran"), s->n_searches);
  add_row (self->totals_list, _("Refused attempts"), _("Refused by role or policy"), s->n_refused);
  add_row (self->totals_list, _("Failed actions"), NULL, s->n_failed);
  add_row (self->totals_list, _("Confirmed leads"), _("Candidates two people confirmed as possible leads"),
           s->n_confirmed);
  add_row (self->totals_list, _("Reviewer disagreements"), _("Candidates whose two reviews differ"),
           s->n_disagreements);

  /* Newest week first. */
  for (guint i = s->searches->len; i > 0; i--)
    {
      SlAuditWeekCount *c = g_ptr_array_index (s->searches, i - 1);

      add_row (self->weeks_list, c->actor != NULL ? c->actor : "—", c->week, c->n);
    }
  if (s->searches->len == 0)
    add_placeholder (self->weeks_list, _("No searches"));

  for (guint i = 0; i < s->refusals->len; i++)
    {
      SlAuditActionCount *c = g_ptr_array_index (s->refusals, i);

      add_row (self->refusals_list, c->actor != NULL ? c->actor : _("Nobody signed in"), c->action, c->n);
    }
  if (s->refusals->len == 0)
    add_placeholder (self->refusals_list, _("No refused attempts"));
  gtk_label_set_text (self->updated_label, updated);
}

/* callbacks */

static void
on_stats (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SlAuditOverview) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAuditStats) stats = sl_engine_audit_stats_finish (SL_ENGINE (source), result, &error);

  if (self->context == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->spinner);
  if (stats == NULL)
    {
      sl_app_context_error (self->context, _("Cannot compute the audit overview"), error);
      return;
    }
  show_stats (self, stats);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SlAuditOverview *self = SL_AUDIT_OVERVIEW (widget);
  g_autofree char *from = g_strdup (self->from);
  g_autofree char *to = g_strdup (self->to);

  sl_audit_overview_refresh (self, from, to);
}

/* overrides */

static void
sl_audit_overview_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SlAuditOverview *self = SL_AUDIT_OVERVIEW (object);

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
sl_audit_overview_dispose (GObject *object)
{
  SlAuditOverview *self = SL_AUDIT_OVERVIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_AUDIT_OVERVIEW);
  g_clear_object (&self->context);
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);

  G_OBJECT_CLASS (sl_audit_overview_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_audit_overview_class_init (SlAuditOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = sl_audit_overview_set_property;
  object_class->dispose = sl_audit_overview_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SL_TYPE_APP_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-audit-overview.ui");
  gtk_widget_class_bind_template_child (widget_class, SlAuditOverview, updated_label);
  gtk_widget_class_bind_template_child (widget_class, SlAuditOverview, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlAuditOverview, totals_list);
  gtk_widget_class_bind_template_child (widget_class, SlAuditOverview, weeks_list);
  gtk_widget_class_bind_template_child (widget_class, SlAuditOverview, refusals_list);
  gtk_widget_class_install_action (widget_class, "overview.refresh", NULL, refresh_action);
}

static void
sl_audit_overview_init (SlAuditOverview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* public API */

GtkWidget *
sl_audit_overview_new (SlAppContext *context)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  return g_object_new (SL_TYPE_AUDIT_OVERVIEW, "context", context, NULL);
}

void
sl_audit_overview_refresh (SlAuditOverview *self,
                           const char      *from,
                           const char      *to)
{
  SlSession *session;

  g_return_if_fail (SL_IS_AUDIT_OVERVIEW (self));

  if (self->context == NULL || !(session = sl_app_context_get_session (self->context)))
    return;
  g_free (self->from);
  self->from = g_strdup (from);
  g_free (self->to);
  self->to = g_strdup (to);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_spinner_start (self->spinner);
  sl_engine_audit_stats_async (sl_app_context_get_engine (self->context), session, self->from, self->to,
                               self->cancellable, on_stats, g_object_ref (self));
}
