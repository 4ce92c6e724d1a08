/* sl-galleries-page.c: the galleries in a column view (name, embedder,
 * subjects, faces, who created it and when), creating one, enrolling a
 * folder or a list into the selected one (chosen with a file chooser, run
 * in an enrolment dialog), testing it with probes of people known not to
 * be in it (in the gallery test dialog), and the selected gallery's
 * subjects as a grid of thumbnails read a page at a time.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-galleries-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "app/sl-admin-item.h"
#include "app/sl-enrol-dialog.h"
#include "app/sl-galleries-dialog.h"
#include "app/sl-galleries-page.h"
#include "app/sl-galleries-subjects.h"
#include "app/sl-gallery-test-dialog.h"
#include "engine/sightline-engine.h"

struct _SlGalleriesPage
{
  AdwBin          parent_instance;
  SlAppContext   *context;
  GListStore     *galleries;
  char           *shown;          /* the gallery whose subjects show */

  GtkColumnView  *galleries_view;
  GtkLabel       *subjects_label;
  GtkGridView    *subjects_grid;
};

G_DEFINE_FINAL_TYPE (SlGalleriesPage, sl_galleries_page, ADW_TYPE_BIN)

/* helpers */

static char *
name_text (gpointer data)
{
  return g_strdup (((SlGallery *) data)->name);
}

static char *
embedder_text (gpointer data)
{
  return g_strdup (((SlGallery *) data)->model_id);
}

static char *
subjects_text (gpointer data)
{
  return sl_format_count ((guint64) ((SlGallery *) data)->n_subjects);
}

static char *
faces_text (gpointer data)
{
  return sl_format_count ((guint64) ((SlGallery *) data)->n_faces);
}

static char *
created_text (gpointer data)
{
  SlGallery *g = data;
  g_autofree char *when = g->created_at != NULL ? g_strndup (g->created_at, 16) : NULL;

  if (when != NULL && strlen (when) > 10 && when[10] == 'T')
    when[10] = ' ';

  /* Translators: who created a gallery and when (UTC) */
  return g_strdup_printf (_("%s, %s"), g->created_by != NULL ? g->created_by : "?", when != NULL ? when : "?");
}

static SlGallery *
selected_gallery (SlGalleriesPage *self)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (self->galleries_view));
  SlAdminItem *item = gtk_single_selection_get_selected_item (selection);

  return item != NULL ? sl_admin_item_get_data (item) : NULL;
}

static void
update_actions (SlGalleriesPage *self)
{
  gboolean selected = selected_gallery (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "galleries.enrol-folder", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "galleries.enrol-csv", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "galleries.test", selected);
}

static void
show_subjects (SlGalleriesPage *self)
{
  SlGallery *gallery = selected_gallery (self);
  g_autoptr(SlGalleriesSubjects) subjects = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  g_clear_pointer (&self->shown, g_free);
  if (gallery == NULL)
    {
      gtk_label_set_text (self->subjects_label, _("Select a gallery to see its subjects"));
      gtk_grid_view_set_model (self->subjects_grid, NULL);
      return;
    }
  if (!(subjects = sl_galleries_subjects_new (self->context, gallery->name, &error)))
    {
      sl_app_context_error (self->context, _("Cannot read the subjects"), error);
      gtk_grid_view_set_model (self->subjects_grid, NULL);
      return;
    }
  self->shown = g_strdup (gallery->name);
  title = g_strdup_printf (ngettext ("%s: %u subject", "%s: %u subjects",
                                     g_list_model_get_n_items (G_LIST_MODEL (subjects))),
                           gallery->name, g_list_model_get_n_items (G_LIST_MODEL (subjects)));
  gtk_label_set_text (self->subjects_label, title);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&subjects)));
  gtk_grid_view_set_model (self->subjects_grid, GTK_SELECTION_MODEL (selection));
}

static GtkWindow *
own_window (SlGalleriesPage *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

/* callbacks */

static void
setup_subject (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *id_label = gtk_label_new (NULL);
  GtkWidget *name_label = gtk_label_new (NULL);

  gtk_widget_set_size_request (picture, 96, 96);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (id_label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name_label, "dim-label");
  gtk_label_set_max_width_chars (GTK_LABEL (id_label), 14);
  gtk_label_set_max_width_chars (GTK_LABEL (name_label), 14);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), id_label);
  gtk_box_append (GTK_BOX (box), name_label);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_subject (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              SlGalleriesPage          *self)
{
  SlAdminItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *picture = gtk_widget_get_first_child (box);
  GtkWidget *id_label = gtk_widget_get_next_sibling (picture);
  GtkWidget *name_label = gtk_widget_get_next_sibling (id_label);
  SlGallerySubject *subject;
  GdkTexture *texture;
  g_autofree char *faces = NULL;

  if (item == NULL)
    return;
  subject = sl_admin_item_get_data (item);
  gtk_label_set_text (GTK_LABEL (id_label), subject->external_id);
  gtk_label_set_text (GTK_LABEL (name_label), subject->name != NULL ? subject->name : "");
  faces = g_strdup_printf (ngettext ("%s: %u face", "%s: %u faces", subject->n_faces),
                           subject->external_id, subject->n_faces);
  gtk_widget_set_tooltip_text (box, faces);
  gtk_widget_set_tooltip_text (name_label, subject->name);

  /* Read once, when first shown; kept with the item while its page is. */
  texture = g_object_get_data (G_OBJECT (item), "thumbnail");
  if (texture == NULL && subject->face_id > 0)
    {
      g_autoptr(GBytes) jpeg = sl_engine_gallery_face_thumbnail (sl_app_context_get_engine (self->context),
                                                                 sl_app_context_get_session (self->context),
                                                                 subject->face_id, NULL);

      if (jpeg != NULL && (texture = gdk_texture_new_from_bytes (jpeg, NULL)) != NULL)
        g_object_set_data_full (G_OBJECT (item), "thumbnail", texture, g_object_unref);
    }
  gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (texture));
}

static void
on_selection_changed (SlGalleriesPage *self)
{
  update_actions (self);
  show_subjects (self);
}

static void
on_galleries_changed (SlGalleriesPage *self)
{
  sl_galleries_page_reload (self);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlGalleriesPage *self = SL_GALLERIES_PAGE (widget);
  GtkWidget *dialog = sl_galleries_dialog_new (self->context);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), own_window (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     SlGalleriesPage *self)
{
  gboolean folder = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        sl_galleries_page_enrol (self, folder ? file : NULL, folder ? NULL : file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
enrol_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlGalleriesPage *self = SL_GALLERIES_PAGE (widget);
  gboolean folder = g_str_equal (action_name, "galleries.enrol-folder");
  SlGallery *gallery = selected_gallery (self);
  g_autofree char *title = NULL;
  GtkFileChooserNative *chooser;

  if (gallery == NULL)
    return;
  title = g_strdup_printf (folder ? _("Enrol a Folder into '%s'") : _("Enrol a CSV List into '%s'"), gallery->name);
  chooser = gtk_file_chooser_native_new (title, own_window (self),
                                         folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Enrol"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (!folder)
    {
      g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();

      gtk_file_filter_set_name (csv, _("CSV lists"));
      gtk_file_filter_add_pattern (csv, "*.csv");
      gtk_file_filter_add_mime_type (csv, "text/csv");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
    }
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sl_galleries_page_test (SL_GALLERIES_PAGE (widget));
}

/* overrides */

static void
sl_galleries_page_dispose (GObject *object)
{
  SlGalleriesPage *self = SL_GALLERIES_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_GALLERIES_PAGE);
  g_clear_object (&self->galleries);
  g_clear_object (&self->context);
  g_clear_pointer (&self->shown, g_free);

  G_OBJECT_CLASS (sl_galleries_page_parent_class)->dispose (object);
}

/* class_init / init */

static void
sl_galleries_page_class_init (SlGalleriesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_galleries_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-galleries-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlGalleriesPage, galleries_view);
  gtk_widget_class_bind_template_child (widget_class, SlGalleriesPage, subjects_label);
  gtk_widget_class_bind_template_child (widget_class, SlGalleriesPage, subjects_grid);

  gtk_widget_class_install_action (widget_class, "galleries.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "galleries.enrol-folder", NULL, enrol_action);
  gtk_widget_class_install_action (widget_class, "galleries.enrol-csv", NULL, enrol_action);
  gtk_widget_class_install_action (widget_class, "galleries.test", NULL, test_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "galleries.create", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "galleries.enrol-folder", NULL);
}

static void
sl_galleries_page_init (SlGalleriesPage *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  sl_admin_add_text_column (self->galleries_view, _("Name"), name_text, TRUE);
  sl_admin_add_text_column (self->galleries_view, _("Embedder"), embedder_text, FALSE);
  sl_admin_add_text_column (self->galleries_view, _("Subjects"), subjects_text, FALSE);
  sl_admin_add_text_column (self->galleries_view, _("Faces"), faces_text, FALSE);
  sl_admin_add_text_column (self->galleries_view, _("Created (UTC)"), created_text, FALSE);
  self->galleries = sl_admin_wrap (self->galleries_view, NULL);
  g_signal_connect_object (gtk_column_view_get_model (self->galleries_view), "selection-changed",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_subject), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_subject), self, 0);
  gtk_grid_view_set_factory (self->subjects_grid, factory);
  g_object_unref (factory);
}

/* public API */

GtkWidget *
sl_galleries_page_new (SlAppContext *context)
{
  SlGalleriesPage *self;

  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  self = g_object_new (SL_TYPE_GALLERIES_PAGE, NULL);
  self->context = g_object_ref (context);
  g_signal_connect_object (context, "changed::galleries", G_CALLBACK (on_galleries_changed),
                           self, G_CONNECT_SWAPPED);
  sl_galleries_page_reload (self);
  return GTK_WIDGET (self);
}

void
sl_galleries_page_reload (SlGalleriesPage *self)
{
  g_autoptr(GPtrArray) galleries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *keep = NULL;

  g_return_if_fail (SL_IS_GALLERIES_PAGE (self));

  if (sl_app_context_get_session (self->context) == NULL)
    return;
  if (!(galleries = sl_engine_gallery_list (sl_app_context_get_engine (self->context),
                                            sl_app_context_get_session (self->context), &error)))
    {
      sl_app_context_error (self->context, _("Cannot list the galleries"), error);
      return;
    }
  keep = g_strdup (self->shown);
  g_ptr_array_set_free_func (galleries, NULL);
  for (guint i = 0; i < galleries->len; i++)
    g_ptr_array_add (items, sl_admin_item_new (g_ptr_array_index (galleries, i), (GDestroyNotify) sl_gallery_free));
  g_list_store_splice (self->galleries, 0, g_list_model_get_n_items (G_LIST_MODEL (self->galleries)),
                       items->pdata, items->len);
  if (keep == NULL || !sl_galleries_page_select (self, keep))
    on_selection_changed (self);
}

const char *
sl_galleries_page_get_selected (SlGalleriesPage *self)
{
  SlGallery *gallery;

  g_return_val_if_fail (SL_IS_GALLERIES_PAGE (self), NULL);

  gallery = selected_gallery (self);
  return gallery != NULL ? gallery->name : NULL;
}

gboolean
sl_galleries_page_select (SlGalleriesPage *self,
                          const char      *name)
{
  GtkSingleSelection *selection;
  GListModel *model;

  g_return_val_if_fail (SL_IS_GALLERIES_PAGE (self), FALSE);

  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (self->galleries_view));
  model = G_LIST_MODEL (selection);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SlAdminItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (((SlGallery *) sl_admin_item_get_data (item))->name, name) == 0)
        {
          gtk_single_selection_set_selected (selection, i);
          /* Selecting the row already selected changes nothing: show anyway. */
          on_selection_changed (self);
          return TRUE;
        }
    }
  return FALSE;
}

GtkWidget *
sl_galleries_page_enrol (SlGalleriesPage *self,
                         GFile           *dir,
                         GFile           *csv)
{
  SlGallery *gallery;
  GtkWidget *dialog;

  g_return_val_if_fail (SL_IS_GALLERIES_PAGE (self), NULL);

  if ((gallery = selected_gallery (self)) == NULL)
    return NULL;
  dialog = sl_enrol_dialog_new (self->context, gallery->name, dir, csv);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), own_window (self));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

GtkWidget *
sl_galleries_page_test (SlGalleriesPage *self)
{
  SlGallery *gallery;
  GtkWidget *dialog;

  g_return_val_if_fail (SL_IS_GALLERIES_PAGE (self), NULL);

  if ((gallery = selected_gallery (self)) == NULL)
    return NULL;
  dialog = sl_gallery_test_dialog_new (self->context, gallery->name);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), own_window (self));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
