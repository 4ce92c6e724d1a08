/* sl-enrol-dialog.c: an enrolment running in the engine's worker: the
 * progress bar follows it, Cancel stops it (what was enrolled is kept),
 * and at the end every image's outcome is listed with the summary counts,
 * filtered by outcome.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-enrol-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-admin-item.h"
#include "app/sl-enrol-dialog.h"

struct _SlEnrolDialog
{
  AdwWindow       parent_instance;
  SlAppContext   *context;
  char           *gallery;
  GCancellable   *cancellable;
  SlEnrolSummary *summary;
  GListStore     *outcomes;
  GtkCustomFilter *filter;
  int             shown_outcome;    /* -1: all */

  AdwWindowTitle *window_title;
  GtkButton      *cancel_button;
  GtkButton      *close_button;
  GtkProgressBar *progress_bar;
  GtkLabel       *summary_label;
  GtkBox         *outcomes_box;
  GtkDropDown    *filter_dropdown;
  GtkColumnView  *outcomes_view;
};

G_DEFINE_FINAL_TYPE (SlEnrolDialog, sl_enrol_dialog, ADW_TYPE_WINDOW)

/* helpers */

static const char *
outcome_label (SlEnrolOutcomeKind kind)
{
  switch (kind)
    {
    case SL_ENROL_ENROLLED:          return _("Enrolled");
    case SL_ENROL_ALREADY_ENROLLED:  return _("Already enrolled");
    case SL_ENROL_UNREADABLE:        return _("Unreadable");
    case SL_ENROL_NO_FACE:           return _("No face");
    case SL_ENROL_SEVERAL_FACES:     return _("Several faces");
    case SL_ENROL_LOW_QUALITY:       return _("Low quality");
    case SL_ENROL_DUPLICATE:         return _("Duplicate");
    case SL_ENROL_EVIDENCE:          return _("Case evidence");
    case SL_ENROL_INVALID:           return _("Invalid entry");
    default:                         return sl_enrol_outcome_to_string (kind);
    }
}

static char *
outcome_text (gpointer data)
{
  return g_strdup (outcome_label (((SlEnrolOutcome *) data)->outcome));
}

static char *
subject_text (gpointer data)
{
  return g_strdup (((SlEnrolOutcome *) data)->external_id);
}

static char *
path_text (gpointer data)
{
  SlEnrolOutcome *o = data;

  return o->line > 0 ? g_strdup_printf (_("%s (line %u)"), o->path, o->line) : g_strdup (o->path);
}

static char *
detail_text (gpointer data)
{
  return g_strdup (((SlEnrolOutcome *) data)->detail);
}

static gboolean
filter_outcome (gpointer item,
                gpointer user_data)
{
  SlEnrolDialog *self = user_data;
  SlEnrolOutcome *o = sl_admin_item_get_data (item);

  return self->shown_outcome < 0 || (int) o->outcome == self->shown_outcome;
}

static void
show_summary (SlEnrolDialog *self)
{
  SlEnrolSummary *s = self->summary;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *all = NULL;

  if (s->interrupted)
    g_string_append_printf (text, _("Cancelled after %u of %u images; what was enrolled is kept. "),
                            s->processed, s->total);
  else
    g_string_append_printf (text, ngettext ("%u image processed", "%u images processed", s->processed),
                            s->processed);
  g_string_append_printf (text, _(" in %.1f s: %u enrolled, %u new subjects."), s->wall_s,
                          s->counts[SL_ENROL_ENROLLED], s->subjects_added);
  for (guint k = SL_ENROL_ALREADY_ENROLLED, n = 0; k < SL_ENROL_N_OUTCOMES; k++)
    if (s->counts[k] > 0)
      /* Translators: the outcomes other than enrolled, e.g. " Not enrolled: Unreadable 1, No face 2" */
      g_string_append_printf (text, n++ == 0 ? _(" Not enrolled: %s %u") : ", %s %u", outcome_label (k), s->counts[k]);
  gtk_label_set_text (self->summary_label, text->str);

  all = g_strdup_printf (_("All outcomes (%u)"), s->processed);
  gtk_string_list_append (choices, all);
  for (guint k = 0; k < SL_ENROL_N_OUTCOMES; k++)
    {
      g_autofree char *choice = g_strdup_printf ("%s (%u)", outcome_label (k), s->counts[k]);

      gtk_string_list_append (choices, choice);
    }
  gtk_drop_down_set_model (self->filter_dropdown, G_LIST_MODEL (choices));

  /* An interrupted run has no outcome for the images it did not reach. */
  for (guint i = 0; s->outcomes != NULL && i < s->outcomes->len; i++)
    if (g_ptr_array_index (s->outcomes, i) != NULL)
      g_ptr_array_add (items, sl_admin_item_new (g_ptr_array_index (s->outcomes, i), NULL));
  g_list_store_splice (self->outcomes, 0, 0, items->pdata, items->len);
  gtk_widget_set_visible (GTK_WIDGET (self->outcomes_box), TRUE);
}

/* callbacks */

static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  SlEnrolDialog *self = user_data;
  g_autofree char *text = NULL;

  /* Closed while it ran: the last reports may still arrive. */
  if (self->progress_bar == NULL)
    return;
  text = g_strdup_printf (_("%u of %u images"), done, total);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
on_enrolled (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlEnrolDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  self->summary = sl_engine_gallery_enrol_finish (SL_ENGINE (source), result, &error);
  g_clear_object (&self->cancellable);
  /* Closed while it ran: its widgets are gone, not its context. */
  if (self->context == NULL)
    return;
  sl_app_context_changed (self->context, "galleries");
  sl_app_context_changed (self->context, "audit");
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), TRUE);
  if (self->summary == NULL)
    {
      gtk_label_set_text (self->summary_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "error");
      return;
    }
  gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
  show_summary (self);
  message = g_strdup_printf (_("Enrolment into '%s' finished: %u enrolled"), self->gallery,
                             self->summary->counts[SL_ENROL_ENROLLED]);
  sl_app_context_toast (self->context, message);
}

static void
on_filter_selected (SlEnrolDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  self->shown_outcome = selected == 0 || selected == GTK_INVALID_LIST_POSITION ? -1 : (int) selected - 1;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlEnrolDialog *self = SL_ENROL_DIALOG (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static gboolean
on_close_request (GtkWindow *window)
{
  SlEnrolDialog *self = SL_ENROL_DIALOG (window);

  /* Closing while it runs stops it, as Cancel does. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  return FALSE;
}

/* overrides */

static void
sl_enrol_dialog_dispose (GObject *object)
{
  SlEnrolDialog *self = SL_ENROL_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  /* The enrolment (if it still runs) changed the galleries all the same. */
  if (self->context != NULL && self->cancellable != NULL)
    sl_app_context_changed (self->context, "galleries");
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_ENROL_DIALOG);
  g_clear_object (&self->outcomes);
  g_clear_object (&self->filter);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (sl_enrol_dialog_parent_class)->dispose (object);
}

static void
sl_enrol_dialog_finalize (GObject *object)
{
  SlEnrolDialog *self = SL_ENROL_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->summary, sl_enrol_summary_free);
  g_free (self->gallery);

  G_OBJECT_CLASS (sl_enrol_dialog_parent_class)->finalize (object);
}

/* class_init / init */

static void
sl_enrol_dialog_class_init (SlEnrolDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_enrol_dialog_dispose;
  object_class->finalize = sl_enrol_dialog_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = on_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-enrol-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlEnrolDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlEnrolDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SlEnrolDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, SlEnrolDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SlEnrolDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SlEnrolDialog, outcomes_box);
  gtk_widget_class_bind_template_child (widget_class, SlEnrolDialog, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlEnrolDialog, outcomes_view);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_selected);

  gtk_widget_class_install_action (widget_class, "enrol.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_enrol_dialog_init (SlEnrolDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->shown_outcome = -1;
  self->filter = gtk_custom_filter_new (filter_outcome, self, NULL);
  sl_admin_add_text_column (self->outcomes_view, _("Outcome"), outcome_text, FALSE);
  sl_admin_add_text_column (self->outcomes_view, _("Subject"), subject_text, FALSE);
  sl_admin_add_text_column (self->outcomes_view, _("Image"), path_text, TRUE);
  sl_admin_add_text_column (self->outcomes_view, _("Why"), detail_text, TRUE);
  self->outcomes = sl_admin_wrap (self->outcomes_view, GTK_FILTER (self->filter));
}

/* public API */

GtkWidget *
sl_enrol_dialog_new (SlAppContext *context,
                     const char   *gallery,
                     GFile        *dir,
                     GFile        *csv)
{
  SlEnrolDialog *self;
  g_autofree char *dir_path = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *title = NULL;
  g_autofree char *shown = NULL;
  SlEnrolOptions options = { 0 };

  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);
  g_return_val_if_fail (gallery != NULL, NULL);
  g_return_val_if_fail ((dir == NULL) != (csv == NULL), NULL);

  self = g_object_new (SL_TYPE_ENROL_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->gallery = g_strdup (gallery);
  self->cancellable = g_cancellable_new ();

  options.dir = dir_path = dir != NULL ? g_file_get_path (dir) : NULL;
  options.csv = csv_path = csv != NULL ? g_file_get_path (csv) : NULL;
  options.progress = on_progress;
  options.progress_data = self;
  shown = g_filename_display_name (dir_path != NULL ? dir_path : csv_path);
  title = g_strdup_printf (_("Enrolling into '%s'"), gallery);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, shown);
  gtk_progress_bar_set_text (self->progress_bar, _("Reading the list…"));

  /* The callback's reference keeps progress_data alive while it runs. */
  sl_engine_gallery_enrol_async (sl_app_context_get_engine (context), sl_app_context_get_session (context),
                                 gallery, &options, self->cancellable, on_enrolled, g_object_ref (self));
  return GTK_WIDGET (self);
}

gboolean
sl_enrol_dialog_is_running (SlEnrolDialog *self)
{
  g_return_val_if_fail (SL_IS_ENROL_DIALOG (self), FALSE);

  return self->cancellable != NULL;
}

const SlEnrolSummary *
sl_enrol_dialog_get_summary (SlEnrolDialog *self)
{
  g_return_val_if_fail (SL_IS_ENROL_DIALOG (self), NULL);

  return self->summary;
}

void
sl_enrol_dialog_set_filter (SlEnrolDialog *self,
                            int            outcome)
{
  g_return_if_fail (SL_IS_ENROL_DIALOG (self));

  gtk_drop_down_set_selected (self->filter_dropdown, outcome < 0 ? 0 : (guint) outcome + 1);
}

guint
sl_enrol_dialog_get_n_shown (SlEnrolDialog *self)
{
  g_return_val_if_fail (SL_IS_ENROL_DIALOG (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (self->outcomes_view)));
}
