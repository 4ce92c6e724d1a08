/* sl-galleries-dialog.c: creating a gallery. The embedders offered are the
 * manifest's (the default first); the engine checks the name and the role
 * and audits the creation. A refusal is shown in the dialog.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-galleries-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-galleries-dialog.h"
#include "engine/sightline-engine.h"

struct _SlGalleriesDialog
{
  AdwWindow     parent_instance;
  SlAppContext *context;
  GPtrArray    *embedder_ids;

  AdwEntryRow  *name_row;
  AdwEntryRow  *description_row;
  AdwComboRow  *embedder_row;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (SlGalleriesDialog, sl_galleries_dialog, ADW_TYPE_WINDOW)

/* helpers */

static void
fill_embedders (SlGalleriesDialog *self)
{
  g_autoptr(GPtrArray) details = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  if (!(details = sl_engine_model_details (sl_app_context_get_engine (self->context),
                                           sl_app_context_get_session (self->context), &error)))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < details->len; i++)
      {
        SlModelDetails *d = g_ptr_array_index (details, i);
        g_autofree char *label = NULL;

        if (d->role != SL_MODEL_ROLE_EMBEDDER || d->is_default != (pass == 0))
          continue;
        label = g_strdup_printf (d->is_default ? _("%s (default)") : "%s", d->name != NULL ? d->name : d->id);
        gtk_string_list_append (names, label);
        g_ptr_array_add (self->embedder_ids, g_strdup (d->id));
      }
  adw_combo_row_set_model (self->embedder_row, G_LIST_MODEL (names));
}

/* callbacks */

static void
on_changed (SlGalleriesDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "galleries-dialog.create",
                                 *gtk_editable_get_text (GTK_EDITABLE (self->name_row)) != '\0');
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlGalleriesDialog *self = SL_GALLERIES_DIALOG (widget);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));
  guint selected = adw_combo_row_get_selected (self->embedder_row);
  const char *embedder = selected < self->embedder_ids->len ? g_ptr_array_index (self->embedder_ids, selected) : NULL;
  g_autoptr(SlGallery) gallery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  gallery = sl_engine_gallery_create (sl_app_context_get_engine (self->context),
                                      sl_app_context_get_session (self->context),
                                      name, *description != '\0' ? description : NULL, embedder, &error);
  if (gallery == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  message = g_strdup_printf (_("Created the gallery '%s'"), gallery->name);
  sl_app_context_toast (self->context, message);
  sl_app_context_changed (self->context, "galleries");
  sl_app_context_changed (self->context, "audit");
  gtk_window_destroy (GTK_WINDOW (self));
}

/* overrides */

static void
sl_galleries_dialog_dispose (GObject *object)
{
  SlGalleriesDialog *self = SL_GALLERIES_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_GALLERIES_DIALOG);
  g_clear_pointer (&self->embedder_ids, g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_galleries_dialog_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_galleries_dialog_class_init (SlGalleriesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_galleries_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-galleries-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlGalleriesDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SlGalleriesDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, SlGalleriesDialog, embedder_row);
  gtk_widget_class_bind_template_child (widget_class, SlGalleriesDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);

  gtk_widget_class_install_action (widget_class, "galleries-dialog.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_galleries_dialog_init (SlGalleriesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->embedder_ids = g_ptr_array_new_with_free_func (g_free);
}

/* public API */

GtkWidget *
sl_galleries_dialog_new (SlAppContext *context)
{
  SlGalleriesDialog *self;

  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  self = g_object_new (SL_TYPE_GALLERIES_DIALOG, NULL);
  self->context = g_object_ref (context);
  fill_embedders (self);
  on_changed (self);
  return GTK_WIDGET (self);
}
