/* sl-audit-view.c: the Audit view: the whole audit log for supervisors, in
 * a virtualised list that a filter narrows in a worker; the chain's state
 * and head on top; a search's row opens its detail.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-audit-view"

#include "config.h"

#include <glib/gi18n.h>

#include "app/sl-audit-columns.h"
#include "app/sl-audit-overview.h"
#include "app/sl-audit-row.h"
#include "app/sl-audit-view-private.h"
#include "app/sl-format.h"
#include "app/sl-search-detail.h"

G_DEFINE_FINAL_TYPE (SlAuditView, sl_audit_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The action dropdown's choices: an action's first word matches it and
 * every "word.*" action. Not translated: they are what the log says. */
static const char *const action_choices[] = {
  "sign-in", "case", "evidence", "search", "candidate", "review", "report", "audit", "policy", "user",
  "gallery", "model", "store", NULL,
};
static const char *const outcome_choices[] = { "success", "refused", "failed", NULL };

/* helpers */

static char *
entry_text (GtkEditable *editable)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (editable));

  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static char *
dropdown_choice (GtkDropDown       *dropdown,
                 const char *const *choices)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  /* 0 is "any". */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return g_strdup (choices[selected - 1]);
}

static void
update_count (SlAuditView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gint64 head = sl_audit_model_get_head_seq (self->model);
  g_autofree char *text = NULL;

  if (sl_audit_model_get_loading (self->model))
    {
      gtk_spinner_start (self->spinner);
      gtk_label_set_text (self->count_label, _("Searching the log…"));
      return;
    }
  gtk_spinner_stop (self->spinner);
  if (sl_audit_filter_is_empty (sl_audit_model_get_filter (self->model)))
    /* Translators: %'u is a number of audit rows with thousands separators */
    text = g_strdup_printf (ngettext ("%'u row", "%'u rows", n), n);
  else
    /* Translators: the rows a filter matched, out of all rows in the log */
    text = g_strdup_printf (ngettext ("%'u row of %'lld matches", "%'u rows of %'lld match", n), n,
                            (long long) head);
  gtk_label_set_text (self->count_label, text);
}

/* The choices as shown: in words when describe is given (the filter still
 * uses the stored codes, by position). */
static void
setup_dropdown (GtkDropDown       *dropdown,
                const char        *any,
                const char *const *choices,
                const char       *(*describe) (const char *code))
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, any);
  for (guint i = 0; choices[i] != NULL; i++)
    gtk_string_list_append (list, describe != NULL ? describe (choices[i]) : choices[i]);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

/* callbacks */

static void
on_filter_changed (SlAuditView *self)
{
  g_autoptr(SlAuditFilter) filter = sl_audit_filter_new ();

  if (self->model == NULL)
    return;
  filter->text = entry_text (GTK_EDITABLE (self->search_entry));
  filter->actor = entry_text (GTK_EDITABLE (self->user_entry));
  filter->case_number = entry_text (GTK_EDITABLE (self->case_entry));
  filter->action = dropdown_choice (self->action_dropdown, action_choices);
  filter->outcome = dropdown_choice (self->outcome_dropdown, outcome_choices);
  filter->time_from = entry_text (GTK_EDITABLE (self->from_entry));
  filter->time_to = entry_text (GTK_EDITABLE (self->to_entry));
  if (sl_audit_filter_equal (filter, sl_audit_model_get_filter (self->model)) && !self->stale)
    return;
  self->stale = FALSE;
  sl_audit_model_set_filter (self->model, filter);
}

static void
on_model_notify (SlAuditView *self)
{
  update_count (self);
  _sl_audit_view_show_head (self, sl_audit_model_get_head_seq (self->model),
                            sl_audit_model_get_head_hash (self->model));
}

static void
on_model_failed (SlAuditView  *self,
                 const GError *error)
{
  sl_app_context_error (self->context, _("Cannot search the audit log"), error);
  update_count (self);
}

static void
on_context_changed (SlAuditView *self)
{
  /* Nearly every action writes a row: query again when next shown, not on
   * every change. */
  self->stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->model != NULL)
    {
      self->stale = FALSE;
      sl_audit_model_reload (self->model);
    }
}

static void
on_map (SlAuditView *self)
{
  if (self->stale && self->model != NULL)
    {
      self->stale = FALSE;
      sl_audit_model_reload (self->model);
    }
}

static void
on_page_changed (SlAuditView *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->pages);
  GtkWidget *overview = adw_bin_get_child (self->overview_bin);

  /* The overview covers the period the log's filter shows. */
  if (g_strcmp0 (name, "overview") == 0 && overview != NULL)
    {
      g_autofree char *from = entry_text (GTK_EDITABLE (self->from_entry));
      g_autofree char *to = entry_text (GTK_EDITABLE (self->to_entry));

      sl_audit_overview_refresh (SL_AUDIT_OVERVIEW (overview), from, to);
    }
}

static void
show_row (SlAuditView         *self,
          const SlAuditRecord *r)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = g_strdup_printf (_("Audit Row %lld"), (long long) r->seq);
  g_autofree char *when = sl_format_time_seconds (r->time);
  g_autofree char *object = g_strjoin (" ", r->object_type != NULL ? r->object_type : "",
                                       r->object_id != NULL ? r->object_id : "", NULL);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, NULL);
  AdwPreferencesGroup *facts = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *scroller = gtk_scrolled_window_new ();

  /* The row's facts as a boxed list, like a search's detail. */
  sl_search_detail_add_fact (facts, _("Time"), when);
  sl_search_detail_add_fact (facts, _("User"), r->actor);
  sl_search_detail_add_fact (facts, _("Action"), r->action);
  sl_search_detail_add_fact (facts, _("Object"), g_strstrip (object));
  sl_search_detail_add_fact (facts, _("Case"), r->case_number);
  sl_search_detail_add_fact (facts, _("Outcome"), sl_format_audit_outcome (r->outcome));
  sl_search_detail_add_fact (facts, _("Details"), r->details);
  sl_search_detail_add_fact (facts, _("Hash"), r->hash);
  sl_search_detail_add_fact (facts, _("Previous hash"), r->prev_hash);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 420);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (facts));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_row_activated (SlAuditView *self,
                  guint        position)
{
  g_autoptr(SlAuditRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gint64 search_id;

  if (row == NULL || sl_audit_row_get_record (row) == NULL)
    return;
  search_id = sl_audit_row_get_search_id (row);
  if (search_id > 0)
    sl_search_detail_present (self->context, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, search_id);
  else
    show_row (self, sl_audit_row_get_record (row));
}

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
sl_audit_view_constructed (GObject *object)
{
  SlAuditView *self = SL_AUDIT_VIEW (object);
  SlSession *session = sl_app_context_get_session (self->context);
  g_autoptr(GtkSingleSelection) selection = NULL;

  G_OBJECT_CLASS (sl_audit_view_parent_class)->constructed (object);

  g_signal_connect_object (self->context, "changed", G_CALLBACK (on_context_changed), self,
                           G_CONNECT_SWAPPED);
  adw_bin_set_child (self->overview_bin, sl_audit_overview_new (self->context));
  /* The window offers this view only to those who may read the log; the
   * engine checks again on every query. */
  if (session == NULL)
    return;

  self->model = sl_audit_model_new (sl_app_context_get_engine (self->context), session);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (on_model_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::n-items", G_CALLBACK (on_model_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::head-seq", G_CALLBACK (on_model_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "failed", G_CALLBACK (on_model_failed), self, G_CONNECT_SWAPPED);

  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  /* The first query runs when the view is first shown, not at sign-in. */
  self->stale = TRUE;
  update_count (self);
}

static void
sl_audit_view_dispose (GObject *object)
{
  SlAuditView *self = SL_AUDIT_VIEW (object);

  if (self->verify_cancellable != NULL)
    g_cancellable_cancel (self->verify_cancellable);
  g_clear_object (&self->verify_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_AUDIT_VIEW);
  g_clear_object (&self->model);
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
  object_class->constructed = sl_audit_view_constructed;
  object_class->dispose = sl_audit_view_dispose;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SL_TYPE_APP_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sl-audit-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, chain_icon);
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, chain_label);
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, head_label);
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, verify_progress);
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, cancel_verify_button);
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, verify_button);
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, pages);
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, user_entry);
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, case_entry);
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, action_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, outcome_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, from_entry);
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, to_entry);
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, count_label);
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, column_view);
  gtk_widget_class_bind_template_child (widget_class, SlAuditView, overview_bin);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  _sl_audit_view_class_init_actions (widget_class);

  g_type_ensure (SL_TYPE_AUDIT_OVERVIEW);
}

static void
sl_audit_view_init (SlAuditView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  setup_dropdown (self->action_dropdown, _("Any action"), action_choices, NULL);
  setup_dropdown (self->outcome_dropdown, _("Any outcome"), outcome_choices, sl_format_audit_outcome);
  sl_audit_columns_add (self->column_view);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
  g_signal_connect_swapped (self->pages, "notify::visible-child-name", G_CALLBACK (on_page_changed), self);
  _sl_audit_view_show_head (self, 0, NULL);
}

/* public API */

GtkWidget *
sl_audit_view_new (SlAppContext *context)
{
  g_return_val_if_fail (SL_IS_APP_CONTEXT (context), NULL);

  return g_object_new (SL_TYPE_AUDIT_VIEW, "context", context, NULL);
}
