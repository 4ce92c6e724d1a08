/* sl-gallery-test-dialog.c: the gallery test run in the engine's worker:
 * the list and folder come from file choosers, the progress bar follows
 * the run, Cancel stops it (nothing is stored), and the result is shown as
 * a table of groups: how many searches of each group returned a candidate
 * (in words, with the 95 % interval), the mean number of false candidates,
 * and for mated probes the misses and rank-1 hits. Groups are rows of the
 * totals only: no person, face or candidate is shown here at all.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-gallery-test-dialog"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "app/sl-admin-item.h"
#include "app/sl-gallery-test-dialog.h"

struct _SlGalleryTestDialog
{
  AdwWindow       parent_instance;
  SlAppContext   *context;
  char           *gallery;
  GFile          *probes;
  GFile          *images;
  GCancellable   *cancellable;       /* while a test runs */
  SlAdminItem    *shown;             /* holds the shown result */
  GListStore     *groups;
  GListStore     *gallery_groups;
  GListStore     *past;

  AdwWindowTitle *window_title;
  GtkButton      *cancel_button;
  GtkButton      *close_button;
  AdwActionRow   *probes_row;
  AdwActionRow   *images_row;
  GtkProgressBar *progress_bar;
  GtkLabel       *status_label;
  GtkBox         *result_box;
  GtkLabel       *result_title;
  GtkLabel       *result_label;
  GtkColumnView  *groups_view;
  GtkLabel       *gallery_groups_label;
  GtkWidget      *gallery_groups_frame;
  GtkColumnView  *gallery_groups_view;
  GtkLabel       *past_label;
  GtkColumnView  *past_view;
};

G_DEFINE_FINAL_TYPE (SlGalleryTestDialog, sl_gallery_test_dialog, ADW_TYPE_WINDOW)

/* helpers */

static char *
when_text (const char *iso)
{
  g_autofree char *when = iso != NULL ? g_strndup (iso, 16) : g_strdup ("?");

  if (strlen (when) > 10 && when[10] == 'T')
    when[10] = ' ';
  return g_steal_pointer (&when);
}

static char *
group_text (gpointer data)
{
  SlGalleryTestGroup *g = data;

  if (g->attribute == NULL)
    return g_strdup (_("All probes"));
  /* Translators: a group of probes by a column of the probe list, e.g. "gender: female" */
  return g_strdup_printf (_("%s: %s"), g->attribute, g->group);
}

static char *
searches_text (gpointer data)
{
  SlGalleryTestGroup *g = data;

  if (g->no_face > 0)
    /* Translators: non-mated searches, and probes in which no face was found */
    return g_strdup_printf (ngettext ("%u (%u without a face)", "%u (%u without a face)", g->no_face),
                            g->searches, g->no_face);
  return g_strdup_printf ("%u", g->searches);
}

static char *
fpir_text (gpointer data)
{
  SlGalleryTestGroup *g = data;

  if (g->searches == 0)
    return g_strdup ("—");
  /* Translators: non-mated searches that returned a candidate, e.g. "3 of 120 searches (2.5 %)" */
  return g_strdup_printf (ngettext ("%u of %u search (%.1f %%)", "%u of %u searches (%.1f %%)", g->searches),
                          g->with_candidate, g->searches, 100.0 * g->fpir);
}

static char *
interval_text (gpointer data)
{
  SlGalleryTestGroup *g = data;

  if (g->searches == 0)
    return g_strdup ("—");
  /* Translators: a 95 % confidence interval of a rate, e.g. "0.5 to 7.1 %" */
  return g_strdup_printf (_("%.1f to %.1f %%"), 100.0 * g->fpir_lo, 100.0 * g->fpir_hi);
}

static char *
mean_false_text (gpointer data)
{
  SlGalleryTestGroup *g = data;

  if (g->searches == 0)
    return g_strdup ("—");
  return g_strdup_printf ("%.3f", g->mean_false);
}

static char *
missed_text (gpointer data)
{
  SlGalleryTestGroup *g = data;

  if (g->mated_searches == 0)
    return g_strdup ("—");
  /* Translators: mated searches whose mate was not among the candidates, e.g. "1 of 20 (5.0 %)" */
  return g_strdup_printf (_("%u of %u (%.1f %%)"), g->mated_missed, g->mated_searches, 100.0 * g->fnir);
}

static char *
rank1_text (gpointer data)
{
  SlGalleryTestGroup *g = data;

  if (g->mated_searches == 0)
    return g_strdup ("—");
  return g_strdup_printf (_("%u of %u (%.1f %%)"), g->mated_rank1, g->mated_searches, 100.0 * g->rank1);
}

static char *
gallery_group_text (gpointer data)
{
  SlGalleryTestImplicated *m = data;

  return g_strdup_printf (_("%s: %s"), m->attribute, m->group);
}

static char *
gallery_subjects_text (gpointer data)
{
  return g_strdup_printf ("%u", ((SlGalleryTestImplicated *) data)->subjects);
}

static char *
gallery_false_text (gpointer data)
{
  return g_strdup_printf ("%u", ((SlGalleryTestImplicated *) data)->false_candidates);
}

static char *
past_when_text (gpointer data)
{
  return when_text (((SlGalleryTestResult *) data)->started_at);
}

static char *
past_by_text (gpointer data)
{
  return g_strdup (((SlGalleryTestResult *) data)->run_by);
}

static char *
past_probes_text (gpointer data)
{
  SlGalleryTestResult *r = data;

  return g_strdup_printf ("%u", r->probes);
}

static char *
past_threshold_text (gpointer data)
{
  return g_strdup_printf ("%.3f", ((SlGalleryTestResult *) data)->threshold);
}

static char *
past_fpir_text (gpointer data)
{
  SlGalleryTestResult *r = data;

  return r->groups != NULL && r->groups->len > 0 ? fpir_text (g_ptr_array_index (r->groups, 0)) : g_strdup ("—");
}

static void
set_file_row (AdwActionRow *row,
              GFile        *file)
{
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
  g_autofree char *shown = path != NULL ? g_filename_display_name (path) : NULL;

  adw_action_row_set_subtitle (row, shown != NULL ? shown : _("Not chosen"));
}

static void
update_actions (SlGalleryTestDialog *self)
{
  gboolean running = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery-test.run",
                                 !running && self->probes != NULL && self->images != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery-test.choose-probes", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery-test.choose-images", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery-test.cancel", running);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), !running);
}

static void
set_status (SlGalleryTestDialog *self,
            const char          *text,
            gboolean             error)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

/* Fills the tables from the result item holds. */
static void
show_result (SlGalleryTestDialog *self,
             SlAdminItem         *item)
{
  SlGalleryTestResult *r = item != NULL ? sl_admin_item_get_data (item) : NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) gallery_rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;

  /* The rows borrow from the result: the new one is held first. */
  if (item != NULL)
    g_object_ref (item);
  if (r != NULL)
    {
      for (guint i = 0; i < r->groups->len; i++)
        g_ptr_array_add (rows, sl_admin_item_new (g_ptr_array_index (r->groups, i), NULL));
      for (guint i = 0; i < r->implicated->len; i++)
        g_ptr_array_add (gallery_rows, sl_admin_item_new (g_ptr_array_index (r->implicated, i), NULL));
    }
  g_list_store_splice (self->groups, 0, g_list_model_get_n_items (G_LIST_MODEL (self->groups)),
                       rows->pdata, rows->len);
  g_list_store_splice (self->gallery_groups, 0, g_list_model_get_n_items (G_LIST_MODEL (self->gallery_groups)),
                       gallery_rows->pdata, gallery_rows->len);
  g_clear_object (&self->shown);
  self->shown = item;

  gtk_widget_set_visible (GTK_WIDGET (self->result_box), r != NULL);
  if (r == NULL)
    return;
  when = when_text (r->started_at);
  /* Translators: the heading of a gallery test's result: its date (UTC) and who ran it */
  title = g_strdup_printf (_("Test of %s (UTC) by %s"), when, r->run_by != NULL ? r->run_by : "?");
  gtk_label_set_text (self->result_title, title);
  g_string_append_printf (text, ngettext ("%u probe from %s: ", "%u probes from %s: ", r->probes), r->probes,
                          r->probes_file != NULL ? r->probes_file : "?");
  g_string_append_printf (text, _("%u searched as people not in the gallery, %u as mated, %u without a face. "),
                          r->nonmated, r->mated, r->no_face);
  g_string_append_printf (text, ngettext ("Gallery of %" PRId64 " subject, ",
                                          "Gallery of %" PRId64 " subjects, ", r->gallery_subjects),
                          r->gallery_subjects);
  g_string_append_printf (text, _("model %s, threshold %.3f, top %u. "), r->model_id, r->threshold, r->top_k);
  if (r->calibrated)
    g_string_append_printf (text, _("The calibration predicts %.4f false candidates per search here (%s)."),
                            r->expected_false, r->threshold_describe);
  gtk_label_set_text (self->result_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->gallery_groups_label), r->implicated->len > 0);
  gtk_widget_set_visible (self->gallery_groups_frame, r->implicated->len > 0);
}

static void
load_past (SlGalleryTestDialog *self)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (!(list = sl_engine_gallery_tests (sl_app_context_get_engine (self->context),
                                        sl_app_context_get_session (self->context), self->gallery, &error)))
    {
      set_status (self, error->message, TRUE);
      return;
    }
  g_ptr_array_set_free_func (list, NULL);
  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (items, sl_admin_item_new (g_ptr_array_index (list, i),
                                               (GDestroyNotify) sl_gallery_test_result_free));
  g_list_store_splice (self->past, 0, g_list_model_get_n_items (G_LIST_MODEL (self->past)),
                       items->pdata, items->len);
  title = list->len == 0 ? g_strdup (_("No test of this gallery has been run"))
                         : g_strdup_printf (ngettext ("%u earlier test, newest first",
                                                      "%u earlier tests, newest first", list->len), list->len);
  gtk_label_set_text (self->past_label, title);
}

/* callbacks */

static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  SlGalleryTestDialog *self = user_data;
  g_autofree char *text = NULL;

  /* Closed while it ran: the last reports may still arrive. */
  if (self->progress_bar == NULL)
    return;
  text = g_strdup_printf (_("%u of %u photos"), done, total);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
on_tested (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlGalleryTestDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlGalleryTestResult) r = sl_engine_gallery_test_finish (SL_ENGINE (source), result, &error);
  g_autofree char *message = NULL;

  g_clear_object (&self->cancellable);
  /* Closed while it ran: its widgets are gone, not its context. */
  if (self->context == NULL)
    return;
  sl_app_context_changed (self->context, "audit");
  update_actions (self);
  if (r == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, _("The test was cancelled; nothing was stored."), FALSE);
      else
        set_status (self, error->message, TRUE);
      return;
    }
  gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
  set_status (self, NULL, FALSE);
  /* The stored result heads the past tests: shown from there. */
  load_past (self);
  sl_gallery_test_dialog_show_past (self, 0);
  message = g_strdup_printf (_("Gallery test of '%s' finished: %u of %u searches returned a candidate"),
                             self->gallery, ((SlGalleryTestGroup *) g_ptr_array_index (r->groups, 0))->with_candidate,
                             ((SlGalleryTestGroup *) g_ptr_array_index (r->groups, 0))->searches);
  sl_app_context_toast (self->context, message);
}

static void
on_past_selected (SlGalleryTestDialog *self)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (self->past_view));
  SlAdminItem *item = gtk_single_selection_get_selected_item (selection);

  if (item != NULL)
    show_result (self, item);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SlGalleryTestDialog *self = SL_GALLERY_TEST_DIALOG (widget);
  g_autofree char *csv = NULL;
  g_autofree char *dir = NULL;
  SlGalleryTestOptions options = { 0 };

  if (self->cancellable != NULL || self->probes == NULL || self->images == NULL)
    return;
  options.probes_csv = csv = g_file_get_path (self->probes);
  options.images_dir = dir = g_file_get_path (self->images);
  if (csv == NULL || dir == NULL)
    {
      set_status (self, _("The probe list and the image folder must be local files"), TRUE);
      return;
    }
  options.progress = on_progress;
  options.progress_data = self;
  self->cancellable = g_cancellable_new ();
  update_actions (self);
  set_status (self, NULL, FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Reading the list…"));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  /* The callback's reference keeps progress_data alive while it runs. */
  sl_engine_gallery_test_async (sl_app_context_get_engine (self->context),
                                sl_app_context_get_session (self->context), self->gallery, &options,
                                self->cancellable, on_tested, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlGalleryTestDialog *self = SL_GALLERY_TEST_DIALOG (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
on_chooser_response (GtkNativeDialog     *chooser,
                     int                  response,
                     SlGalleryTestDialog *self)
{
  gboolean folder = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL && folder)
        sl_gallery_test_dialog_set_images (self, file);
      else if (file != NULL)
        sl_gallery_test_dialog_set_probes (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlGalleryTestDialog *self = SL_GALLERY_TEST_DIALOG (widget);
  gboolean folder = g_str_equal (action_name, "gallery-test.choose-images");
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (folder ? _("The Folder of the Probe Images") : _("The Probe List"),
                                         GTK_WINDOW (self),
                                         folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Choose"), _("_Cancel"));
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

static gboolean
on_close_request (GtkWindow *window)
{
  SlGalleryTestDialog *self = SL_GALLERY_TEST_DIALOG (window);

  /* Closing while it runs stops it, as Cancel does. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  return FALSE;
}

/* overrides */

static void
sl_gallery_test_dialog_dispose (GObject *object)
{
  SlGalleryTestDialog *self = SL_GALLERY_TEST_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_GALLERY_TEST_DIALOG);
  g_clear_object (&self->groups);
  g_clear_object (&self->gallery_groups);
  g_clear_object (&self->past);
  g_clear_object (&self->shown);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_gallery_test_dialog_parent_class)->dispose (object);
}

static void
sl_gallery_test_dialog_finalize (GObject *object)
{
  SlGalleryTestDialog *self = SL_GALLERY_TEST_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->probes);
  g_clear_object (&self->images);
  g_free (self->gallery);

  G_OBJECT_CLASS (sl_gallery_test_dialog_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_gallery_test_dialog_class_init (SlGalleryTestDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_gallery_test_dialog_dispose;
  object_class->finalize = sl_gallery_test_dialog_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = on_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-gallery-test-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlGalleryTestDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlGalleryTestDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SlGalleryTestDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, SlGalleryTestDialog, probes_row);
  gtk_widget_class_bind_template_child (widget_class, SlGalleryTestDialog, images_row);
  gtk_widget_class_bind_template_child (widget_class, SlGalleryTestDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SlGalleryTestDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlGalleryTestDialog, result_box);
  gtk_widget_class_bind_template_child (widget_class, SlGalleryTestDialog, result_title);
  gtk_widget_class_bind_template_child (widget_class, SlGalleryTestDialog, result_label);
  gtk_widget_class_bind_template_child (widget_class, SlGalleryTestDialog, groups_view);
  gtk_widget_class_bind_template_child (widget_class, SlGalleryTestDialog, gallery_groups_label);
  gtk_widget_class_bind_template_child (widget_class, SlGalleryTestDialog, gallery_groups_frame);
  gtk_widget_class_bind_template_child (widget_class, SlGalleryTestDialog, gallery_groups_view);
  gtk_widget_class_bind_template_child (widget_class, SlGalleryTestDialog, past_label);
  gtk_widget_class_bind_template_child (widget_class, SlGalleryTestDialog, past_view);

  gtk_widget_class_install_action (widget_class, "gallery-test.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "gallery-test.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "gallery-test.choose-probes", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "gallery-test.choose-images", NULL, choose_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "gallery-test.run", NULL);
}

static void
sl_gallery_test_dialog_init (SlGalleryTestDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Wide enough for "All probes" and most group names; the table scrolls
   * sideways in a narrow window. */
  gtk_column_view_column_set_fixed_width (sl_admin_add_text_column (self->groups_view, _("Group"), group_text, FALSE),
                                          170);
  sl_admin_add_text_column (self->groups_view, _("Searches"), searches_text, FALSE);
  sl_admin_add_text_column (self->groups_view, _("Returned a candidate"), fpir_text, FALSE);
  /* xgettext:no-c-format */
  sl_admin_add_text_column (self->groups_view, _("95 % interval"), interval_text, FALSE);
  sl_admin_add_text_column (self->groups_view, _("False per search"), mean_false_text, FALSE);
  sl_admin_add_text_column (self->groups_view, _("Mated: missed"), missed_text, FALSE);
  sl_admin_add_text_column (self->groups_view, _("Mated: rank 1"), rank1_text, FALSE);
  self->groups = sl_admin_wrap (self->groups_view, NULL);

  sl_admin_add_text_column (self->gallery_groups_view, _("Gallery group"), gallery_group_text, TRUE);
  sl_admin_add_text_column (self->gallery_groups_view, _("Subjects"), gallery_subjects_text, FALSE);
  sl_admin_add_text_column (self->gallery_groups_view, _("False candidates"), gallery_false_text, FALSE);
  self->gallery_groups = sl_admin_wrap (self->gallery_groups_view, NULL);

  sl_admin_add_text_column (self->past_view, _("Run (UTC)"), past_when_text, FALSE);
  sl_admin_add_text_column (self->past_view, _("By"), past_by_text, FALSE);
  sl_admin_add_text_column (self->past_view, _("Probes"), past_probes_text, FALSE);
  sl_admin_add_text_column (self->past_view, _("Threshold"), past_threshold_text, FALSE);
  sl_admin_add_text_column (self->past_view, _("Returned a candidate (all probes)"), past_fpir_text, TRUE);
  self->past = sl_admin_wrap (self->past_view, NULL);
  g_signal_connect_object (gtk_column_view_get_model (self->past_view), "selection-changed",
                           G_CALLBACK (on_past_selected), self, G_CONNECT_SWAPPED);
}

/* public API */

GtkWidget *
sl_gallery_test_dialog_new (SlAppContext *context,
                            const char   *gallery)
{
  SlGalleryTestDialog *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);
  g_return_val_if_fail (gallery != NULL, NULL);

  self = g_object_new (SL_TYPE_GALLERY_TEST_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->gallery = g_strdup (gallery);
  title = g_strdup_printf (_("Test Gallery '%s'"), gallery);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, _("False candidates for people known not to be in it"));
  update_actions (self);
  load_past (self);
  sl_gallery_test_dialog_show_past (self, 0);
  return GTK_WIDGET (self);
}

void
sl_gallery_test_dialog_set_probes (SlGalleryTestDialog *self,
                                   GFile               *csv)
{
  g_return_if_fail (SL_IS_GALLERY_TEST_DIALOG (self));
  g_return_if_fail (G_IS_FILE (csv));

  g_set_object (&self->probes, csv);
  set_file_row (self->probes_row, csv);
  /* The images are usually beside the list. */
  if (self->images == NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (csv);

      if (parent != NULL)
        sl_gallery_test_dialog_set_images (self, parent);
    }
  update_actions (self);
}

void
sl_gallery_test_dialog_set_images (SlGalleryTestDialog *self,
                                   GFile               *dir)
{
  g_return_if_fail (SL_IS_GALLERY_TEST_DIALOG (self));
  g_return_if_fail (G_IS_FILE (dir));

  g_set_object (&self->images, dir);
  set_file_row (self->images_row, dir);
  update_actions (self);
}

gboolean
sl_gallery_test_dialog_is_running (SlGalleryTestDialog *self)
{
  g_return_val_if_fail (SL_IS_GALLERY_TEST_DIALOG (self), FALSE);

  return self->cancellable != NULL;
}

const SlGalleryTestResult *
sl_gallery_test_dialog_get_shown (SlGalleryTestDialog *self)
{
  g_return_val_if_fail (SL_IS_GALLERY_TEST_DIALOG (self), NULL);

  return self->shown != NULL ? sl_admin_item_get_data (self->shown) : NULL;
}

guint
sl_gallery_test_dialog_get_n_past (SlGalleryTestDialog *self)
{
  g_return_val_if_fail (SL_IS_GALLERY_TEST_DIALOG (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->past));
}

gboolean
sl_gallery_test_dialog_show_past (SlGalleryTestDialog *self,
                                  guint                position)
{
  GtkSingleSelection *selection;
  g_autoptr(SlAdminItem) item = NULL;

  g_return_val_if_fail (SL_IS_GALLERY_TEST_DIALOG (self), FALSE);

  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (self->past_view));
  if (position >= g_list_model_get_n_items (G_LIST_MODEL (selection)))
    {
      show_result (self, NULL);
      return FALSE;
    }
  gtk_single_selection_set_selected (selection, position);
  /* Selecting the row already selected changes nothing: show anyway. */
  item = g_list_model_get_item (G_LIST_MODEL (selection), position);
  show_result (self, item);
  return TRUE;
}
