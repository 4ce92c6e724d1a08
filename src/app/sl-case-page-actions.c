/* sl-case-page-actions.c: the case.* actions of the case page: importing
 * (files, a drop, a URL), analysing, cancelling, the evidence viewer and
 * the case report, recording the outcome of a confirmed lead; and their
 * keyboard shortcuts.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-case-page-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-case-page-private.h"
#include "app/sl-persons-window.h"
#include "engine/sightline-engine.h"

typedef struct
{
  guint            key;
  GdkModifierType  mods;
  const char      *action;
} Shortcut;

/* Active wherever the focus is while the page is on screen. */
static const Shortcut shortcuts[] = {
  { GDK_KEY_o,      GDK_CONTROL_MASK,                  "case.import-files" },
  { GDK_KEY_l,      GDK_CONTROL_MASK,                  "case.import-url" },
  { GDK_KEY_a,      GDK_CONTROL_MASK | GDK_SHIFT_MASK, "case.analyse-all" },
  { GDK_KEY_e,      GDK_CONTROL_MASK,                  "case.export-report" },
  { GDK_KEY_p,      GDK_CONTROL_MASK | GDK_SHIFT_MASK, "case.show-persons" },
  { GDK_KEY_Left,   GDK_ALT_MASK,                      "case.back" },
  { GDK_KEY_Escape, 0,                                 "case.back" },
};

/* helpers */

static SlSession *
session_of (SlCasePage *self)
{
  return sl_app_context_get_session (self->context);
}

static gboolean
may (SlCasePage *self,
     SlPermission    action)
{
  SlSession *session = session_of (self);

  return session != NULL && sl_session_may (session, action);
}

static GtkWindow *
parent_window (SlCasePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
write_report (SlCasePage *self,
              const char *path);

/* callbacks */

static gboolean
on_shortcut (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  SlCasePage *self = SL_CASE_PAGE (widget);
  const char *action = user_data;
  gboolean on_viewer = g_strcmp0 (gtk_stack_get_visible_child_name (self->page_stack), "viewer") == 0;

  /* Another view is showing, or there is nothing to go back from: the key
   * is someone else's. */
  if (!gtk_widget_get_mapped (widget) || self->case_number == NULL ||
      (g_str_equal (action, "case.back") && !on_viewer))
    return FALSE;
  return gtk_widget_activate_action (widget, action, NULL);
}

static void
on_files_chosen (GtkNativeDialog *dialog,
                 int              response,
                 SlCasePage      *self)
{
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_free);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);

          g_ptr_array_add (sources, path != NULL ? path : g_file_get_uri (file));
        }
      g_ptr_array_add (sources, NULL);
      sl_case_page_import (self, (const char * const *) sources->pdata);
    }
  g_clear_object (&self->chooser);
}

static void
on_report_file_chosen (GtkNativeDialog *dialog,
                       int              response,
                       SlCasePage      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        write_report (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
on_report_written (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SlAppContext) context = user_data;
  g_autoptr(GError) error = NULL;
  SlReportSummary summary = { 0 };

  if (!sl_engine_report_write_finish (SL_ENGINE (source_object), result, &summary, &error))
    sl_app_context_error (context, _("Cannot write the case report"), error);
  else
    {
      g_autofree char *display = g_filename_display_name (summary.path);
      /* Translators: where the report was written */
      g_autofree char *message = g_strdup_printf (_("Report written to %s"), display);

      sl_app_context_toast_file (context, message, summary.path);
      sl_app_context_changed (context, "audit");
    }
  sl_report_summary_clear (&summary);
}

static void
on_url_response (AdwMessageDialog *dialog,
                 const char       *response,
                 SlCasePage       *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  const char *sources[] = { url, NULL };

  if (g_str_equal (response, "import") && *url != '\0')
    sl_case_page_import (self, sources);
}

static void
on_url_entry_changed (GtkEditable      *entry,
                      AdwMessageDialog *dialog)
{
  const char *text = gtk_editable_get_text (entry);

  adw_message_dialog_set_response_enabled (dialog, "import", text != NULL && *text != '\0');
}

static void
on_outcome_response (AdwMessageDialog *dialog,
                     const char       *response,
                     SlCasePage       *self)
{
  GtkDropDown *kinds = g_object_get_data (G_OBJECT (dialog), "kinds");
  GtkEditable *note = g_object_get_data (G_OBJECT (dialog), "note");
  gint64 lead = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "lead"));
  guint kind = gtk_drop_down_get_selected (kinds);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "record") || kind >= SL_N_OUTCOMES)
    return;
  if (!sl_engine_outcome_record (sl_app_context_get_engine (self->context), session_of (self), lead,
                                 sl_outcome_kind_to_string ((SlOutcomeKind) kind),
                                 gtk_editable_get_text (note), NULL, &error))
    {
      sl_app_context_error (self->context, _("Cannot record the outcome"), error);
      return;
    }
  sl_app_context_toast (self->context, _("Outcome recorded"));
  sl_app_context_changed (self->context, "audit");
  _sl_case_page_reload_leads (self);
}

static void
on_outcome_note_changed (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "record", *text != '\0');
}

/* actions */

static void
write_report (SlCasePage *self,
              const char *path)
{
  sl_engine_report_write_async (sl_app_context_get_engine (self->context), session_of (self),
                                self->case_number, path, NULL, on_report_written,
                                g_object_ref (self->context));
}

static void
import_files_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SlCasePage *self = SL_CASE_PAGE (widget);
  g_autoptr(GtkFileFilter) media = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Import Evidence"), parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_file_filter_set_name (media, _("Stills and Footage"));
  gtk_file_filter_add_mime_type (media, "image/*");
  gtk_file_filter_add_mime_type (media, "video/*");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), media);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_files_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
import_paths_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  /* Byte strings: a path need not be UTF-8. */
  g_autofree const char **sources = g_variant_get_bytestring_array (parameter, NULL);

  sl_case_page_import (SL_CASE_PAGE (widget), sources);
}

static void
import_url_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SlCasePage *self = SL_CASE_PAGE (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  dialog = adw_message_dialog_new (parent_window (self), _("Import from URL"),
                                   _("The file is downloaded over https, hashed and stored with the "
                                     "case. Only https addresses are accepted."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "https://");
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_URL);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "import", FALSE);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (on_url_entry_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_url_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* A new record for the lead whose candidate id is the parameter: it
 * supersedes the one in force, which stays in the history. */
static void
record_outcome_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SlCasePage *self = SL_CASE_PAGE (widget);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *kinds;
  GtkWidget *note;

  for (guint i = 0; i < SL_N_OUTCOMES; i++)
    gtk_string_list_append (names, sl_outcome_kind_describe ((SlOutcomeKind) i));
  dialog = adw_message_dialog_new (parent_window (self), _("Record Outcome"),
                                   _("What happened after this lead, for the record. A lead alone is never "
                                     "grounds for arrest. A recorded outcome is never changed: a new one "
                                     "supersedes it and both stay in the case's history."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  kinds = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (kinds), SL_OUTCOME_UNKNOWN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (kinds), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Outcome"), -1);
  note = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("What happened, and on what evidence"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (note), TRUE);
  gtk_box_append (GTK_BOX (box), kinds);
  gtk_box_append (GTK_BOX (box), note);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "record", FALSE);
  gtk_widget_set_name (dialog, "record-outcome-dialog");
  g_object_set_data (G_OBJECT (dialog), "kinds", kinds);
  g_object_set_data (G_OBJECT (dialog), "note", note);
  g_object_set_data (G_OBJECT (dialog), "lead", GSIZE_TO_POINTER ((gsize) g_variant_get_int64 (parameter)));
  g_signal_connect (note, "changed", G_CALLBACK (on_outcome_note_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_outcome_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (note);
}

static gboolean
is_footage (SlEvidenceItem *item)
{
  return sl_evidence_item_get_evidence (item)->kind == SL_EVIDENCE_FOOTAGE;
}

/* Whether the policy asks why footage is analysed (footage-analysis-
 * justification); the engine has the last word either way. */
static gboolean
footage_needs_justification (SlCasePage *self)
{
  g_autoptr(SlPolicy) policy = sl_engine_policy_get (sl_app_context_get_engine (self->context),
                                                     sl_app_context_get_session (self->context), NULL);

  return policy != NULL && policy->footage_justification;
}

static void
queue_all (SlCasePage *self,
           GPtrArray  *items,
           const char *person_sought,
           const char *facts)
{
  for (guint i = 0; i < items->len; i++)
    {
      SlEvidenceItem *item = g_ptr_array_index (items, i);
      gboolean footage = is_footage (item);

      sl_analysis_queue_add (self->analyses, self->case_number, item, footage ? person_sought : NULL,
                             footage ? facts : NULL);
    }
}

static void
on_justification_changed (AdwMessageDialog *dialog)
{
  GtkEditable *person = g_object_get_data (G_OBJECT (dialog), "person");
  GtkEditable *facts = g_object_get_data (G_OBJECT (dialog), "facts");

  adw_message_dialog_set_response_enabled (dialog, "analyse", *gtk_editable_get_text (person) != '\0' &&
                                                              *gtk_editable_get_text (facts) != '\0');
}

static void
on_justification_response (AdwMessageDialog *dialog,
                           const char       *response,
                           SlCasePage       *self)
{
  GPtrArray *items = g_object_get_data (G_OBJECT (dialog), "items");

  if (!g_str_equal (response, "analyse"))
    return;
  queue_all (self, items,
             gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "person")),
             gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "facts")));
}

/* Analyses items; when footage is among them and the policy asks, first
 * asks whom the analysis looks for and the facts, as a search does. */
static void
analyse_items (SlCasePage *self,
               GPtrArray  *items)
{
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *person;
  GtkWidget *facts;
  gboolean any_footage = FALSE;

  for (guint i = 0; i < items->len; i++)
    any_footage |= is_footage (g_ptr_array_index (items, i));
  if (!any_footage || !footage_needs_justification (self))
    {
      queue_all (self, items, NULL, NULL);
      return;
    }

  dialog = adw_message_dialog_new (parent_window (self), _("Why Analyse This Footage?"),
                                   _("The policy asks, as for a search, whom the analysis of stored footage "
                                     "looks for and the articulable facts. Both are recorded in the audit "
                                     "with the analysis."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  person = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (person), _("Person sought, e.g. the man who took the till"));
  facts = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (facts), _("Articulable facts"));
  gtk_widget_set_name (person, "person_sought_entry");
  gtk_widget_set_name (facts, "facts_entry");
  gtk_box_append (GTK_BOX (box), person);
  gtk_box_append (GTK_BOX (box), facts);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "analyse", _("_Analyse"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "analyse", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "analyse", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "person", person);
  g_object_set_data (G_OBJECT (dialog), "facts", facts);
  g_object_set_data_full (G_OBJECT (dialog), "items", g_ptr_array_ref (items), (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_swapped (person, "changed", G_CALLBACK (on_justification_changed), dialog);
  g_signal_connect_swapped (facts, "changed", G_CALLBACK (on_justification_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_justification_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (person);
}

static void
analyse_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SlCasePage *self = SL_CASE_PAGE (widget);
  SlEvidenceItem *item = _sl_case_page_find_item (self, g_variant_get_int64 (parameter));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (item == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  g_ptr_array_add (items, g_object_ref (item));
  analyse_items (self, items);
}

static void
analyse_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlCasePage *self = SL_CASE_PAGE (widget);
  GListModel *model = G_LIST_MODEL (self->evidence);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SlEvidenceItem) item = g_list_model_get_item (model, i);

      if (sl_evidence_item_get_n_faces (item) < 0 && sl_evidence_item_get_n_tracks (item) < 0)
        g_ptr_array_add (items, g_steal_pointer (&item));
    }
  if (items->len > 0)
    analyse_items (self, items);
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  sl_import_queue_cancel (SL_CASE_PAGE (widget)->imports);
}

static void
cancel_analysis_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  sl_analysis_queue_cancel (SL_CASE_PAGE (widget)->analyses);
}

static void
open_evidence_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SlCasePage *self = SL_CASE_PAGE (widget);
  SlEvidenceItem *item = _sl_case_page_find_item (self, g_variant_get_int64 (parameter));

  if (item != NULL)
    _sl_case_page_open_item (self, item);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlCasePage *self = SL_CASE_PAGE (widget);

  gtk_stack_set_visible_child_name (self->page_stack, "evidence");
  _sl_case_page_update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid_view));
}

static void
export_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SlCasePage *self = SL_CASE_PAGE (widget);
  g_autofree char *name = NULL;

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Export Case Report"), parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  /* Translators: the default file name of a case report; %s is the case number */
  name = g_strdup_printf (_("case-%s-report.pdf"), self->case_number);
  g_strdelimit (name, "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_report_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
export_report_to_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  write_report (SL_CASE_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
show_persons_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SlCasePage *self = SL_CASE_PAGE (widget);

  if (self->case_number != NULL)
    gtk_window_present (sl_persons_window_new (self->context, parent_window (self), self->case_number));
}

/* private API */

void
_sl_case_page_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "case.import-files", NULL, import_files_action);
  gtk_widget_class_install_action (widget_class, "case.import-paths", "aay", import_paths_action);
  gtk_widget_class_install_action (widget_class, "case.import-url", NULL, import_url_action);
  gtk_widget_class_install_action (widget_class, "case.analyse", "x", analyse_action);
  gtk_widget_class_install_action (widget_class, "case.analyse-all", NULL, analyse_all_action);
  gtk_widget_class_install_action (widget_class, "case.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "case.cancel-analysis", NULL, cancel_analysis_action);
  gtk_widget_class_install_action (widget_class, "case.open-evidence", "x", open_evidence_action);
  gtk_widget_class_install_action (widget_class, "case.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "case.export-report", NULL, export_report_action);
  gtk_widget_class_install_action (widget_class, "case.export-report-to", "s", export_report_to_action);
  gtk_widget_class_install_action (widget_class, "case.record-outcome", "x", record_outcome_action);
  gtk_widget_class_install_action (widget_class, "case.show-persons", NULL, show_persons_action);
}

void
_sl_case_page_add_shortcuts (SlCasePage *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].key,
                                                                                    shortcuts[i].mods),
                                                            gtk_callback_action_new (on_shortcut,
                                                                                     (gpointer) shortcuts[i].action,
                                                                                     NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

void
_sl_case_page_update_actions (SlCasePage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_case = self->case_number != NULL && session_of (self) != NULL;
  gboolean open = has_case && !self->closed;
  gboolean on_viewer = g_strcmp0 (gtk_stack_get_visible_child_name (self->page_stack), "viewer") == 0;
  gboolean may_import = open && may (self, SL_PERMISSION_EVIDENCE_IMPORT);
  gboolean may_analyse = open && may (self, SL_PERMISSION_ANALYSE);
  gboolean any = self->evidence != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->evidence)) > 0;

  gtk_widget_action_set_enabled (widget, "case.record-outcome", has_case && may (self, SL_PERMISSION_DECIDE));
  gtk_widget_action_set_enabled (widget, "case.import-files", may_import && !on_viewer);
  gtk_widget_action_set_enabled (widget, "case.import-paths", may_import);
  gtk_widget_action_set_enabled (widget, "case.import-url", may_import && !on_viewer);
  gtk_widget_action_set_enabled (widget, "case.analyse", may_analyse);
  gtk_widget_action_set_enabled (widget, "case.analyse-all", may_analyse && any && !on_viewer);
  gtk_widget_action_set_enabled (widget, "case.cancel-import",
                                 self->imports != NULL &&
                                 sl_work_queue_get_busy (SL_WORK_QUEUE (self->imports)));
  gtk_widget_action_set_enabled (widget, "case.cancel-analysis",
                                 self->analyses != NULL &&
                                 sl_work_queue_get_busy (SL_WORK_QUEUE (self->analyses)));
  gtk_widget_action_set_enabled (widget, "case.open-evidence", has_case);
  gtk_widget_action_set_enabled (widget, "case.back", on_viewer);
  gtk_widget_action_set_enabled (widget, "case.show-persons", has_case && may (self, SL_PERMISSION_SEARCH));
  gtk_widget_action_set_enabled (widget, "case.export-report",
                                 has_case && may (self, SL_PERMISSION_REPORT) && !on_viewer);
  gtk_widget_action_set_enabled (widget, "case.export-report-to", has_case && may (self, SL_PERMISSION_REPORT));
}
