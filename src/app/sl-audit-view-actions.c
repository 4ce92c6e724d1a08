/* sl-audit-view-actions.c: what the Audit view does: verify the chain
 * (in a worker, with progress and Cancel), export the rows shown, focus
 * the search, clear the filters, write the accountability report.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-audit-view"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-audit-view-private.h"

/* helpers */

static void
set_verifying (SlAuditView *self,
               gboolean     verifying)
{
  gtk_widget_set_visible (GTK_WIDGET (self->verify_progress), verifying);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_verify_button), verifying);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.verify", !verifying);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.cancel-verify", verifying);
  if (verifying)
    {
      gtk_progress_bar_set_fraction (self->verify_progress, 0);
      gtk_progress_bar_set_text (self->verify_progress, _("Verifying…"));
      gtk_image_set_from_icon_name (self->chain_icon, "content-loading-symbolic");
      gtk_label_set_text (self->chain_label, _("Verifying the chain…"));
    }
}

static void
show_chain (SlAuditView               *self,
            const SlAuditVerifyResult *r)
{
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->chain_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->chain_label), "success");
  if (r->problem == SL_AUDIT_INTACT)
    {
      /* Translators: the last audit row checked; the head shown beside
       * it may be later (the check itself is a new row) */
      text = g_strdup_printf (_("Chain intact up to row %'lld"), (long long) r->head_seq);
      gtk_image_set_from_icon_name (self->chain_icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->chain_label), "success");
    }
  else
    {
      if (r->bad_seq > 0)
        /* Translators: the first audit row that does not verify, and why */
        text = g_strdup_printf (_("Problem at row %lld: %s"), (long long) r->bad_seq, r->message);
      else
        text = g_strdup_printf (_("Problem: %s"), r->message);
      gtk_image_set_from_icon_name (self->chain_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->chain_label), "error");
    }
  gtk_label_set_text (self->chain_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->chain_label), r->message);
}

/* callbacks */

static void
on_verify_progress (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  SlAuditView *self = user_data;
  g_autofree char *text = NULL;

  if (total == 0 || self->context == NULL)
    return;
  gtk_progress_bar_set_fraction (self->verify_progress, (double) done / total);
  /* Translators: rows of the audit log checked so far, of all of them */
  text = g_strdup_printf (_("%'llu of %'llu rows"), (unsigned long long) done, (unsigned long long) total);
  gtk_progress_bar_set_text (self->verify_progress, text);
}

static void
on_verify_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SlAuditView) self = user_data;
  g_autoptr(GError) error = NULL;
  SlAuditVerifyResult r = { 0 };

  if (self->context == NULL)
    return;
  g_clear_object (&self->verify_cancellable);
  set_verifying (self, FALSE);
  if (!sl_engine_audit_verify_finish (SL_ENGINE (source), result, &r, &error))
    {
      gtk_image_set_from_icon_name (self->chain_icon, "dialog-question-symbolic");
      gtk_label_set_text (self->chain_label,
                          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                          ? _("Verification cancelled") : _("Chain not verified"));
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sl_app_context_error (self->context, _("Cannot verify the audit log"), error);
      return;
    }
  show_chain (self, &r);
  _sl_audit_view_show_head (self, r.head_seq, r.head_hash);
  sl_audit_verify_result_clear (&r);
  /* The check itself is a new row. */
  sl_app_context_changed (self->context, "audit");
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlAuditView *self = SL_AUDIT_VIEW (widget);
  SlSession *session = sl_app_context_get_session (self->context);

  if (session == NULL || self->verify_cancellable != NULL)
    return;
  self->verify_cancellable = g_cancellable_new ();
  set_verifying (self, TRUE);
  sl_engine_audit_verify_async (sl_app_context_get_engine (self->context), session, 0, NULL,
                                on_verify_progress, self, self->verify_cancellable, on_verify_done,
                                g_object_ref (self));
}

static void
cancel_verify_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SlAuditView *self = SL_AUDIT_VIEW (widget);

  if (self->verify_cancellable != NULL)
    g_cancellable_cancel (self->verify_cancellable);
}

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SlAuditView) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  if (self->context == NULL)
    return;
  if (!sl_engine_audit_export_file_finish (SL_ENGINE (source), result, &n, &error))
    {
      sl_app_context_error (self->context, _("Cannot export the audit log"), error);
      return;
    }
  {
    /* Translators: %'lld is a number of rows */
    g_autofree char *text = g_strdup_printf (ngettext ("Exported %'lld audit row", "Exported %'lld audit rows", n),
                                             (long long) n);
    sl_app_context_toast (self->context, text);
  }
  sl_app_context_changed (self->context, "audit");
}

static void
on_chooser_response (SlAuditView *self,
                     int          response,
                     GtkNativeDialog *dialog)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;
  SlSession *session = sl_app_context_get_session (self->context);
  GtkFileFilter *chosen;
  SlAuditFormat format = SL_AUDIT_FORMAT_CSV;

  if (response != GTK_RESPONSE_ACCEPT || session == NULL ||
      !(file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))))
    return;
  name = g_file_get_basename (file);
  chosen = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
  /* The name's extension decides; without one, the chosen file type. */
  if (g_str_has_suffix (name, ".json") ||
      (!g_str_has_suffix (name, ".csv") && chosen != NULL &&
       g_strcmp0 (g_object_get_data (G_OBJECT (chosen), "format"), "json") == 0))
    format = SL_AUDIT_FORMAT_JSON;
  sl_engine_audit_export_file_async (sl_app_context_get_engine (self->context), session,
                                     sl_audit_model_get_filter (self->model), format, file, NULL,
                                     on_export_done, g_object_ref (self));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlAuditView *self = SL_AUDIT_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileFilter *csv = gtk_file_filter_new ();
  GtkFileFilter *json = gtk_file_filter_new ();

  if (self->model == NULL)
    return;
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export Audit Rows"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (csv, _("CSV (spreadsheets)"));
  gtk_file_filter_add_suffix (csv, "csv");
  g_object_set_data (G_OBJECT (csv), "format", (gpointer) "csv");
  gtk_file_filter_set_name (json, _("JSON"));
  gtk_file_filter_add_suffix (json, "json");
  g_object_set_data (G_OBJECT (json), "format", (gpointer) "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), json);
  g_object_unref (csv);
  g_object_unref (json);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "audit-log.csv");
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_accountability_done (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(SlAuditView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sl_engine_accountability_write_finish (SL_ENGINE (source), result, &error))
    sl_app_context_error (self->context, _("Cannot write the accountability report"), error);
  else
    {
      sl_app_context_toast (self->context, _("Accountability report written"));
      sl_app_context_changed (self->context, "audit");
    }
}

/* The period of the filters when they name one, else the last year. */
static void
write_accountability (SlAuditView *self,
                      const char  *path)
{
  SlSession *session = sl_app_context_get_session (self->context);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) year_ago = g_date_time_add_years (now, -1);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *from = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->from_entry))));
  g_autofree char *to = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->to_entry))));

  if (session == NULL)
    return;
  if (*from == '\0')
    {
      g_free (from);
      from = g_date_time_format (year_ago, "%Y-%m-%d");
    }
  if (*to == '\0')
    {
      g_free (to);
      to = g_date_time_format (tomorrow, "%Y-%m-%d");
    }
  sl_engine_accountability_write_async (sl_app_context_get_engine (self->context), session, from, to, path, NULL,
                                        on_accountability_done, g_object_ref (self));
}

static void
on_accountability_chosen (SlAuditView     *self,
                          int              response,
                          GtkNativeDialog *dialog)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) &&
      (path = g_file_get_path (file)))
    write_accountability (self, path);
}

static void
accountability_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SlAuditView *self = SL_AUDIT_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Accountability Report"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Write"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("accountability-report.pdf"));
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_accountability_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
accountability_to_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  write_accountability (SL_AUDIT_VIEW (widget), g_variant_get_string (parameter, NULL));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SlAuditView *self = SL_AUDIT_VIEW (widget);

  gtk_stack_set_visible_child_name (self->pages, "log");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SlAuditView *self = SL_AUDIT_VIEW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->user_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->case_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), "");
  gtk_drop_down_set_selected (self->action_dropdown, 0);
  gtk_drop_down_set_selected (self->outcome_dropdown, 0);
  /* Its search-changed applies the filter. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_activate (GTK_WIDGET (self->user_entry));
}

/* private API */

void
_sl_audit_view_show_head (SlAuditView *self,
                          gint64       seq,
                          const char  *hash)
{
  g_autofree char *text = NULL;

  if (hash == NULL || seq <= 0)
    {
      gtk_label_set_text (self->head_label, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->head_label), NULL);
      return;
    }
  /* Translators: the last row of the audit log: its number and the start of its hash */
  text = g_strdup_printf (_("Head: row %'lld · %.16s…"), (long long) seq, hash);
  gtk_label_set_text (self->head_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->head_label), hash);
}

void
_sl_audit_view_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "audit.verify", NULL, verify_action);
  gtk_widget_class_install_action (widget_class, "audit.cancel-verify", NULL, cancel_verify_action);
  gtk_widget_class_install_action (widget_class, "audit.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "audit.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "audit.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "audit.accountability-report", NULL, accountability_action);
  gtk_widget_class_install_action (widget_class, "audit.accountability-report-to", "s", accountability_to_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "audit.focus-search", NULL);
}
