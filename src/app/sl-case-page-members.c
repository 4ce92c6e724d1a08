/* sl-case-page-members.c: the Members section of the case page: who may
 * work the case (need to know), who added each and when; the case's
 * opener and supervisors add and remove members, through the engine,
 * which checks and audits each change.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-format.h"
#include "app/sl-case-page-private.h"
#include "engine/sightline-engine.h"

/* helpers */

static GtkWidget *
member_row (SlCaseMember *m,
            gboolean      may_remove)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf ("%s (%s)", m->display_name, m->username);
  g_autofree char *when = sl_format_time (m->at);
  /* Translators: who added a case member, and when */
  g_autofree char *subtitle = g_strdup_printf (_("Added by %s on %s"), m->by, when != NULL ? when : "—");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (may_remove)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("list-remove-symbolic");

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Remove from the case; the removal is audited and kept"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.member-remove");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (m->username));
      gtk_widget_add_css_class (button, "flat");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

/* Who may change the members: the opener, or someone who sees every case
 * (the engine decides; this only spares a refusal). */
static gboolean
may_change (SlCasePage *self)
{
  SlSession *session = sl_app_context_get_session (self->context);

  return session != NULL && sl_session_may (session, SL_PERMISSION_CASE_MEMBERS) &&
         (sl_session_may (session, SL_PERMISSION_CASE_ALL) ||
          g_strcmp0 (self->opened_by, sl_session_get_username (session)) == 0);
}

static void
show_message (SlCasePage  *self,
              const char  *text)
{
  gtk_label_set_text (self->members_message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->members_message), text != NULL);
}

static void
change (SlCasePage *self,
        const char *username,
        gboolean    add)
{
  SlEngine *engine = sl_app_context_get_engine (self->context);
  SlSession *session = sl_app_context_get_session (self->context);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->case_number == NULL || username == NULL || *username == '\0')
    return;
  ok = add ? sl_engine_case_member_add (engine, session, self->case_number, username, &error)
           : sl_engine_case_member_remove (engine, session, self->case_number, username, &error);
  if (!ok)
    {
      show_message (self, error->message);
      return;
    }
  show_message (self, NULL);
  if (add)
    gtk_editable_set_text (GTK_EDITABLE (self->member_entry), "");
  sl_app_context_changed (self->context, "audit");
  _sl_case_page_reload_members (self);
}

static void
clear_rows (SlCasePage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->members_list))) != NULL)
    gtk_list_box_remove (self->members_list, child);
  self->n_members = 0;
  g_clear_pointer (&self->members_shown, g_free);
}

/* callbacks */

static void
member_add_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SlCasePage *self = SL_CASE_PAGE (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->member_entry))));

  change (self, name, TRUE);
}

static void
member_remove_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  change (SL_CASE_PAGE (widget), g_variant_get_string (parameter, NULL), FALSE);
}

/* private API */

void
_sl_case_page_reload_members (SlCasePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GString) shown = NULL;
  gboolean changes;

  if (self->case_number == NULL || sl_app_context_get_session (self->context) == NULL)
    {
      clear_rows (self);
      return;
    }
  if (!(members = sl_engine_case_members (sl_app_context_get_engine (self->context),
                                          sl_app_context_get_session (self->context), self->case_number,
                                          &error)))
    {
      g_debug ("Members of %s: %s", self->case_number, error->message);
      clear_rows (self);
      return;
    }
  changes = may_change (self);
  /* The page reloads as evidence changes, many times during an analysis:
   * rows that stay the same are left alone, so nothing is laid out again. */
  shown = g_string_new (self->case_number);
  g_string_append_printf (shown, "\n%d", changes);
  for (guint i = 0; i < members->len; i++)
    {
      SlCaseMember *m = g_ptr_array_index (members, i);

      g_string_append_printf (shown, "\n%s\t%s\t%s", m->username, m->by, m->at);
    }
  if (g_strcmp0 (shown->str, self->members_shown) == 0)
    return;
  clear_rows (self);
  self->members_shown = g_string_free (g_steal_pointer (&shown), FALSE);
  for (guint i = 0; i < members->len; i++)
    {
      SlCaseMember *m = g_ptr_array_index (members, i);

      gtk_list_box_append (self->members_list,
                           member_row (m, changes && g_strcmp0 (m->username, self->opened_by) != 0));
    }
  self->n_members = members->len;
  gtk_widget_set_visible (self->member_add_box, changes);
}

void
_sl_case_page_class_members_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "case.member-add", NULL, member_add_action);
  gtk_widget_class_install_action (widget_class, "case.member-remove", "s", member_remove_action);
}
