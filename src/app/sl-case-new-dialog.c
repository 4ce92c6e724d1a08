/* sl-case-new-dialog.c: "New Case…": opens a case through the engine, which
 * checks the number and the title; what it refuses is said under the
 * fields, and the dialog stays open to correct it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-case-new-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-case-new-dialog.h"

struct _SlCaseNewDialog
{
  AdwWindow     parent_instance;
  SlAppContext *context;

  AdwEntryRow  *number_row;
  AdwEntryRow  *title_row;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (SlCaseNewDialog, sl_case_new_dialog, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* helpers */

static gboolean
is_filled (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0';
}

/* callbacks */

static void
on_changed (SlCaseNewDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case-new.create",
                                 is_filled (self->number_row) && is_filled (self->title_row));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlCaseNewDialog *self = SL_CASE_NEW_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCase) c = NULL;
  g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->number_row))));
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  SlSession *session = sl_app_context_get_session (self->context);

  if (session == NULL)
    return;
  /* A quick insert on the main connection, like every short transaction. */
  c = sl_engine_case_open (sl_app_context_get_engine (self->context), session, number, title, &error);
  if (c == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->number_row));
      return;
    }
  sl_app_context_changed (self->context, "cases");
  g_signal_emit (self, signals[CREATED], 0, c->number);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_entry_activated (SlCaseNewDialog *self)
{
  if (!is_filled (self->number_row))
    gtk_widget_grab_focus (GTK_WIDGET (self->number_row));
  else if (!is_filled (self->title_row))
    gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "case-new.create", NULL);
}

/* overrides */

static void
sl_case_new_dialog_dispose (GObject *object)
{
  SlCaseNewDialog *self = SL_CASE_NEW_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_CASE_NEW_DIALOG);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_case_new_dialog_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_case_new_dialog_class_init (SlCaseNewDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_case_new_dialog_dispose;

  signals[CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-case-new-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCaseNewDialog, number_row);
  gtk_widget_class_bind_template_child (widget_class, SlCaseNewDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, SlCaseNewDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "case-new.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_case_new_dialog_init (SlCaseNewDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case-new.create", FALSE);
}

/* public API */

GtkWidget *
sl_case_new_dialog_new (SlAppContext *context,
                        GtkWindow    *parent)
{
  SlCaseNewDialog *self;

  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  self = g_object_new (SL_TYPE_CASE_NEW_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  return GTK_WIDGET (self);
}
